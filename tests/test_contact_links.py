"""Contact fields become `mailto:` and `tel:` links that can add no recipient and no header."""

from __future__ import annotations

import re
from urllib.parse import unquote

import pytest

from conftest import TODAY
from jobjournal.build import build
from jobjournal.journal.load import load_journal
from sitetools import run_cli

INJECTED = "victim@example.com?cc=attacker@evil.example&bcc=spy@evil.example"


@pytest.mark.parametrize(
    "email",
    [
        f'"{INJECTED}"',
        '"jane%0d%0abcc:spy@evil.example"',
        '"jane@example.com%0d%0abcc:spy@evil.example"',
        '"jane@example.com\\r\\nBcc: spy@evil.example"',
        '"jane@example.com, spy@evil.example"',
        '"Jane Doe <jane@example.com>"',
        '"jane?cc=spy@evil.example"',
        '"jane@example.com#x"',
        "not-an-address",
    ],
)
def test_an_email_field_must_hold_one_address(journal, tmp_path, email):
    path = journal.contact("jane", company="Acme", email=email)
    journal.application("acme", contacts="[jane]", status="rejected")
    loaded = load_journal(journal.root)
    messages = [p.format() for p in loaded.problems]
    assert len(messages) == 1 and messages[0].startswith("contacts/jane.md:4: 'email': "), messages
    assert "is not one email address" in messages[0]
    (jane,) = [c for c in loaded.contacts if c.slug == "jane"]
    assert jane.email == ""  # the value is left out, like any optional value with an error
    build(journal.root, TODAY, tmp_path / "site")
    for page in (tmp_path / "site").rglob("*.html"):
        assert "evil.example" not in _mailto_links(page.read_text("utf-8")), page
    assert path.read_text("utf-8").count("email") == 1


def _mailto_links(html: str) -> str:
    return " ".join(unquote(href) for href in re.findall(r'href="(mailto:[^"]*)"', html))


def test_every_mailto_and_tel_link_is_percent_encoded(journal, tmp_path):
    journal.contact(
        "jane",
        "## 2026-09-01 Coffee\n",
        company="Acme",
        email='"jane.o\'neil+jobs=1@exämple.de"',
        phone='"+1 (555) 010-0199;ext=12?x=%0d%0a<b>"',
    )
    build(journal.root, TODAY, tmp_path / "site")
    contacts = (tmp_path / "site/contacts.html").read_text("utf-8")
    assert 'href="mailto:jane.o%27neil%2Bjobs%3D1@ex%C3%A4mple.de"' in contacts
    assert 'href="tel:%2B1(555)010-0199%3Bext%3D12%3Fx%3D%250d%250a%3Cb%3E"'.replace("%2B", "+") in contacts
    stale = (tmp_path / "site/stale.html").read_text("utf-8")
    for href in re.findall(r'href="((?:mailto|tel):[^"]*)"', stale + contacts):
        address = href.split("?subject=", 1)[0]
        assert not set(address) & set("?&#;= <>'\""), (
            href
        )  # nothing that starts a header, a fragment or markup


def test_journal_new_and_import_refuse_what_is_not_one_address(journal, tmp_path):
    journal.write("journal.toml", 'title = "x"\n')
    result = run_cli("new", "contact", "Jane Doe", "--email", INJECTED, "-j", journal.root)
    assert result.exit_code == 2 and "is not one email address" in result.output
    table = tmp_path / "people.csv"
    table.write_text(f'Name,Email\nSam Okafor,"{INJECTED}"\nPriya Nair,priya@example.org\n', "utf-8")
    result = run_cli("import", table, "--kind", "contacts", "--write", "-j", journal.root)
    assert result.exit_code == 0, result.output
    assert "people.csv:2: 'victim@example.com?cc=" in result.output and "left out" in result.output
    sam = (journal.root / "contacts/sam-okafor.md").read_text("utf-8")
    assert "evil.example" not in sam
    assert "priya@example.org" in (journal.root / "contacts/priya-nair.md").read_text("utf-8")
