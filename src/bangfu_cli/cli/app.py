"""The ``bangfu`` command: global options, the command groups, and the one error funnel."""

import errno
import gc
import os
import sys
from typing import Annotated

import typer

from bangfu_cli import GC_THRESHOLDS
from bangfu_cli.cli import coercion, context, examples, help_layout, help_words, value_words
from bangfu_cli.i18n import h, set_lang

coercion.install()  # plain text and flag values skip Typer's Pydantic coercion (see the module)
help_layout.install()  # help pages within the terminal's width, Chinese counted as two columns
help_words.install()  # Usage:, Options:, [required] … in the interface's language
value_words.install()  # --as-of 日期 / DATE, never <str>

app = typer.Typer(
    name="bangfu",
    help=h(
        "bangfu — ledger of paired assistance (结对帮扶): households, cadres, visits, income, overdue lists.",
        "bangfu 结对帮扶台账：农户、干部、结对、走访、收入采集与逾期清单。",
    ),
    no_args_is_help=True,
    add_completion=True,  # --install-completion, --show-completion (Typer's: bash, zsh, fish, PowerShell)
    pretty_exceptions_enable=False,
    rich_markup_mode=None,  # plain help: keeps `bangfu --help` from loading rich (startup budget 0.3 s)
    context_settings={"help_option_names": ["-h", "--help"]},
)


def _version(value: bool) -> None:
    if value:
        from bangfu_cli import __version__

        typer.echo(f"bangfu {__version__}")
        raise typer.Exit()


@app.callback()
def _global(
    db: Annotated[
        str | None,
        typer.Option(
            "--db",
            help=h(
                "Ledger file or database URL (else BANGFU_DB, else ledger.db in the app folder).",
                "账本文件或数据库地址（否则用 BANGFU_DB，再否则用户目录下的 ledger.db）。",
            ),
        ),
    ] = None,
    lang: Annotated[
        str | None,
        typer.Option("--lang", help=h("Interface language: zh or en.", "界面语言：zh 或 en。")),
    ] = None,
    by: Annotated[
        str | None,
        typer.Option(
            "--by",
            help=h(
                "Who is recording (else BANGFU_OPERATOR, else the OS user).",
                "登记人（否则用 BANGFU_OPERATOR，再否则系统用户名）。",
            ),
        ),
    ] = None,
    version: Annotated[
        bool,
        typer.Option(
            "--version", callback=_version, is_eager=True, help=h("Show the version.", "显示版本。")
        ),
    ] = False,
) -> None:
    if lang is not None:
        if lang.strip().lower() not in ("zh", "en", "zh_cn", "zh-cn"):
            from bangfu_cli.domain.errors import BangfuError

            raise BangfuError("input.bad_lang", value=lang)
        set_lang(lang)
    context.OPTIONS.db = db
    context.OPTIONS.by = by


def _register() -> None:
    """Add every command group. Each module imports only typer and light modules at load."""
    from bangfu_cli.cli import groups

    for entry in groups.ENTRIES:
        if callable(entry):
            entry(app)
        else:
            sub, name, help_text = entry
            app.add_typer(sub, name=name, help=help_text)
    examples.attach(app)  # every command's help ends with its examples


_register()


def _prepare_streams() -> None:
    # JSON and CSV on stdout are UTF-8 whatever the console code page (Windows: cp936).
    for stream in (sys.stdout, sys.stderr):
        try:
            if not stream.isatty():
                stream.reconfigure(encoding="utf-8")
            else:
                stream.reconfigure(errors="replace")
        except (AttributeError, ValueError):
            pass


def _say_interrupted() -> None:
    from bangfu_cli.i18n import t
    from bangfu_cli.output import error

    error(t("error.interrupted"))  # a write is one transaction, an export is renamed when done


def main() -> None:
    """Console entry point: run the app; turn every error a user can cause into one line and exit 2."""
    gc.set_threshold(*GC_THRESHOLDS)  # bulk work, then exit (see bangfu_cli.GC_THRESHOLDS)
    from bangfu_cli.output.tables import set_wide

    set_wide(False)  # until a listing's --wide says otherwise
    _prepare_streams()
    try:
        _run()
    finally:
        context.close_ledgers()


