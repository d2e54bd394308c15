"""Real-browser helpers: Debian's Chromium driven by Playwright, watching every request.

A Watched page records requests to any host other than the local test server (file:// and
data: URLs are local) and every console error or uncaught exception.
"""

import base64
import time
from dataclasses import dataclass, field
from urllib.parse import urlparse

import numpy as np
from playwright.sync_api import Browser, Frame, Page

CHROMIUM = "/usr/bin/chromium"
# Without the background-networking flags Chromium calls out to Google at start, and the
# closed network here refuses those connections. Every host name but the local test servers'
# resolves to nothing, so a stray request fails at once (open_page still records it).
LOCAL_ONLY = ("--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1, EXCLUDE 127.0.0.2, "
              "EXCLUDE localhost")  # 127.0.0.2: "another site" in tests/test_site.py
CHROMIUM_ARGS = [
    "--no-sandbox", "--disable-gpu", "--disable-background-networking",
    "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-quic", LOCAL_ONLY,
]


# Every demo on the page reached its ready state / one of them failed (demos/README.md).
ALL_READY = ("[...document.querySelectorAll('[data-cnn-demo]')]"
             ".every(e => e.dataset.demoState === 'ready')")
ANY_FAILED = "[...document.querySelectorAll('[data-cnn-demo]')].some(e => e.dataset.demoState === 'error')"


# A part a page holds back until its demo is ready (CnnDemos.loadLater), and what says it is in.
LATER_PARTS = {'[data-cnn-demo="tensorspace-lenet"]': "[data-snapshot-epoch]"}  # the time-lapse


def wait_ready(page: Page, root: str, timeout: float = 90_000) -> None:
    """Wait until the demo at root is ready, and the parts its page loads after that are in."""
    page.wait_for_selector(f'{root}[data-demo-state="ready"]', timeout=timeout)
    if root in LATER_PARTS:
        page.wait_for_selector(f"{root}{LATER_PARTS[root]}", timeout=timeout)


def act(root: str, name: str) -> str:
    """The selector of a demo's control (data-action) under root."""
    return f'{root} [data-action="{name}"]'


def role(root: str, name: str) -> str:
    """The selector of a demo's part (data-role) under root."""
    return f'{root} [data-role="{name}"]'


def setting(root: str, name: str) -> str:
    """The selector of a demo's setting (data-setting) under root."""
    return f'{root} [data-setting="{name}"]'


def data(page: Page, root: str, name: str) -> str | None:
    """A demo's data-<name> attribute: how demos report their state to tests."""
    return page.get_attribute(root, f"data-{name}")


@dataclass
class Watched:
    page: Page
    local_hosts: set[str]
    external: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    failed: list[str] = field(default_factory=list)

    def csp_violations(self) -> list[str]:
        """What the page's Content-Security-Policy refused so far, in this page and its frames."""
        return [v for frame in self.page.frames for v in frame.evaluate(CSP_VIOLATIONS)]

    def assert_clean(self) -> None:
        assert self.external == [], f"requests to other hosts: {self.external}"
        assert self.errors == [], f"console errors: {self.errors}"
        assert self.failed == [], f"failed local loads: {self.failed}"
        assert self.csp_violations() == [], f"CSP violations: {self.csp_violations()}"


# Every page opened records what its Content-Security-Policy refuses (the event fires on the
# document; the init script runs in every frame before the page's own scripts).
RECORD_CSP = """window.__cspViolations = [];
document.addEventListener('securitypolicyviolation', e => window.__cspViolations.push(
    `${e.effectiveDirective} refused ${e.blockedURI || '(inline)'} at ${e.sourceFile}:${e.lineNumber}`));"""
CSP_VIOLATIONS = "() => window.__cspViolations || []"


def open_page(browser: Browser, url: str, has_touch: bool = False,
              also_local: tuple[str, ...] = (), enforce_csp: bool = False) -> Watched:
    """url in a new context; also_local: other test servers (host:port) the page may use.

    Playwright's wait_for_function compiles its predicate inside the page with new Function,
    which the pages' Content-Security-Policy refuses (no 'unsafe-eval'); so pages are opened
    with the policy bypassed unless enforce_csp. With it enforced, wait with wait_until (the
    every-page test and tests/test_csp.py do): page.evaluate is not governed by the policy."""
    context = browser.new_context(viewport={"width": 1280, "height": 900}, has_touch=has_touch,
                                  bypass_csp=not enforce_csp)
    context.add_init_script(RECORD_CSP)
    page = context.new_page()
    host = urlparse(url).netloc
    watched = Watched(page, ({host} if host else set()) | set(also_local))

    def on_request(request) -> None:
        parsed = urlparse(request.url)
        if parsed.scheme in ("file", "data", "blob", "about"):
            return
        if parsed.netloc not in watched.local_hosts:
            watched.external.append(request.url)

    page.on("request", on_request)
    page.on("requestfailed", lambda r: watched.failed.append(f"{r.url}: {r.failure}"))
    page.on("console", lambda m: watched.errors.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: watched.errors.append(f"uncaught: {e}"))
    # Anything not local is refused outright, so a stray request cannot hang a test: by Chromium
    # itself (launched with CHROMIUM_ARGS), by routing each request through here in any other
    # browser (which made pages over http about a third slower to be ready).
    if browser.browser_type.name != "chromium":
        page.route(lambda u: urlparse(u).scheme in ("http", "https")
                   and urlparse(u).netloc not in watched.local_hosts, lambda r: r.abort())
    page.goto(url)
    return watched


