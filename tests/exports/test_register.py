"""``bangfu export register`` checked as a clerk sees the files: opened with openpyxl, read as CSV,
HTML printed by a real browser."""

from __future__ import annotations

import csv
import os
import re
import shutil
import subprocess
from pathlib import Path

import openpyxl
import pytest

from tests.conftest import run_cli
from tests.exports.data import EVIL, H1_ID, H1_ID_MASKED, H1_PHONE, H1_PHONE_MASKED, small_ledger


@pytest.fixture
def ledger(ledger_db):
    return small_ledger(ledger_db)


def _export(tmp_path, name, *args):
    out = tmp_path / name
    result = run_cli("export", "register", "-o", str(out), *args)
    assert result.exit_code == 0, result.output
    return out, result


def _cells(ws):
    return [c for row in ws.iter_rows() for c in row if c.value is not None]


def _texts(ws) -> str:
    return "\n".join(str(c.value) for c in _cells(ws))


def test_book__a_sheet_per_village_every_household_even_never_visited(ledger, tmp_path):
    out, result = _export(tmp_path, "reg.xlsx", "--year", "2026")
    assert "5 households" in result.stderr and "6 visits" in result.stderr
    wb = openpyxl.load_workbook(out)
    assert wb.sheetnames == ["三江村", "大塘埠村", "安西村"]
    text = _texts(wb["大塘埠村"])
    for code in (ledger["H1"], ledger["H2"], ledger["H3"]):
        assert code in text
    assert ledger["H6"] not in text  # closed in 2024: not in the 2026 register
    assert "No visit in this period" in text  # H3, never visited, still has its page


def test_book__voided_and_out_of_range_visits_left_out(ledger, tmp_path):
    out, _ = _export(tmp_path, "reg.xlsx", "--year", "2026", "--village", "大塘埠村")
    text = _texts(openpyxl.load_workbook(out).active)
    assert "落实产业奖补" in text and "电话了解务工情况" in text
    assert "误录的走访" not in text  # voided
    assert "2025年走访" not in text  # outside --year


def test_book__pairing_history_shows_old_and_new_cadre_with_dates(ledger, tmp_path):
    out, _ = _export(tmp_path, "reg.xlsx", "--village", "大塘埠村")
    text = _texts(openpyxl.load_workbook(out).active)
    assert "王建国 C1" in text and "李秀英 C2" in text
    assert "2021-01-01 to 2026-03-31" in text and "from 2026-04-01" in text
    assert "工作调动" in text and "信丰县农业农村局" in text and "副镇长" in text


def test_book__ids_and_phones_masked_by_default(ledger, tmp_path):
    out, _ = _export(tmp_path, "reg.xlsx")
    text = "\n".join(_texts(ws) for ws in openpyxl.load_workbook(out).worksheets)
    assert H1_ID_MASKED in text and H1_ID not in text
    assert H1_PHONE_MASKED in text and H1_PHONE not in text
    assert "13900001111" not in text  # cadre phone too


def test_book__reveal_shows_full_numbers_and_is_audited(ledger, tmp_path):
    from tests.db import rows as ledger_rows

    out, result = _export(tmp_path, "reg.xlsx", "--reveal")
    text = "\n".join(_texts(ws) for ws in openpyxl.load_workbook(out).worksheets)
    assert H1_ID in text and "13900001111" in text
    rows = ledger_rows("SELECT action, by, operator, entity_key FROM audit WHERE action = 'reveal'")
    # on PostgreSQL ``by`` is the database role and the operator's name stands beside it
    assert len(rows) == 1 and rows[0][0] == "reveal" and "tester" in rows[0][1:3]
    assert rows[0][3].startswith("register")


def test_book__masked_export_writes_no_reveal_to_the_audit_log(ledger, tmp_path):
    from tests.db import rows

    _export(tmp_path, "reg.xlsx")
    assert rows("SELECT count(*) FROM audit WHERE action = 'reveal'") == [(0,)]


def test_book__no_cell_is_a_formula_even_for_a_head_named_with_equals(ledger, tmp_path):
    out, _ = _export(tmp_path, "reg.xlsx")
    wb = openpyxl.load_workbook(out)
    cells = [c for ws in wb.worksheets for c in _cells(ws)]
    assert all(c.data_type != "f" for c in cells)
    values = {c.value for c in cells}
    assert "=1+1" in values  # a visit's content, kept as typed
    assert any(isinstance(v, str) and EVIL in v for v in values)


