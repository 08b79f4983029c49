"""Households: import (status history, re-import, updates, bad rows), add, list, show, set-status, close."""

from __future__ import annotations

import json
import os

import pytest

from tests.conftest import run_cli
from tests.ledger_data.helpers import HOUSEHOLD_HEADER, counts, valid_id, write_csv


def test_import_writes_status_history_from_the_monitoring_dates(ledger):
    shown = run_cli("household", "show", "H003", "--format", "json").json()
    history = [
        (s["effective_on"], s["tuopin"], s["monitor_type"], s["risk"]) for s in shown["status_history"]
    ]
    assert history == [
        ("2024-01-01", False, None, None),
        ("2024-05-10", False, "marginal", "open"),
        ("2025-06-15", False, "marginal", "eliminated"),
    ]
    assert shown["monitored_on"] == "2024-05-10" and shown["eliminated_on"] == "2025-06-15"
    assert shown["risk"] == "eliminated"
    assert [p["cadre"] for p in shown["pairings"]] == ["C03"]


def test_status_is_judged_on_the_as_of_date(ledger):
    on_may = run_cli("household", "show", "H003", "--as-of", "2024-05-09", "--format", "json").json()
    assert on_may["category"] is None and on_may["risk"] is None
    later = run_cli("household", "show", "H003", "--as-of", "2024-05-10", "--format", "json").json()
    assert later["category"] == "marginal" and later["risk"] == "open"


def test_reimporting_the_same_file_changes_nothing(ledger):
    before = counts()
    result = run_cli("household", "import", str(ledger / "households.csv"))
    assert result.exit_code == 0, result.output
    assert "0 added, 0 updated, 4 unchanged" in result.stderr
    assert counts() == before


def test_a_changed_field_on_reimport_is_an_audited_update(ledger):
    write_csv(
        ledger / "changed.csv",
        HOUSEHOLD_HEADER,
        f"H001,刘洪军,{valid_id(1)},大塘埠镇,大塘埠村,4,13720891101,是,,,,2021-01-01",
    )
    result = run_cli("household", "import", str(ledger / "changed.csv"))
    assert result.exit_code == 0, result.output
    assert "0 added, 1 updated" in result.stderr
    trail = run_cli("audit", "--entity", "household", "--key", "H001", "--format", "json").json()
    assert trail[0]["action"] == "update" and trail[0]["changes"] == {"size": [3, 4]}
    # on PostgreSQL the trail names the database role, the operator beside it (CONTRACT.md)
    role = "postgres" if "://" in os.environ["BANGFU_DB"] else "tester"
    assert (trail[0]["by"], trail[0]["operator"]) == (role, "tester")


def test_a_later_monitoring_date_on_reimport_moves_the_status_row(ledger):
    write_csv(
        ledger / "moved.csv",
        HOUSEHOLD_HEADER,
        f"H002,林洪福,{valid_id(2)},大塘埠镇,大塘埠村,6,15760931738,是,脱贫不稳定户,2023-10-01,,2021-01-01",
    )
    assert run_cli("household", "import", str(ledger / "moved.csv")).exit_code == 0
    shown = run_cli("household", "show", "H002", "--format", "json").json()
    assert [s["effective_on"] for s in shown["status_history"]] == ["2021-01-01", "2023-10-01"]


def test_every_bad_row_is_reported_with_its_line_and_nothing_is_written(ledger):
    bad_id = valid_id(9)[:-1] + ("0" if valid_id(9)[-1] != "0" else "1")
    write_csv(
        ledger / "bad.csv",
        HOUSEHOLD_HEADER,
        f"H010,甲,{bad_id},大塘埠镇,新村,3,,是,,,,2021-01-01",
        "H011,乙,,大塘埠镇,新村,0,,是,,,,2021-01-01",
        "H012,丙,,大塘埠镇,新村,2,12345,是,,,,2021-01-01",
        "H013,丁,,大塘埠镇,新村,2,,是,,,,2027-01-01",
        "H014,戊,,大塘埠镇,新村,2,,是,边缘易致贫户,,,2021-01-01",
        "H015,己,,大塘埠镇,新村,2,,是,边缘易致贫户,2024-05-01,2024-04-01,2021-01-01",
        "H016,庚,,大塘埠镇,新村,2,,是,,,,2021-01-01",
        "H016,庚,,大塘埠镇,新村,2,,是,,,,2021-01-01",
        "H017,辛,,大塘埠镇,新村,2,,否,,,,2021-01-01",
    )
    before = counts()
    result = run_cli("household", "import", str(ledger / "bad.csv"))
    assert result.exit_code == 2
    assert "Traceback" not in result.output
    for line in (2, 3, 5, 6, 7, 9, 10):
        assert f"line {line}:" in result.stderr, line
    assert "line 8:" not in result.stderr
    assert "line 4:" not in result.stderr  # a phone of unusual shape is only warned of
    assert "check digit" in result.stderr and "after today" in result.stderr
    assert bad_id not in result.stderr  # even a bad ID number is not echoed in full
    assert counts() == before


