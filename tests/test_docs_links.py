"""Every link in the documentation leads somewhere: a relative link names a file that exists, and an
`#anchor` names a heading of its page, as GitHub makes heading anchors.

Covers README.md, docs/*.md and the default theme's README. Links to the web (http, https, mailto) are
not followed, and links in code (fenced blocks, `code spans`) are not links.
"""

from __future__ import annotations

import re
from functools import cache
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest

from conftest import REPO

DOCUMENTS = [
    REPO / "README.md",
    *sorted((REPO / "docs").glob("*.md")),
    REPO / "themes" / "default" / "README.md",
]
WEB_SCHEMES = {"http", "https", "mailto"}

FENCE = re.compile(r"^\s*(`{3,}|~{3,})")
CODE_SPAN = re.compile(r"(?<!`)(`+)(?!`)((?:(?!\n\s*\n).)+?)(?<!`)\1(?!`)", re.DOTALL)
INLINE_LINK = re.compile(r"\]\(\s*(<[^>\n]*>|[^\s)]+)(?:\s+(?:\"[^\"]*\"|'[^']*'|\([^)]*\)))?\s*\)")
REFERENCE_DEFINITION = re.compile(r"^ {0,3}\[[^\]]+\]:[ \t]*(<[^>\n]*>|\S+)", re.MULTILINE)
HTML_LINK = re.compile(r"\b(?:href|src)\s*=\s*\"([^\"]*)\"")
ATX_HEADING = re.compile(r"^ {0,3}(#{1,6})(?:[ \t]+(.*?))?(?:[ \t]+#+)?[ \t]*$")
SETEXT_UNDERLINE = re.compile(r"^ {0,3}(?:=+|-+)[ \t]*$")
NOT_A_PARAGRAPH = re.compile(r"^\s*(?:[-*+>|#]|\d+[.)]\s|$)")


def without_fences(text: str) -> str:
    """`text` with the lines of fenced code blocks blanked out (so line numbers still count)."""
    lines, fence = [], ""
    for line in text.split("\n"):
        opening = FENCE.match(line)
        if fence:
            if re.fullmatch(rf"\s*{re.escape(fence[0])}{{{len(fence)},}}\s*", line):  # the closing fence
                fence = ""
            lines.append("")
        elif opening:
            fence = opening.group(1)
            lines.append("")
        else:
            lines.append(line)
    return "\n".join(lines)


def without_code(text: str) -> str:
    """`text` with fenced code blocks and code spans blanked out, line breaks kept."""
    return CODE_SPAN.sub(lambda m: re.sub(r"[^\n]", " ", m.group(0)), without_fences(text))


def heading_text(raw: str) -> str:
    """A heading's text as GitHub renders it: code spans keep their content, markup is dropped."""
    parts = re.split(r"(`+)(.+?)\1", raw)
    shown = []
    for index in range(0, len(parts), 3):
        prose = parts[index]
        prose = re.sub(r"!?\[([^\]]*)\]\([^)]*\)", r"\1", prose)  # links and images: their text
        prose = re.sub(r"<[^>]+>", "", prose)  # inline HTML
        prose = re.sub(r"\\(.)", r"\1", prose)  # backslash escapes
        prose = re.sub(r"\*+|(?<!\w)_+|_+(?!\w)", "", prose)  # emphasis
        shown.append(prose)
        if index + 2 < len(parts):
            shown.append(parts[index + 2])  # a code span's content, as it is
    return "".join(shown).strip()


def github_slug(text: str) -> str:
    """GitHub's anchor for a heading (github-slugger): lowercase, punctuation dropped, each space a '-'."""
    return re.sub(r"[^\w\- ]", "", text.lower()).replace(" ", "-")


def headings(markdown: str) -> list[str]:
    """The text of every heading, ATX (`## Title`) and setext (a line underlined with = or -)."""
    found = []
    lines = without_fences(markdown).split("\n")
    for number, line in enumerate(lines):
        atx = ATX_HEADING.match(line)
        if atx:
            found.append(heading_text(atx.group(2) or ""))
        elif number and SETEXT_UNDERLINE.match(line) and not NOT_A_PARAGRAPH.match(lines[number - 1]):
            found.append(heading_text(lines[number - 1]))
    return found


def anchors(markdown: str) -> set[str]:
    """Every heading anchor of a page; a repeated heading gets -1, -2... as on GitHub."""
    seen: dict[str, int] = {}
    result = set()
    for text in headings(markdown):
        base = slug = github_slug(text)
        while slug in seen:
            seen[base] += 1
            slug = f"{base}-{seen[base]}"
        seen[slug] = 0
        result.add(slug)
    return result


@cache
def anchors_of(path: Path) -> frozenset[str]:
    return frozenset(anchors(path.read_text("utf-8")))


