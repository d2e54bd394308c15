"""Zip archives whose bytes depend only on what they hold: entries sorted by the caller and
stamped with a fixed date and mode. Used by the model zips (export), the widget's wheel and the
offline zip.

They are written by a small writer of its own (write_zip), byte for byte what Python's zipfile
writes for the same entries stamped so (tests/test_zip.py holds it to that), so that each
entry's compressed bytes can come from the build's cache: deflating the site is most of a warm
rebuild's zip otherwise. The cache keeps them per folder of the site (section "deflated"), keyed
by the contents' digests, the compression level and zlib's version (another zlib may compress
the same bytes differently, and the zip must be the one a clean build of this machine makes).
"""

import hashlib
import io
import json
import os
import posixpath
import struct
import zipfile
import zlib
from collections.abc import Iterable
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import BinaryIO

from builder import locks
from builder.cache import Cache, content_key
from builder.errors import BuildError

FIXED_DATE = (1980, 1, 1, 0, 0, 0)  # the earliest date a zip can hold
PARTIAL_PREFIX = ".partial-"  # + the zip's name + the writer's process id
LEVEL = 9
MODE = 0o644
SECTION = "deflated"  # the cache's section of compressed entries
STREAMS, INDEX = "streams", "index.json"  # an entry of that section: the streams, where each is

# What zipfile writes for a ZipInfo of FIXED_DATE, MODE and LEVEL: version 2.0 made on Unix,
# deflated, no flags, no extra field, no comment, no ZIP64 (see _check_size).
_VERSION, _UNIX = 20, 3
_DOS_TIME, _DOS_DATE = 0, (FIXED_DATE[0] - 1980) << 9 | FIXED_DATE[1] << 5 | FIXED_DATE[2]
_LOCAL = struct.Struct("<4s2B4HL2L2H")
_CENTRAL = struct.Struct("<4s4B4HL2L5H2L")
_END = struct.Struct("<4s4H2LH")


def deflate(data: bytes) -> bytes:
    """The raw deflate stream zipfile writes for data at LEVEL."""
    compressor = zlib.compressobj(LEVEL, zlib.DEFLATED, -15)
    return compressor.compress(data) + compressor.flush()


def write_zip(out: BinaryIO, entries: Iterable[tuple[str, bytes, bytes]]) -> None:
    """(name, data, data's raw deflate stream) in order, as zipfile would write them, stamped
    with FIXED_DATE, MODE and LEVEL, into a new archive on a seekable file."""
    central, offset = [], 0
    for name, data, stream in entries:
        encoded, flags = _encoded(name)
        crc = zlib.crc32(data)
        _check_size(name, len(data), len(stream), offset)
        out.write(_LOCAL.pack(b"PK\003\004", _VERSION, 0, flags, zipfile.ZIP_DEFLATED, _DOS_TIME,
                              _DOS_DATE, crc, len(stream), len(data), len(encoded), 0))
        out.write(encoded)
        out.write(stream)
        central.append(_CENTRAL.pack(b"PK\001\002", _VERSION, _UNIX, _VERSION, 0, flags,
                                     zipfile.ZIP_DEFLATED, _DOS_TIME, _DOS_DATE, crc, len(stream),
                                     len(data), len(encoded), 0, 0, 0, 0, MODE << 16, offset) + encoded)
        offset += _LOCAL.size + len(encoded) + len(stream)
    directory = b"".join(central)
    _check_size("the central directory", 0, len(directory), offset)
    out.write(directory)
    out.write(_END.pack(b"PK\005\006", 0, 0, len(central), len(central), len(directory), offset, 0))


def _encoded(name: str) -> tuple[bytes, int]:
    try:
        return name.encode("ascii"), 0
    except UnicodeEncodeError:
        return name.encode("utf-8"), 0x800  # the UTF-8 flag, as zipfile sets it


def _check_size(name: str, size: int, compressed: int, offset: int) -> None:
    """zipfile would switch to ZIP64 records here; a course site never comes near."""
    if size * 1.05 > zipfile.ZIP64_LIMIT or offset + compressed > zipfile.ZIP64_LIMIT:
        raise BuildError(f"{name}: too large for the offline zip (2 GB at most, in all)")


