"""Units (帮扶单位) and the villages they assist (定点帮扶关系): import, add, list, show.

A row of the units file is a unit and, when it names a village, one village link over
[start, end]; a unit that assists no village has township, village and start empty. The unit is
keyed by its code; a link by (code, township, village, start). Two links of one unit to one
village may not cover the same day. A cadre's 单位 names a unit by code, then by exact name
(``domain.unit_match``); ``list_units`` also says which cadres' units match no unit."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

from bangfu_cli.domain import vocab
from bangfu_cli.domain.dates import in_span
from bangfu_cli.domain.errors import BangfuError
from bangfu_cli.services.assistance_common import (
    AssistanceImport,
    add_one,
    find_village,
    place_pair,
    reject,
    run_import,
    span_ok,
    void_fields,
)
from bangfu_cli.services.fields import choice, code, day, name, text
from bangfu_cli.services.importing import upsert
from bangfu_cli.services.tabular import ColumnSpec, Problems

UNIT_COLUMNS = (
    ColumnSpec("code", "单位编号", True),
    ColumnSpec("name", "单位名称", True),
    ColumnSpec("level", "层级"),
    ColumnSpec("township", "乡镇"),
    ColumnSpec("village", "村"),
    ColumnSpec("start", "开始日期"),
    ColumnSpec("end", "结束日期"),
)


def parse_unit(problems: Problems, line: int, row: dict[str, str], today: date) -> dict[str, Any] | None:
    v = problems.value
    values = {
        "code": v(line, code, row["code"], "code"),
        "name": v(line, name, row["name"], "name", max_len=128),
        "level": v(line, choice, vocab.parse_unit_level, row["level"]),
        "township": v(line, text, row["township"], "township"),
        "village": v(line, text, row["village"], "village"),
        "start": v(line, day, row["start"], "start", today),
        "end": v(line, day, row["end"], "end", today),
    }
    if problems.bad(line):
        return None
    place_pair(problems, line, values["township"], values["village"])
    if values["village"] and not values["start"]:
        reject(problems, line, "records.required", field=problems.column("start"))
    if not values["village"] and (values["start"] or values["end"]):
        reject(problems, line, "assist.dates_without_village")
    span_ok(problems, line, values["start"], values["end"])
    return None if problems.bad(line) else values


def _natural(values: dict[str, Any]) -> tuple:
    return (values["code"], values["township"], values["village"], values["start"])


def import_units(ledger: Any, path: str | Path) -> AssistanceImport:
    return run_import(ledger, path, UNIT_COLUMNS, parse_unit, _natural, store_units, "unit")


def add_unit(ledger: Any, row: dict[str, str]) -> AssistanceImport:
    return add_one(ledger, parse_unit, store_units, row)


def store_units(ledger: Any, session: Any, parsed: list, problems: Problems, file: str) -> AssistanceImport:
    from bangfu_cli.storage import assistance as store
    from bangfu_cli.storage.assistance_models import Unit, UnitVillage

    result = AssistanceImport(file)
    existing = store.units(session)
    places = store.villages(session)
    # the unit's name and level as the file first gives them: another row may not differ
    first: dict[str, tuple[int, dict]] = {}
    rows = []
    for line, values in parsed:
        seen = first.setdefault(values["code"], (line, values))
        if seen[0] != line and (seen[1]["name"], seen[1]["level"]) != (values["name"], values["level"]):
            reject(problems, line, "assist.unit_differs", code=values["code"], line=seen[0])
            continue
        village = None
        if values["village"]:
            village = find_village(problems, line, places, values["township"], values["village"])
            if village is None:
                continue
        rows.append((line, values, village))
    written_units: dict[str, tuple[str, Any]] = {}
    for code_, (_, values) in first.items():
        unit_values = {"code": code_, "name": values["name"], "level": values["level"]}
        written_units[code_] = upsert(ledger, session, Unit, existing.get(code_), unit_values, "unit", code_)
    current = {(k.unit_id, k.village_id, k.start): k for k in store.links(session)}
    _check_overlaps(problems, rows, written_units, current)
    if problems:
        return result
    counted: set[str] = set()
    for line, values, village in rows:
        del line
        outcome, unit = written_units[values["code"]]
        outcome = outcome if values["code"] not in counted else "unchanged"
        counted.add(values["code"])
        if village is not None:
            link_values = {
                "unit_id": unit.id,
                "village_id": village.id,
                "start": values["start"],
                "end": values["end"],
            }
            key = f"{unit.code}/{village.name}/{values['start']}"[:64]
            old = current.get((unit.id, village.id, values["start"]))
            link_outcome, _ = upsert(ledger, session, UnitVillage, old, link_values, "unit_village", key)
            if link_outcome != "unchanged":
                outcome = "added" if outcome == "added" or link_outcome == "added" else "updated"
        result.count(outcome)
    return result


def _check_overlaps(problems: Problems, rows: list, written_units: dict, current: dict) -> None:
    """Two links of one unit to one village may not cover a common day."""
    spans: dict[tuple[int, int], dict[date, tuple[int | None, date | None]]] = {}
    for (unit_id, village_id, start), link in current.items():
        spans.setdefault((unit_id, village_id), {})[start] = (None, link.end)
    for line, values, village in rows:
        if village is not None:
            unit = written_units[values["code"]][1]
            spans.setdefault((unit.id, village.id), {})[values["start"]] = (line, values["end"])
    for (_, _), by_start in spans.items():
        ordered = sorted(by_start.items())
        for (s1, (l1, e1)), (s2, (l2, _e2)) in zip(ordered, ordered[1:], strict=False):
            if e1 is None or e1 >= s2:
                line = l2 if l2 is not None else l1
                if line is not None:
                    end = e1.isoformat() if e1 else "…"
                    reject(problems, line, "assist.link_overlap", start=s1.isoformat(), end=end)


# ---------------------------------------------------------------- reading


def _link_item(link: Any, village: Any, as_of: date) -> dict[str, Any]:
    return {
        "township": village.township,
        "village": village.name,
        "start": link.start,
        "end": link.end,
        "active": in_span(as_of, link.start, link.end),
    }


def list_units(
    ledger: Any, *, as_of: date | None = None, township: str | None = None, village: str | None = None
) -> tuple[list[dict], list[dict]]:
    """Every unit with its villages on ``as_of`` and how many cadres name it; and the units named
    by cadres that match no unit: [{unit, cadres: [codes]}]."""
    from bangfu_cli.domain.unit_match import UnitNames
    from bangfu_cli.storage import assistance as store

    day = as_of or ledger.today
    with ledger.read() as session:
        units = store.units(session)
        links = store.link_rows(session)
        cadres = store.cadre_units(session)
    names = UnitNames.of((u.code, u.name) for u in units.values())
    members: dict[str, int] = {}
    unknown: dict[str, list[str]] = {}
    for cadre_code, _, unit_text in cadres:
        matched = names.match(unit_text)
        if matched:
            members[matched] = members.get(matched, 0) + 1
        else:
            unknown.setdefault(unit_text.strip(), []).append(cadre_code)
    by_unit: dict[int, list] = {}
    for link, place in links:
        by_unit.setdefault(link.unit_id, []).append((link, place))
    rows = []
    for unit in units.values():
        mine = by_unit.get(unit.id, [])
        active = [p for k, p in mine if in_span(day, k.start, k.end)]
        if township and not any(p.township == township.strip() for _, p in mine):
            continue
        if village and not any(p.name == village.strip() for _, p in mine):
            continue
        rows.append(
            {
                "code": unit.code,
                "name": unit.name,
                "level": unit.level,
                "villages": "、".join(f"{p.township} {p.name}" for p in active),
                "links": len(mine),
                "cadres": members.get(unit.code, 0),
            }
        )
    unmatched = [{"unit": u, "cadres": sorted(c)} for u, c in sorted(unknown.items())]
    return rows, unmatched


def show_unit(ledger: Any, text_: str, as_of: date | None = None) -> dict[str, Any]:
    """One unit (by code or exact name) with its village links, its cadres and its activities."""
    from bangfu_cli.domain.unit_match import UnitNames
    from bangfu_cli.services.activities import activity_item
    from bangfu_cli.storage import assistance as store

    day = as_of or ledger.today
    with ledger.read() as session:
        units = store.units(session)
        names = UnitNames.of((u.code, u.name) for u in units.values())
        matched = names.match(text_)
        if matched is None:
            from bangfu_cli.services.resolve import near_matches

            near = near_matches(text_.strip(), [(u.name, u.code) for u in units.values()])
            raise BangfuError("assist.unknown_unit", code=text_.strip(), near=near)
        unit = units[matched]
        links = [(k, p) for k, p in store.link_rows(session) if k.unit_id == unit.id]
        cadres = [(c, n) for c, n, u in store.cadre_units(session) if names.match(u) == unit.code]
        activities = store.activity_rows(session, unit_id=unit.id, voided=None)
    return {
        "code": unit.code,
        "name": unit.name,
        "level": unit.level,
        "recorded_at": unit.recorded_at,
        "recorded_by": unit.recorded_by,
        "villages": [{**_link_item(k, p, day), **void_fields(k)} for k, p in links],
        "cadres": [{"code": c, "name": n} for c, n in cadres],
        "activities": [activity_item(a, u, v) for a, u, v in activities],
    }
