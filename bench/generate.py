"""A deterministic synthetic journal for benchmarks: `write_journal(folder, n)` gives the same files for the same n.

About 60% applications, 40% contacts and a few events, with realistic front-matter (status history,
contacts, tags, follow-ups), dated log headings, task lists and [[wiki-links]] between entries, and
bodies of 300 to 2,000 bytes. Reusable from any bench script:

    from bench.generate import write_journal
    root = write_journal(tmp / "journal", 10_000)
"""

from __future__ import annotations

import random
from datetime import date, timedelta
from pathlib import Path

COMPANIES = (
    "Acme Robotics",
    "Globex Logistics",
    "Initech",
    "Umbrella Health",
    "Hooli",
    "Pied Piper",
    "Stark Industries",
    "Wayne Analytics",
    "Cyberdyne",
    "Tyrell Systems",
    "Soylent Foods",
    "Vandelay Imports",
    "Brightwater",
    "Cobblestone Maps",
    "Kestrel Games",
    "Lumen Loom",
    "Pinecrest Health",
    "Quillfeather",
    "Saltmarsh Studio",
    "Tidewater Energy",
    "Harbor Lane",
    "Northwind Traders",
    "Contoso",
    "Fabrikam",
    "Litware",
    "Adatum",
)
ROLES = (
    "Backend Engineer",
    "Platform Engineer",
    "Site Reliability Engineer",
    "Data Engineer",
    "Full-Stack Developer",
    "ML Engineer",
    "Engineering Manager",
    "DevOps Engineer",
    "Staff Engineer",
    "Tools Programmer",
)
FIRST = (
    "Jane",
    "Marcus",
    "Lena",
    "Noah",
    "Priya",
    "Rosa",
    "Sam",
    "Tom",
    "Aiko",
    "Omar",
    "Ines",
    "Kofi",
    "Mei",
)
LAST = ("Doe", "Bell", "Fischer", "Park", "Nair", "Delgado", "Okafor", "Whitaker", "Sato", "Haddad", "Silva")
STATUSES = ("wishlist", "applied", "screening", "interviewing", "offer", "rejected", "withdrawn", "ghosted")
PIPELINE = ("applied", "screening", "interviewing", "offer")
CLOSED = frozenset({"rejected", "withdrawn", "ghosted"})
WORDS = (
    "team",
    "pipeline",
    "latency",
    "on-call",
    "roadmap",
    "hiring",
    "manager",
    "culture",
    "remote",
    "salary",
    "interview",
    "design",
    "coding",
    "recruiter",
    "referral",
    "follow-up",
    "onsite",
    "offer",
    "deadline",
    "python",
    "kafka",
    "kubernetes",
    "postgres",
    "observability",
    "budget",
    "equity",
    "relocation",
    "visa",
)
START = date(2025, 6, 1)


def _sentence(rng: random.Random, links: list[str]) -> str:
    words = [rng.choice(WORDS) for _ in range(rng.randint(6, 16))]
    if links and rng.random() < 0.3:
        words.insert(rng.randrange(len(words)), f"[[{rng.choice(links)}]]")
    return " ".join(words).capitalize() + "."


def _body(rng: random.Random, links: list[str], when: date) -> str:
    target = rng.randint(300, 2000)
    parts = [_sentence(rng, links) + " " + _sentence(rng, links)]
    day = when
    while sum(len(p) for p in parts) < target:
        choice = rng.random()
        if choice < 0.45:
            day += timedelta(days=rng.randint(1, 20))
            parts.append(f"## {day.isoformat()} {rng.choice(WORDS).capitalize()} {rng.choice(WORDS)}")
            parts.append(" ".join(_sentence(rng, links) for _ in range(rng.randint(1, 3))))
        elif choice < 0.7:
            parts.append(
                "\n".join(f"- [{rng.choice(' x')}] {_sentence(rng, links)}" for _ in range(rng.randint(2, 4)))
            )
        else:
            parts.append(" ".join(_sentence(rng, links) for _ in range(rng.randint(2, 4))))
    return "\n\n".join(parts)[: max(target, 300)].rstrip() + "\n"


