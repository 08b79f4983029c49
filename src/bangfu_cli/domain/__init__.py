"""Plain records and date arithmetic. No I/O, no database, no console."""
