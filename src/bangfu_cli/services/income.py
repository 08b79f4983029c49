"""Quarterly income use-cases: record, correct and import income, the collection worklist, a
household's quarter-by-quarter figures, thresholds (监测范围), alerts and the 两个高于 test.

The arithmetic lives in ``domain.income``; this module finds the data and writes it."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

from bangfu_cli.domain import income as inc
from bangfu_cli.domain.dates import Period, in_span, parse_date, quarter_period, shift_quarter
from bangfu_cli.domain.errors import BangfuError
from bangfu_cli.i18n import t
from bangfu_cli.services.ledger import Ledger

DEFAULT_SOURCE = "信巩办字〔2023〕4号 二(三)"


# ---------------------------------------------------------------------------------------------
# profile settings: no number is built into the code


@dataclass(frozen=True)
class Settings:
    income_drop: Decimal
    rigid_expense: Decimal
    source: str


def settings(ledger: Ledger) -> Settings:
    section = ledger.profile.get("income") or {}
    for key in ("income_drop", "rigid_expense"):
        if key not in section:
            raise BangfuError("income.no_setting", key=key, profile=ledger.profile.get("id", "?"))
    return Settings(
        income_drop=inc.parse_ratio(section["income_drop"], "income_drop"),
        rigid_expense=inc.parse_ratio(section["rigid_expense"], "rigid_expense"),
        source=str(section.get("source") or DEFAULT_SOURCE),
    )


# ---------------------------------------------------------------------------------------------
# thresholds


@dataclass(frozen=True)
class ThresholdRow:
    year: int
    place: str
    amount_fen: int
    source: str
    origin: str  # ledger / profile


def all_thresholds(ledger: Ledger, session: Any) -> list[ThresholdRow]:
    """Ledger thresholds first, then the profile's; a ledger row overrides the profile's
    row for the same year and place."""
    from sqlmodel import select

    from bangfu_cli.storage.models import Threshold

    rows = [
        ThresholdRow(r.year, r.place or "", r.amount_fen, r.source or "", "ledger")
        for r in session.exec(select(Threshold)).all()
    ]
    have = {(r.year, r.place) for r in rows}
    for item in ledger.profile.get("thresholds") or []:
        try:
            year = int(item["year"])
            fen = inc.to_fen(inc.parse_amount(str(item["amount"]), "amount"))
        except (KeyError, TypeError, ValueError, BangfuError) as exc:
            raise BangfuError("income.bad_profile_threshold", item=str(item)) from exc
        place = str(item.get("place") or "")
        if (year, place) not in have:
            rows.append(ThresholdRow(year, place, fen, str(item.get("source") or ""), "profile"))
    rows.sort(key=lambda r: (r.year, r.place, r.origin))
    return rows


def pick_threshold(rows: list[ThresholdRow], year: int, places: tuple[str, ...]) -> ThresholdRow | None:
    """The most specific threshold for ``year``: the village's, the township's, then the ledger-wide."""
    for place in (*places, ""):
        for row in rows:
            if row.year == year and row.place == place:
                return row
    return None


def set_threshold(ledger: Ledger, year: str, amount: str, source: str | None, place: str | None) -> dict:
    from sqlmodel import select

    from bangfu_cli.storage.models import Threshold

    try:
        year_n = int(str(year).strip())
    except ValueError as exc:
        raise BangfuError("income.bad_year", value=year) from exc
    if not 2000 <= year_n <= 2100:
        raise BangfuError("income.bad_year", value=year)
    fen = inc.to_fen(inc.parse_amount(amount, "amount"))
    if fen <= 0:
        raise BangfuError("income.zero_threshold", value=amount)
    place_text = (place or "").strip()
    with ledger.write() as session:
        row = session.exec(
            select(Threshold).where(Threshold.year == year_n, Threshold.place == place_text)
        ).first()
        if row is None:
            row = Threshold(year=year_n, place=place_text, amount_fen=fen, source=source, **ledger.stamp())
            session.add(row)
            ledger.audit(
                session,
                "add",
                "threshold",
                record=row,
                key=f"{year_n} {place_text}".strip(),
                changes={"amount_fen": [None, fen], "source": [None, source]},
            )
        else:
            changes = {"amount_fen": [row.amount_fen, fen]}
            if source is not None:
                changes["source"] = [row.source, source]
                row.source = source
            row.amount_fen = fen
            session.add(row)
            ledger.audit(
                session,
                "update",
                "threshold",
                record=row,
                key=f"{year_n} {place_text}".strip(),
                changes=changes,
            )
    return {"year": year_n, "place": place_text, "amount": inc.from_fen(fen), "source": source}


def list_thresholds(ledger: Ledger) -> list[dict]:
    with ledger.read() as session:
        rows = all_thresholds(ledger, session)
    return [
        {
            "year": r.year,
            "place": r.place,
            "amount": float(inc.from_fen(r.amount_fen)),
            "source": r.source,
            "origin": r.origin,
        }
        for r in rows
    ]


# ---------------------------------------------------------------------------------------------
# the ledger's data, loaded once per command


@dataclass
class HouseholdBook:
    household: Any
    village: Any
    statuses: list[Any] = field(default_factory=list)  # sorted by effective_on
    records: list[Any] = field(default_factory=list)  # every income row, oldest first
    pairings: list[Any] = field(default_factory=list)

    @property
    def active(self) -> dict[str, Any]:
        return {r.quarter: r for r in self.records if r.superseded_by is None}

    def net(self) -> dict[str, int]:
        return {q: amounts_of(r).net for q, r in self.active.items()}

    def status_on(self, day: date) -> Any:
        found = None
        for row in self.statuses:
            if row.effective_on <= day:
                found = row
            else:
                break
        return found

    def in_ledger_for(self, period: Period) -> bool:
        h = self.household
        return h.since <= period.start and (h.closed_on is None or h.closed_on >= period.end)

    def size_at(self, quarter: Period) -> int:
        """Household size at the quarter: from the latest record up to it, else the household's."""
        best = None
        for q, r in self.active.items():
            if q <= quarter.label and (best is None or q > best.quarter):
                best = r
        return best.size if best is not None else self.household.size

    def paired_cadre(self, day: date) -> Any:
        for p in self.pairings:
            if p.kind == "pair" and in_span(day, p.start, p.end):
                return p
        return None

    def places(self) -> tuple[str, ...]:
        return (self.village.name, self.village.township)


