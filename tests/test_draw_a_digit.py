"""The recognizer in a real browser: drawn digits, every pointer kind, keyboard, offline."""

import base64

import numpy as np
import pytest

from browser import draw_strokes, held_out_accuracy, ink_strokes, open_page

pytestmark = pytest.mark.browser
ROOT_SEL = '[data-cnn-demo="draw-a-digit"]'
PAD = f"{ROOT_SEL} [data-role='pad']"


def samples(dataset, per_class: int):
    """The first held-out digits of each class (never seen in training)."""
    picks = []
    for digit in range(10):
        picks += [(digit, i) for i in np.flatnonzero(dataset.y_test == digit)[:per_class]]
    return picks


def ready(watched):
    watched.page.wait_for_selector(f'{ROOT_SEL}[data-demo-state="ready"]', timeout=60_000)
    return watched.page


def predicted(page) -> str | None:
    return page.get_attribute(ROOT_SEL, "data-predicted")


@pytest.fixture(params=["file", "http"])
def recognizer_url(request, built_site, http_site):
    if request.param == "file":
        return (built_site.unzipped / "draw-a-digit.html").as_uri()
    return f"{http_site}/draw-a-digit.html"


def test_drawn_held_out_digits_are_recognised(browser, recognizer_url, dataset):
    watched = open_page(browser, recognizer_url)
    page = ready(watched)
    misses = []
    picks = samples(dataset, per_class=2)
    for digit, index in picks:
        page.click(f"{ROOT_SEL} [data-action='clear']")
        draw_strokes(page, PAD, ink_strokes(dataset.x_test[index]))
        page.wait_for_function(f"document.querySelector('{ROOT_SEL}').dataset.predicted")
        if predicted(page) != str(digit):
            misses.append((digit, int(index), predicted(page)))
    assert len(misses) <= 2, f"misread {len(misses)} of {len(picks)}: {misses}"
    assert "The network reads a" in page.inner_text(f"{ROOT_SEL} [data-role='result']")
    watched.assert_clean()


@pytest.mark.parametrize("pointer", ["touch", "pen"])
def test_touch_and_pen_draw(browser, built_site, dataset, pointer):
    watched = open_page(browser, (built_site.unzipped / "draw-a-digit.html").as_uri(),
                        has_touch=pointer == "touch")
    page = ready(watched)
    digit, index = 3, int(np.flatnonzero(dataset.y_test == 3)[0])
    draw_strokes(page, PAD, ink_strokes(dataset.x_test[index]), pointer=pointer)
    page.wait_for_function(f"document.querySelector('{ROOT_SEL}').dataset.predicted")
    assert predicted(page) == str(digit)
    watched.assert_clean()


def test_empty_canvas_asks_for_a_digit_and_clear_resets(browser, built_site, dataset):
    watched = open_page(browser, (built_site.unzipped / "draw-a-digit.html").as_uri())
    page = ready(watched)
    result = f"{ROOT_SEL} [data-role='result']"
    page.click(f"{ROOT_SEL} [data-action='predict']")
    assert "empty" in page.inner_text(result) and predicted(page) is None
    draw_strokes(page, PAD, ink_strokes(dataset.x_test[0]))
    page.wait_for_function(f"document.querySelector('{ROOT_SEL}').dataset.predicted")
    seen_ink = page.evaluate("""(selector) => {
        const c = document.querySelector(selector);
        const d = c.getContext('2d').getImageData(0, 0, 28, 28).data;
        let n = 0; for (let i = 0; i < d.length; i += 4) n += d[i] > 0; return n; }""",
        f"{ROOT_SEL} [data-role='seen']")
    assert 40 < seen_ink < 400  # the 28x28 preview shows a digit
    page.click(f"{ROOT_SEL} [data-action='clear']")
    assert predicted(page) is None and "Draw a digit" in page.inner_text(result)
    watched.assert_clean()


