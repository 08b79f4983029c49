"""The last ways bad input or the machine hurt: unreal operator names, a GBK console's bytes,
numbers too big for their option, hostile import files, a full disk, read-only media, a writer
that waits, a password in an error, a killed run's workers and files."""

from __future__ import annotations

import multiprocessing
import os
import signal
import sqlite3
import subprocess
import sys
import time
import zipfile
from pathlib import Path

import pytest

from tests.conftest import SAMPLES, run_cli


def _counts(db) -> dict[str, int]:
    con = sqlite3.connect(db)
    names = [r[0] for r in con.execute("SELECT name FROM sqlite_master WHERE type='table'")]
    counts = {n: con.execute(f'SELECT count(*) FROM "{n}"').fetchone()[0] for n in names}
    con.close()
    return counts


def _refused(result, *words: str) -> None:
    assert result.exit_code == 2, result.output
    assert "Traceback" not in result.output and "Internal error" not in result.output, result.output
    for word in words:
        assert word in result.stderr, result.stderr


# ------------------------------------------------------------------ who wrote it


@pytest.mark.parametrize(
    "name",
    ["", "   ", "x" * 65, "张三\n李四", "tab\there", "admin\u202egnp", "a\u2066b", "zero\u200bwidth"],
    ids=["empty", "spaces", "65-chars", "newline", "tab", "rlo-override", "isolate", "zero-width"],
)
def test_an_unreal_operator_name_is_refused_from_by_and_from_the_environment(name, ledger_db, monkeypatch):
    before = _counts(ledger_db)
    _refused(
        run_cli("--by", name, "cadre", "add", "--code", "X1", "--name", "张三", "--unit", "县委"), "operator"
    )
    monkeypatch.setenv("BANGFU_OPERATOR", name)
    _refused(run_cli("cadre", "add", "--code", "X1", "--name", "张三", "--unit", "县委"), "BANGFU_OPERATOR")
    assert _counts(ledger_db) == before


def test_an_operator_name_of_64_characters_padded_with_spaces_is_kept_stripped(ledger_db):
    name = "县" * 64
    result = run_cli("--by", f"  {name} ", "cadre", "add", "--code", "X1", "--name", "张三", "--unit", "县委")
    assert result.exit_code == 0, result.output
    by = sqlite3.connect(ledger_db).execute("SELECT by FROM audit ORDER BY id DESC").fetchone()[0]
    assert by == name


def test_an_unreal_os_user_is_refused_when_nothing_else_names_the_operator(ledger_db, monkeypatch):
    import getpass

    monkeypatch.delenv("BANGFU_OPERATOR")
    monkeypatch.setattr(getpass, "getuser", lambda: "bad\x07user")
    _refused(run_cli("cadre", "add", "--code", "X1", "--name", "张三", "--unit", "县委"), "OS user")


# ------------------------------------------------------------------ a GBK console, big numbers


def _gbk_arg(text: str) -> str:
    """What Python makes of ``text`` typed on a GBK console under a UTF-8 locale."""
    return os.fsdecode(text.encode("gbk"))


def test_a_gbk_argument_on_a_chinese_locale_is_read_as_gb18030(ledger_db, monkeypatch):
    monkeypatch.setenv("LANG", "zh_CN.UTF-8")
    run_cli("household", "import", str(SAMPLES / "households.csv"))
    result = run_cli("household", "list", "--format", "json", "--village", _gbk_arg("大塘埠村"))
    assert result.exit_code == 0, result.output
    assert result.json() and all(r["village"] == "大塘埠村" for r in result.json())


def test_an_argument_that_is_no_text_in_the_consoles_encoding_is_one_message(ledger_db, monkeypatch):
    monkeypatch.setenv("LANG", "zh_CN.UTF-8")
    _refused(run_cli("household", "list", "--village", os.fsdecode(b"\x81\x20")), "Argument 4")
    monkeypatch.setenv("LANG", "en_US.UTF-8")
    monkeypatch.setenv("LC_ALL", "en_US.UTF-8")
    _refused(run_cli("household", "list", "--village", _gbk_arg("三江村")), "Argument 4")


def test_a_gbk_argument_in_a_real_process_gives_no_traceback(ledger_db, tmp_path):
    env = {**os.environ, "LANG": "C.UTF-8", "LC_ALL": "C.UTF-8"}
    proc = subprocess.run(
        [sys.executable, "-m", "bangfu_cli", "household", "list", "--village", "三江村".encode("gbk")],
        capture_output=True,
        env=env,
        timeout=60,
    )
    assert proc.returncode == 2
    assert b"Traceback" not in proc.stderr and proc.stderr.count(b"\n") <= 3


