"""The rows of a planned synthetic county, table by table, as tuples in the column order of
``storage.light`` and in the form SQLite stores (dates and times as ISO text). Rows are made as
they are written: visits and income are drawn household by household."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, datetime, timedelta

from bangfu_cli.domain.dates import periods_between
from bangfu_cli.generator.draw import Household, fen, pick, role_on
from bangfu_cli.generator.plan import Planner
from bangfu_cli.generator.words import (
    CLOSE_REASONS,
    CONTACTS,
    FS_CONTENT,
    GUARANTEE_ISSUES,
    HOME_CONTENT,
    LATE_REASONS,
    MEASURES,
    PHONE_CONTENT,
    PROBLEMS,
    VOID_REASONS,
)


class Rows(Planner):
    """A planned county's rows; each ``*_rows`` method is drawn once, in the order of
    ``county.STREAMS``."""

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
        quarters = periods_between("quarter", self.start, self.end)
        months = periods_between("month", self.start, self.end)
        n = 0
        never = 0
        for h in self.households:
            if h.never:
                never += 1
                continue
            for d, c, mode in self._household_visits(h, quarters, months):
                n += 1
                yield self._visit(n, h, d, c, mode)
        self.counts["never_visited"] = never

    def _household_visits(self, h: Household, quarters: list, months: list) -> list[tuple[date, int, str]]:
        """The (day, cadre, mode) of ``h``'s visits, in order."""
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
            self._quarter_visits(h, lo, hi, status[0], fs, out)
        if fs and any(s[2] for s in h.statuses):
            self._monthly_visits(h, months, last, fs, out)
        out.sort()
        return out

    def _quarter_visits(
        self, h: Household, lo: date, hi: date, tuopin: bool, fs: list, out: list[tuple[date, int, str]]
    ) -> None:
        """A quarter's visits to ``h`` between ``lo`` and ``hi`` (a 脱贫户 when ``tuopin``): the
        paired cadre's, phone contacts, the first secretary's (``fs``) and a leader's."""
        rng = self.rng
        # the paired cadre's quarterly home visit (sometimes two, sometimes none)
        if rng.random() < (0.95 if h.diligent else 0.55):
            for _ in range(2 if rng.random() < 0.15 else 1):
                d = self.day(lo, hi)
                c = h.pair_cadre(d)
                if c is not None:
                    out.append((d, c, "home"))
        # phone and online contacts (daily liaison)
        for _ in range(CONTACTS[int(rng.random() * 6)]):
            d = self.day(lo, hi, 0.8)
            c = h.pair_cadre(d)
            if c is not None:
                out.append((d, c, "phone" if rng.random() < 0.75 else "online"))
        # the first secretary's quarterly home visit to every 脱贫户
        if tuopin and fs and rng.random() < 0.9:
            d = self.day(lo, hi)
            c = role_on(fs, d)
            if c is not None:
                out.append((d, c, "home"))
        if h.leader and rng.random() < 0.5:
            d = self.day(max(lo, h.leader[1]), hi) if h.leader[1] <= hi else None
            if d is not None:
                out.append((d, h.leader[0], "home"))

    def _monthly_visits(
        self, h: Household, months: list, last: date, fs: list, out: list[tuple[date, int, str]]
    ) -> None:
        """The first secretary's monthly home visit to every monitored household."""
        rng = self.rng
        for m in months:
            lo, hi = max(m.start, h.since), min(m.end, last)
            if lo > hi:
                continue
            status = h.status_on(m.start)
            if status is None or status[1] is None or rng.random() >= 0.88:
                continue
            d = self.day(lo, hi)
            c = role_on(fs, d)
            if c is not None:
                out.append((d, c, "home"))

    def _visit(self, n: int, h: Household, d: date, c: int, mode: str) -> tuple:
        r = self.rng.random
        if mode == "home":
            content = pick(r, FS_CONTENT if c == role_on(self.fs[h.village], d) else HOME_CONTENT)
        else:
            content = pick(r, PHONE_CONTENT)
        problems = pick(r, PROBLEMS)
        guarantees = "正常" if r() < 0.97 else pick(r, GUARANTEE_ISSUES)
        follow = "下次走访复核" if problems != "无" else None
        measures = pick(r, MEASURES)
        uid, rec_at, rec_by = self.stamped(d, 6 if r() < 0.9 else 45)
        if r() < 0.002:
            voided, reason, voided_by = True, pick(r, VOID_REASONS), rec_by
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
                yield (n, h.id, q.label, self.iso(on), h.size, fen(wage), fen(business), fen(cost),
                       fen(transfer), fen(prop), excluded * 100, rigid * 100, collector, None, late,
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
