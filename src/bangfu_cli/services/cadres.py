"""Cadres (帮扶干部): adding one, listing them with how many households each is paired with,
and showing one with its pairing and role history."""

from __future__ import annotations

from datetime import date
from typing import Any

from bangfu_cli.domain.errors import BangfuError
from bangfu_cli.services.households import Selection, pairing_item, select_households
from bangfu_cli.storage import cadres as store


def add_cadre(ledger: Any, row: dict[str, str]) -> dict:
    """``cadre add``: one cadre, checked exactly like an imported row."""
    from bangfu_cli.services.fields import refuse_if_any
    from bangfu_cli.services.imports import parse_cadre, store_cadres
    from bangfu_cli.services.tabular import collect_problems

    problems = collect_problems("add")
    values = parse_cadre(problems, 0, row)
    refuse_if_any(problems)
    with ledger.write() as session:
        if store.exists(session, values["code"]):
            raise BangfuError("records.cadre_exists", code=values["code"])
        result = store_cadres(ledger, session, [(0, values)], None, "add")
    result.take_notes(problems)
    return {**values, "warnings": result.warnings}


def cadre_item(cadre: Any, households: int) -> dict:
    return {
        "code": cadre.code,
        "name": cadre.name,
        "unit": cadre.unit,
        "position": cadre.position,
        "phone": cadre.phone,
        "leader": cadre.leader,
        "households": households,
        "uuid": cadre.uuid,
    }


def list_cadres(ledger: Any, sel: Selection) -> list[dict]:
    """Every cadre; with household filters, the cadres paired (any kind) with those households
    on the as-of date, or holding a role in the selected village/township."""
    from bangfu_cli.services.resolve import resolve_cadre
    from bangfu_cli.storage.households import active_pairings

    day = sel.as_of or ledger.today
    with ledger.read() as session:
        pairs = active_pairings(session, day, None)
        counts: dict[int, int] = {}
        for items in pairs.values():
            for pairing, cadre in items:
                if pairing.kind == "pair":
                    counts[cadre.id] = counts.get(cadre.id, 0) + 1
        cadres = store.in_code_order(session)
        if sel.cadre:
            only = resolve_cadre(session, sel.cadre)
            cadres = [c for c in cadres if c.id == only.id]
        if any((sel.township, sel.village, sel.household, sel.category, sel.risk)):
            households = select_households(session, Selection(**{**sel.__dict__, "cadre": None}), day)
            wanted = {c.id for h, _, _ in households for _, c in pairs.get(h.id, [])}
            if not (sel.household or sel.category or sel.risk):
                township = sel.township.strip() if sel.township else None
                village = sel.village.strip() if sel.village else None
                wanted |= store.holding_a_role(session, day, township, village)
            cadres = [c for c in cadres if c.id in wanted]
        return [cadre_item(c, counts.get(c.id, 0)) for c in cadres]


def show_cadre(ledger: Any, text: str, as_of: date | None = None) -> dict:
    from bangfu_cli.services.resolve import resolve_cadre
    from bangfu_cli.services.roles import role_item
    from bangfu_cli.storage import pairings as pairing_store

    day = as_of or ledger.today
    with ledger.read() as session:
        cadre = resolve_cadre(session, text)
        pairings = pairing_store.of_cadre(session, cadre.id)
        roles = store.roles_of(session, cadre.id)
        items = [pairing_item(p, cadre, h, v, day) for p, h, v in pairings]
        active = sum(1 for i in items if i["active"] and i["kind"] == "pair")
        item = cadre_item(cadre, active)
        item["recorded_at"] = cadre.recorded_at
        item["recorded_by"] = cadre.recorded_by
        item["pairings"] = items
        item["roles"] = [role_item(r, cadre, v, day) for r, v in sorted(roles, key=lambda rv: rv[0].start)]
        return item
