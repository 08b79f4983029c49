"""The quarterly assessment (帮扶成效评估, DOMAIN.md §8, 信巩办字〔2023〕4号 二(五)): the facts of a
监测对象's quarter — income against the threshold and the alerts, the 三保障/饮水 issue, the
risk state — and the conclusion proposed from them, with its reasons. Pure: no clock, no ledger."""

from __future__ import annotations

from dataclasses import dataclass, field

from bangfu_cli.domain.income import Alert, PerCapita, from_fen, percent_text

CONCLUSIONS = ("continue", "strengthen", "adjust", "eliminate")


@dataclass(frozen=True)
class QuarterFacts:
    """What the assessment of one household in one quarter looks at."""

    quarter: str
    per_capita: PerCapita | None
    threshold_fen: int | None
    drop: Alert | None  # income-drop alert of the quarter
    rigid: Alert | None  # rigid-expense alert of the quarter
    open_issue: str | None  # 三保障/饮水 issue still open at the quarter's end
    risk_eliminated: bool  # the household's status already says so

    @property
    def income_ok(self) -> bool:
        return (
            self.per_capita is not None
            and self.threshold_fen is not None
            and self.per_capita.value >= from_fen(self.threshold_fen)
            and self.drop is None
        )

    @property
    def guarantees_ok(self) -> bool:
        return self.open_issue is None

    @property
    def risk_ok(self) -> bool:
        """The risk is stably eliminated: already so, or no risk signal (drop, rigid expense)."""
        return self.risk_eliminated or (self.drop is None and self.rigid is None)

    @property
    def all_hold(self) -> bool:
        return self.income_ok and self.guarantees_ok and self.risk_ok


@dataclass(frozen=True)
class Proposal:
    conclusion: str
    reasons: list[dict[str, object]] = field(default_factory=list)  # {"key": …, params …}


def propose(now: QuarterFacts, before: QuarterFacts | None) -> Proposal:
    """The proposed conclusion, first match wins:

    1. **adjust** the plan when income is falling (an income-drop alert this quarter);
    2. **eliminate** the risk by procedure when all three questions hold this quarter and the
       one before (two consecutive quarters: half a year of stable income), risk still open;
    3. **strengthen** assistance when not all three hold and per-capita income did not improve
       on the quarter before (无明显成效);
    4. **continue** otherwise."""
    reasons = _reasons(now)
    if now.drop is not None:
        return Proposal("adjust", reasons)
    if now.all_hold and before is not None and before.all_hold:
        if now.risk_eliminated:
            return Proposal("continue", [*reasons, {"key": "already_eliminated"}])
        return Proposal("eliminate", [*reasons, {"key": "two_quarters", "before": before.quarter}])
    if now.all_hold:
        return Proposal("continue", [*reasons, {"key": "one_quarter_only"}])
    if now.per_capita is None:
        return Proposal("continue", reasons)
    earlier = before.per_capita if before is not None else None
    if earlier is None:
        return Proposal("continue", reasons)
    if now.per_capita.value <= earlier.value:
        return Proposal(
            "strengthen",
            [
                *reasons,
                {"key": "no_improvement", "before": str(earlier.value), "now": str(now.per_capita.value)},
            ],
        )
    return Proposal(
        "continue",
        [*reasons, {"key": "improving", "before": str(earlier.value), "now": str(now.per_capita.value)}],
    )


def _reasons(now: QuarterFacts) -> list[dict[str, object]]:
    out: list[dict[str, object]] = []
    pc = now.per_capita
    if pc is None:
        out.append({"key": "income_missing"})
    elif now.threshold_fen is None:
        out.append({"key": "no_threshold", "per_capita": str(pc.value)})
    else:
        limit = from_fen(now.threshold_fen)
        key = "income_above" if pc.value >= limit else "income_below"
        out.append(
            {"key": key, "per_capita": str(pc.value), "threshold": str(limit), "estimated": pc.estimated}
        )
    if now.drop is not None:
        out.append(
            {
                "key": "income_drop",
                "value": percent_text(now.drop.value),
                "limit": percent_text(now.drop.limit),
            }
        )
    if now.rigid is not None:
        out.append(
            {
                "key": "rigid_expense",
                "value": percent_text(now.rigid.value),
                "limit": percent_text(now.rigid.limit),
            }
        )
    if now.open_issue:
        out.append({"key": "guarantee_issue", "issue": now.open_issue})
    else:
        out.append({"key": "guarantees_ok"})
    if now.risk_eliminated:
        out.append({"key": "risk_eliminated"})
    return out
