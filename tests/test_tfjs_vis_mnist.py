"""The guided TensorFlow.js + tfjs-vis walkthrough (issue 4), in headless Chromium.

The reader's path runs through the real buttons with small training settings typed into the
settings form, from file:// in the unzipped zip: every step, Stop, save to IndexedDB, reload,
load, download. Results are read from the page's text twins and data-* attributes.
"""

import json

import numpy as np
import pytest

from browser import Watched, draw_strokes, ink_strokes, open_page

pytestmark = pytest.mark.browser

PAGE = "guided-training.html"
ROOT = '[data-cnn-demo="tfjs-vis-mnist"]'
SMALL = {"trainExamples": "800", "epochs": "2", "batchSize": "64", "learningRate": "0.005"}
LONG = 600_000  # ms; training in software WebGL on a shared 2-core machine is slow


def step(page, name: str) -> str:
    return f'{ROOT} [data-step="{name}"]'


def run_step(page, name: str, action: str | None = None) -> str:
    """Press a step's button and wait until that step reports done; returns its result text."""
    page.click(f'{ROOT} [data-action="{action or name}"]')
    page.wait_for_selector(f'{step(page, name)}[data-step-state="done"], '
                           f'{step(page, name)}[data-step-state="error"]', timeout=LONG)
    result = page.locator(f'{step(page, name)} [data-role="result"]').inner_text()
    assert page.get_attribute(step(page, name), "data-step-state") == "done", result
    return result


def set_settings(page, values: dict[str, str]) -> None:
    for name, value in values.items():
        page.fill(f'{ROOT} [data-setting="{name}"]', value)


def open_ready(browser, url: str) -> Watched:
    watched = open_page(browser, url)
    watched.page.wait_for_selector(f'{ROOT}[data-demo-state="ready"]', timeout=120_000)
    return watched


def wait_for_text(page, name: str, text: str) -> None:
    """Wait until a step's result region says `text` (buttons that share a step's region)."""
    page.wait_for_function("([selector, text]) => document.querySelector(selector)"
                           ".textContent.includes(text)",
                           arg=[f'{step(page, name)} [data-role="result"]', text], timeout=LONG)


def draw_and_read(page, digit_image: np.ndarray) -> list[float]:
    page.click(f'{ROOT} [data-action="clear"]')
    page.evaluate("""() => { const p = document.querySelector(
        '[data-cnn-demo="tfjs-vis-mnist"] [data-role="prediction"]');
        delete p.dataset.probabilities; }""")
    draw_strokes(page, f'{ROOT} [data-role="pad"]', ink_strokes(digit_image))
    run_step(page, "recognizeDrawing")
    prediction = page.locator(f'{ROOT} [data-role="prediction"]')
    return json.loads(prediction.get_attribute("data-probabilities"))


