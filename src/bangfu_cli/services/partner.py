"""The county pairing (县域结对): the partner county over time, and the pairing's activities.

``set_partner`` (CONTRACT.md): the same values change nothing; naming another partner while one
is active on ``since`` ends the old one the day before (one started on that very day was named
by mistake: it is voided, the reason naming the partner that replaced it); ``until`` sets or
moves the end. Pairing activities are keyed by (kind, date, cadre, people, content); a
``secondment`` is a span (date … end, open when the end is empty), the other kinds one day. An
activity dated when no partner is active is recorded with a warning: it counts for nothing."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path
from typing import Any

from bangfu_cli.domain import vocab
from bangfu_cli.domain.dates import in_span
from bangfu_cli.domain.errors import BangfuError
from bangfu_cli.services.assistance_common import (
    AssistanceImport,
    add_one,
    amount_fen,
    long_text,
    reject,
    run_import,
    span_ok,
    void,
    void_fields,
    yuan,
)
from bangfu_cli.services.fields import choice, code, day, text
from bangfu_cli.services.importing import note_years_back, upsert
from bangfu_cli.services.tabular import ColumnSpec, Problems

PARTNER_COLUMNS = (
    ColumnSpec("kind", "类型", True),
    ColumnSpec("date", "日期", True),
    ColumnSpec("end", "结束日期"),
    ColumnSpec("cadre", "干部编号"),
    ColumnSpec("amount", "金额"),
    ColumnSpec("people", "人员"),
    ColumnSpec("content", "内容"),
)


@dataclass
class SetOutcome:
    outcome: str  # added / updated / unchanged
    partner: dict[str, Any]
    ended: dict[str, Any] | None = None  # the partner the new one follows
    notes: list[str] = field(default_factory=list)


def partner_item(p: Any) -> dict[str, Any]:
    return {"id": p.id, "name": p.name, "start": p.start, "end": p.end, **void_fields(p)}


def set_partner(ledger: Any, name_: str, since: date, until: date | None = None) -> SetOutcome:
    from bangfu_cli.services.fields import name as check_name
    from bangfu_cli.services.ledger import now
    from bangfu_cli.storage import assistance as store
    from bangfu_cli.storage.assistance_models import Partner

    partner_name = check_name(name_, "NAME")
    for value, option in ((since, "--since"), (until, "--until")):
        if value is not None and value > ledger.today:
            raise BangfuError(
                "input.future_date", field=option, value=value.isoformat(), today=ledger.today.isoformat()
            )
    if until is not None and until < since:
        raise BangfuError("records.end_before_start", end=until, start=since)
    with ledger.write() as session:
        spans = store.partners(session)
        active = next((p for p in spans if in_span(since, p.start, p.end)), None)
        later = next((p for p in spans if p.start > since and p is not active), None)
        if active is not None and active.name == partner_name:
            return _same_partner(ledger, session, active, until)
        if later is not None:
            raise BangfuError("assist.partner_later", name=later.name, start=later.start.isoformat())
        ended = None
        if active is not None:
            if active.start == since:  # named by mistake on the same day: replaced
                active.voided, active.void_reason = True, f"partner set {partner_name}"
                active.voided_at, active.voided_by = now(), ledger.operator
                change = {"voided": [False, True], "void_reason": [None, active.void_reason]}
                ledger.audit(session, "void", "partner", record=active, key=active.name, changes=change)
            else:
                old_end = active.end
                active.end = since - timedelta(days=1)
                change = {"end": [old_end, active.end]}
                ledger.audit(session, "end", "partner", record=active, key=active.name, changes=change)
            session.add(active)
            ended = partner_item(active)
        values = {"name": partner_name, "start": since, "end": until}
        _, record = upsert(ledger, session, Partner, None, values, "partner", partner_name)
        return SetOutcome("added", partner_item(record), ended)


def _same_partner(ledger: Any, session: Any, active: Any, until: date | None) -> SetOutcome:
    from bangfu_cli.services.importing import upsert as write

    if until is None or until == active.end:
        return SetOutcome("unchanged", partner_item(active))
    if until < active.start:
        raise BangfuError("records.end_before_start", end=until, start=active.start)
    values = {"name": active.name, "start": active.start, "end": until}
    outcome, record = write(ledger, session, type(active), active, values, "partner", active.name)
    return SetOutcome(outcome, partner_item(record))


def list_partners(ledger: Any) -> list[dict[str, Any]]:
    from bangfu_cli.storage import assistance as store

    with ledger.read() as session:
        spans = store.partners(session)
    return [{**partner_item(p), "active": in_span(ledger.today, p.start, p.end)} for p in spans]


# ---------------------------------------------------------------- the pairing's activities


def parse_partner_activity(
    problems: Problems, line: int, row: dict[str, str], today: date
) -> dict[str, Any] | None:
    v = problems.value
    values = {
        "kind": v(line, choice, vocab.parse_partner_kind, row["kind"]),
        "date": v(line, day, row["date"], "date", today, required=True),
        "end": v(line, day, row["end"], "end", today),
        "cadre": v(line, code, row["cadre"], "cadre") if row["cadre"] else None,
        "amount": v(line, amount_fen, row["amount"], "amount"),
        "people": v(line, text, row["people"], "people", max_len=500),
        "content": v(line, long_text, row["content"], "content"),
    }
    if problems.bad(line):
        return None
    if values["kind"] is None:
        reject(problems, line, "records.required", field=problems.column("kind"))
    elif values["end"] and values["kind"] != "secondment":
        reject(problems, line, "assist.end_only_secondment", field=problems.column("end"))
    span_ok(problems, line, values["date"], values["end"])
    if problems.bad(line):
        return None
    note_years_back(problems, line, values["date"], today, "date")
    return values


def _natural(values: dict[str, Any]) -> tuple:
    return (values["kind"], values["date"], values["cadre"], values["people"], values["content"])


def import_partner_activities(ledger: Any, path: str | Path) -> AssistanceImport:
    return run_import(
        ledger,
        path,
        PARTNER_COLUMNS,
        parse_partner_activity,
        _natural,
        store_partner_activities,
        "partner_activity",
    )


def add_partner_activity(ledger: Any, row: dict[str, str]) -> AssistanceImport:
    return add_one(ledger, parse_partner_activity, store_partner_activities, row)


def store_partner_activities(
    ledger: Any, session: Any, parsed: list, problems: Problems, file: str
) -> AssistanceImport:
    from bangfu_cli.storage import assistance as store
    from bangfu_cli.storage.assistance_models import PartnerActivity

    result = AssistanceImport(file)
    spans = store.partners(session)
    current = store.partner_activities_by_key(session)
    for line, values in parsed:
        if not any(in_span(values["date"], p.start, p.end) for p in spans):
            result.warn(line, "assist.no_partner", date=values["date"].isoformat())
        record = {
            "kind": values["kind"],
            "date": values["date"],
            "end": values["end"],
            "cadre": values["cadre"],
            "amount_fen": values["amount"],
            "people": values["people"],
            "content": values["content"],
        }
        key = f"{values['kind']}/{values['date']}/{values['cadre'] or ''}"[:64]
        outcome, _ = upsert(
            ledger, session, PartnerActivity, current.get(_natural(values)), record, "partner_activity", key
        )
        result.count(outcome)
    return result


def partner_activity_item(a: Any, spans: list) -> dict[str, Any]:
    partner = next((p.name for p in spans if in_span(a.date, p.start, p.end)), None)
    return {
        "id": a.id,
        "kind": a.kind,
        "date": a.date,
        "end": a.end,
        "cadre": a.cadre,
        "amount": yuan(a.amount_fen),
        "people": a.people,
        "content": a.content,
        "partner": partner,
        **void_fields(a),
    }


def list_partner_activities(
    ledger: Any,
    *,
    kind: str | None = None,
    date_from: date | None = None,
    date_to: date | None = None,
    voided: bool = False,
) -> list[dict[str, Any]]:
    from bangfu_cli.storage import assistance as store

    with ledger.read() as session:
        spans = store.partners(session)
        rows = store.partner_activity_rows(
            session,
            kind=vocab.parse_partner_kind(kind) if kind else None,
            date_from=date_from,
            date_to=date_to,
            voided=voided,
        )
    return [partner_activity_item(a, spans) for a in rows]


def void_partner_activity(ledger: Any, activity_id: int, reason: str) -> dict[str, Any]:
    from bangfu_cli.storage import assistance as store

    record = void(ledger, "partner_activity", activity_id, reason)
    with ledger.read() as session:
        spans = store.partners(session)
    return partner_activity_item(record, spans)