def heap_after_collection(page: Page) -> int:
    """Bytes of JS heap the page still holds after a full garbage collection (DevTools protocol)."""
    cdp = page.context.new_cdp_session(page)
    try:
        cdp.send("HeapProfiler.collectGarbage")
        return int(cdp.send("Runtime.getHeapUsage")["usedSize"])
    finally:
        cdp.detach()


def draw_on_a_phone(page: Page, pad: str, image: np.ndarray, pointer: str) -> None:
    """On a 390 px wide page (opened with has_touch for a finger): check nothing is wider than
    the phone, bring the pad into view and draw the image's strokes with a finger or a pen."""
    page.set_viewport_size({"width": 390, "height": 844})
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    page.locator(pad).scroll_into_view_if_needed()
    draw_strokes(page, pad, ink_strokes(image), pointer=pointer)


def wait_until(page: Page | Frame, expression: str, timeout: float = 90.0, every: float = 0.05) -> None:
    """Wait until a JS expression is truthy in the page, polled from here: works under the
    pages' Content-Security-Policy, where wait_for_function's in-page predicate is refused. Every
    50 ms: a round trip costs a few ms, and at 250 ms each wait lost 125 ms on average (the
    every-page test alone waits 120 times)."""
    deadline = time.monotonic() + timeout
    while not page.evaluate(expression):
        if time.monotonic() > deadline:
            raise AssertionError(f"not true after {timeout} s: {expression}")
        time.sleep(every)


def ink_strokes(image: np.ndarray, threshold: float = 0.35) -> list[list[tuple[float, float]]]:
    """Strokes through a 28x28 digit's ink, in cell units: runs along every other row."""
    ink = image.astype(np.float32) / (255.0 if image.dtype == np.uint8 else 1.0) > threshold
    strokes = []
    for y in range(0, 28, 2):
        row = ink[y] | ink[min(y + 1, 27)]
        x = 0
        while x < 28:
            if row[x]:
                start = x
                while x < 28 and row[x]:
                    x += 1
                strokes.append([(start + 0.5, y + 1.0), (x - 0.5, y + 1.0)])
            x += 1
    return strokes


def draw_strokes(page: Page | Frame, selector: str, strokes, pointer: str = "mouse") -> None:
    """Draw strokes (cell units, 28 cells across) on a canvas with real input events."""
    page.locator(selector).scroll_into_view_if_needed()  # a reader scrolls to the pad first
    box = page.locator(selector).bounding_box()  # in a frame too: relative to the page's viewport
    assert box, f"{selector} is not visible"
    cell = box["width"] / 28
    top = page.page if isinstance(page, Frame) else page
    cdp = top.context.new_cdp_session(top)

    def at(p):
        return box["x"] + p[0] * cell, box["y"] + p[1] * cell

    for stroke in strokes:
        points = []
        for a, b in zip(stroke, stroke[1:], strict=False):
            # A move every two cells or less: the pad joins each move to the last with a straight
            # line, so more moves along a straight segment add no ink, and each one waits for a
            # frame of the page (about 17 ms).
            steps = max(1, int(np.ceil(np.hypot(b[0] - a[0], b[1] - a[1]) / 2)))
            points += [(a[0] + (b[0] - a[0]) * t / steps, a[1] + (b[1] - a[1]) * t / steps)
                       for t in range(steps + 1)]
        if len(stroke) == 1:
            points = list(stroke)
        xys = [at(p) for p in points]
        if pointer == "touch":
            for kind, (x, y) in [("touchStart", xys[0])] + [("touchMove", p) for p in xys[1:]]:
                cdp.send("Input.dispatchTouchEvent",
                         {"type": kind, "touchPoints": [{"x": x, "y": y, "id": 1}]})
            cdp.send("Input.dispatchTouchEvent", {"type": "touchEnd", "touchPoints": []})
        else:
            base = {"button": "left", "pointerType": pointer, "clickCount": 1}
            x, y = xys[0]
            cdp.send("Input.dispatchMouseEvent", {"type": "mouseMoved", "x": x, "y": y,
                                                  "pointerType": pointer})
            cdp.send("Input.dispatchMouseEvent", {"type": "mousePressed", "x": x, "y": y,
                                                  "buttons": 1, **base})
            for x, y in xys[1:]:
                cdp.send("Input.dispatchMouseEvent", {"type": "mouseMoved", "x": x, "y": y,
                                                      "buttons": 1, **base})
            cdp.send("Input.dispatchMouseEvent", {"type": "mouseReleased", "x": x, "y": y,
                                                  "buttons": 0, **base})
    cdp.detach()


def held_out_accuracy(page: Page, model: str, images: np.ndarray, labels: np.ndarray) -> float:
    """Accuracy of the page's own copy of a model (CnnDemos.loadModel) on uint8 digits."""
    return page.evaluate(
        """async ([name, pixels, labels]) => {
            const model = await CnnDemos.loadModel(name);
            const bytes = CnnDemos.base64ToBytes(pixels);
            const x = tf.tidy(() =>
                tf.tensor4d(bytes, [bytes.length / 784, 28, 28, 1], 'float32').div(255));
            let outputs = model.predict(x, {batchSize: 250});
            if (!Array.isArray(outputs)) outputs = [outputs];
            const got = await outputs[outputs.length - 1].argMax(-1).data();
            x.dispose(); outputs.forEach(t => t.dispose());
            const want = CnnDemos.base64ToBytes(labels);
            let right = 0; for (let i = 0; i < want.length; i++) right += got[i] === want[i];
            return right / want.length;
        }""",
        [model, base64.b64encode(images.tobytes()).decode(), base64.b64encode(labels.tobytes()).decode()],
    )
