"""Questions the demos answer, in the built course: every page of the unit with a demo asks at
least one; the answers the build states equal the trained models' (computed here with
TensorFlow); and in headless Chromium, from file:// as a reader opens the offline zip, the flow
for each kind of answer (a number by keyboard, a sketch by mouse and keys, a slider and a
choice waiting for a live measurement), a browser that refuses storage (a sandboxed iframe, as
in Jupyter) or whose storage is full, and the summary page gathering the answers of every page,
bringing old ones back, downloading them and forgetting them.
"""

import html
import json
import math
import re
from pathlib import Path

import numpy as np
import pytest

from browser import ALL_READY, open_page, wait_until
from conftest import ROOT

pytestmark = pytest.mark.browser

QUESTION = '[data-cnn-question="{}"]'
KEY = "cnn-demos-answers:CNN demos"  # the learner's answers for this course (kept-answers.js)
_ELEMENT = re.compile(r'<section class="cnn-question"[^>]*data-cnn-question="([a-z0-9-]+)"[^>]*'
                      r'data-question="([^"]*)"')


def questions_of(site: Path) -> dict[str, list[dict]]:
    """page -> the data of each question element on it, as the build wrote them."""
    found = {}
    for page in sorted(site.glob("*.html")):
        widgets = [json.loads(html.unescape(data)) for _, data in _ELEMENT.findall(page.read_text())]
        if widgets:
            found[page.name] = widgets
    return found


def widget(site: Path, name: str) -> dict:
    return next(w for ws in questions_of(site).values() for w in ws if w["name"] == name)


# --- the course ----------------------------------------------------------------------------

def test_every_page_of_the_unit_with_a_demo_asks_a_bound_question(built_site, zensical_site):
    """Each page of the unit with a demo has a question bound to one of its demos; the summary's
    questions the networks answer are bound; the gathering lists every one; Zensical's pages
    carry the same questions."""
    site = built_site.site
    asked = questions_of(site)
    # The home page is not a page of the unit.
    unit = [p for p in sorted(site.glob("*.html"))
            if 'data-cnn-demo="' in p.read_text() and p.name != "index.html"]
    assert len(unit) >= 10
    for page in unit:
        demos = set(re.findall(r'data-cnn-demo="([a-z0-9-]+)"', page.read_text()))
        assert any(w["demo"] in demos for w in asked.get(page.name, [])), f"{page.name} asks nothing"
    assert {w["name"] for w in asked["summary.html"]} == {
        "summary-dense1-weights", "summary-conv1-weights", "summary-pool2-field"}
    everyone = [w["name"] for ws in asked.values() for w in ws]
    gathered = re.findall(r'data-answers-question="([a-z0-9-]+)"', (site / "summary.html").read_text())
    assert sorted(gathered) == sorted(everyone) and len(set(everyone)) == len(everyone)
    assert questions_of(zensical_site.site) == asked


def test_the_answers_the_build_states_are_the_trained_models(built_site, dataset):
    """Weight counts, receptive fields and held-out accuracy, computed here from the Keras models
    the build trained: weights with count_params, fields from the gradient of one unit with
    respect to the input, accuracy by evaluating the recogniser on the held-out digits."""
    from builder.chain import train_all
    from builder.settings import resolve
    from builder.train.tf_runtime import import_tf

    tf, keras = import_tf()
    _, trained = train_all(resolve(ROOT, {}, {}), lambda message: None)
    lenet = keras.models.load_model(trained["lenet"].keras_path, compile=False)
    recognizer = keras.models.load_model(trained["recognizer"].keras_path, compile=False)
    site = built_site.site

    weights = {layer.name: layer.count_params() for layer in lenet.layers if layer.count_params()}
    assert widget(site, "summary-dense1-weights")["value"] == weights["dense1"] == 400 * 120 + 120
    assert widget(site, "summary-conv1-weights")["value"] == weights["conv1"]

    fields = {name: field_side(tf, lenet, name) for name in ("conv1", "pool1", "conv2", "pool2")}
    assert dict(widget(site, "lenet-field-by-layer")["value"]) == fields
    assert widget(site, "lenet-conv2-field")["value"] == fields["conv2"]
    assert widget(site, "summary-pool2-field")["value"] == fields["pool2"]

    x = dataset.x_test.astype(np.float32)[..., None] / 255.0
    right = np.argmax(recognizer.predict(x, batch_size=500, verbose=0), axis=1) == dataset.y_test
    assert widget(site, "recogniser-accuracy")["value"] == pytest.approx(right.mean(), abs=1e-6)
    print(f"\nbuild-computed answers equal the models': weights {weights}, fields {fields}, "
          f"recogniser held-out accuracy {right.mean():.4f}")


