"""One step of training, by hand: the page's loss, output gradient, gradients arriving at the
first layer and one filter's gradient (summed by the page position by position) against
tf.GradientTape on the same weights and image, computed here in double precision; one applied
step against the plain SGD update; the walk through positions, the challenge, the keyboard.
"""

import json

import numpy as np
import pytest

from browser import Watched, data, draw_on_a_phone, draw_strokes, ink_strokes, open_page
from conftest import ROOT
from test_keyboard import AT_READY as KEYBOARD_LIST
from test_keyboard import open_demo, pen_stroke, tab_to, tab_walk  # noqa: F401 - open_demo is a fixture

pytestmark = pytest.mark.browser
DEMO = '[data-cnn-demo="one-step"]'
PAGE = "one-step.html"
AT_READY = KEYBOARD_LIST["one-step"]
TOLERANCE = 1e-5

# For each case {pixels, label, filter}: the page's way back, and its weights.
BACKWARD_JS = """async (cases) => {
  const model = await CnnDemos.OneStep.load();
  const out = cases.map(c => {
    const r = model.backward(Float32Array.from(c.pixels), c.label, c.filter);
    return {loss: r.loss, outputGradient: r.outputGradient, delta: Array.from(r.delta),
            gradient: Array.from(r.gradient), biasGradient: r.biasGradient, rows: r.rows, cols: r.cols};
  });
  return {weights: model.net.weightsByLayer(), layer: model.layer, results: out};
}"""


def ready(watched: Watched) -> None:
    watched.page.wait_for_selector(f'{DEMO}[data-demo-state="ready"]', timeout=120_000)
    watched.page.wait_for_function(f"!!document.querySelector('{DEMO}').dataset.loss", timeout=30_000)


class Reference:
    """LeNet's forward pass in TensorFlow, in double precision, from the page's weights."""

    def __init__(self, weights: dict):
        from builder.train.definitions import load_spec
        from builder.train.tf_runtime import import_tf

        self.tf, keras = import_tf()
        self.layers = load_spec(ROOT / "models" / "lenet.py").module.build(keras).layers
        self.w = {name: [np.asarray(a, np.float64) for a in arrays] for name, arrays in weights.items()}

    def way_back(self, pixels, label, f):
        """Loss, gradient at the scores, at filter f's pre-activation, of its kernel and bias."""
        tf = self.tf
        x = tf.constant(np.asarray(pixels, np.float64).reshape(1, 28, 28, 1))
        kernel, bias = (tf.Variable(a) for a in self.w["conv1"])
        with tf.GradientTape(persistent=True) as tape:
            h = x
            for layer in self.layers:
                kind, c = type(layer).__name__, layer.get_config()
                if kind == "ZeroPadding2D":
                    (top, bottom), (left, right) = c["padding"]
                    h = tf.pad(h, [[0, 0], [top, bottom], [left, right], [0, 0]])
                elif kind == "Conv2D":
                    k, b = (kernel, bias) if layer.name == "conv1" else self.w[layer.name]
                    h = tf.nn.conv2d(h, k, c["strides"], c["padding"].upper()) + b
                    if layer.name == "conv1":
                        z = h
                        tape.watch(z)
                    h = tf.nn.relu(h)
                elif kind == "MaxPooling2D":
                    h = tf.nn.max_pool2d(h, c["pool_size"], c["strides"], c["padding"].upper())
                elif kind == "Flatten":
                    h = tf.reshape(h, [1, -1])
                elif kind == "Dense":
                    h = tf.matmul(h, self.w[layer.name][0]) + self.w[layer.name][1]
                    if c["activation"] == "relu":
                        h = tf.nn.relu(h)
                else:
                    raise AssertionError(f"unexpected layer {kind}")
            logits = h  # the last Dense without its softmax
            loss = -tf.nn.log_softmax(logits)[0, label]
        grads = tape.gradient(loss, [logits, z, kernel, bias])
        return (float(loss), grads[0].numpy().ravel(), grads[1].numpy()[0, :, :, f].ravel(),
                grads[2].numpy()[:, :, 0, f].ravel(), float(grads[3].numpy()[f]))


@pytest.fixture(scope="module")
def step_page(browser, built_site):
    watched = open_page(browser, (built_site.unzipped / PAGE).as_uri())
    ready(watched)
    yield watched
    watched.assert_clean()
    watched.page.context.close()


