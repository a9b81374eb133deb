"""Helpers for end-to-end tests: run `journal`, read a built site as HTML trees, check its links.

Only the standard library's html.parser: the checks must not depend on what they check.
"""

from __future__ import annotations

import json
import os
import posixpath
import re
import subprocess
import sys
from collections.abc import Iterator
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlsplit

import yaml
from click.testing import CliRunner, Result

from jobjournal.cache.bodycache import BODY_CACHE, BODY_CHANGES, load_cache
from jobjournal.cache.filecache import FILE_CACHE, FILE_CHANGES
from jobjournal.cache.freshness import STATE
from jobjournal.cli import main

VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}
ISO_DATE = re.compile(r"\b\d{4}-\d{2}-\d{2}\b")
SAFE_SCHEMES = ("http", "https", "mailto", "tel")
# Tags whose href/src the browser fetches by itself, without a click.
LOADING_TAGS = {
    "link",
    "script",
    "img",
    "iframe",
    "frame",
    "embed",
    "object",
    "source",
    "video",
    "audio",
    "track",
}


# --- running the command -----------------------------------------------------------------------


def run_cli(*args: str | os.PathLike, env: dict[str, str | None] | None = None) -> Result:
    """`journal ARGS` in this process through click's test runner; JOURNAL_TODAY unset unless given."""
    environment = {"JOURNAL_TODAY": None, **(env or {})}
    return CliRunner().invoke(main, [str(a) for a in args], env=environment)


def run_subprocess(
    *args: str | os.PathLike,
    cwd: Path | None = None,
    env: dict[str, str] | None = None,
    timeout: float = 120,
) -> subprocess.CompletedProcess[str]:
    """`python -m jobjournal ARGS` in a real child process, as a user's shell would run it."""
    environment = {k: v for k, v in os.environ.items() if k != "JOURNAL_TODAY"}
    environment.update(env or {})
    return subprocess.run(
        [sys.executable, "-m", "jobjournal", *(str(a) for a in args)],
        cwd=cwd,
        env=environment,
        capture_output=True,
        text=True,
        timeout=timeout,
        check=False,
    )


def assert_no_traceback(*outputs: str | None) -> None:
    for output in outputs:
        assert "Traceback" not in (output or ""), output


def assert_clean_exit(result: Result) -> None:
    """The command ended by choosing an exit code, not by an exception escaping it."""
    if result.exception is not None and not isinstance(result.exception, SystemExit):
        raise AssertionError(f"journal raised {result.exception!r}\n{result.output}") from result.exception
    assert_no_traceback(result.output)


# --- files ---------------------------------------------------------------------------------------


def snapshot(folder: Path) -> dict[str, bytes | None]:
    """Every file (bytes) and folder (None) under `folder`, by relative path.

    Not the build's records of file stats (freshness.STATE, filecache.FILE_CACHE and FILE_CHANGES):
    inodes and times, different for every build. The render cache's two files hold what the builds
    before rendered (a whole file and the changes since, see bodycache.py): in their place, the
    renders they give the next build, and the manifest without them.
    """
    found: dict[str, bytes | None] = {}
    for path in sorted(folder.rglob("*")):
        relative = path.relative_to(folder).as_posix()
        if relative == ".journal-manifest.json" and path.is_file():
            files = json.loads(path.read_bytes())["files"]
            found[relative] = repr(
                {k: v for k, v in files.items() if k not in (BODY_CACHE, BODY_CHANGES)}
            ).encode()
        elif relative not in (STATE, FILE_CACHE, FILE_CHANGES, BODY_CACHE, BODY_CHANGES):
            found[relative] = None if path.is_dir() else path.read_bytes()
    if (folder / BODY_CACHE).is_file():
        found[f"{BODY_CACHE} as read back"] = repr(sorted(load_cache(folder).bodies.items())).encode()
    return found


def site_bytes(output: Path) -> dict[str, bytes | None]:
    """The site a user sees: not the manifest (times of writing) nor the cache folder."""
    return {
        path: data
        for path, data in snapshot(output).items()
        if path != ".journal-manifest.json" and not path.startswith(".journal-cache")
    }


def file_ids(folder: Path) -> dict[str, tuple[int, int]]:
    """(inode, mtime in ns) of every file: unchanged when a file was left alone."""
    return {
        path.relative_to(folder).as_posix(): (path.stat().st_ino, path.stat().st_mtime_ns)
        for path in sorted(folder.rglob("*"))
        if path.is_file()
    }


def html_files(site: Path) -> list[Path]:
    return sorted(site.rglob("*.html"))


def page_kinds(site: Path) -> dict[str, Path]:
    """One page per template (the body's `page-<template>` class), so every kind of page is covered."""
    kinds: dict[str, Path] = {}
    for page in html_files(site):
        match = re.search(r'<body class="page-([\w-]+)', page.read_text("utf-8"))
        kinds.setdefault(match.group(1) if match else page.name, page)
    return kinds


def front_matter(path: Path) -> dict:
    """An entry file's YAML front-matter, read independently of journal's own loader."""
    text = path.read_text("utf-8-sig")
    return yaml.safe_load(text.split("\n---", 1)[0].removeprefix("---\n")) or {}


def entries(journal_root: Path, folder: str) -> dict[str, dict]:
    """slug -> front-matter for every entry file in one of the journal's folders."""
    return {path.stem: front_matter(path) for path in sorted((journal_root / folder).glob("*.md"))}


# --- HTML as a small tree ------------------------------------------------------------------------


