"""A journal written to break things: script payloads in every field, odd file names, broken files.

Tests build it and check that every page renders the payloads as text, loads nothing, runs nothing,
validates and stays accessible. Dates are relative to conftest's TODAY, so every view has content:
ghosted applications, stale contacts, due follow-ups, upcoming and past events.
"""

from __future__ import annotations

import json
from datetime import date, timedelta
from pathlib import Path

import yaml

# Each one, rendered as markup instead of text, would run script, load something or restyle the page.
PAYLOADS = (
    "<script>alert('script')</script>",
    '"><svg onload=alert("svg")>',
    "'><img src=x onerror=alert('img')>",
    "javascript:alert('js')",
    "data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==",
    '</style><style>body{display:none}</style><link rel=stylesheet href="http://example.com/x.css">',
    'x" style="background:url(http://example.com/leak)" class="status-offer',
    "{{ 7*7 }}{% raw %}",
)
SCRIPT = PAYLOADS[0]
SVG = PAYLOADS[1]

# File names a browser has to percent-encode, or a shell quote, and that are still valid entries.
ODD_SLUGS = (
    "space and #hash",
    "percent 100% ?query",
    "ünïcødé-名前",
    '"><svg onload=alert(1)>',
    "it's <b>bold & amp;",
    "#starts-with-hash",
    "javascript:alert(1)",
)


def _dump(meta: dict) -> str:
    return yaml.safe_dump(meta, allow_unicode=True, sort_keys=False, width=10_000)


def _entry(meta: dict, body: str) -> str:
    return f"---\n{_dump(meta)}---\n{body}"


def _body(today: date) -> str:
    past = (today - timedelta(days=3)).isoformat()
    return "\n\n".join(
        [
            f"## {past} {SCRIPT} call",
            "Raw HTML stays text: <script>alert('body')</script> <img src=x onerror=alert('body')>",
            '<iframe src="http://example.com"></iframe>',
            "[js link](javascript:alert('link')) [data link](data:text/html,<script>alert(1)</script>)",
            "[vb](vbscript:msgbox(1)) <javascript:alert('autolink')> [file](file:///etc/passwd)",
            "![tracking pixel](http://example.com/pixel.png) ![svg](data:image/svg+xml;base64,PHN2Zz48L3N2Zz4=)",
            "![inline gif](data:image/gif;base64,R0lGODlhAQABAAAAACw=)",
            '[[" onmouseover="alert(1)]] [[x|<img src=x onerror=alert(2)>]] [[jane "quoted" doe]]',
            "[[space and #hash]] [[percent 100% ?query|percent page]] [[ünïcødé-名前]]",
            "[[\"><svg onload=alert(1)>]] [[it's <b>bold & amp;]] [[javascript:alert(1)]]",
            "Unbalanced *emphasis and `code and [link( and <div> and [[unclosed",
            "---",
            "A line after a thematic break that looks like front-matter: `status: offer`",
            "| table | <script>alert('cell')</script> |\n|---|---|\n| a | b |",
            "NUL and controls: \x00 \x01 \x1b[31m \x7f \u0085 \ufffe \U0010ffff end",
            "- [ ] task <b>not bold</b>\n- [x] done",
        ]
    )


