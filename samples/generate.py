#!/usr/bin/env python3
"""Generate the bundled sample township of bangfu: 信丰县大塘埠镇 (Xinfeng county, Ganzhou, Jiangxi).

Deterministic (random.Random(2023)), standard library only. Run from anywhere:

    python samples/generate.py            # writes the CSV files and README.md next to this script
    python samples/generate.py --out DIR  # writes them into DIR instead

Files written (UTF-8 with BOM, CRLF, Chinese headers exactly as in CONTRACT.md "Imports"):

    households.csv  cadres.csv  pairings.csv  roles.csv  visits.csv  income.csv
    income-late.csv   (two records collected outside the window: import with --late REASON)
    README.md         (what the township contains and its deliberate irregularities)

The data is fictitious. Names, ID numbers and phone numbers are made up; ID numbers are valid
under GB 11643-1999 (region 360722 = 信丰县) so that validation can be exercised, but belong to
nobody known to the authors.
"""

from __future__ import annotations

import argparse
import csv
import math
import random
from collections import defaultdict
from datetime import date, timedelta
from pathlib import Path

TODAY = date(2026, 11, 27)
VISITS_FROM = date(2025, 1, 1)
VISITS_TO = date(2026, 11, 20)
TOWNSHIP = "大塘埠镇"
COUNTY = "信丰县"
REGION = "360722"
TOWNSHIP_CODE = "360722103"  # 12-digit village code = township code + 3 digits

rng = random.Random(2023)

# ---------------------------------------------------------------------------------------------
# calendar
# ---------------------------------------------------------------------------------------------


def _span(a: str, b: str) -> set[date]:
    d0, d1 = date.fromisoformat(a), date.fromisoformat(b)
    return {d0 + timedelta(days=i) for i in range((d1 - d0).days + 1)}


# Official public holidays (国务院办公厅通知) for 2025 and 2026; only used to make most generated
# visits fall on working days. Weekend days worked in exchange (调休) are treated as working days.
HOLIDAYS = set().union(
    _span("2025-01-01", "2025-01-01"),
    _span("2025-01-28", "2025-02-04"),
    _span("2025-04-04", "2025-04-06"),
    _span("2025-05-01", "2025-05-05"),
    _span("2025-05-31", "2025-06-02"),
    _span("2025-10-01", "2025-10-08"),
    _span("2026-01-01", "2026-01-03"),
    _span("2026-02-15", "2026-02-23"),
    _span("2026-04-04", "2026-04-06"),
    _span("2026-05-01", "2026-05-05"),
    _span("2026-06-19", "2026-06-21"),
    _span("2026-09-25", "2026-09-27"),
    _span("2026-10-01", "2026-10-07"),
)
WORKED_WEEKENDS = {
    date.fromisoformat(s)
    for s in (
        "2025-01-26",
        "2025-02-08",
        "2025-04-27",
        "2025-09-28",
        "2025-10-11",
        "2026-01-04",
        "2026-02-14",
        "2026-02-28",
        "2026-05-09",
        "2026-09-20",
        "2026-10-10",
    )
}


def is_workday(d: date) -> bool:
    if d in WORKED_WEEKENDS:
        return True
    return d.weekday() < 5 and d not in HOLIDAYS


def pick_date(lo: date, hi: date, workday_p: float = 0.93) -> date:
    """A random day in [lo, hi]; a working day with probability workday_p when there is one."""
    days = [lo + timedelta(days=i) for i in range((hi - lo).days + 1)]
    work = [d for d in days if is_workday(d)]
    if work and rng.random() < workday_p:
        return rng.choice(work)
    return rng.choice(days)


def quarter_bounds(y: int, q: int) -> tuple[date, date]:
    start = date(y, 3 * q - 2, 1)
    end = date(y + 1, 1, 1) - timedelta(days=1) if q == 4 else date(y, 3 * q + 1, 1) - timedelta(days=1)
    return start, end


def month_bounds(y: int, m: int) -> tuple[date, date]:
    start = date(y, m, 1)
    end = date(y + 1, 1, 1) - timedelta(days=1) if m == 12 else date(y, m + 1, 1) - timedelta(days=1)
    return start, end


def income_window(y: int, q: int) -> tuple[date, date]:
    start = date(y, 3 * q, 25)
    end = date(y + 1, 1, 5) if q == 4 else date(y, 3 * q + 1, 5)
    return start, end


QUARTERS = [(2025, 1), (2025, 2), (2025, 3), (2025, 4), (2026, 1), (2026, 2), (2026, 3), (2026, 4)]
INCOME_QUARTERS = QUARTERS[:-1]  # 2025Q1 .. 2026Q3
MONTHS = [(2025, m) for m in range(1, 13)] + [(2026, m) for m in range(1, 12)]


def D(s: str) -> date:
    return date.fromisoformat(s)


# ---------------------------------------------------------------------------------------------
# people
# ---------------------------------------------------------------------------------------------

SURNAMES = (
    "刘 曾 钟 谢 黄 李 王 陈 郭 赖 肖 张 罗 邱 朱 廖 胡 温 袁 叶 邓 林 彭 吴 何 杨 徐 卢 池 "
    "蓝 古 卜 甘 幸 邹 魏"
).split()
MALE_1 = "春 发 明 林 华 生 荣 祥 福 贵 文 国 建 平 金 水 德 胜 根 清 光 辉 志 海 新 远 长 永 洪 财 旺 兴 昌 运 桂 火 石 俊 冬".split()
MALE_2 = "生 发 华 明 林 平 根 荣 祥 福 贵 才 元 富 泉 山 忠 亮 强 勇 军 辉 斌 峰 龙 保 全 成 有 庆 坤 彪 秋 松 树 云".split()
FEMALE_1 = "秀 桂 凤 玉 春 冬 金 银 月 爱 美 小 菊 招 满 细 梅 丽".split()
FEMALE_2 = "英 兰 梅 珍 凤 娟 芳 莲 香 花 娣 妹 连 秀 华 琴 萍 红".split()

_used_names: set[str] = set()


def person_name(surname: str, female: bool) -> str:
    while True:
        if rng.random() < 0.12:
            given = rng.choice(FEMALE_2 if female else MALE_2)
        elif female:
            given = rng.choice(FEMALE_1) + rng.choice(FEMALE_2)
        else:
            given = rng.choice(MALE_1) + rng.choice(MALE_2)
        if given[0] == given[-1] and len(given) == 2:
            continue
        name = surname + given
        if name not in _used_names:
            _used_names.add(name)
            return name


ID_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
ID_CHECK = "10X98765432"


def id_check_digit(first17: str) -> str:
    return ID_CHECK[sum(int(c) * w for c, w in zip(first17, ID_WEIGHTS)) % 11]


_used_ids: set[str] = set()


def id_number(birth: date, female: bool) -> str:
    while True:
        seq = rng.randrange(0, 100) * 10 + rng.choice((0, 2, 4, 6, 8) if female else (1, 3, 5, 7, 9))
        body = f"{REGION}{birth:%Y%m%d}{seq:03d}"
        n = body + id_check_digit(body)
        if n not in _used_ids:
            _used_ids.add(n)
            return n


PHONE_PREFIXES = (
    "130 131 132 133 135 136 137 138 139 150 151 152 155 157 158 159 "
    "180 181 182 183 187 188 189 191 193 195 198 199"
).split()
_used_phones: set[str] = set()


def phone() -> str:
    while True:
        p = rng.choice(PHONE_PREFIXES) + f"{rng.randrange(0, 10**8):08d}"
        if p not in _used_phones:
            _used_phones.add(p)
            return p


def birth_date(lo_year: int, hi_year: int) -> date:
    d0 = date(lo_year, 1, 1)
    d1 = date(hi_year, 12, 31)
    return d0 + timedelta(days=rng.randrange((d1 - d0).days + 1))


# ---------------------------------------------------------------------------------------------
# villages and units
# ---------------------------------------------------------------------------------------------

