"""The errors a user can cause. Each carries a message key and its parameters, never text:
the one funnel in ``cli.app`` says it in the user's language (``i18n.error_message``) and
exits with code 2. The domain imports nothing above it, so nothing here translates."""

from __future__ import annotations


class BangfuError(Exception):
    """Bad input or an unusable ledger: one clear message, exit 2, nothing written."""

    exit_code = 2

    def __init__(self, key: str, /, **params: object) -> None:
        super().__init__(key)
        self.key = key
        self.params = params

    def __str__(self) -> str:  # pragma: no cover - for debugging and logs
        return f"{self.key} {self.params}"


class RowError(BangfuError):
    """One or more bad rows in an import file; ``problems`` is [(line, message), …]."""

    def __init__(self, file: str, problems: list[tuple[int, str]]) -> None:
        # rows, not problems: one row can have several
        super().__init__("import.bad_rows", file=file, count=len({line for line, _ in problems}))
        self.problems = problems
