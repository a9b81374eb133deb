"""In a real Chromium, from file://: copying a message draft, its mailto: link, and the search box."""

from __future__ import annotations

from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest
from playwright.sync_api import expect

from conftest import TODAY
from jobjournal.build import build
from jobjournal.site.messages import mailto_link

pytestmark = pytest.mark.browser


@pytest.fixture
def site(journal) -> Path:
    journal.write("journal.toml", 'your_name = "Alex Rivera"\n')
    journal.contact(
        "jane-doe",
        "## 2026-09-02 Coffee at the harbour\n\nShe is moving her team to Rust.\n",
        name="Jane Doe",
        company="Acme Robotics",
        email="jane.doe@example.com",
    )
    journal.application(
        "acme-backend",
        "## 2026-10-02 Recruiter call\n\nThey run a fleet of zeppelins for weather telemetry.\n",
        company="Acme Robotics",
        role="Backend Engineer",
        contacts="[jane-doe]",
        applied="2026-10-01",
    )
    journal.application(
        "globex-data",
        "Zeppelin-themed office, oddly.\n",
        company="Globex",
        role="Data Engineer",
        applied="2026-11-20",
    )
    return build(journal.root, TODAY).output


def test_copy_a_draft_to_the_clipboard(site, context, page, offline):
    context.grant_permissions(["clipboard-read", "clipboard-write"])
    page.goto((site / "stale.html").as_uri())
    draft = page.locator('#stale-contacts details.draft[data-slug="jane-doe"]')
    draft.locator("summary").click()
    text = draft.locator("textarea").input_value()
    assert text.startswith(
        "Hi Jane,\n\nIt's been a while since we last spoke (Coffee at the harbour, 2 September)"
    )
    assert text.endswith("Best,\nAlex Rivera")
    draft.get_by_role("button", name="Copy message").click()
    expect(draft.locator(".copy-status")).to_have_text("Copied.")
    assert page.evaluate("navigator.clipboard.readText()") == text
    mailto = draft.get_by_role("link", name="Write it in your email app").get_attribute("href")
    assert mailto.startswith("mailto:jane.doe@example.com?subject=It%27s%20been%20a%20while")


@pytest.fixture
def awkward_site(journal) -> Path:
    """A draft whose text needs every kind of escape: quotes, `&`, `!'()*`, `%`, `+`, accents and an emoji."""
    journal.write("journal.toml", 'your_name = "Alex Rivera"\n')
    journal.contact(
        "zoe-martin",
        '## 2026-09-02 Crêpes (& "100%" honest feedback!) + *stars* 🚀\n\nA good talk.\n',
        name="Zoë Martin",
        company="L'Atelier & Co",
        email="zoe+jobs@example.com",
    )
    return build(journal.root, TODAY).output


def hold_links(page) -> None:
    """Keep the page where it is when a mailto: link is followed: the test reads the href, no mail app opens.

    On the window, so it runs after drafts.js's handler on the document, as a browser's default action does.
    """
    page.evaluate(
        "window.addEventListener('click', event => {"
        " if (event.target.closest('a[href^=\"mailto:\"]')) event.preventDefault(); })"
    )


def test_the_email_link_gets_the_message_body_when_clicked(awkward_site, page, offline):
    page.goto((awkward_site / "stale.html").as_uri())
    hold_links(page)
    draft = page.locator('#stale-contacts details.draft[data-slug="zoe-martin"]')
    draft.locator("summary").click()
    subject = draft.locator("input.draft-subject").input_value()
    body = draft.locator("textarea").input_value()
    # The heading as a reader sees it (no emphasis marks), its awkward characters intact.
    assert 'Crêpes (& "100%" honest feedback!) + stars 🚀' in body and "\n\n" in body
    link = draft.get_by_role("link", name="Write it in your email app")
    # The page carries the text once: the link stops after the subject until it is used.
    assert link.get_attribute("href") == mailto_link("zoe+jobs@example.com", subject)
    link.dispatch_event("click")  # the click alone, as a script or an assistive tool may send it
    href = link.get_attribute("href")
    # Byte for byte what `journal draft --mailto` prints: the subject and body as the builder encodes them.
    assert href == mailto_link("zoe+jobs@example.com", subject, body)
    query = parse_qs(urlsplit(href).query)
    assert query["subject"] == [subject] and query["body"] == [body.replace("\n", "\r\n")]
    link.click()  # again, with the mouse: the body is not appended twice
    assert link.get_attribute("href") == href
    assert page.url == (awkward_site / "stale.html").as_uri()


