"""A small ledger (three villages of 大塘埠镇, three cadres; tests/ledger_data/helpers.py) and
file builders for the imports of the other kinds of assistance."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.conftest import run_cli
from tests.ledger_data.helpers import small_ledger, write_csv

UNIT_HEADER = "单位编号,单位名称,层级,乡镇,村,开始日期,结束日期"
ACTIVITY_HEADER = "单位编号,类型,日期,乡镇,村,参加人员,内容,金额,附件,所属期间"
TRAINING_HEADER = "干部编号,培训名称,层级,开始日期,结束日期"
PARTNER_HEADER = "类型,日期,结束日期,干部编号,金额,人员,内容"
SOCIAL_HEADER = "贡献者,贡献者类型,日期,方式,金额,时长,受益人数,乡镇,村,成效"


@pytest.fixture
def ledger(tmp_path: Path) -> Path:
    small_ledger(tmp_path)
    return tmp_path / "ledger.db"


@pytest.fixture
def with_units(ledger: Path, tmp_path: Path) -> Path:
    """Unit DW01 (信丰县财政局) assists 大塘埠村 from 2025-03-15 and 三江村 all along; DW02 assists none."""
    path = write_csv(
        tmp_path / "units.csv",
        UNIT_HEADER,
        "DW01,信丰县财政局,县直,大塘埠镇,大塘埠村,2025-03-15,",
        "DW01,信丰县财政局,县直,大塘埠镇,三江村,2021-06-01,2026-06-30",
        "DW02,大塘埠镇人民政府,乡镇,,,,",
    )
    result = run_cli("unit", "import", str(path))
    assert result.exit_code == 0, result.output
    return ledger


def table_counts(db: Path) -> dict[str, int]:
    """Rows of every table of the test's ledger (``db`` names it on SQLite; tests/db.py)."""
    from tests import db as ledger

    return ledger.table_counts()


def rows(db: Path, sql: str) -> list[tuple]:
    """The rows of ``sql`` on the test's ledger (``db`` names it on SQLite; tests/db.py), with
    values as SQLite keeps them whatever the backend: dates as ISO text, booleans as 0 and 1."""
    from tests import db as ledger

    return [tuple(_as_in_sqlite(v) for v in row) for row in ledger.rows(sql)]


def _as_in_sqlite(value):
    from datetime import date

    if isinstance(value, bool):
        return int(value)
    if isinstance(value, date):
        return value.isoformat()
    return value


def refused(result, *fragments: str) -> None:
    """Exit 2, one message on stderr naming every fragment, no traceback."""
    assert result.exit_code == 2, result.output
    assert "Traceback" not in result.output
    for fragment in fragments:
        assert fragment in result.stderr, (fragment, result.stderr)
