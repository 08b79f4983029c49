"""Every listing fits the terminal — 80 and 120 columns, Chinese and English — with its codes and
dates whole: a narrow terminal gets the compact listing (``--wide`` shows every column, JSON and
CSV always have them), long text folds inside its cell, messages fold between words."""

from __future__ import annotations

import re

import pytest
from rich.cells import cell_len

from tests.conftest import run_cli

HOUSEHOLD = "3607221032020028"
LISTINGS = [
    ("overdue",),
    ("overdue", "--status", "overdue"),
    ("overdue", "--summary"),
    ("overdue", "--summary", "--level", "cadre"),
    ("check",),
    ("rules",),
    ("info",),
    ("visit", "list"),
    ("visit", "list", "--household", HOUSEHOLD),
    ("visit", "show", "1"),
    ("income", "show", HOUSEHOLD),
    ("income", "collect", "--quarter", "2026Q3"),
    ("income", "alerts", "--quarter", "2026Q3"),
    ("income", "threshold", "list"),
    ("audit",),
    ("household", "list"),
    ("household", "show", HOUSEHOLD),
    ("cadre", "list"),
    ("cadre", "show", "XF-GB-011"),
    ("pair", "list"),
    ("role", "list"),
    ("assess", "--quarter", "2026Q3"),
    ("assess", "list"),
]
CODE = re.compile(r"\d{7,}")  # a run of digits this long is a 户编号 (16 digits), never a piece of one
BROKEN_DATE = re.compile(r"20\d\d-(?!\d\d)")  # a date or month cut after its year
# a cadre code (XF-GB-011) or a unit code (XF-DW-01) cut in two
BROKEN_CADRE = re.compile(r"XF-(?!GB-\d{3}|DW-\d{2})|(?<!XF-)(?:GB|DW)-\d")


def _screen(monkeypatch, lang: str, width: int, *args: str):
    monkeypatch.setenv("BANGFU_LANG", lang)
    monkeypatch.setenv("COLUMNS", str(width))
    result = run_cli(*args)
    assert result.exit_code in (0, 1), result.output  # check: 1 when anything is overdue
    return result


@pytest.mark.parametrize("lang", ["zh", "en"])
@pytest.mark.parametrize("width", [80, 120])
@pytest.mark.parametrize("args", LISTINGS, ids=[" ".join(a) for a in LISTINGS])
def test_listing__fits_the_terminal_with_codes_and_dates_whole(demo, monkeypatch, args, width, lang):
    result = _screen(monkeypatch, lang, width, *args)
    lines = result.output.splitlines()
    assert lines, "nothing printed"
    too_wide = [line for line in lines if cell_len(line) > width]
    assert too_wide == [], f"{len(too_wide)} lines wider than {width}: {too_wide[:2]}"
    text = result.output
    assert [c for c in CODE.findall(text) if len(c) != 16] == []
    assert BROKEN_DATE.findall(text) == []
    assert BROKEN_CADRE.findall(text) == []


def test_overdue__compact_at_80_columns_every_column_with_wide_or_room(demo, monkeypatch):
    narrow = _screen(monkeypatch, "zh", 80, "overdue").stdout
    assert "条款" not in narrow and "最近走访" not in narrow  # the clause and last visit: --wide
    assert "户编号" in narrow and "责任干部" in narrow and "逾期" in narrow
    wide = _screen(monkeypatch, "zh", 80, "overdue", "--wide").stdout
    assert "条款" in wide and "最近走访" in wide
    roomy = _screen(monkeypatch, "zh", 250, "overdue").stdout
    assert "条款" in roomy and "最近走访" in roomy


def test_household_show__english_pairing_history_keeps_its_last_column_at_80(demo, monkeypatch):
    out = _screen(monkeypatch, "en", 80, "household", "show", HOUSEHOLD).stdout
    history = out.split("Pairing history", 1)[1].splitlines()
    assert all(cell_len(line) <= 80 for line in history)
    assert any(line.rstrip().endswith(("┓", "┐")) for line in history)  # the table is closed on the right
    assert "End reason" in out


def test_json_and_csv_have_every_column_whatever_the_width(demo, monkeypatch):
    monkeypatch.setenv("COLUMNS", "80")
    rows = run_cli("visit", "list", "--format", "json").json()
    assert {"guarantees", "voided", "village"} <= set(rows[0])
    header = run_cli("household", "list", "--format", "csv").stdout.splitlines()[0]
    assert "phone" in header and "id_number" in header and "township" in header


def test_message__folds_between_words_never_inside_a_code():
    from bangfu_cli.output import wrap_words

    text = (
        "户编号 3607221032020028 不存在：请先导入户名册，"
        "或用户编号查询XF-GB-011干部的结对情况，2026-11-20 之后再试。"
    )
    for width in (20, 30, 40, 80):
        lines = wrap_words(text, width)
        joined = "".join(lines).replace(" ", "")
        assert joined == text.replace(" ", "")
        for code in ("3607221032020028", "XF-GB-011", "2026-11-20"):
            assert any(code in line for line in lines), (width, lines)
        assert all(cell_len(line) <= width for line in lines if not CODE.search(line))
        assert not any(line.startswith(("。", "，", "：")) for line in lines)


def test_error__a_long_message_on_a_narrow_terminal_keeps_the_code_whole(demo, monkeypatch):
    monkeypatch.setenv("COLUMNS", "40")
    result = run_cli("household", "show", "3607221032020029999")
    assert result.exit_code == 2
    assert "3607221032020029999" in result.stderr
    assert [c for c in CODE.findall(result.stderr) if len(c) not in (16, 19)] == []
