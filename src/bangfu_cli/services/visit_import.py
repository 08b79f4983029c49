"""Importing a visits file (``visit import``; CONTRACT.md columns) in one transaction.

Every row is checked — household and cadre codes known, a date that is not in the future nor after
the household was closed, a known mode, texts within ``MAX_TEXT`` — and every bad row is reported
with its line; the good rows go in, all in one transaction, or nothing does. A row that is only
unusual — a second visit by the same cadre the same day and mode, a date more than ``YEARS_BACK``
years back, a visit before its household entered the ledger — goes in with a warning naming its
line. Re-importing the same file changes nothing (natural key: household + cadre + date + mode +
content).

Built for files of hundreds of thousands of rows into a ledger of a million visits: the file is
read in blocks of rows by column (``tabular.iter_blocks``) and a block of good new rows is
checked column by column, codes resolve by one dict lookup each, each distinct date text is
parsed once (and the ledger's visits of that date read once), and the rows are written by
``storage.bulk.insert_rows`` while the rest of the file is read, with time-ordered UUIDs made in
bulk (the same layout as ``storage.ids.new_uuid``) so that the unique index on ``uuid`` is
appended to. ``tests/visits/test_visit_import_equivalence.py`` proves the ledger ends up exactly
as a plain row-by-row ORM import would leave it, however the file is cut into blocks."""

from __future__ import annotations

import os
import time
from collections.abc import Iterator
from datetime import date
from itertools import chain, islice
from operator import lt
from pathlib import Path
from typing import Any

from bangfu_cli.domain import vocab
from bangfu_cli.domain.dates import YEARS_BACK, in_span, try_parse_date, years_before
from bangfu_cli.domain.messages import message
from bangfu_cli.services.visits import MAX_TEXT, OK_WORD, VISIT_COLUMNS_SPEC
from bangfu_cli.storage import visits as store

UUID_BLOCK = 4096  # UUIDs made per call to the clock and to os.urandom
# A hex digit → the same digit's two low bits under the variant ``10``: 8, 9, a or b.
_VARIANT = bytes.maketrans(b"0123456789abcdef", b"89ab" * 4)
# ``NONE_IF_EMPTY.get(text, text)``: None for an empty cell, the text itself otherwise.
NONE_IF_EMPTY: dict[str, None] = {"": None}


def visit_columns():
    from bangfu_cli.services.tabular import ColumnSpec

    return [ColumnSpec(key, zh, required) for key, zh, required in VISIT_COLUMNS_SPEC]


def _mode_words() -> dict[str, str]:
    return {w.lower(): value for value, words in vocab.MODES.items() for w in words}


def uuid7_block(n: int) -> list[str]:
    """``n`` time-ordered UUIDs (RFC 9562 version 7, the layout of ``ids.new_uuid``): 48 bits
    of Unix milliseconds, version 7, 12 random bits, variant ``10``, 62 random bits — one read
    of the clock and of ``os.urandom``. Written a character position at a time for all ``n``
    (strided slices of one buffer) rather than one UUID at a time."""
    ms = f"{time.time_ns() // 1_000_000 & 0xFFFF_FFFF_FFFF:012x}"
    template = f"{ms[:8]}-{ms[8:]}-7xxx-yxxx-xxxxxxxxxxxx\n".encode("ascii")
    step = len(template)
    out = bytearray(template * n)
    rand = os.urandom(10 * n).hex().encode("ascii")  # 20 hex digits a UUID, 19 of them used
    # x ← a random digit, y ← the variant's two bits and two random ones
    for at, digit in zip((15, 16, 17, 20, 21, 22, *range(24, 36)), (0, 1, 2, *range(4, 19)), strict=True):
        out[at::step] = rand[digit::20]
    out[19::step] = rand[3::20].translate(_VARIANT)
    return out.decode("ascii").split()


def uuid7_stream() -> Iterator[str]:
    """Endless ``uuid7_block`` UUIDs, ``UUID_BLOCK`` at a time."""
    while True:
        yield from uuid7_block(UUID_BLOCK)


