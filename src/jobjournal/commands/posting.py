"""`journal posting`: keep an application's job posting in postings/SLUG.md, from a file or (--fetch) its link."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from jobjournal.commands.options import journal_option, journal_root, today
from jobjournal.commands.output import echo


@click.command()
@click.argument("slug")
@click.argument("file", required=False, type=click.Path(path_type=Path, dir_okay=False, allow_dash=True))
@click.option(
    "--fetch",
    is_flag=True,
    help="Download the application's link (the only journal command that uses the network).",
)
@click.option("--replace", is_flag=True, help="Replace the posting already kept.")
@journal_option
def posting(slug: str, file: Path | None, fetch: bool, replace: bool, journal_dir: Path | None) -> None:
    """Keep the job posting of the application SLUG, as Markdown in postings/SLUG.md.

    FILE is a saved web page (HTML), a PDF's text, or '-' to paste the text
    (end with Ctrl-D). With --fetch, the application's `link` is downloaded
    instead: this is the ONLY journal command that uses the network, and only
    when you ask. It sends one request (and no cookies), follows at most 5
    redirects, gives up after 10 seconds, and refuses anything but http(s).

    Scripts, styles, trackers, forms, frames and images are stripped; the
    application's page shows the posting under a fold, with the day it was
    kept. Without FILE or --fetch, says whether a posting is kept.

    \b
    Example:
      journal posting acme-backend ~/Downloads/acme-backend.html
      pbpaste | journal posting acme-backend -
      journal posting acme-backend --fetch
      journal posting acme-backend --fetch --replace
    """
    from jobjournal.authoring.postings import PostingError, posting_file
    from jobjournal.authoring.scan import UnknownSlug, find_entry
    from jobjournal.cli import shown_path

    root = journal_root(journal_dir)
    try:
        kind, entry_path = find_entry(root, slug)
    except UnknownSlug as exc:
        raise click.ClickException(str(exc)) from None
    slug = entry_path.name[:-3]
    if kind != "application":
        raise click.ClickException(f"{slug} is a {kind}: postings belong to applications")
    target = posting_file(root, slug)
    if file is None and not fetch:
        _show(target, slug)
        return
    if file is not None and fetch:
        raise click.UsageError("give FILE or --fetch, not both")
    if target.exists() and not replace:
        raise click.ClickException(
            f"{shown_path(target)} already keeps a posting; pass --replace to replace it"
        )
    try:
        if fetch:
            kept, source = _from_link(entry_path)
        else:
            kept = read_posting_file(file)
            source = kept.canonical or source_name(file)  # a saved page says where it was
    except PostingError as exc:
        raise click.ClickException(str(exc)) from None
    _write(root, slug, kept, source, replace)


def read_posting_file(file: Path | None):
    """A posting from FILE ('-': standard input), as Markdown; PostingError says what is wrong."""
    from jobjournal.authoring.postings import MAX_POSTING_BYTES, PostingError, posting_from_bytes

    if file is None or str(file) == "-":
        if sys.stdin.isatty():
            echo("Paste the posting, then press Ctrl-D on a line of its own:", err=True)
        raw = sys.stdin.buffer.read(MAX_POSTING_BYTES + 1)
        name = "standard input"
    else:
        try:
            with file.open("rb") as handle:
                raw = handle.read(MAX_POSTING_BYTES + 1)
        except OSError as exc:
            raise PostingError(f"cannot read {file}: {exc.strerror or exc}") from None
        name = str(file)
    try:
        kept = posting_from_bytes(raw)
    except PostingError as exc:
        raise PostingError(f"{name} {exc}") from None
    if not kept.markdown.strip():
        raise PostingError(f"{name} holds no text: nothing to keep")
    return kept


def source_name(file: Path | None) -> str:
    return "pasted text" if file is None or str(file) == "-" else file.name


def _from_link(entry_path: Path):
    from jobjournal.authoring.fetch import FetchFailed, fetch
    from jobjournal.authoring.postings import PostingError, posting_from_bytes
    from jobjournal.journal.source import SourceError, decode, parse

    try:
        link = str(parse(decode(entry_path.read_bytes())).meta.get("link") or "").strip()
    except (OSError, SourceError) as exc:
        raise PostingError(f"cannot read {entry_path.name}: {exc}") from None
    if not link:
        raise PostingError(
            f"{entry_path.name} has no `link:` to download; add one, or pass the saved page as FILE"
        )
    echo(f"Downloading {link} ...", err=True)
    try:
        found = fetch(link)
    except FetchFailed as exc:
        raise PostingError(f"{link}: {exc}") from None
    kind = found.content_type.split(";")[0].strip().lower()
    if kind and not (kind.startswith("text/") or kind in ("application/xhtml+xml", "application/pdf")):
        raise PostingError(f"{link} is not a web page ({kind}): save the posting's text and pass it as FILE")
    try:
        kept = posting_from_bytes(found.raw, found.content_type, found.url)
    except PostingError as exc:
        raise PostingError(f"{link} {exc}") from None
    if not kept.markdown.strip():
        raise PostingError(
            f"{link} has no text in it (a page that needs JavaScript to show the posting?): save the "
            "page from your browser, or copy its text, and pass that as FILE"
        )
    return kept, found.url


def _write(root: Path, slug: str, kept, source: str, replace: bool) -> None:
    from jobjournal.authoring.postings import write_posting
    from jobjournal.cli import shown_path

    try:
        path = write_posting(root, slug, kept, today(), source, replace=replace)
    except FileExistsError:
        raise click.ClickException(
            f"{shown_path(root / 'postings' / (slug + '.md'))} already keeps a posting; pass --replace"
        ) from None
    except OSError as exc:
        raise click.ClickException(f"cannot write the posting: {exc.strerror or exc}") from None
    what = "from the saved page" if kept.html else "as text"
    echo(f"Kept the posting in {shown_path(path)} ({kept.words:,} words, {what}).")


def _show(target: Path, slug: str) -> None:
    from jobjournal.cli import shown_path
    from jobjournal.journal.source import SourceError, decode, parse

    if not target.exists():
        echo(
            f"No posting kept for {slug}. Keep one with `journal posting {slug} FILE` (a saved page, or - to "
            f"paste it), or `journal posting {slug} --fetch` to download its link."
        )
        return
    try:
        source = parse(decode(target.read_bytes()))
        saved, where = source.meta.get("saved"), source.meta.get("source")
        words = len(source.body.split())
    except (OSError, SourceError):
        saved, where, words = None, None, 0
    parts = [f"kept {saved}" if saved else "kept", f"from {where}" if where else "", f"{words:,} words"]
    echo(f"{shown_path(target)}: " + ", ".join(p for p in parts if p))
