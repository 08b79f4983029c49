"""Reading and writing visits (走访): what the visit services and the visit import ask of the
ledger. A visit is written with SQLAlchemy Core (``storage.light``): building the ORM models
would cost more than the rest of ``visit add``; an import's rows go in through ``storage.bulk``."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from datetime import date
from typing import Any

# The columns of an imported visit, in the order of its rows (``insert_imported``).
IMPORT_COLUMNS = (
    "uuid", "household_id", "cadre_id", "date", "mode", "content", "problems", "measures", "guarantees",
)  # fmt: skip
_HOUSEHOLDS_SQL = "SELECT code, id, closed_on, since FROM household"
_CADRES_SQL = "SELECT code, id FROM cadre"
# Who is related to a household when: its pairings (0) and the roles in its village (1).
_RELATIONS_SQL = (
    'SELECT 0, household_id, cadre_id, start, "end" FROM pairing'
    ' UNION ALL SELECT 1, village_id, cadre_id, start, "end" FROM role'
)
_VILLAGES_SQL = "SELECT id, village_id FROM household"
# The visits already in the ledger on one date, as the natural key of an imported row.
_EXISTING_SQL = "SELECT household_id, cadre_id, date, mode, content FROM visit WHERE date = :day"


def find_household_and_cadre(engine: Any, household: str, cadre: str) -> tuple[Any, Any]:
    """The household and the cadre named (Core rows, ``storage.names``); None for either
    that is unknown or ambiguous."""
    from bangfu_cli.storage.names import find_cadre, find_household

    with engine.connect() as conn:
        return find_household(conn, household), find_cadre(conn, cadre)


def same_visit_recorded(conn: Any, household_id: int, cadre_id: int, day: date, mode: str) -> bool:
    """Whether a live visit by the cadre to the household on ``day`` in ``mode`` is recorded."""
    from sqlalchemy import select

    from bangfu_cli.storage import light

    v = light.visit
    found = conn.execute(
        select(v.c.id)
        .where(v.c.household_id == household_id, v.c.date == day, v.c.voided.is_(False))
        .where(v.c.mode == mode, v.c.cadre_id == cadre_id)
        .limit(1)
    ).first()
    return found is not None


def cadre_related_on(conn: Any, household: Any, cadre_id: int, day: date) -> bool:
    """Whether the cadre holds, on ``day``, a pairing with the household or a role in its village."""
    from sqlalchemy import select

    from bangfu_cli.storage import light

    p, r = light.pairing, light.role
    pairing = conn.execute(
        select(p.c.id)
        .where(
            p.c.household_id == household.id,
            p.c.cadre_id == cadre_id,
            light.active_on(p.c.start, p.c.end, day),
        )
        .limit(1)
    ).first()
    if pairing is not None:
        return True
    role = conn.execute(
        select(r.c.id)
        .where(r.c.village_id == household.village_id, r.c.cadre_id == cadre_id)
        .where(light.active_on(r.c.start, r.c.end, day))
        .limit(1)
    ).first()
    return role is not None


def insert_visit(conn: Any, values: dict[str, Any]) -> int:
    """Write one visit; its id."""
    from sqlalchemy import insert

    from bangfu_cli.storage import light

    return conn.execute(insert(light.visit).values(**values).returning(light.visit.c.id)).scalar_one()


def _listing() -> Any:
    from sqlalchemy import select

    from bangfu_cli.storage.models import Cadre, Household, Village, Visit

    return select(
        Visit.id,
        Household.code.label("household"),
        Household.head_name,
        Village.township,
        Village.name.label("village"),
        Cadre.code.label("cadre"),
        Cadre.name.label("cadre_name"),
        Visit.date,
        Visit.mode,
        Visit.content,
        Visit.problems,
        Visit.measures,
        Visit.guarantees,
        Visit.follow_up,
        Visit.photo,
        Visit.voided,
        Visit.void_reason,
        Visit.voided_at,
        Visit.voided_by,
        Visit.recorded_at,
        Visit.recorded_by,
    ).select_from(
        Visit.__table__.join(Household, Household.id == Visit.household_id)
        .join(Village, Village.id == Household.village_id)
        .join(Cadre, Cadre.id == Visit.cadre_id)
    )


def visit_rows(
    session: Any,
    *,
    household_id: int | None = None,
    cadre_id: int | None = None,
    village_id: int | None = None,
    township: str | None = None,
    date_from: date | None = None,
    date_to: date | None = None,
    mode: str | None = None,
    voided: bool | None = False,
) -> tuple[tuple[str, ...], Iterable[tuple]]:
    """The column names and the rows of the visits listed, by date and id — each given condition
    holds; ``voided`` None lists voided visits and the others."""
    from bangfu_cli.storage.models import Village, Visit

    q = _listing()
    if household_id is not None:
        q = q.where(Visit.household_id == household_id)
    if cadre_id is not None:
        q = q.where(Visit.cadre_id == cadre_id)
    if village_id is not None:
        q = q.where(Village.id == village_id)
    if township:
        q = q.where(Village.township == township)
    if date_from:
        q = q.where(Visit.date >= date_from)
    if date_to:
        q = q.where(Visit.date <= date_to)
    if mode:
        q = q.where(Visit.mode == mode)
    if voided is not None:
        q = q.where(Visit.voided.is_(voided))
    result = session.execute(q.order_by(Visit.date, Visit.id))
    return tuple(result.keys()), result


def visit_row(session: Any, visit_id: int) -> dict[str, Any] | None:
    """One visit as a listing's row (by column name), or None."""
    from bangfu_cli.storage.models import Visit

    found = session.execute(_listing().where(Visit.id == visit_id)).first()
    return None if found is None else dict(found._mapping)


