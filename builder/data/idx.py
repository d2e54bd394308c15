"""IDX files (the format of MNIST and Fashion-MNIST), gzipped or not, validated on read.

A header is checked before its body is read, and the body is read a block at a time up to what
the header promises: a damaged or hostile file costs memory for what it holds, never for the
counts it claims."""

import contextlib
import gzip
import hashlib
import struct
import zlib
from collections.abc import Iterator
from pathlib import Path
from typing import BinaryIO

import numpy as np

from builder.errors import BuildError

IMAGES_MAGIC = 0x00000803  # unsigned bytes, 3 dimensions
LABELS_MAGIC = 0x00000801  # unsigned bytes, 1 dimension
BLOCK = 1 << 20  # read a MiB at a time

# The four files a standard download has, by role; each may end in .gz and may use a dot
# before "idx" (train-images.idx3-ubyte), as some mirrors name them.
ROLES = {
    "train_images": ("train-images", "idx3-ubyte"),
    "train_labels": ("train-labels", "idx1-ubyte"),
    "test_images": ("t10k-images", "idx3-ubyte"),
    "test_labels": ("t10k-labels", "idx1-ubyte"),
}


def find_idx_files(folder: Path) -> dict[str, Path]:
    if not folder.is_dir():
        raise BuildError(f"{folder}: not a folder. --data takes a folder holding the four IDX files.")
    found: dict[str, Path] = {}
    for role, (stem, part) in ROLES.items():
        names = [f"{stem}{sep}{part}{gz}" for sep in ("-", ".") for gz in ("", ".gz")]
        hits = [folder / n for n in names if (folder / n).is_file()]
        if hits:
            found[role] = hits[0]
    missing = [f"{ROLES[r][0]}-{ROLES[r][1]}[.gz]" for r in ROLES if r not in found]
    if missing:
        raise BuildError(
            f"{folder}: missing {', '.join(missing)}. The folder needs all four standard IDX "
            "files (train-images-idx3-ubyte, train-labels-idx1-ubyte, t10k-images-idx3-ubyte, "
            "t10k-labels-idx1-ubyte), gzipped or not."
        )
    return found


@contextlib.contextmanager
def _reading(path: Path) -> Iterator[BinaryIO]:
    """The file's uncompressed bytes as a stream; any failure to read them is a BuildError."""
    try:
        with (gzip.open(path, "rb") if path.suffix == ".gz" else path.open("rb")) as f:
            yield f
    except (OSError, EOFError, zlib.error) as exc:  # gzip.BadGzipFile is an OSError
        raise BuildError(f"{path}: cannot be read ({exc}). Download the file again.") from exc


def _read_up_to(f: BinaryIO, size: int) -> bytearray:
    """At most size bytes, read a block at a time: memory follows what the file holds, never
    what a header claims (a header may promise 4 billion images, 3.4 TB, in a 1 KB file)."""
    out = bytearray()
    while len(out) < size:
        block = f.read(min(BLOCK, size - len(out)))
        if not block:
            break
        out += block
    return out


def _rest(f: BinaryIO) -> int:
    """How many bytes are left, counted without keeping them."""
    count = 0
    while block := f.read(BLOCK):
        count += len(block)
    return count


def content_md5(path: Path) -> str:
    """MD5 of the file's uncompressed bytes: how published checksums name the standard files."""
    digest = hashlib.md5(usedforsecurity=False)
    with _reading(path) as f:
        while block := f.read(BLOCK):
            digest.update(block)
    return digest.hexdigest()


def _body(f: BinaryIO, path: Path, header_size: int, size: int, promises: str) -> bytearray:
    """The size bytes after the header, or a BuildError if the file holds fewer or more."""
    body = _read_up_to(f, size)
    if len(body) < size:
        found = header_size + len(body)
        raise BuildError(f"{path}: truncated: the header promises {promises} ({header_size + size} "
                         f"bytes) but the file has {found} bytes.")
    extra = _rest(f)
    if extra:
        raise BuildError(f"{path}: has trailing bytes: the header promises {promises} "
                         f"({header_size + size} bytes) but the file has {header_size + size + extra} bytes.")
    return body


def read_images(path: Path) -> np.ndarray:
    with _reading(path) as f:
        header = _read_up_to(f, 16)
        if len(header) < 16:
            raise BuildError(f"{path}: truncated: {len(header)} bytes, shorter than the 16-byte header.")
        magic, count, rows, cols = struct.unpack(">IIII", header)
        if magic != IMAGES_MAGIC:
            hint = " (this is a labels file)" if magic == LABELS_MAGIC else ""
            raise BuildError(
                f"{path}: magic number 0x{magic:08x}, expected 0x{IMAGES_MAGIC:08x} for an IDX "
                f"image file{hint}."
            )
        if (rows, cols) != (28, 28):
            raise BuildError(f"{path}: images are {rows}x{cols}; the demos need 28x28 images.")
        body = _body(f, path, 16, count * rows * cols, f"{count} images")
    return np.frombuffer(body, dtype=np.uint8).reshape(count, rows, cols)


def read_labels(path: Path) -> np.ndarray:
    with _reading(path) as f:
        header = _read_up_to(f, 8)
        if len(header) < 8:
            raise BuildError(f"{path}: truncated: {len(header)} bytes, shorter than the 8-byte header.")
        magic, count = struct.unpack(">II", header)
        if magic != LABELS_MAGIC:
            hint = " (this is an images file)" if magic == IMAGES_MAGIC else ""
            raise BuildError(
                f"{path}: magic number 0x{magic:08x}, expected 0x{LABELS_MAGIC:08x} for an IDX "
                f"label file{hint}."
            )
        labels = np.frombuffer(_body(f, path, 8, count, f"{count} labels"), dtype=np.uint8)
    if labels.size and labels.max() > 9:
        bad = int(np.argmax(labels > 9))
        raise BuildError(
            f"{path}: label {labels[bad]} at index {bad}; labels must be 0 to 9."
        )
    return labels


def read_pair(images_path: Path, labels_path: Path) -> tuple[np.ndarray, np.ndarray]:
    images, labels = read_images(images_path), read_labels(labels_path)
    if len(images) != len(labels):
        raise BuildError(
            f"{images_path} has {len(images)} images but {labels_path} has {len(labels)} "
            "labels; they must match one to one."
        )
    return images, labels


def write_idx(path: Path, array: np.ndarray) -> None:
    """Write an IDX file (gzipped if the name ends in .gz); used by tests and tools."""
    array = np.ascontiguousarray(array, dtype=np.uint8)
    magic = IMAGES_MAGIC if array.ndim == 3 else LABELS_MAGIC
    header = struct.pack(">I", magic) + b"".join(struct.pack(">I", d) for d in array.shape)
    data = header + array.tobytes()
    if path.suffix == ".gz":
        # No name and mtime=0 in the gzip header: the same array gives the same bytes.
        with path.open("wb") as raw, gzip.GzipFile(filename="", fileobj=raw, mode="wb", mtime=0) as f:
            f.write(data)
    else:
        path.write_bytes(data)
