"""Recording visits (走访): add one, list, show, void — and, after a visit is
recorded, what it satisfied and what is still due for the household.

A visit is refused (nothing written) when it is dated in the future, for an unknown household or
one closed before the visit date, or by an unknown cadre. It is recorded with a warning when the
cadre holds no pairing and no village role for the household on that date (it then counts for
no rule that needs a paired cadre or the first secretary). Nothing is deleted: a wrong visit is
voided with a reason, keeping who voided it and when."""

from __future__ import annotations

import hashlib
import shutil
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from bangfu_cli.domain import vocab
from bangfu_cli.domain.dates import YEARS_BACK, long_ago
from bangfu_cli.domain.errors import BangfuError
from bangfu_cli.domain.messages import Message, message
from bangfu_cli.storage import visits as store

# 三保障 + 饮水安全: the four items a visit checks, with the words stored in the register.
GUARANTEE_ITEMS = (("education", "教育"), ("medical", "医疗"), ("housing", "住房"), ("water", "饮水"))
OK_WORD = "正常"
MAX_TEXT = 2000
CHUNK = 5000

VISIT_COLUMNS_SPEC = (
    ("household", "户编号", True),
    ("cadre", "干部编号", True),
    ("date", "走访日期", True),
    ("mode", "方式", True),
    ("content", "走访内容", False),
    ("problems", "发现问题", False),
    ("measures", "帮扶措施", False),
    ("guarantees", "三保障饮水", False),
)


def guarantees_text(general: str | None = None, **items: str | None) -> str | None:
    """The ``guarantees`` column as readable text: ``教育:正常；住房:漏雨``. ``general`` is the
    overall note (``ok``/正常 or the issue); each item is ``ok`` or the issue found."""
    parts: list[str] = []
    if general is not None and general.strip():
        parts.append(OK_WORD if vocab.guarantee_ok(general) else general.strip())
    for key, word in GUARANTEE_ITEMS:
        value = items.get(key)
        if value is None or not value.strip():
            continue
        parts.append(f"{word}:{OK_WORD if vocab.guarantee_ok(value) else value.strip()}")
    return "；".join(parts) or None


def _text(value: str | None, name: str) -> str | None:
    if value is None or not value.strip():
        return None
    if len(value) > MAX_TEXT:
        raise BangfuError("visits.too_long", field=name, max=MAX_TEXT)
    return value.strip()


def attachments_dir(ledger: Any) -> Path:
    """``attachments/`` in the ledger's folder (beside the ledger file)."""
    return ledger.folder / "attachments"


def store_photo(ledger: Any, photo: str) -> str:
    """Copy ``photo`` into the attachments folder named by its SHA-256 and extension; the name."""
    source = Path(photo)
    if not source.is_file():
        raise BangfuError("visits.photo_missing", file=photo)
    digest = hashlib.sha256()
    try:
        with source.open("rb") as fh:
            for block in iter(lambda: fh.read(1 << 20), b""):
                digest.update(block)
    except OSError as exc:
        raise BangfuError("visits.photo_unreadable", file=photo, detail=exc.strerror or str(exc)) from exc
    name = digest.hexdigest() + source.suffix.lower()
    target_dir = attachments_dir(ledger)
    target = target_dir / name
    if not target.exists():  # content-addressed: the same photo is stored once
        try:
            target_dir.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(source, target)
        except OSError as exc:
            raise BangfuError("visits.photo_unreadable", file=photo, detail=exc.strerror or str(exc)) from exc
    return name


@dataclass
class VisitOutcome:
    visit: dict[str, Any]
    warnings: list[Message] = field(default_factory=list)  # said by the command line
    satisfied: list[Any] = field(default_factory=list)  # Findings the visit counted for (met)
    still_due: list[Any] = field(default_factory=list)  # the household's due/overdue findings
    calendar_fallback_years: list[int] = field(default_factory=list)