def amounts_of(record: Any) -> inc.Amounts:
    return inc.Amounts(**{name: getattr(record, f"{name}_fen") for name in inc.AMOUNT_FIELDS})


def load_books(session: Any, household_ids: list[int] | None = None, with_pairings: bool = False) -> dict:
    from sqlmodel import select

    from bangfu_cli.storage.models import Household, HouseholdStatus, Income, Pairing, Village

    query = select(Household, Village).join(Village, Village.id == Household.village_id)
    if household_ids is not None:
        query = query.where(Household.id.in_(household_ids))
    books = {h.id: HouseholdBook(h, v) for h, v in session.exec(query).all()}
    for s in session.exec(select(HouseholdStatus).order_by(HouseholdStatus.effective_on)).all():
        if s.household_id in books:
            books[s.household_id].statuses.append(s)
    for r in session.exec(select(Income).order_by(Income.quarter, Income.id)).all():
        if r.household_id in books:
            books[r.household_id].records.append(r)
    if with_pairings:
        for p in session.exec(select(Pairing).order_by(Pairing.start)).all():
            if p.household_id in books:
                books[p.household_id].pairings.append(p)
    return books


# ---------------------------------------------------------------------------------------------
# recording


def _parse_on(text: str, today: date) -> date:
    day = parse_date(text, "collected_on")
    if day > today:
        raise BangfuError(
            "input.future_date", field="collected_on", value=day.isoformat(), today=today.isoformat()
        )
    return day