def test_book__print_setup_a4_landscape_titles_and_a_page_per_household(ledger, tmp_path):
    out, _ = _export(tmp_path, "reg.xlsx", "--year", "2026")
    ws = openpyxl.load_workbook(out)["大塘埠村"]
    assert ws.page_setup.orientation == "landscape"
    assert ws.page_setup.paperSize == 9  # A4
    assert ws.print_title_rows == "$1:$2"
    # one page wide (1 is the default and may be left out), as many pages tall as needed
    assert ws.sheet_properties.pageSetUpPr.fitToPage and ws.page_setup.fitToWidth in (None, 1)
    assert ws.page_setup.fitToHeight == 0
    breaks = [b.id for b in ws.row_breaks.brk]
    assert len(breaks) == 2  # three households: a break before the second and the third
    starts = [c.row for c in ws["A"] if isinstance(c.value, str) and c.value.startswith("Household ")]
    assert [b + 1 for b in breaks] == starts[1:]
    visit_header = next(row for row in ws.iter_rows(min_row=starts[0]) if row[0].value == "Visit date")
    assert visit_header[-1].value == "Household signature"
    assert ws.column_dimensions["D"].width >= 25  # content column wide enough for Chinese text


def test_book__headers_in_chinese_when_the_interface_is_chinese(ledger, tmp_path, monkeypatch):
    monkeypatch.setenv("BANGFU_LANG", "zh")
    out, _ = _export(tmp_path, "reg.xlsx", "--village", "三江村")
    text = _texts(openpyxl.load_workbook(out).active)
    for word in ("帮扶情况登记册", "农户签字", "走访日期", "三保障及饮水安全", "结对帮扶干部", "季度纯收入"):
        assert word in text
    assert "入户" in text


def test_book__income_by_quarter_in_yuan(ledger, tmp_path):
    out, _ = _export(tmp_path, "reg.xlsx", "--village", "大塘埠村", "--year", "2026")
    ws = openpyxl.load_workbook(out).active
    rows = [[c.value for c in row] for row in ws.iter_rows() if row[0].value in ("2026Q1", "2026Q2")]
    q1 = rows[0]
    assert q1[1] == 3 and q1[3] == 12000 and q1[4] == 500 and q1[5] == 200
    assert q1[8] == pytest.approx(12300)  # net = wage + business − cost + transfer + property


def test_flat__one_row_per_visit_with_household_columns_filter_and_frozen_header(ledger, tmp_path):
    out, _ = _export(tmp_path, "flat.xlsx", "--layout", "flat", "--year", "2026")
    ws = openpyxl.load_workbook(out).active
    header = [c.value for c in ws[1]]
    rows = [dict(zip(header, (c.value for c in row), strict=True)) for row in ws.iter_rows(min_row=2)]
    assert len(rows) == 7  # six visits and never-visited H3
    assert ws.freeze_panes == "A2"
    assert ws.auto_filter.ref == f"A1:S{len(rows) + 1}"
    h3 = [r for r in rows if r["Household code"] == ledger["H3"]]
    assert len(h3) == 1 and h3[0]["Visit date"] is None
    h2 = [r for r in rows if r["Household code"] == ledger["H2"]]
    assert [r["Paired cadres"] for r in h2] == ["王建国（信丰县农业农村局）", "李秀英（大塘埠镇人民政府）"]
    assert all(c.data_type != "f" for c in _cells(ws))


def test_csv__utf8_bom_flat_and_formula_text_prefixed(ledger, tmp_path, monkeypatch):
    monkeypatch.setenv("BANGFU_LANG", "zh")
    out, _ = _export(tmp_path, "reg.csv", "--year", "2026")
    raw = out.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")
    rows = list(csv.DictReader(raw.decode("utf-8-sig").splitlines()))
    assert {"户编号", "户主", "走访日期", "走访内容（了解情况）"} <= set(rows[0])
    assert len(rows) == 7
    h2 = [r for r in rows if r["户编号"] == ledger["H2"]]
    assert h2[0]["户主"] == "'" + EVIL
    assert h2[0]["走访内容（了解情况）"] == "'+86 电话号码变更"
    assert h2[0]["发现问题"] == "'-住房漏雨" and h2[0]["帮扶措施"] == "'@镇政府 申请危房改造"
    assert h2[0]["跟踪落实"] == "'\t跟进维修"
    assert h2[1]["走访内容（了解情况）"] == "'=1+1"
    assert all(not v.startswith(("=", "+", "-", "@")) for r in rows for v in r.values())
    assert H1_ID not in raw.decode("utf-8-sig")


