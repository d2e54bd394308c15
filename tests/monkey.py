"""A restless reader, seeded: random clicks, taps, drags, key presses, drawing, option changes,
file picks from a small set, tab hides and shows, and resizes between 390 and 1280 px on one
demo's own page, for a while. Shared by tests/test_monkey.py (a short run of every demo) and
benchmarks/bench_monkey.py (60 s each).

run() records every action as a line, so that a failure can print the seed and the list that
reproduce it, and measures the page before and after: console errors and uncaught exceptions,
unhandled promise rejections, TF.js's tensor count and the JS heap after a forced collection.
"""

import random
import time
from dataclasses import dataclass, field
from pathlib import Path

from playwright.sync_api import Browser, Page
from playwright.sync_api import Error as PlaywrightError

from browser import (
    ALL_READY,
    ANY_FAILED,
    Watched,
    draw_strokes,
    heap_after_collection,
    ink_strokes,
    open_page,
    wait_until,
)

# Unhandled rejections, and a tab that can be hidden and shown again from a test (the
# document's visibility as a background tab has it, with the event pages listen to).
RECORD = """window.__rejections = [];
window.addEventListener('unhandledrejection',
                        e => window.__rejections.push(String(e.reason && e.reason.stack || e.reason)));
(() => {
  let hidden = false;
  Object.defineProperty(Document.prototype, 'hidden', { get() { return hidden; }, configurable: true });
  Object.defineProperty(Document.prototype, 'visibilityState',
                        { get() { return hidden ? 'hidden' : 'visible'; }, configurable: true });
  window.__setHidden = value => { hidden = value; document.dispatchEvent(new Event('visibilitychange')); };
})();"""
# The controls a reader can reach in the demo: visible and enabled, links left out (they leave).
CONTROLS = """root => (root.querySelectorAll('[data-monkey]').forEach(e => { delete e.dataset.monkey; }),
    [...root.querySelectorAll('button, select, input, textarea, canvas, [tabindex="0"]')])
    .filter(e => !e.disabled && e.getClientRects().length && getComputedStyle(e).visibility !== 'hidden')
    .map((e, i) => { e.dataset.monkey = String(i); return {
        index: i, tag: e.tagName.toLowerCase(), type: e.type || '', role: e.dataset.role || '',
        action: e.dataset.action || '', min: e.min || '', max: e.max || '', step: e.step || '',
        options: e.tagName === 'SELECT' ? [...e.options].map(o => o.value) : [] }; })"""
MEMORY = """() => ({tensors: typeof tf !== 'undefined' ? tf.memory().numTensors : null})"""
KEYS = ["Enter", " ", "Tab", "Shift+Tab", "ArrowLeft", "ArrowRight", "ArrowUp", "ArrowDown", "Escape",
        "Delete", "Backspace", "Home", "End", "PageDown", "3", "7", "a"]


@dataclass
class Monkeyed:
    demo: str
    seed: int
    seconds: float
    actions: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    rejections: list[str] = field(default_factory=list)
    tensors: tuple[int | None, int | None] = (None, None)  # before, after (after a settling pause)
    heap: tuple[int, int] = (0, 0)  # bytes, before and after, each after a forced collection
    failed: bool = False  # the demo reported data-demo-state="error"

    def replay(self) -> str:
        return (f"{self.demo}: seed {self.seed} (CNN_DEMOS_MONKEY_SEED={self.seed}), "
                f"{len(self.actions)} actions:\n"
                + "\n".join(f"  {i + 1}. {a}" for i, a in enumerate(self.actions)))


def open_demo(browser: Browser, site: Path, demo: str) -> Watched:
    watched = open_page(browser, "about:blank", has_touch=True)
    watched.page.context.add_init_script(RECORD)
    watched.page.goto((site / "cnn-demos" / "embed" / f"{demo}.html").as_uri())
    wait_until(watched.page, f"{ALL_READY} || {ANY_FAILED}", timeout=180)
    return watched


def run(watched: Watched, demo: str, seconds: float, seed: int, files: dict[str, bytes]) -> Monkeyed:
    """Drive the demo at random for `seconds`; files: name -> bytes a file input may be given."""
    page, rng = watched.page, random.Random(seed)
    root = f'[data-cnn-demo="{demo}"]'
    result = Monkeyed(demo, seed, seconds)
    result.heap = (heap_after_collection(page), 0)
    before = page.evaluate(MEMORY)["tensors"]
    end = time.monotonic() + seconds
    while time.monotonic() < end:
        action = _one_action(page, root, rng, files)
        result.actions.append(action)
        page.wait_for_timeout(rng.choice([0, 20, 50, 150, 400]))
    page.evaluate("window.__setHidden(false)")
    page.set_viewport_size({"width": 1280, "height": 900})
    page.wait_for_timeout(2000)  # what the last actions started settles
    result.tensors = (before, page.evaluate(MEMORY)["tensors"])
    result.heap = (result.heap[0], heap_after_collection(page))
    result.errors = list(watched.errors)
    result.rejections = page.evaluate("window.__rejections")
    result.failed = bool(page.evaluate(ANY_FAILED))
    return result


