"""Village roles (第一书记 / 驻村工作队员) over date ranges: assigning, ending, listing."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from bangfu_cli.domain.dates import in_span
from bangfu_cli.domain.errors import BangfuError
from bangfu_cli.services.importing import upsert
from bangfu_cli.storage import cadres as store
from bangfu_cli.storage.households import village as village_of


def role_item(role: Any, cadre: Any, village: Any, day: date) -> dict:
    return {
        "cadre": cadre.code,
        "cadre_name": cadre.name,
        "unit": cadre.unit,
        "role": role.role,
        "township": village.township,
        "village": village.name,
        "start": role.start,
        "end": role.end,
        "end_reason": role.end_reason,
        "active": in_span(day, role.start, role.end),
        "uuid": role.uuid,
    }


def assign_role(
    ledger: Any, cadre_text: str, role: str, village: str, township: str | None, start: date
) -> dict:
    from bangfu_cli.services.resolve import resolve_cadre, resolve_village
    from bangfu_cli.storage.models import Role

    if start > ledger.today:
        raise BangfuError(
            "input.future_date", field="--start", value=start.isoformat(), today=ledger.today.isoformat()
        )
    with ledger.write() as session:
        cadre = resolve_cadre(session, cadre_text)
        place = resolve_village(session, village, township)
        for existing in store.same_roles_from(session, cadre.id, place.id, role, start):
            if existing.end is None or existing.end >= start:
                raise BangfuError(
                    "records.role_exists", cadre=cadre.code, village=place.name, start=existing.start
                )
        if role == "first_secretary":
            _refuse_second_secretary(session, place, start)
        values = {"cadre_id": cadre.id, "village_id": place.id, "role": role, "start": start, "end": None}
        key = f"{cadre.code}/{role}/{place.name}/{start}"
        _, record = upsert(ledger, session, Role, None, values, "role", key[:64])
        return role_item(record, cadre, place, ledger.today)


def _refuse_second_secretary(session: Any, place: Any, start: date) -> None:
    """A village has one first secretary at a time: the old term must end before the new one starts."""
    for existing, holder in store.secretaries(session, place.id):
        if existing.end is None or existing.end >= start:
            raise BangfuError(
                "records.secretary_overlap",
                township=place.township,
                village=place.name,
                cadre=holder.code,
                start=existing.start.isoformat(),
                end=existing.end.isoformat() if existing.end else "…",
            )


def end_role(
    ledger: Any,
    cadre_text: str,
    on: date,
    reason: str | None,
    role: str | None = None,
    village: str | None = None,
    township: str | None = None,
) -> dict:
    from bangfu_cli.services.resolve import resolve_cadre, resolve_village

    if on > ledger.today:
        raise BangfuError(
            "input.future_date", field="--on", value=on.isoformat(), today=ledger.today.isoformat()
        )
    with ledger.write() as session:
        cadre = resolve_cadre(session, cadre_text)
        village_id = resolve_village(session, village, township).id if village else None
        open_roles = store.open_roles(session, cadre.id, role, village_id)
        if not open_roles:
            raise BangfuError("records.no_open_role", cadre=cadre.code)
        if len(open_roles) > 1:
            raise BangfuError("records.several_roles", cadre=cadre.code, count=len(open_roles))
        record = open_roles[0]
        if on < record.start:
            raise BangfuError("records.end_before_start", end=on, start=record.start)
        changes = {"end": [None, on], "end_reason": [record.end_reason, reason]}
        record.end, record.end_reason = on, reason
        session.add(record)
        ledger.audit(session, "end", "role", record=record, key=cadre.code, changes=changes)
        return role_item(record, cadre, village_of(session, record.village_id), ledger.today)


@dataclass
class RoleFilter:
    township: str | None = None
    village: str | None = None
    cadre: str | None = None
    role: str | None = None
    as_of: date | None = None
    active_only: bool = False


def list_roles(ledger: Any, flt: RoleFilter) -> list[dict]:
    from bangfu_cli.services.households import known_township
    from bangfu_cli.services.resolve import resolve_cadre, resolve_village

    day = flt.as_of or ledger.today
    with ledger.read() as session:
        where: dict[str, Any] = {"role": flt.role}
        if flt.township:
            known_township(session, flt.township)
            where["township"] = flt.township.strip()
        if flt.village:
            where["village_id"] = resolve_village(session, flt.village, flt.township).id
        if flt.cadre:
            where["cadre_id"] = resolve_cadre(session, flt.cadre).id
        rows = store.role_listing(session, **where)
        items = [role_item(r, c, v, day) for r, c, v in rows]
        if flt.active_only or flt.as_of:
            items = [i for i in items if i["active"]]
        return items
