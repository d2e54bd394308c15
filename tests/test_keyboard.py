"""Keyboard-only walk-through of each demo's controls, in headless Chromium over http.

Tab order: from the top of the page, Tab reaches every visible, enabled control inside the demo
(buttons, inputs, selects, textareas, links, summaries, anything with tabindex >= 0), in DOM order
(no positive tabindex anywhere), each with a visible focus ring. Enter and Space: every button
of every demo is pressed with the keyboard alone and its effect checked; the pads are drawn on
with the keys (arrows move the pen, Space lowers or lifts it, Enter reads, Escape clears).
"""

import json
import re
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from browser import Watched, act, data, open_page, role, wait_ready

pytestmark = pytest.mark.browser

DRAW = '[data-cnn-demo="draw-a-digit"]'
LAB = '[data-cnn-demo="convnetjs-mnist"]'
GUIDED = '[data-cnn-demo="tfjs-vis-mnist"]'
LENET = '[data-cnn-demo="tensorspace-lenet"]'
TRAINING = '[data-cnn-demo="tensorspace-lenet-training"]'
LONG = 300_000  # ms: training in software WebGL on a shared 2-core machine is slow
READY = 120_000

# What identifies a control in the lists below: data-action, data-role, data-setting, a sample
# button, a form name, Material's copy button, else the tag.
KEY_JS = """function (c) {
  if (!c || c === document.body) return 'none';
  const d = c.dataset || {};
  if (d.action) return d.action;
  if (d.role) return d.role;
  if (d.setting) return d.setting;
  if (d.sample !== undefined) return 'sample';
  if (c.name) return c.name;
  if (c.classList.contains('md-code__button')) return 'copy';
  return c.localName;
}"""

# Remembers the demo's controls Tab must reach (DOM order) in the page: every visible, enabled
# native control (even one given tabindex="-1", which Tab would skip) and anything else with a
# tabindex >= 0. Returns their keys and any element of the page with a positive tabindex.
MARK_JS = """root => {
  window.__kbKey = """ + KEY_JS + """;
  const native = 'button, input, select, textarea, a[href], summary';
  const el = document.querySelector(root);
  const controls = Array.from(el.querySelectorAll(native + ', [tabindex]')).filter(c =>
    (c.matches(native) || c.tabIndex >= 0) && !c.matches(':disabled') && !c.closest('[inert]') &&
    !(c.localName === 'input' && c.type === 'hidden') &&
    c.checkVisibility({visibilityProperty: true}));
  window.__kbRoot = el;
  window.__kbControls = controls;
  const positive = Array.from(document.querySelectorAll('[tabindex]'))
    .filter(c => c.tabIndex > 0).map(c => c.outerHTML.slice(0, 120));
  // Labels, descriptions and copy buttons find their element by id: each must be unique.
  const shared = Array.from(el.querySelectorAll('[id]')).map(c => c.id)
    .filter(id => document.querySelectorAll('#' + CSS.escape(id)).length > 1);
  return {keys: controls.map(window.__kbKey), positive, shared: [...new Set(shared)]};
}"""

# Where the focus is: [index among the remembered controls (-1: none of them), inside the demo,
# key, shows a focus ring].
WHERE_JS = """() => {
  const a = document.activeElement;
  const style = a ? getComputedStyle(a) : null;
  const ring = !!a && a.matches(':focus-visible') && style.outlineStyle !== 'none' &&
    parseFloat(style.outlineWidth) > 0;
  return [window.__kbControls.indexOf(a), !!a && window.__kbRoot.contains(a),
          window.__kbKey(a), ring];
}"""

