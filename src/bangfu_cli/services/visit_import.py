"""Importing a visits file (``visit import``; CONTRACT.md columns) in one transaction.

Every row is checked — household and cadre codes known, a date that is not in the future nor after
the household was closed, a known mode, texts within ``MAX_TEXT`` — and every bad row is reported
with its line; then the good rows go in, all in one transaction, or nothing does. Re-importing the
same file changes nothing (natural key: household + cadre + date + mode + content).

Built for files of hundreds of thousands of rows into a ledger of a million visits: rows are read
as tuples (``tabular.read_table``), codes resolve by one dict lookup each, each distinct date text
is parsed once, and the rows go to SQLite by one DB-API ``executemany`` fed by a generator, with
time-ordered UUIDs made in bulk (the same layout as ``storage.ids.new_uuid``) so that the
unique index on ``uuid`` is appended to. ``tests/visits/test_visit_import_equivalence.py`` proves
the ledger ends up exactly as a plain row-by-row ORM import would leave it."""

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

UUID_BLOCK = 4096  # UUIDs drawn per call to the clock and to os.urandom
_VARIANT = {f"{n:x}": "89ab"[n & 3] for n in range(16)}

INSERT_SQL = (
    "INSERT INTO visit (uuid, household_id, cadre_id, date, mode, content, problems, measures,"
    " guarantees, voided, recorded_at, recorded_by) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, 0, ?, ?)"
)


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


def _check_rows(ledger: Any, path: str | Path, problems: Any) -> list[tuple]:
    """The rows of the file as (household id, cadre id, ISO date, mode, content, problems,
    measures, guarantees); every bad row goes to ``problems`` instead."""
    from sqlalchemy import select

    from bangfu_cli.services.tabular import read_table
    from bangfu_cli.storage.models import Cadre, Household

    rows = read_table(path, visit_columns())
    today = ledger.today
    words = _mode_words()
    ok_words = {w.lower() for w in vocab.GUARANTEE_OK if w}
    with ledger.read() as session:
        households = {
            code: (hid, closed)
            for code, hid, closed in session.execute(
                select(Household.code, Household.id, Household.closed_on)
            )
        }
        cadres = dict(session.execute(select(Cadre.code, Cadre.id)).all())
    # Each distinct date text → (ISO text, date) or None when it is not a date.
    days: dict[str, tuple[str, date] | None] = {}
    parsed: list[tuple] = []
    append = parsed.append
    for line, (household, cadre, text, mode_text, content, probs, measures, guarantees) in rows:
        hh = households.get(household)
        cid = cadres.get(cadre)
        day = days.get(text, False)
        if day is False:
            value = try_parse_date(text) if text else None
            day = days[text] = None if value is None else (value.isoformat(), value)
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
            append((hh[0], cid, day[0], mode, content, probs, measures, guarantees))
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
    return parsed


def import_visits(ledger: Any, path: str | Path) -> Any:
    """Import a visits file (CONTRACT.md columns) in one transaction; re-importing the same file
    changes nothing. One audit entry records an import that added visits (file, counts)."""
    from sqlalchemy import bindparam, text

    from bangfu_cli.services.imports import ImportResult
    from bangfu_cli.services.tabular import collect_problems
    from bangfu_cli.storage.models import Visit

    problems = collect_problems(path)
    parsed = _check_rows(ledger, path, problems)
    problems.raise_if_any()
    result = ImportResult(file=str(path))
    if not parsed:
        return result
    first = min(p[2] for p in parsed)
    last = max(p[2] for p in parsed)
    stamp = ledger.stamp()
    with ledger.write() as session:
        conn = session.connection()
        dialect = conn.dialect
        table = Visit.__table__
        # recorded_at as the text SQLAlchemy stores for it (its column type binds it), made once.
        recorded_at = conn.execute(
            text("SELECT :at").bindparams(
                bindparam("at", stamp["recorded_at"], type_=table.c.recorded_at.type)
            )
        ).scalar_one()
        # Dates are ISO text in SQLite, the form SQLAlchemy writes and reads (checked once here).
        assert table.c.date.type.bind_processor(dialect) is None or (
            table.c.date.type.bind_processor(dialect)(date(2023, 1, 2)) == "2023-01-02"
        )
        existing = set(
            conn.exec_driver_sql(
                "SELECT household_id, cadre_id, date, mode, content FROM visit WHERE date >= ? AND date <= ?",
                (first, last),
            ).fetchall()
        )
        at, by = recorded_at, stamp["recorded_by"]
        uuids = uuid7_stream()

        def new_rows() -> Iterator[tuple]:
            for hid, cid, day, mode, content, probs, measures, guarantees in parsed:
                key = (hid, cid, day, mode, content)
                if key in existing:
                    result.unchanged += 1
                    continue
                existing.add(key)
                result.added += 1
                yield (next(uuids), hid, cid, day, mode, content, probs, measures, guarantees, at, by)

        cursor = conn.connection.driver_connection.cursor()
        try:
            cursor.executemany(INSERT_SQL, new_rows())
        finally:
            cursor.close()
        if result.added:  # a re-import that adds nothing leaves no trace, not even in the audit
            ledger.audit(session, "import", "visit", key=Path(str(path)).name[:64], changes=result.as_dict())
    return result
