"""Printing what an import (or an ``add``) did, the one way for every command: the rows accepted
with a warning on stderr — counted, said to be warnings, each with its line — then the counts
on stderr, or the result as one JSON document on stdout (``file``, ``added``, ``updated``,
``unchanged`` and ``warnings``: ``line``, ``warning`` and its values). Refusals never reach
here: they are an error (exit 2, every bad row by line, nothing written)."""

from bangfu_cli.i18n import t


def report(result, fmt: str = "table", *, added: bool = False) -> None:
    """An import's result: its warnings, then its counts (or its JSON)."""
    from bangfu_cli import output

    report_warnings(result)
    if fmt == "json":
        output.emit_json(result.as_dict())
    elif added:
        output.success(
            t("assist.added", added=result.added, updated=result.updated, unchanged=result.unchanged)
        )
    else:
        output.success(t("import.done", **result.counts()))


def report_warnings(result) -> None:
    """The rows accepted with a warning, counted, then one line each (stderr)."""
    from bangfu_cli import output

    if result.warnings:
        lines = warning_lines(result.warnings)
        output.warn("\n".join([t("import.warnings", count=len(lines)), *lines]))


def warning_lines(warnings) -> list[str]:
    """Each warning as a line to read: its file line first (a record typed on the command line
    has none)."""
    ordered = sorted(warnings, key=lambda w: (w.line is None, w.line or 0))
    return [
        t("import.row_problem", line=w.line, reason=w.reason)
        if w.line is not None
        else "  " + t(w.reason.key, **w.reason.params)
        for w in ordered
    ]