# The keyboard-reachable controls each demo has once it is ready, in Tab order. Code listings
# (and Material's copy buttons on them) are checked by the walk but not listed: whether a long
# listing's <code> is focusable depends on whether it scrolls at this width.
LISTING = ("pre", "code", "copy")
# The 3D views' layer buttons: each opens or closes one layer, as a click on it in the scene does.
LAYERS_3D = ["conv1", "pool1", "conv2", "pool2", "dense1", "dense2", "softmax"]
LAYER_TOGGLES = ["toggle-layer"] * len(LAYERS_3D)
OWN_IMAGE = ["image-file", "forget-drawing"]  # an image file of one's own; forget the kept drawing
AT_READY = {
    "draw-a-digit": ["pad", "predict", "clear", *OWN_IMAGE],
    "convnetjs-mnist": ["toggle", "save", "load-file", "pad", "clear", *OWN_IMAGE, "net-text", "change-net",
                        "default-net", "method", "learning_rate", "momentum", "batch_size",
                        "l2_decay", "apply-trainer"],
    # Every later step is locked until the one before has run.
    "tfjs-vis-mnist": ["openVisor", "trainExamples", "epochs", "batchSize", "learningRate", "pad",
                       "clear", "forget-drawing"],
    # "snapshot": the time-lapse slider.
    "tensorspace-lenet": ["pad", "clear", *OWN_IMAGE, *["sample"] * 10, "snapshot", *LAYER_TOGGLES,
                          "reset-view"],
    # Stop is disabled until training runs.
    "tensorspace-lenet-training": ["start", "reset", "digit", *LAYER_TOGGLES, "reset-view"],
    # A 3 x 3 filter has nine weight fields; the pad and Clear show only for "Your drawing".
    "convolution-explorer": ["input", "filter", "size", *["weight"] * 9, "bias", "stride", "padding",
                             "relu", "play", "step", "finish", "restart", "speed", "input-view",
                             "summary", "summary"],
    # One tab stop for the grid of units: the arrow keys move inside it.
    "receptive-field": ["pad", "clear", "forget-drawing", *["sample"] * 10, *["layer"] * 5, "units"],
    # Each map is a focusable picture, followed by its own settings.
    "why-it-decides": ["pad", "clear", "forget-drawing", *["sample"] * 10, "image-file", "network",
                       "class", "versus", "map-occlusion", "patch", "fill", "map-saliency", "map-integrated",
                       "baseline", "steps", "map-gradcam", "scramble", "scramble"],
    # The filter's 25 weights are number fields, for the challenge.
    "one-step": ["pad", "clear", "forget-drawing", *["sample"] * 10, "image-file", "label", "filter",
                 "position", "previous", "next", "next-counting", "all-positions", "rate", "apply",
                 "reset-filter", *["weight"] * 25, "race"],
    # Stop is disabled until training runs.
    "mlp-vs-cnn": ["start", "reset", "shuffle", "layers-toggle", "shift", "test-all"],
    # Stop is disabled until every layer trains.
    "new-symbol": ["pad", "add", "clear", "image-file", "remove", "name", "teach", "start", "reset"],
}
# Where a page's embed line turns on more parts: the preparation's steps with the naive-resize
# switch, and "where it goes wrong" (a <details> whose summary is the control).
AT_READY_ON = {("draw-a-digit", "draw-a-digit.html"): [*AT_READY["draw-a-digit"], "compare-naive", "summary"]}
PAGES = [
    ("draw-a-digit", "index.html"),
    ("draw-a-digit", "draw-a-digit.html"),
    ("convnetjs-mnist", "training-lab.html"),
    ("tfjs-vis-mnist", "guided-training.html"),
    ("tensorspace-lenet", "lenet-3d.html"),
    ("tensorspace-lenet-training", "lenet-3d-training.html"),
    ("convolution-explorer", "cnns-and-mlps.html"),
    ("receptive-field", "cnns-and-mlps.html"),
    ("mlp-vs-cnn", "mlp-vs-cnn.html"),
    ("why-it-decides", "why-it-decides.html"),
    ("one-step", "one-step.html"),
    ("new-symbol", "new-symbol.html"),
]


def root_of(demo: str) -> str:
    return f'[data-cnn-demo="{demo}"]'


@pytest.fixture
def open_demo(browser, http_site) -> Iterator[Callable[[str, str], Watched]]:
    """Opens a page of the site (its own browser context) and waits for the demo to be ready;
    the contexts are closed after the test, passed or failed, so no page keeps training."""
    opened: list[Watched] = []

    def opener(page_name: str, root: str) -> Watched:
        watched = open_page(browser, f"{http_site}/{page_name}")
        opened.append(watched)
        wait_ready(watched.page, root, READY)
        return watched

    yield opener
    for watched in opened:
        watched.page.context.close()


