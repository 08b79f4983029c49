"""Core descriptions of the tables the quick commands read and write (``visit add``, ``export
register``), so that they run on SQLAlchemy Core alone: building the SQLModel classes of
``storage.models`` costs more than the rest of such a command. Names and types are those of the models
(``tests/storage/test_light.py`` compares them column by column), so a value is bound and
stored exactly as the ORM would store it. ``active_on``: when a pairing or role holds on a day,
for these tables and the models alike."""

from sqlalchemy import Boolean, Date, DateTime, Integer, String, and_, column, or_, table


def active_on(start, end, day):
    """The condition that a span with the columns ``start`` and ``end`` (of a Core table or an
    ORM model) holds on ``day``, both days included, ``end`` NULL when it has not ended — the
    SQL form of ``domain.dates.in_span``."""
    return and_(start <= day, or_(end.is_(None), end >= day))


visit = table(
    "visit",
    column("id", Integer),
    column("uuid", String),
    column("recorded_at", DateTime),
    column("recorded_by", String),
    column("household_id", Integer),
    column("cadre_id", Integer),
    column("date", Date),
    column("mode", String),
    column("content", String),
    column("problems", String),
    column("measures", String),
    column("guarantees", String),
    column("follow_up", String),
    column("photo", String),
    column("voided", Boolean),
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
)

household = table(
    "household",
    column("id", Integer),
    column("code", String),
    column("head_name", String),
    column("id_number", String),
    column("village_id", Integer),
    column("size", Integer),
    column("phone", String),
    column("since", Date),
    column("closed_on", Date),
)

household_status = table(
    "household_status",
    column("id", Integer),
    column("household_id", Integer),
    column("effective_on", Date),
    column("tuopin", Boolean),
    column("monitor_type", String),
    column("risk", String),
)

village = table("village", column("id", Integer), column("township", String), column("name", String))

cadre = table(
    "cadre",
    column("id", Integer),
    column("code", String),
    column("name", String),
    column("unit", String),
    column("position", String),
    column("phone", String),
)

pairing = table(
    "pairing",
    column("id", Integer),
    column("household_id", Integer),
    column("cadre_id", Integer),
    column("kind", String),
    column("start", Date),
    column("end", Date),
    column("end_reason", String),
)

role = table(
    "role",
    column("id", Integer),
    column("cadre_id", Integer),
    column("village_id", Integer),
    column("start", Date),
    column("end", Date),
)

income = table(
    "income",
    column("id", Integer),
    column("household_id", Integer),
    column("quarter", String),
    column("collected_on", Date),
    column("size", Integer),
    column("wage_fen", Integer),
    column("business_fen", Integer),
    column("business_cost_fen", Integer),
    column("transfer_fen", Integer),
    column("property_fen", Integer),
    column("excluded_fen", Integer),
    column("rigid_expense_fen", Integer),
    column("late_reason", String),
    column("superseded_by", Integer),
)
