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
class Sample:
    seconds: float  # since Start
    tensors: int | None  # tf.memory().numTensors; None on a page without TF.js
    tensor_bytes: int | None
    heap: int  # bytes of JS heap in use after a full collection
    progress: str  # what the demo says it has done (batches, examples), to see it kept training


@dataclass(frozen=True)
class Scenario:
    demo: str
    page: str
    start: Callable[[Page, str], None]
    stop: Callable[[Page, str], None]
    reset: Callable[[Page, str], None] | None  # back to random weights, if the demo has it
    progress: str  # a JS expression over `root`: how far training has gone
    # Called at every sample: starts training again where the demo has finished a run by itself.
    keep: Callable[[Page, str], None] | None = None


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


def _click(name: str) -> Callable[[Page, str], None]:
    return lambda page, root: page.click(act(root, name))


def _wait_training(state: str) -> Callable[[Page, str], None]:
    def wait(page: Page, root: str) -> None:
        page.wait_for_selector(f"{root}[data-training='{state}']", timeout=60_000)
    return wait


def _then(*steps: Callable[[Page, str], None]) -> Callable[[Page, str], None]:
    def run(page: Page, root: str) -> None:
        for step in steps:
            step(page, root)
    return run


def _tfjs_vis_start(page: Page, root: str) -> None:
    """The walkthrough's steps up to training, with settings that keep it training for long."""
    for name in ("openVisor", "loadData", "showExamples", "buildModel"):
        page.click(act(root, name))
        page.wait_for_selector(f'{root} [data-step="{name}"][data-step-state="done"]', timeout=120_000)
    page.fill(setting(root, "epochs"), "50")
    page.click(act(root, "train"))
    page.wait_for_selector(f'{root} [data-step="train"][data-step-state="running"]', timeout=60_000)


def _tfjs_vis_stop(page: Page, root: str) -> None:
    page.click(act(root, "stop"))
    page.wait_for_selector(f'{root} [data-step="train"][data-step-state="done"], '
                           f'{root} [data-step="train"][data-step-state="error"]', timeout=120_000)


SCENARIOS = {
    "tensorspace-lenet-training": Scenario(
        "tensorspace-lenet-training", "lenet-3d-training.html",
        start=_then(_click("start"), _wait_training("running")),
        stop=_then(_click("stop"), _wait_training("stopped")),
        reset=_then(_click("reset"), lambda page, root: page.wait_for_function(
            f"document.querySelector('{root}').dataset.batches === '0'")),
        progress="root.dataset.batches"),
    "mlp-vs-cnn": Scenario(
        "mlp-vs-cnn", "mlp-vs-cnn.html",
        start=_click("start"), stop=_then(_click("stop"), _wait_training("stopped")),
        # Reset queues behind the batch under way, then builds a fresh pair of networks.
        reset=_then(_click("reset"), lambda page, root: page.wait_for_function(
            f"document.querySelector('{root}').dataset.batches === '0'")),
        progress="'run ' + root.dataset.run + ', batch ' + root.dataset.batches",
        # A run ends after a fixed number of batches; Start then begins a new run (new networks).
        keep=lambda page, root: page.evaluate(
            f"() => {{ const r = document.querySelector('{root}'); if (r.dataset.training === 'done')"
            f" r.querySelector('[data-action=\"start\"]').click(); }}")),
    "convnetjs-mnist": Scenario(
        "convnetjs-mnist", "training-lab.html",
        # The lab starts training by itself once it is in view.
        start=lambda page, root: page.locator(root).scroll_into_view_if_needed(),
        stop=_click("toggle"), reset=None,
        progress="root.dataset.examplesSeen + ' examples'"),
    "tfjs-vis-mnist": Scenario(
        "tfjs-vis-mnist", "guided-training.html",
        start=_tfjs_vis_start, stop=_tfjs_vis_stop, reset=None,
        # 50 epochs of the default digits outlast a soak test, not a ten-minute benchmark.
        keep=lambda page, root: page.evaluate(
            f"() => {{ const r = document.querySelector('{root}'); const s = r.querySelector("
            f"'[data-step=\"train\"]'); if (s.dataset.stepState === 'done')"
            f" r.querySelector('[data-action=\"train\"]').click(); }}"),
        progress="root.querySelector('[data-role=\"train-status\"]').textContent"),
}


def sample(page: Page, root: str, progress: str, started: float) -> Sample:
    cdp = page.context.new_cdp_session(page)
    try:
        cdp.send("HeapProfiler.collectGarbage")
        heap = int(cdp.send("Runtime.getHeapUsage")["usedSize"])
    finally:
        cdp.detach()
    got = page.evaluate(
        f"""() => {{ const root = document.querySelector('{root}');
            const m = typeof tf === 'undefined' ? null : tf.memory();
            return [m && m.numTensors, m && m.numBytes, String({progress})]; }}""")
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
        before = sample(watched.page, root, scenario.progress, time.monotonic())
        results[scenario.demo] = Soak(scenario, before)
    for watched, scenario, root in opened:
        scenario.start(watched.page, root)
    started = time.monotonic()
    while time.monotonic() - started < seconds:
        time.sleep(max(0.0, every - (time.monotonic() - started) % every))
        for watched, scenario, root in opened:
            results[scenario.demo].samples.append(sample(watched.page, root, scenario.progress, started))
            if report:
                report(scenario.demo, results[scenario.demo].samples[-1])
            if scenario.keep:
                scenario.keep(watched.page, root)
    for watched, scenario, root in opened:
        result = results[scenario.demo]
        scenario.stop(watched.page, root)
        result.stopped = sample(watched.page, root, scenario.progress, started)
        if scenario.reset:
            scenario.reset(watched.page, root)
            result.after_reset = sample(watched.page, root, scenario.progress, started)
        result.errors = list(watched.errors)
        watched.page.context.close()
    return results
