"""The convolution explorer (demos/convolution-explorer) in headless Chromium.

Its own arithmetic against tf.conv2d on random images and filters, for every filter size,
stride and padding; the output size and formula it shows; the window moved by keys, buttons,
mouse, touch and pen; the trained networks' filters loaded by name; the reader's drawing as
input; the keyboard walk; axe and a phone's width with every panel open.
"""

import functools
import re

import numpy as np
import pytest

import browser
from browser import data, draw_strokes, ink_strokes, open_page
from test_keyboard import AT_READY as KEYBOARD_LIST
from test_keyboard import focused, open_demo, tab_to, tab_walk  # noqa: F401 (open_demo: a fixture)
from test_site import serious_accessibility_violations

pytestmark = pytest.mark.browser

PAGE = "cnns-and-mlps.html"
ROOT = '[data-cnn-demo="convolution-explorer"]'
AT_READY = KEYBOARD_LIST["convolution-explorer"]


# The worked example's patch (site_src/cnns-and-mlps.md), row by row.
PATCH = np.float32([0.0, 0.0, 0.6, 1.0, 0.8, 0.0, 0.1, 0.9, 1.0, 0.5, 0.0, 0.2, 1.0, 0.9, 0.2,
                    0.0, 0.4, 1.0, 0.7, 0.0, 0.1, 0.7, 1.0, 0.4, 0.0])


setting, act, role = (functools.partial(f, ROOT) for f in (browser.setting, browser.act, browser.role))


def ready(watched):
    watched.page.wait_for_selector(f'{ROOT}[data-demo-state="ready"]', timeout=90_000)
    return watched.page


@pytest.fixture
def explorer(browser, built_site):
    """The page from the unzipped zip (file://), the demo ready; closed after the test."""
    watched = open_page(browser, (built_site.unzipped / PAGE).as_uri())
    ready(watched)
    yield watched
    watched.page.context.close()


def position(page) -> tuple[int, int]:
    row, col = (data(page, ROOT, "position") or "").split(",")
    return int(row), int(col)


# Random images and filters through the explorer's convolve and through tf.conv2d. "same" is
# the explorer's symmetric padding p = (k - 1) / 2, given to tf as that number (TF's own 'same'
# pads more on the bottom and right when the stride is above 1).
COMPARE_JS = """({sizes, seed}) => {
  const CE = CnnDemos.ConvolutionExplorer;
  let state = seed;
  const random = () => (state = (state * 1103515245 + 12345) % 2147483648) / 2147483648;
  const cases = [], failures = [];
  for (const n of sizes) for (const k of [3, 5]) for (const padding of ['none', 'same'])
    for (const stride of [1, 2, 3]) {
      if (k > n) continue;
      const input = Float32Array.from({length: n * n}, random);
      const filter = Float32Array.from({length: k * k}, () => 2 * random() - 1);
      const bias = random() - 0.5;
      const pad = CE.padFor(k, padding);
      const ours = CE.convolve(input, n, filter, k, bias, stride, pad);
      const theirs = tf.tidy(() => {
        const y = tf.conv2d(tf.tensor4d(input, [1, n, n, 1]), tf.tensor4d(filter, [k, k, 1, 1]),
                            stride, padding === 'same' ? pad : 'valid');
        return {shape: y.shape, values: y.add(bias).dataSync()};
      });
      let worst = 0;
      for (let i = 0; i < theirs.values.length; i++)
        worst = Math.max(worst, Math.abs(theirs.values[i] - ours.values[i]));
      const name = `n=${n} k=${k} ${padding} stride ${stride}`;
      cases.push(name);
      if (theirs.shape[1] !== ours.size || theirs.shape[2] !== ours.size ||
          ours.values.length !== ours.size * ours.size || CE.outputSize(n, k, stride, pad) !== ours.size ||
          !(worst < 1e-4))
        failures.push(`${name}: ours ${ours.size}, tf ${theirs.shape}, max difference ${worst}`);
    }
  return {cases, failures, tensors: tf.memory().numTensors};
}"""


def test_convolve_matches_tf_conv2d_for_every_stride_and_padding(explorer):
    page = explorer.page
    tensors = page.evaluate("tf.memory().numTensors")
    result = page.evaluate(COMPARE_JS, {"sizes": [5, 6, 7, 12, 28], "seed": 20240601})
    assert result["failures"] == []
    assert len(result["cases"]) == 5 * 2 * 2 * 3  # sizes x filter sizes x paddings x strides
    assert result["tensors"] == tensors  # tf.tidy left nothing behind
    explorer.assert_clean()


