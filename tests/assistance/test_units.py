"""``unit import|add|list|show``: the import guarantees, village links over date ranges, and the
cadres whose 单位 matches no unit."""

from __future__ import annotations

from tests.assistance.conftest import UNIT_HEADER, refused, rows, table_counts
from tests.conftest import run_cli
from tests.ledger_data.helpers import write_csv


def test_unit_import__a_row_per_link_and_a_reimport_changes_nothing(with_units, tmp_path):
    links = rows(
        with_units,
        'SELECT u.code, v.name, l.start, l."end" FROM unit_village l '
        "JOIN unit u ON u.id = l.unit_id JOIN village v ON v.id = l.village_id ORDER BY l.start",
    )
    assert links == [("DW01", "三江村", "2021-06-01", "2026-06-30"), ("DW01", "大塘埠村", "2025-03-15", None)]
    before = table_counts(with_units)
    again = run_cli("unit", "import", str(tmp_path / "units.csv"))
    assert again.exit_code == 0 and "0 added, 0 updated, 3 unchanged" in again.stderr
    assert table_counts(with_units) == before  # not even an audit row


def test_unit_import__english_headers_and_values_in_gb18030(ledger, tmp_path):
    path = write_csv(
        tmp_path / "units.csv",
        "code,name,level,township,village,start,end",
        "DW09,信丰县水利局,county,大塘埠镇,龙井村,2024-01-01,",
        encoding="gb18030",
    )
    result = run_cli("unit", "import", str(path))
    assert result.exit_code == 0, result.output
    listed = run_cli("unit", "list", "--format", "json").json()
    assert listed == [
        {
            "code": "DW09",
            "name": "信丰县水利局",
            "level": "county",
            "villages": "大塘埠镇 龙井村",
            "links": 1,
            "cadres": 0,
        }
    ]


def test_unit_import__xlsx_first_sheet(ledger, tmp_path):
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    sheet.append(["单位编号", "单位名称", "层级", "乡镇", "村", "开始日期", "结束日期"])
    sheet.append(["DW05", "信丰县民政局", "县直", "大塘埠镇", "三江村", "2025-01-01", None])
    book.save(tmp_path / "units.xlsx")
    result = run_cli("unit", "import", str(tmp_path / "units.xlsx"))
    assert result.exit_code == 0, result.output
    assert rows(ledger, "SELECT code, level FROM unit") == [("DW05", "county")]


def test_unit_import__every_bad_row_listed_with_its_line_and_nothing_written(ledger, tmp_path):
    before = table_counts(ledger)
    path = write_csv(
        tmp_path / "units.csv",
        UNIT_HEADER,
        "DW01,信丰县财政局,县直,大塘埠镇,大塘埠村,2025-03-15,",
        "DW02,某局,部直,大塘埠镇,三江村,2025-01-01,",
        "DW03,某局,县直,大塘埠镇,不存在村,2025-01-01,",
        "DW04,某局,县直,大塘埠镇,三江村,,",
        "DW05,某局,县直,大塘埠镇,三江村,2025-05-01,2025-04-01",
        "DW01,信丰县财政局,县直,大塘埠镇,大塘埠村,2025-06-01,",
    )
    result = run_cli("unit", "import", str(path))
    refused(result, "line 3", "line 4", "line 5", "line 6", "line 7")
    assert "line 2:" not in result.stderr
    assert table_counts(ledger) == before


def test_unit_import__a_changed_name_is_an_audited_update(with_units, tmp_path):
    path = write_csv(tmp_path / "renamed.csv", UNIT_HEADER, "DW02,大塘埠镇政府,乡镇,,,,")
    result = run_cli("unit", "import", str(path))
    assert result.exit_code == 0 and "1 updated" in result.stderr
    trail = run_cli("audit", "--entity", "unit", "--key", "DW02", "--format", "json").json()
    assert trail[0]["action"] == "update"
    assert trail[0]["changes"] == {"name": ["大塘埠镇人民政府", "大塘埠镇政府"]}


def test_unit_add__a_second_village_link_and_a_link_ending_mid_year(with_units):
    added = run_cli(
        "unit",
        "add",
        "--code",
        "DW02",
        "--name",
        "大塘埠镇人民政府",
        "--level",
        "township",
        "--township",
        "大塘埠镇",
        "--village",
        "龙井村",
        "--start",
        "2024-01-01",
        "--end",
        "2025-06-30",
    )
    assert added.exit_code == 0, added.output
    on_day = run_cli("unit", "list", "--as-of", "2025-06-30", "--format", "json").json()
    after = run_cli("unit", "list", "--as-of", "2025-07-01", "--format", "json").json()
    assert {u["code"]: u["villages"] for u in on_day}["DW02"] == "大塘埠镇 龙井村"
    assert {u["code"]: u["villages"] for u in after}["DW02"] == ""


def test_unit_add__overlapping_link_to_the_same_village_is_refused(with_units):
    before = table_counts(with_units)
    result = run_cli(
        "unit",
        "add",
        "--code",
        "DW01",
        "--name",
        "信丰县财政局",
        "--level",
        "县直",
        "--township",
        "大塘埠镇",
        "--village",
        "大塘埠村",
        "--start",
        "2026-01-01",
    )
    refused(result, "overlap")
    assert table_counts(with_units) == before


def test_unit_list__says_which_cadres_units_match_no_unit(with_units):
    result = run_cli("unit", "list", "--format", "json")
    assert result.exit_code == 0
    units = {u["code"]: u for u in result.json()}
    assert units["DW01"]["cadres"] == 1 and units["DW02"]["cadres"] == 1  # C03 by name, C02 by name
    assert "中共信丰县委: C01" in result.stderr
    assert "C02" not in result.stderr and "C03" not in result.stderr


def test_unit_show__by_code_or_exact_name_and_unknown_is_exit_2(with_units):
    shown = run_cli("unit", "show", "信丰县财政局", "--format", "json").json()
    assert shown["code"] == "DW01" and [c["code"] for c in shown["cadres"]] == ["C03"]
    assert len(shown["villages"]) == 2
    refused(run_cli("unit", "show", "DW99"), "DW99")