# name, 3-digit village code, dominant clan surname, number of households (before new ones),
# the county unit that is its 定点帮扶单位
VILLAGES = [
    ("大塘埠村", "201", "刘", 27, "信丰县农业农村局"),
    ("三江村", "202", "曾", 25, "信丰县财政局"),
    ("龙井村", "203", "钟", 21, "信丰县教育科技体育局"),
    ("坪石村", "204", "谢", 21, "信丰县卫生健康委员会"),
    ("长岗村", "205", "郭", 26, "信丰县人力资源和社会保障局"),
    ("蓝田村", "206", "黄", 19, "信丰县自然资源局"),
    ("新圳村", "207", "赖", 24, "信丰县水利局"),
    ("石背村", "208", "邱", 20, "信丰县民政局"),
]
NO_FS_VILLAGE = "石背村"  # deliberately has no 第一书记
FS_CHANGE_VILLAGE = "三江村"  # first secretary replaced mid-2025
FS_CHANGE_ON = D("2025-07-14")
RETIRE_VILLAGE, RETIRE_ON = "大塘埠村", D("2025-04-01")
ADJUST_VILLAGE, ADJUST_ON = "长岗村", D("2025-09-15")

TOWN_UNITS = [
    (f"{TOWNSHIP}人民政府", ["科员", "科员", "一级科员", "四级主任科员"]),
    (f"{TOWNSHIP}中心小学", ["教师", "教师"]),
    (f"{TOWNSHIP}卫生院", ["医生", "护士"]),
]
# senior posts exist once each; drawn before the ordinary ones
TOWN_SENIOR = {
    f"{TOWNSHIP}人民政府": [
        "镇党委委员、副镇长",
        "镇人大副主席",
        "组织委员",
        "乡村振兴工作站站长",
        "镇党委委员、武装部长",
    ],
    f"{TOWNSHIP}中心小学": ["教导主任"],
    f"{TOWNSHIP}卫生院": ["副院长"],
}


def town_position(unit: str, ordinary: list[str]) -> str:
    if TOWN_SENIOR[unit] and rng.random() < 0.5:
        return TOWN_SENIOR[unit].pop(0)
    return rng.choice(ordinary)


COUNTY_POSITIONS = [
    "科员",
    "科员",
    "四级主任科员",
    "一级科员",
    "股长",
    "副局长",
    "办公室主任",
    "二级主任科员",
]

# ---------------------------------------------------------------------------------------------
# build cadres
# ---------------------------------------------------------------------------------------------

cadres: list[dict] = []
_cadre_seq = 0


def new_cadre(unit: str, position: str, leader: bool = False, female: bool | None = None) -> dict:
    global _cadre_seq
    _cadre_seq += 1
    if female is None:
        female = rng.random() < 0.3
    c = {
        "code": f"XF-GB-{_cadre_seq:03d}",
        "name": person_name(rng.choice(SURNAMES), female),
        "unit": unit,
        "position": position,
        "phone": phone(),
        "leader": leader,
    }
    cadres.append(c)
    return c


LEADERS = [
    new_cadre("中共信丰县委", "县委副书记", leader=True, female=False),
    new_cadre("信丰县人民政府", "副县长", leader=True, female=True),
    new_cadre("信丰县人大常委会", "副主任", leader=True, female=False),
]

village_cadres: dict[str, list[dict]] = {}  # pairing cadres of each village at the start
first_secretary: dict[str, dict] = {}
team_members: dict[str, list[dict]] = {}
for vname, vcode, clan, n, unit in VILLAGES:
    k = math.ceil((n + 2) / 5.5)
    cs = []
    if vname != NO_FS_VILLAGE:
        fs = new_cadre(unit, rng.choice(["四级主任科员", "副局长", "股长", "二级主任科员"]))
        first_secretary[vname] = fs
        cs.append(fs)
    tm = new_cadre(unit, rng.choice(["科员", "一级科员"]))
    team_members[vname] = [tm]
    cs.append(tm)
    while len(cs) < k:
        r = rng.random()
        if r < 0.55:
            cs.append(new_cadre(unit, rng.choice(COUNTY_POSITIONS)))
        else:
            tu, tps = TOWN_UNITS[0] if r < 0.85 else rng.choice(TOWN_UNITS[1:])
            cs.append(new_cadre(tu, town_position(tu, tps)))
    # a second team member (township cadre) in about half of the villages
    if rng.random() < 0.5:
        extra = next((c for c in cs if c["unit"] == TOWN_UNITS[0][0] and c not in team_members[vname]), None)
        if extra:
            team_members[vname].append(extra)
    village_cadres[vname] = cs

# cadres who join in 2025
NEW_FS = new_cadre(dict((v[0], v[4]) for v in VILLAGES)[FS_CHANGE_VILLAGE], "二级主任科员", female=False)
NEW_TOWN_CADRE = new_cadre(TOWN_UNITS[0][0], "科员", female=True)

# ---------------------------------------------------------------------------------------------
# build households
# ---------------------------------------------------------------------------------------------

# Monitored households: (type, tuopin, monitored_on, eliminated_on, since or None, note).
# since None = the default (2021-01-01 for 脱贫户, the monitored date for other households).
MON = [
    # 脱贫不稳定户 (always 脱贫户)
    ("脱贫不稳定户", True, "2021-07-16", "2022-12-20", None),
    ("脱贫不稳定户", True, "2021-11-09", "2023-06-26", None),
    ("脱贫不稳定户", True, "2022-05-17", "2023-12-18", None),
    ("脱贫不稳定户", True, "2022-08-23", "2024-06-17", None),
    ("脱贫不稳定户", True, "2023-03-14", "2024-09-23", None),
    ("脱贫不稳定户", True, "2023-06-12", "2024-12-16", None),
    ("脱贫不稳定户", True, "2022-10-18", None, None),
    ("脱贫不稳定户", True, "2023-09-19", None, None),
    ("脱贫不稳定户", True, "2024-04-15", None, None),
    ("脱贫不稳定户", True, "2025-05-10", None, None),  # monitored during 2025
    ("脱贫不稳定户", True, "2025-08-14", None, None),  # monitored during 2025
    ("脱贫不稳定户", True, "2024-03-18", "2025-06-18", None),  # eliminated mid-2025
    ("脱贫不稳定户", True, "2024-07-22", "2025-08-15", None),  # eliminated mid-2025
    ("脱贫不稳定户", True, "2026-04-16", None, None),  # monitored during 2026
    # 边缘易致贫户 (not 脱贫户)
    ("边缘易致贫户", False, "2021-06-21", "2023-06-19", None),
    ("边缘易致贫户", False, "2021-09-13", "2023-12-15", None),
    ("边缘易致贫户", False, "2022-04-19", "2024-06-20", None),
    ("边缘易致贫户", False, "2023-02-20", "2024-12-18", None),
    ("边缘易致贫户", False, "2022-09-15", None, None),
    ("边缘易致贫户", False, "2023-10-17", None, None),
    ("边缘易致贫户", False, "2024-05-13", None, None),
    ("边缘易致贫户", False, "2024-08-19", None, None),
    ("边缘易致贫户", False, "2025-03-12", None, None),  # monitored during 2025
    ("边缘易致贫户", False, "2025-09-17", None, "2024-12-10"),  # recorded before it was identified
    ("边缘易致贫户", False, "2024-02-26", "2025-06-16", None),  # eliminated mid-2025
    ("边缘易致贫户", False, "2024-06-11", "2025-07-10", None),  # eliminated mid-2025
    # 突发严重困难户 (not 脱贫户)
    ("突发严重困难户", False, "2022-07-12", "2024-03-19", None),
    ("突发严重困难户", False, "2023-05-16", "2024-11-19", None),
    ("突发严重困难户", False, "2024-10-15", None, None),
    ("突发严重困难户", False, "2025-05-10", None, None),  # monitored during 2025 (大病)
    ("突发严重困难户", False, "2025-10-21", None, None),  # monitored during 2025 (火灾)
    ("突发严重困难户", False, "2026-03-12", None, None),  # monitored during 2026
]

SIZE_WEIGHTS = [(1, 7), (2, 17), (3, 20), (4, 25), (5, 17), (6, 9), (7, 5)]


