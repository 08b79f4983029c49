"""Reading households, their villages and their status rows: what the household services and
the household import ask of the ledger. Plain functions over a session; listings read plain
rows (``plain``), changes read the ORM's records."""

from __future__ import annotations

from datetime import date
from typing import Any

from bangfu_cli.storage.rawsql import IN_LIST_MAX  # larger selections are read by their places

# Who recorded a row and when: a listing shows neither, and turning the county's ~160,000
# stamps into datetimes was a tenth of its time.
_STAMPS = ("recorded_at", "recorded_by")


def plain(model: Any) -> Any:
    """A select of ``model``'s table as plain rows for a listing: attributes by column name,
    values as the model reads them, none of the ORM's bookkeeping per record — every column but
    ``recorded_by`` and ``recorded_at``."""
    from sqlalchemy import select

    return select(*(c for c in model.__table__.c if c.name not in _STAMPS))


def households_of(village_ids: set[int]) -> Any:
    """The ids of the households of ``village_ids``, as a subquery."""
    from sqlmodel import select

    from bangfu_cli.storage.models import Household

    return select(Household.id).where(Household.village_id.in_(sorted(village_ids)))


def pairing_active_on(day: date) -> Any:
    """The condition of a pairing active on ``day``."""
    from bangfu_cli.storage.light import active_on
    from bangfu_cli.storage.models import Pairing

    return active_on(Pairing.start, Pairing.end, day)


def load_statuses(
    session: Any,
    household_ids: set[int] | None = None,
    village_ids: set[int] | None = None,
    *,
    records: bool = True,
) -> dict[int, list[Any]]:
    """Status rows by household id, by date: of ``household_ids`` only, or of the households of
    ``village_ids`` (read in SQL: a township's list reads its own rows, not the county's). With
    ``records`` the ORM's records (to be changed); else plain rows, read by the same names — a
    listing of a county builds no 50,000 records to read them once."""
    from sqlmodel import select

    from bangfu_cli.storage.models import HouseholdStatus

    query = select(HouseholdStatus) if records else plain(HouseholdStatus)
    query = query.order_by(HouseholdStatus.household_id, HouseholdStatus.effective_on)
    if village_ids is not None:
        query = query.where(HouseholdStatus.household_id.in_(households_of(village_ids)))
    elif household_ids is not None and len(household_ids) < IN_LIST_MAX:
        query = query.where(HouseholdStatus.household_id.in_(sorted(household_ids)))
    out: dict[int, list[Any]] = {}
    for row in (session.exec if records else session.execute)(query).all():
        if household_ids is None or row.household_id in household_ids:
            out.setdefault(row.household_id, []).append(row)
    return out


def statuses_of_listed(
    session: Any, rows: list[tuple[Any, Any]], village_ids: set[int] | None
) -> dict[int, list[Any]]:
    """The status rows (plain) of the households ``rows`` (each row begins with a household):
    by their ids when they are few, else by their villages ``village_ids`` (a township's or a
    village's households; None: the ledger's)."""
    if len(rows) < IN_LIST_MAX:
        return load_statuses(session, {row[0].id for row in rows}, records=False)
    return load_statuses(session, village_ids=village_ids, records=False)


def active_pairings(
    session: Any, day: date, kind: str | None = "pair", village_ids: set[int] | None = None
) -> dict[int, list[Any]]:
    """(pairing, cadre) of the pairings active on ``day``, by household id; with
    ``village_ids``, of those villages' households only. Both are plain rows read by the
    models' names (for reading, not changing)."""
    from bangfu_cli.storage.models import Cadre, Pairing

    query = plain(Pairing).where(pairing_active_on(day))
    if kind:
        query = query.where(Pairing.kind == kind)
    if village_ids is not None:
        query = query.where(Pairing.household_id.in_(households_of(village_ids)))
    found = session.execute(query).all()
    ids = {p.cadre_id for p in found}
    wanted = plain(Cadre).where(Cadre.id.in_(sorted(ids))) if len(ids) < IN_LIST_MAX else plain(Cadre)
    cadres = {c.id: c for c in session.execute(wanted).all()} if found else {}
    out: dict[int, list[Any]] = {}
    for pairing in found:
        out.setdefault(pairing.household_id, []).append((pairing, cadres[pairing.cadre_id]))
    return out