def test_the_worked_example_step_by_step_by_keyboard_and_buttons(explorer):
    """The page's 5 x 5 patch and vertical-edge filter: the numbers the page works out by hand."""
    page = explorer.page
    assert position(page) == (0, 0)
    assert page.inner_text(role("sum")) == "Sum of the 9 products = 2.50"
    products = page.inner_text(role("products"))
    page.focus(role("input-view"))
    page.keyboard.press("ArrowRight")
    assert position(page) == (0, 1)
    assert page.inner_text(role("products")) != products
    assert page.inner_text(role("sum")) == "Sum of the 9 products = 2.60"
    assert page.inner_text(role("announce")).startswith("Row 0, column 1: the products add up to 2.60")
    page.keyboard.press("ArrowDown")
    assert position(page) == (1, 1) and "= 1.90" in page.inner_text(role("sum"))
    page.keyboard.press("End")
    assert position(page) == (2, 2) and page.inner_text(role("bias-sum")).startswith("−2.80 + bias 0 = −2.80")
    page.keyboard.press("ArrowRight")  # already at the edge: it stays
    assert position(page) == (2, 2)
    assert data(page, ROOT, "computed") == "4"  # (0,0), (0,1), (1,1), (2,2)
    page.keyboard.press("Home")
    assert position(page) == (0, 0)

    page.click(act("restart"))
    assert data(page, ROOT, "computed") == "1"
    page.click(act("step"))
    assert position(page) == (0, 1) and data(page, ROOT, "computed") == "2"
    page.click(act("finish"))
    assert data(page, ROOT, "computed") == "9" and position(page) == (2, 2)
    assert page.inner_text(role("announce")).startswith("The whole 3 × 3 feature map is filled in")
    table = page.locator(f'{role("output-numbers")} tbody tr')
    assert table.count() == 3
    assert [table.nth(r).locator("td").all_text_contents() for r in range(3)] == [
        ["2.50", "2.60", "−1.00"], ["2.90", "1.90", "−2.20"], ["2.90", "0.70", "−2.80"]]

    page.check(setting("relu"))
    assert page.inner_text(role("relu-sum")).startswith("ReLU: max(0, −2.80) = 0.00")
    assert table.nth(2).locator("td").all_text_contents() == ["2.90", "0.70", "0.00"]
    assert page.inner_text(role("legend-min")) == "−2.90" and page.inner_text(role("legend-max")) == "+2.90"
    explorer.assert_clean()


@pytest.mark.parametrize("n, k, stride, padding", [
    (5, 3, 1, "none"), (5, 3, 3, "none"), (5, 5, 1, "same"),
    (28, 3, 2, "none"), (28, 5, 3, "same"), (28, 3, 3, "same"),
])
def test_output_size_and_formula_match(explorer, n, k, stride, padding):
    page = explorer.page
    if n == 28:
        page.select_option(setting("input"), index=1)  # the first held-out digit
    page.select_option(setting("size"), str(k))
    page.select_option(setting("stride"), str(stride))
    page.select_option(setting("padding"), padding)
    p = (k - 1) // 2 if padding == "same" else 0
    m = (n + 2 * p - k) // stride + 1
    assert page.inner_text(role("out-size")) == f"{m} × {m}"
    assert data(page, ROOT, "out-size") == str(m)
    exact = (n + 2 * p - k) / stride + 1
    worked = str(m) if exact == m else f"{exact:.1f}, rounded down: {m}"
    assert page.inner_text(role("size-formula")) == (
        f"(n + 2p − k) / s + 1 = ({n} + 2 × {p} − {k}) / {stride} + 1 = {worked}")
    assert page.evaluate("([n, k, s, p]) => CnnDemos.ConvolutionExplorer.outputSize(n, k, s, p)",
                         [n, k, stride, p]) == m
    assert page.locator(f'{role("output-numbers")} tbody tr').count() == m
    canvas = page.eval_on_selector(role("output-view"), "c => [c.width, c.height]")
    assert canvas[0] == canvas[1] and canvas[0] % m == 0
    # The window's last position fits inside the padded image.
    page.focus(role("input-view"))
    page.keyboard.press("End")
    assert position(page) == (m - 1, m - 1)
    explorer.assert_clean()