def test_walkthrough_from_file(built_site, browser, dataset):
    url = (built_site.unzipped / PAGE).as_uri()
    watched = open_ready(browser, url)
    page = watched.page
    assert page.get_attribute(ROOT, "data-backend") in ("webgl", "cpu")
    backend = page.locator(f'{ROOT} [data-role="backend"]').inner_text()
    assert page.get_attribute(ROOT, "data-backend") in backend

    # Steps unlock in order: only the first is usable at the start.
    assert page.is_enabled(f'{ROOT} [data-action="openVisor"]')
    for later in ("loadData", "showExamples", "buildModel", "train", "perClassAccuracy",
                  "confusionMatrix", "recognizeDrawing", "saveModel", "downloadModel"):
        assert page.is_disabled(f'{ROOT} [data-action="{later}"]'), later

    # The code shown beside each button is that step's function.
    train_code = page.locator(f'{step(page, "train")} code').inner_text()
    assert train_code.startswith("async function train(lab) {")
    assert "tfvis.show.fitCallbacks" in train_code and "lab.model.fit(" in train_code
    assert "stopTraining = true" in train_code and "yieldEvery" in train_code
    evaluation = page.locator(f'{step(page, "perClassAccuracy")} code').inner_text()
    assert "function classifyHeldOut(lab)" in evaluation
    assert "tfvis.metrics.perClassAccuracy" in evaluation

    # Step 1 with the keyboard: focus the button, press Enter.
    page.focus(f'{ROOT} [data-action="openVisor"]')
    page.keyboard.press("Enter")
    page.wait_for_selector(f'{step(page, "openVisor")}[data-step-state="done"]')
    assert "backtick" in page.locator(f'{step(page, "openVisor")} [data-role="result"]').inner_text()
    assert page.locator(".visor").count() == 1

    assert "8000 training digits" in run_step(page, "loadData")
    assert page.get_attribute(f'{ROOT} [data-role="progress"]', "value") == "1"

    run_step(page, "showExamples")
    assert page.locator(f'{ROOT} [data-role="examples"] figure').count() == 20
    inked = page.evaluate("""() => Array.from(document.querySelectorAll(
        '[data-cnn-demo="tfjs-vis-mnist"] [data-role="examples"] canvas')).map(c => {
          const d = c.getContext('2d').getImageData(0, 0, c.width, c.height).data;
          let sum = 0; for (let i = 0; i < d.length; i += 4) sum += d[i];
          return sum; })""")
    assert len(inked) == 20 and all(s > 0 for s in inked)
    captions = page.locator(f'{ROOT} [data-role="examples"] figcaption').all_inner_texts()
    assert captions == [str(d) for d in dataset.y_train[:20]]

    assert "7 layers" in run_step(page, "buildModel")
    kinds = page.eval_on_selector_all(f'{ROOT} [data-role="summary"] tbody tr',
                                      "rows => rows.map(r => r.dataset.layer)")
    assert kinds == ["Conv2D", "MaxPooling2D", "Conv2D", "MaxPooling2D", "Flatten", "Dense",
                     "Dense"]
    visor_text = page.locator(".visor").inner_text()
    assert "conv2d" in visor_text.lower() and "dense" in visor_text.lower()

    # Stop: a long run, stopped after its first batches, ends cleanly.
    set_settings(page, {**SMALL, "epochs": "50"})
    page.click(f'{ROOT} [data-action="train"]')
    page.wait_for_function("""() => /batch \\d+ of/.test(document.querySelector(
        '[data-cnn-demo="tfjs-vis-mnist"] [data-role="train-status"]').textContent)""",
                           timeout=LONG)
    page.click(f'{ROOT} [data-action="stop"]')
    page.wait_for_selector(f'{step(page, "train")}[data-step-state="done"]', timeout=LONG)
    assert page.get_attribute(ROOT, "data-training") == "stopped"
    assert int(page.get_attribute(ROOT, "data-epochs-done") or 0) < 50
    assert page.is_disabled(f'{ROOT} [data-action="stop"]')

    # A real (small) run: accuracy well above chance (10%).
    page.click(f'{ROOT} [data-action="buildModel"]')
    page.wait_for_selector(f'{step(page, "buildModel")}[data-step-state="done"]')
    set_settings(page, SMALL)
    assert "Finished after 2 epochs" in run_step(page, "train")
    assert page.get_attribute(ROOT, "data-training") == "done"
    # The model built again has learnt from the run's examples only: 2 epochs of 800.
    assert page.get_attribute(ROOT, "data-examples-seen") == "1600"
    assert float(page.get_attribute(ROOT, "data-val-accuracy")) > 0.5
    assert page.locator(f'{ROOT} [data-role="train-log"] li').count() == 2
    assert page.locator(".visor .vega-embed").count() >= 2  # batch and epoch charts

    assert "2000 held-out digits" in run_step(page, "perClassAccuracy")
    rows = page.locator(f'{ROOT} [data-role="per-class"] tbody tr')
    assert rows.count() == 10
    held_out = float(page.get_attribute(ROOT, "data-held-out-accuracy"))
    assert held_out > 0.5

    run_step(page, "confusionMatrix")
    matrix = page.eval_on_selector_all(
        f'{ROOT} [data-role="confusion"] tbody tr',
        "rows => rows.map(r => Array.from(r.querySelectorAll('td')).map(c => +c.textContent))")
    assert len(matrix) == 10 and all(len(r) == 10 for r in matrix)
    counts = np.array(matrix)
    assert counts.sum() == len(dataset.y_test)
    assert abs(np.trace(counts) / counts.sum() - held_out) < 1e-6
    assert page.locator(".visor").inner_text().count("Confusion matrix") >= 1

    # The backtick key hides the visor (it covers part of the page) and brings it back.
    page.focus(f'{ROOT} [data-action="confusionMatrix"]')
    page.keyboard.press("Backquote")
    page.wait_for_function("() => !tfvis.visor().isOpen()")
    page.keyboard.press("Backquote")
    page.wait_for_function("() => tfvis.visor().isOpen()")
    page.keyboard.press("Backquote")
    page.wait_for_function("() => !tfvis.visor().isOpen()")

    # Try your own digit, keep the model, download it.
    digit = dataset.x_test[int(np.flatnonzero(dataset.y_test == 3)[0])]
    before = draw_and_read(page, digit)
    assert len(before) == 10 and abs(sum(before) - 1) < 1e-3
    assert "Saved in this browser" in run_step(page, "saveModel", "saveModel")
    with page.expect_download() as download:
        page.click(f'{ROOT} [data-action="downloadModel"]')
    assert download.value.suggested_filename.startswith("cnn-demos-guided-mnist")
    wait_for_text(page, "saveModel", "weights.bin")

    # A later visit: the saved model loads from IndexedDB and reads the digit the same way.
    page.reload()
    page.wait_for_selector(f'{ROOT}[data-demo-state="ready"]', timeout=120_000)
    assert page.get_attribute(ROOT, "data-store") == "available"
    assert "is saved in this browser" in page.locator(f'{ROOT} [data-role="keep-status"]').inner_text()
    assert page.is_disabled(f'{ROOT} [data-action="recognizeDrawing"]')
    page.click(f'{ROOT} [data-action="loadModel"]')
    wait_for_text(page, "saveModel", "Loaded the model saved on")
    after = draw_and_read(page, digit)
    np.testing.assert_allclose(after, before, atol=1e-4)

    watched.assert_clean()