def matching_households(
    session: Any,
    day: date,
    *,
    township: str | None = None,
    village_id: int | None = None,
    household_id: int | None = None,
    cadre_id: int | None = None,
) -> list[tuple[Any, Any]]:
    """(household, village) as plain rows, by 户编号, of the households in ``township``, in the
    village ``village_id``, the household ``household_id``, or paired (any kind) on ``day`` with
    the cadre ``cadre_id`` — each given condition holds."""
    from sqlmodel import select

    from bangfu_cli.storage.collation import by_codepoint
    from bangfu_cli.storage.models import Household, Pairing, Village

    query = plain(Household).join(Village, Village.id == Household.village_id)
    if township:
        query = query.where(Village.township == township)
    if village_id is not None:
        query = query.where(Household.village_id == village_id)
    if household_id is not None:
        query = query.where(Household.id == household_id)
    if cadre_id is not None:
        paired = select(Pairing.household_id).where(Pairing.cadre_id == cadre_id, pairing_active_on(day))
        query = query.where(Household.id.in_(paired))
    villages = {v.id: v for v in session.exec(select(Village)).all()}
    return [
        (h, villages[h.village_id])
        for h in session.execute(query.order_by(by_codepoint(Household.code))).all()
    ]


def townships(session: Any) -> set[str]:
    from sqlmodel import select

    from bangfu_cli.storage.models import Village

    return set(session.exec(select(Village.township)).all())


def village(session: Any, village_id: int) -> Any:
    from bangfu_cli.storage.models import Village

    return session.get(Village, village_id)


def status_history(session: Any, household_id: int) -> list[Any]:
    """The household's status records, by date."""
    from sqlmodel import select

    from bangfu_cli.storage.models import HouseholdStatus

    query = select(HouseholdStatus).where(HouseholdStatus.household_id == household_id)
    return list(session.exec(query.order_by(HouseholdStatus.effective_on)).all())


def status_records(session: Any, household_id: int) -> list[Any]:
    """The household's status records, in the ledger's order."""
    from sqlmodel import select

    from bangfu_cli.storage.models import HouseholdStatus

    return list(session.exec(select(HouseholdStatus).where(HouseholdStatus.household_id == household_id)))


def pairings_with_cadres(session: Any, household_id: int) -> list[tuple[Any, Any]]:
    """(pairing, cadre) of every pairing of the household, by start."""
    from sqlmodel import select

    from bangfu_cli.storage.models import Cadre, Pairing

    query = select(Pairing, Cadre).join(Cadre, Cadre.id == Pairing.cadre_id)
    query = query.where(Pairing.household_id == household_id).order_by(Pairing.start, Pairing.id)
    return list(session.exec(query).all())


def pairings_of(session: Any, household_id: int) -> list[Any]:
    from sqlmodel import select

    from bangfu_cli.storage.models import Pairing

    return list(session.exec(select(Pairing).where(Pairing.household_id == household_id)).all())


def pairing_starting_after(session: Any, household_id: int, day: date) -> Any | None:
    """A pairing of the household that starts after ``day``, if any."""
    from sqlmodel import select

    from bangfu_cli.storage.models import Pairing

    query = select(Pairing).where(Pairing.household_id == household_id, Pairing.start > day)
    return session.exec(query).first()


def household_exists(session: Any, code: str) -> bool:
    from sqlmodel import select

    from bangfu_cli.storage.models import Household

    return session.exec(select(Household).where(Household.code == code)).first() is not None


# ---------------------------------------------------------------- what an import compares with


def villages_by_place(session: Any) -> dict[tuple[str, str], Any]:
    """Every village record by (township, name)."""
    from sqlmodel import select

    from bangfu_cli.storage.models import Village

    return {(v.township, v.name): v for v in session.exec(select(Village)).all()}


def households_by_code(session: Any) -> dict[str, Any]:
    """Every household record by 户编号."""
    from sqlmodel import select

    from bangfu_cli.storage.models import Household

    return {h.code: h for h in session.exec(select(Household)).all()}


def first_pairing_starts(session: Any) -> dict[int, date]:
    """The start of each household's first pairing, by household id."""
    from sqlmodel import select

    from bangfu_cli.storage.models import Pairing

    first: dict[int, date] = {}
    for hid, start in session.exec(select(Pairing.household_id, Pairing.start)).all():
        if hid not in first or start < first[hid]:
            first[hid] = start
    return first
