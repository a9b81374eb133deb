"""Entry bodies: dated log headings, [[wiki-links]] and HTML that is safe to open from disk."""

from __future__ import annotations

import re
from datetime import date

import pytest

from jobjournal.journal.markdown import Body, render_body

KNOWN = {"jane-doe": ("contacts", "Jane Doe"), "acme-backend": ("applications", "Backend Engineer at Acme")}


def resolve(slug: str) -> tuple[str, str] | None:
    if slug not in KNOWN:
        return None
    folder, title = KNOWN[slug]
    return f"../{folder}/{slug}.html", title


def render(text: str) -> Body:
    return render_body(text, resolve)


# --- dated headings -----------------------------------------------------------------------------


@pytest.mark.parametrize("level", range(1, 7))
def test_dated_heading_at_any_level_is_a_log_note(level):
    body = render(f"Intro\n\n{'#' * level} 2026-11-09 Coffee with Jane\n")
    (heading,) = body.headings
    assert (heading.date, heading.title, heading.anchor, heading.line) == (
        date(2026, 11, 9),
        "Coffee with Jane",
        "2026-11-09-coffee-with-jane",
        3,
    )
    assert (
        f'<h{level} id="2026-11-09-coffee-with-jane" class="log-entry">'
        f'<time datetime="2026-11-09">2026-11-09</time> Coffee with Jane</h{level}>'
    ) in body.html


@pytest.mark.parametrize(
    ("heading", "title"),
    [
        ("## 2026-11-09: Phone screen", "Phone screen"),
        ("## 2026-11-09 - Phone screen", "Phone screen"),
        ("## 2026-11-09 \u2013 Phone screen", "Phone screen"),
        ("## 2026-11-09", ""),
        # As a reader sees it (trial: the timeline, review and report quoted the Markdown): a link as its
        # label, else its entry's title, else the name written; no emphasis marks.
        ("## 2026-11-09 Call with [[jane-doe]]", "Call with Jane Doe"),
        (
            "## 2026-11-09 Chat with [[jane-doe|Jane D]] about [[acme-backend#Offer|the offer]]",
            "Chat with Jane D about the offer",
        ),
        (
            "## 2026-11-09 Call with [[nobody-yet]] about **the** `API` #visa",
            "Call with nobody-yet about the API #visa",
        ),
        ("## 2026-11-09 Met [Jane](../contacts/jane-doe.md)", "Met Jane"),
    ],
)
def test_dated_heading_title_is_the_rest_of_the_heading(heading, title):
    (note,) = render(heading + "\n").headings
    assert note.date == date(2026, 11, 9)
    assert note.title == title


def test_setext_heading_with_a_date_is_a_log_note():
    (note,) = render("2026-11-09 Recruiter call\n---\n").headings
    assert (note.date, note.title, note.line) == (date(2026, 11, 9), "Recruiter call", 1)


def test_dated_headings_in_lists_and_quotes_count():
    body = render("> ## 2026-11-09 Quoted\n\n- ## 2026-11-10 In a list\n")
    assert [(h.date, h.line) for h in body.headings] == [(date(2026, 11, 9), 1), (date(2026, 11, 10), 3)]


@pytest.mark.parametrize(
    "text",
    [
        "## Prep\n",
        "## Questions for 2026-11-09\n",
        "Met on 2026-11-09 for coffee.\n",
        "## 2026-11-091 typo\n",
        "## 2026-11-09-extra\n",
        "## **2026-11-09** bold\n",
        "    ## 2026-11-09 indented code\n",
        "```\n## 2026-11-09 in a fence\n```\n",
    ],
)
def test_text_that_is_not_a_heading_starting_with_a_date_is_not_a_log_note(text):
    body = render(text)
    assert body.headings == ()
    assert "<time" not in body.html
    assert body.bad_dates == ()


def test_heading_with_an_impossible_date_is_flagged_not_logged():
    body = render("Intro\n\n## 2026-02-30 Coffee\n\n# 2026-13-01\n")
    assert body.headings == ()
    assert [(b.text, b.line) for b in body.bad_dates] == [("2026-02-30", 3), ("2026-13-01", 5)]
    assert '<h2 id="2026-02-30-coffee">2026-02-30 Coffee</h2>' in body.html  # an ordinary heading
    assert "<time" not in body.html


def test_same_heading_twice_gets_distinct_anchors():
    body = render("## 2026-11-09 Call\n\n## 2026-11-09 Call\n\n## 2026-11-09 Call\n")
    anchors = [h.anchor for h in body.headings]
    assert anchors == ["2026-11-09-call", "2026-11-09-call-2", "2026-11-09-call-3"]
    for anchor in anchors:
        assert f'id="{anchor}"' in body.html


def test_ordinary_headings_get_an_id_and_no_log_markup():
    html = render("## Prep\n").html
    assert html.strip() == '<h2 id="prep">Prep</h2>'  # an id for [[entry#Prep]], no class, no <time>


# --- wiki-links -----------------------------------------------------------------------------------


