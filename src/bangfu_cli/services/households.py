"""Households and their status history (DOMAIN.md §3): adding, listing, showing, a new status
row (``set-status``) and closing. A household's status on day D is its latest status row with
``effective_on ≤ D``; rows are never removed.

An import writes the rows its dates imply, each tagged in ``note`` so that a re-import finds and
compares them: ``import:since`` (at 纳入台账日期: the 脱贫户 flag, and the monitoring type when the
household was already monitored), ``import:monitored`` (at 纳入监测日期, risk open) and
``import:eliminated`` (at 风险消除日期, risk eliminated)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from bangfu_cli.domain.dates import in_span
from bangfu_cli.domain.errors import BangfuError
from bangfu_cli.i18n import t
from bangfu_cli.storage.rawsql import IN_LIST_MAX  # larger selections are read by their places

CATEGORIES = ("tuopin", "monitored", "unstable", "marginal", "sudden")
CATEGORY_WORDS = {
    "tuopin": ("tuopin", "脱贫户", "脱贫"),
    "monitored": ("monitored", "监测对象", "监测"),
    "unstable": ("unstable", "脱贫不稳定户"),
    "marginal": ("marginal", "边缘易致贫户"),
    "sudden": ("sudden", "突发严重困难户"),
}


@dataclass(frozen=True)
class Status:
    effective_on: date
    tuopin: bool
    monitor_type: str | None
    risk: str | None


def import_status_rows(
    since: date, tuopin: bool, monitor_type: str | None, monitored_on: date | None, eliminated_on: date | None
) -> dict[str, Status]:
    """The status rows an imported household's dates imply, by tag."""
    rows: dict[str, Status] = {}
    at_since_type = monitor_type if monitored_on and monitored_on <= since else None
    at_since_risk = None
    if at_since_type:
        at_since_risk = "eliminated" if eliminated_on and eliminated_on <= since else "open"
    rows["import:since"] = Status(since, tuopin, at_since_type, at_since_risk)
    if monitored_on and monitored_on > since:
        risk = "eliminated" if eliminated_on and eliminated_on <= monitored_on else "open"
        rows["import:monitored"] = Status(monitored_on, tuopin, monitor_type, risk)
    if eliminated_on and monitored_on and eliminated_on > max(since, monitored_on):
        rows["import:eliminated"] = Status(eliminated_on, tuopin, monitor_type, "eliminated")
    return rows


def sync_status_rows(
    ledger: Any,
    session: Any,
    household: Any,
    wanted: dict[str, Status],
    problems: Any,
    line: int,
    rows: list[Any] | None = None,
) -> str:
    """Bring the household's import-tagged status rows to ``wanted``; "unchanged" or "updated".
    ``rows`` are the household's status rows when the caller has loaded them already."""
    from sqlmodel import select

    from bangfu_cli.storage.models import HouseholdStatus

    if rows is None:
        rows = session.exec(select(HouseholdStatus).where(HouseholdStatus.household_id == household.id)).all()
    tagged = {r.note: r for r in rows if r.note and r.note.startswith("import:")}
    others = {r.effective_on: r for r in rows if not (r.note and r.note.startswith("import:"))}
    outcome = "unchanged"
    for tag in tagged:
        if tag not in wanted:
            problems.add(line, t("records.status_dates_removed", code=household.code))
            return outcome
    for status in wanted.values():
        if status.effective_on in others:
            problems.add(line, t("records.status_clash", code=household.code, on=status.effective_on))
            return outcome
    # move changed rows first (flushed) so that dates swapping between tags never collide
    moves = []
    for tag, status in wanted.items():
        values = {
            "effective_on": status.effective_on,
            "tuopin": status.tuopin,
            "monitor_type": status.monitor_type,
            "risk": status.risk,
        }
        old = tagged.get(tag)
        if old is None:
            moves.append((tag, values))
            continue
        changes = {k: [getattr(old, k), v] for k, v in values.items() if getattr(old, k) != v}
        if changes:
            old.effective_on = date(1, 1, 1 + len(moves) % 27)  # a free placeholder while rows move
            session.add(old)
            session.flush()
            moves.append((tag, values, old, changes))
    for move in moves:
        if len(move) == 2:
            tag, values = move
            record = HouseholdStatus(household_id=household.id, note=tag, **values, **ledger.stamp())
            session.add(record)
            ledger.audit(
                session,
                "add",
                "household_status",
                record=record,
                key=household.code,
                changes={k: [None, v] for k, v in values.items()},
            )
        else:
            tag, values, old, changes = move
            for k, v in values.items():
                setattr(old, k, v)
            session.add(old)
            session.flush()
            ledger.audit(
                session, "update", "household_status", record=old, key=household.code, changes=changes
            )
        outcome = "updated"
    return outcome


