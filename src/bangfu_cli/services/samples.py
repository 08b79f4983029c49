"""Where the bundled sample township is: ``bangfu_cli/samples`` in an installed wheel, or the
repository's ``samples/`` in a source checkout."""

from __future__ import annotations

from pathlib import Path
from typing import Any

SAMPLE_FILES = (
    "cadres.csv",
    "households.csv",
    "roles.csv",
    "pairings.csv",
    "visits.csv",
    "income.csv",
    "income-late.csv",
)


def samples_dir() -> Path:
    packaged = Path(__file__).resolve().parent.parent / "samples"
    if (packaged / "households.csv").exists():
        return packaged
    source = Path(__file__).resolve().parents[3] / "samples"
    if (source / "households.csv").exists():
        return source
    raise FileNotFoundError("bangfu's sample files are missing from this installation")


def load_samples(ledger: Any) -> list[str]:
    """Import the samples in dependency order; one line per file saying what happened.
    ``income-late.csv`` holds two records collected after their window, accepted as late."""
    from bangfu_cli.i18n import t
    from bangfu_cli.services import imports
    from bangfu_cli.services.income import import_income
    from bangfu_cli.services.visits import import_visits

    folder = samples_dir()
    lines = []
    for name, func in (
        ("cadres.csv", imports.import_cadres),
        ("households.csv", imports.import_households),
        ("roles.csv", imports.import_roles),
        ("pairings.csv", imports.import_pairings),
        ("visits.csv", import_visits),
    ):
        lines.append(func(ledger, folder / name).message())
    for name, late in (("income.csv", None), ("income-late.csv", t("demo.late_reason"))):
        counts = import_income(ledger, folder / name, late=late)
        lines.append(t("import.done", file=str(folder / name), **counts))
    return lines
