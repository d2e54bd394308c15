"""Train a model definition on a Dataset, deterministically, cached by content.

The cache key covers the definition file, the effective training settings, the data and this
training code, so an unchanged model is never retrained and any change retrains it.
"""

import json
import sys
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from builder.cache import Cache, content_key, file_digest
from builder.data import Dataset
from builder.train import augment, snapshots
from builder.train.definitions import ModelSpec

TRAIN_CODE = (Path(__file__), Path(augment.__file__), Path(snapshots.__file__))
# TRAINING["full_size"] holds settings (fewer epochs, larger batches) for a train split of at
# least FULL_SIZE_EXAMPLES images, such as the full MNIST or Fashion-MNIST (60,000).
FULL_SIZE = "full_size"
FULL_SIZE_EXAMPLES = 20_000


@dataclass(frozen=True)
class TrainOptions:
    epochs: int | None = None  # None: the definition's own
    train_examples: int | None = None  # None: the whole train split
    force: bool = False
    # Their limits are checked once, where the values are read: builder/settings.py.


@dataclass(frozen=True)
class TrainedModel:
    spec: ModelSpec
    key: str
    folder: Path
    metrics: dict[str, Any]

    @property
    def keras_path(self) -> Path:
        return self.folder / "model.h5"


def effective_settings(spec: ModelSpec, options: TrainOptions, dataset: Dataset) -> dict[str, Any]:
    """The definition's TRAINING for this dataset: its FULL_SIZE settings on a large train split,
    augmentation suited to the images, and the CLI's overrides on top."""
    settings = dict(spec.training)
    full = settings.pop(FULL_SIZE, None)
    examples = min(len(dataset.y_train), options.train_examples or len(dataset.y_train))
    if full and examples >= FULL_SIZE_EXAMPLES:
        settings.update(full)
    if settings.get("augment"):
        settings["augment"] = augment.suited(settings["augment"], dataset.identity.images)
    if options.epochs is not None:
        settings["epochs"] = options.epochs
    settings["train_examples"] = options.train_examples
    return settings


def train_key(spec: ModelSpec, dataset: Dataset, options: TrainOptions) -> str:
    return content_key(
        spec.digest,
        effective_settings(spec, options, dataset),
        dataset.fingerprint,
        [file_digest(p) for p in TRAIN_CODE],
    )


def train(
    spec: ModelSpec,
    dataset: Dataset,
    cache: Cache,
    options: TrainOptions = TrainOptions(),
    log: Callable[[str], None] = print,
) -> TrainedModel:
    key = train_key(spec, dataset, options)
    trained_now = []

    def build(work: Path) -> None:
        metrics = _fit(spec, dataset, effective_settings(spec, options, dataset), work, log)
        (work / "metrics.json").write_text(json.dumps(metrics, indent=1, sort_keys=True))
        trained_now.append(spec.name)

    entry = cache.get_or_build("train", key, build, force=options.force)
    if not trained_now:
        log(f"{spec.name}: trained model found in the cache ({key}), not retraining")
    return _trained(spec, key, entry)


def found(spec: ModelSpec, dataset: Dataset, cache: Cache, options: TrainOptions = TrainOptions()
          ) -> TrainedModel | None:
    """The trained model in the cache, if it is there (whatever options.force says)."""
    key = train_key(spec, dataset, options)
    entry = cache.lookup("train", key)
    return None if entry is None else _trained(spec, key, entry)


def _trained(spec: ModelSpec, key: str, entry: Path) -> TrainedModel:
    return TrainedModel(spec, key, entry, json.loads((entry / "metrics.json").read_text()))


def _fit(
    spec: ModelSpec, dataset: Dataset, settings: dict[str, Any], out: Path,
    log: Callable[[str], None],
) -> dict[str, Any]:
    from builder.train.tf_runtime import import_tf

    tf, keras = import_tf()
    seed = int(settings["seed"])
    keras.utils.set_random_seed(seed)
    rng = np.random.default_rng(seed)

    limit = settings.get("train_examples")
    x_train = dataset.x_train[:limit].astype(np.float32) / 255.0
    y_train = dataset.y_train[:limit]
    x_test = dataset.x_test.astype(np.float32)[..., None] / 255.0
    epochs, batch = int(settings["epochs"]), int(settings["batch_size"])

    model = spec.module.build(keras)
    steps = epochs * int(np.ceil(len(x_train) / batch))
    schedule = keras.optimizers.schedules.CosineDecay(float(settings["learning_rate"]), steps)
    model.compile(optimizer=keras.optimizers.Adam(schedule),
                  loss="sparse_categorical_crossentropy", metrics=["accuracy"])
    log(f"{spec.name}: training on {len(x_train):,} {dataset.identity.nouns} for {epochs} "
        f"{'epoch' if epochs == 1 else 'epochs'} of {batch}-image batches ({model.count_params():,} "
        f"parameters; augmentation: {augment.describe(settings.get('augment'))})")

    keep = snapshots.Keeper(snapshots.wanted(settings), x_test, dataset.y_test)
    keep(model, 0)
    # Keras's own progress bar (batches, loss, time left) when a person watches a terminal;
    # in a log file or a test's captured output, only the line per epoch below.
    bar = 1 if sys.stdout.isatty() else 0
    history, started = [], time.perf_counter()

    def epoch_data() -> tuple[np.ndarray, np.ndarray]:
        """The next epoch's order and images. One thread makes them, one epoch after another, so
        rng is drawn from in the same order as in a plain loop: the same numbers, the same model."""
        order = rng.permutation(len(x_train))
        x = x_train[order]
        if settings.get("augment"):
            x = augment.augment_batch(x, rng, settings["augment"])
        return order, x

    # Augmenting an epoch (a Python loop over the images) overlaps with training the one before,
    # while TensorFlow's ops run without the GIL: about a tenth of a clean build.
    with ThreadPoolExecutor(max_workers=1) as preparing:
        upcoming = preparing.submit(epoch_data)
        for epoch in range(epochs):
            tick = time.perf_counter()
            order, x = upcoming.result()
            if epoch + 1 < epochs:
                upcoming = preparing.submit(epoch_data)
            if bar:
                log(f"{spec.name}: epoch {epoch + 1}/{epochs}")
            fit = model.fit(x[..., None], y_train[order], batch_size=batch, epochs=1,
                            shuffle=False, verbose=bar)
            _, held_out = model.evaluate(x_test, dataset.y_test, batch_size=500, verbose=0)
            row = {"epoch": epoch + 1, "loss": float(fit.history["loss"][0]),
                   "accuracy": float(fit.history["accuracy"][0]), "held_out_accuracy": float(held_out)}
            history.append(row)
            log(f"{spec.name}: epoch {epoch + 1}/{epochs}  loss {row['loss']:.4f}  "
                f"train acc {row['accuracy']:.4f}  held-out acc {held_out:.4f}  "
                f"{time.perf_counter() - tick:.1f} s")
            keep(model, epoch + 1)
    seconds = time.perf_counter() - started
    model.save(out / "model.h5", include_optimizer=False)
    keep.save(out)
    return {
        "name": spec.name,
        "held_out_accuracy": history[-1]["held_out_accuracy"],
        "held_out_examples": int(len(x_test)),
        "parameters": int(model.count_params()),
        "training_seconds": round(seconds, 2),
        "train_examples": int(len(x_train)),
        "epochs": epochs,
        "history": history,
        "tensorflow": tf.__version__,
    }