def links(markdown: str) -> list[tuple[int, str]]:
    """Every link target outside code, with its line number: inline links and images, reference
    definitions, and href/src attributes of inline HTML."""
    text = without_code(markdown)
    found = []
    for pattern in (INLINE_LINK, REFERENCE_DEFINITION, HTML_LINK):
        for match in pattern.finditer(text):
            target = match.group(1)
            if target.startswith("<") and target.endswith(">"):
                target = target[1:-1]
            found.append((text.count("\n", 0, match.start(1)) + 1, target))
    return sorted(found)


def broken_links(document: Path, root: Path) -> list[str]:
    """Each link of `document` that leads nowhere, as `path:line: target: why`."""
    problems = []
    where = document.relative_to(root).as_posix()
    for line, target in links(document.read_text("utf-8")):
        parts = urlsplit(target)
        if parts.scheme in WEB_SCHEMES:
            continue
        said = f"{where}:{line}: {target}"
        if parts.scheme or parts.netloc:
            problems.append(f"{said}: not a relative link")
            continue
        path = unquote(parts.path)
        if not path:
            file = document
        elif path.startswith("/"):
            file = (root / path.lstrip("/")).resolve()
        else:
            file = (document.parent / path).resolve()
        if not file.is_relative_to(root.resolve()):
            problems.append(f"{said}: leads out of the repository")
        elif not file.exists():
            problems.append(f"{said}: no such file")
        elif parts.fragment and file.suffix == ".md" and unquote(parts.fragment) not in anchors_of(file):
            problems.append(f"{said}: no heading makes the anchor #{unquote(parts.fragment)}")
    return problems


@pytest.mark.parametrize("document", DOCUMENTS, ids=lambda path: path.relative_to(REPO).as_posix())
def test_every_link_leads_to_a_file_and_heading(document: Path) -> None:
    assert document.is_file()
    assert broken_links(document, REPO) == []


def test_the_readme_links_every_docs_page() -> None:
    linked = {
        (REPO / unquote(urlsplit(target).path)).resolve()
        for _, target in links((REPO / "README.md").read_text("utf-8"))
    }
    pages = {path.resolve() for path in (REPO / "docs").glob("*.md")}
    assert pages, "docs/ holds no page"
    assert sorted(path.name for path in pages - linked) == []


def test_anchors_follow_githubs_rules() -> None:
    page = "\n".join(
        [
            "# Keep the site open while you write: `build --watch` and `serve`",
            "### `journal.toml`",
            '## What "today" means',
            "## Dates, encodings and line endings",
            "## The `stay_in_touch_days` field, **in bold** and _emphasised_",
            "## A [linked](other.md) heading ##",
            "## Étapes à suivre",
            "## Notes",
            "## Notes",
            "## Notes",
            "Setext heading",
            "--------------",
            "```",
            "# Not a heading: in a code block",
            "```",
        ]
    )
    assert anchors(page) == {
        "keep-the-site-open-while-you-write-build---watch-and-serve",
        "journaltoml",
        "what-today-means",
        "dates-encodings-and-line-endings",
        "the-stay_in_touch_days-field-in-bold-and-emphasised",
        "a-linked-heading",
        "étapes-à-suivre",
        "notes",
        "notes-1",
        "notes-2",
        "setext-heading",
    }


def test_a_missing_file_or_heading_is_reported_and_code_is_not_a_link(tmp_path: Path) -> None:
    (tmp_path / "docs").mkdir()
    (tmp_path / "docs" / "other.md").write_text("# Other page\n\n## Real heading\n", "utf-8")
    (tmp_path / "README.md").write_text(
        "\n".join(
            [
                "# Read me",
                "",
                "[fine](docs/other.md), [fine too](docs/other.md#real-heading), [here](#read-me),",
                "[gone](docs/missing.md) and [wrong anchor](docs/other.md#fake-heading)",
                "and [wrong here](#nowhere) and ![an image](docs/no-such.png).",
                '[outside](../elsewhere.md), <a href="docs/gone.html">html</a>, [web](https://example.org/x.md)',
                "`[in a code span](docs/missing.md)` and [mail](mailto:someone@example.org).",
                "```",
                "[in a fence](docs/missing.md)",
                "```",
                "[ref]: docs/also-missing.md",
            ]
        ),
        "utf-8",
    )
    assert broken_links(tmp_path / "README.md", tmp_path) == [
        "README.md:4: docs/missing.md: no such file",
        "README.md:4: docs/other.md#fake-heading: no heading makes the anchor #fake-heading",
        "README.md:5: #nowhere: no heading makes the anchor #nowhere",
        "README.md:5: docs/no-such.png: no such file",
        "README.md:6: ../elsewhere.md: leads out of the repository",
        "README.md:6: docs/gone.html: no such file",
        "README.md:11: docs/also-missing.md: no such file",
    ]