def _new_rows(ledger: Any, path: str | Path, problems: Any, result: Any, lookups: Any) -> Iterator[tuple]:
    """The insert rows (``store.IMPORT_COLUMNS``) of the file's good rows that are not in the
    ledger yet, in the file's order, made as the file is read; every bad row goes to
    ``problems`` instead, and after the first bad one no row is yielded (the rest of the file
    is still checked).

    ``lookups`` (``storage.visits.lookups_before``) see the ledger as it was before this import:
    its codes, and its visits of each date, read the first time a row has that date.

    The file comes in blocks of rows by column (``tabular.iter_blocks``). A block whose rows are
    all good and all new — what almost every block of a real file is — is checked and turned
    into rows column by column, in C (``map`` over dicts, ``max``, set operations); any other
    block is taken row by row, with every reason for every bad row."""
    from bangfu_cli.services.tabular import iter_blocks

    check = _Check(ledger.today, lookups)
    for lines, cells in iter_blocks(path, visit_columns()):
        check.learn_dates(cells[2])
        if not problems:
            rows = check.whole_block(cells)
            if rows is not None:
                result.added += len(lines)
                yield from rows
                continue
        yield from check.row_by_row(lines, cells, problems, result)


class _Check:
    """What the rows of one import are checked against: the ledger's codes, the dates seen so
    far, and the natural keys of the visits in the ledger or already taken from the file."""

    def __init__(self, today: date, lookups: Any) -> None:
        self.today = today
        self.lookups = lookups
        self.words = _mode_words()
        self.ok_words = {w.lower(): OK_WORD for w in vocab.GUARANTEE_OK if w}
        self.households = lookups.households()
        self.household_ids = {code: i for code, (i, _, _) in self.households.items()}
        self.closed = {code: on for code, (_, on, _) in self.households.items() if on is not None}
        # a visit before its household entered the ledger is accepted with a warning (it counts
        # for no period before 纳入台账日期)
        self.since = {code: since for code, (_, _, since) in self.households.items()}
        self.latest_since = max(self.since.values(), default=date.min)
        self.cadres = lookups.cadres()
        # a visit by a cadre with no pairing with the household and no role in its village that
        # day is accepted with a warning, as ``visit add`` says it
        self.spans = lookups.relations()
        self.village_of = lookups.villages()
        # Each distinct date text → its date (None when it is not a date), and its ISO text.
        self.date_of: dict[str, date | None] = {}
        self.iso_of: dict[str, str] = {}
        # (household id, cadre id, date, mode, content) of the visits in the ledger or already
        # taken from the file, on the dates in ``loaded`` (dates as ``date``)
        self.known: set[tuple] = set()
        # (household id, cadre id, date, mode) of the same visits: a second one is accepted
        # with a warning that it may be a duplicate (the same visit entered twice)
        self.same_day: set[tuple] = set()
        self.loaded: set[date] = set()
        # a visit dated before this is accepted with a warning (the year may be mistyped)
        self.years_back = years_before(today, YEARS_BACK)
        self.uuids = uuid7_stream()

    def learn_dates(self, texts: tuple[str, ...]) -> None:
        """Parse each date text not seen yet; read the ledger's visits of each new date."""
        for text in set(texts).difference(self.date_of):
            value = self.date_of[text] = try_parse_date(text) if text else None
            if value is not None:
                self.iso_of[text] = value.isoformat()
                if value not in self.loaded:
                    self.loaded.add(value)
                    found = list(self.lookups.visits_on(value))
                    self.known.update(found)
                    self.same_day.update(key[:4] for key in found)

    def whole_block(self, cells: list[tuple[str, ...]]) -> Iterator[tuple] | None:
        """The block's insert rows when every row is good and new (checked column by column), else None."""
        household_c, cadre_c, text_c, mode_c, content_c, problems_c, measures_c, guarantees_c = cells
        hh_ids = list(map(self.household_ids.get, household_c))
        cids = list(map(self.cadres.get, cadre_c))
        days = list(map(self.date_of.__getitem__, text_c))
        modes = list(map(self.words.get, map(str.lower, mode_c)))
        if (
            None in hh_ids
            or None in cids
            or None in days
            or None in modes
            or max(days) > self.today
            or min(days) < self.years_back
            or any(map(self.closed.__contains__, household_c))
            or (
                min(days) < self.latest_since and any(map(lt, days, map(self.since.__getitem__, household_c)))
            )
            or max(map(len, chain(content_c, problems_c, measures_c, guarantees_c))) > MAX_TEXT
            or not all(map(self.related, hh_ids, cids, days))
        ):
            return None
        contents = list(map(NONE_IF_EMPTY.get, content_c, content_c))
        keys = set(zip(hh_ids, cids, days, modes, contents, strict=True))
        same_day = set(zip(hh_ids, cids, days, modes, strict=True))
        if len(same_day) != len(household_c) or not same_day.isdisjoint(self.same_day):
            return None  # a row to warn of (or one already in the ledger): taken row by row
        self.known |= keys
        self.same_day |= same_day
        guarantees = list(map(self.ok_words.get, map(str.lower, guarantees_c), guarantees_c))
        return zip(
            islice(self.uuids, len(household_c)),
            hh_ids,
            cids,
            map(self.iso_of.__getitem__, text_c),
            modes,
            contents,
            map(NONE_IF_EMPTY.get, problems_c, problems_c),
            map(NONE_IF_EMPTY.get, measures_c, measures_c),
            map(NONE_IF_EMPTY.get, guarantees, guarantees),
            strict=True,
        )

    def row_by_row(self, lines: Any, cells: list, problems: Any, result: Any) -> Iterator[tuple]:
        """The block's good new rows (while the file has no bad row); every bad row's reasons
        go to ``problems``, a row already in the ledger counts as unchanged."""
        households, cadres, date_of, words, ok_words = (
            self.households, self.cadres, self.date_of, self.words, self.ok_words
        )  # fmt: skip
        today, known, iso_of = self.today, self.known, self.iso_of
        for line, row in zip(lines, zip(*cells, strict=True), strict=True):
            household, cadre, text, mode_text, content, probs, measures, guarantees = row
            hh = households.get(household)
            cid = cadres.get(cadre)
            day = date_of[text]
            mode = words.get(mode_text.lower())
            content = content or None
            probs = probs or None
            measures = measures or None
            guarantees = guarantees or None
            if guarantees is not None and len(guarantees) <= MAX_TEXT:
                guarantees = ok_words.get(guarantees.lower(), guarantees)
            if (
                hh is not None
                and cid is not None
                and day is not None
                and mode is not None
                and day <= today
                and (hh[1] is None or hh[1] >= day)
                and (content is None or len(content) <= MAX_TEXT)
                and (probs is None or len(probs) <= MAX_TEXT)
                and (measures is None or len(measures) <= MAX_TEXT)
                and (guarantees is None or len(guarantees) <= MAX_TEXT)
            ):
                key = (hh[0], cid, day, mode, content)
                if key in known:
                    result.unchanged += 1
                elif not problems:
                    known.add(key)
                    result.added += 1
                    self._warn(line, row, key, hh[2], result)
                    yield (
                        next(self.uuids),
                        hh[0],
                        cid,
                        iso_of[text],
                        mode,
                        content,
                        probs,
                        measures,
                        guarantees,
                    )
                continue
            texts = (content, probs, measures, guarantees)
            for reason in self._reasons(problems, row, hh, cid, day, mode, texts):
                problems.add(line, reason)

    def related(self, household_id: int, cadre_id: int, day: date) -> bool:
        """Whether the cadre holds, on ``day``, a pairing with the household or a role in its
        village (``storage.visits.cadre_related_on``, for a whole file)."""
        for key in ((0, household_id, cadre_id), (1, self.village_of[household_id], cadre_id)):
            if any(in_span(day, start, end) for start, end in self.spans.get(key, ())):
                return True
        return False

    def _warn(self, line: int, row: tuple, key: tuple, since: date, result: Any) -> None:
        """A new good row that looks unusual: accepted, and said on stderr by its line."""
        household, cadre, text = row[:3]
        iso = self.iso_of[text]
        if key[2] < since:
            result.warn(line, message("visits.before_since", household=household, since=since.isoformat()))
        if not self.related(*key[:3]):
            result.warn(line, message("visits.no_relation", cadre=cadre, household=household, date=iso))
        if key[:4] in self.same_day:
            mode = message(f"enum.mode.{key[3]}")
            result.warn(
                line, message("visits.maybe_duplicate", household=household, cadre=cadre, date=iso, mode=mode)
            )
        self.same_day.add(key[:4])
        if key[2] < self.years_back:
            result.warn(line, message("visits.years_back", date=iso, years=YEARS_BACK))

    def _reasons(
        self, problems: Any, row: tuple, hh: Any, cid: Any, day: Any, mode: Any, texts: tuple
    ) -> list:
        """Every reason a row is bad, in the order of the columns."""
        household, cadre, text, mode_text = row[:4]
        reasons = []
        if hh is None:
            reasons.append(message("visits.row_unknown_household", code=household or "—"))
        if cid is None:
            reasons.append(message("visits.row_unknown_cadre", code=cadre or "—"))
        if day is None:
            reasons.append(message("input.bad_date", field=problems.column("date"), value=text))
        elif day > self.today:
            iso, today = self.iso_of[text], self.today.isoformat()
            reasons.append(
                message("input.future_date", field=problems.column("date"), value=iso, today=today)
            )
        elif hh is not None and hh[1] is not None and hh[1] < day:
            closed, iso = hh[1].isoformat(), self.iso_of[text]
            reasons.append(
                message("visits.household_closed", household=household, closed_on=closed, date=iso)
            )
        if mode is None:
            reasons.append(message("visits.row_bad_mode", value=mode_text or "—"))
        for key, value in zip(("content", "problems", "measures", "guarantees"), texts, strict=True):
            if value is not None and len(value) > MAX_TEXT:
                reasons.append(message("visits.too_long", field=problems.column(key), max=MAX_TEXT))
        return reasons


