"""The import rules of docs/architecture.md, checked on the source: each part imports only what
the document says it may, no plugin imports another, and the engine has no import cycle."""

from __future__ import annotations

import ast
from collections.abc import Iterator
from pathlib import Path

import pytest

from plugins import BUILTINS
from tests.conftest import ROOT

PARTS = {  # part -> the other parts it may import (third-party modules named are the ones policed)
    "catalog": {"pydantic"},
    "catalog.engine": {"catalog", "pydantic"},
    "catalog.live": {"catalog", "httpx", "pydantic"},
    "catalog.usage": {"catalog", "catalog.engine", "pydantic"},
    "catalog.cli": {"catalog", "catalog.engine", "catalog.live", "catalog.usage", "plugins.datafiles"},
    "plugins": {"catalog", "catalog.live", "httpx", "pydantic"},
    "dashboard": {"catalog", "catalog.engine", "catalog.live", "catalog.usage", "streamlit", "pydantic"},
    "tools": {"catalog", "catalog.engine", "pydantic"},
}
POLICED = {
    "catalog",
    "catalog.engine",
    "catalog.live",
    "catalog.usage",
    "catalog.cli",
    "plugins",
    "dashboard",
    "tools",
    "streamlit",
    "httpx",
    "pydantic",
}
EXCEPTIONS = {
    # the plugin host registers the built-ins by name, inside load_plugins(), never at import
    ("catalog/plugins.py", "plugins"),
}
HELPERS = {
    "datafiles",
    "genai_prices_mapping",
    "litellm_deprecations",
}  # what plugins share; a plugin may import these only


def part_of(module: str) -> str:
    head, *rest = module.split(".")
    if head == "catalog" and rest and rest[0] in ("engine", "live", "usage", "cli"):
        return f"catalog.{rest[0]}"
    if head == "plugins" and rest and rest[0] in HELPERS:
        return f"plugins.{rest[0]}"
    return head


def imports(path: Path) -> Iterator[str]:
    """Modules `path` imports, at any depth, except under `if TYPE_CHECKING:`."""

    def walk(node: ast.AST) -> Iterator[str]:
        for child in ast.iter_child_nodes(node):
            if isinstance(child, ast.If) and getattr(child.test, "id", None) == "TYPE_CHECKING":
                yield from (name for stmt in child.orelse for name in walk(stmt))
                continue
            if isinstance(child, ast.Import):
                yield from (alias.name for alias in child.names)
            elif isinstance(child, ast.ImportFrom) and child.level == 0 and child.module:
                yield child.module
                # `from package import name`: the name may be a module of the package
                yield from (f"{child.module}.{alias.name}" for alias in child.names)
            yield from walk(child)

    return walk(ast.parse(path.read_text(encoding="utf-8")))


def sources(part: str) -> list[Path]:
    if part == "catalog":
        return sorted(ROOT.glob("catalog/*.py"))
    return sorted((ROOT / part.replace(".", "/")).rglob("*.py"))


@pytest.mark.parametrize("part", list(PARTS))
def test_each_part_imports_only_what_the_architecture_allows(part):
    allowed = PARTS[part] | {part}
    wrong = []
    for path in sources(part):
        relative = path.relative_to(ROOT).as_posix()
        for module in imports(path):
            target = part_of(module)
            if not (target in POLICED or target.startswith("plugins.")) or (relative, target) in EXCEPTIONS:
                continue
            if target in allowed or (target.startswith("plugins.") and "plugins" in allowed):
                continue
            wrong.append(f"{relative} imports {module}")
    assert wrong == []


def test_no_plugin_imports_another():
    wrong = []
    for name in BUILTINS:
        path = ROOT / "plugins" / f"{name}.py"
        if not path.exists():
            continue  # a data file's plugin has no module
        for module in imports(path):
            if module.startswith("plugins.") and module.split(".")[1] not in HELPERS:
                wrong.append(f"{name} imports {module}")
    assert wrong == []


def test_the_engine_has_no_import_cycle():
    graph = {
        path.stem: {m.split(".")[2] for m in imports(path) if m.startswith("catalog.engine.")}
        for path in sources("catalog.engine")
    }

    def reaches(start: str, goal: str, seen: set[str]) -> bool:
        return any(n == goal or (n not in seen and reaches(n, goal, seen | {n})) for n in graph.get(start, ()))

    assert [m for m in graph if reaches(m, m, set())] == []
