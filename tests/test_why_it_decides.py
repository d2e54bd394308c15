"""Why did it say that? The four attribution maps and their checks, in a real browser, against
the same computations done here in TensorFlow on the same weights and the same images.

The page's networks are read back from the page (their weights, layer by layer), set into the
Keras models built from models/*.py, and every map is computed again here: occlusion with
NumPy, the gradients with tf.GradientTape, Grad-CAM's resize with tf.image.resize.
"""

import base64
import json
import math

import numpy as np
import pytest
from scipy.stats import spearmanr

from browser import Watched, data, draw_on_a_phone, draw_strokes, ink_strokes, open_page
from conftest import ROOT
from test_keyboard import AT_READY as KEYBOARD_LIST
from test_keyboard import focused, open_demo, pen_stroke, tab_to, tab_walk  # noqa: F401 - open_demo is a fixture

pytestmark = pytest.mark.browser
DEMO = '[data-cnn-demo="why-it-decides"]'
PAGE = "why-it-decides.html"
AT_READY = KEYBOARD_LIST["why-it-decides"]
DIGITS = 20  # held-out images, plus two drawings
TOLERANCE = 1e-4
CAM_LAYERS = {"recognizer": "relu3", "lenet": "conv2"}  # the last convolution and its ReLU
MAPS = ("occlusion", "saliency", "integrated", "gradcam")
BLUR_SIGMA = 2  # demos/why-it-decides/maps.js


def ready(watched: Watched, maps: bool = True) -> None:
    watched.page.wait_for_selector(f'{DEMO}[data-demo-state="ready"]', timeout=120_000)
    if maps:
        wait_maps(watched.page)


def wait_maps(page) -> None:
    """The maps and the deletion check are drawn for the image and question on show."""
    root = f"document.querySelector('{DEMO}').dataset"
    page.wait_for_function(f"{root}.maps === 'ready' && !!{root}.deletion", timeout=60_000)


# The page's maps for a list of cases, with one network: each case {pixels, cls (null: its
# answer), versus, patch, fill, baseline, steps}. Returns the network's weights too.
PAGE_MAPS_JS = """async ([name, cases]) => {
  const D = CnnDemos.WhyItDecides;
  const net = await CnnDemos.loadPlainNet(name);
  const out = [];
  for (const c of cases) {
    const px = Float32Array.from(c.pixels);
    const probs = D.maps.probabilities(net, px);
    const target = {cls: c.cls === null ? CnnDemos.argmax(probs) : c.cls, versus: c.versus};
    const options = {patch: c.patch, fill: Float32Array.from(c.fill), baseline: c.baseline, steps: c.steps};
    const m = await D.maps.all(net, px, target, options);
    out.push({target, probs, baseline: Array.from(m.integrated.baseline), gap: m.integrated.gap,
              sum: m.integrated.sum, change: m.integrated.change, layer: m.gradcam.layer,
              maps: Object.fromEntries(D.MAPS.map(k => [k, Array.from(m[k].values)]))});
  }
  return {weights: net.weightsByLayer(), results: out};
}"""