def focused(page) -> str:
    """The key (see KEY_JS) of the element with the keyboard focus, 'none' for the page."""
    return page.evaluate(f"({KEY_JS})(document.activeElement)")


def tab_to(page, selector: str, key: str = "Tab", most: int = 150) -> int:
    """Press Tab (or Shift+Tab) until `selector` has the focus; returns the presses it took."""
    for presses in range(1, most + 1):
        page.keyboard.press(key)
        if page.evaluate("s => !!document.activeElement && document.activeElement.matches(s)",
                         selector):
            return presses
    raise AssertionError(f"{most} presses of {key} never focused {selector}")


def tab_walk(page, root: str, most: int = 400) -> list[str]:
    """Tab through the page until one pass has focused every control of the demo, one after
    the other in DOM order; assert it, that each shows a focus ring and that the demo's ids are
    unique on the page. Returns the controls' keys."""
    marked = page.evaluate(MARK_JS, root)
    keys, count = marked["keys"], len(marked["keys"])
    assert marked["positive"] == [], f"positive tabindex breaks the DOM order: {marked['positive']}"
    assert marked["shared"] == [], f"ids used more than once on the page: {marked['shared']}"
    assert count > 0, f"{root} has no keyboard-reachable control"
    hits: list[int] = []
    strangers: list[str] = []  # focused inside the demo but not a visible, enabled control
    no_ring: set[str] = set()
    for _ in range(most):
        page.keyboard.press("Tab")
        index, inside, key, ring = page.evaluate(WHERE_JS)
        hits.append(index)
        if inside and index < 0:
            strangers.append(key)
        if index >= 0 and not ring:
            no_ring.add(key)
        if hits[-count:] == list(range(count)):
            break
    reached = {i for i in hits if i >= 0}
    missing = [keys[i] for i in range(count) if i not in reached]
    assert missing == [], f"Tab never reaches {missing} (of {keys})"
    assert strangers == [], f"Tab stops on hidden or disabled elements: {strangers}"
    assert hits[-count:] == list(range(count)), (
        f"Tab order is not DOM order {keys}: {[keys[i] if i >= 0 else '-' for i in hits]}")
    assert not no_ring, f"no visible focus ring on {sorted(no_ring)}"
    return keys


def pen_stroke(page, key: str = "Shift+ArrowDown", steps: int = 6) -> None:
    """On the focused pad: pen down, then `steps` big steps (a "1" from the pen's starting place
    in the middle); the pen stays down."""
    page.keyboard.press("Space")
    for _ in range(steps):
        page.keyboard.press(key)


def ink(page, selector: str) -> int:
    """Sum of the alpha of a pad (the ink is its alpha)."""
    return page.evaluate("""s => { const c = document.querySelector(s);
        const d = c.getContext('2d').getImageData(0, 0, c.width, c.height).data;
        let n = 0; for (let i = 3; i < d.length; i += 4) n += d[i]; return n; }""", selector)


def type_into(page, text: str) -> None:
    """Replace the focused field's value by typing, as a keyboard user would."""
    page.keyboard.press("Control+A")
    page.keyboard.type(text)


@pytest.mark.parametrize("demo, page_name", PAGES, ids=[p for _, p in PAGES])
def test_tab_reaches_every_control_in_dom_order(open_demo, demo, page_name):
    root = root_of(demo)
    watched = open_demo(page_name, root)
    assert focused(watched.page) == "none"  # from the top of the page
    keys = tab_walk(watched.page, root)
    assert [k for k in keys if k not in LISTING] == AT_READY_ON.get((demo, page_name), AT_READY[demo])
    if demo == "tfjs-vis-mnist":
        assert keys.count("copy") == 9  # one listing per step, each with its copy button
    watched.assert_clean()


