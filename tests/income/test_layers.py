"""The income, assessment, register and ledger use-cases hold no SQL and no screen: their
queries are storage's, their words the command line's; the domain imports nothing above it."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

import bangfu_cli

# No ledger: the modules are read as text.
BACKENDS = ()

PACKAGE = Path(bangfu_cli.__file__).parent
USE_CASES = [
    "services/income.py",
    "services/income_books.py",
    "services/income_report.py",
    "services/assess.py",
    "services/register.py",
    "services/quarter_report.py",
    "services/audit.py",
    "services/privacy.py",
    "services/setup.py",
    "services/ledger.py",
]
NOT_IN_USE_CASES = (
    "sqlalchemy",
    "sqlmodel",
    "sqlite3",
    "typer",
    "rich",
    "bangfu_cli.i18n",
    "bangfu_cli.output",
)
ABOVE_THE_DOMAIN = ("bangfu_cli.i18n", "bangfu_cli.output", "bangfu_cli.services", "bangfu_cli.storage")


def _imports(relative: str) -> set[str]:
    tree = ast.parse((PACKAGE / relative).read_text(encoding="utf-8"))
    found = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module:
            found.add(node.module)
    return found


def _under(name: str, roots: tuple[str, ...]) -> bool:
    return any(name == root or name.startswith(root + ".") for root in roots)


@pytest.mark.parametrize("relative", USE_CASES)
def test_use_case__imports_no_database_library_screen_or_catalogue(relative):
    assert not [name for name in _imports(relative) if _under(name, NOT_IN_USE_CASES)]


@pytest.mark.parametrize("relative", USE_CASES)
def test_use_case__calls_no_translation(relative):
    tree = ast.parse((PACKAGE / relative).read_text(encoding="utf-8"))
    calls = [n for n in ast.walk(tree) if isinstance(n, ast.Call) and isinstance(n.func, ast.Name)]
    assert not [c.lineno for c in calls if c.func.id == "t"]


@pytest.mark.parametrize(
    "relative", ["domain/errors.py", "domain/income.py", "domain/assessment.py", "domain/reports.py"]
)
def test_domain__imports_nothing_above_it(relative):
    assert not [name for name in _imports(relative) if _under(name, ABOVE_THE_DOMAIN)]
