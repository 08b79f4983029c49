"""What is never printed: the password of a database URL (``scheme://user:password@host``), in a
message, an error a driver raised, or the name a ledger is shown under."""

from __future__ import annotations

import re

_URL_PASSWORD = re.compile(r"(\b[a-zA-Z][a-zA-Z0-9+.-]*://[^:/@\s]*:)[^@\s]*@")
_KEYWORD_PASSWORD = re.compile(r"(\bpassword\s*=\s*)('[^']*'|\"[^\"]*\"|\S+)", re.IGNORECASE)


def hide_passwords(text: str) -> str:
    """``text`` with every URL password, and every ``password=…`` of a connection string, as ***."""
    text = _URL_PASSWORD.sub(r"\1***@", text)
    return _KEYWORD_PASSWORD.sub(r"\1***", text)
