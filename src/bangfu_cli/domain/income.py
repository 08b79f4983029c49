"""Quarterly income (DOMAIN.md §7–8): amounts, net income, the collection window, per-capita
annual net income, the three alerts and the growth test of 两个高于 (the assessment
proposal built on them is ``domain.assessment``).

Pure arithmetic on ``Decimal`` yuan and integer fen — no float ever carries an amount, no clock,
no ledger. Every figure a clerk is shown can be recomputed by hand from the inputs returned with it."""

from __future__ import annotations

import builtins
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

from bangfu_cli.domain.dates import Period, shift_quarter, try_parse_quarter
from bangfu_cli.domain.errors import BangfuError

CENT = Decimal("0.01")
RATIO = Decimal("0.0001")
AMOUNT_FIELDS = ("wage", "business", "business_cost", "transfer", "property", "excluded", "rigid_expense")
_NUMBER = re.compile(r"^\d+(\.\d+)?$")
_GROUPED = re.compile(r"^\d{1,3}(,\d{3})+(\.\d+)?$")


# ---------------------------------------------------------------------------------------------
# amounts


def parse_amount(text: str | int | Decimal | None, field: str) -> Decimal:
    """Yuan as typed: ``1234.5``, ``1,234.50``, ``¥1234``, ``""`` → 0. Negative, more than two
    decimals or not a number → ``BangfuError``."""
    if text is None:
        return Decimal("0.00")
    if isinstance(text, Decimal | int) and not isinstance(text, bool):
        value = Decimal(text)
    else:
        raw = str(text).strip()
        cleaned = raw.replace("，", ",").replace(" ", "").lstrip("¥￥").removesuffix("元")
        if cleaned == "":
            return Decimal("0.00")
        if cleaned.startswith("-"):
            raise BangfuError("income.negative_amount", field=field, value=raw)
        if _GROUPED.match(cleaned):
            cleaned = cleaned.replace(",", "")
        if not _NUMBER.match(cleaned):
            raise BangfuError("income.bad_amount", field=field, value=raw)
        try:
            value = Decimal(cleaned)
        except InvalidOperation as exc:  # pragma: no cover - the pattern already guards it
            raise BangfuError("income.bad_amount", field=field, value=raw) from exc
        text = raw
    if value < 0:
        raise BangfuError("income.negative_amount", field=field, value=str(text))
    if value != value.quantize(CENT):
        raise BangfuError("income.too_precise", field=field, value=str(text))
    return value.quantize(CENT)


def to_fen(yuan: Decimal) -> int:
    return int((yuan * 100).to_integral_value(rounding=ROUND_HALF_UP))


def from_fen(fen: int) -> Decimal:
    return (Decimal(fen) / 100).quantize(CENT)


def yuan_text(fen: int | None) -> str:
    """``1,234.50`` for tables; empty for None."""
    if fen is None:
        return ""
    return f"{from_fen(fen):,.2f}"


def percent_text(ratio: Decimal | None) -> str:
    if ratio is None:
        return ""
    return f"{(ratio * 100).quantize(Decimal('0.1'), rounding=ROUND_HALF_UP)}%"


def parse_rate(text: str, field: str) -> Decimal:
    """A growth rate in percent: ``7.5`` or ``7.5%`` → Decimal("0.075"); negative allowed."""
    raw = str(text).strip()
    cleaned = raw.removesuffix("%").removesuffix("％").strip()
    try:
        value = Decimal(cleaned)
    except InvalidOperation as exc:
        raise BangfuError("income.bad_rate", field=field, value=raw) from exc
    if not value.is_finite() or abs(value) > 1000:
        raise BangfuError("income.bad_rate", field=field, value=raw)
    return value / 100


def parse_ratio(value: object, field: str) -> Decimal:
    """A profile setting such as ``income_drop = 0.30`` (a fraction) as an exact Decimal."""
    try:
        ratio = Decimal(str(value))
    except InvalidOperation as exc:
        raise BangfuError("income.bad_setting", field=field, value=str(value)) from exc
    if not ratio.is_finite() or ratio <= 0 or ratio > 10:
        raise BangfuError("income.bad_setting", field=field, value=str(value))
    return ratio


