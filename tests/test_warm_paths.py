"""People you know at an application's company: who they are, in what order, the referral draft to each, the
"today" nudge to ask, and the stats line for applications where you knew someone."""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

from click.testing import CliRunner

from conftest import TODAY, JournalFolder
from jobjournal.cli import main
from jobjournal.journal.model import Application, Contact, FileHistory, Journal, LogNote, Settings
from jobjournal.views.derive import derive_views
from jobjournal.views.warmpaths import UNDATED_ASK_DAYS
from sitetools import parse_page, run_cli


def day(days_ago: int) -> date:
    return TODAY - timedelta(days=days_ago)


def app(slug: str = "globex-sre", company: str = "Globex", status: str = "wishlist", **fields) -> Application:
    applied = fields.pop("applied", None if status == "wishlist" else day(3))
    return Application(
        slug=slug,
        path=f"applications/{slug}.md",
        company=company,
        role="SRE",
        status=status,
        applied=applied,
        **fields,
    )


def person(slug: str, company: str = "", **fields) -> Contact:
    return Contact(
        slug=slug, path=f"contacts/{slug}.md", name=slug.replace("-", " ").title(), company=company, **fields
    )


def journal_of(*entries, settings: Settings | None = None, **extra) -> Journal:
    return Journal(
        root="",
        settings=settings or Settings(),
        applications=tuple(e for e in entries if isinstance(e, Application)),
        contacts=tuple(e for e in entries if isinstance(e, Contact)),
        **extra,
    )


def with_class(element, tag: str, name: str) -> list:
    return [el for el in element.find_all(tag) if el.has_class(name)]


def known(journal: Journal, slug: str = "globex-sre") -> list[str]:
    views = derive_views(journal, TODAY)
    return [p.contact.slug for p in views.people_at(next(a for a in journal.applications if a.slug == slug))]


# --- who counts, and in what order ----------------------------------------------------------------------


def test_the_company_matches_whatever_its_legal_form_case_or_alias() -> None:
    journal = journal_of(
        app(company="Globex"),
        person("ana", "Globex, Inc.", last_contact=day(2)),
        person("bo", "GLOBEX LLC", last_contact=day(9)),
        person("cy", "Globex Logistics"),  # another company
        person("di", "Initech"),
        person("ed", "Globex Holdings"),
        settings=Settings(company_aliases=(("Globex Holdings", "Globex"),)),
    )
    assert known(journal) == ["ana", "bo", "ed"]


def test_past_colleagues_count_through_past_companies() -> None:
    journal = journal_of(
        app(company="Globex Corporation"),
        person("fay", "Initech", past_companies=("Globex", "Umbrella"), last_contact=day(40)),
        person("gil", "Initech", past_companies=("Umbrella",)),
    )
    views = derive_views(journal, TODAY)
    [fay] = views.people_at(journal.applications[0])
    assert fay.contact.slug == "fay" and fay.past and fay.talked


def test_people_you_talked_to_come_first_and_bare_linkedin_connections_last_marked() -> None:
    journal = journal_of(
        app(),
        person("linked", "Globex", import_id="linkedin-0a1b2c3d4e5f", connected=day(400)),
        person("never", "Globex"),  # added by hand, no interaction yet
        person("old-friend", "Globex", last_contact=day(200)),
        person("recent", "Globex", last_message_received=day(3)),  # a LinkedIn message is an interaction
        person("messaged", "Globex", import_id="linkedin-ffffffffffff", last_message_sent=day(20)),
    )
    views = derive_views(journal, TODAY)
    people = views.people_at(journal.applications[0])
    assert [p.contact.slug for p in people] == ["recent", "messaged", "old-friend", "never", "linked"]
    assert [p.linkedin_only for p in people] == [False, False, False, False, True]


# --- the referral draft -----------------------------------------------------------------------------------


def write_globex(journal: JournalFolder) -> None:
    journal.write(
        "journal.toml", 'your_name = "Alex Rivera"\n[company_aliases]\nGlobex = "Globex Holdings"\n'
    )
    journal.application(
        "globex-sre",
        company="Globex",
        role="Site Reliability Engineer",
        status="wishlist",
        applied=None,
        link="https://globex.example/jobs/42",
    )
    journal.contact(
        "ana-lima",
        name="Ana Lima",
        company="Globex, Inc.",
        email="ana@example.com",
        last_contact="2026-09-01",
    )
    journal.contact("tom-reyes", name="Tom Reyes", company="Initech", past_companies="[Globex Holdings]")
    journal.contact(
        "ines-moreau",
        name="Inès Moreau",
        company="GLOBEX",
        linkedin="https://www.linkedin.com/in/ines",
        connected="2026-06-02",
        import_id="linkedin-90ef729c88fd",
    )


