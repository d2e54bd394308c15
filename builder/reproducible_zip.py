"""Zip archives whose bytes depend only on what they hold: entries sorted by the caller and
stamped with a fixed date and mode. Used by the model zips (export) and the offline zip."""

import os
import zipfile
from pathlib import Path

from builder import locks
from builder.errors import BuildError

FIXED_DATE = (1980, 1, 1, 0, 0, 0)  # the earliest date a zip can hold
PARTIAL_PREFIX = ".partial-"  # + the zip's name + the writer's process id


def add_entry(archive: zipfile.ZipFile, name: str, data: bytes) -> None:
    """Add one file stamped with a fixed date and mode, so the archive's bytes are reproducible."""
    info = zipfile.ZipInfo(name, FIXED_DATE)
    info.compress_type = zipfile.ZIP_DEFLATED
    info.external_attr = 0o644 << 16
    archive.writestr(info, data, compresslevel=9)


def zip_folder(folder: Path, zip_path: Path, top: str, what: str, option: str) -> Path:
    """Every file under folder, as top/<its path>, written beside zip_path and renamed into
    place when complete. what and option name the archive and its option in an error.

    The file written aside is this process's own (builds side by side may write one zip), and
    locked while written: one left by a killed build is unlocked, and the next build removes it.
    """
    files = sorted(p for p in folder.rglob("*") if p.is_file())
    partial = zip_path.with_name(f"{PARTIAL_PREFIX}{zip_path.name}.{os.getpid()}")
    try:
        zip_path.parent.mkdir(parents=True, exist_ok=True)
        for leftover in zip_path.parent.glob(f"{PARTIAL_PREFIX}{zip_path.name}.*"):
            locks.remove_unheld(leftover)
        with locks.private_file(partial) as fd:
            try:
                with open(fd, "wb", closefd=False) as raw, zipfile.ZipFile(raw, "w") as archive:
                    for path in files:
                        add_entry(archive, f"{top}/{path.relative_to(folder).as_posix()}", path.read_bytes())
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