def test_the_email_link_is_complete_when_reached_by_keyboard_or_hovered(awkward_site, page, offline):
    page.goto((awkward_site / "contacts" / "zoe-martin.html").as_uri())
    draft = page.locator('details.draft[data-kind="stay-in-touch"]')
    draft.locator("summary").click()
    expected = mailto_link(
        "zoe+jobs@example.com",
        draft.locator("input.draft-subject").input_value(),
        draft.locator("textarea").input_value(),
    )
    link = draft.get_by_role("link", name="Write it in your email app")
    link.focus()  # the address a keyboard user sees, or copies, is the whole message
    assert link.get_attribute("href") == expected
    page.reload()
    draft.locator("summary").click()
    link.hover()
    assert link.get_attribute("href") == expected


def test_without_javascript_a_draft_is_readable_and_its_link_has_recipient_and_subject(awkward_site, browser):
    context = browser.new_context(java_script_enabled=False)
    try:
        page = context.new_page()
        page.goto((awkward_site / "stale.html").as_uri())
        draft = page.locator('#stale-contacts details.draft[data-slug="zoe-martin"]')
        draft.locator("summary").click()
        expect(draft.locator("textarea")).to_be_visible()
        assert draft.locator("textarea").input_value().startswith("Hi Zoë,\n\nIt's been a while")
        expect(draft.locator("button")).to_have_count(0)  # no copy buttons that could not work
        href = draft.get_by_role("link", name="Write it in your email app").get_attribute("href")
        subject = draft.locator("input.draft-subject").input_value()
        assert href == mailto_link("zoe+jobs@example.com", subject)
        assert parse_qs(urlsplit(href).query) == {"subject": [subject]}
    finally:
        context.close()


def test_copy_buttons_are_made_once_when_a_draft_is_first_opened(site, context, page, offline):
    context.grant_permissions(["clipboard-read", "clipboard-write"])
    page.goto((site / "stale.html").as_uri())
    draft = page.locator('#stale-contacts details.draft[data-slug="jane-doe"]')
    expect(page.locator(".draft button")).to_have_count(0)  # the page carries none: they are made on opening
    for _ in range(2):  # open, close, open again
        draft.locator("summary").click()
    draft.locator("summary").click()
    buttons = draft.locator(".draft-actions").get_by_role("button")
    expect(buttons).to_have_text(["Copy message", "Copy subject"])
    expect(draft.locator(".copy-status")).to_have_count(1)
    buttons.nth(1).click()
    expect(draft.locator(".copy-status")).to_have_text("Copied.")
    assert page.evaluate("navigator.clipboard.readText()") == "It's been a while: coffee soon?"


def test_a_theme_that_writes_its_own_copy_buttons_gets_them_shown_not_doubled(
    journal, context, page, offline
):
    journal.contact("jane-doe", "## 2026-09-02 Coffee\n", name="Jane Doe", email="jane@example.com")
    journal.write(
        "theme/templates/_draft.html",
        """\
        {% macro draft(entry, kind=none, open=false) -%}
        {% for message in drafts.of(entry, kind) %}
        <details class="draft" data-slug="{{ entry.slug }}"><summary>Draft</summary>
        <textarea class="draft-text" readonly>{{ message.body }}</textarea>
        <p><button type="button" class="copy" data-copy=".draft-text" hidden>Kopieren</button>
        <span class="copy-status" role="status"></span></p>
        </details>
        {% endfor %}
        {%- endmacro %}
        {% macro draft_section(entry) %}{{ draft(entry) }}{% endmacro %}
        """,
    )
    context.grant_permissions(["clipboard-read", "clipboard-write"])
    page.goto((build(journal.root, TODAY).output / "stale.html").as_uri())
    draft = page.locator('details.draft[data-slug="jane-doe"]')
    draft.locator("summary").click()
    expect(draft.get_by_role("button")).to_have_text(["Kopieren"])
    draft.get_by_role("button", name="Kopieren").click()
    expect(draft.locator(".copy-status")).to_have_text("Copied.")
    assert page.evaluate("navigator.clipboard.readText()") == draft.locator("textarea").input_value()


