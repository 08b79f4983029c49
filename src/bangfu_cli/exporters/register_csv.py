"""The register as CSV: the flat layout, UTF-8 with a BOM so that Excel and WPS open it in
Chinese, CRLF line ends as they write it. Text that a spreadsheet would evaluate is prefixed
with ``'`` so it stays text."""

from __future__ import annotations

import csv
from collections.abc import Callable, Iterable
from pathlib import Path

from bangfu_cli.exporters.common import FLAT_COLUMNS, csv_text, flat_rows
from bangfu_cli.i18n import t


def write_csv(path: Path, entries: Iterable, sel, advance: Callable[[int], None]) -> tuple[int, int]:
    """The flat register as CSV; returns (households, visits) written."""
    kinds = [c[3] for c in FLAT_COLUMNS]
    households = visits = 0
    with path.open("w", encoding="utf-8-sig", newline="") as fh:
        writer = csv.writer(fh, lineterminator="\r\n")
        writer.writerow([t(c[1]) for c in FLAT_COLUMNS])
        for e in entries:
            writer.writerows(
                [
                    "" if v is None else (csv_text(v) if k == "text" else v.isoformat() if k == "date" else v)
                    for v, k in zip(values, kinds, strict=True)
                ]
                for values in flat_rows(e)
            )
            households += 1
            visits += len(e.visits)
            advance(len(e.visits))
    return households, visits
