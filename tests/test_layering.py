"""The folders show the pipeline, and the imports keep to it: each package imports only the layers below it.

commands → live → build → cache → site → views → journal, with `history` (git) beside `views` and
`authoring` (writing into the journal) beside `site`. A module's layer is its package under
`src/jobjournal/`, or its own name for the three modules at the top. Lazy imports inside functions and
imports for type checking count too: they are how circles creep back in.
"""

from __future__ import annotations

import ast
from pathlib import Path

from conftest import REPO

PACKAGE = REPO / "src" / "jobjournal"

# Layer -> the layers it may import (besides itself and `jobjournal.__version__`).
ALLOWED: dict[str, set[str]] = {
    "journal": set(),
    "views": {"journal"},
    "history": {"journal"},
    "site": {"journal", "views"},
    "authoring": {"journal", "views"},
    "cache": {"journal", "views", "history", "site"},
    "build": {"journal", "views", "history", "site", "cache"},
    "live": {"journal", "views", "history", "site", "cache", "build"},
    "cli": set(),  # it names each command module as a string, imported when that command runs
    "commands": {"journal", "views", "history", "site", "authoring", "cache", "build", "live", "cli"},
    "entry": {"cli"},
    "__main__": {"entry"},
    "__init__": set(),
}


def layer_of(module: str) -> str:
    """`jobjournal.site.render` → `site`; `jobjournal.build` → `build`; `jobjournal` → `__init__`."""
    parts = module.split(".")
    return parts[1] if len(parts) > 1 else "__init__"


def module_name(path: Path) -> str:
    parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def imported_modules(source: str, module: str, is_package: bool = False) -> set[str]:
    """Every jobjournal module `source` imports, anywhere in it: `from jobjournal.x import y` names x.y
    when y is a module of x, so both are given."""
    found = set()
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            if node.level:  # relative: resolve against this module's package
                base = module.split(".") if is_package else module.split(".")[:-1]
                target = ".".join(base[: len(base) - node.level + 1] + ([node.module] if node.module else []))
            else:
                target = node.module or ""
            found.add(target)
            found.update(f"{target}.{alias.name}" for alias in node.names)
    return {name for name in found if name == "jobjournal" or name.startswith("jobjournal.")}


def known_modules() -> dict[str, Path]:
    return {module_name(path): path for path in PACKAGE.rglob("*.py")}


def violations(module: str, imports: set[str], known: set[str]) -> list[str]:
    own = layer_of(module)
    wrong = []
    for target in sorted(imports & known):
        layer = layer_of(target)
        if target != "jobjournal" and layer != own and layer not in ALLOWED[own]:
            wrong.append(f"{module} imports {target}: the {own} layer may import only {sorted(ALLOWED[own])}")
    return wrong


def import_graph() -> dict[str, set[str]]:
    modules = known_modules()
    return {
        name: imported_modules(path.read_text("utf-8"), name, path.name == "__init__.py") & set(modules)
        for name, path in modules.items()
    }


def test_every_import_runs_down_the_layers():
    known = set(known_modules())
    wrong = [
        line for module, imports in import_graph().items() for line in violations(module, imports, known)
    ]
    assert wrong == []


def test_src_holds_eight_folders_and_the_top_modules():
    folders = sorted(p.name for p in PACKAGE.iterdir() if p.is_dir() and p.name != "__pycache__")
    assert folders == sorted(
        ["journal", "views", "history", "site", "cache", "live", "authoring", "commands"]
    )
    top = sorted(p.stem for p in PACKAGE.glob("*.py"))
    assert top == ["__init__", "__main__", "build", "cli", "entry"]
    for folder in folders:
        init = PACKAGE / folder / "__init__.py"
        assert init.is_file(), f"{folder}/ has no __init__.py"
        docstring = ast.get_docstring(ast.parse(init.read_text("utf-8")))
        assert docstring and "import" in docstring.lower(), (
            f"{folder}/__init__.py must say what it owns and may import"
        )


def test_no_module_imports_itself_back_through_others():
    graph = import_graph()
    cycles = []
    for start in sorted(graph):
        stack, seen = [(start, (start,))], set()
        while stack:
            module, path = stack.pop()
            for target in graph.get(module, ()):
                if target == start:
                    cycles.append(" → ".join((*path, start)))
                elif target not in seen:
                    seen.add(target)
                    stack.append((target, (*path, target)))
    assert cycles == []


def test_the_check_finds_an_upward_import_a_lazy_one_and_a_type_checking_one():
    known = {
        "jobjournal.views.derive",
        "jobjournal.site.render",
        "jobjournal.build",
        "jobjournal.journal.model",
    }
    upward = "from jobjournal.site.render import render_pages\n"
    lazy = "def f():\n    from jobjournal import build\n"
    typing_only = (
        "from typing import TYPE_CHECKING\nif TYPE_CHECKING:\n    from jobjournal.site import render\n"
    )
    for source in (upward, lazy, typing_only):
        imports = imported_modules(source, "jobjournal.views.derive")
        assert violations("jobjournal.views.derive", imports, known), source
    allowed = "from jobjournal.journal.model import Journal\nfrom jobjournal import __version__\n"
    assert (
        violations("jobjournal.views.derive", imported_modules(allowed, "jobjournal.views.derive"), known)
        == []
    )
