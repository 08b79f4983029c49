"""Long tables, printed line by line: what Rich prints for the same table, at a fraction of
the cost.

Rich lays out every cell of a table as rich text (measure, wrap, pad, style): ~3.5 ms a row of
the overdue listing, twelve minutes for a county's 200,000 findings. A long table is printed
here instead, with Rich still deciding everything that depends on the table as a whole:

- the column widths: Rich's own calculation on a *proxy* table holding, per column, only the
  cell with the widest text and the cell with the longest unbreakable word. A column's width
  depends on nothing else (the largest minimum and maximum of its cells), so the widths are
  the ones the whole table would get;
- the title, the borders and the header: a copy of the table with those widths and no rows;
- a cell that must wrap (too wide for its column, or holding control characters or spaces at
  its ends): Rich renders that cell alone (once per distinct text in a column).

Every other cell is padded to its column's width as Rich pads it. ``tests/perf/test_long_table.py``
prints tables both ways and compares the text (titles, captions, CJK text, wrapping, right and
centre justification, narrow terminals, ASCII boxes); a mismatch fails there, so a Rich
release that lays tables out differently is caught by the tests, not by a clerk."""

from __future__ import annotations

from collections.abc import Sequence
from itertools import chain
from operator import itemgetter
from typing import Any

from rich.cells import cell_len
from rich.console import Console
from rich.padding import Padding
from rich.segment import Segments
from rich.table import Table
from rich.text import Text

PAD = 1  # the cells' left and right padding, Rich's default for a table
MARGIN = " " * PAD
ROWS_AT_ONCE = 2_000  # rows laid out and written together (their text is held until written)


def text_width(value: str) -> int:
    """``rich.cells.cell_len``, without its work for printable ASCII (one cell a character)."""
    return len(value) if value.isascii() and value.isprintable() else cell_len(value)


def is_plain(value: str) -> bool:
    """Shown exactly as it is by Rich when it fits its column: printable, no space at its ends."""
    return value.isprintable() and value == value.strip()


def measure(value: str) -> tuple[int, int]:
    """(longest unbreakable part, widest line) of a cell, in terminal cells — Rich's measure of
    ``Text(value)``."""
    if value.isprintable() and " " not in value:
        width = text_width(value)
        return width, width
    lines = value.splitlines()
    widest = max((cell_len(line) for line in lines), default=0)
    words = value.split()
    return (max(cell_len(word) for word in words) if words else widest), widest


def proxy_rows(distinct: Sequence[set[str]]) -> list[list[str]]:
    """Rows that give a table the column widths its body gives it, from each column's
    ``distinct`` texts: per column, the text with the largest minimum and the one with the
    largest maximum, each in a row of empty cells."""
    rows: list[list[str]] = []
    for i, values in enumerate(distinct):
        best_min = best_max = ""
        top_min = top_max = -1
        for value in values:
            low, high = measure(value)
            if low > top_min:
                top_min, best_min = low, value
            if high > top_max:
                top_max, best_max = high, value
        for value in {best_min, best_max}:
            row = [""] * len(distinct)
            row[i] = value
            rows.append(row)
    return rows


