"""Unit activities (单位帮扶活动): import, add, list, void.

Keyed by (unit, kind, date, township, village, content); people, amount, attachment and ``for``
are updated when they change. An attachment is a file path (relative paths are looked up beside
the imported file, then in the working folder) copied into the ledger's attachments folder under
its content hash, as visits' photos are; a missing file is a bad row. An activity naming a village
the unit does not assist on its date — or a plan or visit without a village dated when the unit
assists none — is recorded with a warning: it counts for no village."""

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
    amount_fen,
    find_village,
    for_period,
    long_text,
    place_pair,
    reject,
    run_import,
    void,
    void_fields,
    yuan,
)
from bangfu_cli.services.fields import choice, code, day, text
from bangfu_cli.services.importing import note_years_back, upsert
from bangfu_cli.services.tabular import ColumnSpec, Problems

# The kinds judged per village (SZ5, SZ7, SZ8): without a village such an activity counts for
# every village the unit assists on its date — none, when it assists none.
PER_VILLAGE = frozenset({"plan", "principal_visit", "deputy_visit"})

ACTIVITY_COLUMNS = (
    ColumnSpec("unit", "单位编号", True),
    ColumnSpec("kind", "类型", True),
    ColumnSpec("date", "日期", True),
    ColumnSpec("township", "乡镇"),
    ColumnSpec("village", "村"),
    ColumnSpec("people", "参加人员"),
    ColumnSpec("content", "内容"),
    ColumnSpec("amount", "金额"),
    ColumnSpec("attachment", "附件"),
    ColumnSpec("for", "所属期间"),
)


def parse_activity(problems: Problems, line: int, row: dict[str, str], today: date) -> dict[str, Any] | None:
    v = problems.value
    values = {
        "unit": v(line, code, row["unit"], "unit"),
        "kind": v(line, choice, vocab.parse_activity_kind, row["kind"]),
        "date": v(line, day, row["date"], "date", today, required=True),
        "township": v(line, text, row["township"], "township"),
        "village": v(line, text, row["village"], "village"),
        "people": v(line, text, row["people"], "people", max_len=500),
        "content": v(line, long_text, row["content"], "content"),
        "amount": v(line, amount_fen, row["amount"], "amount"),
        "attachment": v(line, text, row["attachment"], "attachment", max_len=500),
        "for": v(line, for_period, row["for"], "for"),
    }
    if problems.bad(line):
        return None
    if values["kind"] is None:
        reject(problems, line, "records.required", field=problems.column("kind"))
    place_pair(problems, line, values["township"], values["village"])
    if problems.bad(line):
        return None
    note_years_back(problems, line, values["date"], today, "date")
    return values


def _natural(values: dict[str, Any]) -> tuple:
    return (
        values["unit"],
        values["kind"],
        values["date"],
        values["township"],
        values["village"],
        values["content"],
    )


def import_activities(ledger: Any, path: str | Path) -> AssistanceImport:
    folder = Path(path).resolve().parent
    return run_import(
        ledger,
        path,
        ACTIVITY_COLUMNS,
        parse_activity,
        _natural,
        lambda *args: store_activities(*args, folder=folder),
        "unit_activity",
    )


def add_activity(ledger: Any, row: dict[str, str]) -> AssistanceImport:
    return add_one(ledger, parse_activity, lambda *a: store_activities(*a, folder=Path.cwd()), row)


def _attachment(ledger: Any, problems: Problems, line: int, given: str, folder: Path) -> Path | None:
    candidate = Path(given).expanduser()
    for path in [candidate] if candidate.is_absolute() else [folder / candidate, Path.cwd() / candidate]:
        if path.is_file():
            return path
    reject(problems, line, "assist.attachment_missing", file=given)
    return None


