"""The unit register (单位帮扶工作台账) as a use-case: check the user's year, unit and township
against the ledger, read each unit's year (``storage.unit_register``) and write it atomically as
xlsx, html or csv — a page per unit, for binding beside the household register.

Nothing personal is printed but names: no ID number or phone of a cadre appears, so there is
nothing to mask or to reveal."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from bangfu_cli.domain.errors import BangfuError
from bangfu_cli.domain.unit_register import UnitEntry, UnitSelection


def build_selection(
    ledger: Any, *, year: int, unit: str | None = None, township: str | None = None
) -> UnitSelection:
    """Check the filters; an unknown year, unit or township is a BangfuError."""
    from bangfu_cli.domain.unit_match import UnitNames
    from bangfu_cli.storage import assistance as assist
    from bangfu_cli.storage import register as places

    if not 1990 <= year <= 2100:
        raise BangfuError("export.bad_year", value=year)
    township = township.strip() if township else None
    if township and not places.has_township(ledger.engine, township):
        known = places.townships(ledger.engine)
        raise BangfuError("export.unknown_township", text=township, known="、".join(known) or "—")
    code = None
    if unit is not None:
        with ledger.read() as session:
            units = assist.units(session)
        code = UnitNames.of((u.code, u.name) for u in units.values()).match(unit)
        if code is None:
            raise BangfuError("assist.unknown_unit", code=unit.strip(), near="")
    return UnitSelection(year=year, unit_code=code, township=township)


def read_units(ledger: Any, sel: UnitSelection) -> list[UnitEntry]:
    from bangfu_cli.storage.unit_register import unit_register

    with ledger.read() as session:
        return unit_register(session, sel)


@dataclass
class UnitExportResult:
    path: str
    format: str
    units: int
    activities: int
    trainings: int


def export_unit_register(
    ledger: Any, sel: UnitSelection, *, output: str, fmt: str | None = None, force: bool = False
) -> UnitExportResult:
    """Write the unit register of ``sel`` to ``output`` (atomically)."""
    from bangfu_cli.exporters.common import atomic_target, check_target
    from bangfu_cli.services.register import output_format

    target = check_target(output, force)
    fmt = output_format(fmt, output)
    entries = read_units(ledger, sel)
    if fmt == "xlsx":
        from bangfu_cli.exporters.unit_register_xlsx import write_xlsx as writer
    elif fmt == "html":
        from bangfu_cli.exporters.unit_register import write_html as writer
    else:
        from bangfu_cli.exporters.unit_register import write_csv as writer
    try:
        with atomic_target(target) as tmp:
            writer(tmp, entries, sel)
    except OSError as exc:
        raise BangfuError("export.write_failed", path=str(target), detail=exc.strerror or str(exc)) from exc
    return UnitExportResult(
        str(target),
        fmt,
        len(entries),
        sum(len(e.activities) for e in entries),
        sum(len(e.trainings) for e in entries),
    )
