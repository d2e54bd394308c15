"""A restless reader cannot break a demo (tests/monkey.py): every demo's own page, from the
unzipped zip, driven at random for SECONDS (benchmarks/bench_monkey.py: 60 s each) with a seed
per demo. After it: no console error, uncaught exception or unhandled rejection; the demo is
not in its error state; TF.js holds at most TENSOR_MARGIN more tensors than before (a model
built or trained on the way, with its optimizer's state) and the JS heap after a forced
collection at most HEAP_MARGIN more; and a demo that reads a drawing reads a held-out digit
as it did before. A failure prints the seed and every action.
"""

import os
import zlib
from pathlib import Path

import numpy as np
import pytest

import monkey
from test_hostile_files import digit_png

pytestmark = pytest.mark.slow
ROOT = Path(__file__).resolve().parents[1]
DEMOS = sorted(p.name for p in (ROOT / "demos").iterdir() if (p / "demo.json").is_file())
SECONDS = float(os.environ.get("CNN_DEMOS_MONKEY_SECONDS", 8))
# Five times the most seen in 60 s runs (benchmarks/bench_monkey.py, 7 December 2026): 21 tensors
# (new-symbol's fine-tuning and its optimizer), 4.6 MB of heap (mlp-vs-cnn's charts).
TENSOR_MARGIN = 100
HEAP_MARGIN = 25e6  # bytes
READS = ("draw-a-digit", "why-it-decides", "one-step", "tensorspace-lenet")  # a pad read at once
FILES = {"digit.png": digit_png(), "truncated.png": digit_png()[:60], "notes.json": b'{"layers": 3}'}


def seed_of(demo: str) -> int:
    return int(os.environ.get("CNN_DEMOS_MONKEY_SEED") or zlib.crc32(demo.encode()))


@pytest.mark.parametrize("demo", DEMOS)
def test_a_restless_reader_cannot_break_the_demo(browser, built_site, dataset, demo):
    watched = monkey.open_demo(browser, built_site.unzipped, demo)
    page = watched.page
    digit = dataset.x_test[int(np.flatnonzero(dataset.y_test == 2)[0])]
    before = monkey.reads(page, demo, digit) if demo in READS else None
    result = monkey.run(watched, demo, SECONDS, seed_of(demo), FILES)
    report = result.replay()
    assert not result.errors and not result.rejections, (result.errors, result.rejections, report)
    assert not result.failed, report
    if result.tensors[0] is not None:
        assert result.tensors[1] <= result.tensors[0] + TENSOR_MARGIN, (result.tensors, report)
    assert result.heap[1] <= result.heap[0] + HEAP_MARGIN, (result.heap, report)
    if before is not None:
        assert monkey.reads(page, demo, digit) == before, report
