"""The conflict report of ``merge --report FILE``: one row per record changed differently on both
sides, with both versions, who changed each and when. CSV (UTF-8 with a BOM and CRLF line ends,
so Excel and WPS open it; headers in the interface language, text that a spreadsheet would
evaluate prefixed with ``'``) or JSON, by the file's extension."""

from __future__ import annotations

import csv
import json
from pathlib import Path

from bangfu_cli.exporters.common import csv_text
from bangfu_cli.i18n import t

COLUMNS = (
    "kind",
    "key",
    "fields",
    "ours",
    "theirs",
    "ours_by",
    "ours_at",
    "theirs_by",
    "theirs_at",
    "source",
)


def write_report(path: Path, rows: list[dict], fmt: str) -> None:
    if fmt == "json":
        path.write_text(json.dumps(rows, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
        return
    with path.open("w", encoding="utf-8-sig", newline="") as fh:
        writer = csv.writer(fh, lineterminator="\r\n")
        writer.writerow([t(f"exchange.col.{key}") for key in COLUMNS])
        for row in rows:
            writer.writerow(
                [
                    t(f"exchange.kind.{row[k]}")
                    if k == "kind"
                    else csv_text("" if row[k] is None else str(row[k]))
                    for k in COLUMNS
                ]
            )
