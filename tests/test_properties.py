"""Property tests: whatever a journal file holds, loading reports problems and a build finishes.

Examples are derandomized (the same ones every run, in CI and locally), so a failure reproduces.
Set HYPOTHESIS_PROFILE=explore for a longer random search while working on the loader.
"""

from __future__ import annotations

import os
import shutil
from datetime import date, datetime, timedelta, timezone
from pathlib import Path

import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from jobjournal.build import build
from jobjournal.journal.load import load_journal
from jobjournal.journal.model import APPLICATION_STATUSES, KIND_FOLDERS

settings.register_profile(
    "ci",
    max_examples=40,
    deadline=None,
    derandomize=True,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)
settings.register_profile(
    "explore",
    max_examples=1000,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "ci"))

FIELDS = sorted(
    {
        "company", "role", "status", "applied", "contacts", "source", "link", "location", "salary", "tags",
        "follow_up", "history", "name", "email", "phone", "linkedin", "last_contact", "stay_in_touch_days",
        "title", "date",
    }
)  # fmt: skip

odd_dates = st.one_of(
    st.dates(min_value=date(1, 1, 1), max_value=date(9999, 12, 31)),
    st.datetimes(timezones=st.just(timezone(timedelta(hours=-11)))),
    st.sampled_from(["2026-02-30", "2026-13-01", "0000-00-00", "26-11-25", "2026-11-25T25:00", "yesterday"]),
)
scalars = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(),
    st.integers(min_value=10**30, max_value=10**60),
    st.floats(allow_nan=True, allow_infinity=True),
    st.text(max_size=40),
    st.sampled_from(
        [*APPLICATION_STATUSES, "Offer", "interviewed", "", " ", "~", "null", "yes", "no", "0x1F"]
    ),
    odd_dates,
)
values = st.recursive(
    scalars,
    lambda children: st.one_of(
        st.lists(children, max_size=5),
        st.dictionaries(st.one_of(st.text(max_size=10), st.integers()), children, max_size=5),
    ),
    max_leaves=20,
)
front_matter = st.dictionaries(
    st.one_of(st.sampled_from(FIELDS), st.text(max_size=15)), values, max_size=8
)  # fmt: skip
bodies = st.one_of(
    st.text(max_size=300),  # any unicode, NUL included
    st.lists(
        st.sampled_from(
            ["[[", "]]", "[[jane-doe]]", "[[a|b", "---", "## 2026-11-01 Call", "## 2026-02-30 x", "*", "**", "`",
             "```", "<script>", "[x](javascript:alert(1))", "![i](data:image/png;base64,AA)", "\x00", "\r\n", "\n",
             "| a |\n|---|", "- [ ] ", "> ", "&amp;", "&#0;", "\ufeff", "\u202e", "é", "名"]
        ),
        max_size=40,
    ).map("".join),
)  # fmt: skip


def dump(meta: dict) -> str:
    return yaml.safe_dump(meta, allow_unicode=True, sort_keys=False)


def write_entry(root: Path, kind: str, slug: str, text: str | bytes) -> None:
    folder = root / KIND_FOLDERS[kind]
    folder.mkdir(parents=True, exist_ok=True)
    data = text if isinstance(text, bytes) else text.encode("utf-8", "surrogatepass")
    (folder / f"{slug}.md").write_bytes(data)


def fresh(tmp_path: Path) -> Path:
    root = tmp_path / "journal"
    shutil.rmtree(root, ignore_errors=True)
    root.mkdir()
    write_entry(root, "contact", "jane-doe", "---\nname: Jane Doe\n---\n")
    return root


@given(kind=st.sampled_from(list(KIND_FOLDERS)), meta=front_matter, body=bodies)
def test_any_yaml_front_matter_loads_without_raising(tmp_path, kind, meta, body):
    root = fresh(tmp_path)
    write_entry(root, kind, "generated", f"---\n{dump(meta)}---\n{body}")
    loaded = load_journal(root)
    assert {e.slug for e in loaded.entries} <= {"generated", "jane-doe"}
    for problem in loaded.problems:
        assert problem.path == f"{KIND_FOLDERS[kind]}/generated.md"
        assert problem.message and (problem.line is None or problem.line >= 1)
    if "generated" not in {e.slug for e in loaded.entries}:
        assert loaded.errors, "an entry left out must say why"


@given(raw=st.one_of(st.text(max_size=200), st.binary(max_size=200)), body=bodies)
def test_any_text_in_the_front_matter_region_loads_without_raising(tmp_path, raw, body):
    root = fresh(tmp_path)
    text = raw if isinstance(raw, bytes) else raw.encode("utf-8", "surrogatepass")
    write_entry(
        root, "application", "generated", b"---\n" + text + b"\n---\n" + body.encode("utf-8", "surrogatepass")
    )
    loaded = load_journal(root)
    assert [e.slug for e in loaded.contacts] == ["jane-doe"]


@given(
    entries=st.lists(
        st.tuples(st.sampled_from(list(KIND_FOLDERS)), front_matter, bodies), min_size=1, max_size=4
    ),
    today=st.dates(min_value=date(1, 1, 2), max_value=date(9999, 12, 30)),
)
@settings(max_examples=12)
def test_a_build_always_finishes(tmp_path, entries, today):
    root = fresh(tmp_path)
    for index, (kind, meta, body) in enumerate(entries):
        write_entry(root, kind, f"entry-{index}", f"---\n{dump(meta)}---\n{body}")
    result = build(root, today, tmp_path / "site")
    built = {p.relative_to(tmp_path / "site").as_posix() for p in (tmp_path / "site").rglob("*.html")}
    assert "index.html" in built and "contacts/jane-doe.html" in built
    for entry in result.journal.entries:
        assert f"{entry.folder}/{entry.slug}.html" in built


@given(
    meta=st.fixed_dictionaries(
        {
            "company": st.text(min_size=1),
            "role": st.text(min_size=1),
            "status": st.sampled_from(APPLICATION_STATUSES),
        },
        optional={
            "applied": odd_dates,
            "tags": st.one_of(st.text(), st.lists(scalars)),
            "contacts": st.one_of(st.text(), st.lists(st.text())),
            "history": st.one_of(
                scalars, st.lists(st.dictionaries(st.sampled_from(["date", "status", "note"]), scalars))
            ),
            "link": st.text(),
            "follow_up": odd_dates,
        },
    )
)
def test_valid_looking_applications_are_kept_or_explained(tmp_path, meta):
    """Strings where lists belong and back, odd dates, huge numbers: the entry is built or each field is named."""
    root = fresh(tmp_path)
    write_entry(root, "application", "generated", f"---\n{dump(meta)}---\n")
    loaded = load_journal(root)
    if not loaded.applications:
        assert loaded.errors
        assert all(p.line is not None for p in loaded.errors), loaded.errors


@given(when=st.datetimes(min_value=datetime(1, 1, 1), max_value=datetime(9999, 12, 31)))
def test_any_datetime_as_applied_is_a_date(tmp_path, when):
    root = fresh(tmp_path)
    write_entry(
        root,
        "application",
        "a",
        f"---\n{dump({'company': 'A', 'role': 'R', 'status': 'applied', 'applied': when})}---\n",
    )
    [app] = load_journal(root).applications
    assert app.applied == when.date()
