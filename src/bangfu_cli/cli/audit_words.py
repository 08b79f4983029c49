"""The audit table's change column in the interface's words: ``结论：持续帮扶 → 按程序消除风险``.

A field is named from ``trail.fields``; a value that is a stored code is shown with its word where
the ledger has a vocabulary for it (a field's vocabulary can depend on the kind of record: a
pairing's ``kind`` is 结对/领导联系, an activity's is its activity kind). JSON and CSV keep the
stored keys and values."""

from __future__ import annotations

from typing import Any

from bangfu_cli.i18n import catalogue, current_lang, t

# field → vocabulary, or {kind of record: vocabulary}
VOCABULARIES: dict[str, Any] = {
    "monitor_type": "enum.monitor_type",
    "risk": "enum.risk",
    "conclusion": "assess.conclusion",
    "role": "enum.role",
    "mode": "enum.mode",
    "contributor_kind": "enum.contributor_kind",
    "tuopin": "enum.bool",
    "voided": "enum.bool",
    "read_only": "enum.bool",
    "kind": {
        "pairing": "enum.kind",
        "unit_activity": "enum.activity_kind",
        "partner_activity": "enum.partner_kind",
    },
    "level": {"unit": "enum.unit_level", "training": "enum.training_level"},
}


def field(name: str) -> str:
    """A changed field's name in the interface's language (as stored when not known)."""
    key = f"trail.fields.{name}"
    return t(key) if key in catalogue(current_lang()) else name


def value(name: str, stored: Any, entity: str | None = None) -> str:
    """A stored value as a reader says it: a code's word where its vocabulary is known."""
    if stored is None:
        return ""
    table = VOCABULARIES.get(name)
    if isinstance(table, dict):
        table = table.get(entity or "")
    text = str(stored).lower() if isinstance(stored, bool) else str(stored)
    key = f"{table}.{text}"
    return t(key) if table and key in catalogue(current_lang()) else text


def describe(changes: Any, entity: str | None = None) -> str:
    """old → new, one field after another, for the table view."""
    if changes is None:
        return ""
    if not isinstance(changes, dict):
        return str(changes)
    colon = "：" if current_lang() == "zh" else ": "
    parts = []
    for name, change in changes.items():
        if isinstance(change, list) and len(change) == 2:
            old, new = (value(name, v, entity) for v in change)
            parts.append(f"{field(name)}{colon}{old} → {new}" if old != "" else f"{field(name)}{colon}{new}")
        else:
            parts.append(f"{field(name)}{colon}{value(name, change, entity)}")
    return ("；" if current_lang() == "zh" else "; ").join(parts)
