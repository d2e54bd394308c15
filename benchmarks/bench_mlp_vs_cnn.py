"""The mlp-vs-cnn demo in headless Chromium, from the unzipped offline zip (file://).

Figures: seconds from pressing Start to the end of the default training (both networks, every
batch, the held-out measurements along the way); the time each network spent learning its
batches (the page measures it, network by network); and both networks' accuracy on every
held-out digit, not moved and moved by 4 pixels, as the page measured it.
"""

import time

from common import Context, Figure

AREA = "mlp-vs-cnn"
PAGE, ROOT = "mlp-vs-cnn.html", '[data-cnn-demo="mlp-vs-cnn"]'
SHIFT = 4
TRAINING_MS = 900_000
TEST_MS = 300_000


def run(ctx: Context) -> list[Figure]:
    from browser import open_page

    watched = open_page(ctx.browser(), ctx.page_url(PAGE))
    page = watched.page
    page.wait_for_selector(f'{ROOT}[data-demo-state="ready"]', timeout=120_000)

    def attr(name: str) -> str:
        return page.get_attribute(ROOT, f"data-{name}") or ""

    def wait(condition: str, timeout: int) -> None:
        page.wait_for_function(
            f"(() => {{ const d = document.querySelector('{ROOT}').dataset; return {condition}; }})()",
            timeout=timeout, polling=50)

    page.click(f"{ROOT} [data-action='start']")
    started = time.perf_counter()
    wait("d.training === 'done'", TRAINING_MS)
    seconds = time.perf_counter() - started
    batches = int(attr("batches"))
    wait("d.testedShift === '0' && !d.testing", TEST_MS)
    unmoved = float(attr("mlp-accuracy")), float(attr("cnn-accuracy"))
    page.locator(f"{ROOT} [data-role='shift']").fill(str(SHIFT))
    wait(f"d.testedShift === '{SHIFT}' && !d.testing", TEST_MS)
    moved = float(attr("mlp-accuracy")), float(attr("cnn-accuracy"))
    learning = float(attr("mlp-seconds")), float(attr("cnn-seconds"))
    parameters = int(attr("mlp-parameters")), int(attr("cnn-parameters"))
    batch = page.evaluate("CnnDemos.MlpVsCnn.SETTINGS.batch")
    watched.assert_clean()
    page.context.close()

    figures = [Figure(AREA, "default training: Start to the end", round(seconds, 1), "s", "lower",
                      f"both networks, {batches} batches of {batch}, file://")]
    for i, name in enumerate(("MLP", "CNN")):
        figures += [
            Figure(AREA, f"{name}: time spent learning", round(learning[i], 1), "s", "lower",
                   f"{batches} batches, {parameters[i]:,} weights and biases"),
            Figure(AREA, f"{name}: held-out accuracy", round(unmoved[i], 4), "fraction", "higher",
                   "every held-out digit, not moved"),
            Figure(AREA, f"{name}: held-out accuracy, moved {SHIFT} px", round(moved[i], 4), "fraction",
                   "higher", "every held-out digit, moved right, down, left or up"),
        ]
    return figures
