"""The package's shape: no import cycles, no private names across modules, a core that never needs the app.

The import graph is read from the source with :mod:`ast` (imports inside
functions count too: a cycle hidden in a function still ties the two modules
together), so the checks hold without importing anything.
"""

from __future__ import annotations

import ast
import graphlib
from dataclasses import dataclass
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parent.parent / "annotator"


@dataclass(frozen=True)
class Import:
    """One imported name: ``importer`` takes ``name`` (None for a whole module) from module ``source``."""

    importer: str
    source: str
    name: str | None
    line: int


def modules(root: Path) -> dict[str, Path]:
    """Dotted module names of the package at ``root`` (a package is named by its ``__init__.py``)."""
    out = {}
    for path in sorted(root.rglob("*.py")):
        parts = list(path.relative_to(root.parent).with_suffix("").parts)
        if parts[-1] == "__init__":
            parts.pop()
        out[".".join(parts)] = path
    return out


def imports(root: Path) -> list[Import]:
    """Every import of a module of the package at ``root`` by another, at any depth of the code."""
    mods = modules(root)
    top = root.name

    def owner(dotted: str) -> str | None:
        while dotted and dotted not in mods:
            dotted = dotted.rpartition(".")[0]
        return dotted or None

    found = []
    targets: list[tuple[str, str | None]]
    for name, path in mods.items():
        package = name if path.name == "__init__.py" else name.rpartition(".")[0]
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), str(path))):
            if isinstance(node, ast.Import):
                targets = [(alias.name, None) for alias in node.names]
            elif isinstance(node, ast.ImportFrom):
                if node.level:
                    base = package.split(".")[: len(package.split(".")) - node.level + 1]
                    stem = ".".join([*base, node.module] if node.module else base)
                else:
                    stem = node.module or ""
                targets = [
                    (f"{stem}.{alias.name}", None) if f"{stem}.{alias.name}" in mods else (stem, alias.name)
                    for alias in node.names
                ]
            else:
                continue
            for dotted, imported in targets:
                source = owner(dotted) if dotted.split(".")[0] == top else None
                if source is not None and source != name:
                    found.append(Import(name, source, imported, node.lineno))
    return found


def import_graph(root: Path) -> dict[str, set[str]]:
    """Each module of the package at ``root`` and the package modules it imports."""
    graph: dict[str, set[str]] = {name: set() for name in modules(root)}
    for imp in imports(root):
        graph[imp.importer].add(imp.source)
    return graph


def cycle(graph: dict[str, set[str]]) -> list[str] | None:
    """Modules that import each other in a ring (the first back to the last), or None."""
    try:
        graphlib.TopologicalSorter(graph).prepare()
    except graphlib.CycleError as err:
        ring: list[str] = err.args[1]
        return ring
    return None


def private_imports(root: Path) -> set[tuple[str, str, str]]:
    """(importer, source, name) for each ``_private`` name one module takes from another."""
    return {
        (i.importer, i.source, i.name)
        for i in imports(root)
        if i.name is not None and i.name.startswith("_") and not i.name.startswith("__")
    }


def app_imports_in_core(root: Path) -> list[str]:
    """Imports of Textual or of ``<package>.tui`` from modules outside ``<package>.tui``."""
    app = f"{root.name}.tui"
    mods = modules(root)

    def in_app(name: str) -> bool:
        return name == app or name.startswith(app + ".")

    out = [
        f"{i.importer}:{i.line}: imports {i.source}"
        for i in imports(root)
        if in_app(i.source) and not in_app(i.importer)
    ]
    for name, path in mods.items():
        if in_app(name):
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), str(path))):
            if isinstance(node, ast.Import):
                targets = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom) and not node.level:
                targets = [node.module or ""]
            else:
                continue
            out.extend(f"{name}:{node.lineno}: imports {t}" for t in targets if t.split(".")[0] == "textual")
    return sorted(set(out))


# ---------------------------------------------------------------- the package itself


def test_the_package_has_no_import_cycle() -> None:
    ring = cycle(import_graph(PACKAGE))
    assert ring is None, "import cycle: " + " -> ".join(ring or ())


def test_no_module_imports_a_private_name_from_another() -> None:
    new = private_imports(PACKAGE)
    assert not new, "private names imported across modules: " + ", ".join(
        f"{importer} takes {name} from {source}" for importer, source, name in sorted(new)
    )


