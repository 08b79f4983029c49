"""Chinese and English messages. One key set, one catalogue per language and area:
``i18n/zh/<area>.toml`` and ``i18n/en/<area>.toml`` hold the same keys (a test checks it).

The language comes from ``--lang``, else ``BANGFU_LANG``, else the locale (zh for ``zh_*``)."""

from __future__ import annotations

import locale
import os
import sys
import tomllib
from functools import cache
from pathlib import Path
from typing import Any

LANGS = ("zh", "en")
_HERE = Path(__file__).parent
_state = {"lang": None}


def detect_lang(argv: list[str] | None = None) -> str:
    """The interface language before the command line is fully parsed (help texts need it)."""
    argv = sys.argv if argv is None else argv
    for i, arg in enumerate(argv):
        if arg == "--lang" and i + 1 < len(argv):
            return _norm(argv[i + 1])
        if arg.startswith("--lang="):
            return _norm(arg.split("=", 1)[1])
    env = os.environ.get("BANGFU_LANG")
    if env:
        return _norm(env)
    for var in ("LC_ALL", "LC_MESSAGES", "LANG", "LANGUAGE"):
        value = os.environ.get(var)
        if value:
            return "zh" if value.lower().startswith("zh") else "en"
    try:
        loc = locale.getlocale()[0] or ""
    except ValueError:
        loc = ""
    if sys.platform == "win32" and not loc:
        loc = _windows_ui_language()
    return "zh" if loc.lower().startswith(("zh", "chinese")) else "en"


def _windows_ui_language() -> str:  # pragma: no cover - Windows only
    try:
        import ctypes

        lang_id = ctypes.windll.kernel32.GetUserDefaultUILanguage()
        return "zh" if lang_id & 0xFF == 0x04 else "en"
    except Exception:
        return ""


def _norm(value: str) -> str:
    return "zh" if value.strip().lower().startswith(("zh", "cn", "中")) else "en"


def set_lang(lang: str) -> None:
    _state["lang"] = _norm(lang)


def current_lang() -> str:
    if _state["lang"] is None:
        _state["lang"] = detect_lang()
    return _state["lang"]


@cache
def catalogue(lang: str) -> dict[str, str]:
    """Every message of ``lang``, flattened to dotted keys."""
    merged: dict[str, str] = {}
    for path in sorted((_HERE / lang).glob("*.toml")):
        with path.open("rb") as fh:
            _flatten(tomllib.load(fh), "", merged)
    return merged


def _flatten(tree: dict, prefix: str, out: dict[str, str]) -> None:
    for key, value in tree.items():
        full = f"{prefix}{key}"
        if isinstance(value, dict):
            _flatten(value, full + ".", out)
        else:
            out[full] = str(value)


def t(key: str, /, **params: object) -> str:
    """The message ``key`` in the current language, formatted with ``params``. A value that is
    itself a message not said yet (``domain.messages``: it has a ``said``) is said first."""
    lang = current_lang()
    text = catalogue(lang).get(key)
    if text is None:
        other = catalogue("en" if lang == "zh" else "zh").get(key)
        text = other if other is not None else key
    if params:
        for name, value in params.items():
            said = getattr(value, "said", None)
            if said is not None:
                params[name] = said(t, lang)
        try:
            return text.format(**params)
        except (KeyError, IndexError, ValueError):
            return text
    return text


def error_message(exc: Any) -> str:
    """The text of a domain error (``BangfuError``: a key and its parameters) in the current
    language; an import's bad rows follow its headline, one line each."""
    head = t(exc.key, **exc.params)
    problems = getattr(exc, "problems", None)
    if problems is None:
        return head
    lines = [t("import.row_problem", line=line, reason=reason) for line, reason in problems]
    return "\n".join([head, *lines])


def label(enum: str, value: str | None) -> str:
    """The display word of an enumeration value, e.g. label("mode", "home") → 入户."""
    if value is None:
        return ""
    return t(f"enum.{enum}.{value}") if f"enum.{enum}.{value}" in catalogue(current_lang()) else value


def h(en: str, zh: str) -> str:
    """A help text in the interface language (help texts are written beside the command)."""
    return zh if current_lang() == "zh" else en
