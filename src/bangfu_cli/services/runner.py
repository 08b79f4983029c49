"""Running the rules on the ledger — the one seam behind which a run is made fast: the engine
states what it needs, storage reads it, the engine judges it with cycle collection paused, a
whole ledger is judged in parts at once (``services.parts``) or in one piece, and a listing is
encoded where its part was judged (``exporters.listing``). The command line calls ``judged``
once and prints what it returns; ``run_rules`` is the same run for callers that want every
finding listed (the register, the summaries' tests)."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date
from functools import partial
from typing import Any

from bangfu_cli.domain.assistance_facts import cadres_of_unknown_units
from bangfu_cli.domain.errors import BangfuError
from bangfu_cli.domain.facts import DataNeeds
from bangfu_cli.rules import engine
from bangfu_cli.rules.context import default_since
from bangfu_cli.rules.findings import CSV_KEYS, MET, OVERDUE, Finding, json_rows, listing_key
from bangfu_cli.rules.needs import ASSISTANCE_KINDS
from bangfu_cli.rules.profiles import Profile, RuleSpec
from bangfu_cli.services import parts as parted
from bangfu_cli.storage.reader import known_townships, read_ledger


@dataclass
class RunResult:
    findings: list[Finding]
    calendar_fallback_years: list[int]
    as_of: date
    since: date
    profile: Profile
    rules: list[RuleSpec] = field(default_factory=list)
    unevaluated: list[str] = field(default_factory=list)
    # With ``run_rules(keep_met=False)``: the met findings, counted by ``findings.met_key``
    # (``findings`` then holds only the due and overdue ones).
    met: Counter | None = None
    # 干部编号 of the cadres whose 单位 matches no unit (when the records of units were read)
    unknown_unit_cadres: list[str] = field(default_factory=list)

    @property
    def open_findings(self) -> list[Finding]:
        return [f for f in self.findings if f.status != MET]


@dataclass
class Judged(RunResult):
    """What ``judged`` hands the command line: ``findings`` are the open ones of the statuses
    asked for, in listing order — or, when a listing format was asked for, ``files`` hold that
    listing (``output.emit_files``) and ``findings`` is empty; ``overdue`` and ``due`` count
    the listed findings either way."""

    files: list[str] = field(default_factory=list)
    key: bytes | None = None  # what unseals the files (``domain.seal``); held only in memory
    overdue: int = 0
    due: int = 0


def check_rule_ids(profile: Profile, rule_ids: Iterable[str] | None) -> list[str] | None:
    if not rule_ids:
        return None
    known = {r.id.upper(): r for r in profile.rules}
    out = []
    for rid in rule_ids:
        rule = known.get(rid.strip().upper())
        if rule is None:
            raise BangfuError(
                "rules.unknown_rule",
                rule=rid,
                profile=profile.id,
                known=", ".join(r.id for r in profile.rules),
            )
        if not rule.enabled:
            raise BangfuError("rules.rule_disabled", rule=rule.id, profile=profile.id)
        out.append(rule.id)
    return out


def run_rules(
    ledger: Any,
    as_of: date,
    since: date | None = None,
    township: str | None = None,
    village: str | None = None,
    cadre: str | None = None,
    rule_ids: Iterable[str] | None = None,
    household_ids: Iterable[int] | None = None,
    keep_met: bool = True,
    as_stood: bool = False,
) -> RunResult:
    """Judge the selection. With ``keep_met=False`` met findings are counted in ``result.met``
    instead of listed (``compliance`` and ``status_counts`` take both). ``as_stood`` (a user's
    ``--as-recorded``): a past ``as_of`` judged as the ledger stood at the end of that day;
    without it, by the records' own dates, whenever they were entered."""
    run = _Run(ledger, as_of, since, rule_ids, township, village, cadre, household_ids, as_stood)
    findings, met, fallback = run.judge(keep_met)
    return run.result(RunResult, findings, met, fallback)


