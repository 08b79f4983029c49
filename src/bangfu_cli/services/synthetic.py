"""A synthetic county written straight into a ledger (``bangfu demo --households N``, benchmarks).

What it makes, for ``households`` households over ``years`` years ending on ``end``:

- counties of about 50,000 households (a city is several counties), ~20 townships per county and
  ~10 villages per township, with real-sounding Chinese names and GB 2260-style codes;
- households: most are 脱贫户; the rest are 监测对象 of the three types, some identified during the
  span (a few recorded before they are identified), some whose risk is eliminated during it, a few
  脱贫户 that become 脱贫不稳定户, a few closed (户销户); valid GB 11643 ID numbers, mobile phones;
- cadres (~1 per 12 households) from the village's 定点帮扶单位 and the township, and county leaders
  with ``leader`` pairings to monitored households;
- a first secretary for nearly every village (a few villages have none, a few change mid-span), and
  a team member;
- ``pair`` pairings, with transfers (old ends D−1, new starts D, 联系牌 mostly replaced within a
  week, sometimes late or not yet) and a few gaps (断档);
- visits that mostly follow ``xinfeng-2023`` — a quarterly home visit by the paired cadre, a monthly
  home visit by the first secretary to each monitored household and a quarterly one to each 脱贫户,
  phone contacts, leader visits — with realistic gaps (cadres differ in diligence; a few households
  were never visited; a few visits are voided);
- quarterly income records (mostly inside the collection window, a few late, a few missing),
  quarterly assessments of monitored households, and the 监测范围 of each year.

The span: ``end`` defaults to the last day of the last full quarter before ``ledger.today``; the
span is the ``4 × years`` quarters ending there. Nothing is dated after ``end`` (recording times
included), so the output depends only on (households, years, seed, end) and the operator's name.

Deterministic: one ``random.Random(seed)`` drives everything (uuids included); nothing iterates a
set or depends on the clock.

Everything is written in the one write transaction of ``ledger.write()``. On SQLite the rows go
through the DB-API ``executemany`` of that transaction's connection, already in the form
SQLAlchemy would bind (dates and times as text), and each table's secondary indexes are rebuilt
once after its rows are in; elsewhere (or with ``fast=False``) through SQLAlchemy Core bulk
inserts. A test proves both paths write identical tables and schema."""

from __future__ import annotations

import bisect
import json
import math
import random
from collections.abc import Callable, Iterable, Iterator
from datetime import UTC, date, datetime, timedelta
from itertools import islice
from typing import Any

from bangfu_cli.domain.dates import in_span, period_of, periods_between, shift_quarter
from bangfu_cli.domain.errors import BangfuError
from bangfu_cli.domain.identity import id_check_digit

VERSION = 1  # bump whenever the rows written for given (households, years, seed, end) change
CHUNK = 20_000
CACHE_KIB = 256 * 1024
COUNTY_SIZE = 50_000  # households per county; a larger ledger is a city of several counties
MAX_HOUSEHOLDS = 2_000_000
MAX_YEARS = 10

# ------------------------------------------------------------------------------------------------
# names and places
# ------------------------------------------------------------------------------------------------

COUNTIES = [
    ("360722", "信丰县"),
    ("360726", "安远县"),
    ("360730", "宁都县"),
    ("360731", "于都县"),
    ("360732", "兴国县"),
    ("360733", "会昌县"),
    ("360734", "寻乌县"),
    ("360735", "石城县"),
    ("360723", "大余县"),
    ("360724", "上犹县"),
    ("360725", "崇义县"),
    ("360728", "定南县"),
    ("360729", "全南县"),
    ("360781", "瑞金市"),
    ("360783", "龙南市"),
    ("360703", "南康区"),
    ("360704", "赣县区"),
]
PLACE_1 = list(
    "大新安古龙石铁正油小嘉西万虎崇金坪高桃上下黄白长双横田杨梅沙平云凤东南北中兰竹青罗江水仙龙宝太永丰隆三五九洋潭"
)
PLACE_2 = list("塘田山江坪岗口溪陂源坑圩埠背岭湖洲头坝石桥丰兴和安城陵冈墩村林垄坳寨庄门岩圳湾滩")
SURNAMES = list(
    "刘曾钟谢黄李王陈郭赖肖张罗邱朱廖胡温袁叶邓林彭吴何杨徐卢池蓝古卜甘幸邹魏周孙赵宋唐严康丁方邝凌易"
) + ["欧阳"]
MALE_1 = list("春发明林华生荣祥福贵文国建平金水德胜根清光辉志海新远长永洪财旺兴昌运桂火石俊冬")
MALE_2 = list("生发华明林平根荣祥福贵才元富泉山忠亮强勇军辉斌峰龙保全成有庆坤彪秋松树云")
FEMALE_1 = list("秀桂凤玉春冬金银月爱美小菊招满细梅丽")
FEMALE_2 = list("英兰梅珍凤娟芳莲香花娣妹连秀华琴萍红")
PHONE_PREFIXES = tuple(
    f"{p}"
    for p in [
        130,
        131,
        132,
        133,
        135,
        136,
        137,
        138,
        139,
        150,
        151,
        152,
        155,
        157,
        158,
        159,
        180,
        181,
        182,
        183,
        187,
        188,
        189,
        191,
        193,
        195,
        198,
        199,
    ]
)
BUREAUS = [
    "发展和改革委员会",
    "教育科技体育局",
    "公安局",
    "民政局",
    "司法局",
    "财政局",
    "人力资源和社会保障局",
    "自然资源局",
    "住房和城乡建设局",
    "交通运输局",
    "水利局",
    "农业农村局",
    "商务局",
    "文化广电新闻出版旅游局",
    "卫生健康委员会",
    "应急管理局",
    "审计局",
    "市场监督管理局",
    "统计局",
    "医疗保障局",
    "林业局",
    "乡村振兴局",
    "供销合作社联合社",
    "人民医院",
    "农商银行",
]
COUNTY_POSITIONS = [
    "科员",
    "科员",
    "一级科员",
    "四级主任科员",
    "二级主任科员",
    "股长",
    "副局长",
    "办公室主任",
]
TOWN_POSITIONS = ["科员", "科员", "一级科员", "四级主任科员", "副镇长", "组织委员", "乡村振兴工作站站长"]
FS_POSITIONS = ["四级主任科员", "三级主任科员", "副局长", "股长", "二级主任科员"]
LEADER_POSTS = [
    ("中共{c}委员会", "县委副书记"),
    ("{c}人民政府", "副县长"),
    ("{c}人民政府", "副县长"),
    ("{c}人大常委会", "副主任"),
    ("{c}政协", "副主席"),
    ("中共{c}委员会", "县委常委、组织部长"),
    ("中共{c}委员会", "县委常委、宣传部长"),
    ("{c}人民政府", "副县长"),
    ("{c}人大常委会", "副主任"),
    ("{c}政协", "副主席"),
]

