"""A model's training snapshots (builder/train/snapshots.py) as a classic script for the page.

Each snapshot: its epoch, its held-out accuracy (measured at build time with these quantised
weights) and, per layer, each tensor's shape, minimum, step and uint8 values in base64. The
page turns them back into floats (value * step + min) and sets them on the loaded model.
"""

import base64
from pathlib import Path

from builder.for_readers.classic_script import write_classic_script
from builder.train import snapshots


def write_script(name: str, train_folder: Path, out: Path) -> bool:
    """Write the script; False when the model kept no snapshots."""
    loaded = snapshots.load(train_folder)
    if loaded is None:
        return False
    index, arrays = loaded
    kept = []
    for snap in index:
        layers = [{"layer": layer["layer"],
                   "tensors": [{"shape": t["shape"], "min": t["min"], "step": t["step"],
                                "data": base64.b64encode(arrays[t["array"]].tobytes()).decode("ascii")}
                               for t in layer["tensors"]]}
                  for layer in snap["layers"]]
        kept.append({"epoch": snap["epoch"], "held_out_accuracy": snap["held_out_accuracy"],
                     "layers": layers})
    write_classic_script(out, "CNN_DEMOS_SNAPSHOTS", kept, "the weights kept during training", name)
    return True
