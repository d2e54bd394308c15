"""What does each unit look for? The build's strongest and weakest examples of every unit
against NumPy's argsort of LeNet's responses computed here from the exported weights, the page's
own responses against the build's, the grown images (the response rises; the helped image has
less high-frequency energy than the plain one), the map against scikit-learn's PCA of the same
activations computed here, the neighbours against NumPy's, and the page by mouse, finger, pen
and keyboard, with no tensors left behind. The units part is ready without the map, whose
scripts the page holds back until the reader comes to it or uses one of its controls.
"""

import base64
import json
from urllib.parse import urlparse

import numpy as np
import pytest

from browser import Watched, data, draw_on_a_phone, draw_strokes, ink_strokes, open_page
from builder.for_readers import show_demo
from test_keyboard import AT_READY as KEYBOARD_LIST
from test_keyboard import open_demo, tab_to, tab_walk  # noqa: F401 - open_demo is a fixture
from test_site import serious_accessibility_violations

pytestmark = pytest.mark.browser
DEMO = '[data-cnn-demo="unit-explorer"]'
PAGE = "unit-explorer.html"
AT_READY = KEYBOARD_LIST["unit-explorer"]
NEAR_TIE = 1e-4  # responses this close may be ranked either way by two float32 implementations


@pytest.fixture(scope="module")
def explorer(browser, built_site):
    watched = open_page(browser, (built_site.unzipped / PAGE).as_uri())
    ready(watched)
    yield watched
    watched.assert_clean()
    watched.page.context.close()


def ready(watched: Watched) -> None:
    """Ready, its first images grown, and the rest of the held-out sample in (the page loads it
    just after it is ready)."""
    page = watched.page
    page.wait_for_selector(f'{DEMO}[data-demo-state="ready"]', timeout=120_000)
    page.wait_for_function(f"document.querySelector('{DEMO}').dataset.synthesis === 'done'", timeout=120_000)
    page.wait_for_selector(f'{DEMO}[data-examples="all"]', timeout=120_000)


def show_map(page) -> None:
    """Scroll to the map, as a reader does, and wait for it to load."""
    page.locator(f'{DEMO} [data-role="map-part"]').scroll_into_view_if_needed()
    page.wait_for_selector(f'{DEMO}[data-map-state="ready"]', timeout=120_000)


# --- LeNet in NumPy, from the weights the site ships ----------------------------------------

WEIGHT_FORMATS = {"float32": "<f4", "float16": "<f2"}


def site_weights(site) -> dict[str, list[np.ndarray]]:
    """conv1 ... softmax: [kernel, bias] read from the exported TF.js model."""
    folder = site / "cnn-demos" / "models" / "lenet"
    manifest = json.loads((folder / "model.json").read_text())
    out: dict[str, list[np.ndarray]] = {}
    for group in manifest["weightsManifest"]:
        raw = b"".join((folder / p).read_bytes() for p in group["paths"])
        at = 0
        for w in group["weights"]:
            # float32 tensors, stored as float32 or (quantised) as IEEE half floats
            stored = w.get("quantization", {}).get("dtype", "float32")
            assert w["dtype"] == "float32" and stored in WEIGHT_FORMATS, w
            n, size = int(np.prod(w["shape"])), np.dtype(WEIGHT_FORMATS[stored]).itemsize
            out.setdefault(w["name"].split("/")[0], []).append(np.frombuffer(
                raw[at:at + size * n], WEIGHT_FORMATS[stored]).reshape(w["shape"]).astype(np.float64))
            at += size * n
    return out


def conv(x: np.ndarray, kernel: np.ndarray, bias: np.ndarray) -> np.ndarray:
    """A valid, stride-1 convolution of (n, h, w, c) by (k, k, c, f), plus bias."""
    k, f = kernel.shape[0], kernel.shape[3]
    patches = np.lib.stride_tricks.sliding_window_view(x, (k, k), axis=(1, 2))  # n, h', w', c, k, k
    n, h, w = patches.shape[:3]
    columns = patches.transpose(0, 1, 2, 4, 5, 3).reshape(n * h * w, -1)  # rows of k x k x c
    return (columns @ kernel.reshape(-1, f)).reshape(n, h, w, f) + bias


