"""A usage error — an unknown command or option, a missing or wrong value — said in the
interface's language.

Typer (0.29) writes these in English only ("Error: No such option: --townsip"). The error funnel
(``app.main``) runs the command tree without Typer's own handling and hands a usage error here:
the usage line, where to find help, and the error itself, in Chinese or English, with the near
matches of a mistyped command or option. Everything is read from the exception's own fields
(the option, the parameter, the command's context); an error this does not know is said with
Typer's text inside our own frame."""

from __future__ import annotations

import difflib
import re
from typing import Any

from bangfu_cli.i18n import t

_EXTRA = re.compile(r"Got unexpected extra argument\(s\) \((?P<args>.*)\)$", re.S)
_NO_COMMAND = re.compile(r"No such command '(?P<name>.*?)'\.")


def usage_lines(exc: Any) -> list[str]:
    """The lines above the error: the command's usage and how to ask for its help (none when the
    error has no command context)."""
    ctx = getattr(exc, "ctx", None)
    if ctx is None:
        return []
    from bangfu_cli.cli.help_words import word

    usage = ctx.get_usage()
    for prefix in (word("Usage: "), "Usage: "):
        if usage.startswith(prefix):
            usage = usage[len(prefix) :].strip()
            break
    lines = [t("usage.usage", usage=usage)]
    if ctx.command.get_help_option(ctx) is not None:
        lines.append(t("usage.help_hint", command=ctx.command_path, option=ctx.help_option_names[0]))
    return lines


def message(exc: Any) -> str:
    """The error of a usage error in the interface's language."""
    kind = type(exc).__name__
    if kind == "NoSuchOption":
        near = list(getattr(exc, "possibilities", None) or [])
        return t("usage.no_such_option", option=exc.option_name) + _near(near)
    if kind == "BadOptionUsage":
        if "does not take a value" in exc.message:
            return t("usage.option_takes_no_value", option=exc.option_name)
        return t("usage.option_needs_value", option=exc.option_name)
    if kind == "MissingParameter" and exc.param is not None:
        key = "usage.missing_argument" if exc.param.param_type_name == "argument" else "usage.missing_option"
        return t(key, name=_name(exc))
    if kind == "BadParameter" and (exc.param is not None or exc.param_hint is not None):
        value = _bad_input(exc)
        annotation = getattr(getattr(exc.param, "type_descriptor", None), "annotation", None)
        if (least := _at_least(exc)) is not None:
            return t("usage.at_least", name=_name(exc), value=value, least=least)
        if annotation is int and value is not None:
            return t("usage.not_integer", name=_name(exc), value=value)
        return t("usage.bad_value", name=_name(exc), detail=exc.message)
    if match := _NO_COMMAND.match(exc.message):
        name = match["name"]
        ctx = exc.ctx
        near = difflib.get_close_matches(name, ctx.command.list_commands(ctx)) if ctx is not None else []
        return t("usage.no_such_command", name=name) + _near(near)
    if exc.message == "Missing command.":
        return t("usage.missing_command")
    if match := _EXTRA.match(exc.message):
        return t("usage.extra_arguments", args=match["args"])
    return exc.format_message()


def _near(names: list[str]) -> str:
    return t("resolve.near", names=t("usage.separator").join(sorted(names))) if names else ""


def _name(exc: Any) -> str:
    """The option or argument an error is about, as the user typed or reads it: ``--on``."""
    hint = exc.param_hint if exc.param_hint is not None else exc.param.get_error_hint()
    if not isinstance(hint, str):
        hint = " / ".join(hint)
    return hint.replace("'", "")


def _at_least(exc: Any) -> Any:
    """The smallest value a number option takes, when the value given was below it (else None)."""
    errors = getattr(exc.__cause__, "errors", None)
    try:
        first = errors()[0] if errors is not None else {}
    except (IndexError, TypeError, AttributeError):
        return None
    if first.get("type") == "greater_than_equal":
        return (first.get("ctx") or {}).get("ge")
    return None


def _bad_input(exc: Any) -> str | None:
    """The text a user gave that a parameter's checker refused (Pydantic's error, which Typer
    raises this error from, holds it), or None."""
    errors = getattr(exc.__cause__, "errors", None)
    if errors is None:
        return None
    try:
        value = errors()[0].get("input")
    except (IndexError, TypeError, AttributeError):
        return None
    return value if isinstance(value, str) else None