def _application(rng: random.Random, slug: str, contacts: list[str], links: list[str]) -> str:
    company, role = rng.choice(COMPANIES), rng.choice(ROLES)
    applied = START + timedelta(days=rng.randint(0, 520))
    status = rng.choice(STATUSES)
    lines = [f"company: {company}", f"role: {role}", f"status: {status}"]
    if status != "wishlist":  # a wishlist entry with an `applied` date is warned about
        lines.append(f"applied: {applied.isoformat()}")
    if contacts and rng.random() < 0.5:
        lines.append(
            f"contacts: [{', '.join(rng.sample(contacts, k=min(len(contacts), rng.randint(1, 2))))}]"
        )
    lines += [
        f"source: {rng.choice(('referral', 'job board', 'company site', 'recruiter'))}",
        f"link: https://careers.example.com/{slug}",
        f"location: {rng.choice(('Remote', 'Riverton (hybrid)', 'Harborview', 'Berlin'))}",
        f"tags: [{rng.choice(WORDS)}, {rng.choice(WORDS)}]",
    ]
    if rng.random() < 0.3:
        follow_up = applied + timedelta(days=rng.randint(7, 40))
        if status not in CLOSED:  # one left on an ended application is warned about
            lines.append(f"follow_up: {follow_up.isoformat()}")
    if status != "wishlist":
        lines.append("history:")
        day = applied
        lines.append(f"  - {{date: {day.isoformat()}, status: applied, note: sent the application}}")
        steps = PIPELINE[1 : rng.randint(1, 4)]
        for step in steps:
            day += timedelta(days=rng.randint(3, 15))
            lines.append(f"  - {{date: {day.isoformat()}, status: {step}}}")
        if (steps[-1] if steps else "applied") != status:  # the history ends where `status` says
            lines.append(f"  - {{date: {(day + timedelta(days=9)).isoformat()}, status: {status}}}")
    return "---\n" + "\n".join(lines) + "\n---\n\n" + _body(rng, links, applied)


def _contact(rng: random.Random, name: str, links: list[str]) -> str:
    met = START + timedelta(days=rng.randint(0, 520))
    lines = [
        f"name: {name}",
        f"company: {rng.choice(COMPANIES)}",
        f"role: {rng.choice(ROLES)}",
        f"email: {name.lower().replace(' ', '.')}@example.com",
        f"last_contact: {met.isoformat()}",
        f"tags: [{rng.choice(WORDS)}]",
    ]
    if rng.random() < 0.3:
        lines.append(f"stay_in_touch_days: {rng.choice((14, 30, 60, 90))}")
    return "---\n" + "\n".join(lines) + "\n---\n\n" + _body(rng, links, met)


def _event(rng: random.Random, index: int, contacts: list[str], links: list[str]) -> str:
    when = START + timedelta(days=rng.randint(0, 560))
    people = ", ".join(rng.sample(contacts, k=min(len(contacts), 3)))
    lines = [
        f"title: {rng.choice(WORDS).capitalize()} meetup {index}",
        f"date: {when.isoformat()}",
        f"location: {rng.choice(('Harborview Library', 'Online', 'Town hall'))}",
        f"contacts: [{people}]",
    ]
    return "---\n" + "\n".join(lines) + "\n---\n\n" + _body(rng, links, when)


def journal_files(n: int, seed: int = 7) -> dict[str, str]:
    """relative path -> text for a journal of `n` entries (always the same for the same n and seed)."""
    rng = random.Random(seed)
    events = max(1, n // 100)
    contacts_n = (n - events) * 2 // 5
    apps_n = n - events - contacts_n
    names = [f"{rng.choice(FIRST)} {rng.choice(LAST)}" for _ in range(contacts_n)]
    contact_slugs = [f"{name.lower().replace(' ', '-')}-{i}" for i, name in enumerate(names)]
    app_slugs = [f"application-{i:05d}" for i in range(apps_n)]
    links = contact_slugs + app_slugs
    files = {"journal.toml": 'title = "Benchmark journal"\n'}
    for slug in app_slugs:
        files[f"applications/{slug}.md"] = _application(rng, slug, contact_slugs, links)
    for slug, name in zip(contact_slugs, names, strict=True):
        files[f"contacts/{slug}.md"] = _contact(rng, name, links)
    for i in range(events):
        files[f"events/event-{i:03d}.md"] = _event(rng, i, contact_slugs, links)
    return files


def write_journal(root: Path, n: int, seed: int = 7) -> Path:
    """Write the journal of `n` entries under `root` (created if needed) and return `root`."""
    for relative, text in journal_files(n, seed).items():
        path = root / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    return root