def write_hostile_journal(root: Path, today: date) -> Path:
    """Write the journal under `root` and return it."""
    root.mkdir(parents=True, exist_ok=True)
    (root / "journal.toml").write_text(
        f"title = {json.dumps(SCRIPT + ' ' + SVG)}\nstale_after_days = 30\n", encoding="utf-8"
    )
    for folder in ("applications", "contacts", "events"):
        (root / folder).mkdir(exist_ok=True)
    day = lambda n: (today - timedelta(days=n)).isoformat()  # noqa: E731
    for index, payload in enumerate(PAYLOADS):
        meta = {
            "company": f"{payload} Corp",
            "role": payload,
            "status": ("applied", "interviewing", "offer", "rejected", "wishlist", "ghosted")[index % 6],
            "applied": day(60 + index),
            "contacts": [ODD_SLUGS[index % len(ODD_SLUGS)], payload],
            "source": payload,
            "link": f"https://example.com/{payload}",
            "location": payload,
            "salary": payload,
            "tags": [payload, 'x" onmouseover="alert(1)', "</li><script>alert(1)</script>"],
            "follow_up": day(2),
            "history": [{"date": day(50 + index), "status": "screening", "note": payload}],
            payload: payload,  # an extra field whose name is the payload
            "nested_extra": {"a": [payload, {"b": payload}], "n": None, "t": True},
            # Interviews today, tomorrow and just over (with a payload everywhere), an offer, documents.
            "interviews": [
                {
                    "at": f"{day(index % 3 - 1)} 10:30",
                    "kind": payload,
                    "with": [ODD_SLUGS[index % len(ODD_SLUGS)], payload],
                    "where": payload,
                    "note": payload,
                },
                {"at": day(-3), "kind": "onsite", "where": f"https://example.com/{payload}"},
            ],
            "offer": {
                "base": payload,
                "currency": payload,
                "deadline": day(-1),
                payload: payload,
                "notes": payload,
            },
            "cv": payload,
            "documents": [payload, f"../{payload}"],
        }
        if meta["status"] == "wishlist":
            meta.pop("applied")
        (root / "applications" / f"payload-{index}.md").write_text(
            _entry(meta, _body(today)), encoding="utf-8"
        )
        # Its kept posting: the payload in every field and in the text.
        (root / "postings").mkdir(exist_ok=True)
        posting = {"saved": day(61), "source": payload, "title": payload}
        (root / "postings" / f"payload-{index}.md").write_text(
            _entry(posting, f"# {payload}\n\n{_body(today)}"), encoding="utf-8"
        )
    for index, slug in enumerate(ODD_SLUGS):
        contact = {
            "name": f"{PAYLOADS[index % len(PAYLOADS)]} {slug}",
            "company": f"{slug} Inc",
            "role": PAYLOADS[(index + 1) % len(PAYLOADS)],
            # One address (anything else is refused), with every character an address may hold that
            # means something in HTML or a URL: a quote, `=`, `/`, backtick, braces, `|`, `~`, `^`, `!`, `$`, `*`.
            "email": f"o'neil+{index}=x/y`{{|}}~^!$*@ex-ample.example",
            "phone": "javascript:alert('tel')",
            "linkedin": f'https://example.com/in/{slug}"onmouseover=alert(1)',
            "tags": [slug, PAYLOADS[index % len(PAYLOADS)]],
            "last_contact": day(90),
            "follow_up": day(1),
            # A past colleague at a payload company: on its application's page, with a referral draft.
            "past_companies": [f"{PAYLOADS[index % len(PAYLOADS)]} Corp"],
        }
        (root / "contacts" / f"{slug}.md").write_text(_entry(contact, _body(today)), encoding="utf-8")
        # An application per odd name too, so the index table and company pages carry them.
        app = {"company": slug, "role": slug, "status": "applied", "applied": day(40), "contacts": [slug]}
        (root / "applications" / f"app {slug}.md").write_text(
            _entry(app, f"See [[{slug}]]."), encoding="utf-8"
        )
    for index, payload in enumerate(PAYLOADS[:3]):
        event = {
            "title": payload,
            "date": day(10 - 20 * index),  # past and upcoming
            "location": payload,
            "contacts": list(ODD_SLUGS[:3]),
            "tags": [payload],
        }
        (root / "events" / f"event-{index}.md").write_text(_entry(event, _body(today)), encoding="utf-8")
    _write_broken_files(root)
    return root


def _write_broken_files(root: Path) -> None:
    """Files that are reported as problems; their messages quote the payloads back into the page."""
    apps = root / "applications"
    (apps / "bad-status.md").write_text(_entry({"company": "X", "role": "Y", "status": SCRIPT}, ""), "utf-8")
    (apps / "latin1.md").write_bytes("---\ncompany: Caf\xe9\n---\n".encode("latin-1"))
    (apps / "utf16.md").write_bytes("---\ncompany: X\n---\n".encode("utf-16"))
    (apps / "empty.md").write_bytes(b"")
    lol = "a: &a [lol, lol, lol, lol, lol, lol, lol, lol, lol]\n" + "".join(
        f"{chr(98 + i)}: &{chr(98 + i)} [{', '.join([f'*{chr(97 + i)}'] * 9)}]\n" for i in range(8)
    )
    (apps / "billion-laughs.md").write_text(f"---\n{lol}---\n", "utf-8")
    (apps / "python-tag.md").write_text(
        "---\ncompany: !!python/object/apply:os.system ['true']\n---\n", "utf-8"
    )
    (apps / f"{SCRIPT.replace('/', '|')}.md").write_text(f"---\ncompany: {SVG!r}\n---\n", "utf-8")
    (apps / ".hidden.md").write_text("---\nthis: is ignored\n", "utf-8")
