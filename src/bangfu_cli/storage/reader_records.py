"""The reads of ``storage.reader`` that are bounded by what was read before them: the latest
visit before the window of the households that have none in it, and the income records and
assessments of only the households an income rule can select."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from datetime import datetime
from operator import attrgetter
from typing import Any

from bangfu_cli.domain.asof import MADE, values_before
from bangfu_cli.domain.facts import AssessmentFact, DataNeeds, HouseholdFact, IncomeFact, VisitFact, selects
from bangfu_cli.storage.rawsql import Reader, id_lists

NO_CADRE = -1  # cadre id of the "latest visit before the window" records (used for last_visit only)
# The income rules' records are looked up by household id when the households such a rule can
# select are fewer than this share of the selection (else read in one pass).
OWNERS_BY_ID_BELOW = 0.5


def made(needs: DataNeeds) -> str:
    """The condition on a visit of being live as the ledger stood at ``needs.cut``
    (``live_at``). Its parameters: ``cut_params``."""
    return live_at(needs.cut)


def live_at(cut: datetime | None, alias: str = "") -> str:
    """The condition on a voidable record (its columns prefixed with ``alias``) of being live
    as the ledger stood at ``cut``: made before it and not voided before it (without a cut,
    not voided). Parameters ``:no`` and, with a cut, ``:cut``."""
    a = f"{alias}." if alias else ""
    if cut is None:
        return f"{a}voided = :no"
    return f"{a}recorded_at < :cut AND ({a}voided = :no OR {a}voided_at >= :cut)"


def current(needs: DataNeeds, table: str) -> str:
    """The condition on an income record or assessment of being the current one of its chain
    as the ledger stood at ``needs.cut``: made before it, and not superseded, or superseded
    by a correction made after it."""
    if needs.cut is None:
        return "superseded_by IS NULL"
    return (
        "recorded_at < :cut AND (superseded_by IS NULL OR superseded_by IN"
        f" (SELECT later.id FROM {table} later WHERE later.recorded_at >= :cut))"
    )


def cut_params(needs: DataNeeds, db: Reader) -> dict[str, Any]:
    """The parameters of ``made`` and ``current``."""
    return {} if needs.cut is None else {"cut": db.instant(needs.cut)}


def latest_before(
    db: Reader, households: Iterable[HouseholdFact], window: list[VisitFact], needs: DataNeeds
) -> list[VisitFact]:
    """The latest non-voided visit before ``needs.first``, per household and mode, where
    ``last_visit`` needs it: for the households with no visit in the window of a mode set of
    ``needs.last_visit_modes``. Every other household's last visit of those modes is in the
    window — a few hundred households of a county are left, read through the (household_id,
    date) index instead of a scan of every older visit."""
    present = set(map(attrgetter("household_id", "mode"), window))  # of the window's visits
    wanted: dict[frozenset, list[int]] = {}
    for modes in needs.last_visit_modes:
        ids = [h.id for h in households if not any((h.id, m) in present for m in modes)]
        if ids:
            wanted[modes] = ids
    d = db.quote("date")
    sql = (
        f"SELECT household_id, mode, MAX({d}) FROM visit WHERE {made(needs)} AND {d} < :first"
        " AND mode IN (:modes) AND household_id IN (:ids) GROUP BY household_id, mode"
    )
    found: set[tuple] = set()
    cut = cut_params(needs, db)
    for modes, ids in wanted.items():
        for some in id_lists(ids):
            rows = db.rows(sql, no=False, first=needs.first, modes=sorted(modes), ids=some, **cut)
            found.update((hid, mode, day) for hid, mode, day in rows if day is not None)
    return [VisitFact(0, hid, NO_CADRE, db.day(day), mode) for hid, mode, day in sorted(found)]


def records(sel: Any, households: tuple[HouseholdFact, ...], table: str) -> tuple:
    """The current income records (``table`` "income") or assessments ("assessment") the run
    needs, as facts."""
    db = sel.db
    days, new = db.days, tuple.__new__
    if table == "income":
        batches = _current(
            sel, households, sel.needs.incomes, "quarter, collected_on, late_reason", table, True
        )
        found: list[IncomeFact] = []
        for batch in batches:
            found += [new(IncomeFact, (h, qt, days[on], bool(late))) for h, qt, on, late in batch]
        return tuple(found)
    batches = _current(sel, households, sel.needs.assessments, "quarter, assessed_on", table, False)
    return tuple(new(AssessmentFact, (h, qt, days[on])) for batch in batches for h, qt, on in batch)


def _current(
    sel: Any, households: tuple[HouseholdFact, ...], wanted: Any, columns: str, table: str, covered: bool
) -> Iterator[list[tuple]]:
    """Batches of (household_id, ``columns``) of the current (not superseded) records in
    ``table`` of the periods ``wanted`` names, of only the households one of its selectors can
    select: a status row of theirs matches it, which ``required_periods`` asks of a period's
    first day (in the synthetic county a fifth of the households, with a fifth of the income
    records). They are looked up by id when they are fewer than ``OWNERS_BY_ID_BELOW`` of the
    selection; else the selection's records are read in one pass (``covered``: through a
    covering index) and the others left out here."""
    db = sel.db
    selectors = wanted.selectors
    ids = {h.id for h in households if any(selects(x, s) for s in h.statuses for x in selectors)}
    quarters = list(wanted.quarters)
    head = f"SELECT household_id, {columns} FROM {table} WHERE {current(sel.needs, table)}"
    cut = cut_params(sel.needs, db)
    if len(ids) < OWNERS_BY_ID_BELOW * len(households):
        sql = f"{head} AND quarter IN (:quarters) AND household_id IN (:owners)"
        for owners in id_lists(sorted(ids)):
            yield from db.batches(sql, quarters=quarters, owners=owners, **cut)
        return
    # the window's quarters are a large part of the table: the whole ledger's by one scan
    quarter = "quarter" if sel.selected is not None else db.scanned("quarter")
    sql = f"{head} AND {quarter} IN (:quarters) AND {sel.of_households('household_id', covered)}"
    for batch in db.batches(sql, quarters=quarters, **sel.params, **cut):
        yield [r for r in batch if r[0] in ids]


# The columns of a pairing a later end, transfer or correction (``pair correct``) changes, at
# their place in a row of ``storage.reader``'s pairing columns.
_PAIRING_COLUMNS = {"cadre_id": 2, "start": 4, "end": 5, "plaque_on": 6}


def pairing_changes(db: Reader, cut: datetime) -> list[tuple]:
    """(pairing uuid, changes) of the audit trail's changes of pairings made from ``cut`` on,
    oldest first (a pairing made from then on is not read at all: its making changed nothing)."""
    sql = (
        "SELECT entity_uuid, changes FROM audit WHERE entity = :pairing AND at >= :cut"
        " AND action NOT IN (:made) ORDER BY at, id"
    )
    return list(db.rows(sql, pairing="pairing", cut=db.instant(cut), made=list(MADE)))


def pairings_as_stood(db: Reader, rows: Iterable[tuple], cut: datetime) -> list[tuple]:
    """Pairing rows (``storage.reader``'s columns, then the uuid) as they stood at ``cut``:
    each column a change in the audit trail made from ``cut`` on has altered holds that
    change's old value (``domain.asof.values_before``). Rows without the uuid."""
    before = values_before(pairing_changes(db, cut), _PAIRING_COLUMNS)
    out = []
    for row in rows:
        values = list(row[:-1])
        for name, old in before.get(row[-1], {}).items():
            values[_PAIRING_COLUMNS[name]] = old  # (dates as text: the reader parses them)
        out.append(tuple(values))
    return out