def add_visit(
    ledger: Any,
    *,
    household: str,
    cadre: str,
    day: date,
    mode: str,
    content: str | None = None,
    problems: str | None = None,
    measures: str | None = None,
    follow_up: str | None = None,
    guarantees: str | None = None,
    photo: str | None = None,
) -> VisitOutcome:
    mode = vocab.parse_mode(mode)
    if day > ledger.today:
        raise BangfuError(
            "input.future_date", field="--date", value=day.isoformat(), today=ledger.today.isoformat()
        )
    values = {
        "content": _text(content, "--content"),
        "problems": _text(problems, "--problems"),
        "measures": _text(measures, "--measures"),
        "follow_up": _text(follow_up, "--follow-up"),
        "guarantees": _text(guarantees, "--guarantees"),
    }
    h, c = _find(ledger, household, cadre)
    if h.closed_on is not None and h.closed_on < day:
        raise BangfuError(
            "visits.household_closed",
            household=h.code,
            closed_on=h.closed_on.isoformat(),
            date=day.isoformat(),
        )
    warnings = []
    if h.since > day:
        warnings.append(message("visits.before_since", household=h.code, since=h.since.isoformat()))
    if long_ago(day, ledger.today):
        warnings.append(message("visits.years_back", date=day.isoformat(), years=YEARS_BACK))
    photo_name = store_photo(ledger, photo) if photo else None
    visit_id, record = _write(ledger, h, c, day, mode, values, photo_name, warnings)
    outcome = VisitOutcome(visit={"id": visit_id, **record, "voided": False}, warnings=warnings)
    _judge_after(ledger, outcome, h.id, h.code, visit_id, day)
    return outcome


def _write(
    ledger: Any, h: Any, c: Any, day: date, mode: str, values: dict, photo: str | None, warnings: list
) -> tuple[int, dict[str, Any]]:
    """Write the visit and its audit row; (its id, what was recorded). A cadre with no pairing
    and no role for the household that day adds a warning."""
    from bangfu_cli.storage.ids import new_uuid

    with ledger.write_core() as conn:
        if not store.cadre_related_on(conn, h, c.id, day):
            warnings.append(
                message("visits.no_relation", cadre=c.code, household=h.code, date=day.isoformat())
            )
        if store.same_visit_recorded(conn, h.id, c.id, day, mode):
            said = message(f"enum.mode.{mode}")
            warnings.append(
                message(
                    "visits.maybe_duplicate", household=h.code, cadre=c.code, date=day.isoformat(), mode=said
                )
            )
        uuid = new_uuid()
        visit_id = store.insert_visit(
            conn,
            {
                "uuid": uuid,
                "household_id": h.id,
                "cadre_id": c.id,
                "date": day,
                "mode": mode,
                "photo": photo,
                "voided": False,
                **values,
                **ledger.stamp(),
            },
        )
        record = {
            "household": h.code,
            "cadre": c.code,
            "date": day.isoformat(),
            "mode": mode,
            **values,
            "photo": photo,
        }
        ledger.audit(
            conn,
            "add",
            "visit",
            entity_uuid=uuid,
            key=str(visit_id),
            changes={k: [None, v] for k, v in record.items() if v},
        )
    return visit_id, record


def _find(ledger: Any, household: str, cadre: str) -> tuple[Any, Any]:
    """The household and cadre named (Core rows); unknown or ambiguous → the resolvers' message."""
    h, c = store.find_household_and_cadre(ledger.engine, household, cadre)
    if h is None or c is None:  # the resolvers raise the message with candidates or near matches
        from bangfu_cli.services.resolve import resolve_cadre, resolve_household

        with ledger.read() as session:
            h = h if h is not None else resolve_household(session, household)
            c = c if c is not None else resolve_cadre(session, cadre)
    return h, c


