"""Database engines: where the ledger is, SQLite pragmas, and write transactions.

SQLite runs in WAL mode with foreign keys on and a busy timeout. Write transactions start with
``BEGIN IMMEDIATE`` so that two writers queue on the busy timeout instead of one failing with
"database is locked" when it upgrades a read lock; reads use a plain deferred ``BEGIN``. A write
transaction gets a larger page cache (``WRITE_CACHE_KIB``). A bulk write whose caller has found
every referenced row itself, under the transaction's write lock, may skip SQLite's own
foreign-key look-ups (``write_connection(…, parents_checked=True)``)."""

from __future__ import annotations

import os
from collections.abc import Callable
from contextlib import contextmanager
from pathlib import Path
from urllib.parse import quote

from sqlalchemy import create_engine, event, inspect, text
from sqlalchemy.engine import Engine, make_url

from bangfu_cli.domain.errors import BangfuError

BUSY_TIMEOUT_MS = 30_000
# Page cache of a write transaction (KiB): a large import into a ledger of a million visits keeps
# the pages of the visit indexes it updates in memory instead of re-reading them (SQLite's default
# of 2 MB holds ~500 pages). Pages are allocated only when touched; the connection goes back to
# the default when the transaction's connection returns to the pool, so reads keep small caches.
WRITE_CACHE_KIB = 65_536
DEFAULT_CACHE_KIB = 2_000


def url_for(db: str) -> str:
    """An SQLAlchemy URL for a path or a URL."""
    if "://" in db:
        return db
    return "sqlite:///" + Path(db).expanduser().resolve().as_posix()


def sqlite_path(url: str) -> Path | None:
    """The file of an SQLite URL, or None for other databases and in-memory SQLite."""
    u = make_url(url)
    if u.get_backend_name() != "sqlite" or not u.database or u.database == ":memory:":
        return None
    return Path(u.database)


def writable(path: Path) -> bool:
    """Whether the ledger file and its folder (where SQLite keeps its journal) can be written."""
    return os.access(path, os.W_OK) and os.access(path.parent, os.W_OK)


def read_only_url(path: Path) -> str:
    """The URL that opens ``path`` read-only; ``immutable`` when its folder cannot be written
    (read-only media: no other writer, and no room for SQLite's shared-memory file)."""
    immutable = "&immutable=1" if not os.access(path.parent, os.W_OK) else ""
    return f"sqlite:///file:{quote(path.as_posix())}?mode=ro{immutable}&uri=true"


def make_engine(url: str) -> Engine:
    if make_url(url).get_backend_name() != "sqlite":
        return create_engine(url, pool_pre_ping=True)
    path = sqlite_path(url)
    read_only = path is not None and path.exists() and not writable(path)
    if read_only:
        url = read_only_url(path)
    engine = create_engine(url, connect_args={"timeout": BUSY_TIMEOUT_MS / 1000})

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_conn, _record):  # pragma: no cover - exercised through every test
        # Let SQLAlchemy's "begin" event decide how a transaction starts.
        dbapi_conn.isolation_level = None
        cur = dbapi_conn.cursor()
        if not read_only:  # a read-only ledger keeps the journal mode it has
            cur.execute("PRAGMA journal_mode=WAL")
        cur.execute("PRAGMA foreign_keys=ON")
        cur.execute(f"PRAGMA busy_timeout={BUSY_TIMEOUT_MS}")
        cur.execute("PRAGMA synchronous=NORMAL")
        cur.close()

    @event.listens_for(engine, "begin")
    def _on_begin(conn):  # pragma: no cover - exercised through every test
        options = conn.get_execution_options()
        if options.get("bangfu_write"):
            if options.get("bangfu_parents_checked"):
                # Only outside a transaction does this take effect; back on at check-in.
                conn.exec_driver_sql("PRAGMA foreign_keys=OFF")
                conn.connection.info["bangfu_foreign_keys_off"] = True
            if read_only:
                raise BangfuError("error.read_only")
            _begin_immediate(conn)
            conn.exec_driver_sql(f"PRAGMA cache_size=-{WRITE_CACHE_KIB}")
            conn.connection.info["bangfu_write_cache"] = True
        else:
            conn.exec_driver_sql("BEGIN")

    @event.listens_for(engine.pool, "checkin")
    def _on_checkin(dbapi_conn, record):  # pragma: no cover - exercised through every test
        if dbapi_conn is not None and record.info.pop("bangfu_write_cache", False):
            dbapi_conn.execute(f"PRAGMA cache_size=-{DEFAULT_CACHE_KIB}")
        if dbapi_conn is not None and record.info.pop("bangfu_foreign_keys_off", False):
            dbapi_conn.execute("PRAGMA foreign_keys=ON")

    return engine


# Called (with no arguments) once a writer has waited WAIT_NOTICE_MS for another writer's lock:
# the command line says that it is waiting. Storage prints nothing itself.
on_wait: Callable[[], None] | None = None
WAIT_NOTICE_MS = 1_000


def _begin_immediate(conn) -> None:
    """BEGIN IMMEDIATE, waiting up to BUSY_TIMEOUT_MS for another writer, and saying so (``on_wait``)
    after the first WAIT_NOTICE_MS. A wait that times out raises SQLite's "database is locked"."""
    from sqlalchemy.exc import OperationalError

    conn.exec_driver_sql(f"PRAGMA busy_timeout={WAIT_NOTICE_MS}")
    try:
        conn.exec_driver_sql("BEGIN IMMEDIATE")
        return
    except OperationalError as exc:
        if "locked" not in str(exc) and "busy" not in str(exc):
            raise
    finally:
        conn.exec_driver_sql(f"PRAGMA busy_timeout={BUSY_TIMEOUT_MS}")
    if on_wait is not None:
        on_wait()
    conn.exec_driver_sql(f"PRAGMA busy_timeout={BUSY_TIMEOUT_MS - WAIT_NOTICE_MS}")
    try:
        conn.exec_driver_sql("BEGIN IMMEDIATE")
    finally:
        conn.exec_driver_sql(f"PRAGMA busy_timeout={BUSY_TIMEOUT_MS}")


@contextmanager
def write_connection(engine: Engine, *, parents_checked: bool = False):
    """A connection whose transaction takes the write lock at once (BEGIN IMMEDIATE on SQLite).

    ``parents_checked``: the caller finds the row behind every foreign key it writes itself, after
    the lock is taken (so no other writer can change them), and nothing in bangfu deletes rows;
    SQLite then skips its own look-ups for this transaction (a quarter of the insert time of
    500,000 visits). Foreign keys are enforced again on the connection's next use."""
    with engine.connect() as conn:
        conn = conn.execution_options(bangfu_write=True, bangfu_parents_checked=parents_checked)
        yield conn


def current_revision(engine: Engine) -> str | None:
    """The ledger's schema revision, or None when it has no bangfu schema. Cheap: one query."""
    with engine.connect() as conn:
        try:
            row = conn.execute(text("SELECT version_num FROM alembic_version")).first()
        except Exception:
            conn.rollback()
            return None
        return row[0] if row else None


def table_names(engine: Engine) -> list[str]:
    return inspect(engine).get_table_names()
