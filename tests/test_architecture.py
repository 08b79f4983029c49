"""The rooms of ``bangfu_cli`` and the arrows between them, as drawn in docs/architecture.md.

Every module under ``src/bangfu_cli`` is read as text (``ast``; nothing is imported) and each of
its imports — at the top or inside a function, a lazy import is still a dependency — is checked
against the arrows below. Also: no two modules import each other (directly or round a circle), no
file over 400 lines, no function over 60.

What the code breaks today is listed in ``KNOWN`` below, each entry with the work that removes it.
The list only shrinks: an entry that no longer matches anything fails the test too, so whoever
mends a break deletes its entry in the same change."""

from __future__ import annotations

import ast
from collections import defaultdict
from pathlib import Path

SRC = Path(__file__).resolve().parents[1] / "src"
PACKAGE = "bangfu_cli"

# Which rooms each room may import (besides itself). ``None``: any room. Mirrors the table in
# docs/architecture.md; change both together.
ARROWS: dict[str, set[str] | None] = {
    "domain": set(),
    "i18n": set(),
    "rules": {"domain"},
    "storage": {"domain"},
    "exporters": {"domain", "i18n"},  # a register's labels are in the interface's language
    "generator": {"domain"},  # rows of a synthetic county; a service writes them through storage
    "services": {"rules", "storage", "exporters", "generator", "domain", "(root)"},
    "output": {"domain", "i18n"},
    "cli": None,
    "__main__": {"cli"},
    "(root)": set(),  # the package itself: the version and process settings, imports nothing of ours
}

# Libraries only one room may import.
LIBRARIES: dict[str, set[str]] = {
    "typer": {"cli"},
    "click": {"cli"},
    "rich": {"output"},
    "sqlalchemy": {"storage"},
    "sqlmodel": {"storage"},
    "alembic": {"storage"},
    "sqlite3": {"storage"},
}

MAX_FILE_LINES = 400
MAX_FUNCTION_LINES = 60

# Today's breaks. Each entry names the issue-16 work that removes it; delete it in that change.
KNOWN_ARROWS: set[tuple[str, str]] = set()
KNOWN_LIBRARIES: set[tuple[str, str]] = set()
KNOWN_CIRCLES: set[frozenset[str]] = set()
KNOWN_LONG_FILES: set[str] = set()
KNOWN_LONG_FUNCTIONS: set[str] = set()


# --- reading the package ------------------------------------------------------------------


def _modules() -> dict[str, Path]:
    """Every module of the package by dotted name (a package by its own name)."""
    found = {}
    for path in sorted((SRC / PACKAGE).rglob("*.py")):
        parts = list(path.relative_to(SRC).with_suffix("").parts)
        if parts[-1] == "__init__":
            parts.pop()
        found[".".join(parts)] = path
    return found


MODULES = _modules()


def _imported_names(name: str, path: Path) -> set[str]:
    """Every dotted name ``path`` imports, ``from a import b`` as ``a.b`` when that is a module."""
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    names = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:  # relative: climb from this module's package
                parent = package.split(".")[: len(package.split(".")) - (node.level - 1)]
                base = ".".join([*parent, *([node.module] if node.module else [])])
            for alias in node.names:
                full = f"{base}.{alias.name}"
                names.add(full if full in MODULES else base)
    return names


def _graph() -> tuple[dict[str, set[str]], dict[str, set[str]]]:
    """Our modules each module imports, and the outside top-level packages it imports."""
    ours: dict[str, set[str]] = defaultdict(set)
    outside: dict[str, set[str]] = defaultdict(set)
    for name, path in MODULES.items():
        for imported in _imported_names(name, path):
            if imported.split(".")[0] != PACKAGE:
                outside[name].add(imported.split(".")[0])
                continue
            while imported not in MODULES:  # `from bangfu_cli.x import some_function`
                imported = imported.rpartition(".")[0]
            if imported != name:
                ours[name].add(imported)
    return ours, outside


OURS, OUTSIDE = _graph()


def room(module: str) -> str:
    """``bangfu_cli.services.visits`` → ``services``; the package itself is ``(root)``."""
    parts = module.split(".")
    return parts[1] if len(parts) > 1 else "(root)"


def _relative(path: Path) -> str:
    return path.relative_to(SRC).as_posix()


# --- the checks ---------------------------------------------------------------------------


def _arrow_breaks() -> set[tuple[str, str]]:
    breaks = set()
    for importer, imported in ((a, b) for a, bs in OURS.items() for b in bs):
        allowed = ARROWS[room(importer)]
        if room(imported) != room(importer) and allowed is not None and room(imported) not in allowed:
            breaks.add((importer, imported))
    return breaks


def _library_breaks() -> set[tuple[str, str]]:
    return {
        (module, library)
        for module, libraries in OUTSIDE.items()
        for library in libraries
        if library in LIBRARIES and room(module) not in LIBRARIES[library]
    }


