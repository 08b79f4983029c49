"""What the ledger's income says: a quarter's collection worklist, one household's figures
quarter by quarter, the quarter's alerts and the year's 两个高于 test. Read-only; the
arithmetic lives in ``domain.income``, the reading in ``services.income_books``."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from typing import Any

from bangfu_cli.domain import income as inc
from bangfu_cli.domain.dates import Period, parse_date, quarter_period, shift_quarter
from bangfu_cli.domain.errors import BangfuError
from bangfu_cli.services.income_books import (
    HouseholdBook,
    Settings,
    ThresholdRow,
    all_thresholds,
    amounts_of,
    assisted_on,
    load_books,
    monitored_on,
    pick_threshold,
    settings,
)
from bangfu_cli.services.ledger import Ledger

# ---------------------------------------------------------------------------------------------
# the collection worklist

_STATUS_ORDER = {"missing": 0, "late": 1, "collected": 2}


def _in_place(village: Any, township: str | None, name: str | None) -> bool:
    if township and village.township != township.strip():
        return False
    return not (name and village.name != name.strip())


def _worklist_row(
    book: HouseholdBook,
    period: Period,
    today: date,
    pairing: Any,
    cadres: dict,
    as_of: date | None = None,
    cut: datetime | None = None,
    as_recorded: bool = False,
) -> dict:
    """One household's line of the worklist of ``period``, as seen on ``today`` (a past
    ``as_of``: without the corrections recorded from ``cut``, the end of that day — with
    ``as_recorded``, without any record recorded from then on)."""
    start, end = inc.collection_window(period)
    if as_of is None:
        record = book.active.get(period.label)
    else:
        record = book.record_on(period.label, as_of, cut, every=as_recorded)
    if record is None:
        status = "missing"
    elif record.late_reason:
        status = "late"
    else:
        status = "collected"
    days_left = (end - today).days if today <= end else 0
    days_overdue = (today - end).days if status == "missing" and today > end else None
    paired = cadres.get(pairing.cadre_id) if pairing else None
    v = book.village
    return {
        "household": book.household.code,
        "head_name": book.household.head_name,
        "township": v.township,
        "village": v.name,
        "cadre": paired.code if paired else None,
        "cadre_name": paired.name if paired else None,
        "quarter": period.label,
        "status": status,
        "window_start": start,
        "window_end": end,
        "days_left": days_left if status == "missing" and today <= end else None,
        "days_overdue": days_overdue,
        "collected_on": record.collected_on if record else None,
        "net_income": float(inc.from_fen(amounts_of(record).net)) if record else None,
        "late_reason": record.late_reason if record else None,
    }


def collect(
    ledger: Ledger,
    quarter: str,
    everyone: bool = False,
    township: str | None = None,
    village: str | None = None,
    cadre: str | None = None,
    as_of: str | None = None,
    as_recorded: bool = False,
) -> tuple[list[dict], dict]:
    """The households whose income of ``quarter`` is due (监测对象, or every assisted one with
    ``everyone``), missing first, and the totals of the worklist; with ``as_recorded``, as the
    ledger stood at the end of the ``as_of`` day."""
    from bangfu_cli.services.resolve import resolve_cadre
    from bangfu_cli.services.setup import cut_for
    from bangfu_cli.storage.income import cadres_by_id

    period = inc.quarter_of(quarter)
    today = parse_date(as_of, "as-of") if as_of else ledger.today
    start, end = inc.collection_window(period)
    judge_day = min(today, end)
    cut = cut_for(ledger, today) if as_of else None  # the end of that day
    with ledger.read() as session:
        cadre_filter = resolve_cadre(session, cadre).id if cadre else None
        books = load_books(session, with_pairings=True)
        cadres = cadres_by_id(session)
    in_scope = assisted_on if everyone else monitored_on
    rows = []
    for book in books.values():
        if not (book.in_ledger_for(period) and in_scope(book, period.start)):
            continue
        if not _in_place(book.village, township, village):
            continue
        pairing = book.paired_cadre(judge_day)
        if cadre_filter is not None and (pairing is None or pairing.cadre_id != cadre_filter):
            continue
        on = today if as_of else None
        rows.append(_worklist_row(book, period, today, pairing, cadres, on, cut, as_recorded))
    rows.sort(key=lambda r: (_STATUS_ORDER[r["status"]], r["township"], r["village"], r["household"]))
    totals: dict[str, Any] = {
        s: sum(1 for r in rows if r["status"] == s) for s in ("collected", "late", "missing")
    }
    totals["total"] = len(rows)
    totals["window_start"], totals["window_end"] = start, end
    totals["days_left"] = max((end - today).days, 0)
    totals["days_closed"] = (today - end).days if today > end else None
    return rows, totals


# ---------------------------------------------------------------------------------------------
# one household's figures


def show(ledger: Ledger, household: str) -> tuple[dict, list[dict]]:
    """The household's head line and every income record of it (corrected ones too)."""
    from bangfu_cli.services.resolve import resolve_household
    from bangfu_cli.storage.income import cadres_by_id

    with ledger.read() as session:
        hh = resolve_household(session, household)
        book = load_books(session, [hh.id])[hh.id]
        cadres = {i: c.code for i, c in cadres_by_id(session).items()}
        thresholds = all_thresholds(ledger, session)
    net = book.net()
    rows = []
    for r in book.records:
        a = amounts_of(r)
        active = r.superseded_by is None
        period = inc.quarter_of(r.quarter)
        pc = inc.per_capita(net, book.size_at(period), period) if active else None
        th = pick_threshold(thresholds, period.start.year, book.places())
        rows.append(
            {
                "id": r.id,
                "quarter": r.quarter,
                "collected_on": r.collected_on,
                **{k: float(inc.from_fen(v)) for k, v in a.as_dict().items()},
                "net_income": float(inc.from_fen(a.net)),
                "size": r.size,
                "per_capita": float(pc.value) if pc else None,
                "estimated": pc.estimated if pc else None,
                "threshold": float(inc.from_fen(th.amount_fen)) if th else None,
                "collector": cadres.get(r.collector_id),
                "late_reason": r.late_reason,
                "correct_reason": r.correct_reason,
                "superseded_by": r.superseded_by,
                "note": r.note,
                "recorded_at": r.recorded_at,
                "recorded_by": r.recorded_by,
            }
        )
    head = {
        "household": hh.code,
        "head_name": hh.head_name,
        "township": book.village.township,
        "village": book.village.name,
        "size": hh.size,
    }
    return head, rows