def visit_record(session: Any, visit_id: int) -> Any | None:
    from bangfu_cli.storage.models import Visit

    return session.get(Visit, visit_id)


# ---------------------------------------------------------------- the visit import


@contextmanager
def lookups_before(engine: Any) -> Iterator[ImportLookups]:
    """What a visit import compares its rows with, read through a connection of its own (not
    the one written to: it sees the ledger as it was before the import); closed on leaving."""
    with engine.connect() as conn:
        yield ImportLookups(conn)


class ImportLookups:
    """What a visit import compares its rows with, read through ``conn``."""

    def __init__(self, conn: Any) -> None:
        from bangfu_cli.storage.rawsql import Reader

        self.raw = Reader(conn)

    def households(self) -> dict[str, tuple[int, date | None, date]]:
        """(id, closing date, 纳入台账日期) of every household, by 户编号."""
        day_of = self.raw.days
        return {
            code: (i, day_of[closed], day_of[since])
            for code, i, closed, since in self.raw.rows(_HOUSEHOLDS_SQL)
        }

    def cadres(self) -> dict[str, int]:
        """The id of every cadre, by 干部编号."""
        return dict(self.raw.rows(_CADRES_SQL))

    def relations(self) -> dict[tuple[int, int, int], list[tuple[date, date | None]]]:
        """The spans of every pairing, by (0, household id, cadre id), and of every village role,
        by (1, village id, cadre id)."""
        day_of, spans = self.raw.days, {}
        for kind, whose, cadre, start, end in self.raw.rows(_RELATIONS_SQL):
            spans.setdefault((kind, whose, cadre), []).append((day_of[start], day_of[end]))
        return spans

    def villages(self) -> dict[int, int]:
        """The village id of every household, by household id."""
        return dict(self.raw.rows(_VILLAGES_SQL))

    def visits_on(self, day: date) -> Iterator[tuple]:
        """(household id, cadre id, date, mode, content) of the ledger's visits on ``day``."""
        day_of = self.raw.days
        return ((h, c, day_of[d], m, said) for h, c, d, m, said in self.raw.rows(_EXISTING_SQL, day=day))


def stored_timestamp(conn: Any, at: Any) -> str:
    """``at`` as text a bulk insert writes for ``recorded_at``: on SQLite the very text the
    column's type binds it as; elsewhere the server reads the ISO form with its UTC offset into
    its timestamp (with time zone) column."""
    from sqlalchemy import bindparam, text

    from bangfu_cli.storage.light import visit

    stored = conn.execute(
        text("SELECT :at").bindparams(bindparam("at", at, type_=visit.c.recorded_at.type))
    ).scalar_one()
    return stored if isinstance(stored, str) else stored.isoformat(sep=" ")


def check_dates_are_iso_text(conn: Any) -> None:
    """Imported rows carry their dates as ISO text: the form SQLAlchemy writes and reads on
    SQLite (checked once per import)."""
    from bangfu_cli.storage.light import visit

    date_type = visit.c.date.type
    bind = date_type.bind_processor(conn.dialect)
    assert bind is None or bind(date(2023, 1, 2)) == "2023-01-02"


def insert_imported(conn: Any, rows: Iterable[tuple], constants: dict[str, Any]) -> int:
    """Write the rows (``IMPORT_COLUMNS``) in ``conn``'s transaction, as they come; how many."""
    from bangfu_cli.storage.bulk import insert_rows

    return insert_rows(conn, "visit", IMPORT_COLUMNS, rows, constants=constants)
