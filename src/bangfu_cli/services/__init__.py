"""Use-cases shared by several commands: open the ledger, record, import, run the rules."""
