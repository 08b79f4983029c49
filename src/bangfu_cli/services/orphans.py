"""What a whole-ledger run leaves if it is killed: worker processes that outlive their parent,
and the parts' temporary files. A worker ends with its parent (Linux: the kernel's parent-death
signal; elsewhere a thread that watches the parent). The files go in a well-known folder,
one sub-folder per run named by its process id; each run removes the folders of runs whose
process is gone, so a killed run's files go at the next run at the latest."""

from __future__ import annotations

import os
import shutil
import sys
import tempfile
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

PR_SET_PDEATHSIG = 1
ROOT_NAME = "bangfu-runs"


def end_with_parent(parent: int) -> None:
    """Make this (worker) process end when ``parent`` does."""
    if sys.platform.startswith("linux"):
        try:
            import ctypes
            import signal

            libc = ctypes.CDLL(None, use_errno=True)
            libc.prctl(PR_SET_PDEATHSIG, int(signal.SIGKILL), 0, 0, 0)
        except (OSError, AttributeError):
            pass
    if os.getppid() != parent:  # the parent died before the signal was asked for
        os._exit(1)
    if not sys.platform.startswith("linux"):
        threading.Thread(target=_watch, args=(parent,), daemon=True, name="bangfu-parent").start()


def _watch(parent: int) -> None:  # pragma: no cover - not Linux
    while alive(parent):
        time.sleep(1)
    os._exit(1)


def alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True  # someone else's process: alive
    except OSError:
        return False
    return True


def runs_root() -> Path:
    return Path(tempfile.gettempdir()) / ROOT_NAME


def sweep(root: Path | None = None) -> int:
    """Remove the folders of runs whose process is gone; how many were removed."""
    root = root or runs_root()
    removed = 0
    try:
        entries = list(root.iterdir())
    except OSError:
        return 0
    for entry in entries:
        pid = entry.name.split("-", 1)[0]
        if pid.isdigit() and int(pid) != os.getpid() and not alive(int(pid)):
            shutil.rmtree(entry, ignore_errors=True)
            removed += 1
    return removed


@contextmanager
def run_folder() -> Iterator[str]:
    """A folder for this run's temporary files (``<tmp>/bangfu-runs/<pid>-…``), removed when the
    run ends; the folders of killed runs are removed first."""
    root = runs_root()
    root.mkdir(mode=0o700, exist_ok=True)
    sweep(root)
    folder = tempfile.mkdtemp(prefix=f"{os.getpid()}-", dir=root)
    try:
        yield folder
    finally:
        shutil.rmtree(folder, ignore_errors=True)