def status_on(rows: list[Any], day: date) -> Any | None:
    """The latest of ``rows`` (sorted by effective_on) with effective_on ≤ day."""
    found = None
    for row in rows:
        if row.effective_on <= day:
            found = row
        else:
            break
    return found


def category_of(status: Any | None) -> str | None:
    if status is None:
        return None
    if status.monitor_type:
        return status.monitor_type
    return "tuopin" if status.tuopin else None


def parse_category(text: str) -> str:
    needle = text.strip().lower()
    for value, words in CATEGORY_WORDS.items():
        if needle in (w.lower() for w in words):
            return value
    choices = " / ".join(f"{words[1]} ({value})" for value, words in CATEGORY_WORDS.items())
    raise BangfuError("input.bad_choice", field="category", value=text, choices=choices)


def matches_category(status: Any | None, category: str | None) -> bool:
    if category is None:
        return True
    if status is None:
        return False
    if category == "tuopin":
        return bool(status.tuopin)
    if category == "monitored":
        return status.monitor_type is not None
    return status.monitor_type == category


def monitoring_dates(rows: list[Any], day: date) -> tuple[date | None, date | None]:
    """纳入监测日期 and 风险消除日期 of the latest monitoring episode up to ``day``."""
    monitored_on = eliminated_on = None
    previous = None
    for row in rows:
        if row.effective_on > day:
            break
        if row.monitor_type and (previous is None or not previous.monitor_type):
            monitored_on, eliminated_on = row.effective_on, None
        if row.risk == "eliminated" and (previous is None or previous.risk != "eliminated"):
            eliminated_on = row.effective_on
        if row.monitor_type and row.risk == "open":
            eliminated_on = None
        if not row.monitor_type:
            monitored_on = eliminated_on = None
        previous = row
    return monitored_on, eliminated_on


# ---------------------------------------------------------------- selections and listings


def load_statuses(
    session: Any,
    household_ids: set[int] | None = None,
    village_ids: set[int] | None = None,
    *,
    records: bool = True,
) -> dict[int, list[Any]]:
    """Status rows by household id: of ``household_ids`` only, or of the households of
    ``village_ids`` (read in SQL: a township's list reads its own rows, not the county's). With
    ``records`` the ORM's records (to be changed); else plain rows, read by the same names — a
    listing of a county builds no 50,000 records to read them once."""
    from sqlmodel import select

    from bangfu_cli.storage.models import HouseholdStatus

    query = select(HouseholdStatus) if records else _plain(HouseholdStatus)
    query = query.order_by(HouseholdStatus.household_id, HouseholdStatus.effective_on)
    if village_ids is not None:
        query = query.where(HouseholdStatus.household_id.in_(_households_of(village_ids)))
    elif household_ids is not None and len(household_ids) < IN_LIST_MAX:
        query = query.where(HouseholdStatus.household_id.in_(sorted(household_ids)))
    out: dict[int, list[Any]] = {}
    for row in (session.exec if records else session.execute)(query).all():
        if household_ids is None or row.household_id in household_ids:
            out.setdefault(row.household_id, []).append(row)
    return out


def active_pairings(
    session: Any, day: date, kind: str | None = "pair", village_ids: set[int] | None = None
) -> dict[int, list[Any]]:
    """(pairing, cadre) of the pairings active on ``day``, by household id; with
    ``village_ids``, of those villages' households only. Both are plain rows read by the
    models' names (for reading, not changing)."""
    from bangfu_cli.storage.models import Cadre, Pairing

    query = _plain(Pairing).where(_active_on(day))
    if kind:
        query = query.where(Pairing.kind == kind)
    if village_ids is not None:
        query = query.where(Pairing.household_id.in_(_households_of(village_ids)))
    found = session.execute(query).all()
    ids = {p.cadre_id for p in found}
    wanted = _plain(Cadre).where(Cadre.id.in_(sorted(ids))) if len(ids) < IN_LIST_MAX else _plain(Cadre)
    cadres = {c.id: c for c in session.execute(wanted).all()} if found else {}
    out: dict[int, list[Any]] = {}
    for pairing in found:
        out.setdefault(pairing.household_id, []).append((pairing, cadres[pairing.cadre_id]))
    return out


