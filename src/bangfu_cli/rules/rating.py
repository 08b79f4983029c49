"""The star rating of social contributors (SZ12, 宿巩固办〔2022〕2号 六(三)): enterprises,
organisations and people rated 1–5 stars "by amount, frequency, hours and results" of their
contributions in a year. SZ12 gives ratings, not findings (``social rating``).

The document gives no scale, so the profile holds it as data (the SZ12 rule's ``scale``): for
each measure — ``amount`` (yuan), ``count`` (contributions), ``hours``, ``beneficiaries`` (our
measure of results) — five increasing thresholds, the k-th being what earns k points. A measure
earns as many points as it reaches thresholds (0 when it is 0); the stars are the mean of the
four points rounded half up (4 + 3 + 2 + 1 → 2.5 → 3); 0 stars means unrated. A contributor is
one name and kind (企业/社会组织/个人); only contributions dated in the year count."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from decimal import Decimal
from typing import NamedTuple

from bangfu_cli.domain.assistance_facts import ContributionFact

MEASURES = ("amount", "count", "hours", "beneficiaries")
Scale = Mapping[str, tuple[float, ...]]  # measure → the thresholds for 1, 2, 3, 4, 5 points


class Rating(NamedTuple):
    contributor: str
    contributor_kind: str
    year: int
    amount: float
    count: int
    hours: float
    beneficiaries: int
    points: dict[str, int]  # measure → 0–5
    stars: int  # 0–5
    thresholds: dict[str, tuple[float, ...]]  # the scale used, to print beside the points


def points(value: float, thresholds: tuple[float, ...]) -> int:
    """How many of the (increasing, positive) thresholds ``value`` reaches."""
    return sum(1 for t in thresholds if value >= t)


def stars(earned: Iterable[int]) -> int:
    """The mean of the four points, rounded half up (in whole numbers: no float rounding)."""
    total = sum(earned)
    return (total + 2) // 4


def rate(contributions: Iterable[ContributionFact], year: int, scale: Scale) -> list[Rating]:
    """One rating per contributor with a contribution dated in ``year``, by contributor name and
    kind."""
    made: dict[tuple[str, str], list[ContributionFact]] = {}
    for c in contributions:
        if c.date.year == year:
            made.setdefault((c.contributor, c.kind), []).append(c)
    out = []
    for (name, kind), some in sorted(made.items()):
        amount, hours = _total(c.amount for c in some), _total(c.hours for c in some)
        count, beneficiaries = len(some), sum(c.beneficiaries for c in some)
        measures = dict(zip(MEASURES, (amount, count, hours, beneficiaries), strict=True))
        earned = {m: points(v, tuple(scale[m])) for m, v in measures.items()}
        out.append(
            Rating(
                contributor=name,
                contributor_kind=kind,
                year=year,
                amount=amount,
                count=count,
                hours=hours,
                beneficiaries=beneficiaries,
                points=earned,
                stars=stars(earned.values()),
                thresholds={m: tuple(scale[m]) for m in MEASURES},
            )
        )
    return out


def _total(values: Iterable[float]) -> float:
    """The sum as the numbers were written: 0.7 + 0.1 yuan reach a threshold of 0.8 (a sum of
    floats falls just short of it)."""
    return float(sum((Decimal(str(v)) for v in values), Decimal(0)))


def scale_of(profile) -> Scale | None:
    """The rating scale of the profile's enabled ``rating`` rule (SZ12), or None."""
    for rule in profile.rules:
        if rule.kind == "rating" and rule.enabled:
            return rule.scale
    return None
