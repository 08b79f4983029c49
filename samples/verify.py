#!/usr/bin/env python3
"""Check the bundled sample files (stdlib only): python samples/verify.py [DIR]

Checks: exact Chinese headers and UTF-8 BOM; ID numbers pass the GB 11643-1999 check digit; no date
after 2026-11-27; unique keys; no overlapping pairings of the same kind for a household; no pairing
before the household's 纳入台账日期; every assisted household has exactly one active 结对 pairing on
2026-11-27; every visit's household and cadre exist and the cadre is the paired cadre, a contacting
leader or the village's first secretary on the visit date; income records in their collection window
(except income-late.csv) and collected by the paired cadre. Exits 1 on any problem.
"""

from __future__ import annotations

import csv
import re
import sys
from collections import defaultdict
from datetime import date
from pathlib import Path

TODAY = date(2026, 11, 27)
HEADERS = {
    "households.csv": "户编号,户主姓名,证件号码,乡镇,村,家庭人口,联系电话,是否脱贫户,监测对象类型,纳入监测日期,风险消除日期,纳入台账日期",
    "cadres.csv": "干部编号,姓名,单位,职务,联系电话,是否县级领导",
    "pairings.csv": "户编号,干部编号,类型,开始日期,结束日期,结束原因,联系牌更换日期",
    "roles.csv": "干部编号,角色,乡镇,村,开始日期,结束日期",
    "visits.csv": "户编号,干部编号,走访日期,方式,走访内容,发现问题,帮扶措施,三保障饮水",
    "income.csv": "户编号,季度,采集日期,工资性收入,生产经营性收入,生产经营性支出,转移性收入,财产性收入,不计入收入,刚性支出,采集人,备注",
    "income-late.csv": "户编号,季度,采集日期,工资性收入,生产经营性收入,生产经营性支出,转移性收入,财产性收入,不计入收入,刚性支出,采集人,备注",
}
DATE_COLS = {
    "纳入监测日期",
    "风险消除日期",
    "纳入台账日期",
    "开始日期",
    "结束日期",
    "联系牌更换日期",
    "走访日期",
    "采集日期",
}
AMOUNT_COLS = (
    "工资性收入",
    "生产经营性收入",
    "生产经营性支出",
    "转移性收入",
    "财产性收入",
    "不计入收入",
    "刚性支出",
)
W = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)

errors: list[str] = []


def err(msg: str) -> None:
    errors.append(msg)


def id_ok(n: str) -> bool:
    if not re.fullmatch(r"\d{17}[\dX]", n):
        return False
    try:
        date(int(n[6:10]), int(n[10:12]), int(n[12:14]))
    except ValueError:
        return False
    return "10X98765432"[sum(int(c) * w for c, w in zip(n[:17], W)) % 11] == n[17]


def load(folder: Path, name: str) -> list[dict]:
    raw = (folder / name).read_bytes()
    if not raw.startswith(b"\xef\xbb\xbf"):
        err(f"{name}: no UTF-8 BOM")
    text = raw.decode("utf-8-sig")
    header = text.split("\r\n", 1)[0]
    if header != HEADERS[name]:
        err(f"{name}: header {header!r}")
    rows = list(csv.DictReader(text.splitlines()))
    for i, r in enumerate(rows, start=2):
        for k, v in r.items():
            if k in DATE_COLS and v:
                try:
                    d = date.fromisoformat(v)
                except ValueError:
                    err(f"{name}:{i}: bad date {k}={v!r}")
                    continue
                if d > TODAY:
                    err(f"{name}:{i}: {k} {v} is after {TODAY}")
            if k in AMOUNT_COLS and not re.fullmatch(r"\d+\.\d\d", v):
                err(f"{name}:{i}: bad amount {k}={v!r}")
    return rows


def D(s: str) -> date | None:
    return date.fromisoformat(s) if s else None


def active(start: str, end: str, d: date) -> bool:
    return D(start) <= d and (not end or D(end) >= d)


