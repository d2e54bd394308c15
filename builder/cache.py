"""A directory cache whose entries appear whole or not at all, keyed by content.

An entry is written into a temporary folder and renamed into place only after every file is
written and a manifest of their SHA-256 digests is saved, so an interrupted run leaves no
entry behind (what it left aside is cleared by the next run). A lookup re-checks the digests:
a damaged entry is removed and rebuilt. Keys are content hashes (content_key): same inputs,
same key, on any machine. Builds side by side make each entry once: the first takes the
entry's lock, the others wait for it and then read what it made.
"""

import hashlib
import json
import logging
import os
import shutil
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from builder import locks

MANIFEST = "MANIFEST.json"
# Under "mkdocs" so both `cnn-demos` and `mkdocs` print it; INFO, since --strict fails on warnings.
log = logging.getLogger("mkdocs.plugins.cnn-demos.cache")


def file_digest(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def content_key(*parts: Any) -> str:
    """A short, stable key for JSON-serialisable parts (dict order does not matter)."""
    text = json.dumps(parts, sort_keys=True, separators=(",", ":"), default=str)
    return hashlib.sha256(text.encode()).hexdigest()[:24]

class Cache:
    """Entries under root/<section>/<key>/. Builds may share one cache side by side: an entry
    is made under a lock of its own (builder/locks.py), so a second build that needs it waits
    and then reads it, and nothing is made twice. Entries are read without the lock: one
    appears by a single rename, whole."""

    def __init__(self, root: Path) -> None:
        self.root = root

    def path(self, section: str, key: str) -> Path:
        return self.root / section / key

    def lookup(self, section: str, key: str) -> Path | None:
        """The entry's folder if it is complete and intact, else None (damage is cleared)."""
        entry = self.path(section, key)
        if not entry.is_dir():
            return None
        if _damage(entry) is None:
            return entry
        with self._locked(section, key):
            return self._lookup_locked(section, key)

    def get_or_build(self, section: str, key: str, build: Callable[[Path], None],
                     force: bool = False) -> Path:
        """The entry's folder: found intact, or filled by build(folder) and put in place whole
        (also when force)."""
        self._sweep(section)
        entry = None if force else self.lookup(section, key)
        if entry is not None:
            return entry
        with self.create(section, key, reuse=not force) as work:
            if work is not None:
                build(work)
        return self.path(section, key)

    @contextmanager
    def create(self, section: str, key: str, reuse: bool = False) -> Iterator[Path | None]:
        """Yield an empty folder to fill; it becomes the entry only if the block succeeds.
        With reuse, yield None instead when the entry is (by then) there and intact: another
        build made it while this one waited for the lock."""
        self._sweep(section)
        final = self.path(section, key)
        with self._locked(section, key):
            if reuse and self._lookup_locked(section, key) is not None:
                yield None
                return
            work = _aside(final, "tmp")
            work.mkdir()
            try:
                yield work
                _write_manifest(work)
                _remove(final)
                os.replace(work, final)
            finally:
                if work.exists():
                    shutil.rmtree(work, ignore_errors=True)

    @contextmanager
    def _locked(self, section: str, key: str) -> Iterator[None]:
        """Hold the entry's lock: no other process makes, replaces or removes it meanwhile.
        Whatever a killed run left aside for this key is cleared first (no one owns it now)."""
        folder = self.root / section
        folder.mkdir(parents=True, exist_ok=True)
        with locks.held(folder / f".{key}{LOCK}",
                        lambda: log.info(f"cache: another build is making {section} {key}; waiting for it")):
            for leftover in folder.glob(f".{key}.*-*"):
                shutil.rmtree(leftover, ignore_errors=True)
            yield

    def _lookup_locked(self, section: str, key: str) -> Path | None:
        entry = self.path(section, key)
        if not entry.is_dir():
            return None
        damage = _damage(entry)
        if damage is None:
            return entry
        log.info(f"cache entry {entry} is damaged ({damage}): removed, it will be rebuilt")
        _remove(entry)
        return None

    def _sweep(self, section: str) -> None:
        """Clear what killed runs left aside in a section for keys that no build holds now, once
        a process (a key that is built again clears its own under its lock anyway)."""
        folder = self.root / section
        if (folder, os.getpid()) in _swept or not folder.is_dir():
            return
        _swept.add((folder, os.getpid()))
        for leftover in folder.glob(".*-*"):
            if leftover.name.endswith(LOCK):
                continue
            lock = folder / f".{leftover.name[1:].split('.', 1)[0]}{LOCK}"
            with locks.attempt(lock) as got:
                if got or not lock.exists():  # no lock file: left by a cnn-demos without locks
                    shutil.rmtree(leftover, ignore_errors=True)


LOCK = ".lock"  # .<key>.lock beside each entry: empty files, kept (removing one races its users)
_swept: set[tuple[Path, int]] = set()


def _aside(final: Path, why: str) -> Path:
    """A hidden folder beside an entry, this process's own: .<key>.<why>-<pid>."""
    return final.parent / f".{final.name}.{why}-{os.getpid()}"


def _remove(entry: Path) -> None:
    """Remove an entry: renamed aside first, so a run killed while deleting leaves no half
    entry under the key's name (what is aside is cleared under the key's lock)."""
    if entry.exists():
        old = _aside(entry, "old")
        os.replace(entry, old)
        shutil.rmtree(old, ignore_errors=True)


def _files(folder: Path) -> list[Path]:
    return sorted(p for p in folder.rglob("*") if p.is_file() and p.name != MANIFEST)


def _write_manifest(folder: Path) -> None:
    digests = {p.relative_to(folder).as_posix(): file_digest(p) for p in _files(folder)}
    (folder / MANIFEST).write_text(json.dumps(digests, indent=1, sort_keys=True))


def _damage(folder: Path) -> str | None:
    """What is wrong with an entry, or None when every file matches its manifest."""
    try:
        expected = json.loads((folder / MANIFEST).read_text())
    except (OSError, ValueError):
        return f"{MANIFEST} missing or unreadable"
    if not isinstance(expected, dict):
        return f"{MANIFEST} is not a table of digests"
    actual = {p.relative_to(folder).as_posix() for p in _files(folder)}
    if set(expected) != actual:
        return f"files missing or extra: {sorted(set(expected) ^ actual)}"
    changed = [name for name, digest in expected.items() if file_digest(folder / name) != digest]
    return f"{', '.join(changed)} changed since it was written" if changed else None