HOME_CONTENT = [
    "入户了解家庭生产生活情况",
    "宣传防返贫监测政策，核实家庭收支",
    "了解务工就业情况，登记外出务工信息",
    "协助申报产业发展奖补资金",
    "了解家庭成员身体状况和就医情况",
    "核实“三保障”和饮水安全情况",
    "了解子女上学和教育资助落实情况",
    "查看庭院经济和种养殖情况",
]
FS_CONTENT = [
    "第一书记入户走访，了解家庭风险变化情况",
    "第一书记入户宣传防返贫政策，听取帮扶意见",
    "第一书记入户核实收入变化和帮扶措施落实情况",
]
PHONE_CONTENT = [
    "电话了解近期家庭生产生活情况",
    "电话提醒申报务工补贴",
    "微信联系了解务工收入",
    "电话回访帮扶措施落实情况",
]
PROBLEMS = ["无"] * 12 + ["务工收入不稳定", "家庭成员患慢性病，医疗支出较大", "产业缺少技术指导", "房屋漏雨"]
MEASURES = [
    "落实各项惠民政策",
    "持续跟踪帮扶",
    "对接就业岗位信息",
    "协助办理慢性病卡",
    "鼓励发展庭院经济",
    "联系农技人员上门指导",
]
GUARANTEE_ISSUES = [
    "住房：屋顶漏雨，已上报危房改造",
    "医疗：慢性病未签约家庭医生",
    "饮水：旱季供水不足",
    "教育：子女辍学风险",
]
TRANSFER_REASONS = ["工作调动", "干部退休", "岗位调整", "干部交流任职"]
CLOSE_REASONS = ["户销户（户主去世，无共同生活人员）", "自然消除（户籍迁出）", "识别错误，经核实退出"]
FS_END_REASONS = ["任期届满轮换", "工作调动"]
VOID_REASONS = ["重复录入", "走访对象录错", "日期录错，已重新登记"]
LATE_REASONS = ["户主外出务工未能按时联系，返乡后补录", "采集人住院，延期补录", "汛期道路中断，延期采集"]

_CONTACTS = (0, 0, 0, 1, 1, 2)
_TABLES = (
    "village",
    "household",
    "household_status",
    "cadre",
    "pairing",
    "role",
    "visit",
    "income",
    "assessment",
    "threshold",
)


def default_end(today: date) -> date:
    """The last day of the last full quarter before ``today``."""
    return period_of("quarter", today).start - timedelta(days=1)


def span(end: date, years: int) -> tuple[date, date]:
    """The ``4 × years`` whole quarters ending with ``end``'s quarter (``end`` itself when it is a
    quarter's last day)."""
    last = period_of("quarter", end)
    first = shift_quarter(last, -(4 * years - 1))
    return first.start, end


class _Household:
    __slots__ = (
        "id",
        "village",
        "code",
        "size",
        "since",
        "closed_on",
        "statuses",
        "pairs",
        "leader",
        "diligent",
        "never",
        "income",
    )

    def __init__(self) -> None:
        self.statuses: list[tuple[date, bool, str | None, str | None, str | None]] = []
        self.pairs: list[list[Any]] = []  # [start, end, cadre id, plaque_on, end_reason]
        self.leader: tuple[int, date] | None = None
        self.closed_on: date | None = None
        self.never = False

    def status_on(self, day: date) -> tuple[bool, str | None, str | None] | None:
        found = None
        for eff, tuopin, mtype, risk, _note in self.statuses:
            if eff <= day:
                found = (tuopin, mtype, risk)
        return found

    def pair_cadre(self, day: date) -> int | None:
        for start, end, cadre, _plaque, _reason in self.pairs:
            if in_span(day, start, end):
                return cadre
        return None


