"""The audit table: writing one row (in the caller's transaction) and reading the latest rows."""

from __future__ import annotations

from datetime import datetime
from typing import Any


def insert_audit(
    target: Any,
    *,
    at: datetime,
    by: str,
    action: str,
    entity: str,
    entity_uuid: str | None,
    key: str | None,
    changes: str | None,
    records: str | None = None,
) -> None:
    """One audit row, in the transaction of ``target`` (an ORM session or a Core connection).
    ``by``: the operator's name. On PostgreSQL the row's ``by`` is the database role instead, as
    the database itself sees it (row-level security lets a township role write rows in its own
    name only), and the operator's name goes beside it in ``operator``."""
    from sqlalchemy import func, insert

    from bangfu_cli.storage import light
    from bangfu_cli.storage.audit_chain import mark_unsealed
    from bangfu_cli.storage.ids import new_uuid

    dialect = target.dialect if hasattr(target, "dialect") else target.get_bind().dialect
    shared = dialect.name == "postgresql"
    target.execute(
        insert(light.audit).values(
            uuid=new_uuid(),
            at=at,
            by=func.current_user() if shared else by,
            operator=by,
            action=action,
            entity=entity,
            entity_uuid=entity_uuid,
            entity_key=key,
            changes=changes,
            records=records,
        )
    )
    mark_unsealed(target)  # chained (storage.audit_chain.seal) when the transaction commits


def latest_audit(
    session: Any, *, entity: str | None, key: str | None, action: str | None, limit: int
) -> list[Any]:
    """The latest ``limit`` audit rows (newest first), optionally of one entity kind, key or action."""
    from sqlmodel import select

    from bangfu_cli.storage.models import Audit

    query = select(Audit)
    if entity:
        query = query.where(Audit.entity == entity)
    if key:
        query = query.where(Audit.entity_key == key)
    if action:
        query = query.where(Audit.action == action)
    return list(session.exec(query.order_by(Audit.id.desc()).limit(limit)).all())