def test_trained_filters_load_by_name(explorer):
    page = explorer.page
    page.select_option(setting("filter"), label="LeNet conv1, filter 2 of 6")
    weights = page.evaluate("""async () => {
        const model = await CnnDemos.loadModel('lenet');
        const [kernel, bias] = model.getLayer('conv1').getWeights();
        const k = kernel.dataSync(), count = kernel.shape[3];
        return {kernel: Array.from({length: 25}, (_, i) => k[i * count + 1]), bias: bias.dataSync()[1]};
    }""")
    shown = [float(v) for v in page.eval_on_selector_all(f'{role("weights")} input',
                                                          "els => els.map(e => e.value)")]
    assert page.input_value(setting("size")) == "5" and len(shown) == 25
    assert np.allclose(shown, weights["kernel"], atol=6e-4)
    assert abs(float(page.input_value(setting("bias"))) - weights["bias"]) < 6e-4
    assert "with its bias" in page.inner_text(role("filter-note"))
    # On the 5 x 5 patch a 5 x 5 filter fits once: one output, the patch times the filter.
    assert page.inner_text(role("out-size")) == "1 × 1"
    total = float(np.dot(PATCH, np.float32(weights["kernel"])))
    assert page.inner_text(role("sum")) == f"Sum of the 25 products = {total:.2f}".replace("-", "−")
    assert page.inner_text(role("announce")).startswith("Filter: LeNet conv1, filter 2 of 6, 5 × 5.")

    page.select_option(setting("filter"), label="Recognizer conv1, filter 16 of 16")
    assert page.input_value(setting("bias")) == "0"
    assert "no bias" in page.inner_text(role("filter-note"))
    # Editing one weight makes the filter the reader's own; a 3 x 3 keeps the centre.
    field = f'{role("weights")} input >> nth=12'
    page.fill(field, "2")
    assert page.input_value(setting("filter")) == "custom"
    page.select_option(setting("size"), "3")
    shown = page.eval_on_selector_all(f'{role("weights")} input', "els => els.map(e => e.value)")
    assert len(shown) == 9 and shown[4] == "2"
    page.fill(f'{role("weights")} input >> nth=0', "")
    assert page.get_attribute(f'{role("weights")} input >> nth=0', "aria-invalid") == "true"
    explorer.assert_clean()


def test_lenet_filters_with_same_padding_and_relu_make_lenets_own_maps(explorer):
    """What the LeNet filters' note says: "same" padding and ReLU give LeNet's conv1 maps."""
    page = explorer.page
    worst = page.evaluate("""async () => {
        const Demo = CnnDemos.ConvolutionExplorer;
        const model = await CnnDemos.loadModel('lenet');
        const digit = Demo.heldOutDigits(await CnnDemos.loadSample())[7].image;
        const filters = await Demo.trainedFilters('lenet');
        const maps = tf.tidy(() => {
          const outputs = model.predict(CnnDemos.pixelsToTensor(digit.values, 1));
          return outputs[model.outputNames.indexOf('conv1')].dataSync();
        });
        let worst = 0;
        filters.forEach((f, index) => {
          const pad = Demo.padFor(f.k, 'same');
          const ours = Demo.relu(Demo.convolve(digit.values, digit.n, f.weights, f.k, f.bias, 1, pad).values);
          ours.forEach((v, i) => {
            worst = Math.max(worst, Math.abs(v - maps[i * filters.length + index]));
          });
        });
        return worst;
    }""")
    assert worst < 1e-3
    explorer.assert_clean()


def test_play_runs_to_the_end_and_pause_stops(explorer):
    page = explorer.page
    page.select_option(setting("speed"), "0")
    page.click(act("play"))
    page.wait_for_function(f"document.querySelector('{ROOT}').dataset.playing === 'false'", timeout=10_000)
    assert data(page, ROOT, "computed") == "9" and position(page) == (2, 2)
    assert page.inner_text(act("play")) == "Play"
    assert page.inner_text(role("announce")).startswith("The whole 3 × 3 feature map is filled in")

    page.select_option(setting("input"), index=1)  # a digit: 26 x 26 places, all computed
    assert data(page, ROOT, "computed") == str(26 * 26)
    page.click(act("restart"))
    page.click(act("play"))
    assert page.inner_text(act("play")) == "Pause"
    page.wait_for_function(f"Number(document.querySelector('{ROOT}').dataset.computed) > 20")
    page.click(act("play"))
    assert data(page, ROOT, "playing") == "false"
    stopped = position(page)
    page.wait_for_timeout(300)
    assert position(page) == stopped and stopped != (25, 25)
    assert page.inner_text(role("announce")).startswith("Paused. Row ")
    explorer.assert_clean()


@pytest.mark.parametrize("pointer", ["mouse", "touch", "pen"])
def test_pointer_moves_the_window(browser, built_site, pointer):
    watched = open_page(browser, (built_site.unzipped / PAGE).as_uri(), has_touch=pointer == "touch")
    page = ready(watched)
    # draw_strokes counts 28 cells across the canvas; the patch's 5 cells are 5.6 of them each.
    cell = 28 / 5
    page.locator(role("output-view")).scroll_into_view_if_needed()
    page.locator(role("input-view")).scroll_into_view_if_needed()
    draw_strokes(page, role("input-view"), [[(2.5 * cell, 3.5 * cell)]], pointer=pointer)
    assert position(page) == (2, 1)  # the window centred on input row 3, column 2
    page.locator(role("output-view")).scroll_into_view_if_needed()
    draw_strokes(page, role("output-view"), [[(28 * 2.5 / 3, 28 * 0.5 / 3)]], pointer=pointer)
    assert position(page) == (0, 2)
    assert data(page, ROOT, "computed") == "3"
    watched.assert_clean()
    page.context.close()


