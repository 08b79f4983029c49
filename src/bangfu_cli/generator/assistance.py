"""The other kinds of assistance of a synthetic county (``bangfu demo --households N``): rows
drawn from the villages, resident roles and pairing cadres' units of a county already made, over
its span (``services.synthetic_assistance`` reads those and writes the rows):

- one unit per village: the unit of the village's first secretary (else of its team member; else
  one of those units) is its 定点帮扶单位 — a county bureau usually assists several villages —
  linked for the whole span, a few links changing hands mid-span;
- unit activities at realistic rates: a plan per unit and village each year (most by 31 March, a
  few late, a few missing), a principal's and two deputies' visits to each village, two study
  meetings, a team report each half year (units with resident cadres), a summary each quarter
  (units with paired cadres; a few late, handed in with ``for``), a consumption purchase;
- trainings of every resident cadre (most reach 7 days a year at county level or above);
- a partner county for the whole span with heads' visits, mutual visits, funds, and secondments
  one after another (now and then a gap of a few days);
- social contributions, about one per two villages a year.

Deterministic for a seed (uuids included); nothing is dated after ``end``."""

from __future__ import annotations

import random
import uuid
from datetime import UTC, date, datetime, time, timedelta
from typing import Any

from bangfu_cli.domain.dates import periods_between

PARTNER_NAMES = ("昆山市", "江阴市", "张家港市", "常熟市", "太仓市", "龙华区")
CONTRIBUTORS = (
    ("绿源农业发展有限公司", "enterprise", "产销对接"),
    ("县慈善总会", "organisation", "助学"),
    ("青年志愿者协会", "organisation", "志愿服务"),
    ("供销电商有限公司", "enterprise", "消费帮扶"),
    ("爱心人士", "person", "捐赠"),
)


class _Maker:
    def __init__(self, seed: int, start: date, end: date, operator: str) -> None:
        self.rng = random.Random(f"assistance-{seed}")
        self.start, self.end, self.operator = start, end, operator
        self.rows: dict[str, list[dict[str, Any]]] = {}

    def day(self, lo: date, hi: date) -> date | None:
        """A weekday in [lo, hi] clipped to the span; None when nothing is left of it."""
        lo, hi = max(lo, self.start), min(hi, self.end)
        if lo > hi:
            return None
        for _ in range(20):
            d = lo + timedelta(days=self.rng.randrange((hi - lo).days + 1))
            if d.weekday() < 5:
                return d
        return lo

    def add(self, entity: str, when: date, **values: Any) -> dict[str, Any]:
        lag = timedelta(days=self.rng.randrange(0, 4), minutes=self.rng.randrange(480, 1080))
        at = min(datetime.combine(when, time()) + lag, datetime.combine(self.end, time(18)))
        row = {
            "uuid": str(uuid.UUID(int=self.rng.getrandbits(128), version=4)),
            "recorded_at": at.replace(tzinfo=UTC),
            "recorded_by": self.operator,
            **values,
        }
        if entity != "unit":
            row.setdefault("voided", False)
        self.rows.setdefault(entity, []).append(row)
        return row


def _village_units(roles: list[tuple]) -> dict[int, str]:
    """Village → the unit text of its first secretary (the earliest), else of its first team member."""
    secretary: dict[int, str] = {}
    member: dict[int, str] = {}
    for village_id, role, _start, _end, _cadre_id, _code, unit in roles:
        (secretary if role == "first_secretary" else member).setdefault(village_id, unit)
    return {**member, **secretary}


def _units(make: _Maker, inputs: dict[str, Any]) -> tuple[dict[int, int], set[int]]:
    """Units (ids 1…) from the resident cadres' and paired cadres' units; each village's unit; the
    units with resident cadres."""
    by_village = _village_units(inputs["roles"])
    pool = sorted(set(by_village.values())) or sorted(inputs["pair_units"])
    for village_id, _town, _name in inputs["villages"]:
        if village_id not in by_village and pool:  # a village without resident cadres still has a unit
            by_village[village_id] = make.rng.choice(pool)
    assisting = set(by_village.values())
    names = sorted(assisting | set(inputs["pair_units"]))
    ids = {name: i for i, name in enumerate(names, start=1)}
    for name, i in ids.items():
        level = "township" if name.endswith(("镇人民政府", "乡人民政府", "中心小学", "卫生院")) else "county"
        make.add("unit", make.start, id=i, code=f"DW{i:04d}", name=name, level=level)
    village_unit = {v: ids[u] for v, u in by_village.items()}
    others = sorted(ids[n] for n in assisting)
    link_start = date(make.start.year - 2, 6, 1)
    for village_id, _town, _name in inputs["villages"]:
        unit_id = village_unit.get(village_id)
        if unit_id is None:
            continue
        first = link_start
        if make.rng.random() < 0.02:  # the link changes hands mid-span
            change = make.start + timedelta(
                days=make.rng.randrange(90, max(91, (make.end - make.start).days))
            )
            make.add(
                "unit_village",
                first,
                unit_id=unit_id,
                village_id=village_id,
                start=first,
                end=change - timedelta(days=1),
            )
            unit_id = make.rng.choice(others)
            village_unit[village_id] = unit_id
            first = change
        make.add("unit_village", first, unit_id=unit_id, village_id=village_id, start=first, end=None)
    residents = {ids[unit] for *_rest, unit in inputs["roles"] if unit in ids}
    return village_unit, residents