def pick_size() -> int:
    r = rng.uniform(0, sum(w for _, w in SIZE_WEIGHTS))
    for s, w in SIZE_WEIGHTS:
        r -= w
        if r <= 0:
            return s
    return 4


specs: list[dict] = []
# spread the monitored households over the villages
vnames = [v[0] for v in VILLAGES]
mon_villages = [vnames[i % len(vnames)] for i in range(len(MON))]
rng.shuffle(mon_villages)
for (mtype, tp, mon_on, elim_on, since), v in zip(MON, mon_villages):
    specs.append(
        {
            "village": v,
            "tuopin": tp,
            "monitor_type": mtype,
            "monitored_on": D(mon_on),
            "eliminated_on": D(elim_on) if elim_on else None,
            "since": D(since) if since else (D("2021-01-01") if tp else D(mon_on)),
        }
    )
mon_count = defaultdict(int)
for s in specs:
    if s["tuopin"]:
        mon_count[s["village"]] += 1
for vname, vcode, clan, n, unit in VILLAGES:
    for _ in range(n - mon_count[vname]):
        r = rng.random()
        since = (
            D("2021-01-01") if r < 0.93 else rng.choice([D("2021-06-30"), D("2022-04-18"), D("2023-03-20")])
        )
        specs.append(
            {
                "village": vname,
                "tuopin": True,
                "monitor_type": None,
                "monitored_on": None,
                "eliminated_on": None,
                "since": since,
            }
        )

# order inside a village: households entered earlier get lower numbers
households: list[dict] = []
by_village = defaultdict(list)
for s in specs:
    by_village[s["village"]].append(s)
for vname, vcode, clan, n, unit in VILLAGES:
    hs = by_village[vname]
    rng.shuffle(hs)
    hs.sort(key=lambda s: s["since"])
    seq = 0
    for s in hs:
        seq += rng.choice((1, 1, 1, 2, 3))  # gaps: codes of households that left the rolls long ago
        size = pick_size()
        female = rng.random() < (0.45 if size <= 2 else 0.12)
        surname = clan if rng.random() < 0.5 else rng.choice(SURNAMES)
        if size <= 2:
            born = birth_date(1936, 1960)
        else:
            born = birth_date(1955, 1992)
        s.update(
            {
                "code": f"{TOWNSHIP_CODE}{vcode}{seq:04d}",
                "head_name": person_name(surname, female),
                "id_number": id_number(born, female),
                "born": born,
                "size": size,
                "phone": phone(),
                "township": TOWNSHIP,
            }
        )
        households.append(s)
HH = {h["code"]: h for h in households}

# a few elderly households without a phone
for h in rng.sample([h for h in households if h["size"] <= 2 and h["born"].year < 1950], 5):
    h["phone"] = ""


def assisted_from(h: dict) -> date:
    """First day the household is an assisted household (脱贫户, or from its 纳入监测日期)."""
    if h["tuopin"]:
        return h["since"]
    return max(h["since"], h["monitored_on"])


def monitored_on_day(h: dict, d: date) -> bool:
    return h["monitored_on"] is not None and h["monitored_on"] <= d


# ---------------------------------------------------------------------------------------------
# pairings
# ---------------------------------------------------------------------------------------------

pairings: list[dict] = []  # household, cadre, kind, start, end, end_reason, plaque_on
active_pair: dict[str, dict] = {}


def load(cadre: dict, day: date) -> int:
    return sum(
        1
        for p in pairings
        if p["cadre"] == cadre["code"]
        and p["kind"] == "结对"
        and p["start"] <= day
        and (p["end"] is None or p["end"] >= day)
    )


def add_pair(h: dict, c: dict, start: date, plaque: date | None) -> dict:
    p = {
        "household": h["code"],
        "cadre": c["code"],
        "kind": "结对",
        "start": start,
        "end": None,
        "end_reason": "",
        "plaque_on": plaque,
    }
    pairings.append(p)
    active_pair[h["code"]] = p
    return p


retiree = village_cadres[RETIRE_VILLAGE][-1]
adjusted = village_cadres[ADJUST_VILLAGE][-2]
old_fs = first_secretary[FS_CHANGE_VILLAGE]
departing_quota = {old_fs["code"]: 4, retiree["code"]: 2, adjusted["code"]: 2}

early = sorted(
    (h for h in households if assisted_from(h) < D("2025-01-01")), key=lambda h: (assisted_from(h), h["code"])
)
late = sorted(
    (h for h in households if assisted_from(h) >= D("2025-01-01")),
    key=lambda h: (assisted_from(h), h["code"]),
)

for vname in vnames:
    vh = [h for h in early if h["village"] == vname]
    cs = village_cadres[vname]
    # the departing cadres get exactly their quota among households assisted since 2021
    pool = [h for h in vh if assisted_from(h) == D("2021-01-01") and not h["monitor_type"]]
    rng.shuffle(pool)
    taken = set()
    for c in cs:
        q = departing_quota.get(c["code"], 0)
        for h in pool[:q]:
            add_pair(h, c, assisted_from(h), None)
            taken.add(h["code"])
        pool = pool[q:]
    others = [c for c in cs if c["code"] not in departing_quota]
    for h in vh:
        if h["code"] in taken:
            continue
        start = assisted_from(h)
        c = min(others, key=lambda c: (load(c, start), rng.random()))
        plaque = start + timedelta(days=rng.randrange(2, 6)) if start > D("2021-01-01") else None
        add_pair(h, c, start, plaque)

# events of 2025-2026 in date order: transfers and newly assisted households
transfer_log: list[dict] = []
late_plaque: list[str] = []
empty_plaque: list[str] = []


def transfer(h_code: str, to: dict, on: date, reason: str, plaque: date | None) -> None:
    old = active_pair[h_code]
    old["end"] = on - timedelta(days=1)
    old["end_reason"] = reason
    add_pair(HH[h_code], to, on, plaque)
    transfer_log.append(
        {
            "household": h_code,
            "from": old["cadre"],
            "to": to["code"],
            "on": on,
            "reason": reason,
            "plaque_on": plaque,
        }
    )


def do_transfers(day: date) -> None:
    if day == RETIRE_ON:
        hs = sorted(k for k, p in active_pair.items() if p["cadre"] == retiree["code"])
        others = [c for c in village_cadres[RETIRE_VILLAGE] if c is not retiree]
        to2 = min(others, key=lambda c: (load(c, day), c["code"]))
        transfer(hs[0], NEW_TOWN_CADRE, day, "退休", day + timedelta(days=2))
        transfer(hs[1], to2, day, "退休", D("2025-04-25"))  # late plaque
        late_plaque.append(hs[1])
    elif day == FS_CHANGE_ON:
        hs = sorted(k for k, p in active_pair.items() if p["cadre"] == old_fs["code"])
        for i, k in enumerate(hs):
            if i == 2:
                transfer(k, NEW_FS, day, "工作调动（第一书记轮换）", None)  # plaque never recorded
                empty_plaque.append(k)
            else:
                transfer(
                    k, NEW_FS, day, "工作调动（第一书记轮换）", day + timedelta(days=rng.choice((1, 2, 3, 4)))
                )
    elif day == ADJUST_ON:
        hs = sorted(k for k, p in active_pair.items() if p["cadre"] == adjusted["code"])
        others = [c for c in village_cadres[ADJUST_VILLAGE] if c is not adjusted]
        for k in hs:
            to = min(others, key=lambda c: (load(c, day), c["code"]))
            transfer(k, to, day, "岗位调整", day + timedelta(days=rng.choice((2, 3, 4))))


village_pool_2025 = {v: list(village_cadres[v]) for v in vnames}
village_pool_2025[RETIRE_VILLAGE] = [c for c in village_cadres[RETIRE_VILLAGE] if c is not retiree] + [
    NEW_TOWN_CADRE
]
village_pool_2025[FS_CHANGE_VILLAGE] = [c for c in village_cadres[FS_CHANGE_VILLAGE] if c is not old_fs] + [
    NEW_FS
]
village_pool_2025[ADJUST_VILLAGE] = [c for c in village_cadres[ADJUST_VILLAGE] if c is not adjusted]