def store_activities(
    ledger: Any, session: Any, parsed: list, problems: Problems, file: str, *, folder: Path
) -> AssistanceImport:
    from bangfu_cli.domain.unit_match import UnitNames
    from bangfu_cli.services.resolve import near_matches
    from bangfu_cli.services.visits import store_photo
    from bangfu_cli.storage import assistance as store
    from bangfu_cli.storage.assistance_models import UnitActivity

    result = AssistanceImport(file)
    units = store.units(session)
    names = UnitNames.of((u.code, u.name) for u in units.values())
    places = store.villages(session)
    links: dict[int, list] = {}
    for link in store.links(session):
        links.setdefault(link.unit_id, []).append(link)
    current = store.activities_by_key(session)
    ready = []
    for line, values in parsed:
        matched = names.match(values["unit"])
        if matched is None:
            near = near_matches(values["unit"], [(u.name, u.code) for u in units.values()])
            reject(problems, line, "assist.unknown_unit", code=values["unit"], near=near)
        village = None
        if values["village"]:
            village = find_village(problems, line, places, values["township"], values["village"])
        source = (
            _attachment(ledger, problems, line, values["attachment"], folder)
            if values["attachment"]
            else None
        )
        if problems.bad(line):
            continue
        unit = units[matched]
        _warn_villages(result, line, values, unit, village, links.get(unit.id, []))
        ready.append((line, values, unit, village, source))
    if problems:
        return result
    for _line, values, unit, village, source in ready:
        record = {
            "unit_id": unit.id,
            "kind": values["kind"],
            "date": values["date"],
            "village_id": village.id if village else None,
            "people": values["people"],
            "content": values["content"],
            "amount_fen": values["amount"],
            "attachment": store_photo(ledger, str(source)) if source else None,
            "for_period": values["for"],
        }
        natural = (unit.id, values["kind"], values["date"], record["village_id"], values["content"])
        key = f"{unit.code}/{values['kind']}/{values['date']}"
        outcome, _ = upsert(ledger, session, UnitActivity, current.get(natural), record, "unit_activity", key)
        result.count(outcome)
    return result


def _warn_villages(
    result: AssistanceImport, line: int, values: dict, unit: Any, village: Any, links: list
) -> None:
    """An activity that counts for no village is recorded with a warning (DOMAIN.md §10)."""
    active = [k for k in links if in_span(values["date"], k.start, k.end)]
    when = values["date"].isoformat()
    if village is not None and not any(k.village_id == village.id for k in active):
        result.warn(line, "assist.village_not_assisted", unit=unit.code, village=village.name, date=when)
    elif village is None and values["kind"] in PER_VILLAGE and not active:
        result.warn(line, "assist.no_village_assisted", unit=unit.code, date=when)


# ---------------------------------------------------------------- reading and voiding


def activity_item(activity: Any, unit: Any, village: Any | None) -> dict[str, Any]:
    return {
        "id": activity.id,
        "unit": unit.code,
        "unit_name": unit.name,
        "kind": activity.kind,
        "date": activity.date,
        "township": village.township if village else None,
        "village": village.name if village else None,
        "people": activity.people,
        "content": activity.content,
        "amount": yuan(activity.amount_fen),
        "attachment": activity.attachment,
        "for": activity.for_period,
        **void_fields(activity),
        "recorded_at": activity.recorded_at.isoformat(),
        "recorded_by": activity.recorded_by,
    }


def list_activities(
    ledger: Any,
    *,
    unit: str | None = None,
    township: str | None = None,
    village: str | None = None,
    kind: str | None = None,
    date_from: date | None = None,
    date_to: date | None = None,
    voided: bool = False,
) -> list[dict[str, Any]]:
    from bangfu_cli.domain.unit_match import UnitNames
    from bangfu_cli.storage import assistance as store

    with ledger.read() as session:
        unit_id = None
        if unit:
            units = store.units(session)
            matched = UnitNames.of((u.code, u.name) for u in units.values()).match(unit)
            if matched is None:
                raise BangfuError("assist.unknown_unit", code=unit.strip(), near="")
            unit_id = units[matched].id
        village_ids = None
        if township or village:
            village_ids = [
                v.id
                for (town, name), v in store.villages(session).items()
                if (not township or town == township.strip()) and (not village or name == village.strip())
            ]
        rows = store.activity_rows(
            session,
            unit_id=unit_id,
            village_ids=village_ids,
            kind=vocab.parse_activity_kind(kind) if kind else None,
            date_from=date_from,
            date_to=date_to,
            voided=bool(voided),
        )
    return [activity_item(a, u, v) for a, u, v in rows]


def void_activity(ledger: Any, activity_id: int, reason: str) -> dict[str, Any]:
    from bangfu_cli.storage import assistance as store

    void(ledger, "unit_activity", activity_id, reason)
    with ledger.read() as session:
        rows = store.activity_rows(session, activity_id=activity_id, voided=None)
    return activity_item(*rows[0])
