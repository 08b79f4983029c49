"""Running the Alembic migrations in ``migrations/`` (shipped inside the wheel as
``bangfu_cli/migrations``; in a source checkout they sit at the repository's root)."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy.engine import Engine

from bangfu_cli.storage.engine import write_connection


def migrations_dir() -> Path:
    packaged = Path(__file__).resolve().parent.parent / "migrations"
    if (packaged / "env.py").exists():
        return packaged
    source = Path(__file__).resolve().parents[3] / "migrations"
    if (source / "env.py").exists():
        return source
    raise FileNotFoundError("bangfu's migrations are missing from this installation")


def alembic_config(connection=None):
    from alembic.config import Config

    cfg = Config()
    cfg.set_main_option("script_location", str(migrations_dir()))
    cfg.attributes["connection"] = connection
    return cfg


def upgrade(engine: Engine, revision: str = "head") -> None:
    """Migrate the ledger to ``revision`` in one write transaction; on a shared ledger the
    township roles' grants are renewed in it, so that they cover the tables a release added."""
    from alembic import command

    from bangfu_cli.storage.access import is_shared, renew_grants

    with write_connection(engine) as conn:
        command.upgrade(alembic_config(conn), revision)
        if is_shared(engine):
            renew_grants(conn)
        conn.commit()
