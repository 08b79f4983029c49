"""The profile fields of the rules of DOMAIN.md §10, and the mistakes the parser names."""

from __future__ import annotations

import pytest

from bangfu_cli.domain.errors import BangfuError
from bangfu_cli.rules import profiles

# No ledger: profiles are read and checked in memory.
BACKENDS = ()

HEAD = (
    'id = "mine"\n[[rules]]\nid = "R1"\nsource = "某文件"\n'
    'title = { zh = "规则", en = "rule" }\nmeaning = { zh = "规则", en = "rule" }\n'
)
UNIT = 'kind = "unit_activity"\nsubject = "unit"\n'
FIVE = "[1, 2, 3, 4, 5]"
BAD_SCALE = f"scale = {{ amount = {FIVE}, count = {FIVE}, hours = {FIVE}, beneficiaries = [1, 2, 2, 4, 5] }}"


def _parse(*lines: str):
    return profiles.parse(HEAD + "".join(line + "\n" for line in lines), origin="mine.toml")


def test_a_unit_rule_with_a_deadline_per_quarter():
    (rule,) = _parse(
        UNIT, 'scope = "pairing"', 'activity = "summary"', 'period = "quarter"',
        'deadline = ["03-31", "06-30", "09-30", "12-31"]',
    ).rules  # fmt: skip
    assert rule.deadlines == ((3, 31), (6, 30), (9, 30), (12, 31)) and rule.activities == ("summary",)
    assert rule.deadline is None and rule.scope == "pairing"


@pytest.mark.parametrize(
    "lines, words",
    [
        ((UNIT, 'activity = "plan"', 'period = "year"'), "scope"),
        ((UNIT, 'scope = "village"', 'activity = "party"', 'period = "year"'), "activity"),
        (
            (
                UNIT,
                'scope = "village"',
                'activity = "plan"',
                'period = "quarter"',
                'deadline = ["03-31", "03-30", "09-30", "12-31"]',
            ),
            "deadline",
        ),  # fmt: skip
        ((UNIT.replace('"unit"\n', '"county_pair"\n'), 'scope = "village"', 'activity = "plan"'), "subject"),
        (('kind = "training"', 'subject = "resident"', 'period = "year"', 'levels = ["district"]'), "levels"),
        (
            (
                'kind = "partner_activity"',
                'subject = "county_pair"',
                'activity = "secondment"',
                'period = "year"',
            ),
            "activity",
        ),
        (
            (
                'kind = "rating"',
                'subject = "social"',
                BAD_SCALE,
            ),
            "scale.beneficiaries",
        ),  # fmt: skip
        (('kind = "rating"', 'subject = "social"', f"scale = {{ amount = {FIVE} }}"), "scale"),
        (
            (
                'kind = "periodic"',
                'subject = "household"',
                'selector = "monitored"',
                'visitor = "paired"',
                'modes = ["home"]',
                'period = "month"',
                'deadline = "03-31"',
            ),
            "deadline",
        ),  # fmt: skip
    ],
)
def test_a_mistake_in_a_rule_of_units_or_the_county_pairing_is_named(lines, words):
    with pytest.raises(BangfuError) as caught:
        _parse(*lines)
    message = str(caught.value)
    assert words in message and "mine.toml" in message and "R1" in message
