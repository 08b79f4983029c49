"""Typer's own words on a help page — ``Usage:``, ``Options``, ``Commands``, ``[required]``,
``[default: …]``, the help option's ``Show this message and exit.`` — in the interface's language.

Typer (0.29) carries its own copy of Click: the section titles and the ``[required]`` marks go
through ``gettext`` in ``typer.core`` (the ``messages`` domain, so a ``.mo`` file would need the
process's locale), and ``Usage:`` and the help option's text are written in English in the copy.
``install`` puts a lookup in those three places that answers in Chinese on a Chinese interface
and leaves every word as it is otherwise; the usage line's own pieces (``[OPTIONS]``,
``COMMAND [ARGS]...``) and a number's range (``1900<=x<=2100``) are said the same way. What a
value is called is ``cli.value_words``; how a page is wrapped is ``cli.help_layout``. Usage
errors are said by ``cli.usage``. When Typer's internals differ from what this expects, nothing
is changed."""

from __future__ import annotations

from typing import Any

ZH = {
    "Usage: ": "用法：",  # Chinese punctuation takes no space after it
    "[OPTIONS]": "[选项]",
    "COMMAND [ARGS]...": "命令 [参数]...",
    "Options": "选项",
    "Arguments": "参数",
    "Commands": "命令",
    "required": "必填",
    "default: {default}": "默认：{default}",
    "env var: {var}": "环境变量：{var}",
    "(dynamic)": "（动态）",
    "Aborted!": "已中止。",
    "Show this message and exit.": "显示本帮助并退出。",
    "Install completion for the current shell.": "为当前 shell 安装命令补全（Tab 键补全命令和选项）。",
    "Show completion for the current shell, to copy it or customize the installation.": (
        "显示当前 shell 的命令补全脚本，可复制或自行安装。"
    ),
}


def word(text: str) -> str:
    """``text`` in the interface's language (as it is when there is no translation)."""
    from bangfu_cli.i18n import current_lang

    return ZH.get(text, text) if current_lang() == "zh" else text


def install() -> bool:
    """Put ``word`` where Typer writes its own words; False when this Typer has no such places."""
    try:
        from typer import core
        from typer._click import core as click_core
        from typer._click.formatting import HelpFormatter
    except ImportError:
        return False
    if getattr(HelpFormatter.write_usage, "bangfu_words", False):
        return True
    if not callable(getattr(core, "_", None)):
        return False
    core._ = word  # the section titles and marks of a help page

    write_usage = HelpFormatter.write_usage

    def usage(self: Any, prog: str, args: str = "", prefix: str | None = None) -> None:
        for piece in ("COMMAND [ARGS]...", "[OPTIONS]"):  # the command's own pieces, not its values
            args = args.replace(piece, word(piece))
        write_usage(self, prog, args, word("Usage: ") if prefix is None else prefix)

    usage.bangfu_words = True  # type: ignore[attr-defined]
    HelpFormatter.write_usage = usage

    def heading(self: Any, text: str) -> None:  # "选项：" with the Chinese colon
        colon = "：" if word("Options") != "Options" else ":"
        self.write(f"{'':>{self.current_indent}}{text}{colon}\n")

    HelpFormatter.write_heading = heading

    get_help_option = click_core.Command.get_help_option

    def help_option(self: Any, ctx: Any) -> Any:
        option = get_help_option(self, ctx)
        # the help option's own text, and Typer's --install-completion and --show-completion
        for param in [*self.params, *([option] if option is not None else [])]:
            if isinstance(getattr(param, "help", None), str) and param.help in ZH:
                param.help = word(param.help)
        return option

    click_core.Command.get_help_option = help_option

    for kind in (core.TyperOption, core.TyperArgument):  # "[默认：2；不小于 1]", the Chinese semicolon
        kind.get_help_record = _marks_joined(kind.get_help_record)

    describe = getattr(core, "describe_number_range", None)
    if callable(describe):  # a number's range: "1900～2100", "不小于 1" (Typer's "1900<=x<=2100")
        core.describe_number_range = lambda low, high: number_range(low, high, describe)
    return True


def number_range(low: Any, high: Any, describe: Any) -> str | None:
    """The values a number takes, said in the interface's language."""
    from bangfu_cli.i18n import current_lang

    if current_lang() != "zh" or (low is None and high is None):
        return describe(low, high)
    if low is None:
        return f"不大于 {high}"
    return f"不小于 {low}" if high is None else f"{low}～{high}"


def _marks_joined(get_help_record: Any) -> Any:
    def help_record(self: Any, ctx: Any) -> Any:
        record = get_help_record(self, ctx)
        if record is None or word("required") == "required" or not record[1].endswith("]"):
            return record
        text, start = record[1], record[1].rfind("[")
        return record[0], text[:start] + text[start:].replace("; ", "；")

    return help_record
