"""journal.toml -> Settings, with a problem (and the default) for anything that does not fit."""

from __future__ import annotations

import re
import tomllib
from dataclasses import fields
from pathlib import Path

from jobjournal.model import Problem, Settings
from jobjournal.text import did_you_mean

CONFIG_FILE = "journal.toml"
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
        expected = type(getattr(defaults, key))
        if expected is int and (isinstance(value, bool) or not isinstance(value, int) or value < 0):
            problems.append(
                Problem(
                    CONFIG_FILE,
                    line,
                    f"'{key}' must be a whole number of days, such as {getattr(defaults, key)}",
                )
            )
        elif expected is str and not isinstance(value, str):
            problems.append(Problem(CONFIG_FILE, line, f"'{key}' must be text in quotes"))
        else:
            values[key] = value
    return Settings(**values), problems


def _key_lines(raw: bytes) -> dict[str, int]:
    """Top-level `key = value` lines; tomllib keeps no positions."""
    lines: dict[str, int] = {}
    for number, line in enumerate(raw.decode("utf-8-sig", "replace").splitlines(), start=1):
        match = re.match(r"\s*([A-Za-z0-9_-]+)\s*=", line)
        if match:
            lines.setdefault(match.group(1), number)
        elif line.lstrip().startswith("["):
            break  # keys below a [table] header are not top-level settings
    return lines