def test_the_core_never_imports_the_app_or_textual() -> None:
    assert app_imports_in_core(PACKAGE) == []


def test_the_graph_sees_the_editing_package_and_function_level_imports() -> None:
    graph = import_graph(PACKAGE)
    assert "annotator.editing.primitives" in graph["annotator.editing.spans"]
    assert "annotator.editing" in graph["annotator.tui.session"]
    assert "annotator.evaluate.scoring" in graph["annotator.evaluate.command"]  # imported inside a function


# ---------------------------------------------------------------- the checks catch what they claim to


def plant(tmp_path: Path, files: dict[str, str]) -> Path:
    root = tmp_path / "pkg"
    for rel, source in {"__init__.py": "", **files}.items():
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(source, encoding="utf-8")
    return root


def test_a_planted_cycle_is_found_and_named(tmp_path: Path) -> None:
    root = plant(
        tmp_path,
        {
            "a.py": "from pkg.b import f\n",
            "b.py": "def f():\n    from .sub import c\n",
            "sub/__init__.py": "",
            "sub/c.py": "import pkg.a\n",
            "d.py": "from pkg import a\n",
        },
    )
    ring = cycle(import_graph(root))
    assert ring is not None
    assert set(ring) == {"pkg.a", "pkg.b", "pkg.sub.c"}
    assert ring[0] == ring[-1]


def test_a_cycle_through_a_package_init_is_found(tmp_path: Path) -> None:
    root = plant(
        tmp_path,
        {"ed/__init__.py": "from pkg.ed.ops import f\n", "ed/ops.py": "from ..ed import g\n"},
    )
    assert set(cycle(import_graph(root)) or ()) == {"pkg.ed", "pkg.ed.ops"}


def test_a_package_without_cycles_passes(tmp_path: Path) -> None:
    root = plant(
        tmp_path,
        {
            "ed/__init__.py": "from pkg.ed.ops import f\nfrom pkg.ed.refs import g\n",
            "ed/ops.py": "def f(): pass\n",
            "ed/refs.py": "from pkg.ed.ops import f\nimport os\n",
        },
    )
    assert cycle(import_graph(root)) is None


def test_private_and_app_imports_are_found(tmp_path: Path) -> None:
    root = plant(
        tmp_path,
        {
            "ops.py": "def _secret(): pass\ndef _own(): pass\nx = _own()\n",
            "refs.py": "def f():\n    from .ops import _secret, __doc__\n",
            "tui/__init__.py": "import textual\n",
            "tui/app.py": "from pkg.ops import f\n",
            "core.py": "from pkg.tui.app import App\n",
            "rel.py": "def f():\n    from . import tui\n",
            "cli.py": "def main():\n    from textual.app import App\n",
        },
    )
    assert private_imports(root) == {("pkg.refs", "pkg.ops", "_secret")}
    assert app_imports_in_core(root) == [
        "pkg.cli:2: imports textual.app",
        "pkg.core:1: imports pkg.tui.app",
        "pkg.rel:2: imports pkg.tui",
    ]


@pytest.mark.parametrize(
    "source", ["from pkg.b import x\n", "import pkg.b\n", "from . import b\n", "from .b import x\n"]
)
def test_every_import_form_makes_an_edge(tmp_path: Path, source: str) -> None:
    root = plant(tmp_path, {"a.py": source, "b.py": "x = 1\n"})
    assert import_graph(root)["pkg.a"] == {"pkg.b"}


def test_a_json_evaluation_starts_without_the_printing_and_adjudication_machinery(tmp_path: Path) -> None:
    """Every command pays for what the command line imports before it runs: building the parser, and
    ``evaluate --format json``, which prints no table, import neither rich nor the adjudication code."""
    import subprocess
    import sys

    probe = (
        "import sys, annotator.cli as cli\n"
        "cli.build_parser()\n"
        "import annotator.evaluate.command, annotator.evaluate.api, annotator.evaluate.parallel\n"
        "print(sorted(m for m in sys.modules if m.split('.')[0] in ('rich', 'textual')"
        " or m in ('annotator.adjudicate', 'annotator.formats.brat')))\n"
    )
    out = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True, cwd=tmp_path)
    assert out.stdout.strip() == "[]"
