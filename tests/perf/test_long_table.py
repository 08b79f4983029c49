"""Long tables are printed line by line (``output.long_table``): the text must be exactly what
Rich prints for the same table — titles, captions, borders, CJK text, wrapping, justification,
narrow terminals and ASCII boxes."""

from __future__ import annotations

import io

import pytest
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st
from rich.console import Console

from bangfu_cli import output
from bangfu_cli.output import Column, long_table

CELLS = st.one_of(
    st.sampled_from(
        [
            "",
            "永城镇",
            "3607221002000001",
            "2026-11-27",
            "逾期 12 天",
            "了解家庭生产生活情况，落实帮扶措施",
            "a long sentence that can wrap at its spaces",
            "Tuopin household (stable)",
            " leading space",
            "trailing space ",
            "tab\there",
            "two\nlines",
            "[bold]not markup[/bold]",
            ":thumbs_up:",
            "全角\u3000空格",
            "x" * 40,
            "宽" * 30,
        ]
    ),
    st.text(alphabet="ab 镇村户-12", max_size=25),
)


def _columns(n: int, justify: list[str]) -> list[Column]:
    keys = ["code", "name", "days", "note", "date", "village"]
    return [Column(keys[i], "rules.col.household", justify=justify[i]) for i in range(n)]


class _AsciiFile(io.StringIO):
    encoding = "ascii"  # what Rich reads to choose its ASCII box


def _render(
    width: int, columns: list[Column], rows: list[list[str]], *, fast: bool, ascii_only: bool = False
):
    """(what ``output.table`` prints for these rows at ``width``, whether it went line by line)."""
    taken: list[bool] = []
    real = long_table.print_long

    def spy(*args):
        taken.append(real(*args))
        return taken[-1]

    buf = _AsciiFile() if ascii_only else io.StringIO()
    console = Console(
        file=buf, width=width, color_system=None, highlight=False, soft_wrap=False, legacy_windows=False
    )
    title, caption = "永城镇 — 逾期 3 户，待办 2 户", "按村排列"
    long_table.print_long = spy
    try:
        output.print_table(console, columns, rows, title=title, caption=caption, line_by_line=fast)
    finally:
        long_table.print_long = real
    return buf.getvalue(), taken == [True]


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    width=st.integers(min_value=20, max_value=160),
    n=st.integers(min_value=1, max_value=6),
    justify=st.lists(st.sampled_from(["left", "right", "center"]), min_size=6, max_size=6),
    data=st.data(),
)
def test_same_text_as_rich(width, n, justify, data):
    rows = data.draw(st.lists(st.lists(CELLS, min_size=n, max_size=n), min_size=1, max_size=12))
    columns = _columns(n, justify)
    fast, by_lines = _render(width, columns, rows, fast=True)
    rich, _ = _render(width, columns, rows, fast=False)
    assert fast == rich
    # Rich is left to print only a table it squeezes (a column under its padding) or crops:
    # the realistic tables below must go line by line.
    event(f"line by line: {by_lines}")


@pytest.mark.parametrize("width", [40, 80, 200])
def test_overdue_like_listing(width):
    rows = [
        [
            f"36072210020{i:05d}",
            "张三" if i % 2 else "Li Si",
            "逾期 3 天" if i % 3 else "",
            "2026-10-01",
            "联系点村",
        ]
        for i in range(300)
    ]
    columns = _columns(5, ["left", "left", "right", "left", "center"])
    fast, by_lines = _render(width, columns, rows, fast=True)
    assert by_lines
    assert fast == _render(width, columns, rows, fast=False)[0]
    assert fast.count("\n") > 300


@pytest.mark.parametrize("rows_at_once", [1, 2, 3, 5, 7, 8])
@pytest.mark.parametrize("width", [50, 100])
def test_rows_laid_out_in_groups_print_what_rich_prints(monkeypatch, rows_at_once, width):
    """Rows are laid out ``ROWS_AT_ONCE`` at a time, the last one with the foot's border: any
    group size, with rows of one, two and more lines, gives Rich's text."""
    monkeypatch.setattr(long_table, "ROWS_AT_ONCE", rows_at_once)
    rows = [
        ["永城镇", "two\nlines", "逾期 3 天"],
        ["三兴镇", "a long sentence that can wrap at its spaces", ""],
        ["x", "y", "z"],
        ["宽" * 10, "1", "2"],
        ["", "", ""],
        ["3607221002000001", "了解家庭生产生活情况，落实帮扶措施", "逾期 12 天"],
        ["last", "two\nlines", "row"],
    ]
    columns = _columns(3, ["left", "center", "right"])
    fast, by_lines = _render(width, columns, rows, fast=True)
    assert by_lines
    assert fast == _render(width, columns, rows, fast=False)[0]


