"""What every command shares: the global options, "today", the operator, the open ledger."""

import getpass
import os
from dataclasses import dataclass
from datetime import date

from bangfu_cli.domain.dates import parse_date


@dataclass
class GlobalOptions:
    db: str | None = None
    by: str | None = None


OPTIONS = GlobalOptions()
ZONE_SETTING = "timezone"  # the ledger's time zone (``services.setup.TIMEZONE``), Asia/Shanghai by default


def today() -> date:
    """Today, resolved once per command. ``BANGFU_TODAY`` pins it (for demos and tests)."""
    pinned = os.environ.get("BANGFU_TODAY")
    return parse_date(pinned, "BANGFU_TODAY") if pinned else date.today()


def operator() -> str:
    """Who is writing: ``--by``, else ``BANGFU_OPERATOR``, else the OS user; refused (exit 2)
    when empty, over 64 characters, or holding control or bidirectional-override characters."""
    from bangfu_cli.domain.operator import check_operator

    if OPTIONS.by is not None:
        return check_operator(OPTIONS.by, "--by")
    env = os.environ.get("BANGFU_OPERATOR")
    if env is not None:
        return check_operator(env, "BANGFU_OPERATOR")
    try:
        user = getpass.getuser()
    except Exception:
        return "unknown"
    return check_operator(user, "OS user")


def default_db() -> str:
    """``BANGFU_DB``, else ``ledger.db`` in the per-user app directory."""
    env = os.environ.get("BANGFU_DB")
    if env:
        return env
    return str(_app_folder() / "ledger.db")


def _app_folder():
    from pathlib import Path

    from typer import get_app_dir

    return Path(get_app_dir("bangfu"))


# The ledgers opened by the command running, closed when it ends (``close_ledgers``).
_OPENED: list = []


def ledger(create: bool = False):
    """The ledger named by ``--db`` / ``BANGFU_DB`` / the app directory, open and at HEAD."""
    from bangfu_cli.cli import progress
    from bangfu_cli.output.tables import set_zone
    from bangfu_cli.services.ledger import open_ledger
    from bangfu_cli.storage import engine

    progress.install()  # the long jobs on this ledger show a progress bar
    engine.on_wait = _say_waiting
    opened = open_ledger(OPTIONS.db or default_db(), operator=operator(), today=today(), create=create)
    set_zone(lambda: opened.setting(ZONE_SETTING))  # read when a recorded time is first shown
    if opened.folder is None:  # a ledger on a database server: its files go in the app folder
        opened.folder = _app_folder()
    _OPENED.append(opened)
    if opened.upgraded_from and opened.upgraded_from < "0008":  # the upgrade that built the chain
        from bangfu_cli.i18n import t
        from bangfu_cli.output import message
        from bangfu_cli.services.audit_verify import chain_head

        message(t("audit.chain_built", length=chain_head(opened)[1]))
    return opened


def close_ledgers() -> None:
    """Close the connections of the ledgers the command opened (a database server counts its
    clients; a command run in-process, as the tests run them, would otherwise keep them)."""
    while _OPENED:
        _OPENED.pop().engine.dispose()


def _say_waiting() -> None:
    from bangfu_cli.i18n import t
    from bangfu_cli.output import warn

    warn(t("error.waiting"))
