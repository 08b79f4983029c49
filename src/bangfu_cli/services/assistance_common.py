"""What the imports of the other kinds of assistance share (CONTRACT.md "The other kinds of
assistance"): the result with its warnings, the field checks that are new here (amounts, counts,
hours, the ``for`` period, a village named by township and name), one record added from the
command line through the same checks as a file's row, and voiding a record with a reason.

Every import runs through ``importing.run_import``: read the file, check every row and report
every bad one with its line, refuse a natural key twice in the file, write in one transaction."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from bangfu_cli.domain.errors import BangfuError
from bangfu_cli.domain.messages import message
from bangfu_cli.services.fields import refuse_if_any, text
from bangfu_cli.services.importing import ImportResult
from bangfu_cli.services.importing import run_import as _run_import
from bangfu_cli.services.tabular import Problems, collect_problems

MAX_TEXT = 2000


@dataclass
class AssistanceImport(ImportResult):
    """An import's counts and its warnings: ``importing.ImportResult`` (one kind of result for
    every import; the name stays for the services that use it)."""


def reject(problems: Problems, line: int, key: str, /, **params: Any) -> None:
    """Record the message ``key`` as a problem of ``line``."""
    problems.add(line, message(key, **params))


def run_import(ledger: Any, path: str | Path, columns, parse, natural_key, store, entity: str):
    """One import: see ``importing.run_import`` (read, check every row, one transaction)."""
    return _run_import(
        ledger,
        path,
        columns,
        lambda problems, line, row: parse(problems, line, row, ledger.today),
        natural_key,
        store,
        entity,
    )


# ---------------------------------------------------------------- field checks (raise BangfuError)


def long_text(value: str, field: str) -> str | None:
    return text(value, field, max_len=MAX_TEXT)


def amount_fen(value: str, field: str = "amount") -> int:
    """Yuan as typed (``1,234.50``, ``¥1234``), empty = 0 → fen."""
    from bangfu_cli.domain.income import parse_amount, to_fen

    return to_fen(parse_amount(value, field))


def count(value: str, field: str) -> int:
    """A whole number ≥ 0; empty = 0."""
    value = (value or "").strip()
    if not value:
        return 0
    try:
        number = float(value)
    except ValueError:
        raise BangfuError("input.bad_number", field=field, value=value) from None
    if not number.is_integer() or number < 0:
        raise BangfuError("assist.bad_count", field=field, value=value)
    return int(number)


def hours(value: str, field: str = "hours") -> float:
    """Hours ≥ 0 with at most one decimal (``2.5``); empty = 0."""
    value = (value or "").strip().removesuffix("小时").removesuffix("h").strip()
    if not value:
        return 0.0
    if not re.fullmatch(r"\d+(\.\d)?", value):
        raise BangfuError("assist.bad_hours", field=field, value=value)
    return float(value)


_YEAR = re.compile(r"^(\d{4})\s*年?$")
_HALF = re.compile(r"^(\d{4})\s*(?:-?\s*[Hh]\s*([12])|年\s*(上|下)半年)$")


def for_period(value: str, field: str = "for") -> str | None:
    """The period a record counts for: ``2023``, ``2023H1`` (``2023年上半年``) or a quarter in any
    accepted form; stored as ``2023``, ``2023H1``, ``2023Q1``."""
    from bangfu_cli.domain.dates import try_parse_quarter

    value = (value or "").strip()
    if not value:
        return None
    if m := _YEAR.match(value):
        return m.group(1)
    if m := _HALF.match(value):
        half = m.group(2) or ("1" if m.group(3) == "上" else "2")
        return f"{m.group(1)}H{half}"
    quarter = try_parse_quarter(value)
    if quarter is not None:
        return quarter.label
    raise BangfuError("assist.bad_for", field=field, value=value)


def find_village(
    problems: Problems, line: int, villages: dict[tuple[str, str], Any], township: str | None, village: str
) -> Any | None:
    """The ledger's village named by (township, village); with no township, the only village of that
    name. Unknown or ambiguous → a problem of ``line`` and None."""
    from bangfu_cli.services.resolve import near_matches

    if township:
        found = villages.get((township, village))
        if found is not None:
            return found
    else:
        named = [v for (_, name), v in villages.items() if name == village]
        if len(named) == 1:
            return named[0]
        if len(named) > 1:
            towns = "、".join(sorted(v.township for v in named))
            reject(problems, line, "assist.village_ambiguous", village=village, townships=towns)
            return None
    near = near_matches(village, [(name, town) for town, name in villages])
    reject(problems, line, "records.unknown_village", township=township or "", village=village, near=near)
    return None


def place_pair(problems: Problems, line: int, township: str | None, village: str | None) -> None:
    """A township without a village names no village: a problem."""
    if township and not village:
        reject(problems, line, "assist.township_without_village", township=township)


def span_ok(problems: Problems, line: int, start: date | None, end: date | None) -> None:
    if start and end and end < start:
        reject(problems, line, "records.end_before_start", end=end, start=start)


# ---------------------------------------------------------------- one record from the command line


def add_one(ledger: Any, parse: Any, store: Any, row: dict[str, str]) -> AssistanceImport:
    """``… add``: ``row`` (the import's columns as option values) checked exactly like a file's row
    and written in one transaction; any problem → one message, exit 2, nothing written."""
    problems = collect_problems("add")
    values = parse(problems, 0, row, ledger.today)
    refuse_if_any(problems)
    with ledger.write() as session:
        result = store(ledger, session, [(0, values)], problems, "add")
        refuse_if_any(problems)
    result.take_notes(problems)
    return result


# ---------------------------------------------------------------- voiding


def void(ledger: Any, entity: str, record_id: int, reason: str) -> Any:
    """Void record ``record_id`` of ``entity`` (a table of ``storage.assistance.MODELS``) with
    ``reason``, keeping who and when; the record stays. Returns it."""
    from bangfu_cli.services.ledger import now
    from bangfu_cli.storage import assistance as store

    reason = (reason or "").strip()
    if not reason:
        raise BangfuError("assist.reason_required")
    with ledger.write() as session:
        record = store.get(session, store.MODELS[entity], record_id)
        if record is None:
            raise BangfuError(f"assist.unknown.{entity}", id=record_id)
        if record.voided:
            raise BangfuError(
                f"assist.already_voided.{entity}",
                id=record_id,
                by=record.voided_by or "?",
                at=record.voided_at.date().isoformat() if record.voided_at else "?",
                reason=record.void_reason or "",
            )
        record.voided, record.void_reason = True, reason
        record.voided_at, record.voided_by = now(), ledger.operator
        session.add(record)
        ledger.audit(
            session,
            "void",
            entity,
            record=record,
            key=str(record_id),
            changes={"voided": [False, True], "void_reason": [None, reason]},
        )
    return record


def void_fields(record: Any) -> dict[str, Any]:
    """The void columns of a listing's row."""
    return {
        "voided": bool(record.voided),
        "void_reason": record.void_reason,
        "voided_at": record.voided_at.isoformat() if record.voided_at else None,
        "voided_by": record.voided_by,
    }


def yuan(fen: int) -> float:
    from bangfu_cli.domain.income import from_fen

    return float(from_fen(fen))
