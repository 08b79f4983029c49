"""The register (登记册, DOMAIN.md §9) as a use-case: check the user's filters against the
ledger, stream the households of the selection with their lines (read by ``storage.register``),
mask ID numbers and phones before any exporter sees them unless the user asked to reveal them
(``reveal``, written to the audit log by ``record_reveal``), and write the file atomically."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, replace
from datetime import date
from typing import Any

from bangfu_cli.domain.dates import parse_date
from bangfu_cli.domain.errors import BangfuError
from bangfu_cli.domain.identity import mask_id, mask_phone
from bangfu_cli.domain.reports import HouseholdEntry, Selection

CHUNK = 200  # households per round trip; their visits come with them


def build_selection(
    ledger: Any,
    *,
    township: str | None = None,
    village: str | None = None,
    cadre: str | None = None,
    year: int | None = None,
    date_from: str | None = None,
    date_to: str | None = None,
    reveal: bool = False,
) -> Selection:
    """Check the user's filters against the ledger; an unknown place or cadre is a BangfuError."""
    from bangfu_cli.storage import register as store

    if year is not None and (date_from or date_to):
        raise BangfuError("export.year_and_range")
    start = end = None
    if year is not None:
        if not 1990 <= year <= 2100:
            raise BangfuError("export.bad_year", value=year)
        start, end = date(year, 1, 1), date(year, 12, 31)
    if date_from:
        start = parse_date(date_from, "--from")
    if date_to:
        end = parse_date(date_to, "--to")
    if start and end and start > end:
        raise BangfuError("export.bad_range", start=start, end=end)
    township = township.strip() if township else None
    village_id = cadre_id = None
    cadre_label = None
    if township and not store.has_township(ledger.engine, township):
        known = store.townships(ledger.engine)
        raise BangfuError("export.unknown_township", text=township, known="、".join(known) or "—")
    if village or cadre:
        from bangfu_cli.services.resolve import resolve_cadre, resolve_village

        with ledger.read() as session:
            if village:
                v = resolve_village(session, village, township)
                village_id, township, village = v.id, v.township, v.name
            if cadre:
                c = resolve_cadre(session, cadre)
                cadre_id, cadre_label = c.id, f"{c.code} {c.name}"
    as_of = min(end, ledger.today) if end else ledger.today
    return Selection(
        township=township,
        village=village,
        village_id=village_id,
        cadre_id=cadre_id,
        cadre_label=cadre_label,
        date_from=start,
        date_to=end,
        as_of=as_of,
        reveal=reveal,
    )


def count(ledger: Any, sel: Selection) -> tuple[int, int]:
    """(households, visits) the register will hold — for the progress bar and the summary."""
    from bangfu_cli.storage.register import count_register

    return count_register(ledger.engine, sel)


def _masked(entry: HouseholdEntry) -> HouseholdEntry:
    entry.id_number = mask_id(entry.id_number)
    entry.phone = mask_phone(entry.phone)
    for line in entry.pairings:
        line.phone = mask_phone(line.phone)
    return entry


def iter_register(ledger: Any, sel: Selection, chunk: int = CHUNK) -> Iterator[HouseholdEntry]:
    """Every household of the selection in binding order, each with its register lines."""
    from bangfu_cli.storage.register import register_chunks

    for entries in register_chunks(ledger.engine, sel, chunk):
        if sel.reveal:
            yield from entries.values()
        else:
            yield from map(_masked, entries.values())


def record_reveal(ledger: Any, *, what: str, path: str, households: int) -> None:
    """Full ID numbers and phones left the ledger in a file: say so in the audit log."""
    from pathlib import Path

    from bangfu_cli.services.privacy import record_reveal as audit_reveal

    audit_reveal(ledger, f"{what} {Path(path).name}", households)


FORMATS = ("xlsx", "html", "csv")
LAYOUTS = ("book", "flat")


def output_format(fmt: str | None, path: str) -> str:
    """The file format: ``--format``, else the output file's extension."""
    if fmt:
        value = fmt.strip().lower()
        if value not in FORMATS:
            raise BangfuError("export.bad_format", value=fmt, choices=", ".join(FORMATS))
        return value
    suffix = path.rsplit(".", 1)[-1].lower() if "." in path else ""
    if suffix in ("htm", "html"):
        return "html"
    if suffix in FORMATS:
        return suffix
    raise BangfuError("export.unknown_format", path=path, choices=", ".join(FORMATS))


@dataclass
class ExportResult:
    path: str
    format: str
    layout: str
    households: int
    visits: int


def export_register(
    ledger: Any,
    sel: Selection,
    *,
    output: str,
    fmt: str | None = None,
    layout: str = "book",
    force: bool = False,
    progress: Any = None,
) -> ExportResult:
    """Write the register of ``sel`` to ``output`` (atomically); ``progress(total)`` returns an
    ``advance(n)`` callback."""
    from bangfu_cli.exporters.common import atomic_target, check_target

    target = check_target(output, force)
    fmt = output_format(fmt, output)
    layout = (layout or "book").strip().lower()
    if layout not in LAYOUTS:
        raise BangfuError("export.bad_layout", value=layout, choices=", ".join(LAYOUTS))
    if layout == "book" and fmt == "csv":
        layout = "flat"  # CSV has one table: always flat
    n_households, _ = count(ledger, sel)
    from bangfu_cli.services.audit_verify import chain_head

    sel = replace(sel, chain=chain_head(ledger))
    if fmt == "xlsx":
        from bangfu_cli.exporters import register_xlsx

        writer = register_xlsx.write_book if layout == "book" else register_xlsx.write_flat
    elif fmt == "html":
        from bangfu_cli.exporters.register_html import write_html as writer
    else:
        from bangfu_cli.exporters.register_csv import write_csv as writer
    try:
        with atomic_target(target) as tmp:
            advance = progress(n_households) if progress else (lambda n: None)
            households, visits = writer(tmp, iter_register(ledger, sel), sel, advance)
            if sel.reveal:  # recorded before the file appears: no unrecorded reveal
                record_reveal(ledger, what="register", path=str(target), households=households)
    except OSError as exc:
        raise BangfuError("export.write_failed", path=str(target), detail=exc.strerror or str(exc)) from exc
    return ExportResult(str(target), fmt, layout if fmt != "html" else "book", households, visits)