events = sorted({RETIRE_ON, FS_CHANGE_ON, ADJUST_ON} | {assisted_from(h) for h in late})
for day in events:
    do_transfers(day)
    for h in late:
        if assisted_from(h) != day:
            continue
        pool = village_pool_2025[h["village"]]
        if day < RETIRE_ON and h["village"] == RETIRE_VILLAGE:
            pool = village_cadres[RETIRE_VILLAGE]
        if day < FS_CHANGE_ON and h["village"] == FS_CHANGE_VILLAGE:
            pool = [c for c in village_cadres[FS_CHANGE_VILLAGE] if c is not old_fs]
        if day < ADJUST_ON and h["village"] == ADJUST_VILLAGE:
            pool = [c for c in village_cadres[ADJUST_VILLAGE] if c is not adjusted]
        c = min(pool, key=lambda c: (load(c, day), c["code"]))
        # newly identified households: paired by the first secretary within the day, plaque in a few days
        add_pair(h, c, day, day + timedelta(days=rng.choice((2, 3, 5, 6))))


def paired_on(code: str, d: date) -> str | None:
    for p in pairings:
        if (
            p["household"] == code
            and p["kind"] == "结对"
            and p["start"] <= d
            and (p["end"] is None or p["end"] >= d)
        ):
            return p["cadre"]
    return None


# leader contacts (领导联系): county leaders contact monitored households with open risk
mon_hh = [h for h in households if h["monitor_type"]]
open_risk = [h for h in mon_hh if h["eliminated_on"] is None]
LEADER_BASE = D("2023-03-01")
leader_pairs: list[dict] = []
# leader 2 drops a household eliminated mid-2025 and takes on a newly monitored one
elim_mid = next(h for h in mon_hh if h["eliminated_on"] == D("2025-06-16"))
new_mid = next(h for h in mon_hh if h["monitored_on"] == D("2025-05-10") and not h["tuopin"])
leader_sets = {0: [], 1: [], 2: []}
cands = [h for h in open_risk if assisted_from(h) < D("2025-01-01")]
rng.shuffle(cands)
leader_sets[0] = cands[:4]
leader_sets[1] = cands[4:7]
leader_sets[2] = cands[7:10]
for i, L in enumerate(LEADERS):
    for h in leader_sets[i]:
        pairings.append(
            {
                "household": h["code"],
                "cadre": L["code"],
                "kind": "领导联系",
                "start": max(LEADER_BASE, assisted_from(h)),
                "end": None,
                "end_reason": "",
                "plaque_on": None,
            }
        )
pairings.append(
    {
        "household": elim_mid["code"],
        "cadre": LEADERS[1]["code"],
        "kind": "领导联系",
        "start": max(LEADER_BASE, assisted_from(elim_mid)),
        "end": D("2025-06-30"),
        "end_reason": "风险已消除，调整联系对象",
        "plaque_on": None,
    }
)
pairings.append(
    {
        "household": new_mid["code"],
        "cadre": LEADERS[1]["code"],
        "kind": "领导联系",
        "start": D("2025-07-01"),
        "end": None,
        "end_reason": "",
        "plaque_on": None,
    }
)


def leader_households(lcode: str, d: date) -> list[str]:
    return sorted(
        p["household"]
        for p in pairings
        if p["cadre"] == lcode
        and p["kind"] == "领导联系"
        and p["start"] <= d
        and (p["end"] is None or p["end"] >= d)
    )


# ---------------------------------------------------------------------------------------------
# roles
# ---------------------------------------------------------------------------------------------

roles: list[dict] = []
for vname in vnames:
    if vname in first_secretary:
        fs = first_secretary[vname]
        start = D("2023-08-28") if rng.random() < 0.8 else D("2021-09-06")
        end = FS_CHANGE_ON - timedelta(days=1) if vname == FS_CHANGE_VILLAGE else None
        roles.append({"cadre": fs["code"], "role": "第一书记", "village": vname, "start": start, "end": end})
        if vname == FS_CHANGE_VILLAGE:
            roles.append(
                {
                    "cadre": NEW_FS["code"],
                    "role": "第一书记",
                    "village": vname,
                    "start": FS_CHANGE_ON,
                    "end": None,
                }
            )
    for tm in team_members[vname]:
        start = D("2023-08-28") if tm["unit"] != TOWN_UNITS[0][0] else D("2024-03-11")
        roles.append({"cadre": tm["code"], "role": "工作队员", "village": vname, "start": start, "end": None})


def fs_on(vname: str, d: date) -> str | None:
    for r in roles:
        if (
            r["role"] == "第一书记"
            and r["village"] == vname
            and r["start"] <= d
            and (r["end"] is None or r["end"] >= d)
        ):
            return r["cadre"]
    return None


# ---------------------------------------------------------------------------------------------
# visits
# ---------------------------------------------------------------------------------------------

HOME_CONTENT = [
    "了解家庭收入和产业发展情况，宣传防返贫监测政策",
    "走访了解脐橙种植和销售情况",
    "了解家庭成员务工就业情况，宣传稳岗就业补贴政策",
    "核实家庭人口和收入变化，更新帮扶明白卡",
    "宣传医疗保障和大病救助政策，提醒按时缴纳城乡居民医保",
    "了解子女就学情况，宣传教育资助和雨露计划政策",
    "查看住房安全和饮水安全情况",
    "宣传脱贫人口小额信贷和产业奖补政策",
    "了解老人身体状况和家庭照料情况",
    "协助申报产业发展奖补资金",
    "了解蔬菜种植和生猪养殖情况",
    "宣传防返贫监测“一键申报”渠道",
]
SUMMER_CONTENT = ["宣传防汛防溺水安全知识，查看房屋安全", "了解夏季用水情况，宣传防暑降温知识"]
FS_CONTENT = [
    "第一书记入户走访，了解家庭风险变化情况",
    "第一书记走访，核实“两不愁三保障”及饮水安全情况",
    "第一书记入户宣传防返贫政策，听取帮扶意见",
    "第一书记走访，了解帮扶措施落实情况",
]
LEADER_CONTENT = [
    "县领导入户走访，了解家庭生产生活情况和帮扶措施落实情况",
    "县领导走访慰问，了解家庭收入和“三保障”情况",
]
PHONE_CONTENT = [
    "电话了解近期家庭生产生活情况",
    "电话提醒参加农业技能培训",
    "电话了解外出务工人员就业情况",
    "电话提醒按时缴纳医保",
]
ONLINE_CONTENT = ["微信联系了解务工情况", "微信推送防返贫监测政策和惠民政策", "微信视频了解老人身体状况"]
PROBLEMS = [
    ("家中老人患慢性病，用药负担较重", "协助办理慢性病门诊卡，落实门诊报销待遇"),
    ("家庭成员务工不稳定", "联系镇就业服务站推荐就近就业岗位"),
    ("脐橙受冻减产", "协助申报产业奖补，联系农技人员指导果园管护"),
    ("子女上学支出较大", "落实雨露计划和教育资助"),
    ("劳动力外出务工意愿不足", "宣传就业政策，推荐参加职业技能培训"),
    ("农产品销售渠道不畅", "帮助对接消费帮扶渠道销售农产品"),
]
MEASURES_ROUTINE = ["持续跟踪帮扶", "落实各项惠民政策", "持续关注家庭收入变化", "鼓励发展庭院经济"]

visits: list[dict] = []
_visit_keys: set[tuple] = set()


def add_visit(
    code: str,
    cadre: str,
    d: date,
    mode: str,
    content: str,
    problems: str = "无",
    measures: str | None = None,
    guarantees: str = "正常",
) -> bool:
    if d > VISITS_TO or d < VISITS_FROM:
        return False
    key = (code, cadre, d, mode)
    if key in _visit_keys:
        return False
    _visit_keys.add(key)
    if measures is None:
        measures = rng.choice(MEASURES_ROUTINE)
    visits.append(
        {
            "household": code,
            "cadre": cadre,
            "date": d,
            "mode": mode,
            "content": content,
            "problems": problems,
            "measures": measures,
            "guarantees": guarantees,
        }
    )
    return True


