"""The reads of ``storage.reader`` that are bounded by what was read before them: the latest
visit before the window of the households that have none in it, and the income records and
assessments of only the households an income rule can select."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from operator import attrgetter
from typing import Any

from bangfu_cli.domain.facts import AssessmentFact, DataNeeds, HouseholdFact, IncomeFact, VisitFact, selects
from bangfu_cli.storage.rawsql import Reader, id_lists

NO_CADRE = -1  # cadre id of the "latest visit before the window" records (used for last_visit only)
# The income rules' records are looked up by household id when the households such a rule can
# select are fewer than this share of the selection (else read in one pass).
OWNERS_BY_ID_BELOW = 0.5


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
        f"SELECT household_id, mode, MAX({d}) FROM visit WHERE voided = :no AND {d} < :first"
        " AND mode IN (:modes) AND household_id IN (:ids) GROUP BY household_id, mode"
    )
    found: set[tuple] = set()
    for modes, ids in wanted.items():
        for some in id_lists(ids):
            rows = db.rows(sql, no=False, first=needs.first, modes=sorted(modes), ids=some)
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
    head = f"SELECT household_id, {columns} FROM {table} WHERE superseded_by IS NULL"
    if len(ids) < OWNERS_BY_ID_BELOW * len(households):
        sql = f"{head} AND quarter IN (:quarters) AND household_id IN (:owners)"
        for owners in id_lists(sorted(ids)):
            yield from db.batches(sql, quarters=quarters, owners=owners)
        return
    # the window's quarters are a large part of the table: the whole ledger's by one scan
    quarter = "quarter" if sel.selected is not None else db.scanned("quarter")
    sql = f"{head} AND {quarter} IN (:quarters) AND {sel.of_households('household_id', covered)}"
    for batch in db.batches(sql, quarters=quarters, **sel.params):
        yield [r for r in batch if r[0] in ids]
