"""Storage under pressure: with the browser's storage refused (localStorage, sessionStorage and
IndexedDB throw a SecurityError, as in a sandboxed frame or a browser that blocks site data)
every demo reaches its ready state and none of our scripts throws, and the walkthrough says it
cannot keep a model; with storage full (web storage filled to its limit, every IndexedDB write
failing with QuotaExceededError) saving a model says why, the model in use stays, and a drawing
is read as before (just not kept for the next page). Pages from the unzipped zip (file://).
"""

import numpy as np
import pytest

from browser import ALL_READY, ANY_FAILED, draw_strokes, ink_strokes, open_page, wait_until
from test_draw_a_digit import PAD, ROOT_SEL, predicted, ready
from test_tfjs_vis_mnist import PAGE, ROOT, SAVE_MODEL, step, wait_for_text

pytestmark = pytest.mark.slow

# Storage that throws as a browser refusing it does.
REFUSE = """(() => {
  const refuse = () => { throw new DOMException('The page may not use storage.', 'SecurityError'); };
  for (const name of ['localStorage', 'sessionStorage', 'indexedDB']) {
    Object.defineProperty(window, name, { get: refuse, configurable: true });
  }
})();"""
# Web storage filled until it refuses a single character more; IndexedDB, once
# window.__storageFull is set, failing every write as a full disk does: the request's error
# event with a QuotaExceededError. (Chromium's own quota, lowered through the DevTools
# protocol's Storage.overrideQuotaForOrigin, refused a 2 MB value but not the walkthrough's
# 31 KB model, which IndexedDB keeps inline.)
FILL = """() => {
  for (const storage of [localStorage, sessionStorage]) {
    let n = 0;
    for (let size = 1 << 20; size >= 1; size = Math.floor(size / 2)) {
      try {
        for (;;) storage.setItem('filler-' + n++, 'x'.repeat(size));
      } catch (e) { /* full at this size: try a smaller one */ }
    }
  }
  window.__storageFull = true;
}"""
FULL_INDEXEDDB = """(() => {
  for (const method of ['put', 'add']) {
    const original = IDBObjectStore.prototype[method];
    IDBObjectStore.prototype[method] = function () {
      if (!window.__storageFull) return original.apply(this, arguments);
      const request = { error: new DOMException('The quota has been exceeded.', 'QuotaExceededError'),
                        result: undefined, onsuccess: null, onerror: null, transaction: this.transaction };
      setTimeout(() => { if (request.onerror) request.onerror({ target: request, type: 'error' }); });
      return request;
    };
  }
})();"""


def demo_pages(site) -> list[str]:
    return sorted(p.name for p in site.glob("*.html") if "data-cnn-demo=" in p.read_text(encoding="utf-8"))


def test_every_demo_works_with_storage_refused(browser, built_site):
    """Each demo's own page (what Jupyter's sandboxed view shows) is clean. On a course page
    Material's own scripts throw as they read the palette from localStorage: outside our code,
    so there the test asks that no uncaught error comes from a file of ours."""
    course = demo_pages(built_site.unzipped)
    embeds = built_site.unzipped / "cnn-demos" / "embed"
    standalone = sorted(f"cnn-demos/embed/{p.name}" for p in embeds.glob("*.html"))
    assert len(course) >= 10 and len(standalone) >= 11  # every demo has a page of its own
    for name in standalone + course:
        watched = open_page(browser, "about:blank")
        stacks: list[str] = []
        watched.page.on("pageerror", lambda error, found=stacks: found.append(error.stack or ""))
        watched.page.context.add_init_script(REFUSE)
        watched.page.goto((built_site.unzipped / name).as_uri())
        wait_until(watched.page, f"{ALL_READY} || {ANY_FAILED}", timeout=180)
        assert not watched.page.evaluate(ANY_FAILED), name
        if name.endswith(PAGE):
            assert watched.page.get_attribute(ROOT, "data-store") == "unavailable"
            assert "cannot be kept here" in watched.page.inner_text(f'{ROOT} [data-role="keep-status"]')
        if name in standalone:
            watched.assert_clean()
        else:
            assert not [s for s in stacks if "cnn-demos/" in s], (name, stacks)
            assert set(watched.errors) <= {"uncaught: The page may not use storage."}, (name, watched.errors)
        watched.page.context.close()


def test_full_storage_keeps_demos_working_and_saving_says_why(browser, built_site, dataset):
    watched = open_page(browser, "about:blank")
    page = watched.page
    page.context.add_init_script(FULL_INDEXEDDB)
    page.goto((built_site.unzipped / PAGE).as_uri())
    page.wait_for_selector(f'{ROOT}[data-demo-state="ready"]', timeout=120_000)
    page.evaluate(SAVE_MODEL, [[28, 28, 1], 10])  # a saved model to load: the page then has one in use
    page.reload()
    page.wait_for_selector(f'{ROOT}[data-demo-state="ready"]', timeout=120_000)
    page.click(f'{ROOT} [data-action="loadModel"]')
    wait_for_text(page, "saveModel", "Loaded the model saved on")
    page.evaluate(FILL)
    page.click(f'{ROOT} [data-action="saveModel"]')
    wait_for_text(page, "saveModel", "This step failed")
    said = page.inner_text(f'{step(page, "saveModel")} [data-role="result"]')
    assert "storage for the page is full" in said and "The model in use has not changed" in said, said
    assert not page.is_disabled(f'{ROOT} [data-action="downloadModel"]')
    # A drawing on a pad is kept in sessionStorage for the next page: full, it is just not kept.
    page.goto((built_site.unzipped / "draw-a-digit.html").as_uri())
    ready(watched)
    page.evaluate("window.__storageFull = true")
    digit = dataset.x_test[int(np.flatnonzero(dataset.y_test == 4)[0])]
    page.locator(PAD).scroll_into_view_if_needed()
    draw_strokes(page, PAD, ink_strokes(digit))
    page.wait_for_function(f"document.querySelector('{ROOT_SEL}').dataset.predicted")
    assert predicted(page) == "4"
    watched.assert_clean()
