"""Drives WebKitGTK (Debian's webkit2gtk-driver: WebKitWebDriver and its MiniBrowser) with
Selenium, for tests/test_engines.py; run under `xvfb-run -a` (MiniBrowser's --headless hangs).
Reads the same JSON job on stdin as firefox.js and prints the same JSON result on stdout."""

import json
import sys
import time

from selenium import webdriver
from selenium.webdriver.common.action_chains import ActionChains
from selenium.webdriver.common.by import By

MINIBROWSER = "/usr/lib/x86_64-linux-gnu/webkit2gtk-4.1/MiniBrowser"
STATES = ("return [...document.querySelectorAll('[data-cnn-demo]')].map(e => e.dataset.demoState)")
# WebDriver has no console log for WebKitGTK: errors and uncaught exceptions are recorded by the
# page itself, from a script run before the page's own (injected as the first thing in <head>
# would be too late for a file:// load, so this wraps console.error once the page has loaded and
# also reads window.onerror's record).
RECORDED = "return (window.__errors || [])"
RECORD = """window.__errors = window.__errors || [];
const original = console.error.bind(console);
console.error = (...args) => { window.__errors.push(args.map(String).join(' ')); original(...args); };
window.addEventListener('error', e => window.__errors.push('uncaught: ' + e.message));
window.addEventListener('unhandledrejection', e => window.__errors.push('unhandled: ' + e.reason));"""


def wait_ready(driver, timeout: float) -> list[str]:
    deadline = time.monotonic() + timeout
    states = driver.execute_script(STATES)
    while any(s not in ("ready", "error") for s in states) and time.monotonic() < deadline:
        time.sleep(0.25)
        states = driver.execute_script(STATES)
    return states


def later(driver, job: dict, timeout: float) -> dict:
    """Scroll to a part the page loads when the reader comes to it; its state once settled."""
    driver.get(job["url"])
    driver.execute_script(RECORD)
    wait_ready(driver, timeout)
    part = driver.find_element(By.CSS_SELECTOR, f'{job["selector"]} [data-role="{job["part"]}"]')
    driver.execute_script("arguments[0].scrollIntoView({block: 'start'})", part)
    deadline, state = time.monotonic() + timeout, None
    while state not in ("ready", "error") and time.monotonic() < deadline:
        time.sleep(0.2)
        state = driver.execute_script(f"return document.querySelector('{job['selector']}')"
                                      f".dataset.{job['state']} || null")
    return {"state": state, "errors": driver.execute_script(RECORDED)}


def main() -> None:
    job = json.load(sys.stdin)
    options = webdriver.WebKitGTKOptions()
    options.binary_location = MINIBROWSER
    options.add_argument("--automation")
    driver = webdriver.WebKitGTK(options=options)
    result = {"version": driver.capabilities.get("browserVersion"), "pages": [], "drawn": None, "later": None}
    try:
        driver.set_window_size(1280, 900)
        for url in job["pages"]:
            driver.get(url)
            driver.execute_script(RECORD)
            states = wait_ready(driver, job.get("timeoutMs", 90_000) / 1000)
            result["pages"].append({"url": url, "states": states, "errors": driver.execute_script(RECORDED)})
        draw = job["draw"]
        driver.get(draw["url"])
        driver.execute_script(RECORD)
        wait_ready(driver, job.get("timeoutMs", 90_000) / 1000)
        pad = driver.find_element(By.CSS_SELECTOR, draw["selector"] + ' [data-role="pad"]')
        driver.execute_script("arguments[0].scrollIntoView({block: 'center'})", pad)
        cell = pad.size["width"] / 28
        # Offsets are from the pad's centre.
        def at(p):
            return round(p[0] * cell - pad.size["width"] / 2), round(p[1] * cell - pad.size["height"] / 2)
        for stroke in draw["strokes"]:
            actions = ActionChains(driver, duration=20)
            actions.move_to_element_with_offset(pad, *at(stroke[0])).click_and_hold()
            for p in stroke[1:]:
                actions.move_to_element_with_offset(pad, *at(p))
            actions.release().perform()
        deadline = time.monotonic() + 30
        predicted = None
        while predicted is None and time.monotonic() < deadline:
            predicted = driver.execute_script(
                f"return document.querySelector('{draw['selector']}').dataset.predicted || null")
            time.sleep(0.2)
        result["drawn"] = {"predicted": predicted, "errors": driver.execute_script(RECORDED)}
        result["later"] = later(driver, job["later"], job.get("timeoutMs", 90_000) / 1000)
    finally:
        driver.quit()
    json.dump(result, sys.stdout)


if __name__ == "__main__":
    main()