def test_draw_a_digit_by_keyboard(open_demo):
    watched = open_demo("draw-a-digit.html", DRAW)
    page = watched.page
    result, pad = role(DRAW, "result"), role(DRAW, "pad")
    tab_to(page, pad)
    pen_stroke(page)
    # While the pen is down the bars follow the ink, but nothing is announced yet.
    page.wait_for_function(f"document.querySelector('{DRAW}').dataset.predicted")
    assert page.inner_text(result) == "Draw a digit in the box."

    page.keyboard.press("Tab")
    assert focused(page) == "predict"
    page.keyboard.press("Enter")
    assert "The network reads a 1" in page.inner_text(result)

    page.keyboard.press("Tab")
    assert focused(page) == "clear"
    page.keyboard.press("Space")
    assert data(page, DRAW, "predicted") is None and ink(page, pad) == 0
    assert page.inner_text(result) == "Draw a digit in the box."
    assert focused(page) == "pad"  # back on the pad, ready to draw again

    pen_stroke(page, "Shift+ArrowUp")  # Clear leaves the pen where it was: at the bottom
    page.keyboard.press("Enter")  # Enter on the pad reads the digit
    assert "The network reads a 1" in page.inner_text(result)

    # The naive-resize switch (Space ticks it) compares, and says so; the mistakes open with Enter.
    tab_to(page, f'{DRAW} [data-setting="compare-naive"]')
    page.keyboard.press("Space")
    assert data(page, DRAW, "naive-predicted") is not None
    assert "shrunk naively" in page.inner_text(role(DRAW, "compare-said"))
    tab_to(page, f"{role(DRAW, 'mistakes')} summary")
    page.keyboard.press("Enter")
    # details' toggle event comes in a task of its own, after the key press returns.
    page.wait_for_selector(f"{DRAW}[data-mistakes-shown]", state="attached", timeout=10_000)
    assert int(data(page, DRAW, "mistakes-shown") or 0) > 0
    assert "misreads" in page.inner_text(role(DRAW, "mistakes-summary"))
    watched.assert_clean()


def test_convnetjs_lab_by_keyboard(open_demo, tmp_path: Path):
    watched = open_demo("training-lab.html", LAB)
    page = watched.page
    # Playwright turns on file-chooser interception when the first listener is added, a step
    # behind: with the listener in place early, the chooser the keyboard opens is caught.
    page.on("filechooser", lambda chooser: None)
    page.locator(LAB).scroll_into_view_if_needed()  # below the page's question: it trains once seen
    page.wait_for_selector(f'{LAB}[data-training="running"]', timeout=30_000)
    message, toggle = role(LAB, "message"), act(LAB, "toggle")
    default_text = page.input_value(role(LAB, "net-text"))

    def seen() -> int:
        return int(data(page, LAB, "examples-seen") or 0)

    tab_to(page, toggle)
    assert page.inner_text(toggle) == "Pause training"
    page.keyboard.press("Space")
    assert data(page, LAB, "training") == "stopped" and page.inner_text(toggle) == "Resume training"
    assert page.inner_text(message).startswith("Training paused after")
    paused_at = seen()
    page.wait_for_timeout(1500)  # two view refreshes, were it still training
    assert seen() == paused_at > 0

    page.keyboard.press("Tab")
    assert focused(page) == "save"
    with page.expect_download() as download:
        page.keyboard.press("Enter")
    saved = tmp_path / "saved.json"
    download.value.save_as(saved)
    assert json.loads(saved.read_text())["examples_seen"] == paused_at

    page.keyboard.press("Tab")
    assert focused(page) == "load-file"
    with page.expect_file_chooser() as chooser:
        page.keyboard.press("Enter")
    assert not chooser.value.is_multiple()  # opened (and left without a file)
    with page.expect_file_chooser() as chooser:
        page.keyboard.press("Space")
    chooser.value.set_files(str(saved))
    page.wait_for_function("s => document.querySelector(s).textContent.startsWith('Loaded saved.json')",
                           arg=message)
    assert seen() == paused_at

    tab_to(page, toggle, "Shift+Tab")
    page.keyboard.press("Enter")
    assert data(page, LAB, "training") == "running" and page.inner_text(toggle) == "Pause training"
    page.wait_for_function(f"Number(document.querySelector('{LAB}').dataset.examplesSeen) > "
                           f"{paused_at + 50}", timeout=60_000)

    # The own-digit pad: a stroke with the keys, then Clear with Enter.
    tab_to(page, role(LAB, "pad"))
    pen_stroke(page)
    page.keyboard.press("Space")  # pen up: the stroke ends and the network reads it
    page.wait_for_function(f"document.querySelector('{LAB}').dataset.ownGuess")
    assert page.inner_text(role(LAB, "own-result")).startswith("The network reads a")
    page.keyboard.press("Tab")
    assert focused(page) == "clear"
    page.keyboard.press("Enter")
    assert data(page, LAB, "own-guess") is None and ink(page, role(LAB, "pad")) == 0
    assert focused(page) == "pad"

    # A new network typed into the definition box, built with Enter on "Change network".
    tab_to(page, role(LAB, "net-text"))
    type_into(page, '[{"type": "input", "out_sx": 20, "out_sy": 20, "out_depth": 1},'
                    ' {"type": "conv", "sx": 3, "filters": 4, "activation": "relu"},'
                    ' {"type": "pool", "sx": 2, "stride": 2}, {"type": "softmax", "num_classes": 10}]')
    page.keyboard.press("Tab")
    assert focused(page) == "change-net"
    page.keyboard.press("Enter")
    assert page.locator(f"{role(LAB, 'layers')} > li").count() == 6
    assert page.inner_text(message).startswith("New network: 6 layers")
    page.keyboard.press("Tab")
    assert focused(page) == "default-net"
    page.keyboard.press("Space")
    assert page.input_value(role(LAB, "net-text")) == default_text
    assert "starting definition is back" in page.inner_text(message)

    # The trainer form: arrow keys change the method, Enter in a field submits the form.
    form = role(LAB, "trainer-form")
    page.keyboard.press("Tab")
    assert focused(page) == "method"
    page.keyboard.press("ArrowDown")
    assert page.input_value(f"{form} select[name='method']") == "adagrad"
    page.keyboard.press("Tab")
    type_into(page, "0.02")
    page.keyboard.press("Tab")
    page.keyboard.press("Tab")
    assert focused(page) == "batch_size"
    type_into(page, "20")
    page.keyboard.press("Enter")
    assert page.inner_text(message).startswith("Trainer: adagrad, learning rate 0.02, momentum 0.9, "
                                               "batch 20,")
    page.keyboard.press("Tab")
    type_into(page, "0.002")
    page.keyboard.press("Tab")
    assert focused(page) == "apply-trainer"
    page.keyboard.press("Space")
    assert page.inner_text(message).endswith("batch 20, weight decay 0.002.")
    watched.assert_clean()