def print_long(console: Console, tbl: Table, body: Sequence[Sequence[str]]) -> bool:
    """Print the table ``tbl`` would be with the rows ``body``, as Rich would print it on
    ``console``: ``tbl`` has the title, caption and columns, and ``proxy_rows`` of its body's
    texts as its rows. False when this Rich lays tables out in a way not known here (the caller
    then lets Rich print the table)."""
    widths_of = getattr(tbl, "_calculate_column_widths", None)
    extra = getattr(tbl, "_extra_width", None)
    if widths_of is None or extra is None or tbl.padding != (0, PAD, 0, PAD) or not tbl.box:
        return False
    options = console.options
    widths = widths_of(console, options.update_width(options.max_width - extra))
    table_width = sum(widths) + extra
    if table_width > options.max_width or min(widths) < 2 * PAD:
        return False  # Rich would crop the table or squeeze a column under its padding
    columns = tbl.columns

    # The title, the top border, the header and the line under it: the table with these
    # widths and no rows, less its bottom border (the caption is printed after the rows).
    head = Table(
        title=tbl.title,
        show_lines=False,
        header_style=tbl.header_style,
        box=tbl.box,
        safe_box=tbl.safe_box,
    )
    for col, width in zip(columns, widths, strict=True):
        head.add_column(
            col.header, justify=col.justify, no_wrap=col.no_wrap, overflow=col.overflow, width=width - 2 * PAD
        )
    head_lines = console.render_lines(head, options.update_width(table_width), pad=False, new_lines=True)
    console.print(Segments([segment for line in head_lines[:-1] for segment in line]), end="")

    box = tbl.box.substitute(options, safe=tbl.safe_box if tbl.safe_box is not None else console.safe_box)
    mid = (box.mid_left, box.mid_vertical, box.mid_right + "\n")
    foot = (box.foot_left, box.foot_vertical, box.foot_right + "\n")
    blank = [" " * width for width in widths]
    # Each distinct text of a column is laid out once: its lines, padded to the column's width.
    shapes: list[dict[str, list[str]]] = [{} for _ in columns]
    write = console.file.write
    last = len(body) - 1
    for start in range(0, len(body), ROWS_AT_ONCE):
        chunk = body[start : start + ROWS_AT_ONCE]
        if start + len(chunk) - 1 == last:
            chunk = chunk[:-1]  # the last row is closed by the foot's border: written below
        if chunk:
            write(_lines(console, options, columns, widths, blank, shapes, chunk, mid))
    if body:
        write(_lines(console, options, columns, widths, blank, shapes, body[last:], foot))
    console.print(box.get_bottom(widths), highlight=False, markup=False, emoji=False)
    if tbl.caption:  # as Rich renders a table's caption: centred on the table's width, styled
        caption = console.render_str(tbl.caption, style="table.caption", highlight=False)
        below = options.update(width=table_width, height=None, justify=tbl.caption_justify)
        console.print(Segments(console.render(caption, below)), end="")
    return True


def _lines(
    console: Console,
    options: Any,
    columns: Sequence[Any],
    widths: list[int],
    blank: list[str],
    shapes: list[dict[str, list[str]]],
    rows: Sequence[Sequence[str]],
    border: tuple[str, str, str],
) -> str:
    """The text of ``rows`` between ``border``'s left, divider and right (ending a line), made a
    column at a time: each distinct text's lines come from ``shapes`` (laid out on first sight),
    and the rows' lines are joined without a Python step per cell."""
    left, divider, right = border
    texts_of = list(zip(*rows, strict=True))
    distinct = [set(texts) for texts in texts_of]
    for i, values in enumerate(distinct):
        known = shapes[i]
        for value in values.difference(known):
            known[value] = _shape(console, options, columns[i], widths[i], value)
    shaped = [list(map(shapes[i].__getitem__, texts)) for i, texts in enumerate(texts_of)]
    heights = list(map(max, zip(*[map(len, cells) for cells in shaped], strict=True)))
    tallest = max(heights)
    joined = []  # joined[n][r]: line n of row r (a blank cell under a cell with fewer lines)
    for n in range(tallest):
        if n == 0:
            nth = [map(itemgetter(0), cells) for cells in shaped]
        else:
            nth = []
            for i, texts in enumerate(texts_of):
                known, gap = shapes[i], blank[i]
                lines = {v: known[v][n] if n < len(known[v]) else gap for v in distinct[i]}
                nth.append(map(lines.__getitem__, texts))
        joined.append(list(map(divider.join, zip(*nth, strict=True))))
    if tallest == 1:
        ordered = joined[0]
    elif min(heights) == tallest:
        ordered = list(chain.from_iterable(zip(*joined, strict=True)))
    else:
        ordered = [joined[n][r] for r, height in enumerate(heights) for n in range(height)]
    return left + (right + left).join(ordered) + right


def _shape(console: Console, options: Any, column: Any, width: int, value: str) -> list[str]:
    """A cell's lines, padded to ``width`` as Rich pads them: a plain text that fits is padded
    here; anything else (too wide, control characters, spaces at its ends) Rich lays out."""
    room = width - 2 * PAD
    used = text_width(value)
    if used <= room and is_plain(value):
        gap = room - used
        if column.justify == "right":
            text = " " * gap + value
        elif column.justify == "center":
            text = " " * (gap // 2) + value + " " * (gap - gap // 2)
        else:
            text = value + " " * gap
        return [MARGIN + text + MARGIN]
    lines = console.render_lines(
        Padding(Text(value), (0, PAD)),
        options.update(
            width=width, justify=column.justify, no_wrap=column.no_wrap, overflow=column.overflow, height=None
        ),
        pad=True,
    )
    # no line at all (Rich pads such a cell with blank lines to the row's height)
    return ["".join(segment.text for segment in line) for line in lines] or [" " * width]
