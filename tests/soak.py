"""Long-session driver for the demos that train in the page: start training, sample the page's
memory while it runs, then Stop and Reset and see what is still held.

Shared by the soak test (tests/test_soak.py, about a minute a demo) and the soak benchmark
(benchmarks/bench_soak.py, ten minutes a demo). A sample is taken after a forced garbage
collection (CDP HeapProfiler.collectGarbage), so the JS heap figure is what is still reachable,
not what the collector has not got round to yet.
"""

import time
from collections.abc import Callable
from dataclasses import dataclass, field

from playwright.sync_api import Page

from browser import act, open_page, setting


@dataclass(frozen=True)
class Scenario:
    """A demo that trains in the page, driven through the contract every such demo keeps
    (demos/README.md, "Demos that train in the page"): its buttons start, stop and reset it, and
    its root says data-training (stopped, running, done) and data-examples-seen. What differs
    between demos is data: the buttons' names, and what to do on the page before training."""
    demo: str
    page: str
    start: str  # the data-action of the button that starts (or goes on with) training
    stop: str  # ... that stops it after the batch under way
    reset: str | None  # ... that puts back random weights, if the demo has one
    before: tuple[str, ...] = ()  # buttons to press first, in order, each once it is enabled
    settings: tuple[tuple[str, str], ...] = ()  # (data-setting, value) to fill before Start


@dataclass(frozen=True)
class Sample:
    seconds: float  # since Start
    tensors: int | None  # tf.memory().numTensors; None on a page without TF.js
    tensor_bytes: int | None
    heap: int  # bytes of JS heap in use after a full collection
    progress: str  # data-training and data-examples-seen: to see that it kept training


@dataclass
class Soak:
    scenario: Scenario
    before: Sample  # ready, before Start
    samples: list[Sample] = field(default_factory=list)
    stopped: Sample | None = None
    after_reset: Sample | None = None
    errors: list[str] = field(default_factory=list)

    def after_warmup(self, warmup: float) -> list[Sample]:
        return [s for s in self.samples if s.seconds >= warmup]


def _root(demo: str) -> str:
    return f'[data-cnn-demo="{demo}"]'


# Presses the button only when the demo's training state is `when` (a list), in one go in the page:
# between reading the state and clicking, the demo cannot start or stop by itself (the ConvNetJS
# lab starts on its own once on screen, and a run may end as the button is pressed).
_PRESS_IF = """([root, action, when]) => { const r = document.querySelector(root);
    if (!when.includes(r.dataset.training)) return false;
    r.querySelector(`[data-action="${action}"]`).click(); return true; }"""


def _press_if(page: Page, root: str, action: str, *when: str) -> bool:
    return page.evaluate(_PRESS_IF, [root, action, list(when)])


def _training(page: Page, root: str, *states: str) -> None:
    page.wait_for_selector(", ".join(f"{root}[data-training='{s}']" for s in states), timeout=120_000)


def start(page: Page, root: str, scenario: Scenario) -> None:
    """The demo's steps before training, its settings, then Start; returns once it is running."""
    for action in scenario.before:
        page.click(act(root, action), timeout=120_000)  # waits for the button to be enabled
    for name, value in scenario.settings:
        page.fill(setting(root, name), value)
    page.wait_for_selector(f"{act(root, scenario.start)}:enabled", timeout=120_000)
    _press_if(page, root, scenario.start, "stopped", "done")
    _training(page, root, "running")


def keep_training(page: Page, root: str, scenario: Scenario) -> None:
    """A run that has ended by itself (done) starts again: training goes on for as long as asked."""
    _press_if(page, root, scenario.start, "done")


def stop(page: Page, root: str, scenario: Scenario) -> None:
    _press_if(page, root, scenario.stop, "running")
    _training(page, root, "stopped", "done")


def reset(page: Page, root: str, scenario: Scenario) -> None:
    page.click(act(root, scenario.reset))
    page.wait_for_selector(f"{root}[data-training='stopped'][data-examples-seen='0']", timeout=120_000)


SCENARIOS = {
    "tensorspace-lenet-training": Scenario(
        "tensorspace-lenet-training", "lenet-3d-training.html", start="start", stop="stop", reset="reset"),
    # A run ends after a fixed number of batches (done); Start then begins a new run (new networks).
    "mlp-vs-cnn": Scenario("mlp-vs-cnn", "mlp-vs-cnn.html", start="start", stop="stop", reset="reset"),
    # One button starts and pauses; the lab also starts by itself once it is on screen.
    "convnetjs-mnist": Scenario(
        "convnetjs-mnist", "training-lab.html", start="toggle", stop="toggle", reset=None),
    # The walkthrough's steps before training; 50 epochs (its most) outlast a soak test, not a
    # ten-minute benchmark: there it starts again when done.
    "tfjs-vis-mnist": Scenario(
        "tfjs-vis-mnist", "guided-training.html", start="train", stop="stop", reset=None,
        before=("openVisor", "loadData", "showExamples", "buildModel"), settings=(("epochs", "50"),)),
}


def sample(page: Page, root: str, started: float) -> Sample:
    cdp = page.context.new_cdp_session(page)
    try:
        cdp.send("HeapProfiler.collectGarbage")
        heap = int(cdp.send("Runtime.getHeapUsage")["usedSize"])
    finally:
        cdp.detach()
    got = page.evaluate(
        f"""() => {{ const root = document.querySelector('{root}');
            const m = typeof tf === 'undefined' ? null : tf.memory();
            return [m && m.numTensors, m && m.numBytes,
                    root.dataset.training + ', ' + root.dataset.examplesSeen + ' examples seen']; }}""")
    return Sample(round(time.monotonic() - started, 1), got[0], got[1], heap, got[2])


def soak(browser, runs: list[tuple[str, Scenario]], seconds: float, every: float,
         report: Callable[[str, Sample], None] | None = None) -> dict[str, Soak]:
    """Open each (url, scenario) in a page of its own and start them all training together, for
    `seconds`, sampling each every `every` seconds; then Stop each, and Reset. By demo name.
    Pass one run at a time to measure: headless Chromium hardly runs the animation frames of
    pages not in front, and the demos train between frames."""
    opened = []
    for url, scenario in runs:
        watched = open_page(browser, url)
        opened.append((watched, scenario, _root(scenario.demo)))
    results: dict[str, Soak] = {}
    for watched, scenario, root in opened:
        watched.page.wait_for_selector(f'{root}[data-demo-state="ready"]', timeout=120_000)
        before = sample(watched.page, root, time.monotonic())
        results[scenario.demo] = Soak(scenario, before)
    for watched, scenario, root in opened:
        start(watched.page, root, scenario)
    started = time.monotonic()
    while time.monotonic() - started < seconds:
        time.sleep(max(0.0, every - (time.monotonic() - started) % every))
        for watched, scenario, root in opened:
            results[scenario.demo].samples.append(sample(watched.page, root, started))
            if report:
                report(scenario.demo, results[scenario.demo].samples[-1])
            keep_training(watched.page, root, scenario)
    for watched, scenario, root in opened:
        result = results[scenario.demo]
        stop(watched.page, root, scenario)
        result.stopped = sample(watched.page, root, started)
        if scenario.reset:
            reset(watched.page, root, scenario)
            result.after_reset = sample(watched.page, root, started)
        result.errors = list(watched.errors)
        watched.page.context.close()
    return results
