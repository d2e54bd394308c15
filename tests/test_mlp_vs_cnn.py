"""The mlp-vs-cnn demo in a real browser: the default training run, and what its page claims,
read from what the page measured; no tensor left behind; touch, pen and keyboard.

What site_src/mlp-vs-cnn.md says, as checked here: the CNN has fewer weights than the MLP, and
each batch costs it more time; trained the default way, the CNN reads more of the held-out
digits, and far more of them once they are moved by a few pixels; trained and tested on digits
whose pixels are all shuffled the same way, the MLP does about as well as on ordinary digits,
while the CNN's lead over it shrinks. The thresholds below are those
words in numbers; each run here is seeded, and any of them can fail.
"""

import functools
import json

import pytest

import browser
from browser import Watched, data, open_page
from test_keyboard import AT_READY as KEYBOARD_LIST
from test_keyboard import focused, open_demo, tab_to, tab_walk  # noqa: F401 - open_demo is a fixture

pytestmark = [pytest.mark.browser, pytest.mark.slow]
ROOT = '[data-cnn-demo="mlp-vs-cnn"]'
PAGE = "mlp-vs-cnn.html"
AT_READY = KEYBOARD_LIST["mlp-vs-cnn"]
# The default training run takes about a minute here; a busy machine can take much longer.
TRAINING_MS = 900_000
TEST_MS = 300_000  # testing both networks on every held-out digit, once or a few times
SHIFT = 4  # the shift the claim about moved digits is checked at
MLP_SHUFFLED_WITHIN = 0.04  # the MLP's accuracy on shuffled pixels, at most this far from ordinary
CNN_LEAD_MOVED = 0.10  # the CNN reads at least this much more of the moved digits than the MLP


act, role = functools.partial(browser.act, ROOT), functools.partial(browser.role, ROOT)


def wait_for(page, condition: str, timeout: int) -> None:
    """Wait until condition (JavaScript, `d` being the demo's dataset) holds."""
    page.wait_for_function(
        f"(() => {{ const d = document.querySelector('{ROOT}').dataset; return {condition}; }})()",
        timeout=timeout)


def wait_trained(page) -> None:
    """The run has ended and the tests that follow it (unmoved digits, the slider's shift) are done."""
    wait_for(page, "d.training === 'done'", TRAINING_MS)
    wait_for(page, "d.testedShift === d.shift && !d.testing && JSON.parse(d.results)[d.pixels].tested[0]",
             TEST_MS)


def results(page) -> dict:
    return json.loads(data(page, ROOT, "results"))


def tensors(page) -> int:
    return page.evaluate("tf.memory().numTensors")


def tensors_per_pair(page) -> int:
    """Tensors of one fresh pair of networks with their optimisers, counted by making one."""
    return page.evaluate("""() => {
        const before = tf.memory().numTensors;
        const made = CnnDemos.MlpVsCnn.NETWORKS.map(net => [net.build(1), tf.train.adam(0.001)]);
        const count = tf.memory().numTensors - before;
        made.forEach(([model, optimizer]) => { model.dispose(); optimizer.dispose(); });
        return count;
    }""")


def move_digits(page, shift: int) -> tuple[float, float]:
    """Set the slider; returns (MLP, CNN) accuracy on every held-out digit moved by shift."""
    page.locator(role("shift")).fill(str(shift))
    wait_for(page, f"d.testedShift === '{shift}' && !d.testing", TEST_MS)
    return float(data(page, ROOT, "mlp-accuracy")), float(data(page, ROOT, "cnn-accuracy"))


def open_ready(browser, url: str, has_touch: bool = False) -> Watched:
    watched = open_page(browser, url, has_touch=has_touch)
    watched.page.wait_for_selector(f'{ROOT}[data-demo-state="ready"]', timeout=120_000)
    return watched


