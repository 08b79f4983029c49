"""A real PostgreSQL server for the tests: started once per test run from the ``pgserver`` wheel
(PostgreSQL 16, listening on a Unix socket in a temporary folder, nothing on the network), with a
fresh database for every test that asks for one.

``BANGFU_TEST_BACKENDS`` (``sqlite``, ``postgres`` or ``sqlite,postgres``) chooses the backends
the ledger fixture is parametrised over; the default is both."""

from __future__ import annotations

import itertools
import os
import tempfile
from functools import cache

_counter = itertools.count(1)


@cache
def server():
    """The running server, or None where it cannot start (say why in the skip)."""
    try:
        import pgserver
    except ImportError:
        return None
    folder = tempfile.mkdtemp(prefix="bangfu-pg-")
    os.chmod(folder, 0o755)  # the server may run as its own user when the tests run as root
    srv = pgserver.get_server(folder, cleanup_mode="delete")
    # A server of throw-away databases: nothing need reach the disk before the test goes on
    # (a new database per test is then ~10× faster on a busy disk).
    srv.psql(
        "ALTER SYSTEM SET fsync = off; ALTER SYSTEM SET synchronous_commit = off; "
        "ALTER SYSTEM SET full_page_writes = off; SELECT pg_reload_conf();"
    )
    return srv


def admin(sql: str) -> None:
    """Run one statement as the server's superuser, outside any transaction (``CREATE DATABASE``)."""
    _admin_connection().execute(sql)


@cache
def _admin_connection():
    import psycopg

    return psycopg.connect(server().get_uri("postgres"), autocommit=True)


def new_database_url(template: str | None = None) -> str:
    """A new database on the test server (empty, or a copy of the database ``template``), as the
    URL a user would give ``--db``."""
    name = f"ledger_{os.getpid()}_{next(_counter)}"
    admin(f'CREATE DATABASE "{name}"' + (f' TEMPLATE "{template}"' if template else ""))
    return url_of(name)


def url_of(name: str) -> str:
    return f"postgresql+psycopg://postgres@/{name}?host={server().pgdata}"


def database_of(url: str) -> str:
    from sqlalchemy.engine import make_url

    return make_url(url).database


def copy_database(source: str, target: str) -> None:
    """Make the database ``target`` (dropped first if it exists) a copy of ``source``. Connections
    to ``source`` (a ledger's pooled ones) are ended first: a template must have none; a pool
    reconnects on its next use."""
    admin(
        "SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
        f"WHERE datname = '{source}' AND pid <> pg_backend_pid()"
    )
    admin(f'DROP DATABASE IF EXISTS "{target}" WITH (FORCE)')
    admin(f'CREATE DATABASE "{target}" TEMPLATE "{source}"')


def backends() -> list[str]:
    wanted = os.environ.get("BANGFU_TEST_BACKENDS", "sqlite,postgres")
    return [b.strip() for b in wanted.split(",") if b.strip()]
