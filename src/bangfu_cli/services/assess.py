"""帮扶成效评估 (DOMAIN.md §8): propose a conclusion with its reasons for every 监测对象 of a
quarter, record it (a re-save supersedes the earlier assessment), and list what was recorded."""

from __future__ import annotations

import json
from datetime import date
from typing import Any

from bangfu_cli.domain import assessment
from bangfu_cli.domain import income as inc
from bangfu_cli.domain.dates import Period, parse_date, shift_quarter
from bangfu_cli.domain.errors import BangfuError
from bangfu_cli.domain.vocab import guarantee_ok
from bangfu_cli.services import income_books as ib
from bangfu_cli.services.income_report import quarter_alerts
from bangfu_cli.services.ledger import Ledger


def _open_issue(visits: list[Any], day: date) -> str | None:
    """The 三保障/饮水 issue of the latest visit up to ``day`` that recorded the guarantees, if not ok."""
    latest = None
    for v in visits:
        if v.date <= day and v.guarantees is not None and not v.voided:
            latest = v
    if latest is None or guarantee_ok(latest.guarantees):
        return None
    return latest.guarantees.strip()


def _facts(book: ib.HouseholdBook, period: Period, visits: list, thresholds: list, conf: ib.Settings):
    th = ib.pick_threshold(thresholds, period.start.year, book.places())
    pc, alerts = quarter_alerts(book, period, th, conf)
    status = book.status_on(period.end)
    return assessment.QuarterFacts(
        quarter=period.label,
        per_capita=pc,
        threshold_fen=th.amount_fen if th else None,
        drop=next((a for a in alerts if a.alert == "income-drop"), None),
        rigid=next((a for a in alerts if a.alert == "rigid-expense"), None),
        open_issue=_open_issue(visits, period.end),
        risk_eliminated=bool(status is not None and status.risk == "eliminated"),
    )


def propose(
    ledger: Ledger, quarter: str, township: str | None = None, village: str | None = None
) -> list[dict]:
    """One proposal per 监测对象 (monitored on the quarter's first day, in the ledger for the quarter)."""
    from bangfu_cli.storage.assessments import visits_by_household

    period = inc.quarter_of(quarter)
    before = shift_quarter(period, -1)
    conf = ib.settings(ledger)
    with ledger.read() as session:
        books = ib.load_books(session)
        thresholds = ib.all_thresholds(ledger, session)
        visits = visits_by_household(session, period.end)
    out = []
    for book in sorted(books.values(), key=lambda b: b.household.code):
        if not (book.in_ledger_for(period) and ib.monitored_on(book, period.start)):
            continue
        vil = book.village
        if (township and vil.township != township.strip()) or (village and vil.name != village.strip()):
            continue
        hv = visits.get(book.household.id, [])
        now = _facts(book, period, hv, thresholds, conf)
        prev = _facts(book, before, hv, thresholds, conf)
        proposal = assessment.propose(now, prev)
        out.append(
            {
                "household": book.household.code,
                "household_id": book.household.id,
                "head_name": book.household.head_name,
                "township": vil.township,
                "village": vil.name,
                "quarter": period.label,
                "conclusion": proposal.conclusion,
                "income_ok": now.income_ok,
                "guarantees_ok": now.guarantees_ok,
                "risk_ok": now.risk_ok,
                "per_capita": float(now.per_capita.value) if now.per_capita else None,
                "estimated": now.per_capita.estimated if now.per_capita else None,
                "reasons": proposal.reasons,
            }
        )
    return out


def save(
    ledger: Ledger,
    quarter: str,
    on: str | None = None,
    township: str | None = None,
    village: str | None = None,
    note: str | None = None,
) -> list[dict]:
    """Record the proposals; an earlier assessment of the same household and quarter is superseded.
    Each saved row carries ``warnings``: an assessment dated years back is recorded with one."""
    from bangfu_cli.services.importing import years_back_warning
    from bangfu_cli.storage import assessments as store
    from bangfu_cli.storage.income import supersede

    day = parse_date(on, "--on") if on else ledger.today
    if day > ledger.today:
        raise BangfuError(
            "input.future_date", field="--on", value=day.isoformat(), today=ledger.today.isoformat()
        )
    period = inc.quarter_of(quarter)
    if day < period.start:
        raise BangfuError("assess.before_quarter", quarter=period.label, on=day.isoformat())
    proposals = propose(ledger, quarter, township, village)
    long_ago = years_back_warning(day, ledger.today, "--on")
    with ledger.write() as session:
        for p in proposals:
            old = store.active_assessment(session, p["household_id"], p["quarter"])
            row = store.add_assessment(
                session,
                household_id=p["household_id"],
                quarter=p["quarter"],
                assessed_on=day,
                conclusion=p["conclusion"],
                reasons=json.dumps(p["reasons"], ensure_ascii=False),
                note=note or None,
                **ledger.stamp(),
            )
            key = f"{p['household']} {p['quarter']}"
            ledger.audit(
                session,
                "add",
                "assessment",
                record=row,
                key=key,
                changes={"conclusion": [None, p["conclusion"]]},
            )
            if old is not None:
                supersede(session, old, row.id)
                ledger.audit(
                    session,
                    "supersede",
                    "assessment",
                    record=old,
                    key=key,
                    changes={"superseded_by": [None, row.id]},
                )
            p["assessed_on"] = day
            p["id"] = row.id
            p["warnings"] = [long_ago] if long_ago else []
    return proposals


def list_assessments(ledger: Ledger, quarter: str | None = None, everything: bool = False) -> list[dict]:
    from bangfu_cli.storage.assessments import assessments_with_places

    label = inc.quarter_of(quarter).label if quarter else None
    with ledger.read() as session:
        found = assessments_with_places(session, label, everything)
    return [
        {
            "id": a.id,
            "household": h.code,
            "head_name": h.head_name,
            "township": v.township,
            "village": v.name,
            "quarter": a.quarter,
            "assessed_on": a.assessed_on,
            "conclusion": a.conclusion,
            "reasons": json.loads(a.reasons or "[]"),
            "note": a.note,
            "superseded_by": a.superseded_by,
            "recorded_at": a.recorded_at,
            "recorded_by": a.recorded_by,
        }
        for a, h, v in found
    ]
