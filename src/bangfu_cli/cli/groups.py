"""The command groups of ``bangfu`` and the top-level commands, in the order help lists them."""

from __future__ import annotations

from bangfu_cli.cli import ledger_cmd

GROUPS: list = []
COMMANDS = [ledger_cmd.register]
