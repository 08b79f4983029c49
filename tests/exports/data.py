"""Small ledgers for the export tests, written straight through the storage models (so these tests
do not depend on the import commands), and a loader for a slice of ``samples/``."""

from __future__ import annotations

import csv
from datetime import UTC, date, datetime
from pathlib import Path

from sqlmodel import Session, create_engine, select

from bangfu_cli.domain import vocab
from bangfu_cli.domain.dates import parse_date
from bangfu_cli.storage.models import (
    Cadre,
    Household,
    HouseholdStatus,
    Income,
    Pairing,
    Village,
    Visit,
)

STAMP = {"recorded_at": datetime(2026, 1, 1, tzinfo=UTC), "recorded_by": "fixture"}
SAMPLES = Path(__file__).resolve().parents[2] / "samples"

# The ID number of H1 (valid check digit) and what the register must show instead.
H1_ID = "360722196001065718"
H1_ID_MASKED = "360722********5718"
H1_PHONE = "13720891101"
H1_PHONE_MASKED = "137****1101"
EVIL = '=HYPERLINK("http://x","点我")'


def _engine(db: Path):
    from tests.db import url

    return create_engine(url(db))


def small_ledger(db: Path) -> dict:
    """Two townships, three villages, six households:

    H1 大塘埠村 脱贫户: two visits in 2026, one voided visit, one visit in 2025, two quarters' income;
    H2 大塘埠村 脱贫户 and 监测对象 (unstable, risk open), head's name and notes starting with = + - @,
       its cadre replaced on 2026-04-01 (pairing history);
    H3 大塘埠村 边缘易致贫户, never visited;
    H4 三江村 脱贫户, one visit; H5 安西镇 安西村, one visit; H6 大塘埠村, closed in 2024."""
    engine = _engine(db)
    with Session(engine) as s:
        v1 = Village(township="大塘埠镇", name="大塘埠村", **STAMP)
        v2 = Village(township="大塘埠镇", name="三江村", **STAMP)
        v3 = Village(township="安西镇", name="安西村", **STAMP)
        s.add_all([v1, v2, v3])
        s.flush()
        c1 = Cadre(
            code="C1", name="王建国", unit="信丰县农业农村局", position="科员", phone="13900001111", **STAMP
        )
        c2 = Cadre(
            code="C2", name="李秀英", unit="大塘埠镇人民政府", position="副镇长", phone="13900002222", **STAMP
        )
        c3 = Cadre(code="C3", name="张伟", unit="信丰县卫健委", position=None, phone=None, **STAMP)
        s.add_all([c1, c2, c3])
        s.flush()

        def hh(code, name, village, size, since, *, id_number=None, phone=None, closed_on=None):
            h = Household(
                code=code,
                head_name=name,
                id_number=id_number,
                village_id=village.id,
                size=size,
                phone=phone,
                since=since,
                closed_on=closed_on,
                **STAMP,
            )
            s.add(h)
            s.flush()
            return h

        h1 = hh("3607221032010001", "刘洪军", v1, 3, date(2021, 1, 1), id_number=H1_ID, phone=H1_PHONE)
        h2 = hh("3607221032010002", EVIL, v1, 4, date(2021, 1, 1), phone="+8613800138000")
        h3 = hh("3607221032010003", "陈桂兰", v1, 2, date(2021, 1, 1))
        h4 = hh("3607221032020001", "赵金华", v2, 5, date(2021, 1, 1))
        h5 = hh("3607221012010001", "孙志强", v3, 1, date(2021, 1, 1))
        h6 = hh("3607221032010009", "周老汉", v1, 1, date(2021, 1, 1), closed_on=date(2024, 6, 30))

        def status(h, on, tuopin, monitor_type=None, risk=None):
            s.add(
                HouseholdStatus(
                    household_id=h.id,
                    effective_on=on,
                    tuopin=tuopin,
                    monitor_type=monitor_type,
                    risk=risk,
                    **STAMP,
                )
            )

        for h in (h1, h4, h5, h6):
            status(h, date(2021, 1, 1), True)
        status(h2, date(2021, 1, 1), True)
        status(h2, date(2025, 3, 1), True, "unstable", "open")
        status(h3, date(2025, 5, 10), False, "marginal", "open")

        def pair(h, c, start, end=None, kind="pair", reason=None):
            s.add(
                Pairing(
                    household_id=h.id,
                    cadre_id=c.id,
                    kind=kind,
                    start=start,
                    end=end,
                    end_reason=reason,
                    **STAMP,
                )
            )

        pair(h1, c1, date(2021, 1, 1))
        pair(h2, c1, date(2021, 1, 1), date(2026, 3, 31), reason="工作调动")
        pair(h2, c2, date(2026, 4, 1))
        pair(h3, c2, date(2025, 5, 10))
        pair(h4, c3, date(2021, 1, 1))
        pair(h5, c3, date(2021, 1, 1))
        pair(h6, c1, date(2021, 1, 1), date(2024, 6, 30))

        def visit(h, c, on, mode="home", content="入户了解家庭收入情况", **kw):
            v = Visit(household_id=h.id, cadre_id=c.id, date=on, mode=mode, content=content, **kw, **STAMP)
            s.add(v)
            return v

        visit(h1, c1, date(2025, 11, 3), content="2025年走访")
        visit(h1, c1, date(2026, 2, 10), problems="无", guarantees="正常", measures="落实产业奖补")
        visit(h1, c1, date(2026, 5, 20), mode="phone", content="电话了解务工情况", follow_up="下月入户")
        visit(h1, c1, date(2026, 6, 1), content="误录的走访", voided=True, void_reason="录错户")
        visit(
            h2,
            c1,
            date(2026, 3, 5),
            content="+86 电话号码变更",
            problems="-住房漏雨",
            guarantees="住房：屋顶漏雨",
            measures="@镇政府 申请危房改造",
            follow_up="\t跟进维修",
        )
        visit(h2, c2, date(2026, 7, 8), content="=1+1", measures="协调就业岗位")
        visit(h4, c3, date(2026, 8, 8))
        visit(h5, c3, date(2026, 9, 9))
        visit(h6, c1, date(2024, 3, 3), content="销户前走访")

        def income(h, quarter, collected_on, wage, **kw):
            s.add(
                Income(
                    household_id=h.id,
                    quarter=quarter,
                    collected_on=collected_on,
                    size=h.size,
                    wage_fen=wage,
                    **kw,
                    **STAMP,
                )
            )

        income(h1, "2026Q1", date(2026, 3, 27), 1_200_000, business_fen=50_000, business_cost_fen=20_000)
        income(h1, "2026Q2", date(2026, 7, 2), 1_300_000, transfer_fen=30_000)
        income(h2, "2026Q2", date(2026, 6, 28), 800_000, late_reason=None)
        s.commit()
        ids = {c: h.code for c, h in (("H1", h1), ("H2", h2), ("H3", h3), ("H4", h4), ("H5", h5), ("H6", h6))}
    engine.dispose()
    return ids