def _one_action(page: Page, root: str, rng: random.Random, files: dict[str, bytes]) -> str:
    kind = rng.choices(["control", "key", "draw", "hide", "resize", "scroll"], [10, 4, 3, 1, 1, 1])[0]
    if kind == "hide":
        hidden = rng.random() < 0.5
        page.evaluate(f"window.__setHidden({'true' if hidden else 'false'})")
        return f"tab {'hidden' if hidden else 'shown'}"
    if kind == "resize":
        width = rng.randint(390, 1280)
        page.set_viewport_size({"width": width, "height": rng.randint(640, 900)})
        return f"resize to {width} px wide"
    if kind == "scroll":
        page.mouse.wheel(0, rng.randint(-600, 600))
        return "scroll"
    controls = page.eval_on_selector(root, CONTROLS)
    if not controls:
        return "nothing to act on"
    pads = [c for c in controls if c["tag"] == "canvas" and c["role"] == "pad"]
    if kind == "draw" and pads:
        return _draw(page, rng, pads)
    control = rng.choice(controls)
    selector = f'{root} [data-monkey="{control["index"]}"]'
    name = control["action"] or control["role"] or f'{control["tag"]}[{control["type"]}]'
    try:
        if kind == "key":
            key = rng.choice(KEYS)
            page.focus(selector, timeout=2000)
            page.keyboard.press(key)
            return f"key {key!r} on {name}"
        return _use(page, selector, control, name, rng, files)
    except PlaywrightError:  # it moved, went away or was disabled meanwhile: a reader misses too
        return f"missed {name}"


def _use(page: Page, selector: str, control: dict, name: str, rng: random.Random,
         files: dict[str, bytes]) -> str:
    tag, kind = control["tag"], control["type"]
    if tag == "select" and control["options"]:
        value = rng.choice(control["options"])
        page.select_option(selector, value, timeout=2000)
        return f"choose {value!r} in {name}"
    if tag == "input" and kind == "file":
        file = rng.choice(sorted(files))
        mime = "application/json" if file.endswith(".json") else "image/png"
        page.set_input_files(selector, {"name": file, "mimeType": mime, "buffer": files[file]}, timeout=2000)
        return f"pick file {file} in {name}"
    if tag == "input" and kind in ("range", "number"):
        low, high = float(control["min"] or 0), float(control["max"] or 100)
        value = rng.choice([low, high, rng.uniform(low, high), round(rng.uniform(low, high))])
        if kind == "number" and rng.random() < 0.2:
            value = rng.choice(["", "-1", "1e9", "0.5"])
        page.fill(selector, str(value), timeout=2000)
        page.dispatch_event(selector, "change")
        return f"set {name} to {value!r}"
    if tag in ("input", "textarea") and kind not in ("checkbox", "radio", "button", "submit"):
        text = rng.choice(["", "7", "hello", "[1, 2]", "{", "x" * 300])
        page.fill(selector, text, timeout=2000)
        return f"type {text[:20]!r} into {name}"
    if tag == "canvas" or rng.random() < 0.3:
        box = page.locator(selector).bounding_box(timeout=2000)
        if box:
            x, y = box["x"] + rng.random() * box["width"], box["y"] + rng.random() * box["height"]
            page.touchscreen.tap(x, y)
            return f"tap {name} at ({x:.0f}, {y:.0f})"
    page.click(selector, timeout=2000)
    return f"click {name}"


def _draw(page: Page, rng: random.Random, pads: list[dict]) -> str:
    pad = rng.choice(pads)
    box = page.locator(f'[data-monkey="{pad["index"]}"]').first.bounding_box()
    if not box:
        return "missed the pad"
    points = [(box["x"] + rng.random() * box["width"], box["y"] + rng.random() * box["height"])
              for _ in range(rng.randint(2, 6))]
    page.mouse.move(*points[0])
    page.mouse.down()
    for point in points[1:]:
        page.mouse.move(*point, steps=4)
    page.mouse.up()
    return f"draw {len(points)} points on {pad['role']}"


# What puts back the network a demo reads with, where a reader can change it: LeNet's time-lapse
# slider to the trained weights, why-it-decides' network to the recogniser, one-step's filter.
TRAINED = {
    "tensorspace-lenet": lambda page, root: page.eval_on_selector(
        f'{root} [data-setting="snapshot"]', """s => { s.value = s.max;
            s.dispatchEvent(new Event('input', {bubbles: true}));
            s.dispatchEvent(new Event('change', {bubbles: true})); }"""),
    "why-it-decides": lambda page, root: page.select_option(f'{root} [data-setting="network"]', "recognizer"),
    "one-step": lambda page, root: _click_if_enabled(page, f'{root} [data-action="reset-filter"]'),
}


def _click_if_enabled(page: Page, selector: str) -> None:
    if page.is_enabled(selector):
        page.click(selector)


def reads(page: Page, demo: str, digit) -> str | None:
    """What the demo reads a held-out digit drawn on its pad as (data-predicted), after Clear,
    with the network it was built with (TRAINED)."""
    root = f'[data-cnn-demo="{demo}"]'
    if demo in TRAINED:
        TRAINED[demo](page, root)
    clear = page.locator(f'{root} [data-action="clear"]')
    if clear.count():
        clear.first.click()
    page.eval_on_selector(root, "r => { delete r.dataset.predicted; }")
    page.locator(f'{root} [data-role="pad"]').scroll_into_view_if_needed()
    draw_strokes(page, f'{root} [data-role="pad"]', ink_strokes(digit))
    wait_until(page, f"document.querySelector('{root}').dataset.predicted !== undefined", timeout=60)
    return page.get_attribute(root, "data-predicted")
