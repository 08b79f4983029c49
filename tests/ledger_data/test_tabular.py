"""The import reader: encodings, xlsx, Chinese/English headers, unknown and missing columns."""

from __future__ import annotations

from datetime import date, datetime

import pytest

from bangfu_cli.domain.errors import BangfuError, RowError
from bangfu_cli.i18n import error_message
from bangfu_cli.services.tabular import ColumnSpec, collect_problems, read_rows

# No ledger: files are read and checked, nothing is written.
BACKENDS = ()

COLUMNS = [
    ColumnSpec("code", "户编号", required=True),
    ColumnSpec("head_name", "户主姓名", required=True),
    ColumnSpec("size", "家庭人口"),
    ColumnSpec("since", "纳入台账日期"),
]
CHINESE = "户编号,户主姓名,家庭人口,纳入台账日期\r\nH001,刘洪军,3,2021-01-01\r\n\r\nH002,林玉花,,2021/1/2\r\n"


def test_utf8_csv_with_chinese_headers_gives_lines_as_the_user_counts_them(tmp_path):
    path = tmp_path / "h.csv"
    path.write_text(CHINESE, encoding="utf-8", newline="")
    rows = read_rows(path, COLUMNS)
    assert rows == [
        (2, {"code": "H001", "head_name": "刘洪军", "size": "3", "since": "2021-01-01"}),
        (4, {"code": "H002", "head_name": "林玉花", "size": "", "since": "2021/1/2"}),
    ]


def test_utf8_with_bom_csv_reads_the_first_header(tmp_path):
    path = tmp_path / "h.csv"
    path.write_bytes(CHINESE.encode("utf-8-sig"))
    rows = read_rows(path, COLUMNS)
    assert rows[0][1]["code"] == "H001"


def test_gb18030_csv_as_excel_on_chinese_windows_writes_it(tmp_path):
    path = tmp_path / "h.csv"
    path.write_bytes(CHINESE.encode("gb18030"))
    rows = read_rows(path, COLUMNS)
    assert rows[1][1]["head_name"] == "林玉花"


def test_english_headers_with_spaces_star_and_any_order(tmp_path):
    path = tmp_path / "h.csv"
    path.write_text(" Head_Name* , code *,since\nZhang San,H9,2022-02-02\n", encoding="utf-8")
    rows = read_rows(path, COLUMNS)
    assert rows == [(2, {"code": "H9", "head_name": "Zhang San", "size": "", "since": "2022-02-02"})]


def test_unknown_columns_are_named(tmp_path):
    path = tmp_path / "h.csv"
    path.write_text("户编号,户主姓名,备注栏,colour\nH1,张三,x,y\n", encoding="utf-8")
    with pytest.raises(BangfuError) as info:
        read_rows(path, COLUMNS)
    assert info.value.key == "import.unknown_columns"
    assert "备注栏" in error_message(info.value) and "colour" in error_message(info.value)


def test_missing_required_columns_are_named(tmp_path):
    path = tmp_path / "h.csv"
    path.write_text("户编号,家庭人口\nH1,3\n", encoding="utf-8")
    with pytest.raises(BangfuError) as info:
        read_rows(path, COLUMNS)
    assert info.value.key == "import.missing_columns"
    assert "户主姓名" in error_message(info.value)


@pytest.mark.parametrize(
    ("name", "content", "key"),
    [
        ("nope.csv", None, "import.not_found"),
        ("h.txt", "户编号\nH1\n", "import.bad_type"),
        ("h.csv", "户编号,户主姓名\n\n", "import.empty"),
        ("h.csv", "", "import.empty"),
        ("h.xlsx", "not a workbook", "import.unreadable"),
    ],
)
def test_unusable_files_give_one_clear_error(tmp_path, name, content, key):
    path = tmp_path / name
    if content is not None:
        path.write_text(content, encoding="utf-8")
    with pytest.raises(BangfuError) as info:
        read_rows(path, COLUMNS)
    assert info.value.key == key


