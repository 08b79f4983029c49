"""Pairings (结对关系) of a cadre with a household over [start, end], end inclusive: adding,
transferring a household to another cadre (old pairing ends on D−1, the new one starts on D),
ending, recording the door plate (联系牌) replacement, and listing. History is never removed."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from bangfu_cli.domain.errors import BangfuError
from bangfu_cli.services.households import Selection, pairing_item, select_households
from bangfu_cli.services.importing import upsert, years_back_warning
from bangfu_cli.storage import pairings as store
from bangfu_cli.storage.households import village as village_of


def _not_future(ledger: Any, value: date | None, field: str) -> None:
    if value and value > ledger.today:
        raise BangfuError(
            "input.future_date", field=field, value=value.isoformat(), today=ledger.today.isoformat()
        )


def _check_overlap(
    session: Any, household: Any, kind: str, start: date, end: date | None, skip: Any = None
) -> None:
    from bangfu_cli.domain.messages import message

    for pairing, cadre in store.of_kind(session, household.id, kind):
        if skip is not None and pairing.id == skip.id:
            continue
        if pairing.start <= (end or date.max) and start <= (pairing.end or date.max):
            raise BangfuError(
                "records.invalid",
                reasons=message(
                    "records.overlap",
                    household=household.code,
                    kind=message(f"enum.kind.{kind}"),
                    cadre=f"{cadre.code} {cadre.name}",
                    start=pairing.start.isoformat(),
                    end=pairing.end.isoformat() if pairing.end else "…",
                ),
            )


def _plaque_early(plaque_on: date | None, start: date) -> list:
    """A door plate dated before its pairing starts is unusual (put up early, or a typo): a warning."""
    from bangfu_cli.domain.messages import message

    if plaque_on and plaque_on < start:
        return [message("records.plaque_before_start", plaque=plaque_on, start=start)]
    return []


def _check_household(household: Any, start: date) -> list:
    """Refused after the household was closed; a start before it entered the ledger is only
    unusual (a leader's contact set for the year, a household entered later): the warnings."""
    from bangfu_cli.domain.messages import message

    if household.closed_on and start > household.closed_on:
        raise BangfuError("records.household_closed", code=household.code, closed=household.closed_on)
    if start < household.since:
        return [message("records.pair_before_since", start=start, since=household.since, code=household.code)]
    return []


def add_pairing(
    ledger: Any,
    household_text: str,
    cadre_text: str,
    *,
    kind: str,
    start: date,
    end: date | None = None,
    plaque_on: date | None = None,
    village: str | None = None,
) -> dict:
    from bangfu_cli.services.resolve import resolve_cadre, resolve_household
    from bangfu_cli.storage.models import Pairing

    for value, field in ((start, "--start"), (end, "--end"), (plaque_on, "--plaque-on")):
        _not_future(ledger, value, field)
    if end and end < start:
        raise BangfuError("records.end_before_start", end=end, start=start)
    with ledger.write() as session:
        household = resolve_household(session, household_text, village)
        cadre = resolve_cadre(session, cadre_text)
        warnings = _check_household(household, start) + _plaque_early(plaque_on, start)
        _check_overlap(session, household, kind, start, end)
        values = {
            "household_id": household.id,
            "cadre_id": cadre.id,
            "kind": kind,
            "start": start,
            "end": end,
            "end_reason": None,
            "plaque_on": plaque_on,
        }
        key = f"{household.code}/{cadre.code}/{kind}/{start}"
        _, record = upsert(ledger, session, Pairing, None, values, "pairing", key[:64])
        item = pairing_item(record, cadre, household, village_of(session, household.village_id), ledger.today)
        return {**item, "warnings": warnings}


def transfer(
    ledger: Any,
    household_text: str,
    to: str,
    on: date,
    reason: str,
    *,
    kind: str = "pair",
    village: str | None = None,
    plaque_on: date | None = None,
) -> dict:
    """End the active pairing on ``on`` − 1 and start one with ``to`` on ``on``."""
    from bangfu_cli.services.resolve import resolve_cadre, resolve_household
    from bangfu_cli.storage.models import Pairing

    reason = (reason or "").strip()
    if not reason:
        raise BangfuError("records.required", field="--reason")
    _not_future(ledger, on, "--on")
    _not_future(ledger, plaque_on, "--plaque-on")
    with ledger.write() as session:
        household = resolve_household(session, household_text, village)
        cadre = resolve_cadre(session, to)
        warnings = _check_household(household, on) + _plaque_early(plaque_on, on)
        long_ago = years_back_warning(on, ledger.today, "--on")
        warnings += [long_ago] if long_ago else []
        found = store.active(session, household.id, kind, on)
        if found is None:
            raise BangfuError("records.no_active_pairing", code=household.code, on=on)
        old, old_cadre = found
        if old_cadre.id == cadre.id:
            raise BangfuError("records.same_cadre", code=household.code, cadre=cadre.code)
        last_day = on - timedelta(days=1)
        if last_day < old.start:
            raise BangfuError("records.transfer_same_day", start=old.start, on=on)
        later_end = old.end
        changes = {"end": [old.end, last_day], "end_reason": [old.end_reason, reason]}
        old.end, old.end_reason = last_day, reason
        session.add(old)
        session.flush()
        ledger.audit(session, "end", "pairing", record=old, key=household.code, changes=changes)
        _check_overlap(session, household, kind, on, later_end)
        values = {
            "household_id": household.id,
            "cadre_id": cadre.id,
            "kind": kind,
            "start": on,
            "end": later_end,
            "end_reason": None,
            "plaque_on": plaque_on,
        }
        key = f"{household.code}/{cadre.code}/{kind}/{on}"
        _, record = upsert(ledger, session, Pairing, None, values, "pairing", key[:64])
        place = village_of(session, household.village_id)
        return {
            "ended": pairing_item(old, old_cadre, household, place, ledger.today),
            "started": pairing_item(record, cadre, household, place, ledger.today),
            "warnings": warnings,
        }


def end_pairing(
    ledger: Any,
    household_text: str,
    on: date,
    reason: str,
    *,
    kind: str = "pair",
    cadre_text: str | None = None,
    village: str | None = None,
) -> dict:
    """End the pairing active on ``on`` (``on`` is its last day)."""
    from bangfu_cli.services.resolve import resolve_cadre, resolve_household

    reason = (reason or "").strip()
    if not reason:
        raise BangfuError("records.required", field="--reason")
    _not_future(ledger, on, "--on")
    with ledger.write() as session:
        household = resolve_household(session, household_text, village)
        found = store.active(session, household.id, kind, on)
        if found is None:
            raise BangfuError("records.no_active_pairing", code=household.code, on=on)
        pairing, cadre = found
        if cadre_text and resolve_cadre(session, cadre_text).id != cadre.id:
            raise BangfuError(
                "records.not_paired_with", code=household.code, cadre=cadre_text, current=cadre.code
            )
        changes = {"end": [pairing.end, on], "end_reason": [pairing.end_reason, reason]}
        pairing.end, pairing.end_reason = on, reason
        session.add(pairing)
        ledger.audit(session, "end", "pairing", record=pairing, key=household.code, changes=changes)
        item = pairing_item(
            pairing, cadre, household, village_of(session, household.village_id), ledger.today
        )
        item["warnings"] = _left_unpaired(session, household, kind, on)
        return item


def _left_unpaired(session: Any, household: Any, kind: str, on: date) -> list:
    """A warning when ending a ``pair`` pairing leaves the household, still in the ledger, with
    no paired cadre the next day: XF5 counts it overdue from then (no 断档)."""
    from bangfu_cli.domain.messages import message

    next_day = on + timedelta(days=1)
    if kind != "pair" or (household.closed_on is not None and household.closed_on <= on):
        return []
    if store.active(session, household.id, "pair", next_day) is not None:
        return []
    return [message("records.left_unpaired", code=household.code, day=next_day.isoformat())]


def record_plaque(ledger: Any, household_text: str, on: date, *, village: str | None = None) -> dict:
    """联系牌更换: the door plate of the household's current ``pair`` pairing was replaced on ``on``."""
    from bangfu_cli.services.resolve import resolve_household

    _not_future(ledger, on, "--on")
    with ledger.write() as session:
        household = resolve_household(session, household_text, village)
        found = store.active(session, household.id, "pair", on)
        if found is None:
            found = store.latest_started_by(session, household.id, "pair", on)
        if found is None:
            raise BangfuError("records.no_active_pairing", code=household.code, on=on)
        pairing, cadre = found
        changes = {"plaque_on": [pairing.plaque_on, on]}
        pairing.plaque_on = on
        session.add(pairing)
        ledger.audit(session, "update", "pairing", record=pairing, key=household.code, changes=changes)
        return pairing_item(
            pairing, cadre, household, village_of(session, household.village_id), ledger.today
        )


@dataclass
class PairFilter:
    kind: str | None = None
    active_only: bool = False
    as_recorded: bool = False  # as the pairings stood at the end of the as-of day


def list_pairings(ledger: Any, sel: Selection, flt: PairFilter) -> list[dict]:
    """Pairings of the selected households (history included unless ``active_only`` / ``as_of``)."""
    from bangfu_cli.services.resolve import resolve_cadre
    from bangfu_cli.services.setup import cut_for

    day = sel.as_of or ledger.today
    with ledger.read() as session:
        where: dict[str, Any] = {"kind": flt.kind}
        if any((sel.township, sel.village, sel.household, sel.category, sel.risk)):
            chosen = select_households(
                session, Selection(**{**sel.__dict__, "cadre": None, "include_closed": True}), day
            )
            where["household_ids"] = [h.id for h, _, _ in chosen]
        if sel.cadre:
            where["cadre_id"] = resolve_cadre(session, sel.cadre).id
        rows = store.listing(session, **where)
        cut = cut_for(ledger, sel.as_of) if flt.as_recorded else None
        if cut is not None:  # as the pairings stood at the end of that day
            rows = store.as_stood(session, rows, cut)
        items = [pairing_item(p, c, h, v, day) for p, c, h, v in rows]
        if flt.active_only or sel.as_of:
            items = [i for i in items if i["active"]]
        return items
