"""Importing pairings (结对关系) and village roles (CONTRACT.md "Imports"): the rows' fields,
the household, cadre and village each names, and the spans that may not overlap — two pairings
of one kind for one household, two first secretaries of one village. A pairing is matched by
household+cadre+kind+start, a role by cadre+role+village+start."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

from bangfu_cli.domain import vocab
from bangfu_cli.domain.messages import message
from bangfu_cli.services.fields import choice, code, day, name, text
from bangfu_cli.services.importing import ImportResult, run_import, upsert
from bangfu_cli.services.resolve import near_matches
from bangfu_cli.services.tabular import ColumnSpec, Problems, track
from bangfu_cli.storage import cadres as cadre_store
from bangfu_cli.storage import pairings as pairing_store
from bangfu_cli.storage.households import households_by_code, villages_by_place

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
        problems.add(line, message("records.end_before_start", end=values["end"], start=values["start"]))
    if problems.bad(line):
        return None
    if values["plaque_on"] and values["plaque_on"] < values["start"]:  # unusual: a plate put up early
        problems.note(
            line, message("records.plaque_before_start", plaque=values["plaque_on"], start=values["start"])
        )
    return values


def import_pairings(ledger: Any, path: str | Path) -> ImportResult:
    return run_import(
        ledger,
        path,
        PAIRING_COLUMNS,
        lambda problems, line, row: parse_pairing(problems, line, row, ledger.today),
        lambda v: (v["household"], v["cadre"], v["kind"], v["start"]),
        store_pairings,
        "pairing",
    )


def store_pairings(ledger: Any, session: Any, parsed: list, problems: Problems, file: str) -> ImportResult:
    from bangfu_cli.storage.models import Pairing

    result = ImportResult(file)
    households = households_by_code(session)
    cadres = cadre_store.by_code(session)
    by_id_h = {h.id: h.code for h in households.values()}
    by_id_c = {c.id: c.code for c in cadres.values()}
    # every pairing of the ledger, keyed naturally; the file's rows replace theirs
    current: dict[tuple, Any] = {}
    for p in pairing_store.every(session):
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
            problems.add(line, message("records.unknown_household", code=values["household"], near=near))
        if cadre is None:
            near = near_matches(values["cadre"], [(c.name, c.code) for c in cadres.values()])
            problems.add(line, message("records.unknown_cadre", code=values["cadre"], near=near))
        if household is None or cadre is None:
            continue
        if values["start"] < household.since:  # unusual, not wrong: obligations start at since
            result.warn(
                line, message("records.start_before_since", start=values["start"], since=household.since)
            )
        if household.closed_on and values["start"] > household.closed_on:
            problems.add(
                line, message("records.after_closed", start=values["start"], closed=household.closed_on)
            )
            continue
        natural = (values["household"], values["cadre"], values["kind"], values["start"])
        planned[natural] = (line, values["start"], values["end"])
        valid.append((line, values, household, cadre, natural))
    _overlaps(planned, problems)
    if problems:
        return result
    for line, values, household, cadre, natural in track(valid, "records.writing"):
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
            message(
                "records.overlap",
                household=household,
                kind=message(f"enum.kind.{kind}"),
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
            message(
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
        problems.add(line, message("records.required", field=problems.column("role")))
    if values["end"] and values["end"] < values["start"]:
        problems.add(line, message("records.end_before_start", end=values["end"], start=values["start"]))
    return None if problems.bad(line) else values


def import_roles(ledger: Any, path: str | Path) -> ImportResult:
    return run_import(
        ledger,
        path,
        ROLE_COLUMNS,
        lambda problems, line, row: parse_role(problems, line, row, ledger.today),
        lambda v: (v["cadre"], v["role"], v["township"], v["village"], v["start"]),
        store_roles,
        "role",
    )


def store_roles(ledger: Any, session: Any, parsed: list, problems: Problems, file: str) -> ImportResult:
    from bangfu_cli.storage.models import Role

    result = ImportResult(file)
    cadres = cadre_store.by_code(session)
    villages = villages_by_place(session)
    current = {(r.cadre_id, r.role, r.village_id, r.start): r for r in cadre_store.every_role(session)}
    valid = []
    for line, values in parsed:
        cadre = cadres.get(values["cadre"])
        village = villages.get((values["township"], values["village"]))
        if cadre is None:
            near = near_matches(values["cadre"], [(c.name, c.code) for c in cadres.values()])
            problems.add(line, message("records.unknown_cadre", code=values["cadre"], near=near))
        if village is None:
            near = near_matches(values["village"], [(name, town) for town, name in villages])
            problems.add(
                line,
                message(
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
    for values, cadre, village in track(valid, "records.writing"):
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