class Reference:
    """A site model in Keras, with the page's weights; its class scores before the softmax."""

    def __init__(self, name: str, weights: dict):
        from builder.train.definitions import load_spec
        from builder.train.tf_runtime import import_tf

        self.tf, keras = import_tf()
        model = load_spec(ROOT / "models" / f"{name}.py").module.build(keras)
        for layer, arrays in weights.items():
            model.get_layer(layer).set_weights([np.asarray(a, np.float32) for a in arrays])
        self.layers = model.layers
        self.cam = [layer.name for layer in self.layers].index(CAM_LAYERS[name])

    def run(self, h, start=0, stop=None):
        last = self.layers[-1]
        for layer in self.layers[start:stop]:
            h = self.tf.matmul(h, last.kernel) + last.bias if layer is last else layer(h, training=False)
        return h

    def scores(self, x, v):
        return self.tf.linalg.matvec(self.run(x), v)

    def probability(self, x, v):
        return self.tf.linalg.matvec(self.tf.nn.softmax(self.run(x)), v)

    def gradients(self, images, v):
        x = self.tf.constant(images.reshape(-1, 28, 28, 1))
        with self.tf.GradientTape() as tape:
            tape.watch(x)
            s = self.tf.reduce_sum(self.scores(x, v))
        return tape.gradient(s, x).numpy().reshape(-1, 784)

    def occlusion(self, pixels, v, patch, fill):
        stride = max(1, math.floor(patch / 2 + 0.5))
        starts = list(range(0, 28 - patch + 1, stride))
        if starts[-1] != 28 - patch:
            starts.append(28 - patch)
        image = pixels.reshape(28, 28)
        covered = []
        for top in starts:
            for left in starts:
                c = image.copy()
                rows, cols = slice(top, top + patch), slice(left, left + patch)
                c[rows, cols] = fill.reshape(28, 28)[rows, cols]
                covered.append(c)
        batch = np.stack([image, *covered])[..., None].astype(np.float32)
        p = self.probability(batch, v).numpy()
        total, count = np.zeros((28, 28)), np.zeros((28, 28))
        i = 1
        for top in starts:
            for left in starts:
                total[top:top + patch, left:left + patch] += p[0] - p[i]
                count[top:top + patch, left:left + patch] += 1
                i += 1
        return np.where(count > 0, total / np.maximum(count, 1), 0).ravel()

    def integrated(self, pixels, v, baseline, steps):
        alphas = np.arange(steps + 1, dtype=np.float32) / steps
        path = baseline[None] + alphas[:, None] * (pixels - baseline)[None]
        path[0], path[-1] = baseline, pixels
        grads = self.gradients(path.astype(np.float32), v)
        weights = np.ones(steps + 1)
        weights[[0, -1]] = 0.5
        return (pixels - baseline) * (weights[:, None] * grads).sum(0) / steps, grads[-1]

    def grad_cam(self, pixels, v):
        tf = self.tf
        maps = self.run(tf.constant(pixels.reshape(1, 28, 28, 1)), 0, self.cam + 1)
        with tf.GradientTape() as tape:
            tape.watch(maps)
            s = tf.reduce_sum(tf.linalg.matvec(self.run(maps, self.cam + 1), v))
        g = tape.gradient(s, maps)
        weights = tf.reduce_mean(g, axis=(1, 2), keepdims=True)
        cam = tf.nn.relu(tf.reduce_sum(maps * weights, -1, keepdims=True))
        return tf.image.resize(cam, (28, 28), method="bilinear").numpy().ravel()

    def blurred(self, pixels):
        tf = self.tf
        r = 3 * BLUR_SIGMA
        taps = np.exp(-np.arange(-r, r + 1) ** 2 / (2 * BLUR_SIGMA ** 2)).astype(np.float32)
        taps /= taps.sum()
        x = tf.constant(pixels.reshape(1, 28, 28, 1))
        rows = tf.nn.conv2d(x, taps.reshape(-1, 1, 1, 1), 1, "SAME")
        return tf.nn.conv2d(rows, taps.reshape(1, -1, 1, 1), 1, "SAME").numpy().ravel()


def held_out(page, count: int) -> list[list[float]]:
    return page.evaluate("""async n => { const s = await CnnDemos.loadSample();
        return Array.from({length: n}, (_, i) => Array.from(CnnDemos.digitPixels(s.test, i))); }""", count)


def drawn(page, dataset, labels) -> list[list[float]]:
    """Draw each digit with real pointer events; the page's prepared pixels of each drawing."""
    images = []
    for label in labels:
        index = int(np.flatnonzero(dataset.y_test == label)[3])
        page.click(f'{DEMO} [data-action="clear"]')  # and brings the pad into view
        draw_strokes(page, f'{DEMO} [data-role="pad"]', ink_strokes(dataset.x_test[index]))
        wait_maps(page)
        images.append(page.evaluate(f"""Array.from(CnnDemos.mnist.fromCanvas(
            document.querySelector('{DEMO} [data-role="pad"]')))"""))
    return images


@pytest.fixture(scope="module")
def cases(browser, built_site, dataset):
    """20 held-out images and two drawings, with the settings varied from case to case."""
    watched = open_page(browser, (built_site.unzipped / PAGE).as_uri())
    ready(watched)
    images = held_out(watched.page, DIGITS) + drawn(watched.page, dataset, (4, 7))
    mean = (dataset.x_train.astype(np.float32) / 255).mean(0).ravel()
    out = []
    for i, pixels in enumerate(images):
        out.append({"pixels": pixels, "cls": None, "versus": None if i % 4 != 3 else (i + 1) % 10,
                    "patch": (5, 7, 9)[i % 3], "fill": (np.zeros(784) if i % 2 else mean).tolist(),
                    "baseline": ("black", "blur", "noise")[i % 3], "steps": (8, 16)[i % 2]})
    yield watched, out
    watched.assert_clean()
    watched.page.context.close()


