"""No import cycle between the modules of the ``sim`` package, type-only imports included.

Every module of ``sim`` (``sim/**/*.py``) is parsed with :mod:`ast`, without importing it, and
each import of another ``sim`` module becomes an edge of a graph. What counts:

- **module level**: every import run when the module is imported, including those inside a
  ``try`` or an ``if`` at module level and in a class body;
- **type-only**: imports under ``if TYPE_CHECKING:`` (or ``if typing.TYPE_CHECKING:``). They
  run only for the type checker, but a part that names ``sim.model`` for its types still
  depends on the model that builds it: they count as module-level edges;
- **function-local**: imports inside a function or method, run when it is called. These are
  the lazy imports on purpose (``samsim``'s commands import their runners when run, the model
  imports its summary when asked for results); they are listed separately and checked in
  their own test, where a lazy import may close a cycle only if it is on the list below,
  with its reason.

An edge goes to the module named: ``from sim.x import y`` and ``from .x import y`` to
``sim.x``; ``from . import x`` (or ``from sim import x``) to ``sim.x`` when ``x`` is a module,
else to the package itself. Importing ``sim.a.b`` also runs ``sim.a/__init__.py`` - Python
copes with a package whose ``__init__`` imports its own submodules - so no edge is drawn from a
module to its parent packages.

The cycle test fails with every cycle printed (each edge with its file, line and kind); the
negative control checks that the checker finds a type-only cycle and a lazy one in a small
package written to ``tmp_path``.
"""
from __future__ import annotations

import ast
from dataclasses import dataclass
from pathlib import Path


SIM = Path(__file__).resolve().parents[1] / "sim"

#: lazy imports that close a cycle on purpose: (importing module, imported module) -> why
_PARSER = "samsim's parser asks each command's module to add its subcommand when the parser is built"
LAZY_ON_PURPOSE: dict[tuple[str, str], str] = {
    ("sim.cli", "sim.validation"): _PARSER,
    ("sim.cli", "sim.calibration.cli"): _PARSER,
    ("sim.cli", "sim.experiment.sweep_cli"): _PARSER,
    ("sim.cli", "sim.experiment.worlds_cli"): _PARSER,
}


@dataclass(frozen=True)
class Edge:
    source: str
    target: str
    kind: str  # "module" | "type-only" | "function"
    where: str  # file:line

    def __str__(self) -> str:
        return f"{self.source} -> {self.target}  ({self.kind}, {self.where})"


def modules(root: Path, package: str) -> dict[str, tuple[Path, bool]]:
    """Module name -> (file, is a package's __init__), for every .py file under ``root``."""
    out = {}
    for path in sorted(root.rglob("*.py")):
        rel = path.relative_to(root).with_suffix("")
        parts = [package, *rel.parts]
        if any(p.startswith(".") or p == "__pycache__" for p in rel.parts):
            continue
        is_package = parts[-1] == "__init__"
        if is_package:
            parts = parts[:-1]
        out[".".join(parts)] = (path, is_package)
    return out


def _is_type_checking(test: ast.expr) -> bool:
    return (isinstance(test, ast.Name) and test.id == "TYPE_CHECKING") or (
        isinstance(test, ast.Attribute) and test.attr == "TYPE_CHECKING")


def _imports(tree: ast.Module):
    """(node, kind) for every import statement in the module, with where it runs."""
    def walk(node: ast.AST, kind: str):
        for child in ast.iter_child_nodes(node):
            if isinstance(child, (ast.Import, ast.ImportFrom)):
                yield child, kind
            elif isinstance(child, (ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda)):
                yield from walk(child, "function")
            elif isinstance(child, ast.If) and _is_type_checking(child.test) and kind == "module":
                for stmt in child.body:
                    yield from walk(ast.Module(body=[stmt], type_ignores=[]), "type-only")
                for stmt in child.orelse:
                    yield from walk(ast.Module(body=[stmt], type_ignores=[]), "module")
            else:
                yield from walk(child, kind)

    yield from walk(tree, "module")


def import_graph(root: Path, package: str) -> list[Edge]:
    """Every import of one module of ``package`` (its sources under ``root``) by another."""
    mods = modules(root, package)
    edges = []
    for name, (path, is_package) in mods.items():
        tree = ast.parse(path.read_text(), filename=str(path))
        here = name if is_package else name.rpartition(".")[0]
        for node, kind in _imports(tree):
            where = f"{path.relative_to(root.parent)}:{node.lineno}"
            targets = []
            if isinstance(node, ast.Import):
                targets = [alias.name for alias in node.names]
            else:
                if node.level:
                    base = here.split(".")
                    base = base[: len(base) - (node.level - 1)]
                    prefix = ".".join(base + ([node.module] if node.module else []))
                else:
                    prefix = node.module or ""
                for alias in node.names:
                    sub = f"{prefix}.{alias.name}"
                    targets.append(sub if sub in mods else prefix)
            for target in targets:
                while target and target not in mods and "." in target:  # import sim.a.b.name -> sim.a.b
                    target = target.rpartition(".")[0]
                if target in mods and target != name:
                    edges.append(Edge(name, target, kind, where))
    return list(dict.fromkeys(edges))  # one edge per statement and module it imports


