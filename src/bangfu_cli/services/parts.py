"""A whole ledger judged in two parts at once, the second in a worker process (``services.runner``
decides when). A household is judged from its own records by every rule about households, so
the parts together are the whole: the same findings (``tests/perf``). The rules of units,
resident cadres and the county pairing (DOMAIN.md §10) are judged once, by the runner, and
each of their findings is listed with the part its place falls in (``once``)."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass, fields
from datetime import date
from operator import attrgetter
from typing import Any

from bangfu_cli.rules import engine
from bangfu_cli.rules.findings import Finding, place_key
from bangfu_cli.rules.profiles import RuleSpec
from bangfu_cli.storage.reader import reopenable, village_sizes

# A whole ledger of at least this many households is judged in two parts at once, the second in
# a worker process, when the machine has a second core: loading and judging are Python work
# proportional to the households, and one process uses one core.
PARALLEL_FROM = 20_000
# Households this process judges more than the worker, for the time the worker takes to start:
# a forked worker has everything imported and starts at once; a spawned one starts a new
# interpreter and imports bangfu and SQLAlchemy first (~0.5 s of this machine's time).
WORKER_HEAD_START = {"fork": 0, "spawn": 1_500}
_FINDING_FIELDS = tuple(f.name for f in fields(Finding))

# ``judge(ledger, rules, as_of, since, part=villages)`` → (open findings, met, fallback years)
Judge = Callable[..., tuple[list[Finding], Counter, list[int]]]


@dataclass
class Part:
    result: Any  # ``finish`` of the part's open findings, or the findings themselves
    met: Counter
    calendar_fallback_years: list[int]


def judge_in_parts(
    ledger: Any,
    rules: list[RuleSpec],
    as_of: date,
    since: date,
    judge: Judge,
    finish: Callable | None = None,
    once: list[Finding] | None = None,
) -> Iterator[Part] | None:
    """``judge`` of the whole ledger in two parts, the second in a worker process: the parts in
    listing order, or None when a rule is not judged household by household, the ledger is
    small, the machine has one core, or no worker process can be started (then the caller
    judges it in one piece). Without ``finish`` a part's result is its open findings. An error
    in the worker is raised here as it was raised there; a worker that dies (killed, out of
    memory) has its part judged here. ``once``: open findings judged once for the whole ledger
    (the rules of DOMAIN.md §10), each added to the part its place is listed in."""
    import os

    if not _by_household(rules) or (os.cpu_count() or 1) < 2:
        return None
    if not reopenable(ledger.engine, ledger.url):
        return None  # an in-memory ledger: a worker could not open it
    method = start_method()
    split = split_villages(ledger, WORKER_HEAD_START[method])
    if split is None:
        return None
    lower, upper = split
    extra = _by_part(once or [], ledger, upper)
    try:
        import multiprocessing

        mp = multiprocessing.get_context(method)
        receiver, sender = mp.Pipe(duplex=False)
        ids = [r.id for r in rules]
        args = (
            sender,
            os.getpid(),
            judge,
            ledger.url,
            ledger.operator,
            ledger.today,
            ids,
            as_of,
            since,
            upper,
            finish,
            extra[1],
        )
        # A daemon: ended with this process if it is still at work when this one ends.
        worker = mp.Process(target=_work, args=args, name="bangfu-part", daemon=True)
        worker.start()
        sender.close()  # the worker's end: this process sees EOF if the worker dies
    except OSError:
        return None
    here = (ledger, rules, as_of, since, judge, finish)
    return _parts(here, (lower, extra[0]), (upper, extra[1]), receiver, worker)


def _by_part(once: list[Finding], ledger: Any, upper: list[int]) -> tuple[list[Finding], list[Finding]]:
    """``once`` in two: the findings listed before the first village of the ``upper`` part,
    and the others (those without a place are listed last)."""
    first = min(place_key(t, v) for vid, t, v, _n in village_sizes(ledger.engine) if vid in set(upper))
    lower = [f for f in once if place_key(f.township, f.village) < first]
    return lower, [f for f in once if place_key(f.township, f.village) >= first]


def _by_household(rules: list[RuleSpec]) -> bool:
    """Is every rule judged household by household? (The rules of DOMAIN.md §10 are judged once,
    by the runner, and handed in as ``once``.)"""
    return bool(rules) and all(r.subject == "household" for r in rules)


def _parts(here: tuple, lower: tuple, upper: tuple, receiver: Any, worker: Any) -> Iterator[Part]:
    """The part judged here (``lower``), then the worker's (``upper``)."""
    finish = here[-1]
    received = False
    try:
        yield _part(*here, *lower)
        try:
            outcome, value = receiver.recv()
        except EOFError:  # the worker died before it sent its part: the part is judged here
            yield _part(*here, *upper)
            return
        received = True
        if outcome == "raised":
            raise value
        result, met, fallback = value
        yield Part(result if finish else [Finding(*row) for row in result], met, fallback)
    finally:
        receiver.close()
        if not received and worker.is_alive():
            worker.terminate()  # its part is not wanted any more (an error here) …
            worker.join(5)  # … and it is gone before the caller cleans up after it
        # A worker that has sent its part ends by itself; it is not waited for.


