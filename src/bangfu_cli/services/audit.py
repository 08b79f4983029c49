"""Reading the audit trail: who wrote or revealed what, when, with old → new values."""

from __future__ import annotations

import json
from typing import Any

from bangfu_cli.domain.identity import mask_id, mask_phone


def _mask_changes(changes: Any, reveal: bool) -> Any:
    if reveal or not isinstance(changes, dict):
        return changes
    out = {}
    for field, value in changes.items():
        mask = mask_id if field == "id_number" else mask_phone if field == "phone" else None
        if mask and isinstance(value, list):
            out[field] = [mask(v) if isinstance(v, str) else v for v in value]
        else:
            out[field] = value
    return out


def list_audit(
    ledger: Any,
    *,
    entity: str | None = None,
    key: str | None = None,
    action: str | None = None,
    limit: int = 50,
    reveal: bool = False,
) -> list[dict]:
    """The latest ``limit`` audit entries (newest first), optionally of one entity kind / key."""
    from bangfu_cli.storage.audit import latest_audit

    with ledger.read() as session:
        rows = latest_audit(
            session,
            entity=entity.strip() if entity else None,
            key=key.strip() if key else None,
            action=action.strip() if action else None,
            limit=max(limit, 1),
        )
    items = []
    for row in rows:
        try:
            changes = json.loads(row.changes) if row.changes else None
        except ValueError:
            changes = row.changes
        items.append(
            {
                "id": row.id,
                "at": row.at,
                "by": row.by,
                "operator": row.operator,
                "action": row.action,
                "entity": row.entity,
                "key": row.entity_key,
                "entity_uuid": row.entity_uuid,
                "changes": _mask_changes(changes, reveal),
            }
        )
    return items
