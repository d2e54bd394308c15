"""Why did it say that? in headless Chromium from the unzipped zip (file://), on the CPU backend
the page uses: the time to all four maps of one image at the page's default settings (occlusion
with a 7 x 7 patch, integrated gradients in 16 steps), per network, over ten held-out images;
the deletion check and the randomisation check after them; the longest task the page ran
without letting the reader's input through; and the input gradient of 17 images (integrated
gradients' work) through TF.js's own layers against the demo's plain steps, in the same page.
"""

import statistics

from browser import open_page
from common import Context, Figure

AREA = "why-it-decides"
IMAGES = 10
MEASURE_JS = """async ([name, count]) => {
  const D = CnnDemos.WhyItDecides, s = await CnnDemos.loadSample();
  const net = await CnnDemos.loadPlainNet(name);
  const options = {patch: 7, fill: new Float32Array(784), baseline: 'black', steps: 16};
  const longest = [];
  new PerformanceObserver(list => list.getEntries().forEach(e => longest.push(e.duration)))
    .observe({type: 'longtask'});
  const px0 = CnnDemos.digitPixels(s.test, 0);
  await D.maps.all(net, px0, {cls: 0, versus: null}, options);  // warm up
  const settle = () => new Promise(r => setTimeout(r, 100));  // long tasks are reported late
  await settle();
  longest.length = 0;
  const maps = [], deletion = [], scramble = [];
  for (let i = 0; i < count; i++) {
    const px = CnnDemos.digitPixels(s.test, i);
    const target = {cls: CnnDemos.argmax(D.maps.probabilities(net, px)), versus: null};
    let t = performance.now();
    const m = await D.maps.all(net, px, target, options);
    maps.push(performance.now() - t);
    const orders = {random: D.checks.randomOrder(D.checks.RANDOM_SEED)};
    D.MAPS.forEach(k => { orders[k] = D.checks.ranked(m[k].values); });
    t = performance.now();
    await D.checks.deletion(net, px, target.cls, orders);
    deletion.push(performance.now() - t);
    t = performance.now();
    await D.checks.randomisation(net, px, target, options, m, 2);
    scramble.push(performance.now() - t);
  }
  await settle();
  const longestTask = Math.max(0, ...longest);
  // 17 input gradients: through the model's own layers (fused operations), then the plain steps.
  const model = await CnnDemos.loadModel(name);
  const layers = model.layers.filter(l => l.getClassName() !== 'InputLayer');
  const x = tf.randomUniform([17, 28, 28, 1], 0, 1, 'float32', 3);
  const viaLayers = tf.grad(x => { let h = x; layers.forEach(l => { h = l.apply(h); }); return tf.sum(h); });
  const viaSteps = tf.grad(x => tf.sum(tf.softmax(net.logits(x))));
  const timed = async (fn) => { tf.tidy(() => fn(x)); const t = performance.now();
    const g = fn(x); await g.data(); g.dispose(); return performance.now() - t; };
  const layersMs = [], stepsMs = [];
  for (let i = 0; i < 3; i++) { layersMs.push(await timed(viaLayers)); stepsMs.push(await timed(viaSteps)); }
  x.dispose();
  return {backend: tf.getBackend(), maps, deletion, scramble, longest: longestTask, layersMs, stepsMs};
}"""


def run(ctx: Context) -> list[Figure]:
    watched = open_page(ctx.browser(), ctx.page_url("why-it-decides.html"))
    page = watched.page
    page.wait_for_selector('[data-cnn-demo="why-it-decides"][data-demo-state="ready"]', timeout=120_000)
    figures = []
    for name in ("recognizer", "lenet"):
        r = page.evaluate(MEASURE_JS, [name, IMAGES])
        assert r["backend"] == "cpu", r["backend"]
        med = statistics.median
        fused = med(r["layersMs"]) / 1000
        figures += [
            Figure(AREA, f"{name}: all four maps, one image", med(r["maps"]) / 1000, "s", "lower",
                   f"median of {IMAGES} held-out images, worst {max(r['maps']) / 1000:.2f} s; CPU backend"),
            Figure(AREA, f"{name}: deletion check", med(r["deletion"]) / 1000, "s", "lower",
                   "five curves of 26 points"),
            Figure(AREA, f"{name}: randomisation check (top 2 layers)", med(r["scramble"]) / 1000, "s",
                   "lower", "the four maps again on the scrambled network"),
            Figure(AREA, f"{name}: longest task without a yield", r["longest"] / 1000, "s", "lower",
                   "Chromium's long tasks during the maps and checks"),
            Figure(AREA, f"{name}: 17 input gradients, plain steps", med(r["stepsMs"]) / 1000, "s", "lower",
                   f"through TF.js's layers (fused operations): {fused:.2f} s; medians of 3"),
        ]
    watched.assert_clean()
    page.context.close()
    return figures