def guided_step(page, name: str) -> str:
    return f'{GUIDED} [data-step="{name}"]'


def run_guided(page, name: str, key: str, step: str | None = None) -> str:
    """Press `key` on the focused button of step `name`; wait for the step; returns its result.
    The button is disabled while its step runs: afterwards the focus must be back on it."""
    assert focused(page) == name
    page.keyboard.press(key)
    where = guided_step(page, step or name)
    page.wait_for_selector(f'{where}[data-step-state="done"], {where}[data-step-state="error"]',
                           timeout=LONG)
    page.wait_for_function("s => !document.querySelector(s).disabled", arg=act(GUIDED, name))
    result = page.inner_text(f'{where} [data-role="result"]')
    assert page.get_attribute(where, "data-step-state") == "done", result
    assert focused(page) == name, f"after {name} the focus is on {focused(page)}"
    return result


def wait_for_result(page, step: str, text: str) -> str:
    where = f'{guided_step(page, step)} [data-role="result"]'
    page.wait_for_function("([s, t]) => document.querySelector(s).textContent.includes(t)",
                           arg=[where, text], timeout=LONG)
    return page.inner_text(where)


def test_tfjs_vis_steps_by_keyboard(open_demo, http_site):
    watched = open_demo("guided-training.html", GUIDED)
    page = watched.page
    page.context.grant_permissions(["clipboard-read", "clipboard-write"], origin=http_site)

    # Each listing's copy button copies that listing's own code.
    for name in ("openVisor", "train"):
        page.focus(f"{guided_step(page, name)} .md-code__button")
        page.keyboard.press("Enter")  # clipboard.js copies in the click handler itself
        copied = page.evaluate("navigator.clipboard.readText()")
        assert copied.startswith(f"async function {name}(lab)"), f"{name}'s copy button copied {copied[:40]}"

    # The steps unlock one after the other; Tab goes from each to the next.
    steps = [("openVisor", "Enter", "loadData"), ("loadData", "Space", "showExamples"),
             ("showExamples", "Enter", "buildModel"), ("buildModel", "Space", "train")]
    page.evaluate("window.scrollTo(0, 0)")
    for name, key, unlocks in steps:
        tab_to(page, act(GUIDED, name))
        assert page.is_disabled(act(GUIDED, unlocks))
        run_guided(page, name, key)
        assert page.is_enabled(act(GUIDED, unlocks))
    assert page.evaluate("tfvis.visor().isOpen()")
    assert page.locator(f"{role(GUIDED, 'examples')} figure").count() == 20
    assert page.locator(f"{role(GUIDED, 'summary')} tbody tr").count() == 7

    # Small settings typed into the form, a long run started with Enter and stopped with Enter.
    tab_to(page, f'{GUIDED} [data-setting="trainExamples"]')
    for value in ("200", "50", "50"):  # training digits, epochs, batch size
        type_into(page, value)
        page.keyboard.press("Tab")
    assert [page.input_value(f'{GUIDED} [data-setting="{s}"]')
            for s in ("trainExamples", "epochs", "batchSize")] == ["200", "50", "50"]
    tab_to(page, act(GUIDED, "train"))
    assert page.is_disabled(act(GUIDED, "perClassAccuracy"))
    page.keyboard.press("Enter")
    page.wait_for_function(f"""() => /batch \\d+ of 4/.test(document.querySelector(
        '{role(GUIDED, "train-status")}').textContent)""", timeout=LONG)
    assert focused(page) == "stop", "while training, the focus belongs on Stop"
    page.keyboard.press("Enter")
    page.wait_for_selector(f'{guided_step(page, "train")}[data-step-state="done"]', timeout=LONG)
    page.wait_for_function("s => !document.querySelector(s).disabled", arg=act(GUIDED, "train"))
    assert data(page, GUIDED, "training") == "stopped"
    assert int(data(page, GUIDED, "epochs-done") or 0) < 50
    assert page.is_disabled(act(GUIDED, "stop"))
    assert focused(page) == "train", "after Stop the focus goes back to Train"

    assert page.is_disabled(act(GUIDED, "confusionMatrix"))
    tab_to(page, act(GUIDED, "perClassAccuracy"))
    assert "held-out digits" in run_guided(page, "perClassAccuracy", "Space")
    assert page.locator(f"{role(GUIDED, 'per-class')} tbody tr").count() == 10
    tab_to(page, act(GUIDED, "confusionMatrix"))
    run_guided(page, "confusionMatrix", "Enter")
    assert page.locator(f"{role(GUIDED, 'confusion')} tbody tr").count() == 10
    # A cell opens with the keyboard and shows its held-out digits, as many as it counts (up to 24).
    first_cell = f"{role(GUIDED, 'confusion')} [data-action='open-cell']"
    count = int(page.inner_text(first_cell))
    tab_to(page, first_cell)
    page.keyboard.press("Enter")
    truth, read, shown = data(page, GUIDED, "cell-shown").split(",")
    assert truth == page.get_attribute(first_cell, "data-truth")
    assert read == page.get_attribute(first_cell, "data-read")
    assert int(shown) == min(count, 24) == page.locator(f"{role(GUIDED, 'cell-list')} li").count()
    assert "three best answers" in page.inner_text(role(GUIDED, "cell-said"))

    # A digit drawn with the keys (the pen still down, so nothing is read yet), read by the button.
    tab_to(page, role(GUIDED, "pad"))
    pen_stroke(page)
    tab_to(page, act(GUIDED, "recognizeDrawing"))
    assert "Your model reads a" in run_guided(page, "recognizeDrawing", "Enter")
    probabilities = json.loads(data(page, role(GUIDED, "prediction"), "probabilities"))
    assert len(probabilities) == 10 and abs(sum(probabilities) - 1) < 1e-3
    page.keyboard.press("Tab")
    assert focused(page) == "clear"
    page.keyboard.press("Space")
    assert ink(page, role(GUIDED, "pad")) == 0 and focused(page) == "pad"

    tab_to(page, act(GUIDED, "saveModel"))
    assert page.is_disabled(act(GUIDED, "loadModel"))
    assert "Saved in this browser" in run_guided(page, "saveModel", "Enter")
    page.keyboard.press("Tab")
    run_guided(page, "loadModel", "Space", step="saveModel")
    wait_for_result(page, "saveModel", "Loaded the model saved on")
    page.keyboard.press("Tab")
    assert focused(page) == "downloadModel"
    with page.expect_download() as download:
        page.keyboard.press("Enter")
    assert download.value.suggested_filename.startswith("cnn-demos-guided-mnist")
    wait_for_result(page, "saveModel", "weights.bin")

    # Every step is unlocked now: Tab reaches all of them, still in DOM order.
    keys = [k for k in tab_walk(page, GUIDED) if k not in (*LISTING, "open-cell")]
    assert keys == ["openVisor", "loadData", "showExamples", "buildModel", "trainExamples",
                    "epochs", "batchSize", "learningRate", "train", "perClassAccuracy",
                    "confusionMatrix", "pad", "recognizeDrawing", "clear", "forget-drawing", "saveModel",
                    "loadModel", "downloadModel"]
    watched.assert_clean()


