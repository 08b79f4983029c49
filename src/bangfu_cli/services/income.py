"""Recording quarterly income: one record (or its correction), an income file, and the income
thresholds (监测范围) kept in the ledger.

The arithmetic lives in ``domain.income``, the reading and writing in ``storage.income``; what
the records say (worklist, alerts, 两个高于) is ``services.income_report``."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from datetime import date
from pathlib import Path
from typing import Any

from bangfu_cli.domain import income as inc
from bangfu_cli.domain.dates import Period, in_span, parse_date
from bangfu_cli.domain.errors import BangfuError
from bangfu_cli.services.importing import note_years_back, years_back_warning
from bangfu_cli.services.income_books import all_thresholds, amounts_of
from bangfu_cli.services.ledger import Ledger

# ---------------------------------------------------------------------------------------------
# thresholds


def _parse_year(year: str) -> int:
    try:
        year_n = int(str(year).strip())
    except ValueError as exc:
        raise BangfuError("income.bad_year", value=year) from exc
    if not 2000 <= year_n <= 2100:
        raise BangfuError("income.bad_year", value=year)
    return year_n


def set_threshold(ledger: Ledger, year: str, amount: str, source: str | None, place: str | None) -> dict:
    """Add the threshold of ``year`` (and ``place``), or change the amount (and source) of it."""
    from bangfu_cli.storage import income as store

    year_n = _parse_year(year)
    fen = inc.to_fen(inc.parse_amount(amount, "amount"))
    if fen <= 0:
        raise BangfuError("income.zero_threshold", value=amount)
    place_text = (place or "").strip()
    key = f"{year_n} {place_text}".strip()
    with ledger.write() as session:
        row = store.find_threshold(session, year_n, place_text)
        if row is None:
            row = store.add_threshold(
                session, year=year_n, place=place_text, amount_fen=fen, source=source, **ledger.stamp()
            )
            changes = {"amount_fen": [None, fen], "source": [None, source]}
            ledger.audit(session, "add", "threshold", record=row, key=key, changes=changes)
        else:
            changes = {"amount_fen": [row.amount_fen, fen]}
            if source is not None:
                changes["source"] = [row.source, source]
            store.update_threshold(session, row, fen, source)
            ledger.audit(session, "update", "threshold", record=row, key=key, changes=changes)
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


def _record_values(
    ledger: Ledger, household: Any, period: Period, day: date, amounts: inc.Amounts, **extra: Any
) -> dict[str, Any]:
    """The columns of a new income record."""
    return {
        "household_id": household.id,
        "quarter": period.label,
        "collected_on": day,
        "size": household.size,
        **extra,
        **{f"{k}_fen": v for k, v in amounts.as_dict().items()},
        **ledger.stamp(),
    }


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
    """Record one quarter's income of a household; with ``correct``, replace the quarter's record."""
    from bangfu_cli.services.resolve import resolve_cadre, resolve_household
    from bangfu_cli.storage import income as store

    period = inc.quarter_of(quarter)
    day = _parse_on(on, ledger.today)
    parsed = inc.Amounts.parse(amounts)
    if correct is not None and not correct.strip():
        raise BangfuError("income.empty_reason", option="--correct")
    late_reason = _check_window(period, day, late) if correct is None else None
    with ledger.write() as session:
        hh = resolve_household(session, household)
        old = _replaced(session, hh, period, correct)
        if old is not None:
            day, late_reason = _correction_timing(period, day, late, old)
        if collector:
            cadre_id = resolve_cadre(session, collector).id
        else:
            cadre_id = store.paired_cadre_id(session, hh.id, day)
        values = _record_values(
            ledger,
            hh,
            period,
            day,
            parsed,
            collector_id=cadre_id,
            note=(note or None),
            late_reason=late_reason,
            correct_reason=correct.strip() if correct else None,
        )
        (row,) = store.add_income_records(session, [values])
        _audit_added(ledger, session, row, f"{hh.code} {period.label}", parsed, late_reason)
        if old is not None:
            store.supersede(session, old, row.id)
            changes = {"superseded_by": [None, row.id], "reason": [None, correct.strip()]}
            ledger.audit(
                session, "supersede", "income", record=old, key=f"{hh.code} {period.label}", changes=changes
            )
    long_ago = years_back_warning(day, ledger.today, "--on")
    return {
        "id": row.id,
        "household": hh.code,
        "quarter": period.label,
        "collected_on": day,
        "net_income": float(inc.from_fen(parsed.net)),
        "late": late_reason is not None,
        "corrected": old.id if old is not None else None,
        "warnings": [long_ago] if long_ago else [],
    }


def _correction_timing(period: Period, day: date, late: str | None, old: Any) -> tuple[date, str | None]:
    """(collection date, late reason) of a correction. A correction fixes figures collected
    earlier, not a new collection: made after the window of a record collected inside it, it
    keeps the original's date and stays on time; a late original stays late (with its reason,
    unless ``--late`` gives another). Inside the window, or with ``--late``, it is judged as
    any record."""
    start, end = inc.collection_window(period)
    if start <= day <= end or (late or "").strip():
        return day, _check_window(period, day, late)
    if old.late_reason is None:
        return old.collected_on, None
    _check_window(period, day, old.late_reason)  # a date before the quarter is still refused
    return day, old.late_reason


def _replaced(session: Any, hh: Any, period: Period, correct: str | None) -> Any:
    """The quarter's record a correction replaces (None for a new record); refused when there
    is one and no ``--correct``, or none to correct."""
    from bangfu_cli.storage.income import active_income

    old = active_income(session, hh.id, period.label)
    if old is not None and correct is None:
        raise BangfuError(
            "income.exists", household=hh.code, quarter=period.label, on=old.collected_on.isoformat()
        )
    if old is None and correct is not None:
        raise BangfuError("income.nothing_to_correct", household=hh.code, quarter=period.label)
    return old


def _audit_added(
    ledger: Ledger, session: Any, row: Any, key: str, amounts: inc.Amounts, late_reason: str | None
) -> None:
    changes = {f"{k}_fen": [None, v] for k, v in amounts.as_dict().items()}
    if late_reason:
        changes["late_reason"] = [None, late_reason]
    ledger.audit(session, "add", "income", record=row, key=key, changes=changes)


# ---------------------------------------------------------------------------------------------
# an income file

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


def _known(found: dict[str, Any], code: str, key: str) -> Any:
    """The household or cadre ``code`` names; an unknown code is the row's problem ``key``."""
    if code not in found:
        raise BangfuError(key, code=code)
    return found[code]


