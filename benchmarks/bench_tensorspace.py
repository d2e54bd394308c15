"""The TensorSpace LeNet demos in headless Chromium, from the unzipped offline zip (file://).

Figures: seconds from opening each page to its first 3D prediction (both pages show a
held-out digit through the network as soon as they are ready); training batches per second
in the training page (batches of 32, 3D view updated every 5 batches, measured after a
warm-up); the trained LeNet's held-out accuracy as the build measured it; the bytes of its
weights and of the classic script that carries them to the page.
"""

import statistics
import time

from common import Context, Figure

AREA = "tensorspace"
LENET_PAGE, LENET_SEL = "lenet-3d.html", '[data-cnn-demo="tensorspace-lenet"]'
TRAINING_PAGE = "lenet-3d-training.html"
TRAINING_SEL = '[data-cnn-demo="tensorspace-lenet-training"]'
WARM_UP_SECONDS = 3.0  # training runs this long before the rate is measured
RATE_SECONDS = 20.0  # ... over this long


def _first_3d_prediction(ctx: Context, url: str, root: str):
    """(seconds from navigation to the first 3D update, the open page)."""
    from browser import open_page

    started = time.perf_counter()
    watched = open_page(ctx.browser(), url)
    watched.page.wait_for_function(
        f"Number((document.querySelector('{root}') || {{dataset: {{}}}}).dataset.viewUpdates) >= 1",
        timeout=120_000, polling=20)
    seconds = time.perf_counter() - started
    watched.assert_clean()
    return seconds, watched


def run(ctx: Context) -> list[Figure]:
    site = ctx.unzipped
    assert site is not None, "bench_build makes the site first"
    figures: list[Figure] = []

    seconds, watched = _first_3d_prediction(ctx, (site / LENET_PAGE).as_uri(), LENET_SEL)
    metrics = watched.page.evaluate("() => CnnDemos.modelEntry('lenet').metrics")
    steps = _timelapse_steps(watched.page)
    watched.page.context.close()
    figures.append(Figure(AREA, "LeNet time-lapse: one slider step shown", round(statistics.median(steps), 1),
                          "ms", "lower", f"median of {len(steps)} keyboard steps: weights set, filters, "
                          "probabilities and the 3D view updated, to the next frame"))
    figures.append(Figure(AREA, "LeNet page: open to first 3D prediction", round(seconds, 2), "s",
                          "lower", "file://, a held-out digit once model, data and scene load"))

    seconds, watched = _first_3d_prediction(ctx, (site / TRAINING_PAGE).as_uri(), TRAINING_SEL)
    figures.append(Figure(AREA, "training page: open to first 3D prediction", round(seconds, 2),
                          "s", "lower", "file://, the untrained network"))
    page = watched.page

    def batches() -> int:
        return int(page.get_attribute(TRAINING_SEL, "data-batches") or 0)

    page.click(f"{TRAINING_SEL} [data-action='start']")
    time.sleep(WARM_UP_SECONDS)
    first, started = batches(), time.perf_counter()
    time.sleep(RATE_SECONDS)
    done, elapsed = batches() - first, time.perf_counter() - started
    page.click(f"{TRAINING_SEL} [data-action='stop']")
    accuracy = float(page.get_attribute(TRAINING_SEL, "data-accuracy") or "nan")
    total = batches()
    watched.assert_clean()
    page.context.close()
    figures.append(Figure(AREA, "training page: batches per second", round(done / elapsed, 2),
                          "batches/s", "higher", "32 digits a batch, 3D update every 5"))
    figures.append(Figure(AREA, "training page: held-out accuracy after the run",
                          round(accuracy, 4), "fraction", "higher",
                          f"500 held-out digits, after {total} batches"))

    figures.append(Figure(AREA, "LeNet held-out accuracy", round(metrics["held_out_accuracy"], 4),
                          "fraction", "higher",
                          f"{metrics['held_out_examples']:,} digits, as the build measured it"))
    model_dir = site / "cnn-demos" / "models" / "lenet"
    weights = sum(p.stat().st_size for p in model_dir.glob("*.bin"))
    figures.append(Figure(AREA, "LeNet weights", weights, "bytes", "lower",
                          f"{metrics['parameters']:,} parameters, float32"))
    figures.append(Figure(AREA, "LeNet classic script", (model_dir / "lenet.js").stat().st_size,
                          "bytes", "lower", "topology + base64 weights, loads from file://"))
    snapshots = (model_dir / "lenet-snapshots.js").stat().st_size
    figures.append(Figure(AREA, "LeNet time-lapse snapshots script", snapshots, "bytes", "lower",
                          "6 snapshots, 8-bit weights in base64 (about a sixth each)"))
    return figures


def _timelapse_steps(page) -> list[float]:
    """Milliseconds each step of the time-lapse slider takes to show (the page measures it)."""
    slider = f'{LENET_SEL} [data-setting="snapshot"]'
    page.wait_for_selector(f"{LENET_SEL}[data-snapshot-epoch]")  # the page loads the snapshots after ready
    page.focus(slider)
    times = []
    for key in ["Home"] + ["ArrowRight"] * 5 + ["ArrowLeft"] * 5 + ["ArrowRight"] * 5:
        page.evaluate("s => delete document.querySelector(s).dataset.snapshotMs", LENET_SEL)
        page.keyboard.press(key)
        page.wait_for_function("s => document.querySelector(s).dataset.snapshotMs", arg=LENET_SEL)
        times.append(float(page.get_attribute(LENET_SEL, "data-snapshot-ms")))
        page.wait_for_timeout(300)  # let the 3D view's deferred redraw settle
    return times[1:]
