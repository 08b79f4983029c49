"""When the database asks a transaction to be run again, and running it again.

PostgreSQL may end a transaction with a serialization failure (SQLSTATE 40001) or as the victim
of a deadlock (40P01): nothing of it was written, and the same work run again will normally
succeed. bangfu's writers queue on one lock (``storage.engine``), so between bangfu commands this
is rare, but other clients of a shared ledger (psql, reports) can take part in either. A write is
one transaction and rolls back whole, so the unit run again is the whole command: ``retrying``
runs it up to ``ATTEMPTS`` times, waiting a little longer (with jitter) before each new attempt.

Light on purpose: imported by the command line's entry point before any command runs."""

from __future__ import annotations

import random
import time
from collections.abc import Callable
from typing import Any

RETRY_SQLSTATES = frozenset({"40001", "40P01"})  # serialization_failure, deadlock_detected
ATTEMPTS = 5
FIRST_WAIT_S = 0.05


class GaveUp(Exception):
    """The database asked for a retry ``ATTEMPTS`` times in a row."""

    def __init__(self, attempts: int, last: BaseException) -> None:
        super().__init__(f"gave up after {attempts} attempts: {last}")
        self.attempts = attempts
        self.last = last


def sqlstate(exc: BaseException) -> str | None:
    """The SQLSTATE of a database error (SQLAlchemy's wrapper or the driver's own), else None."""
    for candidate in (exc, getattr(exc, "orig", None), exc.__cause__):
        code = getattr(candidate, "sqlstate", None) or getattr(candidate, "pgcode", None)
        if isinstance(code, str):
            return code
    return None


def is_retryable(exc: BaseException) -> bool:
    return sqlstate(exc) in RETRY_SQLSTATES


def retrying(work: Callable[[], Any], *, attempts: int = ATTEMPTS, sleep=time.sleep) -> Any:
    """``work()``, run again while it fails with an error the database asks to retry; ``GaveUp``
    after ``attempts`` such failures. Any other error is raised as it is, at once."""
    for attempt in range(1, attempts + 1):
        try:
            return work()
        except Exception as exc:
            if not is_retryable(exc):
                raise
            if attempt == attempts:
                raise GaveUp(attempts, exc) from exc
            sleep(FIRST_WAIT_S * 2 ** (attempt - 1) * (0.5 + random.random()))
    raise AssertionError("unreachable")  # pragma: no cover