@pytest.mark.parametrize("name", ["recognizer", "lenet"])
def test_every_map_equals_tensorflows(cases, name):
    watched, todo = cases
    page_out = watched.page.evaluate(PAGE_MAPS_JS, [name, todo])
    ref = Reference(name, page_out["weights"])
    worst = dict.fromkeys(MAPS, 0.0)
    for case, got in zip(todo, page_out["results"], strict=True):
        pixels = np.asarray(case["pixels"], np.float32)
        target = got["target"]
        assert target["cls"] == int(np.argmax(got["probs"])) or case["cls"] is not None
        v = np.zeros(10, np.float32)
        v[target["cls"]] += 1
        if target["versus"] is not None:
            v[target["versus"]] -= 1
        baseline = {"black": np.zeros(784, np.float32), "blur": ref.blurred(pixels),
                    "noise": np.asarray(got["baseline"], np.float32)}[case["baseline"]]
        if case["baseline"] != "noise":  # noise: the page's own seeded draw, used as given
            assert np.abs(np.asarray(got["baseline"]) - baseline).max() < 1e-6
        integrated, saliency = ref.integrated(pixels, v, baseline, case["steps"])
        expected = {
            "occlusion": ref.occlusion(pixels, v, case["patch"], np.asarray(case["fill"], np.float32)),
            "saliency": saliency,
            "integrated": integrated,
            "gradcam": ref.grad_cam(pixels, v),
        }
        assert got["layer"] == CAM_LAYERS[name]
        for key in MAPS:
            diff = float(np.abs(np.asarray(got["maps"][key]) - expected[key]).max())
            worst[key] = max(worst[key], diff)
        assert got["sum"] == pytest.approx(float(np.sum(got["maps"]["integrated"])), abs=1e-3)
    print(f"{name}: largest difference from TensorFlow per map over {len(todo)} images: "
          + ", ".join(f"{k} {worst[k]:.2e}" for k in MAPS))
    assert all(w <= TOLERANCE for w in worst.values()), worst


# The checks, on each case with the recogniser: the completeness gap at 4, 16 and 64 steps, the
# deletion areas, and the rank correlations after the default scramble (the dense layers).
CHECKS_JS = """async ([name, cases]) => {
  const D = CnnDemos.WhyItDecides;
  const net = await CnnDemos.loadPlainNet(name);
  const dense = net.weightedFromTop().filter(l => l.kind === 'Dense').length;
  const out = [];
  for (const c of cases) {
    const px = Float32Array.from(c.pixels);
    const target = {cls: CnnDemos.argmax(D.maps.probabilities(net, px)), versus: null};
    const options = {patch: 7, fill: new Float32Array(784), baseline: 'black', steps: 16};
    const gaps = [];
    for (const steps of [4, 16, 64]) {
      gaps.push((await D.maps.integratedGradients(net, px, target, {baseline: 'black', steps})).gap);
    }
    const maps = await D.maps.all(net, px, target, options);
    const orders = {random: D.checks.randomOrder(D.checks.RANDOM_SEED)};
    D.MAPS.forEach(k => { orders[k] = D.checks.ranked(maps[k].values); });
    const deleted = await D.checks.deletion(net, px, target.cls, orders);
    const scrambled = await D.checks.randomisation(net, px, target, options, maps, dense);
    out.push({gaps, areas: Object.fromEntries(Object.entries(deleted.curves).map(([k, c]) => [k, c.area])),
              correlation: scrambled.correlation,
              trained: Array.from(maps.saliency.values),
              scrambled: Array.from(scrambled.maps.saliency.values)});
  }
  return out;
}"""


