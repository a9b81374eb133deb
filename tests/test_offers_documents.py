"""Offers side by side, documents copied into the site, and the funnel by CV version and tag (issue 21)."""

from __future__ import annotations

from pathlib import Path

from conftest import TODAY
from gitrepo import page_text
from jobjournal.build import build
from jobjournal.journal.load import load_journal
from jobjournal.views.derive import derive_views
from jobjournal.views.stats import funnel_by_cv, funnel_by_tag


def offer_journal(journal) -> None:
    journal.application(
        "acme",
        status="offer",
        history="[{date: 2026-11-01, status: applied}, {date: 2026-11-20, status: offer, note: verbal}]",
        offer="{base: 120_000, currency: EUR, bonus: 10%, deadline: 2026-11-27, relocation: paid}",
    )
    journal.application(
        "globex",
        company="Globex",
        status="offer",
        offer='{base: "$150k", currency: USD, equity: "0.1% over 4 years", start: 2027-01-04}',
    )
    journal.application("initech", company="Initech", status="offer")  # no `offer:` written yet
    journal.application("old", company="Old", status="accepted", offer="{base: 1}")  # not current


def test_offers_page_puts_every_current_offer_side_by_side_as_written(journal, tmp_path: Path):
    offer_journal(journal)
    site = build(journal.root, TODAY, tmp_path / "site").output
    text = page_text(site / "offers.html")
    assert "3 offers to decide on" in text
    header = text.split("Offer Acme")[1].split("Deadline")[0]
    assert header.split() == [
        "Engineer",
        "Globex",
        "Engineer",
        "Initech",
        "Engineer",
    ]  # the nearest deadline first
    rows = text.split("Deadline ")[1]
    assert rows.startswith("27 Nov 2026 in 2 days none written none written ")
    none = "\u2013"  # an en dash: nothing written
    assert f"Base 120_000 $150k {none} Currency EUR USD {none} Bonus 10% {none} {none} " in rows
    assert f"Equity {none} 0.1% over 4 years {none} " in rows
    # a date among the fields reads as every date on the site; unknown fields come after the known
    assert f"Start {none} 4 Jan 2027 {none} Relocation paid {none} {none} " in rows
    assert '<time datetime="2027-01-04">4 Jan 2027</time>' in (site / "offers.html").read_text("utf-8")
    assert "Status history 1 Nov 2026 applied 20 Nov 2026 offer not recorded not recorded" in rows
    assert "Old" not in rows
    index = (site / "index.html").read_text("utf-8")
    assert '<a href="offers.html">Your 3 offers, side by side</a>: Acme until' in index
    assert "Offer to answer" in page_text(site / "index.html")  # the deadline in 2 days


def test_the_index_links_offers_only_when_there_is_one(journal, tmp_path: Path):
    journal.application("acme")
    site = build(journal.root, TODAY, tmp_path / "site").output
    assert "offers.html" not in (site / "index.html").read_text("utf-8")
    assert "No offer right now." in page_text(site / "offers.html")


def test_an_offer_deadline_within_3_days_or_past_is_in_what_to_do_today(journal):
    for slug, deadline in [
        ("past", "2026-11-20"),
        ("today", "2026-11-25"),
        ("soon", "2026-11-28"),
        ("later", "2026-11-29"),
    ]:
        journal.application(slug, company=slug.title(), status="offer", offer=f"{{deadline: {deadline}}}")
    views = derive_views(load_journal(journal.root), TODAY)
    assert [(i.reason, i.entry.slug) for i in views.insights.today if i.reason == "offer-deadline"] == [
        ("offer-deadline", "past"),
        ("offer-deadline", "today"),
        ("offer-deadline", "soon"),
    ]


def test_a_bad_offer_is_reported_at_its_line(journal):
    journal.application("acme", status="offer", offer="{base: 1, deadline: next week}")
    journal.application("globex", status="offer", offer="120000")
    problems = [p.format() for p in load_journal(journal.root).problems]
    assert problems == [
        "applications/acme.md:6: offer: 'deadline': 'next week' is not a valid date: write it as YYYY-MM-DD, for example 2026-11-09",
        "applications/globex.md:6: 'offer' must be a set of fields, such as {base: 120000, currency: EUR}",
    ]


