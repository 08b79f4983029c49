"""For random small ledgers, the engine's findings equal those of a brute-force, day-by-day
reference written here independently of the engine (it walks every day, and shares no code)."""

from __future__ import annotations

from datetime import date, timedelta

from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from bangfu_cli.domain.facts import (
    CadreFact,
    HouseholdFact,
    LedgerData,
    PairingFact,
    RoleFact,
    StatusFact,
    VisitFact,
)
from bangfu_cli.domain.workdays import WorkCalendar
from bangfu_cli.rules import engine, profiles

# No ledger: the engine judges facts built in memory.
BACKENDS = ()

BASE = date(2023, 1, 1)
SPAN = 640  # days: 2023-01-01 … 2024-10-01


def day(n: int) -> date:
    return BASE + timedelta(days=n)


# --- the reference ----------------------------------------------------------------------------------

SELECT = {
    "assisted": lambda s: s[0] or s[1] is not None,
    "monitored": lambda s: s[1] is not None,
    "monitored_risk_open": lambda s: s[1] is not None and s[2] != "eliminated",
    "tuopin": lambda s: s[0],
    "tuopin_not_monitored": lambda s: s[0] and s[1] is None,
    "assisted_not_open": lambda s: (
        (s[0] or s[1] is not None) and not (s[1] is not None and s[2] != "eliminated")
    ),
}


def label(kind: str, d: date) -> str:
    if kind == "month":
        return f"{d.year}-{d.month:02d}"
    if kind == "quarter":
        return f"{d.year}Q{ {1: 1, 2: 1, 3: 1, 4: 2, 5: 2, 6: 2, 7: 3, 8: 3, 9: 3}.get(d.month, 4) }"
    if kind == "half":
        return f"{d.year}H{1 if d.month < 7 else 2}"
    return str(d.year)


def status_on(h: HouseholdFact, d: date):
    best = None
    for s in h.statuses:
        if s.effective_on <= d and (best is None or s.effective_on > best.effective_on):
            best = s
    return None if best is None else (best.tuopin, best.monitor_type, best.risk)


def active(start, end, d):
    return start <= d and (end is None or d <= end)


def periods(kind: str, since: date, as_of: date):
    spans: dict[str, list[date]] = {}
    d = date(since.year - 1, 1, 1)
    while d <= as_of + timedelta(days=370):
        spans.setdefault(label(kind, d), []).append(d)
        d += timedelta(days=1)
    return [(k, v[0], v[-1]) for k, v in spans.items() if v[-1] >= since and v[0] <= as_of]


def reference(profile, data: LedgerData, as_of: date, since: date):
    out = set()
    for rule in profile.rules:
        if not rule.enabled or rule.kind not in ("periodic", "coverage"):
            continue
        if rule.kind == "coverage":
            for h in data.households:
                st_ = status_on(h, as_of)
                in_ledger = h.since <= as_of and (h.closed_on is None or h.closed_on >= as_of)
                if not in_ledger or st_ is None or not SELECT[rule.selector](st_):
                    continue
                pairs = [p for p in data.pairings if p.household_id == h.id and p.kind == "pair"]
                on = [p for p in pairs if active(p.start, p.end, as_of)]
                if on:
                    out.add((rule.id, h.code, None, "met", 1, None, None))
                    continue
                d = as_of
                while True:
                    prev = d - timedelta(days=1)
                    st_prev = status_on(h, prev)
                    if (
                        prev < h.since
                        or st_prev is None
                        or not SELECT[rule.selector](st_prev)
                        or any(active(p.start, p.end, prev) for p in pairs)
                    ):
                        break
                    d = prev
                out.add((rule.id, h.code, None, "overdue", 0, (as_of - d).days, None))
            continue
        for name, start, end in periods(rule.period, since, as_of):
            if rule.subject == "cadre":
                for c in data.cadres:
                    contacts = [p for p in data.pairings if p.cadre_id == c.id and p.kind == "leader"]
                    if not any(active(p.start, p.end, start) for p in contacts):
                        continue
                    done = sum(
                        1
                        for v in data.visits
                        if v.cadre_id == c.id
                        and start <= v.date <= min(end, as_of)
                        and v.mode in rule.modes
                        and any(
                            p.household_id == v.household_id and active(p.start, p.end, v.date)
                            for p in contacts
                        )
                    )
                    out.add(_judged(rule.id, c.code, name, start, end, as_of, done, rule.min_count))
                continue
            for h in data.households:
                days = [start + timedelta(days=i) for i in range((end - start).days + 1)]
                if not all(h.since <= d and (h.closed_on is None or d <= h.closed_on) for d in days):
                    continue
                st_ = status_on(h, start)
                if st_ is None or not SELECT[rule.selector](st_):
                    continue
                done = 0
                for d in days:
                    if d > as_of:
                        break
                    for v in data.visits:
                        if v.household_id != h.id or v.date != d or v.mode not in rule.modes:
                            continue
                        if _holds(rule.visitor, v, h, data):
                            done += 1
                out.add(_judged(rule.id, h.code, name, start, end, as_of, done, rule.min_count))
    return out


