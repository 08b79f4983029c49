"""``bangfu export unit-register``: each unit's year as a clerk binds it — opened with openpyxl,
read as CSV, HTML checked for what a browser would fetch."""

from __future__ import annotations

import csv
from pathlib import Path

import openpyxl
import pytest

from tests.assistance.conftest import ACTIVITY_HEADER, TRAINING_HEADER, UNIT_HEADER
from tests.conftest import run_cli
from tests.ledger_data.helpers import small_ledger, write_csv

EVIL = '=HYPERLINK("http://x","点我")'


@pytest.fixture
def ledger(tmp_path: Path) -> Path:
    """small_ledger (C03 杨美香 of 信丰县财政局 first secretary of 大塘埠村 since 2023; C02 of
    大塘埠镇人民政府, no role) and: DW01 信丰县财政局 assisting 大塘埠村 from 2025-03-15 and
    三江村 until 2025-06-30;
    DW02 大塘埠镇人民政府 assisting no village; DW01's 2025 activities (one voided, one with a
    formula-like content, one purchase of 1,234.50 yuan with an attachment); trainings of C03 (one
    in 2024, one across 2025-12-31) and of C02 (not a resident cadre)."""
    small_ledger(tmp_path)
    units = write_csv(
        tmp_path / "units.csv",
        UNIT_HEADER,
        "DW01,信丰县财政局,县直,大塘埠镇,大塘埠村,2025-03-15,",
        "DW01,信丰县财政局,县直,大塘埠镇,三江村,2021-06-01,2025-06-30",
        "DW02,大塘埠镇人民政府,乡镇,,,,",
    )
    (tmp_path / "纪要.txt").write_text("会议纪要", encoding="utf-8")
    activities = write_csv(
        tmp_path / "activities.csv",
        ACTIVITY_HEADER,
        "DW01,帮扶计划,2025-03-31,大塘埠镇,大塘埠村,单位党组,2025年度帮扶计划,,,",
        "DW01,研究部署,2025-02-10,,,党组会,专题研究,,纪要.txt,",
        f'DW01,季度工作总结,2025-06-20,,,,"{EVIL.replace(chr(34), chr(34) * 2)}",,,',
        "DW01,消费帮扶,2025-09-01,大塘埠镇,大塘埠村,工会,采购农产品,1234.50,,",
        "DW01,班子成员调研,2025-10-09,大塘埠镇,大塘埠村,副局长,重复登记的一条,,,",
        "DW01,班子成员调研,2024-10-09,大塘埠镇,三江村,副局长,上一年度,,,",
    )
    trainings = write_csv(
        tmp_path / "trainings.csv",
        TRAINING_HEADER,
        "C03,全省驻村干部培训班,省级,2025-12-29,2026-01-02",
        "C03,上一年培训,市级,2024-05-06,2024-05-08",
        "C02,镇干部培训,县级,2025-04-01,2025-04-03",
    )
    for kind, path in (("unit", units), ("activity", activities), ("training", trainings)):
        result = run_cli(kind, "import", str(path))
        assert result.exit_code == 0, result.output
    listed = run_cli("activity", "list", "--format", "json").json()
    (dup,) = [a["id"] for a in listed if a["content"] == "重复登记的一条"]
    assert run_cli("activity", "void", str(dup), "--reason", "重复").exit_code == 0
    return tmp_path


def _export(tmp_path: Path, name: str, *args: str) -> Path:
    out = tmp_path / name
    result = run_cli("export", "unit-register", "--year", "2025", "-o", str(out), *args)
    assert result.exit_code == 0, result.output
    return out


def _rows(ws) -> list[list]:
    return [[c.value for c in row] for row in ws.iter_rows()]


def _text(ws) -> str:
    return "\n".join(str(v) for row in _rows(ws) for v in row if v is not None)


def test_xlsx__a_sheet_per_unit_with_villages_activities_by_date_and_resident_trainings(ledger):
    wb = openpyxl.load_workbook(_export(ledger, "u.xlsx"))
    assert wb.sheetnames == ["DW01", "DW02"]
    ws = wb["DW01"]
    text = _text(ws)
    assert "信丰县财政局" in text and "大塘埠村" in text and "三江村" in text
    rows = _rows(ws)
    first = rows.index(next(r for r in rows if r[0] == "Activities")) + 2
    activities = rows[first : first + 4]
    assert [r[0].date().isoformat() for r in activities] == [
        "2025-02-10",
        "2025-03-31",
        "2025-06-20",
        "2025-09-01",
    ]
    assert [r[1] for r in activities] == ["study", "plan", "quarterly summary", "consumption purchase"]
    assert "重复登记的一条" not in text  # voided
    assert "上一年度" not in text and "上一年培训" not in text  # another year
    assert "镇干部培训" not in text  # C02 holds no resident role
    (training,) = [r for r in _rows(ws) if r[5] == "全省驻村干部培训班"]
    assert training[3] == "C03" and training[6] == 5  # five days across 31 December
    assert 1234.5 in [v for r in _rows(ws) for v in r]
    assert "No activity recorded this year" in _text(wb["DW02"])


