"""Lost graphics. A Chromium started with WebGL disabled (--disable-webgl, as on a machine
without a usable graphics driver): every page with a demo reaches its ready state with no
error, TF.js runs on the CPU, and each 3D view says it cannot run while the rest of its page
works. A WebGL context lost (WEBGL_lose_context) on the 3D page and on the TF.js pages that run
on WebGL, while predicting and while training: the page says why and starts again on the CPU
(model-store.js), or, for the 3D view's own context, draws again once the browser restores it.
"""

import pytest

from browser import ALL_READY, ANY_FAILED, CHROMIUM, CHROMIUM_ARGS, open_page, wait_until
from test_storage import demo_pages
from test_tensorspace import NO_WEBGL

pytestmark = pytest.mark.slow
THREE_D = {"lenet-3d.html": "tensorspace-lenet", "lenet-3d-training.html": "tensorspace-lenet-training"}


@pytest.fixture(scope="module")
def without_webgl(browser):
    chromium = browser.browser_type.launch(executable_path=CHROMIUM,
                                           args=[*CHROMIUM_ARGS, "--disable-webgl", "--disable-webgl2"])
    yield chromium
    chromium.close()


def test_without_webgl_2d_demos_work_and_3d_says_it_cannot(without_webgl, built_site):
    """--disable-webgl turns WebGL off for canvases in the page, but Chromium 156 still hands
    OffscreenCanvas a WebGL context (TF.js would use it): that is refused as well, as on a machine
    with no usable driver."""
    pages = demo_pages(built_site.unzipped)
    for name in pages:
        watched = open_page(without_webgl, "about:blank")
        page = watched.page
        page.context.add_init_script(NO_WEBGL)
        page.goto((built_site.unzipped / name).as_uri())
        assert page.evaluate("!document.createElement('canvas').getContext('webgl')")
        wait_until(page, f"{ALL_READY} || {ANY_FAILED}", timeout=180)
        assert not page.evaluate(ANY_FAILED), name
        if page.evaluate("typeof tf !== 'undefined'"):
            assert page.evaluate("tf.getBackend()") == "cpu", name
        if name in THREE_D:
            root = f'[data-cnn-demo="{THREE_D[name]}"]'
            assert page.get_attribute(root, "data-view") == "unavailable", name
            assert "needs WebGL" in page.inner_text(f"{root} [data-role='space-message']")
        watched.assert_clean()
        page.context.close()


LENET = '[data-cnn-demo="tensorspace-lenet"]'
# Lose TF.js's own WebGL context (its canvas is not in the page), or the 3D view's.
LOSE_TFJS = "() => tf.backend().gpgpu.gl.getExtension('WEBGL_lose_context').loseContext()"
LOSE_3D = """([root, restoreAfter]) => {
  const gl = document.querySelector(root + ' [data-role="space"] canvas').getContext('webgl');
  const lose = gl.getExtension('WEBGL_lose_context');
  lose.loseContext();
  if (restoreAfter !== null) setTimeout(() => lose.restoreContext(), restoreAfter);
}"""


def ready_on(page, root: str) -> None:
    page.wait_for_selector(f'{root}[data-demo-state="ready"]', timeout=180_000)


def restarted_on_cpu(page, root: str) -> None:
    """The page started again with TF.js on the CPU, saying why in each demo."""
    page.wait_for_url("**cnn-demos-backend=cpu**", timeout=60_000)
    ready_on(page, root)
    assert page.evaluate("tf.getBackend()") == "cpu"
    assert page.get_attribute(root, "data-graphics") == "cpu"
    assert "started again on the CPU" in page.inner_text(f"{root} .cnn-graphics-notice")


def pick_sample(page, index: int) -> str:
    page.eval_on_selector(LENET, "r => { delete r.dataset.predicted; }")
    page.locator(f"{LENET} button[data-sample]").nth(index).click()
    wait_until(page, f"document.querySelector('{LENET}').dataset.predicted !== undefined", timeout=60)
    return page.inner_text(f"{LENET} [data-role='result']")


TRAINING = '[data-cnn-demo="tensorspace-lenet-training"]'


def show_digit(page, index: int) -> float:
    """Choose the held-out digit the training page's network reads (and shows in 3D); returns
    the sum of the ten probabilities it shows, in percent (about 100 for a working network;
    TF.js on a lost context answered zeros)."""
    digit = f'{TRAINING} [data-role="digit"]'
    page.eval_on_selector(TRAINING, "r => { delete r.dataset.predicted; }")
    page.select_option(digit, page.eval_on_selector(digit, f"s => s.options[{index}].value"))
    wait_until(page, f"document.querySelector('{TRAINING}').dataset.predicted !== undefined", timeout=60)
    shown = page.eval_on_selector_all(f'{TRAINING} [data-role="digits"] li span',
                                      "spans => spans.map(e => e.textContent)")
    return sum(float(text.rstrip("%")) for text in shown)