# ---------------------------------------------------------------------------------------------
# alerts


def quarter_alerts(
    book: HouseholdBook, period: Period, threshold: ThresholdRow | None, conf: Settings
) -> tuple[inc.PerCapita | None, list[inc.Alert]]:
    """The per-capita figure at ``period`` and the alerts it raises (needs the quarter's record)."""
    net = book.net()
    if period.label not in net:
        return None, []
    pc = inc.per_capita(net, book.size_at(period), period)
    found: list[inc.Alert] = []
    if pc is not None and threshold is not None:
        below = inc.below_threshold(pc, threshold.amount_fen)
        if below is not None:
            found.append(below)
    earlier = shift_quarter(period, -4)
    if earlier.label in net:
        drop = inc.income_drop(
            net[period.label], net[earlier.label], conf.income_drop, period.label, earlier.label
        )
        if drop is not None:
            found.append(drop)
    four = [p.label for p in inc.last_four(period) if p.label in net]
    active = book.active
    rigid_sum = sum(active[q].rigid_expense_fen for q in four)
    net_sum = sum(net[q] for q in four)
    rigid = inc.rigid_expense(rigid_sum, net_sum, conf.rigid_expense, four)
    if rigid is not None:
        found.append(rigid)
    return pc, found


def _alert_row(book: HouseholdBook, period: Period, alert: inc.Alert, th: Any, conf: Settings) -> dict:
    source = th.source if alert.alert == "below-threshold" and th else conf.source
    return {
        "household": book.household.code,
        "head_name": book.household.head_name,
        "township": book.village.township,
        "village": book.village.name,
        "quarter": period.label,
        "alert": alert.alert,
        "value": None if alert.value is None else float(alert.value),
        "limit": float(alert.limit),
        "inputs": {k: (float(x) if isinstance(x, Decimal) else x) for k, x in alert.inputs.items()},
        "formula": alert.formula,
        "estimated": alert.estimated,
        "rule": conf.source,
        "source": source,
    }