def _active_on(day: date) -> Any:
    """The condition of a pairing active on ``day``."""
    from bangfu_cli.storage.light import active_on
    from bangfu_cli.storage.models import Pairing

    return active_on(Pairing.start, Pairing.end, day)


def _plain(model: Any) -> Any:
    """A select of ``model``'s table as plain rows for a listing: attributes by column name,
    values as the model reads them, none of the ORM's bookkeeping per record — every column but
    who recorded the row and when (``recorded_by``, ``recorded_at``: a listing shows neither,
    and turning the county's ~160,000 stamps into datetimes was a tenth of its time)."""
    from sqlalchemy import select

    return select(*(c for c in model.__table__.c if c.name not in _STAMPS))


_STAMPS = ("recorded_at", "recorded_by")


def _households_of(village_ids: set[int]) -> Any:
    """The ids of the households of ``village_ids``, as a subquery."""
    from sqlmodel import select

    from bangfu_cli.storage.models import Household

    return select(Household.id).where(Household.village_id.in_(sorted(village_ids)))


@dataclass
class Selection:
    township: str | None = None
    village: str | None = None
    cadre: str | None = None
    household: str | None = None
    category: str | None = None
    risk: str | None = None
    as_of: date | None = None
    include_closed: bool = False


def select_households(session: Any, sel: Selection, day: date) -> list[tuple[Any, Any, list[Any]]]:
    """(household, village, status rows) for every household matching ``sel`` on ``day``: the
    households and their status rows as plain rows (``_plain``), for reading."""
    from sqlmodel import select

    from bangfu_cli.services.resolve import resolve_cadre, resolve_household
    from bangfu_cli.storage.models import Household, Pairing, Village

    query = _plain(Household).join(Village, Village.id == Household.village_id)
    if sel.township:
        _known_township(session, sel.township)
        query = query.where(Village.township == sel.township.strip())
    if sel.village:
        from bangfu_cli.services.resolve import resolve_village

        village = resolve_village(session, sel.village, sel.township)
        query = query.where(Household.village_id == village.id)
    if sel.household:
        household = resolve_household(session, sel.household, sel.village)
        query = query.where(Household.id == household.id)
    if sel.cadre:
        cadre = resolve_cadre(session, sel.cadre)
        # paired with the cadre on the day, any kind
        paired = select(Pairing.household_id).where(Pairing.cadre_id == cadre.id, _active_on(day))
        query = query.where(Household.id.in_(paired))
    villages = {v.id: v for v in session.exec(select(Village)).all()}
    rows = [(h, villages[h.village_id]) for h in session.execute(query.order_by(Household.code)).all()]
    if len(rows) < IN_LIST_MAX:
        statuses = load_statuses(session, {h.id for h, _ in rows}, records=False)
    else:  # a township's or a village's households: their villages' rows (the ledger's for no place)
        statuses = load_statuses(session, village_ids=_selected_villages(sel, rows), records=False)
    out = []
    for household, village in rows:
        if (
            not sel.include_closed
            and not sel.household
            and household.closed_on
            and household.closed_on <= day
        ):
            continue
        history = statuses.get(household.id, [])
        current = status_on(history, day)
        if not matches_category(current, sel.category):
            continue
        if sel.risk and (current is None or current.risk != sel.risk):
            continue
        out.append((household, village, history))
    return out


def _selected_villages(sel: Selection, rows: list) -> set[int] | None:
    """The villages of the households ``rows`` selected by ``sel`` (each row begins with a
    household), or None when ``sel`` names no place nor cadre (the whole ledger)."""
    if not (sel.township or sel.village or sel.household or sel.cadre):
        return None
    return {row[0].village_id for row in rows}


def _known_township(session: Any, township: str) -> None:
    from sqlmodel import select

    from bangfu_cli.services.resolve import near_matches
    from bangfu_cli.storage.models import Village

    towns = set(session.exec(select(Village.township)).all())
    if township.strip() not in towns:
        near = near_matches(township.strip(), [(name, name) for name in towns])
        raise BangfuError("records.unknown_township", text=township, near=near)


