"""The offline search index: what it holds, how it is encoded, how big it gets, and how pages load it."""

from __future__ import annotations

import dataclasses
import itertools
import json
import random
import re

from conftest import TODAY
from jobjournal.build import build
from jobjournal.journal.load import load_journal
from jobjournal.journal.model import Application, Contact, Journal, Settings
from jobjournal.site import search
from jobjournal.site.search import HEAD, INDEX_GLOBAL, INDEX_PATH, TAIL, encode_numbers, fold, search_index_js


def read_index(path) -> dict:
    text = path.read_text(encoding="utf-8")
    prefix = f"window.{INDEX_GLOBAL} = "
    assert text.startswith(prefix) and text.endswith(";\n")
    return json.loads(text[len(prefix) : -2])


def decode_numbers(text: str) -> list[int]:
    """What search.js does with a posting list."""
    numbers, value, previous = [], 0, 0
    for char in text:
        if char in HEAD:
            value = value * 32 + HEAD.index(char)
        else:
            previous += value * 32 + TAIL.index(char)
            numbers.append(previous)
            value = 0
    return numbers


def entries_with(index: dict, word: str) -> list[str]:
    words = index["words"].split(" ")
    postings = index["postings"].split(" ")
    numbers = decode_numbers(postings[words.index(word)])
    return [index["entries"][n][1] for n in numbers]


def test_the_index_finds_entries_by_body_words_and_lists_their_fields(journal):
    journal.application(
        "acme-backend",
        "## 2026-11-12 Onsite\n\nDesigned a **telemetry** pipeline; asked about on-call.\n",
        company="Acme Robotics",
        role="Backend Engineer",
        status="interviewing",
        tags="[python, robotics]",
    )
    journal.contact("jane-doe", "Met at the Café Zoë meetup; talked about telemetry.\n", name="Jane Doe")
    journal.event("winter-fair", "Booths: Acme, Globex.\n", title="Winter Fair", location="Riverton")
    build(journal.root, TODAY)
    index = read_index(journal.root / "_site" / INDEX_PATH)
    kinds = index["kinds"]
    rows = {row[1]: row for row in index["entries"]}
    assert rows["applications/acme-backend.html"] == [
        kinds.index("application"),
        "applications/acme-backend.html",
        "Backend Engineer at Acme Robotics",
        "Acme Robotics · interviewing",
        "python robotics",
    ]
    assert rows["events/winter-fair.html"][2:4] == ["Winter Fair", "2026-11-10 · Riverton"]
    assert entries_with(index, "telemetry") == ["applications/acme-backend.html", "contacts/jane-doe.html"]
    assert entries_with(index, "zoe") == [
        "contacts/jane-doe.html"
    ]  # accents folded, as search.js folds queries
    assert entries_with(index, "globex") == ["events/winter-fair.html"]
    words = index["words"].split(" ")
    assert {"onsite", "designed", "pipeline", "call"} <= set(words)
    # Markup, numbers, stop words and words already in the title or detail are left out: they cost space for nothing.
    for word in ("strong", "2026", "the", "on", "python", "interviewing"):
        assert word not in words
    assert entries_with(index, "acme") == ["events/winter-fair.html"]  # the application shows it in its title


def test_the_same_journal_gives_the_same_index(journal):
    journal.application("b", "Beta words here.\n")
    journal.application("a", "Alpha words here.\n")
    first = build(journal.root, TODAY).output / INDEX_PATH
    before = first.read_bytes()
    second = build(journal.root, TODAY, journal.root.parent / "elsewhere").output / INDEX_PATH
    assert second.read_bytes() == before


def test_posting_lists_round_trip_through_the_compact_encoding():
    rng = random.Random(8)
    for _ in range(200):
        numbers = sorted(rng.sample(range(100_000), rng.randint(1, 60)))
        encoded = encode_numbers(numbers)
        assert re.fullmatch(r"[A-Za-z0-9_-]+", encoded)
        assert decode_numbers(encoded) == numbers
    assert encode_numbers([0, 1, 2, 33]) == "abb5"  # gaps 0, 1, 1, 31: one letter each
    assert encode_numbers([1000]) == "-i"  # 1000 = 31 * 32 + 8: a HEAD digit, then a TAIL one