def alerts(
    ledger: Ledger, quarter: str, township: str | None = None, village: str | None = None
) -> tuple[list[dict], list[str]]:
    """Every alert of the quarter; also the households with a record but no threshold for the year."""
    period = inc.quarter_of(quarter)
    conf = settings(ledger)
    with ledger.read() as session:
        books = load_books(session)
        thresholds = all_thresholds(ledger, session)
    out: list[dict] = []
    no_threshold: list[str] = []
    for book in sorted(books.values(), key=lambda b: b.household.code):
        if not _in_place(book.village, township, village):
            continue
        th = pick_threshold(thresholds, period.start.year, book.places())
        pc, found = quarter_alerts(book, period, th, conf)
        if pc is not None and th is None:
            no_threshold.append(book.household.code)
        out.extend(_alert_row(book, period, a, th, conf) for a in found)
    return out, no_threshold


# ---------------------------------------------------------------------------------------------
# 两个高于


def _annual(book: HouseholdBook, year: int) -> tuple[int, int, bool] | None:
    """(annual net income in fen, size, estimated) of ``year``; scaled when fewer than four quarters."""
    net = book.net()
    q4 = quarter_period(year, 4)
    found = [p.label for p in inc.last_four(q4) if p.label in net]
    if not found:
        return None
    total = Decimal(sum(net[q] for q in found)) * 4 / len(found)
    return int(total), book.size_at(q4), len(found) < 4


def _growth_inputs(books: dict, year: int) -> tuple[list, list, int]:
    """(size, income) of the year before and of ``year`` for every 脱贫户 with both, and how
    many of them had fewer than four quarters (estimated)."""
    before, after, estimated = [], [], 0
    year_end = date(year, 12, 31)
    for book in books.values():
        status = book.status_on(year_end)
        if status is None or not status.tuopin:
            continue
        a, b = _annual(book, year - 1), _annual(book, year)
        if a is None or b is None:
            continue
        before.append(a[:2])
        after.append(b[:2])
        estimated += int(a[2] or b[2])
    return before, after, estimated


def growth(ledger: Ledger, year: str, local_rate: str, province_rate: str | None) -> dict:
    """The 两个高于 test of ``year``: per-capita growth of 脱贫户 against the local (and provincial) rate."""
    try:
        year_n = int(str(year).strip())
    except ValueError as exc:
        raise BangfuError("income.bad_year", value=year) from exc
    local = inc.parse_rate(local_rate, "--local-rate")
    province = inc.parse_rate(province_rate, "--province-rate") if province_rate else None
    with ledger.read() as session:
        books = load_books(session)
    before, after, estimated = _growth_inputs(books, year_n)
    result = inc.growth_test(before, after, year_n, local, province)
    if result is None:
        raise BangfuError("income.no_growth_data", year=year_n, before=year_n - 1)
    return {
        "year": year_n,
        "households": result.households,
        "estimated_households": estimated,
        "people_before": result.people_before,
        "people": result.people_after,
        "net_income_before": float(inc.from_fen(result.income_before_fen)),
        "net_income": float(inc.from_fen(result.income_after_fen)),
        "per_capita_before": float(result.per_capita_before),
        "per_capita": float(result.per_capita_after),
        "growth": float(result.growth),
        "local_rate": float(local),
        "province_rate": None if province is None else float(province),
        "passes_local": result.passes_local,
        "passes_province": result.passes_province,
        "formula": (
            f"{result.per_capita_after:,.2f} ÷ {result.per_capita_before:,.2f} − 1 = "
            f"{inc.percent_text(result.growth)}"
        ),
        "source": str((ledger.profile.get("income") or {}).get("growth_source") or ""),
    }
