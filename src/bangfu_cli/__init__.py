"""bangfu — 结对帮扶台账: a command-line ledger for paired assistance work."""

import gc
from collections.abc import Iterator
from contextlib import contextmanager

__version__ = "0.1.0"

# Cycle collection for a command's process (cli.app.main, and a worker judging half a ledger):
# a command allocates in bulk (10⁵–10⁶ records on a county) and then exits. Python's default
# (every 700 allocations, with full passes over every tracked object) took a fifth of a county
# `check`; young cycles are still collected, every 100,000 allocations, full passes left to the exit.
GC_THRESHOLDS = (100_000, 50, 100)


@contextmanager
def cycles_uncollected() -> Iterator[None]:
    """No cycle collection inside: for building and judging a ledger's records in bulk (a
    county's ~10⁶ named tuples hold no cycles, yet every collection walks them — 0.3 s of a
    county part of ``check``, 2 s of a city's). Collection resumes as it was on leaving, with what
    was made inside in the oldest generation."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            if not gc.get_freeze_count():  # (objects frozen by someone else stay frozen)
                # What was made inside counts as old: moved to the oldest generation (two list
                # splices), so the young pass that would follow at once does not walk every
                # record made inside that is still alive (0.1–0.2 s after a county part).
                # Cycles among them are still collected, by the next full pass.
                gc.freeze()
                gc.unfreeze()
            gc.enable()
