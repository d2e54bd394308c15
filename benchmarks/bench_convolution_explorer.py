"""The convolution explorer playing, in headless Chromium from the unzipped offline zip (file://).

Figure: frames per second while playing, that is window steps drawn per second (each step
redraws the input with its window, the output map and the multiply-adds), at the fastest
speed (one step per screen refresh, so 60 is the ceiling on a 60 Hz display), on a held-out
digit (28 x 28, a 3 x 3 filter: 676 places) and on the 5 x 5 patch with a 5 x 5 filter and
"same" padding (the biggest cells with numbers drawn in them).
"""

import time

from common import Context, Figure

AREA = "convolution-explorer"
PAGE = "cnns-and-mlps.html"
ROOT = '[data-cnn-demo="convolution-explorer"]'
WARM_UP_SECONDS = 0.5
MEASURE_SECONDS = 4.0


# Plays again whenever the window reaches the end, so a small map can be measured as long as a
# big one (Play on the last place starts from the first).
LOOP_JS = """([root, on]) => {
  const el = document.querySelector(root);
  if (window.__benchLoop) window.__benchLoop.disconnect();
  window.__benchLoop = null;
  if (!on) return;
  window.__benchLoop = new MutationObserver(() => {
    if (el.dataset.playing === 'false') el.querySelector('[data-action="play"]').click();
  });
  window.__benchLoop.observe(el, {attributes: true, attributeFilter: ['data-playing']});
}"""


def _steps_per_second(page) -> float:
    """Play from the first place, on a loop; steps drawn per second after a short warm-up."""
    page.click(f'{ROOT} [data-action="restart"]')
    page.evaluate(LOOP_JS, [ROOT, True])
    page.click(f'{ROOT} [data-action="play"]')
    time.sleep(WARM_UP_SECONDS)
    read = f"[Number(document.querySelector('{ROOT}').dataset.draws), performance.now()]"
    draws0, t0 = page.evaluate(read)
    time.sleep(MEASURE_SECONDS)
    draws1, t1 = page.evaluate(read)
    page.evaluate(LOOP_JS, [ROOT, False])
    if page.get_attribute(ROOT, "data-playing") == "true":
        page.click(f'{ROOT} [data-action="play"]')
    return (draws1 - draws0) / ((t1 - t0) / 1000)


def run(ctx: Context) -> list[Figure]:
    from browser import open_page

    assert ctx.unzipped is not None, "bench_build makes the site first"
    watched = open_page(ctx.browser(), (ctx.unzipped / PAGE).as_uri())
    page = watched.page
    page.wait_for_selector(f'{ROOT}[data-demo-state="ready"]', timeout=120_000)
    page.locator(f'{ROOT} [data-role="input-view"]').scroll_into_view_if_needed()
    page.select_option(f'{ROOT} [data-setting="speed"]', "0")

    page.select_option(f'{ROOT} [data-setting="input"]', index=1)  # the first held-out digit
    digit = _steps_per_second(page)

    page.select_option(f'{ROOT} [data-setting="input"]', "patch")
    page.select_option(f'{ROOT} [data-setting="size"]', "5")
    page.select_option(f'{ROOT} [data-setting="padding"]', "same")
    patch = _steps_per_second(page)
    watched.assert_clean()
    page.context.close()
    note = f"one step per screen refresh, over {MEASURE_SECONDS:.0f} s after {WARM_UP_SECONDS} s; file://"
    return [
        Figure(AREA, "frames per second playing a digit (28 x 28, 3 x 3 filter)", round(digit, 1),
               "frames/s", "higher", note),
        Figure(AREA, "frames per second playing the 5 x 5 patch (5 x 5 filter, same padding)",
               round(patch, 1), "frames/s", "higher", note + "; played again at each end"),
    ]