def test_the_application_page_lists_the_people_with_a_referral_draft_each(
    journal: JournalFolder, tmp_path: Path
):
    write_globex(journal)
    site = tmp_path / "site"
    result = run_cli("build", journal.root, "-o", site, "--today", TODAY.isoformat())
    assert result.exit_code == 0, result.output
    page = parse_page(site / "applications" / "globex-sre.html")
    section = page.find(id="people")
    assert section is not None and "People you know at Globex" in section.text()
    items = with_class(section, "li", "person")
    assert [li.attrs["data-slug"] for li in items] == ["ana-lima", "tom-reyes", "ines-moreau"]
    assert "LinkedIn connection only" in items[2].text() and "LinkedIn connection only" not in items[0].text()
    assert "worked there before, now at Initech" in items[1].text()
    drafts = with_class(section, "details", "draft-referral")
    assert [d.attrs["data-to"] for d in drafts] == ["ana-lima", "tom-reyes", "ines-moreau"]
    ana = drafts[0].text()
    assert "Hi Ana," in ana and "I'm about to apply for the Site Reliability Engineer role at Globex" in ana
    assert "https://globex.example/jobs/42" in ana and "Alex Rivera" in ana
    assert "Your time at Globex" in drafts[1].find("input").attrs["value"]  # a past colleague: an intro
    assert "We're connected on LinkedIn but haven't talked yet" in drafts[2].text()
    # Not under "Ready to send": each is beside its person.
    ready = page.find(id="drafts-heading")
    assert ready is None or "referral" not in ready.parent.text().lower()


def test_a_settled_application_lists_the_people_but_offers_no_referral(
    journal: JournalFolder, tmp_path: Path
):
    write_globex(journal)
    journal.application("globex-sre", company="Globex", role="SRE", status="rejected", applied="2026-10-01")
    site = tmp_path / "site"
    run_cli("build", journal.root, "-o", site, "--today", TODAY.isoformat())
    section = parse_page(site / "applications" / "globex-sre.html").find(id="people")
    assert section is not None and len(with_class(section, "li", "person")) == 3
    assert with_class(section, "details", "draft-referral") == []


def test_a_theme_rewrites_the_referral_message(journal: JournalFolder, tmp_path: Path):
    write_globex(journal)
    journal.write(
        "theme/messages/referral.txt", "Subject: Coffee?\n\nHey {{ first_name }}, {{ company }} coffee?\n"
    )
    site = tmp_path / "site"
    run_cli("build", journal.root, "-o", site, "--today", TODAY.isoformat())
    text = (site / "applications" / "globex-sre.html").read_text("utf-8")
    assert "Hey Ana, Globex coffee?" in text and "about to apply" not in text


def test_journal_draft_writes_the_referral_to_the_person_asked_for(journal: JournalFolder):
    write_globex(journal)
    runner = CliRunner()
    first = runner.invoke(main, ["draft", "globex-sre", str(journal.root), "--today", TODAY.isoformat()])
    assert first.exit_code == 0, first.output
    assert first.output.startswith(
        "To: Ana Lima <ana@example.com>\nSubject: The Site Reliability Engineer role"
    )
    assert first.output.endswith("Alex Rivera\n\n(also to: --to tom-reyes, --to ines-moreau)\n")
    tom = runner.invoke(
        main,
        [
            "draft",
            "globex-sre",
            str(journal.root),
            "--kind",
            "referral",
            "--to",
            "tom-reyes",
            "--today",
            "2026-11-25",
        ],
    )
    assert tom.exit_code == 0 and "Hi Tom," in tom.output and "Your time at Globex" in tom.output
    nobody = runner.invoke(
        main, ["draft", "globex-sre", str(journal.root), "--to", "someone", "--today", "2026-11-25"]
    )
    assert nobody.exit_code == 1 and "someone is not among the people you know there" in nobody.output


# --- what to do today -------------------------------------------------------------------------------------


def warm(journal: Journal, today: date = TODAY) -> list[str]:
    return [i.entry.slug for i in derive_views(journal, today).insights.today if i.reason == "warm-path"]


