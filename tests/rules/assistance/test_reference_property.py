"""For random small records of units, resident cadres and the county pairing, the engine's
findings equal those of a brute-force, day-by-day reference written here from DOMAIN.md §10,
independently of the engine (the household rules have theirs in tests/rules)."""

from __future__ import annotations

from datetime import date, timedelta

from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from bangfu_cli.domain.assistance_facts import (
    AssistanceData,
    CadrePairFact,
    CadreUnitFact,
    PartnerActivityFact,
    PartnerFact,
    ResidentRoleFact,
    TrainingFact,
    UnitActivityFact,
    UnitFact,
    UnitVillageFact,
)
from bangfu_cli.domain.facts import LedgerData
from bangfu_cli.domain.workdays import WorkCalendar
from bangfu_cli.rules import engine, profiles
from tests.rules.test_reference_property import active, label, periods

# No ledger: the engine judges facts built in memory.
BACKENDS = ()

BASE = date(2023, 1, 1)
SPAN = 640
KINDS = ("unit_activity", "training", "partner_activity", "secondment")
PARTNER_KINDS = (
    "head_visit", "city_mutual_visit", "county_mutual_visit", "funds_disbursed", "funds_spent", "secondment",
    "secondment",
)  # fmt: skip
FOR_LABELS = (None, None, None, "2023", "2024", "2023H1", "2023H2", "2023Q1", "2023Q2", "2023Q4", "2024Q1")


def day(n: int) -> date:
    return BASE + timedelta(days=n)


def days(first: date, last: date):
    d = first
    while d <= last:
        yield d
        d += timedelta(days=1)


# --- the reference ----------------------------------------------------------------------------------


def _resolve(units, text):
    text = text.strip()
    for u in units:
        if u.code == text:
            return u.code
    named = sorted(u.code for u in units if u.name == text)
    return named[0] if named else None


def _span_of(for_label: str):
    """The days a ``for`` label names, found by walking the calendar."""
    kind = "year" if len(for_label) == 4 else {"H": "half", "Q": "quarter"}[for_label[4]]
    year = int(for_label[:4])
    inside = [d for d in days(date(year, 1, 1), date(year, 12, 31)) if label(kind, d) == for_label]
    return inside[0], inside[-1]


def _deadline(rule, start, end):
    for d in days(start, end):
        if (d.month, d.day) in rule.deadlines:
            return d
    return None


def _verdict(rule, start, end, as_of, done, need, decided):
    deadline = _deadline(rule, start, end)
    if deadline is None:
        if done >= need:
            return None, "met", None, None, False
        if end < as_of:
            return None, "overdue", (as_of - end).days, None, False
        return None, "due", None, (end - as_of).days, False
    if done >= need:
        if decided <= deadline:
            return deadline, "met", None, None, False
        return deadline, "overdue", (decided - deadline).days, None, True
    if as_of <= deadline:
        return deadline, "due", None, (deadline - as_of).days, False
    return deadline, "overdue", (as_of - deadline).days, None, False


def reference(profile, a: AssistanceData, as_of: date, since: date) -> set:
    out = set()
    for rule in profile.rules:
        if not rule.enabled or rule.kind not in KINDS:
            continue
        if rule.kind == "secondment":
            out |= _secondments(rule, a, as_of, since)
            continue
        for name, start, end in periods(rule.period, since, as_of):
            deadline = _deadline(rule, start, end)
            if (deadline or end) < since:
                continue
            if rule.kind == "unit_activity":
                owing = _owing(rule.scope, a, start)
                for unit, place in owing:
                    dates = sorted(
                        act.date for act in a.activities if _counts(rule, a, act, unit, place, name, as_of)
                    )
                    need = rule.min_count
                    decided = dates[need - 1] if len(dates) >= need else None
                    when, *status = _verdict(rule, start, end, as_of, len(dates), need, decided)
                    where = place or (None, None)
                    out.add((rule.id, unit, *where, when or name, len(dates), *status))
            elif rule.kind == "training":
                for cadre in sorted({r.cadre for r in a.residents if active(r.start, r.end, start)}):
                    covered = {
                        d
                        for t in a.trainings
                        if t.cadre == cadre and t.level in rule.levels
                        for d in days(max(t.start, start), min(t.end, end, as_of))
                    }
                    _w, *status = _verdict(rule, start, end, as_of, len(covered), rule.min_count, None)
                    out.add((rule.id, cadre, None, None, name, len(covered), *status))
            else:
                if not any(active(p.start, p.end, start) for p in a.partners):
                    continue
                by_kind = {}
                for k in rule.activities:
                    by_kind[k] = sorted(
                        act.date
                        for act in a.partner_activities
                        if act.kind == k
                        and start <= act.date <= min(end, as_of)
                        and any(active(p.start, p.end, act.date) for p in a.partners)
                    )
                need = rule.min_count
                if len(by_kind) == 1:
                    (found,) = by_kind.values()
                    required, done = need, len(found)
                    decided = found[need - 1] if done >= need else None
                else:
                    required = len(by_kind)
                    done = sum(len(f) >= need for f in by_kind.values())
                    decided = max((f[need - 1] for f in by_kind.values() if len(f) >= need), default=None)
                when, *status = _verdict(rule, start, end, as_of, done, required, decided)
                out.add((rule.id, "pair", None, None, when or name, done, *status))
    return out


