"""A message to the user that is not said yet: its key in the i18n catalogue and its values.
Services return these (a warning, a bad row's reason, a value of an error) and the command line
says them in the user's language (``i18n.t`` says every value that has a ``said``).

A value may itself be a message, a name written in both languages (``Words``: an import file's
column), or messages joined into one (``Joined``); each is said in the same language."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

# How a message is said: ``t(key, **params)`` in the current language.
Say = Callable[..., str]


@dataclass(frozen=True)
class Message:
    key: str
    params: dict[str, Any] = field(default_factory=dict)

    def said(self, t: Say, lang: str) -> str:
        return t(self.key, **self.params)


def message(key: str, /, **params: Any) -> Message:
    return Message(key, params)


@dataclass(frozen=True)
class Words:
    """A name as each language writes it (an import column: ``date`` / ``走访日期``)."""

    en: str
    zh: str

    def said(self, t: Say, lang: str) -> str:
        return self.zh if lang == "zh" else self.en


@dataclass(frozen=True)
class Joined:
    """Several messages (or texts) said as one, ``sep`` between them."""

    parts: Sequence[Any]
    sep: str = "; "

    def said(self, t: Say, lang: str) -> str:
        return self.sep.join(p.said(t, lang) if hasattr(p, "said") else str(p) for p in self.parts)
