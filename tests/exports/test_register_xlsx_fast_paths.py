"""The xlsx register's fast paths write exactly what the straightforward calls write: dates as
Excel serials (not ``write_datetime``), explicit row heights dropped from memory once their row
is on disk, and cells written by ``_FastSheet`` instead of XlsxWriter's ``Worksheet`` — the
sheets of the workbook are the same bytes either way, awkward text included."""

from __future__ import annotations

import zipfile
from datetime import UTC, date, datetime, timedelta

import pytest
from sqlmodel import Session, create_engine, select

from bangfu_cli.exporters import register_xlsx, xlsx_cells
from bangfu_cli.storage.models import Cadre, Household, Visit
from tests.conftest import run_cli
from tests.exports.data import small_ledger

LONG = "了解家庭生产生活情况，" * 12 + "\n第二行：孩子上学、看病、住房和饮水都问过了。"
AWKWARD = (
    " 前后有空格 ",
    'a & b < c > d "引号"',
    "控制\x01字符\x1f",
    "_x0041_ 像转义",
    "<r>像富文本</r>",
    "行尾换行\n",
    "\u3000全角空格开头",
    "=1+1",
)


@pytest.fixture
def ledger(ledger_db):
    info = small_ledger(ledger_db)
    from tests.db import url

    engine = create_engine(url(ledger_db))
    with Session(engine) as session:  # a few visits that wrap onto several lines (explicit heights)
        household = session.exec(select(Household)).first()
        cadre = session.exec(select(Cadre)).first()
        texts = [(LONG, LONG[:40])] * 3 + [(a, a) for a in AWKWARD]
        for n, (content, problems) in enumerate(texts):
            session.add(
                Visit(
                    household_id=household.id,
                    cadre_id=cadre.id,
                    date=date(2026, 3, 2) + timedelta(days=9 * n),
                    mode="home",
                    content=content,
                    problems=problems,
                    recorded_at=datetime(2026, 1, 1, tzinfo=UTC),
                    recorded_by="fixture",
                )
            )
        session.commit()
    engine.dispose()
    return info


def _plain(monkeypatch) -> None:
    """The straightforward calls: XlsxWriter's own worksheet writes every cell and converts each
    date, every row height stays in memory."""
    from xlsxwriter.worksheet import Worksheet

    def write_date(ws, row, col, day, fmt, serials):
        ws.write_datetime(row, col, day, fmt)

    monkeypatch.setattr(register_xlsx, "_write_date", write_date)
    monkeypatch.setattr(register_xlsx, "EXCEL_SAFE_FROM", date.max)  # no serials written inline
    monkeypatch.setattr(register_xlsx, "_forget_written_rows", lambda ws: None)
    monkeypatch.setattr(register_xlsx, "_FastSheet", Worksheet)


def _sheets(path) -> dict[str, bytes]:
    with zipfile.ZipFile(path) as z:
        return {n: z.read(n) for n in z.namelist() if n.startswith("xl/") and n.endswith(".xml")}


@pytest.mark.parametrize("layout", ["book", "flat"])
def test_fast_xlsx__same_sheets_as_the_straightforward_calls(ledger, tmp_path, monkeypatch, layout):
    fast = tmp_path / "fast.xlsx"
    plain = tmp_path / "plain.xlsx"
    args = ("export", "register", "--format", "xlsx", "--layout", layout, "--year", "2026")
    assert run_cli(*args, "-o", str(fast)).exit_code == 0
    with monkeypatch.context() as m:
        _plain(m)
        assert run_cli(*args, "-o", str(plain)).exit_code == 0
    got, want = _sheets(fast), _sheets(plain)
    assert got.keys() == want.keys()
    for name in want:
        assert got[name] == want[name], name
    sheet = b"".join(v for k, v in got.items() if "worksheets/sheet" in k)
    if layout == "book":
        assert b'customHeight="1"' in sheet  # the wrapped visits kept their heights


def test_serials__match_xlsxwriter_for_dates_from_march_1900():
    from xlsxwriter.utility import _datetime_to_excel_datetime

    serials = register_xlsx._Serials()
    day = register_xlsx.EXCEL_SAFE_FROM
    while day < date(2100, 1, 1):
        assert serials[day] == _datetime_to_excel_datetime(day, False, False), day
        day += timedelta(days=97)
    assert serials[date(2026, 1, 5)] == 46027
    assert serials[date(1900, 3, 1)] == 61
    assert serials[date(2024, 2, 29)] == 45351


def test_package__deflated_at_zip_level_with_the_same_parts(ledger, tmp_path, monkeypatch):
    fast = tmp_path / "fast.xlsx"
    tight = tmp_path / "tight.xlsx"
    args = ("export", "register", "--format", "xlsx", "--year", "2026")
    assert run_cli(*args, "-o", str(fast)).exit_code == 0
    with monkeypatch.context() as m:
        m.setattr(xlsx_cells, "ZIP_LEVEL", 9)
        assert run_cli(*args, "-o", str(tight)).exit_code == 0
    with zipfile.ZipFile(fast) as a, zipfile.ZipFile(tight) as b:
        assert a.namelist() == b.namelist()
        # the same parts, but for the time of writing in docProps/core.xml (the two runs may
        # straddle a second)
        assert all(a.read(n) == b.read(n) for n in a.namelist() if n != "docProps/core.xml")
        assert all(i.compress_type == zipfile.ZIP_DEFLATED for i in a.infolist())
        size = {z: sum(i.compress_size for i in z.infolist()) for z in (a, b)}
    assert size[a] > size[b]  # the level reached the zip file
    # XlsxWriter's module is left as it was
    import xlsxwriter.workbook

    assert xlsxwriter.workbook.ZipFile is zipfile.ZipFile
