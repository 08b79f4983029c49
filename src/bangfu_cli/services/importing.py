"""The shape every import shares (CONTRACT.md "Imports"): read the file, check every row and
report every bad one with its line and reason, then write everything in one transaction — or
nothing. Rows are matched to the ledger by their natural key: an identical row changes nothing,
a changed field is an update recorded in the audit log with old → new."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from bangfu_cli.domain.dates import YEARS_BACK, long_ago
from bangfu_cli.domain.messages import Message, Words, message
from bangfu_cli.services.tabular import collect_problems, read_rows, track


@dataclass(frozen=True)
class RowWarning:
    """A row accepted although it looks unusual (it breaks no rule): the file's line (None for
    a record typed on the command line) and the reason, a message said by the command line."""

    line: int | None
    reason: Message

    def as_dict(self) -> dict[str, Any]:
        """JSON: ``line``, ``warning`` (the reason's name) and its values, plain."""
        values = {k: _plain(v) for k, v in self.reason.params.items()}
        return {"line": self.line, "warning": self.reason.key.rsplit(".", 1)[-1], **values}


def _plain(value: Any) -> Any:
    if isinstance(value, Message):
        return value.key.rsplit(".", 1)[-1]  # e.g. enum.mode.home -> home
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, Words):
        return value.en  # a column by its English name
    return value


@dataclass
class ImportResult:
    """What an import (or an ``add``) did: rows added, updated and unchanged (``import.done``
    says it), and the rows accepted with a warning — unusual, breaking no rule — by line. Every
    import returns this; ``cli.import_report`` prints it, and its JSON has ``warnings``."""

    file: str
    added: int = 0
    updated: int = 0
    unchanged: int = 0
    warnings: list[RowWarning] = field(default_factory=list)

    def count(self, outcome: str) -> None:
        setattr(self, outcome, getattr(self, outcome) + 1)

    def warn(self, line: int | None, reason: Message | str, /, **params: Any) -> None:
        """Accept ``line`` with a warning: a message, or a message key and its values."""
        if isinstance(reason, str):
            reason = message(reason, **params)
        self.warnings.append(RowWarning(line, reason))

    def take_notes(self, problems: Any) -> None:
        """The warnings ``problems`` noted while the rows were read (line 0: the command line)."""
        self.warnings.extend(RowWarning(line or None, reason) for line, reason in problems.notes)

    def counts(self) -> dict[str, Any]:
        return {"file": self.file, "added": self.added, "updated": self.updated, "unchanged": self.unchanged}

    def as_dict(self) -> dict[str, Any]:
        ordered = sorted(self.warnings, key=lambda w: (w.line is None, w.line or 0))
        return {**self.counts(), "warnings": [w.as_dict() for w in ordered]}


def years_back_warning(day: date | None, today: date, field: Any) -> Message | None:
    """The warning for an event dated more than ``YEARS_BACK`` years before ``today`` (a
    mistyped year?), or None. ``field`` names the date as the user gave it: a column, an option."""
    if day is None or not long_ago(day, today):
        return None
    return message("records.years_back", field=field, date=day, years=YEARS_BACK)


def note_years_back(problems: Any, line: int, day: date | None, today: date, column: str) -> None:
    """Note on ``line`` that its ``column`` is years back (``years_back_warning``), if it is. A
    record typed on the command line (no file columns) names the option, ``--date``."""
    field = problems.column(column) if problems.columns else f"--{column}"
    warning = years_back_warning(day, today, field)
    if warning is not None:
        problems.note(line, warning)


def changes_between(record: Any, values: dict[str, Any]) -> dict[str, list[Any]]:
    return {k: [getattr(record, k), v] for k, v in values.items() if getattr(record, k) != v}


def audit_values(values: dict[str, Any]) -> dict[str, list[Any]]:
    return {k: [None, v] for k, v in values.items() if v is not None}


def upsert(
    ledger: Any,
    session: Any,
    model: Any,
    existing: Any,
    values: dict[str, Any],
    entity: str,
    key: str,
    *,
    flush: bool = True,
) -> tuple[str, Any]:
    """Add a record or update ``existing``; audit what changed. Returns (outcome, record).
    Bulk imports pass ``flush=False`` and flush once (a new record's uuid exists before it)."""
    if existing is None:
        record = model(**values, **ledger.stamp())
        session.add(record)
        if flush:
            session.flush()
        ledger.audit(session, "add", entity, record=record, key=key, changes=audit_values(values))
        return "added", record
    changes = changes_between(existing, values)
    if not changes:
        return "unchanged", existing
    for k, (_, new) in changes.items():
        setattr(existing, k, new)
    session.add(existing)
    ledger.audit(session, "update", entity, record=existing, key=key, changes=changes)
    return "updated", existing


def finish(ledger: Any, session: Any, result: ImportResult, entity: str) -> None:
    if not (result.added or result.updated):
        return  # a re-import that changes nothing writes nothing, not even to the audit log
    ledger.audit(session, "import", entity, key=Path(result.file).name[:64], changes=result.counts())


def run_import(
    ledger: Any,
    path: str | Path,
    columns: Any,
    parse: Any,
    natural_key: Any,
    store: Any,
    entity: str,
) -> ImportResult:
    """The shape of every import: read, parse each row, refuse a natural key twice in the file,
    then check the rows that read well against the ledger — so every problem shows at once —
    and write them in one transaction that any problem rolls back."""
    rows = read_rows(path, columns)
    problems = collect_problems(path, columns)
    parsed, first_line = [], {}
    for line, row in track(rows, "records.checking"):
        values = parse(problems, line, row)
        if values is None:
            continue
        natural = natural_key(values)
        if natural in first_line:
            key = " ".join(map(str, natural)) if isinstance(natural, tuple) else natural
            problems.add(line, message("records.duplicate_in_file", key=key, line=first_line[natural]))
            continue
        first_line[natural] = line
        parsed.append((line, values))
    with ledger.write() as session:
        result = store(ledger, session, parsed, problems, str(path))
        problems.raise_if_any()  # inside the transaction: rolls everything back
        result.take_notes(problems)
        finish(ledger, session, result, entity)
    return result
