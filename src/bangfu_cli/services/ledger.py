"""Opening the ledger at the path the command line chose: its schema revision (checked cheaply,
migrated when older, refused when newer), who is writing, and the audit trail every write goes
through. Sessions, settings and audit rows are read and written by ``storage``."""

from __future__ import annotations

import json
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

from bangfu_cli.domain.errors import BangfuError


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
    # The folder of the ledger's own files (``attachments/``): the ledger file's folder; for a
    # ledger on a database server, the one the command line names (the per-user app folder).
    folder: Path | None = None
    _profile: Any = field(default=None, repr=False)

    @contextmanager
    def read(self) -> Iterator[Any]:
        from bangfu_cli.storage.session import read_session

        with read_session(self.engine) as session:
            yield session

    @contextmanager
    def write(self) -> Iterator[Any]:
        """One write transaction (BEGIN IMMEDIATE): committed when the block ends, rolled back
        entirely when anything in it raises."""
        from bangfu_cli.storage.session import write_session

        with write_session(self.engine) as session:
            yield session

    def stamp(self) -> dict[str, Any]:
        """The ``recorded_at`` / ``recorded_by`` of a new record."""
        return {"recorded_at": now(), "recorded_by": self.operator}

    @contextmanager
    def write_core(self, *, parents_checked: bool = False) -> Iterator[Any]:
        """``write`` for Core statements: one write transaction on a bare connection (no ORM
        session, so ``sqlmodel`` and the models are not imported). ``parents_checked``: see
        ``storage.engine.write_connection``."""
        from bangfu_cli.storage.session import write_core

        with write_core(self.engine, parents_checked=parents_checked) as conn:
            yield conn

    @contextmanager
    def read_core(self) -> Iterator[Any]:
        """One read transaction on a bare connection that sees one snapshot of the ledger and
        blocks no writer (``storage.session.read_core``)."""
        from bangfu_cli.storage.session import read_core

        with read_core(self.engine) as conn:
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
        records: tuple[str, int, int] | None = None,
    ) -> None:
        """One audit row, in the transaction of ``target`` (an ORM session or a Core connection).
        ``record``: the ORM record the row is about (its ``uuid`` is noted), or ``entity_uuid``;
        ``records``: (table, first id, last id) of the rows a bulk import wrote, hashed as one."""
        from bangfu_cli.domain.chain import records_scope
        from bangfu_cli.storage.audit import insert_audit

        if isinstance(changes, dict):
            changes = json.dumps(changes, ensure_ascii=False, default=str, sort_keys=True)
        insert_audit(
            target,
            at=now(),
            by=self.operator,
            action=action,
            entity=entity,
            entity_uuid=entity_uuid or getattr(record, "uuid", None),
            key=key,
            changes=changes,
            records=records_scope(*records) if records else None,
        )

    def setting(self, key: str, default: str | None = None) -> str | None:
        from bangfu_cli.storage.settings import read_setting

        value = read_setting(self.engine, key)
        return default if value is None else value

    @property
    def profile(self) -> Any:
        """The active policy profile (parsed once per command)."""
        if self._profile is None:
            from bangfu_cli.rules.profiles import load_active

            self._profile = load_active(self)
        return self._profile


def open_ledger(db: str, *, operator: str, today: date, create: bool = False) -> Ledger:
    """Open (or with ``create``, create) the ledger at ``db``; migrate it when it is older."""
    from bangfu_cli.storage import engine as eng
    from bangfu_cli.storage.location import error_detail, prepare_location
    from bangfu_cli.storage.schema import HEAD, REVISIONS

    url = eng.url_for(db)
    display = prepare_location(url, db, create=create)
    try:
        engine = eng.make_engine(url)
        revision = eng.current_revision(engine)
    except BangfuError:
        raise
    except ModuleNotFoundError as exc:  # the database's driver is not installed
        raise BangfuError("ledger.no_driver", path=display, module=exc.name or "") from exc
    except Exception as exc:
        raise BangfuError("ledger.unusable", path=display, detail=error_detail(exc, db)) from exc
    upgraded_from = None
    if revision is None:
        if not create:
            raise BangfuError("ledger.not_initialised", path=display)
        if _has_foreign_tables(engine):
            raise BangfuError("ledger.not_initialised", path=display)
        _upgrade(engine, display, db)
        revision = HEAD
    elif revision not in REVISIONS:
        raise BangfuError("ledger.too_new", path=display, revision=revision)
    elif revision != HEAD:
        _upgrade(engine, display, db)
        upgraded_from, revision = revision, HEAD
    return Ledger(
        url=url,
        display=display,
        engine=engine,
        operator=operator,
        today=today,
        revision=revision,
        upgraded_from=upgraded_from,
        folder=None if eng.sqlite_path(url) is None else Path(display).parent,
    )


def _has_foreign_tables(engine: Any) -> bool:
    from bangfu_cli.storage.engine import table_names

    try:
        return bool(table_names(engine))
    except Exception:
        return True


def _upgrade(engine: Any, display: str, db: str) -> None:
    from bangfu_cli.storage.location import error_detail
    from bangfu_cli.storage.migrate import upgrade

    try:
        upgrade(engine)
    except Exception as exc:
        raise BangfuError("ledger.unusable", path=display, detail=error_detail(exc, db)) from exc
