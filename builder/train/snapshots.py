"""LeNet's training as a time-lapse: its weights kept at chosen epochs, quantised to 8 bits.

A model definition asks for it with TRAINING["snapshots"], the epochs to keep (0 is before
training; the last epoch is always kept). Each snapshot's tensors are quantised per tensor
(uint8, with the tensor's minimum and step), and its held-out accuracy is measured with those
quantised weights, so the figure a page shows is the figure of the weights it loads.
"""

import json
from pathlib import Path
from typing import Any

import numpy as np

FILE_DATA = "snapshots.npz"
FILE_INDEX = "snapshots.json"
LEVELS = 255


def wanted(settings: dict[str, Any]) -> set[int]:
    """The epochs to keep, with the last one; empty when the definition asks for none."""
    epochs = settings.get("snapshots")
    if not epochs:
        return set()
    return {int(e) for e in epochs if 0 <= int(e) <= int(settings["epochs"])} | {int(settings["epochs"])}


class Keeper:
    """Called before training (epoch 0) and after each epoch; keeps the wanted ones."""

    def __init__(self, epochs: set[int], x_test: np.ndarray, y_test: np.ndarray) -> None:
        self.epochs, self.x_test, self.y_test = epochs, x_test, y_test
        self.kept: list[dict[str, Any]] = []
        self.arrays: dict[str, np.ndarray] = {}

    def __call__(self, model, epoch: int) -> None:
        if epoch not in self.epochs:
            return
        trained = model.get_weights()
        layers, quantised = [], []
        for layer in model.layers:
            tensors = []
            for w in layer.get_weights():
                q, low, step = quantise(w)
                self.arrays[f"e{epoch}_{len(self.arrays)}"] = q
                tensors.append({"shape": list(w.shape), "min": low, "step": step,
                                "array": list(self.arrays)[-1]})
                quantised.append(q.astype(np.float32) * step + low)
            if tensors:
                layers.append({"layer": layer.name, "tensors": tensors})
        model.set_weights(quantised)
        _, accuracy = model.evaluate(self.x_test, self.y_test, batch_size=500, verbose=0)
        model.set_weights(trained)
        self.kept.append({"epoch": epoch, "held_out_accuracy": float(accuracy), "layers": layers})

    def save(self, folder: Path) -> None:
        if not self.kept:
            return
        np.savez_compressed(folder / FILE_DATA, **self.arrays)
        (folder / FILE_INDEX).write_text(json.dumps(self.kept, indent=1))


def quantise(w: np.ndarray) -> tuple[np.ndarray, float, float]:
    low, high = float(w.min()), float(w.max())
    step = (high - low) / LEVELS or 1.0
    return np.round((w - low) / step).astype(np.uint8), low, step


def load(folder: Path) -> tuple[list[dict[str, Any]], dict[str, np.ndarray]] | None:
    """(index, arrays) of a trained model's snapshots, or None when it kept none."""
    if not (folder / FILE_INDEX).is_file():
        return None
    with np.load(folder / FILE_DATA) as data:
        arrays = {k: data[k] for k in data.files}
    return json.loads((folder / FILE_INDEX).read_text()), arrays