def test_the_checks_tell_the_maps_apart(cases):
    watched, todo = cases
    results = watched.page.evaluate(CHECKS_JS, ["recognizer", todo])
    gaps = np.abs([r["gaps"] for r in results])
    areas = {k: np.mean([r["areas"][k] for r in results]) for k in (*MAPS, "random")}
    rho = {k: np.mean([r["correlation"][k] for r in results]) for k in MAPS}
    print("completeness gap, mean over images at 4 / 16 / 64 steps:", gaps.mean(0).round(4))
    print("deletion areas, mean:", {k: round(float(a), 3) for k, a in areas.items()})
    print("rank correlation after scrambling the dense layers, mean:",
          {k: round(float(r), 3) for k, r in rho.items()})
    # More steps, a smaller gap: on average, and on nearly every image.
    assert gaps.mean(0)[0] > gaps.mean(0)[1] > gaps.mean(0)[2]
    assert (gaps[:, 2] <= gaps[:, 0]).mean() >= 0.9
    assert areas["occlusion"] < areas["random"] and areas["integrated"] < areas["random"]
    assert rho["saliency"] < 0.5 and rho["gradcam"] < 0.5
    # The page's rank correlation is Spearman's, as SciPy computes it.
    first = results[0]
    assert first["correlation"]["saliency"] == pytest.approx(
        spearmanr(first["trained"], first["scrambled"]).statistic, abs=1e-6)


def test_the_page_shows_and_says_what_it_measured(browser, built_site, dataset):
    watched = open_page(browser, (built_site.unzipped / PAGE).as_uri())
    page = watched.page
    ready(watched)
    # It opens on the first held-out image, explained by the recogniser; LeNet's weights (a
    # quarter of the page's bytes on a phone) wait until the reader chooses it.
    assert data(page, DEMO, "network") == "recognizer"
    assert page.evaluate("Object.keys(window.CNN_DEMOS_MODELS)") == ["recognizer"]
    predicted = data(page, DEMO, "predicted")
    assert predicted == data(page, DEMO, "explained")
    assert f"says {predicted} (" in page.inner_text(f'{DEMO} [data-role="answer"]')
    # The figures under each map are those of the map the page computes for that image.
    shown = page.evaluate(f"""async () => {{
        const D = CnnDemos.WhyItDecides, s = await CnnDemos.loadSample();
        const px = CnnDemos.digitPixels(s.test, 0), net = await CnnDemos.loadPlainNet('recognizer');
        const m = await D.maps.all(net, px, {{cls: {predicted}, versus: null}},
                                   {{patch: 7, fill: new Float32Array(784), baseline: 'black', steps: 16}});
        return D.MAPS.map(k => [k, m[k].values.reduce((a, b) => a + b, 0),
                                Number(document.querySelector('{DEMO} [data-map="' + k + '"]').dataset.sum)]);
    }}""")
    for key, computed, on_page in shown:
        assert on_page == pytest.approx(computed, abs=1e-5), key
        reading = page.inner_text(f'{DEMO} [data-role="reading-{key}"]')
        article = "an" if predicted == "8" else "a"
        assert reading.startswith((f"Strongest evidence for {article} {predicted}:", "Nothing")), reading
        legend = page.inner_text(f'{DEMO} [data-role="legend-{key}"]')
        assert "white is 0; values from" in legend
    # Grad-CAM says which layer's maps it used, and their size, from the model in the page.
    _, rows, cols, maps = page.evaluate(
        "async () => (await CnnDemos.loadModel('recognizer')).getLayer('relu3').outputShape")
    grid = page.inner_text(f'{DEMO} [data-role="gradcam-grid"]')
    assert grid == f"From the {maps} maps of relu3, each {rows} × {cols}, enlarged to 28 × 28.", grid
    # The deletion table and sentence come from the page's own areas.
    areas = json.loads(data(page, DEMO, "deletion"))
    rows = page.locator(f'{DEMO} [data-role="deletion-table"] tbody tr')
    assert rows.count() == 5
    said = page.inner_text(f'{DEMO} [data-role="deletion-said"]')
    best = min(MAPS, key=lambda k: areas[k])
    names = {"occlusion": "Occlusion", "saliency": "Input gradient", "integrated": "Integrated gradients",
             "gradcam": "Grad-CAM"}
    assert f"that {names[best]} ranks first" in said and f"{areas['random']:.2f} for a random order" in said
    # Why 7 and not 1: the question changes, and every map with it.
    before = data(page, DEMO, "deletion")
    page.select_option(f'{DEMO} [data-setting="class"]', "7")
    page.select_option(f'{DEMO} [data-setting="versus"]', "1")
    page.wait_for_function(f"document.querySelector('{DEMO}').dataset.versus === '1'")
    wait_maps(page)
    assert data(page, DEMO, "explained") == "7" and data(page, DEMO, "deletion") != before
    assert "why 7 and not 1" in page.inner_text(f'{DEMO} [data-role="answer"]')
    assert "for a 7 rather than a 1" in page.inner_text(f'{DEMO} [data-role="reading-occlusion"]')
    # The scramble: its verdicts follow its own numbers.
    page.click(f'{DEMO} [data-action="scramble"]')
    page.wait_for_selector(f'{DEMO}[data-scramble="ready"]', timeout=60_000)
    rho = json.loads(data(page, DEMO, "correlations"))
    for key in MAPS:
        verdict = page.inner_text(f'{DEMO} [data-role="scramble-table"] tr[data-map="{key}"] td:last-child')
        assert verdict == ("changed" if rho[key] < 0.5 else "barely changed"), (key, rho[key], verdict)
    said = page.inner_text(f'{DEMO} [data-role="scramble-said"]')
    assert said.startswith("With probabilities and dense scrambled:"), said
    assert said in page.inner_text(f'{DEMO} [data-role="result"]')
    # LeNet: its last convolution, its own layers to scramble.
    page.select_option(f'{DEMO} [data-setting="network"]', "lenet")
    page.wait_for_function(f"document.querySelector('{DEMO}').dataset.network === 'lenet'")
    wait_maps(page)
    assert sorted(page.evaluate("Object.keys(window.CNN_DEMOS_MODELS)")) == ["lenet", "recognizer"]
    assert page.get_attribute(f'{DEMO} [data-map="gradcam"]', "data-layer") == "conv2"
    options = page.locator(f'{DEMO} [data-setting="scramble"] option').all_inner_texts()
    assert options[0].startswith("softmax") and options[-1].startswith("conv1")
    assert data(page, DEMO, "scramble") == "none"  # the last scramble was for the other network
    # The reader's own drawing.
    three = int(np.flatnonzero(dataset.y_test == 3)[0])
    page.select_option(f'{DEMO} [data-setting="class"]', "answer")
    page.select_option(f'{DEMO} [data-setting="versus"]', "")
    page.locator(f'{DEMO} [data-role="pad"]').scroll_into_view_if_needed()
    draw_strokes(page, f'{DEMO} [data-role="pad"]', ink_strokes(dataset.x_test[three]))
    wait_maps(page)
    answer = page.inner_text(f'{DEMO} [data-role="answer"]')
    assert answer.startswith("LeNet says 3 ("), answer
    assert page.locator(f'{DEMO} [data-role="samples"] [aria-pressed="true"]').count() == 0
    watched.assert_clean()


