"""``tabular.read_table`` (blocks of rows turned into columns, a streamed csv reader) returns exactly
what the straightforward dict-per-row reader returned, on awkward files: short rows, cells under
unnamed headers, blank rows, absent optional columns, columns in any order, a BOM, tabs."""

from __future__ import annotations

import csv
import io
import random

import pytest

from bangfu_cli.domain.errors import BangfuError
from bangfu_cli.services import tabular
from bangfu_cli.services.tabular import ColumnSpec, iter_blocks, read_rows, read_table

COLUMNS = [
    ColumnSpec("household", "户编号", True),
    ColumnSpec("cadre", "干部编号", True),
    ColumnSpec("date", "走访日期", True),
    ColumnSpec("content", "走访内容"),
    ColumnSpec("measures", "帮扶措施"),
]


def reference_rows(text: str, delimiter: str = ",") -> list[tuple[int, dict[str, str]]]:
    """The plain reader: every record as stripped cells, the header mapped by name, a dict per row."""
    by_name = {n.lower(): c for c in COLUMNS for n in (c.key, c.zh)}
    header = None
    positions = []
    rows = []
    for index, record in enumerate(csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)):
        cells = [c.strip() for c in record]
        if not any(cells):
            continue
        if header is None:
            header = cells
            positions = [
                (pos, by_name[name.rstrip("*").strip().lower()].key)
                for pos, name in enumerate(cells)
                if name.rstrip("*").strip()
            ]
            continue
        row = {c.key: "" for c in COLUMNS}
        for pos, key in positions:
            if pos < len(cells):
                row[key] = cells[pos]
        if any(row.values()):
            rows.append((index + 1, row))
    return rows


def _awkward_file(seed: int) -> tuple[str, str]:
    rnd = random.Random(seed)
    names = ["户编号", "cadre", "走访日期*", "content", "帮扶措施"]
    if rnd.random() < 0.5:
        names.remove(rnd.choice(["content", "帮扶措施"]))
    rnd.shuffle(names)
    names.insert(rnd.randrange(len(names) + 1), "")  # an unnamed column, with data under it
    names += [""] * rnd.randrange(3)
    delimiter = "\t" if seed % 3 == 0 else ","
    out = io.StringIO()
    w = csv.writer(out, delimiter=delimiter, lineterminator="\r\n")
    w.writerow(names)
    for _ in range(300):
        kind = rnd.random()
        if kind < 0.05:
            w.writerow([])
        elif kind < 0.1:
            w.writerow(["  "] * len(names))
        else:
            width = rnd.randrange(1, len(names) + 3)
            w.writerow(
                [rnd.choice(["", " x ", "H01", "2026-01-02", "走访,多行\n第二行", "y"]) for _ in range(width)]
            )
    return "\ufeff" + out.getvalue(), delimiter


@pytest.mark.parametrize("block", [1, 7, tabular.ROWS_PER_BLOCK], ids=["rows of 1", "rows of 7", "default"])
@pytest.mark.parametrize("seed", range(12))
def test_read_table__same_rows_as_the_plain_reader_on_awkward_files(tmp_path, monkeypatch, seed, block):
    monkeypatch.setattr(tabular, "ROWS_PER_BLOCK", block)
    text, delimiter = _awkward_file(seed)
    path = tmp_path / "v.csv"
    path.write_text(text, encoding="utf-8")
    want = reference_rows(text.lstrip("\ufeff"), delimiter)
    keys = [c.key for c in COLUMNS]
    assert read_table(path, COLUMNS) == [(line, tuple(row[k] for k in keys)) for line, row in want]
    assert read_rows(path, COLUMNS) == want


def test_read_table__one_column_format_still_gives_tuples(tmp_path):
    path = tmp_path / "one.csv"
    path.write_text("户编号\nH01\n\n H02 \n", encoding="utf-8")
    assert read_table(path, [ColumnSpec("code", "户编号", True)]) == [(2, ("H01",)), (4, ("H02",))]


def test_read_table__a_broken_csv_is_one_clear_error(tmp_path):
    path = tmp_path / "bad.csv"
    path.write_bytes(
        b"\xef\xbb\xbf" + "户编号,干部编号,走访日期\nH01,C01,2026-01-01\n".encode() + b"\x00\x01"
    )
    with pytest.raises(BangfuError):
        read_table(path, COLUMNS)


def test_iter_blocks__columns_of_the_rows_in_blocks_without_blank_rows(tmp_path, monkeypatch):
    monkeypatch.setattr(tabular, "ROWS_PER_BLOCK", 3)
    path = tmp_path / "v.csv"
    path.write_text("户编号,,干部编号\nH01,x,C01\n,y,\n\nH02\n,,\nH03,,C03\nH04,,C04\n", encoding="utf-8")
    blocks = list(iter_blocks(path, COLUMNS[:2]))
    # lines 2-4, then 5-7 (3 and 6 have nothing asked for, 4 is blank), then 8
    assert blocks == [
        ([2], [("H01",), ("C01",)]),
        ([5, 7], [("H02", "H03"), ("", "C03")]),
        (range(8, 9), [("H04",), ("C04",)]),
    ]


def test_iter_blocks__every_block_of_a_file_with_nothing_asked_for_is_empty_is_one_error(tmp_path):
    path = tmp_path / "v.csv"
    path.write_text("户编号,干部编号,\n,,x\n", encoding="utf-8")
    with pytest.raises(BangfuError) as err:
        list(iter_blocks(path, COLUMNS[:2]))
    assert err.value.key == "import.empty"


@pytest.mark.parametrize(("lang", "named"), [("zh", "走访日期"), ("en", "date")])
def test_problems__a_column_is_named_as_the_user_reads_it(lang, named):
    from bangfu_cli.domain.dates import parse_date
    from bangfu_cli.i18n import set_lang, t
    from bangfu_cli.services.tabular import collect_problems

    set_lang(lang)
    try:
        problems = collect_problems("v.csv", COLUMNS)
        assert problems.column("date").said(t, lang) == named and problems.column("--on") == "--on"
        assert problems.value(2, parse_date, "2026-13-01", "date") is None
        with problems.row(3):
            parse_date("2026-13-01", "--on")  # not a column of the file: named as given
        first, second = (reason.said(t, lang) for _, reason in problems.items)
        assert named in first and "date" not in first.replace(named, "")
        assert "--on" in second
    finally:
        set_lang("en")
