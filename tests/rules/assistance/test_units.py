"""Unit rules (SZ5–SZ9, XF9, XF10): who owes what for which period, and what counts."""

from __future__ import annotations

from datetime import date

from bangfu_cli.domain.assistance_facts import cadres_of_unknown_units
from bangfu_cli.domain.facts import LedgerData
from bangfu_cli.rules import engine, profiles
from tests.rules.assistance.builder import Assist, brief, only

# No ledger: the engine judges facts built in memory.
BACKENDS = ()


def _village_unit(*villages: str, start: str = "2023-01-01", end: str | None = None) -> Assist:
    book = Assist()
    book.unit("U1")
    for v in villages:
        book.link("U1", v, start, end)
    return book


# --- SZ5: a plan for each village by 31 March ---------------------------------------------------


def test_sz5__plan_on_31_march_is_met():
    book = _village_unit("V1")
    book.activity("U1", "plan", "2023-03-31", village="V1")
    f = only(book.run(["SZ5"]), period="2023-03-31")
    assert brief(f) == ("met", 1, None, None, False)
    assert (f.subject, f.unit, f.subject_key, f.township, f.village) == ("unit", "U1", "U1", "T1", "V1")
    assert (f.period_start, f.period_end, f.required) == (date(2023, 1, 1), date(2023, 3, 31), 1)
    assert f.household is None and f.cadre is None and f.source == "宿巩固办〔2022〕2号 三(一)"


def test_sz5__plan_on_1_april_is_late_overdue_by_one_day_frozen():
    book = _village_unit("V1")
    book.activity("U1", "plan", "2023-04-01", village="V1")
    for as_of in ("2023-04-01", "2023-12-31"):
        f = only(book.run(["SZ5"], as_of=as_of), period="2023-03-31")
        assert brief(f) == ("overdue", 1, 1, None, True)
        assert f.message == "rules.finding.unit_late"


def test_sz5__nothing_recorded_due_on_the_deadline_day_overdue_the_day_after():
    book = _village_unit("V1")
    assert brief(only(book.run(["SZ5"], as_of="2023-03-31"))) == ("due", 0, None, 0, False)
    assert brief(only(book.run(["SZ5"], as_of="2023-04-01"))) == ("overdue", 0, 1, None, False)
    assert brief(only(book.run(["SZ5"], as_of="2023-01-01"))) == ("due", 0, None, 89, False)


def test_sz5__a_plan_dated_after_the_as_of_date_is_not_counted_yet():
    book = _village_unit("V1")
    book.activity("U1", "plan", "2023-03-20", village="V1")
    assert brief(only(book.run(["SZ5"], as_of="2023-03-19"))) == ("due", 0, None, 12, False)
    assert brief(only(book.run(["SZ5"], as_of="2023-03-20"))) == ("met", 1, None, None, False)


def test_sz5__unit_linked_to_a_village_after_1_january_owes_from_next_year():
    book = _village_unit("V1", start="2023-02-01")
    assert book.run(["SZ5"], as_of="2023-12-31") == []
    f = only(book.run(["SZ5"], as_of="2024-01-05"))
    assert f.period == "2024-03-31" and f.status == "due"


def test_sz5__a_unit_with_two_villages_has_two_plans_to_file():
    book = _village_unit("V1", "V2")
    book.activity("U1", "plan", "2023-03-01", village="V1")
    found = book.run(["SZ5"], as_of="2023-06-30")
    assert {f.village: f.status for f in found} == {"V1": "met", "V2": "overdue"}


def test_sz5__a_plan_for_next_year_made_in_december_is_on_time():
    book = _village_unit("V1", start="2023-01-01")
    book.activity("U1", "plan", "2023-12-20", village="V1", for_period="2024")
    found = book.run(["SZ5"], as_of="2024-04-30", since="2023-01-01")
    assert brief(only(found, period="2024-03-31")) == ("met", 1, None, None, False)
    assert only(found, period="2023-03-31").status == "overdue"  # and it is not 2023's plan


def test_sz5__deadline_before_the_window_is_not_listed():
    book = _village_unit("V1", start="2022-01-01")
    found = book.run(["SZ5"], as_of="2023-06-30", since="2023-04-01")
    assert [f.period for f in found] == []
    found = book.run(["SZ5"], as_of="2023-06-30", since="2023-03-31")
    assert [f.period for f in found] == ["2023-03-31"]


# --- villages: which activity counts where -------------------------------------------------------


