"""The dataset as classic scripts, for every demo that trains or tests in the browser.

Pages opened from file:// cannot fetch data files (browsers refuse fetch and XHR there), so
the uint8 images and labels travel gzipped and base64-encoded inside scripts (a sample of
whatever dataset the site is built on: MNIST, Fashion-MNIST, an author's);
demos/_shared/sample-data.js unpacks them with DecompressionStream. Four scripts, so that a
page opens without waiting for data it may never use:

- sample-data.js (window.CNN_DEMOS_SAMPLE), loaded with the page: the first held-out images,
  until every class has one (what the pickers show, FIRST_PER_CLASS), the sizes of the parts,
  and the mean training image;
- sample-opening.js (CNN_DEMOS_SAMPLE_OPENING): the held-out images after those, up to as many
  as the demos show or measure at once (OPENING), loaded with the page unless every demo on it
  that lists the sample holds it back (demo.json "load_later": "sample-opening");
- sample-held-out.js (CNN_DEMOS_SAMPLE_HELD_OUT): the rest of the held-out part, loaded when a
  demo asks for all of it;
- sample-training.js (CNN_DEMOS_SAMPLE_TRAINING): the training part, loaded when a demo trains.

A reader may download all of it, so the sample is stratified and seeded, of at most TRAIN +
HELD_OUT images whatever the size of the source, smaller still if the images compress badly,
and never more than MAX_BYTES in all.
"""

import base64
import gzip
import json
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from builder.cache import Cache, content_key, file_digest
from builder.data import Dataset
from builder.data.split import stratified_split
from builder.errors import BuildError
from builder.for_readers import classic_script as classic_script_module
from builder.for_readers.classic_script import classic_script

SCRIPT_NAME = "sample-data.js"
OPENING_SCRIPT_NAME = "sample-opening.js"
HELD_OUT_SCRIPT_NAME = "sample-held-out.js"
TRAINING_SCRIPT_NAME = "sample-training.js"
# The held-out images a page opens with: the first 500 (LeNet training in 3D measures its
# accuracy on them, MLP against CNN its live accuracy on the first 250), and more if needed
# until every class has 20 (new-symbol's held-out set; the pickers show one or two a class).
OPENING, OPENING_PER_CLASS = 500, 20
FIRST_PER_CLASS = 1  # the held-out images every page opens with: until every class has one
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


def _part(images: np.ndarray, labels: np.ndarray) -> dict:
    return {"count": int(len(labels)), "images": pack(images), "labels": pack(labels)}


def opening_count(labels: np.ndarray, at_least: int = OPENING, per_class: int = OPENING_PER_CLASS) -> int:
    """How many of the first held-out images a page opens with: at least at_least, and more if
    needed until every class has per_class (or all it has)."""
    enough = at_least
    for cls in np.unique(labels):
        found = np.flatnonzero(labels == cls)
        enough = max(enough, int(found[min(per_class, len(found)) - 1]) + 1)
    return min(enough, len(labels))


@dataclass(frozen=True)
class Scripts:
    first: str
    opening: str  # the held-out images after the first, up to the opening count
    held_out: str  # the rest of the held-out part
    training: str
    n_train: int
    n_test: int

    @property
    def size(self) -> int:
        return len(self.first) + len(self.opening) + len(self.held_out) + len(self.training)


