"""The progress bar of long jobs (checking and writing a large import file): the services say
how many items and which job (a message key), this shows it on stderr."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager


@contextmanager
def bar(total: int, what: str) -> Iterator[Callable[[], None]]:
    """A progress bar of ``total`` items for the job ``what``; gives the call for one item done."""
    from bangfu_cli.i18n import t
    from bangfu_cli.output import progress

    description = t(what)
    with progress(total, description) as shown:
        task = shown.add_task(description, total=total)
        yield lambda: shown.advance(task)


def install() -> None:
    """Show the services' long jobs with ``bar`` from now on."""
    from bangfu_cli.services.tabular import show_progress_with

    show_progress_with(bar)