def test_sz7__an_activity_without_a_village_counts_for_every_village_the_unit_assists_that_day():
    book = _village_unit("V1", "V2")
    book.link("U1", "V3", "2023-06-01")  # assisted only from June: not that day
    book.activity("U1", "principal_visit", "2023-05-01")
    found = book.run(["SZ7"], as_of="2023-12-31")
    assert {f.village: brief(f)[:2] for f in found} == {"V1": ("met", 1), "V2": ("met", 1)}


def test_sz7__an_activity_naming_a_village_not_assisted_that_day_counts_for_nothing():
    book = _village_unit("V1")
    book.activity("U1", "principal_visit", "2023-05-01", village="V9")
    book.activity("U1", "principal_visit", "2023-05-02", village="V1", township="T2")  # another V1
    assert brief(only(book.run(["SZ7"], as_of="2024-01-02"), period="2023")) == ("overdue", 0, 2, None, False)


def test_sz7__a_link_ending_mid_year_still_owes_the_year_and_later_activities_do_not_count():
    book = _village_unit("V1", end="2023-06-30")
    book.activity("U1", "principal_visit", "2023-07-10")  # no village: the unit assists none then
    found = book.run(["SZ7"], as_of="2024-01-10")
    assert [(f.period, f.status) for f in found] == [("2023", "overdue")]  # nothing owed for 2024
    book.activity("U1", "principal_visit", "2023-06-30")
    assert only(book.run(["SZ7"], as_of="2024-01-10")).status == "met"


def test_sz8__two_deputy_visits_to_the_village_a_year():
    book = _village_unit("V1")
    book.activity("U1", "deputy_visit", "2023-02-01", village="V1")
    assert brief(only(book.run(["SZ8"], as_of="2023-12-01"))) == ("due", 1, None, 30, False)
    assert brief(only(book.run(["SZ8"], as_of="2024-01-01"), period="2023")) == ("overdue", 1, 1, None, False)
    book.activity("U1", "deputy_visit", "2023-11-30")
    assert brief(only(book.run(["SZ8"], as_of="2023-12-01"))) == ("met", 2, None, None, False)


# --- SZ6: per unit ----------------------------------------------------------------------------------


def test_sz6__a_unit_with_a_village_on_1_january_studies_twice_village_or_not():
    book = _village_unit("V1", "V2")
    book.unit("U2")
    book.link("U2", "V3", "2023-01-02")  # linked after 1 January: not required in 2023
    book.activity("U1", "study", "2023-03-01")
    book.activity("U1", "study", "2023-09-01", village="V9")
    found = book.run(["SZ6"], as_of="2023-12-31")
    assert [(f.unit, f.village, f.status, f.done) for f in found] == [("U1", None, "met", 2)]
    assert found[0].period == "2023" and found[0].period_end == date(2023, 12, 31)


# --- SZ9: selecting units ---------------------------------------------------------------------------


def test_sz9__a_selecting_unit_whose_resident_cadre_leaves_mid_half_year_owes_that_half_only():
    book = Assist()
    book.unit("U1", name="县农业农村局")
    book.cadre("C1", " 县农业农村局 ")  # a cadre's unit by its name, spaces trimmed
    book.resident("C1", "V1", "2022-10-01", "2023-03-15")
    found = book.run(["SZ9"], as_of="2023-12-31", since="2023-01-01")
    assert [(f.period, f.unit, f.status, f.done) for f in found] == [("2023H1", "U1", "overdue", 0)]
    book.activity("U1", "team_report", "2023-06-30")
    found = book.run(["SZ9"], as_of="2023-12-31", since="2023-01-01")
    assert [(f.period, f.status) for f in found] == [("2023H1", "met")]


def test_sz9__a_team_member_counts_and_a_cadre_whose_unit_matches_none_makes_no_unit_required():
    book = Assist()
    book.unit("U1")
    book.cadre("C1", "U1")  # by code
    book.cadre("C2", "某不存在的单位")
    book.resident("C1", "V1", "2023-01-01", role="team_member")
    book.resident("C2", "V2", "2023-01-01")
    found = book.run(["SZ9"], as_of="2023-05-01", since="2023-01-01")
    assert [(f.unit, f.status) for f in found] == [("U1", "due")]
    assert cadres_of_unknown_units(book.facts()) == ["C2"]


# --- XF9, XF10: units whose cadres are paired with households ---------------------------------------


def _pairing_unit(paired_from: str = "2023-01-01") -> Assist:
    book = Assist()
    book.unit("U1")
    book.cadre("C1", "U1")
    book.paired("C1", paired_from)
    return book


