"""What the build measures of a trained model for a question (a quantity with "build" in its
demo's demo.json, builder/kit/quantities.py): read from the exported model the page loads (its
model.json: the layers and every stored weight's shape) and from the training's metrics.

- parameters, held_out_accuracy: the training's own figures (builder/train/fit.py);
- layer_weights, weights_by_layer: the numbers each layer stores (weights, biases, and batch
  normalisation's four per channel), as Keras's count_params counts them;
- receptive_field, receptive_field_by_layer: the side, in input pixels, of the square of input a
  unit of each convolution or pooling layer depends on, from the kernel sizes and strides.
"""

import json
import math
from dataclasses import dataclass
from typing import Any

from builder.export import ExportedModel

SPATIAL = ("Conv2D", "MaxPooling2D", "AveragePooling2D")


@dataclass(frozen=True)
class Measured:
    """A quantity's value as the build found it, and where from (said beside it in the page)."""
    value: Any  # a number, or for a series a list of [x, y]
    source: str  # "LeNet as trained by this build"


def measure(model: ExportedModel, build: dict[str, Any]) -> Measured:
    """The value of a build quantity ("measure" and its arguments); ValueError for a layer the
    model does not have, naming the ones it has."""
    kind = build["measure"]
    source = f"the {model.name} model as this build trained it"
    if kind in ("parameters", "held_out_accuracy"):
        return Measured(model.metrics[kind], source)
    layers = _layers(model)
    if kind in ("layer_weights", "weights_by_layer"):
        series = [[name, count] for name, _, count in layers if count]
    else:
        series = [[name, side] for name, side in receptive_fields(layers)]
    if kind.endswith("_by_layer"):
        return Measured(series, source)
    found = dict((str(x), y) for x, y in series)
    if build["layer"] not in found:
        raise ValueError(f"model {model.name!r} has no layer {build['layer']!r} to measure "
                         f"{kind.replace('_', ' ')} of; it has: {', '.join(found)}.")
    return Measured(found[build["layer"]], source)


def _layers(model: ExportedModel) -> list[tuple[str, dict[str, Any], int]]:
    """(name, the layer's class and config, numbers it stores) for each layer, in order."""
    manifest = json.loads((model.tfjs_dir / "model.json").read_text(encoding="utf-8"))
    topology = manifest["modelTopology"]
    config = topology.get("model_config", topology)["config"]
    counts: dict[str, int] = {}
    for group in manifest["weightsManifest"]:
        for weight in group["weights"]:
            layer = weight["name"].split("/")[0]
            counts[layer] = counts.get(layer, 0) + math.prod(weight["shape"])
    return [(layer["config"]["name"], layer, counts.get(layer["config"]["name"], 0))
            for layer in config["layers"]]


def receptive_fields(layers: list[tuple[str, dict[str, Any], int]]) -> list[tuple[str, int]]:
    """(name, side) for each convolution and pooling layer before the first Flatten: each adds
    (kernel - 1) steps of the input spacing its input units stand at, and multiplies the spacing
    by its stride."""
    side, spacing, out = 1, 1, []
    for name, layer, _ in layers:
        kind, config = layer["class_name"], layer["config"]
        if kind == "Flatten":
            break
        if kind not in SPATIAL:
            continue
        if kind == "Conv2D":
            kernel = config["kernel_size"][0]
            dilation = (config.get("dilation_rate") or [1])[0]
            stride = config["strides"][0]
            kernel = dilation * (kernel - 1) + 1
        else:
            kernel = config["pool_size"][0]
            stride = (config.get("strides") or config["pool_size"])[0]
        side += (kernel - 1) * spacing
        spacing *= stride
        out.append((name, side))
    return out
