"""What a trained model's layers compute, for the build-time extras that look inside it (the
unit explorer's units and map): its weights as the browser gets them, each weighted layer's
response (its weighted sum plus bias, before the activation) or output, and where each unit of a
convolution looks in the input (its receptive field).
"""

from typing import Any

import numpy as np

from builder.errors import BuildError

WEIGHTED = ("Conv2D", "Dense")
WINDOWED = {"Conv2D": "kernel_size", "MaxPooling2D": "pool_size", "AveragePooling2D": "pool_size"}
# Layers that leave where a unit looks as it was: they work value by value.
POINTWISE = ("Activation", "ReLU", "BatchNormalization", "Dropout", "InputLayer")
BATCH = 500


def as_shipped(model, quantize: str | None):
    """model, its weights rounded as the browser gets them (float16, when the export quantises)."""
    if quantize == "float16":
        model.set_weights([w.astype(np.float16).astype(np.float32) for w in model.get_weights()])
    return model


def weighted_layers(model) -> list:
    """The convolution and dense layers, in order: the units a reader can explore."""
    return [layer for layer in model.layers if type(layer).__name__ in WEIGHTED]


def values(model, images: np.ndarray, wanted: list[tuple[str, bool]]) -> dict[str, np.ndarray]:
    """For each (layer name, before_activation) in wanted: that layer's response (True: its
    weighted sum plus bias, before the activation) or its output, for images (N, 28, 28) uint8."""
    from builder.train.tf_runtime import import_tf

    _, keras = import_tf()
    x = images.astype(np.float32)[..., None] / 255.0
    layers = [model.get_layer(name) for name, _ in wanted]
    # Called batch by batch rather than through predict(), which traces a new graph for every
    # call (each snapshot of the map): a second of the export's CPU, the same values.
    upto = keras.Model(model.inputs, [layer.input for layer in layers])
    batches = [_listed(upto(x[i:i + BATCH], training=False)) for i in range(0, len(x), BATCH)]
    inputs = [np.concatenate([b[k].numpy() for b in batches]) for k in range(len(layers))]
    out = {}
    for layer, (name, before), h in zip(layers, wanted, inputs, strict=True):
        keep = layer.activation if before else None
        if before:
            layer.activation = keras.activations.linear
        try:
            out[name] = np.concatenate([layer(h[i:i + BATCH]).numpy() for i in range(0, len(h), BATCH)])
        finally:
            if keep is not None:
                layer.activation = keep
    return out


def _listed(outputs) -> list:
    return list(outputs) if isinstance(outputs, (list, tuple)) else [outputs]


def fields(model) -> dict[str, dict[str, list[int]]]:
    """Where each convolution's units look: per Conv2D layer, along rows and columns, the size
    of the square of input pixels a unit sees, the jump between neighbouring units' squares and
    the first pixel unit 0 sees (negative inside zero padding). Unit (r, c) sees rows
    start[0] + r * jump[0] onwards, size[0] of them."""
    size, jump, start = [1, 1], [1, 1], [0, 0]
    shape = list(model.inputs[0].shape[1:3])
    found: dict[str, dict[str, list[int]]] = {}
    for layer in model.layers:
        kind, config = type(layer).__name__, layer.get_config()
        if kind == "ZeroPadding2D":
            (top, bottom), (left, right) = config["padding"]
            start = [start[0] - top * jump[0], start[1] - left * jump[1]]
            shape = [shape[0] + top + bottom, shape[1] + left + right]
        elif kind in WINDOWED:
            if any(d != 1 for d in config.get("dilation_rate", (1, 1))):
                raise BuildError(f"{layer.name}: a dilated convolution sees a field with holes, which "
                                 "the unit explorer cannot frame.")
            kernel, strides = config[WINDOWED[kind]], config["strides"] or config[WINDOWED[kind]]
            out = list(layer.output.shape[1:3])
            for a in (0, 1):
                missing = (out[a] - 1) * strides[a] + kernel[a] - shape[a]
                before = 0 if config["padding"] == "valid" else max(missing, 0) // 2
                start[a] -= before * jump[a]
                size[a] += (kernel[a] - 1) * jump[a]
                jump[a] *= strides[a]
            shape = out
            if kind == "Conv2D":
                found[layer.name] = {"size": list(size), "jump": list(jump), "start": list(start)}
        elif kind not in POINTWISE:
            break  # Flatten, Dense: every unit from here on sees the whole input
    return found


def describe(layer, last: bool) -> dict[str, Any]:
    """A weighted layer in words for the page: its name, kind, units and activation."""
    config = layer.get_config()
    units = config["filters"] if type(layer).__name__ == "Conv2D" else config["units"]
    return {"name": layer.name, "kind": type(layer).__name__, "units": int(units),
            "activation": config.get("activation", "linear"), "last": last}
