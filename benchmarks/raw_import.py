"""The floor for scenario e): the visit CSV into the ledger with the standard library only —
``csv`` to read it, codes mapped to ids, one ``sqlite3.executemany`` in one transaction.

    python benchmarks/raw_import.py LEDGER FILE      → prints the number of rows written

No validation beyond the code look-ups: this is what the import costs without bangfu."""

from __future__ import annotations

import csv
import sqlite3
import sys
import uuid
from datetime import UTC, datetime

MODES = {
    "入户": "home",
    "电话": "phone",
    "网络": "online",
    "home": "home",
    "phone": "phone",
    "online": "online",
}


def main(db: str, path: str) -> int:
    con = sqlite3.connect(db, isolation_level=None)
    con.execute("PRAGMA foreign_keys=ON")
    households = dict(con.execute("SELECT code, id FROM household"))
    cadres = dict(con.execute("SELECT code, id FROM cadre"))
    now = datetime.now(UTC).strftime("%Y-%m-%d %H:%M:%S.%f")
    rows = []
    with open(path, encoding="utf-8-sig", newline="") as fh:
        for r in csv.DictReader(fh):
            rows.append(
                (
                    str(uuid.uuid4()), now, "bench", households[r["户编号"]], cadres[r["干部编号"]],
                    r["走访日期"],
                    MODES[r["方式"]], r["走访内容"] or None, r["发现问题"] or None, r["帮扶措施"] or None,
                    r["三保障饮水"] or None,
                )
            )  # fmt: skip
    con.execute("BEGIN IMMEDIATE")
    con.executemany(
        "INSERT INTO visit (uuid, recorded_at, recorded_by, household_id, cadre_id, date, mode, content, "
        "problems, measures, guarantees, voided) VALUES (?,?,?,?,?,?,?,?,?,?,?,0)",
        rows,
    )
    con.execute("COMMIT")
    return len(rows)


if __name__ == "__main__":
    print(main(sys.argv[1], sys.argv[2]))
