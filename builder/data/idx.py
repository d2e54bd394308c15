"""IDX files (the format of MNIST and Fashion-MNIST), gzipped or not, validated on read."""

import gzip
import hashlib
import struct
from pathlib import Path

import numpy as np

from builder.errors import BuildError

IMAGES_MAGIC = 0x00000803  # unsigned bytes, 3 dimensions
LABELS_MAGIC = 0x00000801  # unsigned bytes, 1 dimension

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


def _read_bytes(path: Path) -> bytes:
    try:
        if path.suffix == ".gz":
            with gzip.open(path, "rb") as f:
                return f.read()
        return path.read_bytes()
    except (OSError, EOFError, gzip.BadGzipFile) as exc:
        raise BuildError(f"{path}: cannot be read ({exc}). Download the file again.") from exc


def content_md5(path: Path) -> str:
    """MD5 of the file's uncompressed bytes: how published checksums name the standard files."""
    return hashlib.md5(_read_bytes(path), usedforsecurity=False).hexdigest()


def read_images(path: Path) -> np.ndarray:
    raw = _read_bytes(path)
    if len(raw) < 16:
        raise BuildError(f"{path}: truncated: {len(raw)} bytes, shorter than the 16-byte header.")
    magic, count, rows, cols = struct.unpack(">IIII", raw[:16])
    if magic != IMAGES_MAGIC:
        hint = " (this is a labels file)" if magic == LABELS_MAGIC else ""
        raise BuildError(
            f"{path}: magic number 0x{magic:08x}, expected 0x{IMAGES_MAGIC:08x} for an IDX "
            f"image file{hint}."
        )
    if (rows, cols) != (28, 28):
        raise BuildError(f"{path}: images are {rows}x{cols}; the demos need 28x28 images.")
    expected = 16 + count * rows * cols
    if len(raw) != expected:
        raise BuildError(
            f"{path}: {'truncated' if len(raw) < expected else 'has trailing bytes'}: the header "
            f"promises {count} images ({expected} bytes) but the file has {len(raw)} bytes."
        )
    return np.frombuffer(raw, dtype=np.uint8, offset=16).reshape(count, rows, cols).copy()


def read_labels(path: Path) -> np.ndarray:
    raw = _read_bytes(path)
    if len(raw) < 8:
        raise BuildError(f"{path}: truncated: {len(raw)} bytes, shorter than the 8-byte header.")
    magic, count = struct.unpack(">II", raw[:8])
    if magic != LABELS_MAGIC:
        hint = " (this is an images file)" if magic == IMAGES_MAGIC else ""
        raise BuildError(
            f"{path}: magic number 0x{magic:08x}, expected 0x{LABELS_MAGIC:08x} for an IDX "
            f"label file{hint}."
        )
    if len(raw) != 8 + count:
        raise BuildError(
            f"{path}: {'truncated' if len(raw) < 8 + count else 'has trailing bytes'}: the header "
            f"promises {count} labels but the file has {len(raw) - 8}."
        )
    labels = np.frombuffer(raw, dtype=np.uint8, offset=8).copy()
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
