"""Tables on the screen: a listing's ``Column``s, each value as the table shows it, and the table
laid out by Rich — or printed line by line by ``long_table`` when it is long (the same text).

A table fits the terminal: when all its columns do not fit side by side, it drops the columns
marked ``wide`` (the compact listing: what a clerk needs to act), unless ``--wide`` asked for
all of them; long text folds inside its cell, and a code, a date or an amount is never broken."""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from bangfu_cli.i18n import t

_LAYOUT: dict[str, Any] = {"wide": False, "zone": None}
DEFAULT_ZONE = "Asia/Shanghai"

# Codes, names and dates are read whole: a narrow terminal wraps the other columns.
LONG_TABLE = 100  # rows from which a table is printed by ``long_table`` (Rich's layout, line by line)
NO_WRAP_KEYS = frozenset(
    {"code", "household", "head_name", "date", "start", "end", "period", "last_visit", "quarter"}
)
WHOLE_WORD = 25  # a column of values without spaces up to this wide (a code, a time) is not wrapped
FOLDED = 6  # the narrowest a column of long text is folded to
_CODE = re.compile(r"[!-~]+")


@dataclass(frozen=True)
class Column:
    key: str
    header: str  # i18n key of the table header
    justify: str = "left"
    show: Callable[[Any, dict], str] | None = None  # how the table shows the value
    no_wrap: bool = False
    wide: bool = False  # shown on the screen only when the whole table fits, or with ``--wide``


def set_zone(name: str | Callable[[], str | None] | None) -> None:
    """The ledger's time zone (or how to read it, asked the first time a time is shown):
    recorded times, stored in UTC, are shown in it."""
    _LAYOUT["zone"] = name
    _LAYOUT.pop("tzinfo", None)


def zone():
    """The ``tzinfo`` of the ledger's time zone (``Asia/Shanghai`` unless the ledger says
    otherwise); China's fixed UTC+8 where the system has no time zone database (Windows without
    ``tzdata``)."""
    from datetime import timedelta, timezone
    from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

    if "tzinfo" in _LAYOUT:
        return _LAYOUT["tzinfo"]
    name = _LAYOUT["zone"]
    name = (name() if callable(name) else name) or DEFAULT_ZONE
    try:
        found = ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        found = timezone(timedelta(hours=8), "CST")
    _LAYOUT["tzinfo"] = found
    return found


def local_time(value: datetime) -> str:
    """A recorded time as a clerk reads it: in the ledger's time zone, to the minute
    (a time without a zone is one stored in UTC)."""
    from datetime import UTC

    if value.tzinfo is None:
        value = value.replace(tzinfo=UTC)
    return value.astimezone(zone()).strftime("%Y-%m-%d %H:%M")


def set_wide(flag: bool) -> None:
    """``--wide``: tables show every column, however wide the terminal."""
    _LAYOUT["wide"] = bool(flag)


def _console(stderr: bool = False):
    from rich.console import Console

    return Console(stderr=stderr, highlight=False, soft_wrap=False)


def _plain(value: Any) -> str:
    if type(value) is str:
        return value
    if value is None:
        return ""
    if isinstance(value, bool):
        return t(f"enum.bool.{str(value).lower()}")
    if isinstance(value, datetime):
        return local_time(value)
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, (list, tuple)):
        return "、".join(_plain(v) for v in value)
    return str(value)


def table(
    rows: Sequence[dict],
    columns: Sequence[Column],
    *,
    title: str | None = None,
    caption: str | None = None,
) -> None:
    print_table(_console(), columns, cells(rows, columns), title=title, caption=caption)


def cells(rows: Sequence[dict], columns: Sequence[Column]) -> list[tuple[str, ...]]:
    """Each row's cells as the table shows them: ``Column.show`` of the value and the row, else
    ``_plain`` of the value — made a column at a time (no test per cell of which it is)."""
    made = []
    for col in columns:
        values = [row.get(col.key) for row in rows]
        made.append(list(map(col.show, values, rows) if col.show else map(_plain, values)))
    return list(zip(*made, strict=True)) if made else [() for _ in rows]


