"""Every page with a demo, opened from the unzipped zip (file://) in a fresh browser context:
seconds until every demo on it is ready (median of 3)."""

import statistics
import time

from browser import ALL_READY, open_page
from common import Context, Figure

AREA = "pages"
RUNS = 3


def run(ctx: Context) -> list[Figure]:
    assert ctx.unzipped is not None, "bench_build must run first"
    figures = []
    for page in sorted(ctx.unzipped.glob("*.html")):
        if "data-cnn-demo=" not in page.read_text():
            continue
        seconds, demos = [], []
        for _ in range(RUNS):
            started = time.perf_counter()
            watched = open_page(ctx.browser(), page.as_uri())
            watched.page.wait_for_function(ALL_READY, timeout=180_000)
            seconds.append(time.perf_counter() - started)
            demos = watched.page.eval_on_selector_all(
                "[data-cnn-demo]", "els => els.map(e => e.dataset.cnnDemo)")
            watched.assert_clean()
            watched.page.context.close()
        figures.append(Figure(AREA, f"{page.name}: open to ready", round(statistics.median(seconds), 2),
                              "s", "lower", f"file://, median of {RUNS}; {', '.join(demos)}"))
    return figures
