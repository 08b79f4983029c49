"""Arguments as the console sent them. A Chinese console in GBK hands Python bytes that are not
UTF-8; Python keeps them as lone surrogates, which no message can print. Each such argument is
decoded again as the console's encoding (GB18030, a superset of GBK, on a Chinese locale), or
refused with one message when it is not text in that encoding either."""

from __future__ import annotations

import locale
import os
import sys

from bangfu_cli.domain.errors import BangfuError


def console_encodings() -> list[str]:
    """The encodings tried for an argument that is not UTF-8, most likely first."""
    found = []
    # Python may have coerced LC_CTYPE to C.UTF-8 (PEP 538), so every variable is asked.
    names = ("LC_ALL", "LC_CTYPE", "LANG", "LANGUAGE", "BANGFU_LANG")
    if any(os.environ.get(name, "").lower().startswith("zh") for name in names):
        found.append("gb18030")
    try:
        preferred = locale.getpreferredencoding(False)
    except Exception:  # pragma: no cover - a broken locale setup
        preferred = ""
    if preferred and preferred.lower().replace("-", "") not in ("utf8", "ascii", "ansi_x3.41968"):
        found.append(preferred)
    if sys.platform == "win32":  # pragma: no cover
        found.append("gb18030")
    return list(dict.fromkeys(found))


def _has_surrogates(text: str) -> bool:
    return any("\udc80" <= ch <= "\udcff" for ch in text)


def decode_args(args: list[str]) -> list[str]:
    """``args`` with every surrogate-escaped argument decoded as the console's encoding;
    BangfuError (exit 2) naming the argument's position when none decodes it."""
    out = []
    for position, arg in enumerate(args, start=1):
        if not _has_surrogates(arg):
            out.append(arg)
            continue
        raw = os.fsencode(arg)
        for encoding in console_encodings():
            try:
                out.append(raw.decode(encoding))
                break
            except (UnicodeDecodeError, LookupError):
                continue
        else:
            shown = raw.decode("utf-8", errors="replace")
            raise BangfuError("usage.bad_encoding", position=position, value=shown)
    return out
