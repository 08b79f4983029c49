#!/usr/bin/env python3
"""Generate the sample township's records of the other kinds of assistance (DOMAIN.md §10):
units and the villages they assist, unit activities, trainings of resident cadres, the county
pairing's activities and social contributions — for 2025 and 2026 up to 2026-11-20, like visits.

Run after ``generate.py`` (it reads cadres.csv and roles.csv, and writes its own section at the end
of README.md, which ``generate.py`` rewrites). Deterministic (random.Random(2024)), standard
library only:

    python samples/generate.py && python samples/generate_assistance.py

Files written (UTF-8 with BOM, CRLF, Chinese headers exactly as in CONTRACT.md "The other kinds
of assistance"): units.csv  activities.csv  trainings.csv  partner.csv  contributions.csv, and
attachments/ (files named by activities.csv). The partner county itself is set with
``bangfu partner set`` (PARTNER below; ``bangfu demo`` does it).
"""

from __future__ import annotations

import argparse
import csv
import random
from datetime import date, timedelta
from pathlib import Path

HERE = Path(__file__).resolve().parent
TOWNSHIP = "大塘埠镇"
YEARS = (2025, 2026)
LAST_DAY = date(2026, 11, 20)  # as visits.csv
PARTNER = ("深圳市龙华区", date(2021, 6, 1))
rng = random.Random(2024)

# code, name, level, village (None: assists none), link start, link end
UNITS = [
    ("XF-DW-01", "信丰县农业农村局", "县直", "大塘埠村", "2021-06-01", ""),
    ("XF-DW-02", "信丰县财政局", "县直", "三江村", "2021-06-01", ""),
    ("XF-DW-03", "信丰县教育科技体育局", "县直", "龙井村", "2021-06-01", ""),
    ("XF-DW-04", "信丰县卫生健康委员会", "县直", "坪石村", "2021-06-01", ""),
    ("XF-DW-05", "信丰县人力资源和社会保障局", "县直", "长岗村", "2021-06-01", ""),
    ("XF-DW-06", "信丰县自然资源局", "县直", "蓝田村", "2021-06-01", ""),
    ("XF-DW-07", "信丰县水利局", "县直", "新圳村", "2021-06-01", "2026-06-30"),
    ("XF-DW-08", "信丰县民政局", "县直", "石背村", "2025-03-15", ""),
    ("XF-DW-09", "信丰县交通运输局", "县直", "新圳村", "2026-07-01", ""),
    ("XF-DW-10", f"{TOWNSHIP}人民政府", "乡镇", None, "", ""),
]
# Deliberate irregularities (README.md lists them): see IRREGULARITIES below.
LATE_PLAN = ("XF-DW-04", "坪石村", 2026, date(2026, 4, 15))
MISSING_PLAN = ("XF-DW-05", "长岗村", 2026)
ONE_STUDY = ("XF-DW-06", 2025)
NO_TEAM_REPORT = ("XF-DW-03", 2025, 2)
LATE_SUMMARY = ("XF-DW-02", 2026, 1, date(2026, 4, 3))
NO_CONSUMPTION = ("XF-DW-08", 2025)
ELSEWHERE_VISIT = ("XF-DW-01", "三江村", date(2025, 5, 21))
NO_VILLAGE_ACTIVITY = ("XF-DW-07", date(2026, 9, 8))
ATTACHMENT = "attachments/2026年度三江村帮扶计划.txt"
SHORT_TRAINING = ("XF-GB-021", 2025)
ACROSS_NEW_YEAR = ("XF-GB-015", date(2025, 12, 29), date(2026, 1, 2))
SECONDMENTS = [
    ("LH-GB-01", date(2024, 3, 1), date(2025, 2, 28)),
    ("LH-GB-02", date(2025, 3, 2), date(2026, 2, 28)),  # 2025-03-01 uncovered: a one-day gap
    ("LH-GB-03", date(2026, 3, 1), None),
]


def D(text: str) -> date:
    return date.fromisoformat(text)