def test_gb18030_file_from_excel_imports(ledger):
    path = write_csv(
        ledger / "gbk.csv",
        HOUSEHOLD_HEADER,
        "H020,曾桂强,,大塘埠镇,坪石村,2,,是,,,,2021-01-01",
        encoding="gb18030",
    )
    result = run_cli("household", "import", str(path))
    assert result.exit_code == 0, result.output
    assert run_cli("household", "show", "H020", "--format", "json").json()["village"] == "坪石村"


def test_xlsx_with_english_headers_imports(ledger):
    from openpyxl import Workbook

    book = Workbook()
    book.active.append(["code", "head_name", "township", "village", "size", "tuopin", "since"])
    book.active.append(["H030", "黄龙", "大塘埠镇", "龙井村", 3, "true", "2022/3/5"])
    book.save(ledger / "h.xlsx")
    result = run_cli("household", "import", str(ledger / "h.xlsx"))
    assert result.exit_code == 0, result.output
    assert run_cli("household", "show", "H030", "--format", "json").json()["since"] == "2022-03-05"


def test_unknown_column_is_refused_naming_it(ledger):
    path = write_csv(ledger / "x.csv", HOUSEHOLD_HEADER + ",颜色", "H040,甲,,镇,村,2,,是,,,,2021-01-01,红")
    result = run_cli("household", "import", str(path))
    assert result.exit_code == 2 and "颜色" in result.stderr


def test_household_add_then_duplicate_is_refused(ledger):
    args = ["household", "add", "--code", "H050", "--head", "黄龙", "--township", "大塘埠镇"]
    args += ["--village", "龙井村", "--size", "3", "--since", "2022-01-01"]
    assert run_cli(*args).exit_code == 0
    before = counts()
    again = run_cli(*args)
    assert again.exit_code == 2 and "already exists" in again.stderr
    bad = run_cli(*args[:3], "H051", *args[4:11], "0", *args[12:])
    assert bad.exit_code == 2 and "at least 1" in bad.stderr
    assert counts() == before


def test_list_filters_and_json_keys(ledger):
    rows = run_cli("household", "list", "--format", "json").json()
    assert {r["code"] for r in rows} == {"H001", "H002", "H003", "H004"}
    assert {"code", "head_name", "township", "village", "size", "since", "category", "risk", "cadre"} <= set(
        rows[0]
    )
    monitored = run_cli("household", "list", "--category", "monitored", "--format", "json").json()
    assert [r["code"] for r in monitored] == ["H002", "H003"]
    open_risk = run_cli("household", "list", "--risk", "open", "--format", "json").json()
    assert [r["code"] for r in open_risk] == ["H002"]
    by_cadre = run_cli("household", "list", "--cadre", "袁祥明", "--format", "json").json()
    assert [r["code"] for r in by_cadre] == ["H001", "H002"]
    by_village = run_cli("household", "list", "--village", "三江村", "--format", "csv")
    assert by_village.stdout.splitlines()[0].startswith("code,head_name")
    assert len(by_village.stdout.splitlines()) == 2
    table = run_cli("--lang", "zh", "household", "list", "--category", "unstable")
    assert "脱贫不稳定户" in table.stdout and "风险未消除" in table.stdout


@pytest.mark.parametrize(
    ("args", "needle"),
    [
        (["--category", "rich"], "category"),
        (["--risk", "maybe"], "risk"),
        (["--village", "三江"], "三江村"),
        (["--township", "大塘镇"], "大塘埠镇"),
        (["--as-of", "yesterday"], "--as-of"),
        (["--format", "xml"], "xml"),
    ],
)
def test_list_bad_filters_exit_2_with_one_message(ledger, args, needle):
    result = run_cli("household", "list", *args)
    assert result.exit_code == 2
    assert needle in result.stderr and "Traceback" not in result.output


