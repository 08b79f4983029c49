"""Tables on the screen: a listing's ``Column``s, each value as the table shows it, and the table
laid out by Rich — or printed line by line by ``long_table`` when it is long (the same text)."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from bangfu_cli.i18n import t

# Codes, names and dates are read whole: a narrow terminal wraps the other columns.
SHORT_VALUE = 12  # display cells: a date, a code, an amount
LONG_TABLE = 100  # rows from which a table is printed by ``long_table`` (Rich's layout, line by line)
NO_WRAP_KEYS = frozenset(
    {"code", "household", "head_name", "date", "start", "end", "period", "last_visit", "quarter"}
)


@dataclass(frozen=True)
class Column:
    key: str
    header: str  # i18n key of the table header
    justify: str = "left"
    show: Callable[[Any, dict], str] | None = None  # how the table shows the value
    no_wrap: bool = False


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
    if isinstance(value, (date, datetime)):
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
    rows = long_table.proxy_rows(distinct) if line_by_line else body
    tbl = _rich_table(columns, widest, rows, title, caption)
    needed = tbl.__rich_measure__(console, console.options).minimum
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
        tbl = _rich_table(columns, widest, body, title, caption)
    console.print(tbl)


def _rich_table(
    columns: Sequence[Column],
    widest: list[int],
    body: Sequence[Sequence[str]],
    title: str | None,
    caption: str | None,
):
    from rich.table import Table
    from rich.text import Text

    tbl = Table(title=title, caption=caption, show_lines=False, header_style="bold")
    for col, width in zip(columns, widest, strict=True):
        tbl.add_column(
            t(col.header),
            justify=col.justify,
            no_wrap=col.no_wrap or col.key in NO_WRAP_KEYS,
            min_width=width if width <= SHORT_VALUE else None,
            overflow="fold",
        )
    for cells in body:
        tbl.add_row(*map(Text, cells))  # text as it is: no markup, no emoji codes
    return tbl
