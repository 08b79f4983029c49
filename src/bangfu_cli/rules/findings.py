"""A finding: the judgement of one rule for one subject and one period, as a record.

Every key of ``bangfu overdue --format json`` (CONTRACT.md) is a field; ``message`` is the
i18n key of the sentence that explains it, so JSON stays stable and text is translatable."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from functools import partial
from operator import attrgetter, is_not
from typing import Any

OVERDUE, DUE, MET = "overdue", "due", "met"

JSON_KEYS = (
    "rule", "source", "status", "township", "village", "household", "head_name", "cadre", "period",
    "period_start", "period_end", "required", "done", "days_overdue", "days_left", "last_visit",
)  # fmt: skip


# Not frozen: a frozen dataclass sets each of these 22 fields through ``object.__setattr__``,
# ×4 the time of plain assignments, and a county run builds ~2·10⁵ findings. Treated as
# immutable all the same (and hashable by value, like a frozen one).
@dataclass(slots=True, unsafe_hash=True)
class Finding:
    rule: str
    source: str
    status: str  # overdue / due / met
    subject: str  # household / cadre / unit / …
    message: str  # i18n key
    township: str | None
    village: str | None
    household: str | None
    head_name: str | None
    cadre: str | None
    period: str | None
    period_start: date | None
    period_end: date | None
    required: int
    done: int
    days_overdue: int | None = None
    days_left: int | None = None
    last_visit: date | None = None
    late: bool = False  # done, but after its deadline or window
    # The unit, resident cadre or partner county a finding of DOMAIN.md §10 is about; such a
    # finding also carries ``unit`` (单位编号, or None) in its JSON.
    subject_key: str | None = None
    household_id: int | None = None
    cadre_id: int | None = None
    unit: str | None = None
    # "fallback" when the deadline was counted in a year without official calendar data
    # (Monday–Friday); the JSON carries ``calendar`` only then (CONTRACT.md).
    calendar: str | None = None

    def to_json(self) -> dict[str, Any]:
        """The CONTRACT.md keys (dates as ISO text), then ``subject``, ``late``, ``message`` —
        and for a finding with a ``subject_key``, ``unit`` and ``subject_key`` before ``message``."""
        out = self.json_row()
        for key in _DATE_KEYS:
            value = out[key]
            if isinstance(value, date):
                out[key] = value.isoformat()
        return out

    def json_row(self) -> dict[str, Any]:
        """``to_json`` with its dates left as ``date`` values, for an encoder that writes a date
        as its ISO text itself (``output.emit_json_rows``): a county ``check`` lists ~2·10⁵
        findings, and ``isoformat`` took most of the time of turning them into rows."""
        # One attrgetter call for every key (``dataclasses.asdict`` deep-copies every field:
        # ×12 slower; a getattr per key: ×2).
        values = _row_values(self)
        if self.subject_key is None:
            out = dict(zip(_ROW_KEYS, values, strict=True))
        else:
            out = dict(zip(_ROW_KEYS[:-1], values[:-1], strict=True))
            out["unit"] = self.unit
            out["subject_key"] = self.subject_key
            out["message"] = self.message
        if self.calendar is not None:
            out["calendar"] = self.calendar
        return out


def json_rows(findings: list[Finding]) -> Iterator[dict[str, Any]]:
    """``f.json_row()`` of each finding, in order: with no ``subject_key`` among them (findings
    about households and cadres) and none counted by the calendar's fallback, each row is built
    in C — no Python step per finding."""
    if any(map(partial(is_not, None), map(_subject_key, findings))) or any(
        map(partial(is_not, None), map(_calendar, findings))
    ):
        return map(Finding.json_row, findings)
    return map(dict, map(partial(zip, _ROW_KEYS), map(_row_values, findings)))


CSV_KEYS = (*JSON_KEYS, "subject", "late", "unit")  # the columns of a listing's CSV
_ROW_KEYS = (*JSON_KEYS, "subject", "late", "message")  # unit, subject_key go before message
_row_values = attrgetter(*_ROW_KEYS)
_subject_key = attrgetter("subject_key")
_calendar = attrgetter("calendar")
# the contract keys that can hold a date (``period`` holds text, but is checked all the same)
_DATE_KEYS = ("period", "period_start", "period_end", "last_visit")


def place_key(township: str | None, village: str | None) -> tuple:
    """Where a township's village comes in a listing of findings (``listing_key`` begins with
    it): a whole ledger judged in parts is split by it, so that the parts are listed in turn."""
    return (township is None, township or "", village or "")


def listing_key(f: Finding) -> tuple:
    """The order findings are listed in (``overdue``, ``check``): by township and village, then
    overdue before due, the longest overdue first, the nearest deadline first, then household,
    cadre, rule and period."""
    return (
        f.township is None,  # place_key(f.township, f.village), written out: 2·10⁵ calls a county
        f.township or "",
        f.village or "",
        0 if f.status == OVERDUE else 1,
        -(f.days_overdue or 0),
        f.days_left or 0,
        f.household or "",
        f.cadre or "",
        f.rule,
        f.period_start or date.min,  # sorts as its ISO text would, with no period first
    )


class MetBrief(tuple):
    """(rule, township, village, cadre, late, count): ``count`` met findings of one rule under
    one ``met_key`` (the first five), given in brief — what an evaluator may yield instead of
    the met findings themselves when ``Context.met_in_brief`` (the engine then counts them,
    ``engine.run``). A county has ~10⁶ met periods; one of these per household and rule costs a
    fraction of making each. Made as ``MetBrief((rule, township, village, cadre, late, n))``: a
    tuple built in C, not through a named tuple's ``__new__``."""

    __slots__ = ()


def met_key(rule: str, township: str | None, village: str | None, cadre: str | None, late: bool) -> tuple:
    """The key a met finding is counted under when met findings are tallied, not listed."""
    return (rule, township, village, cadre, late)


def verdict(period_start: date, period_end: date, as_of: date, done: int, required: int) -> tuple:
    """(status, days_overdue, days_left) of a period with ``done`` of ``required`` at ``as_of``
    (DOMAIN.md §4): met when done, overdue once the period has ended, due until then."""
    if done >= required:
        return MET, None, None
    if period_end < as_of:
        return OVERDUE, (as_of - period_end).days, None
    return DUE, None, (period_end - as_of).days


def judge(period_start: date, period_end: date, as_of: date, done: int, required: int) -> dict[str, Any]:
    """``verdict`` as the keywords of a ``Finding``: its status, and its day count if any."""
    status, days_overdue, days_left = verdict(period_start, period_end, as_of, done, required)
    if days_overdue is not None:
        return {"status": status, "days_overdue": days_overdue}
    if days_left is not None:
        return {"status": status, "days_left": days_left}
    return {"status": status}
