"""``report quarter``'s sections on the other kinds of assistance: a section per unit (its
villages, what it did in the quarter, what it still owes) and one for the county pairing, in the
JSON, the HTML and the xlsx."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import openpyxl
import pytest

from tests.assistance.conftest import ACTIVITY_HEADER, PARTNER_HEADER, UNIT_HEADER
from tests.conftest import run_cli
from tests.ledger_data.helpers import small_ledger, write_csv

# The keys the report had before these sections; they stay, in this order.
OLD_KEYS = [
    "quarter",
    "start",
    "end",
    "as_of",
    "township",
    "categories",
    "visits",
    "compliance_township",
    "compliance_village",
    "overdue",
    "collection",
    "collection_missing",
    "alerts",
    "assessments",
    "assessment_rows",
    "missing_parts",
]


@pytest.fixture
def ledger(tmp_path: Path) -> Path:
    """DW01 assists 大塘埠村 from 2025-03-15 and 三江村 until 2025-06-30; DW02 assists none.
    DW01 in 2025Q3: two studies, a purchase of 800 yuan (a voided one of 99 yuan), and a plan
    in Q2. The partner 深圳市龙华区 since 2021, with 2025Q3 funds disbursed 300,000 + 200,000 yuan and
    spent 150,000.50 yuan, and a head visit in Q4."""
    small_ledger(tmp_path)
    units = write_csv(
        tmp_path / "units.csv",
        UNIT_HEADER,
        "DW01,信丰县财政局,县直,大塘埠镇,大塘埠村,2025-03-15,",
        "DW01,信丰县财政局,县直,大塘埠镇,三江村,2021-06-01,2025-06-30",
        "DW02,大塘埠镇人民政府,乡镇,,,,",
    )
    activities = write_csv(
        tmp_path / "activities.csv",
        ACTIVITY_HEADER,
        "DW01,帮扶计划,2025-04-02,大塘埠镇,大塘埠村,,计划,,,",
        "DW01,研究部署,2025-07-10,,,党组会,第一次,,,",
        "DW01,研究部署,2025-09-10,,,党组会,第二次,,,",
        "DW01,消费帮扶,2025-08-01,大塘埠镇,大塘埠村,工会,采购,800,,",
        "DW01,消费帮扶,2025-08-02,大塘埠镇,大塘埠村,工会,重复,99,,",
    )
    pairing = write_csv(
        tmp_path / "partner.csv",
        PARTNER_HEADER,
        "资金拨付到位,2025-07-15,,,300000,,第一批",
        "资金拨付到位,2025-09-15,,,200000,,第二批",
        "资金使用完成,2025-09-30,,,150000.50,,",
        "党政主要领导赴对方调研,2025-10-20,,,,县委书记,调研",
    )
    assert run_cli("unit", "import", str(units)).exit_code == 0
    assert run_cli("activity", "import", str(activities)).exit_code == 0
    assert run_cli("partner", "set", "深圳市龙华区", "--since", "2021-06-01").exit_code == 0
    assert run_cli("partner", "import", str(pairing)).exit_code == 0
    listed = run_cli("activity", "list", "--format", "json").json()
    (dup,) = [a["id"] for a in listed if a["content"] == "重复"]
    assert run_cli("activity", "void", str(dup), "--reason", "重复").exit_code == 0
    return tmp_path


def _json(*args: str) -> dict:
    result = run_cli("report", "quarter", "--quarter", "2025Q3", "--format", "json", *args)
    assert result.exit_code == 0, result.output
    return result.json()


def test_json__old_keys_unchanged_and_a_unit_section_with_its_quarter(ledger):
    rep = _json()
    assert list(rep)[: len(OLD_KEYS)] == OLD_KEYS
    units = {u["unit"]: u for u in rep["units"]}
    assert list(units) == ["DW01", "DW02"]
    dw01 = units["DW01"]
    # the link to 三江村 ended on 30 June: not a village of the third quarter
    assert [(v["village"], v["start"], v["end"]) for v in dw01["villages"]] == [
        ("大塘埠村", "2025-03-15", None)
    ]
    assert dw01["activities"] == {
        "study": 2,
        "consumption": 1,
    }  # the Q2 plan and the voided purchase left out
    assert dw01["activity_count"] == 3 and dw01["amount"] == 800.0
    # XF9 is judged: no quarterly summary in 2025Q3 (overdue), the fourth quarter still running
    assert [(f["rule"], f["period"], f["status"]) for f in dw01["owes"]] == [
        ("XF9", "2025-09-30", "overdue"),
        ("XF9", "2025-12-31", "due"),
    ]
    assert units["DW02"]["villages"] == [] and units["DW02"]["activities"] == {}


def test_json__county_pairing_with_funds_summed_in_yuan(ledger):
    pair = _json()["county_pair"]
    assert pair["partner"] == "深圳市龙华区"
    assert pair["activities"] == {"funds_disbursed": 2, "funds_spent": 1}  # the Q4 visit left out
    assert pair["funds_disbursed"] == 500000.0 and pair["funds_spent"] == 150000.5
    assert pair["findings"] == []


def test_json__a_township_report_keeps_the_units_linked_there(ledger):
    assert [u["unit"] for u in _json("--township", "大塘埠镇")["units"]] == ["DW01"]


def test_json__a_township_report_shows_what_its_unit_owes_without_a_village(ledger):
    # XF9 (the unit's quarterly summary) has no village: the township's own run of the rules
    # leaves it out, the unit's section still shows it, as the county's report does
    county = {u["unit"]: u for u in _json()["units"]}
    (dw01,) = _json("--township", "大塘埠镇")["units"]
    assert [(f["rule"], f["period"], f["village"]) for f in dw01["owes"]] == [
        ("XF9", "2025-09-30", None),
        ("XF9", "2025-12-31", None),
    ]
    assert dw01["owes"] == county["DW01"]["owes"]


def test_a_township_report_leaves_the_county_pairing_to_the_county(ledger, monkeypatch):
    monkeypatch.setenv("BANGFU_LANG", "zh")
    assert _json("--township", "大塘埠镇")["county_pair"] == {}
    assert _json()["county_pair"]["partner"] == "深圳市龙华区"
    path = ledger / "town.html"
    result = run_cli("report", "quarter", "--quarter", "2025Q3", "--township", "大塘埠镇", "-o", str(path))
    assert result.exit_code == 0, result.output
    html = path.read_text(encoding="utf-8")
    assert "帮扶单位：DW01" in html and "县域结对帮扶" not in html


@pytest.fixture
def owing(ledger, monkeypatch):
    """The run of the rules also finds DW01 overdue on SZ6 and the pairing overdue on SZ11A, as
    the unit and pairing rules report them once they are live."""
    from bangfu_cli.rules.findings import Finding
    from bangfu_cli.services import compliance

    real = compliance.run_rules

    def run_rules(*args, **kwargs):
        result = real(*args, **kwargs)
        base = Finding(
            rule="SZ6",
            source="test",
            status="overdue",
            subject="unit",
            message="rules.msg",
            township="大塘埠镇",
            village="大塘埠村",
            household=None,
            head_name=None,
            cadre=None,
            period="2025Q3",
            period_start=None,
            period_end=None,
            required=1,
            done=0,
            days_overdue=12,
            unit="DW01",
            subject_key="DW01",
        )
        pair = replace(base, rule="SZ11A", subject="county_pair", unit=None, village=None, township=None)
        met = replace(base, rule="SZ7", status="met")
        result.findings.extend([base, pair, met])
        return result

    monkeypatch.setattr(compliance, "run_rules", run_rules)
    return ledger


def test_json__what_a_unit_still_owes_comes_from_the_unit_findings_of_the_run(owing):
    rep = _json()
    units = {u["unit"]: u for u in rep["units"]}
    # the injected SZ6 finding, and XF9 as the run now judges it (no 2025Q3 summary)
    assert [(f["rule"], f["status"], f["subject"]) for f in units["DW01"]["owes"]] == [
        ("SZ6", "overdue", "unit"),
        ("XF9", "overdue", "unit"),
        ("XF9", "due", "unit"),
    ]
    # DW02 owes only what XF9/XF10 find of it (nothing injected)
    owed = units["DW02"]["owes"]
    assert owed and all(f["unit"] == "DW02" and f["rule"] in ("XF9", "XF10") for f in owed)
    assert [f["rule"] for f in rep["county_pair"]["findings"]] == ["SZ11A"]


def test_html_and_xlsx__a_section_per_unit_and_one_for_the_pairing_in_chinese(owing, monkeypatch):
    monkeypatch.setenv("BANGFU_LANG", "zh")
    html_path, xlsx_path = owing / "q.html", owing / "q.xlsx"
    for path in (html_path, xlsx_path):
        result = run_cli("report", "quarter", "--quarter", "2025Q3", "-o", str(path))
        assert result.exit_code == 0, result.output
    ws = openpyxl.load_workbook(xlsx_path).worksheets[0]
    xlsx = "\n".join(str(c.value) for row in ws.iter_rows() for c in row if c.value is not None)
    for text in (html_path.read_text(encoding="utf-8"), xlsx):
        for words in (
            "帮扶单位：DW01 信丰县财政局",
            "帮扶单位：DW02 大塘埠镇人民政府",
            "大塘埠镇大塘埠村（2025-03-15 起）",
            "研究部署 2 次、消费帮扶 1 次；共 3 次，800.00 元",
            "SZ6 2025Q3 大塘埠村：应 1，已 0，逾期 12 天",
            "县域结对帮扶",
            "深圳市龙华区（2021-06-01 起）",
            "500,000.00 元",
            "150,000.50 元",
            "SZ11A",
        ):
            assert words in text, words


def test_xlsx__a_unit_detail_is_wrapped_across_the_sheet_not_spilled(owing, monkeypatch):
    monkeypatch.setenv("BANGFU_LANG", "zh")
    path = owing / "q.xlsx"
    assert run_cli("report", "quarter", "--quarter", "2025Q3", "-o", str(path)).exit_code == 0
    ws = openpyxl.load_workbook(path).worksheets[0]
    texts = [c for row in ws.iter_rows() for c in row if isinstance(c.value, str)]
    (owes,) = [c for c in texts if c.value.startswith("SZ6 2025Q3")]
    assert owes.column == 2 and owes.alignment.wrap_text
    (merged,) = [m for m in ws.merged_cells.ranges if m.min_row == owes.row]
    assert (merged.min_col, merged.max_col) == (2, 9)
    assert ws.row_dimensions[owes.row].height >= 13.5
