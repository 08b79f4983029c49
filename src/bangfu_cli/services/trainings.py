"""Trainings of resident cadres (驻村干部培训): import, add, list, void. Keyed by (cadre, name,
start); the level and the last day are updated when they change. A training's days are its
first and last day and every day between (SZ10 counts them; the rules do, not this module)."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

from bangfu_cli.domain import vocab
from bangfu_cli.services.assistance_common import (
    AssistanceImport,
    add_one,
    reject,
    run_import,
    span_ok,
    void,
    void_fields,
)
from bangfu_cli.services.fields import choice, code, day, name
from bangfu_cli.services.importing import note_years_back, upsert
from bangfu_cli.services.tabular import ColumnSpec, Problems

TRAINING_COLUMNS = (
    ColumnSpec("cadre", "干部编号", True),
    ColumnSpec("name", "培训名称", True),
    ColumnSpec("level", "层级", True),
    ColumnSpec("start", "开始日期", True),
    ColumnSpec("end", "结束日期", True),
)


def parse_training(problems: Problems, line: int, row: dict[str, str], today: date) -> dict[str, Any] | None:
    v = problems.value
    values = {
        "cadre": v(line, code, row["cadre"], "cadre"),
        "name": v(line, name, row["name"], "name", max_len=128),
        "level": v(line, choice, vocab.parse_training_level, row["level"]),
        "start": v(line, day, row["start"], "start", today, required=True),
        "end": v(line, day, row["end"], "end", today, required=True),
    }
    if problems.bad(line):
        return None
    if values["level"] is None:
        reject(problems, line, "records.required", field=problems.column("level"))
    span_ok(problems, line, values["start"], values["end"])
    if problems.bad(line):
        return None
    note_years_back(problems, line, values["start"], today, "start")
    return values


def _natural(values: dict[str, Any]) -> tuple:
    return (values["cadre"], values["name"], values["start"])


def import_trainings(ledger: Any, path: str | Path) -> AssistanceImport:
    return run_import(ledger, path, TRAINING_COLUMNS, parse_training, _natural, store_trainings, "training")


def add_training(ledger: Any, row: dict[str, str]) -> AssistanceImport:
    return add_one(ledger, parse_training, store_trainings, row)


def store_trainings(
    ledger: Any, session: Any, parsed: list, problems: Problems, file: str
) -> AssistanceImport:
    from bangfu_cli.services.resolve import near_matches
    from bangfu_cli.storage import assistance as store
    from bangfu_cli.storage.assistance_models import Training

    result = AssistanceImport(file)
    cadres = store.cadres(session)
    current = store.trainings_by_key(session)
    ready = []
    for line, values in parsed:
        cadre = cadres.get(values["cadre"])
        if cadre is None:
            near = near_matches(values["cadre"], [(c.name, c.code) for c in cadres.values()])
            reject(problems, line, "records.unknown_cadre", code=values["cadre"], near=near)
            continue
        ready.append((values, cadre))
    if problems:
        return result
    for values, cadre in ready:
        record = {
            "cadre_id": cadre.id,
            "name": values["name"],
            "level": values["level"],
            "start": values["start"],
            "end": values["end"],
        }
        key = f"{cadre.code}/{values['start']}/{values['name']}"[:64]
        old = current.get((cadre.id, values["name"], values["start"]))
        outcome, _ = upsert(ledger, session, Training, old, record, "training", key)
        result.count(outcome)
    return result


def training_item(training: Any, cadre: Any) -> dict[str, Any]:
    return {
        "id": training.id,
        "cadre": cadre.code,
        "cadre_name": cadre.name,
        "name": training.name,
        "level": training.level,
        "start": training.start,
        "end": training.end,
        "days": (training.end - training.start).days + 1,
        **void_fields(training),
    }


def list_trainings(
    ledger: Any, *, cadre: str | None = None, year: int | None = None, voided: bool = False
) -> list[dict[str, Any]]:
    from bangfu_cli.services.resolve import resolve_cadre
    from bangfu_cli.storage import assistance as store

    with ledger.read() as session:
        cadre_id = resolve_cadre(session, cadre).id if cadre else None
        rows = store.training_rows(session, cadre_id=cadre_id, year=year, voided=voided)
    return [training_item(tr, c) for tr, c in rows]


def void_training(ledger: Any, training_id: int, reason: str) -> dict[str, Any]:
    from bangfu_cli.storage import assistance as store

    record = void(ledger, "training", training_id, reason)
    with ledger.read() as session:
        cadre = next(c for c in store.cadres(session).values() if c.id == record.cadre_id)
    return training_item(record, cadre)
