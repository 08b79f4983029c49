"""Reading what a run of the rules needs (``domain.facts.DataNeeds``) as ledger facts: every SQL
statement of the rules engine's path, and the few questions the run asks of the ledger before
it (is a township known, how the villages split into parts).

Loading is bounded by the selection and the window: only the selected households (one
township, one village, a list, or a part of the ledger judged in parts), their status history,
pairings and roles, and their visits dated between the first period start the window needs and
the as-of date (through the (household_id, date) index), plus the latest visit before that where
``last_visit`` needs it. Read through the DB-API cursor (``storage.rawsql``): the county's visits
are ~10⁶ rows, and SQLAlchemy's per-row processing was the largest part of loading them. Dates
are parsed once per distinct value and shared; ``tests/perf`` proves the result equal to a
straightforward ORM reading. As of a day that is over (``needs.cut``, ``domain.asof``), every
read is of the ledger as it stood at the end of that day."""

from __future__ import annotations

from collections import defaultdict
from typing import Any

from bangfu_cli.domain.facts import (
    CadreFact,
    DataNeeds,
    HouseholdFact,
    LedgerData,
    PairingFact,
    RoleFact,
    StatusFact,
    VisitFact,
)
from bangfu_cli.storage.rawsql import Interned, Reader
from bangfu_cli.storage.reader_assistance import read_assistance
from bangfu_cli.storage.reader_records import (
    NO_CADRE,
    cut_params,
    latest_before,
    made,
    pairings_as_stood,
    records,
)

__all__ = ["NO_CADRE", "Selection", "known_townships", "read_ledger", "reopenable", "village_sizes"]


class Selection:
    """The SQL of a read's selection: its conditions on households and their parameters."""

    def __init__(self, db: Reader, needs: DataNeeds) -> None:
        self.db, self.needs = db, needs
        conds: list[str] = []
        self.params: dict[str, Any] = {}
        if needs.township is not None:
            conds.append("v.township = :township")
            self.params["township"] = needs.township
        if needs.village_id is not None:
            conds.append("v.id = :village_id")
            self.params["village_id"] = needs.village_id
        if needs.household_ids is not None:
            conds.append("h.id IN (:household_ids)")
            self.params["household_ids"] = list(needs.household_ids)
        self.selected = None
        if conds:
            self.selected = "SELECT h.id FROM household h JOIN village v ON v.id = h.village_id"
            self.selected += " WHERE " + " AND ".join(conds)
        if needs.part is not None:
            conds.append("h.village_id IN (:part)")
            self.params["part"] = list(needs.part)
        self.where = (" WHERE " + " AND ".join(conds)) if conds else ""

    def of_households(self, column: str, covered: bool = False) -> str:
        """The selection's condition on a household id column. ``covered``: the table has an
        index on (household_id, …) holding every column read (visits, income records), so a
        part is read by probing it per household; other tables of a part by one scan each, not
        an index probe and a table row per row."""
        if self.selected is not None:
            return f"{column} IN ({self.selected})"
        if self.needs.part is not None:
            probed = column if covered else self.db.scanned(column)
            return f"{probed} IN (SELECT id FROM household WHERE village_id IN (:part))"
        return "1 = 1"


def read_ledger(engine: Any, needs: DataNeeds) -> LedgerData:
    """The records ``needs`` asks for, as plain immutable facts, read in one transaction."""
    with engine.connect() as conn:
        db = Reader(conn)
        assistance = read_assistance(db, needs.cut) if needs.assistance else None
        if not needs.households:
            return LedgerData(assistance=assistance)
        sel = Selection(db, needs)
        households = _households(sel)
        village_ids = sorted({h.village_id for h in households})
        pairings, leader_ids = _pairings(sel)
        roles = _roles(sel, village_ids)
        visits = _visits(sel, leader_ids) if needs.visits else []
        visits.extend(latest_before(db, households, visits, needs))
        cadres = _cadres(sel, pairings, roles, visits)
        incomes = records(sel, households, "income") if needs.incomes else ()
        assessments = records(sel, households, "assessment") if needs.assessments else ()
    return LedgerData(
        households=households,
        cadres=cadres,
        pairings=tuple(pairings.values()),
        roles=roles,
        visits=tuple(visits),
        incomes=incomes,
        assessments=assessments,
        assistance=assistance,
    )


def _households(sel: Selection) -> tuple[HouseholdFact, ...]:
    """The selected households in listing order, each with its status history."""
    db, params = sel.db, sel.params
    statuses: dict[int, list[StatusFact]] = defaultdict(list)
    sql = (
        "SELECT household_id, effective_on, tuopin, monitor_type, risk FROM household_status"
        f" WHERE {sel.of_households('household_id')} ORDER BY household_id, effective_on"
    )
    days, new = db.days, tuple.__new__  # the facts are named tuples
    for batch in db.batches(sql, **params):
        for hid, on, tuopin, mtype, risk in batch:
            statuses[hid].append(new(StatusFact, (days[on], bool(tuopin), mtype, risk)))
    sql = (
        "SELECT h.id, h.code, h.head_name, v.township, v.name, h.village_id, h.size, h.since,"
        f" h.closed_on FROM household h JOIN village v ON v.id = h.village_id{sel.where}"
        f" ORDER BY {db.by_codepoint('v.township', 'v.name', 'h.code')}"
    )
    return tuple(
        new(HouseholdFact, (*r[:7], days[r[7]], days[r[8]], tuple(statuses.get(r[0], ()))))
        for batch in db.batches(sql, **params)
        for r in batch
    )


