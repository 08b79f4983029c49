"""Database engines: where the ledger is, SQLite pragmas, and write transactions.

SQLite runs in WAL mode with foreign keys on and a busy timeout. Write transactions start with
``BEGIN IMMEDIATE`` so that two writers queue on the busy timeout instead of one failing with
"database is locked" when it upgrades a read lock; reads use a plain deferred ``BEGIN``. A write
transaction gets a larger page cache (``WRITE_CACHE_KIB``). A bulk write whose caller has found
every referenced row itself, under the transaction's write lock, may skip SQLite's own
foreign-key look-ups (``write_connection(…, parents_checked=True)``).

On PostgreSQL a write transaction first takes one transaction-level advisory lock
(``WRITE_LOCK``), so bangfu's writers queue there as on SQLite and a command's reads and writes
see no other bangfu writer in between (two transfers of one household cannot both end its
pairing); readers never wait. Where the database refuses a write to a role (row-level security,
a missing privilege) ``refusal`` turns the error into one message."""

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
    """An SQLAlchemy URL for a path or a URL. A PostgreSQL URL that names no driver
    (``postgresql://…``, as libpq writes it) uses psycopg 3, the driver bangfu installs."""
    if "://" in db:
        scheme, rest = db.split("://", 1)
        return f"postgresql+psycopg://{rest}" if scheme in ("postgresql", "postgres") else db
    return "sqlite:///" + Path(db).expanduser().resolve().as_posix()


def sqlite_path(url: str) -> Path | None:
    """The file of an SQLite URL, or None for other databases and in-memory SQLite."""
    u = make_url(url)
    if u.get_backend_name() != "sqlite" or not u.database or u.database == ":memory:":
        return None
    return Path(u.database)


# The key of bangfu's write lock on PostgreSQL: "bangfu" in ASCII (advisory locks are per database).
WRITE_LOCK = 0x62616E676675


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
        return _server_engine(url)
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


def _server_engine(url: str) -> Engine:
    engine = create_engine(url, pool_pre_ping=True)
    if engine.dialect.name == "postgresql":

        @event.listens_for(engine, "begin")
        def _on_begin(conn):
            options = conn.get_execution_options()
            if options.get("bangfu_write"):
                conn.exec_driver_sql(f"SELECT pg_advisory_xact_lock({WRITE_LOCK})")
                if options.get("bangfu_parents_checked"):
                    _skip_foreign_key_checks(conn)

    return engine


def _skip_foreign_key_checks(conn) -> None:
    """As on SQLite (``write_connection``'s ``parents_checked``): the caller has found every
    referenced row under the write lock, so the server's per-row foreign-key triggers (half the
    time of a 500,000-row COPY) are skipped for this transaction only — where the role may: a
    superuser, or one granted ``SET ON PARAMETER session_replication_role`` (PostgreSQL 15+).
    Elsewhere the checks stay; the write is slower, never wrong."""
    if (conn.dialect.server_version_info or (0,)) < (15,):
        allowed = "SELECT rolsuper FROM pg_roles WHERE rolname = current_user"
    else:
        allowed = (
            "SELECT rolsuper OR has_parameter_privilege('session_replication_role', 'SET') "
            "FROM pg_roles WHERE rolname = current_user"
        )
    if conn.exec_driver_sql(allowed).scalar():
        conn.exec_driver_sql("SET LOCAL session_replication_role = replica")


def refusal(exc: BaseException, url: str | None = None):
    """A ``BangfuError`` saying that the database refused the statement to this role (row-level
    security: SQLSTATE 42501 with "row-level security"; else a missing privilege), or None."""
    from bangfu_cli.domain.errors import BangfuError
    from bangfu_cli.storage.retry import sqlstate

    if sqlstate(exc) != "42501":
        return None
    role = _role(url)
    detail = str(getattr(exc, "orig", exc)).splitlines()[0] if str(exc) else ""
    if "row-level security" in detail:
        return BangfuError("access.denied", role=role)
    return BangfuError("access.not_permitted", role=role, detail=detail[:160])


def _role(url: str | None) -> str:
    """The role a server connection logs in as (never its password)."""
    import getpass
    import os

    name = make_url(url).username if url else None
    return name or os.environ.get("PGUSER") or getpass.getuser()


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
        try:
            yield conn
        except Exception as exc:
            refused = refusal(exc, str(engine.url))
            if refused is None:
                raise
            raise refused from exc


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