@pytest.mark.parametrize(
    "args",
    [
        ("audit", "--limit", "99999999999999999999"),
        ("export", "register", "--year", "99999999999999999999", "-o", "x.xlsx"),
        ("demo", "--households", "10", "--seed", "-99999999999999999999"),
        ("demo", "--years", "99999999999999999999"),
        ("demo", "--households", "99999999999999999999"),
    ],
    ids=["limit", "year", "seed", "years", "households"],
)
def test_a_number_too_big_for_its_option_is_a_usage_error(args, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    run_cli("init")
    before = _counts(tmp_path / "ledger.db")
    _refused(run_cli(*args))
    assert _counts(tmp_path / "ledger.db") == before


# ------------------------------------------------------------------ hostile files


def _sheet(path: Path, rows: list[list[str]], formula: str | None = None) -> Path:
    import openpyxl

    book = openpyxl.Workbook()
    for row in rows:
        book.active.append(row)
    if formula:
        book.active["C3"] = formula
    book.save(path)
    return path


def _cadre_rows() -> list[list[str]]:
    import csv

    with open(SAMPLES / "cadres.csv", encoding="utf-8-sig") as fh:
        return list(csv.reader(fh))[:4]


def test_an_xlsx_that_unpacks_past_the_limit_is_refused_from_its_zip_directory(ledger_db, tmp_path):
    plain = _sheet(tmp_path / "plain.xlsx", _cadre_rows())
    bomb = tmp_path / "bomb.xlsx"
    with zipfile.ZipFile(plain) as src, zipfile.ZipFile(bomb, "w", zipfile.ZIP_DEFLATED) as out:
        for info in src.infolist():
            data = src.read(info.filename)
            if info.filename.endswith("sheet1.xml"):
                data = data.replace(b"</sheetData>", b"</sheetData>" + b" " * 50_000_000)
            out.writestr(info.filename, data)
    assert bomb.stat().st_size < 1_000_000
    before = _counts(ledger_db)
    started = time.perf_counter()
    _refused(run_cli("cadre", "import", str(bomb)), "bomb.xlsx")
    assert time.perf_counter() - started < 5
    assert _counts(ledger_db) == before


def test_a_formula_cell_is_refused_naming_the_cell_and_saying_paste_values(ledger_db, tmp_path):
    book = _sheet(tmp_path / "cadres.xlsx", _cadre_rows(), formula='=A2&"x"')
    before = _counts(ledger_db)
    _refused(run_cli("cadre", "import", str(book)), "C3", "paste values")
    assert _counts(ledger_db) == before


def test_a_csv_cut_off_inside_a_quoted_field_is_refused_naming_the_line(ledger_db, tmp_path):
    lines = (SAMPLES / "cadres.csv").read_text(encoding="utf-8-sig").splitlines()[:5]
    cut = tmp_path / "cut.csv"
    cut.write_text("\n".join(lines) + '\nXF-9,"何洪\n', encoding="utf-8")
    before = _counts(ledger_db)
    _refused(run_cli("cadre", "import", str(cut)), "line 6", "cut off")
    visits = (SAMPLES / "visits.csv").read_text(encoding="utf-8-sig").splitlines()[:3]
    cut.write_text(
        "\n".join(visits) + '\n3607221032060031,XF-GB-033,2025-01-01,入户,"协助\n', encoding="utf-8"
    )
    _refused(run_cli("visit", "import", str(cut)), "line 4", "cut off")
    assert _counts(ledger_db) == before


def test_a_quoted_field_over_several_lines_that_closes_is_still_read(ledger_db, tmp_path):
    lines = (SAMPLES / "cadres.csv").read_text(encoding="utf-8-sig").splitlines()[:3]
    ok = tmp_path / "ok.csv"
    ok.write_text("\n".join(lines) + '\nXF-9,何洪,"县委\n办公室",干部,,否\n', encoding="utf-8")
    assert run_cli("cadre", "import", str(ok)).exit_code == 0


# ------------------------------------------------------------------ operational errors


def test_a_full_disk_is_said_plainly_and_nothing_is_written(ledger_db, monkeypatch):
    from bangfu_cli.storage import audit

    def full(*args, **kwargs):
        raise sqlite3.OperationalError("database or disk is full")

    before = _counts(ledger_db)
    monkeypatch.setattr(audit, "insert_audit", full)
    _refused(run_cli("cadre", "add", "--code", "X1", "--name", "张三", "--unit", "县委"), "disk is full")
    assert _counts(ledger_db) == before


def test_an_enospc_while_writing_the_ledger_is_the_same_message(ledger_db, monkeypatch):
    import errno

    from bangfu_cli.storage import audit

    def full(*args, **kwargs):
        raise OSError(errno.ENOSPC, "No space left on device")

    before = _counts(ledger_db)
    monkeypatch.setattr(audit, "insert_audit", full)
    _refused(run_cli("cadre", "add", "--code", "X1", "--name", "张三", "--unit", "县委"), "disk is full")
    assert _counts(ledger_db) == before


def test_a_read_only_ledger_is_read_listed_checked_and_exported_but_never_written(
    ledger_db, monkeypatch, tmp_path
):
    from bangfu_cli.storage import engine

    run_cli("cadre", "import", str(SAMPLES / "cadres.csv"))
    run_cli("household", "import", str(SAMPLES / "households.csv"))
    before = _counts(ledger_db)
    monkeypatch.setattr(engine, "writable", lambda path: False)
    assert run_cli("household", "list").exit_code == 0
    assert run_cli("check").exit_code in (0, 1)
    assert run_cli("export", "register", "-o", str(tmp_path / "r.xlsx")).exit_code == 0
    assert run_cli("audit", "verify").exit_code == 0
    _refused(run_cli("cadre", "add", "--code", "X1", "--name", "张三", "--unit", "县委"), "read-only")
    assert _counts(ledger_db) == before


def _hold_write_lock(db: Path, seconds: float) -> multiprocessing.Process:
    def hold():
        con = sqlite3.connect(db, isolation_level=None)
        con.execute("BEGIN IMMEDIATE")
        time.sleep(seconds)
        con.execute("ROLLBACK")

    ctx = multiprocessing.get_context("fork")
    proc = ctx.Process(target=hold, daemon=True)
    proc.start()
    time.sleep(0.5)
    return proc


def test_a_writer_behind_another_says_it_waits_then_writes(ledger_db):
    holder = _hold_write_lock(Path(ledger_db), 2)
    result = run_cli("cadre", "add", "--code", "X1", "--name", "张三", "--unit", "县委")
    holder.join()
    assert result.exit_code == 0, result.output
    assert result.stderr.count("Waiting for another program") == 1


def test_a_wait_that_times_out_is_one_message_and_exit_2(ledger_db, monkeypatch):
    from bangfu_cli.storage import engine

    monkeypatch.setattr(engine, "BUSY_TIMEOUT_MS", 1_500)
    holder = _hold_write_lock(Path(ledger_db), 3)
    before = _counts(ledger_db)
    result = run_cli("cadre", "add", "--code", "X1", "--name", "张三", "--unit", "县委")
    holder.join()
    _refused(result, "Waiting", "being written by another program")
    assert _counts(ledger_db) == before


def test_a_database_urls_password_is_never_printed(monkeypatch):
    monkeypatch.setenv("BANGFU_DB", "postgresql+psycopg://clerk:s3cret-pw@127.0.0.1:1/ledger")
    result = run_cli("household", "list")
    assert result.exit_code == 2
    assert "s3cret-pw" not in result.output
    from bangfu_cli.domain.secrets import hide_passwords

    assert (
        hide_passwords("x postgresql://u:p@h/db password=abc y") == "x postgresql://u:***@h/db password=*** y"
    )


# ------------------------------------------------------------------ a killed run


def test_a_worker_ends_when_its_parent_is_killed(tmp_path):
    """kill -9 of the parent: the worker (which asked for its parent's death signal) ends too."""
    script = tmp_path / "parent.py"
    script.write_text(
        "import multiprocessing, os, sys, time\n"
        "from bangfu_cli.services.orphans import end_with_parent\n"
        "def work(parent):\n"
        "    end_with_parent(parent)\n"
        "    time.sleep(60)\n"
        "if __name__ == '__main__':\n"
        "    p = multiprocessing.get_context('fork').Process(target=work, args=(os.getpid(),), daemon=True)\n"
        "    p.start()\n"
        "    print(p.pid, flush=True)\n"
        "    time.sleep(60)\n"
    )
    parent = subprocess.Popen([sys.executable, str(script)], stdout=subprocess.PIPE, text=True)
    worker = int(parent.stdout.readline())
    time.sleep(0.5)
    parent.send_signal(signal.SIGKILL)
    parent.wait()
    from bangfu_cli.services.orphans import alive

    for _ in range(50):
        if not alive(worker):
            break
        time.sleep(0.1)
    else:
        os.kill(worker, signal.SIGKILL)
        pytest.fail("the worker outlived its parent")


def test_the_folders_of_killed_runs_are_removed_by_the_next_run(ledger_db, tmp_path, monkeypatch):
    from bangfu_cli.services import orphans

    monkeypatch.setattr(orphans, "runs_root", lambda: tmp_path / "runs")
    (tmp_path / "runs").mkdir()
    dead = subprocess.Popen([sys.executable, "-c", "pass"])
    dead.wait()
    left = tmp_path / "runs" / f"{dead.pid}-abc"
    left.mkdir()
    (left / "bangfu-part.json").write_bytes(b"sealed")
    mine = tmp_path / "runs" / f"{os.getpid()}-old"
    mine.mkdir()
    with orphans.run_folder() as folder:
        assert Path(folder).parent == tmp_path / "runs"
        assert not left.exists()
        assert mine.exists()  # a live process's folder stays
    assert not Path(folder).exists()


def test_sealed_listing_files_read_back_and_show_nothing_in_clear(tmp_path, capsys):
    from bangfu_cli.domain.seal import SEGMENT
    from bangfu_cli.exporters.listing import part_file
    from bangfu_cli.output import emit_files, emit_json_rows

    rows = [{"household": f"H{i:06d}", "head_name": "张三丰", "note": "李" * 40} for i in range(20_000)]
    key = os.urandom(32)
    path = part_file(rows, fmt="json", folder=str(tmp_path), key=key)
    data = Path(path).read_bytes()
    assert len(data) > 2 * SEGMENT
    assert "张三丰".encode() not in data and b"H000001" not in data
    emit_files([path], "json", (), key=key)
    sealed = capsys.readouterr().out
    emit_json_rows(rows)
    assert sealed == capsys.readouterr().out