@pytest.mark.parametrize("pointer", ["touch", "pen"])
def test_on_a_phone_by_finger_and_pen(browser, built_site, dataset, pointer):
    watched = open_page(browser, (built_site.unzipped / PAGE).as_uri(), has_touch=pointer == "touch")
    page = watched.page
    ready(watched)
    two = int(np.flatnonzero(dataset.y_test == 2)[0])
    draw_on_a_phone(page, f'{DEMO} [data-role="pad"]', dataset.x_test[two], pointer)
    page.wait_for_function(f"document.querySelector('{DEMO}').dataset.predicted === '2'")
    wait_maps(page)
    assert "for a 2" in page.inner_text(f'{DEMO} [data-role="reading-integrated"]')
    watched.assert_clean()


def test_the_kept_drawing_and_an_image_file_open_in_it(browser, built_site, dataset):
    from test_draw_a_digit import MAKE_IMAGE_JS

    watched = open_page(browser, (built_site.unzipped / "draw-a-digit.html").as_uri())
    page = watched.page
    page.wait_for_selector('[data-cnn-demo="draw-a-digit"][data-demo-state="ready"]', timeout=120_000)
    five = int(np.flatnonzero(dataset.y_test == 5)[0])
    draw_strokes(page, '[data-cnn-demo="draw-a-digit"] [data-role="pad"]', ink_strokes(dataset.x_test[five]))
    page.wait_for_function("document.querySelector('[data-cnn-demo=\"draw-a-digit\"]').dataset.predicted")
    # The same tab, the next page: the reader's 5, not the held-out image it otherwise opens on.
    page.goto((built_site.unzipped / PAGE).as_uri())
    ready(watched)
    assert data(page, DEMO, "predicted") == "5"
    assert page.locator(f'{DEMO} [data-role="samples"] [aria-pressed="true"]').count() == 0
    # A held-out image, then an image file: the file's digit replaces the held-out one.
    page.locator(f'{DEMO} [data-role="samples"] button').nth(0).click()
    wait_maps(page)
    seven = int(np.flatnonzero(dataset.y_test == 7)[0])
    png = page.evaluate(MAKE_IMAGE_JS, [base64.b64encode(dataset.x_test[seven].tobytes()).decode(),
                                        "image/png", True])
    page.set_input_files(f'{DEMO} [data-role="image-file"]',
                         {"name": "seven.png", "mimeType": "image/png", "buffer": base64.b64decode(png)})
    page.wait_for_function(f"document.querySelector('{DEMO}').dataset.predicted === '7'")
    wait_maps(page)
    assert page.locator(f'{DEMO} [data-role="samples"] [aria-pressed="true"]').count() == 0
    # A file that is not an image: a message, and the maps stay as they were.
    before = data(page, DEMO, "deletion")
    page.set_input_files(f'{DEMO} [data-role="image-file"]',
                         {"name": "notes.png", "mimeType": "image/png", "buffer": b"not a picture"})
    page.wait_for_function(f"document.querySelector('{DEMO} [data-role=\"image-message\"]').textContent")
    assert "notes.png" in page.inner_text(f'{DEMO} [data-role="image-message"]')
    assert data(page, DEMO, "predicted") == "7" and data(page, DEMO, "deletion") == before
    watched.assert_clean()


