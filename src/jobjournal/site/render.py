"""Pages -> HTML bytes through the Jinja2 theme chain: the journal's own `theme/` first, then the default theme."""

from __future__ import annotations

import os
import re
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from datetime import date
from pathlib import Path
from typing import Any

import jinja2
from jinja2.loaders import split_template_path
from jinja2.sandbox import SandboxedEnvironment, SecurityError
from markupsafe import Markup

from jobjournal.journal.dates import parse_iso
from jobjournal.journal.filenames import is_editor_temp
from jobjournal.journal.model import Journal, Problem
from jobjournal.journal.parallel import forks, map_chunks
from jobjournal.journal.safe_read import leads_out
from jobjournal.journal.urls import href, mailto_href, tel_href
from jobjournal.site import deadline
from jobjournal.site.pagecode import isolated, page_environment_class
from jobjournal.site.plan import NAVIGATION, Page, company_path, entry_path, relative_url, tag_path
from jobjournal.site.themes import confinement, default_theme_dir, environment_class, theme_dirs, usable  # noqa: F401 (re-exported for themes and tests)
from jobjournal.views.derive import Views
from jobjournal.views.insights import item_anchor

MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")


class ThemeError(Exception):
    """A template could not be rendered; `problem` says where and why."""

    def __init__(self, problem: Problem) -> None:
        super().__init__(problem.format())
        self.problem = problem


def static_files(dirs: Iterable[Path]) -> dict[str, Path]:
    """Output path -> source file for every static file; a journal's file wins over the default one."""
    found: dict[str, Path] = {}
    for theme in reversed(list(dirs)):
        static = theme / "static"
        if static.is_dir() and usable(static, theme):
            for file in sorted(static.rglob("*")):
                # No `style.css~` in the site, and no link out of the journal (see themes.py).
                if file.is_file() and not is_editor_temp(file.name) and usable(file, theme):
                    found[f"static/{file.relative_to(static).as_posix()}"] = file
    return dict(sorted(found.items()))


class _ConfinedLoader(jinja2.FileSystemLoader):
    """A FileSystemLoader for one folder that never reads a file leading out of `root` (None: any file)."""

    def __init__(self, folder: Path, root: Path | None) -> None:
        super().__init__(str(folder))
        self.root = root

    def get_source(self, environment: jinja2.Environment, template: str):
        if self.root is not None:
            path = os.path.join(self.searchpath[0], *split_template_path(template))
            if os.path.lexists(path) and leads_out(path, self.root):
                raise jinja2.TemplateNotFound(template)  # the next theme in the chain has it, or none does
        return super().get_source(environment, template)


def theme_loader(dirs: list[Path], folder: str) -> jinja2.BaseLoader:
    """Templates from `folder` (templates/ or messages/) of each theme, the first found winning; a
    journal theme's template that leads out of the journal is passed over (see themes.py)."""
    return jinja2.ChoiceLoader([_ConfinedLoader(d / folder, confinement(d)) for d in dirs])


def format_date(value: date | None) -> Markup:
    if value is None:
        return Markup("")
    # An f-string, not Markup.format: called for every date on every page, and nothing here needs escaping.
    return Markup(
        f'<time datetime="{value.isoformat()}">{value.day} {MONTHS[value.month - 1]} {value.year}</time>'
    )


def written_value(value: Any) -> Any:
    """A value shown as written, but a date (YYYY-MM-DD, nothing else) shown as every date is (`format_date`)."""
    if isinstance(value, date):
        return format_date(value)
    day = parse_iso(value) if isinstance(value, str) and len(value) == 10 else None
    return value if day is None else format_date(day)


def plural(count: int, word: str) -> str:
    return f"{count} {word}" if count == 1 else f"{count} {word}s"


@jinja2.pass_context
def _url(context: jinja2.runtime.Context, target: str) -> str:
    path, _, fragment = target.partition("#")  # a theme's own path, such as 'stale.html#ghosted'
    return relative_url(path, context["page"].path, fragment)


@jinja2.pass_context
def _entry_url(context: jinja2.runtime.Context, entry: Any, anchor: str = "") -> str:
    return relative_url(entry_path(entry), context["page"].path, anchor)


@jinja2.pass_context
def _company_url(context: jinja2.runtime.Context, company: Any) -> str:
    return relative_url(company_path(company, context["settings"].company_aliases), context["page"].path, "")


@jinja2.pass_context
def _tag_url(context: jinja2.runtime.Context, tag: Any) -> str:
    return relative_url(tag_path(tag), context["page"].path, "")


class Fragments:
    """`{% call fragment(name, *key) %}...{% endcall %}`: the body rendered once per build for each key.

    For the parts of a page that are the same on many pages, such as base.html's header and footer
    (a quarter of an entry page's rendering). The key must hold everything in the body that differs
    from page to page (`page.folder` for relative links); the rest must be the same for the whole build.
    """

    def __init__(self) -> None:
        self._rendered: dict[tuple[Any, ...], str] = {}

    def __call__(self, *key: Any, caller: Callable[[], str]) -> str:
        if key not in self._rendered:
            self._rendered[key] = caller()
        return self._rendered[key]


