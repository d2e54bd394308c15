"""The recognizer in a real browser: drawn digits, every pointer kind, keyboard, offline."""

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
