"""A demo as a notebook widget (anywidget): JupyterLab 4, Notebook 7, marimo, and wherever
anywidget's front end runs.

The front end (widget.js) asks the kernel for the demo's page when it shows the widget, and the
kernel answers with a message, which no notebook stores: only the traits below are widget state,
all small. The page runs in a sandboxed frame, where host.js, its first script, passes what the
demo tells (the image it reads and its probabilities, each batch's figures, the training state)
to these traits, and what Python sets (drawing, sample) to the demo. The weights of a network
trained in the page come as a message when its training stops (a trained network can be larger
than a notebook should carry), into `weights`, which is not synced and not saved.

A message from the page to the kernel is refused above max_message_bytes (8 MiB; Jupyter's server
drops the connection at 10 MiB, tornado's default): the widget says so, `refused` says what was
refused, and everything else goes on.
"""

from pathlib import Path
from typing import Any

import anywidget
import numpy as np
import traitlets

from . import keras_model, page
from .show_demo import ShownOnce, execution_count

ESM = Path(__file__).with_name("widget.js")
MAX_MESSAGE_BYTES = 8 * 1024 * 1024
SIZE = 28


def drawing_array(value: Any) -> np.ndarray:
    """A picture for the pad as 28 x 28 uint8 (0 background, 255 ink), from 28 x 28, 28 x 28 x 1 or
    784 values: integers from 0 to 255, or floats from 0 to 1 (MNIST as Keras loads it, or
    divided by 255)."""
    array = np.asarray(value)
    if array.size != SIZE * SIZE or array.ndim not in (1, 2, 3):
        raise traitlets.TraitError(f"pad.drawing takes a {SIZE} x {SIZE} image (as x_test[0] is); got an "
                                   f"array of shape {array.shape}.")
    if not np.all(np.isfinite(array)) or array.min() < 0 or array.max() > 255:
        raise traitlets.TraitError("pad.drawing takes values from 0 to 255 (or floats from 0 to 1); got "
                                   f"values from {array.min()} to {array.max()}.")
    if array.dtype.kind == "f" and array.max() <= 1:
        array = array * 255
    return np.rint(array).astype(np.uint8).reshape(SIZE, SIZE)


def _drawing_to_json(value: np.ndarray | None, widget: Any) -> memoryview | None:
    return None if value is None else memoryview(np.ascontiguousarray(value, dtype=np.uint8).tobytes())


def _drawing_from_json(value: Any, widget: Any) -> np.ndarray | None:
    # Binary from the front end arrives as a memoryview, which traitlets' Bytes would refuse.
    return None if value is None else np.frombuffer(bytes(value), dtype=np.uint8).reshape(SIZE, SIZE).copy()


def _probabilities_from_json(value: Any, widget: Any) -> np.ndarray | None:
    return None if value is None else np.asarray(value, dtype=np.float32)


def _probabilities_to_json(value: np.ndarray | None, widget: Any) -> list[float] | None:
    return None if value is None else [float(p) for p in value]


class Demo(anywidget.AnyWidget, ShownOnce):
    """One demo of the course. Read: drawing, probabilities, history, training, weights, status,
    message (its status line), refused, samples. Set: drawing (a picture on the pad), sample (a
    held-out digit by index)."""

    _esm = ESM.read_text(encoding="utf-8")
    demo = traitlets.Unicode().tag(sync=True)
    title = traitlets.Unicode().tag(sync=True)
    options = traitlets.Dict().tag(sync=True)
    height = traitlets.Int(0).tag(sync=True)  # pixels; 0: as tall as the demo's page
    max_message_bytes = traitlets.Int(MAX_MESSAGE_BYTES).tag(sync=True)
    drawing = traitlets.Any(None, allow_none=True).tag(
        sync=True, to_json=_drawing_to_json, from_json=_drawing_from_json, echo_update=False)
    probabilities = traitlets.Any(None, allow_none=True).tag(
        sync=True, to_json=_probabilities_to_json, from_json=_probabilities_from_json, echo_update=False)
    history = traitlets.Dict().tag(sync=True, echo_update=False)
    training = traitlets.Unicode("").tag(sync=True, echo_update=False)
    status = traitlets.Unicode("loading").tag(sync=True, echo_update=False)
    message = traitlets.Unicode("").tag(sync=True, echo_update=False)  # the demo's status line
    refused = traitlets.Unicode("")  # the last message from the page too large to send
    samples = traitlets.List().tag(sync=True, echo_update=False)
    sample = traitlets.Int(None, allow_none=True).tag(sync=True)
    weights = traitlets.Any(None, allow_none=True)  # not synced: never in a saved notebook

    def __init__(self, name: str, *, model: Any = None, height: int = 0, **options: Any) -> None:
        entry = page.demo_entry(name)
        values = page.options(name, options)
        scripts = {}
        if model is not None:
            scripts = {n: keras_model.model_script_of(name, n, m)
                       for n, m in keras_model.models_for(name, model).items()}
        self._page = page.page(name, values, scripts).encode("utf-8")
        super().__init__(demo=name, title=entry["title"], options=values, height=height)
        self.on_msg(self._on_message)

    @traitlets.validate("drawing")
    def _valid_drawing(self, proposal: Any) -> np.ndarray | None:
        return None if proposal["value"] is None else drawing_array(proposal["value"])

    def _on_message(self, widget: Any, content: dict[str, Any], buffers: list[memoryview]) -> None:
        kind = content.get("kind")
        if kind == "page":
            self.send({"kind": "page"}, [self._page])
        elif kind == "weights":
            self.weights = _weights(content["networks"], buffers)
        elif kind == "refused":
            size, limit = content["bytes"] / 1e6, self.max_message_bytes / 1e6
            self.refused = (f"Refused: the {content['what']} ({size:.1f} MB) are more than a message to the "
                            f"kernel may carry ({limit:.1f} MB).")

    def __repr__(self) -> str:
        return f"<cnn_demos.Demo {self.demo!r}: {self.title}>"

    def _mimebundle(self) -> dict[str, Any]:
        data, _ = self._repr_mimebundle_()
        return data


def _weights(networks: list[dict[str, Any]], buffers: list[memoryview]) -> Any:
    """Each network's weights as Keras' get_weights() gives them (arrays in its order, for
    set_weights); a list for a demo with one network, else a dict by network name."""
    found, chunks = {}, iter(buffers)
    for network in networks:
        found[network["name"]] = [np.frombuffer(bytes(next(chunks)), dtype=np.float32).reshape(shape).copy()
                                  for shape in network["shapes"]]
    return next(iter(found.values())) if len(found) == 1 else found


def in_marimo() -> bool:
    try:
        import marimo
    except ImportError:
        return False
    return marimo.running_in_notebook()


def show(name: str, *, model: Any = None, height: int = 0, **options: Any) -> Any:
    """The demo, shown in the notebook, and returned to read and set (see Demo)."""
    widget = Demo(name, model=model, height=height, **options)
    if in_marimo():
        import marimo

        element = marimo.ui.anywidget(widget)  # reactive: a cell that reads it runs again on a change
        marimo.output.append(element)
        return element
    if execution_count() is not None:
        from IPython.display import display

        display(widget)
        widget._shown()
    return widget
