"""One company, one page: `Globex` = `Globex, Inc.` = `GLOBEX LLC`, and journal.toml's [company_aliases]."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from click.testing import CliRunner

from jobjournal.cli import main
from jobjournal.journal.companies import company_key


def run(*args: str):
    result = CliRunner().invoke(main, list(args), env={"JOURNAL_TODAY": "2026-03-12"})
    assert result.exception is None or isinstance(result.exception, SystemExit), result.output
    return result


@pytest.mark.parametrize(
    "name",
    ["Globex", "Globex, Inc.", "GLOBEX INC", "Globex Inc", "globex llc", "Globex Ltd.", "Globex Limited",
     "Globex GmbH", "Globex S.A.", "Globex SA", "Globex Corporation", "Globex GmbH & Co. KG", " globex. "],
)  # fmt: skip
def test_legal_forms_case_and_punctuation_are_one_company(name):
    assert company_key(name) == "globex"


def test_other_words_keep_companies_apart():
    assert company_key("Acme Robotics") != company_key("Acme")
    assert company_key("Limited Brands") == "limited-brands"  # only a legal form at the end goes
    assert company_key("Inc") == "inc"  # never down to nothing
    assert company_key("Google", (("Google", "Alphabet"),)) == company_key("Alphabet Inc.")


def company_pages(site: Path) -> dict[str, str]:
    return {p.name: p.read_text() for p in (site / "companies").glob("*.html")}


def test_the_site_has_one_page_for_every_name_of_a_company(journal, tmp_path):
    journal.application("sre", company="Globex", role="SRE", applied="2026-01-28")
    journal.application("data", company="Globex, Inc.", role="Data Engineer", applied="2026-02-02")
    journal.contact("mei", name="Mei Chen", company="GLOBEX LLC", last_contact="2026-03-01")
    site = tmp_path / "site"
    run("build", str(journal.root), "-o", str(site))
    pages = company_pages(site)
    assert list(pages) == ["globex.html"]
    page = pages["globex.html"]
    assert 'data-slug="sre"' in page and 'data-slug="data"' in page and 'data-slug="mei"' in page
    for entry in ("applications/sre.html", "applications/data.html", "contacts/mei.html"):
        links = re.findall(r'href="([^"]*companies/[^"]*)"', (site / entry).read_text())
        assert links and set(links) == {"../companies/globex.html"}, entry


def test_company_aliases_join_other_names_under_the_chosen_one(journal, tmp_path):
    journal.write(
        "journal.toml", '[company_aliases]\nAlphabet = ["Google", "Google UK"]\nMeta = "Facebook"\n'
    )
    journal.application("g", company="Google UK Ltd", role="SRE", applied="2026-01-28")
    journal.application("a", company="Alphabet Inc.", role="Data Engineer", applied="2026-02-02")
    journal.contact("fb", name="Ann Lee", company="Facebook", last_contact="2026-03-01")
    site = tmp_path / "site"
    result = run("build", str(journal.root), "-o", str(site))
    assert result.exit_code == 0, result.output
    pages = company_pages(site)
    assert sorted(pages) == ["alphabet.html", "meta.html"]
    assert "<h1>Alphabet</h1>" in pages["alphabet.html"] and "<h1>Meta</h1>" in pages["meta.html"]
    assert "../companies/alphabet.html" in (site / "applications" / "g.html").read_text()


def test_company_aliases_that_are_not_names_are_pointed_out(journal):
    journal.write("journal.toml", "[company_aliases]\nAlphabet = 3\nremind_never_contacted = true\n")
    journal.application("g", company="Google", role="SRE", applied="2026-01-28")
    result = run("check", str(journal.root))
    assert (
        "journal.toml:2: company_aliases: 'Alphabet' must be another name in quotes, or a list of them"
        in result.output
    )
    assert "journal.toml:3: warning: 'remind_never_contacted' is inside [company_aliases]" in result.output


def test_journal_new_warns_about_an_earlier_application_under_another_form_of_the_name(journal):
    journal.application(
        "globex-sre", company="Globex, Inc.", role="SRE", applied="2025-06-01", status="rejected"
    )
    result = run("new", "application", "GLOBEX", "Data Engineer", "-j", str(journal.root))
    assert (
        "warning: you applied to GLOBEX before: SRE (applications/globex-sre.md, applied 2025-06-01)"
        in result.output
    )
