"""Printing what an import (or an ``add``) did, the one way for every command: the rows accepted
with a warning on stderr — counted, said to be warnings, each with its line — then the counts
on stderr, or the result as one JSON document on stdout (``file``, ``added``, ``updated``,
``unchanged`` and ``warnings``: ``line``, ``warning`` and its values). A record typed on the
command line says its warnings the same way (``line`` null), and its JSON carries them too.
Refusals never reach here: they are an error (exit 2, every bad row by line, nothing written)."""

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
    say_warnings(result.warnings)


def say_warnings(warnings) -> None:
    """Warnings (of rows, or messages about the record typed on the command line), counted,
    then one line each (stderr): what every import and every ``add`` says the same way."""
    from bangfu_cli import output

    warnings = row_warnings(warnings)
    if warnings:
        lines = warning_lines(warnings)
        typed = all(w.line is None for w in warnings)
        title = t("import.warnings_typed") if typed else t("import.warnings", count=len(lines))
        output.warn("\n".join([title, *lines]))


def report_record(warnings, fmt: str, document: dict, done) -> None:
    """A record typed on the command line (``pair add``, ``income add``, …): its warnings on
    stderr, then what was done — ``done()`` says it, or with ``--format json`` one document,
    ``document`` with its ``warnings`` as an import's."""
    from bangfu_cli import output

    say_warnings(warnings)
    if fmt == "json":
        output.emit_json({**document, "warnings": warnings_json(warnings)})
    else:
        done()


def warnings_json(warnings) -> list[dict]:
    """The ``warnings`` of a command's JSON, as an import's: ``line``, ``warning`` and its values."""
    ordered = sorted(row_warnings(warnings), key=lambda w: (w.line is None, w.line or 0))
    return [w.as_dict() for w in ordered]


def row_warnings(warnings) -> list:
    """Each warning as a row's (a message alone is about the record typed on the command line)."""
    from bangfu_cli.services.importing import RowWarning

    return [w if isinstance(w, RowWarning) else RowWarning(None, w) for w in warnings]


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