@dataclass(eq=False)
class Element:
    tag: str
    attrs: dict[str, str] = field(default_factory=dict)
    attr_list: list[tuple[str, str]] = field(default_factory=list)  # as written, duplicates included
    children: list[Element | str] = field(default_factory=list)
    parent: Element | None = field(default=None, repr=False)
    line: int = 0

    def iter(self) -> Iterator[Element]:
        yield self
        for child in self.children:
            if isinstance(child, Element):
                yield from child.iter()

    def find_all(self, tag: str | None = None, **attrs: str | bool) -> list[Element]:
        """Descendants (and self) by tag and attributes; `attr=True` means "has the attribute"."""
        wanted = {name.rstrip("_").replace("_", "-"): value for name, value in attrs.items()}
        return [
            el
            for el in self.iter()
            if (tag is None or el.tag == tag)
            and all(
                (name in el.attrs) if value is True else el.attrs.get(name) == value
                for name, value in wanted.items()
            )
        ]

    def find(self, tag: str | None = None, **attrs: str | bool) -> Element | None:
        found = self.find_all(tag, **attrs)
        return found[0] if found else None

    def one(self, tag: str | None = None, **attrs: str | bool) -> Element:
        found = self.find_all(tag, **attrs)
        assert len(found) == 1, f"expected one <{tag} {attrs}>, found {len(found)}"
        return found[0]

    def has_class(self, name: str) -> bool:
        return name in self.attrs.get("class", "").split()

    def text(self) -> str:
        """The text content with whitespace collapsed, as a reader sees it."""
        return " ".join("".join(self._texts()).split())

    def _texts(self) -> Iterator[str]:
        for child in self.children:
            if isinstance(child, str):
                yield child
            elif child.tag not in ("script", "style"):
                yield from child._texts()

    def text_nodes(self) -> Iterator[tuple[str, Element]]:
        """Every piece of text with the element it sits in."""
        for el in self.iter():
            for child in el.children:
                if isinstance(child, str):
                    yield child, el

    def ancestors(self) -> Iterator[Element]:
        node = self.parent
        while node is not None:
            yield node
            node = node.parent

    def inside(self, tag: str) -> bool:
        return self.tag == tag or any(a.tag == tag for a in self.ancestors())


class _TreeBuilder(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.root = Element("#document")
        self.current = self.root

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        pairs = [(name, value or "") for name, value in attrs]
        element = Element(tag, dict(pairs), pairs, parent=self.current, line=self.getpos()[0])
        self.current.children.append(element)
        if tag not in VOID:
            self.current = element

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.handle_starttag(tag, attrs)
        if tag not in VOID:
            self.current = self.current.parent or self.root

    def handle_endtag(self, tag: str) -> None:
        node: Element | None = self.current
        while node is not None and node.tag != tag:
            node = node.parent
        if node is not None and node.parent is not None:  # a stray end tag is ignored, as browsers do
            self.current = node.parent

    def handle_data(self, data: str) -> None:
        self.current.children.append(data)


def parse_html(text: str) -> Element:
    builder = _TreeBuilder()
    builder.feed(text)
    builder.close()
    return builder.root


def parse_page(path: Path) -> Element:
    return parse_html(path.read_text("utf-8"))


# --- links ---------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Link:
    page: str  # relative to the site root
    tag: str
    attr: str
    value: str
    line: int


def links(site: Path, page: Path, tree: Element | None = None) -> list[Link]:
    tree = tree or parse_page(page)
    where = page.relative_to(site).as_posix()
    return [
        Link(where, el.tag, attr, el.attrs[attr], el.line)
        for el in tree.iter()
        for attr in ("href", "src")
        if attr in el.attrs
    ]


# The index's view in its address, which journal.js reads (#status=NAME&sort=KEY-asc): not an element's id.
INDEX_VIEW = re.compile(r"(status=[a-z]+|sort=[a-z-]+-(asc|desc))(&(status=[a-z]+|sort=[a-z-]+-(asc|desc)))*")


def is_index_view(target: str, fragment: str) -> bool:
    return target == "index.html" and INDEX_VIEW.fullmatch(unquote(fragment)) is not None


def link_problems(site: Path) -> list[str]:
    """Every link that would not work from file://, or that would load something remote by itself."""
    problems: list[str] = []
    ids: dict[str, set[str]] = {}
    pages = {page: parse_page(page) for page in html_files(site)}
    for page, tree in pages.items():
        ids[page.relative_to(site).as_posix()] = {el.attrs["id"] for el in tree.iter() if "id" in el.attrs}
    for page, tree in pages.items():
        for link in links(site, page, tree):
            problem = _link_problem(site, link, ids)
            if problem:
                problems.append(
                    f"{link.page}:{link.line}: <{link.tag} {link.attr}={link.value!r}>: {problem}"
                )
    return problems


def _link_problem(site: Path, link: Link, ids: dict[str, set[str]]) -> str | None:
    value = link.value.strip()
    if not value:
        return "empty link"
    parts = urlsplit(value)
    if parts.scheme or value.startswith("//"):
        if link.tag in LOADING_TAGS:
            return "loads something that is not a file of the site"
        if link.tag != "a" or parts.scheme.lower() not in SAFE_SCHEMES:
            return "scheme not allowed"
        return None
    if value.startswith("/"):
        return "absolute path: breaks when the site is opened from a folder"
    if value != value.strip() or "\\" in value:
        return "malformed"
    target = posixpath.normpath(posixpath.join(posixpath.dirname(link.page), unquote(parts.path)))
    if not parts.path:
        target = link.page
    if target.startswith("../") or target == "..":
        return "points outside the site"
    path = site / target
    if path.is_dir():
        return "points at a folder: file:// shows a listing, not a page"
    if not path.is_file():
        return f"no such file: {target}"
    fragment = parts.fragment
    if (
        fragment
        and target in ids
        and unquote(fragment) not in ids[target]
        and not is_index_view(target, fragment)
    ):
        return f"no element with id {fragment!r} in {target}"
    return None