def cases_on(page, dataset) -> list[dict]:
    """Ten held-out images and two drawings, each with a label that is not its answer and a
    filter, varied."""
    images = page.evaluate("""async () => { const s = await CnnDemos.loadSample();
        return Array.from({length: 10}, (_, i) => Array.from(CnnDemos.digitPixels(s.test, i))); }""")
    for label in (4, 8):
        index = int(np.flatnonzero(dataset.y_test == label)[2])
        page.click(f'{DEMO} [data-action="clear"]')  # and brings the pad into view
        draw_strokes(page, f'{DEMO} [data-role="pad"]', ink_strokes(dataset.x_test[index]))
        images.append(page.evaluate(f"""Array.from(CnnDemos.mnist.fromCanvas(
            document.querySelector('{DEMO} [data-role="pad"]')))"""))
    return [{"pixels": p, "label": (3 * i + 1) % 10, "filter": i % 6} for i, p in enumerate(images)]


def test_the_way_back_equals_gradient_tape(step_page, dataset):
    page = step_page.page
    cases = cases_on(page, dataset)
    got = page.evaluate(BACKWARD_JS, cases)
    assert got["layer"] == "conv1"
    ref = Reference(got["weights"])
    worst = {"loss": 0.0, "output": 0.0, "delta": 0.0, "filter": 0.0, "bias": 0.0}
    for case, r in zip(cases, got["results"], strict=True):
        loss, output, delta, kernel, bias = ref.way_back(case["pixels"], case["label"], case["filter"])
        assert (r["rows"], r["cols"]) == (28, 28)
        worst["loss"] = max(worst["loss"], abs(r["loss"] - loss))
        worst["output"] = max(worst["output"], float(np.abs(np.asarray(r["outputGradient"]) - output).max()))
        worst["delta"] = max(worst["delta"], float(np.abs(np.asarray(r["delta"]) - delta).max()))
        worst["filter"] = max(worst["filter"], float(np.abs(np.asarray(r["gradient"]) - kernel).max()))
        worst["bias"] = max(worst["bias"], abs(r["biasGradient"] - bias))
    print("largest difference from tf.GradientTape (float64) over", len(cases), "images:",
          {k: f"{v:.1e}" for k, v in worst.items()})
    assert all(v <= TOLERANCE for v in worst.values()), worst


# Apply one step at `rate` for each case; the filter before and after, and the losses.
APPLY_JS = """async ([cases, rate]) => {
  const model = await CnnDemos.OneStep.load();
  const out = cases.map(c => {
    const px = Float32Array.from(c.pixels);
    model.reset();
    const r = model.backward(px, c.label, c.filter, true);
    const step = model.applyStep(c.filter, r.gradient, r.biasGradient, rate);
    const after = model.forward(px, c.label);
    return {gradient: Array.from(r.gradient), biasGradient: r.biasGradient, loss: r.loss, after: after.loss,
            before: Array.from(step.before.weights), beforeBias: step.before.bias,
            weights: Array.from(step.after.weights), bias: step.after.bias};
  });
  model.reset();
  return out;
}"""


def test_an_applied_step_is_plain_sgd_and_a_small_one_lowers_the_loss(step_page, dataset):
    page = step_page.page
    cases = cases_on(page, dataset)
    for rate in (0.001, 0.1):
        for r in page.evaluate(APPLY_JS, [cases, rate]):
            g = np.asarray(r["gradient"], np.float32)
            expected = (np.asarray(r["before"], np.float32) - np.float64(rate) * g).astype(np.float32)
            np.testing.assert_array_equal(np.asarray(r["weights"], np.float32), expected)
            assert r["bias"] == pytest.approx(r["beforeBias"] - rate * r["biasGradient"], abs=1e-6)
            if rate == 0.001:
                assert r["after"] < r["loss"], r