def _activities(make: _Maker, village_unit: dict[int, int], residents: set[int]) -> None:
    units = sorted(set(village_unit.values()))
    for year in range(make.start.year, make.end.year + 1):
        _village_activities(make, year, village_unit)
        for unit_id in units:
            _unit_activities(make, year, unit_id, unit_id in residents)


def _village_activities(make: _Maker, year: int, village_unit: dict[int, int]) -> None:
    """Per unit and village: the plan (most by 31 March, a few late, a few missing), the
    principal's visit, a deputy's visit each half year."""
    r = make.rng
    for village_id, unit_id in sorted(village_unit.items()):
        roll = r.random()
        plan = f"{year}年度帮扶计划"
        if roll < 0.9:
            _act(
                make, unit_id, "plan", make.day(date(year, 2, 1), date(year, 3, 31)), village_id, content=plan
            )
        elif roll < 0.95:
            _act(
                make, unit_id, "plan", make.day(date(year, 4, 1), date(year, 5, 31)), village_id, content=plan
            )
        if r.random() < 0.92:
            when = make.day(date(year, 3, 1), date(year, 11, 30))
            _act(make, unit_id, "principal_visit", when, village_id, content="走访调研")
        for lo, hi in ((date(year, 2, 1), date(year, 6, 30)), (date(year, 7, 1), date(year, 12, 20))):
            if r.random() < 0.9:
                _act(make, unit_id, "deputy_visit", make.day(lo, hi), village_id, content="督导帮扶工作")


def _unit_activities(make: _Maker, year: int, unit_id: int, has_residents: bool) -> None:
    """Per unit: two studies, a team report each half year, a summary each quarter (a few late,
    handed in with ``for``), a consumption purchase."""
    r = make.rng
    for lo, hi in ((date(year, 1, 5), date(year, 4, 30)), (date(year, 7, 1), date(year, 10, 31))):
        if r.random() < 0.93:
            _act(make, unit_id, "study", make.day(lo, hi), None, content="专题研究帮扶工作")
    if has_residents:
        for lo, hi in ((date(year, 3, 1), date(year, 6, 25)), (date(year, 9, 1), date(year, 12, 25))):
            if r.random() < 0.9:
                _act(make, unit_id, "team_report", make.day(lo, hi), None, content="听取驻村工作汇报")
    for q in periods_between("quarter", date(year, 1, 1), date(year, 12, 31)):
        roll = r.random()
        content = f"{q.label}工作总结"
        if roll < 0.9:
            _act(make, unit_id, "summary", make.day(q.end - timedelta(days=12), q.end), None, content=content)
        elif roll < 0.95:
            late = make.day(q.end + timedelta(days=1), q.end + timedelta(days=10))
            _act(make, unit_id, "summary", late, None, content=content, for_period=q.label)
    if r.random() < 0.88:
        when = make.day(date(year, 8, 1), date(year, 12, 15))
        _act(
            make,
            unit_id,
            "consumption",
            when,
            None,
            content="采购农产品",
            amount_fen=r.randrange(20, 200) * 50_000,
        )


def _act(
    make: _Maker, unit_id: int, kind: str, when: date | None, village_id: int | None, **values: Any
) -> None:
    if when is None:
        return
    make.add(
        "unit_activity",
        when,
        unit_id=unit_id,
        kind=kind,
        date=when,
        village_id=village_id,
        people=None,
        amount_fen=values.pop("amount_fen", 0),
        attachment=None,
        for_period=values.pop("for_period", None),
        **values,
    )


