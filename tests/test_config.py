"""journal.toml: defaults, values, and problems that keep the defaults."""

from __future__ import annotations

import pytest

from jobjournal.journal.config import load_settings
from jobjournal.journal.load import load_journal
from jobjournal.journal.model import Settings

DEFAULTS = Settings()


def settings_of(journal, toml: str) -> tuple[Settings, list[str]]:
    journal.write("journal.toml", toml)
    settings, problems = load_settings(journal.root)
    return settings, [p.format() for p in problems]


def test_defaults_without_journal_toml(journal):
    settings, problems = load_settings(journal.root)
    assert problems == []
    assert (settings.stale_after_days, settings.ghosted_after_days) == (30, 21)
    assert settings.title == "Job search journal"


def test_empty_journal_toml_gives_defaults(journal):
    assert settings_of(journal, "# nothing set yet\n") == (DEFAULTS, [])


def test_values_are_read(journal):
    settings, problems = settings_of(
        journal,
        """
        # My settings
        title = "Alex Rivera's job search"
        stale_after_days = 45
        ghosted_after_days = 14
        """,
    )
    assert problems == []
    assert settings == Settings(title="Alex Rivera's job search", stale_after_days=45, ghosted_after_days=14)


def test_settings_reach_the_loaded_journal(journal):
    journal.write("journal.toml", "stale_after_days = 10\n")
    loaded = load_journal(journal.root)
    assert loaded.settings.stale_after_days == 10
    assert loaded.settings.ghosted_after_days == 21
    assert loaded.problems == ()


def test_bom_is_fine(journal):
    (journal.root / "journal.toml").write_bytes(b'\xef\xbb\xbftitle = "Mine"\n')
    settings, problems = load_settings(journal.root)
    assert (settings.title, problems) == ("Mine", [])


@pytest.mark.parametrize(
    ("toml", "line"),
    [
        ('title = "Mine"\nstale_after_days = 3o\n', 2),
        ('title = "Mine"\n\n\nghosted_after_days =\n', 4),
        ('title = "Mine\nstale_after_days = 5\n', 1),
        ("stale_after_days = 5\nstale_after_days = 6\n", 2),
    ],
)
def test_malformed_toml_reports_the_line_and_keeps_defaults(journal, toml, line):
    settings, problems = settings_of(journal, toml)
    assert settings == DEFAULTS
    assert len(problems) == 1
    assert problems[0].startswith(f"journal.toml:{line}: malformed TOML: ")
    assert "(at line" not in problems[0]  # the position is in the prefix, not repeated


def test_malformed_toml_is_a_journal_error(journal):
    journal.write("journal.toml", "title = \n")
    journal.contact("jane")
    loaded = load_journal(journal.root)
    assert [p.format().split(": ")[0] for p in loaded.errors] == ["journal.toml:1"]
    assert [c.slug for c in loaded.contacts] == ["jane"]  # the entries still load


@pytest.mark.parametrize("value", ['"30"', "30.5", "true", "-1", "0", "[30]"])
def test_wrong_number_is_reported_and_the_default_kept(journal, value):
    settings, problems = settings_of(
        journal, f'title = "Mine"\nstale_after_days = {value}\nghosted_after_days = 9\n'
    )
    assert settings == Settings(title="Mine", stale_after_days=30, ghosted_after_days=9)
    assert len(problems) == 1
    assert problems[0].startswith("journal.toml:2: 'stale_after_days' must be a whole number of days")


def test_wrong_title_type_is_reported_and_the_default_kept(journal):
    settings, problems = settings_of(journal, "stale_after_days = 12\ntitle = 42\n")
    assert settings == Settings(stale_after_days=12)
    assert problems == ["journal.toml:2: 'title' must be text in quotes"]


def test_unknown_key_is_a_warning_with_a_suggestion(journal):
    settings, problems = settings_of(journal, 'title = "Mine"\nstale_days = 10\nghosted_after_days = 7\n')
    assert settings == Settings(title="Mine", ghosted_after_days=7)
    assert problems == [
        "journal.toml:2: warning: unknown setting 'stale_days'; did you mean 'stale_after_days'?"
    ]


def test_unknown_setting_does_not_fail_the_build(journal):
    journal.write("journal.toml", "colour = 'blue'\n")
    loaded = load_journal(journal.root)
    assert [p.severity for p in loaded.problems] == ["warning"]
    assert loaded.errors == ()


def test_non_utf8_toml_is_reported(journal):
    (journal.root / "journal.toml").write_bytes('title = "Café"\n'.encode("latin-1"))
    settings, problems = load_settings(journal.root)
    assert settings == DEFAULTS
    assert [p.format() for p in problems] == ["journal.toml: the file is not valid UTF-8; save it as UTF-8"]
