"""Core descriptions of the ledger's tables, so that the quick commands (``visit add``, ``export
register``) and bulk writes run on SQLAlchemy Core alone: building the SQLModel classes of
``storage.models`` costs more than the rest of such a command.

Each table is described in full, with the names and types of its model, so a value is bound and
stored exactly as the ORM would store it; ``tests/storage/test_light.py`` holds every description
to its model, column for column, and every model to a description (a column added to one and not
the other fails there). The order of the columns here is the order of a row handed to a bulk
write (``columns``). ``active_on``: when a pairing or role holds on a day, for these tables and
the models alike."""

from sqlalchemy import Boolean, Date, DateTime, Integer, String, and_, column, or_, table

_RECORDED = (("uuid", String), ("recorded_at", DateTime), ("recorded_by", String))


def _table(name: str, *columns: tuple[str, type]):
    """A table of ``columns`` followed by the ``uuid`` / ``recorded_at`` / ``recorded_by`` every
    recorded row has."""
    return table(name, *(column(key, kind) for key, kind in (*columns, *_RECORDED)))


def active_on(start, end, day):
    """The condition that a span with the columns ``start`` and ``end`` (of a Core table or an
    ORM model) holds on ``day``, both days included, ``end`` NULL when it has not ended — the
    SQL form of ``domain.dates.in_span``."""
    return and_(start <= day, or_(end.is_(None), end >= day))


village = _table("village", ("id", Integer), ("township", String), ("name", String))

cadre = _table(
    "cadre",
    ("id", Integer),
    ("code", String),
    ("name", String),
    ("unit", String),
    ("position", String),
    ("phone", String),
    ("leader", Boolean),
)

household = _table(
    "household",
    ("id", Integer),
    ("code", String),
    ("head_name", String),
    ("id_number", String),
    ("village_id", Integer),
    ("size", Integer),
    ("phone", String),
    ("since", Date),
    ("closed_on", Date),
    ("close_reason", String),
)

household_status = _table(
    "household_status",
    ("id", Integer),
    ("household_id", Integer),
    ("effective_on", Date),
    ("tuopin", Boolean),
    ("monitor_type", String),
    ("risk", String),
    ("note", String),
)

pairing = _table(
    "pairing",
    ("id", Integer),
    ("household_id", Integer),
    ("cadre_id", Integer),
    ("kind", String),
    ("start", Date),
    ("end", Date),
    ("end_reason", String),
    ("plaque_on", Date),
)

role = _table(
    "role",
    ("id", Integer),
    ("cadre_id", Integer),
    ("village_id", Integer),
    ("role", String),
    ("start", Date),
    ("end", Date),
    ("end_reason", String),
)

visit = _table(
    "visit",
    ("id", Integer),
    ("household_id", Integer),
    ("cadre_id", Integer),
    ("date", Date),
    ("mode", String),
    ("content", String),
    ("problems", String),
    ("measures", String),
    ("guarantees", String),
    ("follow_up", String),
    ("photo", String),
    ("voided", Boolean),
    ("void_reason", String),
    ("voided_at", DateTime),
    ("voided_by", String),
)

income = _table(
    "income",
    ("id", Integer),
    ("household_id", Integer),
    ("quarter", String),
    ("collected_on", Date),
    ("size", Integer),
    ("wage_fen", Integer),
    ("business_fen", Integer),
    ("business_cost_fen", Integer),
    ("transfer_fen", Integer),
    ("property_fen", Integer),
    ("excluded_fen", Integer),
    ("rigid_expense_fen", Integer),
    ("collector_id", Integer),
    ("note", String),
    ("late_reason", String),
    ("correct_reason", String),
    ("superseded_by", Integer),
)

assessment = _table(
    "assessment",
    ("id", Integer),
    ("household_id", Integer),
    ("quarter", String),
    ("assessed_on", Date),
    ("conclusion", String),
    ("reasons", String),
    ("note", String),
    ("superseded_by", Integer),
)

threshold = _table(
    "threshold",
    ("id", Integer),
    ("year", Integer),
    ("place", String),
    ("amount_fen", Integer),
    ("source", String),
)

audit = table(
    "audit",
    column("id", Integer),
    column("uuid", String),
    column("at", DateTime),
    column("by", String),
    column("action", String),
    column("entity", String),
    column("entity_uuid", String),
    column("entity_key", String),
    column("changes", String),
    column("operator", String),
    column("records", String),
    column("record_hash", String),
    column("prev_hash", String),
    column("row_hash", String),
)

setting = table("setting", column("key", String), column("value", String))

peer = table(
    "peer",
    column("id", Integer),
    column("uuid", String),
    column("name", String),
    column("sent_at", DateTime),
    column("sent_marks", String),
    column("received_at", DateTime),
    column("received_marks", String),
)

uuid_alias = table(
    "uuid_alias", column("uuid", String), column("local_uuid", String), column("entity", String)
)

calendar_day = _table("calendar_day", ("id", Integer), ("day", Date), ("kind", String), ("name", String))

access_grant = table(
    "access_grant",
    column("role_name", String),
    column("township", String),
    column("read_only", Boolean),
    column("granted_at", DateTime),
    column("granted_by", String),
)

TABLES = {
    t.name: t
    for t in (
        village,
        cadre,
        household,
        household_status,
        pairing,
        role,
        visit,
        income,
        assessment,
        threshold,
        audit,
        setting,
        peer,
        uuid_alias,
        calendar_day,
        access_grant,
    )
}
from bangfu_cli.storage.assistance_light import TABLES as ASSISTANCE  # noqa: E402  (units, activities …)

TABLES.update(ASSISTANCE)


def columns(name: str) -> tuple[str, ...]:
    """The column names of table ``name``, in the order of a bulk write's rows."""
    return tuple(TABLES[name].c.keys())
