"""The dataset as classic scripts, for every demo that trains or tests in the browser.

Pages opened from file:// cannot fetch data files (browsers refuse fetch and XHR there), so
the uint8 images and labels travel gzipped and base64-encoded inside scripts (a sample of
whatever dataset the site is built on: MNIST, Fashion-MNIST, an author's);
demos/_shared/sample-data.js unpacks them with DecompressionStream. Two scripts, because most
pages need only the held-out part: sample-data.js sets window.CNN_DEMOS_SAMPLE (the source's
name and the held-out part) and loads with the page; sample-training.js sets
window.CNN_DEMOS_SAMPLE_TRAINING (the training part, four times the size) and is loaded by a
page only when a demo asks for it (CnnDemos.loadSample), so that a phone does not wait for
training data before it can show anything.

A reader downloads these with the page, so they ship a stratified, seeded sample of at most
TRAIN + HELD_OUT images whatever the size of the source, smaller still if the images compress
badly, and never more than MAX_BYTES in all.
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
TRAINING_SCRIPT_NAME = "sample-training.js"
MAX_BYTES = 3_000_000  # what a page may add for its data, on a school network
TRAIN, HELD_OUT = 8000, 2000
MIN_TRAIN = 1000  # fewer is no use for training in the page
SAMPLE_SEED = 20141126


def _pack(array: np.ndarray) -> str:
    raw = np.ascontiguousarray(array, dtype=np.uint8).tobytes()
    # mtime=0: the same arrays give the same bytes, build after build.
    return base64.b64encode(gzip.compress(raw, compresslevel=9, mtime=0)).decode("ascii")


def _sample(labels: np.ndarray, count: int) -> np.ndarray:
    """Indices of a stratified, seeded sample of `count` items (all of them, in order, if fewer)."""
    if count >= len(labels):
        return np.arange(len(labels))
    _, chosen = stratified_split(labels, count, SAMPLE_SEED)
    return chosen


def _part(images: np.ndarray, labels: np.ndarray) -> dict:
    return {"count": int(len(labels)), "images": _pack(images), "labels": _pack(labels)}


def _scripts(dataset: Dataset, n_train: int, n_test: int) -> tuple[str, str, int, int]:
    """(held-out script, training script, training count, held-out count)."""
    train, test = _sample(dataset.y_train, n_train), _sample(dataset.y_test, n_test)
    # The mean training image (an attribution map's neutral fill), as float32 in 0..1.
    mean = (dataset.x_train[train].astype(np.float64).mean(axis=0) / 255).astype("<f4")
    held_out = classic_script(
        "CNN_DEMOS_SAMPLE",
        {"source": dataset.identity.name,  # the dataset's name, not the build machine's path to it
         "test": _part(dataset.x_test[test], dataset.y_test[test]),
         "training": {"count": int(len(train))},
         "trainingMean": base64.b64encode(mean.tobytes()).decode("ascii")},
        "a sample of the dataset: its held-out part (images, uint8 28x28, and labels, gzip+base64), "
        "the size of its training part and the mean training image (float32, base64)")
    training = classic_script(
        "CNN_DEMOS_SAMPLE_TRAINING", _part(dataset.x_train[train], dataset.y_train[train]),
        "a sample of the dataset, its training part: images (uint8, 28x28) and labels, gzip+base64")
    return held_out, training, len(train), len(test)


def dataset_scripts(dataset: Dataset, cache: Cache, log: Callable[[str], None] = print
                    ) -> tuple[Path, Path]:
    """Write (or find in the cache) the dataset scripts; returns (held-out, training) paths."""
    key = content_key(dataset.fingerprint, MAX_BYTES, TRAIN, HELD_OUT,
                      [file_digest(Path(f)) for f in (__file__, classic_script_module.__file__)])

    def build(work: Path) -> None:
        held_out, training, n_train, n_test = _scripts(dataset, TRAIN, HELD_OUT)
        for _ in range(3):  # images that compress badly: a smaller sample, in proportion
            if len(held_out) + len(training) <= MAX_BYTES:
                break
            scale = 0.97 * MAX_BYTES / (len(held_out) + len(training))
            held_out, training, n_train, n_test = _scripts(dataset, int(n_train * scale),
                                                           int(n_test * scale))
        size = len(held_out) + len(training)
        if size > MAX_BYTES or n_train < min(MIN_TRAIN, len(dataset.y_train)):
            raise BuildError(f"the in-browser data script would be over its budget of {MAX_BYTES:,} "
                             f"bytes with even {min(MIN_TRAIN, len(dataset.y_train))} training images: "
                             f"the images of {dataset.source} compress too badly to ship in a page.")
        (work / SCRIPT_NAME).write_text(held_out, encoding="utf-8")
        (work / TRAINING_SCRIPT_NAME).write_text(training, encoding="utf-8")
        (work / "counts.json").write_text(json.dumps([n_train, n_test, size]))

    entry = cache.get_or_build("browser-data", key, build)
    n_train, n_test, size = json.loads((entry / "counts.json").read_text())
    log(f"in-browser data: {n_train:,} training and {n_test:,} held-out {dataset.identity.nouns} "
        f"({size / 1e6:.1f} MB of the {MAX_BYTES / 1e6:.0f} MB budget)")
    return entry / SCRIPT_NAME, entry / TRAINING_SCRIPT_NAME