def _run() -> None:
    from bangfu_cli.domain.errors import BangfuError
    from bangfu_cli.storage.retry import GaveUp, retrying

    try:
        from bangfu_cli.cli.argv import decode_args

        sys.argv[1:] = decode_args(sys.argv[1:])  # a GBK console's bytes, read as GB18030
        # Not standalone: a usage error reaches ``_usage_error`` (said in the user's language)
        # instead of Typer's English; ``typer.Exit`` and ``--help`` come back as an exit code.
        # A command is one write transaction: when the database asks for it (a serialization
        # failure, a deadlock), the whole command runs again (storage.retry).
        code = retrying(lambda: app(standalone_mode=False, prog_name="bangfu"))
    except GaveUp as exc:
        from bangfu_cli.i18n import t
        from bangfu_cli.output import error

        error(t("error.retries", attempts=exc.attempts))
        sys.exit(2)
    except BangfuError as exc:
        from bangfu_cli.i18n import error_message
        from bangfu_cli.output import error

        _as_typed(exc)
        if exc.key == "ledger.unusable" and "not a database" in str(exc.params.get("detail")):
            exc = BangfuError("ledger.not_a_ledger", path=exc.params.get("path"))  # not the driver's words
        error(error_message(exc))
        sys.exit(exc.exit_code)
    except KeyboardInterrupt:
        _say_interrupted()
        sys.exit(130)
    except typer.Abort:  # Typer's answer to an end of input (EOFError) inside a command
        from bangfu_cli.i18n import t
        from bangfu_cli.output import error

        error(t("usage.aborted"))
        sys.exit(1)
    except typer.TyperException as exc:  # a usage error, or an option's file that cannot be opened
        _usage_error(exc)
    except Exception as exc:  # the funnel's last resort: classify, never a traceback
        _unexpected(exc)
    if code == 130:  # Typer turns Ctrl-C inside a command into this code, silently
        _say_interrupted()
    sys.exit(code if isinstance(code, int) else 0)


def _as_typed(exc) -> None:
    """An error about a value given on the command line names its option as the user typed it
    (``--monitor-type``), not the field it fills (``monitor_type``)."""
    field = exc.params.get("field")
    if getattr(exc, "problems", None) is not None or not isinstance(field, str) or field.startswith("-"):
        return
    option = "--" + field.replace("_", "-")
    if any(arg == option or arg.startswith(option + "=") for arg in sys.argv[1:]):
        exc.params["field"] = option


def _usage_error(exc: typer.TyperException) -> None:
    from bangfu_cli.cli import usage
    from bangfu_cli.output import error

    if type(exc).__name__ == "NoArgsIsHelpError":
        exc.show()  # the help of a group called without its command
        sys.exit(exc.exit_code)
    if not hasattr(exc, "ctx"):  # not a usage error (a file Typer could not open): bad input too
        error(exc.format_message())
        sys.exit(2)
    for line in usage.usage_lines(exc):
        print(line, file=sys.stderr)
    error(usage.message(exc))
    sys.exit(exc.exit_code)


def _unexpected(exc: Exception) -> None:
    from bangfu_cli.i18n import t
    from bangfu_cli.output import error

    if os.environ.get("BANGFU_DEBUG"):
        import traceback

        print(_without_passwords("".join(traceback.format_exception(exc))), file=sys.stderr, end="")
        sys.exit(3)
    name = type(exc).__name__
    text = _without_passwords(str(exc).splitlines()[0] if str(exc) else name)
    if type(exc).__module__.startswith(("sqlalchemy", "psycopg")):
        from bangfu_cli.storage.engine import refusal

        refused = refusal(exc, context.OPTIONS.db or context.default_db())  # a read refused to this role
        if refused is not None:
            error(refused.message())
            sys.exit(2)
    cause = getattr(exc, "orig", None) or exc  # the driver's error inside SQLAlchemy's
    if "disk is full" in text or getattr(cause, "errno", None) == errno.ENOSPC:
        error(t("error.disk_full"))  # SQLITE_FULL / ENOSPC: the transaction was rolled back
        sys.exit(2)
    if "readonly database" in text or "read-only" in text and name == "OperationalError":
        error(t("error.read_only"))
        sys.exit(2)
    if "database is locked" in text or name == "OperationalError" and "locked" in text:
        error(t("error.locked", detail=text))
        sys.exit(2)
    if isinstance(exc, OSError):
        error(f"{exc.strerror or text}: {getattr(exc, 'filename', '') or ''}")
        sys.exit(2)
    error(t("error.internal", detail=f"{name}: {text}"))
    sys.exit(3)


def _without_passwords(text: str) -> str:
    """``text`` with the password of the ledger's URL, if it has one, masked."""
    from bangfu_cli.storage.location import mask_secrets

    return mask_secrets(text, context.OPTIONS.db or os.environ.get("BANGFU_DB") or "")
