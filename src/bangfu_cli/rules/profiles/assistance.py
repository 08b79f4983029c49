"""Validation of the rules of the other kinds of assistance (DOMAIN.md §10) in a profile: unit
rules (``unit_activity``), resident cadres' training (``training``), the county pairing
(``partner_activity``, ``secondment``) and the social contributors' rating (``rating``). Called by
the profile parser for those kinds; the format is described in ``docs/profiles.md``."""

from __future__ import annotations

from datetime import date
from typing import Any

from bangfu_cli.domain.assistance_facts import PARTNER_ACTIVITIES, TRAINING_LEVELS, UNIT_ACTIVITIES
from bangfu_cli.rules.profiles.fields import PERIODS, _Bad, _choice, _list, _month_day

# Who owes a unit rule for a period, judged on its first day (rules/units.py).
UNIT_SCOPES = ("village", "assisting", "selecting", "pairing")
RATING_MEASURES = ("amount", "count", "hours", "beneficiaries")  # SZ12's scale (rules/rating.py)
# kind → (the subject it is judged for, the activity kinds it may count)
ASSISTANCE_KINDS = {
    "unit_activity": ("unit", UNIT_ACTIVITIES),
    "training": ("resident", ()),
    "partner_activity": ("county_pair", tuple(a for a in PARTNER_ACTIVITIES if a != "secondment")),
    "secondment": ("county_pair", ("secondment",)),
    "rating": ("social", ()),
}


def check_assistance_rule(raw: dict, kind: str, subject: str, spec: dict) -> None:
    """The fields of a rule of DOMAIN.md §10 (units, resident cadres, county pairing, society)."""
    owner, allowed = ASSISTANCE_KINDS[kind]
    if subject != owner:
        raise _Bad(f'{kind} rules are judged for subject = "{owner}"')
    if kind in ("unit_activity", "partner_activity", "secondment"):
        spec["activities"] = _activities(raw, allowed)
        spec["activity"] = ", ".join(spec["activities"])
    if kind in ("unit_activity", "training", "partner_activity") and spec["period"] is None:
        raise _Bad(f"period: required, one of {', '.join(PERIODS)}")
    if "deadline" in raw:
        if kind not in ("unit_activity", "partner_activity"):
            raise _Bad(f"deadline: {kind} rules have no fixed deadline")
        spec["deadlines"] = _deadlines(raw["deadline"], spec["period"])
        spec["deadline"] = spec["deadlines"][0] if len(spec["deadlines"]) == 1 else None
    if kind == "unit_activity":
        spec["scope"] = _choice(raw, "scope", UNIT_SCOPES, required=True)
    elif kind == "training":
        levels = tuple(_list(raw.get("levels"), "levels"))
        if not levels or any(v not in TRAINING_LEVELS for v in levels):
            raise _Bad(f"levels: the training levels that count, of {', '.join(TRAINING_LEVELS)}")
        spec["levels"] = levels
    elif kind == "rating":
        spec["scale"] = _scale(raw)


def _deadlines(value: Any, period: str | None) -> tuple[tuple[int, int], ...]:
    """A fixed deadline ("03-31"), or a list of them, one in each period of the year (XF9's
    quarterly summaries: ["03-31", "06-30", "09-30", "12-31"])."""
    listed = value if isinstance(value, list) else [value]
    found = tuple(_month_day(v) for v in listed)
    if period is None:
        raise _Bad("deadline: needs a period (the deadline falls inside each period)")
    from bangfu_cli.domain.dates import period_of, periods_between

    every = periods_between(period, date(2024, 1, 1), date(2024, 12, 31))
    holding = sorted({period_of(period, date(2024, m, d)).label for m, d in found})
    if len(found) != len(every) or len(holding) != len(every):
        raise _Bad(f"deadline: one month-day in each {period} of the year ({len(every)} in all)")
    return found


def _activities(raw: dict, allowed: tuple[str, ...]) -> tuple[str, ...]:
    value = raw.get("activity")
    listed = value if isinstance(value, list) else [value]
    if not listed or not all(isinstance(v, str) and v for v in listed):
        raise _Bad(f"activity: one of {', '.join(allowed)}, or a list of them")
    for v in listed:
        if v not in allowed:
            raise _Bad(f"activity: {v!r} is not one of {', '.join(allowed)}")
    return tuple(listed)


def _scale(raw: dict) -> dict[str, tuple[float, ...]]:
    value = raw.get("scale")
    if not isinstance(value, dict) or set(value) != set(RATING_MEASURES):
        raise _Bad(f"scale: a table with {', '.join(RATING_MEASURES)}, each five thresholds for 1–5 points")
    out = {}
    for measure in RATING_MEASURES:
        steps = value[measure]
        if (
            not isinstance(steps, list)
            or len(steps) != 5
            or not all(isinstance(x, int | float) and not isinstance(x, bool) and x > 0 for x in steps)
            or any(a >= b for a, b in zip(steps, steps[1:], strict=False))
        ):
            raise _Bad(f"scale.{measure}: five increasing numbers above 0 (what earns 1, 2, 3, 4, 5 points)")
        out[measure] = tuple(steps)
    return out
