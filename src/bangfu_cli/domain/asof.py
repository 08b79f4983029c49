"""The instant a report ``--as-of`` a date looks back from: the end of that day in the ledger's
time zone. A record made after it (a visit, an income record, an assessment, an activity), and
a void or a correction made after it, is not part of the ledger as it stood on that date.
Recorded times are stored in UTC, so the instant is given in UTC without a zone, as stored."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import UTC, date, datetime, time, timedelta, tzinfo


def cut_off(as_of: date, zone: tzinfo) -> datetime:
    """The first instant after ``as_of`` in ``zone`` (its next midnight), in UTC, without a
    zone: a record counts as of ``as_of`` when it was recorded before it."""
    midnight = datetime.combine(as_of + timedelta(days=1), time(0), tzinfo=zone)
    return midnight.astimezone(UTC).replace(tzinfo=None)


def cut_needed(as_of: date, zone: tzinfo, today: date) -> datetime | None:
    """``cut_off`` when the as-of day is over by ``today`` (something may have been recorded
    since), else None: as of today or later, the ledger is read as it stands."""
    return cut_off(as_of, zone) if as_of < today else None


DEFAULT_ZONE = "Asia/Shanghai"


def zone_named(name: str | None) -> tzinfo:
    """The ``tzinfo`` of the ledger's time zone setting (``Asia/Shanghai`` when unset); China's
    fixed UTC+8 where the system has no time zone database (Windows without ``tzdata``)."""
    from datetime import timezone
    from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

    try:
        return ZoneInfo(name or DEFAULT_ZONE)
    except (ZoneInfoNotFoundError, ValueError):
        return timezone(timedelta(hours=8), "CST")


def values_before(changes: Iterable[tuple[str | None, str | None]], fields: Iterable[str]) -> dict:
    """From the audit trail's changes made from the cut on — (record uuid, JSON ``{field: [old,
    new]}``) oldest first — each record's ``fields`` as they stood at the cut: the old value
    of the earliest change of each ({uuid: {field: value}}; dates stay ISO text)."""
    import json

    wanted = tuple(fields)
    before: dict[str, dict[str, object]] = {}
    for uuid, text in changes:
        try:
            changed = json.loads(text or "")
        except ValueError:
            continue  # a note, not a change of fields
        if uuid is None or not isinstance(changed, dict):
            continue
        was = before.setdefault(uuid, {})
        for name in wanted:
            pair = changed.get(name)
            if isinstance(pair, list) and len(pair) == 2 and name not in was:
                was[name] = pair[0]
    return before


# The audit actions that make a record rather than change one.
MADE = ("add", "import")
