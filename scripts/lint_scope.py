#!/usr/bin/env python3
"""Fail when a view or API module reaches a person-level model's manager directly.

Person-level models inherit from ``AgencyScopedModel``; pages and the API must reach them
through ``request.scope`` so that agency scope, 403/404 and read auditing always apply.
Usage: ``scripts/lint_scope.py [ROOT]`` (default: the concord package beside this script).
"""

from __future__ import annotations

import ast
import sys
from collections.abc import Iterator
from pathlib import Path

SCOPED_BASE = "AgencyScopedModel"
MANAGER_ATTRIBUTES = {"objects", "_default_manager", "_base_manager"}
PROJECT = Path(__file__).resolve().parent.parent / "concord"


def scoped_model_names(root: Path) -> set[str]:
    """Names of classes in any models.py that inherit (transitively) from the scoped base."""
    bases: dict[str, set[str]] = {}
    for path in root.rglob("models.py"):
        for node in ast.walk(ast.parse(path.read_text(), str(path))):
            if isinstance(node, ast.ClassDef):
                bases[node.name] = {_base_name(base) for base in node.bases}
    scoped = {SCOPED_BASE}
    changed = True
    while changed:
        new = {name for name, parents in bases.items() if parents & scoped} - scoped
        scoped |= new
        changed = bool(new)
    return scoped - {SCOPED_BASE}


def _base_name(node: ast.expr) -> str:
    if isinstance(node, ast.Attribute):
        return node.attr
    if isinstance(node, ast.Subscript):
        return _base_name(node.value)
    return node.id if isinstance(node, ast.Name) else ""


def request_modules(root: Path) -> Iterator[Path]:
    """Modules that answer requests: views (module or package) and API routers."""
    for path in sorted(root.rglob("*.py")):
        if "tests" in path.parts or "migrations" in path.parts:
            continue
        if path.name == "api.py" or path.name.startswith("views") or path.parent.name == "views":
            yield path


def violations(root: Path) -> Iterator[str]:
    scoped = scoped_model_names(root)
    for path in request_modules(root):
        for node in ast.walk(ast.parse(path.read_text(), str(path))):
            if (
                isinstance(node, ast.Attribute)
                and node.attr in MANAGER_ATTRIBUTES
                and isinstance(node.value, ast.Name)
                and node.value.id in scoped
            ):
                yield (
                    f"{path}:{node.lineno}: {node.value.id}.{node.attr} used directly; "
                    "go through request.scope"
                )


def main(argv: list[str]) -> int:
    root = Path(argv[1]) if len(argv) > 1 else PROJECT
    found = list(violations(root))
    for line in found:
        print(line)
    if found:
        print(f"{len(found)} direct use(s) of person-level models in views or API modules")
        return 1
    count = len(scoped_model_names(root))
    print(f"Scope lint: views and API reach all {count} person-level models through the scope")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
