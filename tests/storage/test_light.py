"""The Core descriptions in ``storage.light`` name real columns with the models' types, so the
quick paths bind and store values exactly as the ORM does."""

import pytest
from sqlmodel import SQLModel

from bangfu_cli.storage import light, models  # noqa: F401  (models registers the tables)

LIGHT = [
    light.visit,
    light.audit,
    light.household,
    light.household_status,
    light.village,
    light.cadre,
    light.pairing,
    light.role,
    light.income,
]


@pytest.mark.parametrize("table", LIGHT, ids=lambda t: t.name)
def test_light_table_matches_the_model(table):
    model = SQLModel.metadata.tables[table.name]
    for col in table.columns:
        assert col.name in model.c, f"{table.name}.{col.name} is not a column of the model"
        expected = model.c[col.name].type
        assert col.type._type_affinity is expected._type_affinity, f"{table.name}.{col.name}"


def test_every_visit_column_a_new_visit_needs_is_described():
    model = SQLModel.metadata.tables["visit"]
    required = {c.name for c in model.columns if not c.nullable and c.name != "id"}
    assert required <= {c.name for c in light.visit.columns}