def test_today_suggests_the_ask_for_a_wishlist_where_you_know_someone() -> None:
    journal = journal_of(app(), person("ana", "Globex", last_contact=day(UNDATED_ASK_DAYS + 10)))
    assert warm(journal) == ["globex-sre"]
    [item] = [i for i in derive_views(journal, TODAY).insights.today if i.reason == "warm-path"]
    assert [p.contact.slug for p in item.detail.people] == ["ana"]


def test_nothing_to_ask_without_anyone_there_or_once_the_application_is_old_or_settled() -> None:
    ana = person("ana", "Globex")
    assert warm(journal_of(app(company="Initech"), ana)) == []
    assert warm(journal_of(app(status="applied", applied=day(3)), ana)) == ["globex-sre"]  # newly applied
    assert warm(journal_of(app(status="applied", applied=day(15)), ana)) == []  # applied long ago
    assert warm(journal_of(app(status="interviewing", applied=day(3)), ana)) == []
    assert warm(journal_of(app(status="rejected", applied=day(3)), ana)) == []


def test_the_nudge_goes_once_something_is_logged_with_them_since_the_application_was_made() -> None:
    made = day(10)
    history = {"applications/globex-sre.md": FileHistory(added=made)}
    before = person("ana", "Globex", last_contact=day(11))
    assert warm(journal_of(app(), before, file_history=history)) == ["globex-sre"]
    after = person("ana", "Globex", notes=(LogNote(day(2), "Asked about the SRE role", "a", 8),))
    assert warm(journal_of(app(), after, file_history=history)) == []
    # An applied application was made when applied (or first committed, if earlier).
    assert warm(
        journal_of(app(status="applied", applied=day(5)), person("ana", "Globex", last_contact=day(6)))
    ) == ["globex-sre"]
    assert (
        warm(journal_of(app(status="applied", applied=day(5)), person("ana", "Globex", last_contact=day(5))))
        == []
    )


def test_a_wishlist_of_unknown_age_counts_the_last_thirty_days() -> None:
    recent = person("ana", "Globex", last_contact=day(UNDATED_ASK_DAYS - 1))
    assert warm(journal_of(app(), recent)) == []
    assert warm(journal_of(app(), recent), TODAY + timedelta(days=2)) == ["globex-sre"]


def test_the_today_item_links_to_its_draft_and_on_to_everyone_there(journal: JournalFolder, tmp_path: Path):
    write_globex(journal)
    site = tmp_path / "site"
    run_cli("build", journal.root, "-o", site, "--today", TODAY.isoformat())
    index = parse_page(site / "index.html")
    group = index.one("section", class_="today-group", **{"data-reason": "warm-path"})
    assert group.one("h3").text().startswith("Ask for a referral")
    [item] = group.find_all("li")
    assert "you know Ana Lima and 2 others there" in " ".join(item.text().split())
    assert "Draft: referral or intro request to Ana Lima" in item.text()
    assert item.one("a", class_="draft-link").attrs["href"] == "stale.html#item-warm-path-globex-sre"
    listed = parse_page(site / "stale.html").one(id="item-warm-path-globex-sre")
    assert any(a.attrs.get("id") == "warm-paths" for a in listed.ancestors())
    [draft] = [el for el in listed.find_all("details") if el.has_class("draft-referral")]
    assert draft.attrs["data-to"] == "ana-lima"
    assert listed.one("a", class_="more-drafts").attrs["href"] == "applications/globex-sre.html#people"
    people = parse_page(site / "applications" / "globex-sre.html").one(id="people")
    assert [el.attrs["data-to"] for el in people.find_all("details") if el.has_class("draft-referral")] == [
        "ana-lima",
        "tom-reyes",
        "ines-moreau",
    ]


def test_the_wishlist_row_and_card_name_the_people_you_know_there(journal: JournalFolder, tmp_path: Path):
    write_globex(journal)
    journal.application(
        "initech-dev", company="Initech", role="Developer", status="applied", applied="2026-11-01"
    )
    site = tmp_path / "site"
    run_cli("build", journal.root, "-o", site, "--today", TODAY.isoformat())
    index = parse_page(site / "index.html")
    row = index.one("tr", **{"data-slug": "globex-sre"})
    link = row.one("a", class_="people-link")
    assert link.text() == "3 you know there" and link.attrs["href"] == "applications/globex-sre.html#people"
    # Past the wishlist, the people are on the application's page, not in its row.
    assert index.one("tr", **{"data-slug": "initech-dev"}).find("a", class_="people-link") is None
    board = parse_page(site / "board.html")
    card = board.one("li", **{"data-slug": "globex-sre"})
    assert card.one("p", class_="card-people").text() == "You know Ana Lima and 2 others there"