def test_no_tensor_is_left_behind_after_fifty_images(browser, built_site):
    """Fifty images, most of them replaced before their maps were done."""
    watched = open_page(browser, (built_site.unzipped / PAGE).as_uri())
    page = watched.page
    ready(watched)
    page.select_option(f'{DEMO} [data-setting="network"]', "lenet")
    page.select_option(f'{DEMO} [data-setting="steps"]', "4")
    wait_maps(page)
    start = page.evaluate("tf.memory().numTensors")
    buttons = page.locator(f'{DEMO} [data-role="samples"] button')
    for i in range(50):
        buttons.nth(i % 10).click()
        if i % 10 == 9:
            wait_maps(page)
    page.click(f'{DEMO} [data-action="scramble"]')
    page.wait_for_selector(f'{DEMO}[data-scramble="ready"]', timeout=60_000)
    assert page.evaluate("tf.memory().numTensors") == start
    watched.assert_clean()


def test_why_it_decides_by_keyboard(open_demo):  # noqa: F811 - the fixture imported above
    watched = open_demo(PAGE, DEMO)
    page = watched.page
    wait_maps(page)
    assert tab_walk(page, DEMO) == AT_READY
    # Draw a 1 with the keyboard pen; Enter explains it.
    tab_to(page, f'{DEMO} [data-role="pad"]')
    pen_stroke(page)
    page.keyboard.press("Enter")
    page.wait_for_function(f"document.querySelector('{DEMO}').dataset.predicted === '1'")
    wait_maps(page)
    assert "for a 1" in page.inner_text(f'{DEMO} [data-role="reading-occlusion"]')
    # A map is a focusable picture whose name says what it shows.
    tab_to(page, f'{DEMO} [data-role="map-saliency"]')
    assert focused(page) == "map-saliency"
    # Settings by keyboard: the patch (arrow keys on the slider), the steps (a select).
    tab_to(page, f'{DEMO} [data-setting="patch"]', "Shift+Tab")
    page.keyboard.press("ArrowRight")
    wait_maps(page)
    assert page.inner_text(f'{DEMO} [data-role="patch-said"]').startswith("8 × 8")
    # Scramble from the keyboard: the verdicts are announced.
    tab_to(page, f'{DEMO} [data-action="scramble"]')
    page.keyboard.press("Enter")
    page.wait_for_selector(f'{DEMO}[data-scramble="ready"]', timeout=60_000)
    assert "scrambled" in page.inner_text(f'{DEMO} [data-role="result"]')
    watched.assert_clean()
