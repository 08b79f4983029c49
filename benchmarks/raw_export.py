"""The floor for scenario f): the visits of a township (or the whole ledger) written to an xlsx
sheet, one row per visit, with ``sqlite3`` and ``xlsxwriter`` in constant-memory mode — no
layout, no pairing history, no income: the least an xlsx register can cost.

    python benchmarks/raw_export.py LEDGER OUT.xlsx YEAR [TOWNSHIP]   → prints the number of visit rows"""

from __future__ import annotations

import sqlite3
import sys

import xlsxwriter


def main(db: str, out: str, year: str, township: str | None = None) -> int:
    con = sqlite3.connect(f"file:{db}?mode=ro", uri=True)
    sql = (
        "SELECT v2.township, v2.name, h.code, h.head_name, v.date, v.mode, v.content, v.problems, "
        "v.measures, v.guarantees, c.name FROM visit v JOIN household h ON h.id = v.household_id "
        "JOIN village v2 ON v2.id = h.village_id JOIN cadre c ON c.id = v.cadre_id "
        "WHERE v.voided = 0 AND v.date BETWEEN ? AND ?"
    )
    args: tuple = (f"{year}-01-01", f"{year}-12-31")
    if township:
        sql += " AND v2.township = ?"
        args += (township,)
    sql += " ORDER BY v2.township, v2.name, h.code, v.date"
    book = xlsxwriter.Workbook(out, {"constant_memory": True})
    sheet = book.add_worksheet("登记册")
    sheet.write_row(
        0,
        0,
        [
            "乡镇",
            "村",
            "户编号",
            "户主",
            "走访日期",
            "方式",
            "走访内容",
            "发现问题",
            "帮扶措施",
            "三保障饮水",
            "干部",
        ],
    )
    n = 0
    for n, row in enumerate(con.execute(sql, args), 1):
        sheet.write_row(n, 0, row)
    book.close()
    return n


if __name__ == "__main__":
    print(main(*sys.argv[1:5]))
