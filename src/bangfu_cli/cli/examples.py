"""The examples at the end of every command's ``--help``.

The examples are messages like any other, in the catalogue's ``examples`` section
(``i18n/<lang>/examples.toml``), keyed by the command's path (``"visit add"``). A group's help
(``bangfu visit --help``) ends with the first example of each of its commands. They are read only
when a help page is written: a command that runs never loads them, and ``bangfu --help`` lists
the commands without reading any."""

from __future__ import annotations

from typing import Any

import typer
from typer.core import TyperCommand, TyperGroup


def attach(app: typer.Typer) -> None:
    """Give every command of ``app`` and of its groups a help page that ends with its examples."""
    for info in app.registered_commands:
        if info.cls in (None, TyperCommand):  # not one a command chose itself
            info.cls = CommandWithExamples
    for group in app.registered_groups:
        sub = group.typer_instance
        if sub is not None:
            if not isinstance(sub.info.cls, type):  # Typer's placeholder: no class chosen
                sub.info.cls = GroupWithExamples
            attach(sub)


def lines(path: str) -> list[str]:
    """The example lines of the command ``path`` (``"visit add"``) in the interface's language,
    as written: a line ending in `` \\`` goes on over the next."""
    from bangfu_cli.i18n import catalogue, current_lang

    text = catalogue(current_lang()).get(f"examples.{path}", "")
    return [line for line in text.splitlines() if line.strip()]


def first(path: str) -> list[str]:
    """The lines of the first example of the command ``path``."""
    found = []
    for line in lines(path):
        found.append(line)
        if not line.endswith("\\"):
            break
    return found


def command_path(ctx: Any) -> str:
    """``visit add`` for the context of ``bangfu visit add`` (whatever the program is called)."""
    names = []
    while ctx.parent is not None:
        names.append(ctx.info_name)
        ctx = ctx.parent
    return " ".join(reversed(names))


class _Examples:
    """The "Examples" section at the end of a help page, one example line a line."""

    def example_lines(self, ctx: Any) -> list[str]:
        return lines(command_path(ctx))

    def format_help(self, ctx: Any, formatter: Any) -> None:
        # Rich help (when a markup mode is set) prints the epilog itself, keeping the lines of
        # a paragraph apart; the heading is a paragraph of its own.
        if getattr(self, "rich_markup_mode", None) is not None and self.epilog is None:
            from bangfu_cli.i18n import t

            self.epilog = t("help.examples") + ":\n\n" + "\n".join(self.example_lines(ctx))
        super().format_help(ctx, formatter)

    def format_epilog(self, ctx: Any, formatter: Any) -> None:
        found = self.example_lines(ctx)
        if not found:
            return
        from bangfu_cli.i18n import t

        # Written as they are, not re-wrapped: an example is typed (or copied) line by line.
        with formatter.section(t("help.examples")):
            for line in found:
                formatter.write(f"{'':>{formatter.current_indent}}{line}\n")


class CommandWithExamples(_Examples, TyperCommand):
    """A command whose help ends with its examples."""


class GroupWithExamples(_Examples, TyperGroup):
    """A command group whose help ends with the first example of each of its commands."""

    def example_lines(self, ctx: Any) -> list[str]:
        path = command_path(ctx)
        return [line for name in self.list_commands(ctx) for line in first(f"{path} {name}".strip())]
