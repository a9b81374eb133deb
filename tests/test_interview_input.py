"""What `journal log --interview` takes (issue 21, trial items 10, 23 and 26): a problem quotes WHEN as
typed; trailing junk is refused; UTC and GMT+1 are offsets, another zone's abbreviation gets a hint;
a time the clocks skip is a warning (and in `journal check`); --length reads as `length:` does."""

from __future__ import annotations

import pytest

from conftest import TODAY
from jobjournal.journal.load import load_journal
from sitetools import run_cli


@pytest.fixture
def acme(journal):
    journal.write("journal.toml", 'timezone = "Europe/Berlin"\n')
    journal.application("acme", status="interviewing")
    return journal


def log(journal, when: str, *more: str):
    env = {"JOURNAL_TODAY": TODAY.isoformat()}
    return run_cli("log", "acme", "Phone", "--interview", when, *more, "-j", journal.root, env=env)


def written_at(journal) -> list[str]:
    return [i.at for i in load_journal(journal.root).applications[0].interviews]


@pytest.mark.parametrize(
    ("when", "message"),
    [
        ("2026-12-10 10:00T", "'2026-12-10 10:00T' is not a date and time"),
        ("tomorrow at 10:30", "'tomorrow at 10:30' is not a date and time"),
        ("2026-12-10 10:00 CET", "'2026-12-10 10:00 CET' names a time zone by its abbreviation (CET)"),
        (
            "2026-12-10 10:00 CEST",
            "write the offset from UTC instead, such as 10:00+01:00, or 10:00Z for UTC",
        ),
        ("2026-12-10 25:00", "'2026-12-10 25:00' is not a time of day"),
    ],
)
def test_a_time_journal_cannot_read_is_refused_quoted_as_typed(acme, when, message):
    before = (acme.root / "applications" / "acme.md").read_bytes()
    result = log(acme, when)
    assert result.exit_code == 2 and message in " ".join(result.output.split())
    assert (acme.root / "applications" / "acme.md").read_bytes() == before


def test_utc_and_gmt_with_an_offset_are_written_as_offsets(acme):
    for when in ("2026-12-10 10:00 UTC", "2026-12-11 10:00 GMT+1", "2026-12-12T10:00"):
        result = log(acme, when)
        assert result.exit_code == 0, result.output
    assert written_at(acme) == ["2026-12-10 10:00+00:00", "2026-12-11 10:00+01:00", "2026-12-12 10:00"]


def test_a_time_the_clocks_skip_is_a_warning_when_logged_and_when_checked(acme):
    result = log(acme, "2027-03-28 02:30")
    assert result.exit_code == 0
    warning = (
        "2027-03-28 02:30 does not happen in Europe/Berlin: the clocks jump over it that night "
        "(it is read as 03:30); check the time"
    )
    assert f"warning: {warning}" in result.stderr
    assert [p.format() for p in load_journal(acme.root).problems] == [
        f"applications/acme.md:7: warning: interviews: {warning}"
    ]
    autumn = log(acme, "2027-10-31 02:30")  # the hour that happens twice is a real time
    assert autumn.exit_code == 0 and "does not happen" not in autumn.output


@pytest.mark.parametrize(("length", "minutes"), [("90", 90), ("90min", 90), ("45 min", 45), ("1.5h", 90)])
def test_length_reads_as_the_length_field_does(acme, length, minutes):
    result = log(acme, "2026-12-10 10:00", "--length", length)
    assert result.exit_code == 0, result.output
    assert [i.length for i in load_journal(acme.root).applications[0].interviews] == [minutes]


def test_a_length_that_is_none_is_refused(acme):
    result = log(acme, "2026-12-10 10:00", "--length", "an hour")
    assert (
        result.exit_code == 2 and "'an hour' is not a length: write the minutes, such as 60" in result.output
    )