def household_item(household: Any, village: Any, history: list[Any], day: date, pairs: list | None) -> dict:
    current = status_on(history, day)
    monitored_on, eliminated_on = monitoring_dates(history, day)
    cadre = pairs[0][1] if pairs else None
    return {
        "code": household.code,
        "head_name": household.head_name,
        "id_number": household.id_number,
        "township": village.township,
        "village": village.name,
        "size": household.size,
        "phone": household.phone,
        "tuopin": bool(current.tuopin) if current else False,
        "monitor_type": current.monitor_type if current else None,
        "monitored_on": monitored_on,
        "eliminated_on": eliminated_on,
        "since": household.since,
        "category": category_of(current),
        "risk": current.risk if current else None,
        "cadre": cadre.code if cadre else None,
        "cadre_name": cadre.name if cadre else None,
        "closed_on": household.closed_on,
        "close_reason": household.close_reason,
        "uuid": household.uuid,
    }


def list_households(ledger: Any, sel: Selection) -> list[dict]:
    day = sel.as_of or ledger.today
    with ledger.read() as session:
        found = select_households(session, sel, day)
        pairs = active_pairings(session, day, village_ids=_selected_villages(sel, found))
        return [household_item(h, v, history, day, pairs.get(h.id)) for h, v, history in found]


def show_household(ledger: Any, text: str, village: str | None = None, as_of: date | None = None) -> dict:
    from sqlmodel import select

    from bangfu_cli.services.resolve import resolve_household
    from bangfu_cli.storage.models import Cadre, HouseholdStatus, Pairing, Village

    day = as_of or ledger.today
    with ledger.read() as session:
        household = resolve_household(session, text, village)
        place = session.get(Village, household.village_id)
        history = session.exec(
            select(HouseholdStatus)
            .where(HouseholdStatus.household_id == household.id)
            .order_by(HouseholdStatus.effective_on)
        ).all()
        pairings = session.exec(
            select(Pairing, Cadre)
            .join(Cadre, Cadre.id == Pairing.cadre_id)
            .where(Pairing.household_id == household.id)
            .order_by(Pairing.start, Pairing.id)
        ).all()
        active = [(p, c) for p, c in pairings if p.kind == "pair" and in_span(day, p.start, p.end)]
        item = household_item(household, place, list(history), day, active)
        item["status_history"] = [
            {
                "effective_on": s.effective_on,
                "tuopin": s.tuopin,
                "monitor_type": s.monitor_type,
                "risk": s.risk,
                "category": category_of(s),
                "note": s.note,
                "recorded_at": s.recorded_at,
                "recorded_by": s.recorded_by,
            }
            for s in history
        ]
        item["pairings"] = [pairing_item(p, c, household, place, day) for p, c in pairings]
        item["recorded_at"] = household.recorded_at
        item["recorded_by"] = household.recorded_by
        return item


def pairing_item(pairing: Any, cadre: Any, household: Any, village: Any, day: date) -> dict:
    return {
        "household": household.code,
        "head_name": household.head_name,
        "township": village.township,
        "village": village.name,
        "cadre": cadre.code,
        "cadre_name": cadre.name,
        "unit": cadre.unit,
        "kind": pairing.kind,
        "start": pairing.start,
        "end": pairing.end,
        "end_reason": pairing.end_reason,
        "plaque_on": pairing.plaque_on,
        "active": in_span(day, pairing.start, pairing.end),
        "uuid": pairing.uuid,
    }


# ---------------------------------------------------------------- writes


def add_household(ledger: Any, row: dict[str, str]) -> dict:
    """``household add``: one household, checked exactly like an imported row."""
    from sqlmodel import select

    from bangfu_cli.services import imports
    from bangfu_cli.services.tabular import collect_problems
    from bangfu_cli.storage.models import Household

    problems = collect_problems("add")
    parsed = imports.parse_household(problems, 0, row, ledger.today)
    _raise_first(problems)
    with ledger.write() as session:
        if session.exec(select(Household).where(Household.code == parsed.code)).first():
            raise BangfuError("records.household_exists", code=parsed.code)
        imports.store_households(ledger, session, [(0, parsed)], problems, "add")
        _raise_first(problems)
    return {"code": parsed.code}


def _raise_first(problems: Any) -> None:
    if problems:
        raise BangfuError("records.invalid", reasons="; ".join(reason for _, reason in problems.items))


