"""What each unit of a model responds to across the held-out split, for the unit explorer.

A unit is one channel of a convolution or one unit of a dense layer (the last layer's are the
class scores). Its response to an image is its weighted sum plus bias, before the activation:
for a convolution channel, the largest over the positions of its map, and where that is. Over
the whole held-out split (all of the test split when the site is built on full data), each
unit's 9 highest and 9 lowest responses (NumPy's stable argsort), and a histogram of all of
them. The model has the weights the browser gets, so the page can compute the same numbers.

The page shows the examples' pixels: those in the held-out part of the page's data sample
(builder/export/dataset_script.py) are found there, the rest travel here, gzip + base64.
"""

from pathlib import Path
from typing import Any

import numpy as np

from builder.data import Dataset
from builder.export import layer_values
from builder.export.dataset_script import pack
from builder.for_readers.classic_script import write_classic_script

SHOWN = 9  # the highest and the lowest, each a 3 x 3 grid on the page
BINS = 30
DECIMALS = 5  # responses are float32; the page checks its own against these to 1e-4


def scores(responses: np.ndarray) -> tuple[np.ndarray, np.ndarray | None]:
    """Each example's response per unit, (N, units), and for a convolution where its map is
    highest, (N, units) flat positions (the first on a tie, as the page's argmax), else None."""
    if responses.ndim == 2:
        return responses, None
    n, rows, cols, units = responses.shape
    flat = responses.reshape(n, rows * cols, units)
    return flat.max(axis=1), flat.argmax(axis=1)


def ranked(score: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Indices of the SHOWN highest (highest first) and SHOWN lowest (lowest first) scores."""
    return np.argsort(-score, kind="stable")[:SHOWN], np.argsort(score, kind="stable")[:SHOWN]


def _unit(score: np.ndarray, at: np.ndarray | None, cols: int) -> dict[str, Any]:
    top, bottom = ranked(score)
    counts, edges = np.histogram(score, bins=BINS)

    def listed(indices: np.ndarray) -> dict[str, list]:
        out: dict[str, list] = {"index": [int(i) for i in indices],
                                "value": [round(float(score[i]), DECIMALS) for i in indices]}
        if at is not None:
            out["at"] = [[int(at[i]) // cols, int(at[i]) % cols] for i in indices]
        return out

    return {"top": listed(top), "bottom": listed(bottom), "above_zero": round(float((score > 0).mean()), 4),
            "histogram": {"low": float(edges[0]), "high": float(edges[-1]), "counts": counts.tolist()}}


def find(model, dataset: Dataset, quantize: str | None, page_held_out: np.ndarray) -> dict[str, Any]:
    """page_held_out: the held-out indices of the page's data sample, in its order."""
    model = layer_values.as_shipped(model, quantize)
    weighted = layer_values.weighted_layers(model)
    responses = layer_values.values(model, dataset.x_test, [(layer.name, True) for layer in weighted])
    fields = layer_values.fields(model)
    layers, shown = [], set()
    for i, layer in enumerate(weighted):
        r = responses[layer.name]
        score, at = scores(r)
        found = [_unit(score[:, u], None if at is None else at[:, u], r.shape[2] if r.ndim == 4 else 1)
                 for u in range(score.shape[1])]
        for unit in found:
            shown.update(unit["top"]["index"] + unit["bottom"]["index"])
        about = layer_values.describe(layer, i == len(weighted) - 1)
        if layer.name in fields:
            about["field"] = fields[layer.name]
            about["map"] = [int(r.shape[1]), int(r.shape[2])]
        layers.append({**about, "found": found})
    return {"held_out_examples": int(len(dataset.x_test)), "shown": SHOWN, "layers": layers,
            "examples": _examples(sorted(shown), dataset, page_held_out)}


def _examples(shown: list[int], dataset: Dataset, page_held_out: np.ndarray) -> dict[str, Any]:
    """Where the page finds each example shown: its place in the sample, or its pixels and
    label here."""
    place = {int(h): p for p, h in enumerate(page_held_out)}
    in_sample = [place.get(i, -1) for i in shown]
    outside = [i for i, p in zip(shown, in_sample, strict=True) if p < 0]
    return {"held_out": shown, "in_sample": in_sample, "outside": outside,
            "outside_labels": [int(dataset.y_test[i]) for i in outside],
            "pixels": pack(dataset.x_test[outside]) if outside else ""}


def write_script(name: str, found: dict[str, Any], out: Path) -> None:
    write_classic_script(out, "CNN_DEMOS_UNITS", found, "the trained model and the held-out split", name)