@contextmanager
def judged(
    ledger: Any,
    as_of: date,
    since: date | None = None,
    *,
    township: str | None = None,
    village: str | None = None,
    cadre: str | None = None,
    rule_ids: Iterable[str] | None = None,
    statuses: tuple[str, ...] = ("overdue", "due"),
    fmt: str | None = None,
    as_stood: bool = False,
) -> Iterator[Judged]:
    """The selection judged with met findings counted, its open findings of ``statuses`` in
    listing order — written as the ``fmt`` ("json" or "csv") listing in files when ``fmt`` is
    given. The files live in a folder of this run's, removed on leaving however the listing
    ends (a reader that stops early, ``| head``, included), or at the next run when this one
    is killed (``services.orphans``); they are sealed with a key of this run's (``out.key``).
    ``as_stood``: as ``run_rules``."""
    import secrets

    from bangfu_cli.services.orphans import run_folder

    run = _Run(ledger, as_of, since, rule_ids, township, village, cadre, None, as_stood)
    key = secrets.token_bytes(32)
    with run_folder() as folder:
        # A part's findings come back from a worker as plain tuples (``services.parts``) unless
        # its listing is written there.
        finish = partial(_listing_file, statuses=statuses, fmt=fmt, folder=folder, key=key) if fmt else None
        results, met, fallback = run.judge_listed(finish)
        out = run.result(Judged, [], met, fallback)
        out.key = key
        for result in results:
            if fmt is None:
                result = _counted(result, statuses)
            over, due, listed = result
            out.overdue += over
            out.due += due
            if fmt is None:
                out.findings += listed
            else:
                out.files.append(listed)
        out.findings.sort(key=listing_key)
        yield out


def _listing_file(
    findings: list[Finding], statuses: tuple[str, ...], fmt: str, folder: str, key: bytes | None = None
) -> tuple:
    """(overdue, due, the file of the ``fmt`` listing of the part's findings of ``statuses`` in
    listing order)."""
    from operator import attrgetter

    from bangfu_cli.exporters.listing import part_file

    over, due, listed = _counted(findings, statuses)
    listed.sort(key=listing_key)
    # CSV: the cells ``output.emit_csv`` makes of ``f.to_json()``, read off the finding directly
    rows = json_rows(listed) if fmt == "json" else map(attrgetter(*CSV_KEYS), listed)
    return over, due, part_file(rows, fmt=fmt, folder=folder, key=key)


def _counted(findings: list[Finding], statuses: tuple[str, ...]) -> tuple[int, int, list[Finding]]:
    """(overdue, due, the findings of ``statuses``)."""
    listed = [f for f in findings if f.status in statuses]
    over = sum(1 for f in listed if f.status == OVERDUE)
    return over, len(listed) - over, listed


