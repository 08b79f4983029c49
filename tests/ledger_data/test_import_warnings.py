"""Rows that are unusual but break no rule are accepted with a warning naming their lines, the
same way for every import; refusals stay for what is impossible (docs/imports.md)."""

from __future__ import annotations

from tests.conftest import run_cli
from tests.ledger_data.helpers import (
    CADRE_HEADER,
    HOUSEHOLD_HEADER,
    PAIR_HEADER,
    valid_id,
    write_csv,
)


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


def test_a_phone_of_unusual_shape_is_stored_with_a_warning_not_refused(ledger):
    path = write_csv(
        ledger / "odd.csv",
        HOUSEHOLD_HEADER,
        f"H005,王五,{valid_id(5)},大塘埠镇,龙井村,2,13720891101,是,,,,2022-01-01",
        f"H006,赵六,{valid_id(6)},大塘埠镇,龙井村,2,3312345,是,,,,2022-01-01",  # no area code
    )
    result = run_cli("household", "import", str(path), "--format", "json")
    assert result.exit_code == 0, result.output
    assert result.json()["added"] == 2
    assert result.json()["warnings"] == [{"line": 3, "warning": "unusual_phone", "value": "*******"}]
    assert (
        "line 3:" in result.stderr and "stored as given" in result.stderr and "line 2:" not in result.stderr
    )
    shown = run_cli("household", "show", "H006", "--reveal", "--format", "json").json()
    assert shown["phone"] == "3312345"


def test_cadre_import_warns_of_an_unusual_phone_in_chinese(ledger):
    path = write_csv(
        ledger / "c.csv", CADRE_HEADER, "C10,林玉花,信丰县人民政府,,0797-3312345,否", "C11,甲,乙,,分机8001,否"
    )
    result = run_cli("--lang", "zh", "cadre", "import", str(path))
    assert result.exit_code == 0, result.output
    assert "第 3 行：联系电话" in result.stderr and "已照录，请核对" in result.stderr
    assert "第 2 行" not in result.stderr


def test_household_add_warns_of_an_unusual_phone_and_a_too_long_one_is_refused(ledger):
    add = ("household", "add", "--code", "H007", "--head", "钱七", "--township", "大塘埠镇")
    add += ("--village", "龙井村", "--size", "2", "--since", "2022-01-01", "--phone")
    refused = run_cli(*add, "1" * 21)
    assert refused.exit_code == 2 and "longer than 20" in refused.stderr
    result = run_cli(*add, "12345")
    assert result.exit_code == 0, result.output
    assert "Warnings — recorded" in result.stderr and "the phone ***** is neither" in result.stderr


def test_a_door_plate_dated_before_its_pairing_is_imported_with_a_warning(ledger):
    path = write_csv(ledger / "p.csv", PAIR_HEADER, "H004,C01,结对,2022-03-01,,,2022-02-27")
    result = run_cli("pair", "import", str(path))
    assert result.exit_code == 0, result.output
    assert (
        "line 2:" in result.stderr and "2022-02-27 is before the pairing's start 2022-03-01" in result.stderr
    )
    added = run_cli(
        "pair",
        "add",
        "H003",
        "C01",
        "--kind",
        "领导联系",
        "--start",
        "2024-02-01",
        "--plaque-on",
        "2024-01-31",
    )
    assert added.exit_code == 0 and "2024-01-31 is before" in added.stderr, added.output


def test_a_door_plate_dated_before_its_pairing_is_said_in_chinese(ledger):
    path = write_csv(ledger / "p.csv", PAIR_HEADER, "H004,C01,结对,2022-03-01,,,2022-02-28")
    result = run_cli("--lang", "zh", "pair", "import", str(path))
    assert result.exit_code == 0, result.output
    assert (
        "第 2 行：联系牌更换日期 2022-02-28 早于结对开始日期 2022-03-01：已接受，请核对日期" in result.stderr
    )
