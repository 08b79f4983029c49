"""A township's SQLite ledger merged into the county's PostgreSQL ledger, and back."""

from __future__ import annotations

import pytest

from tests import pg
from tests.conftest import SAMPLES
from tests.exchange.townships import FIRST, cli, export, merge, overdue

# Runs once: it makes its own SQLite townships and PostgreSQL county.
BACKENDS = ()


@pytest.fixture
def county_on_postgres():
    if pg.server() is None:
        pytest.skip("PostgreSQL for the tests needs the pgserver wheel (pip install -e '.[test]')")
    url = pg.new_database_url()
    assert cli(url, "init").exit_code == 0
    return url


def test_sqlite_township_into_postgres_county_and_back(ledgers, county_on_postgres, tmp_path):
    county, township = county_on_postgres, ledgers["a"]
    up = export(township, tmp_path / "up.bangfu", "--township", FIRST)

    assert merge(county, up).exit_code == 0
    assert merge(county, SAMPLES / "新田镇.bangfu").exit_code == 0
    assert merge(county, up).exit_code == 0  # again: nothing more
    assert [i for i in overdue(county) if i["township"] in (FIRST, None)] == overdue(township)

    down = export(county, tmp_path / "down.bangfu", "--township", FIRST)
    fresh = tmp_path / "fresh.db"
    assert cli(fresh, "init").exit_code == 0
    assert merge(fresh, down).exit_code == 0
    assert overdue(fresh) == overdue(township)
