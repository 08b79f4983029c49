"""Correcting a mistaken transfer (``bangfu pair correct``). Nothing is deleted: the wrong
pairing is voided — its span closed before it begins (``end`` = ``start`` − 1), so it holds on no
day and no rule counts it, its reason kept — and either the pairing it replaced is restored (as
if the transfer never happened) or the right cadre takes the household from the same day. Each
step is in the audit trail with who, when and why."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from bangfu_cli.domain.errors import BangfuError
from bangfu_cli.services.households import pairing_item
from bangfu_cli.services.importing import upsert
from bangfu_cli.storage import pairings as store
from bangfu_cli.storage.households import village as village_of


def is_void(pairing: Any) -> bool:
    """A voided pairing: its span ends before it starts (it holds on no day)."""
    return pairing.end is not None and pairing.end < pairing.start


def correct_transfer(
    ledger: Any,
    household_text: str,
    reason: str,
    *,
    to: str | None = None,
    kind: str = "pair",
    village: str | None = None,
) -> dict:
    """Void the household's latest transfer of ``kind`` and restore the pairing it ended, or,
    with ``to``, give the household to that cadre from the same day instead."""
    from bangfu_cli.services.resolve import resolve_cadre, resolve_household

    reason = (reason or "").strip()
    if not reason:
        raise BangfuError("records.required", field="--reason")
    with ledger.write() as session:
        household = resolve_household(session, household_text, village)
        wrong, wrong_cadre, before, before_cadre = _last_transfer(session, household, kind)
        right = resolve_cadre(session, to) if to else None
        if right is not None and right.id == wrong_cadre.id:
            raise BangfuError("records.correct_same_cadre", code=household.code, cadre=right.code)
        place = village_of(session, household.village_id)
        end, plaque_on = wrong.end, wrong.plaque_on
        voided = {
            "end": [wrong.end, wrong.start - timedelta(days=1)],
            "end_reason": [wrong.end_reason, reason],
        }
        wrong.end, wrong.end_reason = wrong.start - timedelta(days=1), reason
        session.add(wrong)
        ledger.audit(session, "void", "pairing", record=wrong, key=household.code, changes=voided)
        done = {"voided": pairing_item(wrong, wrong_cadre, household, place, ledger.today)}
        if right is None or right.id == before_cadre.id:
            restored = {
                "end": [before.end, end],
                "end_reason": [before.end_reason, None],
                "reason": [None, reason],
            }
            before.end, before.end_reason = end, None
            session.add(before)
            ledger.audit(session, "restore", "pairing", record=before, key=household.code, changes=restored)
            done["restored"] = pairing_item(before, before_cadre, household, place, ledger.today)
            return done
        from bangfu_cli.storage.models import Pairing

        values = {
            "household_id": household.id,
            "cadre_id": right.id,
            "kind": kind,
            "start": wrong.start,
            "end": end,
            "end_reason": None,
            "plaque_on": plaque_on,
        }
        key = f"{household.code}/{right.code}/{kind}/{wrong.start}"
        _, record = upsert(ledger, session, Pairing, None, values, "pairing", key[:64])
        done["started"] = pairing_item(record, right, household, place, ledger.today)
        return done


def _last_transfer(session: Any, household: Any, kind: str) -> tuple[Any, Any, Any, Any]:
    """(wrong pairing, its cadre, the pairing it replaced, that one's cadre): the household's
    latest pairing of ``kind`` that began the day after an earlier one ended."""
    rows = sorted(
        (row for row in store.of_kind(session, household.id, kind) if not is_void(row[0])), key=_start
    )
    if rows:
        wrong, wrong_cadre = rows[-1]
        for before, before_cadre in reversed(rows[:-1]):
            if before.end is not None and before.end == wrong.start - timedelta(days=1):
                return wrong, wrong_cadre, before, before_cadre
    raise BangfuError("records.no_transfer_to_correct", code=household.code)


def _start(row: tuple[Any, Any]) -> Any:
    return row[0].start
