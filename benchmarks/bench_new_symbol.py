"""Teach it a new symbol in headless Chromium from the unzipped zip (file://), on the CPU backend
the page uses: fine-tuning the last layer (the features of the replayed and the reader's examples,
then every gradient descent step, with the page's progress reports), median of three; and one
batch of every layer unfrozen with the live measurement after it, as the forgetting chart runs.
Ten held-out images stand in for the reader's drawings: the time does not depend on what they show.
"""

import statistics

from browser import open_page
from common import Context, Figure

AREA = "new-symbol"
RUNS = 3
MEASURE_JS = """async (runs) => {
  const D = CnnDemos.NewSymbol, lab = D.labs[0], s = await CnnDemos.loadSample();
  for (let i = 0; i < 10; i++) lab.data.add(CnnDemos.digitPixels(s.test, 1000 + i));
  const set = lab.data.fineTuneSet(), fine = [];
  for (let r = 0; r < runs; r++) {
    const net = new D.Network(lab.site, true);
    const t = performance.now();
    await D.fineTune(net, set, () => {});
    fine.push(performance.now() - t);
    net.dispose();
  }
  D.SETTINGS.forgetBatches = 3;
  const t = performance.now();
  await lab.start();
  const batches = lab.curve.length - 1, unfrozen = (performance.now() - t) / batches;
  await lab.reset();
  return {backend: tf.getBackend(), fine, unfrozen, examples: set.count, steps: D.SETTINGS.fineTuneSteps};
}"""


def run(ctx: Context) -> list[Figure]:
    watched = open_page(ctx.browser(), ctx.page_url("new-symbol.html"))
    page = watched.page
    page.wait_for_selector('[data-cnn-demo="new-symbol"][data-demo-state="ready"]', timeout=120_000)
    r = page.evaluate(MEASURE_JS, RUNS)
    assert r["backend"] == "cpu", r["backend"]
    seconds = statistics.median(r["fine"]) / 1000
    print(f"fine-tuning the last layer: {seconds:.2f} s (runs {[round(v / 1000, 2) for v in r['fine']]})")
    assert seconds < 5, f"fine-tuning took {seconds:.2f} s, over the 5 s budget"
    watched.assert_clean()
    page.context.close()
    return [
        Figure(AREA, "fine-tune the last layer", seconds, "s", "lower",
               f"{r['steps']} steps on {r['examples']} examples (10 new, the rest replayed), "
               f"median of {RUNS}; CPU backend"),
        Figure(AREA, "one batch of every layer, unfrozen", r["unfrozen"] / 1000, "s", "lower",
               "ten examples, with the live measurement on 100 held-out examples after it"),
    ]