def home_content(d: date, h: dict) -> tuple[str, str, str]:
    if d.month in (6, 7, 8) and rng.random() < 0.25:
        return rng.choice(SUMMER_CONTENT), "无", rng.choice(MEASURES_ROUTINE)
    if rng.random() < 0.12:
        p, m = rng.choice(PROBLEMS)
        if p.startswith("脐橙受冻") and d.month not in (12, 1, 2, 3):
            p, m = PROBLEMS[0]
        return rng.choice(HOME_CONTENT), p, m
    return rng.choice(HOME_CONTENT), "无", rng.choice(MEASURES_ROUTINE)


# households never visited: four 脱贫户 without monitoring, in four different villages
plain_tuopin = [
    h for h in households if h["tuopin"] and not h["monitor_type"] and h["since"] == D("2021-01-01")
]
never_visited = []
for vname in ("龙井村", "坪石村", "新圳村", "石背村"):
    never_visited.append(
        rng.choice(
            [
                h
                for h in plain_tuopin
                if h["village"] == vname and h["code"] not in {x for x in late_plaque + empty_plaque}
            ]
        )
    )
NEVER = {h["code"] for h in never_visited}

missed_paired_quarters: list[tuple[str, str]] = []
for h in households:
    code = h["code"]
    if code in NEVER:
        continue
    a0 = max(assisted_from(h), VISITS_FROM)
    is_mon = lambda d, h=h: monitored_on_day(h, d)  # noqa: E731
    for y, q in QUARTERS:
        qs, qe = quarter_bounds(y, q)
        lo, hi = max(qs, a0), min(qe, VISITS_TO)
        if lo > hi:
            continue
        partial = (y, q) == (2026, 4)
        # paired cadre home visit, ~10% of household-quarters missed (more in the running quarter)
        if rng.random() < (0.72 if partial else 0.9):
            d = pick_date(lo, hi)
            c = paired_on(code, d)
            content, prob, meas = home_content(d, h)
            add_visit(code, c, d, "入户", content, prob, meas)
            if rng.random() < (0.3 if is_mon(d) else 0.08):
                d2 = pick_date(lo, hi)
                add_visit(code, paired_on(code, d2), d2, "入户", *home_content(d2, h))
        else:
            missed_paired_quarters.append((code, f"{y}Q{q}"))
        # daily liaison by phone / WeChat
        n_calls = sum(rng.random() < (0.4 if is_mon(hi) else 0.12) for _ in range(3))
        for _ in range(n_calls):
            d = pick_date(lo, hi, 0.75)
            if rng.random() < 0.7:
                add_visit(
                    code, paired_on(code, d), d, "电话", rng.choice(PHONE_CONTENT), "无", "持续跟踪帮扶"
                )
            else:
                add_visit(
                    code, paired_on(code, d), d, "网络", rng.choice(ONLINE_CONTENT), "无", "持续跟踪帮扶"
                )
        # first secretary: each 脱贫户 once a quarter (monitored households are covered monthly below)
        if h["tuopin"] and not is_mon(lo) and rng.random() < (0.7 if partial else 0.88):
            d = pick_date(lo, hi)
            fs = fs_on(h["village"], d)
            if fs:
                add_visit(code, fs, d, "入户", rng.choice(FS_CONTENT), "无", rng.choice(MEASURES_ROUTINE))
    # first secretary: each monitored household once a month
    for y, m in MONTHS:
        ms, me = month_bounds(y, m)
        lo, hi = max(ms, a0), min(me, VISITS_TO)
        if lo > hi or not monitored_on_day(h, hi):
            continue
        lo = max(lo, h["monitored_on"])
        if rng.random() < 0.9:
            d = pick_date(lo, hi)
            fs = fs_on(h["village"], d)
            if fs:
                add_visit(code, fs, d, "入户", rng.choice(FS_CONTENT), "无", rng.choice(MEASURES_ROUTINE))

# county leaders: one or two of their households each quarter; the third leader skips 2025Q3
for i, L in enumerate(LEADERS):
    for y, q in QUARTERS:
        if i == 2 and (y, q) == (2025, 3):
            continue
        qs, qe = quarter_bounds(y, q)
        hi = min(qe, VISITS_TO)
        if (y, q) == (2026, 4) and i != 0:
            continue
        for _ in range(rng.choice((1, 1, 2))):
            d = pick_date(qs, hi)
            hs = leader_households(L["code"], d)
            if hs:
                add_visit(
                    rng.choice(hs),
                    L["code"],
                    d,
                    "入户",
                    rng.choice(LEADER_CONTENT),
                    "无",
                    rng.choice(["督促落实帮扶措施", "协调解决就业问题", "送去慰问金，持续跟踪帮扶"]),
                )

# 春节 visits before the festival, and a few during the National Day holiday (on holidays)
holiday_visits: list[tuple[str, date]] = []
for h in mon_hh:
    if h["code"] in NEVER:
        continue
    for d in (pick_date(D("2025-01-20"), D("2025-01-27")), pick_date(D("2026-02-06"), D("2026-02-13"))):
        if assisted_from(h) <= d and rng.random() < 0.6:
            add_visit(
                h["code"],
                paired_on(h["code"], d),
                d,
                "入户",
                "春节前走访慰问，送去慰问金和米油",
                "无",
                "送温暖慰问",
            )
_hol_pool = rng.sample(
    [h for h in households if h["code"] not in NEVER and assisted_from(h) <= D("2025-01-31")], 9
)
for i, d in enumerate((D("2025-01-31"), D("2025-10-02"), D("2025-10-03"))):
    for h in _hol_pool[3 * i : 3 * i + 3]:
        if add_visit(
            h["code"],
            paired_on(h["code"], d),
            d,
            "入户",
            "节假日走访，了解返乡人员务工意向和家庭生活情况",
            "无",
            "宣传就业政策，持续跟踪帮扶",
        ):
            holiday_visits.append((h["code"], d))

# 三保障/饮水 issues found on a home visit; all but one later resolved on a follow-up visit
ISSUES = [
    (
        "住房漏雨待修缮",
        "房屋屋面漏雨",
        "协调镇村申请农村危房改造资金修缮屋面",
        "回访住房修缮情况，屋面已修缮完毕",
    ),
    (
        "饮水不稳定",
        "旱季自来水水压不足，时有断水",
        "联系水务公司检修入户管道",
        "回访饮水情况，管道已检修，供水正常",
    ),
    (
        "慢性病签约服务未落实",
        "户主高血压未签约家庭医生",
        "联系镇卫生院落实家庭医生签约服务",
        "回访家庭医生签约情况，已签约",
    ),
    ("住房漏雨待修缮", "厨房墙体开裂漏雨", "协调落实住房安全保障，安排修缮", "回访住房修缮情况，已修缮"),
    ("饮水不稳定", "山塘水源水量不足", "协调村委会接通集中供水管网", "回访饮水情况，已接通集中供水"),
    (
        "子女义务教育阶段辍学风险",
        "子女厌学，存在辍学风险",
        "联系学校开展劝返和控辍保学工作",
        "回访子女就学情况，已正常返校",
    ),
    ("饮水不稳定", "入户水管老化漏水", "联系村水管员更换入户水管", "回访饮水情况"),
]
vis_by_hh = defaultdict(list)
for v in visits:
    vis_by_hh[v["household"]].append(v)
