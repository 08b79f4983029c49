"""A record of an event dated more than three years before today (a mistyped year?) is accepted
with a warning, never refused nor taken silently: income, assessments, transfers, visits and the
activities of the other kinds of assistance, from a file or from the command line. Today is
pinned at 2026-11-27: 2023-11-27 is exactly three years back (no warning), 2023-11-26 a day more."""

from __future__ import annotations

import pytest

from tests.conftest import run_cli
from tests.ledger_data.helpers import write_csv

EXACTLY, A_DAY_MORE = "2023-11-27", "2023-11-26"


def _years_back(line: int | None, field: str) -> dict:
    return {"line": line, "warning": "years_back", "field": field, "date": A_DAY_MORE, "years": 3}


def _only_line_3_warned(result) -> None:
    assert result.exit_code == 0, result.output
    assert "Warnings — 1 rows accepted" in result.stderr
    assert "line 3:" in result.stderr and "line 2:" not in result.stderr
    assert f"{A_DAY_MORE} is more than 3 years ago: accepted; check the year" in result.stderr
    assert EXACTLY not in result.stderr


def _units(ledger) -> None:
    path = write_csv(
        ledger / "u.csv", "单位编号,单位名称,层级,乡镇,村,开始日期,结束日期", "DW02,大塘埠镇人民政府,乡镇,,,,"
    )
    assert run_cli("unit", "import", str(path)).exit_code == 0


def _partner(ledger) -> None:
    assert run_cli("partner", "set", "某县", "--since", "2020-01-01").exit_code == 0


# (command, header, a row for a date, the column's English name, setup)
FILES = {
    "income": (
        ("income", "import", "--late", "补录"),
        "户编号,季度,采集日期,工资性收入",
        lambda day, n: f"H00{n},2023Q4,{day},1000",
        "collected_on",
        None,
    ),
    "activity": (
        ("activity", "import"),
        "单位编号,类型,日期,内容",
        lambda day, n: f"DW02,研究部署,{day},第{n}次",
        "date",
        _units,
    ),
    "partner": (
        ("partner", "import"),
        "类型,日期,内容",
        lambda day, n: f"党政主要领导赴对方调研,{day},第{n}次",
        "date",
        _partner,
    ),
    "social": (
        ("social", "import"),
        "贡献者,贡献者类型,日期,金额",
        lambda day, n: f"某企业,企业,{day},{n}00",
        "date",
        None,
    ),
    "training": (
        ("training", "import"),
        "干部编号,培训名称,层级,开始日期,结束日期",
        lambda day, n: f"C03,培训{n},县级,{day},2023-12-01",
        "start",
        None,
    ),
}


def _file(ledger, kind: str) -> tuple[tuple[str, ...], str]:
    """(the import command, a file of ``kind`` whose line 2 is exactly 3 years back and line 3 a
    day more) on the ledger ``kind`` needs."""
    command, header, row, _, setup = FILES[kind]
    if setup:
        setup(ledger)
    return command, str(write_csv(ledger / f"{kind}.csv", header, row(EXACTLY, 1), row(A_DAY_MORE, 2)))


@pytest.mark.parametrize("kind", sorted(FILES))
def test_an_import_warns_of_a_row_a_day_more_than_three_years_back_not_of_one_exactly_three(ledger, kind):
    command, path = _file(ledger, kind)
    _only_line_3_warned(run_cli(*command, path))


@pytest.mark.parametrize("kind", sorted(FILES))
def test_an_imports_json_names_the_row_years_back(ledger, kind):
    command, path = _file(ledger, kind)
    column = FILES[kind][3]
    result = run_cli(*command, path, "--format", "json")
    assert result.exit_code == 0, result.output
    assert result.json()["added"] == 2
    assert result.json()["warnings"] == [_years_back(3, column)]


def test_the_warning_is_said_in_chinese_with_the_column_as_the_file_names_it(ledger):
    path = write_csv(ledger / "s.csv", "贡献者,贡献者类型,日期,金额", f"某企业,企业,{A_DAY_MORE},100")
    result = run_cli("--lang", "zh", "social", "import", str(path))
    assert result.exit_code == 0, result.output
    assert f"第 2 行：日期 {A_DAY_MORE} 在 3 年以前：已接受，请核对年份" in result.stderr


