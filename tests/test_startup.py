"""`bangfu --help` stays light: the heavy libraries load only inside the commands that need them."""

from __future__ import annotations

import json
import subprocess
import sys

HEAVY = ("sqlmodel", "sqlalchemy", "alembic", "openpyxl", "xlsxwriter")


def _modules_loaded_by(*args: str) -> set[str]:
    probe = (
        "import sys, json, runpy\n"
        f"sys.argv = ['bangfu', *{list(args)!r}]\n"
        "try:\n"
        "    from bangfu_cli.cli.app import main\n"
        "    main()\n"
        "except SystemExit:\n"
        "    pass\n"
        "sys.__stdout__.write('\\n@@' + json.dumps(sorted(sys.modules)))\n"
    )
    out = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, encoding="utf-8", timeout=60
    )
    return set(json.loads(out.stdout.rsplit("@@", 1)[1]))


def test_help_does_not_import_heavy_modules():
    loaded = _modules_loaded_by("--help")
    assert sorted(m for m in loaded if m.split(".")[0] in HEAVY) == []


def test_every_group_help_does_not_import_heavy_modules():
    from typer.main import get_command

    from bangfu_cli.cli.app import app

    group = get_command(app)
    for name in group.commands:  # type: ignore[attr-defined]
        loaded = _modules_loaded_by(name, "--help")
        heavy = sorted(m for m in loaded if m.split(".")[0] in HEAVY)
        assert heavy == [], f"`bangfu {name} --help` imports {heavy[:3]}"


def test_the_quick_commands_run_on_sqlalchemy_core_alone(tmp_path):
    """`overdue`, `check`, `visit add`, `visit import` and `export register` build no ORM model
    and never import Pydantic: a clerk runs them all day, and those imports cost more than the
    quick commands' own work on a county ledger (and a township's register is a few seconds)."""
    import sqlite3

    from bangfu_cli.cli import coercion
    from tests.conftest import run_process

    assert coercion.install()  # the short cut past Typer's Pydantic coercion is in place
    db = tmp_path / "ledger.db"
    assert run_process("--db", str(db), "demo").returncode == 0
    with sqlite3.connect(db) as conn:
        household, cadre, township = conn.execute(
            "SELECT h.code, c.code, v.township FROM pairing p JOIN household h ON h.id = p.household_id"
            " JOIN cadre c ON c.id = p.cadre_id JOIN village v ON v.id = h.village_id"
            ' WHERE p."end" IS NULL LIMIT 1'
        ).fetchone()
    heavy = ("sqlmodel", "pydantic", "pydantic_core", "alembic")
    add = ("visit", "add", "--household", household, "--cadre", cadre, "--date", "2026-11-20")
    visits = tmp_path / "visits.csv"
    visits.write_text(f"户编号,干部编号,走访日期,方式\n{household},{cadre},2026-11-19,电话\n", "utf-8")
    for args in (
        ("visit", "import", str(visits)),
        ("overdue", "--township", township, "--format", "json"),
        ("check", "--format", "json"),
        (*add, "--mode", "入户", "--content", "了解近况"),
        ("export", "register", "-o", str(tmp_path / "r.xlsx"), "--township", township, "--year", "2026"),
    ):
        loaded = _modules_loaded_by("--db", str(db), *args)
        assert "sqlalchemy" in loaded  # the command did run
        assert sorted(m for m in loaded if m.split(".")[0] in heavy) == [], args
    with sqlite3.connect(db) as conn:  # … and the visits were recorded, the last with its audit row
        imported = conn.execute(
            "SELECT count(*) FROM visit WHERE date = '2026-11-19' AND mode = 'phone' AND household_id ="
            " (SELECT id FROM household WHERE code = ?)",
            (household,),
        ).fetchone()
        visit = conn.execute("SELECT id, uuid FROM visit ORDER BY id DESC LIMIT 1").fetchone()
        audit = conn.execute("SELECT entity_uuid, entity_key FROM audit ORDER BY id DESC LIMIT 1").fetchone()
    assert audit == (visit[1], str(visit[0]))
    assert imported == (1,)


def test_int_options_are_read_as_typer_reads_them(tmp_path, monkeypatch):
    """The short cut turns plain decimal digits into the number; anything else is Typer's to read
    (or refuse with its message): the same outcome either way."""
    from bangfu_cli.cli import coercion
    from tests.conftest import run_cli

    assert coercion.install()
    monkeypatch.setenv("BANGFU_DB", str(tmp_path / "ledger.db"))
    assert run_cli("init").exit_code == 0
    out = str(tmp_path / "r.xlsx")
    for year in ("2026", "+2026", " 2026"):  # the last one goes through Typer, which strips it
        assert run_cli("export", "register", "-o", out, "--year", year, "--force").exit_code == 0, year
    for year in ("abc", "2026.5", "二〇二六"):
        bad = run_cli("export", "register", "-o", out, "--year", year, "--force")
        assert bad.exit_code == 2 and "--year" in bad.stderr, year
    assert "plausible" in run_cli("export", "register", "-o", out, "--year", "-5").stderr