def test_names_resolve_when_unique_and_list_candidates_otherwise(ledger):
    assert run_cli("household", "show", "刘洪军", "--format", "json").json()["code"] == "H001"
    ambiguous = run_cli("household", "show", "张三")
    assert ambiguous.exit_code == 2 and "H003" in ambiguous.stderr and "H004" in ambiguous.stderr
    narrowed = run_cli("household", "show", "张三", "--village", "龙井村", "--format", "json")
    assert narrowed.json()["code"] == "H004"
    unknown = run_cli("household", "show", "刘洪")
    assert unknown.exit_code == 2 and "Near matches: 刘洪军" in unknown.stderr


@pytest.mark.parametrize(
    ("lang", "expected"),
    [
        ("en", 'No household "Q9Z" (looked up by 户编号 and head\'s name).'),
        ("zh", "找不到农户“Q9Z”（按户编号或户主姓名查找）。"),
    ],
)
def test_an_unknown_name_with_nothing_near_ends_with_the_sentence(ledger, monkeypatch, lang, expected):
    monkeypatch.setenv("BANGFU_LANG", lang)
    result = run_cli("household", "show", "Q9Z")
    assert result.exit_code == 2
    assert result.stderr.strip().endswith(expected), result.stderr


def test_set_status_adds_a_row_carrying_the_other_fields_forward(ledger):
    result = run_cli("household", "set-status", "H002", "--on", "2026-03-01", "--risk", "eliminated")
    assert result.exit_code == 0, result.output
    shown = run_cli("household", "show", "H002", "--format", "json").json()
    last = shown["status_history"][-1]
    assert (last["effective_on"], last["tuopin"], last["monitor_type"], last["risk"]) == (
        "2026-03-01",
        True,
        "unstable",
        "eliminated",
    )
    ended = run_cli("household", "set-status", "H002", "--on", "2026-06-01", "--monitor-type", "none")
    assert ended.exit_code == 0, ended.output
    shown = run_cli("household", "show", "H002", "--format", "json").json()
    assert shown["category"] == "tuopin" and len(shown["status_history"]) == 4
    same = run_cli("household", "set-status", "H002", "--on", "2026-07-01", "--tuopin")
    assert same.exit_code == 0 and "nothing was written" in same.stderr


@pytest.mark.parametrize(
    "args",
    [
        ["H001", "--on", "2026-03-01", "--risk", "eliminated"],  # not monitored
        ["H001", "--on", "2020-01-01", "--tuopin"],  # before since
        ["H001", "--on", "2027-01-01", "--no-tuopin"],  # future
        ["H001", "--on", "2026-01-01", "--no-tuopin"],  # would be neither
        ["H001", "--on", "2026-01-01", "--monitor-type", "poor"],
        ["H001"],
    ],
)
def test_set_status_bad_input_writes_nothing(ledger, args):
    before = counts()
    result = run_cli("household", "set-status", *args)
    assert result.exit_code == 2 and "Traceback" not in result.output
    assert counts() == before


def test_close_keeps_history_and_ends_open_pairings_that_day(ledger):
    result = run_cli("household", "close", "H002", "--on", "2026-05-31", "--reason", "户销户")
    assert result.exit_code == 0, result.output
    shown = run_cli("household", "show", "H002", "--format", "json").json()
    assert shown["closed_on"] == "2026-05-31"
    assert {p["end"] for p in shown["pairings"]} == {"2026-05-31"}
    assert len(shown["status_history"]) == 2
    listed = [r["code"] for r in run_cli("household", "list", "--format", "json").json()]
    assert "H002" not in listed
    listed = [r["code"] for r in run_cli("household", "list", "--include-closed", "--format", "json").json()]
    assert "H002" in listed
    again = run_cli("household", "close", "H002", "--on", "2026-06-01", "--reason", "x")
    assert again.exit_code == 2 and "already closed" in again.stderr
    trail = run_cli("audit", "--key", "H002", "--format", "json").json()
    assert {e["action"] for e in trail} >= {"close", "end"}


def test_close_needs_a_reason(ledger):
    before = counts()
    assert run_cli("household", "close", "H001", "--on", "2026-05-31").exit_code == 2
    assert run_cli("household", "close", "H001", "--on", "2026-05-31", "--reason", " ").exit_code == 2
    assert counts() == before


def test_show_json_is_one_document(ledger):
    result = run_cli("household", "show", "H001", "--format", "json")
    assert json.loads(result.stdout)["head_name"] == "刘洪军"