def _check_window(quarter: Period, day: date, late: str | None) -> str | None:
    """The late reason to store: None inside the window; refused outside it without one."""
    if day < quarter.start:
        raise BangfuError("income.before_quarter", quarter=quarter.label, on=day.isoformat())
    start, end = inc.collection_window(quarter)
    if start <= day <= end:
        return None
    if not (late or "").strip():
        raise BangfuError(
            "income.outside_window",
            quarter=quarter.label,
            on=day.isoformat(),
            start=start.isoformat(),
            end=end.isoformat(),
        )
    return late.strip()


def add_income(
    ledger: Ledger,
    household: str,
    quarter: str,
    on: str,
    amounts: dict[str, str | None],
    collector: str | None = None,
    note: str | None = None,
    late: str | None = None,
    correct: str | None = None,
) -> dict:
    from sqlmodel import select

    from bangfu_cli.services.resolve import resolve_cadre, resolve_household
    from bangfu_cli.storage.light import active_on
    from bangfu_cli.storage.models import Income, Pairing

    period = inc.quarter_of(quarter)
    day = _parse_on(on, ledger.today)
    parsed = inc.Amounts.parse(amounts)
    late_reason = _check_window(period, day, late)
    if correct is not None and not correct.strip():
        raise BangfuError("income.empty_reason", option="--correct")
    with ledger.write() as session:
        hh = resolve_household(session, household)
        cadre_id = None
        if collector:
            cadre_id = resolve_cadre(session, collector).id
        else:
            pairing = session.exec(
                select(Pairing).where(
                    Pairing.household_id == hh.id,
                    Pairing.kind == "pair",
                    active_on(Pairing.start, Pairing.end, day),
                )
            ).first()
            cadre_id = pairing.cadre_id if pairing else None
        old = session.exec(
            select(Income).where(
                Income.household_id == hh.id, Income.quarter == period.label, Income.superseded_by.is_(None)
            )
        ).first()
        if old is not None and correct is None:
            raise BangfuError(
                "income.exists", household=hh.code, quarter=period.label, on=old.collected_on.isoformat()
            )
        if old is None and correct is not None:
            raise BangfuError("income.nothing_to_correct", household=hh.code, quarter=period.label)
        row = Income(
            household_id=hh.id,
            quarter=period.label,
            collected_on=day,
            size=hh.size,
            collector_id=cadre_id,
            note=(note or None),
            late_reason=late_reason,
            correct_reason=correct.strip() if correct else None,
            **{f"{k}_fen": v for k, v in parsed.as_dict().items()},
            **ledger.stamp(),
        )
        session.add(row)
        session.flush()
        ledger.audit(
            session,
            "add",
            "income",
            record=row,
            key=f"{hh.code} {period.label}",
            changes={f"{k}_fen": [None, v] for k, v in parsed.as_dict().items()}
            | ({"late_reason": [None, late_reason]} if late_reason else {}),
        )
        if old is not None:
            old.superseded_by = row.id
            session.add(old)
            ledger.audit(
                session,
                "supersede",
                "income",
                record=old,
                key=f"{hh.code} {period.label}",
                changes={"superseded_by": [None, row.id], "reason": [None, correct.strip()]},
            )
    return {
        "id": row.id,
        "household": hh.code,
        "quarter": period.label,
        "collected_on": day,
        "net_income": float(inc.from_fen(parsed.net)),
        "late": late_reason is not None,
        "corrected": old.id if old is not None else None,
    }


INCOME_COLUMNS = (
    ("household", "户编号", True),
    ("quarter", "季度", True),
    ("collected_on", "采集日期", True),
    ("wage", "工资性收入", False),
    ("business", "生产经营性收入", False),
    ("business_cost", "生产经营性支出", False),
    ("transfer", "转移性收入", False),
    ("property", "财产性收入", False),
    ("excluded", "不计入收入", False),
    ("rigid_expense", "刚性支出", False),
    ("collector", "采集人", False),
    ("note", "备注", False),
)


