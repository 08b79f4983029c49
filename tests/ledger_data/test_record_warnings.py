"""A record typed on the command line says its warnings as an import does (one heading, then a
line each, on stderr), and its ``--format json`` carries them as ``warnings`` (``line`` null)."""

from __future__ import annotations

from tests.conftest import run_cli


def test_pair_add_json_carries_the_door_plate_warning(ledger):
    result = run_cli(
        "pair", "add", "H003", "C01", "--kind", "leader", "--start", "2024-02-01",
        "--plaque-on", "2024-01-31", "--format", "json",
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    doc = result.json()
    assert (doc["household"], doc["cadre"], doc["start"]) == ("H003", "C01", "2024-02-01")
    assert doc["warnings"] == [
        {"line": None, "warning": "plaque_before_start", "plaque": "2024-01-31", "start": "2024-02-01"}
    ]
    assert "Warnings — recorded, but it looks unusual" in result.stderr


def test_pair_add_with_nothing_unusual_has_empty_warnings_and_says_none(ledger):
    result = run_cli("pair", "add", "H004", "C01", "--start", "2022-03-01", "--format", "json")
    assert result.exit_code == 0, result.output
    assert result.json()["warnings"] == [] and "Warnings" not in result.stderr


def test_pair_end_says_the_household_is_left_unpaired_the_import_way_in_chinese(ledger):
    result = run_cli("--lang", "zh", "pair", "end", "H001", "--on", "2026-10-31", "--reason", "调离")
    assert result.exit_code == 0, result.output
    assert "提示：已记录，但数据不常见" in result.stderr and "2026-11-01" in result.stderr
    json = run_cli("pair", "end", "H002", "--on", "2026-10-31", "--reason", "调离", "--format", "json")
    assert [w["warning"] for w in json.json()["warnings"]] == ["left_unpaired"]


def test_pair_transfer_json_has_both_pairings_and_the_warnings(ledger):
    result = run_cli(
        "pair", "transfer", "H001", "--to", "C03", "--on", "2026-11-01", "--reason", "调整",
        "--plaque-on", "2026-10-30", "--format", "json",
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    doc = result.json()
    assert doc["ended"]["end"] == "2026-10-31" and doc["started"]["cadre"] == "C03"
    assert [w["warning"] for w in doc["warnings"]] == ["plaque_before_start"]


def test_income_add_json_carries_warnings(ledger):
    add = ("income", "add", "H002", "--quarter", "2023Q4", "--wage", "100", "--late", "补录")
    result = run_cli(*add, "--on", "2023-11-01", "--format", "json")
    assert result.exit_code == 0, result.output
    doc = result.json()
    assert doc["household"] == "H002" and doc["late"] is True
    assert doc["warnings"] == [
        {"line": None, "warning": "years_back", "field": "--on", "date": "2023-11-01", "years": 3}
    ]


def test_household_and_cadre_add_json_carry_the_phone_warning(ledger):
    household = run_cli(
        "household", "add", "--code", "H009", "--head", "钱七", "--township", "大塘埠镇",
        "--village", "龙井村", "--size", "2", "--since", "2022-01-01", "--phone", "8001", "--format", "json",
    )  # fmt: skip
    assert household.exit_code == 0, household.output
    assert household.json() == {
        "code": "H009",
        "warnings": [{"line": None, "warning": "unusual_phone", "value": "****"}],
    }
    cadre = run_cli(
        "cadre", "add", "--code", "C09", "--name", "甲", "--unit", "乙", "--phone", "8001", "--format", "json"
    )
    assert cadre.exit_code == 0, cadre.output
    assert cadre.json()["code"] == "C09" and cadre.json()["warnings"][0]["warning"] == "unusual_phone"