def _trainings(make: _Maker, roles: list[tuple]) -> None:
    r = make.rng
    seen: set[tuple[str, int]] = set()
    for _village, _role, role_start, role_end, cadre_id, cadre_code, _unit in roles:
        for year in range(make.start.year, make.end.year + 1):
            if (cadre_code, year) in seen or role_start > date(year, 12, 31):
                continue
            if role_end is not None and role_end < date(year, 1, 1):
                continue
            seen.add((cadre_code, year))
            days = 5 if r.random() < 0.12 else r.choice((7, 8, 10))  # a few fall short
            first = make.day(date(year, 3, 1), date(year, 6, 30))
            if first is None:
                continue
            long_one = min(days - 2, 5)
            _training(make, cadre_id, "全省驻村干部培训班", "provincial", first, long_one)
            second = make.day(date(year, 8, 1), date(year, 11, 30))
            if second is not None:
                _training(make, cadre_id, "驻村干部业务培训", "county", second, days - long_one)


def _training(make: _Maker, cadre_id: int, name: str, level: str, first: date, days: int) -> None:
    last = min(first + timedelta(days=days - 1), make.end)
    make.add("training", last, cadre_id=cadre_id, name=name, level=level, start=first, end=last)


def _partner(make: _Maker) -> None:
    r = make.rng
    since = date(make.start.year - 2, 1, 1)
    make.add("partner", make.start, name=r.choice(PARTNER_NAMES), start=since, end=None)
    for year in range(make.start.year, make.end.year + 1):
        for lo, hi in ((date(year, 3, 1), date(year, 6, 20)), (date(year, 9, 1), date(year, 12, 20))):
            if r.random() < 0.9:
                _pair(make, "head_visit", make.day(lo, hi), people="党政主要领导")
        for kind in ("city_mutual_visit", "county_mutual_visit"):
            _pair(
                make,
                kind,
                make.day(date(year, 4, 1), date(year, 10, 31) if r.random() < 0.9 else date(year, 12, 10)),
            )
        funds = r.randrange(300, 800) * 1_000_000
        _pair(make, "funds_disbursed", make.day(date(year, 2, 1), date(year, 3, 31)), amount_fen=funds)
        _pair(make, "funds_spent", make.day(date(year, 9, 1), date(year, 11, 30)), amount_fen=funds)
    first = since
    n = 0
    while first <= make.end:
        n += 1
        last = first + timedelta(days=r.randrange(300, 400))
        open_end = last > make.end
        _pair(make, "secondment", first, end=None if open_end else last, cadre=f"GZ-{n:03d}")
        first = last + timedelta(days=1 + (r.randrange(1, 8) if r.random() < 0.3 else 0))


def _pair(make: _Maker, kind: str, when: date | None, **values: Any) -> None:
    if when is None or when > make.end:
        return
    make.add(
        "partner_activity",
        when,
        kind=kind,
        date=when,
        end=values.pop("end", None),
        cadre=values.pop("cadre", None),
        amount_fen=values.pop("amount_fen", 0),
        people=values.pop("people", None),
        content=None,
    )


def _contributions(make: _Maker, villages: list[tuple]) -> None:
    r = make.rng
    for year in range(make.start.year, make.end.year + 1):
        for village_id, township, _name in villages:
            if r.random() < 0.5:
                who, kind, form = r.choice(CONTRIBUTORS)
                when = make.day(date(year, 1, 1), date(year, 12, 31))
                if when is None:
                    continue
                volunteer = form == "志愿服务"
                make.add(
                    "contribution",
                    when,
                    contributor=f"{township}{who}",
                    contributor_kind=kind,
                    date=when,
                    form=form,
                    amount_fen=0 if volunteer else r.randrange(1, 100) * 100_000,
                    hours=float(r.randrange(8, 80)) if volunteer else 0.0,
                    beneficiaries=r.randrange(2, 60),
                    township=township,
                    village_id=village_id,
                    result=None,
                )


def plan_assistance(
    inputs: dict[str, Any], *, seed: int, start: date, end: date, operator: str
) -> dict[str, list[dict[str, Any]]]:
    """The rows of each table (``unit`` first: its ids are given) for a county whose
    ``inputs`` are ``storage.assistance.synthetic_inputs``."""
    make = _Maker(seed, start, end, operator)
    village_unit, residents = _units(make, inputs)
    _activities(make, village_unit, residents)
    _trainings(make, inputs["roles"])
    _partner(make)
    _contributions(make, inputs["villages"])
    return make.rows