def test_default_training_backs_what_the_page_claims(browser, built_site):
    watched = open_ready(browser, (built_site.unzipped / PAGE).as_uri())
    page = watched.page
    at_ready = tensors(page)
    mlp_weights = int(data(page, ROOT, "mlp-parameters"))
    cnn_weights = int(data(page, ROOT, "cnn-parameters"))
    assert cnn_weights < mlp_weights, "the page says the CNN has fewer weights"
    layers = page.locator(f"{role('cnn-layers')} li").all_text_contents()
    assert any(text.startswith("convolution, ") for text in layers)
    assert any(text.startswith("max pooling of ") for text in layers)
    assert data(page, ROOT, "batches") == "0" and data(page, ROOT, "training") == "stopped"

    # The default training: both networks, the same batches, until the last one.
    page.click(act("start"))
    assert data(page, ROOT, "training") == "running"
    assert page.is_disabled(act("start")) and page.is_enabled(act("stop"))
    wait_trained(page)
    total = int(data(page, ROOT, "batches"))
    assert total >= 100 and page.inner_text(act("start")) == "Train again"
    assert int(data(page, ROOT, "examples-seen")) == 32 * total  # batches of 32
    assert page.inner_text(role("progress")).startswith(f"Batches trained: {total} of {total}")
    ordinary = results(page)["ordinary"]["tested"]["0"]
    assert ordinary[1] > ordinary[0], f"not moved: MLP {ordinary[0]:.3f}, CNN {ordinary[1]:.3f}"
    for role_name in ("mlp-loss", "cnn-loss", "mlp-accuracy", "cnn-accuracy", "mlp-seconds", "cnn-seconds"):
        assert page.inner_text(role(role_name)) != "–", role_name
    assert "After " in page.inner_text(role("result"))
    assert float(data(page, ROOT, "cnn-seconds")) > float(data(page, ROOT, "mlp-seconds")), \
        "the page says each batch costs the CNN more time"

    # Moved digits: the CNN reads far more of them.
    mlp_moved, cnn_moved = move_digits(page, SHIFT)
    moved = f"moved {SHIFT} px: MLP {mlp_moved:.3f}, CNN {cnn_moved:.3f}"
    assert cnn_moved > mlp_moved + CNN_LEAD_MOVED, moved
    row = page.locator(f"{role('shift-rows')} tr[data-shift='{SHIFT}'] td").all_inner_texts()
    assert row == [f"{100 * mlp_moved:.1f}%", f"{100 * cnn_moved:.1f}%"]
    assert f"moved by {SHIFT} pixels: the MLP reads {100 * mlp_moved:.1f}%" in page.inner_text(role("result"))

    # Shuffled pixels: the switch trains a second pair, from the start; the pictures show it.
    page.click(act("shuffle"))
    wait_for(page, "d.pixels === 'shuffled' && d.training === 'running'", 60_000)
    assert page.get_attribute(act("shuffle"), "aria-pressed") == "true"
    assert page.locator(f"{role('examples')} canvas.cnn-mvc__digit--shuffled:visible").count() == 4
    wait_trained(page)
    assert int(data(page, ROOT, "batches")) == total
    shuffled = results(page)["shuffled"]["tested"]["0"]
    mlp_change = shuffled[0] - ordinary[0]
    lead, lead_shuffled = ordinary[1] - ordinary[0], shuffled[1] - shuffled[0]
    figures = (f"ordinary: MLP {ordinary[0]:.3f}, CNN {ordinary[1]:.3f}; "
               f"shuffled: MLP {shuffled[0]:.3f}, CNN {shuffled[1]:.3f}")
    assert abs(mlp_change) <= MLP_SHUFFLED_WITHIN, figures
    assert lead_shuffled < lead, figures
    compare = [page.inner_text(role(f"compare-{pixels}-{net}"))
               for pixels in ("ordinary", "shuffled") for net in ("mlp", "cnn")]
    assert compare == [f"{100 * a:.1f}%" for a in ordinary + shuffled]

    # Back to ordinary pixels: that pair kept what it learnt and is not trained again.
    page.click(act("shuffle"))
    wait_for(page, f"d.pixels === 'ordinary' && d.testedShift === '{SHIFT}' && !d.testing", TEST_MS)
    assert data(page, ROOT, "training") == "done" and int(data(page, ROOT, "batches")) == total
    assert (float(data(page, ROOT, "mlp-accuracy")), float(data(page, ROOT, "cnn-accuracy"))) == (mlp_moved,
                                                                                                  cnn_moved)

    # Reset both pairs: every tensor of the trained networks and their optimisers is freed.
    page.click(act("reset"))
    wait_for(page, "d.batches === '0'", TEST_MS)
    page.click(act("shuffle"))
    wait_for(page, "d.pixels === 'shuffled'", TEST_MS)
    page.click(act("reset"))
    wait_for(page, "d.batches === '0' && d.training === 'stopped' && d.examplesSeen === '0'", TEST_MS)
    page.wait_for_timeout(500)
    assert tensors(page) == at_ready + tensors_per_pair(page), "two fresh pairs of networks, nothing else"
    watched.assert_clean()


def test_stop_resume_and_no_tensor_left_behind(browser, built_site):
    watched = open_ready(browser, (built_site.unzipped / PAGE).as_uri())
    page = watched.page
    at_ready = tensors(page)
    page.click(act("start"))
    wait_for(page, "Number(d.batches) >= 3", TRAINING_MS)
    page.click(act("stop"))
    wait_for(page, "d.training === 'stopped'", TEST_MS)
    stopped_at = int(data(page, ROOT, "batches"))
    page.wait_for_timeout(800)
    assert int(data(page, ROOT, "batches")) == stopped_at, "stopped means stopped"
    assert page.inner_text(act("start")) == "Go on training"
    page.click(act("start"))
    wait_for(page, f"Number(d.batches) >= {stopped_at + 2}", TRAINING_MS)
    page.click(act("reset"))  # while training: stops, then fresh networks
    wait_for(page, "d.batches === '0' && d.training === 'stopped' && d.examplesSeen === '0'", TEST_MS)
    page.wait_for_timeout(500)
    assert tensors(page) == at_ready
    assert page.inner_text(act("start")) == "Start training"
    watched.assert_clean()


