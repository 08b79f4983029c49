"""Importing a visits file (``visit import``; CONTRACT.md columns) in one transaction.

Every row is checked — household and cadre codes known, a date that is not in the future nor after
the household was closed, a known mode, texts within ``MAX_TEXT`` — and every bad row is reported
with its line; the good rows go in, all in one transaction, or nothing does. Re-importing the
same file changes nothing (natural key: household + cadre + date + mode + content).

Built for files of hundreds of thousands of rows into a ledger of a million visits: rows are read
as tuples as the file is read (``tabular.iter_table``), codes resolve by one dict lookup each,
each distinct date text is parsed once (and the ledger's visits of that date read once), and the
rows are written by ``storage.bulk.insert_rows`` while the rest of the file is read, with
time-ordered UUIDs made in bulk (the same layout as ``storage.ids.new_uuid``) so that the unique
index on ``uuid`` is appended to. ``tests/visits/test_visit_import_equivalence.py`` proves the
ledger ends up exactly as a plain row-by-row ORM import would leave it."""

from __future__ import annotations

import os
import time
from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import Any

from bangfu_cli.domain import vocab
from bangfu_cli.domain.dates import try_parse_date
from bangfu_cli.i18n import t
from bangfu_cli.services.visits import MAX_TEXT, OK_WORD, VISIT_COLUMNS_SPEC
from bangfu_cli.storage.rawsql import Reader

UUID_BLOCK = 4096  # UUIDs drawn per call to the clock and to os.urandom
_VARIANT = {f"{n:x}": "89ab"[n & 3] for n in range(16)}

COLUMNS = (
    "uuid", "household_id", "cadre_id", "date", "mode", "content", "problems", "measures", "guarantees",
)  # fmt: skip
HOUSEHOLDS_SQL = "SELECT code, id, closed_on FROM household"
CADRES_SQL = "SELECT code, id FROM cadre"
# The visits already in the ledger on one date, as the natural key of ``_new_rows``.
EXISTING_SQL = "SELECT household_id, cadre_id, date, mode, content FROM visit WHERE date = :day"


def visit_columns():
    from bangfu_cli.services.tabular import ColumnSpec

    return [ColumnSpec(key, zh, required) for key, zh, required in VISIT_COLUMNS_SPEC]


def _mode_words() -> dict[str, str]:
    return {w.lower(): value for value, words in vocab.MODES.items() for w in words}


def uuid7_stream() -> Iterator[str]:
    """Endless time-ordered UUIDs (RFC 9562 version 7, the layout of ``ids.new_uuid``): 48 bits
    of Unix milliseconds, version 7, 12 random bits, variant ``10``, 62 random bits — read from
    the clock and ``os.urandom`` once per block of ``UUID_BLOCK``."""
    variant = _VARIANT
    while True:
        ms = f"{time.time_ns() // 1_000_000 & 0xFFFF_FFFF_FFFF:012x}"
        head = f"{ms[:8]}-{ms[8:]}-7"
        rand = os.urandom(10 * UUID_BLOCK).hex()
        for i in range(0, 20 * UUID_BLOCK, 20):
            r = rand[i : i + 20]
            # r[0:3] rand_a; r[3] gives the variant's two random bits; r[4:19] the rest of rand_b
            yield f"{head}{r[:3]}-{variant[r[3]]}{r[4:7]}-{r[7:19]}"