@dataclass(frozen=True)
class Amounts:
    """One quarter's record, in fen."""

    wage: int = 0
    business: int = 0
    business_cost: int = 0
    transfer: int = 0
    property: int = 0
    excluded: int = 0
    rigid_expense: int = 0

    @builtins.property  # the field ``property`` (财产性收入) shadows the builtin in this body
    def net(self) -> int:
        """wage + business − business_cost + transfer + property (excluded and rigid_expense are not)."""
        return self.wage + self.business - self.business_cost + self.transfer + self.property

    @classmethod
    def parse(cls, texts: Mapping[str, object]) -> Amounts:
        return cls(**{name: to_fen(parse_amount(texts.get(name), name)) for name in AMOUNT_FIELDS})

    def as_dict(self) -> dict[str, int]:
        return {name: getattr(self, name) for name in AMOUNT_FIELDS}


# ---------------------------------------------------------------------------------------------
# the collection window (信巩办字〔2023〕4号 二(三))


def quarter_of(label: str) -> Period:
    period = try_parse_quarter(label)
    if period is None:
        raise BangfuError("input.bad_quarter", field="quarter", value=label)
    return period


def collection_window(quarter: Period) -> tuple[date, date]:
    """25th of the quarter's last month → 5th of the next month (Q4 runs into January)."""
    last = quarter.end
    after = last + timedelta(days=1)
    return date(last.year, last.month, 25), date(after.year, after.month, 5)


def in_window(quarter: Period, day: date) -> bool:
    start, end = collection_window(quarter)
    return start <= day <= end


def last_four(quarter: Period) -> list[Period]:
    """The four quarters ending with ``quarter``, oldest first."""
    return [shift_quarter(quarter, -k) for k in (3, 2, 1, 0)]


# ---------------------------------------------------------------------------------------------
# per-capita annual net income


@dataclass(frozen=True)
class PerCapita:
    """Per-capita annual net income at a quarter, with how it was reached."""

    quarter: str
    value: Decimal  # yuan per person per year, 2 decimals
    total_fen: int  # net income over the quarters found
    annual_fen: int  # total scaled to four quarters (= total when not estimated)
    size: int
    quarters: tuple[str, ...]  # the quarters found among the four
    estimated: bool

    @property
    def formula(self) -> str:
        if self.estimated:
            return f"{yuan_text(self.total_fen)} × 4 / {len(self.quarters)} ÷ {self.size} = {self.value:,.2f}"
        return f"{yuan_text(self.total_fen)} ÷ {self.size} = {self.value:,.2f}"


def per_capita(net_by_quarter: Mapping[str, int], size: int, quarter: Period) -> PerCapita | None:
    """Σ net income over the four quarters ending with ``quarter`` ÷ ``size``. With fewer than four
    quarters recorded the available ones are scaled to a year and the figure is *estimated*;
    None when none of the four is recorded or the size is not positive."""
    found = [p.label for p in last_four(quarter) if p.label in net_by_quarter]
    if not found or size <= 0:
        return None
    total = sum(net_by_quarter[q] for q in found)
    annual = Decimal(total) * 4 / len(found)
    value = (annual / 100 / size).quantize(CENT, rounding=ROUND_HALF_UP)
    return PerCapita(
        quarter=quarter.label,
        value=value,
        total_fen=total,
        annual_fen=int(annual.to_integral_value(rounding=ROUND_HALF_UP)),
        size=size,
        quarters=tuple(found),
        estimated=len(found) < 4,
    )


# ---------------------------------------------------------------------------------------------
# alerts (DOMAIN.md §7): each keeps its inputs, formula and limit so a clerk can check it by hand


@dataclass(frozen=True)
class Alert:
    alert: str  # below-threshold / income-drop / rigid-expense
    value: Decimal | None
    limit: Decimal
    inputs: dict[str, object]
    formula: str
    estimated: bool = False


def below_threshold(pc: PerCapita, threshold_fen: int) -> Alert | None:
    """Per-capita annual net income < the year's threshold."""
    limit = from_fen(threshold_fen)
    if pc.value >= limit:
        return None
    return Alert(
        "below-threshold",
        pc.value,
        limit,
        {
            "net_income": from_fen(pc.total_fen),
            "quarters": list(pc.quarters),
            "size": pc.size,
            "threshold": limit,
        },
        f"{pc.formula} < {limit:,.2f}",
        estimated=pc.estimated,
    )