def test_fold_matches_what_the_browser_does():
    assert fold("Café ZOË Ångström") == "cafe zoe angstrom"
    assert fold("plain ascii") == "plain ascii"


def generated_journal(count: int, words_per_body: int = 120) -> Journal:
    """`count` entries with bodies drawn from a 6,000-word vocabulary with a natural (Zipf) spread."""
    rng = random.Random(10_000)
    syllables = [
        "ka",
        "ro",
        "mi",
        "ten",
        "sul",
        "bra",
        "ve",
        "lo",
        "qui",
        "dar",
        "nex",
        "po",
        "tri",
        "gan",
        "el",
    ]
    vocabulary = sorted({"".join(rng.choices(syllables, k=rng.randint(2, 4))) for _ in range(6000)})
    cumulative = list(itertools.accumulate(1 / (rank + 1) for rank in range(len(vocabulary))))
    applications, contacts = [], []
    for n in range(count):
        body = " ".join(rng.choices(vocabulary, cum_weights=cumulative, k=words_per_body))
        html = f'<h2 id="n{n}" class="log-entry"><time datetime="2026-10-01">2026-10-01</time> Call</h2><p>{body}</p>'
        if n % 3:
            applications.append(
                Application(
                    slug=f"company-{n}-backend-engineer",
                    path=f"applications/company-{n}-backend-engineer.md",
                    company=f"Company {n % 900}",
                    role="Senior Backend Engineer",
                    status="applied",
                    location="Remote",
                    tags=("python", "backend"),
                    body_html=html,
                )
            )
        else:
            contacts.append(
                Contact(
                    slug=f"person-{n}",
                    path=f"contacts/person-{n}.md",
                    name=f"Person {n}",
                    company=f"Company {n % 900}",
                    role="Engineering Manager",
                    email=f"person.{n}@example.com",
                    body_html=html,
                )
            )
    return Journal("/generated", Settings(), tuple(applications), tuple(contacts))


def test_the_index_of_ten_thousand_entries_stays_within_a_few_megabytes():
    data = search_index_js(generated_journal(10_000))
    # Measured: about 2.5 MB for 10,000 entries with 120-word bodies; a word list per entry took about 10 MB.
    assert len(data) < 3_000_000, len(data)


def test_a_memo_works_out_only_new_entries_and_gives_the_same_index(monkeypatch):
    journal = generated_journal(50)
    memo: dict = {}
    assert search_index_js(journal, memo) == search_index_js(journal)
    made: list[str] = []
    real = search._index_entry
    monkeypatch.setattr(
        search, "_index_entry", lambda entry, *status: made.append(entry.slug) or real(entry, *status)
    )
    changed = dataclasses.replace(journal.applications[3], body_html="<p>Quite new words.</p>")
    edited = dataclasses.replace(
        journal, applications=(*journal.applications[:3], changed, *journal.applications[4:])
    )
    with_memo = search_index_js(edited, memo)
    assert made == [changed.slug]
    assert with_memo == search_index_js(edited)
    assert len(memo) == len(edited.entries)


def test_every_page_has_a_search_box_that_knows_where_the_index_and_the_home_page_are(journal):
    journal.application("acme-backend", company="Acme")
    site = build(journal.root, TODAY).output
    for page, up in (("index.html", ""), ("stale.html", ""), ("applications/acme-backend.html", "../")):
        text = (site / page).read_text()
        box = re.search(r'<div class="site-search"[^>]*>', text).group(0)
        assert f'data-index="{up}search-index.js"' in box
        assert f'data-home="{up}index.html"' in box
        assert box.endswith(" hidden>")  # shown by search.js; without JS there is no dead box
        assert f'<script src="{up}static/search.js" defer></script>' in text
    company = (site / "companies" / "acme.html").read_text()
    assert 'data-home="../index.html"' in company


def test_the_index_leaves_out_entries_with_errors(journal):
    journal.application("good", "Findable words.\n")
    journal.write("applications/bad.md", "---\ncompany: X\nrole: Y\nstatus: maybe\n---\nsecretword\n")
    result = build(journal.root, TODAY)
    assert load_journal(journal.root).errors
    index = read_index(result.output / INDEX_PATH)
    assert [row[1] for row in index["entries"]] == ["applications/good.html"]
    assert "secretword" not in index["words"]
