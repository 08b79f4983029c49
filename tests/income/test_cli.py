import json

from tests import db
from tests.conftest import run_cli

H1, H2 = "360722000001", "360722000002"


def add(quarter, on, *extra, household=H1):
    return run_cli("income", "add", household, "--quarter", quarter, "--on", on, *extra)


def count(ledger, table="income"):
    return db.count(table, db=ledger)


def test_add__on_the_25th_and_on_the_5th_accepted(book, ledger_db):
    book.commit()
    assert add("2026Q1", "2026-03-25", "--wage", "100").exit_code == 0
    assert add("2026Q2", "2026/7/5", "--wage", "100").exit_code == 0
    assert count(ledger_db) == 2


def test_add__q4_collected_in_january_is_inside_the_window(book, ledger_db):
    book.commit()
    result = add("2025Q4", "2026-01-05", "--wage", "1,000.50")
    assert result.exit_code == 0, result.output


def test_add__outside_the_window_refused_with_the_window_unless_late(book, ledger_db):
    book.commit()
    result = add("2026Q1", "2026-03-24", "--wage", "100")
    assert result.exit_code == 2
    assert "2026-03-25 to 2026-04-05" in result.stderr and "--late" in result.stderr
    assert add("2026Q1", "2026-04-06").exit_code == 2
    assert count(ledger_db) == 0
    assert add("2026Q1", "2026-04-06", "--late", "户主外出").exit_code == 0
    listing = run_cli("income", "collect", "--quarter", "2026Q1", "--format", "json").json()
    assert [(r["household"], r["status"]) for r in listing] == [(H1, "late")]


def test_add__second_record_needs_correct_and_supersedes_keeping_both(book, ledger_db):
    book.commit()
    assert add("2026Q3", "2026-09-26", "--wage", "100").exit_code == 0
    again = add("2026Q3", "2026-09-27", "--wage", "200")
    assert again.exit_code == 2 and "--correct" in again.stderr
    assert count(ledger_db) == 1
    fixed = add("2026Q3", "2026-09-27", "--wage", "200", "--correct", "录入错误")
    assert fixed.exit_code == 0, fixed.output
    shown = run_cli("income", "show", H1, "--format", "json").json()["quarters"]
    assert [(q["wage"], q["superseded_by"] is not None) for q in shown] == [(100.0, True), (200.0, False)]
    actions = [r[0] for r in db.rows("select action from audit where entity='income' order by id")]
    assert actions == ["add", "add", "supersede"]


def test_add__bad_amount_exit_2_nothing_written(book, ledger_db):
    book.commit()
    for bad in ("-1", "1.005", "abc"):
        result = add("2026Q3", "2026-09-26", "--wage", bad)
        assert result.exit_code == 2 and "Traceback" not in result.output
    assert add("2026Q3", "2026-09-26", household="nobody").exit_code == 2
    assert add("2026Q3", "2026-13-40").exit_code == 2
    assert count(ledger_db) == 0


def test_import__bad_rows_all_listed_nothing_written_and_reimport_changes_nothing(book, ledger_db, tmp_path):
    book.commit()
    bad = tmp_path / "bad.csv"
    bad.write_text(
        "户编号,季度,采集日期,工资性收入\n"
        f"{H1},2026Q3,2026-09-26,100\n"
        f"{H2},2026Q3,2026-09-01,100\n"
        "999,2026Q3,2026-09-26,-5\n",
        encoding="utf-8-sig",
    )
    result = run_cli("income", "import", str(bad))
    assert result.exit_code == 2
    assert "line 3" in result.stderr and "line 4" in result.stderr
    assert count(ledger_db) == 0
    good = tmp_path / "good.csv"
    good.write_text(
        f"household,quarter,collected_on,wage,excluded\n{H1},2026Q3,2026-09-26,100,50\n{H2},2026Q3,2026-10-05,1,\n",
        encoding="utf-8",
    )
    assert run_cli("income", "import", str(good)).exit_code == 0
    again = run_cli("income", "import", str(good))
    assert again.exit_code == 0 and "0 added" in again.stderr
    assert count(ledger_db) == 2


def test_import__late_rows_need_the_late_option(book, ledger_db, tmp_path):
    book.commit()
    late = tmp_path / "late.csv"
    late.write_text(f"户编号,季度,采集日期,工资性收入\n{H1},2026Q1,2026-04-15,100\n", encoding="utf-8")
    assert run_cli("income", "import", str(late)).exit_code == 2
    assert run_cli("income", "import", str(late), "--late", "补录").exit_code == 0


def test_collect__monitored_at_quarter_start_only_all_adds_tuopin(book, ledger_db):
    book.commit()
    add("2026Q3", "2026-09-30", "--wage", "100")
    rows = run_cli("income", "collect", "-q", "2026Q4", "--format", "json").json()
    assert [(r["household"], r["status"], r["window_end"], r["days_left"]) for r in rows] == [
        (H1, "missing", "2027-01-05", 39)
    ]
    everyone = run_cli("income", "collect", "-q", "2026Q3", "--all", "--format", "json").json()
    assert {(r["household"], r["status"]) for r in everyone} == {(H1, "collected"), (H2, "missing")}
    assert [r["days_overdue"] for r in everyone if r["status"] == "missing"] == [53]  # 10-05 → 11-27


