"""Citizen ID numbers (GB 11643-1999), phone numbers, and how both are masked on screen."""

from __future__ import annotations

import re
from datetime import date

_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
_CHECK = "10X98765432"
_ID_FORM = re.compile(r"^\d{17}[\dX]$")
_MOBILE = re.compile(r"^1[3-9]\d{9}$")
_LANDLINE = re.compile(r"^0\d{2,3}-?\d{7,8}$")


def normalize_id(text: str) -> str:
    return text.strip().upper().replace(" ", "")


def id_check_digit(first17: str) -> str:
    return _CHECK[sum(int(c) * w for c, w in zip(first17, _WEIGHTS, strict=True)) % 11]


def id_problem(text: str) -> str | None:
    """None when ``text`` is a valid 18-character ID number, else a message key."""
    value = normalize_id(text)
    if not _ID_FORM.match(value):
        return "id.bad_form"
    try:
        date(int(value[6:10]), int(value[10:12]), int(value[12:14]))
    except ValueError:
        return "id.bad_birth"
    if id_check_digit(value[:17]) != value[17]:
        return "id.bad_check"
    return None


def normalize_phone(text: str) -> str:
    return re.sub(r"[\s()（）]", "", text.strip()).removeprefix("+86")


def phone_ok(text: str) -> bool:
    value = normalize_phone(text)
    return bool(_MOBILE.match(value) or _LANDLINE.match(value))


def mask_id(value: str | None) -> str | None:
    """First 6 and last 4 shown: 360722********1234."""
    if not value:
        return value
    if len(value) <= 10:
        return "*" * len(value)
    return value[:6] + "*" * (len(value) - 10) + value[-4:]


def mask_phone(value: str | None) -> str | None:
    """First 3 and last 4 shown: 138****5678."""
    if not value:
        return value
    if len(value) <= 7:
        return "*" * len(value)
    return value[:3] + "*" * (len(value) - 7) + value[-4:]
