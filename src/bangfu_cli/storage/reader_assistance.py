"""Reading the records of the other kinds of assistance (DOMAIN.md §10) as the facts the rules of
units, resident cadres and the county pairing read (``domain.assistance_facts.AssistanceData``).

Always of the whole ledger: these rules are not judged household by household (a selection keeps
the findings of its places afterwards). Voided records are left out; villages are named by
(township, village) and units and cadres by their codes, as the findings print them. A cadre's
单位 is matched to a unit here, as ``domain.unit_match`` does (code, then a name no other unit
shares): the fact carries the unit's code, or the text as written when it matches none."""

from __future__ import annotations

from datetime import datetime

from bangfu_cli.domain.assistance_facts import (
    RESIDENT_ROLES,
    AssistanceData,
    CadrePairFact,
    CadreUnitFact,
    ContributionFact,
    PartnerActivityFact,
    PartnerFact,
    ResidentRoleFact,
    TrainingFact,
    UnitActivityFact,
    UnitFact,
    UnitVillageFact,
    unit_resolver,
)
from bangfu_cli.domain.unit_match import UnitNames
from bangfu_cli.storage.rawsql import Reader
from bangfu_cli.storage.reader_records import live_at

# A cadre's 单位 that matches no unit, as carried when its text would name one to
# ``assistance_facts.unit_resolver`` (a name two units share names neither).
_NO_UNIT = ""


def read_assistance(db: Reader, cut: datetime | None = None) -> AssistanceData:
    """Every live record of §10 in the ledger, as facts (as the ledger stood at ``cut``,
    ``domain.asof``, when given)."""
    day, end = db.day, db.quote("end")
    live = {"no": False} if cut is None else {"no": False, "cut": db.instant(cut)}
    units = tuple(
        UnitFact(c, n, lv) for c, n, lv in db.rows("SELECT code, name, level FROM unit ORDER BY code")
    )
    links = tuple(
        UnitVillageFact(c, t, v, day(s), day(e))
        for c, t, v, s, e in db.rows(
            f"SELECT u.code, v.township, v.name, l.start, l.{end} FROM unit_village l"
            " JOIN unit u ON u.id = l.unit_id JOIN village v ON v.id = l.village_id"
            f" WHERE {live_at(cut, 'l')} ORDER BY u.code, v.township, v.name, l.start",
            **live,
        )
    )
    activities = tuple(
        UnitActivityFact(c, k, day(d), t, v, fp)
        for c, k, d, t, v, fp in db.rows(
            f"SELECT u.code, a.kind, a.{db.quote('date')}, v.township, v.name, a.for_period"
            " FROM unit_activity a JOIN unit u ON u.id = a.unit_id"
            f" LEFT JOIN village v ON v.id = a.village_id WHERE {live_at(cut, 'a')} ORDER BY a.id",
            **live,
        )
    )
    return AssistanceData(
        units=units,
        links=links,
        activities=activities,
        cadre_units=_cadre_units(db, units),
        residents=_residents(db),
        pairs=_pairs(db),
        **_county(db, cut),
    )


def _county(db: Reader, cut: datetime | None) -> dict:
    """The trainings, the partner county, the pairing's activities and the contributions."""
    day, end = db.day, db.quote("end")
    live = {"no": False} if cut is None else {"no": False, "cut": db.instant(cut)}
    trainings = tuple(
        TrainingFact(c, lv, day(s), day(e))
        for c, lv, s, e in db.rows(
            f"SELECT c.code, t.level, t.start, t.{end} FROM training t JOIN cadre c ON c.id = t.cadre_id"
            f" WHERE {live_at(cut, 't')} ORDER BY t.id",
            **live,
        )
    )
    partners = tuple(
        PartnerFact(n, day(s), day(e))
        for n, s, e in db.rows(
            f"SELECT name, start, {end} FROM partner WHERE {live_at(cut)} ORDER BY start, id", **live
        )
    )
    partner_activities = tuple(
        PartnerActivityFact(k, day(d), day(e), c)
        for k, d, e, c in db.rows(
            f"SELECT kind, {db.quote('date')}, {end}, cadre FROM partner_activity"
            f" WHERE {live_at(cut)} ORDER BY id",
            **live,
        )
    )
    contributions = tuple(
        ContributionFact(n, k, day(d), fen / 100, float(h or 0), int(b or 0))
        for n, k, d, fen, h, b in db.rows(
            f"SELECT contributor, contributor_kind, {db.quote('date')}, amount_fen, hours, beneficiaries"
            f" FROM contribution WHERE {live_at(cut)} ORDER BY id",
            **live,
        )
    )
    return {
        "trainings": trainings,
        "partners": partners,
        "partner_activities": partner_activities,
        "contributions": contributions,
    }


def _pairs(db: Reader) -> tuple[CadrePairFact, ...]:
    """The spans of the cadres' `pair` pairings (one per distinct span)."""
    sql = (
        f"SELECT DISTINCT c.code, p.start, p.{db.quote('end')} FROM pairing p"
        " JOIN cadre c ON c.id = p.cadre_id WHERE p.kind = :pair ORDER BY c.code, p.start"
    )
    return tuple(CadrePairFact(c, db.day(s), db.day(e)) for c, s, e in db.rows(sql, pair="pair"))


def _cadre_units(db: Reader, units: tuple[UnitFact, ...]) -> tuple[CadreUnitFact, ...]:
    """Each cadre with a 单位: the code of the unit it names, or the text when it names none."""
    names = UnitNames.of((u.code, u.name) for u in units)
    resolve = unit_resolver(units)
    out = []
    for code, text in db.rows("SELECT code, unit FROM cadre WHERE unit IS NOT NULL ORDER BY code"):
        if not (text or "").strip():
            continue
        matched = names.match(text)
        if matched is None and resolve(text) is not None:
            text = _NO_UNIT
        out.append(CadreUnitFact(code, matched if matched is not None else text))
    return tuple(out)


def _residents(db: Reader) -> tuple[ResidentRoleFact, ...]:
    """The first secretaries' and team members' roles, with their villages."""
    end = db.quote("end")
    sql = (
        f"SELECT c.code, r.role, v.township, v.name, r.start, r.{end} FROM role r"
        " JOIN cadre c ON c.id = r.cadre_id JOIN village v ON v.id = r.village_id"
        " WHERE r.role IN (:roles) ORDER BY c.code, r.start"
    )
    return tuple(
        ResidentRoleFact(c, role, t, v, db.day(s), db.day(e))
        for c, role, t, v, s, e in db.rows(sql, roles=list(RESIDENT_ROLES))
    )


def read_contributions(engine, year: int) -> tuple[ContributionFact, ...]:
    """The live social contributions dated in ``year`` (SZ12 rates them)."""
    from datetime import date

    with engine.connect() as conn:
        db = Reader(conn)
        d = db.quote("date")
        sql = (
            f"SELECT contributor, contributor_kind, {d}, amount_fen, hours, beneficiaries FROM contribution"
            f" WHERE voided = :no AND {d} >= :first AND {d} <= :last ORDER BY id"
        )
        rows = db.rows(sql, no=False, first=date(year, 1, 1), last=date(year, 12, 31))
        return tuple(
            ContributionFact(n, k, db.day(on), fen / 100, float(h or 0), int(b or 0))
            for n, k, on, fen, h, b in rows
        )