def load_samples(db: Path, villages: set[str] | None = None, max_households: int | None = None) -> int:
    """The bundled sample township (or a few of its villages / its first households) written
    straight into the ledger; returns the number of households."""

    def rows(name):
        with (SAMPLES / name).open(encoding="utf-8-sig", newline="") as fh:
            yield from csv.DictReader(fh)

    engine = _engine(db)
    with Session(engine) as s:
        village_ids: dict[tuple[str, str], int] = {}
        household_ids: dict[str, int] = {}
        for r in rows("households.csv"):
            if villages and r["村"] not in villages:
                continue
            if max_households and len(household_ids) >= max_households:
                break
            key = (r["乡镇"], r["村"])
            if key not in village_ids:
                v = Village(township=key[0], name=key[1], **STAMP)
                s.add(v)
                s.flush()
                village_ids[key] = v.id
            h = Household(
                code=r["户编号"],
                head_name=r["户主姓名"],
                id_number=r["证件号码"] or None,
                village_id=village_ids[key],
                size=int(r["家庭人口"]),
                phone=r["联系电话"] or None,
                since=parse_date(r["纳入台账日期"]),
                **STAMP,
            )
            s.add(h)
            s.flush()
            household_ids[h.code] = h.id
            tuopin = vocab.parse_bool(r["是否脱贫户"], "tuopin")
            history = {h.since: (None, None)}
            if r["纳入监测日期"]:
                mt = vocab.parse_monitor_type(r["监测对象类型"])
                history[parse_date(r["纳入监测日期"])] = (mt, "open")
                if r["风险消除日期"]:
                    history[parse_date(r["风险消除日期"])] = (mt, "eliminated")
            for on, (mt, risk) in history.items():
                s.add(
                    HouseholdStatus(
                        household_id=h.id, effective_on=on, tuopin=tuopin, monitor_type=mt, risk=risk, **STAMP
                    )
                )
        cadre_ids = {}
        for r in rows("cadres.csv"):
            c = Cadre(
                code=r["干部编号"],
                name=r["姓名"],
                unit=r["单位"],
                position=r["职务"] or None,
                phone=r["联系电话"] or None,
                leader=vocab.parse_bool(r["是否县级领导"], "leader"),
                **STAMP,
            )
            s.add(c)
            s.flush()
            cadre_ids[c.code] = c.id
        for r in rows("pairings.csv"):
            if r["户编号"] in household_ids:
                s.add(
                    Pairing(
                        household_id=household_ids[r["户编号"]],
                        cadre_id=cadre_ids[r["干部编号"]],
                        kind=vocab.parse_pair_kind(r["类型"] or "pair"),
                        start=parse_date(r["开始日期"]),
                        end=parse_date(r["结束日期"]) if r["结束日期"] else None,
                        end_reason=r["结束原因"] or None,
                        **STAMP,
                    )
                )
        for r in rows("visits.csv"):
            if r["户编号"] in household_ids:
                s.add(
                    Visit(
                        household_id=household_ids[r["户编号"]],
                        cadre_id=cadre_ids[r["干部编号"]],
                        date=parse_date(r["走访日期"]),
                        mode=vocab.parse_mode(r["方式"]),
                        content=r["走访内容"] or None,
                        problems=r["发现问题"] or None,
                        measures=r["帮扶措施"] or None,
                        guarantees=r["三保障饮水"] or None,
                        **STAMP,
                    )
                )
        for r in rows("income.csv"):
            if r["户编号"] in household_ids:
                fen = {
                    k: round(float(r[c] or 0) * 100)
                    for k, c in (
                        ("wage_fen", "工资性收入"),
                        ("business_fen", "生产经营性收入"),
                        ("business_cost_fen", "生产经营性支出"),
                        ("transfer_fen", "转移性收入"),
                        ("property_fen", "财产性收入"),
                        ("excluded_fen", "不计入收入"),
                        ("rigid_expense_fen", "刚性支出"),
                    )
                }
                hid = household_ids[r["户编号"]]
                size = s.exec(select(Household.size).where(Household.id == hid)).one()
                s.add(
                    Income(
                        household_id=hid,
                        quarter=r["季度"],
                        collected_on=parse_date(r["采集日期"]),
                        size=size,
                        collector_id=cadre_ids.get(r["采集人"]),
                        note=r["备注"] or None,
                        **fen,
                        **STAMP,
                    )
                )
        s.commit()
    engine.dispose()
    return len(household_ids)
