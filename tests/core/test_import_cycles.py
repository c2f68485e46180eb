"""No import cycles in core/ or gui/: every import counts, at module level, inside functions
(late imports) and under ``if TYPE_CHECKING:``. A late or type-only import hides a cycle
from Python at run time, not from the reader; the dependency must still go one way."""

from __future__ import annotations

import ast
from collections.abc import Iterable, Mapping
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
PACKAGES = ("core", "gui")

# importer -> imported -> line of the first such import in the importer
Graph = dict[str, dict[str, int]]


def module_names(root: Path, packages: Iterable[str]) -> dict[str, Path]:
    """Every module under the packages, by dotted name (a package by its ``__init__``)."""
    found: dict[str, Path] = {}
    for package in packages:
        for path in sorted((root / package).rglob("*.py")):
            parts = path.relative_to(root).with_suffix("").parts
            if parts[-1] == "__init__":
                parts = parts[:-1]
            found[".".join(parts)] = path
    return found


def _known(name: str, modules: Mapping[str, Path]) -> str | None:
    """The longest known module that ``name`` is or lies in (``core.aws.AwsDoor`` -> core.aws)."""
    parts = name.split(".")
    while parts:
        candidate = ".".join(parts)
        if candidate in modules:
            return candidate
        parts.pop()
    return None


def _base(node: ast.ImportFrom, importer: str, modules: Mapping[str, Path]) -> str:
    if not node.level:
        return node.module or ""
    package = importer.split(".")
    if modules[importer].name != "__init__.py":
        package = package[:-1]
    package = package[: len(package) - (node.level - 1)]
    return ".".join([*package, node.module] if node.module else package)


def imports_of(importer: str, modules: Mapping[str, Path]) -> dict[str, int]:
    """The core/gui modules ``importer`` imports anywhere in its source, with a line each.
    ``from pkg import name`` counts as importing ``pkg.name`` when that is a module."""
    tree = ast.parse(modules[importer].read_text(encoding="utf-8"))
    targets: dict[str, int] = {}
    for node in ast.walk(tree):
        if not isinstance(node, ast.Import | ast.ImportFrom):
            continue
        names: list[str] = []
        if isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        else:
            base = _base(node, importer, modules)
            for alias in node.names:
                submodule = f"{base}.{alias.name}"
                names.append(submodule if submodule in modules else base)
        for name in names:
            target = _known(name, modules)
            # A module naming itself (a package importing its own name) is no dependency.
            if target is not None and target != importer:
                targets.setdefault(target, node.lineno)
    return targets


def import_graph(root: Path, packages: Iterable[str]) -> Graph:
    modules = module_names(root, packages)
    return {name: imports_of(name, modules) for name in modules}


def cycles(graph: Graph) -> list[list[str]]:
    """The strongly connected components with more than one module (Tarjan), sorted."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []

    def visit(module: str) -> None:
        index[module] = low[module] = len(index)
        stack.append(module)
        on_stack.add(module)
        for imported in graph.get(module, {}):
            if imported not in index:
                visit(imported)
                low[module] = min(low[module], low[imported])
            elif imported in on_stack:
                low[module] = min(low[module], index[imported])
        if low[module] == index[module]:
            component: list[str] = []
            while True:
                member = stack.pop()
                on_stack.discard(member)
                component.append(member)
                if member == module:
                    break
            if len(component) > 1:
                found.append(sorted(component))

    for module in sorted(graph):
        if module not in index:
            visit(module)
    return sorted(found)


def describe(component: list[str], graph: Graph) -> str:
    members = set(component)
    edges = [
        f"    {importer} -> {imported} (line {line})"
        for importer in component
        for imported, line in sorted(graph[importer].items())
        if imported in members
    ]
    return "cycle between " + ", ".join(component) + ":\n" + "\n".join(edges)


def test_no_module_in_core_or_gui_imports_itself_through_a_cycle() -> None:
    graph = import_graph(ROOT, PACKAGES)
    assert len(graph) > 50, "the core and gui packages were not found"
    found = [describe(component, graph) for component in cycles(graph)]
    assert found == [], "\n".join(found)


def write(root: Path, files: Mapping[str, str]) -> None:
    for name, text in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")


def test_the_check_sees_late_type_only_and_package_cycles(tmp_path: Path) -> None:
    write(
        tmp_path,
        {
            "core/__init__.py": "",
            "core/a.py": "def f():\n    from core import b\n",
            "core/b.py": "from typing import TYPE_CHECKING\nif TYPE_CHECKING:\n    import core.a\n",
            "core/pkg/__init__.py": "from core.pkg.door import Door\n",
            "core/pkg/door.py": "from core.pkg import cli\nfrom core.pkg import Thing\n",
            "core/pkg/cli.py": "from . import door\n",
            "core/fine/__init__.py": "from core.fine.door import Door\n",
            "core/fine/door.py": "from core.fine.cli import run\n",
            "core/fine/cli.py": "import os\n",
        },
    )
    graph = import_graph(tmp_path, ["core"])
    assert cycles(graph) == [
        ["core.a", "core.b"],
        ["core.pkg", "core.pkg.cli", "core.pkg.door"],
    ]
