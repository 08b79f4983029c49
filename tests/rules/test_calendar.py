"""The official calendar as data: ``bangfu calendar import|show``, imported days counted before the
``chinese-calendar`` package and the Monday–Friday fallback, and ``calendar: "fallback"`` on a
finding whose deadline was counted without official data.

The 2027 days here are made up (a Spring Festival week with 调休 Saturdays), not the official
arrangement: they only have its shape."""

from __future__ import annotations

from datetime import date

import pytest

from bangfu_cli.domain.workdays import WorkCalendar
from tests.conftest import run_cli
from tests.ledger_data.helpers import small_ledger, write_csv

HEADER = "日期,类型,名称"
# Made up: Friday 5 Feb 2027 is a transfer; Sat 6 Feb and Sat 20 Feb are worked, 8–12 Feb are off.
FESTIVAL = (
    "2027-02-06,工作日,春节调休（测试）",
    "2027-02-08,休息日,春节（测试）",
    "2027-02-09,休息日,春节（测试）",
    "2027-02-10,休息日,春节（测试）",
    "2027-02-11,休息日,春节（测试）",
    "2027-02-12,休息日,春节（测试）",
    "2027-02-20,工作日,春节调休（测试）",
)


def test_imported_days_come_before_the_fallback_and_make_the_year_covered():
    official = {date(2027, 2, d): False for d in range(8, 13)}
    official |= {date(2027, 2, 6): True, date(2027, 2, 20): True}
    calendar = WorkCalendar(official=official)
    assert calendar.add_workdays(date(2027, 2, 5), 7) == date(2027, 2, 20)
    assert calendar.fallback_years == set()
    assert not calendar.fell_back(date(2027, 2, 5), date(2027, 2, 20))


def test_without_imported_days_2027_falls_back_to_monday_to_friday():
    calendar = WorkCalendar()
    assert calendar.add_workdays(date(2027, 2, 5), 7) == date(2027, 2, 16)
    assert calendar.fell_back(date(2027, 2, 5), date(2027, 2, 16))


def test_an_imported_day_overrides_the_package_in_a_year_it_knows():
    # 2026-10-10 (a Saturday) is a 调休 working day in the package; imported as a holiday it is not
    calendar = WorkCalendar(official={date(2026, 10, 10): False})
    assert WorkCalendar().is_workday(date(2026, 10, 10))
    assert not calendar.is_workday(date(2026, 10, 10))
    assert calendar.is_workday(date(2026, 10, 9))  # a day not imported: the package answers


def test_a_deadline_ending_in_a_year_without_data_fell_back_even_from_a_covered_year():
    calendar = WorkCalendar()
    end = calendar.add_workdays(date(2026, 12, 28), 7)
    assert end.year == 2027 and calendar.fell_back(date(2026, 12, 28), end)
    assert not calendar.fell_back(date(2026, 9, 22), calendar.add_workdays(date(2026, 9, 22), 7))


# ---------------------------------------------------------------- through the command line


@pytest.fixture
def ledger_2027(tmp_path, monkeypatch):
    """The small ledger, with H001 transferred from C02 to C03 on Friday 2027-02-05."""
    small_ledger(tmp_path)
    monkeypatch.setenv("BANGFU_TODAY", "2027-03-15")
    moved = run_cli("pair", "transfer", "H001", "--to", "C03", "--on", "2027-02-05", "--reason", "调整")
    assert moved.exit_code == 0, moved.output
    return tmp_path


def _xf6(as_of: str) -> dict:
    result = run_cli("overdue", "--rule", "XF6", "--as-of", as_of, "--format", "json")
    assert result.exit_code == 0, result.output
    (item,) = [i for i in result.json() if i["household"] == "H001"]
    return item


def test_xf6_across_an_imported_spring_festival_counts_the_tiaoxiu_saturday_as_a_working_day(ledger_2027):
    done = run_cli("calendar", "import", str(write_csv(ledger_2027 / "cal.csv", HEADER, *FESTIVAL)))
    assert done.exit_code == 0, done.output
    item = _xf6("2027-02-18")
    assert (item["period"], item["status"], item["days_left"]) == ("2027-02-20", "due", 2)
    assert "calendar" not in item


def test_xf6_in_2027_without_imported_days_says_calendar_fallback_in_its_json(ledger_2027):
    item = _xf6("2027-02-18")
    assert (item["period"], item["status"], item["calendar"]) == ("2027-02-16", "overdue", "fallback")
    assert "Monday–Friday" in run_cli("overdue", "--rule", "XF6", "--as-of", "2027-02-18").stderr


def test_any_imported_day_of_a_year_makes_it_covered(ledger_2027):
    path = write_csv(ledger_2027 / "cal.csv", HEADER, "2027-10-01,holiday,National Day (test)")
    assert run_cli("calendar", "import", str(path)).exit_code == 0
    item = _xf6("2027-02-18")
    assert item["period"] == "2027-02-16" and "calendar" not in item


