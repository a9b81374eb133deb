"""A watcher's load after a few saves patches the last load: it must equal a load from scratch, always."""

from __future__ import annotations

import os
import random
from datetime import date

import pytest

from jobjournal.journal import load
from jobjournal.journal.load import load_journal
from jobjournal.journal.loadcache import LoadCache

CONTACTS = ("jane-doe", "sam-okafor", "lena-fischer")
TODAY = date(2026, 12, 4)
APPS = ("acme-backend", "globex-sre", "initech-data")


@pytest.fixture
def patches(monkeypatch) -> list[bool]:
    """Whether each load with a last load to start from was patched (True) or made whole (False)."""
    seen: list[bool] = []
    real = load._patch

    def watching(*args):
        files = real(*args)
        seen.append(files is not None)
        return files

    monkeypatch.setattr(load, "_patch", watching)
    return seen


def seed(journal) -> None:
    for slug in CONTACTS:
        journal.contact(slug, f"Met [[{APPS[0]}]].\n\n## 2026-10-02 Coffee\n", company="Acme")
    for index, slug in enumerate(APPS):
        journal.application(slug, f"Via [[{CONTACTS[index]}]].\n", contacts=f"[{CONTACTS[index]}]")
    journal.event("winter-fair", "Met [[sam-okafor]].\n", contacts="[sam-okafor]")
    journal.contact("acme-backend", "Same slug as an application.\n")  # a duplicate slug
    journal.write("applications/broken.md", "---\ncompany: [unclosed\n---\n")


def edit(rng: random.Random, journal) -> str:
    """A save a user might make; most keep every entry's title, as status and notes edits do."""
    roll = rng.random()
    slug = rng.choice(APPS)
    if roll < 0.3:
        status = rng.choice(["applied", "interviewing", "rejected", "nonsense"])
        # "jane": unknown, suggested by name and by company (a contact's company is an input of it)
        contacts = rng.choice([*CONTACTS, "nobody", "jane"])
        body = f"Note {rng.randint(0, 99)} on [[{rng.choice([*CONTACTS, 'gone'])}]].\n\n## 2026-11-3{rng.randint(0, 9)} Call\n"
        # A bad optional value (kept without it), an `applied` date after today (a warning), or neither.
        more = rng.choice([{}, {"follow_up": "2026-12-10 14:00"}, {"applied": "2027-01-05"}])
        return _path(journal.application(slug, body, status=status, contacts=f"[{contacts}]", **more))
    if roll < 0.5:
        contact = rng.choice(CONTACTS)
        # Without its required name the contact is left out; with a bad date it is kept without it.
        name = rng.choice([{}, {}, {"name": ""}, {"last_contact": "2026-02-30"}])
        company = rng.choice(["Acme", "Acme", "Globex"])
        return _path(journal.contact(contact, f"Lunch {rng.randint(0, 99)}.\n", company=company, **name))
    if roll < 0.6:
        return _path(journal.application(slug, "Retitled.\n", company=rng.choice(["Acme", "Globex"])))
    if roll < 0.7:  # valid <-> invalid
        text = rng.choice(
            ["---\ncompany: [unclosed\n---\n", "---\ncompany: Fixed\nrole: R\nstatus: applied\n---\n"]
        )
        return _path(journal.write("applications/broken.md", text))
    if roll < 0.8:
        journal.write("journal.toml", f'title = "T{rng.randint(0, 9)}"\n')
        return "journal.toml"
    if roll < 0.9:
        path = journal.root / "events" / "later.md"
        if path.exists():
            path.unlink()
        else:
            journal.event("later", "New.\n")
        return "events/later.md"
    return _path(journal.event("winter-fair", f"Met [[{rng.choice(CONTACTS)}]] again.\n"))


def _path(file) -> str:
    return f"{file.parent.name}/{file.name}"


