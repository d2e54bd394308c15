"""Every browser engine the downloads page promises, beside Chromium: Firefox ESR (Debian's
firefox-esr, driven by puppeteer-core over WebDriver BiDi, tests/engines/firefox.js) and WebKit
(Debian's WebKitGTK MiniBrowser through its WebKitWebDriver, driven by Selenium under xvfb-run,
tests/engines/webkit.py). From file:// in the unzipped zip, every built page reaches its ready
state with no error, a digit drawn with the mouse on draw-a-digit is read, and the unit
explorer's map, held back until the reader scrolls to it, loads then.

WebKitGTK's WebDriver gives no console log: there the page records console.error, uncaught
errors and rejections from just after load (errors before that leave a demo not ready or in
its error state, which fails the test too).
"""

import json
import shutil
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

from browser import ink_strokes

pytestmark = [pytest.mark.browser, pytest.mark.slow]

HERE = Path(__file__).parent
ROOT = HERE.parent
FIREFOX = "/usr/bin/firefox-esr"
WEBKIT_DRIVER = "/usr/bin/WebKitWebDriver"
SELECTOR = '[data-cnn-demo="draw-a-digit"]'
UNITS = '[data-cnn-demo="unit-explorer"]'


def job(built_site, dataset) -> dict:
    site = built_site.unzipped
    pages = [p.as_uri() for p in sorted(site.rglob("*.html"))]
    five = dataset.x_test[int(np.flatnonzero(dataset.y_test == 5)[0])]
    return {"pages": pages, "timeoutMs": 90_000,
            "draw": {"url": (site / "draw-a-digit.html").as_uri(), "selector": SELECTOR,
                     "strokes": ink_strokes(five)},
            "later": {"url": (site / "unit-explorer.html").as_uri(), "selector": UNITS, "part": "map-part",
                      "state": "mapState"}}


def check(result: dict, pages: list[str]) -> None:
    assert [p["url"] for p in result["pages"]] == pages
    for page in result["pages"]:
        assert all(s == "ready" for s in page["states"]), page
        assert page["errors"] == [], page
    assert result["drawn"] == {"predicted": "5", "errors": []}, result["drawn"]
    assert result["later"] == {"state": "ready", "errors": []}, result["later"]


def run(command: list[str], work: dict) -> dict:
    done = subprocess.run(command, input=json.dumps(work), capture_output=True, text=True,
                          cwd=ROOT, timeout=600)
    assert done.returncode == 0, done.stderr[-3000:]
    return json.loads(done.stdout)


def test_firefox_esr(built_site, dataset):
    if not Path(FIREFOX).exists() or not (ROOT / "node_modules" / "puppeteer-core").is_dir():
        pytest.fail("firefox-esr or puppeteer-core is missing: run scripts/setup --browser")
    work = job(built_site, dataset)
    result = run(["node", str(HERE / "engines" / "firefox.js")], {**work, "firefox": FIREFOX})
    print("Firefox", result["version"])
    assert result["version"].startswith("firefox/")
    check(result, work["pages"])


def test_webkitgtk(built_site, dataset):
    if not Path(WEBKIT_DRIVER).exists() or not shutil.which("xvfb-run"):
        pytest.fail("webkit2gtk-driver or xvfb is missing: run scripts/setup --browser")
    work = job(built_site, dataset)
    result = run(["xvfb-run", "-a", sys.executable, str(HERE / "engines" / "webkit.py")], work)
    print("WebKitGTK", result["version"])
    check(result, work["pages"])
