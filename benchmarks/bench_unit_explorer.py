"""What does each unit look for? in headless Chromium from the unzipped zip (file://), on the
CPU backend the page uses: what the build adds for it (bytes of the units and map scripts, the
page's weight against the heaviest page's), the time from choosing a unit to its examples and
histogram drawn, the time to grow the two 200-step images of a unit of each layer, the time from
scrolling to the map (whose scripts the page holds back until then) to the map drawn, the time to
move the map to another snapshot, and the time to find the nearest held-out images in a layer.

Run with the others (`benchmarks/run.py --only unit_explorer`, after a clean build) or alone on
a site already built: `.venv/bin/python benchmarks/bench_unit_explorer.py [site folder]`.
"""

import os
import statistics
import sys
import time
from pathlib import Path

from common import Context, Figure, page_bytes

AREA = "unit-explorer"
PAGE = "unit-explorer.html"
DEMO = '[data-cnn-demo="unit-explorer"]'
CHOICES = 30
GROWN = [("conv1", 2), ("conv2", 9), ("dense1", 4), ("dense2", 30), ("softmax", 7)]

# Choose units with the Next button: from the click to the next frame (examples, histogram,
# strip and map on the reader's image drawn), and the page's own count of its work.
CHOOSE_JS = """async ([count]) => {
  const root = document.querySelector('[data-cnn-demo="unit-explorer"]');
  const next = root.querySelector('[data-action="next-unit"]');
  const layer = root.querySelector('[data-setting="layer"]');
  const frame = () => new Promise(r => requestAnimationFrame(() => r()));
  const shown = [], work = [];
  for (let i = 0; i < count; i++) {
    if (i % 6 === 0) {
      layer.selectedIndex = (i / 6) % layer.options.length;
      layer.dispatchEvent(new Event('change'));
    }
    const t = performance.now();
    next.click();
    await frame();
    shown.push(performance.now() - t);
    work.push(+root.dataset.unitMs);
  }
  return {shown, work};
}"""

GROW_JS = """async ([units]) => {
  const D = CnnDemos.UnitExplorer, made = await D.load(), help = {jitter: true, blur: true, decay: true};
  await D.grow(made.units, 'dense1', 0, help, () => {}).done;  // warm up
  const out = [];
  for (const [name, unit] of units) {
    const t = performance.now();
    const r = await D.grow(made.units, name, unit, help, () => {}).done;
    out.push({name, ms: performance.now() - t, steps: r.steps});
  }
  return {backend: tf.getBackend(), out};
}"""

MOVE_JS = """async () => {
  const D = CnnDemos.UnitExplorer, map = await D.loadMap(await D.load());
  const root = document.querySelector('[data-cnn-demo="unit-explorer"]');
  const slider = root.querySelector('[data-setting="snapshot"]');
  const frame = () => new Promise(r => requestAnimationFrame(() => r()));
  const moves = [];
  for (let i = 0; i < 12; i++) {
    slider.value = String(i % map.data.snapshots.length);
    const t = performance.now();
    slider.dispatchEvent(new Event('input'));
    await frame();
    moves.push(performance.now() - t);
  }
  return moves;
}"""

NEAR_JS = """async () => {
  const D = CnnDemos.UnitExplorer, map = await D.loadMap(await D.load()), near = {};
  for (const name of map.layerNames()) {
    const t = performance.now();
    await map.sampleOutputs(name, map.data.snapshots.length - 1);
    near[name] = performance.now() - t;
  }
  return near;
}"""


def idle(page) -> None:
    """Wait for the page's own work (the last unit's images, the map's neighbours) to end, so
    that it does not share the CPU with what is measured next."""
    page.wait_for_function("(d => d.synthesis === 'done' && !!d.nearLayer)"
                           f"(document.querySelector('{DEMO}').dataset)", timeout=180_000)


def _heaviest(site: Path) -> tuple[str, int]:
    weights = {p.name: page_bytes(site, p.name) for p in site.glob("*.html") if p.name != "404.html"}
    name = max(weights, key=weights.get)
    return name, weights[name]


def run(ctx: Context) -> list[Figure]:
    from browser import open_page  # tests/, which common puts on the path

    site = ctx.unzipped
    models = site / "cnn-demos" / "models" / "lenet"
    heaviest, heaviest_bytes = _heaviest(site)
    figures = [
        Figure(AREA, "units script (lenet-units.js)", (models / "lenet-units.js").stat().st_size, "bytes",
               "lower", "each unit's 9 strongest and 9 weakest held-out examples and histogram"),
        Figure(AREA, "map script (lenet-map.js)", (models / "lenet-map.js").stat().st_size, "bytes",
               "lower", "per layer its mean and two axes; per snapshot the sample's points"),
        Figure(AREA, "page weight", page_bytes(site, PAGE), "bytes", "lower",
               f"the heaviest page is {heaviest}, {heaviest_bytes:,} bytes"),
    ]
    watched = open_page(ctx.browser(), ctx.page_url(PAGE))
    page = watched.page
    page.wait_for_selector(f'{DEMO}[data-demo-state="ready"]', timeout=120_000)
    page.wait_for_function(f"document.querySelector('{DEMO}').dataset.synthesis === 'done'", timeout=120_000)
    load = os.getloadavg()[0]
    page.locator(f'{DEMO} [data-role="map-part"]').scroll_into_view_if_needed()
    scrolled = time.monotonic()
    page.wait_for_selector(f'{DEMO}[data-map-state="ready"]', timeout=120_000)
    map_ready = time.monotonic() - scrolled
    chosen = page.evaluate(CHOOSE_JS, [CHOICES])
    idle(page)
    med = statistics.median
    figures += [
        Figure(AREA, "choose a unit: examples and histogram drawn", med(chosen["shown"]), "ms", "lower",
               f"click to next frame, median of {CHOICES} across the layers, worst "
               f"{max(chosen['shown']):.0f} ms; the page's own work {med(chosen['work']):.1f} ms; "
               f"load average {load:.1f} on {os.cpu_count()} cores"),
        Figure(AREA, "map ready after scrolling to it", map_ready, "s", "lower",
               "its scripts (snapshots and map) loaded from file:// and run, the map drawn"),
    ]
    grown = page.evaluate(GROW_JS, [GROWN])
    assert grown["backend"] == "cpu", grown["backend"]
    for g in grown["out"]:
        figures.append(Figure(AREA, f"grow two {g['steps']}-step images, {g['name']}", g["ms"] / 1000, "s",
                              "lower", "plain and helped together, CPU backend"))
    idle(page)
    moves = page.evaluate(MOVE_JS)
    figures.append(Figure(AREA, "map: another snapshot drawn", med(moves), "ms", "lower",
                          f"median of 12 moves of the slider, worst {max(moves):.0f} ms"))
    idle(page)
    for name, ms in page.evaluate(NEAR_JS).items():
        figures.append(Figure(AREA, f"map: {name} outputs of the held-out sample (for neighbours)", ms / 1000,
                              "s", "lower", "once per layer and snapshot"))
    figures.append(Figure(AREA, "load average during the run", round(os.getloadavg()[0], 1), "", "lower",
                          f"{os.cpu_count()} cores, shared"))
    watched.assert_clean()
    page.context.close()
    return figures


if __name__ == "__main__":
    site = Path(sys.argv[1] if len(sys.argv) > 1 else Path(__file__).resolve().parents[1] / "site").resolve()
    ctx = Context(root=site.parent, work=site.parent, site=site, unzipped=site)
    try:
        for f in run(ctx):
            print(f"{f.name}: {f.value:,.4g} {f.unit}  {f.note}")
    finally:
        ctx.close()
