"""SZ10: resident cadres' training days at county level or above, per year."""

from __future__ import annotations

from tests.rules.assistance.builder import Assist, brief, only

# No ledger: the engine judges facts built in memory.
BACKENDS = ()


def _resident(start: str = "2022-01-01", end: str | None = None, unit: str | None = "U1") -> Assist:
    book = Assist()
    book.unit("U1")
    book.cadre("C1", unit or "no such unit")
    book.resident("C1", "V1", start, end)
    return book


def test_sz10__a_training_across_31_december_counts_its_days_in_each_year():
    book = _resident()
    book.training("C1", "2022-12-28", "2023-01-03")  # 4 days in 2022, 3 in 2023
    book.training("C1", "2023-05-01", "2023-05-04")
    found = book.run(["SZ10"], as_of="2023-12-31", since="2022-01-01")
    assert brief(only(found, period="2022")) == ("overdue", 4, 365, None, False)
    assert brief(only(found, period="2023")) == ("met", 7, None, None, False)


def test_sz10__a_township_level_training_does_not_count():
    book = _resident()
    book.training("C1", "2023-03-01", "2023-03-10", level="township")
    book.training("C1", "2023-04-01", "2023-04-02", level="national")
    f = only(book.run(["SZ10"], as_of="2024-01-01"), period="2023")
    assert brief(f) == ("overdue", 2, 1, None, False)


def test_sz10__overlapping_trainings_count_each_day_once():
    book = _resident()
    book.training("C1", "2023-03-01", "2023-03-05", level="county")
    book.training("C1", "2023-03-03", "2023-03-08", level="provincial")
    book.training("C1", "2023-03-04", "2023-03-04", level="city")
    assert only(book.run(["SZ10"], as_of="2023-12-31"), period="2023").done == 8


def test_sz10__days_after_the_as_of_date_are_not_counted_yet():
    book = _resident()
    book.training("C1", "2023-06-01", "2023-06-10")
    assert brief(only(book.run(["SZ10"], as_of="2023-06-03"), period="2023")) == ("due", 3, None, 211, False)
    assert brief(only(book.run(["SZ10"], as_of="2023-06-07"), period="2023")) == ("met", 7, None, None, False)


def test_sz10__the_finding_names_the_cadre_his_unit_and_the_village_of_his_role_on_1_january():
    book = _resident()
    book.resident("C1", "V2", "2023-02-01")  # a later role: not the one held on 1 January
    f = only(book.run(["SZ10"], as_of="2023-12-31"), period="2023")
    assert (f.subject, f.cadre, f.unit, f.subject_key) == ("cadre", "C1", "U1", "C1")
    assert (f.township, f.village, f.period, f.required) == ("T1", "V1", "2023", 7)
    assert f.to_json()["unit"] == "U1"
    unknown = only(_resident(unit=None).run(["SZ10"], as_of="2023-12-31"), period="2023")
    assert unknown.unit is None and unknown.to_json()["unit"] is None


def test_sz10__a_cadre_who_becomes_resident_after_1_january_owes_from_next_year():
    book = _resident(start="2023-01-02")
    assert book.run(["SZ10"], as_of="2023-12-31") == []
    assert only(book.run(["SZ10"], as_of="2024-01-01")).period == "2024"


def test_sz10__a_team_member_owes_it_too_and_a_role_ended_before_1_january_does_not():
    book = Assist()
    book.resident("C2", "V1", "2023-01-01", role="team_member")
    book.resident("C3", "V1", "2022-01-01", "2022-12-31")
    assert [f.cadre for f in book.run(["SZ10"], as_of="2023-12-31", since="2023-01-01")] == ["C2"]
