"""The two forms of front-matter, as python-frontmatter's handlers: YAML between `---` lines (Jekyll,
Obsidian) and TOML between `+++` lines (Hugo, Zola).

journal takes from python-frontmatter its handler classes and its format detection (`detect_format`),
and keeps its own reading, for what the library's `parse()`/`loads()` would lose:

- line numbers: `loads()` strips the text before it splits it, and the library's boundary pattern
  (`^-{3,}\\s*$`) lets `\\s*` run over the blank lines after a `---`, so every line after would be
  off; journal's problems are `path:line`, and `journal log` edits at those lines. So each handler
  here has a boundary that stops at the end of its line, and `split_at`, which also says where the
  front-matter and the body start;
- the BOM and the line ends: decode() (source.py) strips a BOM and turns CRLF and CR into LF before
  detection (the library would not see a front-matter behind a BOM, and leaves a lone CR);
- the loading: the library loads YAML into a dict straight away; journal composes the node tree
  first (keys given twice, values YAML reads as something else, alias bombs refused before anything
  is built: see source.py). Its TOML handler uses the third-party `toml` package, and is missing when
  that is not installed; journal reads TOML with the standard library's `tomllib`;
- the speed: detection is one anchored regex match per form, the split one search for the closing
  line, as the hand-made reader was (docs/performance.md has the figures).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from frontmatter import detect_format
from frontmatter.default_handlers import BaseHandler, JSONHandler, YAMLHandler

__all__ = ["HANDLERS", "TOML", "YAML", "FrontMatterHandler", "JSONHandler", "Parts", "detect_format"]


class Unclosed(ValueError):
    """The front-matter has an opening line and no closing one."""


@dataclass(frozen=True)
class Parts:
    front: str  # the front-matter's text, between the two boundary lines
    front_line: int  # the file line (1-based) of its first line
    body: str
    body_line: int  # the file line where the body starts


class FrontMatterHandler(BaseHandler):
    """A python-frontmatter handler that also says where things are (see the module's docstring)."""

    form = ""  # "yaml" or "toml": what Source.form says, and what `journal log` edits
    CLOSING: re.Pattern[str]

    def split_at(self, text: str) -> Parts:
        opening = self.FM_BOUNDARY.match(text)
        assert opening is not None  # detect() said so
        start = opening.end() + 1 if opening.end() < len(text) else opening.end()
        closing = self.CLOSING.search(text, start)
        if closing is None:
            raise Unclosed(self.END_DELIMITER)
        body_start = closing.end() + 1 if closing.end() < len(text) else closing.end()
        return Parts(text[start : closing.start()], 2, text[body_start:], text.count("\n", 0, body_start) + 1)

    def split(self, text: str) -> tuple[str, str]:
        """The library's interface: (front-matter, body)."""
        parts = self.split_at(text)
        return parts.front, parts.body


class YamlFrontMatter(FrontMatterHandler, YAMLHandler):
    form = "yaml"
    FM_BOUNDARY = re.compile(r"^-{3,}[ \t]*$", re.MULTILINE)
    # YAML's own end of a document, `...`, closes it too.
    CLOSING = re.compile(r"^(?:-{3,}|\.\.\.)[ \t]*$", re.MULTILINE)


class TomlFrontMatter(FrontMatterHandler):
    form = "toml"
    FM_BOUNDARY = re.compile(r"^\+{3,}[ \t]*$", re.MULTILINE)
    CLOSING = FM_BOUNDARY
    START_DELIMITER = END_DELIMITER = "+++"

    def load(self, fm: str, **kwargs: object) -> dict:
        import tomllib

        return tomllib.loads(fm)


YAML = YamlFrontMatter()
TOML = TomlFrontMatter()
# JSON front-matter (a `{` line ... a `}` line) is detected, to say how to write it instead.
HANDLERS = (YAML, TOML, JSONHandler())