class _Run:
    """One run's rules, window and selection, checked."""

    def __init__(
        self, ledger, as_of, since, rule_ids, township, village, cadre, household_ids, as_stood=False
    ) -> None:
        self.ledger, self.as_of, self.as_stood = ledger, as_of, as_stood
        self.ids = check_rule_ids(ledger.profile, list(rule_ids) if rule_ids else None)
        self.since = since or default_since(as_of)
        if self.since > as_of:
            raise BangfuError(
                "rules.since_after_as_of", since=self.since.isoformat(), as_of=as_of.isoformat()
            )
        self.rules = engine.selected_rules(ledger.profile, self.ids)
        # the rules of DOMAIN.md §10 are judged once, of the whole ledger, and their findings
        # kept by place; the others household by household, over the selection
        self.by_household = [r for r in self.rules if r.kind not in ASSISTANCE_KINDS]
        self.once = [r for r in self.rules if r.kind in ASSISTANCE_KINDS]
        self.cadre_code = self.village_id = self.place = None
        self.township = township.strip() if township else None
        self.lacking: list[str] = []
        self.unknown_unit_cadres: list[str] = []
        if township:
            known = known_townships(ledger.engine, township)
            if known is not None:
                raise BangfuError("rules.unknown_township", township=township, known="、".join(known) or "—")
        if village or cadre:
            self._resolve(village, township, cadre)
        self.selection = {
            "township": township,
            "village_id": self.village_id,
            "household_ids": list(household_ids) if household_ids is not None else None,
        }
        if household_ids is not None:
            self.once = []  # a list of households: their findings only
        self.whole = not (township or village or cadre or household_ids is not None)

    def _resolve(self, village: str | None, township: str | None, cadre: str | None) -> None:
        from bangfu_cli.services.resolve import resolve_cadre, resolve_village

        with self.ledger.read() as session:
            if village:
                found = resolve_village(session, village, township)
                self.village_id, self.place = found.id, (found.township, found.name)
            if cadre:
                self.cadre_code = resolve_cadre(session, cadre).code

    def judge(self, keep_met: bool) -> tuple[list[Finding], Counter | None, list[int]]:
        """(findings, met tally or None, fallback years): a whole ledger in parts when met
        findings are tallied, else in one piece."""
        if not keep_met:
            results, met, fallback = self.judge_listed(None)
            return [f for part in results for f in part], met, fallback
        once, _met, once_years = self.judge_once(True)
        findings, met, fallback = judge(
            self.ledger, self.by_household, self.as_of, self.since, True, self.as_stood, **self.selection
        )
        return self._of_cadre(findings + once), None, sorted({*fallback, *once_years})

    def judge_once(self, keep_met: bool) -> tuple[list[Finding], Counter, list[int]]:
        """(findings, met tally, fallback years) of the rules of DOMAIN.md §10, of the places
        selected (a finding without a village is of no township's or village's selection)."""
        if not self.once:
            return [], Counter(), []
        findings, met, years, (self.lacking, self.unknown_unit_cadres) = judge_once(
            self.ledger, self.once, self.as_of, self.since, keep_met, self.as_stood
        )
        kept = [f for f in findings if self._keeps(f.township, f.village)]
        return kept, Counter({k: n for k, n in (met or {}).items() if self._keeps(k[1], k[2])}), years

    def _keeps(self, township: str | None, village: str | None) -> bool:
        if self.township is None and self.place is None:
            return True
        if village is None or (self.township is not None and township != self.township):
            return False
        return self.place is None or (township, village) == self.place

    def judge_listed(self, finish: Any) -> tuple[list[Any], Counter, list[int]]:
        """(``finish`` of each part's open findings — the findings without it —, met tally,
        fallback years), met findings tallied: a whole ledger in parts when it can be."""
        once, once_met, once_years = self.judge_once(False)
        parts = None
        if self.whole:
            parts = parted.judge_in_parts(
                self.ledger, self.by_household, self.as_of, self.since, self._judge, finish, once=once
            )
        if parts is None:
            findings, met, fallback = self._judge(
                self.ledger, self.by_household, self.as_of, self.since, **self.selection
            )
            met.update(once_met)
            findings, met = self._of_cadre(findings + once), self._of_cadre_met(met)
            return [finish(findings) if finish else findings], met, sorted({*fallback, *once_years})
        results, met, years = [], Counter(once_met), set(once_years)
        for part in parts:
            results.append(part.result)
            met.update(part.met)
            years.update(part.calendar_fallback_years)
        return results, met, sorted(years)

    @property
    def _judge(self) -> Any:
        """``judge`` of this run (as the ledger stood or not), for a part too."""
        return partial(judge, as_stood=self.as_stood)

    def _of_cadre(self, findings: list[Finding]) -> list[Finding]:
        if self.cadre_code is None:
            return findings
        return [f for f in findings if f.cadre == self.cadre_code]

    def _of_cadre_met(self, met: Counter) -> Counter:
        if self.cadre_code is None:
            return met
        return Counter({k: n for k, n in met.items() if k[3] == self.cadre_code})

    def result(self, kind: type, findings: list[Finding], met: Counter | None, fallback: list[int]) -> Any:
        profile = self.ledger.profile
        not_judged = {r.id for r in engine.unevaluated(profile, self.ids) if r.kind not in ASSISTANCE_KINDS}
        not_judged.update(self.lacking)
        unevaluated = [r.id for r in self.rules if r.id in not_judged]
        return kind(
            findings=findings,
            calendar_fallback_years=fallback,
            as_of=self.as_of,
            since=self.since,
            profile=self.ledger.profile,
            rules=self.rules,
            unevaluated=unevaluated,
            met=met,
            unknown_unit_cadres=self.unknown_unit_cadres,
        )