def test_first_steps_over_http(http_site, browser):
    watched = open_ready(browser, f"{http_site}/{PAGE}")
    page = watched.page
    for name in ("openVisor", "loadData", "showExamples", "buildModel"):
        run_step(page, name)
    assert page.locator(f'{ROOT} [data-role="summary"] tbody tr').count() == 7
    assert page.is_enabled(f'{ROOT} [data-action="train"]')
    watched.assert_clean()


SAVE_MODEL = """async ([inputShape, units]) => {
    const model = tf.sequential({layers: [tf.layers.flatten({inputShape}),
                                          tf.layers.dense({units, activation: 'softmax'})]});
    await model.save('indexeddb://cnn-demos-guided-mnist');
    model.dispose();
}"""
# TF.js keeps a saved model in the IndexedDB database 'tensorflowjs', store 'models_store'.
DAMAGE_WEIGHTS = """() => new Promise((resolve, reject) => {
    const open = indexedDB.open('tensorflowjs');
    open.onerror = () => reject(open.error);
    open.onsuccess = () => {
        const store = open.result.transaction('models_store', 'readwrite').objectStore('models_store');
        const get = store.get('cnn-demos-guided-mnist');
        get.onsuccess = () => {
            const entry = get.result;
            entry.modelArtifacts.weightData = new ArrayBuffer(12);  // cut short
            const put = store.put(entry);
            put.onsuccess = () => { open.result.close(); resolve(); };
            put.onerror = () => reject(put.error);
        };
    };
})"""


def load_fails(page, says: str) -> None:
    page.click(f'{ROOT} [data-action="loadModel"]')
    wait_for_text(page, "saveModel", "This step failed")
    text = page.locator(f'{step(page, "saveModel")} [data-role="result"]').inner_text()
    assert says in text and "the one in use has not changed" in text.lower(), text


def test_a_bad_saved_model_is_refused_and_the_model_in_use_stays(built_site, browser, dataset):
    """Another architecture, a damaged entry, a removed entry: a clear message, same model."""
    watched = open_ready(browser, (built_site.unzipped / PAGE).as_uri())
    page = watched.page
    page.evaluate(SAVE_MODEL, [[28, 28, 1], 10])  # a (tiny, untrained) model of the right shape
    page.reload()
    page.wait_for_selector(f'{ROOT}[data-demo-state="ready"]', timeout=120_000)
    page.click(f'{ROOT} [data-action="loadModel"]')
    wait_for_text(page, "saveModel", "Loaded the model saved on")
    digit = dataset.x_test[int(np.flatnonzero(dataset.y_test == 3)[0])]
    in_use = draw_and_read(page, digit)

    page.evaluate(SAVE_MODEL, [[32, 32, 3], 5])  # saved by a page for colour images, 5 classes
    load_fails(page, "made for other data ([32,32,3] in, [5] out)")
    np.testing.assert_allclose(draw_and_read(page, digit), in_use, atol=1e-3)

    page.evaluate(SAVE_MODEL, [[28, 28, 1], 10])
    page.evaluate(DAMAGE_WEIGHTS)
    load_fails(page, "the saved model is damaged")
    np.testing.assert_allclose(draw_and_read(page, digit), in_use, atol=1e-3)

    page.evaluate("() => tf.io.removeModel('indexeddb://cnn-demos-guided-mnist')")
    load_fails(page, "no model is saved in this browser any more")
    np.testing.assert_allclose(draw_and_read(page, digit), in_use, atol=1e-3)
    assert page.is_disabled(f'{ROOT} [data-action="loadModel"]')  # nothing left to load
    watched.assert_clean()