def _circles() -> set[frozenset[str]]:
    """The groups of modules that reach each other through imports (Tarjan's strongly connected
    components, iterative so a deep chain cannot overflow the stack)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: set[frozenset[str]] = set()
    for start in sorted(MODULES):
        if start in index:
            continue
        work = [(start, iter(sorted(OURS.get(start, ()))))]
        index[start] = low[start] = len(index)
        stack.append(start)
        on_stack.add(start)
        while work:
            node, children = work[-1]
            child = next(children, None)
            if child is not None:
                if child not in index:
                    index[child] = low[child] = len(index)
                    stack.append(child)
                    on_stack.add(child)
                    work.append((child, iter(sorted(OURS.get(child, ())))))
                elif child in on_stack:
                    low[node] = min(low[node], index[child])
                continue
            work.pop()
            if work:
                low[work[-1][0]] = min(low[work[-1][0]], low[node])
            if low[node] == index[node]:
                group = set()
                while True:
                    member = stack.pop()
                    on_stack.discard(member)
                    group.add(member)
                    if member == node:
                        break
                if len(group) > 1:
                    found.add(frozenset(group))
    return found


def _long_files() -> set[str]:
    return {
        _relative(path)
        for path in MODULES.values()
        if len(path.read_text(encoding="utf-8").splitlines()) > MAX_FILE_LINES
    }


def _long_functions() -> set[str]:
    """``file:function`` for every function (a nested one too) longer than the limit, counted
    from its ``def`` to its last line."""
    found = set()
    for path in MODULES.values():
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            is_function = isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef)
            if is_function and node.end_lineno - node.lineno + 1 > MAX_FUNCTION_LINES:
                found.add(f"{_relative(path)}:{node.name}")
    return found


def _check(found: set, known: set, what: str) -> None:
    new = sorted(found - known, key=str)
    assert new == [], f"{what} against docs/architecture.md: {new}"
    mended = sorted(known - found, key=str)
    assert mended == [], f"mended — delete from the known list in tests/test_architecture.py: {mended}"


def test_every_room_is_drawn():
    assert {room(m) for m in MODULES} <= set(ARROWS)


def test_each_room_imports_only_the_rooms_below_it():
    _check(_arrow_breaks(), KNOWN_ARROWS, "imports that break an arrow")


def test_the_screen_the_command_line_and_the_database_libraries_stay_in_their_rooms():
    _check(_library_breaks(), KNOWN_LIBRARIES, "libraries imported outside their room")


def test_no_modules_import_each_other_round_a_circle():
    _check(_circles(), KNOWN_CIRCLES, "import circles")


def test_no_file_under_src_is_over_400_lines():
    _check(_long_files(), KNOWN_LONG_FILES, f"files over {MAX_FILE_LINES} lines")


def test_no_function_is_over_60_lines():
    _check(_long_functions(), KNOWN_LONG_FUNCTIONS, f"functions over {MAX_FUNCTION_LINES} lines")


def test_the_reading_sees_what_it_should():
    """The checks above would pass on a reading that found nothing: make sure it finds the
    arrows every command relies on."""
    assert "bangfu_cli.services.visits" in OURS["bangfu_cli.cli.visit"]
    assert {"bangfu_cli.i18n", "bangfu_cli.cli.groups"} <= OURS["bangfu_cli.cli.app"]
    assert "typer" in OUTSIDE["bangfu_cli.cli.app"]


def test_the_worked_example_rule_of_a_known_kind_needs_only_its_profile_entry(tmp_path):
    """docs/architecture.md's "adding a rule": its profile entry, added to a copy of a built-in
    profile, is judged by `overdue` with no other change."""
    import json
    import re

    from tests.conftest import run_cli

    doc = (SRC.parent / "docs" / "architecture.md").read_text(encoding="utf-8")
    entry = re.search(r"```toml\n(.*?)```", doc, re.S)[1]
    builtin = SRC / PACKAGE / "rules" / "profiles" / "xinfeng-2023.toml"
    profile = tmp_path / "my-county.toml"
    lines = [line.removeprefix("   ") for line in entry.splitlines()]
    profile.write_text(builtin.read_text(encoding="utf-8") + "\n" + "\n".join(lines) + "\n", "utf-8")
    assert run_cli("demo").exit_code == 0
    used = run_cli("profile", "use", str(profile))
    assert used.exit_code == 0, used.output
    assert run_cli("rules", "XF11").exit_code == 0
    judged = run_cli("overdue", "--rule", "XF11", "--status", "all", "--format", "json")
    assert judged.exit_code == 0, judged.output
    findings = json.loads(judged.stdout)
    assert findings and {f["rule"] for f in findings} == {"XF11"}
