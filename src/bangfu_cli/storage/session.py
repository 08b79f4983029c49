"""Sessions and transactions on an engine: an ORM session to read, one write transaction
(``BEGIN IMMEDIATE``) as an ORM session or as a bare Core connection, and one read snapshot as a
bare connection. The services' ``Ledger``
opens its units of work here and never holds a driver connection itself."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from bangfu_cli.storage.audit_chain import seal


@contextmanager
def read_session(engine: Any) -> Iterator[Any]:
    from sqlmodel import Session

    with Session(engine, expire_on_commit=False) as session:
        yield session


@contextmanager
def write_session(engine: Any) -> Iterator[Any]:
    """One write transaction as an ORM session: committed when the block ends, rolled back
    entirely when anything in it raises."""
    from sqlmodel import Session

    from bangfu_cli.storage.engine import write_connection

    with write_connection(engine) as conn, Session(bind=conn, expire_on_commit=False) as session:
        try:
            yield session
            session.flush()
            seal(session.connection())  # the audit rows it wrote join the chain
            session.commit()
        except BaseException:
            session.rollback()
            raise


@contextmanager
def write_core(engine: Any, *, parents_checked: bool = False) -> Iterator[Any]:
    """One write transaction on a bare connection (no ORM session, so ``sqlmodel`` and the models
    are not imported). ``parents_checked``: see ``storage.engine.write_connection``."""
    from bangfu_cli.storage.engine import write_connection

    with write_connection(engine, parents_checked=parents_checked) as conn, conn.begin():
        yield conn
        seal(conn)  # the audit rows it wrote join the chain


@contextmanager
def read_core(engine: Any) -> Iterator[Any]:
    """One read transaction on a bare connection that sees one snapshot of the ledger from its
    first statement to its end, and takes no write lock: on SQLite a deferred ``BEGIN`` (in WAL
    mode, a read snapshot that writers do not wait for), on PostgreSQL ``REPEATABLE READ``, read
    only. Nothing it does is kept."""
    with engine.connect() as conn:
        if conn.dialect.name == "postgresql":
            conn = conn.execution_options(isolation_level="REPEATABLE READ", postgresql_readonly=True)
        transaction = conn.begin()
        try:
            yield conn
        finally:
            transaction.rollback()
