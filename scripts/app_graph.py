#!/usr/bin/env python3
"""Print which apps import which, and fail when the imports between apps form a cycle.

An app is a package directly under ``concord`` (``concord.cases``, ``concord.domain``...).
Only non-test code counts: a ``tests`` package may reach across apps to set up its data.
Each edge is printed with its number of import links (distinct importing module and
imported module); every group of apps that import each other, directly or round a longer
loop, is printed with its shortest loops. ADR 0010 gives the order the apps should follow;
import-linter enforces it in ``make lint``. Usage: ``scripts/app_graph.py [PACKAGE_DIR]``
(default: the concord package beside this script). Exits 1 when there is a cycle.
"""

from __future__ import annotations

import ast
import sys
from collections import Counter, deque
from collections.abc import Iterator
from pathlib import Path

PROJECT = Path(__file__).resolve().parent.parent / "concord"

Graph = dict[str, Counter[str]]


def source_modules(root: Path) -> Iterator[tuple[str, Path]]:
    """Dotted names and paths of the package's modules, tests left out."""
    for path in sorted(root.rglob("*.py")):
        relative = path.relative_to(root.parent).with_suffix("")
        if "tests" in relative.parts or relative.name.startswith("test_"):
            continue
        parts = relative.parts[:-1] if relative.name == "__init__" else relative.parts
        yield ".".join(parts), path


def imported_modules(module: str, path: Path, known: set[str]) -> Iterator[str]:
    """The package's modules that the file imports anywhere in it, relative imports resolved:
    ``from concord.cases import models`` imports ``concord.cases.models``, and
    ``from concord.cases.models import Case`` imports ``concord.cases.models``."""
    package = module if path.name == "__init__.py" else module.rpartition(".")[0]
    for node in ast.walk(ast.parse(path.read_text(), str(path))):
        if isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                parts = package.split(".")
                anchor = ".".join(parts[: len(parts) - node.level + 1])
                base = f"{anchor}.{base}" if base else anchor
            names = [
                f"{base}.{alias.name}" if f"{base}.{alias.name}" in known else base
                for alias in node.names
            ]
        else:
            continue
        yield from (name for name in names if name in known)


def app_of(module: str, package: str) -> str | None:
    parts = module.split(".")
    return parts[1] if len(parts) > 1 and parts[0] == package else None


def app_graph(root: Path) -> Graph:
    """For each app, the apps it imports and the number of module-to-module links to each."""
    package = root.name
    known = {module for module, _ in source_modules(root)}
    graph: Graph = {}
    for module, path in source_modules(root):
        importer = app_of(module, package)
        if importer is None:
            continue
        graph.setdefault(importer, Counter())
        for imported in set(imported_modules(module, path, known)):
            target = app_of(imported, package)
            if target is not None and target != importer:
                graph[importer][target] += 1
    return graph


def strongly_connected(graph: Graph) -> list[list[str]]:
    """Groups of two or more apps that each reach every other (Tarjan's algorithm)."""
    index: dict[str, int] = {}
    lowest: dict[str, int] = {}
    stack: list[str] = []
    groups: list[list[str]] = []

    def visit(app: str) -> None:
        index[app] = lowest[app] = len(index)
        stack.append(app)
        for target in graph.get(app, ()):
            if target not in index:
                visit(target)
                lowest[app] = min(lowest[app], lowest[target])
            elif target in stack:
                lowest[app] = min(lowest[app], index[target])
        if lowest[app] == index[app]:
            group = []
            while True:
                member = stack.pop()
                group.append(member)
                if member == app:
                    break
            if len(group) > 1:
                groups.append(sorted(group))

    for app in sorted(graph):
        if app not in index:
            visit(app)
    return sorted(groups)


def shortest_loop(graph: Graph, start: str, group: set[str]) -> list[str]:
    """The shortest way from ``start`` back to itself inside its group (breadth first)."""
    came_from: dict[str, str] = {}
    queue = deque([start])
    while queue:
        app = queue.popleft()
        for target in sorted(graph.get(app, ())):
            if target == start:
                loop = [start]
                while app != start:
                    loop.insert(1, app)
                    app = came_from[app]
                return [*loop, start]
            if target in group and target not in came_from:
                came_from[target] = app
                queue.append(target)
    raise ValueError(f"{start} is on no loop")


def cycles(graph: Graph) -> list[list[str]]:
    """The shortest loop through each app that is on one, each loop named once."""
    found: dict[tuple[str, ...], list[str]] = {}
    for group in strongly_connected(graph):
        for app in group:
            loop = shortest_loop(graph, app, set(group))
            ring = loop[:-1]
            first = ring.index(min(ring))
            found.setdefault(tuple(ring[first:] + ring[:first]), loop)
    return list(found.values())


def report(graph: Graph) -> list[str]:
    edges = sorted((app, target, count) for app in graph for target, count in graph[app].items())
    lines = [
        f"{len(edges)} imports between {len(graph)} apps "
        f"({sum(count for *_, count in edges)} module links, tests left out):"
    ]
    lines += [f"  {app} -> {target} ({count})" for app, target, count in edges]
    loops = cycles(graph)
    lines.append(f"{len(loops)} cycle(s)" + (":" if loops else ""))
    lines += ["  " + " -> ".join(loop) for loop in loops]
    return lines


def main(argv: list[str]) -> int:
    root = Path(argv[1]) if len(argv) > 1 else PROJECT
    graph = app_graph(root)
    print("\n".join(report(graph)))
    return 1 if cycles(graph) else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
