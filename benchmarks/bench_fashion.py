"""A full-size build on another dataset: Fashion-MNIST from Debian's dataset-fashion-mnist
(60,000 training and 10,000 test images), from an empty cache, as an author would run it.

Figures: the clean build's wall time, each model's accuracy on Fashion-MNIST's own test split
and training time, and the in-browser data script's size. Issue 16's targets on 2 cores:
the build in 6 minutes or less, the recogniser at 92.0% or more, LeNet at 90.0% or more.

    .venv/bin/python benchmarks/run.py --only fashion
"""

import json
import os
import re
import subprocess
import sys
import time
from pathlib import Path

from common import Context, Figure

AREA = "fashion-mnist"
FASHION = Path("/usr/share/datasets/fashion-mnist")


def run(ctx: Context) -> list[Figure]:
    if not FASHION.is_dir():
        print(f"   skipped: {FASHION} is missing (apt-get install dataset-fashion-mnist)")
        return []
    out, cache = ctx.work / "fashion", ctx.work / "fashion-cache"
    started = time.perf_counter()
    build = subprocess.run(
        [sys.executable, "-m", "builder.cli", "build", "--data", str(FASHION),
         "--site-dir", str(out / "site"), "--zip", str(out / "site.zip")],
        cwd=ctx.root, env={**os.environ, "CNN_DEMOS_CACHE": str(cache)},
        check=True, capture_output=True, text=True)
    seconds = time.perf_counter() - started
    log = build.stdout + build.stderr
    shipped = re.search(r"in-browser data: ([\d,]+) training and ([\d,]+) held-out", log)
    figures = [
        Figure(AREA, "clean full-size build (empty cache)", round(seconds, 1), "s", "lower",
               f"target <= 360 s; {os.cpu_count()} cores"),
        Figure(AREA, "in-browser data script", (out / "site" / "cnn-demos" / "data" / "sample-data.js")
               .stat().st_size, "bytes", "lower",
               f"{shipped.group(1)} training + {shipped.group(2)} held-out images" if shipped else ""),
        Figure(AREA, "offline zip", (out / "site.zip").stat().st_size, "bytes", "lower"),
    ]
    targets = {"recognizer": 0.92, "lenet": 0.90}
    for metrics_file in sorted((cache / "train").glob("*/metrics.json")):
        m = json.loads(metrics_file.read_text())
        figures += [
            Figure(AREA, f"{m['name']} test accuracy", round(m["held_out_accuracy"], 4), "", "higher",
                   f"on {m['held_out_examples']:,} test images; target >= {targets.get(m['name'], 0):.2f}"),
            Figure(AREA, f"{m['name']} training time", m["training_seconds"], "s", "lower",
                   f"{m['epochs']} epochs of {m['train_examples']:,} images"),
        ]
    return figures