def read(name: str) -> list[dict[str, str]]:
    with (HERE / name).open(encoding="utf-8-sig", newline="") as fh:
        return list(csv.DictReader(fh))


def write(path: Path, header: list[str], rows: list[list]) -> None:
    with path.open("w", encoding="utf-8-sig", newline="") as fh:
        out = csv.writer(fh, lineterminator="\r\n")
        out.writerow(header)
        out.writerows(rows)


def workday(lo: date, hi: date) -> date:
    """A weekday between lo and hi (both included)."""
    while True:
        day = lo + timedelta(days=rng.randrange((hi - lo).days + 1))
        if day.weekday() < 5:
            return day


def links_on(day: date) -> list[tuple[str, str, date]]:
    """(unit, village, the link's last day) of the links active on ``day``."""
    out = []
    for code, _, _, village, start, end in UNITS:
        if village and D(start) <= day and (not end or day <= D(end)):
            out.append((code, village, D(end) if end else date.max))
    return out


def activities(resident_units: set[str], pair_units: set[str]) -> list[list[str]]:
    rows: list[list] = []

    def add(unit, kind, day, village="", people="", content="", amount="", attachment="", for_=""):
        if day <= LAST_DAY:
            rows.append(
                [
                    unit,
                    kind,
                    day.isoformat(),
                    TOWNSHIP if village else "",
                    village,
                    people,
                    content,
                    amount,
                    attachment,
                    for_,
                ]
            )

    for year in YEARS:
        jan1 = date(year, 1, 1)
        for unit, village, link_end in links_on(jan1):
            if (unit, village, year) == MISSING_PLAN:
                continue
            if (unit, village, year) == LATE_PLAN[:3]:
                add(
                    unit,
                    "帮扶计划",
                    LATE_PLAN[3],
                    village,
                    "单位党组",
                    f"{year}年度{village}帮扶工作计划（补报）",
                )
            else:
                attach = ATTACHMENT if (unit, village, year) == ("XF-DW-02", "三江村", 2026) else ""
                add(
                    unit,
                    "帮扶计划",
                    workday(date(year, 2, 10), date(year, 3, 27)),
                    village,
                    "单位党组",
                    f"{year}年度{village}帮扶工作计划",
                    attachment=attach,
                )
            # visits while the link lasts (a link ending mid-year leaves the unit with less time)
            add(
                unit,
                "主要负责同志调研",
                workday(date(year, 4, 1), min(date(year, 9, 30), link_end)),
                village,
                "局长",
                "走访脱贫户，调研产业发展",
            )
            for lo, hi in ((date(year, 3, 1), date(year, 6, 30)), (date(year, 7, 1), date(year, 11, 15))):
                if lo <= link_end:
                    add(
                        unit,
                        "班子成员调研",
                        workday(lo, min(hi, link_end)),
                        village,
                        "分管副局长",
                        "督导防返贫监测帮扶",
                    )
        for unit, *_ in UNITS:
            if unit == "XF-DW-10":
                continue
            studies = 1 if (unit, year) == ONE_STUDY else 2
            for i in range(studies):
                lo = date(year, 1 + 6 * i, 5)
                add(
                    unit,
                    "研究部署",
                    workday(lo, lo + timedelta(days=80)),
                    people="党组会",
                    content="专题研究定点帮扶工作",
                )
        for unit in sorted(resident_units):
            for half in (1, 2):
                if (unit, year, half) == NO_TEAM_REPORT:
                    continue
                lo = date(year, 6 * half - 3, 1)
                add(
                    unit,
                    "听取驻村汇报",
                    workday(lo, lo + timedelta(days=80)),
                    people="党组会",
                    content="听取驻村第一书记和工作队工作汇报",
                )
        for unit in sorted(pair_units):
            for q in (1, 2, 3, 4):
                end_month = 3 * q
                if (unit, year, q) == LATE_SUMMARY[:3]:
                    add(
                        unit,
                        "季度工作总结",
                        LATE_SUMMARY[3],
                        content=f"{year}年第{q}季度结对帮扶工作总结",
                        for_=f"{year}Q{q}",
                    )
                    continue
                add(
                    unit,
                    "季度工作总结",
                    workday(date(year, end_month, 18), date(year, end_month, 28)),
                    content=f"{year}年第{q}季度结对帮扶工作总结",
                )
            if (unit, year) != NO_CONSUMPTION:
                amount = f"{rng.randrange(20, 120) * 500}.00"
                add(
                    unit,
                    "消费帮扶",
                    workday(date(year, 9, 1), date(year, 11, 15)),
                    people="单位工会",
                    content="采购脱贫户脐橙、茶油",
                    amount=amount,
                )
    unit, village, day = ELSEWHERE_VISIT
    add(unit, "班子成员调研", day, village, "分管副局长", "到邻村学习产业项目经验")
    unit, day = NO_VILLAGE_ACTIVITY
    add(unit, "班子成员调研", day, people="分管副局长", content="回访原定点帮扶村移交后的项目")
    rows.sort(key=lambda r: (r[2], r[0], r[1]))
    return rows


