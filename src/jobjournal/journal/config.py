"""journal.toml -> Settings, with a problem (and the default) for anything that does not fit."""

from __future__ import annotations

import difflib
import re
import tomllib
from dataclasses import fields
from pathlib import Path

from jobjournal.journal.model import Problem, Settings
from jobjournal.journal.text import did_you_mean
from jobjournal.journal.times import valid_zone

CONFIG_FILE = "journal.toml"
_SETTING_NAMES = frozenset(f.name for f in fields(Settings))
_TOML_LINE = re.compile(r"\(at line (\d+), column \d+\)")


def load_settings(root: Path) -> tuple[Settings, list[Problem]]:
    path = root / CONFIG_FILE
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        return Settings(), []
    except OSError as exc:
        return Settings(), [
            Problem(CONFIG_FILE, None, f"cannot read the file ({exc.strerror}); using defaults")
        ]
    try:
        data = tomllib.loads(raw.decode("utf-8-sig"))
    except UnicodeDecodeError:
        return Settings(), [Problem(CONFIG_FILE, None, "the file is not valid UTF-8; save it as UTF-8")]
    except tomllib.TOMLDecodeError as exc:
        found = _TOML_LINE.search(str(exc))
        message = _TOML_LINE.sub("", str(exc)).strip()
        return Settings(), [
            Problem(CONFIG_FILE, int(found.group(1)) if found else None, f"malformed TOML: {message}")
        ]
    return _settings_from(data, _key_lines(raw))


def _settings_from(data: dict, lines: dict[str, int]) -> tuple[Settings, list[Problem]]:
    defaults = Settings()
    known = {f.name: f for f in fields(Settings)}
    values: dict[str, object] = {}
    problems: list[Problem] = []
    for key, value in data.items():
        line = lines.get(key)
        if key not in known:
            hint = did_you_mean(key, known)
            problems.append(Problem(CONFIG_FILE, line, f"unknown setting '{key}'{hint}", "warning"))
            continue
        if key == "stay_in_touch":
            values[key] = _cadences(value, lines, problems)
            continue
        if key == "company_aliases":
            values[key] = _company_aliases(value, lines, problems)
            continue
        if key == "timezone":
            if isinstance(value, str) and (not value.strip() or valid_zone(value.strip())):
                values[key] = value.strip()
            else:
                problems.append(Problem(CONFIG_FILE, line, _zone_problem(value)))
            continue
        if key == "interview_reminder":
            if _is_count(value):
                values[key] = value
            else:
                problems.append(
                    Problem(
                        CONFIG_FILE,
                        line,
                        "'interview_reminder' must be a whole number of minutes before an interview, "
                        "such as 60 (0: no reminder)",
                    )
                )
            continue
        if key == "weekly_goal":
            if _is_count(value) and value > 0:
                values[key] = value
            else:
                problems.append(
                    Problem(
                        CONFIG_FILE,
                        line,
                        "'weekly_goal' must be a whole number of activities a week, such as 5",
                    )
                )
            continue
        expected = type(getattr(defaults, key))
        minimum = 0 if key == "due_soon_days" else 1  # 0 days "due soon" turns that level off
        if expected is int and not (_is_count(value) and value >= minimum):
            problems.append(
                Problem(
                    CONFIG_FILE,
                    line,
                    f"'{key}' must be a whole number of days, such as {getattr(defaults, key)}",
                )
            )
        elif expected is bool and not isinstance(value, bool):
            problems.append(Problem(CONFIG_FILE, line, f"'{key}' must be true or false, without quotes"))
        elif expected is str and not isinstance(value, str):
            problems.append(Problem(CONFIG_FILE, line, f"'{key}' must be text in quotes"))
        else:
            values[key] = value
    return Settings(**values), problems


def _zone_problem(value: object) -> str:
    """What to write instead of a `timezone` this computer does not know."""
    if not isinstance(value, str):
        return "'timezone' must be a time zone's name in quotes, such as \"Europe/Berlin\""
    names = {name.lower(): name for name in _zone_names()}
    close = difflib.get_close_matches(value.strip().lower(), list(names), n=1, cutoff=0.6)
    hint = f"; did you mean '{names[close[0]]}'?" if close else "."
    return (
        f"unknown time zone '{value}'{hint} Write an IANA name such as \"Europe/Berlin\" or "
        '"America/New_York"; until then the computer\'s time zone is used'
    )