def import_income(ledger: Ledger, path: str | Path, late: str | None = None) -> dict:
    """Import an income file (CONTRACT.md columns) in one transaction; every bad row is listed,
    nothing is written when any is bad; re-importing the same file changes nothing."""
    from sqlmodel import select

    from bangfu_cli.services.tabular import ColumnSpec, collect_problems, read_rows, track
    from bangfu_cli.storage.models import Cadre, Household, Income, Pairing

    columns = [ColumnSpec(k, zh, req) for k, zh, req in INCOME_COLUMNS]
    rows = read_rows(path, columns)
    problems = collect_problems(path, columns)
    counts = {"added": 0, "updated": 0, "unchanged": 0}
    with ledger.write() as session:
        households = {h.code: h for h in session.exec(select(Household)).all()}
        cadres = {c.code: c for c in session.exec(select(Cadre)).all()}
        active = {
            (r.household_id, r.quarter): r
            for r in session.exec(select(Income).where(Income.superseded_by.is_(None))).all()
        }
        pairings: dict[int, list] = defaultdict(list)
        for p in session.exec(select(Pairing).where(Pairing.kind == "pair")).all():
            pairings[p.household_id].append(p)
        seen: dict[tuple[int, str], int] = {}
        to_add: list[Income] = []
        for line, row in track(rows, t("income.importing")):
            hh = households.get(row["household"])
            if hh is None:
                problems.add(line, t("income.unknown_household", code=row["household"]))
            period = problems.value(line, inc.quarter_of, row["quarter"])
            day = problems.value(line, _parse_on, row["collected_on"], ledger.today)
            amounts = problems.value(line, inc.Amounts.parse, row)
            cadre = None
            if row["collector"]:
                cadre = cadres.get(row["collector"])
                if cadre is None:
                    problems.add(line, t("income.unknown_collector", code=row["collector"]))
            late_reason = None
            if period is not None and day is not None:
                late_reason = problems.value(line, _check_window, period, day, late)
            if problems.bad(line) or hh is None or period is None or day is None or amounts is None:
                continue
            key = (hh.id, period.label)
            if key in seen:
                problems.add(
                    line, t("income.duplicate_row", household=hh.code, quarter=period.label, line=seen[key])
                )
                continue
            seen[key] = line
            cadre_id = cadre.id if cadre else _paired(pairings.get(hh.id, []), day)
            existing = active.get(key)
            if existing is not None:
                same = (
                    amounts_of(existing) == amounts
                    and existing.collected_on == day
                    and (existing.note or "") == row["note"]
                    and (not row["collector"] or existing.collector_id == cadre_id)
                )
                if same:
                    counts["unchanged"] += 1
                else:
                    problems.add(line, t("income.differs", household=hh.code, quarter=period.label))
                continue
            to_add.append(
                Income(
                    household_id=hh.id,
                    quarter=period.label,
                    collected_on=day,
                    size=hh.size,
                    collector_id=cadre_id,
                    note=row["note"] or None,
                    late_reason=late_reason,
                    **{f"{k}_fen": v for k, v in amounts.as_dict().items()},
                    **ledger.stamp(),
                )
            )
        problems.raise_if_any()
        for record in to_add:
            session.add(record)
        session.flush()
        for record in to_add:
            ledger.audit(
                session, "import", "income", record=record, key=f"{record.household_id} {record.quarter}"
            )
        counts["added"] = len(to_add)
    return counts


def _paired(pairings: list, day: date) -> int | None:
    for p in pairings:
        if in_span(day, p.start, p.end):
            return p.cadre_id
    return None


# ---------------------------------------------------------------------------------------------
# the collection worklist


def monitored_on(book: HouseholdBook, day: date) -> bool:
    status = book.status_on(day)
    return status is not None and status.monitor_type is not None


def assisted_on(book: HouseholdBook, day: date) -> bool:
    status = book.status_on(day)
    return status is not None and (status.tuopin or status.monitor_type is not None)