def test_xlsx_first_sheet_dates_and_numbers_become_text(tmp_path):
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    sheet.append(["户编号*", "户主姓名", "家庭人口", "纳入台账日期"])
    sheet.append([3607221032010003, "刘洪军", 3.0, datetime(2021, 1, 1)])
    sheet.append([None, None, None, None])
    sheet.append(["H2", "林玉花", 2, date(2022, 5, 6)])
    book.create_sheet("other").append(["ignored"])
    path = tmp_path / "h.xlsx"
    book.save(path)
    rows = read_rows(path, COLUMNS)
    assert rows == [
        (2, {"code": "3607221032010003", "head_name": "刘洪军", "size": "3", "since": "2021-01-01"}),
        (4, {"code": "H2", "head_name": "林玉花", "size": "2", "since": "2022-05-06"}),
    ]


def test_collected_problems_raise_once_with_every_bad_line_in_order():
    from bangfu_cli.domain.dates import parse_date

    problems = collect_problems("h.csv")
    with problems.row(5):
        parse_date("2023-13-01", "since")
    assert problems.value(3, parse_date, "yesterday", "since") is None
    assert problems.value(4, parse_date, "2023-01-01", "since") == date(2023, 1, 1)
    problems.add(7, "size must be at least 1")
    with pytest.raises(RowError) as info:
        problems.raise_if_any()
    assert [line for line, _ in info.value.problems] == [3, 5, 7]
    assert "line 7: size must be at least 1" in error_message(info.value)


def test_track_yields_every_item_of_a_large_file_with_or_without_a_bar():
    from bangfu_cli.services.tabular import PROGRESS_FROM, track

    items = list(range(PROGRESS_FROM + 3))
    assert list(track(items, "checking")) == items
    assert list(track(items[:3], "checking")) == items[:3]


def test_track__a_large_file_reports_to_the_display_the_command_line_installed():
    """Services never draw the bar: ``track`` tells the installed display how many items and
    which job (a message key), then once per item; a small file tells it nothing."""
    from contextlib import contextmanager

    from bangfu_cli.services.tabular import PROGRESS_FROM, show_progress_with, track

    told = []

    @contextmanager
    def display(total, what):
        told.append((total, what))
        yield lambda: told.append("one")

    items = list(range(PROGRESS_FROM + 3))
    show_progress_with(display)
    try:
        assert list(track(items[:3], "records.checking")) == items[:3]
        assert told == []
        assert list(track(items, "records.checking")) == items
        assert told == [(len(items), "records.checking"), *["one"] * len(items)]
    finally:
        show_progress_with(None)


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_problems__a_reason_is_said_in_the_language_of_the_moment_it_is_shown(lang):
    """A bad row's reason is kept as a message (its key and values, a column named in both
    languages) and said only when the error is shown: the same words as a text made at once."""
    from bangfu_cli.domain.dates import parse_date
    from bangfu_cli.domain.messages import message
    from bangfu_cli.i18n import set_lang, t

    columns = [ColumnSpec("date", "走访日期", True)]
    problems = collect_problems("v.csv", columns)
    problems.value(2, parse_date, "2026-13-01", "date")
    problems.add(3, message("records.overlap", household="H1", kind=message("enum.kind.pair"), cadre="C1",
                            start="2026-01-01", end="…"))  # fmt: skip
    set_lang(lang)
    try:
        with pytest.raises(RowError) as info:
            problems.raise_if_any()
        shown = "\n".join(t("import.row_problem", line=line, reason=why) for line, why in info.value.problems)
        column = "走访日期" if lang == "zh" else "date"
        assert (
            t("import.row_problem", line=2, reason=t("input.bad_date", field=column, value="2026-13-01"))
            in shown
        )
        kind = t("enum.kind.pair")
        overlap = t("records.overlap", household="H1", kind=kind, cadre="C1", start="2026-01-01", end="…")
        assert t("import.row_problem", line=3, reason=overlap) in shown
    finally:
        set_lang("en")
