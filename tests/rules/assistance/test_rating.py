"""SZ12: the star rating of social contributors, from the profile's scale."""

from __future__ import annotations

from datetime import date

import pytest

from bangfu_cli.domain.assistance_facts import ContributionFact
from bangfu_cli.rules import profiles
from bangfu_cli.rules.rating import MEASURES, points, rate, scale_of, stars

# No ledger: the engine judges facts built in memory.
BACKENDS = ()

SCALE = scale_of(profiles.load_builtin("suzhou-2022"))


def test_the_suzhou_profile_holds_the_scale_as_data_and_xinfeng_rates_nobody():
    assert SCALE is not None and set(SCALE) == set(MEASURES)
    assert all(len(SCALE[m]) == 5 for m in MEASURES)
    assert scale_of(profiles.load_builtin("xinfeng-2023")) is None


@pytest.mark.parametrize("measure", MEASURES)
@pytest.mark.parametrize("k", [1, 2, 3, 4, 5])
def test_a_rating_at_each_thresholds_edge(measure, k):
    steps = SCALE[measure]
    edge = steps[k - 1]
    assert points(edge, steps) == k  # reaching the threshold earns its points
    below = edge - 1 if measure in ("count", "beneficiaries") else edge - 0.01
    assert points(below, steps) == k - 1
    # the same edge through a whole rating: this measure at the edge, the others at nothing
    fields = {"amount": 0, "hours": 0, "beneficiaries": 0}
    if measure != "count":
        fields[measure] = edge
    made = [ContributionFact("某企业", "enterprise", date(2023, 5, 1), **fields)]
    if measure == "count":
        made += [ContributionFact("某企业", "enterprise", date(2023, 5, 2))] * (int(edge) - 1)
    (rating,) = rate(made, 2023, SCALE)
    want = k if measure == "count" else k + points(1, SCALE["count"])
    assert sum(rating.points.values()) == want
    assert rating.points[measure] == k


def test_a_measure_of_zero_earns_nothing():
    assert all(points(0, SCALE[m]) == 0 for m in MEASURES)


@pytest.mark.parametrize(
    "total, want",
    [(0, 0), (1, 0), (2, 1), (3, 1), (5, 1), (6, 2), (9, 2), (10, 3), (14, 4), (18, 5), (20, 5)],
)
def test_stars_are_the_mean_of_the_four_points_rounded_half_up(total, want):
    assert stars([total, 0, 0, 0]) == want


def test_a_contributors_year_is_summed_and_other_years_are_left_out():
    made = [
        ContributionFact("爱心协会", "organisation", date(2023, 1, 5), 600, 30, 6),
        ContributionFact("爱心协会", "organisation", date(2023, 12, 31), 400, 10, 4),
        ContributionFact("爱心协会", "organisation", date(2024, 1, 1), 1_000_000, 1000, 1000),
        ContributionFact("张三", "person", date(2023, 3, 1), 0, 8, 0),
    ]
    person, assoc = rate(made, 2023, SCALE)  # by name
    assert (person.contributor, assoc.contributor) == ("张三", "爱心协会")
    measures = (assoc.amount, assoc.count, assoc.hours, assoc.beneficiaries)
    assert (assoc.contributor_kind, assoc.year, measures) == ("organisation", 2023, (1000, 2, 40, 10))
    assert assoc.points == {"amount": 1, "count": 2, "hours": 2, "beneficiaries": 2}
    assert assoc.stars == 2  # 7 / 4 = 1.75
    assert assoc.thresholds == {m: tuple(SCALE[m]) for m in MEASURES}
    assert rate(made, 2022, SCALE) == []


def test_amounts_in_cents_reach_their_threshold():
    scale = {"amount": (0.8, 2, 3, 4, 5), "count": (1, 2, 3, 4, 5), "hours": (1, 2, 3, 4, 5),
             "beneficiaries": (1, 2, 3, 4, 5)}  # fmt: skip
    made = [
        ContributionFact("X", "person", date(2023, 1, 1), 0.7),
        ContributionFact("X", "person", date(2023, 1, 2), 0.1),
    ]
    assert rate(made, 2023, scale)[0].points["amount"] == 1