def _counts(rule, a, act, unit, place, name, as_of) -> bool:
    """Does the unit activity count for (unit, place) in the period called ``name``?"""
    if act.unit != unit or act.kind not in rule.activities or act.date > as_of:
        return False
    counted = act.date
    if act.for_period:
        first, last = _span_of(act.for_period)
        counted = min(max(counted, first), last)
    if label(rule.period, counted) != name:
        return False
    if place is None:
        return True
    township, village = place
    linked = [ln for ln in a.links if ln.unit == unit and (ln.township, ln.village) == place]
    if not any(active(ln.start, ln.end, act.date) for ln in linked):
        return False
    return act.village is None or (act.village == village and act.township in (None, township))


def _owing(scope, a, start):
    if scope == "village":
        return {(ln.unit, (ln.township, ln.village)) for ln in a.links if active(ln.start, ln.end, start)}
    if scope == "assisting":
        return {(ln.unit, None) for ln in a.links if active(ln.start, ln.end, start)}
    text = {c.cadre: c.unit for c in a.cadre_units}
    spans = a.residents if scope == "selecting" else a.pairs
    found = {_resolve(a.units, text.get(s.cadre, "")) for s in spans if active(s.start, s.end, start)}
    return {(u, None) for u in found if u is not None}


def _secondments(rule, a, as_of, since) -> set:
    if not a.partners:
        return set()

    def partner(d):
        return any(active(p.start, p.end, d) for p in a.partners)

    spans = [
        (s.date, s.end)
        for s in a.partner_activities
        if s.kind == "secondment" and s.date <= as_of and partner(s.date)
    ]

    def uncovered(d):
        return partner(d) and not any(active(s, e, d) for s, e in spans)

    first = min(p.start for p in a.partners)
    out, run = set(), []
    for d in days(first, as_of):
        if uncovered(d):
            run.append(d)
            continue
        if run and run[-1] >= since:
            out.add((rule.id, "pair", run[0], run[-1], None, 0, "overdue", len(run), None, False))
        run = []
    if run:
        out.add((rule.id, "pair", run[0], None, None, 0, "overdue", len(run), None, False))
    if not out and partner(as_of):
        held = as_of
        while held > first and partner(held - timedelta(days=1)) and not uncovered(held - timedelta(days=1)):
            held -= timedelta(days=1)
        out.add((rule.id, "pair", held, None, None, 1, "met", None, None, False))
    return out


def _engine_set(profile, a, as_of, since) -> set:
    ids = [r.id for r in profile.rules if r.enabled and r.kind in KINDS]
    found = engine.evaluate(profile, LedgerData(assistance=a), as_of, since, WorkCalendar(), ids)
    out = set()
    for f in found:
        if f.rule.startswith("SZ11E"):
            key = (f.rule, "pair", f.period_start, f.period_end, None, f.done)
        elif f.subject == "county_pair":
            key = (
                f.rule,
                "pair",
                None,
                None,
                f.period_end if f.period and "-" in f.period else f.period,
                f.done,
            )
        elif f.subject == "cadre":
            key = (f.rule, f.cadre, None, None, f.period, f.done)
        else:
            when = f.period_end if f.period and "-" in f.period else f.period
            key = (f.rule, f.unit, f.township, f.village, when, f.done)
        out.add((*key, f.status, f.days_overdue, f.days_left, f.late))
    return out


# --- random records ---------------------------------------------------------------------------------

# The days rules turn on — deadlines and period ends, and the day after — drawn often.
EDGES = sorted(
    {
        (date(y, m, d) + timedelta(days=shift) - BASE).days
        for y in (2023, 2024)
        for m, d in ((3, 31), (6, 30), (9, 30), (10, 31), (11, 30), (12, 31))
        for shift in (0, 1)
    }
    & set(range(SPAN + 1))
)
offsets = st.one_of(st.integers(min_value=0, max_value=SPAN), st.sampled_from(EDGES))


