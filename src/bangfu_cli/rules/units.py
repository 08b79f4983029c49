"""Unit rules (kind ``unit_activity``): what an assisting unit (帮扶单位) must do, counted from its
activity records — SZ5 (a plan for each village by 31 March), SZ6 (studies its work twice a
year), SZ7/SZ8 (its principal and deputy leaders visit each village), SZ9 (a selecting unit hears
its resident team every half year), XF9 (a quarterly summary by the quarter's last day), XF10 (a
consumption purchase a year).

A rule names the ``activity`` kind that counts, ``min_count`` and ``period``, an optional fixed
``deadline`` (see ``rules.assistance``), and its ``scope`` — who owes it for period P, judged on
P's first day (DOMAIN.md §10):

- ``village``: each unit and village with a village link active that day (a unit with two
  villages owes two plans; a link ending during P still counts P);
- ``assisting``: each unit with a village link active that day;
- ``selecting``: each unit one of whose cadres is first secretary or team member that day;
- ``pairing``: each unit one of whose cadres holds a `pair` pairing that day.

A cadre's unit is his 单位 matched to a unit by code, then by exact name (it has no history:
past periods use the current one); a cadre whose unit matches none makes no unit required.
Under ``village`` an activity naming a village counts for it when the unit assists it on the
activity's date (else for nothing); one without a village counts for every village the unit
assists that day. Under the other scopes every activity of the unit counts. Activities dated
after the as-of date are not counted."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator
from datetime import date

from bangfu_cli.domain.assistance_facts import AssistanceData, unit_resolver
from bangfu_cli.domain.dates import period_of
from bangfu_cli.rules.assistance import counting_day, facts, finding, in_window, judged
from bangfu_cli.rules.context import Context
from bangfu_cli.rules.findings import Finding
from bangfu_cli.rules.profiles import RuleSpec

SCOPES = ("village", "assisting", "selecting", "pairing")


def evaluate(rule: RuleSpec, ctx: Context) -> Iterator[Finding]:
    data = facts(ctx)
    if data is None or rule.period is None:
        return
    periods = [p for p in ctx.periods(rule.period) if in_window(rule, ctx, p)]
    if not periods:
        return
    # (unit, place) → (date, label) of the records that count there, in date order; place is
    # (township, village) under ``village``, else None
    records: dict[tuple, list[tuple[date, str]]] = defaultdict(list)
    links = _links_by_unit(data)
    kinds = set(rule.activities)
    for a in sorted(data.activities, key=lambda a: a.date):
        if a.kind not in kinds or a.date > ctx.as_of:
            continue
        label = period_of(rule.period, counting_day(a.date, a.for_period)).label
        if rule.scope != "village":
            records[(a.unit, None)].append((a.date, label))
            continue
        assisted = {
            (ln.township, ln.village)
            for ln in links.get(a.unit, ())
            if ln.active_on(a.date)
            and (a.village is None or (ln.village == a.village and a.township in (None, ln.township)))
        }
        for place in sorted(assisted):
            records[(a.unit, place)].append((a.date, label))
    subjects = _subjects(rule.scope, data, ctx)
    for p in periods:
        for unit, place in subjects(p.start):
            counted = records.get((unit, place), ())
            dates = [d for d, label in counted if label == p.label]
            done = len(dates)
            decided = dates[rule.min_count - 1] if done >= rule.min_count else None
            when, status = judged(rule, ctx, p, done, rule.min_count, decided)
            yield finding(
                rule, "unit", unit, "unit", when, status,
                required=rule.min_count, done=done, unit=unit,
                township=place[0] if place else None, village=place[1] if place else None,
                last=counted[-1][0] if counted else None,
            )  # fmt: skip


def _links_by_unit(data: AssistanceData) -> dict[str, list]:
    out: dict[str, list] = defaultdict(list)
    for ln in data.links:
        out[ln.unit].append(ln)
    return out


def _subjects(scope: str | None, data: AssistanceData, ctx: Context):
    """``owing(day) -> [(unit, place)]``: who owes the rule for a period starting on ``day``,
    in order of unit code (and village)."""
    if scope in ("village", "assisting"):

        def owing(day: date) -> list[tuple]:
            active = {(ln.unit, ln.township, ln.village) for ln in data.links if ln.active_on(day)}
            if scope == "village":
                return [(u, (t, v)) for u, t, v in sorted(active)]
            return [(u, None) for u in sorted({u for u, _t, _v in active})]

        return owing
    units_of = cadre_units(data, ctx)
    spans = data.residents if scope == "selecting" else data.pairs

    def owing_by_cadre(day: date) -> list[tuple]:
        found = {units_of.get(s.cadre) for s in spans if s.active_on(day)}
        found.discard(None)
        return [(u, None) for u in sorted(found)]

    return owing_by_cadre


def cadre_units(data: AssistanceData, ctx: Context) -> dict[str, str | None]:
    """干部编号 → the code of his unit, or None when his 单位 matches no unit (once per run)."""
    key = ("units.cadre_units",)
    found = ctx.memo.get(key)
    if found is None:
        resolve = unit_resolver(data.units)
        found = ctx.memo[key] = {c.cadre: resolve(c.unit) for c in data.cadre_units}
    return found  # type: ignore[return-value]
