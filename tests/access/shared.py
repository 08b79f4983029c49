"""A shared county ledger on the test PostgreSQL server, with two townships and database roles
made for one test (roles belong to the whole server: their names are unique per test)."""

from __future__ import annotations

import itertools
import os
import subprocess
from functools import cache
from urllib.parse import parse_qs, urlsplit

import pytest

from tests import pg
from tests.conftest import SAMPLES, run_process

_roles = itertools.count(1)
TOWN = "大塘埠镇"  # every household of samples/
OTHER = "三溪乡"  # one household added beside them


def need_server() -> None:
    if pg.server() is None:
        pytest.skip("PostgreSQL tests need the pgserver package (pip install -e '.[test]')")


def county(monkeypatch) -> str:
    """A new PostgreSQL ledger (the test's BANGFU_DB) holding the samples and X001 in OTHER: a
    copy of one built once per run (``CREATE DATABASE … TEMPLATE``)."""
    need_server()
    template = _template()
    url = pg.new_database_url()
    name = urlsplit(url).path.lstrip("/")
    pg.server().psql(f'DROP DATABASE "{name}"; CREATE DATABASE "{name}" TEMPLATE "{template}";')
    monkeypatch.setenv("BANGFU_DB", url)
    return url


@cache
def _template() -> str:
    """Built by separate processes, so that no connection to it is left open to stop its copying."""
    url = pg.new_database_url()
    for args in (
        ("init",),
        ("household", "import", str(SAMPLES / "households.csv")),
        ("cadre", "import", str(SAMPLES / "cadres.csv")),
        ("pair", "import", str(SAMPLES / "pairings.csv")),
        (
            "household",
            "add",
            "--code",
            "X001",
            "--head",
            "王五",
            "--township",
            OTHER,
            "--village",
            "三溪村",
            "--size",
            "3",
            "--since",
            "2026-01-01",
        ),
        ("pair", "add", "X001", "XF-GB-008", "--start", "2026-01-01"),
    ):
        done = run_process(*args, env={"BANGFU_DB": url})
        assert done.returncode == 0, (args, done.stderr)
    return urlsplit(url).path.lstrip("/")


def new_role() -> str:
    name = f"clerk_{os.getpid()}_{next(_roles)}"
    pg.server().psql(f"CREATE ROLE {name} LOGIN;")
    return name


def as_role(url: str, role: str) -> str:
    """The ledger's URL logging in as ``role``."""
    return url.replace("postgresql+psycopg://postgres@", f"postgresql+psycopg://{role}@", 1)


def psql(url: str, role: str, sql: str) -> subprocess.CompletedProcess:
    """``sql`` run by ``psql`` logged in as ``role``: another client of the same ledger."""
    from pgserver._commands import POSTGRES_BIN_PATH

    parts = urlsplit(url)
    host = parse_qs(parts.query)["host"][0]
    database = parts.path.lstrip("/")
    return subprocess.run(
        [
            str(POSTGRES_BIN_PATH / "psql"),
            "-X",
            "-At",
            "-v",
            "ON_ERROR_STOP=1",
            f"postgresql://{role}@/{database}?host={host}",
            "-c",
            sql,
        ],
        capture_output=True,
        text=True,
        encoding="utf-8",
    )