def pool(x: np.ndarray) -> np.ndarray:
    n, h, w, c = x.shape
    return x.reshape(n, h // 2, 2, w // 2, 2, c).max(axis=(2, 4))


def lenet(weights: dict, images: np.ndarray) -> dict[str, tuple[np.ndarray, np.ndarray]]:
    """Each weighted layer's (response, output) for uint8 images (n, 28, 28): the response
    before the activation, the output after it (the softmax layer's: its scores)."""
    relu = lambda v: np.maximum(v, 0)  # noqa: E731
    x = np.pad(images.astype(np.float64)[..., None] / 255.0, ((0, 0), (2, 2), (2, 2), (0, 0)))
    out = {}
    z = conv(x, *weights["conv1"])
    out["conv1"] = (z, relu(z))
    z = conv(pool(relu(z)), *weights["conv2"])
    out["conv2"] = (z, relu(z))
    h = pool(relu(z)).reshape(len(images), -1)
    for name in ("dense1", "dense2", "softmax"):
        z = h @ weights[name][0] + weights[name][1]
        h = z if name == "softmax" else relu(z)
        out[name] = (z, h)
    return out


def peaks(response: np.ndarray) -> tuple[np.ndarray, np.ndarray | None]:
    """Each image's response per unit: a dense unit's value, a channel's highest and where."""
    if response.ndim == 2:
        return response, None
    n, rows, cols, units = response.shape
    flat = response.reshape(n, rows * cols, units)
    return flat.max(axis=1), flat.argmax(axis=1)


def same_ranking(shipped: list[int], score: np.ndarray, expected: np.ndarray) -> None:
    """shipped equals NumPy's ranking, except where two responses are a near tie."""
    if list(shipped) == [int(i) for i in expected]:
        return
    assert np.abs(score[shipped] - score[expected]).max() <= NEAR_TIE, (shipped, expected.tolist())


def in_page(page, script: str, *args):
    """script run in the page with made (CnnDemos.UnitExplorer.load()) and args; the map is
    CnnDemos.UnitExplorer.loadMap(made)."""
    return page.evaluate("async (args) => { const made = await CnnDemos.UnitExplorer.load(); "
                         "await CnnDemos.loadHeldOut(); "
                         + script + " }", list(args))


# --- the build's units ------------------------------------------------------------------------

def test_strongest_and_weakest_are_numpy_argsort_of_the_exported_lenet(explorer, built_site, dataset):
    found = explorer.page.evaluate("CNN_DEMOS_UNITS.lenet")
    reference = lenet(site_weights(built_site.unzipped), dataset.x_test)
    assert found["held_out_examples"] == len(dataset.x_test) == 2000
    assert [layer["name"] for layer in found["layers"]] == ["conv1", "conv2", "dense1", "dense2", "softmax"]
    worst, units_checked = 0.0, 0
    for layer in found["layers"]:
        score, at = peaks(reference[layer["name"]][0])
        assert len(layer["found"]) == layer["units"] == score.shape[1]
        for u, unit in enumerate(layer["found"]):
            s = score[:, u]
            same_ranking(unit["top"]["index"], s, np.argsort(-s, kind="stable")[:9])
            same_ranking(unit["bottom"]["index"], s, np.argsort(s, kind="stable")[:9])
            for which in ("top", "bottom"):
                listed = unit[which]
                worst = max(worst, float(np.abs(np.asarray(listed["value"]) - s[listed["index"]]).max()))
                if at is not None:
                    cols = reference[layer["name"]][0].shape[2]
                    assert [r * cols + c for r, c in listed["at"]] == at[listed["index"], u].tolist()
            counts = np.histogram(s, bins=len(unit["histogram"]["counts"]))[0]
            assert sum(unit["histogram"]["counts"]) == len(s)
            assert np.abs(counts - unit["histogram"]["counts"]).sum() <= 2  # a value on a bin's edge
            assert unit["above_zero"] == pytest.approx(float((s > 0).mean()), abs=1e-3)
            units_checked += 1
    print(f"{units_checked} units: the build's responses differ from NumPy's (float64) by at most "
          f"{worst:.1e}")
    assert worst <= 1e-4


def test_the_framed_square_is_all_a_channel_sees(explorer, built_site, dataset):
    """Outside the square the page frames (the build's receptive field), new pixels change
    nothing of that unit's response; inside, they do."""
    found = explorer.page.evaluate("CNN_DEMOS_UNITS.lenet")
    weights = site_weights(built_site.unzipped)
    rng = np.random.default_rng(7)
    image = dataset.x_test[:1]
    for layer in found["layers"][:2]:
        f = layer["field"]
        rows, cols = layer["map"]
        for r, c in ((0, 0), (rows // 2, cols // 3), (rows - 1, cols - 1)):
            top, left = f["start"][0] + r * f["jump"][0], f["start"][1] + c * f["jump"][1]
            inside = np.zeros((28, 28), bool)
            inside[max(top, 0):top + f["size"][0], max(left, 0):left + f["size"][1]] = True
            noise = rng.integers(0, 256, (1, 28, 28), np.uint8)
            outside_changed = np.where(inside, image, noise)
            inside_changed = np.where(inside, noise, image)
            base, out, ins = (lenet(weights, x)[layer["name"]][0][0, r, c] for x in (image, outside_changed,
                                                                                      inside_changed))
            assert np.abs(out - base).max() < 1e-9, (layer["name"], r, c)
            assert np.abs(ins - base).max() > 1e-3, (layer["name"], r, c)
        print(layer["name"], "sees", f["size"], "pixels, a unit every", f["jump"])


PAGE_SCORES_JS = """
  const out = {};
  for (const layer of made.units.layers) {
    const shown = [...new Set(layer.found.flatMap(u => u.top.index.concat(u.bottom.index)))];
    const pixels = new Float32Array(shown.length * CnnDemos.PIXELS);
    shown.forEach((index, k) => pixels.set(made.data.units.pixels(index), k * CnnDemos.PIXELS));
    const s = made.units.scores(pixels, shown.length, layer.name);
    out[layer.name] = {shown, values: Array.from(s.values), at: s.at};
  }
  return out;"""


def test_the_pages_responses_equal_the_builds(explorer):
    page = explorer.page
    found = page.evaluate("CNN_DEMOS_UNITS.lenet")
    got = in_page(page, PAGE_SCORES_JS)
    worst = 0.0
    for layer in found["layers"]:
        mine = got[layer["name"]]
        where = {index: k for k, index in enumerate(mine["shown"])}
        values = np.asarray(mine["values"]).reshape(len(mine["shown"]), layer["units"])
        for u, unit in enumerate(layer["found"]):
            for which in ("top", "bottom"):
                rows = [where[i] for i in unit[which]["index"]]
                worst = max(worst, float(np.abs(values[rows, u] - unit[which]["value"]).max()))
                if "at" in unit[which]:
                    assert [mine["at"][r * layer["units"] + u] for r in rows] == unit[which]["at"]
    print(f"the page's responses to every unit's 18 examples differ from the build's by at most {worst:.1e}")
    assert worst <= 1e-4


# --- the grown images -------------------------------------------------------------------------

def high_frequency_share(image) -> float:
    """The share of an image's energy (its mean removed) above a quarter cycle per pixel."""
    a = np.asarray(image, np.float64).reshape(28, 28)
    power = np.abs(np.fft.fft2(a - a.mean())) ** 2
    f = np.fft.fftfreq(28)
    radius = np.hypot(*np.meshgrid(f, f, indexing="ij"))
    return float(power[radius > 0.25].sum() / max(power.sum(), 1e-12))


GROW_JS = """
  const [name, unit] = args;
  const r = await CnnDemos.UnitExplorer.grow(made.units, name, unit, {jitter: true, blur: true, decay: true},
                                             () => {}).done;
  return {start: r.start, reached: r.reached, images: r.images.map(a => Array.from(a)), steps: r.steps};"""


GROWN = [("conv1", 2), ("conv2", 9), ("dense1", 4), ("dense2", 30), ("softmax", 7)]


@pytest.mark.parametrize("layer, unit", GROWN)
def test_growing_raises_the_response_and_help_makes_it_smoother(explorer, layer, unit):
    r = in_page(explorer.page, GROW_JS, layer, unit)
    plain, helped = (high_frequency_share(i) for i in r["images"])
    print(f"{layer} {unit}: response {r['start'][0]:.2f} on the noise -> {r['reached'][0]:.2f} plain, "
          f"{r['reached'][1]:.2f} helped; high-frequency share {plain:.3f} plain, {helped:.3f} helped")
    assert r["steps"] == 200
    assert r["reached"][0] > r["start"][0] and r["reached"][1] > r["start"][1]
    assert helped < plain
    for image in r["images"]:
        assert min(image) >= 0 and max(image) <= 1


# --- the map ----------------------------------------------------------------------------------

def decoded(t: dict) -> np.ndarray:
    q = np.frombuffer(base64.b64decode(t["data"]), np.uint8).astype(np.float64)
    return (q * t["step"] + t["min"]).astype(np.float32).astype(np.float64).reshape(t["shape"])


def snapshot_weights(page) -> list[dict[str, list[np.ndarray]]]:
    """Each snapshot's weights as the page decodes them (uint8 * step + min, float32)."""
    kept = page.evaluate("CNN_DEMOS_SNAPSHOTS.lenet")
    out = []
    for snap in kept:
        layers = {}
        for layer in snap["layers"]:
            layers[layer["layer"]] = [decoded(t) for t in layer["tensors"]]
        out.append(layers)
    return out


def sample_images(page, part: str, count: int | None = None) -> tuple[np.ndarray, np.ndarray]:
    got = page.evaluate("""async ([part, count]) => { const s = (await CnnDemos.loadTraining())[part];
        const n = count || s.count;
        return [Array.from(s.images.subarray(0, n * CnnDemos.PIXELS)),
                Array.from(s.labels.subarray(0, n))]; }""",
                        [part, count])
    return np.asarray(got[0], np.uint8).reshape(-1, 28, 28), np.asarray(got[1])


MAP_JS = """
  const [queries] = args;
  const map = await CnnDemos.UnitExplorer.loadMap(made);
  const out = {layers: map.layerNames(), points: {}, placed: {}};
  for (const name of out.layers) {
    out.points[name] = map.data.snapshots.map((_, s) => Array.from(map.points(name, s)));
    out.placed[name] = map.data.snapshots.map((_, s) =>
      queries.map(q => map.place(map.outputOf(Float32Array.from(q), name, s), name)));
  }
  return out;"""


def layer_outputs(weights: dict, images: np.ndarray) -> dict[str, np.ndarray]:
    """The map's spaces for images: the pixels and each weighted layer's output, flattened."""
    out = {"pixels": images.reshape(len(images), -1).astype(np.float64) / 255.0}
    out.update({name: o.reshape(len(images), -1) for name, (_, o) in lenet(weights, images).items()})
    return out


PLACED = 10  # fresh images placed live, at every snapshot and layer


def test_the_map_is_sklearns_pca_of_the_final_snapshot_for_every_snapshot(explorer, dataset):
    from sklearn.decomposition import PCA

    page = explorer.page
    images, labels = sample_images(page, "test")
    assert np.array_equal(images, dataset.x_test) and np.array_equal(labels, dataset.y_test)  # default data
    queries, _ = sample_images(page, "train", PLACED)
    got = in_page(page, MAP_JS, [(q.ravel() / 255.0).tolist() for q in queries])
    weights = snapshot_weights(page)
    assert got["layers"] == ["pixels", "conv1", "conv2", "dense1", "dense2", "softmax"]
    final = layer_outputs(weights[-1], images)
    # ARPACK: a full SVD of the first convolution's 2,000 x 4,704 outputs takes minutes here.
    pcas = {name: PCA(2, svd_solver="arpack", random_state=0).fit(final[name]) for name in got["layers"]}
    del final
    worst: dict[str, float] = {}
    for s, w in enumerate(weights):
        samples, fresh = layer_outputs(w, images), layer_outputs(w, queries)
        for name, pca in pcas.items():
            expected, placed = pca.transform(samples[name]), pca.transform(fresh[name])
            shown = np.asarray(got["points"][name][s]).reshape(-1, 2)
            live = np.asarray(got["placed"][name][s])
            sign = np.sign((shown * expected).sum(axis=0))  # each axis may point either way
            for a, b in ((shown, expected), (live, placed)):
                worst[name] = max(worst.get(name, 0.0), float(np.abs(a * sign - b).max()))
    print(f"largest difference from scikit-learn's PCA over every snapshot, the sample's points and "
          f"{PLACED} fresh images placed live:", {k: f"{v:.1e}" for k, v in worst.items()})
    assert max(worst.values()) <= 1e-3


NEAR_JS = """
  const [queries, name, s] = args, map = await CnnDemos.UnitExplorer.loadMap(made);
  const all = await map.sampleOutputs(name, s), dims = map.data.layer(name).dims;
  return queries.map(q => {
    const px = Float32Array.from(q);
    const inLayer = CnnDemos.UnitExplorer.LayerMap.nearest(map.outputOf(px, name, s), all, dims, 5);
    const inPixels = CnnDemos.UnitExplorer.LayerMap.nearest(px, map.pixels, CnnDemos.PIXELS, 5);
    return [inLayer.map(f => f.index), inPixels.map(f => f.index)];
  });"""


@pytest.mark.parametrize("name, snapshot", [("conv2", 0)])
def test_the_neighbours_are_numpys_in_the_layer_and_in_pixels(explorer, name, snapshot):
    page = explorer.page
    images, _ = sample_images(page, "test")
    queries, _ = sample_images(page, "train", 50)
    got = in_page(page, NEAR_JS, [(q.ravel() / 255.0).tolist() for q in queries], name, snapshot)
    w = snapshot_weights(page)[snapshot]
    fresh, held_out = layer_outputs(w, queries), layer_outputs(w, images)
    spaces = {"layer": (fresh[name], held_out[name]), "pixels": (fresh["pixels"], held_out["pixels"])}
    for k, (space, (q, all_)) in enumerate(spaces.items()):
        for i in range(50):
            distances = np.sqrt(((all_ - q[i]) ** 2).sum(axis=1))
            expected = np.argsort(distances, kind="stable")[:5]
            shipped = got[i][k]
            if shipped != expected.tolist():  # only a near tie may swap two neighbours
                assert np.abs(distances[shipped] - distances[expected]).max() <= NEAR_TIE, (space, i)
    print(f"{name} at snapshot {snapshot}: 5 nearest of 50 images equal NumPy's in the layer and in pixels")


# --- the page ---------------------------------------------------------------------------------

def test_a_unit_chosen_by_click_shows_its_examples_histogram_and_map(explorer):
    page = explorer.page
    page.select_option(f'{DEMO} [data-setting="layer"]', "conv2")
    strip = page.locator(f'{DEMO} [data-role="strip"]')
    box = strip.bounding_box()
    strip.click(position={"x": box["width"] * 9.5 / 16, "y": box["height"] / 2})
    assert (data(page, DEMO, "layer"), data(page, DEMO, "unit")) == ("conv2", "9")
    found = page.evaluate("CNN_DEMOS_UNITS.lenet.layers[1].found[9]")
    shown = page.eval_on_selector_all(f'{DEMO} [data-role="top"] canvas',
                                      "cs => cs.map(c => +c.dataset.index)")
    assert shown == found["top"]["index"]
    assert "Over the 2,000 held-out digits" in page.inner_text(f'{DEMO} [data-role="histogram-text"]')
    assert "Yours:" in page.inner_text(f'{DEMO} [data-role="histogram-text"]')
    assert "Its map on your digit (10 × 10)" in page.inner_text(f'{DEMO} [data-role="fires-text"]')
    print("unit shown in", data(page, DEMO, "unit-ms"), "ms")


def test_the_map_follows_the_drawing_and_the_snapshots(explorer, dataset):
    page = explorer.page
    seven = int(np.flatnonzero(dataset.y_test == 7)[3])
    show_map(page)
    page.click(f'{DEMO} [data-action="clear"]')
    assert data(page, DEMO, "near-pixels") is None
    draw_strokes(page, f'{DEMO} [data-role="pad"]', ink_strokes(dataset.x_test[seven]))
    page.wait_for_function(f"document.querySelector('{DEMO}').dataset.nearLayer", timeout=60_000)
    assert data(page, DEMO, "predicted") == "7"
    near = json.loads(data(page, DEMO, "near-layer"))
    assert sum(int(dataset.y_test[i]) == 7 for i in near) >= 3  # in dense2, mostly other 7s
    page.fill(f'{DEMO} [data-setting="snapshot"]', "0")
    assert data(page, DEMO, "epoch") == "0"
    assert "Before training" in page.inner_text(f'{DEMO} [data-role="snapshot-text"]')
    # dense2's outputs before training are far smaller than after: the map magnifies, and says so.
    zoom = int(data(page, DEMO, "map-zoom"))
    assert zoom > 1 and f"Magnified {zoom} times" in page.inner_text(f'{DEMO} [data-role="map-about"]')
    rows = page.locator(f'{DEMO} [data-role="centroids"] tbody tr').all_inner_texts()
    assert len(rows) == 10 and rows[7].startswith("7")
    page.wait_for_function(f"document.querySelector('{DEMO}').dataset.nearLayer", timeout=60_000)
    assert "in pixels: " in page.inner_text(f'{DEMO} [data-role="near-text"]')


# --- the map, held back until the reader comes to it -------------------------------------------

HELD_BACK = ("lenet-snapshots.js", "lenet-map.js")
# Every sentence the map's status line says from now on (its role="status" is what a screen
# reader announces).
LISTEN_JS = f"""() => {{ window.__said = [];
  const line = document.querySelector('{DEMO} [data-role="map-status"]');
  new MutationObserver(() => window.__said.push(line.textContent))
    .observe(line, {{childList: true, characterData: true, subtree: true}}); }}"""


def opened_and_watched(browser, url: str, init: str = "") -> tuple[Watched, list[str]]:
    """The page opened with every file it asks for recorded from the start (and init run
    before its own scripts)."""
    watched = open_page(browser, "about:blank")
    asked: list[str] = []
    watched.page.on("request", lambda r: asked.append(r.url.rsplit("/", 1)[-1]))
    if init:
        watched.page.context.add_init_script(init)
    watched.page.goto(url)
    ready(watched)
    return watched, asked


def test_the_units_are_ready_without_the_map_which_comes_when_the_reader_scrolls_to_it(browser, built_site):
    watched, asked = opened_and_watched(browser, (built_site.unzipped / PAGE).as_uri())
    page = watched.page
    assert data(page, DEMO, "map-state") == "waiting"
    assert not set(HELD_BACK) & set(asked), asked
    assert page.evaluate("[typeof CNN_DEMOS_MAPS, typeof CNN_DEMOS_SNAPSHOTS]") == ["undefined"] * 2
    # The units part works: a held-out digit read, a unit's images grown.
    assert data(page, DEMO, "syntheses") == "1" and data(page, DEMO, "predicted") is not None
    status = page.locator(f'{DEMO} [data-role="map-status"]')
    assert status.get_attribute("role") == "status"
    page.evaluate(LISTEN_JS)
    show_map(page)
    assert set(HELD_BACK) <= set(asked)
    said = page.evaluate("window.__said")
    assert said[0].startswith("Loading the map") and said[-1] == status.inner_text(), said
    assert said[-1] == "The map is in: the held-out digits in 6 layers, at 6 points of training."
    assert page.locator(f'{DEMO} [data-setting="map-layer"] option').count() == 6
    page.wait_for_function(f"document.querySelector('{DEMO}').dataset.nearLayer", timeout=60_000)
    assert "dense2: 84 values per digit" in page.inner_text(f'{DEMO} [data-role="map-about"]')
    assert serious_accessibility_violations(page) == []  # the map as it came, with its status line
    watched.assert_clean()


# Browsers without IntersectionObserver (Safari before 12.1) watch the page's scrolling instead.
# On the demo's own page: the course pages' theme needs the observer itself.
NO_OBSERVER = "delete window.IntersectionObserver;"
OWN_PAGE = "cnn-demos/embed/unit-explorer.html"


@pytest.mark.parametrize("how", ["control", "scroll"])
def test_a_map_control_or_without_an_observer_a_scroll_brings_the_map(browser, built_site, how):
    watched, asked = opened_and_watched(browser, (built_site.unzipped / OWN_PAGE).as_uri(), NO_OBSERVER)
    page = watched.page
    assert page.evaluate("typeof IntersectionObserver") == "undefined"
    page.wait_for_timeout(300)  # time for a wrong trigger to show
    assert data(page, DEMO, "map-state") == "waiting" and not set(HELD_BACK) & set(asked)
    if how == "control":  # focused where it is, without scrolling, as a keyboard user's Tab may
        page.eval_on_selector(f'{DEMO} [data-setting="snapshot"]', "s => s.focus({preventScroll: true})")
    else:
        page.mouse.wheel(0, 2400)
    page.wait_for_selector(f'{DEMO}[data-map-state="ready"]', timeout=120_000)
    assert page.eval_on_selector(f'{DEMO} [data-setting="snapshot"]', "s => s.max") == "5"
    watched.assert_clean()


def test_a_map_that_fails_to_load_says_so_and_the_units_go_on(browser, built_site):
    watched, _ = opened_and_watched(browser, (built_site.unzipped / PAGE).as_uri())
    page = watched.page
    held = 'script[data-cnn-later="lenet-map"]'
    real = page.get_attribute(held, "src")
    page.eval_on_selector(held, "s => s.setAttribute('src', 'gone/lenet-map.js')")  # as if it were missing
    page.locator(f'{DEMO} [data-role="map-part"]').scroll_into_view_if_needed()
    page.wait_for_selector(f'{DEMO}[data-map-state="error"]', timeout=60_000)
    said = page.inner_text(f'{DEMO} [data-role="map-status"]')
    assert said.startswith("The map could not be loaded (could not load gone/lenet-map.js)"), said
    assert "try again" in said
    assert serious_accessibility_violations(page) == []
    assert data(page, DEMO, "demo-state") == "ready"
    page.click(f'{DEMO} [data-action="next-unit"]')  # the units part goes on
    assert data(page, DEMO, "unit") == "1"
    page.wait_for_function(f"document.querySelector('{DEMO}').dataset.syntheses === '2'", timeout=60_000)
    assert [f for f in watched.failed if "gone/lenet-map.js" not in f] == []
    assert set(watched.errors) <= {"Failed to load resource: net::ERR_FILE_NOT_FOUND"}, watched.errors
    watched.failed.clear()
    watched.errors.clear()
    page.eval_on_selector(held, "(s, src) => s.setAttribute('src', src)", real)
    page.focus(f'{DEMO} [data-setting="map-layer"]')  # using a control of the map tries again
    page.wait_for_selector(f'{DEMO}[data-map-state="ready"]', timeout=60_000)
    assert page.inner_text(f'{DEMO} [data-role="map-status"]').startswith("The map is in")
    watched.assert_clean()


def test_the_units_are_ready_on_the_first_images_and_the_other_examples_follow(browser, http_site):
    """Ready before the rest of the held-out sample is in (over http, its request held): the
    examples not among the first images wait as grey tiles that say so, the rest of the demo
    works; when the request fails the tiles say why, and the map (which needs every held-out
    digit) brings them when it loads."""
    watched = open_page(browser, "about:blank", also_local=(urlparse(http_site).netloc,))
    page, held = watched.page, []
    page.route("**/sample-held-out.js", lambda route: held.append(route))
    page.goto(f"{http_site}/{PAGE}", wait_until="commit")  # its load event waits for the held request
    page.wait_for_selector(f'{DEMO}[data-demo-state="ready"]', timeout=120_000)
    page.wait_for_selector(f'{DEMO}[data-examples="loading"]', timeout=60_000)
    page.wait_for_function(f"document.querySelector('{DEMO}').dataset.synthesis === 'done'", timeout=120_000)
    assert len(held) == 1  # asked for once ready, and still on its way
    first = page.evaluate("CNN_DEMOS_SAMPLE.test.count")  # the images the page opens with
    position = dict(zip(page.evaluate("CNN_DEMOS_UNITS.lenet.examples.held_out"),
                        page.evaluate("CNN_DEMOS_UNITS.lenet.examples.in_sample"), strict=True))
    found = page.evaluate("CNN_DEMOS_UNITS.lenet.layers[0].found[0]")
    tiles = f'{DEMO} [data-role="top"] canvas, {DEMO} [data-role="bottom"] canvas'

    def check_tiles(waiting: str | None) -> list[str | None]:
        shown = page.eval_on_selector_all(
            tiles, "cs => cs.map(c => [+c.dataset.index, c.dataset.waiting || null])")
        assert [i for i, _ in shown] == found["top"]["index"] + found["bottom"]["index"]
        for index, state in shown:  # an example among the first images is drawn at once
            assert state == (None if index not in position or position[index] < first else waiting), index
        return [state for _, state in shown]

    assert first < 2000 and "loading" in check_tiles("loading"), "all among the first images"
    label = page.get_attribute(f'{DEMO} canvas[data-waiting="loading"]', "aria-label")
    assert label.endswith("its image is loading"), label
    page.click(f'{DEMO} [data-action="next-unit"]')  # the units part goes on meanwhile
    page.wait_for_function(f"document.querySelector('{DEMO}').dataset.syntheses === '2'", timeout=60_000)
    assert data(page, DEMO, "demo-state") == "ready" and data(page, DEMO, "predicted") is not None
    page.click(f'{DEMO} [data-action="previous-unit"]')
    held[0].abort()
    page.wait_for_selector(f'{DEMO}[data-examples="error"]', timeout=60_000)
    assert "failed" in check_tiles("failed")
    label = page.get_attribute(f'{DEMO} canvas[data-waiting="failed"]', "aria-label")
    assert "its image could not be loaded (could not load ./cnn-demos/data/sample-held-out.js)" in label
    assert serious_accessibility_violations(page) == []
    assert [f for f in watched.failed if "sample-held-out.js" not in f] == []
    watched.failed.clear()
    watched.errors.clear()
    page.unroute("**/sample-held-out.js")
    show_map(page)  # the map loads the held-out sample again, and the examples come with it
    page.wait_for_selector(f'{DEMO}[data-examples="all"]', timeout=60_000)
    assert page.eval_on_selector_all(tiles, "cs => cs.map(c => c.dataset.waiting || null)") == [None] * 18
    watched.assert_clean()


def test_the_notebooks_copy_with_every_script_inside_brings_its_map_too(browser, built_site, tmp_path):
    """show_demo.py and the widget copy the held-back scripts in as ordinary ones: the map still
    comes when the reader scrolls to it, in the sandboxed frame, under the page's policy."""
    shown = tmp_path / "notebook-output.html"
    output = show_demo.frame("unit-explorer", site=built_site.unzipped)._repr_html_()
    shown.write_text(output, encoding="utf-8")
    watched = open_page(browser, shown.as_uri(), enforce_csp=True)
    frame = watched.page.frame_locator("iframe")
    frame.locator(f'{DEMO}[data-demo-state="ready"]').wait_for(timeout=120_000)
    assert frame.locator(f'{DEMO}[data-map-state="waiting"]').count() == 1
    frame.locator(f'{DEMO} [data-role="map-part"]').scroll_into_view_if_needed()
    frame.locator(f'{DEMO}[data-map-state="ready"]').wait_for(timeout=60_000)
    assert frame.locator(f'{DEMO} [data-setting="map-layer"] option').count() == 6
    watched.assert_clean()
    watched.page.context.close()


TENSORS_JS = "tf.memory().numTensors"


def test_no_tensors_left_after_100_units_and_20_grown_images(browser, built_site):
    watched = open_page(browser, (built_site.unzipped / PAGE).as_uri())
    page = watched.page
    ready(watched)
    page.evaluate("CnnDemos.UnitExplorer.GROWING.steps = 20")  # short growths: the count is what matters
    page.click(f'{DEMO} [data-action="grow"]')
    page.wait_for_function(f"document.querySelector('{DEMO}').dataset.synthesis === 'done'", timeout=60_000)
    # Every snapshot's network and the layer outputs made once, before counting.
    show_map(page)
    for s in range(6):
        page.fill(f'{DEMO} [data-setting="snapshot"]', str(s))
    page.wait_for_function(f"document.querySelector('{DEMO}').dataset.nearLayer", timeout=60_000)
    before = page.evaluate(TENSORS_JS)
    for i in range(100):
        page.click(f'{DEMO} [data-action="{"next-unit" if i % 10 else "previous-unit"}"]')
    settled = f"document.querySelector('{DEMO}').dataset.synthesis === 'done'"
    page.wait_for_function(settled, timeout=60_000)  # the last unit's images
    done = int(data(page, DEMO, "syntheses"))
    for _ in range(20):
        page.click(f'{DEMO} [data-action="grow"]')
        done += 1
        page.wait_for_function(f"+document.querySelector('{DEMO}').dataset.syntheses >= {done}",
                               timeout=60_000)
    after = page.evaluate(TENSORS_JS)
    print(f"tensors: {before} before, {after} after 100 units chosen and 20 images grown")
    assert after == before
    assert int(data(page, DEMO, "units-chosen")) >= 100
    watched.assert_clean()


@pytest.mark.parametrize("pointer", ["touch", "pen"])
def test_a_phone_draws_with_a_finger_or_a_pen(browser, built_site, dataset, pointer):
    watched = open_page(browser, (built_site.unzipped / PAGE).as_uri(), has_touch=pointer == "touch")
    page = watched.page
    page.set_viewport_size({"width": 390, "height": 844})
    ready(watched)
    three = int(np.flatnonzero(dataset.y_test == 3)[1])
    page.click(f'{DEMO} [data-action="clear"]')
    draw_on_a_phone(page, f'{DEMO} [data-role="pad"]', dataset.x_test[three], pointer)
    page.wait_for_function(f"document.querySelector('{DEMO}').dataset.predicted === '3'", timeout=30_000)
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    show_map(page)  # its status line and controls fit too
    page.wait_for_function(f"document.querySelector('{DEMO}').dataset.nearLayer", timeout=60_000)
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    watched.assert_clean()


def test_unit_explorer_by_keyboard(open_demo):  # noqa: F811 - the fixture imported above
    watched = open_demo(PAGE, DEMO)
    page = watched.page
    ready(watched)
    assert tab_walk(page, DEMO) == AT_READY
    # Tab reached the map's controls, which brought the map.
    assert data(page, DEMO, "map-state") in ("loading", "ready")
    tab_to(page, f'{DEMO} [data-setting="layer"]')
    page.keyboard.press("End")  # the class scores
    assert data(page, DEMO, "layer") == "softmax"
    tab_to(page, f'{DEMO} [data-action="next-unit"]')
    page.keyboard.press("Enter")
    assert data(page, DEMO, "unit") == "1"
    assert "the score of 1" in page.inner_text(f'{DEMO} [data-role="unit-about"]')
    tab_to(page, f'{DEMO} [data-setting="blur"]')
    page.keyboard.press("Space")
    assert not page.is_checked(f'{DEMO} [data-setting="blur"]')
    page.wait_for_function(f"document.querySelector('{DEMO}').dataset.synthesis === 'done'", timeout=60_000)
    assert "with jitter and decay" in page.inner_text(f'{DEMO} [data-role="grown-text"]')
    tab_to(page, f'{DEMO} [data-setting="snapshot"]')
    page.wait_for_selector(f'{DEMO}[data-map-state="ready"]', timeout=60_000)
    page.keyboard.press("Home")
    assert data(page, DEMO, "epoch") == "0"
    watched.assert_clean()