# ---------------------------------------------------------------- one record on the command line

ADDS = {
    "activity": (("activity", "add", "--unit", "DW02", "--kind", "研究部署", "--date"), "--date", _units),
    "partner": (("partner", "add", "--kind", "head_visit", "--date"), "--date", _partner),
    "social": (
        ("social", "add", "--contributor", "某企业", "--contributor-kind", "企业", "--date"),
        "--date",
        None,
    ),
    "training": (
        (
            "training",
            "add",
            "--cadre",
            "C03",
            "--name",
            "培训",
            "--level",
            "县级",
            "--end",
            "2023-12-01",
            "--start",
        ),
        "--start",
        None,
    ),
}


@pytest.mark.parametrize("kind", sorted(ADDS))
def test_an_add_warns_of_a_day_more_than_three_years_back_in_text_and_json(ledger, kind):
    command, option, setup = ADDS[kind]
    if setup:
        setup(ledger)
    exactly = run_cli(*command, EXACTLY)
    assert exactly.exit_code == 0, exactly.output
    assert "Warnings" not in exactly.stderr
    older = run_cli(*command, A_DAY_MORE, "--format", "json")
    assert older.exit_code == 0, older.output
    assert "Warnings — recorded, but it looks unusual" in older.stderr
    assert f"{option} {A_DAY_MORE} is more than 3 years ago" in older.stderr
    assert older.json()["warnings"] == [_years_back(None, option)]


def test_income_add_warns_of_a_collection_years_back(ledger):
    add = ("income", "add", "--quarter", "2023Q4", "--wage", "100", "--late", "补录", "--on")
    exactly = run_cli(*add, EXACTLY, "H001")
    assert exactly.exit_code == 0 and "Warnings" not in exactly.stderr, exactly.output
    older = run_cli("--lang", "zh", *add, A_DAY_MORE, "H002")
    assert older.exit_code == 0, older.output
    assert f"--on {A_DAY_MORE} 在 3 年以前：已接受，请核对年份" in older.stderr


def test_a_transfer_years_back_is_recorded_with_a_warning(ledger):
    exactly = run_cli("pair", "transfer", "H001", "--to", "C03", "--on", EXACTLY, "--reason", "调整")
    assert exactly.exit_code == 0 and "Warnings" not in exactly.stderr, exactly.output
    older = run_cli("pair", "transfer", "H002", "--to", "C03", "--on", A_DAY_MORE, "--reason", "调整")
    assert older.exit_code == 0, older.output
    assert f"--on {A_DAY_MORE} is more than 3 years ago" in older.stderr
    pairs = run_cli("pair", "list", "--household", "H002", "--format", "json").json()
    assert {p["start"] for p in pairs if p["cadre"] == "C03"} == {A_DAY_MORE}


def test_an_assessment_saved_years_back_carries_the_warning_in_its_json(ledger):
    exactly = run_cli("assess", "--quarter", "2023Q4", "--save", "--on", EXACTLY, "--format", "json")
    assert exactly.exit_code == 0, exactly.output
    assert exactly.json() and all(row["warnings"] == [] for row in exactly.json())
    older = run_cli("assess", "--quarter", "2023Q4", "--save", "--on", A_DAY_MORE, "--format", "json")
    assert older.exit_code == 0, older.output
    assert f"--on {A_DAY_MORE} is more than 3 years ago" in older.stderr
    assert all(row["warnings"] == [_years_back(None, "--on")] for row in older.json())


def test_visit_add_warns_of_a_visit_years_back_as_visit_import_does(ledger):
    add = ("visit", "add", "--household", "H001", "--cadre", "C02", "--mode", "入户", "--date")
    exactly = run_cli(*add, EXACTLY)
    assert exactly.exit_code == 0 and "years" not in exactly.stderr, exactly.output
    older = run_cli(*add, A_DAY_MORE, "--format", "json")
    assert older.exit_code == 0, older.output
    assert older.json()["warnings"] == [
        {"line": None, "warning": "years_back", "date": A_DAY_MORE, "years": 3}
    ]
    assert "more than 3 years ago" in older.stderr