def test_documents_are_copied_into_the_site_and_linked_and_a_missing_one_is_a_warning(
    journal, tmp_path: Path
):
    journal.write("cv/backend v3.pdf", "%PDF-1.4 cv")
    journal.write("letters/acme.md", "Dear Acme")
    outside = tmp_path / "secret.pdf"
    outside.write_text("the secret text")
    (journal.root / "cv" / "sneaky.pdf").symlink_to(outside)
    journal.write(
        "applications/acme.md",
        "---\ncompany: Acme\nrole: Engineer\nstatus: applied\napplied: 2026-11-01\ncv: backend-v3\n"
        "documents:\n  - cv/backend v3.pdf\n  - letters/acme.md\n  - letters/gone.md\n  - ../../secret.pdf\n"
        f"  - cv/sneaky.pdf\n  - {outside}\n---\n",
        dedent=False,
    )
    result = build(journal.root, TODAY, tmp_path / "site")
    site = result.output
    assert [p.format() for p in result.journal.problems] == [
        "applications/acme.md:10: warning: documents: there is no file 'letters/gone.md' in the journal; put "
        "it there (a path from the journal's folder, such as cv/backend-v3.pdf), or fix the name",
        "applications/acme.md:11: documents: '../../secret.pdf' is not copied into the site: it is outside the journal",
        "applications/acme.md:12: documents: 'cv/sneaky.pdf' is not copied into the site: it is a link to a "
        "file outside the journal",
        f"applications/acme.md:13: documents: '{outside}' is not copied into the site: it is outside the journal",
    ]
    assert (site / "files" / "cv" / "backend v3.pdf").read_bytes() == b"%PDF-1.4 cv"
    assert (site / "files" / "letters" / "acme.md").read_bytes() == b"Dear Acme"
    assert sorted(p.name for p in (site / "files").rglob("*") if p.is_file()) == ["acme.md", "backend v3.pdf"]
    page = (site / "applications" / "acme.html").read_text("utf-8")
    assert (
        '<a href="../files/cv/backend%20v3.pdf" data-document="cv/backend v3.pdf">backend v3.pdf</a>' in page
    )
    assert 'letters/gone.md</span> <span class="flag flag-error">missing</span>' in page
    assert (
        '../../secret.pdf</span> <span class="flag flag-error">not copied: outside the journal</span>' in page
    )
    assert (
        'cv/sneaky.pdf</span> <span class="flag flag-error">not copied: a link to a file outside the journal'
        in page
    )
    copied = b"".join(p.read_bytes() for p in site.rglob("*") if p.is_file())
    assert b"the secret text" not in copied
    # Changed, the copy follows; no longer listed, it goes (the manifest knows it is journal's).
    journal.write("cv/backend v3.pdf", "%PDF-1.4 cv, second version")
    journal.write(
        "applications/acme.md",
        "---\ncompany: Acme\nrole: Engineer\nstatus: applied\napplied: 2026-11-01\n---\n",
    )
    build(journal.root, TODAY, site)
    assert not (site / "files").exists()


def test_the_funnel_by_cv_version_and_by_tag_marks_too_few_to_compare(journal, tmp_path: Path):
    for index in range(6):
        journal.application(
            f"v3-{index}",
            cv="backend-v3" if index % 2 else "Backend-V3",
            tags="[python]",
            status="screening" if index < 3 else "applied",
        )
    for index in range(2):
        journal.application(f"v1-{index}", cv="backend-v1", tags="[python, go]", status="interviewing")
    journal.application("none", tags="[]")
    journal.application("wish", cv="backend-v1", status="wishlist", applied=None)  # not counted
    apps = load_journal(journal.root).applications
    by_cv = funnel_by_cv(apps, TODAY)
    assert [(g.label, g.funnel.applied, g.too_few) for g in by_cv] == [
        ("Backend-V3", 6, False),  # one version whatever the case, shown as most often written
        ("backend-v1", 2, True),
        ("CV not recorded", 1, True),
    ]
    assert (by_cv[0].funnel.response_rate.percent, by_cv[0].funnel.interview_rate.percent) == ("50%", "0%")
    assert (by_cv[1].funnel.response_rate.percent, by_cv[1].funnel.interview_rate.percent) == ("100%", "100%")
    assert [(g.label, g.funnel.applied) for g in funnel_by_tag(apps, TODAY)] == [
        ("python", 8),
        ("go", 2),
        ("No tags", 1),
    ]
    site = build(journal.root, TODAY, tmp_path / "site").output
    text = page_text(site / "stats.html")
    assert (
        "By CV version" in text
        and "Backend-V3 6 50% (3) 0% (0) backend-v1 too few to compare 2 100% (2) 100% (2) "
        "CV not recorded too few to compare 1 0% (0) 0% (0)"
        in text
    )
    assert "By tag" in text and "python 8 " in text


def test_a_watcher_follows_a_document_that_comes_goes_and_changes(journal, tmp_path: Path):
    from jobjournal.live.session import BuildSession
    from watch_helpers import clean_build, snapshot

    journal.application("acme", documents="[cv/v1.pdf]")
    session = BuildSession(journal.root, tmp_path / "site")
    session.build(TODAY)
    assert not (tmp_path / "site" / "files").exists()
    journal.write("cv/v1.pdf", "%PDF-1.4 one")  # no entry file changed: the session still looks again
    session.build(TODAY, ["cv/v1.pdf"])
    assert (tmp_path / "site" / "files" / "cv" / "v1.pdf").read_bytes() == b"%PDF-1.4 one"
    assert snapshot(tmp_path / "site") == clean_build(journal.root, TODAY, tmp_path / "clean-1")
    journal.write("cv/v1.pdf", "%PDF-1.4 two")
    session.build(TODAY, ["cv/v1.pdf"])
    assert (tmp_path / "site" / "files" / "cv" / "v1.pdf").read_bytes() == b"%PDF-1.4 two"
    (journal.root / "cv" / "v1.pdf").unlink()
    result = session.build(TODAY, ["cv/v1.pdf"])
    assert not (tmp_path / "site" / "files" / "cv" / "v1.pdf").exists()
    messages = [p.message for p in result.journal.problems]
    assert any(m.startswith("documents: there is no file 'cv/v1.pdf'") for m in messages), messages
    assert snapshot(tmp_path / "site") == clean_build(journal.root, TODAY, tmp_path / "clean-2")
