"""Rows that are unusual but break no rule are accepted with a warning naming their lines, the
same way for every import; refusals stay for what is impossible (docs/imports.md)."""

from __future__ import annotations

import pytest

from tests.conftest import run_cli
from tests.ledger_data.helpers import HOUSEHOLD_HEADER, small_ledger, valid_id, write_csv


@pytest.fixture
def ledger(tmp_path):
    small_ledger(tmp_path)
    return tmp_path


def test_moving_since_after_the_first_pairing_is_a_warning_and_the_rest_of_the_file_goes_in(ledger):
    path = write_csv(
        ledger / "moved.csv",
        HOUSEHOLD_HEADER,
        f"H005,王五,{valid_id(5)},大塘埠镇,龙井村,2,,是,,,,2022-01-01",
        # H001 is paired from 2021-01-01: entered in the ledger later than its pairing
        f"H001,刘洪军,{valid_id(1)},大塘埠镇,大塘埠村,3,13720891101,是,,,,2022-06-01",
    )
    result = run_cli("household", "import", str(path))
    assert result.exit_code == 0, result.output
    assert "1 added, 1 updated" in result.stderr
    assert "Warnings" in result.stderr and "line 3:" in result.stderr and "line 2:" not in result.stderr
    assert "2022-06-01" in result.stderr and "2021-01-01" in result.stderr
    assert run_cli("household", "show", "H001", "--format", "json").json()["since"] == "2022-06-01"


def test_visit_import_json_has_a_warnings_field_naming_the_line(ledger):
    path = ledger / "v.csv"
    path.write_text(
        "户编号,干部编号,走访日期,方式,走访内容\nH001,C02,2026-10-08,入户,a\nH001,C02,2026-10-08,入户,b\n",
        encoding="utf-8",
    )
    result = run_cli("visit", "import", str(path), "--format", "json")
    assert result.exit_code == 0, result.output
    doc = result.json()
    assert doc["added"] == 2
    assert doc["warnings"] == [
        {
            "line": 3,
            "warning": "maybe_duplicate",
            "household": "H001",
            "cadre": "C02",
            "date": "2026-10-08",
            "mode": "home",
        }
    ]
    assert "line 3:" in result.stderr and "Warnings" in result.stderr
