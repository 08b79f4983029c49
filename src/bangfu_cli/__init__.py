"""bangfu — 结对帮扶台账: a command-line ledger for paired assistance work."""

__version__ = "0.1.0"