def test_copy_falls_back_to_selecting_the_text_without_the_clipboard_api(site, context, page, offline):
    # Some browsers refuse navigator.clipboard on file://: the text is selected and copied with execCommand.
    page.add_init_script("Object.defineProperty(navigator, 'clipboard', {value: undefined})")
    page.goto((site / "applications" / "acme-backend.html").as_uri())
    draft = page.locator('details.draft[data-kind="follow-up"]')
    draft.locator("summary").click()
    draft.get_by_role("button", name="Copy subject").click()
    expect(draft.locator(".copy-status")).to_have_text("Copied.")
    field = draft.locator("input.draft-subject")
    expect(field).to_be_focused()
    subject = field.input_value()
    assert subject == "Following up on my application for Backend Engineer"
    assert field.evaluate("f => f.value.slice(f.selectionStart, f.selectionEnd)") == subject
    context.grant_permissions(["clipboard-read"])
    reader = context.new_page()
    reader.goto((site / "index.html").as_uri())
    assert reader.evaluate("navigator.clipboard.readText()") == subject


def test_search_finds_an_entry_by_a_body_word_and_opens_it_with_the_keyboard(site, page, offline):
    # From a page one folder down, so the result links must be resolved against the site's root.
    page.goto((site / "contacts" / "jane-doe.html").as_uri())
    search = page.get_by_role("combobox", name="Search your journal")
    expect(search).to_be_visible()
    page.locator("body").press("/")
    expect(search).to_be_focused()
    page.keyboard.type("zeppel")
    options = page.locator("#search-results").get_by_role("option")
    expect(options).to_have_count(2)
    expect(options.nth(0)).to_contain_text("Backend Engineer at Acme Robotics")
    expect(options.nth(0).locator("mark")).to_have_text("zeppel")  # in "zeppelins"
    expect(options.nth(1)).to_contain_text("Data Engineer at Globex")
    expect(options.nth(1).locator(".result-notes")).to_have_text("in notes: zeppelin")  # "Zeppelin-themed"
    expect(options.nth(0)).to_have_attribute("aria-selected", "true")
    page.keyboard.press("ArrowDown")
    expect(options.nth(1)).to_have_attribute("aria-selected", "true")
    page.keyboard.press("ArrowDown")
    page.keyboard.press("ArrowUp")
    page.keyboard.press("ArrowUp")
    expect(options.nth(0)).to_have_attribute("aria-selected", "true")
    page.keyboard.press("Enter")
    page.wait_for_url((site / "applications" / "acme-backend.html").as_uri())
    expect(page.locator("h1")).to_contain_text("Backend Engineer")


def test_search_by_company_and_status_and_several_words(site, page, offline):
    page.goto((site / "index.html").as_uri())
    page.locator("body").press("/")
    page.keyboard.type("globex applied")
    options = page.locator("#search-results").get_by_role("option")
    expect(options).to_have_count(1)
    expect(options.nth(0).locator("mark")).to_have_text(["Globex", "Globex", "applied"])
    options.nth(0).click()
    page.wait_for_url((site / "applications" / "globex-data.html").as_uri())
    page.locator("body").press("/")
    page.keyboard.type("nothing-like-this")
    expect(page.locator("#search-status")).to_have_text("Nothing matches “nothing-like-this”.")
    expect(page.locator("#search-results").get_by_role("option")).to_have_count(0)


def test_search_results_never_render_journal_text_as_html(journal, page, offline):
    journal.application(
        "xss", "Body word marmalade.\n", company="<img src=x onerror=alert(1)>", role="<b>Bold</b>"
    )
    site = build(journal.root, TODAY).output
    page.goto((site / "index.html").as_uri())
    page.locator("body").press("/")
    page.keyboard.type("marmalade")
    option = page.locator("#search-results").get_by_role("option")
    expect(option).to_have_count(1)
    expect(option).to_contain_text("<b>Bold</b> at <img src=x onerror=alert(1)>")
    assert option.locator("img, b").count() == 0


def test_without_javascript_drafts_are_plain_text_and_the_search_box_is_hidden(site, browser):
    context = browser.new_context(java_script_enabled=False)
    try:
        page = context.new_page()
        page.goto((site / "applications" / "acme-backend.html").as_uri())
        assert page.locator(".site-search").is_hidden()
        draft = page.locator('details.draft[data-kind="follow-up"]')
        draft.locator("summary").click()
        expect(draft.locator("textarea")).to_be_visible()
        assert draft.locator("textarea").input_value().startswith("Hi Jane,")
        expect(draft.locator("button")).to_have_count(0)  # no copy buttons that could not work
        expect(draft.get_by_role("link", name="Write it in your email app")).to_be_visible()
    finally:
        context.close()
