"""Importing households, cadres, pairings and roles (CONTRACT.md "Imports").

Each import reads the file (``tabular.read_rows``), checks every row and reports every bad one with
its line and reason, then writes everything in one transaction — or nothing. Rows are matched to
the ledger by their natural key (户编号; 干部编号; pairing = household+cadre+kind+start;
role = cadre+role+village+start): an identical row changes nothing, a changed field is an update
recorded in the audit log with old → new.

The field checks here are also what ``household add``, ``cadre add``, ``pair add`` and
``role assign`` use, so a record typed on the command line passes the same rules as a file."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path
from typing import Any

from bangfu_cli.domain import identity, vocab
from bangfu_cli.domain.dates import try_parse_date
from bangfu_cli.domain.errors import BangfuError
from bangfu_cli.i18n import t
from bangfu_cli.services.tabular import ColumnSpec, Problems, collect_problems, read_rows, track

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
CADRE_COLUMNS = (
    ColumnSpec("code", "干部编号", True),
    ColumnSpec("name", "姓名", True),
    ColumnSpec("unit", "单位", True),
    ColumnSpec("position", "职务"),
    ColumnSpec("phone", "联系电话"),
    ColumnSpec("leader", "是否县级领导"),
)
PAIRING_COLUMNS = (
    ColumnSpec("household", "户编号", True),
    ColumnSpec("cadre", "干部编号", True),
    ColumnSpec("kind", "类型"),
    ColumnSpec("start", "开始日期", True),
    ColumnSpec("end", "结束日期"),
    ColumnSpec("end_reason", "结束原因"),
    ColumnSpec("plaque_on", "联系牌更换日期"),
)
ROLE_COLUMNS = (
    ColumnSpec("cadre", "干部编号", True),
    ColumnSpec("role", "角色", True),
    ColumnSpec("township", "乡镇", True),
    ColumnSpec("village", "村", True),
    ColumnSpec("start", "开始日期", True),
    ColumnSpec("end", "结束日期"),
)


@dataclass
class ImportResult:
    file: str
    added: int = 0
    updated: int = 0
    unchanged: int = 0

    def count(self, outcome: str) -> None:
        setattr(self, outcome, getattr(self, outcome) + 1)

    def message(self) -> str:
        return t(
            "import.done", file=self.file, added=self.added, updated=self.updated, unchanged=self.unchanged
        )

    def as_dict(self) -> dict[str, Any]:
        return {"file": self.file, "added": self.added, "updated": self.updated, "unchanged": self.unchanged}


# ---------------------------------------------------------------- field checks (raise BangfuError)


_CODE = re.compile(r"^[0-9A-Za-z\u4e00-\u9fff][0-9A-Za-z\u4e00-\u9fff._/-]*$")


def text(value: str, field: str, *, required: bool = False, max_len: int = 64) -> str | None:
    value = (value or "").strip()
    if not value:
        if required:
            raise BangfuError("records.required", field=field)
        return None
    if len(value) > max_len:
        raise BangfuError("records.too_long", field=field, value=value, max=max_len)
    return value


def name(value: str, field: str, *, max_len: int = 64) -> str:
    """A required name (person, unit, place): it has at least one letter or Chinese character."""
    value = text(value, field, required=True, max_len=max_len)
    if not any(c.isalpha() for c in value):
        raise BangfuError("records.bad_name", field=field, value=value)
    return value


def code(value: str, field: str) -> str:
    value = text(value, field, required=True, max_len=32)
    if not _CODE.match(value):
        raise BangfuError("records.bad_code", field=field, value=value)
    return value


def day(value: str, field: str, today: date, *, required: bool = False) -> date | None:
    value = (value or "").strip()
    if not value:
        if required:
            raise BangfuError("records.required", field=field)
        return None
    parsed = try_parse_date(value)
    if parsed is None:
        raise BangfuError("input.bad_date", field=field, value=value)
    if parsed > today:
        raise BangfuError("input.future_date", field=field, value=parsed.isoformat(), today=today.isoformat())
    return parsed


def size(value: str) -> int:
    value = (value or "").strip()
    if not value:
        raise BangfuError("records.required", field="size")
    try:
        number = float(value)
    except ValueError:
        raise BangfuError("input.bad_number", field="size", value=value) from None
    if not number.is_integer() or number < 1:
        raise BangfuError("records.bad_size", value=value)
    return int(number)


def id_number(value: str) -> str | None:
    value = (value or "").strip()
    if not value:
        return None
    problem = identity.id_problem(value)
    if problem:
        raise BangfuError(
            "records.bad_id", value=identity.mask_id(identity.normalize_id(value)), why=t(problem)
        )
    return identity.normalize_id(value)


def phone(value: str) -> str | None:
    value = (value or "").strip()
    if not value:
        return None
    if not identity.phone_ok(value):
        raise BangfuError("records.bad_phone", value=identity.mask_phone(value))
    return identity.normalize_phone(value)


def flag(value: str, field: str) -> bool:
    return vocab.parse_bool(value, field)


def choice(parse: Any, value: str, *, default: str | None = None) -> str | None:
    value = (value or "").strip()
    if not value:
        return default
    return parse(value)


# ---------------------------------------------------------------- writing with an audit trail


def changes_between(record: Any, values: dict[str, Any]) -> dict[str, list[Any]]:
    return {k: [getattr(record, k), v] for k, v in values.items() if getattr(record, k) != v}


def audit_values(values: dict[str, Any]) -> dict[str, list[Any]]:
    return {k: [None, v] for k, v in values.items() if v is not None}


def upsert(
    ledger: Any,
    session: Any,
    model: Any,
    existing: Any,
    values: dict[str, Any],
    entity: str,
    key: str,
    *,
    flush: bool = True,
) -> tuple[str, Any]:
    """Add a record or update ``existing``; audit what changed. Returns (outcome, record).
    Bulk imports pass ``flush=False`` and flush once (a new record's uuid exists before it)."""
    if existing is None:
        record = model(**values, **ledger.stamp())
        session.add(record)
        if flush:
            session.flush()
        ledger.audit(session, "add", entity, record=record, key=key, changes=audit_values(values))
        return "added", record
    changes = changes_between(existing, values)
    if not changes:
        return "unchanged", existing
    for k, (_, new) in changes.items():
        setattr(existing, k, new)
    session.add(existing)
    ledger.audit(session, "update", entity, record=existing, key=key, changes=changes)
    return "updated", existing


def _finish(ledger: Any, session: Any, result: ImportResult, entity: str) -> None:
    if not (result.added or result.updated):
        return  # a re-import that changes nothing writes nothing, not even to the audit log
    ledger.audit(session, "import", entity, key=Path(result.file).name[:64], changes=result.as_dict())


# ---------------------------------------------------------------- households


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
    if parsed.monitor_type and not parsed.monitored_on:
        problems.add(line, t("records.monitor_needs_date"))
    if parsed.monitored_on and not parsed.monitor_type:
        problems.add(line, t("records.date_needs_monitor"))
    if parsed.eliminated_on and not parsed.monitored_on:
        problems.add(line, t("records.eliminated_needs_monitored"))
    if parsed.eliminated_on and parsed.monitored_on and parsed.eliminated_on < parsed.monitored_on:
        problems.add(
            line,
            t(
                "records.eliminated_before_monitored",
                eliminated=parsed.eliminated_on.isoformat(),
                monitored=parsed.monitored_on.isoformat(),
            ),
        )
    if not parsed.tuopin and not parsed.monitor_type:
        problems.add(line, t("records.not_assisted"))
    return None if problems.bad(line) else parsed


def _run_import(
    ledger: Any,
    path: str | Path,
    columns: Any,
    parse: Any,
    natural_key: Any,
    store: Any,
    entity: str,
) -> ImportResult:
    """The shape of every import: read, parse each row, refuse a natural key twice in the file,
    then check the rows that read well against the ledger — so every problem shows at once —
    and write them in one transaction that any problem rolls back."""
    rows = read_rows(path, columns)
    problems = collect_problems(path, columns)
    parsed, first_line = [], {}
    for line, row in track(rows, t("records.checking")):
        values = parse(problems, line, row)
        if values is None:
            continue
        natural = natural_key(values)
        if natural in first_line:
            key = " ".join(map(str, natural)) if isinstance(natural, tuple) else natural
            problems.add(line, t("records.duplicate_in_file", key=key, line=first_line[natural]))
            continue
        first_line[natural] = line
        parsed.append((line, values))
    with ledger.write() as session:
        result = store(ledger, session, parsed, problems, str(path))
        problems.raise_if_any()  # inside the transaction: rolls everything back
        _finish(ledger, session, result, entity)
    return result


def import_households(ledger: Any, path: str | Path) -> ImportResult:
    return _run_import(
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
    from sqlmodel import select

    from bangfu_cli.services.households import import_status_rows, load_statuses, sync_status_rows
    from bangfu_cli.storage.models import Household, Pairing, Village

    result = ImportResult(file)
    villages = {(v.township, v.name): v for v in session.exec(select(Village)).all()}
    existing = {h.code: h for h in session.exec(select(Household)).all()}
    statuses = load_statuses(session)
    first_start: dict[int, date] = {}
    for hid, start in session.exec(select(Pairing.household_id, Pairing.start)).all():
        if hid not in first_start or start < first_start[hid]:
            first_start[hid] = start
    written = []
    for line, row in track(parsed, t("records.writing")):
        village = villages.get((row.township, row.village))
        if village is None:
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
            problems.add(
                line, t("records.since_after_pairing", since=row.since, start=first_start[old.id].isoformat())
            )
            continue
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


# ---------------------------------------------------------------- cadres


def parse_cadre(problems: Problems, line: int, row: dict[str, str]) -> dict[str, Any] | None:
    v = problems.value
    values = {
        "code": v(line, code, row["code"], "code"),
        "name": v(line, name, row["name"], "name"),
        "unit": v(line, name, row["unit"], "unit", max_len=128),
        "position": v(line, text, row["position"], "position"),
        "phone": v(line, phone, row["phone"]),
        "leader": v(line, flag, row["leader"], "leader"),
    }
    return None if problems.bad(line) else values


def import_cadres(ledger: Any, path: str | Path) -> ImportResult:
    return _run_import(
        ledger,
        path,
        CADRE_COLUMNS,
        parse_cadre,
        lambda values: values["code"],
        store_cadres,
        "cadre",
    )


def store_cadres(ledger: Any, session: Any, parsed: list, problems: Problems, file: str) -> ImportResult:
    from sqlmodel import select

    from bangfu_cli.storage.models import Cadre

    result = ImportResult(file)
    existing = {c.code: c for c in session.exec(select(Cadre)).all()}
    for _line, values in track(parsed, t("records.writing")):
        outcome, _ = upsert(
            ledger, session, Cadre, existing.get(values["code"]), values, "cadre", values["code"], flush=False
        )
        result.count(outcome)
    return result


# ---------------------------------------------------------------- pairings


def parse_pairing(problems: Problems, line: int, row: dict[str, str], today: date) -> dict[str, Any] | None:
    v = problems.value
    values = {
        "household": v(line, code, row["household"], "household"),
        "cadre": v(line, code, row["cadre"], "cadre"),
        "kind": v(line, choice, vocab.parse_pair_kind, row["kind"], default="pair"),
        "start": v(line, day, row["start"], "start", today, required=True),
        "end": v(line, day, row["end"], "end", today),
        "end_reason": v(line, text, row["end_reason"], "end_reason", max_len=500),
        "plaque_on": v(line, day, row["plaque_on"], "plaque_on", today),
    }
    if problems.bad(line):
        return None
    if values["end"] and values["end"] < values["start"]:
        problems.add(line, t("records.end_before_start", end=values["end"], start=values["start"]))
    if values["plaque_on"] and values["plaque_on"] < values["start"]:
        problems.add(
            line, t("records.plaque_before_start", plaque=values["plaque_on"], start=values["start"])
        )
    return None if problems.bad(line) else values


def import_pairings(ledger: Any, path: str | Path) -> ImportResult:
    return _run_import(
        ledger,
        path,
        PAIRING_COLUMNS,
        lambda problems, line, row: parse_pairing(problems, line, row, ledger.today),
        lambda v: (v["household"], v["cadre"], v["kind"], v["start"]),
        store_pairings,
        "pairing",
    )


def store_pairings(ledger: Any, session: Any, parsed: list, problems: Problems, file: str) -> ImportResult:
    from sqlmodel import select

    from bangfu_cli.services.resolve import near_matches
    from bangfu_cli.storage.models import Cadre, Household, Pairing

    result = ImportResult(file)
    households = {h.code: h for h in session.exec(select(Household)).all()}
    cadres = {c.code: c for c in session.exec(select(Cadre)).all()}
    by_id_h = {h.id: h.code for h in households.values()}
    by_id_c = {c.id: c.code for c in cadres.values()}
    # every pairing of the ledger, keyed naturally; the file's rows replace theirs
    current: dict[tuple, Any] = {}
    for p in session.exec(select(Pairing)).all():
        current[(by_id_h[p.household_id], by_id_c[p.cadre_id], p.kind, p.start)] = p
    planned: dict[tuple, tuple[int | None, date, date | None]] = {
        k: (None, p.start, p.end) for k, p in current.items()
    }
    valid = []
    for line, values in parsed:
        household = households.get(values["household"])
        cadre = cadres.get(values["cadre"])
        if household is None:
            near = near_matches(values["household"], [(h.head_name, h.code) for h in households.values()])
            problems.add(line, t("records.unknown_household", code=values["household"], near=near))
        if cadre is None:
            near = near_matches(values["cadre"], [(c.name, c.code) for c in cadres.values()])
            problems.add(line, t("records.unknown_cadre", code=values["cadre"], near=near))
        if household is None or cadre is None:
            continue
        if values["start"] < household.since:
            problems.add(line, t("records.start_before_since", start=values["start"], since=household.since))
            continue
        if household.closed_on and values["start"] > household.closed_on:
            problems.add(line, t("records.after_closed", start=values["start"], closed=household.closed_on))
            continue
        natural = (values["household"], values["cadre"], values["kind"], values["start"])
        planned[natural] = (line, values["start"], values["end"])
        valid.append((line, values, household, cadre, natural))
    _overlaps(planned, problems)
    if problems:
        return result
    for line, values, household, cadre, natural in track(valid, t("records.writing")):
        del line
        record_values = {
            "household_id": household.id,
            "cadre_id": cadre.id,
            "kind": values["kind"],
            "start": values["start"],
            "end": values["end"],
            "end_reason": values["end_reason"],
            "plaque_on": values["plaque_on"],
        }
        key = f"{household.code}/{cadre.code}/{values['kind']}/{values['start']}"
        outcome, _ = upsert(
            ledger, session, Pairing, current.get(natural), record_values, "pairing", key[:64], flush=False
        )
        result.count(outcome)
    return result


# natural key → (line in the file, or None for a row already in the ledger; start; end)
Planned = dict[tuple, tuple[int | None, date, date | None]]


def _clashes(groups: dict[Any, list[tuple[date, date | None, int | None, str]]]):
    """Spans (start, end, line in the file or None for the ledger, who) that cover a common day,
    within each group: yields (group, line to blame, the other span)."""
    for group, spans in groups.items():
        spans = sorted(((s, e or date.max, line, who) for s, e, line, who in spans), key=lambda x: x[:2])
        for before, after in zip(spans, spans[1:], strict=False):
            if after[0] <= before[1]:
                line = after[2] if after[2] is not None else before[2]
                if line is None:
                    continue
                other = before if line == after[2] else after
                yield group, line, other


def _span_end(span: tuple) -> str:
    return "…" if span[1] == date.max else span[1].isoformat()


def _overlaps(planned: Planned, problems: Problems) -> None:
    """Two pairings of the same kind for one household may not cover the same day."""
    groups: dict[tuple[str, str], list] = {}
    for (household, cadre, kind, _start), (line, start, end) in planned.items():
        groups.setdefault((household, kind), []).append((start, end, line, cadre))
    for (household, kind), line, other in _clashes(groups):
        problems.add(
            line,
            t(
                "records.overlap",
                household=household,
                kind=t(f"enum.kind.{kind}"),
                cadre=other[3],
                start=other[0].isoformat(),
                end=_span_end(other),
            ),
        )


def _secretary_overlaps(planned: Planned, problems: Problems) -> None:
    """A village has one first secretary at a time (a replacement starts the day after the old one ends)."""
    groups: dict[tuple[str, str], list] = {}
    for (cadre, role, township, village, _start), (line, start, end) in planned.items():
        if role == "first_secretary":
            groups.setdefault((township, village), []).append((start, end, line, cadre))
    for (township, village), line, other in _clashes(groups):
        problems.add(
            line,
            t(
                "records.secretary_overlap",
                township=township,
                village=village,
                cadre=other[3],
                start=other[0].isoformat(),
                end=_span_end(other),
            ),
        )


# ---------------------------------------------------------------- roles


def parse_role(problems: Problems, line: int, row: dict[str, str], today: date) -> dict[str, Any] | None:
    v = problems.value
    values = {
        "cadre": v(line, code, row["cadre"], "cadre"),
        "role": v(line, choice, vocab.parse_role, row["role"]),
        "township": v(line, name, row["township"], "township"),
        "village": v(line, name, row["village"], "village"),
        "start": v(line, day, row["start"], "start", today, required=True),
        "end": v(line, day, row["end"], "end", today),
    }
    if problems.bad(line):
        return None
    if values["role"] is None:
        problems.add(line, t("records.required", field=problems.column("role")))
    if values["end"] and values["end"] < values["start"]:
        problems.add(line, t("records.end_before_start", end=values["end"], start=values["start"]))
    return None if problems.bad(line) else values


def import_roles(ledger: Any, path: str | Path) -> ImportResult:
    return _run_import(
        ledger,
        path,
        ROLE_COLUMNS,
        lambda problems, line, row: parse_role(problems, line, row, ledger.today),
        lambda v: (v["cadre"], v["role"], v["township"], v["village"], v["start"]),
        store_roles,
        "role",
    )


def store_roles(ledger: Any, session: Any, parsed: list, problems: Problems, file: str) -> ImportResult:
    from sqlmodel import select

    from bangfu_cli.services.resolve import near_matches
    from bangfu_cli.storage.models import Cadre, Role, Village

    result = ImportResult(file)
    cadres = {c.code: c for c in session.exec(select(Cadre)).all()}
    villages = {(v.township, v.name): v for v in session.exec(select(Village)).all()}
    current = {(r.cadre_id, r.role, r.village_id, r.start): r for r in session.exec(select(Role)).all()}
    valid = []
    for line, values in parsed:
        cadre = cadres.get(values["cadre"])
        village = villages.get((values["township"], values["village"]))
        if cadre is None:
            near = near_matches(values["cadre"], [(c.name, c.code) for c in cadres.values()])
            problems.add(line, t("records.unknown_cadre", code=values["cadre"], near=near))
        if village is None:
            near = near_matches(values["village"], [(name, town) for town, name in villages])
            problems.add(
                line,
                t(
                    "records.unknown_village",
                    township=values["township"],
                    village=values["village"],
                    near=near,
                ),
            )
        if cadre is not None and village is not None:
            valid.append((values, cadre, village))
    # the ledger's roles, keyed naturally; the file's rows replace theirs
    code_of = {c.id: c.code for c in cadres.values()}
    place_of = {v.id: k for k, v in villages.items()}
    planned: dict[tuple, tuple[int | None, date, date | None]] = {
        (code_of[r.cadre_id], r.role, *place_of[r.village_id], r.start): (None, r.start, r.end)
        for r in current.values()
    }
    for line, values in parsed:
        natural = (values["cadre"], values["role"], values["township"], values["village"], values["start"])
        planned[natural] = (line, values["start"], values["end"])
    _secretary_overlaps(planned, problems)
    if problems:
        return result
    for values, cadre, village in track(valid, t("records.writing")):
        record_values = {
            "cadre_id": cadre.id,
            "village_id": village.id,
            "role": values["role"],
            "start": values["start"],
            "end": values["end"],
        }
        natural = (cadre.id, values["role"], village.id, values["start"])
        key = f"{cadre.code}/{values['role']}/{village.name}/{values['start']}"
        outcome, _ = upsert(
            ledger, session, Role, current.get(natural), record_values, "role", key[:64], flush=False
        )
        result.count(outcome)
    return result


def day_before(value: date) -> date:
    return value - timedelta(days=1)
