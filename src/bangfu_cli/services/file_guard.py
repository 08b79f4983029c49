"""Import files that would hurt: a workbook that inflates to gigabytes (refused from its zip
directory, before anything is decompressed), a CSV cut off inside a quoted field, and a formula
cell (its value is whatever Excel last computed, or nothing; the clerk is asked to paste values)."""

from __future__ import annotations

import csv
import io
from pathlib import Path
from typing import Any

from bangfu_cli.domain.errors import BangfuError

# A county's whole register as xlsx is ~100 MB unpacked; ten times that is no import file.
MAX_UNPACKED = 1_000_000_000
# Spreadsheet XML packs ~10-20 : 1; a member that packs far better is made to blow up.
MAX_RATIO = 200
_RATIO_FLOOR = 10_000_000  # small members may pack as well as they like


def check_xlsx_size(path: Path) -> None:
    """Refuse an .xlsx whose members declare more than MAX_UNPACKED bytes, or one that packs
    more than MAX_RATIO : 1, from the zip's directory alone (nothing is decompressed)."""
    import zipfile

    try:
        with zipfile.ZipFile(path) as archive:
            infos = archive.infolist()
    except (zipfile.BadZipFile, OSError, ValueError):
        return  # openpyxl says what is wrong with it
    total = sum(info.file_size for info in infos)
    worst = max(
        (info.file_size / max(info.compress_size, 1) for info in infos if info.file_size > _RATIO_FLOOR),
        default=0,
    )
    if total > MAX_UNPACKED or worst > MAX_RATIO:
        raise BangfuError(
            "import.too_large", file=str(path), size=total // 1_000_000, limit=MAX_UNPACKED // 1_000_000
        )


def refuse_formula(path: Path, cell: Any) -> Any:
    """The cell's value; a formula cell is refused, naming it."""
    if getattr(cell, "data_type", None) == "f":
        raise BangfuError("import.formula", file=str(path), cell=cell.coordinate)
    return getattr(cell, "value", None)


def check_csv_end(shown: str, text: str, started: int, delimiter: str) -> None:
    """Refuse a CSV whose last record opens a quoted field that never closes (a cut-off file),
    naming the line where that record began. Only the last record is parsed again."""
    tail = "".join(text.splitlines(keepends=True)[started - 1 :])
    if '"' not in tail:
        return
    try:
        for _ in csv.reader(io.StringIO(tail, newline=""), delimiter=delimiter, strict=True):
            pass
    except csv.Error as exc:
        if "end of data" in str(exc):
            raise BangfuError("import.cut_off", file=shown, line=started) from exc
