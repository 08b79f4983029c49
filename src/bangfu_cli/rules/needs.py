"""What a run of the rules reads, stated by the engine as a plain value (``domain.facts.DataNeeds``):
from the rules judged, the as-of date, the window's start and the selection. Storage meets it
(``storage.reader.read_ledger``); nothing here reads the ledger."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date

from bangfu_cli.domain.facts import DataNeeds, RecordNeeds
from bangfu_cli.domain.vocab import MODES
from bangfu_cli.rules.context import earliest_start, window_periods
from bangfu_cli.rules.profiles import RuleSpec

# The kinds judged from ``LedgerData.assistance`` (the records of DOMAIN.md §10), and the kind
# that rates from them (SZ12) — neither reads households.
ASSISTANCE_KINDS = frozenset({"unit_activity", "training", "partner_activity", "secondment"})
NO_HOUSEHOLDS = ASSISTANCE_KINDS | {"rating"}


def needs(
    rules: list[RuleSpec],
    as_of: date,
    since: date,
    *,
    township: str | None = None,
    village_id: int | None = None,
    household_ids: Iterable[int] | None = None,
    part: Iterable[int] | None = None,
) -> DataNeeds:
    """The records judging ``rules`` over the selection needs: the households selected (a
    township, a village, a list of ids, or a ``part`` — villages — of a ledger judged in parts;
    none of them: the whole ledger), their visits from the first day a period of the window
    starts to ``as_of`` when a periodic rule counts visits, the latest visit before that of
    the modes a rule asks about (``Context.last_visit``), the income records and
    assessments of the periods the income rules judge, and the records of DOMAIN.md §10 when a
    rule of theirs is judged (households are not read when only such rules are)."""
    kinds = {r.period for r in rules if r.kind == "periodic" and r.period}
    every = frozenset(MODES)
    return DataNeeds(
        as_of=as_of,
        first=earliest_start(kinds, since) if kinds else as_of,
        township=township.strip() if township else None,
        village_id=village_id,
        household_ids=tuple(household_ids) if household_ids is not None else None,
        part=tuple(part) if part is not None else None,
        visits=bool(kinds),
        per_cadre=any(r.subject == "cadre" for r in rules),
        last_visit_modes=tuple(sorted({frozenset(r.modes) or every for r in rules}, key=sorted)),
        incomes=_records(rules, "income_window", since, as_of),
        assessments=_records(rules, "assessment", since, as_of),
        households=any(r.kind not in NO_HOUSEHOLDS for r in rules),
        # (not for a list of households: their own findings only)
        assistance=household_ids is None and any(r.kind in ASSISTANCE_KINDS for r in rules),
    )


def _records(rules: list[RuleSpec], kind: str, since: date, as_of: date) -> RecordNeeds | None:
    """The income records or assessments the rules of ``kind`` judge (they look records up by
    household and period label only), or None without such a rule."""
    judging = [r for r in rules if r.kind == kind]
    if not judging:
        return None
    labels = {p.label for r in judging for p in window_periods(r.period or "quarter", since, as_of)}
    return RecordNeeds(quarters=tuple(sorted(labels)), selectors=frozenset(r.selector for r in judging))