def test_lost_context_while_predicting_restarts_on_the_cpu(browser, built_site):
    """Pages whose demos only predict run TF.js on the CPU (their bundle has no WebGL); the
    training page's network reads a chosen digit on WebGL before and while it trains."""
    watched = open_page(browser, (built_site.unzipped / "lenet-3d-training.html").as_uri())
    page = watched.page
    ready_on(page, TRAINING)
    assert page.evaluate("tf.getBackend()") == "webgl"
    assert 99 <= show_digit(page, 1) <= 101
    # A reading asked for in the same task as the loss, before the page can start again.
    page.evaluate(f"""() => {{ ({LOSE_TFJS})();
        const digit = document.querySelector('{TRAINING} [data-role="digit"]');
        digit.value = digit.options[2].value;
        digit.dispatchEvent(new Event('change', {{bubbles: true}})); }}""")
    restarted_on_cpu(page, TRAINING)
    assert all(99 <= show_digit(page, i) <= 101 for i in range(3))
    watched.assert_clean()


def test_a_3d_view_whose_context_comes_back_draws_again(browser, built_site):
    watched = open_page(browser, (built_site.unzipped / "lenet-3d.html").as_uri())
    page = watched.page
    ready_on(page, LENET)
    page.evaluate(LOSE_3D, [LENET, 1000])
    page.wait_for_selector(f'{LENET}[data-view="lost"]', timeout=10_000)
    assert "waiting for it to come back" in page.inner_text(f"{LENET} [data-role='space-lost']")
    page.wait_for_selector(f'{LENET}[data-view="ready"]', timeout=10_000)
    assert "cnn-demos-backend" not in page.url  # restored in place, no restart
    assert "as a 2" in pick_sample(page, 2)
    watched.assert_clean()


def test_a_3d_view_whose_context_stays_lost_restarts_the_page(browser, built_site):
    watched = open_page(browser, (built_site.unzipped / "lenet-3d.html").as_uri())
    page = watched.page
    ready_on(page, LENET)
    page.evaluate(LOSE_3D, [LENET, None])
    restarted_on_cpu(page, LENET)
    assert page.get_attribute(LENET, "data-view") == "ready"  # a new context for the new page
    watched.assert_clean()


@pytest.mark.parametrize("page_name, demo", [("lenet-3d-training.html", "tensorspace-lenet-training"),
                                             ("mlp-vs-cnn.html", "mlp-vs-cnn")])
def test_lost_context_while_training_restarts_on_the_cpu(browser, built_site, page_name, demo):
    root = f'[data-cnn-demo="{demo}"]'
    watched = open_page(browser, (built_site.unzipped / page_name).as_uri())
    page = watched.page
    ready_on(page, root)
    assert page.evaluate("tf.getBackend()") == "webgl"
    page.click(f'{root} [data-action="start"]')
    page.wait_for_selector(f'{root}[data-training="running"]', timeout=60_000)
    page.wait_for_timeout(3000)
    page.evaluate(LOSE_TFJS)
    restarted_on_cpu(page, root)
    page.click(f'{root} [data-action="start"]')  # training again, on the CPU
    page.wait_for_selector(f'{root}[data-training="running"]', timeout=60_000)
    page.wait_for_timeout(5000)
    assert page.get_attribute(root, "data-training") == "running"
    page.click(f'{root} [data-action="stop"]')
    watched.assert_clean()


def test_every_page_on_webgl_restarts_on_the_cpu_when_its_context_is_lost(browser, built_site):
    restarted = []
    for name in demo_pages(built_site.unzipped):
        watched = open_page(browser, (built_site.unzipped / name).as_uri())
        page = watched.page
        wait_until(page, ALL_READY, timeout=180)
        if page.evaluate("typeof tf === 'undefined' || tf.getBackend() !== 'webgl'"):
            page.context.close()
            continue
        page.evaluate(LOSE_TFJS)
        page.wait_for_url("**cnn-demos-backend=cpu**", timeout=60_000)
        wait_until(page, ALL_READY, timeout=180)
        assert page.evaluate("tf.getBackend()") == "cpu", name
        roots = page.locator("[data-cnn-demo]")
        for i in range(roots.count()):
            assert "started again on the CPU" in roots.nth(i).locator(".cnn-graphics-notice").inner_text()
        watched.assert_clean()
        restarted.append(name)
        page.context.close()
    # Every page with a demo that trains: the others' TF.js has no WebGL backend at all.
    assert restarted == ["guided-training.html", "lenet-3d-training.html", "mlp-vs-cnn.html"], restarted
