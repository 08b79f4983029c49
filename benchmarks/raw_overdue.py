"""The floor for scenario c): township T's XF1/XF2 overdue and due households, straight from
SQLite with the standard library (no bangfu, no SQLAlchemy), as a hand-written report would.

    python benchmarks/raw_overdue.py LEDGER TOWNSHIP AS_OF     → a JSON array on stdout

Same question as ``bangfu overdue --township T --rule XF1/XF2 --format json``: for every quarter
ending on or after AS_OF minus one year and starting on or before AS_OF, every household of T in
the ledger for the whole quarter whose status on the quarter's first day is 监测对象 (XF1) or
脱贫户 but not monitored (XF2), with no non-voided home visit in the quarter by a cadre paired
with it on the visit's date: ``overdue`` when the quarter has ended, else ``due``."""

from __future__ import annotations

import json
import sqlite3
import sys
from datetime import date, timedelta


def quarters(as_of: date) -> list[tuple[str, date, date]]:
    since = as_of.replace(year=as_of.year - 1)
    out = []
    y, q = since.year, (since.month - 1) // 3 + 1
    while True:
        start = date(y, 3 * q - 2, 1)
        end = (date(y + 1, 1, 1) if q == 4 else date(y, 3 * q + 1, 1)) - timedelta(days=1)
        if start > as_of:
            return out
        if end >= since:
            out.append((f"{y}Q{q}", start, end))
        y, q = (y + 1, 1) if q == 4 else (y, q + 1)


def main(db: str, township: str, as_of_text: str) -> list[dict]:
    as_of = date.fromisoformat(as_of_text)
    qs = quarters(as_of)
    con = sqlite3.connect(f"file:{db}?mode=ro", uri=True)
    households = con.execute(
        "SELECT h.id, h.code, h.head_name, v.name, h.since, h.closed_on FROM household h "
        "JOIN village v ON v.id = h.village_id WHERE v.township = ?",
        (township,),
    ).fetchall()
    ids = [h[0] for h in households]
    # CROSS JOIN keeps the selection as the outer loop: without ANALYZE statistics SQLite would
    # otherwise walk the whole visit table by date.
    con.execute("CREATE TEMP TABLE sel (id INTEGER PRIMARY KEY)")
    con.executemany("INSERT INTO sel VALUES (?)", [(i,) for i in ids])
    status: dict[int, list[tuple[str, int, str | None]]] = {}
    for hid, eff, tuopin, mtype in con.execute(
        "SELECT s.household_id, s.effective_on, s.tuopin, s.monitor_type FROM sel "
        "CROSS JOIN household_status s ON s.household_id = sel.id ORDER BY s.household_id, s.effective_on"
    ):
        status.setdefault(hid, []).append((eff, tuopin, mtype))
    pairs: dict[int, list[tuple[str, str, str]]] = {}
    for hid, cadre, code, start, end in con.execute(
        'SELECT p.household_id, p.cadre_id, c.code, p.start, p."end" FROM sel '
        "CROSS JOIN pairing p ON p.household_id = sel.id JOIN cadre c ON c.id = p.cadre_id "
        "WHERE p.kind = 'pair' ORDER BY p.household_id, p.start"
    ):
        pairs.setdefault(hid, []).append((cadre, code, start, end))
    first, last = qs[0][1].isoformat(), qs[-1][2].isoformat()
    done: dict[tuple[int, str], int] = {}
    # last_visit (CONTRACT.md): the latest home visit by anyone before the as-of date
    last_visit: dict[int, str] = dict(
        con.execute(
            "SELECT v.household_id, max(v.date) FROM sel CROSS JOIN visit v ON v.household_id = sel.id "
            "WHERE v.voided = 0 AND v.mode = 'home' AND v.date <= ? GROUP BY v.household_id",
            (as_of.isoformat(),),
        )
    )
    for hid, day in con.execute(
        "SELECT v.household_id, v.date FROM sel CROSS JOIN visit v ON v.household_id = sel.id "
        "JOIN pairing p ON p.household_id = v.household_id AND p.cadre_id = v.cadre_id AND p.kind = 'pair' "
        'AND p.start <= v.date AND (p."end" IS NULL OR v.date <= p."end") '
        "WHERE v.voided = 0 AND v.mode = 'home' AND v.date <= ?",
        (as_of.isoformat(),),
    ):
        if first <= day <= last:
            y, m = int(day[:4]), int(day[5:7])
            key = (hid, f"{y}Q{(m - 1) // 3 + 1}")
            done[key] = done.get(key, 0) + 1
    out = []
    today = as_of.isoformat()
    for hid, code, head, village, since, closed in households:
        rows = status.get(hid, [])
        for label, start, end in qs:
            s, e = start.isoformat(), end.isoformat()
            if since > s or (closed is not None and closed < e):
                continue
            current = None
            for eff, tuopin, mtype in rows:
                if eff <= s:
                    current = (tuopin, mtype)
            if current is None:
                continue
            rule = "XF1" if current[1] else ("XF2" if current[0] else None)
            if rule is None or done.get((hid, label), 0) >= 1:
                continue
            cadre = next(
                (c for _i, c, ps, pe in pairs.get(hid, []) if ps <= today and (pe is None or today <= pe)),
                None,
            )
            item = {
                "rule": rule,
                "status": "overdue" if e < today else "due",
                "township": township,
                "village": village,
                "household": code,
                "head_name": head,
                "cadre": cadre,
                "period": label,
                "period_start": s,
                "period_end": e,
                "required": 1,
                "done": 0,
                "last_visit": last_visit.get(hid),
            }
            if e < today:
                item["days_overdue"] = (as_of - end).days
            else:
                item["days_left"] = (end - as_of).days
            out.append(item)
    return out


if __name__ == "__main__":
    json.dump(main(*sys.argv[1:4]), sys.stdout, ensure_ascii=False)
