"""Reading the register (登记册): which households a ``Selection`` covers, how many visits they
hold, and each household with its statuses, pairings, visits and income, a chunk at a time.

Households come in the order they are bound — township, village, 户编号 — a chunk at a time
(keyset pagination), and each chunk's visits, pairings, statuses and income are read with one
query each. Memory stays flat however large the ledger: only one chunk is held at a time.
Values come as stored (ID numbers and phones unmasked): masking is the service's."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from bangfu_cli.domain.reports import HouseholdEntry, IncomeLine, PairingLine, Selection, VisitLine


def has_township(engine: Any, township: str) -> bool:
    from sqlalchemy import select

    from bangfu_cli.storage.light import village as V

    with engine.connect() as conn:
        return conn.execute(select(V.c.id).where(V.c.township == township).limit(1)).first() is not None


def townships(engine: Any) -> list[str]:
    """Every township that has a village, as the database lists them."""
    from sqlalchemy import select

    from bangfu_cli.storage.light import village as V

    with engine.connect() as conn:
        return [r[0] for r in conn.execute(select(V.c.township).distinct()).all()]


def _household_filters(sel: Selection) -> list:
    from sqlalchemy import or_, select

    from bangfu_cli.storage.light import household as H
    from bangfu_cli.storage.light import pairing as P
    from bangfu_cli.storage.light import village as V

    where: list = []
    if sel.village_id is not None:
        where.append(H.c.village_id == sel.village_id)
    elif sel.township:
        where.append(V.c.township == sel.township)
    # In the ledger at some time within the dates: not added after them, not closed before them.
    if sel.date_to:
        where.append(H.c.since <= sel.date_to)
    if sel.date_from:
        where.append(or_(H.c.closed_on.is_(None), H.c.closed_on >= sel.date_from))
    if sel.cadre_id is not None:
        paired = select(P.c.household_id).where(P.c.cadre_id == sel.cadre_id)
        if sel.date_to:
            paired = paired.where(P.c.start <= sel.date_to)
        if sel.date_from:
            paired = paired.where(or_(P.c.end.is_(None), P.c.end >= sel.date_from))
        where.append(H.c.id.in_(paired))
    return where


def _visit_dates(sel: Selection) -> list:
    from bangfu_cli.storage.light import visit as VI

    where = []
    if sel.date_from:
        where.append(VI.c.date >= sel.date_from)
    if sel.date_to:
        where.append(VI.c.date <= sel.date_to)
    return where


def count_register(engine: Any, sel: Selection) -> tuple[int, int]:
    """(households, visits) the register of ``sel`` holds."""
    from sqlalchemy import func, select

    from bangfu_cli.storage.light import household as H
    from bangfu_cli.storage.light import village as V
    from bangfu_cli.storage.light import visit as VI

    where = _household_filters(sel)
    with engine.connect() as conn:
        hh = select(H.c.id).join(V, V.c.id == H.c.village_id).where(*where)
        n_households = conn.execute(select(func.count()).select_from(hh.subquery())).scalar_one()
        visits = select(func.count(VI.c.id)).where(
            VI.c.household_id.in_(hh), VI.c.voided.is_(False), *_visit_dates(sel)
        )
        n_visits = conn.execute(visits).scalar_one()
    return n_households, n_visits


def register_chunks(engine: Any, sel: Selection, chunk: int) -> Iterator[dict[int, HouseholdEntry]]:
    """The households of ``sel`` in binding order, ``chunk`` at a time, each with its lines."""
    from sqlalchemy import select, tuple_

    from bangfu_cli.storage.collation import by_codepoint
    from bangfu_cli.storage.light import household as H
    from bangfu_cli.storage.light import village as V

    cols = (H.c.id, H.c.code, H.c.head_name, H.c.id_number, H.c.phone)
    cols += (V.c.township, V.c.name, H.c.size, H.c.since, H.c.closed_on)
    base = (
        select(*cols)
        .join(V, V.c.id == H.c.village_id)
        .where(*_household_filters(sel))
        .order_by(by_codepoint(V.c.township), by_codepoint(V.c.name), by_codepoint(H.c.code))
        .limit(chunk)
    )
    after = None
    with engine.connect() as conn:
        while True:
            query = base
            if after is not None:
                # compared as they are ordered (by code point)
                keys = (by_codepoint(V.c.township), by_codepoint(V.c.name), by_codepoint(H.c.code))
                query = query.where(tuple_(*keys) > after)
            rows = conn.execute(query).all()
            if not rows:
                return
            entries = {r[0]: HouseholdEntry(*r, as_of=sel.as_of) for r in rows}
            _fill(conn, sel, entries)
            yield entries
            if len(rows) < chunk:
                return
            last = rows[-1]
            after = (last[5], last[6], last[1])


def _fill(conn: Any, sel: Selection, entries: dict[int, HouseholdEntry]) -> None:
    """Attach statuses, pairings, visits and income to one chunk of households."""
    ids = list(entries)
    _fill_status(conn, sel, ids, entries)
    _fill_pairings(conn, sel, ids, entries)
    _fill_visits(conn, sel, ids, entries)
    _fill_income(conn, sel, ids, entries)


def _fill_status(conn: Any, sel: Selection, ids: list[int], entries: dict[int, HouseholdEntry]) -> None:
    from sqlalchemy import select

    from bangfu_cli.storage.light import household_status as S

    status = (
        select(S.c.household_id, S.c.tuopin, S.c.monitor_type, S.c.risk)
        .where(S.c.household_id.in_(ids), S.c.effective_on <= sel.as_of)
        .order_by(S.c.household_id, S.c.effective_on)
    )
    for hid, tuopin, monitor_type, risk in conn.execute(status):
        e = entries[hid]  # the latest row on or before the day wins
        e.tuopin, e.monitor_type, e.risk = bool(tuopin), monitor_type, risk


def _fill_pairings(conn: Any, sel: Selection, ids: list[int], entries: dict[int, HouseholdEntry]) -> None:
    from sqlalchemy import or_, select

    from bangfu_cli.storage.light import cadre as C
    from bangfu_cli.storage.light import pairing as P

    pairings = (
        select(
            P.c.household_id,
            C.c.code,
            C.c.name,
            C.c.unit,
            C.c.position,
            C.c.phone,
            P.c.kind,
            P.c.start,
            P.c.end,
            P.c.end_reason,
        )
        .join(C, C.c.id == P.c.cadre_id)
        .where(P.c.household_id.in_(ids))
        .order_by(P.c.household_id, P.c.start, P.c.id)
    )
    if sel.date_to:
        pairings = pairings.where(P.c.start <= sel.date_to)
    if sel.date_from:
        pairings = pairings.where(or_(P.c.end.is_(None), P.c.end >= sel.date_from))
    for row in conn.execute(pairings):
        entries[row[0]].pairings.append(PairingLine(*row[1:]))


def _fill_visits(conn: Any, sel: Selection, ids: list[int], entries: dict[int, HouseholdEntry]) -> None:
    from sqlalchemy import select

    from bangfu_cli.storage.light import cadre as C
    from bangfu_cli.storage.light import visit as VI

    visits = (
        select(
            VI.c.household_id,
            VI.c.id,
            VI.c.date,
            VI.c.mode,
            C.c.code,
            C.c.name,
            VI.c.content,
            VI.c.problems,
            VI.c.guarantees,
            VI.c.measures,
            VI.c.follow_up,
        )
        .join(C, C.c.id == VI.c.cadre_id)
        .where(VI.c.household_id.in_(ids), VI.c.voided.is_(False), *_visit_dates(sel))
        .order_by(VI.c.household_id, VI.c.date, VI.c.id)
    )
    for row in conn.execute(visits):
        entries[row[0]].visits.append(VisitLine(*row[1:]))


def _fill_income(conn: Any, sel: Selection, ids: list[int], entries: dict[int, HouseholdEntry]) -> None:
    from sqlalchemy import select

    from bangfu_cli.storage.light import income as INC

    income = (
        select(
            INC.c.household_id,
            INC.c.quarter,
            INC.c.collected_on,
            INC.c.size,
            INC.c.wage_fen,
            INC.c.business_fen,
            INC.c.business_cost_fen,
            INC.c.transfer_fen,
            INC.c.property_fen,
            INC.c.excluded_fen,
            INC.c.rigid_expense_fen,
            INC.c.late_reason,
        )
        .where(INC.c.household_id.in_(ids), INC.c.superseded_by.is_(None))
        .order_by(INC.c.household_id, INC.c.quarter, INC.c.id)
    )
    if sel.quarter_from:
        income = income.where(INC.c.quarter >= sel.quarter_from)
    if sel.quarter_to:
        income = income.where(INC.c.quarter <= sel.quarter_to)
    for row in conn.execute(income):
        entries[row[0]].income.append(IncomeLine(*row[1:11], late=bool(row[11])))