def _zone_names() -> list[str]:
    from zoneinfo import available_timezones

    return sorted(available_timezones())


def _is_count(value: object) -> bool:
    return isinstance(value, int) and not isinstance(value, bool) and value >= 0


def _cadences(table: object, lines: dict[str, int], problems: list[Problem]) -> tuple[tuple[str, int], ...]:
    """[stay_in_touch] tag = days -> (lower-case tag, days) pairs; a tag listed twice in different case keeps the shorter."""
    if not isinstance(table, dict):
        problems.append(
            Problem(
                CONFIG_FILE,
                lines.get("stay_in_touch"),
                "'stay_in_touch' must be a table of tag = days: write [stay_in_touch] on its own line, "
                "then lines such as recruiter = 30",
            )
        )
        return ()
    cadences: dict[str, int] = {}
    for tag, days in table.items():
        line = lines.get(f"stay_in_touch.{tag}", lines.get("stay_in_touch"))
        if tag in _SETTING_NAMES:
            problems.append(
                Problem(
                    CONFIG_FILE,
                    line,
                    f"'{tag}' is inside [stay_in_touch], so it reads as a tag; "
                    "move it above the [stay_in_touch] line to make it a setting",
                    "warning",
                )
            )
        if not _is_count(days) or days == 0:
            problems.append(
                Problem(
                    CONFIG_FILE, line, f"stay_in_touch: '{tag}' must be a whole number of days, such as 30"
                )
            )
            continue
        key = tag.strip().casefold()
        if key in cadences:
            problems.append(
                Problem(
                    CONFIG_FILE,
                    line,
                    f"stay_in_touch: tag '{tag}' is listed twice (tags match in any case); using the shorter cadence",
                    "warning",
                )
            )
        cadences[key] = min(days, cadences.get(key, days))
    return tuple(cadences.items())


def _company_aliases(
    table: object, lines: dict[str, int], problems: list[Problem]
) -> tuple[tuple[str, str], ...]:
    """[company_aliases] Name = "Other name" or ["Other", "Names"] -> (other name, name) pairs."""
    if not isinstance(table, dict):
        problems.append(
            Problem(
                CONFIG_FILE,
                lines.get("company_aliases"),
                "'company_aliases' must be a table: write [company_aliases] on its own line, then lines "
                'such as Alphabet = ["Google", "Google LLC"]',
            )
        )
        return ()
    pairs: list[tuple[str, str]] = []
    for name, others in table.items():
        line = lines.get(f"company_aliases.{name}", lines.get("company_aliases"))
        if name in _SETTING_NAMES:
            problems.append(
                Problem(
                    CONFIG_FILE,
                    line,
                    f"'{name}' is inside [company_aliases], so it reads as a company; "
                    "move it above the [company_aliases] line to make it a setting",
                    "warning",
                )
            )
            continue
        listed = [others] if isinstance(others, str) else others
        if not isinstance(listed, list) or not all(isinstance(o, str) and o.strip() for o in listed):
            problems.append(
                Problem(
                    CONFIG_FILE,
                    line,
                    f"company_aliases: '{name}' must be another name in quotes, or a list of them, "
                    f'such as {name} = ["Other name", "Another"]',
                )
            )
            continue
        pairs.extend((other.strip(), name.strip()) for other in listed)
    return tuple(pairs)


_HEADER = re.compile(r"\s*\[\s*([A-Za-z0-9_-]+)\s*\]")
_KEY = re.compile(r"""\s*(?:"([^"]*)"|'([^']*)'|([A-Za-z0-9_-]+))\s*=""")


def _key_lines(raw: bytes) -> dict[str, int]:
    """The line of each `key = value` (as `key`, or `table.key` below a `[table]` header) and of each header."""
    lines: dict[str, int] = {}
    table = ""
    for number, line in enumerate(raw.decode("utf-8-sig", "replace").splitlines(), start=1):
        header = _HEADER.match(line)
        if header:
            table = header.group(1)
            lines.setdefault(table, number)
            continue
        match = _KEY.match(line)
        if match:
            key = next(group for group in match.groups() if group is not None)
            lines.setdefault(f"{table}.{key}" if table else key, number)
    return lines