issue_households: list[tuple[str, str, str, str | None]] = []  # code, issue, found on, resolved on
transferred = {t["household"] for t in transfer_log}
cands = sorted(
    c
    for c, vs in vis_by_hh.items()
    if sum(1 for v in vs if v["mode"] == "入户") >= 8 and c not in transferred
)
rng.shuffle(cands)
for (issue, prob, meas, follow), code in zip(ISSUES, cands):
    hv = sorted((v for v in vis_by_hh[code] if v["mode"] == "入户"), key=lambda v: v["date"])
    unresolved = issue == "饮水不稳定" and follow == "回访饮水情况"
    if unresolved:
        # found on the last home visits of 2026 and still open
        found = hv[-2]
        found.update({"problems": prob, "measures": meas, "guarantees": issue})
        last = hv[-1]
        last.update(
            {
                "content": "回访饮水情况，入户水管尚未更换",
                "problems": prob,
                "measures": "督促村水管员尽快更换",
                "guarantees": issue,
            }
        )
        issue_households.append((code, issue, found["date"].isoformat(), None))
        continue
    i = rng.randrange(2, len(hv) - 4)
    found = hv[i]
    found.update({"problems": prob, "measures": meas, "guarantees": issue})
    fix = hv[i + 2]
    hv[i + 1].update({"problems": prob, "measures": "督促落实整改", "guarantees": issue})
    fix.update({"content": follow, "problems": "无", "measures": "持续跟踪帮扶", "guarantees": "正常"})
    issue_households.append((code, issue, found["date"].isoformat(), fix["date"].isoformat()))

visits.sort(key=lambda v: (v["date"], v["household"], v["cadre"], v["mode"]))

# ---------------------------------------------------------------------------------------------
# income
# ---------------------------------------------------------------------------------------------

income: list[dict] = []
income_late: list[dict] = []
inc_hh = [h for h in mon_hh if h["code"] not in NEVER]
extra_tuopin = rng.sample(
    sorted((h for h in plain_tuopin if h["code"] not in NEVER), key=lambda h: h["code"]), 30
)
inc_hh += extra_tuopin
inc_hh.sort(key=lambda h: h["code"])

# the special cases
open_mon = [
    h
    for h in mon_hh
    if h["eliminated_on"] is None and h["code"] not in NEVER and h["monitored_on"] < D("2025-01-01")
]
DROP_WAGE = open_mon[0]  # 2026Q2/Q3 wage income collapses (务工受伤返乡)
DROP_BUSINESS = open_mon[3]  # 2026Q1 orange income collapses (脐橙受冻)
RIGID = next(h for h in mon_hh if h["monitored_on"] == D("2025-05-10") and not h["tuopin"])  # 大病
LOW = [open_mon[1], open_mon[5], extra_tuopin[0]]
MISSING = [(open_mon[2]["code"], "2025Q3"), (open_mon[4]["code"], "2026Q2")]
LATE = [
    (open_mon[6]["code"], "2025Q4", D("2026-01-20"), "户主外出务工未能按时联系，返乡后补录"),
    (extra_tuopin[1]["code"], "2026Q1", D("2026-04-15"), "采集人住院，延期补录"),
]
if RIGID["size"] < 3:
    RIGID["size"] = 4
if DROP_WAGE["size"] < 3:
    DROP_WAGE["size"] = 4

ORANGE_SHARE = {1: 0.55, 2: 0.08, 3: 0.05, 4: 0.6}
SEASON = {1: 0.27, 2: 0.23, 3: 0.22, 4: 0.28}


def money(x: float) -> float:
    return round(max(x, 0.0), 2)


for h in inc_hh:
    code = h["code"]
    size = h["size"]
    old = size <= 2 and h["born"].year < 1958
    if h in LOW:
        pc = rng.uniform(6300, 7200)
    else:
        pc = rng.triangular(8000, 20000, 11500)
    kind = "elderly" if old else ("orange" if rng.random() < 0.35 else "wage")
    if h is DROP_BUSINESS:
        kind = "orange"
    if h in (DROP_WAGE, RIGID):
        kind = "wage"
    n_elderly = size if old else rng.choice((0, 0, 1, 1, 2))
    dibao = 1350.0 if (h in LOW or (h["monitor_type"] and rng.random() < 0.25)) else 0.0
    student = size >= 3 and rng.random() < 0.3
    growth = rng.uniform(1.03, 1.08)
    cost_ratio = rng.uniform(0.3, 0.42)
    land_rent = rng.choice((0, 0, 320, 480, 600, 850))
    dividend = rng.choice((0, 200, 300, 400))
    first = None
    for y, q in INCOME_QUARTERS:
        qs, qe = quarter_bounds(y, q)
        ws, we = income_window(y, q)
        if not h["tuopin"] and h["monitored_on"] > we:
            continue
        if first is None:
            first = (y, q)
        qkey = f"{y}Q{q}"
        if (code, qkey) in MISSING:
            continue
        net = pc * size * SEASON[q] * (growth if y == 2026 else 1.0) * rng.uniform(0.93, 1.07)
        transfer_yuan = (
            145.0 * 3 * n_elderly + dibao + (rng.choice((0, 0, 0, 260, 520)) if q in (2, 4) else 0)
        )
        prop = (land_rent if q == 4 else 0) + (dividend if q == 1 else 0)
        if h in LOW:  # keep the low-income households low: transfers cannot exceed the target
            transfer_yuan, prop = min(transfer_yuan, round(0.5 * net, -1)), min(prop, 200)
        rest = max(net - transfer_yuan - prop, 150.0)
        if kind == "elderly":
            biz_net = rest * 0.6
        elif kind == "orange":
            biz_net = rest * ORANGE_SHARE[q]
        else:
            biz_net = rest * rng.uniform(0.05, 0.15)
        wage = rest - biz_net
        if h is DROP_BUSINESS and (y, q) == (2026, 1):
            biz_net *= 0.1
        biz = biz_net / (1 - cost_ratio)
        cost = biz - biz_net
        if h is DROP_WAGE and (y, q) in ((2026, 2), (2026, 3)):
            wage *= 0.3
        wage = round(wage / 10) * 10
        excluded = (1500.0 if student and q in (2, 4) else 0.0) + (rng.choice((0, 0, 0, 0, 800, 1200)))
        rigid = rng.choice((0, 0, 0, 0, 0, 0, 600, 1500)) if q != 3 else rng.choice((0, 0, 0, 0, 2500))
        note = ""
        if h is RIGID and (y, q) >= (2025, 2):
            # medical spending well above the household's net income of the quarter
            f = {
                (2025, 2): 0.6,
                (2025, 3): 1.25,
                (2025, 4): 0.95,
                (2026, 1): 0.85,
                (2026, 2): 0.75,
                (2026, 3): 0.7,
            }[(y, q)]
            rigid = round(net * f, -2)
            note = "户主患重病住院治疗，医疗自付费用较高"
        if h is DROP_WAGE and (y, q) in ((2026, 2), (2026, 3)):
            note = "户主务工受伤返乡休养，工资性收入大幅减少"
        if h is DROP_BUSINESS and (y, q) == (2026, 1):
            note = "脐橙受冻减产，经营性收入大幅减少"
        rec = {
            "household": code,
            "quarter": qkey,
            "collected_on": pick_date(ws, we, 0.95),
            "wage": money(wage),
            "business": money(biz),
            "business_cost": money(cost),
            "transfer": money(transfer_yuan),
            "property": money(prop),
            "excluded": money(excluded),
            "rigid_expense": money(rigid),
            "collector": None,
            "note": note,
        }
        late_spec = next((x for x in LATE if x[0] == code and x[1] == qkey), None)
        if late_spec:
            rec["collected_on"] = late_spec[2]
            rec["note"] = late_spec[3]
        rec["collector"] = paired_on(code, rec["collected_on"])
        (income_late if late_spec else income).append(rec)


def net_of(r: dict) -> float:
    return r["wage"] + r["business"] - r["business_cost"] + r["transfer"] + r["property"]


def _net(code: str, q: str) -> float:
    return net_of(next(r for r in income if r["household"] == code and r["quarter"] == q))


# the deliberate cases must hold whatever the random draws were
assert _net(DROP_WAGE["code"], "2026Q2") <= 0.7 * _net(DROP_WAGE["code"], "2025Q2")
assert _net(DROP_WAGE["code"], "2026Q3") <= 0.7 * _net(DROP_WAGE["code"], "2025Q3")
assert _net(DROP_BUSINESS["code"], "2026Q1") <= 0.7 * _net(DROP_BUSINESS["code"], "2025Q1")
for _h in LOW:
    assert sum(_net(_h["code"], f"2025Q{q}") for q in (1, 2, 3, 4)) / _h["size"] < 7300, _h["code"]
