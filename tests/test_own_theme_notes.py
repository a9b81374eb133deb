"""A journal's own templates may show any entry's notes on any page: a notes edit must reach them.

Found by hand: a `theme/templates/contact.html` quoting the notes of the applications that name the
contact kept the old notes after a notes edit, in `journal build` and in watch mode, because every
page's print left other entries' notes out (right for the default templates, which show an entry's
notes on its own page only).
"""

from __future__ import annotations

from pathlib import Path

from conftest import TODAY
from jobjournal.build import build
from jobjournal.live.session import BuildSession
from sitetools import snapshot

CONTACT = """{% extends "base.html" %}
{% block content %}<h1>{{ entry.name }}</h1>
{% for a in journal.applications %}{% if entry.slug in a.contacts %}<div class="quoted">{{ a.body_html }}</div>{% endif %}{% endfor %}
{% endblock %}
"""


def make(root: Path) -> Path:
    for folder in ("applications", "contacts", "theme/templates"):
        (root / folder).mkdir(parents=True, exist_ok=True)
    (root / "theme/templates/contact.html").write_text(CONTACT, "utf-8")
    (root / "contacts/jane.md").write_text("---\nname: Jane\n---\n", "utf-8")
    (root / "applications/acme.md").write_text(
        "---\ncompany: Acme\nrole: Dev\nstatus: applied\napplied: 2026-11-01\ncontacts: [jane]\n---\nFirst note.\n",
        "utf-8",
    )
    return root


def add_note(root: Path) -> None:
    with (root / "applications/acme.md").open("a", encoding="utf-8") as file:
        file.write("\nA second note.\n")


def test_a_notes_edit_reaches_a_page_of_the_journals_own_theme_that_quotes_it(tmp_path):
    root = make(tmp_path / "journal")
    output = tmp_path / "site"
    build(root, TODAY, output, cache=True)
    add_note(root)
    build(root, TODAY, output, cache=True)
    assert "A second note." in (output / "contacts/jane.html").read_text("utf-8")
    build(root, TODAY, tmp_path / "clean", cache=True)
    assert snapshot(output) == snapshot(tmp_path / "clean")


def test_a_watcher_renders_that_page_again_too(tmp_path):
    root = make(tmp_path / "journal")
    output = tmp_path / "site"
    session = BuildSession(root, output)
    session.build(TODAY)
    add_note(root)
    session.build(TODAY, ["applications/acme.md"])
    assert "A second note." in (output / "contacts/jane.html").read_text("utf-8")
