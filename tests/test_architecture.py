"""The architecture, checked: no import cycle among the modules of core/ (imports made
inside functions count too), only core/store/ speaks SQL or imports duckdb, and the
store stands below the views and the command line.

Layers, lowest first: core.models and core.settings; core.parse; core.store;
core.views and core.ingest; core.cli (and the dashboard, outside core/).
"""
from __future__ import annotations

import ast
import re
from collections.abc import Iterable, Mapping
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
CORE = ROOT / "core"
STORE = CORE / "store"

# SQL as the code writes it in string literals (in capitals): a statement's first words
SQL = re.compile(r"\b(SELECT\b[\s\S]*\bFROM|INSERT\s+INTO|UPDATE\s+\w+\s+SET|DELETE\s+FROM|CREATE\s+(TABLE|INDEX|"
                 r"SEQUENCE|VIEW)|ALTER\s+TABLE|DROP\s+TABLE)\b")


def module_name(path: Path) -> str:
    parts = list(path.relative_to(ROOT).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts = parts[:-1]
    return ".".join(parts)


def core_modules() -> dict[str, Path]:
    return {module_name(p): p for p in sorted(CORE.rglob("*.py"))}


def imported(path: Path, name: str, known: Iterable[str]) -> set[str]:
    """The modules of `known` that a module imports, at module level or inside functions
    (`from core.store import reads` imports core.store.reads; `from core.store import
    Store` imports core.store)."""
    known = set(known)
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            targets = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:  # a relative import
                anchor = package.split(".")[: len(package.split(".")) - (node.level - 1)]
                base = ".".join([*anchor, base] if base else anchor)
            targets = [f"{base}.{alias.name}" if f"{base}.{alias.name}" in known else base for alias in node.names]
        else:
            continue
        for target in targets:
            while target and target not in known:  # `import core.store.merge` names core.store.merge
                target = target.rpartition(".")[0]
            if target and target != name:
                found.add(target)
    return found


def import_graph() -> dict[str, set[str]]:
    modules = core_modules()
    return {name: imported(path, name, modules) for name, path in modules.items()}


def find_cycle(graph: Mapping[str, Iterable[str]]) -> list[str] | None:
    """One cycle of the graph as the list of its nodes, the first repeated at the end
    (a → b → a); None when there is none. Depth-first, iterative."""
    state: dict[str, int] = {}  # 1: on the current path, 2: done
    for start in sorted(graph):
        if state.get(start):
            continue
        path = [start]
        state[start] = 1
        stack = [iter(sorted(graph.get(start, ())))]
        while stack:
            following = next(stack[-1], None)
            if following is None:
                state[path.pop()] = 2
                stack.pop()
                continue
            if state.get(following) == 1:
                return [*path[path.index(following):], following]
            if not state.get(following):
                state[following] = 1
                path.append(following)
                stack.append(iter(sorted(graph.get(following, ()))))
    return None


def test_the_cycle_finder_finds_and_names_a_cycle() -> None:
    assert find_cycle({"a": {"b"}, "b": {"c"}, "c": set()}) is None
    assert find_cycle({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}) == ["a", "b", "c", "a"]
    assert find_cycle({"x": {"x"}}) == ["x", "x"]
    assert find_cycle({"a": {"b", "c"}, "b": {"d"}, "c": {"d"}, "d": set()}) is None  # a diamond is no cycle


def test_imports_inside_functions_and_relative_imports_count(tmp_path: Path) -> None:
    source = tmp_path / "mod.py"
    source.write_text("def f():\n    from core.store import reads\n    from .merge import cluster\n"
                      "    import core.parse.lexicon as lx\n")
    known = {"core.store", "core.store.reads", "core.store.merge", "core.parse.lexicon", "core.store.mod"}
    assert imported(source, "core.store.mod", known) == {"core.store.reads", "core.store.merge", "core.parse.lexicon"}


def test_no_import_cycle_among_core_modules() -> None:
    cycle = find_cycle(import_graph())
    assert cycle is None, "import cycle: " + " → ".join(cycle or [])


def test_the_store_imports_neither_views_nor_the_command_line_nor_ingest() -> None:
    above = ("core.views", "core.cli", "core.ingest")
    wrong = sorted(f"{name} imports {target}" for name, targets in import_graph().items()
                   if name.startswith("core.store") for target in targets if target.startswith(above))
    assert not wrong, wrong


LAYERS = (("core.models", "core.settings"), ("core.parse",), ("core.store",), ("core.views", "core.ingest"),
          ("core.cli",))


def layer_of(module: str) -> int | None:
    for number, packages in enumerate(LAYERS):
        if any(module == p or module.startswith(p + ".") for p in packages):
            return number
    return None  # core itself and core.__main__ (the entry point) stand outside the layers


def test_no_module_imports_from_a_layer_above_its_own() -> None:
    """models/settings → parse → store → views, ingest → cli: each imports only from below
    (views and ingest, side by side, not from each other)."""
    wrong = []
    for name, targets in import_graph().items():
        for target in targets:
            low, high = layer_of(name), layer_of(target)
            if low is None or high is None:
                continue
            side_by_side = high == low == layer_of("core.views") and name.split(".")[1] != target.split(".")[1]
            if high > low or side_by_side:
                wrong.append(f"{name} imports {target}")
    assert not wrong, sorted(wrong)


def python_files_outside_the_store() -> list[Path]:
    files = [p for p in CORE.rglob("*.py") if STORE not in p.parents]
    files += [ROOT / "dashboard.py"] if (ROOT / "dashboard.py").exists() else []
    files += sorted((ROOT / "ui").rglob("*.py")) if (ROOT / "ui").is_dir() else []
    return files


def sql_literals(path: Path) -> list[str]:
    """The string literals of a file that read as SQL (f-strings' literal parts joined)."""
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.JoinedStr):
            text = "".join(v.value for v in node.values if isinstance(v, ast.Constant) and isinstance(v.value, str))
        elif isinstance(node, ast.Constant) and isinstance(node.value, str):
            text = node.value
        else:
            continue
        if SQL.search(text):
            found.append(text.strip().splitlines()[0][:80])
    return found


def test_the_sql_pattern_finds_sql_and_not_prose() -> None:
    assert SQL.search("SELECT count(*) FROM events WHERE x = ?")
    assert SQL.search("UPDATE corrections SET undone = TRUE")
    assert SQL.search("INSERT INTO events VALUES (1)")
    assert not SQL.search("Select the events you want to delete from the list")  # the SQL is written in capitals
    assert not SQL.search("an update of the settings")


@pytest.mark.parametrize("path", python_files_outside_the_store(), ids=lambda p: str(p.relative_to(ROOT)))
def test_only_the_store_speaks_sql(path: Path) -> None:
    names = {alias.name.split(".")[0] for node in ast.walk(ast.parse(path.read_text(encoding="utf-8")))
             if isinstance(node, ast.Import | ast.ImportFrom)
             for alias in (node.names if isinstance(node, ast.Import) else [ast.alias(node.module or "")])}
    assert "duckdb" not in names, f"{path.relative_to(ROOT)} imports duckdb"
    assert not sql_literals(path), f"{path.relative_to(ROOT)} holds SQL: {sql_literals(path)}"