def trainings(residents: list[tuple[str, date, date | None]]) -> list[list[str]]:
    rows = []
    for cadre, start, end in residents:
        for year in YEARS:
            first, last = max(start, date(year, 1, 1)), min(end or LAST_DAY, date(year, 12, 31), LAST_DAY)
            if first > last:
                continue
            if (cadre, year) == SHORT_TRAINING:
                s = workday(date(year, 4, 1), date(year, 4, 20))
                rows.append([cadre, "驻村干部业务培训", "县级", s, s + timedelta(days=3)])
                s = workday(date(year, 9, 1), date(year, 9, 20))
                rows.append([cadre, "乡村振兴政策宣讲", "乡镇级", s, s + timedelta(days=2)])
                continue
            if cadre == ACROSS_NEW_YEAR[0] and year == 2025:
                rows.append([cadre, "驻村第一书记示范培训", "市级", ACROSS_NEW_YEAR[1], ACROSS_NEW_YEAR[2]])
                s = workday(date(year, 5, 5), date(year, 5, 25))
                rows.append([cadre, "全省驻村干部培训班", "省级", s, s + timedelta(days=4)])
                continue
            lo = max(first, date(year, 3, 1))
            if lo + timedelta(days=60) > last:
                continue  # too little of the year left to train in
            s = workday(lo, min(lo + timedelta(days=60), last - timedelta(days=5)))
            rows.append([cadre, "全省驻村干部培训班", "省级", s, s + timedelta(days=4)])
            s2 = workday(min(s + timedelta(days=60), last - timedelta(days=3)), last - timedelta(days=2))
            if s2 > s + timedelta(days=5):
                rows.append([cadre, "驻村干部业务培训", "县级", s2, s2 + timedelta(days=2)])
    rows = [[c, n, lvl, s.isoformat(), e.isoformat()] for c, n, lvl, s, e in rows if e <= LAST_DAY]
    rows.sort(key=lambda r: (r[3], r[0]))
    return rows


def partner_rows() -> list[list[str]]:
    rows = [
        ["党政主要领导赴对方调研", "2025-04-18", "", "", "", "县委书记、县长", "赴龙华区对接产业协作"],
        ["党政主要领导赴对方调研", "2025-10-22", "", "", "", "区委书记", "来信丰调研脐橙产业"],
        ["党政主要领导赴对方调研", "2026-05-20", "", "", "", "县委书记", "赴龙华区对接劳务协作"],
        ["市级领导带队互访", "2025-06-12", "", "", "", "市委副书记", "两地市级领导带队互访"],
        ["县级主要负责同志互访", "2025-09-03", "", "", "", "县长", "县级党政主要负责同志互访"],
        ["县级主要负责同志互访", "2026-07-09", "", "", "", "县委书记", "县级党政主要负责同志互访"],
        ["市级领导带队互访", "2026-11-12", "", "", "", "市委副书记", "两地市级领导带队互访（推迟）"],
        ["资金拨付到位", "2025-03-20", "", "", "5000000.00", "", "2025年度协作资金拨付到位"],
        ["资金使用完成", "2025-11-18", "", "", "5000000.00", "", "2025年度协作资金使用完成"],
        ["资金拨付到位", "2026-03-28", "", "", "5500000.00", "", "2026年度协作资金拨付到位"],
    ]
    for cadre, start, end in SECONDMENTS:
        rows.append(
            [
                "挂职",
                start.isoformat(),
                end.isoformat() if end else "",
                cadre,
                "",
                "",
                "龙华区选派干部挂任副县长",
            ]
        )
    rows.sort(key=lambda r: r[1])
    return rows


