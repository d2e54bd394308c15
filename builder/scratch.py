"""A temporary folder of this build's own, for what libraries write to the temp folder.

TensorFlow's autograph writes generated modules there (and removes them when the process
exits normally); a build killed with SIGKILL would leave them for good. So while it trains,
a build points Python's temp folder at <temp>/cnn-demos-<pid>/, held by the lock of
cnn-demos-<pid>.lock beside it (builder/locks.py), and every build first removes the folders
of builds that no longer run (their locks are free).
"""

import atexit
import contextlib
import functools
import os
import shutil
import tempfile
from pathlib import Path

from builder import locks

PREFIX = "cnn-demos-"
_held = contextlib.ExitStack()


def sweep() -> None:
    """Remove the temp folders of cnn-demos builds that ended without removing theirs."""
    for lock in _base().glob(f"{PREFIX}*.lock"):
        if locks.remove_unheld(lock):  # never this process's own: it holds that lock
            shutil.rmtree(lock.with_suffix(""), ignore_errors=True)


def use_own_tempdir() -> Path:
    """Make this process's temp folder its own (once), removed when it exits."""
    folder = _lock_path().with_suffix("")
    if tempfile.tempdir == str(folder):
        return folder
    sweep()
    _held.enter_context(locks.private_file(_lock_path()))
    folder.mkdir(exist_ok=True)
    tempfile.tempdir = str(folder)
    atexit.register(_remove, folder)
    return folder


@functools.cache
def _base() -> Path:
    """The temp folder as the process found it, before it made its own."""
    return Path(tempfile.gettempdir())


def _lock_path() -> Path:
    return _base() / f"{PREFIX}{os.getpid()}.lock"


def _remove(folder: Path) -> None:
    shutil.rmtree(folder, ignore_errors=True)
    _lock_path().unlink(missing_ok=True)
    _held.close()
