"""Importing households (CONTRACT.md "Imports", 户 file): each row's fields, its status rows
(``services.statuses``), and the household itself matched by 户编号. ``household add`` checks
and writes one household the same way."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from bangfu_cli.domain import vocab
from bangfu_cli.domain.messages import message
from bangfu_cli.services.fields import choice, code, day, flag, id_number, name, note_phone, phone, size
from bangfu_cli.services.importing import ImportResult, run_import, upsert
from bangfu_cli.services.statuses import import_status_rows, sync_status_rows
from bangfu_cli.services.tabular import ColumnSpec, Problems, track
from bangfu_cli.storage import households as store

HOUSEHOLD_COLUMNS = (
    ColumnSpec("code", "户编号", True),
    ColumnSpec("head_name", "户主姓名", True),
    ColumnSpec("id_number", "证件号码"),
    ColumnSpec("township", "乡镇", True),
    ColumnSpec("village", "村", True),
    ColumnSpec("size", "家庭人口", True),
    ColumnSpec("phone", "联系电话"),
    ColumnSpec("tuopin", "是否脱贫户"),
    ColumnSpec("monitor_type", "监测对象类型"),
    ColumnSpec("monitored_on", "纳入监测日期"),
    ColumnSpec("eliminated_on", "风险消除日期"),
    ColumnSpec("since", "纳入台账日期", True),
)


@dataclass
class HouseholdRow:
    code: str
    head_name: str
    id_number: str | None
    township: str
    village: str
    size: int
    phone: str | None
    tuopin: bool
    monitor_type: str | None
    monitored_on: date | None
    eliminated_on: date | None
    since: date


def parse_household(problems: Problems, line: int, row: dict[str, str], today: date) -> HouseholdRow | None:
    v = problems.value
    values = {
        "code": v(line, code, row["code"], "code"),
        "head_name": v(line, name, row["head_name"], "head_name"),
        "id_number": v(line, id_number, row["id_number"]),
        "township": v(line, name, row["township"], "township"),
        "village": v(line, name, row["village"], "village"),
        "size": v(line, size, row["size"]),
        "phone": v(line, phone, row["phone"]),
        "tuopin": v(line, flag, row["tuopin"], "tuopin"),
        "monitor_type": v(line, choice, vocab.parse_monitor_type, row["monitor_type"]),
        "monitored_on": v(line, day, row["monitored_on"], "monitored_on", today),
        "eliminated_on": v(line, day, row["eliminated_on"], "eliminated_on", today),
        "since": v(line, day, row["since"], "since", today, required=True),
    }
    if problems.bad(line):
        return None
    parsed = HouseholdRow(**values)
    note_phone(problems, line, parsed.phone)
    if parsed.monitor_type and not parsed.monitored_on:
        problems.add(line, message("records.monitor_needs_date"))
    if parsed.monitored_on and not parsed.monitor_type:
        problems.add(line, message("records.date_needs_monitor"))
    if parsed.eliminated_on and not parsed.monitored_on:
        problems.add(line, message("records.eliminated_needs_monitored"))
    if parsed.eliminated_on and parsed.monitored_on and parsed.eliminated_on < parsed.monitored_on:
        problems.add(
            line,
            message(
                "records.eliminated_before_monitored",
                eliminated=parsed.eliminated_on.isoformat(),
                monitored=parsed.monitored_on.isoformat(),
            ),
        )
    if not parsed.tuopin and not parsed.monitor_type:
        problems.add(line, message("records.not_assisted"))
    return None if problems.bad(line) else parsed


def import_households(ledger: Any, path: str | Path) -> ImportResult:
    return run_import(
        ledger,
        path,
        HOUSEHOLD_COLUMNS,
        lambda problems, line, row: parse_household(problems, line, row, ledger.today),
        lambda values: values.code,
        store_households,
        "household",
    )


def store_households(
    ledger: Any, session: Any, parsed: list[tuple[int, HouseholdRow]], problems: Problems, file: str
) -> ImportResult:
    from bangfu_cli.storage.models import Household

    result = ImportResult(file)
    villages = store.villages_by_place(session)
    existing = store.households_by_code(session)
    statuses = store.load_statuses(session)
    first_start = store.first_pairing_starts(session)
    written = []
    for line, row in track(parsed, "records.writing"):
        village = villages.get((row.township, row.village)) or _add_village(ledger, session, row, villages)
        values = {
            "code": row.code,
            "head_name": row.head_name,
            "id_number": row.id_number,
            "village_id": village.id,
            "size": row.size,
            "phone": row.phone,
            "since": row.since,
        }
        old = existing.get(row.code)
        if old is not None and old.id in first_start and row.since > first_start[old.id]:
            # unusual, not wrong (DOMAIN.md §3-4): obligations count from since, not the pairing
            result.warn(
                line,
                message(
                    "records.since_after_pairing", since=row.since, start=first_start[old.id].isoformat()
                ),
            )
        outcome, household = upsert(
            ledger, session, Household, old, values, "household", row.code, flush=False
        )
        written.append((line, row, outcome, household))
    session.flush()  # one flush gives every new household its id
    for line, row, outcome, household in written:
        wanted = import_status_rows(
            row.since, row.tuopin, row.monitor_type, row.monitored_on, row.eliminated_on
        )
        status_outcome = sync_status_rows(
            ledger, session, household, wanted, problems, line, statuses.get(household.id, [])
        )
        result.count("updated" if outcome == "unchanged" and status_outcome == "updated" else outcome)
    return result


def _add_village(ledger: Any, session: Any, row: HouseholdRow, villages: dict) -> Any:
    """A village the ledger does not know yet, added (and audited) for ``row``."""
    from bangfu_cli.storage.models import Village

    village = Village(township=row.township, name=row.village, **ledger.stamp())
    session.add(village)
    session.flush()
    ledger.audit(
        session,
        "add",
        "village",
        record=village,
        key=row.village,
        changes={"township": [None, row.township], "name": [None, row.village]},
    )
    villages[(row.township, row.village)] = village
    return village