def test_show__estimated_per_capita_and_excluded_income_not_counted(book, ledger_db):
    book.commit()
    add("2026Q2", "2026-06-26", "--wage", "1000", "--excluded", "5000", "--rigid-expense", "300")
    add("2026Q3", "2026-09-26", "--wage", "1000")
    rows = run_cli("income", "show", H1, "--format", "json").json()["quarters"]
    assert rows[-1]["net_income"] == 1000.0
    assert rows[-1]["per_capita"] == 1000.0 and rows[-1]["estimated"] is True  # 2000 × 4/2 ÷ 4
    table = run_cli("income", "show", H1)
    assert table.exit_code == 0 and "1,000.00 *" in table.stdout


def test_threshold__ledger_overrides_profile_with_source(book, ledger_db):
    book.commit()
    assert (
        run_cli("income", "threshold", "set", "2026", "8000", "--source", "信政字〔2026〕1号").exit_code == 0
    )
    rows = run_cli("income", "threshold", "list", "--format", "json").json()
    mine = [r for r in rows if r["year"] == 2026]
    assert mine == [
        {"year": 2026, "place": "", "amount": 8000.0, "source": "信政字〔2026〕1号", "origin": "ledger"}
    ]
    assert run_cli("income", "threshold", "set", "2026", "-1").exit_code == 2


def test_alerts__drop_at_exactly_30_percent_and_rigid_at_exactly_60_percent(book, ledger_db):
    book.commit()
    add("2025Q3", "2025-09-26", "--wage", "10000")
    add("2026Q3", "2026-09-26", "--wage", "7000", "--rigid-expense", "10200")
    # four quarters: 2025Q4–2026Q3 hold only 2026Q3 (net 7000); rigid 10200 / 7000 ≥ 60 %
    rows = run_cli("income", "alerts", "-q", "2026Q3", "--format", "json").json()
    by = {r["alert"]: r for r in rows}
    assert by["income-drop"]["value"] == 0.3 and by["income-drop"]["limit"] == 0.3
    assert by["income-drop"]["inputs"]["net_income_year_ago"] == 10000.0
    assert by["rigid-expense"]["limit"] == 0.6
    assert "below-threshold" in by  # 7000 × 4 ÷ 4 = 7000 < 7800 (profile, 2026)
    assert all(r["household"] == H1 and r["quarter"] == "2026Q3" and r["formula"] for r in rows)


def test_growth__tuopin_in_both_years_against_rates(book, ledger_db):
    book.commit()
    for q, on in (("Q1", "03-26"), ("Q2", "06-26"), ("Q3", "09-26"), ("Q4", "12-26")):
        add(f"2024{q}", f"2024-{on}", "--wage", "1000", household=H2)
        if q != "Q4":
            add(f"2025{q}", f"2025-{on}", "--wage", "1100", household=H2)
    add("2025Q4", "2026-01-03", "--wage", "1100", household=H2)
    result = run_cli("income", "growth", "--year", "2025", "--local-rate", "7.5%", "--format", "json")
    data = result.json()
    assert data["households"] == 1 and data["growth"] == 0.1 and data["passes_local"] is True
    equal = run_cli("income", "growth", "--year", "2025", "--local-rate", "10", "--format", "json").json()
    assert equal["passes_local"] is False  # 10 % growth is not higher than a 10 % local rate
    assert run_cli("income", "growth", "--year", "2025", "--local-rate", "x").exit_code == 2


def test_assess__proposes_and_saves_with_supersede(book, ledger_db):
    book.visit(H1, "C1", __import__("datetime").date(2026, 9, 1), "正常")
    book.commit()
    add("2026Q2", "2026-06-26", "--wage", "9000")
    add("2026Q3", "2026-09-26", "--wage", "9000")
    rows = run_cli("assess", "--quarter", "2026Q3", "--format", "json").json()
    assert [(r["household"], r["conclusion"]) for r in rows] == [(H1, "eliminate")]
    assert count(ledger_db, "assessment") == 0
    assert run_cli("assess", "-q", "2026Q3", "--save", "--on", "2026-09-30").exit_code == 0
    assert run_cli("assess", "-q", "2026Q3", "--save", "--on", "2026-09-30").exit_code == 0
    listed = run_cli("assess", "list", "--all", "--format", "json").json()
    assert [r["superseded_by"] is None for r in listed] == [False, True]
    assert json.dumps(listed[0]["reasons"])
    assert run_cli("assess", "-q", "2026Q3", "--save", "--on", "2027-01-01").exit_code == 2
    assert count(ledger_db, "assessment") == 2
