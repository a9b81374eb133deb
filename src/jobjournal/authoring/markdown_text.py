"""Plain text written into a Markdown file so that every renderer shows it as it was: text stays text.

Used for words that come from elsewhere (a LinkedIn message, a job page): a `![p](https://...)` in them must
not become an image that loads when the file is previewed (VS Code, GitHub, Obsidian), a `<img onerror=...>`
no HTML, a `# line` no heading. markdownify's own escaping (its `escape_misc` option) puts a backslash before
each character Markdown reads as syntax; `<` is then written as an entity, which no renderer reads as a tag.
"""

from __future__ import annotations

from functools import cache


@cache
def _converter():
    from markdownify import MarkdownConverter  # only when text is written: commands start fast otherwise

    return MarkdownConverter(escape_misc=True)


def escape_text(text: str) -> str:
    """`text` (one line or several) as Markdown that shows exactly these characters."""
    converter = _converter()
    return "\n".join(converter.escape(line, set()).replace("\\<", "&lt;") for line in text.split("\n"))