def test_reimporting_a_date_with_another_kind_updates_it_and_audits_the_change(ledger_2027):
    first = write_csv(ledger_2027 / "a.csv", HEADER, "2027-02-06,工作日,调休")
    again = write_csv(ledger_2027 / "b.csv", "date,kind,name", "2027-02-06,holiday,调休")
    assert run_cli("calendar", "import", str(first)).exit_code == 0
    unchanged = run_cli("calendar", "import", str(first))
    assert "0 added, 0 updated, 1 unchanged" in unchanged.stderr
    updated = run_cli("calendar", "import", str(again))
    assert updated.exit_code == 0 and "0 added, 1 updated" in updated.stderr
    (day,) = run_cli("calendar", "show", "2027", "--format", "json").json()["days"]
    assert (day["date"], day["kind"], day["source"]) == ("2027-02-06", "holiday", "imported")
    trail = run_cli("audit", "--entity", "calendar", "--format", "json").json()
    assert any(row["action"] == "update" and "workday" in str(row["changes"]) for row in trail)


def test_calendar_show_lists_each_days_source_and_whether_the_year_is_covered(ledger_2027):
    path = write_csv(ledger_2027 / "c.csv", HEADER, *FESTIVAL)
    assert run_cli("calendar", "import", str(path)).exit_code == 0
    shown = run_cli("calendar", "show", "2027", "--format", "json").json()
    assert shown["covered"] is True and len(shown["days"]) == len(FESTIVAL)
    assert {d["source"] for d in shown["days"]} == {"imported"}
    known = run_cli("calendar", "show", "2026", "--format", "json").json()
    assert known["covered"] is True and {d["source"] for d in known["days"]} == {"package"}
    assert {"date": "2026-10-10", "kind": "workday", "source": "package"}.items() <= next(
        d for d in known["days"] if d["date"] == "2026-10-10"
    ).items()
    empty = run_cli("calendar", "show", "2028", "--format", "json").json()
    assert empty == {"year": 2028, "covered": False, "days": []}
    csv = run_cli("calendar", "show", "2027", "--format", "csv").stdout.splitlines()
    assert csv[0] == "date,kind,name,source" and csv[1].startswith("2027-02-06,workday,")


@pytest.mark.parametrize(
    ("row", "says"),
    [
        ("2027-02-30,休息日,春节", "2027-02-30"),  # a date that does not exist
        ("2027-02-06,补班,春节", "补班"),  # an unknown kind
        (",休息日,春节", "date"),  # the date missing
        ("2027-02-06,,春节", "kind"),  # the kind missing
    ],
)
def test_a_bad_calendar_row_is_refused_naming_its_line_and_nothing_is_written(ledger_2027, row, says):
    path = write_csv(ledger_2027 / "bad.csv", HEADER, "2027-02-08,休息日,春节", row)
    result = run_cli("calendar", "import", str(path))
    assert result.exit_code == 2
    assert "line 3" in result.stderr and says in result.stderr
    assert run_cli("calendar", "show", "2027", "--format", "json").json()["days"] == []


def test_a_date_twice_in_one_file_is_refused(ledger_2027):
    path = write_csv(ledger_2027 / "twice.csv", HEADER, "2027-02-08,休息日,", "2027-02-08,工作日,")
    result = run_cli("calendar", "import", str(path))
    assert result.exit_code == 2 and "line 3" in result.stderr


def test_the_sample_calendar_is_an_example_and_imports(ledger_2027):
    from tests.conftest import SAMPLES

    assert "not the official arrangement" in (SAMPLES / "README.md").read_text(encoding="utf-8")
    result = run_cli("calendar", "import", str(SAMPLES / "calendar-example.csv"))
    assert result.exit_code == 0, result.output


def test_calendar_show_names_the_packages_festivals_in_chinese_and_says_an_empty_year_on_stderr(ledger_2027):
    known = run_cli("--lang", "zh", "calendar", "show", "2026")
    assert known.exit_code == 0 and "国庆节" in known.stdout and "National Day" not in known.stdout
    assert "National Day" in run_cli("calendar", "show", "2026").stdout
    empty = run_cli("--lang", "zh", "calendar", "show", "2028")
    assert empty.exit_code == 0 and empty.stdout == ""  # no empty table under a squeezed caption
    assert "2028 年" in empty.stderr and "bangfu calendar import" in empty.stderr


def test_a_workday_on_a_weekday_is_imported_with_a_warning_a_weekend_one_without(ledger_2027):
    # Friday 5 February 2027 is a working day already; Saturday 6 February is a 调休 working day
    path = write_csv(ledger_2027 / "cal.csv", HEADER, "2027-02-05,工作日,", "2027-02-06,工作日,")
    result = run_cli("calendar", "import", str(path), "--format", "json")
    assert result.exit_code == 0, result.output
    assert result.json()["added"] == 2
    assert [(w["line"], w["warning"]) for w in result.json()["warnings"]] == [(2, "workday_on_weekday")]
    zh = run_cli("--lang", "zh", "calendar", "import", str(path))
    assert "第 2 行" in zh.stderr and "本来就是工作日" in zh.stderr


def test_calendar_show_lists_a_day_imported_without_a_name_in_both_languages(ledger_2027):
    path = write_csv(ledger_2027 / "cal.csv", HEADER, "2027-02-06,工作日,")
    assert run_cli("calendar", "import", str(path)).exit_code == 0
    for lang in ("en", "zh"):
        shown = run_cli("--lang", lang, "calendar", "show", "2027")
        assert shown.exit_code == 0 and "2027-02-06" in shown.stdout, shown.output
