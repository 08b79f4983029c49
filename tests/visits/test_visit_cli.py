"""``bangfu visit add|list|show|void|import`` through the real entry point."""

from __future__ import annotations

import pytest

from tests.conftest import run_cli


def _count_visits() -> int:
    return len(run_cli("visit", "list", "--format", "json").json())


def test_visit_add__records_and_says_what_it_satisfied_and_what_is_still_due(town):
    r = run_cli(
        "visit", "add", "--household", "H001", "--cadre", "C01", "--date", "2026-11-03", "--mode", "入户",
        "--content", "了解收入", "--education", "ok", "--housing", "漏雨",
    )  # fmt: skip
    assert r.exit_code == 0, r.output
    assert "XF1 2026Q4 done" in r.stderr
    assert "XF3" in r.stderr  # still due: the first secretary's monthly visit
    shown = run_cli("visit", "list", "--household", "H001", "--format", "json").json()
    assert len(shown) == 1
    item = shown[0]
    assert {k: item[k] for k in ("household", "cadre", "date", "mode", "voided")} == {
        "household": "H001",
        "cadre": "C01",
        "date": "2026-11-03",
        "mode": "home",
        "voided": False,
    }
    assert item["guarantees"] == "教育:正常；住房:漏雨"


def test_visit_add__json_lists_satisfied_and_still_due(town):
    r = run_cli(
        "visit", "add", "--household", "H002", "--cadre", "C02", "--date", "2026-10-08", "--mode", "home",
        "--format", "json",
    )  # fmt: skip
    assert r.exit_code == 0, r.output
    doc = r.json()
    assert [(f["rule"], f["period"]) for f in doc["satisfied"]] == [("XF4", "2026Q4")]
    assert {f["rule"] for f in doc["still_due"]} >= {"XF2"}


@pytest.mark.parametrize(
    "args, word",
    [
        (["--household", "H001", "--cadre", "C01", "--date", "2026-11-28", "--mode", "home"], "after today"),
        (["--household", "NOPE", "--cadre", "C01", "--date", "2026-11-01", "--mode", "home"], "NOPE"),
        (["--household", "H001", "--cadre", "NOBODY", "--date", "2026-11-01", "--mode", "home"], "NOBODY"),
        (["--household", "H001", "--cadre", "C01", "--date", "2026-11-01", "--mode", "fax"], "fax"),
    ],
)
def test_visit_add__refused_with_exit_2_and_nothing_written(town, args, word):
    r = run_cli("visit", "add", *args)
    assert r.exit_code == 2
    assert word in r.stderr and "Traceback" not in r.output
    assert _count_visits() == 0


def test_visit_add__household_closed_before_the_visit_date_is_refused(town):
    assert run_cli("household", "close", "H003", "--on", "2026-06-30", "--reason", "户销户").exit_code == 0
    r = run_cli(
        "visit", "add", "--household", "H003", "--cadre", "C03", "--date", "2026-07-02", "--mode", "home"
    )
    assert r.exit_code == 2 and "closed" in r.stderr
    r = run_cli(
        "visit", "add", "--household", "H003", "--cadre", "C03", "--date", "2026-06-30", "--mode", "home"
    )
    assert r.exit_code == 0, r.output


def test_visit_add__cadre_without_pairing_or_role_is_recorded_with_a_warning(town):
    r = run_cli(
        "visit", "add", "--household", "H001", "--cadre", "C03", "--date", "2026-11-03", "--mode", "home"
    )
    assert r.exit_code == 0
    assert "holds no pairing" in r.stderr
    assert _count_visits() == 1


def test_visit_add__photo_is_copied_beside_the_ledger_named_by_its_hash(town, attachments):
    import hashlib

    photo = town / "door.JPG"
    photo.write_bytes(b"fake jpeg bytes")
    r = run_cli(
        "visit", "add", "--household", "H001", "--cadre", "C01", "--date", "2026-11-03", "--mode", "home",
        "--photo", str(photo),
    )  # fmt: skip
    assert r.exit_code == 0, r.output
    name = hashlib.sha256(b"fake jpeg bytes").hexdigest() + ".jpg"
    assert (attachments / name).read_bytes() == b"fake jpeg bytes"
    assert run_cli("visit", "show", "1", "--format", "json").json()["photo"] == name


