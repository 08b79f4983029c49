"""The synthetic county generator (``bangfu demo --households N``, the benchmarks' ledgers): it
makes rows; ``services.samples.generate_county`` has storage write them into a ledger.

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

Modules: ``words`` (names and phrases), ``draw`` (the span and the random draws), ``plan`` (the
county in memory), ``rows`` (its rows, table by table, in ``storage.light``'s column order),
``county`` (the givens checked, the streams of rows and the summary)."""

from bangfu_cli.generator.county import (
    MAX_HOUSEHOLDS,
    MAX_YEARS,
    STREAMS,
    TABLES,
    VERSION,
    County,
    plan_county,
)
from bangfu_cli.generator.draw import default_end, span

__all__ = [
    "MAX_HOUSEHOLDS",
    "MAX_YEARS",
    "STREAMS",
    "TABLES",
    "VERSION",
    "County",
    "default_end",
    "plan_county",
    "span",
]