def _paired(pairings: list, day: date) -> int | None:
    for p in pairings:
        if in_span(day, p.start, p.end):
            return p.cadre_id
    return None


def _same(existing: Any, amounts: inc.Amounts, day: date, row: dict, cadre_id: int | None) -> bool:
    """Whether a row says what the ledger's record of its quarter already says."""
    return (
        amounts_of(existing) == amounts
        and existing.collected_on == day
        and (existing.note or "") == row["note"]
        and (not row["collector"] or existing.collector_id == cadre_id)
    )


class _IncomeFile:
    """One income file checked against the ledger: every problem is gathered, good new rows
    become record values, rows the ledger already holds are counted as unchanged."""

    def __init__(self, ledger: Ledger, session: Any, path: str | Path, late: str | None) -> None:
        from bangfu_cli.services.tabular import ColumnSpec, collect_problems
        from bangfu_cli.storage import income as store

        self.ledger, self.late = ledger, late
        self.columns = [ColumnSpec(k, zh, req) for k, zh, req in INCOME_COLUMNS]
        self.problems = collect_problems(path, self.columns)
        self.households = store.households_by_code(session)
        self.cadres = store.cadres_by_code(session)
        self.active = store.active_income_by_key(session)
        self.pairings = store.pairs_by_household(session)
        self.seen: dict[tuple[int, str], int] = {}
        self.to_add: list[dict[str, Any]] = []
        self.unchanged = 0

    def check(self, line: int, row: dict[str, str]) -> None:
        """Every problem of one row, in the order the columns are read."""
        problems, ledger = self.problems, self.ledger
        hh = problems.value(line, _known, self.households, row["household"], "income.unknown_household")
        period = problems.value(line, inc.quarter_of, row["quarter"])
        day = problems.value(line, _parse_on, row["collected_on"], ledger.today)
        amounts = problems.value(line, inc.Amounts.parse, row)
        cadre = None
        if row["collector"]:
            cadre = problems.value(line, _known, self.cadres, row["collector"], "income.unknown_collector")
        late_reason = None
        if period is not None and day is not None:
            late_reason = problems.value(line, _check_window, period, day, self.late)
        if problems.bad(line) or hh is None or period is None or day is None or amounts is None:
            return
        note_years_back(problems, line, day, ledger.today, "collected_on")
        self._take(line, row, hh, period, day, amounts, cadre, late_reason)

    def _take(self, line, row, hh, period, day, amounts, cadre, late_reason) -> None:
        """A row whose values are good: refused when it repeats an earlier row of the file or
        differs from the ledger's record of its quarter, counted when it says the same, else
        kept to be added."""
        key = (hh.id, period.label)
        if key in self.seen:
            with self.problems.row(line):
                raise BangfuError(
                    "income.duplicate_row", household=hh.code, quarter=period.label, line=self.seen[key]
                )
            return
        self.seen[key] = line
        cadre_id = cadre.id if cadre else _paired(self.pairings.get(hh.id, []), day)
        existing = self.active.get(key)
        if existing is not None:
            if _same(existing, amounts, day, row, cadre_id):
                self.unchanged += 1
            else:
                with self.problems.row(line):
                    raise BangfuError("income.differs", household=hh.code, quarter=period.label)
            return
        self.to_add.append(
            _record_values(
                self.ledger,
                hh,
                period,
                day,
                amounts,
                collector_id=cadre_id,
                note=row["note"] or None,
                late_reason=late_reason,
            )
        )


def _as_is(items: Iterable[Any]) -> Iterator[Any]:
    yield from items


def import_income(
    ledger: Ledger,
    path: str | Path,
    late: str | None = None,
    track: Callable[[list], Iterable] = _as_is,
) -> Any:
    """Import an income file (CONTRACT.md columns) in one transaction; every bad row is listed,
    nothing is written when any is bad; re-importing the same file changes nothing. ``track``
    wraps the rows as they are checked (the command line's progress bar). Returns an
    ``ImportResult``: its counts and the rows accepted with a warning."""
    from bangfu_cli.services.importing import ImportResult
    from bangfu_cli.services.tabular import ColumnSpec, read_rows
    from bangfu_cli.storage import income as store

    rows = read_rows(path, [ColumnSpec(k, zh, req) for k, zh, req in INCOME_COLUMNS])
    with ledger.write() as session:
        file = _IncomeFile(ledger, session, path, late)
        for line, row in track(rows):
            file.check(line, row)
        file.problems.raise_if_any()
        added = store.add_income_records(session, file.to_add)
        for record in added:
            ledger.audit(
                session, "import", "income", record=record, key=f"{record.household_id} {record.quarter}"
            )
    result = ImportResult(str(path), added=len(added), unchanged=file.unchanged)
    result.take_notes(file.problems)
    return result