def _holds(visitor, v, h, data) -> bool:
    if visitor == "any":
        return True
    if visitor == "first_secretary":
        return any(
            r.cadre_id == v.cadre_id and r.village_id == h.village_id and r.role == "first_secretary"
            and active(r.start, r.end, v.date)
            for r in data.roles
        )  # fmt: skip
    kind = "pair" if visitor == "paired" else "leader"
    return any(
        p.cadre_id == v.cadre_id
        and p.household_id == h.id
        and p.kind == kind
        and active(p.start, p.end, v.date)
        for p in data.pairings
    )


def _judged(rule, who, name, start, end, as_of, done, need):
    if done >= need:
        return (rule, who, name, "met", done, None, None)
    if end < as_of:
        return (rule, who, name, "overdue", done, (as_of - end).days, None)
    return (rule, who, name, "due", done, None, (end - as_of).days)


# --- random ledgers --------------------------------------------------------------------------------

offsets = st.integers(min_value=0, max_value=SPAN)


@st.composite
def ledgers(draw):
    n_cadres = draw(st.integers(1, 2))
    cadres = tuple(CadreFact(i + 1, f"C{i + 1}", f"c{i + 1}") for i in range(n_cadres))
    households = []
    for i in range(draw(st.integers(1, 3))):
        rows = []
        for on in sorted({draw(st.integers(0, 60)), *draw(st.lists(offsets, max_size=2))}):
            monitored = draw(st.booleans())
            rows.append(
                StatusFact(
                    day(on),
                    draw(st.booleans()),
                    draw(st.sampled_from(["unstable", "marginal", "sudden"])) if monitored else None,
                    draw(st.sampled_from(["open", "eliminated", None])) if monitored else None,
                )
            )
        since = day(draw(st.integers(0, 90)))
        closed = day(draw(offsets)) if draw(st.booleans()) else None
        village = draw(st.integers(1, 2))
        households.append(
            HouseholdFact(i + 1, f"H{i + 1}", f"h{i + 1}", "T", f"V{village}", village, 3, since,
                          closed if closed is None or closed >= since else None, tuple(rows))
        )  # fmt: skip
    pairings = []
    for i in range(draw(st.integers(1, 4))):
        a, b = sorted((draw(st.integers(0, 200)), draw(offsets)))
        pairings.append(
            PairingFact(
                i + 1,
                draw(st.integers(1, len(households))),
                draw(st.integers(1, n_cadres)),
                draw(st.sampled_from(["pair", "pair", "leader"])),
                day(a),
                day(b) if draw(st.booleans()) else None,
            )
        )
    roles = []
    for i in range(draw(st.integers(0, 3))):
        a, b = sorted((draw(offsets), draw(offsets)))
        roles.append(
            RoleFact(
                i + 1,
                draw(st.integers(1, n_cadres)),
                draw(st.integers(1, 2)),
                "first_secretary",
                day(a),
                day(b) if draw(st.booleans()) else None,
            )
        )
    visits = tuple(
        VisitFact(
            i + 1,
            draw(st.integers(1, len(households))),
            draw(st.integers(1, n_cadres)),
            day(draw(offsets)),
            draw(st.sampled_from(["home", "home", "phone", "online"])),
        )
        for i in range(draw(st.integers(0, 30)))
    )
    return LedgerData(
        households=tuple(households),
        cadres=cadres,
        pairings=tuple(pairings),
        roles=tuple(roles),
        visits=visits,
    )


def _engine_set(profile, data, as_of, since):
    found = engine.evaluate(profile, data, as_of, since, WorkCalendar(), [r.id for r in profile.rules
                            if r.kind in ("periodic", "coverage") and r.enabled])  # fmt: skip
    return {
        (
            f.rule,
            f.household or f.cadre,
            f.period,
            f.status,
            f.done,
            f.days_overdue,
            f.days_left,
        )
        for f in found
    }


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    data=ledgers(),
    as_of=st.integers(30, SPAN),
    back=st.integers(0, 400),
    profile_id=st.sampled_from(["xinfeng-2023", "suzhou-2022"]),
)
def test_engine_matches_day_by_day_reference(data, as_of, back, profile_id):
    profile = profiles.load_builtin(profile_id)
    as_of_day = day(as_of)
    since = as_of_day - timedelta(days=back)
    expected = reference(profile, data, as_of_day, since)
    event(f"findings: {min(len(expected), 10) // 5 * 5}+, met: {any(e[3] == 'met' for e in expected)}")
    assert _engine_set(profile, data, as_of_day, since) == expected
