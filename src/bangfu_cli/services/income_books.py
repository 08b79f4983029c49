"""What the income use-cases read from the ledger and the profile, loaded once per command: the
profile's income settings, the thresholds (ledger rows over the profile's), and each household's
book — its village, statuses, income records and pairings — with the questions asked of it."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from decimal import Decimal
from typing import Any

from bangfu_cli.domain import income as inc
from bangfu_cli.domain.dates import Period, in_span
from bangfu_cli.domain.errors import BangfuError
from bangfu_cli.services.ledger import Ledger

DEFAULT_SOURCE = "信巩办字〔2023〕4号 二(三)"


# ---------------------------------------------------------------------------------------------
# profile settings: no number is built into the code


@dataclass(frozen=True)
class Settings:
    income_drop: Decimal
    rigid_expense: Decimal
    source: str


def settings(ledger: Ledger) -> Settings:
    section = ledger.profile.get("income") or {}
    for key in ("income_drop", "rigid_expense"):
        if key not in section:
            raise BangfuError("income.no_setting", key=key, profile=ledger.profile.get("id", "?"))
    return Settings(
        income_drop=inc.parse_ratio(section["income_drop"], "income_drop"),
        rigid_expense=inc.parse_ratio(section["rigid_expense"], "rigid_expense"),
        source=str(section.get("source") or DEFAULT_SOURCE),
    )


# ---------------------------------------------------------------------------------------------
# thresholds


@dataclass(frozen=True)
class ThresholdRow:
    year: int
    place: str
    amount_fen: int
    source: str
    origin: str  # ledger / profile


def all_thresholds(ledger: Ledger, session: Any) -> list[ThresholdRow]:
    """Ledger thresholds first, then the profile's; a ledger row overrides the profile's
    row for the same year and place."""
    from bangfu_cli.storage.income import ledger_thresholds

    rows = [
        ThresholdRow(r.year, r.place or "", r.amount_fen, r.source or "", "ledger")
        for r in ledger_thresholds(session)
    ]
    have = {(r.year, r.place) for r in rows}
    for item in ledger.profile.get("thresholds") or []:
        try:
            year = int(item["year"])
            fen = inc.to_fen(inc.parse_amount(str(item["amount"]), "amount"))
        except (KeyError, TypeError, ValueError, BangfuError) as exc:
            raise BangfuError("income.bad_profile_threshold", item=str(item)) from exc
        place = str(item.get("place") or "")
        if (year, place) not in have:
            rows.append(ThresholdRow(year, place, fen, str(item.get("source") or ""), "profile"))
    rows.sort(key=lambda r: (r.year, r.place, r.origin))
    return rows


def pick_threshold(rows: list[ThresholdRow], year: int, places: tuple[str, ...]) -> ThresholdRow | None:
    """The most specific threshold for ``year``: the village's, the township's, then the ledger-wide."""
    for place in (*places, ""):
        for row in rows:
            if row.year == year and row.place == place:
                return row
    return None


# ---------------------------------------------------------------------------------------------
# the ledger's data, loaded once per command


@dataclass
class HouseholdBook:
    household: Any
    village: Any
    statuses: list[Any] = field(default_factory=list)  # sorted by effective_on
    records: list[Any] = field(default_factory=list)  # every income row, oldest first
    pairings: list[Any] = field(default_factory=list)

    @property
    def active(self) -> dict[str, Any]:
        return {r.quarter: r for r in self.records if r.superseded_by is None}

    def record_on(self, quarter: str, day: date, cut: datetime | None = None, every: bool = False) -> Any:
        """The quarter's record on ``day``: one collected after it does not count yet, and with
        ``cut`` (the end of ``day`` in the ledger's time zone, in UTC: ``domain.asof``) a
        correction recorded from then on is not applied — the record it replaced still stands
        (corrections do not rewrite a past day's worklist); with ``every``, no record recorded
        from then on counts (the ledger as it stood)."""
        if cut is not None and cut.tzinfo is None:
            cut = cut.replace(tzinfo=UTC)
        found = None
        for r in self.records:  # oldest first: each correction replaces the one before it
            if r.quarter != quarter or r.collected_on > day:
                continue
            if cut is not None and (every or r.correct_reason is not None) and _aware(r.recorded_at) >= cut:
                continue
            found = r
        return found

    def net(self) -> dict[str, int]:
        return {q: amounts_of(r).net for q, r in self.active.items()}

    def status_on(self, day: date) -> Any:
        found = None
        for row in self.statuses:
            if row.effective_on <= day:
                found = row
            else:
                break
        return found

    def in_ledger_for(self, period: Period) -> bool:
        h = self.household
        return h.since <= period.start and (h.closed_on is None or h.closed_on >= period.end)

    def size_at(self, quarter: Period) -> int:
        """Household size at the quarter: from the latest record up to it, else the household's."""
        best = None
        for q, r in self.active.items():
            if q <= quarter.label and (best is None or q > best.quarter):
                best = r
        return best.size if best is not None else self.household.size

    def paired_cadre(self, day: date) -> Any:
        for p in self.pairings:
            if p.kind == "pair" and in_span(day, p.start, p.end):
                return p
        return None

    def places(self) -> tuple[str, ...]:
        return (self.village.name, self.village.township)


def amounts_of(record: Any) -> inc.Amounts:
    return inc.Amounts(**{name: getattr(record, f"{name}_fen") for name in inc.AMOUNT_FIELDS})


def load_books(session: Any, household_ids: list[int] | None = None, with_pairings: bool = False) -> dict:
    """The book of every household (or of ``household_ids``), by household id."""
    from bangfu_cli.storage import income as store

    books = {h.id: HouseholdBook(h, v) for h, v in store.households_with_villages(session, household_ids)}
    for s in store.all_statuses(session):
        if s.household_id in books:
            books[s.household_id].statuses.append(s)
    for r in store.all_income(session):
        if r.household_id in books:
            books[r.household_id].records.append(r)
    if with_pairings:
        for p in store.all_pairings(session):
            if p.household_id in books:
                books[p.household_id].pairings.append(p)
    return books


def monitored_on(book: HouseholdBook, day: date) -> bool:
    status = book.status_on(day)
    return status is not None and status.monitor_type is not None


def assisted_on(book: HouseholdBook, day: date) -> bool:
    status = book.status_on(day)
    return status is not None and (status.tuopin or status.monitor_type is not None)


def _aware(at: datetime) -> datetime:
    """A recorded time with its zone (one stored without it is in UTC)."""
    return at.replace(tzinfo=UTC) if at.tzinfo is None else at
