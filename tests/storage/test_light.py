"""The Core descriptions in ``storage.light`` name every column of every model, with the models'
types, so the quick paths and bulk writes bind and store values exactly as the ORM does, and a
column added to a model cannot be missed by them."""

from datetime import date

import pytest
from sqlmodel import SQLModel

from bangfu_cli.storage import light, models  # noqa: F401  (models registers the tables)

# No ledger: the Core descriptions are compared with the models in memory.
BACKENDS = ()

LIGHT = list(light.TABLES.values())


@pytest.mark.parametrize("table", LIGHT, ids=lambda t: t.name)
def test_light_table_matches_the_model(table):
    model = SQLModel.metadata.tables[table.name]
    for col in table.columns:
        assert col.name in model.c, f"{table.name}.{col.name} is not a column of the model"
        expected = model.c[col.name].type
        assert col.type._type_affinity is expected._type_affinity, f"{table.name}.{col.name}"
    missing = [c.name for c in model.columns if c.name not in table.c]
    assert not missing, f"{table.name}: the model's columns {missing} are not described"


def test_every_model_table_has_a_light_description():
    assert set(SQLModel.metadata.tables) == set(light.TABLES)


def test_a_bulk_writes_columns_are_the_tables_columns_in_description_order():
    assert light.columns("village") == ("id", "township", "name", "uuid", "recorded_at", "recorded_by")
    assert light.columns("audit")[:2] == ("id", "uuid")


def test_every_visit_column_a_new_visit_needs_is_described():
    model = SQLModel.metadata.tables["visit"]
    required = {c.name for c in model.columns if not c.nullable and c.name != "id"}
    assert required <= {c.name for c in light.visit.columns}


@pytest.mark.parametrize(
    ("day", "start", "end", "holds"),
    [
        (date(2026, 3, 1), date(2026, 3, 1), None, True),  # from its first day
        (date(2026, 2, 28), date(2026, 3, 1), None, False),  # not the day before
        (date(2026, 6, 30), date(2026, 3, 1), date(2026, 6, 30), True),  # to its last day
        (date(2026, 7, 1), date(2026, 3, 1), date(2026, 6, 30), False),  # not the day after
        (date(2030, 1, 1), date(2026, 3, 1), None, True),  # not ended
        (date(2026, 3, 1), date(2026, 3, 1), date(2026, 3, 1), True),  # a span of one day
    ],
)
def test_active_on__the_sql_form_agrees_with_in_span_at_both_ends(day, start, end, holds):
    from sqlalchemy import create_engine, insert, select

    from bangfu_cli.domain.dates import in_span

    assert in_span(day, start, end) is holds
    engine = create_engine("sqlite://")
    with engine.begin() as conn:
        conn.exec_driver_sql('CREATE TABLE role (id INTEGER PRIMARY KEY, start DATE, "end" DATE)')
        conn.execute(insert(light.role).values(id=1, start=start, end=end))
        r = light.role
        found = conn.execute(select(r.c.id).where(light.active_on(r.c.start, r.c.end, day))).all()
    assert (found == [(1,)]) is holds
