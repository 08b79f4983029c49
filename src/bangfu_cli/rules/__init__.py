"""The rules engine: policy profiles (data) and pure functions from ledger data, an as-of date
and a window to findings. Never touches a session, a console or the clock."""