@st.composite
def spans(draw):
    """Mostly early and long: most periods then have someone who owes them."""
    start = draw(st.one_of(st.integers(0, 10), offsets))
    return day(start), day(start + draw(st.integers(0, SPAN))) if draw(st.booleans()) else None


@st.composite
def records(draw):
    units = (UnitFact("U1", "甲"), UnitFact("U2", "乙"))
    cadres = ("C1", "C2", "C3")
    cadre_units = tuple(
        CadreUnitFact(c, draw(st.sampled_from(["U1", "乙", " 甲 ", "无此单位"]))) for c in cadres
    )
    links = []
    for _ in range(draw(st.integers(1, 4))):
        start, end = draw(spans())
        links.append(
            UnitVillageFact(
                draw(st.sampled_from(["U1", "U2"])), "T1", draw(st.sampled_from(["V1", "V2"])), start, end
            )
        )
    activities = tuple(
        UnitActivityFact(
            draw(st.sampled_from(["U1", "U2"])),
            draw(
                st.sampled_from(
                    [
                        "plan",
                        "study",
                        "principal_visit",
                        "deputy_visit",
                        "team_report",
                        "summary",
                        "consumption",
                    ]
                )
            ),
            day(draw(offsets)),
            draw(st.sampled_from([None, "T1", "T2"])),
            draw(st.sampled_from([None, None, "V1", "V2", "V3"])),
            draw(st.sampled_from(FOR_LABELS)),
        )
        for _ in range(draw(st.integers(4, 30)))
    )
    residents = []
    for _ in range(draw(st.integers(1, 3))):
        start, end = draw(spans())
        role = draw(st.sampled_from(["first_secretary", "team_member"]))
        residents.append(ResidentRoleFact(draw(st.sampled_from(cadres)), role, "T1", "V1", start, end))
    pairs = []
    for _ in range(draw(st.integers(1, 3))):
        start, end = draw(spans())
        pairs.append(CadrePairFact(draw(st.sampled_from(cadres)), start, end))
    trainings = []
    for _ in range(draw(st.integers(1, 6))):
        start = day(draw(offsets))
        trainings.append(
            TrainingFact(
                draw(st.sampled_from(cadres)),
                draw(st.sampled_from(["national", "provincial", "city", "county", "township"])),
                start,
                start + timedelta(days=draw(st.integers(0, 12))),
            )
        )
    cuts = sorted(draw(st.lists(st.one_of(st.integers(0, 5), offsets), min_size=1, max_size=4, unique=True)))
    partners = tuple(
        PartnerFact(f"P{i}", day(cuts[i]), day(cuts[i + 1] - 1) if i + 1 < len(cuts) else None)
        for i in range(0, len(cuts), 2)
    )  # one at a time: P0 ends the day before the next cut, P1 starts after a gap
    partner_activities = []
    for _ in range(draw(st.integers(3, 16))):
        kind = draw(st.sampled_from(PARTNER_KINDS))
        start = day(draw(offsets))
        end = None
        if kind == "secondment" and draw(st.booleans()):
            end = start + timedelta(days=draw(st.integers(0, 300)))
        partner_activities.append(PartnerActivityFact(kind, start, end))
    return AssistanceData(
        units=units,
        links=tuple(links),
        activities=activities,
        trainings=tuple(trainings),
        partners=partners,
        partner_activities=tuple(partner_activities),
        cadre_units=cadre_units,
        residents=tuple(residents),
        pairs=tuple(pairs),
    )


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    a=records(),
    as_of=st.one_of(st.integers(30, SPAN), st.sampled_from(EDGES)),
    back=st.integers(0, 400),
    profile_id=st.sampled_from(["xinfeng-2023", "suzhou-2022"]),
)
def test_engine_matches_day_by_day_reference_for_units_residents_and_the_county_pairing(
    a, as_of, back, profile_id
):
    profile = profiles.load_builtin(profile_id)
    as_of_day = day(as_of)
    since = as_of_day - timedelta(days=back)
    expected = reference(profile, a, as_of_day, since)
    event(f"findings: {min(len(expected), 20) // 10 * 10}+")
    event(f"late: {any(e[-1] for e in expected)}")
    event(f"met: {any(e[-4] == 'met' for e in expected)}")
    assert _engine_set(profile, a, as_of_day, since) == expected
