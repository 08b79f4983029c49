"""The engine states what a run reads as a plain value (``rules.needs``), and the services that
run it hold no SQL of their own: storage (``storage.reader``) meets the statement."""

from __future__ import annotations

import ast
from datetime import date
from pathlib import Path

from bangfu_cli.domain.facts import DataNeeds, RecordNeeds
from bangfu_cli.rules import engine
from bangfu_cli.rules.profiles import load_builtin

AS_OF = date(2026, 11, 27)
SINCE = date(2025, 11, 27)
SRC = Path(__file__).resolve().parents[2] / "src" / "bangfu_cli"


def _rules(*ids: str):
    return engine.selected_rules(load_builtin("xinfeng-2023"), ids or None)


def test_needs__a_monthly_rule_reads_visits_from_the_first_month_of_the_window():
    needs = engine.needs(_rules("XF3"), AS_OF, SINCE)
    assert isinstance(needs, DataNeeds)
    assert needs.visits and needs.first == date(2025, 11, 1) and needs.as_of == AS_OF
    assert needs.incomes is None and needs.assessments is None and not needs.per_cadre
    assert not needs.selected and needs.part is None


def test_needs__a_quarterly_rule_reads_visits_from_the_first_quarter_of_the_window():
    needs = engine.needs(_rules("XF1", "XF3"), AS_OF, SINCE)
    assert needs.first == date(2025, 10, 1)
    assert needs.last_visit_modes == (frozenset({"home"}),)


def test_needs__a_coverage_rule_alone_reads_no_visit_of_the_window_and_asks_for_every_mode():
    needs = engine.needs(_rules("XF5"), AS_OF, SINCE)
    assert not needs.visits and needs.first == AS_OF
    assert len(needs.last_visit_modes) == 1 and len(needs.last_visit_modes[0]) > 1


def test_needs__the_income_rule_names_the_quarters_it_judges_and_who_it_can_select():
    needs = engine.needs(_rules("XF7"), AS_OF, SINCE)
    assert isinstance(needs.incomes, RecordNeeds) and needs.assessments is None
    assert needs.incomes.quarters == ("2025Q4", "2026Q1", "2026Q2", "2026Q3", "2026Q4")
    assert needs.incomes.selectors == frozenset(r.selector for r in _rules("XF7"))


def test_needs__the_selection_is_carried_as_given():
    township = engine.needs(_rules(), AS_OF, SINCE, township=" 永城镇 ")
    assert township.township == "永城镇" and township.selected
    listed = engine.needs(_rules(), AS_OF, SINCE, household_ids=[3, 1])
    assert listed.household_ids == (3, 1) and listed.selected
    part = engine.needs(_rules(), AS_OF, SINCE, part=[7, 8])
    assert part.part == (7, 8) and not part.selected  # a part is read like the whole ledger


def test_the_services_running_the_rules_hold_no_sql_and_no_driver_connection():
    """Every statement of the rules engine's path is storage's (``storage/reader*.py``)."""
    for name in ("runner.py", "parts.py", "compliance.py"):
        tree = ast.parse((SRC / "services" / name).read_text(encoding="utf-8"))
        texts = [n.value for n in ast.walk(tree) if isinstance(n, ast.Constant) and isinstance(n.value, str)]
        code = [t for t in texts if "SELECT " in t or " FROM " in t or "WHERE " in t]
        assert not code, (name, code)
        names = {n.attr for n in ast.walk(tree) if isinstance(n, ast.Attribute)}
        assert not names & {"driver_connection", "dialect", "execute", "connect"}, name