def _pairings(sel: Selection) -> tuple[dict[int, PairingFact], list[int]]:
    """(the selection's pairings by id — with every pairing of its leaders when a rule judges
    leaders —, those leaders' cadre ids)."""
    db, params = sel.db, sel.params
    days, new = db.days, tuple.__new__
    pcols = f"id, household_id, cadre_id, kind, start, {db.quote('end')}, plaque_on"

    def pairing(r: tuple) -> PairingFact:
        return new(PairingFact, (*r[:4], days[r[4]], days[r[5]], days[r[6]]))

    cut = sel.needs.cut

    def read(sql: str, **given: Any) -> Any:
        if cut is None:
            return map(pairing, db.rows(sql, **given))
        # as the pairings stood at the cut: those made since left out, later changes undone
        sql = sql.replace(" FROM pairing", ", uuid FROM pairing") + " AND recorded_at < :cut"
        return map(pairing, pairings_as_stood(db, db.rows(sql, cut=db.instant(cut), **given), cut))

    sql = f"SELECT {pcols} FROM pairing WHERE {sel.of_households('household_id')}"
    pairings = {p.id: p for p in read(sql, **params)}
    leader_ids: list[int] = []
    if sel.needs.per_cadre:
        sql = (
            "SELECT DISTINCT cadre_id FROM pairing"
            f" WHERE kind = :leader AND {sel.of_households('household_id')}"
        )
        leader_ids = sorted(r[0] for r in db.rows(sql, leader="leader", **params))
        if leader_ids and sel.selected is not None:
            sql = f"SELECT {pcols} FROM pairing WHERE kind = :leader AND cadre_id IN (:leaders)"
            pairings.update({p.id: p for p in read(sql, leader="leader", leaders=leader_ids)})
    return pairings, leader_ids


def _roles(sel: Selection, village_ids: list[int]) -> tuple[RoleFact, ...]:
    db = sel.db
    sql = f"SELECT id, cadre_id, village_id, role, start, {db.quote('end')} FROM role"
    if sel.selected is not None:
        sql += " WHERE village_id IN (:village_ids)"
    return tuple(
        RoleFact(r[0], r[1], r[2], r[3], db.day(r[4]), db.day(r[5]))
        for r in db.rows(sql, village_ids=village_ids)
    )


def _visits(sel: Selection, leader_ids: list[int]) -> list[VisitFact]:
    """The selection's live visits of the window. Read from the covering (household_id, date,
    voided, mode, cadre_id) index alone: a selection's or a part's visits by probing it per
    household, the whole ledger's by one scan of it (most of its visits are in the window)."""
    db, needs = sel.db, sel.needs
    on = db.quote("date") if sel.selected is not None else db.scanned(db.quote("date"))
    live = f"{made(needs)} AND {on} >= :first AND {on} <= :as_of"
    window = {"no": False, "first": needs.first, "as_of": needs.as_of, **cut_params(needs, db)}
    days, modes, new = db.days, Interned(), tuple.__new__  # VisitFact is a named tuple
    vcols = f"id, household_id, cadre_id, {db.quote('date')}, mode"
    sql = f"SELECT {vcols} FROM visit WHERE {live} AND {sel.of_households('household_id', covered=True)}"
    found: list[VisitFact] = []
    for batch in db.batches(sql, **window, **sel.params):
        found += [new(VisitFact, (v, h, c, days[d], modes[m])) for v, h, c, d, m in batch]
    if needs.per_cadre and leader_ids and sel.selected is not None:
        # the leaders' visits outside the selection too (SZ4 judges the cadre)
        seen = {v.id for v in found}
        sql = f"SELECT {vcols} FROM visit WHERE {live} AND cadre_id IN (:leaders)"
        found.extend(
            new(VisitFact, (vid, hid, cid, days[d], modes[m]))
            for vid, hid, cid, d, m in db.rows(sql, **window, leaders=leader_ids)
            if vid not in seen
        )
    return found


def _cadres(
    sel: Selection, pairings: dict[int, PairingFact], roles: tuple[RoleFact, ...], visits: list[VisitFact]
) -> tuple[CadreFact, ...]:
    """Every cadre, or for a selection only those it refers to (the engine looks cadres up by id)."""
    sql = "SELECT id, code, name, unit, leader FROM cadre"
    params: dict[str, Any] = {}
    if sel.selected is not None:
        wanted = {p.cadre_id for p in pairings.values()}
        wanted.update(r.cadre_id for r in roles)
        wanted.update(v.cadre_id for v in visits if v.cadre_id != NO_CADRE)
        sql += " WHERE id IN (:cadre_ids)"
        params["cadre_ids"] = sorted(wanted)
    return tuple(CadreFact(r[0], r[1], r[2], r[3], bool(r[4])) for r in sel.db.rows(sql, **params))


def known_townships(engine: Any, township: str) -> list[str] | None:
    """None when ``township`` has a village in the ledger; else the townships it has."""
    with engine.connect() as conn:
        db = Reader(conn)
        if list(db.rows("SELECT id FROM village WHERE township = :t LIMIT 1", t=township.strip())):
            return None
        return [r[0] for r in db.rows("SELECT DISTINCT township FROM village")]


def village_sizes(engine: Any) -> list[tuple[int, str, str, int]]:
    """(id, township, name, households) of every village with households."""
    with engine.connect() as conn:
        sql = (
            "SELECT v.id, v.township, v.name, COUNT(h.id) FROM village v"
            " JOIN household h ON h.village_id = v.id GROUP BY v.id, v.township, v.name"
        )
        return list(Reader(conn).rows(sql))


def reopenable(engine: Any, url: str) -> bool:
    """Can another process open this ledger (not an in-memory SQLite database)?"""
    from bangfu_cli.storage.engine import sqlite_path

    return engine.dialect.name != "sqlite" or sqlite_path(url) is not None
