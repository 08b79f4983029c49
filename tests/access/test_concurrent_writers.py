"""Many writers at once on one county ledger, as separate processes: every command commits whole
or fails with one message and exit 2, and nothing is lost — on a ledger file and on PostgreSQL.
When the database asks for a transaction to be run again (serialization failure, deadlock), the
command runs again, a bounded number of times."""

from __future__ import annotations

import csv
import os
import subprocess
import sys

import pytest

from bangfu_cli.storage import retry
from tests import db
from tests.access.shared import county
from tests.conftest import SAMPLES, run_cli, run_process

ADDS = 5


def _ledger(kind: str, tmp_path, monkeypatch) -> str:
    if kind == "postgres":
        return county(monkeypatch)
    path = str(tmp_path / "county.db")
    monkeypatch.setenv("BANGFU_DB", path)
    for args in (
        ("init",),
        ("household", "import", str(SAMPLES / "households.csv")),
        ("cadre", "import", str(SAMPLES / "cadres.csv")),
        ("pair", "import", str(SAMPLES / "pairings.csv")),
    ):
        assert run_process(*args).returncode == 0, args
    return path


def _import_file(path, pairs, day: str) -> str:
    with open(path, "w", encoding="utf-8", newline="") as fh:
        out = csv.writer(fh)
        out.writerow(["household", "cadre", "date", "mode"])
        out.writerows([household, cadre, day, "home"] for household, cadre in pairs)
    return str(path)


def _start(*args: str) -> subprocess.Popen:
    return subprocess.Popen(
        [sys.executable, "-m", "bangfu_cli", *args],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        encoding="utf-8",
        env=dict(os.environ),
    )


@pytest.mark.parametrize("kind", ["sqlite", "postgres"])
def test_visit_adds_imports_and_transfers_at_once_lose_nothing(kind, tmp_path, monkeypatch):
    _ledger(kind, tmp_path, monkeypatch)
    pairs = db.rows(
        "SELECT h.code, c.code FROM pairing p JOIN household h ON h.id = p.household_id "
        "JOIN cadre c ON c.id = p.cadre_id WHERE p.kind = 'pair' AND p.\"end\" IS NULL ORDER BY h.code"
    )
    before = db.count("visit")
    cadres = [c for (c,) in db.rows("SELECT code FROM cadre ORDER BY code")]
    contested = pairs[20][0]  # transferred by two commands at once
    jobs = [
        _start("visit", "add", "--household", h, "--cadre", c, "--date", "2026-11-26", "--mode", "phone")
        for h, c in pairs[:ADDS]
    ]
    jobs += [
        _start("visit", "import", _import_file(tmp_path / f"v{day}.csv", pairs[30:90], f"2026-11-{day}"))
        for day in (10, 11)
    ]
    transfers = [
        _start("pair", "transfer", contested, "--to", to, "--on", "2026-11-15", "--reason", "调整")
        for to in cadres[-2:]
    ]
    transfers.append(
        _start("pair", "transfer", pairs[21][0], "--to", cadres[-3], "--on", "2026-11-15", "--reason", "调整")
    )
    results = [(job, *job.communicate(timeout=300)) for job in jobs + transfers]
    for job, _out, err in results:
        assert job.returncode in (0, 2), err
        assert "Traceback" not in err
        if job.returncode == 2:
            assert err.count("Error:") == 1, err
    assert [job.returncode for job in jobs] == [0] * len(jobs), [e for _, _, e in results]
    assert db.count("visit") == before + ADDS + 2 * 60
    # The contested household: one transfer or both, one after the other — never two open pairings.
    open_pairs = db.rows(
        "SELECT count(*) FROM pairing p JOIN household h ON h.id = p.household_id "
        "WHERE h.code = :h AND p.kind = 'pair' AND p.\"end\" IS NULL",
        {"h": contested},
    )
    assert open_pairs == [(1,)]
    assert transfers[2].returncode == 0
    assert sum(job.returncode == 0 for job in transfers[:2]) >= 1


class _Deadlock(Exception):
    sqlstate = "40P01"


def test_retrying_runs_again_while_the_database_asks_and_gives_up_after_a_bound():
    calls = []

    def flaky():
        calls.append(1)
        if len(calls) < 3:
            raise _Deadlock("deadlock detected")
        return "done"

    assert retry.retrying(flaky, sleep=lambda _s: None) == "done" and len(calls) == 3
    with pytest.raises(retry.GaveUp):
        retry.retrying(lambda: (_ for _ in ()).throw(_Deadlock("again")), attempts=4, sleep=lambda _s: None)
    with pytest.raises(ValueError):  # anything else: at once
        retry.retrying(lambda: (_ for _ in ()).throw(ValueError("no")), sleep=lambda _s: None)


def test_a_command_the_database_asks_to_retry_runs_again_and_commits_once(ledger_db, monkeypatch):
    from bangfu_cli.services.ledger import Ledger

    run_cli("household", "import", str(SAMPLES / "households.csv"))
    run_cli("cadre", "import", str(SAMPLES / "cadres.csv"))
    run_cli("pair", "import", str(SAMPLES / "pairings.csv"))
    real, failed = Ledger.audit, []

    def audit_once_deadlocked(self, *args, **kwargs):
        if not failed:
            failed.append(1)
            raise _Deadlock("deadlock detected")  # inside the transaction: it rolls back
        return real(self, *args, **kwargs)

    monkeypatch.setattr(Ledger, "audit", audit_once_deadlocked)
    monkeypatch.setattr(retry, "FIRST_WAIT_S", 0.0)
    done = run_cli(
        "visit",
        "add",
        "--household",
        "3607221032010003",
        "--cadre",
        "XF-GB-008",
        "--date",
        "2026-11-20",
        "--mode",
        "home",
    )
    assert done.exit_code == 0, done.output
    assert failed == [1]
    assert db.count("visit") == 1


def test_a_command_still_refused_after_the_last_attempt_is_exit_2_nothing_written(ledger_db, monkeypatch):
    from bangfu_cli.services.ledger import Ledger

    def always(self, *args, **kwargs):
        raise _Deadlock("could not serialize access")

    monkeypatch.setattr(Ledger, "audit", always)
    monkeypatch.setattr(retry, "FIRST_WAIT_S", 0.0)
    done = run_cli("household", "import", str(SAMPLES / "households.csv"))
    assert done.exit_code == 2
    assert done.stderr.count("Error:") == 1 and "5 attempts" in done.stderr
    assert db.count("household") == 0