def field_side(tf, model, layer: str) -> int:
    """How many input pixels across one central unit of the layer depends on: where the
    gradient of its output (all channels) with respect to the input is not zero, over a few
    random inputs (a max-pool passes back through one input of each window at a time)."""
    sub = tf.keras.Model(model.inputs, model.get_layer(layer).output)
    rng = np.random.default_rng(0)
    seen = np.zeros((28, 28), bool)
    for _ in range(16):
        x = tf.constant(rng.random((1, 28, 28, 1)), tf.float32)
        with tf.GradientTape() as tape:
            tape.watch(x)
            out = sub(x)
            unit = out[0, out.shape[1] // 2, out.shape[2] // 2, :]
            total = tf.reduce_sum(unit)
        seen |= np.abs(tape.gradient(total, x).numpy()[0, :, :, 0]) > 0
    rows, cols = np.nonzero(seen)
    return int(max(rows.max() - rows.min(), cols.max() - cols.min()) + 1)


# --- the flow in the browser ---------------------------------------------------------------

def kept(page) -> dict:
    return json.loads(page.evaluate(f"localStorage.getItem({json.dumps(KEY)})") or "{}")


def answered_days_ago(page, name: str, days: int) -> None:
    """Move the question's first kept try back in time, as if answered that many days ago."""
    page.evaluate("""([key, name, days]) => { const data = JSON.parse(localStorage.getItem(key));
        data.questions[name].tries[0].committed -= days * 24 * 3600 * 1000;
        localStorage.setItem(key, JSON.stringify(data)); }""", [KEY, name, days])


def test_a_number_answered_by_keyboard_then_why_and_the_courses_explanation(browser, built_site):
    watched = open_page(browser, (built_site.unzipped / "summary.html").as_uri())
    page = watched.page
    q = QUESTION.format("summary-conv1-weights")
    page.wait_for_selector(f'{q}[data-question-state="open"]')
    value = widget(built_site.site, "summary-conv1-weights")["value"]
    page.focus(f"{q} [data-role=answer]")
    page.keyboard.type("150")
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.dataset.action") == "commit"
    page.keyboard.press("Enter")
    assert page.get_attribute(q, "data-question-state") == "revealed"
    assert page.evaluate("document.activeElement.dataset.role") == "why"  # the focus moves on
    said = page.inner_text(f"{q} [role=status]")
    assert said.startswith(f"Close: you said 150 weights, and it is {value} weights "
                           f"({value - 150} weights more")
    assert f"Computed by the build: {value} weights" in page.inner_text(f"{q} [data-role=compared]")
    assert page.get_attribute(q, "data-closeness") == "close"
    assert page.inner_text(f"{q} [data-role=explain]") == ""  # the course's answer comes after the learner's
    page.keyboard.type("six filters of 25 weights, and a bias each")
    page.keyboard.press("Enter")
    explained = page.inner_text(f"{q} [data-role=explain]")
    assert explained.startswith("The course says: Each filter has 25 weights")
    [attempt] = kept(page)["questions"]["summary-conv1-weights"]["tries"]
    assert attempt | {"committed": 0} == {
        "answer": 150, "measured": value, "closeness": "close",
        "why": "six filters of 25 weights, and a bias each",
        "before": False, "committed": 0, "about": "from the lenet model as this build trained it",
        "said": said.split(" Why do you")[0]}
    # Try again: the answer opens, the reveal goes, and a second try is kept beside the first.
    page.click(f"{q} [data-action=try-again]")
    assert page.get_attribute(q, "data-question-state") == "open"
    assert page.evaluate("document.activeElement.dataset.role") == "answer"
    page.fill(f"{q} [data-role=answer]", str(value))
    page.click(f"{q} [data-action=commit]")
    assert page.get_attribute(q, "data-closeness") == "exactly right"
    assert [t["answer"] for t in kept(page)["questions"]["summary-conv1-weights"]["tries"]] == [150, value]
    # Nothing said to the keyboard user is lost: an empty number is refused with a message.
    other = QUESTION.format("summary-dense1-weights")
    page.click(f"{other} [data-action=commit]")
    assert page.get_attribute(other, "data-question-state") == "open"
    assert page.inner_text(f"{other} [role=status]") == "Give a number first."
    watched.assert_clean()


def test_a_sketch_drawn_with_the_mouse_and_set_by_keys(browser, built_site):
    watched = open_page(browser, (built_site.unzipped / "cnns-and-mlps.html").as_uri())
    page = watched.page
    q = QUESTION.format("lenet-field-by-layer")
    page.wait_for_selector(f'{q}[data-question-state="open"]')
    canvas = page.locator(f"{q} canvas")
    canvas.scroll_into_view_if_needed()
    box = canvas.bounding_box()
    # A rising line, drawn from bottom left to top right with the mouse.
    page.mouse.move(box["x"] + box["width"] * 0.1, box["y"] + box["height"] * 0.8)
    page.mouse.down()
    page.mouse.move(box["x"] + box["width"] * 0.95, box["y"] + box["height"] * 0.1, steps=25)
    page.mouse.up()
    drawn = page.evaluate(f"document.querySelector('{q}').cnnQuestion.sketch.values")
    assert drawn == sorted(drawn) and drawn[-1] - drawn[0] > 14
    # The first point by keyboard: Home sets it to the bottom of the range, then up by 5.
    page.focus(f"{q} [data-role=point] >> nth=0")
    page.keyboard.press("Home")
    for _ in range(5):
        page.keyboard.press("ArrowRight")
    mine = page.evaluate(f"document.querySelector('{q}').cnnQuestion.sketch.values")
    assert mine[0] == 5 and mine[1:] == drawn[1:]
    page.click(f"{q} [data-action=commit]")
    measured = widget(built_site.site, "lenet-field-by-layer")["value"]
    assert json.loads(page.get_attribute(q, "data-measured")) == measured
    mean = np.mean([abs(a - m) for a, (_, m) in zip(mine, measured, strict=True)])
    shown = math.floor(mean * 10 + 0.5) / 10  # rounded half up, as the page rounds
    said = page.inner_text(f"{q} [data-role=closeness]")
    assert f"your curve is {shown:g} pixels across from the measured one on average, over 4 points" in said
    watched.assert_clean()


def test_a_slider_waits_for_the_demos_measurement_and_its_control_says_so(browser, built_site):
    """LeNet in 3D: until the question is answered, the time-lapse slider says it shows the
    answer; answered, the question waits; the slider moved to epoch 0 reveals the build's own
    figure for those weights, as the demo publishes it."""
    watched = open_page(browser, (built_site.unzipped / "lenet-3d.html").as_uri())
    page = watched.page
    wait_until(page, ALL_READY, timeout=180)
    q = QUESTION.format("lenet-untrained")
    demo = '[data-cnn-demo="tensorspace-lenet"]'
    hint = page.locator(f"{demo} .cnn-question-hint")
    assert hint.count() == 1 and "first: this shows its answer" in hint.inner_text()
    described = page.get_attribute(f"{demo} [data-setting=snapshot]", "aria-describedby")
    assert described.endswith(hint.get_attribute("id"))
    page.focus(f"{q} [data-role=answer]")
    page.keyboard.press("Home")
    for _ in range(12):
        page.keyboard.press("ArrowRight")
    page.click(f"{q} [data-action=commit]")
    assert page.get_attribute(q, "data-question-state") == "committed"
    assert "Now set “" in page.inner_text(f"{q} [role=status]")
    assert page.locator(f"{demo} .cnn-question-hint").count() == 0
    page.focus(f"{demo} [data-setting=snapshot]")
    page.keyboard.press("Home")
    wait_until(page, f"document.querySelector('{q}').dataset.questionState === 'revealed'", timeout=30)
    epoch0 = page.evaluate("window.CNN_DEMOS_SNAPSHOTS.lenet[0]")
    assert epoch0["epoch"] == 0
    assert json.loads(page.get_attribute(q, "data-measured")) == epoch0["held_out_accuracy"]
    assert page.inner_text(f"{q} [role=status]").startswith(
        f"{closeness_word(12, 100 * epoch0['held_out_accuracy']).capitalize()}: you said 12%")
    watched.assert_clean()


def closeness_word(answer: float, measured: float) -> str:
    """question-words.js's words for a share, in percentage points."""
    d = abs(answer - measured)
    return "exactly right" if d == 0 else "spot on" if d <= 2 else "close" if d <= 5 else \
        "some way off" if d <= 15 else "far off"


def test_a_choice_counts_only_a_measurement_made_as_the_question_asks(browser, built_site):
    """One step: the question asks about learning rate 1; a step at 0.01 reveals nothing, a step
    at 1 reveals whether the loss went down, as the demo measured it."""
    watched = open_page(browser, (built_site.unzipped / "one-step.html").as_uri())
    page = watched.page
    wait_until(page, ALL_READY, timeout=180)
    demo = '[data-cnn-demo="one-step"]'
    q = QUESTION.format("one-step-rate-1")
    page.check(f"{q} input[type=radio] >> nth=0")  # lower
    page.click(f"{q} [data-action=commit]")
    page.select_option(f"{demo} [data-setting=rate]", "0.01")
    page.click(f"{demo} [data-action=apply]")
    assert page.get_attribute(q, "data-question-state") == "committed"
    page.select_option(f"{demo} [data-setting=rate]", "1")
    page.click(f"{demo} [data-action=apply]")
    assert page.get_attribute(q, "data-question-state") == "revealed"
    [at_rate_1] = [m for m in page.evaluate(f"CnnDemos.measurements(document.querySelector('{demo}'), "
                                            "'loss-after-step')") if m["context"]["rate"] == 1]
    [losses] = re.findall(r"loss ([0-9.]+) before the step, ([0-9.]+) after", at_rate_1["about"])
    before, after = (float(v) for v in losses)
    went = "lower" if after < before else "higher" if after > before else "the same"
    assert json.loads(page.get_attribute(q, "data-measured")) == at_rate_1["value"] == went
    assert page.get_attribute(q, "data-closeness") == ("right" if went == "lower" else "not this time")
    # A new try after the demo has measured is revealed at once, and says it came after.
    page.click(f"{q} [data-action=try-again]")
    page.check(f"{q} input[type=radio] >> nth=1")
    page.click(f"{q} [data-action=commit]")
    assert "The demo had measured it before you answered." in page.inner_text(f"{q} [data-role=compared]")
    watched.assert_clean()


# --- storage -------------------------------------------------------------------------------

def test_where_storage_is_refused_the_question_works_and_says_why(browser, built_site, serve_folder,
                                                                  tmp_path):
    """In a sandboxed iframe, as Jupyter shows a page, localStorage throws: the question still
    answers and reveals for the session and says it cannot keep answers; with the storage
    full, the same, saying so."""
    site = serve_folder(built_site.unzipped)
    (tmp_path / "frame.html").write_text(f'<!doctype html><title>frame</title><iframe sandbox="allow-scripts"'
                                         f' src="{site}/summary.html" width="1000" height="800"></iframe>')
    host = site.split("//")[1]
    watched = open_page(browser, f"{serve_folder(tmp_path)}/frame.html", also_local=(host,))
    stacks = []  # the theme's own script reads localStorage unguarded: ours must never throw there
    watched.page.on("pageerror", lambda error: stacks.append(error.stack or ""))
    watched.page.reload()
    frame = next(f for f in watched.page.frames if f.url.endswith("summary.html"))
    q = QUESTION.format("summary-pool2-field")
    frame.wait_for_selector(f'{q}[data-question-state="open"]')
    touched = frame.evaluate("(() => { try { return localStorage.length; } catch (e) { return e.name; } })()")
    assert touched == "SecurityError"
    frame.click(f"{q} [data-action=commit]")
    assert frame.get_attribute(q, "data-question-state") == "revealed"
    assert frame.get_attribute(q, "data-kept") == "false"
    assert frame.inner_text(f"{q} [data-role=kept]") == (
        "This page cannot keep your answers: this browser does not let the page keep anything (as in "
        "Jupyter's sandboxed view, or where site data is blocked). The question works until you leave the "
        "page.")
    frame.fill(f"{q} [data-role=why]", "pooling doubles the steps")
    frame.click(f"{q} [data-action=keep-why]")
    assert frame.inner_text(f"{q} [role=status]") == "Noted your why for this page."
    note = frame.inner_text("[data-cnn-answers] .cnn-answers__note")
    assert note.startswith("This page cannot read kept answers")
    assert stacks and not [s for s in stacks if "cnn-demos/" in s], stacks
    assert {e.split(": The document")[0] for e in watched.errors} == {
        "uncaught: Failed to read the 'localStorage' property from 'Window'"}

    full = open_page(browser, (built_site.unzipped / "summary.html").as_uri())
    full.page.evaluate("""() => { Storage.prototype.setItem = function () {
        throw new DOMException('The quota has been exceeded.', 'QuotaExceededError'); }; }""")
    full.page.click(f"{q} [data-action=commit]")
    assert full.page.get_attribute(q, "data-question-state") == "revealed"
    assert full.page.inner_text(f"{q} [data-role=kept]").startswith(
        "This page cannot keep your answers: the browser's storage for this site is full.")
    full.assert_clean()


# --- the summary ---------------------------------------------------------------------------

def test_the_summary_gathers_every_page_brings_old_answers_back_downloads_and_forgets(browser, built_site):
    watched = open_page(browser, (built_site.unzipped / "cnns-and-mlps.html").as_uri())
    page = watched.page
    field = QUESTION.format("lenet-conv2-field")
    page.wait_for_selector(f'{field}[data-question-state="open"]')
    page.click(f"{field} [data-action=commit]")
    page.fill(f"{field} [data-role=why]", "pooling spreads the second window")
    page.click(f"{field} [data-action=keep-why]")
    # Another page of the same site, from file:// too: its answers are kept beside the first.
    page.goto((built_site.unzipped / "summary.html").as_uri())
    weights = QUESTION.format("summary-dense1-weights")
    page.wait_for_selector(f'{weights}[data-question-state="open"]')
    page.fill(f"{weights} [data-role=answer]", "48000")
    page.click(f"{weights} [data-action=commit]")
    page.reload()
    answers = "[data-cnn-answers]"
    page.wait_for_selector(f'{answers}[data-answers-state="ready"]')
    total = len(re.findall("data-answers-question=", (built_site.site / "summary.html").read_text()))
    assert page.inner_text(f"{answers} [role=status]") == f"You have answered 2 of {total} questions."
    conv2 = widget(built_site.site, "lenet-conv2-field")["value"]
    item = page.inner_text(f'{answers} [data-answers-question="lenet-conv2-field"]')
    assert f"; measured {conv2} pixels across" in item
    assert "Your why: “pooling spreads the second window”" in item
    assert page.get_attribute(f'{answers} [data-answers-question="lenet-conv2-field"] a', "href") == \
        "cnns-and-mlps.html#cnn-question-lenet-conv2-field"
    # The summary's own question comes back answered, as it was left.
    assert page.get_attribute(weights, "data-question-state") == "revealed"
    # Answered three days ago: due for another try, at the top and on its own page.
    answered_days_ago(page, "lenet-conv2-field", 3)
    page.reload()
    page.wait_for_selector(f'{answers}[data-answers-state="ready"]')
    item = f"{answers} [data-answers-question={{}}]"
    assert page.get_attribute(item.format("lenet-conv2-field"), "data-due") == "true"
    assert page.get_attribute(item.format("summary-dense1-weights"), "data-due") == "false"
    due = page.inner_text(f"{answers} [data-role=due] li")
    assert due == widget(built_site.site, "lenet-conv2-field")["text"]
    assert "1 is due for another try" in page.inner_text(f"{answers} [role=status]")

    # Downloads, made in the page.
    with page.expect_download() as made:
        page.click(f"{answers} [data-action=download-json]")
    assert made.value.suggested_filename == "my-answers.json"
    data = json.loads(Path(made.value.path()).read_text())
    assert data["course"] == "CNN demos" and [q["name"] for q in data["questions"]] == [
        "lenet-conv2-field", "summary-dense1-weights"]
    [conv2_try] = data["questions"][0]["tries"]
    assert conv2_try["measured"] == conv2 and conv2_try["why"] == "pooling spreads the second window"
    assert conv2_try["answer"] == 15 and conv2_try["closeness"] in ("spot on", "close")
    [dense_try] = data["questions"][1]["tries"]
    dense1 = widget(built_site.site, "summary-dense1-weights")["value"]
    assert (dense_try["answer"], dense_try["measured"], dense_try["closeness"]) == (48000, dense1, "spot on")
    with page.expect_download() as made:
        page.click(f"{answers} [data-action=download-markdown]")
    text = Path(made.value.path()).read_text()
    assert made.value.suggested_filename == "my-answers.md" and text.startswith("# My answers: CNN demos\n")
    assert f"## {widget(built_site.site, 'summary-dense1-weights')['text']}\n" in text
    assert f"you said 48,000 weights; measured {dense1:,} weights (from the lenet model" in text
    assert "Why: “pooling spreads the second window”" in text

    # Forget: asked once more, then gone from the browser.
    page.click(f"{answers} [data-action=forget-answers]")
    assert page.evaluate("document.activeElement.dataset.action") == "forget-no"
    page.click(f"{answers} [data-action=forget-yes]")
    assert page.evaluate(f"localStorage.getItem({json.dumps(KEY)})") is None
    assert page.inner_text(f"{answers} [role=status]").startswith("Your answers are forgotten")
    page.reload()
    page.wait_for_selector(f'{answers}[data-answers-state="ready"]')
    assert page.inner_text(f"{answers} [role=status]") == f"You have answered 0 of {total} questions."
    watched.assert_clean()


def test_answered_questions_are_accessible_and_fit_a_phone(browser, built_site):
    """The every-page gate sees questions unanswered; here the same axe check and a 390 px phone,
    with every kind of part shown: revealed answers, the why, the course's explanation, a sketch
    and the list of answers with one due again."""
    from test_site import serious_accessibility_violations

    watched = open_page(browser, (built_site.unzipped / "cnns-and-mlps.html").as_uri())
    page = watched.page
    page.set_viewport_size({"width": 390, "height": 844})
    for name in ("lenet-conv2-field", "lenet-field-by-layer"):
        page.wait_for_selector(f'{QUESTION.format(name)}[data-question-state="open"]')
        page.click(f"{QUESTION.format(name)} [data-action=commit]")
    page.fill(f"{QUESTION.format('lenet-conv2-field')} [data-role=why]", "each pooling doubles the step")
    page.click(f"{QUESTION.format('lenet-conv2-field')} [data-action=keep-why]")
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    assert serious_accessibility_violations(page) == []
    answered_days_ago(page, "lenet-conv2-field", 3)
    page.goto((built_site.unzipped / "summary.html").as_uri())
    page.wait_for_selector('[data-cnn-answers][data-due="1"]')
    page.fill(f"{QUESTION.format('summary-conv1-weights')} [data-role=answer]", "100")
    page.click(f"{QUESTION.format('summary-conv1-weights')} [data-action=commit]")
    assert page.get_attribute(QUESTION.format("summary-conv1-weights"), "data-question-state") == "revealed"
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    assert serious_accessibility_violations(page) == []
    watched.assert_clean()


def test_a_point_and_a_sketch_of_a_series_the_demo_measures_live(browser, built_site):
    """MLP against CNN, untrained (its Start is for the reader): Test every shift measures both
    networks at every shift; the slider about the CNN at shift 4 and the sketch of the MLP's
    curve are revealed with the demo's own figures."""
    watched = open_page(browser, (built_site.unzipped / "mlp-vs-cnn.html").as_uri())
    page = watched.page
    wait_until(page, ALL_READY, timeout=180)
    point, sketch = QUESTION.format("cnn-at-shift-4"), QUESTION.format("mlp-by-shift")
    demo = '[data-cnn-demo="mlp-vs-cnn"]'
    assert page.locator(f"{demo} .cnn-question-hint").count() == 2  # one for each open question
    page.click(f"{point} [data-action=commit]")
    page.click(f"{sketch} [data-action=commit]")
    assert "press “Test every shift”" in page.inner_text(f"{point} [role=status]")
    page.click(f"{demo} [data-action=test-all]")
    measured = f"document.querySelector('{sketch}').dataset.measured"
    wait_until(page, f"{measured} && JSON.parse({measured}).length === 7", timeout=120)
    tested = json.loads(page.get_attribute(demo, "data-results"))["ordinary"]["tested"]
    mlp = [[int(shift), tested[shift][0]] for shift in sorted(tested, key=int)]
    assert json.loads(page.get_attribute(sketch, "data-measured")) == mlp
    assert json.loads(page.get_attribute(point, "data-measured")) == tested["4"][1]
    assert "(untrained)" in page.inner_text(f"{point} [data-role=compared]")
    assert page.get_attribute(point, "data-closeness") == closeness_word(50, 100 * tested["4"][1])
    watched.assert_clean()