_last4 = ("2025Q4", "2026Q1", "2026Q2", "2026Q3")
assert sum(
    r["rigid_expense"] for r in income if r["household"] == RIGID["code"] and r["quarter"] in _last4
) >= 0.6 * sum(_net(RIGID["code"], q) for q in _last4)


# ---------------------------------------------------------------------------------------------
# writing
# ---------------------------------------------------------------------------------------------


def iso(d: date | None) -> str:
    return d.isoformat() if d else ""


def yn(b: bool) -> str:
    return "是" if b else "否"


def amt(x: float) -> str:
    return f"{x:.2f}"


def write(path: Path, header: list[str], rows: list[list]) -> None:
    with path.open("w", encoding="utf-8-sig", newline="") as f:
        w = csv.writer(f, lineterminator="\r\n")
        w.writerow(header)
        w.writerows(rows)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--out", type=Path, default=Path(__file__).resolve().parent)
    out = ap.parse_args().out
    out.mkdir(parents=True, exist_ok=True)

    write(
        out / "households.csv",
        [
            "户编号",
            "户主姓名",
            "证件号码",
            "乡镇",
            "村",
            "家庭人口",
            "联系电话",
            "是否脱贫户",
            "监测对象类型",
            "纳入监测日期",
            "风险消除日期",
            "纳入台账日期",
        ],
        [
            [
                h["code"],
                h["head_name"],
                h["id_number"],
                h["township"],
                h["village"],
                h["size"],
                h["phone"],
                yn(h["tuopin"]),
                h["monitor_type"] or "",
                iso(h["monitored_on"]),
                iso(h["eliminated_on"]),
                iso(h["since"]),
            ]
            for h in sorted(households, key=lambda h: h["code"])
        ],
    )
    write(
        out / "cadres.csv",
        ["干部编号", "姓名", "单位", "职务", "联系电话", "是否县级领导"],
        [[c["code"], c["name"], c["unit"], c["position"], c["phone"], yn(c["leader"])] for c in cadres],
    )
    write(
        out / "pairings.csv",
        ["户编号", "干部编号", "类型", "开始日期", "结束日期", "结束原因", "联系牌更换日期"],
        [
            [
                p["household"],
                p["cadre"],
                p["kind"],
                iso(p["start"]),
                iso(p["end"]),
                p["end_reason"],
                iso(p["plaque_on"]),
            ]
            for p in sorted(pairings, key=lambda p: (p["household"], p["kind"], p["start"]))
        ],
    )
    write(
        out / "roles.csv",
        ["干部编号", "角色", "乡镇", "村", "开始日期", "结束日期"],
        [[r["cadre"], r["role"], TOWNSHIP, r["village"], iso(r["start"]), iso(r["end"])] for r in roles],
    )
    write(
        out / "visits.csv",
        ["户编号", "干部编号", "走访日期", "方式", "走访内容", "发现问题", "帮扶措施", "三保障饮水"],
        [
            [
                v["household"],
                v["cadre"],
                iso(v["date"]),
                v["mode"],
                v["content"],
                v["problems"],
                v["measures"],
                v["guarantees"],
            ]
            for v in visits
        ],
    )
    inc_header = [
        "户编号",
        "季度",
        "采集日期",
        "工资性收入",
        "生产经营性收入",
        "生产经营性支出",
        "转移性收入",
        "财产性收入",
        "不计入收入",
        "刚性支出",
        "采集人",
        "备注",
    ]

    def inc_rows(rs):
        return [
            [
                r["household"],
                r["quarter"],
                iso(r["collected_on"]),
                amt(r["wage"]),
                amt(r["business"]),
                amt(r["business_cost"]),
                amt(r["transfer"]),
                amt(r["property"]),
                amt(r["excluded"]),
                amt(r["rigid_expense"]),
                r["collector"],
                r["note"],
            ]
            for r in sorted(rs, key=lambda r: (r["household"], r["quarter"]))
        ]

    write(out / "income.csv", inc_header, inc_rows(income))
    write(out / "income-late.csv", inc_header, inc_rows(income_late))
    (out / "README.md").write_text(readme(), encoding="utf-8")

    print(
        f"households {len(households)}, cadres {len(cadres)}, pairings {len(pairings)}, roles {len(roles)}, "
        f"visits {len(visits)}, income {len(income)} (+{len(income_late)} late) -> {out}"
    )


# ---------------------------------------------------------------------------------------------
# README
# ---------------------------------------------------------------------------------------------


