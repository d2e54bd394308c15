"""The ConvNetJS training lab in headless Chromium, from the unzipped offline zip (file://).

Figures: examples trained per second as the page runs them (time-sliced, ~10 ms of training
per animation frame), forward and backward milliseconds per example as ConvNetJS reports
them, seconds from the start of training to 90% validation accuracy (capped), and the bytes
of the dataset script every training demo shares.
"""

import re
import time

from common import Context, Figure

AREA = "convnetjs"
PAGE = "training-lab.html"
ROOT_SEL = '[data-cnn-demo="convnetjs-mnist"]'
CAP_SECONDS = 240.0  # give up waiting for 90% after this long, and report the cap
WARM_UP_SECONDS = 5.0  # the rate is measured after this much training
RATE_SECONDS = 25.0  # ... over at least this long
FULL_WINDOW = 200  # held-out digits in the validation window when it is full


def _ms(text: str) -> float:
    found = re.search(r"[\d.]+", text)
    return float(found.group()) if found else float("nan")


def run(ctx: Context) -> list[Figure]:
    from browser import open_page

    site = ctx.unzipped
    assert site is not None, "bench_build makes the site first"
    watched = open_page(ctx.browser(), (site / PAGE).as_uri())
    page = watched.page
    page.wait_for_selector(f'{ROOT_SEL}[data-demo-state="ready"]', timeout=120_000)
    page.locator(ROOT_SEL).scroll_into_view_if_needed()  # it trains once on screen
    page.wait_for_selector(f'{ROOT_SEL}[data-training="running"]', timeout=30_000)
    started = time.perf_counter()

    def state() -> dict[str, str]:
        return page.evaluate(f"() => ({{...document.querySelector('{ROOT_SEL}').dataset}})")

    warm: tuple[float, int] | None = None
    reached: float | None = None
    while True:
        now = time.perf_counter() - started
        d = state()
        seen = int(d.get("examplesSeen", "0"))
        if warm is None and now >= WARM_UP_SECONDS:
            warm = (now, seen)
        full = int(d.get("validationCount", "0")) >= FULL_WINDOW
        if reached is None and full and float(d.get("validationAccuracy", "0")) >= 0.9:
            reached = now
        if (reached is not None or now >= CAP_SECONDS) and now >= RATE_SECONDS:
            break
        time.sleep(0.25)
    assert warm is not None
    rate = (seen - warm[1]) / (now - warm[0])
    forward = _ms(page.inner_text(f"{ROOT_SEL} [data-figure='forward-ms']"))
    backward = _ms(page.inner_text(f"{ROOT_SEL} [data-figure='backward-ms']"))
    watched.assert_clean()
    page.context.close()

    data_bytes = (site / "cnn-demos" / "data" / "sample-data.js").stat().st_size
    to_90 = reached if reached is not None else CAP_SECONDS
    return [
        Figure(AREA, "examples trained per second", round(rate, 1), "examples/s", "higher",
               f"in the page, after {WARM_UP_SECONDS:.0f} s of warm-up"),
        Figure(AREA, "forward pass", forward, "ms/example", "lower", "ConvNetJS's own timing"),
        Figure(AREA, "backward pass", backward, "ms/example", "lower", "ConvNetJS's own timing"),
        Figure(AREA, "seconds to 90% validation accuracy", round(to_90, 1), "s", "lower",
               f"over the last {FULL_WINDOW} held-out digits"
               + ("" if reached is not None else f"; NOT reached, capped at {CAP_SECONDS:.0f} s")),
        Figure(AREA, "dataset script", data_bytes, "bytes", "lower",
               "cnn-demos/data/sample-data.js"),
    ]
