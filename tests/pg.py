"""A real PostgreSQL server for the tests: started once per test run from the ``pgserver`` wheel
(PostgreSQL 16, listening on a Unix socket in a temporary folder, nothing on the network), with a
fresh database for every test that asks for one.

``BANGFU_TEST_BACKENDS`` (``sqlite``, ``postgres`` or ``sqlite,postgres``) chooses the backends
the ledger fixture is parametrised over; the default is SQLite alone until every suite passes on both."""

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
    return pgserver.get_server(folder, cleanup_mode="delete")


def new_database_url() -> str:
    """A new empty database on the test server, as the URL a user would give ``--db``."""
    srv = server()
    name = f"ledger_{os.getpid()}_{next(_counter)}"
    srv.psql(f'CREATE DATABASE "{name}";')
    return f"postgresql+psycopg://postgres@/{name}?host={srv.pgdata}"


def backends() -> list[str]:
    wanted = os.environ.get("BANGFU_TEST_BACKENDS", "sqlite")
    return [b.strip() for b in wanted.split(",") if b.strip()]
