"""Visits that are unusual but break no rule are imported, with a warning naming their lines:
a second visit by the same cadre to the same household on the same day and mode (it may be a
duplicate), and a visit dated years back (a mistyped year?). Impossible rows stay refused."""

from __future__ import annotations

from datetime import date, timedelta

from tests.conftest import run_cli

HEADER = "户编号,干部编号,走访日期,方式,走访内容,发现问题,帮扶措施,三保障饮水\n"


def _import(town, text: str, *extra: str):
    path = town / "v.csv"
    path.write_text(HEADER + text, encoding="utf-8-sig")
    return run_cli("visit", "import", str(path), *extra)


def test_a_second_visit_the_same_day_and_mode_is_imported_and_said_to_be_a_possible_duplicate(town):
    result = _import(
        town,
        "H001,C01,2026-10-08,入户,了解收入,,,\n"
        "H001,C01,2026-10-08,电话,电话回访,,,\n"  # another mode: usual
        "H001,C01,2026-10-08,入户,了解就业,,,\n",  # same day, cadre and mode: maybe a duplicate
    )
    assert result.exit_code == 0, result.output
    assert "3 added" in result.stderr and "1 rows accepted" in result.stderr
    assert "line 4:" in result.stderr and "may be a duplicate" in result.stderr
    assert "line 2:" not in result.stderr and "line 3:" not in result.stderr


def test_a_visit_like_one_already_in_the_ledger_is_warned_of_too_even_in_json(town):
    assert _import(town, "H001,C01,2026-10-08,入户,了解收入,,,\n").exit_code == 0
    result = _import(town, "H001,C01,2026-10-08,入户,另一条记录,,,\n", "--format", "json")
    assert result.exit_code == 0 and result.json()["added"] == 1
    assert "line 2:" in result.stderr and "may be a duplicate" in result.stderr
    again = _import(town, "H001,C01,2026-10-08,入户,另一条记录,,,\n")  # the same row: unchanged, no warning
    assert "1 unchanged" in again.stderr and "duplicate" not in again.stderr


def test_a_visit_dated_years_back_is_imported_with_a_warning(town):
    result = _import(town, "H001,C01,2023-10-08,入户,,,,\nH001,C01,2026-10-09,入户,,,,\n")
    assert result.exit_code == 0, result.output
    assert "2 added" in result.stderr and "line 2:" in result.stderr and "2023-10-08" in result.stderr
    assert "line 3:" not in result.stderr


def test_warnings_are_said_in_chinese(town):
    path = town / "v.csv"
    path.write_text(
        HEADER + "H001,C01,2026-10-08,入户,a,,,\nH001,C01,2026-10-08,入户,b,,,\n", encoding="utf-8-sig"
    )
    result = run_cli("--lang", "zh", "visit", "import", str(path))
    assert result.exit_code == 0, result.output
    assert "第 3 行" in result.stderr and "可能重复" in result.stderr and "入户" in result.stderr


def test_impossible_rows_stay_refused(town):
    result = _import(town, "H001,C01,2026-02-30,入户,,,,\nH001,C01,2026-10-08,传真,,,,\n")
    assert result.exit_code == 2 and "line 2:" in result.stderr and "line 3:" in result.stderr


def test_visit_add_warns_of_a_possible_duplicate_and_records_it(town):
    add = ("visit", "add", "--household", "H001", "--cadre", "C01", "--date", "2026-10-08")
    assert "duplicate" not in run_cli(*add, "--mode", "入户", "--content", "a").stderr
    again = run_cli(*add, "--mode", "入户", "--content", "b")
    assert again.exit_code == 0 and "may be a duplicate" in again.stderr
    by_phone = run_cli(*add, "--mode", "电话")
    assert by_phone.exit_code == 0 and "duplicate" not in by_phone.stderr
    assert len(run_cli("visit", "list", "--household", "H001", "--format", "json").json()) == 3


def test_a_visit_before_its_household_entered_the_ledger_is_imported_with_a_warning_as_visit_add_says(town):
    since = run_cli("household", "show", "H001", "--format", "json").json()["since"]
    day_before = (date.fromisoformat(since) - timedelta(days=1)).isoformat()
    result = _import(town, f"H001,C01,{since},入户,,,,\nH001,C01,{day_before},入户,,,,\n", "--format", "json")
    assert result.exit_code == 0, result.output
    assert result.json()["warnings"] == [
        {"line": 3, "warning": "before_since", "household": "H001", "since": since},
        # paired from the day the household entered the ledger: not yet C01's household
        {"line": 3, "warning": "no_relation", "cadre": "C01", "household": "H001", "date": day_before},
    ]
    assert "line 3:" in result.stderr and "counts for no period before that" in result.stderr


def test_a_visit_before_its_household_entered_the_ledger_is_said_in_chinese(town):
    since = date.fromisoformat(run_cli("household", "show", "H001", "--format", "json").json()["since"])
    path = town / "v.csv"
    path.write_text(HEADER + f"H001,C01,{since - timedelta(days=1)},入户,,,,\n", encoding="utf-8-sig")
    result = run_cli("--lang", "zh", "visit", "import", str(path))
    assert result.exit_code == 0, result.output
    assert f"第 2 行：户 H001 于 {since} 纳入台账；该走访已登记" in result.stderr


def test_a_visit_by_a_cadre_unrelated_to_the_household_that_day_is_imported_with_a_warning(town):
    moved = run_cli("pair", "transfer", "H001", "--to", "C03", "--on", "2026-10-01", "--reason", "工作调动")
    assert moved.exit_code == 0, moved.output
    result = _import(
        town,
        "H001,C01,2026-09-30,入户,,,,\n"  # line 2: C01's last day as H001's paired cadre
        "H001,C01,2026-10-01,入户,,,,\n"  # line 3: the day after: no longer related
        "H001,C03,2026-10-01,入户,,,,\n"  # line 4: C03's first day
        "H001,C03,2026-09-30,入户,,,,\n"  # line 5: the day before it
        "H001,C02,2026-10-02,入户,,,,\n"  # line 6: the village's first secretary
        "H003,C02,2026-10-02,入户,,,,\n",  # line 7: a household of another village
        "--format",
        "json",
    )
    assert result.exit_code == 0, result.output
    assert result.json()["added"] == 6
    warned = {(w["line"], w["warning"]) for w in result.json()["warnings"]}
    assert warned == {(3, "no_relation"), (5, "no_relation"), (7, "no_relation")}
    (town / "v.csv").write_text(HEADER + "H002,C03,2026-10-03,电话,,,,\n", encoding="utf-8-sig")
    zh = run_cli("--lang", "zh", "visit", "import", str(town / "v.csv"))
    assert zh.exit_code == 0 and "第 2 行" in zh.stderr and "没有结对关系" in zh.stderr


def test_a_file_whose_cadres_are_all_related_is_imported_without_a_warning(town):
    result = _import(town, "".join(f"H001,C01,2026-10-{d:02},电话,,,,\n" for d in range(1, 21)))
    assert result.exit_code == 0 and "20 added" in result.stderr and "unusual" not in result.stderr
