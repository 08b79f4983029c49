"""Township ledgers for the exchange tests: the bundled sample township (大塘埠镇), and a second
township made from the same files under another name, with its own household and cadre codes."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

from tests.conftest import SAMPLES, run_cli

FIRST = "大塘埠镇"
SECOND = "新田镇"
FILES = (
    "cadres.csv",
    "households.csv",
    "roles.csv",
    "pairings.csv",
    "visits.csv",
    "income.csv",
    "income-late.csv",
)
KINDS = {
    "cadres.csv": "cadre",
    "households.csv": "household",
    "roles.csv": "role",
    "pairings.csv": "pair",
    "visits.csv": "visit",
    "income.csv": "income",
    "income-late.csv": "income",
}
FILES = tuple(KINDS)


def second_township(folder: Path) -> Path:
    """The samples as another township's: 新田镇, households 3607221099…, cadres XF-XT-…."""
    folder.mkdir(parents=True, exist_ok=True)
    for name in FILES:
        text = (SAMPLES / name).read_text(encoding="utf-8-sig")
        text = text.replace(FIRST, SECOND).replace("3607221032", "3607221099").replace("XF-GB-", "XF-XT-")
        (folder / name).write_text(text, encoding="utf-8")
    return folder


def load(db: Path, *folders: Path) -> Path:
    """A ledger holding the townships of ``folders``, imported one township after the other."""
    assert run_cli("--db", str(db), "init").exit_code == 0
    for folder in folders:
        for name in FILES:
            late = ("--late", "采集人住院") if name == "income-late.csv" else ()
            result = run_cli("--db", str(db), KINDS[name], "import", str(folder / name), *late)
            assert result.exit_code == 0, result.output
    return db


def cli(db: Path, *args: str):
    return run_cli("--db", str(db), *args)


def overdue(db: Path) -> list:
    result = cli(db, "overdue", "--format", "json")
    assert result.exit_code == 0, result.output
    return result.json()


def check(db: Path) -> tuple[int, str]:
    result = cli(db, "check", "--format", "json")
    return result.exit_code, result.stdout


def register(db: Path, out: Path) -> list[list[str]]:
    result = cli(db, "export", "register", "--format", "csv", "-o", str(out), "--force")
    assert result.exit_code == 0, result.output
    return list(csv.reader(io.StringIO(out.read_text(encoding="utf-8-sig"))))


def counts(db: Path) -> dict:
    return cli(db, "info", "--format", "json").json()["counts"]


def merge(db: Path, file: Path, *args: str):
    return cli(db, "merge", str(file), *args)


def merge_json(db: Path, file: Path, *args: str) -> tuple[int, dict]:
    result = merge(db, file, "--format", "json", *args)
    assert result.exit_code in (0, 1), result.output
    return result.exit_code, json.loads(result.stdout)


def export(db: Path, file: Path, *args: str) -> Path:
    result = cli(db, "export", "ledger", "-o", str(file), *args)
    assert result.exit_code == 0, result.output
    return file
