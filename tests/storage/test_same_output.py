"""A ledger on PostgreSQL answers every command as the same ledger in an SQLite file does: the
same commands, in the same order, on both — stdout byte for byte (JSON and CSV included, the
order of rows too), the same exit codes and messages (the ledger's name aside), the same files
written by the exports."""

from __future__ import annotations

import os
import re
from pathlib import Path

import pytest

from tests.conftest import SAMPLES, run_cli

# PostgreSQL's answers are compared with SQLite's, which this module makes itself.
BACKENDS = ("postgres",)

# Reads of the sample township, as a clerk and the county would ask them.
READS = [
    ("info", "--format", "json"),
    ("household", "list", "--format", "json"),
    ("household", "list", "--category", "monitored", "--risk", "open", "--format", "csv"),
    ("household", "list", "--village", "三江村"),
    ("household", "show", "3607221032020028", "--format", "json"),
    ("household", "show", "曾清才", "--as-of", "2025-12-31", "--format", "json"),
    ("cadre", "list", "--format", "json"),
    ("cadre", "list", "--village", "三江村", "--format", "csv"),
    ("cadre", "show", "胡梅珍", "--as-of", "2025-12-31", "--format", "json"),
    ("pair", "list", "--format", "json"),
    ("pair", "list", "--cadre", "XF-GB-011", "--active", "--format", "json"),
    ("role", "list", "--format", "json"),
    ("role", "list", "--role", "first_secretary", "--active"),
    ("visit", "list", "--format", "json"),
    ("visit", "list", "--cadre", "XF-GB-011", "--mode", "home", "--format", "csv"),
    ("visit", "show", "3901", "--format", "json"),
    ("overdue", "--format", "json"),
    ("overdue", "--township", "大塘埠镇", "--status", "overdue"),
    ("overdue", "--summary", "--level", "village", "--format", "json"),
    ("check", "--format", "json"),
    ("check", "--as-of", "2026-09-30", "--format", "csv"),
    ("income", "collect", "--quarter", "2026Q3", "--format", "json"),
    ("income", "show", "3607221032010004", "--format", "json"),
    ("income", "alerts", "--quarter", "2026Q3", "--format", "json"),
    ("income", "growth", "--year", "2026", "--local-rate", "7.5", "--province-rate", "7.2", "-f", "json"),
    ("income", "threshold", "list", "--format", "json"),
    ("assess", "list", "--all", "--format", "csv"),
    ("report", "quarter", "--quarter", "2026Q3", "--format", "json"),
]  # (not ``audit``: on PostgreSQL its ``by`` is the database role that wrote, per CONTRACT.md)
# Writes, each followed by the reads again: the ledgers must stay alike.
WRITES = [
    ("household", "add", "--code", "3607221032020049", "--head", "李春生", "--township", "大塘埠镇",
     "--village", "三江村", "--size", "4", "--since", "2026-11-01"),
    ("household", "set-status", "3607221032020028", "--on", "2026-11-01", "--risk", "eliminated"),
    ("household", "close", "3607221032010003", "--on", "2026-11-01", "--reason", "迁出"),
    ("cadre", "add", "--code", "XF-GB-046", "--name", "王小华", "--unit", "信丰县农业农村局"),
    ("pair", "transfer", "3607221032020028", "--to", "XF-GB-012", "--on", "2026-11-20", "--reason", "调岗"),
    ("role", "assign", "XF-GB-045", "--role", "team_member", "--village", "石背村", "--start", "2026-11-01"),
    ("visit", "add", "--household", "3607221032020028", "--cadre", "XF-GB-012", "--date", "2026-11-21",
     "--mode", "home", "--format", "json"),
    ("visit", "void", "3901", "--reason", "entered twice"),
    ("visit", "import", "samples/visits.csv", "--format", "json"),
    ("income", "add", "3607221032010004", "--quarter", "2026Q3", "--on", "2026-09-28", "--wage", "15000",
     "--correct", "property income left out"),
    ("income", "threshold", "set", "2026", "7600", "--source", "county notice"),
    ("assess", "list", "--quarter", "2026Q3", "--format", "json"),
    ("profile", "use", "suzhou-2022"),
]  # fmt: skip
AFTER = [
    ("household", "list", "--format", "json"),
    ("pair", "list", "--format", "json"),
    ("role", "list", "--format", "json"),
    ("visit", "list", "--from", "2026-11-01", "--format", "json"),
    ("overdue", "--format", "json"),
    ("check", "--format", "json"),
    ("income", "show", "3607221032010004", "--format", "json"),
    ("income", "threshold", "list", "--format", "json"),
]
EXPORTS = [
    ("export", "register", "--village", "三江村", "--layout", "flat", "-o", "flat.csv"),
    ("export", "register", "--year", "2025", "-o", "register.html"),
    ("report", "quarter", "--quarter", "2026Q3", "-o", "report.html"),
]
# What differs between two runs of the same command on one backend: when a row was recorded,
# and the ids of the uuid kind made at random.
VOLATILE = [
    (re.compile(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?(\+00:00|Z)?"), "<time>"),
    (re.compile(r"\d{4}-\d\d-\d\d \d\d:\d\d(:\d\d(\.\d+)?)?(\+00:00)?"), "<time>"),
    (re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}"), "<uuid>"),
    (re.compile(r"\b[0-9a-f]{64}\b"), "<hash>"),  # the audit chain's head: it hashes uuids and times
]


def _same_text(text: str, ledger: str) -> str:
    text = text.replace(ledger, "<ledger>")
    for pattern, word in VOLATILE:
        text = pattern.sub(word, text)
    return text


class Twin:
    """The same commands on the PostgreSQL ledger (the test's) and on an SQLite one."""

    def __init__(self, tmp_path: Path) -> None:
        self.ledgers = {"postgres": os.environ["BANGFU_DB"], "sqlite": str(tmp_path / "sqlite" / "ledger.db")}
        self.folders = {}
        for name in self.ledgers:
            folder = tmp_path / name / "work"
            folder.mkdir(parents=True)
            (folder / "samples").symlink_to(SAMPLES)
            self.folders[name] = folder

    def run(self, *args: str) -> None:
        """Run ``bangfu ARGS`` on both; their outputs must be the same."""
        seen = {}
        for name, ledger in self.ledgers.items():
            os.chdir(self.folders[name])
            result = run_cli("--db", ledger, *args)
            assert "Traceback" not in result.output and "Internal error" not in result.output, (
                f"{name}: bangfu {' '.join(args)}\n{result.output}"
            )
            out, err = (_same_text(text, ledger) for text in (result.stdout, result.stderr))
            seen[name] = (result.exit_code, out, err)
        assert seen["postgres"] == seen["sqlite"], f"bangfu {' '.join(args)}"

    def files(self, name: str) -> None:
        pg, lite = (self.folders[b] / name for b in ("postgres", "sqlite"))
        head = re.compile(rb"\b[0-9a-f]{64}\b")  # the audit chain's head (see VOLATILE)
        assert head.sub(b"<hash>", pg.read_bytes()) == head.sub(b"<hash>", lite.read_bytes()), name


@pytest.fixture
def twin(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    return Twin(tmp_path)


def test_the_sample_township__every_read_write_and_export_answers_as_on_sqlite(twin):
    twin.run("demo")
    for args in READS:
        twin.run(*args)
    for args in WRITES:
        twin.run(*args)
    for args in AFTER:
        twin.run(*args)
    for args in EXPORTS:
        twin.run(*args)
        twin.files(args[-1])


def test_a_synthetic_county__then_visits_added_as_on_sqlite(twin):
    twin.run("demo", "--households", "120", "--years", "1", "--seed", "7")
    for args in (
        ("info", "--format", "json"),
        ("household", "list", "--format", "json"),
        ("overdue", "--format", "json"),
        ("check", "--format", "json"),
        ("overdue", "--summary", "--level", "cadre", "--format", "json"),
        ("export", "register", "--layout", "flat", "-o", "flat.csv"),
    ):
        twin.run(*args)
    twin.files("flat.csv")
    # The ids handed out after the bulk writes follow the ledger's own (its sequences moved on).
    household = run_cli("household", "list", "--format", "json").json()[0]["code"]
    cadre = run_cli("cadre", "list", "--format", "json").json()[0]["code"]
    twin.run("visit", "add", "--household", household, "--cadre", cadre, "--date", "2026-11-20",
             "--mode", "phone", "--format", "json")  # fmt: skip
    twin.run("visit", "list", "--from", "2026-11-20", "--format", "json")


def test_on_a_server_collating_in_chinese_every_listing_keeps_the_order_it_has_on_sqlite(twin, monkeypatch):
    # A county's server is often made with a zh_CN locale, whose collation orders Chinese text by
    # pinyin; bangfu orders text by code point on both backends, whatever the server's locale.
    from tests import pg

    name = f"zh_{pg.database_of(os.environ['BANGFU_DB'])}"
    try:
        pg.admin(
            f"CREATE DATABASE \"{name}\" TEMPLATE template0 ENCODING 'UTF8' "
            "LC_COLLATE 'zh_CN.utf8' LC_CTYPE 'zh_CN.utf8'"
        )
    except Exception as exc:  # the operating system lacks the locale (.ci/run generates it)
        pytest.skip(f"no zh_CN.UTF-8 locale on this machine: {exc}")
    twin.ledgers["postgres"] = pg.url_of(name)
    monkeypatch.setenv("BANGFU_DB", pg.url_of(name))
    twin.run("demo")
    for args in READS:
        twin.run(*args)