def test_keyboard_reaches_every_control_and_can_draw(browser, built_site):
    watched = open_page(browser, (built_site.unzipped / "draw-a-digit.html").as_uri())
    page = ready(watched)
    page.focus(PAD)
    order = []
    for _ in range(2):
        page.keyboard.press("Tab")
        order.append(page.evaluate("document.activeElement.dataset.action"))
    assert order == ["predict", "clear"]
    page.focus(PAD)
    # A "1": pen down, six steps down, pen up (Space ends the stroke and predicts).
    page.keyboard.press("Space")
    for _ in range(6):
        page.keyboard.press("Shift+ArrowDown")
    page.keyboard.press("Space")
    page.wait_for_function(f"document.querySelector('{ROOT_SEL}').dataset.predicted")
    assert predicted(page) == "1"
    assert "The network reads a 1" in page.inner_text(f"{ROOT_SEL} [data-role='result']")
    page.keyboard.press("Escape")
    assert predicted(page) is None
    page.focus(f"{ROOT_SEL} [data-action='predict']")
    page.keyboard.press("Enter")
    assert "empty" in page.inner_text(f"{ROOT_SEL} [data-role='result']")
    watched.assert_clean()


def test_exported_model_keeps_its_accuracy_in_the_browser(browser, built_site, dataset):
    """The float16 weights the page loads still reach the accuracy target on all held-out digits."""
    watched = open_page(browser, (built_site.unzipped / "draw-a-digit.html").as_uri())
    page = ready(watched)
    accuracy = held_out_accuracy(page, "recognizer", dataset.x_test, dataset.y_test)
    assert accuracy >= 0.986, f"in-browser held-out accuracy {accuracy:.4f}"
    watched.assert_clean()


def small_in_a_corner(image: np.ndarray, scale: float = 0.4, at: float = 1.0):
    """A digit's strokes drawn small in the top-left corner of the pad."""
    return [[(at + x * scale, at + y * scale) for x, y in stroke] for stroke in ink_strokes(image)]


def test_preparation_steps_and_naive_resize_are_computed_from_the_drawing(browser, built_site, dataset):
    watched = open_page(browser, (built_site.unzipped / "draw-a-digit.html").as_uri())
    page = ready(watched)
    page.check(f"{ROOT_SEL} [data-setting='compare-naive']")
    page.locator(PAD).scroll_into_view_if_needed()
    index = int(np.flatnonzero(dataset.y_test == 2)[0])
    draw_strokes(page, PAD, small_in_a_corner(dataset.x_test[index]))
    page.wait_for_function(f"document.querySelector('{ROOT_SEL}').dataset.naivePredicted")
    steps = page.evaluate("""(root) => {
        const r = document.querySelector(root), part = n => r.querySelector(`[data-role="${n}"]`);
        const pad = part('pad'), ink = CnnDemos.mnist.inkOf(pad);
        return {box: [part('step-box').width, part('step-box').height],
                fit: [part('step-fit').width, part('step-fit').height],
                naiveSum: Array.from(CnnDemos.mnist.naive(ink)).reduce((a, b) => a + b, 0),
                oursSum: Array.from(CnnDemos.mnist.fromInk(ink)).reduce((a, b) => a + b, 0)};
    }""", ROOT_SEL)
    assert max(steps["box"]) < 140, "the crop is the small drawing's box, not the whole pad"
    assert max(steps["fit"]) == 20
    assert steps["naiveSum"] < steps["oursSum"] / 3, "shrunk whole, a small digit is a few grey pixels"
    # Both answers are the page's own network on the two images, read back here.
    answers = page.evaluate("""async (root) => {
        const pad = document.querySelector(root + ' [data-role="pad"]');
        const ink = CnnDemos.mnist.inkOf(pad), net = await CnnDemos.loadClassifier('recognizer');
        return [CnnDemos.argmax(net.predict(CnnDemos.mnist.fromInk(ink))),
                CnnDemos.argmax(net.predict(CnnDemos.mnist.naive(ink)))];
    }""", ROOT_SEL)
    shown = [predicted(page), page.get_attribute(ROOT_SEL, "data-naive-predicted")]
    assert shown == [str(a) for a in answers]
    assert predicted(page) == "2"
    watched.assert_clean()


