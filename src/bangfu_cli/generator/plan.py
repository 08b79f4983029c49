"""Planning a synthetic county in memory: counties, townships and villages, cadres and village
roles, households with their status histories, pairings (transfers, gaps, closings) and leader
pairings. ``rows.County`` then writes it out."""

from __future__ import annotations

import math
from collections.abc import Callable
from datetime import date, timedelta

from bangfu_cli.generator.draw import Draws, Household, split
from bangfu_cli.generator.words import (
    BUREAUS,
    COUNTIES,
    COUNTY_POSITIONS,
    FS_END_REASONS,
    FS_POSITIONS,
    LEADER_POSTS,
    TOWN_POSITIONS,
    TRANSFER_REASONS,
)

COUNTY_SIZE = 50_000  # households per county; a larger ledger is a city of several counties


class Planner(Draws):
    """Plans the county: ``plan()`` fills ``villages``, ``cadres``, ``roles``, ``fs`` (first
    secretaries by village) and ``households``."""

    def plan(self) -> None:
        n_counties = max(1, math.ceil(self.n / COUNTY_SIZE))
        shares = split(self.n, n_counties)
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
        per_town = split(n_villages, n_towns)
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
        hh_per_village = split(n, len(village_ids), weights=[rng.uniform(0.5, 1.5) for _ in village_ids])
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

    def _plan_household(self, region: str, vid: int, code: str, pool: list[int], spare: int) -> Household:
        rng = self.rng
        h = Household()
        h.id = len(self.households) + 1
        h.village = vid
        h.code = code
        h.size = rng.choices((1, 2, 3, 4, 5, 6, 7), weights=(7, 17, 20, 25, 17, 9, 5))[0]
        h.since = self.start
        h.diligent = rng.random() < 0.9
        h.never = rng.random() < 0.004
        h.income = rng.lognormvariate(math.log(14_000), 0.35)  # per-capita annual net income, yuan
        self._status_history(h)
        if rng.random() < 0.01:
            h.closed_on = self.day(h.since + timedelta(days=30), self.end - timedelta(days=10))
            self.counts["closed"] = self.counts.get("closed", 0) + 1
        self._pairings(h, pool, spare)
        return h

    def _status_history(self, h: Household) -> None:
        """Which of the household kinds ``h`` is, and when its status changes."""
        rng = self.rng
        start, end = self.start, self.end
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

    def _pairings(self, h: Household, pool: list[int], spare: int) -> None:
        """``h``'s paired cadre from the village's ``pool``, a transfer now and then (to another
        of the pool or to the village's ``spare`` cadre), ended when the household closes."""
        rng = self.rng
        end = self.end
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

    def _identified(self, h: Household, mtype: str, mid: tuple[date, date], before: bool) -> None:
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

    def _plan_leaders(self, leaders: list[int], households: list[Household]) -> None:
        rng = self.rng
        monitored = [h for h in households if any(s[2] for s in h.statuses) and h.closed_on is None]
        if not monitored:
            monitored = [h for h in households if h.closed_on is None]
        for cid in leaders:
            for h in rng.sample(monitored, min(len(monitored), rng.randint(3, 6))):
                if h.leader is None:
                    h.leader = (cid, h.since)
