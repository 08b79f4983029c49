"""Importing households, cadres, pairings and roles (CONTRACT.md "Imports"): one entry point
per file kind. Every import has one shape (``services.importing``: read, check every row and
report every bad one with its line and reason, then write everything in one transaction — or
nothing); the field checks are ``services.fields``, shared with ``household add``,
``cadre add``, ``pair add`` and ``role assign``. Households are ``services.household_import``,
pairings and roles ``services.link_import``; cadres, the simplest, are here."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from bangfu_cli.services.fields import code, flag, name, note_phone, phone, text
from bangfu_cli.services.household_import import HOUSEHOLD_COLUMNS, import_households
from bangfu_cli.services.importing import ImportResult, run_import, upsert
from bangfu_cli.services.link_import import PAIRING_COLUMNS, ROLE_COLUMNS, import_pairings, import_roles
from bangfu_cli.services.tabular import ColumnSpec, Problems, track
from bangfu_cli.storage import cadres as cadre_store

__all__ = [
    "CADRE_COLUMNS",
    "HOUSEHOLD_COLUMNS",
    "PAIRING_COLUMNS",
    "ROLE_COLUMNS",
    "ImportResult",
    "import_cadres",
    "import_households",
    "import_pairings",
    "import_roles",
    "parse_cadre",
    "store_cadres",
]

CADRE_COLUMNS = (
    ColumnSpec("code", "干部编号", True),
    ColumnSpec("name", "姓名", True),
    ColumnSpec("unit", "单位", True),
    ColumnSpec("position", "职务"),
    ColumnSpec("phone", "联系电话"),
    ColumnSpec("leader", "是否县级领导"),
)


# ---------------------------------------------------------------- cadres


def parse_cadre(problems: Problems, line: int, row: dict[str, str]) -> dict[str, Any] | None:
    v = problems.value
    values = {
        "code": v(line, code, row["code"], "code"),
        "name": v(line, name, row["name"], "name"),
        "unit": v(line, name, row["unit"], "unit", max_len=128),
        "position": v(line, text, row["position"], "position"),
        "phone": v(line, phone, row["phone"]),
        "leader": v(line, flag, row["leader"], "leader"),
    }
    if problems.bad(line):
        return None
    note_phone(problems, line, values["phone"])
    return values


def import_cadres(ledger: Any, path: str | Path) -> ImportResult:
    return run_import(
        ledger,
        path,
        CADRE_COLUMNS,
        parse_cadre,
        lambda values: values["code"],
        store_cadres,
        "cadre",
    )


def store_cadres(ledger: Any, session: Any, parsed: list, problems: Problems, file: str) -> ImportResult:
    from bangfu_cli.storage.models import Cadre

    result = ImportResult(file)
    existing = cadre_store.by_code(session)
    for _line, values in track(parsed, "records.writing"):
        outcome, _ = upsert(
            ledger, session, Cadre, existing.get(values["code"]), values, "cadre", values["code"], flush=False
        )
        result.count(outcome)
    return result