def readme() -> str:
    def hh(code: str) -> str:
        h = HH[code]
        return f"`{code}` {h['head_name']}（{h['village']}）"

    def cd(code: str) -> str:
        c = next(c for c in cadres if c["code"] == code)
        return f"`{code}` {c['name']}"

    n_t = sum(1 for h in households if h["tuopin"])
    by_type = defaultdict(int)
    for h in mon_hh:
        by_type[h["monitor_type"]] += 1
    mon_2025 = [h for h in mon_hh if D("2025-01-01") <= h["monitored_on"] <= D("2026-11-27")]
    elim_2025 = [h for h in mon_hh if h["eliminated_on"] and h["eliminated_on"].year == 2025]
    open_ = [h for h in mon_hh if h["eliminated_on"] is None]
    pre_recorded = [h for h in mon_hh if h["since"] < h["monitored_on"] and not h["tuopin"]]
    n_mode = defaultdict(int)
    for v in visits:
        n_mode[v["mode"]] += 1
    weekend = sum(1 for v in visits if not is_workday(v["date"]))

    def drop(code: str, q: str) -> str:
        y = int(q[:4])
        a = next(r for r in income if r["household"] == code and r["quarter"] == q)
        b = next(r for r in income if r["household"] == code and r["quarter"] == f"{y - 1}{q[4:]}")
        return f"{q} 净收入 {net_of(a):.2f} vs {y - 1}{q[4:]} {net_of(b):.2f}（{(net_of(a) / net_of(b) - 1) * 100:.0f}%）"

    def rigid_ratio(code: str) -> str:
        rs = [
            r
            for r in income
            if r["household"] == code and r["quarter"] in ("2025Q4", "2026Q1", "2026Q2", "2026Q3")
        ]
        ri = sum(r["rigid_expense"] for r in rs)
        ne = sum(net_of(r) for r in rs)
        return f"2025Q4–2026Q3 刚性支出 {ri:.2f} / 净收入 {ne:.2f} = {ri / ne * 100:.0f}%"

    def pc2025(code: str) -> str:
        rs = [r for r in income if r["household"] == code and r["quarter"].startswith("2025")]
        return f"{sum(net_of(r) for r in rs) / HH[code]['size']:.0f}"

    lines = [
        "# 样例数据：信丰县大塘埠镇 / Sample township: Datangbu, Xinfeng county",
        "",
        "由 `generate.py` 生成（仅用标准库，`random.Random(2023)`，结果确定）；修改后请重新运行并提交生成的文件。",
        "数据为虚构：姓名、证件号码、电话均为编造，证件号码符合 GB 11643-1999 校验规则（地区码 360722 信丰县）。",
        "",
        "Generated by `generate.py` (stdlib only, seeded, deterministic). Fictitious data; ID numbers are valid",
        "under GB 11643-1999 (check digit) but made up. Re-run `python samples/generate.py` after editing it.",
        "`verify.py` checks the files (ID check digits, no future dates, no overlapping pairings, references).",
        "",
        "## 文件 / Files",
        "",
        'UTF-8 with BOM, CRLF, Chinese headers exactly as in CONTRACT.md "Imports". Import order:',
        "",
        "```",
        "bangfu household import samples/households.csv",
        "bangfu cadre import samples/cadres.csv",
        "bangfu pair import samples/pairings.csv",
        "bangfu role import samples/roles.csv",
        "bangfu visit import samples/visits.csv",
        "bangfu income import samples/income.csv",
        'bangfu income import samples/income-late.csv --late "补录"   # optional: 2 late records',
        "```",
        "",
        "| file | rows | content |",
        "|------|-----:|---------|",
        f"| households.csv | {len(households)} | 8 个村；{n_t} 户脱贫户；监测对象 {len(mon_hh)} 户（脱贫不稳定户 {by_type['脱贫不稳定户']}、边缘易致贫户 {by_type['边缘易致贫户']}、突发严重困难户 {by_type['突发严重困难户']}） |",
        f"| cadres.csv | {len(cadres)} | 县直单位、镇政府、镇中心小学、镇卫生院干部；县级领导 {len(LEADERS)} 名 |",
        f"| pairings.csv | {len(pairings)} | 结对 {sum(1 for p in pairings if p['kind'] == '结对')}（含 {len(transfer_log)} 次 2025 年调整），领导联系 {sum(1 for p in pairings if p['kind'] == '领导联系')} |",
        f"| roles.csv | {len(roles)} | 第一书记 {sum(1 for r in roles if r['role'] == '第一书记')}（7 个村，其中三江村年中轮换），工作队员 {sum(1 for r in roles if r['role'] == '工作队员')} |",
        f"| visits.csv | {len(visits)} | 2025-01-01 至 2026-11-20；入户 {n_mode['入户']}、电话 {n_mode['电话']}、网络 {n_mode['网络']}；{weekend} 条在周末或法定节假日 |",
        f"| income.csv | {len(income)} | 2025Q1–2026Q3，全部监测对象及 30 户脱贫户，采集日期均在采集窗口内 |",
        f"| income-late.csv | {len(income_late)} | 窗口外补录的 2 条记录，须加 `--late` 导入 |",
        "",
        "Villages 村（户编号前 12 位 = 村代码）: "
        + "、".join(f"{v[0]} `{TOWNSHIP_CODE}{v[1]}`" for v in VILLAGES)
        + "。",
        "",
        "County leaders 县级领导（领导联系）: "
        + "、".join(f"{cd(L['code'])}（{L['position']}）" for L in LEADERS)
        + "。",
        "",
        "## 有意设置的情形 / Deliberate irregularities",
        "",
        "Tests and docs may rely on these (as of 2026-11-27 unless noted).",
        "",
        "1. **从未走访的户 / never visited** — no visit of any mode by anyone: "
        + "、".join(hh(h["code"]) for h in never_visited)
        + "（均为脱贫户 / all 脱贫户, not monitored）。",
        f"2. **没有第一书记的村 / village without a first secretary** — {NO_FS_VILLAGE}: no 第一书记 in roles.csv, so XF3/XF4"
        " (first-secretary visits) are never met there; it has a 工作队员, whose visits do not count for those rules.",
        f"3. **第一书记年中轮换 / first secretary replaced** — {FS_CHANGE_VILLAGE}: {cd(old_fs['code'])} ends "
        f"{(FS_CHANGE_ON - timedelta(days=1)).isoformat()}, {cd(NEW_FS['code'])} starts {FS_CHANGE_ON.isoformat()}; "
        "the old secretary's paired households are transferred to the new one on the same day.",
        "4. **2025 年结对调整 / transfers in 2025** (old pairing ends D−1, new starts D):",
        "",
        "   | 户编号 | from → to | D | 结束原因 | 联系牌更换日期 |",
        "   |--------|-----------|---|----------|----------------|",
    ]
    for t in transfer_log:
        flag = ""
        if t["household"] in late_plaque:
            flag = " **（超过 7 个工作日 / late）**"
        if t["household"] in empty_plaque:
            flag = " **（未更换 / empty）**"
        lines.append(
            f"   | `{t['household']}` | {t['from']} → {t['to']} | {t['on'].isoformat()} | {t['reason']} | "
            f"{iso(t['plaque_on']) or '—'}{flag} |"
        )
    lines += [
        "",
        f"   XF6 findings expected: `{late_plaque[0]}` (plaque {D('2025-04-25').isoformat()}, more than 7 working days after "
        f"{RETIRE_ON.isoformat()}) and `{empty_plaque[0]}` (no plaque date at all).",
        "5. **年中纳入监测 / became monitored during 2025–2026** (obligations of a monitored household start with the next"
        " month/quarter): "
        + "、".join(
            f"{hh(h['code'])} {h['monitor_type']} {h['monitored_on'].isoformat()}"
            + ("，脱贫户" if h["tuopin"] else "")
            for h in sorted(mon_2025, key=lambda h: h["monitored_on"])
        )
        + "。",
        "   "
        + "、".join(f"`{h['code']}`" for h in pre_recorded)
        + " is in the ledger (纳入台账日期 "
        + "、".join(h["since"].isoformat() for h in pre_recorded)
        + ") before its 纳入监测日期 and carries no obligation until then; its pairing starts on the monitoring date.",
        "6. **年中风险消除 / risk eliminated during 2025**: "
        + "、".join(
            f"{hh(h['code'])} {h['eliminated_on'].isoformat()}"
            for h in sorted(elim_2025, key=lambda h: h["eliminated_on"])
        )
        + f"。Leader {cd(LEADERS[1]['code'])} stops contacting `{elim_mid['code']}` on 2025-06-30 and contacts "
        f"`{new_mid['code']}` from 2025-07-01.",
        f"7. **风险未消除 / risk still open**: {len(open_)} households: "
        + "、".join(f"`{h['code']}`" for h in open_)
        + "。",
        f"8. **收入骤减 / income drop ≥ 30 %**: {hh(DROP_WAGE['code'])}: {drop(DROP_WAGE['code'], '2026Q2')}, "
        f"{drop(DROP_WAGE['code'], '2026Q3')}（务工受伤）; {hh(DROP_BUSINESS['code'])}: {drop(DROP_BUSINESS['code'], '2026Q1')}（脐橙受冻）。",
        f"9. **刚性支出 / large rigid expense**: {hh(RIGID['code'])}（突发严重困难户，大病）: {rigid_ratio(RIGID['code'])}。",
        "10. **低收入 / low per-capita income** (2025 per-capita net, yuan): "
        + "、".join(f"`{h['code']}` {pc2025(h['code'])}" for h in LOW)
        + "; most other households are between 8,000 and 20,000.",
        "11. **收入未采集 / income missing**: "
        + "、".join(f"`{c}` {q}" for c, q in MISSING)
        + "; **窗口外补录 / collected late** (only in income-late.csv): "
        + "、".join(f"`{c}` {q} on {d.isoformat()}" for c, q, d, _ in LATE)
        + "。",
        f"12. **漏访 / missed quarters**: about 10 % of household-quarters have no home visit by the paired cadre "
        f"({len(missed_paired_quarters)} household-quarters, 2025Q1–2026Q4), and first-secretary visits are missed in about"
        " 10 % of months/quarters; 2026Q4 is still running (visits up to 2026-11-20), so many of its items are *due*.",
        f"13. **县级领导漏访 / leader skips a quarter**: {cd(LEADERS[2]['code'])} made no visit in 2025Q3 (SZ4 under suzhou-2022).",
        "14. **三保障/饮水问题 / guarantee issues found on visits**: "
        + "；".join(
            f"`{c}` {i}（{f} 发现，" + (f"{r} 回访已解决）" if r else "至今未解决 / still open）")
            for c, i, f, r in issue_households
        )
        + "。",
        "15. **节假日走访 / visits on holidays**: "
        + "、".join(f"`{c}` {d.isoformat()}" for c, d in holiday_visits)
        + "; plus the weekend visits counted above.",
        "16. **无联系电话 / no phone**: "
        + "、".join(f"`{h['code']}`" for h in households if not h["phone"])
        + "（独居老人）。",
        "",
        "Pairing load: every assisted household has exactly one active 结对 pairing on 2026-11-27; no cadre holds more "
        f"than {max(load(c, d) for c in cadres for d in (D('2025-01-01'), RETIRE_ON, FS_CHANGE_ON, ADJUST_ON, TODAY))} "
        "households at a time.",
        "",
    ]
    return "\n".join(lines)


if __name__ == "__main__":
    main()
