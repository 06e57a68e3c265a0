"""Fail on any import cycle between the project's own modules, counting imports inside
function bodies (import-linter's contracts see layers, not cycles). Run from the root."""

import ast
import sys
from pathlib import Path

APPS = sys.argv[1:] or [
    "rfs",
    "candidates",
    "endorsements",
    "mentorship",
    "resources",
    "insights",
    "workplace",
]


def module_name(path: Path) -> str:
    parts = list(path.with_suffix("").parts)
    if parts[-1] == "__init__":
        parts = parts[:-1]
    return ".".join(parts)


modules: dict[str, Path] = {}
for app in APPS:
    for path in Path(app).rglob("*.py"):
        if "migrations" in path.parts:
            continue
        modules[module_name(path)] = path


def resolve(current: str, is_package: bool, node: ast.ImportFrom) -> list[str]:
    if node.level:
        base = current.split(".")
        base = base if is_package else base[:-1]
        base = base[: len(base) - (node.level - 1)]
        prefix = ".".join(base + ([node.module] if node.module else []))
    else:
        prefix = node.module or ""
    targets = []
    for alias in node.names:
        candidate = f"{prefix}.{alias.name}"
        targets.append(candidate if candidate in modules else prefix)
    return targets


graph: dict[str, set[str]] = {name: set() for name in modules}
for name, path in modules.items():
    is_package = path.name == "__init__.py"
    for node in ast.walk(ast.parse(path.read_text())):
        if isinstance(node, ast.Import):
            targets = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            targets = resolve(name, is_package, node)
        else:
            continue
        for target in targets:
            while target and target not in modules:
                target = target.rpartition(".")[0]
            if target and target != name:
                graph[name].add(target)

# Tarjan's strongly connected components.
index, low, stack, on_stack, sccs, counter = {}, {}, [], set(), [], [0]
sys.setrecursionlimit(10000)


def visit(v):
    index[v] = low[v] = counter[0]
    counter[0] += 1
    stack.append(v)
    on_stack.add(v)
    for w in graph[v]:
        if w not in index:
            visit(w)
            low[v] = min(low[v], low[w])
        elif w in on_stack:
            low[v] = min(low[v], index[w])
    if low[v] == index[v]:
        component = []
        while True:
            w = stack.pop()
            on_stack.discard(w)
            component.append(w)
            if w == v:
                break
        if len(component) > 1:
            sccs.append(sorted(component))


for v in graph:
    if v not in index:
        visit(v)

for component in sccs:
    print("cycle:", " <-> ".join(component))
print(f"{len(sccs)} import cycles among {len(modules)} modules")
sys.exit(1 if sccs else 0)