def test_touch_and_pen_work_the_controls(browser, http_site):
    watched = open_ready(browser, f"{http_site}/{PAGE}", has_touch=True)
    page = watched.page
    slider = page.locator(role("shift"))
    slider.scroll_into_view_if_needed()
    box = slider.bounding_box()
    assert box
    # A tap two thirds along the slider moves the digits by about four pixels.
    page.touchscreen.tap(box["x"] + box["width"] * 2 / 3, box["y"] + box["height"] / 2)
    wait_for(page, "Number(d.shift) >= 3 && Number(d.shift) <= 5", 10_000)
    shift = int(data(page, ROOT, "shift"))
    assert page.get_attribute(role("shift"), "aria-valuetext") == f"{shift} pixels"
    assert page.inner_text(role("shift-value")) == f"{shift} pixels"
    label = page.locator(f"{role('examples')} canvas").first.get_attribute("aria-label")
    assert label.endswith(f", moved {shift} pixels right")
    # A pen on the far left of the slider: not moved.
    cdp = page.context.new_cdp_session(page)
    x, y = box["x"] + 2, box["y"] + box["height"] / 2
    for kind, buttons in (("mousePressed", 1), ("mouseReleased", 0)):
        cdp.send("Input.dispatchMouseEvent", {"type": kind, "x": x, "y": y, "button": "left",
                                              "buttons": buttons, "clickCount": 1, "pointerType": "pen"})
    cdp.detach()
    wait_for(page, "d.shift === '0'", 10_000)
    # Tapping the switch starts training on shuffled pixels; tapping Stop stops it.
    page.locator(act("shuffle")).tap()
    wait_for(page, "d.pixels === 'shuffled' && d.training === 'running'", 60_000)
    page.locator(act("stop")).tap()
    wait_for(page, "d.training === 'stopped'", TEST_MS)
    watched.assert_clean()


def test_mlp_vs_cnn_by_keyboard(open_demo):  # noqa: F811 - the fixture imported above
    watched = open_demo(PAGE, ROOT)
    page = watched.page
    assert focused(page) == "none"
    assert tab_walk(page, ROOT) == AT_READY

    tab_to(page, act("start"))
    page.keyboard.press("Enter")
    assert data(page, ROOT, "training") == "running"
    assert focused(page) == "stop", "Start is disabled while training: the focus moves to Stop"
    # While training runs, Stop is enabled instead of Start.
    assert tab_walk(page, ROOT) == ["stop", *AT_READY[1:]]
    tab_to(page, act("stop"))
    wait_for(page, "Number(d.batches) >= 3", TRAINING_MS)
    page.keyboard.press("Space")
    wait_for(page, "d.training === 'stopped'", TEST_MS)
    assert focused(page) == "start", "Stop is disabled once stopped: the focus moves to Start"
    batches = data(page, ROOT, "batches")

    # The arrow keys move the held-out digits; both networks are tested on them.
    tab_to(page, role("shift"))
    page.keyboard.press("ArrowRight")
    page.keyboard.press("ArrowRight")
    assert data(page, ROOT, "shift") == "2"
    assert page.get_attribute(role("shift"), "aria-valuetext") == "2 pixels"
    wait_for(page, "d.testedShift === '2' && !d.testing", TEST_MS)
    assert f"After {batches} batches, on the" in page.inner_text(role("result"))
    assert "moved by 2 pixels: the MLP reads" in page.inner_text(role("result"))
    page.keyboard.press("Tab")
    assert focused(page) == "test-all"
    page.keyboard.press("Enter")
    page.wait_for_function(f"""() => [...document.querySelectorAll('{role("shift-rows")} td')]
                           .every(td => td.textContent !== '–')""", timeout=TEST_MS)
    assert focused(page) == "test-all"

    # The layer lists open with the keyboard.
    tab_to(page, role("layers-toggle"), "Shift+Tab")
    page.keyboard.press("Enter")
    assert page.evaluate(f"document.querySelector('{ROOT} details').open")
    assert page.locator(f"{role('mlp-layers')} li").count() >= 3

    # The switch: training on shuffled pixels starts at once; the focus stays on the switch.
    tab_to(page, act("shuffle"), "Shift+Tab")
    page.keyboard.press("Space")
    wait_for(page, "d.pixels === 'shuffled' && d.training === 'running'", 60_000)
    assert page.get_attribute(act("shuffle"), "aria-pressed") == "true" and focused(page) == "shuffle"
    tab_to(page, act("stop"), "Shift+Tab")
    wait_for(page, "Number(d.batches) >= 2", TRAINING_MS)
    page.keyboard.press("Enter")
    wait_for(page, "d.training === 'stopped'", TEST_MS)
    assert focused(page) == "start"
    tab_to(page, act("shuffle"))
    page.keyboard.press("Enter")  # back to the ordinary pair, as it was left
    wait_for(page, f"d.pixels === 'ordinary' && d.batches === '{batches}'", TEST_MS)
    assert page.get_attribute(act("shuffle"), "aria-pressed") == "false"
    assert data(page, ROOT, "training") == "stopped"

    tab_to(page, act("reset"), "Shift+Tab")
    page.keyboard.press("Enter")
    wait_for(page, "d.batches === '0'", TEST_MS)
    assert page.inner_text(act("start")) == "Start training" and focused(page) == "reset"
    watched.assert_clean()