def zip_bytes(entries: list[tuple[str, bytes]], cache: Cache | None = None) -> bytes:
    """A zip in memory of (name, data) in the order given, its compressed entries through cache
    as zip_folder's (the notebook widget's wheel)."""
    buffer = io.BytesIO()
    streams = _streams([(posixpath.dirname(name), data) for name, data in entries], cache)
    write_zip(buffer, ((name, data, stream) for (name, data), stream in zip(entries, streams, strict=True)))
    return buffer.getvalue()


def zip_folder(folder: Path, zip_path: Path, top: str, what: str, option: str,
               cache: Cache | None = None) -> Path:
    """Every file under folder, as top/<its path>, written beside zip_path and renamed into
    place when complete. what and option name the archive and its option in an error. With
    cache, compressed entries of unchanged files are taken from it (and new ones kept there).

    The file written aside is this process's own (builds side by side may write one zip), and
    locked while written: one left by a killed build is unlocked, and the next build removes it.
    """
    files = sorted(p for p in folder.rglob("*") if p.is_file())
    contents = [p.read_bytes() for p in files]
    streams = _streams([(p.parent.as_posix(), data) for p, data in zip(files, contents, strict=True)], cache)
    partial = zip_path.with_name(f"{PARTIAL_PREFIX}{zip_path.name}.{os.getpid()}")
    try:
        zip_path.parent.mkdir(parents=True, exist_ok=True)
        for leftover in zip_path.parent.glob(f"{PARTIAL_PREFIX}{zip_path.name}.*"):
            locks.remove_unheld(leftover)
        with locks.private_file(partial) as fd:
            try:
                with open(fd, "wb", closefd=False) as raw:
                    write_zip(raw, ((f"{top}/{p.relative_to(folder).as_posix()}", data, stream)
                                    for p, data, stream in zip(files, contents, streams, strict=True)))
                os.replace(partial, zip_path)
            finally:
                # Failed: no half-written archive is left beside the real one.
                partial.unlink(missing_ok=True)
    except OSError as exc:
        raise BuildError(
            f"{zip_path}: cannot write the {what} ({exc.strerror or exc}). Choose a writable place "
            f"with {option}, or fix the folder's permissions."
        ) from exc
    return zip_path


def _streams(contents: list[tuple[str, bytes]], cache: Cache | None) -> list[bytes]:
    """Each (folder, data)'s raw deflate stream: compressed here (two threads: zlib lets go of
    the GIL), or read from the cache, one entry per folder."""
    digests = [hashlib.sha256(data).hexdigest() for _, data in contents]
    groups: dict[str, dict[str, bytes]] = {}
    for (folder, data), digest in zip(contents, digests, strict=True):
        groups.setdefault(folder, {})[digest] = data
    with ThreadPoolExecutor(max_workers=2) as pool:
        if cache is None:
            found = dict(zip(digests, pool.map(deflate, [data for _, data in contents]), strict=True))
        else:
            found = {}
            for part in pool.map(lambda group: _cached_group(group, cache), _unique(groups.values())):
                found.update(part)
    return [found[d] for d in digests]


def _unique(groups: Iterable[dict[str, bytes]]) -> list[dict[str, bytes]]:
    return list({tuple(sorted(g)): g for g in groups}.values())


def _cached_group(group: dict[str, bytes], cache: Cache) -> dict[str, bytes]:
    """digest -> stream for one folder's contents, through the cache's entry for them."""
    key = content_key(sorted(group), LEVEL, zlib.ZLIB_RUNTIME_VERSION)

    def build(work: Path) -> None:
        index, offset = {}, 0
        with (work / STREAMS).open("wb") as out:
            for digest in sorted(group):
                stream = deflate(group[digest])
                out.write(stream)
                index[digest] = [offset, len(stream)]
                offset += len(stream)
        (work / INDEX).write_text(json.dumps(index, sort_keys=True))

    entry = cache.get_or_build(SECTION, key, build)
    index = json.loads((entry / INDEX).read_text())
    blob = (entry / STREAMS).read_bytes()
    return {digest: blob[start:start + length] for digest, (start, length) in index.items()}
