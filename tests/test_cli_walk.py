"""Walk every command: help works; missing and malformed arguments give exit 2, one message on
stderr, no traceback, and nothing written to the ledger."""

from __future__ import annotations

import sqlite3

import pytest

from tests.conftest import run_cli

# A malformed value per kind of parameter, chosen by the parameter's name.
BAD = [
    (("date", "on", "as_of", "since", "from", "to", "start", "end"), "2023-13-45"),
    (("quarter",), "2023Q5"),
    (("format",), "xml"),
    (("year",), "20x3"),
    (("households", "years", "seed", "limit", "size"), "many"),
    (("file", "path", "photo", "output", "o"), "/nonexistent/folder/file.csv"),
    (("household", "cadre", "to", "village", "township"), "不存在的名字"),
    (("mode",), "fax"),
    (("kind", "role", "category", "risk", "status", "monitor_type", "layout"), "bogus"),
    (
        ("wage", "business", "business_cost", "transfer", "property", "excluded", "rigid_expense", "amount"),
        "-1x",
    ),
    (("rule",), "NOPE99"),
    (("id",), "999999"),
]
SKIP = {("demo",)}  # loads a whole sample township; its bad input is walked with its options below


def _bad_value(name: str) -> str:
    for names, value in BAD:
        if name in names:
            return value
    return "¿?"


def _is_argument(param) -> bool:
    return param.param_type_name == "argument"


def _is_option(param) -> bool:
    return param.param_type_name == "option"


def _commands():
    from typer.main import get_command

    from bangfu_cli.cli.app import app

    def walk(cmd, path):
        if hasattr(cmd, "commands"):
            for name, sub in cmd.commands.items():
                yield from walk(sub, (*path, name))
        else:
            yield path, cmd

    yield from walk(get_command(app), ())


COMMANDS = list(_commands())
IDS = [" ".join(path) for path, _ in COMMANDS]


def _counts(db) -> dict[str, int]:
    con = sqlite3.connect(db)
    names = [r[0] for r in con.execute("SELECT name FROM sqlite_master WHERE type='table'")]
    counts = {n: con.execute(f'SELECT count(*) FROM "{n}"').fetchone()[0] for n in names}
    con.close()
    return counts


def _assert_clean_refusal(result, what: str) -> None:
    assert result.exit_code == 2, f"{what}: exit {result.exit_code}\n{result.output}"
    assert "Traceback" not in result.output, what
    assert "Internal error" not in result.output, f"{what}: {result.output}"
    assert result.stderr.strip(), f"{what}: no message on stderr"


@pytest.mark.parametrize(("path", "cmd"), COMMANDS, ids=IDS)
def test_help(path, cmd):
    result = run_cli(*path, "--help")
    assert result.exit_code == 0, result.output
    assert "Traceback" not in result.output


@pytest.mark.parametrize(("path", "cmd"), COMMANDS, ids=IDS)
def test_malformed_arguments_are_refused_cleanly_and_write_nothing(path, cmd, ledger_db):
    before = _counts(ledger_db)
    required = [p for p in cmd.params if p.required]
    # Missing required arguments/options.
    if required:
        result = run_cli(*path)
        _assert_clean_refusal(result, f"{' '.join(path)} (nothing given)")
        assert _counts(ledger_db) == before
    # Each parameter malformed in turn, the others filled with malformed values too.
    for param in cmd.params:
        if param.name in ("help",) or (_is_option(param) and getattr(param, "is_flag", False)):
            continue
        args: list[str] = []
        for p in cmd.params:
            if _is_argument(p):
                args.append(_bad_value(p.name))
        for p in required:
            if _is_option(p) and p is not param:
                args += [p.opts[0], _bad_value(p.name)]
        if _is_option(param):
            args += [param.opts[0], _bad_value(param.name)]
        if tuple(path) in SKIP and param.name not in ("households", "years", "seed"):
            continue
        result = run_cli(*path, *args)
        if result.exit_code == 0 and not required and _is_option(param):
            # A free-text option (a note, a reason) accepts any text; that is fine if nothing broke.
            assert "Traceback" not in result.output
            continue
        _assert_clean_refusal(result, f"{' '.join(path)} {' '.join(args)}")
        assert _counts(ledger_db) == before, f"{' '.join(path)} {' '.join(args)} wrote to the ledger"


@pytest.mark.parametrize(("path", "cmd"), COMMANDS, ids=IDS)
def test_every_command_but_init_refuses_a_missing_ledger(path, cmd, tmp_path):
    # init and demo create the ledger they are given; listing the built-in profiles needs none.
    if path[0] in ("init", "demo") or path == ("profile", "list"):
        return
    required = [p for p in cmd.params if p.required]
    args: list[str] = []
    for p in required:
        if _is_argument(p):
            args.append("X")
        else:
            args += [p.opts[0], "2024-01-01" if "date" in p.name or p.name == "on" else "X"]
    result = run_cli(*path, *args)
    assert result.exit_code == 2, result.output
    assert "Traceback" not in result.output
    assert not (tmp_path / "ledger.db").exists()
