"""Alembic environment for the bangfu ledger. bangfu passes an open connection in
``config.attributes["connection"]``; the ``alembic`` command line uses ``BANGFU_DB`` or
``sqlalchemy.url`` from alembic.ini."""

import os

from alembic import context
from sqlmodel import SQLModel

import bangfu_cli.storage.models  # noqa: F401  (registers the tables)

config = context.config
target_metadata = SQLModel.metadata


def _configure(connection) -> None:
    context.configure(
        connection=connection,
        target_metadata=target_metadata,
        render_as_batch=True,
        compare_type=True,
    )
    with context.begin_transaction():
        context.run_migrations()


def run_migrations_online() -> None:
    connection = config.attributes.get("connection")
    if connection is not None:
        _configure(connection)
        return
    from bangfu_cli.storage.engine import make_engine, url_for

    url = os.environ.get("BANGFU_DB") or config.get_main_option("sqlalchemy.url")
    engine = make_engine(url_for(url))
    with engine.connect() as conn:
        _configure(conn)
        conn.commit()


def run_migrations_offline() -> None:
    context.configure(
        url=config.get_main_option("sqlalchemy.url"),
        target_metadata=target_metadata,
        literal_binds=True,
        render_as_batch=True,
    )
    with context.begin_transaction():
        context.run_migrations()


if context.is_offline_mode():
    run_migrations_offline()
else:
    run_migrations_online()