def main() -> int:
    folder = Path(sys.argv[1]) if len(sys.argv) > 1 else Path(__file__).resolve().parent
    hh = load(folder, "households.csv")
    cadres = load(folder, "cadres.csv")
    pairs = load(folder, "pairings.csv")
    roles = load(folder, "roles.csv")
    visits = load(folder, "visits.csv")
    income = load(folder, "income.csv")
    late = load(folder, "income-late.csv")

    H = {h["户编号"]: h for h in hh}
    C = {c["干部编号"]: c for c in cadres}
    if len(H) != len(hh) or len(C) != len(cadres):
        err("duplicate 户编号 or 干部编号")
    if len({h["证件号码"] for h in hh}) != len(hh):
        err("duplicate 证件号码")
    for h in hh:
        if not re.fullmatch(r"\d{16,}", h["户编号"]):
            err(f"bad 户编号 {h['户编号']}")
        if not id_ok(h["证件号码"]):
            err(f"{h['户编号']}: ID number {h['证件号码']} fails GB 11643 check")
        if h["联系电话"] and not re.fullmatch(r"1[3589]\d{9}", h["联系电话"]):
            err(f"{h['户编号']}: phone {h['联系电话']}")
        if not 1 <= int(h["家庭人口"]) <= 7:
            err(f"{h['户编号']}: size")
        if h["是否脱贫户"] == "否" and not h["监测对象类型"]:
            err(f"{h['户编号']}: neither 脱贫户 nor 监测对象")
        if h["监测对象类型"] and not h["纳入监测日期"]:
            err(f"{h['户编号']}: monitored without date")
        if h["风险消除日期"] and D(h["风险消除日期"]) <= D(h["纳入监测日期"]):
            err(f"{h['户编号']}: eliminated before monitored")
    for c in cadres:
        if c["联系电话"] and not re.fullmatch(r"1[3589]\d{9}", c["联系电话"]):
            err(f"{c['干部编号']}: phone")

    # pairings
    by_hk = defaultdict(list)
    for p in pairs:
        if p["户编号"] not in H or p["干部编号"] not in C:
            err(f"pairing references unknown household/cadre: {p}")
            continue
        if p["结束日期"] and D(p["结束日期"]) < D(p["开始日期"]):
            err(f"pairing ends before it starts: {p}")
        if D(p["开始日期"]) < D(H[p["户编号"]]["纳入台账日期"]):
            err(f"pairing starts before the household's since: {p}")
        if p["类型"] == "领导联系" and C[p["干部编号"]]["是否县级领导"] != "是":
            err(f"leader pairing by a non-leader: {p}")
        by_hk[(p["户编号"], p["类型"])].append(p)
    for (code, kind), ps in by_hk.items():
        ps.sort(key=lambda p: p["开始日期"])
        for a, b in zip(ps, ps[1:]):
            if not a["结束日期"] or D(a["结束日期"]) >= D(b["开始日期"]):
                err(f"{code}: overlapping {kind} pairings {a['开始日期']} / {b['开始日期']}")
    for code, h in H.items():
        n = sum(1 for p in by_hk[(code, "结对")] if active(p["开始日期"], p["结束日期"], TODAY))
        if n != 1:
            err(f"{code}: {n} active 结对 pairings on {TODAY}")
        start = (
            D(h["纳入台账日期"])
            if h["是否脱贫户"] == "是"
            else max(D(h["纳入台账日期"]), D(h["纳入监测日期"]))
        )
        first = min((D(p["开始日期"]) for p in by_hk[(code, "结对")]), default=None)
        if first != start:
            err(f"{code}: first pairing {first}, assisted from {start}")
    # load per cadre on each pairing start and today
    days = {D(p["开始日期"]) for p in pairs} | {TODAY}
    worst = 0
    for d in days:
        cnt = defaultdict(int)
        for p in pairs:
            if p["类型"] == "结对" and active(p["开始日期"], p["结束日期"], d):
                cnt[p["干部编号"]] += 1
        worst = max([worst, *cnt.values()])
    if worst > 6:
        err(f"a cadre holds {worst} households at once")

    # roles
    for r in roles:
        if r["干部编号"] not in C:
            err(f"role references unknown cadre {r['干部编号']}")

    def fs_on(village: str, d: date) -> set[str]:
        return {
            r["干部编号"]
            for r in roles
            if r["角色"] == "第一书记" and r["村"] == village and active(r["开始日期"], r["结束日期"], d)
        }

    def paired_on(code: str, d: date) -> set[str]:
        return {p["干部编号"] for p in by_hk[(code, "结对")] if active(p["开始日期"], p["结束日期"], d)}

    for v in {h["村"] for h in hh}:
        fs = [r for r in roles if r["角色"] == "第一书记" and r["村"] == v]
        fs.sort(key=lambda r: r["开始日期"])
        for a, b in zip(fs, fs[1:]):
            if not a["结束日期"] or D(a["结束日期"]) >= D(b["开始日期"]):
                err(f"{v}: overlapping first secretaries")

    # visits
    keys = set()
    for i, v in enumerate(visits, start=2):
        code, cadre, d = v["户编号"], v["干部编号"], D(v["走访日期"])
        if code not in H or cadre not in C:
            err(f"visits.csv:{i}: unknown household or cadre")
            continue
        if v["方式"] not in ("入户", "电话", "网络"):
            err(f"visits.csv:{i}: mode {v['方式']}")
        key = (code, cadre, v["走访日期"], v["方式"])
        if key in keys:
            err(f"visits.csv:{i}: duplicate {key}")
        keys.add(key)
        leaders = {
            p["干部编号"] for p in by_hk[(code, "领导联系")] if active(p["开始日期"], p["结束日期"], d)
        }
        if cadre not in paired_on(code, d) | leaders | fs_on(H[code]["村"], d):
            err(f"visits.csv:{i}: {cadre} is not paired/leader/first secretary of {code} on {d}")
        if not date(2025, 1, 1) <= d <= date(2026, 11, 20):
            err(f"visits.csv:{i}: date outside 2025-01-01..2026-11-20")

    # income
    seen = set()
    for name, rows, in_window in (("income.csv", income, True), ("income-late.csv", late, False)):
        for i, r in enumerate(rows, start=2):
            code, q = r["户编号"], r["季度"]
            if code not in H:
                err(f"{name}:{i}: unknown household")
                continue
            if (code, q) in seen:
                err(f"{name}:{i}: duplicate {code} {q}")
            seen.add((code, q))
            y, n = int(q[:4]), int(q[5])
            ws = date(y, 3 * n, 25)
            we = date(y + 1, 1, 5) if n == 4 else date(y, 3 * n + 1, 5)
            d = D(r["采集日期"])
            if (ws <= d <= we) != in_window:
                err(f"{name}:{i}: {d} {'outside' if in_window else 'inside'} window {ws}..{we}")
            if r["采集人"] not in paired_on(code, d):
                err(f"{name}:{i}: collector {r['采集人']} is not the paired cadre on {d}")

    print(
        f"households {len(hh)}, cadres {len(cadres)}, pairings {len(pairs)}, roles {len(roles)}, "
        f"visits {len(visits)}, income {len(income)}+{len(late)}; max load {worst}"
    )
    for e in errors:
        print("ERROR", e)
    print("OK" if not errors else f"{len(errors)} problem(s)")
    return 1 if errors else 0


if __name__ == "__main__":
    sys.exit(main())
