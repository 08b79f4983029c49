"""The readers of a profile's fields, shared by the checks of every kind of rule: each returns
the value or raises ``_Bad`` with what is wrong, which the parser turns into one message naming
the rule and the field. Private to ``rules.profiles``."""

from __future__ import annotations

from datetime import date
from typing import Any

PERIODS = ("month", "quarter", "half", "year")


class _Bad(Exception):
    pass


def _list(value: Any, name: str) -> list:
    if not isinstance(value, list):
        raise _Bad(f"{name}: must be a list")
    return value


def _day(value: Any, name: str) -> date:
    if isinstance(value, date):
        return value
    if isinstance(value, str):
        try:
            return date.fromisoformat(value.strip())
        except ValueError:
            pass
    raise _Bad(f"{name}: {value!r} is not a date (write 2024-10-01)")


def _text(raw: dict, key: str, required: bool = True) -> str:
    value = raw.get(key)
    if value is None and not required:
        return ""
    if not isinstance(value, str) or not value.strip():
        raise _Bad(f"{key}: a non-empty text is required")
    return value.strip()


def _choice(raw: dict, key: str, choices: tuple[str, ...], required: bool) -> str | None:
    value = raw.get(key)
    if value is None:
        if required:
            raise _Bad(f"{key}: required, one of {', '.join(choices)}")
        return None
    if value not in choices:
        raise _Bad(f"{key}: {value!r} is not one of {', '.join(choices)}")
    return value


def _int(raw: dict, key: str, default: int | None, minimum: int = 1) -> int | None:
    value = raw.get(key, default)
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int) or value < minimum:
        raise _Bad(f"{key}: a whole number ≥ {minimum} is required")
    return value


def _pair(raw: dict, key: str) -> tuple[str, str]:
    """zh/en text given as ``key = {zh = …, en = …}`` (or dotted ``key.zh``)."""
    value = raw.get(key)
    if not isinstance(value, dict):
        raise _Bad(f"{key}: needs zh and en texts ({key}.zh = …, {key}.en = …)")
    zh, en = value.get("zh"), value.get("en")
    if not (isinstance(zh, str) and zh.strip() and isinstance(en, str) and en.strip()):
        raise _Bad(f"{key}: needs both zh and en texts")
    return zh.strip(), en.strip()


def _month_day(value: Any) -> tuple[int, int]:
    if isinstance(value, str):
        parts = value.strip().split("-")
        if len(parts) == 2 and all(p.isdigit() for p in parts):
            month, day = int(parts[0]), int(parts[1])
            try:
                date(2024, month, day)  # a leap year accepts 02-29
                return month, day
            except ValueError:
                pass
    raise _Bad(f'deadline: {value!r} is not a month-day such as "03-31"')