def import_visits(ledger: Any, path: str | Path) -> Any:
    """Import a visits file (CONTRACT.md columns) in one transaction; re-importing the same file
    changes nothing. One audit entry records an import that added visits (file, counts).

    The file is read and checked while its rows are written (``storage.bulk``): a bad row stops
    the writing, the rest of the file is still checked, and the transaction is rolled back."""
    from bangfu_cli import cycles_uncollected
    from bangfu_cli.services.importing import ImportResult
    from bangfu_cli.services.tabular import collect_problems
    from bangfu_cli.storage.audit_chain import last_id

    problems = collect_problems(path, visit_columns())
    result = ImportResult(file=str(path))
    stamp = ledger.stamp()
    # Every row's household and cadre are looked up in ``_new_rows``, read after the write lock
    # is taken: SQLite need not look them up again.
    with ledger.write_core(parents_checked=True) as conn:
        # recorded_at as the value stored for it, made once.
        recorded_at = store.stored_timestamp(conn, stamp["recorded_at"])
        store.check_dates_are_iso_text(conn)
        # ``known`` grows to a tuple per row, which every cycle collection would walk (~9 % of
        # making the rows of a 500,000-row file); the rows hold no cycles.
        with store.lookups_before(ledger.engine) as lookups, cycles_uncollected():  # closed before the commit
            rows = _new_rows(ledger, path, problems, result, lookups)
            same = {"voided": False, "recorded_at": recorded_at, "recorded_by": stamp["recorded_by"]}
            first = last_id(conn, "visit") + 1
            store.insert_imported(conn, rows, same)
        problems.raise_if_any()
        if result.added:  # a re-import that adds nothing leaves no trace, not even in the audit
            name, written = Path(str(path)).name[:64], ("visit", first, last_id(conn, "visit"))
            ledger.audit(conn, "import", "visit", key=name, changes=result.counts(), records=written)
    return result
