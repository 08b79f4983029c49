"""The straightforward paths the optimised ones must equal: the loader as it was (SQLAlchemy Core,
row by row, every visit and income record of the selection), the summaries over every finding
(met ones listed), and ``Finding.to_json`` through ``dataclasses.asdict``."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import asdict
from datetime import date
from typing import Any

from bangfu_cli.domain.assistance_facts import AssistanceData
from bangfu_cli.domain.facts import (
    AssessmentFact,
    CadreFact,
    HouseholdFact,
    IncomeFact,
    LedgerData,
    PairingFact,
    RoleFact,
    StatusFact,
    VisitFact,
)
from bangfu_cli.rules.context import earliest_start
from bangfu_cli.rules.findings import DUE, JSON_KEYS, MET, OVERDUE, Finding
from bangfu_cli.rules.needs import ASSISTANCE_KINDS
from bangfu_cli.rules.profiles import RuleSpec

NO_CADRE = -1


def to_json(f) -> dict[str, Any]:
    data = asdict(f)
    out: dict[str, Any] = {}
    for key in JSON_KEYS:
        value = data[key]
        out[key] = value.isoformat() if isinstance(value, date) else value
    out["subject"] = f.subject
    out["late"] = f.late
    if f.subject_key is not None:
        out["unit"] = f.unit
        out["subject_key"] = f.subject_key
    out["message"] = f.message
    return out


def load_data(
    ledger: Any,
    rules: list[RuleSpec],
    as_of: date,
    since: date,
    *,
    township: str | None = None,
    village_id: int | None = None,
    household_ids: list[int] | None = None,
) -> LedgerData:
    """The records the ``rules`` need for the selection and window, as plain frozen facts."""
    from sqlalchemy import false, select

    from bangfu_cli.storage.models import (
        Assessment,
        Cadre,
        Household,
        HouseholdStatus,
        Income,
        Pairing,
        Role,
        Village,
        Visit,
    )

    H, V = Household, Village
    conditions = []
    if township:
        conditions.append(V.township == township.strip())
    if village_id is not None:
        conditions.append(V.id == village_id)
    if household_ids is not None:
        conditions.append(H.id.in_(household_ids))
    selected = select(H.id).join(V, V.id == H.village_id).where(*conditions) if conditions else None

    def of_households(column):
        return [column.in_(selected)] if selected is not None else []

    kinds = {r.period for r in rules if r.kind == "periodic" and r.period}
    first = earliest_start(kinds, since) if kinds else as_of
    per_cadre = any(r.subject == "cadre" for r in rules)
    needs = {r.kind for r in rules}

    with ledger.engine.connect() as conn:
        statuses: dict[int, list[StatusFact]] = defaultdict(list)
        q = select(
            HouseholdStatus.household_id,
            HouseholdStatus.effective_on,
            HouseholdStatus.tuopin,
            HouseholdStatus.monitor_type,
            HouseholdStatus.risk,
        ).where(*of_households(HouseholdStatus.household_id))
        for hid, on, tuopin, mtype, risk in conn.execute(
            q.order_by(HouseholdStatus.household_id, HouseholdStatus.effective_on)
        ):
            statuses[hid].append(StatusFact(on, bool(tuopin), mtype, risk))
        q = select(H.id, H.code, H.head_name, V.township, V.name, H.village_id, H.size, H.since, H.closed_on)
        q = q.join(V, V.id == H.village_id).where(*conditions).order_by(V.township, V.name, H.code)
        households = tuple(
            HouseholdFact(r[0], r[1], r[2], r[3], r[4], r[5], r[6], r[7], r[8], tuple(statuses.get(r[0], ())))
            for r in conn.execute(q)
        )
        village_ids = {h.village_id for h in households}

        pcols = (
            Pairing.id,
            Pairing.household_id,
            Pairing.cadre_id,
            Pairing.kind,
            Pairing.start,
            Pairing.end,
            Pairing.plaque_on,
        )
        pairings = {
            r[0]: PairingFact(*r)
            for r in conn.execute(select(*pcols).where(*of_households(Pairing.household_id)))
        }
        leader_ids: set[int] = set()
        if per_cadre:
            leaders = select(Pairing.cadre_id).where(
                Pairing.kind == "leader", *of_households(Pairing.household_id)
            )
            leader_ids = set(conn.execute(leaders.distinct()).scalars())
            if leader_ids and selected is not None:
                q = select(*pcols).where(Pairing.kind == "leader", Pairing.cadre_id.in_(leader_ids))
                pairings.update({r[0]: PairingFact(*r) for r in conn.execute(q)})

        rq = select(Role.id, Role.cadre_id, Role.village_id, Role.role, Role.start, Role.end)
        if selected is not None:
            rq = rq.where(Role.village_id.in_(village_ids))
        roles = tuple(RoleFact(*r) for r in conn.execute(rq))

        vcols = (Visit.id, Visit.household_id, Visit.cadre_id, Visit.date, Visit.mode)
        live = [Visit.voided == false(), Visit.date >= first, Visit.date <= as_of]
        visits: dict[int, VisitFact] = {}
        if kinds:
            q = select(*vcols).where(*live, *of_households(Visit.household_id))
            visits.update((r[0], VisitFact(*r)) for r in conn.execute(q))
            if per_cadre and leader_ids and selected is not None:
                q = select(*vcols).where(*live, Visit.cadre_id.in_(leader_ids))
                visits.update((r[0], VisitFact(*r)) for r in conn.execute(q))
        visits_list = list(visits.values())
        visits_list.extend(_latest_before(conn, conditions, first))

        cadres = tuple(
            CadreFact(*r)
            for r in conn.execute(select(Cadre.id, Cadre.code, Cadre.name, Cadre.unit, Cadre.leader))
        )
        incomes: tuple[IncomeFact, ...] = ()
        if "income_window" in needs:
            q = select(Income.household_id, Income.quarter, Income.collected_on, Income.late_reason).where(
                Income.superseded_by.is_(None), *of_households(Income.household_id)
            )
            incomes = tuple(IncomeFact(h, qt, on, bool(late)) for h, qt, on, late in conn.execute(q))
        assessments: tuple[AssessmentFact, ...] = ()
        if "assessment" in needs:
            q = select(Assessment.household_id, Assessment.quarter, Assessment.assessed_on).where(
                Assessment.superseded_by.is_(None), *of_households(Assessment.household_id)
            )
            assessments = tuple(AssessmentFact(*r) for r in conn.execute(q))
    return LedgerData(
        households=households,
        cadres=cadres,
        pairings=tuple(pairings.values()),
        roles=roles,
        visits=tuple(visits_list),
        incomes=incomes,
        assessments=assessments,
        assistance=(
            load_assistance(ledger)
            if household_ids is None and any(r.kind in ASSISTANCE_KINDS for r in rules)
            else None
        ),
    )


def load_assistance(ledger: Any) -> AssistanceData:
    """The records of DOMAIN.md §10, row by row through the ORM's tables, cadres' units matched
    by ``domain.unit_match``."""
    from sqlalchemy import false, select

    from bangfu_cli.domain import assistance_facts as af
    from bangfu_cli.domain.unit_match import UnitNames
    from bangfu_cli.storage.assistance_models import (
        Contribution,
        Partner,
        PartnerActivity,
        Training,
        Unit,
        UnitActivity,
        UnitVillage,
    )
    from bangfu_cli.storage.models import Cadre, Pairing, Role, Village

    with ledger.engine.connect() as conn:
        rows = lambda q: [tuple(r) for r in conn.execute(q)]  # noqa: E731
        units = sorted(af.UnitFact(*r) for r in rows(select(Unit.code, Unit.name, Unit.level)))
        links = rows(
            select(Unit.code, Village.township, Village.name, UnitVillage.start, UnitVillage.end)
            .join(Unit, Unit.id == UnitVillage.unit_id)
            .join(Village, Village.id == UnitVillage.village_id)
            .where(UnitVillage.voided == false())
        )
        acts = rows(
            select(UnitActivity.id, Unit.code, UnitActivity.kind, UnitActivity.date, UnitActivity.village_id,
                   UnitActivity.for_period)
            .join(Unit, Unit.id == UnitActivity.unit_id)
            .where(UnitActivity.voided == false())
        )  # fmt: skip
        places = {r[0]: (r[1], r[2]) for r in rows(select(Village.id, Village.township, Village.name))}
        trainings = rows(
            select(Training.id, Cadre.code, Training.level, Training.start, Training.end)
            .join(Cadre, Cadre.id == Training.cadre_id)
            .where(Training.voided == false())
        )
        partners = rows(select(Partner.name, Partner.start, Partner.end).where(Partner.voided == false()))
        pacts = rows(
            select(PartnerActivity.id, PartnerActivity.kind, PartnerActivity.date, PartnerActivity.end,
                   PartnerActivity.cadre)
            .where(PartnerActivity.voided == false())
        )  # fmt: skip
        gifts = rows(
            select(Contribution.id, Contribution.contributor, Contribution.contributor_kind,
                   Contribution.date, Contribution.amount_fen, Contribution.hours, Contribution.beneficiaries)
            .where(Contribution.voided == false())
        )  # fmt: skip
        cadres = rows(select(Cadre.code, Cadre.unit))
        roles = rows(
            select(Cadre.code, Role.role, Village.township, Village.name, Role.start, Role.end)
            .join(Cadre, Cadre.id == Role.cadre_id)
            .join(Village, Village.id == Role.village_id)
        )
        pairs = rows(
            select(Cadre.code, Pairing.start, Pairing.end)
            .join(Cadre, Cadre.id == Pairing.cadre_id)
            .where(Pairing.kind == "pair")
        )
    names = UnitNames.of((u.code, u.name) for u in units)
    resolve = af.unit_resolver(units)

    def unit_of(text: str) -> str:
        matched = names.match(text)
        return matched if matched is not None else ("" if resolve(text) else text)

    return AssistanceData(
        units=tuple(units),
        links=tuple(sorted(af.UnitVillageFact(*r) for r in links)),
        activities=tuple(
            af.UnitActivityFact(c, k, d, *(places[v] if v else (None, None)), fp)
            for _id, c, k, d, v, fp in sorted(acts)
        ),
        trainings=tuple(af.TrainingFact(*r[1:]) for r in sorted(trainings)),
        partners=tuple(af.PartnerFact(*r) for r in sorted(partners, key=lambda r: r[1])),
        partner_activities=tuple(af.PartnerActivityFact(*r[1:]) for r in sorted(pacts)),
        contributions=tuple(
            af.ContributionFact(n, k, d, fen / 100, float(h), int(b))
            for _id, n, k, d, fen, h, b in sorted(gifts)
        ),
        cadre_units=tuple(
            af.CadreUnitFact(code, unit_of(text)) for code, text in sorted(cadres) if (text or "").strip()
        ),
        residents=tuple(
            sorted(
                (af.ResidentRoleFact(*r) for r in roles if r[1] in af.RESIDENT_ROLES), key=lambda r: r[::4]
            )
        ),
        pairs=tuple(
            sorted({af.CadrePairFact(*r) for r in pairs}, key=lambda p: (p.cadre, p.start, p.end or date.max))
        ),
    )


def _latest_before(conn: Any, conditions: list, first: date) -> list[VisitFact]:
    """Per selected household and mode, its latest non-voided visit before ``first`` — one index
    probe each on (household_id, date), so ``last_visit`` is right without loading old visits."""
    from sqlalchemy import false, select
    from sqlalchemy.orm import aliased

    from bangfu_cli.storage.models import Household, Village, Visit

    out: list[VisitFact] = []
    for mode in ("home", "phone", "online"):
        v = aliased(Visit)
        latest = (
            select(v.date)
            .where(v.household_id == Household.id, v.date < first, v.mode == mode, v.voided == false())
            .order_by(v.date.desc())
            .limit(1)
            .scalar_subquery()
        )
        q = select(Household.id, latest).join(Village, Village.id == Household.village_id).where(*conditions)
        for hid, day in conn.execute(q):
            if day is not None:
                out.append(VisitFact(0, hid, NO_CADRE, day, mode))
    return out


def compliance(findings: Iterable[Finding]) -> dict[str, list[dict[str, Any]]]:
    """Compliance rate = met periods ÷ judged periods (met + overdue), by township, village and
    cadre; periods still running and not yet met (due) are counted apart and not in the rate."""
    levels: dict[str, dict[tuple, dict[str, Any]]] = {"township": {}, "village": {}, "cadre": {}}
    for f in findings:
        keys = {
            "township": (f.township,) if f.township else None,
            "village": (f.township, f.village) if f.village else None,
            "cadre": (f.cadre,) if f.cadre else None,
        }
        for level, key in keys.items():
            if key is None:
                continue
            row = levels[level].setdefault(key, _blank(level, key))
            row[f.status] += 1
    out: dict[str, list[dict[str, Any]]] = {}
    for level, rows in levels.items():
        listed = []
        for key in sorted(rows, key=lambda k: tuple(x or "" for x in k)):
            row = rows[key]
            judged = row[MET] + row[OVERDUE]
            row["required"] = judged
            row["rate"] = round(row[MET] / judged, 4) if judged else None
            listed.append(row)
        out[level] = listed
    return out


def _blank(level: str, key: tuple) -> dict[str, Any]:
    row: dict[str, Any] = {"level": level}
    if level == "township":
        row["township"] = key[0]
    elif level == "village":
        row["township"], row["village"] = key
    else:
        row["cadre"] = key[0]
    row.update({MET: 0, OVERDUE: 0, DUE: 0})
    return row


def status_counts(findings: Iterable[Finding]) -> dict[str, dict[str, int]]:
    """Per rule: how many findings are met, due and overdue."""
    counts: dict[str, dict[str, int]] = {}
    for f in findings:
        row = counts.setdefault(f.rule, {MET: 0, DUE: 0, OVERDUE: 0, "late": 0})
        row[f.status] += 1
        if f.late:
            row["late"] += 1
    return counts
