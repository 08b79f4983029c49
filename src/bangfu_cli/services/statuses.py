"""A household's status rows (DOMAIN.md §3): the status on a day, its category, the dates of
its monitoring, and the rows an import's dates imply. Shared by the household service and the
household import. A household's status on day D is its latest status row with
``effective_on ≤ D``; rows are never removed.

An import writes the rows its dates imply, each tagged in ``note`` so that a re-import finds and
compares them: ``import:since`` (at 纳入台账日期: the 脱贫户 flag, and the monitoring type when the
household was already monitored), ``import:monitored`` (at 纳入监测日期, risk open) and
``import:eliminated`` (at 风险消除日期, risk eliminated)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from bangfu_cli.domain.errors import BangfuError
from bangfu_cli.domain.messages import Message, message

CATEGORIES = ("tuopin", "monitored", "unstable", "marginal", "sudden")
CATEGORY_WORDS = {
    "tuopin": ("tuopin", "脱贫户", "脱贫"),
    "monitored": ("monitored", "监测对象", "监测"),
    "unstable": ("unstable", "脱贫不稳定户", "不稳定户"),
    "marginal": ("marginal", "边缘易致贫户", "边缘户"),
    "sudden": ("sudden", "突发严重困难户", "突发户"),
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
    from bangfu_cli.storage.households import status_records

    if rows is None:
        rows = status_records(session, household.id)
    tagged = {r.note: r for r in rows if r.note and r.note.startswith("import:")}
    others = {r.effective_on: r for r in rows if not (r.note and r.note.startswith("import:"))}
    refusal = _refusal(household, tagged, others, wanted)
    if refusal is not None:
        problems.add(line, refusal)
        return "unchanged"
    moves = _make_room(session, tagged, wanted)
    for move in moves:
        _write_move(ledger, session, household, move)
    return "updated" if moves else "unchanged"


def _refusal(household: Any, tagged: dict, others: dict, wanted: dict[str, Status]) -> Message | None:
    """Why the import may not change the household's tagged rows: a tagged date left out of the
    file, or a wanted date that already holds a row written by hand."""
    for tag in tagged:
        if tag not in wanted:
            return message("records.status_dates_removed", code=household.code)
    for status in wanted.values():
        if status.effective_on in others:
            return message("records.status_clash", code=household.code, on=status.effective_on)
    return None


def _make_room(session: Any, tagged: dict, wanted: dict[str, Status]) -> list[tuple]:
    """The rows to add (tag, values) and to change (tag, values, old, changes). Changed rows
    move first to a free placeholder date (flushed) so that dates swapping between tags never
    collide."""
    moves: list[tuple] = []
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
    return moves


def _write_move(ledger: Any, session: Any, household: Any, move: tuple) -> None:
    from bangfu_cli.storage.models import HouseholdStatus

    if len(move) == 2:
        tag, values = move
        record = HouseholdStatus(household_id=household.id, note=tag, **values, **ledger.stamp())
        session.add(record)
        changes = {k: [None, v] for k, v in values.items()}
        ledger.audit(session, "add", "household_status", record=record, key=household.code, changes=changes)
        return
    tag, values, old, changes = move
    for k, v in values.items():
        setattr(old, k, v)
    session.add(old)
    session.flush()
    ledger.audit(session, "update", "household_status", record=old, key=household.code, changes=changes)


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