def collect(
    ledger: Ledger,
    quarter: str,
    everyone: bool = False,
    township: str | None = None,
    village: str | None = None,
    cadre: str | None = None,
    as_of: str | None = None,
) -> tuple[list[dict], dict]:
    from sqlmodel import select

    from bangfu_cli.services.resolve import resolve_cadre
    from bangfu_cli.storage.models import Cadre

    period = inc.quarter_of(quarter)
    today = parse_date(as_of, "as-of") if as_of else ledger.today
    start, end = inc.collection_window(period)
    judge_day = min(today, end)
    with ledger.read() as session:
        cadre_filter = resolve_cadre(session, cadre).id if cadre else None
        books = load_books(session, with_pairings=True)
        cadres = {c.id: c for c in session.exec(select(Cadre)).all()}
    rows = []
    for book in books.values():
        if not book.in_ledger_for(period):
            continue
        in_scope = assisted_on(book, period.start) if everyone else monitored_on(book, period.start)
        if not in_scope:
            continue
        v = book.village
        if township and v.township != township.strip():
            continue
        if village and v.name != village.strip():
            continue
        pairing = book.paired_cadre(judge_day)
        if cadre_filter is not None and (pairing is None or pairing.cadre_id != cadre_filter):
            continue
        record = book.active.get(period.label)
        if record is None:
            status = "missing"
        elif record.late_reason:
            status = "late"
        else:
            status = "collected"
        days_left = (end - today).days if today <= end else 0
        days_overdue = (today - end).days if status == "missing" and today > end else None
        paired = cadres.get(pairing.cadre_id) if pairing else None
        rows.append(
            {
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
        )
    rows.sort(
        key=lambda r: (
            {"missing": 0, "late": 1, "collected": 2}[r["status"]],
            r["township"],
            r["village"],
            r["household"],
        )
    )
    totals = {s: sum(1 for r in rows if r["status"] == s) for s in ("collected", "late", "missing")}
    totals["total"] = len(rows)
    totals["window_start"], totals["window_end"] = start, end
    totals["days_left"] = max((end - today).days, 0)
    return rows, totals


# ---------------------------------------------------------------------------------------------
# one household's figures


def show(ledger: Ledger, household: str) -> tuple[dict, list[dict]]:
    from sqlmodel import select

    from bangfu_cli.services.resolve import resolve_household
    from bangfu_cli.storage.models import Cadre

    with ledger.read() as session:
        hh = resolve_household(session, household)
        book = load_books(session, [hh.id])[hh.id]
        cadres = {c.id: c.code for c in session.exec(select(Cadre)).all()}
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
        v = book.village
        if (township and v.township != township.strip()) or (village and v.name != village.strip()):
            continue
        th = pick_threshold(thresholds, period.start.year, book.places())
        pc, found = quarter_alerts(book, period, th, conf)
        if pc is not None and th is None:
            no_threshold.append(book.household.code)
        for a in found:
            source = th.source if a.alert == "below-threshold" and th else conf.source
            out.append(
                {
                    "household": book.household.code,
                    "head_name": book.household.head_name,
                    "township": v.township,
                    "village": v.name,
                    "quarter": period.label,
                    "alert": a.alert,
                    "value": None if a.value is None else float(a.value),
                    "limit": float(a.limit),
                    "inputs": {k: (float(x) if isinstance(x, Decimal) else x) for k, x in a.inputs.items()},
                    "formula": a.formula,
                    "estimated": a.estimated,
                    "rule": conf.source,
                    "source": source,
                }
            )
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


def growth(ledger: Ledger, year: str, local_rate: str, province_rate: str | None) -> dict:
    try:
        year_n = int(str(year).strip())
    except ValueError as exc:
        raise BangfuError("income.bad_year", value=year) from exc
    local = inc.parse_rate(local_rate, "--local-rate")
    province = inc.parse_rate(province_rate, "--province-rate") if province_rate else None
    with ledger.read() as session:
        books = load_books(session)
    before, after, estimated = [], [], 0
    year_end = date(year_n, 12, 31)
    for book in books.values():
        status = book.status_on(year_end)
        if status is None or not status.tuopin:
            continue
        a, b = _annual(book, year_n - 1), _annual(book, year_n)
        if a is None or b is None:
            continue
        before.append(a[:2])
        after.append(b[:2])
        estimated += int(a[2] or b[2])
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
