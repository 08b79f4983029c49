"""Households (DOMAIN.md §3): selecting and listing them, showing one with its status history
and pairings, adding one, a new status row (``set-status``) and closing. What a status row
means is ``services.statuses``; what the ledger holds is read through ``storage.households``."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from bangfu_cli.domain.dates import in_span
from bangfu_cli.domain.errors import BangfuError
from bangfu_cli.services.statuses import Status, category_of, matches_category, monitoring_dates, status_on
from bangfu_cli.storage import households as store


@dataclass
class Selection:
    township: str | None = None
    village: str | None = None
    cadre: str | None = None
    household: str | None = None
    category: str | None = None
    risk: str | None = None
    as_of: date | None = None
    include_closed: bool = False


def select_households(session: Any, sel: Selection, day: date) -> list[tuple[Any, Any, list[Any]]]:
    """(household, village, status rows) for every household matching ``sel`` on ``day``: the
    households and their status rows as plain rows, for reading."""
    from bangfu_cli.services.resolve import resolve_cadre, resolve_household, resolve_village

    where: dict[str, Any] = {}
    if sel.township:
        known_township(session, sel.township)
        where["township"] = sel.township.strip()
    if sel.village:
        where["village_id"] = resolve_village(session, sel.village, sel.township).id
    if sel.household:
        where["household_id"] = resolve_household(session, sel.household, sel.village).id
    if sel.cadre:
        where["cadre_id"] = resolve_cadre(session, sel.cadre).id  # paired on the day, any kind
    rows = store.matching_households(session, day, **where)
    statuses = store.statuses_of_listed(session, rows, selected_villages(sel, rows))
    out = []
    for household, village in rows:
        if (
            not sel.include_closed
            and not sel.household
            and household.closed_on
            and household.closed_on <= day
        ):
            continue
        history = statuses.get(household.id, [])
        current = status_on(history, day)
        if not matches_category(current, sel.category):
            continue
        if sel.risk and (current is None or current.risk != sel.risk):
            continue
        out.append((household, village, history))
    return out


def selected_villages(sel: Selection, rows: list) -> set[int] | None:
    """The villages of the households ``rows`` selected by ``sel`` (each row begins with a
    household), or None when ``sel`` names no place nor cadre (the whole ledger)."""
    if not (sel.township or sel.village or sel.household or sel.cadre):
        return None
    return {row[0].village_id for row in rows}


def known_township(session: Any, township: str) -> None:
    """Refuse a township the ledger does not know, naming the near ones."""
    from bangfu_cli.services.resolve import near_matches

    towns = store.townships(session)
    if township.strip() not in towns:
        near = near_matches(township.strip(), [(name, name) for name in towns])
        raise BangfuError("records.unknown_township", text=township, near=near)


def household_item(household: Any, village: Any, history: list[Any], day: date, pairs: list | None) -> dict:
    current = status_on(history, day)
    monitored_on, eliminated_on = monitoring_dates(history, day)
    cadre = pairs[0][1] if pairs else None
    return {
        "code": household.code,
        "head_name": household.head_name,
        "id_number": household.id_number,
        "township": village.township,
        "village": village.name,
        "size": household.size,
        "phone": household.phone,
        "tuopin": bool(current.tuopin) if current else False,
        "monitor_type": current.monitor_type if current else None,
        "monitored_on": monitored_on,
        "eliminated_on": eliminated_on,
        "since": household.since,
        "category": category_of(current),
        "risk": current.risk if current else None,
        "cadre": cadre.code if cadre else None,
        "cadre_name": cadre.name if cadre else None,
        "closed_on": household.closed_on,
        "close_reason": household.close_reason,
        "uuid": household.uuid,
    }


def list_households(ledger: Any, sel: Selection) -> list[dict]:
    day = sel.as_of or ledger.today
    with ledger.read() as session:
        found = select_households(session, sel, day)
        pairs = store.active_pairings(session, day, village_ids=selected_villages(sel, found))
        return [household_item(h, v, history, day, pairs.get(h.id)) for h, v, history in found]


def show_household(ledger: Any, text: str, village: str | None = None, as_of: date | None = None) -> dict:
    from bangfu_cli.services.resolve import resolve_household

    day = as_of or ledger.today
    with ledger.read() as session:
        household = resolve_household(session, text, village)
        place = store.village(session, household.village_id)
        history = store.status_history(session, household.id)
        pairings = store.pairings_with_cadres(session, household.id)
        active = [(p, c) for p, c in pairings if p.kind == "pair" and in_span(day, p.start, p.end)]
        item = household_item(household, place, history, day, active)
        item["status_history"] = [
            {
                "effective_on": s.effective_on,
                "tuopin": s.tuopin,
                "monitor_type": s.monitor_type,
                "risk": s.risk,
                "category": category_of(s),
                "note": s.note,
                "recorded_at": s.recorded_at,
                "recorded_by": s.recorded_by,
            }
            for s in history
        ]
        item["pairings"] = [pairing_item(p, c, household, place, day) for p, c in pairings]
        item["recorded_at"] = household.recorded_at
        item["recorded_by"] = household.recorded_by
        return item


def pairing_item(pairing: Any, cadre: Any, household: Any, village: Any, day: date) -> dict:
    return {
        "household": household.code,
        "head_name": household.head_name,
        "township": village.township,
        "village": village.name,
        "cadre": cadre.code,
        "cadre_name": cadre.name,
        "unit": cadre.unit,
        "kind": pairing.kind,
        "start": pairing.start,
        "end": pairing.end,
        "end_reason": pairing.end_reason,
        "plaque_on": pairing.plaque_on,
        "active": in_span(day, pairing.start, pairing.end),
        # a pairing voided by ``pair correct``: its span ends before it starts
        "voided": pairing.end is not None and pairing.end < pairing.start,
        "uuid": pairing.uuid,
    }


# ---------------------------------------------------------------- writes


def add_household(ledger: Any, row: dict[str, str]) -> dict:
    """``household add``: one household, checked exactly like an imported row."""
    from bangfu_cli.services.fields import refuse_if_any
    from bangfu_cli.services.household_import import parse_household, store_households
    from bangfu_cli.services.tabular import collect_problems

    problems = collect_problems("add")
    parsed = parse_household(problems, 0, row, ledger.today)
    refuse_if_any(problems)
    with ledger.write() as session:
        if store.household_exists(session, parsed.code):
            raise BangfuError("records.household_exists", code=parsed.code)
        result = store_households(ledger, session, [(0, parsed)], problems, "add")
        refuse_if_any(problems)
    result.take_notes(problems)
    return {"code": parsed.code, "warnings": result.warnings}


def _not_future(ledger: Any, on: date) -> None:
    if on > ledger.today:
        raise BangfuError(
            "input.future_date", field="--on", value=on.isoformat(), today=ledger.today.isoformat()
        )


def set_status(
    ledger: Any,
    text: str,
    on: date,
    *,
    village: str | None = None,
    tuopin: bool | None = None,
    monitor_type: str | None = None,
    risk: str | None = None,
    note: str | None = None,
) -> dict | None:
    """Add a status row on ``on`` carrying forward every field not given. ``monitor_type`` "none"
    ends monitoring. Returns the new status, or None when it equals the status already in force."""
    from bangfu_cli.services.resolve import resolve_household

    _not_future(ledger, on)
    with ledger.write() as session:
        household = resolve_household(session, text, village)
        if on < household.since:
            raise BangfuError(
                "records.status_before_since", on=on, since=household.since, code=household.code
            )
        if household.closed_on and on > household.closed_on:
            raise BangfuError("records.household_closed", code=household.code, closed=household.closed_on)
        history = store.status_history(session, household.id)
        current = status_on(history, on)
        values = _next_status(household, current, tuopin, monitor_type, risk)
        if current and all(getattr(current, k) == v for k, v in values.items()):
            return None
        same_day = next((s for s in history if s.effective_on == on), None)
        _write_status(ledger, session, household, on, values, note, same_day)
        return {
            "household": household.code,
            "effective_on": on,
            **values,
            "category": category_of(Status(on, **values)),
        }


def _next_status(
    household: Any, current: Any, tuopin: bool | None, monitor_type: str | None, risk: str | None
) -> dict[str, Any]:
    """The status ``current`` becomes with the fields given (the others carried forward)."""
    new_tuopin = current.tuopin if tuopin is None and current else bool(tuopin)
    new_type = current.monitor_type if current else None
    new_risk = current.risk if current else None
    if monitor_type is not None:
        if monitor_type == "none":
            new_type, new_risk = None, None
        else:
            if new_type is None:
                new_risk = "open"
            new_type = monitor_type
    if risk is not None:
        if new_type is None:
            raise BangfuError("records.risk_needs_monitor", code=household.code)
        new_risk = risk
    if not new_tuopin and not new_type:
        raise BangfuError("records.not_assisted_status", code=household.code)
    return {"tuopin": new_tuopin, "monitor_type": new_type, "risk": new_risk}


def _write_status(
    ledger: Any, session: Any, household: Any, on: date, values: dict, note: str | None, same_day: Any
) -> None:
    """A new status row on ``on``, or the one already on that day changed."""
    from bangfu_cli.storage.models import HouseholdStatus

    if same_day is not None:
        changes = {k: [getattr(same_day, k), v] for k, v in values.items() if getattr(same_day, k) != v}
        for k, v in values.items():
            setattr(same_day, k, v)
        same_day.note = note or same_day.note
        session.add(same_day)
        ledger.audit(
            session, "update", "household_status", record=same_day, key=household.code, changes=changes
        )
        return
    record = HouseholdStatus(
        household_id=household.id, effective_on=on, note=note, **values, **ledger.stamp()
    )
    session.add(record)
    session.flush()
    ledger.audit(
        session,
        "add",
        "household_status",
        record=record,
        key=household.code,
        changes={"effective_on": [None, on], **{k: [None, v] for k, v in values.items()}},
    )


def close_household(ledger: Any, text: str, on: date, reason: str, village: str | None = None) -> dict:
    """Close a household on ``on`` (no new obligations after it) and end its open pairings that day."""
    from bangfu_cli.services.resolve import resolve_household

    reason = (reason or "").strip()
    if not reason:
        raise BangfuError("records.required", field="--reason")
    _not_future(ledger, on)
    with ledger.write() as session:
        household = resolve_household(session, text, village)
        if household.closed_on:
            raise BangfuError("records.already_closed", code=household.code, closed=household.closed_on)
        if on < household.since:
            raise BangfuError("records.close_before_since", on=on, since=household.since, code=household.code)
        later = store.pairing_starting_after(session, household.id, on)
        if later is not None:
            raise BangfuError("records.close_before_pairing", code=household.code, start=later.start)
        household.closed_on, household.close_reason = on, reason
        session.add(household)
        ledger.audit(
            session,
            "close",
            "household",
            record=household,
            key=household.code,
            changes={"closed_on": [None, on], "close_reason": [None, reason]},
        )
        ended = 0
        for pairing in store.pairings_of(session, household.id):
            if pairing.end is None or pairing.end > on:
                changes = {"end": [pairing.end, on], "end_reason": [pairing.end_reason, reason]}
                pairing.end, pairing.end_reason = on, reason
                session.add(pairing)
                ledger.audit(session, "end", "pairing", record=pairing, key=household.code, changes=changes)
                ended += 1
        return {"household": household.code, "closed_on": on, "pairings_ended": ended}