def test_wiki_link_renders_as_a_relative_link_with_its_slug():
    body = render("Referred by [[jane-doe]].\n")
    assert body.html.strip() == (
        '<p>Referred by <a class="wikilink" href="../contacts/jane-doe.html" data-slug="jane-doe">Jane Doe</a>.</p>'
    )
    assert [(link.name, link.line) for link in body.links] == [("jane-doe", 1)]


def test_wiki_link_with_a_label_shows_the_label():
    html = render("For [[acme-backend|the backend role]].\n").html
    assert '<a class="wikilink" href="../applications/acme-backend.html" data-slug="acme-backend">' in html
    assert ">the backend role</a>" in html


def test_wiki_link_tolerates_spaces_inside_the_brackets():
    body = render("[[ jane-doe | Jane ]]\n")
    assert [link.name for link in body.links] == ["jane-doe"]
    assert 'data-slug="jane-doe">Jane</a>' in body.html


def test_unknown_wiki_link_is_not_a_link():
    body = render("Ask [[nobody|Nobody]] about it.\n")
    assert "<a" not in body.html
    assert '<span class="wikilink broken"' in body.html
    assert ">Nobody</span>" in body.html
    assert [link.name for link in body.links] == ["nobody"]


def test_wiki_link_lines_are_counted_within_the_body():
    text = "first\nsecond [[jane-doe]]\n\n- item\n- item [[nobody]]\n\n| a | b |\n|---|---|\n| 1 | 2 |\n| [[acme-backend]] | 3 |\n"
    body = render(text)
    assert [(link.name, link.line) for link in body.links] == [
        ("jane-doe", 2),
        ("nobody", 5),
        ("acme-backend", 10),
    ]


def test_wiki_links_in_code_are_text():
    body = render("Write `[[jane-doe]]`.\n\n```\n[[jane-doe]]\n```\n")
    assert body.links == ()
    assert "<a" not in body.html
    assert "<code>[[jane-doe]]</code>" in body.html


def test_wiki_link_label_and_slug_are_escaped():
    html = render('[[jane-doe|<b>Jane</b>]] [[x"onmouseover="alert(1)]]\n').html
    assert "<b>" not in html
    assert "&lt;b&gt;Jane&lt;/b&gt;" in html
    assert 'title="no entry named x&quot;onmouseover=&quot;alert(1)"' in html


# --- safety -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "<script>alert(1)</script>\n",
        "<img src=x onerror=alert(1)>\n",
        "Inline <img src=x onerror=alert(1)> here\n",
        '<iframe src="https://example.com"></iframe>\n',
        "<div onclick=alert(1)>block</div>\n",
    ],
)
def test_raw_html_is_shown_as_text(text):
    html = render(text).html
    assert not re.search(r"<(script|img|iframe|div)\b", html)
    assert "&lt;" in html


@pytest.mark.parametrize(
    "text",
    [
        "[click](javascript:alert(1))",
        "[click](JavaScript:alert(1))",
        "[click](<javascript:alert(1)>)",
        "<javascript:alert(1)>",
        "[click](vbscript:msgbox)",
        "[click](data:text/html;base64,PHNjcmlwdD4=)",
    ],
)
def test_script_links_are_not_links(text):
    html = render(text + "\n").html
    assert "<a" not in html
    assert "href" not in html


def test_ordinary_links_stay_links():
    html = render("[posting](https://careers.example.com/job) and [mail](mailto:jane@example.com)\n").html
    assert '<a href="https://careers.example.com/job" rel="noopener noreferrer">posting</a>' in html
    assert '<a href="mailto:jane@example.com"' in html


@pytest.mark.parametrize(
    "src", ["http://example.com/logo.png", "https://example.com/logo.png", "//example.com/x.png"]
)
def test_remote_images_become_links(src):
    html = render(f"![Team photo]({src})\n").html
    assert "<img" not in html
    assert f'<a class="image-link" href="{src}">Image: Team photo</a>' in html


def test_image_without_alt_text_still_has_a_label():
    assert ">Image: image</a>" in render("![](https://example.com/x.png)\n").html


def test_javascript_image_is_neither_image_nor_link():
    html = render("![x](javascript:alert(1))\n").html
    assert "<img" not in html
    assert "<a" not in html


def test_inline_data_image_is_shown():
    html = render("![dot](data:image/png;base64,iVBORw0KGgo=)\n").html
    assert '<img src="data:image/png;base64,iVBORw0KGgo=" alt="dot">' in html


# --- other markdown ------------------------------------------------------------------------------


def test_task_lists_render_as_disabled_checkboxes():
    html = render("- [x] Send thank-you note\n- [ ] Send portfolio\n").html
    assert html.count('type="checkbox"') == 2
    assert html.count('disabled="disabled"') == 2
    assert html.count('checked="checked"') == 1
    assert "Send portfolio" in html
    assert "[ ]" not in html


def test_tables_render():
    html = render("| Who | Company |\n|-----|---------|\n| Jane | Acme |\n").html
    assert "<table>" in html
    assert "<th>Who</th>" in html
    assert "<td>Acme</td>" in html


def test_strikethrough_renders():
    assert "<s>connect</s>" in render("~~connect~~ done\n").html


def test_empty_body():
    body = render("")
    assert (body.html, body.headings, body.links, body.bad_dates) == ("", (), (), ())
