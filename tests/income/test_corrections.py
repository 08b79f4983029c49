"""Corrections do not rewrite history: a corrected on-time record stays on time, a past day's
worklist is the one the ledger held that day, and a closed window says how long ago it closed."""

from tests import db
from tests.conftest import run_cli
from tests.income.test_cli import H1, add


def _collect(*extra):
    result = run_cli("income", "collect", "--quarter", "2026Q3", *extra)
    assert result.exit_code == 0, result.output
    return result


def _status(*extra):
    (row,) = [r for r in _collect(*extra, "--format", "json").json() if r["household"] == H1]
    return row["status"], row["collected_on"], row.get("late_reason")


def test_correcting_an_on_time_record_after_its_window_keeps_it_on_time_and_its_date(book, ledger_db):
    book.commit()
    assert add("2026Q3", "2026-09-26", "--wage", "100").exit_code == 0
    fixed = add("2026Q3", "2026-11-20", "--wage", "200", "--correct", "录入错误")
    assert fixed.exit_code == 0, fixed.output
    assert _status() == ("collected", "2026-09-26", None)
    shown = run_cli("income", "show", H1, "--format", "json").json()["quarters"]
    assert [(q["wage"], q["late_reason"]) for q in shown] == [(100.0, None), (200.0, None)]


def test_correcting_inside_the_window_takes_the_new_date(book, ledger_db):
    book.commit()
    assert add("2026Q3", "2026-09-26", "--wage", "100").exit_code == 0
    assert add("2026Q3", "2026-10-03", "--wage", "200", "--correct", "复核").exit_code == 0
    assert _status() == ("collected", "2026-10-03", None)


def test_correcting_a_late_record_keeps_it_late_with_its_reason(book, ledger_db):
    book.commit()
    assert add("2026Q3", "2026-10-20", "--wage", "100", "--late", "户主外出").exit_code == 0
    assert add("2026Q3", "2026-11-20", "--wage", "200", "--correct", "录入错误").exit_code == 0
    assert _status() == ("late", "2026-11-20", "户主外出")


def test_a_correction_with_late_is_late_with_the_new_reason(book, ledger_db):
    book.commit()
    assert add("2026Q3", "2026-09-26", "--wage", "100").exit_code == 0
    fixed = add("2026Q3", "2026-11-20", "--wage", "200", "--correct", "重新采集", "--late", "重新入户采集")
    assert fixed.exit_code == 0, fixed.output
    assert _status() == ("late", "2026-11-20", "重新入户采集")


def test_a_correction_dated_before_its_quarter_is_still_refused(book, ledger_db):
    book.commit()
    assert add("2026Q3", "2026-10-20", "--wage", "100", "--late", "户主外出").exit_code == 0
    assert add("2026Q3", "2026-06-30", "--wage", "200", "--correct", "x").exit_code == 2


def test_collect_as_recorded_on_a_day_before_a_correction_shows_the_original(book, ledger_db):
    book.commit()
    assert add("2026Q3", "2026-10-20", "--wage", "100", "--late", "户主外出").exit_code == 0
    db.back_date("income", "2026-10-20 10:00", "1 = 1")  # entered the day it was collected
    assert add("2026Q3", "2026-10-04", "--wage", "200", "--correct", "补正日期").exit_code == 0
    db.back_date("income", "2026-11-01 09:00", "correct_reason IS NOT NULL")  # entered on 1 November
    assert _status() == ("collected", "2026-10-04", None)
    assert _status("--as-of", "2026-11-01") == ("collected", "2026-10-04", None)
    assert _status("--as-of", "2026-10-31", "--as-recorded") == (
        "late",
        "2026-10-20",
        "户主外出",
    )  # as it stood then
    assert _status("--as-of", "2026-10-19", "--as-recorded")[0] == "missing"  # not collected yet that day
    assert _status("--as-of", "2026-10-31") == ("late", "2026-10-20", "户主外出")  # not corrected yet


def test_collect_after_the_window_says_how_many_days_ago_it_closed(book, ledger_db):
    book.commit()
    closed = _collect("--as-of", "2026-10-08").stderr + _collect("--as-of", "2026-10-08").stdout
    assert "closed 3 days ago" in closed and "0 days left" not in closed
    on_the_day = _collect("--as-of", "2026-10-05")
    assert "0 days left" in on_the_day.stdout + on_the_day.stderr
    zh = run_cli("--lang", "zh", "income", "collect", "--quarter", "2026Q3", "--as-of", "2026-10-08")
    assert "已于 3 天前截止" in zh.stdout + zh.stderr and "剩 0 天" not in zh.stdout + zh.stderr


def test_collect_as_recorded_counts_only_records_made_by_the_days_end_in_the_ledgers_time_zone(
    book, ledger_db
):
    book.commit()
    assert add("2026Q3", "2026-10-03", "--wage", "100").exit_code == 0
    assert add("2026Q3", "2026-10-04", "--wage", "200", "--correct", "复核").exit_code == 0
    db.back_date("income", "2026-10-04 23:59", "correct_reason IS NULL")  # 15:59 UTC
    db.back_date("income", "2026-10-05 07:00", "correct_reason IS NOT NULL")  # 4 October, 23:00 UTC
    assert _status("--as-of", "2026-10-03", "--as-recorded") == (
        "missing",
        None,
        None,
    )  # entered only on the 4th
    assert _status("--as-of", "2026-10-04", "--as-recorded") == (
        "collected",
        "2026-10-03",
        None,
    )  # not yet corrected
    assert _status("--as-of", "2026-10-05", "--as-recorded") == ("collected", "2026-10-04", None)
    # without --as-recorded a record counts by its date, entered when it was; a correction still
    # counts from the day it was made
    assert _status("--as-of", "2026-10-03") == ("collected", "2026-10-03", None)
    assert _status("--as-of", "2026-10-04") == ("collected", "2026-10-03", None)
    assert _status("--as-of", "2026-10-05") == ("collected", "2026-10-04", None)