def test_xf9__a_q1_summary_handed_in_on_3_april_for_q1_is_late():
    book = _pairing_unit()
    book.activity("U1", "summary", "2023-04-03", for_period="2023Q1")
    found = book.run(["XF9"], profile="xinfeng-2023", as_of="2023-04-10", since="2023-01-01")
    q1, q2 = only(found, period="2023-03-31"), only(found, period="2023-06-30")
    assert brief(q1) == ("overdue", 1, 3, None, True)
    assert (q1.period_start, q1.period_end) == (date(2023, 1, 1), date(2023, 3, 31))
    assert brief(q2) == ("due", 0, None, 81, False)  # the record is Q1's, not Q2's
    assert q1.source == "信巩办字〔2023〕4号 三(四)"


def test_xf9__without_for_a_summary_counts_for_the_quarter_of_its_date():
    book = _pairing_unit()
    book.activity("U1", "summary", "2023-04-03")
    found = book.run(["XF9"], profile="xinfeng-2023", as_of="2023-04-10", since="2023-01-01")
    assert brief(only(found, period="2023-03-31")) == ("overdue", 0, 10, None, False)
    assert brief(only(found, period="2023-06-30")) == ("met", 1, None, None, False)


def test_xf9__a_unit_whose_cadre_is_paired_after_the_quarters_first_day_owes_from_the_next():
    book = _pairing_unit(paired_from="2023-01-02")
    found = book.run(["XF9"], profile="xinfeng-2023", as_of="2023-04-10", since="2023-01-01")
    assert [f.period for f in found] == ["2023-06-30"]


def test_xf10__one_consumption_activity_a_year_for_units_in_scope_on_1_january():
    book = _pairing_unit()
    book.unit("U2")
    book.cadre("C2", "U2")
    book.paired("C2", "2023-03-01")  # in XF9's scope from Q2, not on 1 January
    book.activity("U1", "consumption", "2023-11-11")
    found = book.run(["XF10"], profile="xinfeng-2023", as_of="2024-01-02", since="2023-01-01")
    assert [(f.unit, f.period, f.status) for f in found] == [
        ("U1", "2023", "met"), ("U1", "2024", "due"), ("U2", "2024", "due"),
    ]  # fmt: skip


# --- without the records ----------------------------------------------------------------------------


def test_without_the_records_the_rules_find_nothing_and_are_reported_unevaluated():
    profile = profiles.load_builtin("suzhou-2022")
    found = engine.evaluate(profile, LedgerData(), date(2023, 12, 31))
    assert not [f for f in found if f.subject != "household"]
    ids = [r.id for r in engine.unevaluated(profile)]
    assert ids == ["SZ5", "SZ6", "SZ7", "SZ8", "SZ9", "SZ10", "SZ11A", "SZ11B", "SZ11C", "SZ11D", "SZ11E"]
    assert engine.unevaluated(profile, data=LedgerData()) == engine.unevaluated(profile)
    with_records = LedgerData(assistance=Assist().facts())
    assert engine.unevaluated(profile, data=with_records) == []
    xf = profiles.load_builtin("xinfeng-2023")
    assert [r.id for r in engine.unevaluated(xf)] == ["XF9", "XF10"]


def test_a_unit_finding_in_json_carries_subject_unit_and_late():
    book = _village_unit("V1")
    book.activity("U1", "plan", "2023-04-02", village="V1")
    row = only(book.run(["SZ5"], as_of="2023-05-01")).to_json()
    assert row["subject"] == "unit" and row["unit"] == "U1" and row["late"] is True
    assert row["household"] is None and row["head_name"] is None and row["cadre"] is None
    assert (row["period"], row["period_start"], row["period_end"]) == (
        "2023-03-31",
        "2023-01-01",
        "2023-03-31",
    )
    assert (row["township"], row["village"], row["days_overdue"], row["done"]) == ("T1", "V1", 2, 1)


def test_a_for_field_names_a_year_half_quarter_or_month_and_anything_else_is_ignored():
    from bangfu_cli.rules.assistance import counting_day, period_of_label

    assert [period_of_label(x).label for x in ("2023", "2023H2", "2023-Q1", "2023q4", "2023-05")] == [
        "2023", "2023H2", "2023Q1", "2023Q4", "2023-05",
    ]  # fmt: skip
    assert [period_of_label(x) for x in ("2023H3", "2023Q5", "2023-13", "Q1", "", None)] == [None] * 6
    assert counting_day(date(2023, 4, 3), "2023Q1") == date(2023, 3, 31)
    assert counting_day(date(2023, 4, 3), "2023Q3") == date(2023, 7, 1)
    assert counting_day(date(2023, 4, 3), "nonsense") == date(2023, 4, 3)