def test_xlsx__headers_and_kinds_in_chinese_on_a_chinese_interface(ledger, monkeypatch):
    monkeypatch.setenv("BANGFU_LANG", "zh")
    ws = openpyxl.load_workbook(_export(ledger, "u.xlsx"))["DW01"]
    text = _text(ws)
    for words in (
        "2025年度信丰县财政局定点帮扶工作台账",
        "定点帮扶村",
        "帮扶活动",
        "驻村干部培训",
        "金额（元）",
    ):
        assert words in text
    for kind in ("帮扶计划", "研究部署", "季度工作总结", "消费帮扶"):
        assert kind in text
    assert "所帮扶各村" in text  # an activity without a village


def test_xlsx__print_setup_a4_landscape_one_page_wide_titles_repeated(ledger):
    ws = openpyxl.load_workbook(_export(ledger, "u.xlsx"))["DW01"]
    assert ws.page_setup.orientation == "landscape"
    assert ws.page_setup.paperSize == 9  # A4
    # one page wide (1 is the default and may be left out), as many pages tall as needed
    assert ws.sheet_properties.pageSetUpPr.fitToPage and ws.page_setup.fitToWidth in (None, 1)
    assert ws.page_setup.fitToHeight == 0
    assert ws.print_title_rows == "$1:$2"


def test_xlsx__formula_like_content_stays_text_and_attachment_named(ledger):
    ws = openpyxl.load_workbook(_export(ledger, "u.xlsx"))["DW01"]
    cells = [c for row in ws.iter_rows() for c in row if c.value is not None]
    (evil,) = [c for c in cells if c.value == EVIL]
    assert evil.data_type == "s"
    listed = run_cli("activity", "list", "--format", "json").json()
    (name,) = [a["attachment"] for a in listed if a["attachment"]]
    assert name in [c.value for c in cells]


def test_csv__utf8_bom_a_row_per_line_and_formula_text_prefixed(ledger):
    out = _export(ledger, "u.csv", "--unit", "DW01")
    raw = out.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf") and b"\r\n" in raw
    rows = list(csv.reader(raw.decode("utf-8-sig").splitlines()))
    assert rows[0][:4] == ["Unit code", "Unit", "Level", "Section"]
    body = rows[1:]
    assert {r[0] for r in body} == {"DW01"}
    assert [r[3] for r in body].count("Villages assisted") == 2
    assert [r[3] for r in body].count("Activities") == 4
    assert [r[3] for r in body].count("Trainings of resident cadres") == 1
    assert "'" + EVIL in [v for r in body for v in r]
    assert "1234.50" in [r[11] for r in body]


def test_html__escaped_self_contained_a_section_per_unit(ledger):
    html = _export(ledger, "u.html").read_text(encoding="utf-8")
    assert html.count('<section class="household">') == 2
    assert "<script" not in html and "http://" not in html.replace("http://x", "")
    assert "&quot;http://x&quot;" in html and EVIL not in html
    assert "size: A4 landscape" in html and "page-break-before: always" in html


def test_township_filter_keeps_units_linked_there_in_the_year(ledger):
    wb = openpyxl.load_workbook(_export(ledger, "u.xlsx", "--township", "大塘埠镇"))
    assert wb.sheetnames == ["DW01"]


def test_unit_by_name_selects_that_unit(ledger):
    wb = openpyxl.load_workbook(_export(ledger, "u.xlsx", "--unit", "大塘埠镇人民政府"))
    assert wb.sheetnames == ["DW02"]


def test_a_year_without_units_still_writes_a_titled_file_and_says_so(tmp_path):
    small_ledger(tmp_path)
    out = tmp_path / "u.xlsx"
    result = run_cli("export", "unit-register", "--year", "2025", "-o", str(out))
    assert result.exit_code == 0, result.output
    assert "No assistance unit" in result.stderr
    assert "Assistance units: register 2025" in _text(openpyxl.load_workbook(out).active)


@pytest.mark.parametrize(
    ("args", "words"),
    [
        (("--unit", "DW99"), "DW99"),
        (("--township", "无此镇"), "无此镇"),
        (("--format", "pdf"), "pdf"),
    ],
)
def test_bad_input_exits_2_with_one_message_and_no_file(ledger, args, words):
    out = ledger / "bad.xlsx"
    result = run_cli("export", "unit-register", "--year", "2025", "-o", str(out), *args)
    assert result.exit_code == 2, result.output
    assert words in result.stderr and "Traceback" not in result.output
    assert not out.exists()


def test_bad_year_exits_2(ledger):
    result = run_cli("export", "unit-register", "--year", "20", "-o", str(ledger / "x.csv"))
    assert result.exit_code == 2 and "20" in result.stderr
    assert not (ledger / "x.csv").exists()


def test_existing_file_is_kept_without_force(ledger):
    out = ledger / "u.csv"
    out.write_text("keep", encoding="utf-8")
    result = run_cli("export", "unit-register", "--year", "2025", "-o", str(out))
    assert result.exit_code == 2
    assert out.read_text(encoding="utf-8") == "keep"
    assert run_cli("export", "unit-register", "--year", "2025", "-o", str(out), "--force").exit_code == 0
