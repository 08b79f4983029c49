"""Social contributions (社会帮扶): import, add, list, void — keyed by (contributor, date, form,
amount); the contributor's kind, hours, beneficiaries, place and result are updated when they
change. SZ12's star rating is computed by the rules from these records (``rating``)."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

from bangfu_cli.domain import vocab
from bangfu_cli.services.assistance_common import (
    AssistanceImport,
    add_one,
    amount_fen,
    count,
    find_village,
    hours,
    long_text,
    reject,
    run_import,
    void,
    void_fields,
    yuan,
)
from bangfu_cli.services.fields import choice, day, name, text
from bangfu_cli.services.importing import note_years_back, upsert
from bangfu_cli.services.tabular import ColumnSpec, Problems

SOCIAL_COLUMNS = (
    ColumnSpec("contributor", "贡献者", True),
    ColumnSpec("contributor_kind", "贡献者类型", True),
    ColumnSpec("date", "日期", True),
    ColumnSpec("form", "方式"),
    ColumnSpec("amount", "金额"),
    ColumnSpec("hours", "时长"),
    ColumnSpec("beneficiaries", "受益人数"),
    ColumnSpec("township", "乡镇"),
    ColumnSpec("village", "村"),
    ColumnSpec("result", "成效"),
)


def parse_contribution(
    problems: Problems, line: int, row: dict[str, str], today: date
) -> dict[str, Any] | None:
    v = problems.value
    values = {
        "contributor": v(line, name, row["contributor"], "contributor", max_len=128),
        "contributor_kind": v(line, choice, vocab.parse_contributor_kind, row["contributor_kind"]),
        "date": v(line, day, row["date"], "date", today, required=True),
        "form": v(line, text, row["form"], "form"),
        "amount": v(line, amount_fen, row["amount"], "amount"),
        "hours": v(line, hours, row["hours"], "hours"),
        "beneficiaries": v(line, count, row["beneficiaries"], "beneficiaries"),
        "township": v(line, text, row["township"], "township"),
        "village": v(line, text, row["village"], "village"),
        "result": v(line, long_text, row["result"], "result"),
    }
    if problems.bad(line):
        return None
    if values["contributor_kind"] is None:
        reject(problems, line, "records.required", field=problems.column("contributor_kind"))
    if problems.bad(line):
        return None
    note_years_back(problems, line, values["date"], today, "date")
    return values


def _natural(values: dict[str, Any]) -> tuple:
    return (values["contributor"], values["date"], values["form"], values["amount"])


def import_contributions(ledger: Any, path: str | Path) -> AssistanceImport:
    return run_import(
        ledger, path, SOCIAL_COLUMNS, parse_contribution, _natural, store_contributions, "contribution"
    )


def add_contribution(ledger: Any, row: dict[str, str]) -> AssistanceImport:
    return add_one(ledger, parse_contribution, store_contributions, row)


def store_contributions(
    ledger: Any, session: Any, parsed: list, problems: Problems, file: str
) -> AssistanceImport:
    from bangfu_cli.storage import assistance as store
    from bangfu_cli.storage.assistance_models import Contribution

    result = AssistanceImport(file)
    places = store.villages(session)
    current = store.contributions_by_key(session)
    ready = []
    for line, values in parsed:
        village = None
        if values["village"]:
            village = find_village(problems, line, places, values["township"], values["village"])
            if village is None:
                continue
        ready.append((values, village))
    if problems:
        return result
    for values, village in ready:
        record = {
            "contributor": values["contributor"],
            "contributor_kind": values["contributor_kind"],
            "date": values["date"],
            "form": values["form"],
            "amount_fen": values["amount"],
            "hours": values["hours"],
            "beneficiaries": values["beneficiaries"],
            "township": village.township if village else values["township"],
            "village_id": village.id if village else None,
            "result": values["result"],
        }
        key = f"{values['contributor']}/{values['date']}"[:64]
        outcome, _ = upsert(
            ledger, session, Contribution, current.get(_natural(values)), record, "contribution", key
        )
        result.count(outcome)
    return result


def contribution_item(c: Any, village: Any | None) -> dict[str, Any]:
    return {
        "id": c.id,
        "contributor": c.contributor,
        "contributor_kind": c.contributor_kind,
        "date": c.date,
        "form": c.form,
        "amount": yuan(c.amount_fen),
        "hours": c.hours,
        "beneficiaries": c.beneficiaries,
        "township": c.township,
        "village": village.name if village else None,
        "result": c.result,
        **void_fields(c),
    }


def list_contributions(
    ledger: Any, *, contributor: str | None = None, year: int | None = None, voided: bool = False
) -> list[dict[str, Any]]:
    from bangfu_cli.storage import assistance as store

    with ledger.read() as session:
        rows = store.contribution_rows(
            session, contributor=contributor.strip() if contributor else None, year=year, voided=voided
        )
    return [contribution_item(c, v) for c, v in rows]


def void_contribution(ledger: Any, contribution_id: int, reason: str) -> dict[str, Any]:
    from bangfu_cli.storage import assistance as store

    void(ledger, "contribution", contribution_id, reason)
    with ledger.read() as session:
        rows = [r for r in store.contribution_rows(session, voided=None) if r[0].id == contribution_id]
    return contribution_item(*rows[0])


def rating(ledger: Any, year: int) -> dict[str, Any]:
    """SZ12's rating of every contributor of ``year`` (CONTRACT.md ``social rating``), computed by
    the rules from the year's live contributions and the active profile's scale: {"ratings":
    [one item per contributor], "scale": the thresholds, "borrowed": the id of the profile whose
    scale was used when the active one rates no contributors, else None}. Nothing is written."""
    from bangfu_cli.rules.profiles import load_builtin
    from bangfu_cli.rules.rating import MEASURES, rate, scale_of
    from bangfu_cli.storage.reader_assistance import read_contributions

    scale, borrowed = scale_of(ledger.profile), None
    if scale is None:  # only 宿巩固办〔2022〕2号 asks for the rating: its profile holds the scale
        borrowed = RATING_PROFILE
        scale = scale_of(load_builtin(RATING_PROFILE))
    ratings = [
        {
            "contributor": r.contributor,
            "contributor_kind": r.contributor_kind,
            "year": r.year,
            "amount": r.amount,
            "count": r.count,
            "hours": r.hours,
            "beneficiaries": r.beneficiaries,
            "points": {m: r.points[m] for m in MEASURES},
            "stars": r.stars,
        }
        for r in rate(read_contributions(ledger.engine, year), year, scale)
    ]
    return {"ratings": ratings, "scale": {m: list(scale[m]) for m in MEASURES}, "borrowed": borrowed}


RATING_PROFILE = "suzhou-2022"  # the built-in profile with SZ12's scale