def _new_rows(ledger: Any, path: str | Path, problems: Any, result: Any, before: Any) -> Iterator[tuple]:
    """The insert rows (``COLUMNS``) of the file's good rows that are not in the ledger yet, in
    the file's order, made as the file is read; every bad row goes to ``problems`` instead, and
    after the first bad one no row is yielded (the rest of the file is still checked).

    ``before`` (a read connection, not the one written to) sees the ledger as it was before this
    import: its codes, and its visits of each date, read the first time a row has that date."""
    from bangfu_cli.services.tabular import iter_table

    rows = iter_table(path, visit_columns())
    today = ledger.today
    words = _mode_words()
    ok_words = {w.lower() for w in vocab.GUARANTEE_OK if w}
    raw = Reader(before)
    day_of = raw.days
    households = {code: (i, day_of[closed]) for code, i, closed in raw.rows(HOUSEHOLDS_SQL)}
    cadres = dict(raw.rows(CADRES_SQL))
    # Each distinct date text → (ISO text, date) or None when it is not a date.
    days: dict[str, tuple[str, date] | None] = {}
    # (household id, cadre id, date, mode, content) of the visits in the ledger or already taken
    # from the file, on the dates in ``loaded`` (dates as ``date``: whatever the driver returns)
    known: set[tuple] = set()
    loaded: set[date] = set()
    uuids = uuid7_stream()
    for line, (household, cadre, text, mode_text, content, probs, measures, guarantees) in rows:
        hh = households.get(household)
        cid = cadres.get(cadre)
        day = days.get(text, False)
        if day is False:
            value = try_parse_date(text) if text else None
            day = days[text] = None if value is None else (value.isoformat(), value)
            if day is not None and day[1] not in loaded:
                loaded.add(day[1])
                old = raw.rows(EXISTING_SQL, day=day[1])
                known.update((h, c, day_of[d], m, said) for h, c, d, m, said in old)
        mode = words.get(mode_text.lower())
        content = content or None
        probs = probs or None
        measures = measures or None
        guarantees = guarantees or None
        if guarantees is not None and len(guarantees) <= MAX_TEXT and guarantees.lower() in ok_words:
            guarantees = OK_WORD
        if (
            hh is not None
            and cid is not None
            and day is not None
            and mode is not None
            and day[1] <= today
            and (hh[1] is None or hh[1] >= day[1])
            and (content is None or len(content) <= MAX_TEXT)
            and (probs is None or len(probs) <= MAX_TEXT)
            and (measures is None or len(measures) <= MAX_TEXT)
            and (guarantees is None or len(guarantees) <= MAX_TEXT)
        ):
            key = (hh[0], cid, day[1], mode, content)
            if key in known:
                result.unchanged += 1
            elif not problems:
                known.add(key)
                result.added += 1
                uuid = next(uuids)
                yield (uuid, hh[0], cid, day[0], mode, content, probs, measures, guarantees)
            continue
        # A bad row: every reason, in the order of the columns.
        reasons = []
        if hh is None:
            reasons.append(t("visits.row_unknown_household", code=household or "—"))
        if cid is None:
            reasons.append(t("visits.row_unknown_cadre", code=cadre or "—"))
        if day is None:
            reasons.append(t("input.bad_date", field="date", value=text))
        elif day[1] > today:
            reasons.append(t("input.future_date", field="date", value=day[0], today=today.isoformat()))
        elif hh is not None and hh[1] is not None and hh[1] < day[1]:
            reasons.append(
                t("visits.household_closed", household=household, closed_on=hh[1].isoformat(), date=day[0])
            )
        if mode is None:
            reasons.append(t("visits.row_bad_mode", value=mode_text or "—"))
        for key, value in (("content", content), ("problems", probs), ("measures", measures)):
            if value is not None and len(value) > MAX_TEXT:
                reasons.append(t("visits.too_long", field=key, max=MAX_TEXT))
        if guarantees is not None and len(guarantees) > MAX_TEXT:
            reasons.append(t("visits.too_long", field="guarantees", max=MAX_TEXT))
        for reason in reasons:
            problems.add(line, reason)


def import_visits(ledger: Any, path: str | Path) -> Any:
    """Import a visits file (CONTRACT.md columns) in one transaction; re-importing the same file
    changes nothing. One audit entry records an import that added visits (file, counts).

    The file is read and checked while its rows are written (``storage.bulk``): a bad row stops
    the writing, the rest of the file is still checked, and the transaction is rolled back."""
    from sqlalchemy import bindparam, text

    from bangfu_cli import cycles_uncollected
    from bangfu_cli.services.imports import ImportResult
    from bangfu_cli.services.tabular import collect_problems
    from bangfu_cli.storage.bulk import insert_rows
    from bangfu_cli.storage.light import visit as table

    problems = collect_problems(path)
    result = ImportResult(file=str(path))
    stamp = ledger.stamp()
    # Every row's household and cadre are looked up in ``_new_rows``, read after the write lock
    # is taken: SQLite need not look them up again.
    with ledger.write_core(parents_checked=True) as conn:
        # recorded_at as the text SQLAlchemy stores for it (its column type binds it), made once.
        recorded_at = conn.execute(
            text("SELECT :at").bindparams(
                bindparam("at", stamp["recorded_at"], type_=table.c.recorded_at.type)
            )
        ).scalar_one()
        # Dates are ISO text in SQLite, the form SQLAlchemy writes and reads (checked once here).
        date_type = table.c.date.type
        assert date_type.bind_processor(conn.dialect) is None or (
            date_type.bind_processor(conn.dialect)(date(2023, 1, 2)) == "2023-01-02"
        )
        # ``known`` grows to a tuple per row, which every cycle collection would walk (~9 % of
        # making the rows of a 500,000-row file); the rows hold no cycles.
        with ledger.engine.connect() as before, cycles_uncollected():  # closed before the commit
            rows = _new_rows(ledger, path, problems, result, before)
            same = {"voided": False, "recorded_at": recorded_at, "recorded_by": stamp["recorded_by"]}
            insert_rows(conn, "visit", COLUMNS, rows, constants=same)
        problems.raise_if_any()
        if result.added:  # a re-import that adds nothing leaves no trace, not even in the audit
            ledger.audit(conn, "import", "visit", key=Path(str(path)).name[:64], changes=result.as_dict())
    return result