def test_voided_visit_counts_for_nothing_and_voiding_twice_is_an_error(town):
    run_cli("visit", "add", "--household", "H001", "--cadre", "C01", "--date", "2026-11-03", "--mode", "home")

    before = run_cli("overdue", "--rule", "XF1", "--format", "json").json()
    assert not [f for f in before if f["period"] == "2026Q4"]
    r = run_cli("visit", "void", "1", "--reason", "录错户")
    assert r.exit_code == 0, r.output
    after = run_cli("overdue", "--rule", "XF1", "--format", "json").json()
    assert [f["status"] for f in after if f["period"] == "2026Q4"] == ["due"]
    shown = run_cli("visit", "show", "1", "--format", "json").json()
    assert shown["voided"] is True and shown["void_reason"] == "录错户" and shown["voided_by"] == "tester"
    assert run_cli("visit", "list", "--voided", "--format", "json").json()[0]["id"] == 1
    again = run_cli("visit", "void", "1", "--reason", "again")
    assert again.exit_code == 2 and "already voided" in again.stderr
    assert run_cli("visit", "show", "99").exit_code == 2


def test_visit_list_filters_by_township_mode_and_dates(town):
    for hh, cadre, day, mode in (
        ("H001", "C01", "2026-10-01", "home"),
        ("H002", "C01", "2026-10-05", "phone"),
        ("H003", "C03", "2026-11-01", "home"),
    ):
        assert (
            run_cli(
                "visit", "add", "--household", hh, "--cadre", cadre, "--date", day, "--mode", mode
            ).exit_code
            == 0
        )
    ids = lambda *a: [v["household"] for v in run_cli("visit", "list", *a, "--format", "json").json()]  # noqa: E731
    assert ids("--township", "甲镇") == ["H001", "H002"]
    assert ids("--mode", "电话") == ["H002"]
    assert ids("--from", "2026-10-02", "--to", "2026/11/1") == ["H002", "H003"]
    assert ids("--cadre", "C03") == ["H003"]


VISITS = """户编号,干部编号,走访日期,方式,走访内容,发现问题,帮扶措施,三保障饮水
H001,C01,2026-10-01,入户,了解收入,无,无,正常
H002,C01,2026/10/05,电话,电话问候,,,
H003,C03,20261101,home,,,,住房漏雨
"""


def _table_counts() -> dict[str, int]:
    from tests.db import table_counts

    return table_counts()


def test_visit_import__one_transaction_and_reimport_changes_nothing(town):
    path = town / "visits.csv"
    path.write_text(VISITS, encoding="utf-8-sig")
    r = run_cli("visit", "import", str(path), "--format", "json")
    assert r.exit_code == 0, r.output
    assert r.json() == {"file": str(path), "added": 3, "updated": 0, "unchanged": 0, "warnings": []}
    before = _table_counts()
    again = run_cli("visit", "import", str(path), "--format", "json").json()
    assert _table_counts() == before  # the audit trail included: nothing happened
    assert (again["added"], again["unchanged"]) == (0, 3)
    assert _count_visits() == 3
    rows = run_cli("visit", "list", "--format", "json").json()
    assert [r["guarantees"] for r in rows] == ["正常", None, "住房漏雨"]


def test_visit_import__every_bad_row_listed_with_its_line_and_nothing_written(town):
    path = town / "bad.csv"
    path.write_text(
        VISITS + "H404,C01,2026-10-01,入户,,,,\nH001,C09,2026-13-01,传真,,,,\nH001,C01,2027-01-01,入户,,,,\n",
        encoding="utf-8",
    )
    r = run_cli("visit", "import", str(path))
    assert r.exit_code == 2
    for needle in ("line 5", "H404", "line 6", "C09", "2026-13-01", "传真", "line 7", "after today"):
        assert needle in r.stderr, needle
    assert _count_visits() == 0


def test_visit_add__every_line_of_what_is_still_due_is_filled_in(town):
    """The still-due list mixes visit, income (XF7) and assessment (XF8) findings; none may show a
    raw placeholder."""
    r = run_cli(
        "visit", "add", "--household", "H001", "--cadre", "C01", "--date", "2026-11-20", "--mode", "home"
    )
    assert r.exit_code == 0, r.output
    assert "XF7" in r.stderr and "XF8" in r.stderr  # H001 is monitored: income and assessment are due
    assert "{" not in r.stderr and "}" not in r.stderr


