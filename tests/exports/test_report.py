"""``bangfu report quarter``: the quarterly work summary on screen, as HTML and as xlsx."""

from __future__ import annotations

import re

import openpyxl
import pytest

from tests.conftest import run_cli
from tests.exports.data import EVIL, small_ledger


@pytest.fixture
def ledger(ledger_db):
    return small_ledger(ledger_db)


def test_json_counts_households_by_category_and_visits_by_mode_and_township(ledger):
    result = run_cli("report", "quarter", "--quarter", "2026Q1", "--format", "json")
    assert result.exit_code == 0, result.output
    rep = result.json()
    towns = {r["township"]: r for r in rep["categories"]}
    # 大塘埠镇 on 2026-03-31: H1, H4 tuopin; H2 tuopin + unstable; H3 marginal; H6 closed in 2024
    assert towns["大塘埠镇"]["assisted"] == 4
    assert towns["大塘埠镇"]["tuopin"] == 2
    assert towns["大塘埠镇"]["unstable"] == 1 and towns["大塘埠镇"]["marginal"] == 1
    assert towns["安西镇"]["assisted"] == 1
    visits = {r["township"]: r for r in rep["visits"]}
    assert visits == {"大塘埠镇": {"township": "大塘埠镇", "home": 2, "phone": 0, "online": 0, "total": 2}}


def test_compliance_by_township_and_village_and_overdue_list_come_from_the_rules(ledger):
    rep = run_cli("report", "quarter", "--quarter", "2026Q3", "--format", "json").json()
    assert {r["township"] for r in rep["compliance_township"]} == {"大塘埠镇", "安西镇"}
    assert all(r["rate"] is None or 0 <= r["rate"] <= 1 for r in rep["compliance_village"])
    overdue = [f for f in rep["overdue"] if f["household"] == ledger["H3"]]
    assert overdue, "H3 was never visited: it must be on the overdue list"


def test_township_filter_keeps_only_that_township(ledger):
    rep = run_cli(
        "report", "quarter", "--quarter", "2026Q3", "--township", "安西镇", "--format", "json"
    ).json()
    assert [r["township"] for r in rep["categories"]] == ["安西镇"]
    assert all(f["township"] == "安西镇" for f in rep["overdue"])


def test_table_summary_on_the_terminal_in_chinese(ledger, monkeypatch):
    monkeypatch.setenv("BANGFU_LANG", "zh")
    result = run_cli("report", "quarter", "--quarter", "2026年第三季度")
    assert result.exit_code == 0, result.output
    for word in ("结对帮扶工作总结", "走访达标率", "大塘埠镇", "收入采集"):
        assert word in result.stdout


def test_html_report_is_self_contained_with_an_inline_svg_chart(ledger, tmp_path):
    out = tmp_path / "report.html"
    result = run_cli("report", "quarter", "--quarter", "2026Q3", "-o", str(out))
    assert result.exit_code == 0, result.output
    html = out.read_text(encoding="utf-8")
    assert "<svg" in html and "<script" not in html.lower()
    assert not re.search(r"""(src|href)\s*=\s*["']?(https?:)?//""", html)
    assert "=HYPERLINK(&quot;" in html or EVIL not in html  # user text is escaped where it appears


def test_xlsx_report_has_a_chart_and_no_formula(ledger, tmp_path):
    out = tmp_path / "report.xlsx"
    result = run_cli("report", "quarter", "--quarter", "2026Q3", "-o", str(out))
    assert result.exit_code == 0, result.output
    import zipfile

    assert any(n.startswith("xl/charts/chart") for n in zipfile.ZipFile(out).namelist())
    wb = openpyxl.load_workbook(out)
    cells = [c for ws in wb.worksheets for row in ws.iter_rows() for c in row if c.value is not None]
    assert all(c.data_type != "f" for c in cells)
    assert any(c.value == ledger["H3"] for c in cells)


@pytest.mark.parametrize(
    "args, words",
    [
        (["--quarter", "2026Q5"], "Cannot read the quarter"),
        (["--quarter", "2027Q1"], "has not started"),
        (["--quarter", "2026Q1", "-o", "{tmp}/r.pdf"], "html or .xlsx"),
        (["--quarter", "2026Q1", "--township", "火星镇"], "no township"),
    ],
)
def test_bad_input_exits_2(ledger, tmp_path, args, words):
    args = [a.replace("{tmp}", str(tmp_path)) for a in args]
    result = run_cli("report", "quarter", *args)
    assert result.exit_code == 2, result.output
    assert words in result.stderr and "Traceback" not in result.output
