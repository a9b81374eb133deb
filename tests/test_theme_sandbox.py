"""A journal's own templates run in Jinja2's sandbox: a shared theme cannot run commands or read files."""

from __future__ import annotations

import signal

import pytest

from conftest import TODAY
from jobjournal.site import deadline
from sitetools import run_cli

# The route a trial took from a template to the shell: a global's function's module globals.
ESCAPE = "{{ cycler.__init__.__globals__.os.popen('echo PWNED > %s; cat %s').read() }}"


@pytest.fixture
def secret(tmp_path):
    path = tmp_path / "outside" / "secret.txt"
    path.parent.mkdir()
    path.write_text("SECRET-FROM-OUTSIDE\n", "utf-8")
    return path


def build(journal, tmp_path):
    result = run_cli("build", journal.root, "-o", tmp_path / "site", "--today", TODAY.isoformat())
    assert "Traceback" not in result.output, result.output
    return result


def test_a_page_template_cannot_run_a_command_nor_read_a_file(journal, tmp_path, secret):
    journal.application("acme")
    marker = tmp_path / "ran"
    templates = journal.root / "theme" / "templates"
    templates.mkdir(parents=True)
    (templates / "index.html").write_text(
        '{% extends "base.html" %}{% block content %}<pre>'
        + ESCAPE % (marker, secret)
        + "</pre>{% endblock %}",
        "utf-8",
    )
    result = build(journal, tmp_path)
    assert not marker.exists()
    assert result.exit_code != 0
    assert (
        "theme/templates/index.html:1: theme template error: a template of the journal's theme may not reach"
        in (result.output)
    )
    site_text = "".join(p.read_text("utf-8", "replace") for p in (tmp_path / "site").rglob("*.html"))
    assert "SECRET-FROM-OUTSIDE" not in site_text


def test_a_message_template_cannot_run_a_command(journal, tmp_path, secret):
    journal.contact("jane", "## 2026-01-05 Coffee\n", email="jane@example.com")
    # Rejected lately: a feedback draft is offered for 60 days, so its message template is rendered.
    journal.application("acme", contacts="[jane]", status="rejected", applied="2026-11-10")
    marker = tmp_path / "ran"
    messages = journal.root / "theme" / "messages"
    messages.mkdir(parents=True)
    (messages / "feedback.txt").write_text("Hi {{ first_name }} " + ESCAPE % (marker, secret), "utf-8")
    result = build(journal, tmp_path)
    assert not marker.exists()
    assert (
        "theme/messages/feedback.txt:1: theme template error: a template of the journal's theme may not"
        in (result.output)
    )


def test_a_journal_template_still_reads_what_the_theme_readme_offers(journal, tmp_path):
    journal.application("acme", status="applied", applied="2026-01-05")
    templates = journal.root / "theme" / "templates"
    templates.mkdir(parents=True)
    (templates / "index.html").write_text(
        '{% extends "base.html" %}{% block content %}'
        "{% for entry in journal.applications %}<p class=mine>{{ entry.company }} {{ entry.status }}"
        " {{ entry_url(entry) }} {{ entry.applied | date }}</p>{% endfor %}{% endblock %}",
        "utf-8",
    )
    result = build(journal, tmp_path)
    assert result.exit_code == 0, result.output
    index = (tmp_path / "site" / "index.html").read_text("utf-8")
    assert '<p class=mine>Acme applied applications/acme.html <time datetime="2026-01-05">' in index


def test_a_template_may_not_change_what_every_page_shares(journal, tmp_path):
    journal.application("acme")
    templates = journal.root / "theme" / "templates"
    templates.mkdir(parents=True)
    (templates / "index.html").write_text(
        '{% extends "base.html" %}{% block content %}{{ entries.clear() }}{% endblock %}', "utf-8"
    )
    result = build(journal, tmp_path)
    assert (
        "theme/templates/index.html:1: theme template error: a template of the journal's theme may not"
        in (result.output)
    )


@pytest.mark.parametrize(
    ("text", "said"),
    [
        ('{% include "/etc/passwd" %}', "no template '/etc/passwd' in the theme"),
        ('{% include "follow-up.txt" %}', "templates that include or extend each other in a circle"),
        # Second trial of session 12: a macro calling itself was said to be templates including each other.
        ("{% macro f(n) %}{{ f(n + 1) }}{% endmacro %}{{ f(1) }}", "no end to it: a macro that calls itself"),
    ],
)
def test_a_message_template_mistake_says_what_went_wrong(journal, tmp_path, text, said):
    journal.contact("jane", "## 2026-01-05 Coffee\n", email="jane@example.com")
    journal.application("acme", contacts="[jane]", applied="2026-01-05", follow_up="2026-01-10")
    messages = journal.root / "theme" / "messages"
    messages.mkdir(parents=True)
    (messages / "follow-up.txt").write_text("Hi " + text, "utf-8")
    result = build(journal, tmp_path)
    assert said in result.output, result.output


# As good as endless for the half-second limit below (a hundred million turns, many CPU-seconds), yet it ends:
# without the limit, the test fails instead of hanging.
ENDLESS = "{% for i in range(100000) %}{% for j in range(1000) %}{% endfor %}{% endfor %}"


def test_a_template_that_never_ends_stops_the_build_naming_it(journal, tmp_path, monkeypatch):
    # Found by a trial: a loop that never ends in an own template hung `journal build` (and a watcher) for good,
    # with no word. The limit is a minute of CPU time; half a second here.
    monkeypatch.setattr(deadline, "PAGE_SECONDS", 0.5)
    journal.event("meetup", title="Meetup", date="2026-11-20")
    first = build(journal, tmp_path)
    assert first.exit_code == 0, first.output
    before = (tmp_path / "site" / "events" / "meetup.html").read_bytes()
    templates = journal.root / "theme" / "templates"
    templates.mkdir(parents=True)
    (templates / "event.html").write_text(
        '{% extends "base.html" %}\n{% block content %}\n' + ENDLESS + "\n{% endblock %}\n", "utf-8"
    )
    result = build(journal, tmp_path)
    assert result.exit_code == 1
    assert (
        "theme/templates/event.html:3: theme template error: rendering events/meetup.html took over 0.5 "
        "seconds of CPU time, so the build stopped: a loop that never ends" in result.output
    ), result.output
    assert (tmp_path / "site" / "events" / "meetup.html").read_bytes() == before  # the site as it was


def test_no_time_limit_outlives_its_page(journal, tmp_path, monkeypatch):
    """No timer outlives a page: a build after the limit was armed renders and exits normally."""
    monkeypatch.setattr(deadline, "PAGE_SECONDS", 0.5)
    journal.event("meetup", title="Meetup", date="2026-11-20")
    templates = journal.root / "theme" / "templates"
    templates.mkdir(parents=True)
    (templates / "event.html").write_text(
        '{% extends "base.html" %}{% block content %}Hi{% endblock %}', "utf-8"
    )
    assert build(journal, tmp_path).exit_code == 0
    assert signal.getitimer(signal.ITIMER_VIRTUAL) == (0.0, 0.0)
    assert signal.getsignal(signal.SIGVTALRM) in (signal.SIG_DFL, None)
