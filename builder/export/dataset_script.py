"""The dataset as a classic script, for every demo that trains or tests in the browser.

Pages opened from file:// cannot fetch data files (browsers refuse fetch and XHR there), so
the uint8 images and labels travel gzipped and base64-encoded inside one script that sets
window.CNN_DEMOS_SAMPLE (a sample of whatever dataset the site is built on: MNIST,
Fashion-MNIST, an author's); demos/_shared/sample-data.js unpacks it with DecompressionStream.

A reader downloads this script with the page, so it ships a stratified, seeded sample of at
most TRAIN + HELD_OUT images whatever the size of the source, smaller still if the images
compress badly, and never more than MAX_BYTES.
"""

import base64
import gzip
import json
from collections.abc import Callable
from pathlib import Path

import numpy as np

from builder.cache import Cache, content_key, file_digest
from builder.data import Dataset
from builder.data.split import stratified_split
from builder.errors import BuildError
from builder.export import classic_script as classic_script_module
from builder.export.classic_script import classic_script

SCRIPT_NAME = "sample-data.js"
MAX_BYTES = 3_000_000  # what a page may add for its data, on a school network
TRAIN, HELD_OUT = 8000, 2000
MIN_TRAIN = 1000  # fewer is no use for training in the page
SAMPLE_SEED = 20141126


def pack(array: np.ndarray) -> str:
    raw = np.ascontiguousarray(array, dtype=np.uint8).tobytes()
    # mtime=0: the same arrays give the same bytes, build after build.
    return base64.b64encode(gzip.compress(raw, compresslevel=9, mtime=0)).decode("ascii")


def _sample(labels: np.ndarray, count: int) -> np.ndarray:
    """Indices of a stratified, seeded sample of `count` items (all of them, in order, if fewer)."""
    if count >= len(labels):
        return np.arange(len(labels))
    _, chosen = stratified_split(labels, count, SAMPLE_SEED)
    return chosen


def _script(dataset: Dataset, n_train: int, n_test: int) -> tuple[str, int, int]:
    train, test = _sample(dataset.y_train, n_train), _sample(dataset.y_test, n_test)
    payload = {
        "source": dataset.identity.name,  # the dataset, not the build machine's path to it
        "train": {"count": int(len(train)), "images": pack(dataset.x_train[train]),
                  "labels": pack(dataset.y_train[train])},
        "test": {"count": int(len(test)), "images": pack(dataset.x_test[test]),
                 "labels": pack(dataset.y_test[test])},
    }
    text = classic_script("CNN_DEMOS_SAMPLE", payload, "a sample of the dataset: images (uint8, "
                          "28x28) and labels, gzip+base64")
    return text, len(train), len(test)


def dataset_script(dataset: Dataset, cache: Cache, log: Callable[[str], None] = print) -> Path:
    """Write (or find in the cache) the dataset script; returns its path."""
    return _entry(dataset, cache, log) / SCRIPT_NAME


def held_out_sample(dataset: Dataset, cache: Cache) -> np.ndarray:
    """The indices in dataset.x_test of the held-out images the script carries, in its order
    (all of them, in order, when there are no more than HELD_OUT)."""
    counts = json.loads((_entry(dataset, cache, lambda _: None) / "counts.json").read_text())
    return _sample(dataset.y_test, counts[1])


def _entry(dataset: Dataset, cache: Cache, log: Callable[[str], None]) -> Path:
    key = content_key(dataset.fingerprint, MAX_BYTES, TRAIN, HELD_OUT,
                      [file_digest(Path(f)) for f in (__file__, classic_script_module.__file__)])

    def build(work: Path) -> None:
        n_train, n_test = TRAIN, HELD_OUT
        text, n_train, n_test = _script(dataset, n_train, n_test)
        for _ in range(3):  # images that compress badly: a smaller sample, in proportion
            if len(text) <= MAX_BYTES:
                break
            scale = 0.97 * MAX_BYTES / len(text)
            text, n_train, n_test = _script(dataset, int(n_train * scale), int(n_test * scale))
        if len(text) > MAX_BYTES or n_train < min(MIN_TRAIN, len(dataset.y_train)):
            raise BuildError(f"the in-browser data script would be over its budget of {MAX_BYTES:,} "
                             f"bytes with even {min(MIN_TRAIN, len(dataset.y_train))} training images: "
                             f"the images of {dataset.source} compress too badly to ship in a page.")
        (work / SCRIPT_NAME).write_text(text, encoding="utf-8")
        (work / "counts.json").write_text(json.dumps([n_train, n_test, len(text)]))

    entry = cache.get_or_build("browser-data", key, build)
    n_train, n_test, size = json.loads((entry / "counts.json").read_text())
    log(f"in-browser data: {n_train:,} training and {n_test:,} held-out {dataset.identity.nouns} "
        f"({size / 1e6:.1f} MB of the {MAX_BYTES / 1e6:.0f} MB budget)")
    return entry
