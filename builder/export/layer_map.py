"""The network's map, for the unit explorer: the held-out images of the page's data sample as
points in two dimensions, for the pixels and for each weighted layer's output (the last layer's
class scores before the softmax), at every training snapshot the build kept.

The two axes of a layer are its first two principal components, fitted once, on the
activations of the last snapshot (the trained network), and every snapshot is projected onto
those same axes (each axis's sign set so that its largest entry is positive). So a point
moves between snapshots only because the layer's output for that image changed, never because
the axes turned: a projection fitted on each snapshot would find new axes every time (and flip
their signs at will), and the points would jump.
The page projects the reader's drawing with the same mean and axes, so it ships them (float32).
The points are quantised to 16 bits per axis (minimum and step), far finer than a pixel.
"""

import base64
from pathlib import Path
from typing import Any

import numpy as np

from builder.export import layer_values
from builder.for_readers.classic_script import write_classic_script
from builder.train import snapshots

PIXELS = "pixels"
LEVELS = 65535


def layers_mapped(model) -> list[tuple[str, bool]]:
    """(layer, before_activation): every weighted layer's output, the last one's class scores."""
    weighted = layer_values.weighted_layers(model)
    return [(layer.name, layer is weighted[-1]) for layer in weighted]


def weight_sets(model, train_folder: Path, final_epoch: int, final_accuracy: float) -> list[dict[str, Any]]:
    """Each snapshot's epoch, held-out accuracy and weights as the page decodes them (uint8 times
    step plus minimum in double precision, then float32); the model's own weights when it kept
    no snapshots."""
    loaded = snapshots.load(train_folder)
    if loaded is None:
        return [{"epoch": final_epoch, "held_out_accuracy": final_accuracy, "weights": model.get_weights()}]
    index, arrays = loaded
    sets = []
    for snap in index:
        by_layer = {layer["layer"]: [_decoded(arrays[t["array"]], t) for t in layer["tensors"]]
                    for layer in snap["layers"]}
        weights = [w for layer in model.layers for w in by_layer.get(layer.name, [])]
        sets.append({"epoch": snap["epoch"], "held_out_accuracy": snap["held_out_accuracy"],
                     "weights": weights})
    return sets


def _decoded(q: np.ndarray, tensor: dict[str, Any]) -> np.ndarray:
    return (q.astype(np.float64) * tensor["step"] + tensor["min"]).astype(np.float32)


def fit(final: np.ndarray) -> tuple[np.ndarray, np.ndarray, list[float]]:
    """(mean, axes (2, d), share of the variance along each axis) of activations (n, d).

    The axes are the top two right singular vectors of the centred activations, found alone by
    SciPy's ARPACK from a fixed start (so every build finds the same): a full SVD of 2,000 x
    4,704 values took minutes on a busy 2-core machine, this takes seconds."""
    from scipy.sparse.linalg import svds

    x = final.astype(np.float64)
    mean = x.mean(axis=0)
    x -= mean
    start = np.full(min(x.shape), 1 / np.sqrt(min(x.shape)))
    _, s, vt = svds(x, k=2, v0=start, tol=0)
    order = np.argsort(-s)
    s, axes = s[order], vt[order]
    axes = axes * np.sign(axes[np.arange(2), np.abs(axes).argmax(axis=1)])[:, None]
    total = float((x ** 2).sum()) or 1.0
    return mean, axes, [float(v) ** 2 / total for v in s]


def project(activations: np.ndarray, mean: np.ndarray, axes: np.ndarray) -> np.ndarray:
    return (activations.reshape(len(activations), -1).astype(np.float64) - mean) @ axes.T


def _floats(values: np.ndarray) -> str:
    return base64.b64encode(np.ascontiguousarray(values, dtype="<f4").tobytes()).decode("ascii")


def _points(points: np.ndarray) -> dict[str, Any]:
    """(n, 2) points as uint16 per axis, interleaved x, y: {low, step, data}."""
    low, high = points.min(axis=0), points.max(axis=0)
    step = np.where(high > low, (high - low) / LEVELS, 1.0)
    q = np.round((points - low) / step).astype("<u2")
    return {"low": low.tolist(), "step": step.tolist(), "data": base64.b64encode(q.tobytes()).decode("ascii")}


def find(model, images: np.ndarray, weight_sets: list[dict[str, Any]]) -> dict[str, Any]:
    """images: the held-out part of the page's sample, in its order."""
    wanted = layers_mapped(model)
    per_snapshot = []
    for snap in weight_sets:
        model.set_weights(snap["weights"])
        per_snapshot.append(layer_values.values(model, images, wanted))
    pixels = images.reshape(len(images), -1).astype(np.float32) / 255.0
    layers, points = [], {}
    for name, before in [(PIXELS, False), *wanted]:
        final = pixels if name == PIXELS else per_snapshot[-1][name].reshape(len(images), -1)
        mean, axes, explained = fit(final)
        layers.append({"name": name, "scores": before, "dims": int(final.shape[1]), "explained": explained,
                       "mean": _floats(mean), "axes": _floats(axes)})
        points[name] = ([_points(project(pixels, mean, axes))] if name == PIXELS else
                        [_points(project(acts[name], mean, axes)) for acts in per_snapshot])
    return {
        "examples": int(len(images)),
        "layers": layers,
        "snapshots": [{"epoch": s["epoch"], "held_out_accuracy": s["held_out_accuracy"]}
                      for s in weight_sets],
        "points": points,
    }


def write_script(name: str, found: dict[str, Any], out: Path) -> None:
    write_classic_script(out, "CNN_DEMOS_MAPS", found,
                         "the training snapshots and the page's held-out sample", name)
