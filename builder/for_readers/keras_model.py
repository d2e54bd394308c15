"""A student's own trained Keras model, converted in the kernel for a demo that reads a model:
`show("draw-a-digit", model=my_model)`.

tensorflowjs converts it (pip install "cnn-demos-widgets[models]" brings TensorFlow and
tensorflowjs; showing the demos needs neither), into the same classic script the build writes
for its own models (classic_script.model_script), which the page loads in place of the site's.
Before that, the model is checked against what the demo's code can run, and a model that does not
fit is refused with what is wrong and what would fit.

Only tf_keras models (TensorFlow's Keras 2, what this course trains with): tensorflowjs 4.22
writes a Keras 3 model's input layer in a form TF.js 4.22 cannot load.
"""

import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .classic_script import model_script

INPUT = (None, 28, 28, 1)
CLASSES = 10
# The layer kinds the 3D view draws (demos/_shared/lenet-3d.js, DRAWN), and those it passes over.
DRAWN_3D = ("ZeroPadding2D", "Conv2D", "MaxPooling2D", "Dense")
# The layer kinds demos/_shared/plain-net.js runs as plain TF.js steps.
PLAIN_NET = ("InputLayer", "Conv2D", "Dense", "BatchNormalization", "ReLU", "Activation", "ZeroPadding2D",
             "MaxPooling2D", "AveragePooling2D", "Flatten", "Dropout")


@dataclass(frozen=True)
class Reads:
    """What a demo can take in place of its models: their names (the first is the one model=
    replaces when given a single model), the layer kinds its code runs (None: any TF.js loads),
    and whether it draws every layer in 3D (one output per drawn layer, as models/lenet.py's
    export_model gives the site's LeNet)."""
    models: tuple[str, ...]
    kinds: tuple[str, ...] | None = None
    drawn_3d: bool = False


READS = {
    "draw-a-digit": Reads(("recognizer",)),
    "tensorspace-lenet": Reads(("lenet",), ("InputLayer", "Flatten", "Dropout", *DRAWN_3D), drawn_3d=True),
    "why-it-decides": Reads(("recognizer", "lenet"), PLAIN_NET),
}


class ModelMismatch(ValueError):
    """The model cannot stand in for the demo's: the message says why and what would."""


def models_for(demo: str, model: Any) -> dict[str, Any]:
    """model= as model name -> Keras model: a single model takes the demo's first model's place,
    a dict names the places."""
    reads = READS.get(demo)
    if reads is None:
        able = ", ".join(sorted(READS))
        raise ModelMismatch(f"show({demo!r}, model=...): this demo cannot show a model of yours (its code "
                            f"reads its own network's layers by name). The demos that can: {able}.")
    given = model if isinstance(model, dict) else {reads.models[0]: model}
    unknown = sorted(set(given) - set(reads.models))
    if unknown:
        raise ModelMismatch(f"show({demo!r}, model={{...}}): {demo} reads {', '.join(reads.models)}, "
                            f"not {', '.join(unknown)}.")
    for name, m in given.items():
        check(demo, name, m)
    return given


def check(demo: str, name: str, model: Any) -> None:
    """ModelMismatch unless model can take the place of the demo's model `name`."""
    where = f"show({demo!r}, model=...): your model, in place of the {name},"
    if not all(hasattr(model, a) for a in ("layers", "inputs", "outputs", "get_weights")):
        raise ModelMismatch(f"{where} must be a trained Keras model; got {type(model).__name__}.")
    if type(model).__module__.startswith("keras."):
        raise ModelMismatch(f"{where} is a Keras 3 model, which TF.js 4.22 cannot load once converted. Build "
                            "it with tf_keras (`import tf_keras as keras`, or set TF_USE_LEGACY_KERAS=1 "
                            "before importing TensorFlow), as the course does, and train it again.")
    if len(model.inputs) != 1 or tuple(model.inputs[0].shape) != INPUT:
        shape = [tuple(i.shape) for i in model.inputs]
        given = shape[0] if len(shape) == 1 else shape
        raise ModelMismatch(f"{where} takes input of shape {given}; the demo "
                            f"gives it one 28 x 28 greyscale image at a time, shape {INPUT} "
                            "(`keras.Input(shape=(28, 28, 1))`, pixels from 0 to 1).")
    last = model.layers[-1]
    if len(model.outputs) != 1 or tuple(model.outputs[0].shape) != (None, CLASSES) or \
            last.get_config().get("activation") != "softmax":
        raise ModelMismatch(f"{where} must end in a Dense layer of {CLASSES} units with a softmax "
                            f"(the probability of each class); it ends in {type(last).__name__} "
                            f"with output shape {tuple(model.outputs[0].shape)}.")
    kinds = READS[demo].kinds
    other = [f"{layer.name} ({type(layer).__name__})" for layer in model.layers
             if kinds is not None and type(layer).__name__ not in kinds]
    if other:
        raise ModelMismatch(f"{where} has layers this demo's code cannot run: {', '.join(other)}. "
                            f"It takes {', '.join(kinds)}.")


def model_script_of(demo: str, name: str, model: Any) -> str:
    """The checked model as the classic script the page loads under the name `name`."""
    try:
        import tensorflowjs
    except ImportError:
        raise ModelMismatch("Showing your own model needs TensorFlow and tensorflowjs, to convert it: pip "
                            'install "cnn-demos-widgets[models]". Showing the demos needs neither.') from None
    if READS[demo].drawn_3d:
        model = _drawn_layers(model)
    with tempfile.TemporaryDirectory() as folder:
        tensorflowjs.converters.save_keras_model(model, folder)
        parameters = int(sum(w.size for w in model.get_weights()))
        return model_script(name, Path(folder), {"parameters": parameters}, "a model shown from a notebook")


def _drawn_layers(model: Any) -> Any:
    """The same layers and weights, answering with the output of every layer the 3D view draws."""
    import tf_keras

    outputs = [layer.output for layer in model.layers if type(layer).__name__ in DRAWN_3D]
    return tf_keras.Model(inputs=model.inputs, outputs=outputs, name=f"{model.name}_layers")