def cycles(edges: list[Edge]) -> list[tuple[list[str], list[Edge], list[Edge]]]:
    """Each group of modules that import one another in a circle (a strongly connected
    component of more than one module, Tarjan): its modules, every import between them (the
    ones to cut) and one shortest cycle through its first module."""
    graph: dict[str, list[Edge]] = {}
    for e in edges:
        graph.setdefault(e.source, []).append(e)
        graph.setdefault(e.target, [])
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    groups: list[list[str]] = []

    def connect(v: str) -> None:
        index[v] = low[v] = len(index)
        stack.append(v)
        on_stack.add(v)
        for e in graph[v]:
            w = e.target
            if w not in index:
                connect(w)
                low[v] = min(low[v], low[w])
            elif w in on_stack:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            group = []
            while True:
                w = stack.pop()
                on_stack.discard(w)
                group.append(w)
                if w == v:
                    break
            if len(group) > 1:
                groups.append(sorted(group))

    for v in sorted(graph):
        if v not in index:
            connect(v)
    out = []
    for group in sorted(groups):
        members = set(group)
        inner = [e for v in group for e in graph[v] if e.target in members]
        start = group[0]
        came: dict[str, Edge] = {}  # the shortest way back to ``start`` within the group (breadth first)
        frontier, back = [start], None
        while frontier and back is None:
            nxt = []
            for v in frontier:
                for e in graph[v]:
                    if e.target == start and back is None:
                        back = e
                    elif e.target in members and e.target not in came and e.target != start:
                        came[e.target] = e
                        nxt.append(e.target)
            frontier = nxt
        assert back is not None
        path = [back]
        while path[0].source != start:
            path.insert(0, came[path[0].source])
        out.append((group, inner, path))
    return out


def describe(found: list[tuple[list[str], list[Edge], list[Edge]]]) -> str:
    lines = []
    for k, (group, inner, path) in enumerate(found):
        lines.append(f"cycle {k + 1}: " + " -> ".join([e.source for e in path] + [path[0].source]))
        lines += [f"    {e}" for e in path]
        if len(group) > 2:
            lines.append(f"  the same circle holds {len(group)} modules ({', '.join(group)}); the imports between them:")
            lines += [f"    {e}" for e in inner]
    return "\n".join(lines)


def _edges(kinds: set[str]) -> list[Edge]:
    return [e for e in import_graph(SIM, "sim") if e.kind in kinds]


def test_no_import_cycle_module_level_and_type_only():
    found = cycles(_edges({"module", "type-only"}))
    assert not found, "import cycles between sim's modules (module-level and type-only imports):\n" + describe(found)


def test_lazy_imports_close_no_cycle_unless_on_purpose():
    """Function-local imports too: the only lazy imports that may close a cycle are those of
    LAZY_ON_PURPOSE (left out of the graph here)."""
    found = cycles([e for e in _edges({"module", "type-only", "function"})
                    if not (e.kind == "function" and (e.source, e.target) in LAZY_ON_PURPOSE)])
    assert not found, "import cycles closed by function-local imports:\n" + describe(found)


def test_the_checker_finds_a_cycle_in_a_synthetic_package(tmp_path):
    """Negative control: a package with a type-only cycle (a -> b at module level, b -> a
    under TYPE_CHECKING), a lazy one (c -> d, d -> c inside a function) and no cycle between
    e and f; the checker must find the first two, name their kinds, and not the third."""
    pkg = tmp_path / "pkg"
    (pkg / "sub").mkdir(parents=True)
    (pkg / "__init__.py").write_text("")
    (pkg / "a.py").write_text("from .b import B\n")
    (pkg / "b.py").write_text("from __future__ import annotations\nfrom typing import TYPE_CHECKING\n"
                              "if TYPE_CHECKING:\n    from pkg.a import A\nclass B: ...\n")
    (pkg / "c.py").write_text("from . import d\n")
    (pkg / "d.py").write_text("def later():\n    from .c import something\n")
    (pkg / "e.py").write_text("from .sub import f\n")
    (pkg / "sub" / "__init__.py").write_text("")
    (pkg / "sub" / "f.py").write_text("import math\nfrom ..c import x\n")
    edges = import_graph(pkg, "pkg")
    assert {(e.source, e.target, e.kind) for e in edges} == {
        ("pkg.a", "pkg.b", "module"), ("pkg.b", "pkg.a", "type-only"), ("pkg.c", "pkg.d", "module"),
        ("pkg.d", "pkg.c", "function"), ("pkg.e", "pkg.sub.f", "module"), ("pkg.sub.f", "pkg.c", "module")}
    hard = cycles([e for e in edges if e.kind != "function"])
    assert [[(e.source, e.target) for e in path] for _, _, path in hard] == [[("pkg.a", "pkg.b"), ("pkg.b", "pkg.a")]]
    every = cycles(edges)
    assert [group for group, _, _ in every] == [["pkg.a", "pkg.b"], ["pkg.c", "pkg.d"]]
    assert "type-only" in describe(hard) and "pkg/b.py:4" in describe(hard)


def test_the_checker_reads_sim_as_it_is():
    """The graph of sim is not empty and has the edges everyone knows of (model -> network)."""
    edges = import_graph(SIM, "sim")
    assert any(e.source == "sim.model" and e.target == "sim.network" and e.kind == "module" for e in edges)
    assert any(e.kind == "function" for e in edges)


if __name__ == "__main__":  # print the cycles the two tests find: python tests/test_import_cycles.py
    print(f"module-level and type-only:\n{describe(cycles(_edges({'module', 'type-only'})))}\n")
    lazy = [e for e in _edges({"module", "type-only", "function"})
            if not (e.kind == "function" and (e.source, e.target) in LAZY_ON_PURPOSE)]
    print(f"with function-local imports (those on LAZY_ON_PURPOSE left out):\n{describe(cycles(lazy))}")