def test_walking_the_positions_adds_up_to_the_gradient_and_the_step_is_shown(browser, built_site):
    watched = open_page(browser, (built_site.unzipped / PAGE).as_uri())
    page = watched.page
    ready(watched)
    label = data(page, DEMO, "label")
    assert label != data(page, DEMO, "predicted")  # it starts on the runner-up
    assert f"the probability of {label} is" in page.inner_text(f'{DEMO} [data-role="loss"]')
    # The first position shown adds something; "Add them all" ends on the whole gradient.
    contribution = page.get_attribute(f'{DEMO} [data-role="contribution"]', "data-values")
    assert any(v != 0 for v in json.loads(contribution))
    page.click(f'{DEMO} [data-action="all-positions"]')
    running = np.asarray(json.loads(page.get_attribute(f'{DEMO} [data-role="running"]', "data-values")))
    total = np.asarray(json.loads(page.get_attribute(f'{DEMO} [data-role="gradient"]', "data-values")))
    np.testing.assert_allclose(running, total, rtol=1e-6, atol=1e-7)
    assert data(page, DEMO, "position") == "783"
    page.click(f'{DEMO} [data-action="previous"]')
    assert data(page, DEMO, "position") == "782"
    # Apply, twice at a small rate: the loss falls and the page says so.
    page.select_option(f'{DEMO} [data-setting="rate"]', "0.001")
    loss = float(data(page, DEMO, "loss"))
    page.click(f'{DEMO} [data-action="apply"]')
    page.click(f'{DEMO} [data-action="apply"]')
    assert data(page, DEMO, "steps-applied") == "2" and float(data(page, DEMO, "loss")) < loss
    assert page.inner_text(f'{DEMO} [data-role="applied"]').startswith("Step 2 at learning rate 0.001")
    page.click(f'{DEMO} [data-action="reset-filter"]')
    assert float(data(page, DEMO, "loss")) == pytest.approx(loss, abs=1e-6)
    # The challenge: a move, then gradient descent's turn with as many steps.
    weight = page.locator(f'{DEMO} [data-role="weight"]').nth(12)
    weight.fill("2")
    weight.press("Tab")  # the field's change event, as a reader moving on
    assert data(page, DEMO, "edits") == "1"
    page.click(f'{DEMO} [data-action="race"]')
    said = page.inner_text(f'{DEMO} [data-role="race-said"]')
    assert said.startswith("Gradient descent, 1 step at learning rate 0.001 from the same start:"), said
    assert said.endswith(("You win.", "Gradient descent wins.", "A draw."))
    # Many steps and races later, no tensor is left behind.
    start = page.evaluate("tf.memory().numTensors")
    for _ in range(10):
        page.click(f'{DEMO} [data-action="apply"]')
        page.click(f'{DEMO} [data-action="race"]')
    page.locator(f'{DEMO} [data-role="samples"] button').nth(3).click()
    assert page.evaluate("tf.memory().numTensors") == start
    watched.assert_clean()


@pytest.mark.parametrize("pointer", ["touch", "pen"])
def test_on_a_phone_by_finger_and_pen(browser, built_site, dataset, pointer):
    watched = open_page(browser, (built_site.unzipped / PAGE).as_uri(), has_touch=pointer == "touch")
    page = watched.page
    ready(watched)
    six = int(np.flatnonzero(dataset.y_test == 6)[0])
    draw_on_a_phone(page, f'{DEMO} [data-role="pad"]', dataset.x_test[six], pointer)
    page.wait_for_function(f"document.querySelector('{DEMO}').dataset.predicted === '6'")
    assert page.inner_text(f'{DEMO} [data-role="loss"]').startswith("LeNet reads a 6 (")
    watched.assert_clean()


def test_one_step_by_keyboard(open_demo):  # noqa: F811 - the fixture imported above
    watched = open_demo(PAGE, DEMO)
    page = watched.page
    ready(watched)
    assert tab_walk(page, DEMO) == AT_READY
    tab_to(page, f'{DEMO} [data-role="pad"]')
    pen_stroke(page)
    page.keyboard.press("Enter")
    page.wait_for_function(f"document.querySelector('{DEMO}').dataset.predicted === '1'")
    # The label by keyboard (a select), then a step through positions and the step itself.
    tab_to(page, f'{DEMO} [data-setting="label"]')
    page.keyboard.press("End")  # the last class
    assert data(page, DEMO, "label") == "9"
    assert "the probability of 9 is" in page.inner_text(f'{DEMO} [data-role="loss"]')
    tab_to(page, f'{DEMO} [data-action="next"]')
    before = int(data(page, DEMO, "position"))
    page.keyboard.press("Enter")
    assert int(data(page, DEMO, "position")) == before + 1
    tab_to(page, f'{DEMO} [data-action="apply"]')
    page.keyboard.press("Enter")
    assert data(page, DEMO, "steps-applied") == "1"
    assert "Step 1 at learning rate" in page.inner_text(f'{DEMO} [data-role="result"]')
    watched.assert_clean()
