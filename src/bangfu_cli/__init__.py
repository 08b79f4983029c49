"""bangfu — 结对帮扶台账: a command-line ledger for paired assistance work."""

__version__ = "0.1.0"

# Cycle collection for a command's process (cli.app.main, and a worker judging half a ledger):
# a command allocates in bulk (10⁵–10⁶ records on a county) and then exits. Python's default
# (every 700 allocations, with full passes over every tracked object) took a fifth of a county
# `check`; young cycles are still collected, every 100,000 allocations, full passes left to the exit.
GC_THRESHOLDS = (100_000, 50, 100)
