"""Personal data on screen and in files: ID numbers show their first 6 and last 4 characters,
phones their first 3 and last 4, unless the user asks to reveal them — and every reveal is written
to the audit log (who saw what, when). Every listing and export goes through here."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from bangfu_cli.domain.identity import mask_id, mask_phone

ID_KEYS = frozenset({"id_number"})


def _is_phone(key: str) -> bool:
    return key == "phone" or key.endswith("_phone")


def mask_record(record: dict[str, Any], reveal: bool) -> dict[str, Any]:
    """A copy of ``record`` with ID numbers and phones masked (unchanged when ``reveal``)."""
    if reveal:
        return dict(record)
    out = dict(record)
    for key, value in record.items():
        if not isinstance(value, str):
            continue
        if key in ID_KEYS:
            out[key] = mask_id(value)
        elif _is_phone(key):
            out[key] = mask_phone(value)
    return out


def mask_rows(rows: Iterable[dict[str, Any]], reveal: bool) -> list[dict[str, Any]]:
    return [mask_record(row, reveal) for row in rows]


def record_reveal(ledger: Any, what: str, count: int) -> None:
    """Write an audit row saying that ``what`` (e.g. "household list") was shown unmasked."""
    with ledger.write() as session:
        ledger.audit(
            session, "reveal", "personal_data", key=what[:64], changes={"what": what, "count": count}
        )