def test_html__escapes_user_text_and_needs_no_network(ledger, tmp_path):
    out, _ = _export(tmp_path, "reg.html")
    html = out.read_text(encoding="utf-8")
    assert "<script" not in html.lower()
    assert not re.search(r"""(src|href)\s*=\s*["']?(https?:)?//""", html)
    assert "@import" not in html
    assert "=HYPERLINK(&quot;http://x&quot;,&quot;点我&quot;)" in html
    assert H1_ID_MASKED in html and H1_ID not in html
    assert html.count('<section class="household">') == 6  # all dates: H6, closed in 2024, too


def test_cadre_filter_selects_households_paired_with_the_cadre_in_the_dates(ledger, tmp_path):
    out, _ = _export(tmp_path, "c.xlsx", "--layout", "flat", "--cadre", "C1", "--year", "2026")
    ws = openpyxl.load_workbook(out).active
    codes = {row[2].value for row in ws.iter_rows(min_row=2)}
    assert codes == {ledger["H1"], ledger["H2"]}


def test_existing_file_is_kept_without_force(ledger, tmp_path):
    out = tmp_path / "reg.xlsx"
    out.write_bytes(b"keep me")
    result = run_cli("export", "register", "-o", str(out))
    assert result.exit_code == 2 and "--force" in result.stderr
    assert out.read_bytes() == b"keep me"
    result = run_cli("export", "register", "-o", str(out), "--force")
    assert result.exit_code == 0
    assert openpyxl.load_workbook(out).sheetnames


@pytest.mark.parametrize(
    "args, words",
    [
        (["-o", "{tmp}/missing/reg.xlsx"], "does not exist"),
        (["-o", "{tmp}"], "is a folder"),
        (["-o", "{tmp}/reg.pdf"], "Cannot tell the format"),
        (["-o", "{tmp}/reg.xlsx", "--format", "pdf"], "Unsupported export format"),
        (["-o", "{tmp}/reg.xlsx", "--layout", "wide"], "Unknown layout"),
        (["-o", "{tmp}/reg.xlsx", "--year", "2026", "--from", "2026-01-01"], "either --year or"),
        (["-o", "{tmp}/reg.xlsx", "--from", "2026-05-01", "--to", "2026-01-01"], "swap --from and --to"),
        (["-o", "{tmp}/reg.xlsx", "--from", "2026-13-01"], "Cannot read the date"),
        (["-o", "{tmp}/reg.xlsx", "--township", "火星镇"], "no township"),
        (["-o", "{tmp}/reg.xlsx", "--village", "火星村"], "火星村"),
    ],
)
def test_bad_input_exits_2_with_one_message_and_no_file(ledger, tmp_path, args, words):
    args = [a.replace("{tmp}", str(tmp_path)) for a in args]
    result = run_cli("export", "register", *args)
    assert result.exit_code == 2, result.output
    assert words in result.stderr and "Traceback" not in result.output
    assert [p for p in os.listdir(tmp_path) if not p.startswith("ledger.db")] == []


def test_a_failing_export_leaves_no_partial_file(ledger, tmp_path, monkeypatch):
    from bangfu_cli.exporters import register_xlsx

    def boom(path, entries, sel, advance):
        path.write_bytes(b"half")
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(register_xlsx, "write_book", boom)
    result = run_cli("export", "register", "-o", str(tmp_path / "reg.xlsx"))
    assert result.exit_code == 2 and "No space left" in result.stderr
    assert not [p for p in os.listdir(tmp_path) if "reg.xlsx" in p]


def test_empty_selection_still_writes_a_titled_file_and_says_so(ledger_db, tmp_path):
    out, result = _export(tmp_path, "empty.xlsx")
    assert "No household matches" in result.stderr
    assert openpyxl.load_workbook(out).sheetnames == ["Register"]


CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")


@pytest.mark.slow
@pytest.mark.skipif(CHROMIUM is None, reason="chromium is not installed (apt-get install chromium)")
def test_html__printed_by_chromium_gives_one_page_per_household(ledger, tmp_path):
    out, _ = _export(tmp_path, "reg.html", "--year", "2026")
    pdf = tmp_path / "reg.pdf"
    subprocess.run(
        [
            CHROMIUM,
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            f"--user-data-dir={tmp_path / 'chromium'}",
            "--no-pdf-header-footer",
            f"--print-to-pdf={pdf}",
            Path(out).as_uri(),
        ],
        capture_output=True,
        timeout=120,
        check=False,
    )
    assert pdf.exists(), "chromium did not print the register"
    pages = len(re.findall(rb"/Type\s*/Page\b", pdf.read_bytes()))
    assert pages == 5  # five households in the 2026 register