def layers_open(page, root: str) -> list[str]:
    """The layers whose buttons say they are open."""
    return page.eval_on_selector_all(
        f'{act(root, "toggle-layer")}[aria-pressed="true"]', "bs => bs.map(b => b.dataset.layer)")


def toggle_layer(page, root: str, layer: str, key: str, then_open: list[str]) -> None:
    """Tab to a layer's button, press key; the scene's layers (as the buttons read them back
    from TensorSpace once the animation ends) must then be then_open."""
    tab_to(page, f'{act(root, "toggle-layer")}[data-layer="{layer}"]')
    page.keyboard.press(key)
    page.wait_for_timeout(900)  # the open or close animation (600 ms) has ended
    page.click(f"{root} .cnn-space-help p")  # any click makes the buttons read the scene again
    page.wait_for_function(f"""() => {{
      const open = [...document.querySelectorAll('{act(root, "toggle-layer")}[aria-pressed="true"]')]
        .map(b => b.dataset.layer);
      return JSON.stringify(open) === '{json.dumps(then_open).replace(" ", "")}';
    }}""", timeout=10_000)
    assert page.get_attribute(f'[data-layer="{layer}"]', "aria-pressed") == str(layer in then_open).lower()


def test_lenet_3d_by_keyboard(open_demo):
    watched = open_demo("lenet-3d.html", LENET)
    page = watched.page
    result, pad = role(LENET, "result"), role(LENET, "pad")
    samples = page.locator(f"{role(LENET, 'samples')} button")

    def updates() -> int:
        return int(data(page, LENET, "view-updates") or 0)

    def pressed() -> list[str]:
        return [samples.nth(i).get_attribute("aria-pressed") for i in range(samples.count())]

    for n, key in ((3, "Space"), (4, "Enter")):
        before = updates()
        tab_to(page, f"{role(LENET, 'samples')} button:nth-child({n + 1})")
        page.keyboard.press(key)
        index = samples.nth(n).get_attribute("data-sample")
        assert pressed() == ["true" if i == n else "false" for i in range(10)]
        assert f"LeNet reads held-out digit {index} " in page.inner_text(result)
        assert updates() == before + 1

    # The time-lapse slider: Home goes back to before training, End to the trained network; the
    # digit on show is read again by those weights, and the step is announced.
    legend = role(LENET, "filters-legend")
    trained_range = page.get_attribute(legend, "data-high")
    scene_legend = page.inner_text(role(LENET, "space-legend"))  # each layer's range for this digit
    assert "conv1 0.00 to" in scene_legend and "bright" in scene_legend
    tab_to(page, f'{LENET} [data-setting="snapshot"]')
    page.keyboard.press("Home")
    assert page.inner_text(role(LENET, "space-legend")) != scene_legend
    assert data(page, LENET, "snapshot-epoch") == "0"
    assert "before training" in page.inner_text(role(LENET, "snapshot-said"))
    assert page.get_attribute(legend, "data-high") != trained_range  # the filters were redrawn
    assert updates() == before + 2
    page.keyboard.press("End")
    assert data(page, LENET, "snapshot-epoch") == "20"
    slider = f'{LENET} [data-setting="snapshot"]'
    assert page.get_attribute(slider, "aria-valuetext") == "after epoch 20 of 20"

    assert layers_open(page, LENET) == ["softmax"]
    toggle_layer(page, LENET, "conv1", "Enter", ["conv1", "softmax"])
    toggle_layer(page, LENET, "softmax", "Space", ["conv1"])
    toggle_layer(page, LENET, "conv1", "Space", [])
    # Left open on purpose: Reset view closes it, and Clear soon after used to hit a TensorSpace
    # error (a dense layer emptied while it closes); assert_clean() below would report it.
    toggle_layer(page, LENET, "dense1", "Enter", ["dense1"])

    before, predicted = updates(), data(page, LENET, "predicted")
    tab_to(page, act(LENET, "reset-view"))
    page.keyboard.press("Enter")
    assert updates() == before + 1 and data(page, LENET, "predicted") == predicted
    # Reset view puts the layers back as they started, and the buttons say so.
    page.wait_for_function(f"""document.querySelector('{LENET} [data-layer="dense1"]')
                           .getAttribute('aria-pressed') === 'false'""")
    assert layers_open(page, LENET) == ["softmax"]

    tab_to(page, act(LENET, "clear"))
    page.keyboard.press("Space")
    assert data(page, LENET, "predicted") is None and "true" not in pressed()
    assert ink(page, pad) == 0 and page.inner_text(result) == "Draw a digit in the box."
    assert focused(page) == "pad"

    before = updates()
    pen_stroke(page)
    page.keyboard.press("Enter")
    assert "LeNet reads your drawing as a" in page.inner_text(result)
    assert updates() == before + 1 and ink(page, pad) > 0
    page.keyboard.press("Escape")
    assert data(page, LENET, "predicted") is None and ink(page, pad) == 0
    watched.assert_clean()


