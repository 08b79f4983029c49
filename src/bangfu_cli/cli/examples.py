"""The examples at the end of every command's ``--help``.

The examples are messages like any other, in the catalogue's ``examples`` section
(``i18n/<lang>/examples.toml``), keyed by the command's path (``"visit add"``). They are read
only when a help page is written: a command that runs never loads them, and ``bangfu --help``
lists the commands without reading any."""

from __future__ import annotations

from typing import Any

import typer
from typer.core import TyperCommand


def attach(app: typer.Typer) -> None:
    """Give every command of ``app`` and of its groups a help page that ends with its examples."""
    for info in app.registered_commands:
        if info.cls in (None, TyperCommand):  # not one a command chose itself
            info.cls = CommandWithExamples
    for group in app.registered_groups:
        if group.typer_instance is not None:
            attach(group.typer_instance)


def lines(path: str) -> list[str]:
    """The example lines of the command ``path`` (``"visit add"``) in the interface's language,
    as written: a line ending in `` \\`` goes on over the next."""
    from bangfu_cli.i18n import catalogue, current_lang

    text = catalogue(current_lang()).get(f"examples.{path}", "")
    return [line for line in text.splitlines() if line.strip()]


def command_path(ctx: Any) -> str:
    """``visit add`` for the context of ``bangfu visit add`` (whatever the program is called)."""
    names = []
    while ctx.parent is not None:
        names.append(ctx.info_name)
        ctx = ctx.parent
    return " ".join(reversed(names))


class CommandWithExamples(TyperCommand):
    """A command whose help ends with an "Examples" section, one example a line."""

    def format_help(self, ctx: Any, formatter: Any) -> None:
        # Rich help (when a markup mode is set) prints the epilog itself, one paragraph per
        # blank-line-separated block: one block per line keeps the lines apart.
        if self.rich_markup_mode is not None and self.epilog is None:
            from bangfu_cli.i18n import t

            self.epilog = "\n\n".join([t("help.examples") + ":", *lines(command_path(ctx))])
        super().format_help(ctx, formatter)

    def format_epilog(self, ctx: Any, formatter: Any) -> None:
        found = lines(command_path(ctx))
        if not found:
            return
        from bangfu_cli.i18n import t

        # Written as they are, not re-wrapped: an example is typed (or copied) line by line.
        with formatter.section(t("help.examples")):
            for line in found:
                formatter.write(f"{'':>{formatter.current_indent}}{line}\n")