CONTRIBUTIONS = [
    [
        "信丰县绿源脐橙专业合作社",
        "企业",
        "2025-03-16",
        "捐赠",
        "30000.00",
        "",
        "35",
        "大塘埠镇",
        "三江村",
        "捐赠果苗和有机肥",
    ],
    [
        "信丰县绿源脐橙专业合作社",
        "企业",
        "2025-11-20",
        "产销对接",
        "120000.00",
        "",
        "48",
        "大塘埠镇",
        "三江村",
        "收购脱贫户脐橙",
    ],
    [
        "信丰县绿源脐橙专业合作社",
        "企业",
        "2026-11-05",
        "产销对接",
        "150000.00",
        "",
        "52",
        "大塘埠镇",
        "三江村",
        "收购脱贫户脐橙",
    ],
    [
        "赣州市慈善总会信丰分会",
        "社会组织",
        "2025-06-01",
        "助学",
        "20000.00",
        "12",
        "16",
        "大塘埠镇",
        "",
        "资助脱贫户子女就学",
    ],
    [
        "赣州市慈善总会信丰分会",
        "社会组织",
        "2025-09-01",
        "助学",
        "24000.00",
        "12",
        "20",
        "大塘埠镇",
        "",
        "资助脱贫户子女就学",
    ],
    [
        "赣州市慈善总会信丰分会",
        "社会组织",
        "2026-06-01",
        "助学",
        "26000.00",
        "16",
        "22",
        "大塘埠镇",
        "",
        "资助脱贫户子女就学",
    ],
    [
        "大塘埠镇志愿服务队",
        "社会组织",
        "2025-07-12",
        "志愿服务",
        "",
        "64",
        "30",
        "大塘埠镇",
        "龙井村",
        "防溺水宣传和独居老人探访",
    ],
    [
        "大塘埠镇志愿服务队",
        "社会组织",
        "2026-01-25",
        "志愿服务",
        "",
        "48",
        "26",
        "大塘埠镇",
        "石背村",
        "春节前探访独居老人",
    ],
    [
        "大塘埠镇志愿服务队",
        "社会组织",
        "2026-07-18",
        "志愿服务",
        "",
        "72",
        "34",
        "大塘埠镇",
        "龙井村",
        "暑期防溺水宣传",
    ],
    ["刘建华", "个人", "2025-12-28", "捐赠", "5000.00", "", "4", "大塘埠镇", "大塘埠村", "慰问困难老人"],
    ["曾庆林", "个人", "2026-02-03", "捐赠", "2000.00", "", "2", "大塘埠镇", "三江村", "资助大病户"],
    [
        "江西赣南电商有限公司",
        "企业",
        "2025-10-15",
        "消费帮扶",
        "45000.00",
        "30",
        "60",
        "大塘埠镇",
        "",
        "直播带货销售农产品",
    ],
]