def start_method() -> str:
    """How the worker process starts: "fork" on Linux when this process runs one thread (the
    worker then starts at once, with everything imported and no interpreter to tear down at its
    end); "spawn" elsewhere — Windows has nothing else, and macOS's system libraries are not
    safe to fork."""
    import sys
    import threading

    if sys.platform.startswith("linux") and threading.active_count() == 1:
        return "fork"
    return "spawn"


def split_villages(ledger: Any, head_start: int = 0) -> tuple[list[int], list[int]] | None:
    """The ledger's villages with households in two parts in listing order (``place_key``), the
    first with ``head_start`` households more than half (it is judged here while the worker
    starts): the two then finish together. Villages listed at the same place stay in one part.
    None below ``PARALLEL_FROM`` households, or when one part would be empty."""
    rows = village_sizes(ledger.engine)
    total = sum(r[3] for r in rows)
    if total < PARALLEL_FROM:
        return None
    places = sorted((place_key(town, name), vid, n) for vid, town, name, n in rows)
    wanted = min(total // 2 + head_start, total - 1)
    taken = cut = 0
    while cut < len(places) and (taken < wanted or places[cut][0] == places[cut - 1][0]):
        taken += places[cut][2]
        cut += 1
    if cut == len(places):
        return None
    return [p[1] for p in places[:cut]], [p[1] for p in places[cut:]]


def _part(
    ledger: Any,
    rules: list[RuleSpec],
    as_of: date,
    since: date,
    judge: Judge,
    finish: Callable | None,
    villages: list[int],
    once: list[Finding],
) -> Part:
    from bangfu_cli import cycles_uncollected

    findings, met, fallback = judge(ledger, rules, as_of, since, part=villages)
    findings += once
    with cycles_uncollected():  # the part's listing is made in bulk too
        result = finish(findings) if finish else findings
    return Part(result, met, fallback)


def _work(sender: Any, parent: int, *args: Any) -> None:
    """The worker process: ``_judge_part(*args)`` sent back as ("done", its value), or as
    ("raised", the exception) — raised again in the process that waits for it (as a
    ``RuntimeError`` naming it when it cannot be pickled). It ends when ``parent`` dies, even
    by ``kill -9`` (a daemon is ended only by a parent that exits normally)."""
    from bangfu_cli.services.orphans import end_with_parent

    end_with_parent(parent)
    try:
        reply: tuple = ("done", _judge_part(*args))
    except BaseException as exc:  # handed to the parent, which raises it
        reply = ("raised", exc)
    try:
        try:
            sender.send(reply)
        except (OSError, EOFError):
            pass  # the parent stopped listening (it stopped on an error of its own)
        except Exception as exc:  # the reply cannot be pickled: what went wrong is sent as text
            failed = reply[1] if reply[0] == "raised" else exc
            sender.send(("raised", RuntimeError(f"{type(failed).__name__}: {failed}")))
    finally:
        sender.close()


def _judge_part(
    judge: Judge,
    url: str,
    operator: str,
    today: date,
    rule_ids: list[str],
    as_of: date,
    since: date,
    villages: list[int],
    finish: Callable | None,
    once: list[Finding],
) -> tuple:
    """In the worker process: (``finish`` of the part's open findings — or the findings as
    plain tuples, pickled ×5 faster than the dataclasses —, the met tally, the fallback years).
    The worker opens the ledger itself: a forked one shares no connection with its parent."""
    import gc

    from bangfu_cli import GC_THRESHOLDS, cycles_uncollected
    from bangfu_cli.services.ledger import open_ledger

    gc.set_threshold(*GC_THRESHOLDS)  # as the command's own process
    ledger = open_ledger(url, operator=operator, today=today)
    try:
        rules = engine.selected_rules(ledger.profile, rule_ids)
        findings, met, fallback = judge(ledger, rules, as_of, since, part=villages)
        findings += once
    finally:
        ledger.engine.dispose()
    with cycles_uncollected():  # the part's listing is made in bulk too
        if finish is not None:
            return finish(findings), met, fallback
        fields_of = attrgetter(*_FINDING_FIELDS)
        return [fields_of(f) for f in findings], met, fallback