def test_the_readers_drawing_is_the_input(explorer, dataset):
    page = explorer.page
    assert page.locator(role("pad")).is_hidden()
    page.select_option(setting("input"), "drawing")
    assert "the input is all zeros" in page.inner_text(role("announce"))
    page.locator(role("pad")).scroll_into_view_if_needed()
    draw_strokes(page, role("pad"), ink_strokes(dataset.x_test[0]))
    page.wait_for_function(f"document.querySelector('{role('announce')}').textContent"
                           ".includes('Your drawing is the input now')")
    assert "your drawing, 28 × 28" in page.inner_text(role("input-caption"))
    page.click(act("finish"))
    cells = page.locator(f'{role("output-numbers")} tbody td').all_text_contents()
    values = [float(v.replace("−", "-")) for v in cells]
    assert len(values) == 26 * 26 and max(values) > 0.5 and min(values) < -0.5
    page.click(act("clear"))
    assert page.inner_text(role("announce")) == "The pad is empty: the input is all zeros."
    assert focused(page) == "pad"
    explorer.assert_clean()


@pytest.mark.parametrize("served", ["file", "http"])
def test_ready_clean_and_accessible_from_disk_and_over_http(browser, built_site, http_site, served):
    url = (built_site.unzipped / PAGE).as_uri() if served == "file" else f"{http_site}/{PAGE}"
    watched = open_page(browser, url)
    page = ready(watched)
    assert serious_accessibility_violations(page) == []
    watched.assert_clean()
    page.context.close()


def test_accessible_and_fits_a_phone_with_every_panel_open(browser, built_site):
    watched = open_page(browser, (built_site.unzipped / PAGE).as_uri())
    page = ready(watched)
    page.set_viewport_size({"width": 390, "height": 844})
    page.select_option(setting("input"), "drawing")
    page.select_option(setting("filter"), label="LeNet conv1, filter 1 of 6")
    page.select_option(setting("padding"), "same")
    page.check(setting("relu"))
    page.click(act("finish"))
    for summary in page.locator(f"{ROOT} summary").all():
        summary.click()
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    box = page.locator(ROOT).bounding_box()
    assert box and box["x"] >= 0 and box["x"] + box["width"] <= 390
    assert serious_accessibility_violations(page) == []
    watched.assert_clean()
    page.context.close()


def test_keyboard_walk(open_demo):  # noqa: F811 (the fixture imported above)
    """Tab reaches every control in DOM order with a focus ring; Enter and Space work them."""
    watched = open_demo(PAGE, ROOT)
    page = watched.page
    assert tab_walk(page, ROOT) == AT_READY

    tab_to(page, act("step"), "Shift+Tab")
    page.keyboard.press("Enter")
    assert position(page) == (0, 1)
    page.keyboard.press("Space")
    assert position(page) == (0, 2)
    page.keyboard.press("Shift+Tab")
    assert focused(page) == "play"
    page.keyboard.press("Enter")
    assert data(page, ROOT, "playing") == "true" and focused(page) == "play"
    page.keyboard.press("Space")
    assert data(page, ROOT, "playing") == "false"
    tab_to(page, act("finish"))
    page.keyboard.press("Space")
    assert data(page, ROOT, "computed") == "9"
    page.keyboard.press("Tab")
    page.keyboard.press("Enter")
    assert focused(page) == "restart" and data(page, ROOT, "computed") == "1"

    # Settings by keyboard: arrow keys in a select, a weight typed in.
    tab_to(page, setting("stride"), "Shift+Tab")
    page.keyboard.press("ArrowDown")
    assert page.input_value(setting("stride")) == "2" and page.inner_text(role("out-size")) == "2 × 2"
    tab_to(page, f'{role("weights")} input:first-child', "Shift+Tab")
    page.keyboard.press("Control+A")
    page.keyboard.type("-2")
    assert page.input_value(setting("filter")) == "custom"
    tab_to(page, role("input-view"))
    page.keyboard.press("ArrowDown")
    assert position(page) == (1, 0)
    assert re.match(r"Row 1, column 0: the products add up to ", page.inner_text(role("announce")))

    # The drawing pad and Clear join the walk when the reader picks "Your drawing".
    tab_to(page, setting("input"), "Shift+Tab")
    page.select_option(setting("input"), "drawing")
    keys = tab_walk(page, ROOT)
    assert keys[:3] == ["input", "pad", "clear"]
    watched.assert_clean()