def read_as_stood(ledger: Any, needs: DataNeeds) -> DataNeeds:
    """``needs`` read as the ledger stood at the end of its as-of day (in the ledger's time
    zone): without what was recorded, voided or corrected after it (``domain.asof``)."""
    from dataclasses import replace

    from bangfu_cli.services.setup import cut_for

    cut = cut_for(ledger, needs.as_of)
    return needs if cut is None else replace(needs, cut=cut)


def judge(
    ledger: Any,
    rules: list[RuleSpec],
    as_of: date,
    since: date,
    keep_met: bool = False,
    as_stood: bool = False,
    **selection: Any,
) -> tuple[list[Finding], Counter | None, list[int]]:
    """(findings, met tally or None, calendar fallback years) of ``rules`` over the selection
    (``rules.needs``'s keywords): every finding listed with ``keep_met``, else met ones tallied;
    with ``as_stood``, of the ledger as it stood at the end of a past ``as_of``."""
    from bangfu_cli import cycles_uncollected
    from bangfu_cli.services.calendar import work_calendar

    profile = ledger.profile
    calendar = work_calendar(ledger)
    ids = [r.id for r in rules]
    met = None
    if not rules:  # (no ids would name every rule)
        return [], None if keep_met else Counter(), []
    with cycles_uncollected():
        needs = engine.needs(rules, as_of, since, **selection)
        data = read_ledger(ledger.engine, read_as_stood(ledger, needs) if as_stood else needs)
        if keep_met:
            findings = engine.evaluate(profile, data, as_of, since, calendar, ids)
        else:
            findings, met = engine.run(profile, data, as_of, since, calendar, ids)
        # Freed while collection is paused: nothing of it is left for ``cycles_uncollected`` to
        # hand back to the collector (a county part's ~5·10⁵ records).
        del data
    return findings, met, sorted(calendar.fallback_years)


def judge_once(
    ledger: Any, rules: list[RuleSpec], as_of: date, since: date, keep_met: bool, as_stood: bool = False
) -> tuple[list[Finding], Counter | None, list[int], tuple[list[str], list[str]]]:
    """``judge`` of the rules of DOMAIN.md §10 over the whole ledger, with (the ids of those the
    ledger keeps no records for — ``engine.lacking``: reported as not judged —, the cadres whose
    单位 matches no unit)."""
    from bangfu_cli import cycles_uncollected
    from bangfu_cli.services.calendar import work_calendar

    profile = ledger.profile
    calendar = work_calendar(ledger)

    ids = [r.id for r in rules]
    met = None
    with cycles_uncollected():
        needs = engine.needs(rules, as_of, since)
        data = read_ledger(ledger.engine, read_as_stood(ledger, needs) if as_stood else needs)
        if keep_met:
            findings = engine.evaluate(profile, data, as_of, since, calendar, ids)
        else:
            findings, met = engine.run(profile, data, as_of, since, calendar, ids)
        lacking = [r.id for r in engine.lacking(profile, ids, data)]
        unknown = cadres_of_unknown_units(data.assistance) if data.assistance is not None else []
        del data
    return findings, met, sorted(calendar.fallback_years), (lacking, unknown)
