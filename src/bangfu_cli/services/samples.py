"""``bangfu demo``'s two ledgers: the bundled sample township (``bangfu_cli/samples`` in an
installed wheel, or the repository's ``samples/`` in a source checkout), imported file by file;
and a synthetic county (``--households N``), made by ``bangfu_cli.generator`` and written by
``storage.fill``."""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import date
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
    *("units.csv", "activities.csv", "trainings.csv", "partner.csv", "contributions.csv"),
)


def samples_dir() -> Path:
    packaged = Path(__file__).resolve().parent.parent / "samples"
    if (packaged / "households.csv").exists():
        return packaged
    source = Path(__file__).resolve().parents[3] / "samples"
    if (source / "households.csv").exists():
        return source
    raise FileNotFoundError("bangfu's sample files are missing from this installation")


def load_samples(ledger: Any, late_reason: str) -> list[Any]:
    """Import the samples in dependency order; per file, what happened (an ``ImportResult``:
    its counts and the rows accepted with a warning). ``income-late.csv``
    holds two records collected after their window, accepted as late for ``late_reason``."""
    from bangfu_cli.services import imports
    from bangfu_cli.services.income import import_income
    from bangfu_cli.services.visit_import import import_visits

    folder = samples_dir()
    done = []
    for name, func in (
        ("cadres.csv", imports.import_cadres),
        ("households.csv", imports.import_households),
        ("roles.csv", imports.import_roles),
        ("pairings.csv", imports.import_pairings),
        ("visits.csv", import_visits),
    ):
        done.append(func(ledger, folder / name))
    for name, late in (("income.csv", None), ("income-late.csv", late_reason)):
        done.append(import_income(ledger, folder / name, late=late))
    from bangfu_cli.services.samples_assistance import load_assistance_samples

    return done + list(load_assistance_samples(ledger, folder))


def generate_county(
    ledger: Any,
    households: int,
    years: int = 2,
    seed: int = 1,
    *,
    end: date | None = None,
    progress: Callable[[str, int], None] | None = None,
    fast: bool = True,
) -> dict[str, Any]:
    """Fill an empty ledger with a synthetic county in one write transaction; return what was
    made (counts and the span), which is also the import's audit note.

    ``end`` defaults to ``generator.default_end(ledger.today)``. ``progress(table, rows_so_far)``
    is called as rows go in. ``fast=False`` writes every table through SQLAlchemy Core only."""
    from bangfu_cli.domain.errors import BangfuError

    try:
        from bangfu_cli import generator
    except ImportError:  # an installation without the generator
        raise BangfuError("demo.no_synthetic") from None
    from bangfu_cli.storage import fill

    end = end or generator.default_end(ledger.today)
    county = generator.plan_county(households, years, seed, end, ledger.today, ledger.operator)
    with ledger.write_core() as conn:
        if not fill.is_empty(conn):
            raise BangfuError("synthetic.not_empty", path=ledger.display)
        with fill.bulk_fill(conn, fast=fast, progress=progress) as filler:
            counts = {key: filler.write(table, rows) for key, table, rows in county.streams()}
        summary = county.summary(counts)
        ledger.audit(conn, "import", "demo", key=f"seed {seed}", changes=json.dumps(summary, sort_keys=True))
    # units, their activities, trainings, the partner county and contributions, over the same
    # span (a transaction of their own, audited as such)
    from bangfu_cli.services.synthetic_assistance import generate_assistance

    summary["assistance"] = generate_assistance(ledger, start=county.start, end=county.end, seed=seed)
    return summary