# A held-out digit written dark on light paper (or light on dark), painted big on a canvas in the
# page with some paper grain, and encoded as the browser encodes a PNG or JPEG.
MAKE_IMAGE_JS = """async ([pixels, type, lightPaper]) => {
    const bytes = CnnDemos.base64ToBytes(pixels), c = document.createElement('canvas');
    c.width = 400; c.height = 300;
    const ctx = c.getContext('2d');
    ctx.fillStyle = lightPaper ? '#e8e4d8' : '#202020'; ctx.fillRect(0, 0, 400, 300);
    for (let i = 0; i < 784; i++) {
        const v = bytes[i] / 255, g = lightPaper ? Math.round(232 - 200 * v) : Math.round(32 + 200 * v);
        ctx.fillStyle = `rgb(${g},${g},${g})`;
        ctx.fillRect(120 + (i % 28) * 8, 40 + Math.floor(i / 28) * 8, 8, 8);
    }
    const blob = await new Promise(done => c.toBlob(done, type, 0.9));
    const data = new Uint8Array(await blob.arrayBuffer());
    let text = ''; data.forEach(b => text += String.fromCharCode(b));
    return btoa(text);
}"""


def says_it(page, selector: str, text: str) -> None:
    page.wait_for_function("([s, t]) => document.querySelector(s).textContent.includes(t)",
                           arg=[selector, text])


def test_own_image_is_read_and_bad_files_keep_the_state(browser, built_site, dataset):
    watched = open_page(browser, (built_site.unzipped / "draw-a-digit.html").as_uri())
    page = ready(watched)
    message, chooser = f"{ROOT_SEL} [data-role='image-message']", f"{ROOT_SEL} [data-role='image-file']"
    for digit, mime, light in ((7, "image/png", True), (4, "image/jpeg", True), (3, "image/png", False)):
        index = int(np.flatnonzero(dataset.y_test == digit)[0])
        encoded = page.evaluate(MAKE_IMAGE_JS, [base64.b64encode(dataset.x_test[index].tobytes()).decode(),
                                                mime, light])
        name = f"digit.{mime.split('/')[1]}"
        page.set_input_files(chooser, {"name": name, "mimeType": mime, "buffer": base64.b64decode(encoded)})
        says_it(page, message, "is on the pad")
        assert predicted(page) == str(digit), f"{name} ({'light' if light else 'dark'} paper)"
        assert ("inverted" in page.inner_text(message)) == light
    before = page.eval_on_selector(PAD, "c => c.toDataURL()")
    for name, mime, size, says in (("notes.txt", "text/plain", 100, "is not a PNG or JPEG"),
                                   ("huge.png", "image/png", 11 * 1024 * 1024, "the limit is 10 MB"),
                                   ("broken.png", "image/png", 100, "not a PNG or JPEG inside")):
        page.set_input_files(chooser, {"name": name, "mimeType": mime, "buffer": b"\x89PNG" + b"\0" * size})
        says_it(page, message, name)
        assert says in page.inner_text(message)
        assert predicted(page) == "3"
        assert page.eval_on_selector(PAD, "c => c.toDataURL()") == before
    watched.assert_clean()


