"""LeNet, the classic small CNN, for the TensorSpace 3D views.

The layout follows LeNet-5 as TensorSpace draws it: the 28x28 digit is zero-padded to 32x32,
then two convolution + max-pool stages (6 then 16 filters of 5x5) and three dense layers
(120, 84, 10). Every layer is named, because the export hands TensorSpace one output per
layer it shows, and the page shows those names.
"""

NAME = "lenet"

TRAINING = {
    "epochs": 20,
    "batch_size": 64,
    "learning_rate": 0.003,
    "seed": 11,
    # Weights kept for the 3D page's time-lapse: before training, after these epochs and the last.
    "snapshots": [0, 1, 2, 5, 10],
    "augment": {
        "max_shift": 1.5,
        "max_rotate_degrees": 10.0,
        "scale_range": [0.9, 1.1],
        "thicken_probability": 0.2,
        "thin_probability": 0.1,
        "flip_probability": 0.5,  # only for photos of things (builder/train/augment.py)
    },
    # The full MNIST or Fashion-MNIST (60,000 images): fewer passes of larger batches.
    "full_size": {"epochs": 12, "batch_size": 128},
}

EXPORT = {
    # float16 halves the weights' bytes (the 3D page and the unit explorer wait for them on a
    # phone); what the pages show is computed from these rounded weights, in the page and in the
    # build (builder/export/layer_values.py).
    "quantize": "float16",
    # For the unit explorer: each unit's strongest and weakest held-out examples, and the
    # held-out sample mapped in two dimensions per layer at every snapshot.
    "units": True,
    "map": True,
}

# The layers TensorSpace shows, in order: the exported model returns each one's output.
VISUALISED = ("padding", "conv1", "pool1", "conv2", "pool2", "dense1", "dense2", "softmax")


def build(keras):
    layers = keras.layers
    return keras.Sequential(
        [
            layers.Input(shape=(28, 28, 1), name="digit"),
            layers.ZeroPadding2D(2, name="padding"),
            layers.Conv2D(6, 5, activation="relu", name="conv1"),
            layers.MaxPooling2D(2, name="pool1"),
            layers.Conv2D(16, 5, activation="relu", name="conv2"),
            layers.MaxPooling2D(2, name="pool2"),
            layers.Flatten(name="flatten"),
            layers.Dense(120, activation="relu", name="dense1"),
            layers.Dense(84, activation="relu", name="dense2"),
            layers.Dense(10, activation="softmax", name="softmax"),
        ],
        name=NAME,
    )


def export_model(model, keras):
    """The same weights, with every visualised layer's output as an output of the model."""
    outputs = [model.get_layer(name).output for name in VISUALISED]
    return keras.Model(inputs=model.inputs, outputs=outputs, name=f"{NAME}_layers")