# --- stats ------------------------------------------------------------------------------------------------


def test_stats_compares_applications_where_you_knew_someone() -> None:
    journal = journal_of(
        app("a", "Globex", "screening", applied=day(20), source="job board"),
        app("b", "Globex", "applied", applied=day(20), source="referral"),
        app("c", "Initech", "applied", applied=day(20), source="job board"),
        app("d", "Umbrella", "applied", applied=day(20), source="job board"),
        person("ana", "Globex, Inc."),
        person("ed", "Hooli", past_companies=("Initech",), last_contact=day(100)),
        person("linked", "Umbrella", import_id="linkedin-000000000000"),  # a bare connection: not knowing
    )
    groups = {g.group: g for g in derive_views(journal, TODAY).stats.by_source}
    assert list(groups) == ["people", "cold", "knew"]
    assert groups["knew"].label == "You knew someone there"
    assert groups["knew"].funnel.applied == 3  # a, b and c, whatever their source
    assert groups["knew"].funnel.stage("responded").count == 1


def test_the_stats_page_shows_the_third_line(journal: JournalFolder, tmp_path: Path):
    write_globex(journal)
    journal.application(
        "globex-sre", company="Globex", role="SRE", status="applied", applied="2026-11-01", source="job board"
    )
    site = tmp_path / "site"
    run_cli("build", journal.root, "-o", site, "--today", TODAY.isoformat())
    rows = parse_page(site / "stats.html").find("table", class_="sources-table").find_all("tr")
    assert [r.attrs.get("data-group") for r in rows[1:]] == ["cold", "knew"]


def test_the_sample_journal_shows_a_warm_path(sample_site: Path) -> None:
    page = parse_page(sample_site / "applications" / "kestrel-games-tools.html")
    people = page.find(id="people")
    assert people is not None
    assert "Tom Whitaker" in people.text() and "worked there before" in people.text()
    assert "LinkedIn connection only" in people.text()
    index = parse_page(sample_site / "index.html")
    reasons = [li.attrs.get("data-reason") for li in index.find(id="today").find_all("li")]
    assert "warm-path" in reasons


def test_a_past_colleague_is_on_the_company_page_and_the_contact_page_links_it(
    journal: JournalFolder, tmp_path
):
    write_globex(journal)
    journal.contact(
        "lee-park",
        name="Lee Park",
        company="Initech",
        past_companies='["Umbrella, Inc.", Globex]',  # Umbrella: no application, no one there now
        last_message_received="2026-11-02",
        last_message_sent="2026-11-03",
    )
    site = tmp_path / "site"
    run_cli("build", journal.root, "-o", site, "--today", TODAY.isoformat())
    contact = parse_page(site / "contacts" / "lee-park.html")
    facts = contact.find("dl", class_="facts").text()
    assert "Last messagesfrom them 2 Nov 2026; to them 3 Nov 2026" in facts
    links = {a.text(): a.attrs["href"] for a in contact.find("dl", class_="facts").find_all("a")}
    assert links["Umbrella, Inc."] == "../companies/umbrella.html"
    umbrella = parse_page(site / "companies" / "umbrella.html")
    alumni = umbrella.find("section", aria_labelledby="company-alumni")
    assert alumni is not None and "Lee Park now at Initech" in alumni.text()
    globex = parse_page(site / "companies" / "globex.html").find("section", aria_labelledby="company-alumni")
    assert [li.attrs["data-slug"] for li in globex.find_all("li")] == ["lee-park", "tom-reyes"]


def test_a_big_company_lists_a_dozen_people_and_drafts_for_five(journal: JournalFolder, tmp_path: Path):
    write_globex(journal)
    for n in range(12):
        journal.contact(f"connection-{n:02d}", company="Globex", import_id=f"linkedin-{n:012d}")
    site = tmp_path / "site"
    run_cli("build", journal.root, "-o", site, "--today", TODAY.isoformat())
    section = parse_page(site / "applications" / "globex-sre.html").find(id="people")
    assert "People you know at Globex 15" in section.text()
    shown = with_class(section, "li", "person")
    assert len(shown) == 12 and shown[0].attrs["data-slug"] == "ana-lima"
    assert len(with_class(section, "details", "draft-referral")) == 5
    assert "And 3 more: all of them are on the Globex page." in section.text()
    assert "journal draft globex-sre --kind referral --to CONTACT" in section.text()