def problem_anchor(path: str) -> str:
    """The id of a file's first problem in the problems banner (_problems.html), which links to it."""
    return item_anchor("problem", path)


def days_text(count: int | None) -> str:
    return "" if count is None else plural(count, "day")


def _value_text(value: Any) -> str:
    """Unknown front-matter values, shown as readable text whatever their YAML type."""
    if isinstance(value, list):
        return ", ".join(_value_text(item) for item in value)
    if isinstance(value, dict):
        return "; ".join(f"{k}: {_value_text(v)}" for k, v in value.items())
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, date):
        return value.isoformat()
    return "" if value is None else str(value)


def make_environment(dirs: list[Path]) -> jinja2.Environment:
    """The page templates of the theme chain, each read and compiled once.

    No auto-reload: it stats every template a page uses (5 or 6) on every page. A caller that keeps the
    environment while the theme may change makes a new one when it does (live/session.py does, on a
    change to the theme's files).
    """
    env = page_environment_class(environment_class(dirs, "templates"))(
        loader=theme_loader(dirs, "templates"),
        auto_reload=False,
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        finalize=isolated,
    )
    env.filters.update(
        date=format_date,
        days=days_text,
        plural=plural,
        value_text=_value_text,
        written=written_value,
        href=href,
        mailto=mailto_href,
        tel=tel_href,
        problem_anchor=problem_anchor,
    )
    env.globals.update(
        url=_url, entry_url=_entry_url, company_url=_company_url, tag_url=_tag_url, navigation=NAVIGATION
    )
    return env


def render_pages(
    pages: list[Page],
    journal: Journal,
    views: Views,
    dirs: list[Path],
    extra_context: dict[str, Any] | None = None,
    env: jinja2.Environment | None = None,
    parallel: bool = False,
    sink: Callable[[str, bytes], Any] | None = None,
    meanwhile: Callable[[], Any] | None = None,
) -> dict[str, Any]:
    """Render every page: path -> bytes; raises ThemeError naming the template and line when one is broken.

    `env` is an environment from `make_environment(dirs)` kept between builds, to skip compiling templates.
    `parallel`: render a big site on every core (see parallel.py); never from a process with threads.
    `sink`: called with each page's path and bytes as soon as it is rendered (in the worker, when
    parallel), so the site is never held in memory whole; what it returns takes the bytes' place.
    `meanwhile`: called once in this process while the workers render (see parallel.map_chunks).
    """
    env = env or make_environment(dirs)
    limit = _time_limit(env)
    shared = {
        "journal": journal,
        "settings": journal.settings,
        "views": views,
        "today": views.today,
        "problems": journal.problems,
        "entries": journal.by_slug(),
        "fragment": Fragments(),
        # Per-build values (the drafts) go in the context, never in env.globals: a watcher keeps one
        # environment across builds, and Jinja2 caches what an import without context saw there.
        **(extra_context or {}),
    }

    def render_chunk(chunk: Sequence[Page], emit: Callable[[str, bytes], Any] | None = sink):
        rendered = []
        for page in chunk:
            try:
                template = env.get_template(page.template)
                with deadline.page_deadline(limit, page.path):
                    html = template.render({**shared, **page.context, "page": page})
            except Exception as exc:  # undefined names, and plain Python errors such as {{ 1 / 0 }}
                return theme_error(
                    exc, page.template, dirs
                ).problem  # a Problem pickles; an exception may not
            data = html_bytes(html)
            rendered.append((page.path, data if emit is None else emit(page.path, data)))
            # A big list page is megabytes twice over (the text and its bytes): not kept alive while
            # the next page renders, which would add it to a worker's peak memory.
            del html, data
        return rendered

    if parallel and forks(len(pages)):
        # One page of each template that many pages share, here: forked workers then start with those
        # templates (and all they import) compiled, instead of each compiling them again. Not the
        # one-page templates: the list pages are the heaviest, rendering them twice would cost more.
        counts = Counter(page.template for page in pages)
        firsts = {page.template: page for page in reversed(pages) if counts[page.template] > 1}
        warm = render_chunk(list(firsts.values()), None)
        if isinstance(warm, Problem):
            raise ThemeError(warm)
    output: dict[str, Any] = {}
    if parallel:
        chunks = map_chunks(render_chunk, pages, meanwhile=meanwhile)
    else:
        chunks = [render_chunk(pages)]
        if meanwhile is not None:
            meanwhile()
    for chunk in chunks:
        if isinstance(chunk, Problem):
            raise ThemeError(chunk)
        output.update(chunk)
    return output


def _time_limit(env: jinja2.Environment) -> float | None:
    """The CPU seconds a page may take: a limit for a journal's own templates (the sandbox), none for ours."""
    return deadline.PAGE_SECONDS if isinstance(env, SandboxedEnvironment) else None


def render_document(template_name: str, context: dict[str, Any], dirs: list[Path]) -> str:
    """Render one standalone theme template that is not a site page (such as `report.html`); raises ThemeError."""
    env = make_environment(dirs)
    try:
        with deadline.page_deadline(_time_limit(env), template_name):
            return printable_html(env.get_template(template_name).render(context))
    except Exception as exc:  # as in render_pages: a theme's mistake is reported, never a traceback
        raise theme_error(exc, template_name, dirs) from None


