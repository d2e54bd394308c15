"""The held-out digits a model misreads, found at build time for the draw-a-digit page.

The model is the trained one with the weights the browser gets (float16 rounded, when the
export quantises to float16), run on the build's held-out split. The page loads the list as a
classic script (file:// pages cannot fetch): each mistake's pixels, its label and the top three
answers with their probabilities.
"""

import base64
from pathlib import Path
from typing import Any

import numpy as np

from builder.data import Dataset
from builder.for_readers.classic_script import write_classic_script

MOST = 48  # the page shows the most confident mistakes first; more would only add bytes
TOP = 3


def find(model, dataset: Dataset, quantize: str | None) -> dict[str, Any]:
    if quantize == "float16":
        model.set_weights([w.astype(np.float16).astype(np.float32) for w in model.get_weights()])
    x = dataset.x_test.astype(np.float32)[..., None] / 255.0
    probs = model.predict(x, batch_size=500, verbose=0)
    if isinstance(probs, list):
        probs = probs[-1]
    answers = probs.argmax(axis=1)
    wrong = np.flatnonzero(answers != dataset.y_test)
    wrong = wrong[np.argsort(-probs[wrong, answers[wrong]], kind="stable")]
    items = []
    for i in wrong[:MOST]:
        order = np.argsort(-probs[i], kind="stable")[:TOP]
        items.append({
            "index": int(i),
            "label": int(dataset.y_test[i]),
            "top": [[int(c), round(float(probs[i, c]), 4)] for c in order],
            "pixels": base64.b64encode(dataset.x_test[i].astype(np.uint8).tobytes()).decode("ascii"),
        })
    return {"held_out_examples": int(len(x)), "wrong": int(len(wrong)), "shown": items}


def write_script(name: str, mistakes: dict[str, Any], out: Path) -> None:
    write_classic_script(out, "CNN_DEMOS_MISTAKES", mistakes, "the trained model and the held-out split",
                         name)
