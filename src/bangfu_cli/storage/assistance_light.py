"""Core descriptions of the tables of the other kinds of assistance (``storage.assistance_models``),
as ``storage.light`` describes the others (and takes these into its ``TABLES``): every column with
its model's type, the recorded and voided columns last."""

from sqlalchemy import Boolean, Date, DateTime, Float, Integer, String, column, table

_RECORDED = (("uuid", String), ("recorded_at", DateTime), ("recorded_by", String))
_VOIDED = (("voided", Boolean), ("void_reason", String), ("voided_at", DateTime), ("voided_by", String))


def _table(name: str, *columns: tuple[str, type], voidable: bool = True):
    extra = (*_VOIDED, *_RECORDED) if voidable else _RECORDED
    return table(name, *(column(key, kind) for key, kind in (*columns, *extra)))


unit = _table("unit", ("id", Integer), ("code", String), ("name", String), ("level", String), voidable=False)
unit_village = _table(
    "unit_village",
    ("id", Integer),
    ("unit_id", Integer),
    ("village_id", Integer),
    ("start", Date),
    ("end", Date),
)
unit_activity = _table(
    "unit_activity",
    ("id", Integer),
    ("unit_id", Integer),
    ("kind", String),
    ("date", Date),
    ("village_id", Integer),
    ("people", String),
    ("content", String),
    ("amount_fen", Integer),
    ("attachment", String),
    ("for_period", String),
)
training = _table(
    "training",
    ("id", Integer),
    ("cadre_id", Integer),
    ("name", String),
    ("level", String),
    ("start", Date),
    ("end", Date),
)
partner = _table("partner", ("id", Integer), ("name", String), ("start", Date), ("end", Date))
partner_activity = _table(
    "partner_activity",
    ("id", Integer),
    ("kind", String),
    ("date", Date),
    ("end", Date),
    ("cadre", String),
    ("amount_fen", Integer),
    ("people", String),
    ("content", String),
)
contribution = _table(
    "contribution",
    ("id", Integer),
    ("contributor", String),
    ("contributor_kind", String),
    ("date", Date),
    ("form", String),
    ("amount_fen", Integer),
    ("hours", Float),
    ("beneficiaries", Integer),
    ("township", String),
    ("village_id", Integer),
    ("result", String),
)

TABLES = {
    t.name: t for t in (unit, unit_village, unit_activity, training, partner, partner_activity, contribution)
}