def theme_error(exc: Exception, template: str, dirs: list[Path]) -> ThemeError:
    """A ThemeError naming the template file and line where `exc` happened."""
    if isinstance(exc, ThemeError):
        return exc  # already located, e.g. a broken message template used by a page
    if isinstance(exc, jinja2.TemplateSyntaxError):
        return ThemeError(_theme_problem(exc, exc.filename, exc.lineno, dirs))
    filename, line = _template_frame(exc, template)
    return ThemeError(_theme_problem(exc, filename, line, dirs))


# Code points HTML forbids in a document (C0/C1 controls other than whitespace, noncharacters) and lone
# surrogates, which YAML escapes such as "\x01" or "\uFFFE" can put in any value: shown as U+FFFD.
# Two patterns, because one class listing the 34 astral noncharacters makes `re` test each character
# against a list (30x slower on a big page); astral characters are rare, so that pass runs only when needed.
_FORBIDDEN = re.compile("[\x00-\x08\x0b\x0e-\x1f\x7f-\x9f\ud800-\udfff\ufdd0-\ufdef\ufffe\uffff]")
_ASTRAL = re.compile("[\U00010000-\U0010ffff]")
_FORBIDDEN_ASTRAL = re.compile(
    "["
    + "".join(f"{chr(plane * 0x10000 + 0xFFFE)}{chr(plane * 0x10000 + 0xFFFF)}" for plane in range(1, 17))
    + "]"
)


# The forbidden C0 controls and DEL as UTF-8 bytes (no other character's encoding holds them), and every
# ASCII byte: deleting those from UTF-8 leaves exactly the encodings of the non-ASCII characters.
_FORBIDDEN_ASCII_BYTES = bytes([*range(0x00, 0x09), 0x0B, *range(0x0E, 0x20), 0x7F])
_ASCII_BYTES = bytes(range(0x80))


def printable_html(html: str) -> str:
    html = _FORBIDDEN.sub("\ufffd", html)
    if not html.isascii() and _ASTRAL.search(html):
        html = _FORBIDDEN_ASTRAL.sub("\ufffd", html)
    return html


# Pages are checked for forbidden ASCII bytes a slice at a time: translating a 10 MB page whole would
# copy it, adding its size to the peak memory of the worker rendering it.
_CHECKED_SPAN = 1 << 20


def _holds_forbidden_ascii(data: bytes) -> bool:
    for start in range(0, len(data), _CHECKED_SPAN):
        part = data[start : start + _CHECKED_SPAN] if len(data) > _CHECKED_SPAN else data
        if len(part.translate(None, _FORBIDDEN_ASCII_BYTES)) != len(part):
            return True
    return False


def html_bytes(html: str) -> bytes:
    """`printable_html(html)` as UTF-8, checked without running the regexes over the whole page.

    The regexes cost ~13 ns a character (over 100 µs on an entry page), and a page almost never holds a
    forbidden character: two `bytes.translate` passes prove that in a few µs, leaving the regexes only
    the page's few non-ASCII characters; only a page that does hold one takes the slow path.
    """
    try:
        data = html.encode("utf-8")
    except UnicodeEncodeError:  # a lone surrogate
        return printable_html(html).encode("utf-8")
    if not _holds_forbidden_ascii(data):
        wide = data.translate(None, _ASCII_BYTES).decode("utf-8")
        if not _FORBIDDEN.search(wide) and not _FORBIDDEN_ASTRAL.search(wide):
            return data
    return printable_html(html).encode("utf-8")


def _template_frame(exc: Exception, fallback: str) -> tuple[str, int | None]:
    """The innermost template file and line in a rendering error's traceback (Jinja2 rewrites frames to them)."""
    found: tuple[str, int | None] = (fallback, None)
    tb = exc.__traceback__
    while tb is not None:
        filename = tb.tb_frame.f_code.co_filename
        if filename.endswith((".html", ".txt", ".xml")):
            found = (filename, tb.tb_lineno)
        tb = tb.tb_next
    return found


def _theme_problem(exc: Exception, filename: str | None, line: int | None, dirs: list[Path]) -> Problem:
    where = filename or "theme"
    for theme in dirs:
        try:
            where = Path(where).resolve().relative_to(theme.parent.resolve()).as_posix()
            break
        except ValueError:
            continue
    return Problem(
        where, line, f"theme template error: {_what_went_wrong(exc)}; fix the template or remove it"
    )


def _what_went_wrong(exc: Exception) -> str:
    if isinstance(exc, jinja2.TemplateNotFound):
        return (
            f"no template '{exc.name}' in the theme (include, import and extends name a template by its path "
            "inside the theme's templates/ or messages/ folder; nothing outside the theme is read)"
        )
    if isinstance(exc, RecursionError):
        return (
            "no end to it: a macro that calls itself with no way out, or templates that include or extend "
            "each other in a circle"
        )
    if isinstance(exc, SecurityError):
        return f"a template of the journal's theme may not reach into Python itself ({exc})"
    return str(exc)