def print_table(
    console: Any,
    columns: Sequence[Column],
    body: Sequence[Sequence[str]],
    *,
    title: str | None = None,
    caption: str | None = None,
    line_by_line: bool | None = None,
) -> None:
    """The table of ``body`` (each row's cells as text) on ``console``: through Rich, or line by
    line (``long_table``) when it has more than ``LONG_TABLE`` rows — the same text either way."""
    from rich.console import Console

    from bangfu_cli.output import long_table

    if line_by_line is None:
        line_by_line = len(body) > LONG_TABLE
    distinct = [set(texts) for texts in zip(*body, strict=True)] or [set() for _ in columns]  # column texts
    # Short values (codes, dates, amounts) are read whole; long text folds to fit the terminal.
    widest = [max(map(long_table.text_width, texts), default=0) for texts in distinct]
    whole = [_whole(col, width, texts) for col, width, texts in zip(columns, widest, distinct, strict=True)]
    heads = [long_table.measure(t(col.header)) for col in columns]  # (longest word, whole header)
    natural = sum(map(max, widest, [head for _, head in heads])) + 3 * len(columns) + 1  # with borders
    if natural > console.width and not _LAYOUT["wide"] and any(col.wide for col in columns):
        keep = [i for i, col in enumerate(columns) if not col.wide]  # the compact listing
        columns, widest, whole, heads = ([seq[i] for i in keep] for seq in (columns, widest, whole, heads))
        distinct = [distinct[i] for i in keep]
        body = [[cells[i] for i in keep] for cells in body]
    # The narrowest each column can be: whole values and their header at full width; long text
    # folded, but not under a word of its header.
    least = [
        max(width, head) if keep_whole else max(min(width, FOLDED), word, _longest_code(texts))
        for width, (word, head), keep_whole, texts in zip(widest, heads, whole, distinct, strict=True)
    ]
    borders = 3 * len(columns) + 1  # a cell's padding and its border, and the last border
    natural = [max(width, head) for width, (_, head) in zip(widest, heads, strict=True)]
    fixed = _fit(natural, least, console.width - borders)
    rows = long_table.proxy_rows(distinct) if line_by_line else body
    tbl = _rich_table(columns, least, fixed, whole, rows, title, caption)
    needed = borders + sum(least)
    if needed > console.width:  # wider than the terminal: print it whole rather than cut columns off
        console = Console(
            file=console.file,
            width=needed,
            highlight=False,
            soft_wrap=False,
            color_system=console.color_system,
            legacy_windows=console.legacy_windows,
        )
    if line_by_line and long_table.print_long(console, tbl, body):
        return
    if line_by_line:
        tbl = _rich_table(columns, least, fixed, whole, body, title, caption)
    console.print(tbl)


def _fit(natural: list[int], least: list[int], room: int) -> list[int | None]:
    """The widths of the columns that must fold for the table to fit ``room`` cells (None: as
    wide as its text): the widest folding column gives way first, none under its ``least``.
    Rich's own narrowing ignores a column's minimum width, and the table would run over."""
    widths = list(natural)
    excess = sum(widths) - room
    while excess > 0:
        give = [i for i, w in enumerate(widths) if w > least[i]]
        if not give:
            break  # the table is printed at its narrowest, wider than the terminal
        i = max(give, key=widths.__getitem__)
        widths[i] -= 1
        excess -= 1
    return [w if w < n else None for w, n in zip(widths, natural, strict=True)]


def _longest_code(texts: set[str]) -> int:
    """The widest run of printable ASCII (a code, a date, a number) in a column's texts: its
    long text folds, but not inside one of those."""
    return max((len(run) for text in texts for run in _CODE.findall(text)), default=0)


def _whole(col: Column, width: int, texts: set[str]) -> bool:
    """Is the column read whole (never wrapped): a code, a date, a name, an amount, a time?"""
    if col.no_wrap:
        return True
    if col.key in NO_WRAP_KEYS and not any(" " in text for text in texts):  # a period, not a sentence
        return True
    return width <= WHOLE_WORD and all(text.isascii() and " " not in text for text in texts)


def _rich_table(
    columns: Sequence[Column],
    least: list[int],
    fixed: list[int | None],
    whole: list[bool],
    body: Sequence[Sequence[str]],
    title: str | None,
    caption: str | None,
):
    from rich.table import Table
    from rich.text import Text

    tbl = Table(title=title, caption=caption, show_lines=False, header_style="bold")
    for col, width, exact, keep_whole in zip(columns, least, fixed, whole, strict=True):
        tbl.add_column(
            t(col.header),
            justify=col.justify,
            no_wrap=keep_whole,
            min_width=width,
            width=exact,
            overflow="fold",
        )
    for cells in body:
        tbl.add_row(*map(Text, cells))  # text as it is: no markup, no emoji codes
    return tbl