def test_visit_add__by_names__a_unique_name_resolves_an_ambiguous_one_lists_the_candidates(town, tmp_path):
    r = run_cli(
        "visit", "add", "--household", "张大山", "--cadre", "赵干部", "--date", "2026-11-03", "--mode", "入户"
    )
    assert r.exit_code == 0, r.output
    assert run_cli("visit", "list", "--format", "json").json()[0]["household"] == "H001"

    more = tmp_path / "more.csv"  # a second 张大山, in another township
    more.write_text(
        "户编号,户主姓名,乡镇,村,家庭人口,是否脱贫户,纳入台账日期\nH009,张大山,乙镇,二村,2,是,2025-01-01\n",
        encoding="utf-8",
    )
    assert run_cli("household", "import", str(more)).exit_code == 0
    r = run_cli(
        "visit", "add", "--household", "张大山", "--cadre", "C01", "--date", "2026-11-04", "--mode", "入户"
    )
    assert r.exit_code == 2 and "Traceback" not in r.output
    assert "H001" in r.stderr and "H009" in r.stderr  # both candidates named
    assert _count_visits() == 1


def test_visit_import__the_count_is_of_bad_rows_not_of_problems(town):
    path = town / "one-bad-row.csv"
    path.write_text(VISITS + "H404,C09,2026-13-01,传真,,,,\n", encoding="utf-8")
    r = run_cli("visit", "import", str(path))
    assert r.exit_code == 2
    assert "1 bad row(s)" in r.stderr  # one row with four problems
    assert r.stderr.count("line 5") == 4
    assert _count_visits() == 0


BAD_ROWS = {
    "after the household closed": ("H002,C01,2026-10-11,入户,,,,", "closed"),
    "a text over the limit": ("H003,C03,2026-11-02,入户,,," + "很" * 2_001 + ",", "2000"),
    "after today": ("H001,C01,2026-11-28,入户,,,,", "after today"),
    "an unknown mode": ("H001,C01,2026-11-02,传真,,,,", "传真"),
    "an unknown household": ("H404,C01,2026-11-02,入户,,,,", "H404"),
    "an unknown cadre": ("H001,C09,2026-11-02,入户,,,,", "C09"),
    "not a date": ("H001,C01,2026-13-01,入户,,,,", "2026-13-01"),
}


@pytest.mark.parametrize("per_block", [1, 256], ids=["blocks of 1", "blocks of 256"])
@pytest.mark.parametrize("kind", BAD_ROWS)
def test_visit_import__one_bad_row_of_each_kind_among_good_ones(town, monkeypatch, per_block, kind):
    """Blocks of good new rows are checked by column, others row by row: a file whose only bad
    row has one problem is refused, whatever the problem and however the file is cut."""
    from bangfu_cli.services import tabular

    monkeypatch.setattr(tabular, "ROWS_PER_BLOCK", per_block)
    assert run_cli("household", "close", "H002", "--on", "2026-10-10", "--reason", "迁出").exit_code == 0
    row, needle = BAD_ROWS[kind]
    path = town / "one-bad.csv"
    path.write_text(VISITS + row + "\n", "utf-8")
    r = run_cli("visit", "import", str(path))
    assert r.exit_code == 2
    assert "line 5" in r.stderr and needle in r.stderr and "1 bad row(s)" in r.stderr
    assert _count_visits() == 0

    path.write_text(VISITS + "H002,C01,2026-10-10,入户,,,,\n", "utf-8")  # on the day it closed: fine
    r = run_cli("visit", "import", str(path), "--format", "json")
    assert r.exit_code == 0, r.output
    assert r.json()["added"] == 4


def test_visit_import__problems_name_the_columns_by_their_chinese_headers_in_chinese(town, monkeypatch):
    monkeypatch.setenv("BANGFU_LANG", "zh")
    path = town / "bad-zh.csv"
    long = "很" * 2_001
    path.write_text(VISITS + f"H001,C01,2026-13-01,入户,{long},,,\n", encoding="utf-8")
    r = run_cli("visit", "import", str(path))
    assert r.exit_code == 2
    assert "走访日期“2026-13-01”不是可识别的日期" in r.stderr
    assert "走访内容 超过 2000 个字" in r.stderr
    assert "date" not in r.stderr and "content" not in r.stderr