def _scripts(dataset: Dataset, n_train: int, n_test: int) -> Scripts:
    train, test = _sample(dataset.y_train, n_train), _sample(dataset.y_test, n_test)
    images, labels = dataset.x_test[test], dataset.y_test[test]
    opened, first = opening_count(labels), opening_count(labels, 0, FIRST_PER_CLASS)  # first <= opened
    # The mean training image (an attribution map's neutral fill), as float32 in 0..1.
    mean = (dataset.x_train[train].astype(np.float64).mean(axis=0) / 255).astype("<f4")
    first_script = classic_script(
        "CNN_DEMOS_SAMPLE",
        {"source": dataset.identity.name,  # the dataset's name, not the build machine's path to it
         "test": _part(images[:first], labels[:first]),
         "openingCount": int(opened),
         "heldOutCount": int(len(test)),
         "trainingCount": int(len(train)),
         "trainingMean": base64.b64encode(mean.tobytes()).decode("ascii")},
        "a sample of the dataset: its first held-out images (uint8, 28x28) and labels (gzip+base64), "
        "the size of its held-out and training parts and the mean training image (float32, base64)")
    opening = classic_script(
        "CNN_DEMOS_SAMPLE_OPENING", _part(images[first:opened], labels[first:opened]),
        "a sample of the dataset: the held-out images a page opens with after the first, images "
        "(uint8, 28x28) and labels, gzip+base64")
    held_out = classic_script(
        "CNN_DEMOS_SAMPLE_HELD_OUT", _part(images[opened:], labels[opened:]),
        "a sample of the dataset: the rest of its held-out part, images (uint8, 28x28) and labels, "
        "gzip+base64")
    training = classic_script(
        "CNN_DEMOS_SAMPLE_TRAINING", _part(dataset.x_train[train], dataset.y_train[train]),
        "a sample of the dataset, its training part: images (uint8, 28x28) and labels, gzip+base64")
    return Scripts(first_script, opening, held_out, training, len(train), len(test))


def dataset_scripts(dataset: Dataset, cache: Cache, log: Callable[[str], None] = print
                    ) -> tuple[Path, Path, Path, Path]:
    """Write (or find in the cache) the dataset scripts; returns the paths of the first,
    opening, held-out and training scripts."""
    entry = _entry(dataset, cache, log)
    return (entry / SCRIPT_NAME, entry / OPENING_SCRIPT_NAME, entry / HELD_OUT_SCRIPT_NAME,
            entry / TRAINING_SCRIPT_NAME)


def held_out_sample(dataset: Dataset, cache: Cache) -> np.ndarray:
    """The indices in dataset.x_test of the held-out images the scripts carry, in their order
    (all of them, in order, when there are no more than HELD_OUT)."""
    counts = json.loads((_entry(dataset, cache, lambda _: None) / "counts.json").read_text())
    return _sample(dataset.y_test, counts[1])


def _entry(dataset: Dataset, cache: Cache, log: Callable[[str], None]) -> Path:
    code = [file_digest(Path(f)) for f in (__file__, classic_script_module.__file__)]
    key = content_key(dataset.fingerprint, MAX_BYTES, TRAIN, HELD_OUT, OPENING, OPENING_PER_CLASS,
                      FIRST_PER_CLASS, code)

    def build(work: Path) -> None:
        made = _scripts(dataset, TRAIN, HELD_OUT)
        for _ in range(3):  # images that compress badly: a smaller sample, in proportion
            if made.size <= MAX_BYTES:
                break
            scale = 0.97 * MAX_BYTES / made.size
            made = _scripts(dataset, int(made.n_train * scale), int(made.n_test * scale))
        if made.size > MAX_BYTES or made.n_train < min(MIN_TRAIN, len(dataset.y_train)):
            raise BuildError(f"the in-browser data script would be over its budget of {MAX_BYTES:,} "
                             f"bytes with even {min(MIN_TRAIN, len(dataset.y_train))} training images: "
                             f"the images of {dataset.source} compress too badly to ship in a page.")
        for name, text in ((SCRIPT_NAME, made.first), (OPENING_SCRIPT_NAME, made.opening),
                           (HELD_OUT_SCRIPT_NAME, made.held_out), (TRAINING_SCRIPT_NAME, made.training)):
            (work / name).write_text(text, encoding="utf-8")
        (work / "counts.json").write_text(json.dumps([made.n_train, made.n_test, made.size]))

    entry = cache.get_or_build("browser-data", key, build)
    n_train, n_test, size = json.loads((entry / "counts.json").read_text())
    log(f"in-browser data: {n_train:,} training and {n_test:,} held-out {dataset.identity.nouns} "
        f"({size / 1e6:.1f} MB of the {MAX_BYTES / 1e6:.0f} MB budget)")
    return entry