def residents() -> tuple[list[tuple[str, date, date | None]], set[str], set[str]]:
    """Resident cadres (roles.csv), their units, and the units with a paired cadre (the units of XF9)."""
    unit_code = {name: code for code, name, *_ in UNITS}
    unit_of = {c["干部编号"]: c["单位"] for c in read("cadres.csv")}
    roles = [
        (r["干部编号"], D(r["开始日期"]), D(r["结束日期"]) if r["结束日期"] else None)
        for r in read("roles.csv")
    ]
    resident_units = {unit_code[unit_of[c]] for c, _, _ in roles if unit_of[c] in unit_code}
    paired = {p["干部编号"] for p in read("pairings.csv") if p["类型"] == "结对"}
    pair_units = {unit_code[unit_of[c]] for c in paired if unit_of[c] in unit_code}
    return roles, resident_units, pair_units


IRREGULARITIES = f"""
## 其他帮扶 / The other kinds of assistance

由 `generate_assistance.py` 生成（在 `generate.py` 之后运行；它重写本节）。Generated by `generate_assistance.py`
(run it after `generate.py`, which rewrites this file). Import order, after the files above:

```
bangfu unit import samples/units.csv
bangfu activity import samples/activities.csv
bangfu training import samples/trainings.csv
bangfu partner set {PARTNER[0]} --since {PARTNER[1].isoformat()}
bangfu partner import samples/partner.csv
bangfu social import samples/contributions.csv
```

| file | rows | content |
|------|-----:|---------|
| units.csv | {{units}} | 9 个县直帮扶单位（每村一个，新圳村年中更换）、大塘埠镇人民政府（不定点帮扶村） |
| activities.csv | {{activities}} | 2025-01-01 至 2026-11-20：帮扶计划、研究部署、调研、听取驻村汇报、季度工作总结、消费帮扶 |
| trainings.csv | {{trainings}} | 驻村干部（roles.csv 中的第一书记和工作队员）参加的培训 |
| partner.csv | {{partner}} | 与 {PARTNER[0]} 的县域结对活动：互访、资金拨付与使用、挂职 |
| contributions.csv | {{contributions}} | 企业、社会组织和个人的社会帮扶 |

有意设置的情形 / Deliberate irregularities (as of 2026-11-27):

1. **帮扶计划逾期 / late plan** — `{LATE_PLAN[0]}` 信丰县卫生健康委员会 filed its 2026 plan for {LATE_PLAN[1]} on {LATE_PLAN[3].isoformat()} (after 31 March: SZ5 late).
2. **帮扶计划缺失 / missing plan** — `{MISSING_PLAN[0]}` 信丰县人力资源和社会保障局 filed no 2026 plan for {MISSING_PLAN[1]}.
3. **年中建立的帮扶关系 / link from mid-year** — `XF-DW-08` 信丰县民政局 assists 石背村 from 2025-03-15: not required for 2025 (not linked on 1 January), required for 2026.
4. **年中结束的帮扶关系 / link ending mid-year** — `XF-DW-07` 信丰县水利局 assists 新圳村 until 2026-06-30 (still required for all of 2026); `XF-DW-09` 信丰县交通运输局 takes over on 2026-07-01 (not required until 2027).
5. **研究部署不足 / one study in a year** — `{ONE_STUDY[0]}` 信丰县自然资源局 held one study meeting in {ONE_STUDY[1]} (SZ6 needs two).
6. **未听取驻村汇报 / no team report** — `{NO_TEAM_REPORT[0]}` 信丰县教育科技体育局 heard no report in {NO_TEAM_REPORT[1]}H{NO_TEAM_REPORT[2]} (SZ9).
7. **季度总结迟报 / late summary** — `{LATE_SUMMARY[0]}` 信丰县财政局 sent its {LATE_SUMMARY[1]}Q{LATE_SUMMARY[2]} summary on {LATE_SUMMARY[3].isoformat()}, `所属期间` {LATE_SUMMARY[1]}Q{LATE_SUMMARY[2]} (XF9 late).
8. **无消费帮扶 / no consumption purchase** — `{NO_CONSUMPTION[0]}` 信丰县民政局 in {NO_CONSUMPTION[1]} (XF10).
9. **到非帮扶村调研 / visit to a village the unit does not assist** — `{ELSEWHERE_VISIT[0]}` 信丰县农业农村局 to {ELSEWHERE_VISIT[1]} on {ELSEWHERE_VISIT[2].isoformat()}: imported with a warning, counts for no village.
10. **不帮扶任何村时的活动 / activity when the unit assists no village** — `{NO_VILLAGE_ACTIVITY[0]}` 信丰县水利局, a deputy's visit without a village on {NO_VILLAGE_ACTIVITY[1].isoformat()} (after its link ended): imported with a warning, counts for no village.
11. **附件 / attachment** — the 2026 plan of `XF-DW-02` for 三江村 names `{ATTACHMENT}`, copied into the ledger's attachments folder.
12. **培训不足 / short training year** — `{SHORT_TRAINING[0]}` (坪石村工作队员) in {SHORT_TRAINING[1]}: 4 days at county level and 3 at township level (which do not count): 4 < 7 days (SZ10).
13. **跨年培训 / training across 31 December** — `{ACROSS_NEW_YEAR[0]}` {ACROSS_NEW_YEAR[1].isoformat()} to {ACROSS_NEW_YEAR[2].isoformat()} (市级): 3 days count in 2025, 2 in 2026.
14. **挂职间断 / secondment gap** — `LH-GB-01` ends 2025-02-28, `LH-GB-02` starts 2025-03-02: 2025-03-01 is uncovered (SZ11E); `LH-GB-03` follows from 2026-03-01 without a gap.
15. **互访迟于 10 月 31 日 / mutual visit after 31 October** — the 2026 city-level visit came on 2026-11-12 (SZ11B late); the 2026 funds are not yet spent (SZ11D due until 30 November); no heads' visit yet in 2026H2 (SZ11A due).
16. **单位无法匹配的干部 / cadres whose unit matches no unit** — the cadres of 中共信丰县委, 信丰县人民政府, 信丰县人大常委会 and 大塘埠镇卫生院 (`bangfu unit list` names them).
"""


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--out", type=Path, default=HERE)
    out = ap.parse_args().out
    out.mkdir(parents=True, exist_ok=True)
    roles, resident_units, pair_units = residents()
    unit_rows = [[c, n, lvl, TOWNSHIP if v else "", v or "", s, e] for c, n, lvl, v, s, e in UNITS]
    activity_rows = activities(resident_units, pair_units)
    training_rows = trainings(roles)
    partner = partner_rows()
    write(
        out / "units.csv", ["单位编号", "单位名称", "层级", "乡镇", "村", "开始日期", "结束日期"], unit_rows
    )
    write(
        out / "activities.csv",
        ["单位编号", "类型", "日期", "乡镇", "村", "参加人员", "内容", "金额", "附件", "所属期间"],
        activity_rows,
    )
    write(out / "trainings.csv", ["干部编号", "培训名称", "层级", "开始日期", "结束日期"], training_rows)
    write(out / "partner.csv", ["类型", "日期", "结束日期", "干部编号", "金额", "人员", "内容"], partner)
    write(
        out / "contributions.csv",
        ["贡献者", "贡献者类型", "日期", "方式", "金额", "时长", "受益人数", "乡镇", "村", "成效"],
        CONTRIBUTIONS,
    )
    attachment = out / ATTACHMENT
    attachment.parent.mkdir(parents=True, exist_ok=True)
    attachment.write_text("2026年度三江村定点帮扶工作计划（样例附件）\n", encoding="utf-8")
    readme = out / "README.md"
    text = readme.read_text(encoding="utf-8") if readme.exists() else ""
    text = text.split("\n## 其他帮扶 / The other kinds of assistance", 1)[0].rstrip("\n") + "\n"
    section = IRREGULARITIES.format(
        units=len(unit_rows),
        activities=len(activity_rows),
        trainings=len(training_rows),
        partner=len(partner),
        contributions=len(CONTRIBUTIONS),
    )
    readme.write_text(text + section, encoding="utf-8")


if __name__ == "__main__":
    main()
