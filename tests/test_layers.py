"""The package's folders are its layers: every import points down, and no modules import each
other in a circle (imports inside functions and type-only imports included)."""

from __future__ import annotations

import ast
from pathlib import Path

from .conftest import ROOT

PACKAGE = ROOT / "generator"
# lowest first: a module may import from its own layer and the layers before it
LAYERS = ("base", "model", "site", "build", "editing", "commands")


def module_name(path: Path) -> str:
    parts = path.relative_to(ROOT).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def imports_of(path: Path, modules: set[str], name: str = "") -> set[str]:
    """The package's modules that one file (the module `name`) imports, wherever the import
    statement is."""
    name = name or module_name(path)
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                parent = package.split(".")[: len(package.split(".")) - node.level + 1]
                base = ".".join([*parent, *([base] if base else [])])
            found.add(base)
            found.update(f"{base}.{alias.name}" for alias in node.names)  # from pkg import mod
    return {m for m in found if m in modules and m != name}


def import_graph() -> dict[str, set[str]]:
    files = sorted(PACKAGE.rglob("*.py"))
    modules = {module_name(path) for path in files}
    return {module_name(path): imports_of(path, modules) for path in files}


def layer_of(module: str) -> int | None:
    """The layer's position, or None for the package's own __init__ and __main__."""
    parts = module.split(".")
    return LAYERS.index(parts[1]) if len(parts) > 1 and parts[1] in LAYERS else None


def upward_imports(graph: dict[str, set[str]]) -> list[str]:
    wrong = []
    for module, imported in sorted(graph.items()):
        low = layer_of(module)
        for target in sorted(imported):
            high = layer_of(target)
            if low is not None and high is not None and high > low:
                wrong.append(f"{module} imports {target}, a higher layer")
    return wrong


def cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """Every import circle, as the modules on it (Tarjan's strongly connected components)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    found: list[list[str]] = []

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        for target in sorted(graph.get(node, ())):
            if target not in index:
                visit(target)
                low[node] = min(low[node], low[target])
            elif target in stack:
                low[node] = min(low[node], index[target])
        if low[node] == index[node]:
            component = []
            while True:
                member = stack.pop()
                component.append(member)
                if member == node:
                    break
            if len(component) > 1:
                found.append(sorted(component))

    for node in sorted(graph):
        if node not in index:
            visit(node)
    return found


def test_every_module_lives_in_a_layer_folder() -> None:
    loose = [m for m in import_graph() if layer_of(m) is None]
    assert sorted(loose) == ["generator", "generator.__main__"]
    assert {p.name for p in PACKAGE.iterdir() if p.is_dir() and p.name != "__pycache__"} <= {
        *LAYERS,
        "defaults",  # the wheel's copy of templates/ and static/
    }


def test_every_import_points_down() -> None:
    assert upward_imports(import_graph()) == []


def test_no_modules_import_each_other_in_a_circle() -> None:
    assert cycles(import_graph()) == []


def test_the_checks_catch_an_upward_import_and_a_circle() -> None:
    graph = {
        "generator.base.files": {"generator.build.cache"},
        "generator.build.cache": {"generator.site.render"},
        "generator.site.render": {"generator.build.cache"},
    }
    assert upward_imports(graph) == [
        "generator.base.files imports generator.build.cache, a higher layer",
        "generator.site.render imports generator.build.cache, a higher layer",
    ]
    assert cycles(graph) == [["generator.build.cache", "generator.site.render"]]


def test_type_only_and_function_level_imports_are_seen(tmp_path: Path) -> None:
    path = tmp_path / "example.py"
    path.write_text(
        "from typing import TYPE_CHECKING\n"
        "if TYPE_CHECKING:\n    from generator.site.render import Page\n"
        "def f():\n    from ..build import cache\n",
        encoding="utf-8",
    )
    modules = {"generator.site.render", "generator.build.cache", "generator.build"}
    found = imports_of(path, modules, name="generator.model.example")
    assert found == modules
