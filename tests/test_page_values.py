"""What a page prints for each `{{ value }}`: escaped, and bidi controls isolated, whatever the theme.

Pages compile `{{ value }}` to one call (pagecode.escape_isolated) instead of Jinja2's
`escape(finalize(value))`: these check that it prints exactly what that did, in the default theme
and in a journal's own theme (rendered in the sandbox).
"""

from __future__ import annotations

from datetime import date

import pytest
from markupsafe import Markup, escape

from conftest import TODAY
from jobjournal.build import build
from jobjournal.site.pagecode import escape_isolated, isolated

RLO = "\u202e"


@pytest.mark.parametrize(
    "value",
    [
        "plain",
        "<b>&'\"",
        f"Engineer {RLO}<i>",
        "José",
        Markup("<time>1 Jan</time>"),
        12,
        3.5,
        None,
        True,
        date(2026, 11, 25),
        ["a", "<b>"],
    ],
)
def test_escape_isolated_prints_what_escape_of_finalize_printed(value):
    assert str(escape_isolated(value)) == str(escape(isolated(value)))


def page_with_values(journal, theme: bool) -> str:
    journal.application("acme", company=f'"Acme {RLO}<script>"', role="Engineer & Lead")
    if theme:  # a journal's own template: the sandboxed environment compiles it
        journal.write(
            "theme/templates/application.html",
            '{% extends "base.html" %}{% block content %}<h1>{{ entry.company }}|{{ entry.role }}</h1>{% endblock %}',
        )
    site = build(journal.root, TODAY).output
    return (site / "applications/acme.html").read_text("utf-8")


@pytest.mark.parametrize("theme", [False, True], ids=["default theme", "journal theme"])
def test_a_value_is_escaped_and_its_bidi_control_isolated(journal, theme):
    html = page_with_values(journal, theme)
    assert f"\u2068Acme {RLO}&lt;script&gt;\u2069" in html
    assert "Engineer &amp; Lead" in html
    assert "<script>" not in html.replace('<script src="', "")
