"""Page templates compiled for speed: each `{{ value }}` escaped and bidi-isolated in one call.

`make_environment` (render.py) builds its Jinja2 environment from `page_environment_class`; `isolated` is the
environment's finalize, what every printed value goes through.
"""

from __future__ import annotations

from functools import cache
from typing import Any

import jinja2
from jinja2.compiler import CodeGenerator
from markupsafe import Markup, escape

from jobjournal.journal.controls import isolate_bidi


def isolated(value: Any) -> Any:
    """What a template prints: text that holds bidi controls is isolated, as `<bdi>` would isolate it.

    A right-to-left override (U+202E) in a name would otherwise reverse the text after it on the page.
    FSI ... PDI (controls.isolate_bidi) rather than `<bdi>`: it is right wherever a value lands, an
    attribute or a `<title>` too, whatever the theme. Called for every value a page prints: plain
    ASCII text, nearly all of it, costs one check.
    """
    if type(value) is str and not value.isascii():
        return isolate_bidi(value)
    return value


try:  # markupsafe 3: the C function behind `escape`, which returns text rather than a new Markup
    from markupsafe import _escape_inner  # type: ignore[attr-defined]
except ImportError:  # pragma: no cover (markupsafe 2)

    def _escape_inner(text: str) -> str:
        return str(escape(text))


def escape_isolated(value: Any) -> Any:
    """`escape(isolated(value))` in one call: what every `{{ value }}` of a page prints.

    Jinja2 writes `escape(environment.finalize(value))` for each, three Python calls (a new Markup
    among them) for what is, nearly always, plain ASCII text: a big page prints a million values.
    """
    if type(value) is str:
        return _escape_inner(value if value.isascii() else isolate_bidi(value))
    if type(value) is Markup:
        return value
    return escape(isolated(value))


class PageCodeGenerator(CodeGenerator):
    """Compiles each `{{ value }}` of an autoescaped template to `environment.escape_isolated(value)`.

    Only where Jinja2 would write exactly `escape(environment.finalize(value))`: an `{% autoescape %}`
    block that switches escaping at run time, or a finalize of another kind, keeps Jinja2's own code.
    """

    def _isolates(self, frame: Any, finalize: Any) -> bool:
        eval_ctx = frame.eval_ctx
        return eval_ctx.autoescape and not eval_ctx.volatile and finalize.src == "environment.finalize("

    def _output_child_pre(self, node: Any, frame: Any, finalize: Any) -> None:
        if self._isolates(frame, finalize):
            self.write("environment.escape_isolated(")
        else:
            super()._output_child_pre(node, frame, finalize)

    def _output_child_post(self, node: Any, frame: Any, finalize: Any) -> None:
        if self._isolates(frame, finalize):
            self.write(")")
        else:
            super()._output_child_post(node, frame, finalize)


@cache
def page_environment_class(base: type[jinja2.Environment]) -> type[jinja2.Environment]:
    """`base` (Jinja2's Environment, or the sandbox for a journal's own theme) with the page code generator.

    Jinja2's own code when its compiler lacks the hooks (a future version): slower, the same pages.
    """
    if not all(hasattr(CodeGenerator, hook) for hook in ("_output_child_pre", "_output_child_post")):
        return base
    attributes = {
        "code_generator_class": PageCodeGenerator,
        "escape_isolated": staticmethod(escape_isolated),
    }
    return type(f"Page{base.__name__}", (base,), attributes)
