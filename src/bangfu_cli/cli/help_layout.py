"""How a help page is laid out on the terminal: every line within its width, a Chinese character
counted as two columns, a line broken between Chinese characters or at a space but never inside
a code, an option or a date (``--as-of``, ``2026Q1``), and no line starting with a closing mark
(``，。）``).

Typer's copy of Click counts every character as one column and breaks only at spaces, so a
Chinese help line runs on past the edge. ``install`` puts ``wrap_text`` and ``write_dl`` here in
its place."""

from __future__ import annotations

import re
import unicodedata
from typing import Any

# a run that is never split: a bracketed note without spaces (``[默认：table]``), ASCII letters,
# digits and their joiners, or one wide character followed by the closing marks that must stay
# with it
_CLOSING = "，。、；：！？）》」』】”’,.;:!?)"
_TOKEN = re.compile(
    rf"\s+|\[[^\s\]]*\][{re.escape(_CLOSING)}]*|[^\s\u2e80-\uffff]+[{re.escape(_CLOSING)}]*|.[{re.escape(_CLOSING)}]*",
    re.S,
)


def width(text: str) -> int:
    """Columns ``text`` takes on a terminal (wide and full-width characters take two)."""
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def _tokens(text: str, room: int) -> list[str]:
    tokens = []
    for token in _TOKEN.findall(re.sub(r"\s*\n\s*", " ", text.strip())):
        tokens += re.findall(r"[^/]+/?|/", token) if width(token) > room else [token]
    return tokens


def wrap(text: str, limit: int, first: str = "", rest: str = "") -> list[str]:
    """``text`` in lines of at most ``limit`` columns, the first line after ``first`` and the
    others after ``rest``. A run longer than a whole line is broken after its slashes
    (``plan/study/…``), a code never; a single code longer than the line stands alone."""
    lines: list[str] = []
    line, used = first, width(first)
    fresh = True  # nothing but the indent on the line yet
    for token in _tokens(text, limit - width(rest)):
        if token.isspace():  # kept as written ("text  [default: …]"), dropped at a line's start
            if not fresh:
                line, used = line + token, used + len(token)
            continue
        size = width(token)
        if not fresh and used + size > limit:
            lines.append(line.rstrip())
            line, used = rest, width(rest)
        line, used, fresh = line + token, used + size, False
    lines.append(line.rstrip())
    return lines


def wrap_text(
    text: str,
    width: int = 78,
    initial_indent: str = "",
    subsequent_indent: str = "",
    preserve_paragraphs: bool = False,
) -> str:
    """Click's ``wrap_text`` with columns measured as above; a paragraph that starts with a
    ``\\b`` line is kept as written."""
    limit = width
    if not preserve_paragraphs:
        return "\n".join(wrap(text, limit, initial_indent, subsequent_indent))
    out = []
    for paragraph in re.split(r"\n\s*\n", text.expandtabs()):
        raw = paragraph.splitlines()
        if not raw:
            continue
        if raw[0].strip() == "\b":
            out.append("\n".join(raw[1:]))
            continue
        indent = " " * (len(raw[0]) - len(raw[0].lstrip()))
        out.append("\n".join(wrap(paragraph, limit, initial_indent + indent, subsequent_indent + indent)))
    return "\n\n".join(out)


def write_dl(self: Any, rows: Any, col_max: int = 30, col_spacing: int = 2) -> None:
    """Click's definition list (options, commands) with its text wrapped to the terminal."""
    rows = [tuple(row) + ("",) * (2 - len(row)) for row in rows]
    if not rows:
        return
    first_col = min(max(width(first) for first, _ in rows), col_max) + col_spacing
    indent = " " * self.current_indent
    room = max(self.width - first_col - self.current_indent, 20)
    for first, second in rows:
        self.write(f"{indent}{first}")
        if not second:
            self.write("\n")
            continue
        if width(first) <= first_col - col_spacing:
            self.write(" " * (first_col - width(first)))
        else:
            self.write("\n" + " " * (first_col + self.current_indent))
        pad = " " * (first_col + self.current_indent)
        lines = [line for part in second.splitlines() for line in wrap(part, room)]
        self.write("\n".join([lines[0], *(pad + line for line in lines[1:])]) + "\n")


def write_usage(self: Any, prog: str, args: str = "", prefix: str | None = None) -> None:
    """Click's usage line, its continuation lines under the arguments' start."""
    prefix = "Usage: " if prefix is None else prefix
    head = f"{prefix:>{self.current_indent}}{prog} "
    room = self.width - self.current_indent
    if room >= width(head) + 20:
        lines = wrap(args, room, head, " " * width(head))
    else:
        lines = [
            head.rstrip(),
            *wrap(args, room, " " * (self.current_indent + 4), " " * (self.current_indent + 4)),
        ]
    self.write("\n".join(lines) + "\n")


def install() -> bool:
    """Lay Typer's help pages out here; False when this Typer has no such places."""
    try:
        from typer._click import formatting
    except ImportError:
        return False
    if not hasattr(formatting, "wrap_text") or not hasattr(formatting.HelpFormatter, "write_dl"):
        return False
    formatting.wrap_text = wrap_text
    formatting.HelpFormatter.write_dl = write_dl
    formatting.HelpFormatter.write_usage = write_usage
    return True