def _judge_after(
    ledger: Any, outcome: VisitOutcome, household_id: int, code: str, visit_id: int, day: date
) -> None:
    """What the new visit counted for, and what is still due for the household (as of today)."""
    from dataclasses import replace

    from bangfu_cli.rules import engine
    from bangfu_cli.rules.context import default_since
    from bangfu_cli.services.calendar import work_calendar
    from bangfu_cli.storage.reader import read_ledger

    profile = ledger.profile
    as_of = ledger.today
    since = min(day, default_since(as_of))
    rules = engine.selected_rules(profile)
    data = read_ledger(ledger.engine, engine.needs(rules, as_of, since, household_ids=[household_id]))
    calendar = work_calendar(ledger)
    with_visit = engine.evaluate(profile, data, as_of, since, calendar)
    without = replace(data, visits=tuple(v for v in data.visits if v.id != visit_id))
    before = {(f.rule, f.period): f.done for f in engine.evaluate(profile, without, as_of, since, calendar)}
    mine = [f for f in with_visit if f.household == code]
    outcome.satisfied = [
        f
        for f in mine
        if f.status == "met"
        and f.period_start is not None
        and f.period_end is not None
        and f.period_start <= day <= f.period_end
        and f.done > before.get((f.rule, f.period), 0)
    ]
    outcome.still_due = [
        f
        for f in mine
        if f.status != "met" and (f.period_end is None or f.period_end >= default_since(as_of))
    ]
    outcome.calendar_fallback_years = sorted(calendar.fallback_years)


# --- reading ---------------------------------------------------------------------------------------


def _row(r: Any, keys: tuple[str, ...] | None = None) -> dict[str, Any]:
    """A visit as a listing's row: ``r`` a dict, or a tuple whose ``keys`` are the result's (once
    per listing, not per row)."""
    row = dict(zip(keys, r, strict=True)) if keys is not None else r
    row["voided"] = bool(row["voided"])
    for key in ("date", "voided_at", "recorded_at"):
        if row.get(key) is not None:
            row[key] = row[key].isoformat()
    return row


def list_visits(
    ledger: Any,
    *,
    household: str | None = None,
    cadre: str | None = None,
    township: str | None = None,
    village: str | None = None,
    date_from: date | None = None,
    date_to: date | None = None,
    mode: str | None = None,
    voided: bool = False,
    include_voided: bool = False,
) -> list[dict[str, Any]]:
    from bangfu_cli.services.resolve import resolve_cadre, resolve_household, resolve_village

    with ledger.read() as session:
        where: dict[str, Any] = {"date_from": date_from, "date_to": date_to}
        if household:
            where["household_id"] = resolve_household(session, household, village).id
        if cadre:
            where["cadre_id"] = resolve_cadre(session, cadre).id
        if village:
            where["village_id"] = resolve_village(session, village, township).id
        if township:
            where["township"] = township.strip()
        if mode:
            where["mode"] = vocab.parse_mode(mode)
        where["voided"] = True if voided else None if include_voided else False
        keys, rows = store.visit_rows(session, **where)
        return [_row(r, keys) for r in rows]


def show_visit(ledger: Any, visit_id: int) -> dict[str, Any]:
    with ledger.read() as session:
        found = store.visit_row(session, visit_id)
    if found is None:
        raise BangfuError("visits.unknown", id=visit_id)
    return _row(found)


def void_visit(ledger: Any, visit_id: int, reason: str) -> dict[str, Any]:
    from bangfu_cli.services.ledger import now

    reason = (reason or "").strip()
    if not reason:
        raise BangfuError("visits.reason_required")
    with ledger.write() as session:
        visit = store.visit_record(session, visit_id)
        if visit is None:
            raise BangfuError("visits.unknown", id=visit_id)
        if visit.voided:
            raise BangfuError(
                "visits.already_voided",
                id=visit_id,
                by=visit.voided_by or "?",
                at=visit.voided_at.date().isoformat() if visit.voided_at else "?",
                reason=visit.void_reason or "",
            )
        visit.voided = True
        visit.void_reason = reason
        visit.voided_at = now()
        visit.voided_by = ledger.operator
        session.add(visit)
        ledger.audit(
            session,
            "void",
            "visit",
            record=visit,
            key=str(visit_id),
            changes={"voided": [False, True], "void_reason": [None, reason]},
        )
    return show_visit(ledger, visit_id)