def test_loads_after_random_saves_equal_loads_from_scratch(journal, patches):
    seed(journal)
    cache = LoadCache()
    load_journal(journal.root, cache)
    rng = random.Random(20261126)
    for step in range(60):
        changed = [edit(rng, journal) for _ in range(rng.randint(1, 2))]
        if rng.random() < 0.8:  # a watcher forgets what it saw change; a missed event leaves the stat to tell
            cache.forget(changed)
        else:  # a coarse clock could give a same-size save the same mtime: the stat must tell here
            for path in (journal.root / relative for relative in changed):
                if path.exists():
                    os.utime(path, ns=(0, (1_000_000 + step) * 1_000_000_000))
        patched = load_journal(journal.root, cache, today=TODAY)
        assert patched == load_journal(journal.root, today=TODAY), f"step {step}: {changed}"
    assert patches.count(True) > 20 and patches.count(False) > 5  # both ways were taken, many times


def test_a_changed_file_is_found_by_its_stat_alone(journal):
    seed(journal)
    cache = LoadCache()
    load_journal(journal.root, cache)
    journal.application("globex-sre", "Second interview booked.\n", status="interviewing")
    loaded = load_journal(journal.root, cache)  # nothing forgotten: no event was seen
    app = next(app for app in loaded.applications if app.slug == "globex-sre")
    assert (app.status, "Second interview" in app.body_html) == ("interviewing", True)
    assert loaded == load_journal(journal.root)


def test_many_changed_files_load_whole(journal, patches, monkeypatch):
    seed(journal)
    cache = LoadCache()
    load_journal(journal.root, cache)
    monkeypatch.setattr(load, "PATCH_LIMIT", 2)
    for slug in APPS:
        journal.application(slug, "Bulk edit.\n", status="rejected")
    loaded = load_journal(journal.root, cache)
    assert patches == [False]
    assert [app.status for app in loaded.applications] == ["rejected"] * 3
    assert loaded == load_journal(journal.root)


def test_bodies_of_earlier_saves_are_let_go(journal):
    seed(journal)
    cache = LoadCache()
    load_journal(journal.root, cache)
    for step in range(200):
        journal.application("globex-sre", f"Edit {step}.\n")
        cache.forget(["applications/globex-sre.md"])
        load_journal(journal.root, cache)
    assert len(cache.bodies) < 100  # about one per file, plus those of recent saves


def test_a_file_left_out_for_one_error_then_unreadable_keeps_none_of_its_old_problems(journal, patches):
    """An application missing its role, with an unknown contact, then saved as malformed YAML: both are
    left out, so the load is patched, and the contact's problem must go with the version that had it."""
    seed(journal)
    path = journal.write(
        "applications/broken.md", "---\ncompany: X\nstatus: applied\ncontacts: [nobody]\n---\n"
    )
    cache = LoadCache()
    first = load_journal(journal.root, cache)
    assert any("unknown contact 'nobody'" in p.message for p in first.problems)
    path.write_text("---\ncompany: X\ncontacts: [nobody]\ntags: [unclosed\n---\n", "utf-8")
    cache.forget(["applications/broken.md"])
    patched = load_journal(journal.root, cache)
    assert patches[-1] is True
    assert not any("unknown contact" in p.message for p in patched.problems)
    assert patched == load_journal(journal.root)


def test_a_contacts_company_is_an_input_of_the_suggestion_for_an_unknown_contact(journal, patches):
    """`contacts: jane` on an application is suggested Jane Doe at its company: a save that moves Jane
    Doe to another company changes the application's problem, though that file did not change."""
    seed(journal)
    journal.application("globex-sre", "Via Jane.\n", company="Globex", contacts="[jane]")
    cache = LoadCache()
    load_journal(journal.root, cache, today=TODAY)
    for company in ("Globex", "Acme"):
        changed = _path(journal.contact("jane-doe", "Lunch.\n", company=company))
        cache.forget([changed])
        patched = load_journal(journal.root, cache, today=TODAY)
        assert patched == load_journal(journal.root, today=TODAY), company
        hint = next(p.message for p in patched.problems if "unknown contact 'jane'" in p.message)
        assert hint.endswith(f"did you mean 'jane-doe' (Jane Doe at {company})?")
