"""The draw-a-digit recognizer in headless Chromium from the unzipped zip (file://): time from
opening the page to its first prediction, and the latency of one prediction (preprocessing a
drawn 280x280 canvas + the network) after warm-up."""

import statistics
import sys
import time

import numpy as np

from common import ROOT, Context, Figure

sys.path.insert(0, str(ROOT / "tests"))
from browser import draw_strokes, held_out_accuracy, ink_strokes, open_page  # noqa: E402

AREA = "recognizer"
SEL = '[data-cnn-demo="draw-a-digit"]'


def run(ctx: Context) -> list[Figure]:
    from builder.cache import Cache
    from builder.data import load_dataset

    dataset = load_dataset(None, ctx.root / "node_modules", Cache(ctx.work / "cache"))
    url = ctx.page_url("draw-a-digit.html")
    opens = []
    for _ in range(3):
        started = time.perf_counter()
        watched = open_page(ctx.browser(), url)
        watched.page.wait_for_selector(f'{SEL}[data-demo-state="ready"]', timeout=120_000)
        opens.append(time.perf_counter() - started)
        backend = watched.page.evaluate("tf.getBackend()")
        watched.page.context.close()

    watched = open_page(ctx.browser(), url)
    page = watched.page
    page.wait_for_selector(f'{SEL}[data-demo-state="ready"]', timeout=120_000)
    digit = int(np.flatnonzero(dataset.y_test == 5)[0])
    draw_strokes(page, f"{SEL} [data-role='pad']", ink_strokes(dataset.x_test[digit]))
    latencies = page.evaluate(
        """async (selector) => {
            const model = await CnnDemos.loadModel('recognizer');
            const pad = document.querySelector(selector);
            const times = [];
            for (let i = 0; i < 60; i++) {
                const t = performance.now();
                CnnDemos.predictOne(model, CnnDemos.mnist.fromCanvas(pad));
                times.push(performance.now() - t);
            }
            return times.slice(10);
        }""", f"{SEL} [data-role='pad']")
    in_browser = held_out_accuracy(page, "recognizer", dataset.x_test, dataset.y_test)
    page.context.close()
    return [
        Figure(AREA, "held-out accuracy in the browser (exported weights)", round(in_browser, 4), "",
               "higher", f"{len(dataset.y_test)} digits, backend {backend}"),
        Figure(AREA, "open page to first prediction (file://)", round(statistics.median(opens), 2),
               "s", "lower", f"median of 3, backend {backend}"),
        Figure(AREA, "prediction latency (preprocess + network)", round(statistics.median(latencies), 2),
               "ms", "lower", f"median of {len(latencies)}, backend {backend}"),
    ]
