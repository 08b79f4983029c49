"""The errors a user can cause. Each carries a message key and its parameters so the
one funnel in ``cli.app`` can print it in the user's language and exit with code 2."""

from __future__ import annotations


class BangfuError(Exception):
    """Bad input or an unusable ledger: one clear message, exit 2, nothing written."""

    exit_code = 2

    def __init__(self, key: str, /, **params: object) -> None:
        super().__init__(key)
        self.key = key
        self.params = params

    def message(self) -> str:
        from bangfu_cli.i18n import t

        return t(self.key, **self.params)

    def __str__(self) -> str:  # pragma: no cover - for debugging and logs
        try:
            return self.message()
        except Exception:
            return f"{self.key} {self.params}"


class RowError(BangfuError):
    """One or more bad rows in an import file; ``problems`` is [(line, message), …]."""

    def __init__(self, file: str, problems: list[tuple[int, str]]) -> None:
        # rows, not problems: one row can have several
        super().__init__("import.bad_rows", file=file, count=len({line for line, _ in problems}))
        self.problems = problems

    def message(self) -> str:
        from bangfu_cli.i18n import t

        head = t(self.key, **self.params)
        lines = [t("import.row_problem", line=line, reason=reason) for line, reason in self.problems]
        return "\n".join([head, *lines])
