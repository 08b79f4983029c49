"""The rules engine: ``evaluate(profile, data, as_of, since, calendar)`` → findings.

Pure: ledger data, an as-of date, a window and a working-day calendar in; ``Finding`` records
out (met ones too, for the compliance rate). No session, no clock, no console.

Each rule ``kind`` of a profile is judged by the evaluator registered under that name in
``EVALUATORS`` — ``fn(rule, ctx: Context) -> Iterable[Finding]``; when ``ctx.met_in_brief`` it
may give met findings in brief (``findings.MetBrief``), which ``run`` counts. ``needs`` says
what a run reads (``rules/needs.py``). The income rules (XF7
``income_window``, XF8 ``assessment``) live in ``rules/income_rules.py``, which exposes its own
``EVALUATORS`` dict; when that module is present its entries are added here once, at import.
The rules of units, resident cadres and the county pairing (DOMAIN.md §10: ``units``,
``residents``, ``county_pair``) read ``LedgerData.assistance``; while a ledger's reader leaves it
None they find nothing and ``unevaluated`` names them — a rule that cannot be judged says so
rather than passing. SZ12 (kind ``rating``) gives ratings (``rules.rating.rate``), not findings.
A rule whose kind has no evaluator yet is skipped and reported by ``unevaluated``."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable
from datetime import date

from bangfu_cli.domain.assistance_facts import AssistanceData
from bangfu_cli.domain.facts import LedgerData
from bangfu_cli.domain.workdays import WorkCalendar
from bangfu_cli.rules import county_pair, coverage, deadline, periodic, residents, units
from bangfu_cli.rules.context import Context, default_since
from bangfu_cli.rules.findings import MET, Finding, MetBrief, met_key
from bangfu_cli.rules.needs import ASSISTANCE_KINDS, needs
from bangfu_cli.rules.profiles import Profile, RuleSpec

Evaluator = Callable[[RuleSpec, Context], Iterable[Finding | MetBrief]]

EVALUATORS: dict[str, Evaluator] = {
    "periodic": periodic.evaluate,
    "coverage": coverage.evaluate,
    "deadline": deadline.evaluate,
    "unit_activity": units.evaluate,
    "training": residents.evaluate,
    "partner_activity": county_pair.evaluate,
    "secondment": county_pair.evaluate_secondment,
    "rating": lambda rule, ctx: (),  # ratings, not findings: rules.rating.rate
}
# The kinds judged from ``LedgerData.assistance`` (the records of DOMAIN.md §10).
NEEDS_ASSISTANCE = ASSISTANCE_KINDS


def _optional_evaluators() -> dict[str, Evaluator]:
    import importlib.util

    if importlib.util.find_spec("bangfu_cli.rules.income_rules") is None:
        return {}
    from bangfu_cli.rules import income_rules

    return dict(getattr(income_rules, "EVALUATORS", {}))


EVALUATORS.update(_optional_evaluators())


def selected_rules(profile: Profile, rule_ids: Iterable[str] | None = None) -> list[RuleSpec]:
    """The enabled rules of the profile, or those named (in the profile's order)."""
    wanted = {r.strip().upper() for r in rule_ids} if rule_ids else None
    return [r for r in profile.rules if r.enabled and (wanted is None or r.id.upper() in wanted)]


def unevaluated(
    profile: Profile, rule_ids: Iterable[str] | None = None, data: LedgerData | None = None
) -> list[RuleSpec]:
    """Enabled rules whose kind has no evaluator in this installation, and those that read the
    records of DOMAIN.md §10 when ``data`` carries none (``data.assistance`` None, or no
    ``data`` given: a caller that read them passes its data)."""
    read = data is not None and data.assistance is not None
    return [
        r
        for r in selected_rules(profile, rule_ids)
        if r.kind not in EVALUATORS or (r.kind in NEEDS_ASSISTANCE and not read)
    ]


def lacking(profile: Profile, rule_ids: Iterable[str] | None, data: LedgerData) -> list[RuleSpec]:
    """``unevaluated``, and the rules of DOMAIN.md §10 whose records the ledger does not keep at
    all (``lacks``): what a run on a real ledger reports as not judged."""
    missing = {r.id for r in unevaluated(profile, rule_ids, data)}
    if data.assistance is not None:
        missing.update(
            r.id
            for r in selected_rules(profile, rule_ids)
            if r.kind in NEEDS_ASSISTANCE and lacks(r, data.assistance)
        )
    return [r for r in selected_rules(profile, rule_ids) if r.id in missing]


def lacks(rule: RuleSpec, data: AssistanceData) -> bool:
    """Does the ledger keep none of the records that say who owes ``rule`` (no units, no village
    links for a rule by village, no resident cadres, no partner county)? Then the rule cannot
    be judged, and it is said so rather than passed."""
    if rule.kind == "unit_activity":
        if not data.units:
            return True
        if rule.scope in ("village", "assisting"):
            return not data.links
        return not (data.residents if rule.scope == "selecting" else data.pairs)
    if rule.kind == "training":
        return not data.residents
    return not data.partners


def evaluate(
    profile: Profile,
    data: LedgerData,
    as_of: date,
    since: date | None = None,
    calendar: WorkCalendar | None = None,
    rule_ids: Iterable[str] | None = None,
) -> list[Finding]:
    """Every finding of the profile's enabled rules (or ``rule_ids``) for periods that end on or
    after ``since`` (default: one year before ``as_of``) and start on or before ``as_of``."""
    ctx, judged = _judging(profile, data, as_of, since, calendar, rule_ids, in_brief=False)
    return [f for rule, fn in judged for f in fn(rule, ctx)]


def run(
    profile: Profile,
    data: LedgerData,
    as_of: date,
    since: date | None = None,
    calendar: WorkCalendar | None = None,
    rule_ids: Iterable[str] | None = None,
) -> tuple[list[Finding], Counter]:
    """``evaluate`` with the met findings counted instead of listed: the findings that are not
    met (in the same order as ``evaluate`` lists them), and a ``Counter`` of the met ones by
    ``findings.met_key(rule, township, village, cadre, late)``. Same judgements, a fraction of
    the memory on a county (most periods are met)."""
    ctx, judged = _judging(profile, data, as_of, since, calendar, rule_ids, in_brief=True)
    met: Counter = Counter()
    findings: list[Finding] = []
    add = findings.append
    for rule, fn in judged:
        for f in fn(rule, ctx):  # each evaluator's own loop: no generator step between
            if type(f) is MetBrief:
                met[f[:5]] += f[5]  # the fields before the count are its ``met_key``
            elif f.status == MET:  # an evaluator that lists its met findings
                met[met_key(f.rule, f.township, f.village, f.cadre, f.late)] += 1
            else:
                add(f)
    return findings, met


def _judging(
    profile, data, as_of, since, calendar, rule_ids, in_brief: bool
) -> tuple[Context, list[tuple[RuleSpec, Evaluator]]]:
    """The run's context, and every selected rule with an evaluator with it, in the profile's
    order; with ``in_brief`` the evaluators may give met findings in brief."""
    since = since or default_since(as_of)
    calendar = calendar or WorkCalendar(profile.extra_holidays)
    ctx = Context(data, as_of, since, calendar)
    ctx.met_in_brief = in_brief
    judged = [
        (rule, EVALUATORS[rule.kind]) for rule in selected_rules(profile, rule_ids) if rule.kind in EVALUATORS
    ]
    return ctx, judged


__all__ = [
    "EVALUATORS",
    "NEEDS_ASSISTANCE",
    "Context",
    "evaluate",
    "lacking",
    "lacks",
    "needs",
    "run",
    "selected_rules",
    "unevaluated",
]
