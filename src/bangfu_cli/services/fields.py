"""The checks of a record's fields, shared by every import and by the commands that add one
record (``household add``, ``cadre add``, …), so a record typed on the command line passes the
same rules as a file. Each check returns the clean value or raises ``BangfuError``."""

from __future__ import annotations

import re
from datetime import date
from typing import Any

from bangfu_cli.domain import identity, vocab
from bangfu_cli.domain.dates import try_parse_date
from bangfu_cli.domain.errors import BangfuError
from bangfu_cli.domain.messages import Joined, Message, message

PHONE_MAX = 20  # the stored column's width
_CODE = re.compile(r"^[0-9A-Za-z\u4e00-\u9fff][0-9A-Za-z\u4e00-\u9fff._/-]*$")


def text(value: str, field: str, *, required: bool = False, max_len: int = 64) -> str | None:
    value = (value or "").strip()
    if not value:
        if required:
            raise BangfuError("records.required", field=field)
        return None
    if len(value) > max_len:
        raise BangfuError("records.too_long", field=field, value=value, max=max_len)
    return value


def name(value: str, field: str, *, max_len: int = 64) -> str:
    """A required name (person, unit, place): it has at least one letter or Chinese character."""
    value = text(value, field, required=True, max_len=max_len)
    if not any(c.isalpha() for c in value):
        raise BangfuError("records.bad_name", field=field, value=value)
    return value


def code(value: str, field: str) -> str:
    value = text(value, field, required=True, max_len=32)
    if not _CODE.match(value):
        raise BangfuError("records.bad_code", field=field, value=value)
    return value


def day(value: str, field: str, today: date, *, required: bool = False) -> date | None:
    value = (value or "").strip()
    if not value:
        if required:
            raise BangfuError("records.required", field=field)
        return None
    parsed = try_parse_date(value)
    if parsed is None:
        raise BangfuError("input.bad_date", field=field, value=value)
    if parsed > today:
        raise BangfuError("input.future_date", field=field, value=parsed.isoformat(), today=today.isoformat())
    return parsed


def size(value: str) -> int:
    value = (value or "").strip()
    if not value:
        raise BangfuError("records.required", field="size")
    try:
        number = float(value)
    except ValueError:
        raise BangfuError("input.bad_number", field="size", value=value) from None
    if not number.is_integer() or number < 1:
        raise BangfuError("records.bad_size", value=value)
    return int(number)


def id_number(value: str) -> str | None:
    value = (value or "").strip()
    if not value:
        return None
    problem = identity.id_problem(value)
    if problem:
        raise BangfuError(
            "records.bad_id", value=identity.mask_id(identity.normalize_id(value)), why=message(problem)
        )
    return identity.normalize_id(value)


def phone(value: str) -> str | None:
    """A phone number as stored (spaces, brackets and +86 dropped). One of unusual shape is contact
    data, not a rule: it is kept, and ``phone_warning`` says so."""
    value = (value or "").strip()
    if not value:
        return None
    value = identity.normalize_phone(value) or value
    if len(value) > PHONE_MAX:
        raise BangfuError("records.too_long", field="phone", value=identity.mask_phone(value), max=PHONE_MAX)
    return value


def phone_warning(value: str | None) -> Message | None:
    """The warning for a stored phone that is neither a mobile nor a landline number, or None."""
    if value is None or identity.phone_ok(value):
        return None
    return message("records.unusual_phone", value=identity.mask_phone(value))


def note_phone(problems: Any, line: int, value: str | None) -> None:
    warning = phone_warning(value)
    if warning is not None:
        problems.note(line, warning)


def flag(value: str, field: str) -> bool:
    return vocab.parse_bool(value, field)


def choice(parse: Any, value: str, *, default: str | None = None) -> str | None:
    value = (value or "").strip()
    if not value:
        return default
    return parse(value)


def refuse_if_any(problems: Any) -> None:
    """One record checked like an imported row: its problems as one error."""
    if problems:
        raise BangfuError("records.invalid", reasons=Joined([reason for _, reason in problems.items]))
