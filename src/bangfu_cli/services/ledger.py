"""Opening the ledger: where it is, its schema revision (checked cheaply, migrated when older,
refused when newer), who is writing, and the audit trail every write goes through."""

from __future__ import annotations

import json
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

from bangfu_cli.domain.errors import BangfuError


def default_db() -> str:
    """``BANGFU_DB``, else ``ledger.db`` in the per-user app directory."""
    import os

    env = os.environ.get("BANGFU_DB")
    if env:
        return env
    from typer import get_app_dir

    return str(Path(get_app_dir("bangfu")) / "ledger.db")


def now() -> datetime:
    return datetime.now(UTC)


@dataclass
class Ledger:
    """An open ledger. ``today`` is resolved once by the command and passed down."""

    url: str
    display: str
    engine: Any
    operator: str
    today: date
    revision: str
    upgraded_from: str | None = None
    _profile: Any = field(default=None, repr=False)

    @contextmanager
    def read(self) -> Iterator[Any]:
        from sqlmodel import Session

        with Session(self.engine, expire_on_commit=False) as session:
            yield session

    @contextmanager
    def write(self) -> Iterator[Any]:
        """One write transaction (BEGIN IMMEDIATE): committed when the block ends, rolled back
        entirely when anything in it raises."""
        from sqlmodel import Session

        from bangfu_cli.storage.engine import write_connection

        with write_connection(self.engine) as conn, Session(bind=conn, expire_on_commit=False) as session:
            try:
                yield session
                session.commit()
            except BaseException:
                session.rollback()
                raise

    def stamp(self) -> dict[str, Any]:
        """The ``recorded_at`` / ``recorded_by`` of a new record."""
        return {"recorded_at": now(), "recorded_by": self.operator}

    @contextmanager
    def write_core(self, *, parents_checked: bool = False) -> Iterator[Any]:
        """``write`` for Core statements: one write transaction on a bare connection (no ORM
        session, so ``sqlmodel`` and the models are not imported). ``parents_checked``: see
        ``storage.engine.write_connection``."""
        from bangfu_cli.storage.engine import write_connection

        with write_connection(self.engine, parents_checked=parents_checked) as conn, conn.begin():
            yield conn

    def audit(
        self,
        target: Any,
        action: str,
        entity: str,
        *,
        record: Any = None,
        key: str | None = None,
        changes: dict[str, Any] | str | None = None,
        entity_uuid: str | None = None,
    ) -> None:
        """One audit row, in the transaction of ``target`` (an ORM session or a Core connection).
        ``record``: the ORM record the row is about (its ``uuid`` is noted), or ``entity_uuid``."""
        from sqlalchemy import insert

        from bangfu_cli.storage import light
        from bangfu_cli.storage.ids import new_uuid

        if isinstance(changes, dict):
            changes = json.dumps(changes, ensure_ascii=False, default=str, sort_keys=True)
        target.execute(
            insert(light.audit).values(
                uuid=new_uuid(),
                at=now(),
                by=self.operator,
                action=action,
                entity=entity,
                entity_uuid=entity_uuid or getattr(record, "uuid", None),
                entity_key=key,
                changes=changes,
            )
        )

    def setting(self, key: str, default: str | None = None) -> str | None:
        # A Core query, not the ORM: reading the profile must not import sqlmodel and every
        # model (a third of the start-up of ``overdue``).
        from sqlalchemy import column, select, table

        setting = table("setting", column("key"), column("value"))
        with self.engine.connect() as conn:
            row = conn.execute(select(setting.c.value).where(setting.c.key == key)).first()
            return row[0] if row else default

    @property
    def profile(self) -> Any:
        """The active policy profile (parsed once per command)."""
        if self._profile is None:
            from bangfu_cli.rules.profiles import load_active

            self._profile = load_active(self)
        return self._profile


def open_ledger(db: str | None, *, operator: str, today: date, create: bool = False) -> Ledger:
    """Open (or with ``create``, create) the ledger at ``db``; migrate it when it is older."""
    from bangfu_cli.storage import engine as eng
    from bangfu_cli.storage.schema import HEAD, REVISIONS

    db = db or default_db()
    url = eng.url_for(db)
    path = eng.sqlite_path(url)
    display = str(path) if path else db
    if path is not None:
        if path.is_dir():
            raise BangfuError("ledger.unusable", path=display, detail="is a directory")
        if not path.exists():
            if not create:
                raise BangfuError("ledger.missing", path=display)
            try:
                path.parent.mkdir(parents=True, exist_ok=True)
            except OSError as exc:
                raise BangfuError("ledger.unusable", path=display, detail=exc.strerror or str(exc)) from exc
    try:
        engine = eng.make_engine(url)
        revision = eng.current_revision(engine)
    except BangfuError:
        raise
    except Exception as exc:
        raise BangfuError("ledger.unusable", path=display, detail=_short(exc)) from exc
    upgraded_from = None
    if revision is None:
        if not create:
            raise BangfuError("ledger.not_initialised", path=display)
        if _has_foreign_tables(engine):
            raise BangfuError("ledger.not_initialised", path=display)
        _upgrade(engine, display)
        revision = HEAD
    elif revision not in REVISIONS:
        raise BangfuError("ledger.too_new", path=display, revision=revision)
    elif revision != HEAD:
        _upgrade(engine, display)
        upgraded_from, revision = revision, HEAD
    return Ledger(
        url=url,
        display=display,
        engine=engine,
        operator=operator,
        today=today,
        revision=revision,
        upgraded_from=upgraded_from,
    )


def _has_foreign_tables(engine: Any) -> bool:
    from bangfu_cli.storage.engine import table_names

    try:
        return bool(table_names(engine))
    except Exception:
        return True


def _upgrade(engine: Any, display: str) -> None:
    from bangfu_cli.storage.migrate import upgrade

    try:
        upgrade(engine)
    except Exception as exc:
        raise BangfuError("ledger.unusable", path=display, detail=_short(exc)) from exc


def _short(exc: Exception) -> str:
    text = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
    return text[:200]
