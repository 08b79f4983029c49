"""A synthetic county from its four givens — households, years, seed, end — and the operator's
name: checked, planned, and handed out as streams of rows, table by table, for storage to write."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from typing import Any

from bangfu_cli.domain.errors import BangfuError
from bangfu_cli.generator.rows import Rows

VERSION = 1  # bump whenever the rows written for given (households, years, seed, end) change
MAX_HOUSEHOLDS = 2_000_000
MAX_YEARS = 10

# (summary key, table, method of ``Rows``): the order the tables are drawn and written in
STREAMS = (
    ("villages", "village", "village_rows"),
    ("cadres", "cadre", "cadre_rows"),
    ("households", "household", "household_rows"),
    ("household_status", "household_status", "status_rows"),
    ("pairings", "pairing", "pairing_rows"),
    ("roles", "role", "role_rows"),
    ("visits", "visit", "visit_rows"),
    ("income", "income", "income_rows"),
    ("assessments", "assessment", "assessment_rows"),
    ("thresholds", "threshold", "threshold_rows"),
)
TABLES = tuple(table for _key, table, _method in STREAMS)


class County(Rows):
    """A planned county: ``streams()`` draws its rows, ``summary()`` says what was made."""

    def __init__(self, households: int, years: int, seed: int, end: date, operator: str) -> None:
        super().__init__(households, years, seed, end, operator)
        self.seed = seed
        self.plan()

    def streams(self) -> Iterator[tuple[str, str, Iterator[tuple]]]:
        """(summary key, table, rows) for each table, in the order they must be written (each
        stream drawn to its end before the next is asked for)."""
        for key, table, method in STREAMS:
            yield key, table, getattr(self, method)()

    def summary(self, counts: dict[str, int]) -> dict[str, Any]:
        """What was made, given the rows written per summary key (``counts``)."""
        return {
            "seed": self.seed,
            "years": self.years,
            "start": self.start.isoformat(),
            "end": self.end.isoformat(),
            "counties": self.counts.get("counties", 1),
            "townships": len({v[1] for v in self.villages}),
            **counts,
            "transfers": self.counts.get("transfers", 0),
            "closed": self.counts.get("closed", 0),
            "never_visited": self.counts.get("never_visited", 0),
        }


def plan_county(households: int, years: int, seed: int, end: date, today: date, operator: str) -> County:
    """The county of ``households`` households over ``years`` years ending on ``end`` (not after
    ``today``), its records entered by ``operator``; bad givens raise ``BangfuError``."""
    if not 1 <= households <= MAX_HOUSEHOLDS:
        raise BangfuError("synthetic.bad_households", value=households, limit=MAX_HOUSEHOLDS)
    if not 1 <= years <= MAX_YEARS:
        raise BangfuError("synthetic.bad_years", value=years, limit=MAX_YEARS)
    if end > today:
        raise BangfuError("synthetic.future_end", end=end.isoformat(), today=today.isoformat())
    return County(households, years, seed, end, operator)
