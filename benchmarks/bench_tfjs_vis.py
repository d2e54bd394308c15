"""The guided TensorFlow.js walkthrough: one default training run in headless Chromium.

Opens guided-training.html from the unzipped zip (file://), presses steps 1 to 6 with the
page's default settings, and reads the figures the page itself reports (data-* attributes
on the demo's root): training speed, held-out accuracy, and how long the run took.
"""

import time

from browser import open_page
from common import Context, Figure

AREA = "tfjs_vis"
ROOT = '[data-cnn-demo="tfjs-vis-mnist"]'
RUN_LIMIT_MS = 3_600_000  # software WebGL on a shared machine can be very slow


def _press(page, name: str) -> None:
    page.click(f'{ROOT} [data-action="{name}"]')
    done = f'{ROOT} [data-step="{name}"]'
    page.wait_for_selector(f'{done}[data-step-state="done"], {done}[data-step-state="error"]',
                           timeout=RUN_LIMIT_MS)
    if page.get_attribute(done, "data-step-state") != "done":
        result = page.locator(f"{done} [data-role=result]").inner_text()
        raise RuntimeError(f"step {name} failed: {result}")


def run(ctx: Context) -> list[Figure]:
    watched = open_page(ctx.browser(), ctx.page_url("guided-training.html"))
    page = watched.page
    try:
        page.wait_for_selector(f'{ROOT}[data-demo-state="ready"]', timeout=120_000)
        backend = page.get_attribute(ROOT, "data-backend") or "?"
        settings = {name: page.input_value(f'{ROOT} [data-setting="{name}"]')
                    for name in ("trainExamples", "epochs", "batchSize", "learningRate")}
        for name in ("openVisor", "loadData", "showExamples", "buildModel"):
            _press(page, name)
        start = time.perf_counter()
        _press(page, "train")
        seconds = time.perf_counter() - start
        _press(page, "perClassAccuracy")
        speed = float(page.get_attribute(ROOT, "data-examples-per-second") or 0)
        accuracy = float(page.get_attribute(ROOT, "data-held-out-accuracy") or 0)
        watched.assert_clean()
    finally:
        page.context.close()
    run_note = (f"{settings['trainExamples']} digits x {settings['epochs']} epochs, batch "
                f"{settings['batchSize']}, lr {settings['learningRate']}, {backend}")
    return [
        Figure(AREA, "training speed", speed, "examples/s", "higher",
               f"{backend} backend, with validation and live charts"),
        Figure(AREA, "held-out accuracy, default run", accuracy, "fraction", "higher",
               f"2,000 held-out digits; {run_note}"),
        Figure(AREA, "default training run", seconds, "s", "lower", run_note),
    ]