def test_ascii_console_gets_the_same_box():
    rows = [["永城镇", "12"], ["三兴镇", "7"]]
    columns = _columns(2, ["left", "right"])
    fast, by_lines = _render(60, columns, rows, fast=True, ascii_only=True)
    assert by_lines
    assert fast == _render(60, columns, rows, fast=False, ascii_only=True)[0]
    assert "━" not in fast and "+" in fast


def test_long_listing_goes_line_by_line(monkeypatch, capsys):
    calls = []
    real = long_table.print_long

    def spy(console, tbl, body):
        calls.append(len(body))
        return real(console, tbl, body)

    monkeypatch.setattr(long_table, "print_long", spy)
    rows = [{"code": f"H{i:04d}", "name": "户主"} for i in range(output.LONG_TABLE + 1)]
    output.table(rows, _columns(2, ["left", "left"]))
    assert calls == [output.LONG_TABLE + 1]
    assert capsys.readouterr().out.count("H0") == output.LONG_TABLE + 1
    calls.clear()
    output.table(rows[: output.LONG_TABLE], _columns(2, ["left", "left"]))
    assert calls == []


def test_same_escape_codes_as_rich_on_a_colour_terminal():
    """On a terminal the header is bold and the title and caption styled: the same codes."""
    columns = _columns(4, ["left", "left", "right", "left"])
    rows = [
        [f"H{i:05d}", "张三", "逾期 3 天" if i % 2 else "", "信巩办字〔2023〕4号 一(3)"] for i in range(150)
    ]
    printed = []
    for fast in (True, False):
        buf = io.StringIO()
        console = Console(file=buf, width=60, force_terminal=True, color_system="truecolor", highlight=False)
        output.print_table(
            console, columns, rows, title="永城镇：逾期 3 项", caption="判断日期", line_by_line=fast
        )
        printed.append(buf.getvalue())
    assert printed[0] == printed[1]
    assert "\x1b[1m" in printed[0] and "\x1b[2;3m" in printed[0]


def test_a_cell_squeezed_to_its_padding_is_blank():
    """Rich renders no line for a cell of no room that is not plain text (``" "`` in a column two
    cells wide, padding only); the table pads it with a blank line, and so does ``_shape``."""
    from rich.table import Column as RichColumn

    console = Console(file=io.StringIO(), width=40)
    for value in (" ", "a ", "tab\there", ""):
        assert long_table._shape(console, console.options, RichColumn(overflow="fold"), 2, value) == ["  "]


def test_cells_are_each_rows_show_or_plain_text():
    """``output.cells`` (a column at a time) gives what each row's cells were, one at a time."""
    from datetime import date, datetime
    from decimal import Decimal

    columns = [
        Column("a", "rules.col.household"),
        Column("b", "rules.col.household", show=lambda v, r: f"{v}/{r.get('a')}"),
        Column("missing", "rules.col.household"),
    ]
    values = [1, True, Decimal("1.0"), Decimal("1"), "1", None, date(2026, 1, 2), datetime(2026, 1, 2, 3, 4)]
    rows = [{"a": v, "b": i} for i, v in enumerate(values)] + [{"a": ["x", "y"], "b": None}]
    expected = [
        tuple(
            col.show(row.get(col.key), row) if col.show else output._plain(row.get(col.key))
            for col in columns
        )
        for row in rows
    ]
    assert output.cells(rows, columns) == expected
    assert output.cells([], columns) == []
    assert output.cells(rows, []) == [()] * len(rows)


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_overdue_columns_show_each_row_as_its_own_values_say(lang):
    """The overdue listing works its status and day texts out once per distinct value: every row
    still shows what its own values say."""
    from bangfu_cli.cli import overdue
    from bangfu_cli.i18n import label, set_lang, t

    set_lang(lang)
    rows = [
        {"status": status, "days_overdue": over, "days_left": left, "done": done, "required": 2}
        for status, over, left in [
            ("overdue", 3, None),
            ("due", None, 3),
            ("overdue", 4, None),
            ("met", None, None),
        ]
        * 3
        for done in (0, 1)
    ]
    shown = {c.key: c for c in overdue._columns()}
    status, days = shown["status"], shown["days_overdue"]
    got = [(c[0], c[1]) for c in output.cells(rows, [status, days])]
    assert got == [(label("status", r["status"]), overdue._days(None, r)) for r in rows]
    assert ("逾期 3 天" if lang == "zh" else t("rules.days.overdue", days=3)) in {g[1] for g in got}
