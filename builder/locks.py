"""Advisory file locks (flock) that end with the process holding them, however it ends.

The kernel releases a flock when the last descriptor of its open file closes, so a build
killed with SIGKILL holds no lock afterwards: a leftover whose lock can be taken belongs to
no running build. The cache (builder/cache.py) and the zip writer (reproducible_zip.py) use
this to let builds run side by side and to clear what killed builds left.
"""

import errno
import fcntl
import os
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

# A file system that has no flock (some network mounts): build without the lock rather than
# fail; the renames that put results in place stay safe, only work may be done twice.
_NO_LOCKS = (errno.ENOLCK, errno.EOPNOTSUPP, errno.ENOSYS)


@contextmanager
def held(path: Path, waiting: Callable[[], None] | None = None) -> Iterator[None]:
    """Hold an exclusive lock on the file at path (created if missing) for the block;
    waiting() is called first if another process holds it."""
    fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o644)
    try:
        _lock(fd, waiting)
        yield
    finally:
        os.close(fd)


@contextmanager
def attempt(path: Path) -> Iterator[bool]:
    """Hold the lock of path for the block if no other process holds it: yields whether it
    does. A missing file is not created (and yields False)."""
    try:
        fd = os.open(path, os.O_RDWR)
    except OSError:
        yield False
        return
    try:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            got = True
        except BlockingIOError:
            got = False
        except OSError as exc:
            if exc.errno not in _NO_LOCKS:
                raise
            got = False  # cannot tell whether it is in use: leave it alone
        yield got
    finally:
        os.close(fd)


def remove_unheld(path: Path) -> bool:
    """Remove the file at path if no process holds its lock (a leftover of a killed run);
    removed while locked, so its owner, about to lock it, sees it gone (private_file)."""
    with attempt(path) as got:
        if got:
            path.unlink(missing_ok=True)
        return got


@contextmanager
def private_file(path: Path) -> Iterator[int]:
    """A new file at path (which must not exist), locked by this process while the block runs,
    as its descriptor; others see its lock held until the block ends or the process dies."""
    while True:
        fd = os.open(path, os.O_RDWR | os.O_CREAT | os.O_EXCL, 0o644)
        try:
            _lock(fd, None)
            # Another process may have found it unlocked and removed it before we locked it.
            if os.path.exists(path) and os.stat(path).st_ino == os.fstat(fd).st_ino:
                break
        except BaseException:
            os.close(fd)
            raise
        os.close(fd)
    try:
        yield fd
    finally:
        os.close(fd)


def _lock(fd: int, waiting: Callable[[], None] | None) -> None:
    try:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            if waiting is not None:
                waiting()
            fcntl.flock(fd, fcntl.LOCK_EX)
    except OSError as exc:
        if exc.errno not in _NO_LOCKS:
            raise