def set_status(
    ledger: Any,
    text: str,
    on: date,
    *,
    village: str | None = None,
    tuopin: bool | None = None,
    monitor_type: str | None = None,
    risk: str | None = None,
    note: str | None = None,
) -> dict | None:
    """Add a status row on ``on`` carrying forward every field not given. ``monitor_type`` "none"
    ends monitoring. Returns the new status, or None when it equals the status already in force."""
    from sqlmodel import select

    from bangfu_cli.services.resolve import resolve_household
    from bangfu_cli.storage.models import HouseholdStatus

    if on > ledger.today:
        raise BangfuError(
            "input.future_date", field="--on", value=on.isoformat(), today=ledger.today.isoformat()
        )
    with ledger.write() as session:
        household = resolve_household(session, text, village)
        if on < household.since:
            raise BangfuError(
                "records.status_before_since", on=on, since=household.since, code=household.code
            )
        if household.closed_on and on > household.closed_on:
            raise BangfuError("records.household_closed", code=household.code, closed=household.closed_on)
        history = list(
            session.exec(
                select(HouseholdStatus)
                .where(HouseholdStatus.household_id == household.id)
                .order_by(HouseholdStatus.effective_on)
            ).all()
        )
        current = status_on(history, on)
        new_tuopin = current.tuopin if tuopin is None and current else bool(tuopin)
        new_type = current.monitor_type if current else None
        new_risk = current.risk if current else None
        if monitor_type is not None:
            if monitor_type == "none":
                new_type, new_risk = None, None
            else:
                if new_type is None:
                    new_risk = "open"
                new_type = monitor_type
        if risk is not None:
            if new_type is None:
                raise BangfuError("records.risk_needs_monitor", code=household.code)
            new_risk = risk
        if not new_tuopin and not new_type:
            raise BangfuError("records.not_assisted_status", code=household.code)
        values = {"tuopin": new_tuopin, "monitor_type": new_type, "risk": new_risk}
        if current and all(getattr(current, k) == v for k, v in values.items()):
            return None
        same_day = next((s for s in history if s.effective_on == on), None)
        if same_day is not None:
            changes = {k: [getattr(same_day, k), v] for k, v in values.items() if getattr(same_day, k) != v}
            for k, v in values.items():
                setattr(same_day, k, v)
            same_day.note = note or same_day.note
            session.add(same_day)
            ledger.audit(
                session, "update", "household_status", record=same_day, key=household.code, changes=changes
            )
        else:
            record = HouseholdStatus(
                household_id=household.id, effective_on=on, note=note, **values, **ledger.stamp()
            )
            session.add(record)
            session.flush()
            ledger.audit(
                session,
                "add",
                "household_status",
                record=record,
                key=household.code,
                changes={"effective_on": [None, on], **{k: [None, v] for k, v in values.items()}},
            )
        return {
            "household": household.code,
            "effective_on": on,
            **values,
            "category": category_of(Status(on, **values)),
        }


def close_household(ledger: Any, text: str, on: date, reason: str, village: str | None = None) -> dict:
    """Close a household on ``on`` (no new obligations after it) and end its open pairings that day."""
    from sqlmodel import select

    from bangfu_cli.services.resolve import resolve_household
    from bangfu_cli.storage.models import Pairing

    reason = (reason or "").strip()
    if not reason:
        raise BangfuError("records.required", field="--reason")
    if on > ledger.today:
        raise BangfuError(
            "input.future_date", field="--on", value=on.isoformat(), today=ledger.today.isoformat()
        )
    with ledger.write() as session:
        household = resolve_household(session, text, village)
        if household.closed_on:
            raise BangfuError("records.already_closed", code=household.code, closed=household.closed_on)
        if on < household.since:
            raise BangfuError("records.close_before_since", on=on, since=household.since, code=household.code)
        later = session.exec(
            select(Pairing).where(Pairing.household_id == household.id, Pairing.start > on)
        ).first()
        if later is not None:
            raise BangfuError("records.close_before_pairing", code=household.code, start=later.start)
        household.closed_on, household.close_reason = on, reason
        session.add(household)
        ledger.audit(
            session,
            "close",
            "household",
            record=household,
            key=household.code,
            changes={"closed_on": [None, on], "close_reason": [None, reason]},
        )
        ended = 0
        for pairing in session.exec(select(Pairing).where(Pairing.household_id == household.id)).all():
            if pairing.end is None or pairing.end > on:
                changes = {"end": [pairing.end, on], "end_reason": [pairing.end_reason, reason]}
                pairing.end, pairing.end_reason = on, reason
                session.add(pairing)
                ledger.audit(session, "end", "pairing", record=pairing, key=household.code, changes=changes)
                ended += 1
        return {"household": household.code, "closed_on": on, "pairings_ended": ended}