def test_one_drawing_for_every_page_and_forgetting_it(browser, built_site, dataset):
    watched = open_page(browser, (built_site.unzipped / "draw-a-digit.html").as_uri())
    page = ready(watched)
    index = int(np.flatnonzero(dataset.y_test == 5)[0])
    draw_strokes(page, PAD, ink_strokes(dataset.x_test[index]))
    page.wait_for_function(f"document.querySelector('{ROOT_SEL}').dataset.predicted")
    # The next pages (same tab, from file://) open with the same drawing and read it: the
    # receptive-field demo in place of the held-out digit it otherwise opens with, then LeNet.
    rf = '[data-cnn-demo="receptive-field"]'
    page.goto((built_site.unzipped / "cnns-and-mlps.html").as_uri())
    page.wait_for_selector(f'{rf}[data-demo-state="ready"]', timeout=120_000)
    assert page.get_attribute(rf, "data-input") == "drawing"
    lenet = '[data-cnn-demo="tensorspace-lenet"]'
    page.goto((built_site.unzipped / "lenet-3d.html").as_uri())
    page.wait_for_selector(f'{lenet}[data-demo-state="ready"]', timeout=120_000)
    page.wait_for_function(f"document.querySelector('{lenet}').dataset.predicted")
    assert "your drawing as a 5" in page.inner_text(f"{lenet} [data-role='result']")
    # LeNet takes an image file too (the shared helper, tested in full above).
    seven = int(np.flatnonzero(dataset.y_test == 7)[0])
    png = page.evaluate(MAKE_IMAGE_JS, [base64.b64encode(dataset.x_test[seven].tobytes()).decode(),
                                        "image/png", True])
    page.set_input_files(f"{lenet} [data-role='image-file']",
                         {"name": "seven.png", "mimeType": "image/png", "buffer": base64.b64decode(png)})
    says_it(page, f"{lenet} [data-role='result']", "your drawing as a 7")
    page.click(f"{lenet} [data-action='forget-drawing']")
    assert page.get_attribute(lenet, "data-predicted") is None
    page.goto((built_site.unzipped / "draw-a-digit.html").as_uri())
    ready(watched)
    assert predicted(page) is None and "Draw a digit" in page.inner_text(f"{ROOT_SEL} [data-role='result']")
    watched.assert_clean()


def test_refused_storage_changes_nothing_else(browser, built_site, dataset):
    """As in Jupyter's sandboxed view, where any touch of sessionStorage throws."""
    context = browser.new_context()
    context.add_init_script("""Object.defineProperty(window, 'sessionStorage', {get() {
        throw new DOMException('The document is sandboxed', 'SecurityError'); }});""")
    page = context.new_page()
    errors = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.goto((built_site.unzipped / "draw-a-digit.html").as_uri())
    page.wait_for_selector(f'{ROOT_SEL}[data-demo-state="ready"]', timeout=60_000)
    draw_strokes(page, PAD, ink_strokes(dataset.x_test[int(np.flatnonzero(dataset.y_test == 0)[0])]))
    page.wait_for_function(f"document.querySelector('{ROOT_SEL}').dataset.predicted")
    page.click(f"{ROOT_SEL} [data-action='forget-drawing']")
    assert errors == []


def test_where_it_goes_wrong_lists_the_networks_own_mistakes(browser, built_site, dataset):
    watched = open_page(browser, (built_site.unzipped / "draw-a-digit.html").as_uri())
    page = ready(watched)
    page.click(f"{ROOT_SEL} [data-role='mistakes'] summary")
    found = page.evaluate("window.CNN_DEMOS_MISTAKES.recognizer")
    assert found["held_out_examples"] == len(dataset.y_test) and found["wrong"] >= len(found["shown"]) > 0
    assert page.locator(f"{ROOT_SEL} [data-role='mistake-list'] li").count() == len(found["shown"])
    # Each listed digit is the held-out digit it names, and the page's own network misreads it too.
    for item in found["shown"]:
        assert item["label"] == dataset.y_test[item["index"]] != item["top"][0][0]
    answers = page.evaluate("""async (items) => {
        const net = await CnnDemos.loadClassifier('recognizer');
        return items.map(m => CnnDemos.argmax(net.predict(
            Float32Array.from(CnnDemos.base64ToBytes(m.pixels), b => b / 255))));
    }""", found["shown"])
    agree = sum(a == m["top"][0][0] for a, m in zip(answers, found["shown"], strict=True))
    assert agree >= 0.9 * len(answers)
    watched.assert_clean()