def test_lenet_training_by_keyboard(open_demo):
    watched = open_demo("lenet-3d-training.html", TRAINING)
    page = watched.page

    def number(name: str) -> int:
        return int(data(page, TRAINING, name) or 0)

    tab_to(page, act(TRAINING, "start"))
    page.keyboard.press("Enter")
    assert data(page, TRAINING, "training") == "running"
    assert focused(page) == "stop", "Start is disabled while training: the focus moves to Stop"

    # While training runs, Stop is enabled instead of Start: walk that set too.
    keys = tab_walk(page, TRAINING)
    assert keys == ["stop", "reset", "digit", *LAYER_TOGGLES, "reset-view"]
    tab_to(page, act(TRAINING, "stop"))
    page.wait_for_function(f"Number(document.querySelector('{TRAINING}').dataset.batches) >= 5",
                           timeout=LONG)
    page.keyboard.press("Space")
    page.wait_for_function(f"document.querySelector('{TRAINING}').dataset.training === 'stopped'",
                           timeout=LONG)
    assert focused(page) == "start", "Stop is disabled once stopped: the focus moves to Start"
    batches = number("batches")
    page.wait_for_timeout(500)
    assert number("batches") == batches >= 5

    # Arrow keys change the held-out digit; it goes through the network as it is now.
    select = role(TRAINING, "digit")
    tab_to(page, select)
    chosen, before = page.input_value(select), number("view-updates")
    page.keyboard.press("ArrowDown")
    assert page.input_value(select) != chosen
    assert number("view-updates") == before + 1
    option = re.fullmatch(r"(an? (\d)) \(held-out digit \d+\)", page.eval_on_selector(
        select, "s => s.selectedOptions[0].textContent"))
    label = option[2]
    assert page.get_attribute(role(TRAINING, "preview"), "aria-label") == f"The chosen digit: {option[1]}"
    assert page.inner_text(role(TRAINING, "result")).startswith(
        f"After {batches:,} batches, the network reads this {label} as a")

    page.keyboard.press("Shift+Tab")
    assert focused(page) == "reset"
    page.keyboard.press("Enter")
    page.wait_for_function(f"document.querySelector('{TRAINING}').dataset.batches === '0'",
                           timeout=LONG)
    assert page.inner_text(role(TRAINING, "result")).startswith("Untrained")

    before = number("view-updates")
    tab_to(page, act(TRAINING, "reset-view"))
    page.keyboard.press("Space")
    assert number("view-updates") == before + 1
    watched.assert_clean()
