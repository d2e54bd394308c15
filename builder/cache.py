"""A directory cache whose entries appear whole or not at all, keyed by content.

An entry is written into a temporary folder and renamed into place only after every file is
written and a manifest of their SHA-256 digests is saved, so an interrupted run leaves no
entry behind. A lookup re-checks the digests: a damaged entry is removed and rebuilt. Keys are
content hashes (content_key): same inputs, same key, on any machine.
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
    def __init__(self, root: Path) -> None:
        self.root = root

    def path(self, section: str, key: str) -> Path:
        return self.root / section / key

    def lookup(self, section: str, key: str) -> Path | None:
        """The entry's folder if it is complete and intact, else None (damage is cleared)."""
        entry = self.path(section, key)
        if not entry.is_dir():
            return None
        damage = _damage(entry)
        if damage is None:
            return entry
        log.info(f"cache entry {entry} is damaged ({damage}): removed, it will be rebuilt")
        shutil.rmtree(entry, ignore_errors=True)
        return None

    def get_or_build(self, section: str, key: str, build: Callable[[Path], None],
                     force: bool = False) -> Path:
        """The entry's folder: found intact, or filled by build(folder) and put in place whole
        (also when force)."""
        entry = None if force else self.lookup(section, key)
        if entry is not None:
            return entry
        with self.create(section, key) as work:
            build(work)
        return self.path(section, key)

    @contextmanager
    def create(self, section: str, key: str) -> Iterator[Path]:
        """Yield an empty folder to fill; it becomes the entry only if the block succeeds."""
        final = self.path(section, key)
        final.parent.mkdir(parents=True, exist_ok=True)
        for stale in final.parent.glob(f".{key}.tmp-*"):
            # Left by a run that was killed before it could clean up (not one still running).
            if not _alive(stale.name.rpartition("-")[2]):
                shutil.rmtree(stale, ignore_errors=True)
        work = final.parent / f".{key}.tmp-{os.getpid()}"
        shutil.rmtree(work, ignore_errors=True)
        work.mkdir()
        try:
            yield work
            _write_manifest(work)
            if final.exists():
                shutil.rmtree(final, ignore_errors=True)
            try:
                os.replace(work, final)
            except OSError:
                # Another process finished the same entry first; same key, same content.
                if self.lookup(section, key) is None:
                    raise
        finally:
            if work.exists():
                shutil.rmtree(work, ignore_errors=True)


def _alive(pid: str) -> bool:
    try:
        os.kill(int(pid), 0)
    except (ValueError, ProcessLookupError):
        return False
    except PermissionError:
        return True
    return True


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