class _Builder:
    """Plans the county in memory (places, people, pairings, roles), then streams the rows."""

    def __init__(self, households: int, years: int, seed: int, end: date, operator: str) -> None:
        self.rng = random.Random(seed)
        self.n = households
        self.years = years
        self.start, self.end = span(end, years)
        self.operator = operator
        self.villages: list[tuple[int, str, str, str, str]] = []  # id, township, name, code, unit
        self.cadres: list[tuple] = []
        self.roles: list[tuple] = []
        self.households: list[_Household] = []
        self.fs: dict[int, list[tuple[date, date | None, int]]] = {}
        self.pool: dict[int, list[int]] = {}
        self.ids_seen: set[str] = set()
        self.phones_seen: set[str] = set()
        self.counts: dict[str, int] = {}
        self.dates: dict[int, date] = {}
        self.isos: dict[date, str] = {}
        self._workdays()

    # -- small helpers ---------------------------------------------------------------------------

    def uuid(self) -> str:
        h = f"{self.rng.getrandbits(128):032x}"
        return f"{h[:8]}-{h[8:12]}-4{h[13:16]}-{'89ab'[int(h[16], 16) & 3]}{h[17:20]}-{h[20:]}"

    def stamp(self, day: date, lag_max: int = 3) -> str:
        """A recording time (UTC) a few days after ``day``, never after the span's end, as the
        text SQLite stores."""
        r = self.rng.random
        rec = day + timedelta(days=int(r() * (lag_max + 1)))
        if rec > self.end:
            rec = self.end
        return f"{self.iso(rec)} {int(r() * 11):02d}:{int(r() * 60):02d}:00.000000"

    def iso(self, day: date | None) -> str | None:
        """A date as the text SQLite stores (cached: a county has ~1,000 distinct days)."""
        if day is None:
            return None
        text = self.isos.get(day)
        if text is None:
            text = self.isos[day] = day.isoformat()
        return text

    def _workdays(self) -> None:
        from bangfu_cli.domain.workdays import WorkCalendar

        cal = WorkCalendar()
        first = self.start - timedelta(days=800)
        days = (self.end - first).days + 1
        self.work = [
            o
            for o in range(first.toordinal(), first.toordinal() + days)
            if cal.is_workday(date.fromordinal(o))
        ]

    def day(self, lo: date, hi: date, workday_p: float = 0.93) -> date:
        """A random day in [lo, hi], a working day with probability ``workday_p``."""
        a, b = lo.toordinal(), hi.toordinal()
        r = self.rng.random
        if r() < workday_p:
            i = bisect.bisect_left(self.work, a)
            j = bisect.bisect_right(self.work, b)
            if j > i:
                return self._date(self.work[i + int(r() * (j - i))])
        return self._date(a + int(r() * (b - a + 1)))

    def _date(self, ordinal: int) -> date:
        d = self.dates.get(ordinal)
        if d is None:
            d = self.dates[ordinal] = date.fromordinal(ordinal)
        return d

    def person(self, female: bool) -> str:
        rng = self.rng
        surname = rng.choice(SURNAMES)
        if rng.random() < 0.12:
            return surname + rng.choice(FEMALE_2 if female else MALE_2)
        if female:
            return surname + rng.choice(FEMALE_1) + rng.choice(FEMALE_2)
        return surname + rng.choice(MALE_1) + rng.choice(MALE_2)

    def id_number(self, region: str, born: date, female: bool) -> str:
        rng = self.rng
        while True:
            seq = rng.randrange(0, 100) * 10 + rng.choice((0, 2, 4, 6, 8) if female else (1, 3, 5, 7, 9))
            body = f"{region}{born:%Y%m%d}{seq:03d}"
            value = body + id_check_digit(body)
            if value not in self.ids_seen:
                self.ids_seen.add(value)
                return value

    def phone(self) -> str:
        rng = self.rng
        while True:
            value = rng.choice(PHONE_PREFIXES) + f"{rng.randrange(10**8):08d}"
            if value not in self.phones_seen:
                self.phones_seen.add(value)
                return value

    def place(self, taken: dict[str, int], suffix: str) -> str:
        rng = self.rng
        for _ in range(200):
            name = rng.choice(PLACE_1) + rng.choice(PLACE_2) + suffix
            if name not in taken:
                taken[name] = 1
                return name
        name = f"{rng.choice(PLACE_1)}{rng.choice(PLACE_2)}{len(taken)}{suffix}"  # pragma: no cover
        taken[name] = 1  # pragma: no cover
        return name  # pragma: no cover

    def cadre(self, unit: str, position: str, code: str, leader: bool = False) -> int:
        cid = len(self.cadres) + 1
        female = self.rng.random() < 0.3
        self.cadres.append((cid, code, self.person(female), unit, position, self.phone(), leader))
        return cid

    # -- planning --------------------------------------------------------------------------------

    def plan(self) -> None:
        n_counties = max(1, math.ceil(self.n / COUNTY_SIZE))
        shares = _split(self.n, n_counties)
        towns_taken: dict[str, int] = {}
        for ci, share in enumerate(shares):
            region, county = COUNTIES[ci % len(COUNTIES)]
            if ci >= len(COUNTIES):  # pragma: no cover - more than 850,000 households
                county = f"{county}{ci // len(COUNTIES) + 1}"
            self._plan_county(region, county, share, towns_taken)
        self.counts["counties"] = n_counties

    def _plan_county(self, region: str, county: str, n: int, towns_taken: dict[str, int]) -> None:
        rng = self.rng
        n_villages = max(1, min(n // 15, max(round(n / 250), 10)))
        n_towns = max(1, round(n_villages / 10))
        per_town = _split(n_villages, n_towns)
        unit_names = [f"{county}{b}" for b in BUREAUS]
        cadre_seq = [0]

        def code() -> str:
            cadre_seq[0] += 1
            return f"{region}-GB-{cadre_seq[0]:05d}"

        leaders = [
            self.cadre(unit.format(c=county), post, code(), leader=True)
            for unit, post in LEADER_POSTS[: max(2, min(len(LEADER_POSTS), n // 4000 + 2))]
        ]
        village_ids: list[int] = []
        for ti, nv in enumerate(per_town):
            town = self.place(towns_taken, "镇" if rng.random() < 0.8 else "乡")
            town_code = f"{region}{100 + ti:03d}"
            taken: dict[str, int] = {}
            for vi in range(nv):
                vid = len(self.villages) + 1
                unit = rng.choice(unit_names)
                self.villages.append((vid, town, self.place(taken, "村"), f"{town_code}{200 + vi:03d}", unit))
                village_ids.append(vid)
        hh_per_village = _split(n, len(village_ids), weights=[rng.uniform(0.5, 1.5) for _ in village_ids])
        first_hh = len(self.households)
        # at least one village without a first secretary and one whose first secretary changes
        odd = rng.sample(range(len(village_ids)), 2) if len(village_ids) >= 4 else [-1, -1]
        for i, (vid, nh) in enumerate(zip(village_ids, hh_per_village, strict=True)):
            fs_mode = "none" if i == odd[0] else "change" if i == odd[1] else None
            self._plan_village(region, vid, nh, code, fs_mode)
        county_households = self.households[first_hh:]
        rng.choice(county_households).never = True  # at least one household never visited
        self._plan_leaders(leaders, county_households)

    def _plan_village(
        self, region: str, vid: int, nh: int, code: Callable[[], str], fs_mode: str | None
    ) -> None:
        rng = self.rng
        _vid, town, _name, vcode, unit = self.villages[vid - 1]
        k = max(1, math.ceil(nh / 12))
        pool = []
        for _ in range(k):
            if rng.random() < 0.6:
                pool.append(self.cadre(unit, rng.choice(COUNTY_POSITIONS), code()))
            else:
                pool.append(self.cadre(f"{town}人民政府", rng.choice(TOWN_POSITIONS), code()))
        spare = self.cadre(f"{town}人民政府", "科员", code())  # joins during the span, takes transfers
        self.pool[vid] = pool
        # first secretary: most villages have one from the 定点帮扶单位; a few none; a few change
        fs_segments: list[tuple[date, date | None, int]] = []
        r = rng.random()
        if fs_mode == "none":
            r = 0.0
        elif fs_mode == "change":
            r = 0.1
        if r >= 0.04:
            fs = self.cadre(unit, rng.choice(FS_POSITIONS), code())
            fs_start = self.start - timedelta(days=rng.randint(30, 700))
            if r < 0.14:
                change = self.day(self.start + timedelta(days=90), self.end - timedelta(days=30))
                new_fs = self.cadre(unit, rng.choice(FS_POSITIONS), code())
                fs_segments += [(fs_start, change - timedelta(days=1), fs), (change, None, new_fs)]
            else:
                fs_segments.append((fs_start, None, fs))
        self.fs[vid] = fs_segments
        for i, (start, end, cid) in enumerate(fs_segments):
            reason = rng.choice(FS_END_REASONS) if end else None
            self.roles.append((cid, vid, "first_secretary", start, end, reason))
            if i == 0:
                self.roles.append((pool[0], vid, "team_member", start, None, None))
        for seq in range(1, nh + 1):
            self.households.append(self._plan_household(region, vid, f"{vcode}{seq:04d}", pool, spare))

    def _plan_household(self, region: str, vid: int, code: str, pool: list[int], spare: int) -> _Household:
        rng = self.rng
        start, end = self.start, self.end
        h = _Household()
        h.id = len(self.households) + 1
        h.village = vid
        h.code = code
        h.size = rng.choices((1, 2, 3, 4, 5, 6, 7), weights=(7, 17, 20, 25, 17, 9, 5))[0]
        h.since = start
        h.diligent = rng.random() < 0.9
        h.never = rng.random() < 0.004
        h.income = rng.lognormvariate(math.log(14_000), 0.35)  # per-capita annual net income, yuan
        mid = (start + timedelta(days=60), end - timedelta(days=60))
        st = h.statuses
        r = rng.random()
        if r < 0.80:  # 脱贫户
            st.append((start, True, None, None, None))
        elif r < 0.84:  # 脱贫户 that becomes 脱贫不稳定户 during the span
            st.append((start, True, None, None, None))
            st.append((self.day(*mid), True, "unstable", "open", "纳入监测"))
            h.income *= 0.5
        elif r < 0.89:  # 脱贫不稳定户 monitored before the span; a third eliminated during it
            st.append((start, True, "unstable", "open", None))
            if rng.random() < 0.35:
                st.append((self.day(*mid), True, "unstable", "eliminated", "风险消除"))
            h.income *= 0.55
        elif r < 0.91:  # monitored, risk eliminated before the span
            st.append((start, rng.random() < 0.5, rng.choice(("unstable", "marginal")), "eliminated", None))
        elif r < 0.96:  # 边缘易致贫户: half identified during the span
            h.income *= 0.5
            self._identified(h, "marginal", mid, before=rng.random() < 0.5)
        else:  # 突发严重困难户: mostly identified during the span
            h.income *= 0.45
            self._identified(h, "sudden", mid, before=rng.random() < 0.25)
        if rng.random() < 0.01:
            h.closed_on = self.day(h.since + timedelta(days=30), end - timedelta(days=10))
            self.counts["closed"] = self.counts.get("closed", 0) + 1
        cadre = pool[h.id % len(pool)]
        h.pairs.append([h.since, None, cadre, None, None])
        r = rng.random()
        last = h.closed_on or end
        if r < 0.09 and (last - h.since).days > 60:  # a transfer: old ends D−1, new starts D
            on = self.day(h.since + timedelta(days=30), last - timedelta(days=10))
            others = [c for c in pool if c != cadre] or [spare]
            new = spare if rng.random() < 0.3 else rng.choice(others)
            gap = rng.randint(10, 45) if rng.random() < 0.05 else 0  # 断档
            h.pairs[0][1] = on - timedelta(days=1)
            h.pairs[0][4] = rng.choice(TRANSFER_REASONS)
            p = rng.random()
            new_start = on + timedelta(days=gap)
            plaque = None
            if p < 0.85:
                plaque = new_start + timedelta(days=rng.randint(0, 7))
            elif p < 0.95:
                plaque = new_start + timedelta(days=rng.randint(12, 40))
            if plaque is not None and plaque > end:
                plaque = None
            if new_start <= last:
                h.pairs.append([new_start, None, new, plaque, None])
            self.counts["transfers"] = self.counts.get("transfers", 0) + 1
        if h.closed_on is not None:
            final = h.pairs[-1]
            if final[1] is None:
                final[1] = h.closed_on
                final[4] = "户销户"
        return h

    def _identified(self, h: _Household, mtype: str, mid: tuple[date, date], before: bool) -> None:
        rng = self.rng
        if before:
            h.statuses.append((self.start, False, mtype, "open", None))
            if rng.random() < 0.3:
                h.statuses.append((self.day(*mid), False, mtype, "eliminated", "风险消除"))
            return
        on = self.day(*mid)
        if rng.random() < 0.2:  # recorded before it was identified: no obligation until then
            h.since = on - timedelta(days=rng.randint(20, 60))
            h.statuses.append((h.since, False, None, None, None))
        else:
            h.since = on
        h.statuses.append((on, False, mtype, "open", "纳入监测"))

    def _plan_leaders(self, leaders: list[int], households: list[_Household]) -> None:
        rng = self.rng
        monitored = [h for h in households if any(s[2] for s in h.statuses) and h.closed_on is None]
        if not monitored:
            monitored = [h for h in households if h.closed_on is None]
        for cid in leaders:
            for h in rng.sample(monitored, min(len(monitored), rng.randint(3, 6))):
                if h.leader is None:
                    h.leader = (cid, h.since)

    # -- rows ------------------------------------------------------------------------------------

    def stamped(self, day: date, lag_max: int = 3) -> tuple[str, str, str]:
        return (self.uuid(), self.stamp(day, lag_max), self.operator)

    def village_rows(self) -> Iterator[tuple]:
        for vid, town, name, _code, _unit in self.villages:
            yield (vid, town, name, *self.stamped(self.start - timedelta(days=3), 0))

    def cadre_rows(self) -> Iterator[tuple]:
        for cid, code, name, unit, position, phone, leader in self.cadres:
            yield (
                cid,
                code,
                name,
                unit,
                position,
                phone,
                leader,
                *self.stamped(self.start - timedelta(days=3), 0),
            )

    def household_rows(self) -> Iterator[tuple]:
        rng = self.rng
        vregion = {v[0]: v[3][:6] for v in self.villages}
        for h in self.households:
            female = rng.random() < (0.45 if h.size <= 2 else 0.12)
            year = rng.randint(1936, 1960) if h.size <= 2 else rng.randint(1955, 1995)
            born = date(year, 1, 1) + timedelta(days=rng.randrange(365))
            phone = None if (h.size <= 2 and rng.random() < 0.1) else self.phone()
            reason = rng.choice(CLOSE_REASONS) if h.closed_on else None
            yield (
                h.id,
                h.code,
                self.person(female),
                self.id_number(vregion[h.village], born, female),
                h.village,
                h.size,
                phone,
                self.iso(h.since),
                self.iso(h.closed_on),
                reason,
                *self.stamped(h.since, 2),
            )

    def status_rows(self) -> Iterator[tuple]:
        n = 0
        for h in self.households:
            for eff, tuopin, mtype, risk, note in h.statuses:
                n += 1
                yield (n, h.id, self.iso(eff), tuopin, mtype, risk, note, *self.stamped(max(eff, h.since), 3))

    def pairing_rows(self) -> Iterator[tuple]:
        n = 0
        for h in self.households:
            for start, end, cadre, plaque, reason in h.pairs:
                n += 1
                yield (n, h.id, cadre, "pair", self.iso(start), self.iso(end), reason, self.iso(plaque),
                       *self.stamped(start, 3))  # fmt: skip
            if h.leader:
                n += 1
                cid, start = h.leader
                yield (n, h.id, cid, "leader", self.iso(start), self.iso(h.closed_on),
                       "户销户" if h.closed_on else None, None,
                       *self.stamped(start, 3))  # fmt: skip

    def role_rows(self) -> Iterator[tuple]:
        for n, (cid, vid, role, start, end, reason) in enumerate(self.roles, 1):
            yield (n, cid, vid, role, self.iso(start), self.iso(end), reason,
                   *self.stamped(max(start, self.start), 3))  # fmt: skip

    def visit_rows(self) -> Iterator[tuple]:
        """Visits, household by household; ids in that order."""
        rng = self.rng
        quarters = periods_between("quarter", self.start, self.end)
        months = periods_between("month", self.start, self.end)
        n = 0
        never = 0
        for h in self.households:
            if h.never:
                never += 1
                continue
            last = min(h.closed_on or self.end, self.end)
            fs = self.fs[h.village]
            out: list[tuple[date, int, str]] = []
            for q in quarters:
                lo, hi = max(q.start, h.since), min(q.end, last)
                if lo > hi:
                    continue
                status = h.status_on(lo) or h.status_on(hi)
                if status is None or not (status[0] or status[1]):
                    continue
                # the paired cadre's quarterly home visit (sometimes two, sometimes none)
                if rng.random() < (0.95 if h.diligent else 0.55):
                    for _ in range(2 if rng.random() < 0.15 else 1):
                        d = self.day(lo, hi)
                        c = h.pair_cadre(d)
                        if c is not None:
                            out.append((d, c, "home"))
                # phone and online contacts (daily liaison)
                for _ in range(_CONTACTS[int(rng.random() * 6)]):
                    d = self.day(lo, hi, 0.8)
                    c = h.pair_cadre(d)
                    if c is not None:
                        out.append((d, c, "phone" if rng.random() < 0.75 else "online"))
                # the first secretary's quarterly home visit to every 脱贫户
                if status[0] and fs and rng.random() < 0.9:
                    d = self.day(lo, hi)
                    c = _role_on(fs, d)
                    if c is not None:
                        out.append((d, c, "home"))
                if h.leader and rng.random() < 0.5:
                    d = self.day(max(lo, h.leader[1]), hi) if h.leader[1] <= hi else None
                    if d is not None:
                        out.append((d, h.leader[0], "home"))
            if fs and any(s[2] for s in h.statuses):
                # the first secretary's monthly home visit to every monitored household
                for m in months:
                    lo, hi = max(m.start, h.since), min(m.end, last)
                    if lo > hi:
                        continue
                    status = h.status_on(m.start)
                    if status is None or status[1] is None or rng.random() >= 0.88:
                        continue
                    d = self.day(lo, hi)
                    c = _role_on(fs, d)
                    if c is not None:
                        out.append((d, c, "home"))
            out.sort(key=_visit_order)
            for d, c, mode in out:
                n += 1
                yield self._visit(n, h, d, c, mode)
        self.counts["never_visited"] = never

    def _visit(self, n: int, h: _Household, d: date, c: int, mode: str) -> tuple:
        r = self.rng.random
        if mode == "home":
            content = _pick(r, FS_CONTENT if c == _role_on(self.fs[h.village], d) else HOME_CONTENT)
        else:
            content = _pick(r, PHONE_CONTENT)
        problems = _pick(r, PROBLEMS)
        guarantees = "正常" if r() < 0.97 else _pick(r, GUARANTEE_ISSUES)
        follow = "下次走访复核" if problems != "无" else None
        measures = _pick(r, MEASURES)
        uid, rec_at, rec_by = self.stamped(d, 6 if r() < 0.9 else 45)
        if r() < 0.002:
            voided, reason, voided_by = True, _pick(r, VOID_REASONS), rec_by
            at = datetime.fromisoformat(rec_at) + timedelta(hours=1 + int(r() * 48))
            voided_at = at.strftime("%Y-%m-%d %H:%M:%S.%f")
        else:
            voided, reason, voided_at, voided_by = False, None, None, None
        return (n, h.id, c, self.iso(d), mode, content, problems, measures, guarantees, follow, None,
                voided, reason, voided_at, voided_by, uid, rec_at, rec_by)  # fmt: skip

    def income_rows(self) -> Iterator[tuple]:
        rng = self.rng
        quarters = periods_between("quarter", self.start, self.end)
        n = 0
        for h in self.households:
            last = h.closed_on or self.end
            drop_q = rng.randrange(len(quarters)) if rng.random() < 0.05 else -1
            for qi, q in enumerate(quarters):
                if h.since > q.start or last < q.end:
                    continue
                status = h.status_on(q.start)
                if status is None or not (status[0] or status[1]) or rng.random() < 0.03:
                    continue
                win_lo = q.end - timedelta(days=q.end.day - 25)
                win_hi = q.end + timedelta(days=5)
                late = None
                if rng.random() < 0.02 and win_hi + timedelta(days=6) <= self.end:
                    on = self.day(win_hi + timedelta(days=6), min(win_hi + timedelta(days=40), self.end))
                    late = rng.choice(LATE_REASONS)
                else:
                    on = self.day(win_lo, min(win_hi, self.end), 0.9)
                net = h.income * h.size / 4 * rng.uniform(0.8, 1.2) * (0.5 if qi == drop_q else 1.0)
                wage = net * rng.uniform(0.5, 0.8)
                business = net * rng.uniform(0.1, 0.3)
                cost = business * rng.uniform(0.2, 0.4)
                prop = net * rng.uniform(0.0, 0.05)
                transfer = max(0.0, net - wage - business + cost - prop)
                excluded = rng.choice((0, 0, 0, 0, 500, 1200, 3000))
                rigid = rng.choice((0,) * 12 + (2000, 5000, 20000))
                collector = h.pair_cadre(on) or h.pairs[0][2]
                n += 1
                yield (n, h.id, q.label, self.iso(on), h.size, _fen(wage), _fen(business), _fen(cost),
                       _fen(transfer), _fen(prop), excluded * 100, rigid * 100, collector, None, late,
                       None, None, *self.stamped(on, 3))  # fmt: skip

    def assessment_rows(self) -> Iterator[tuple]:
        rng = self.rng
        quarters = periods_between("quarter", self.start, self.end)
        n = 0
        for h in self.households:
            if not any(s[2] for s in h.statuses):
                continue
            last = h.closed_on or self.end
            for q in quarters:
                if h.since > q.start or last < q.end:
                    continue
                status = h.status_on(q.start)
                if status is None or status[1] is None or rng.random() < 0.08:
                    continue
                on = self.day(q.end - timedelta(days=20), q.end)
                nxt = h.status_on(q.end + timedelta(days=92))
                if status[2] == "eliminated":
                    conclusion = "continue"
                elif nxt is not None and nxt[2] == "eliminated":
                    conclusion = "eliminate"
                else:
                    conclusion = rng.choice(("continue",) * 6 + ("strengthen", "adjust"))
                n += 1
                yield (n, h.id, q.label, self.iso(on), conclusion, "[]", None, None, *self.stamped(on, 2))

    def threshold_rows(self) -> Iterator[tuple]:
        for n, year in enumerate(range(self.start.year, self.end.year + 1), 1):
            amount = 6_600 + 300 * (year - 2023)
            yield (
                n,
                year,
                "",
                amount * 100,
                "示例数据（合成，非官方标准）",
                *self.stamped(date(year, 1, 1), 0),
            )


def _pick(r: Callable[[], float], seq: list[str]) -> str:
    return seq[int(r() * len(seq))]


def _visit_order(v: tuple[date, int, str]) -> tuple[date, int, str]:
    return v


def _role_on(segments: list[tuple[date, date | None, int]], day: date) -> int | None:
    for start, end, cid in segments:
        if in_span(day, start, end):
            return cid
    return None


def _fen(yuan: float) -> int:
    return round(yuan * 100)


def _split(total: int, parts: int, weights: list[float] | None = None) -> list[int]:
    """``total`` split into ``parts`` non-negative integers (in proportion to ``weights``),
    every part ≥ 1 when ``total`` allows."""
    weights = weights or [1.0] * parts
    s = sum(weights)
    raw = [total * w / s for w in weights]
    out = [max(1, int(x)) if total >= parts else int(x) for x in raw]
    i = 0
    while sum(out) < total:
        out[i % parts] += 1
        i += 1
    i = parts - 1
    while sum(out) > total:
        if out[i % parts] > 1:
            out[i % parts] -= 1
        i -= 1
    return out


# ------------------------------------------------------------------------------------------------
# writing
# ------------------------------------------------------------------------------------------------

_COLUMNS = {
    "village": ("id", "township", "name", "uuid", "recorded_at", "recorded_by"),
    "cadre": (
        "id", "code", "name", "unit", "position", "phone", "leader", "uuid", "recorded_at", "recorded_by",
    ),
    "household": (
        "id", "code", "head_name", "id_number", "village_id", "size", "phone", "since", "closed_on",
        "close_reason", "uuid", "recorded_at", "recorded_by",
    ),
    "household_status": (
        "id", "household_id", "effective_on", "tuopin", "monitor_type", "risk", "note", "uuid",
        "recorded_at", "recorded_by",
    ),
    "pairing": (
        "id", "household_id", "cadre_id", "kind", "start", "end", "end_reason", "plaque_on", "uuid",
        "recorded_at", "recorded_by",
    ),
    "role": ("id", "cadre_id", "village_id", "role", "start", "end", "end_reason", "uuid", "recorded_at",
             "recorded_by"),
    "visit": (
        "id", "household_id", "cadre_id", "date", "mode", "content", "problems", "measures", "guarantees",
        "follow_up", "photo", "voided", "void_reason", "voided_at", "voided_by", "uuid", "recorded_at",
        "recorded_by",
    ),
    "income": (
        "id", "household_id", "quarter", "collected_on", "size", "wage_fen", "business_fen",
        "business_cost_fen", "transfer_fen", "property_fen", "excluded_fen", "rigid_expense_fen",
        "collector_id", "note", "late_reason", "correct_reason", "superseded_by", "uuid", "recorded_at",
        "recorded_by",
    ),
    "assessment": (
        "id", "household_id", "quarter", "assessed_on", "conclusion", "reasons", "note", "superseded_by",
        "uuid", "recorded_at", "recorded_by",
    ),
    "threshold": ("id", "year", "place", "amount_fen", "source", "uuid", "recorded_at", "recorded_by"),
}  # fmt: skip


def _python_row(row: tuple, dates: tuple[int, ...], stamps: tuple[int, ...]) -> tuple:
    """``row`` (values as SQLite stores them) with Python dates and aware UTC datetimes, for
    SQLAlchemy to bind."""
    out = list(row)
    for i in dates:
        if out[i] is not None:
            out[i] = date.fromisoformat(out[i])
    for i in stamps:
        if out[i] is not None:
            out[i] = datetime.fromisoformat(out[i]).replace(tzinfo=UTC)
    return tuple(out)


_DATES = {
    "since",
    "closed_on",
    "effective_on",
    "start",
    "end",
    "plaque_on",
    "date",
    "collected_on",
    "assessed_on",
}
_STAMPS = {"recorded_at", "voided_at"}


class _Writer:
    """Bulk inserts in chunks inside the open write session."""

    def __init__(self, session: Any, fast: bool, progress: Callable[[str, int], None] | None) -> None:
        self.session = session
        self.fast = fast and session.bind.dialect.name == "sqlite"
        self.progress = progress
        if session.bind.dialect.name == "sqlite":
            from sqlalchemy import text

            # Big inserts into indexed tables: keep the index pages in memory (this connection only).
            session.execute(text(f"PRAGMA cache_size=-{CACHE_KIB}"))

    def close(self) -> None:
        if self.session.bind.dialect.name == "sqlite":
            from sqlalchemy import text

            self.session.execute(text("PRAGMA cache_size=-2000"))

    def write(self, table: str, rows: Iterable[tuple]) -> int:
        if not self.fast:
            return self._write(table, rows)
        # The table is empty: build its secondary indexes once after the rows are in (a sort)
        # instead of updating them row by row. Same transaction, same index definitions.
        raw = self.session.connection().connection.driver_connection
        indexes = raw.execute(
            "SELECT name, sql FROM sqlite_master WHERE type = 'index' AND tbl_name = ? AND sql IS NOT NULL "
            "ORDER BY name",
            (table,),
        ).fetchall()
        for name, _sql in indexes:
            raw.execute(f'DROP INDEX "{name}"')
        count = self._write(table, rows)
        for _name, sql in indexes:
            raw.execute(sql)
        return count

    def _write(self, table: str, rows: Iterable[tuple]) -> int:
        from sqlalchemy import insert

        from bangfu_cli.storage.models import SQLModel

        cols = _COLUMNS[table]
        count = 0
        if self.fast:
            # rows already hold what SQLAlchemy would bind: dates and times as text, bools as ints
            raw = self.session.connection().connection.driver_connection
            names = ", ".join('"' + c + '"' for c in cols)
            sql = f"INSERT INTO {table} ({names}) VALUES ({', '.join('?' * len(cols))})"
            rows = iter(rows)
            while chunk := list(islice(rows, CHUNK)):
                raw.executemany(sql, chunk)
                count += len(chunk)
                if self.progress:
                    self.progress(table, count)
            return count
        stmt = insert(SQLModel.metadata.tables[table])
        dates = tuple(i for i, c in enumerate(cols) if c in _DATES)
        stamps = tuple(i for i, c in enumerate(cols) if c in _STAMPS)
        rows = iter(rows)
        while chunk := list(islice(rows, CHUNK)):
            self.session.execute(
                stmt, [dict(zip(cols, _python_row(r, dates, stamps), strict=True)) for r in chunk]
            )
            count += len(chunk)
            if self.progress:
                self.progress(table, count)
        return count


def generate(
    ledger: Any,
    households: int,
    years: int = 2,
    seed: int = 1,
    *,
    end: date | None = None,
    progress: Callable[[str, int], None] | None = None,
    fast: bool = True,
) -> dict[str, Any]:
    """Fill an empty ledger with a synthetic county; return what was made (counts and the span).

    ``end`` defaults to :func:`default_end` of ``ledger.today``. ``progress(table, rows_so_far)``
    is called as rows go in. ``fast=False`` writes every table through SQLAlchemy Core only."""
    if not 1 <= households <= MAX_HOUSEHOLDS:
        raise BangfuError("synthetic.bad_households", value=households, limit=MAX_HOUSEHOLDS)
    if not 1 <= years <= MAX_YEARS:
        raise BangfuError("synthetic.bad_years", value=years, limit=MAX_YEARS)
    end = end or default_end(ledger.today)
    if end > ledger.today:
        raise BangfuError("synthetic.future_end", end=end.isoformat(), today=ledger.today.isoformat())
    builder = _Builder(households, years, seed, end, ledger.operator)
    builder.plan()
    from sqlalchemy import func, select

    from bangfu_cli.storage.models import Cadre, Household, Village

    with ledger.write() as session:
        for model in (Village, Household, Cadre):
            if session.scalar(select(func.count()).select_from(model)):
                raise BangfuError("synthetic.not_empty", path=ledger.display)
        w = _Writer(session, fast, progress)
        counts = {
            "villages": w.write("village", builder.village_rows()),
            "cadres": w.write("cadre", builder.cadre_rows()),
            "households": w.write("household", builder.household_rows()),
            "household_status": w.write("household_status", builder.status_rows()),
            "pairings": w.write("pairing", builder.pairing_rows()),
            "roles": w.write("role", builder.role_rows()),
            "visits": w.write("visit", builder.visit_rows()),
            "income": w.write("income", builder.income_rows()),
            "assessments": w.write("assessment", builder.assessment_rows()),
            "thresholds": w.write("threshold", builder.threshold_rows()),
        }
        w.close()
        summary = {
            "seed": seed,
            "years": years,
            "start": builder.start.isoformat(),
            "end": builder.end.isoformat(),
            "counties": builder.counts.get("counties", 1),
            "townships": len({v[1] for v in builder.villages}),
            **counts,
            "transfers": builder.counts.get("transfers", 0),
            "closed": builder.counts.get("closed", 0),
            "never_visited": builder.counts.get("never_visited", 0),
        }
        ledger.audit(
            session, "import", "demo", key=f"seed {seed}", changes=json.dumps(summary, sort_keys=True)
        )
    return summary