def income_drop(now_fen: int, year_ago_fen: int, limit: Decimal, quarter: str, earlier: str) -> Alert | None:
    """The quarter's net income fell by ≥ ``limit`` against the same quarter a year earlier."""
    if year_ago_fen <= 0:
        return None  # nothing to fall from
    drop = Decimal(year_ago_fen - now_fen) / Decimal(year_ago_fen)
    if drop < limit:
        return None
    return Alert(
        "income-drop",
        drop.quantize(RATIO, rounding=ROUND_HALF_UP),
        limit,
        {
            "net_income": from_fen(now_fen),
            "net_income_year_ago": from_fen(year_ago_fen),
            "quarter": quarter,
            "quarter_year_ago": earlier,
        },
        f"({yuan_text(year_ago_fen)} − {yuan_text(now_fen)}) ÷ {yuan_text(year_ago_fen)}"
        f" = {percent_text(drop)} ≥ {percent_text(limit)}",
    )


def rigid_expense(rigid_fen: int, net_fen: int, limit: Decimal, quarters: Sequence[str]) -> Alert | None:
    """Rigid expense over the last four quarters ≥ ``limit`` × net income over them."""
    if rigid_fen <= 0:
        return None
    inputs = {
        "rigid_expense": from_fen(rigid_fen),
        "net_income": from_fen(net_fen),
        "quarters": list(quarters),
    }
    if net_fen <= 0:  # any rigid expense against no net income is beyond every share
        return Alert(
            "rigid-expense",
            None,
            limit,
            inputs,
            f"{yuan_text(rigid_fen)} > 0 = {yuan_text(net_fen)}",
        )
    share = Decimal(rigid_fen) / Decimal(net_fen)
    if share < limit:
        return None
    return Alert(
        "rigid-expense",
        share.quantize(RATIO, rounding=ROUND_HALF_UP),
        limit,
        inputs,
        f"{yuan_text(rigid_fen)} ÷ {yuan_text(net_fen)} = {percent_text(share)} ≥ {percent_text(limit)}",
    )


# ---------------------------------------------------------------------------------------------
# 两个高于 (信巩办字〔2023〕4号 二(四))


@dataclass(frozen=True)
class Growth:
    year: int
    households: int
    people_before: int
    people_after: int
    income_before_fen: int
    income_after_fen: int
    per_capita_before: Decimal
    per_capita_after: Decimal
    growth: Decimal  # fraction, e.g. 0.0812
    local_rate: Decimal
    province_rate: Decimal | None
    passes_local: bool  # 脱贫户 growth > local farmers' growth
    passes_province: bool | None  # local growth > province's growth (None when not given)


def growth_test(
    before: Sequence[tuple[int, int]],
    after: Sequence[tuple[int, int]],
    year: int,
    local_rate: Decimal,
    province_rate: Decimal | None,
) -> Growth | None:
    """``before`` / ``after``: (annual net income in fen, size) of the same households in year−1
    and year. Per capita = Σ income ÷ Σ people; growth = after ÷ before − 1; "高于" is strict."""
    people_before = sum(size for _, size in before)
    people_after = sum(size for _, size in after)
    inc_before = sum(fen for fen, _ in before)
    inc_after = sum(fen for fen, _ in after)
    if not before or people_before <= 0 or people_after <= 0 or inc_before <= 0:
        return None
    pc_before = Decimal(inc_before) / 100 / people_before
    pc_after = Decimal(inc_after) / 100 / people_after
    growth = (pc_after / pc_before - 1).quantize(RATIO, rounding=ROUND_HALF_UP)
    return Growth(
        year=year,
        households=len(after),
        people_before=people_before,
        people_after=people_after,
        income_before_fen=inc_before,
        income_after_fen=inc_after,
        per_capita_before=pc_before.quantize(CENT, rounding=ROUND_HALF_UP),
        per_capita_after=pc_after.quantize(CENT, rounding=ROUND_HALF_UP),
        growth=growth,
        local_rate=local_rate,
        province_rate=province_rate,
        passes_local=growth > local_rate,
        passes_province=None if province_rate is None else local_rate > province_rate,
    )
