/* why-it-decides: the four attribution maps of one image for one class (or for the difference
   of two classes), each a Float32Array(PIXELS), one value per input pixel. The work is cut into
   batches with a pause between them, so the page keeps answering while it computes.
   Needs tf, cnn-demos.js and plain-net.js. */
(function (CnnDemos) {
  'use strict';
  var Demo = CnnDemos.WhyItDecides = CnnDemos.WhyItDecides || {};
  var SIZE = CnnDemos.IMAGE_SIZE, PIXELS = CnnDemos.PIXELS;
  var BATCH = 16; // images per batch: about 0.1 s of the recogniser on the CPU backend
  var BLUR_SIGMA = 2; // the blurred baseline: a Gaussian of this many pixels
  var NOISE_SEED = 42;

  /**
   * What a map explains: target.cls, the class, and target.versus, a second class or null.
   * With a second class, every map explains the difference: "why 7 and not 1?".
   */
  function weightsOf(net, target) {
    var classes = net.steps[net.steps.length - 1].weights[0].shape[1];
    var v = new Float32Array(classes);
    v[target.cls] = 1;
    if (target.versus !== null && target.versus !== undefined) v[target.versus] -= 1;
    return tf.tensor2d(v, [classes, 1]);
  }

  /** One number per image [n] from per-class values [n, classes]: the class's (minus the other's). */
  function pick(values, v) {
    return tf.reshape(tf.matMul(values, v), [-1]);
  }

  /** The score a gradient map explains: the class's logit, its score before the softmax. */
  function score(net, x, v) {
    return pick(net.logits(x), v);
  }

  /** What an occlusion map explains: the class's probability. */
  function probabilityScore(net, x, v) {
    return pick(net.probabilities(x), v);
  }

  /** Run fn(batchTensor) -> Float32Array over images (Float32Array of count images) in batches. */
  async function inBatches(images, count, fn, progress) {
    var out = [];
    for (var start = 0; start < count; start += BATCH) {
      var n = Math.min(BATCH, count - start);
      var part = images.subarray(start * PIXELS, (start + n) * PIXELS);
      out.push(tf.tidy(function () { return fn(CnnDemos.pixelsToTensor(part, n)).dataSync().slice(); }));
      if (progress) progress((start + n) / count);
      await CnnDemos.letThePageBreathe();
    }
    var all = new Float32Array(out.reduce(function (a, b) { return a + b.length; }, 0));
    var at = 0;
    out.forEach(function (part) { all.set(part, at); at += part.length; });
    return all;
  }

  /** Where a patch of `patch` pixels starts along one side: every `stride`, and flush with the end. */
  function patchStarts(patch, stride) {
    var starts = [];
    for (var s = 0; s + patch <= SIZE; s += stride) starts.push(s);
    if (starts[starts.length - 1] !== SIZE - patch) starts.push(SIZE - patch);
    return starts;
  }

  /** How far the occlusion patch moves between two tries: about half its size. */
  function strideFor(patch) {
    return Math.max(1, Math.round(patch / 2));
  }

  /**
   * Occlusion: cover a square patch of the image with `fill` (a Float32Array(PIXELS): the
   * background, or the data's mean image), at every position in turn, and measure the drop of
   * the class's probability. A pixel's value is the mean drop over the patches that cover it.
   */
  async function occlusion(net, pixels, target, options, progress) {
    var patch = options.patch, stride = strideFor(patch), starts = patchStarts(patch, stride);
    var fill = options.fill;
    var count = starts.length * starts.length;
    var images = new Float32Array((count + 1) * PIXELS);
    images.set(pixels, 0);
    var n = 1;
    starts.forEach(function (top) {
      starts.forEach(function (left) {
        var image = images.subarray(n * PIXELS, (n + 1) * PIXELS);
        image.set(pixels);
        for (var r = top; r < top + patch; r++) {
          for (var c = left; c < left + patch; c++) image[r * SIZE + c] = fill[r * SIZE + c];
        }
        n++;
      });
    });
    var v = weightsOf(net, target);
    var scores;
    try {
      scores = await inBatches(images, count + 1, function (x) { return probabilityScore(net, x, v); }, progress);
    } finally {
      v.dispose();
    }
    var sum = new Float32Array(PIXELS), covers = new Float32Array(PIXELS);
    n = 1;
    starts.forEach(function (top) {
      starts.forEach(function (left) {
        var drop = scores[0] - scores[n++];
        for (var r = top; r < top + patch; r++) {
          for (var c = left; c < left + patch; c++) { sum[r * SIZE + c] += drop; covers[r * SIZE + c] += 1; }
        }
      });
    });
    for (var i = 0; i < PIXELS; i++) sum[i] = covers[i] ? sum[i] / covers[i] : 0;
    return { values: sum, patch: patch, stride: stride, tries: count };
  }

  /** The baselines integrated gradients can start from, as a Float32Array(PIXELS). */
  function baseline(kind, pixels) {
    if (kind === 'black') return new Float32Array(PIXELS);
    if (kind === 'noise') {
      return tf.tidy(function () { return tf.randomUniform([PIXELS], 0, 1, 'float32', NOISE_SEED).dataSync().slice(); });
    }
    if (kind === 'blur') {
      return tf.tidy(function () {
        var radius = 3 * BLUR_SIGMA, taps = [];
        for (var i = -radius; i <= radius; i++) taps.push(Math.exp(-i * i / (2 * BLUR_SIGMA * BLUR_SIGMA)));
        var k = tf.div(tf.tensor1d(taps), taps.reduce(function (a, b) { return a + b; }, 0));
        var x = CnnDemos.pixelsToTensor(pixels, 1);
        var rows = tf.conv2d(x, tf.reshape(k, [taps.length, 1, 1, 1]), 1, 'same');
        return tf.conv2d(rows, tf.reshape(k, [1, taps.length, 1, 1]), 1, 'same').dataSync().slice();
      });
    }
    throw new Error('no baseline called "' + kind + '"');
  }

  /**
   * Integrated gradients from a baseline to the image, along the straight line between them,
   * with `steps` intervals (the trapezoid rule: steps + 1 gradients). The last gradient, at the
   * image itself, is the input gradient (saliency), so it comes with the same work.
   * gap: the map's sum against the score's change from the baseline to the image (completeness
   * says they are equal; the gap shrinks as steps grow).
   */
  async function integratedGradients(net, pixels, target, options, progress) {
    var steps = options.steps;
    var base = baseline(options.baseline, pixels);
    var images = new Float32Array((steps + 1) * PIXELS);
    for (var k = 1; k < steps; k++) {
      var a = k / steps;
      for (var i = 0; i < PIXELS; i++) images[k * PIXELS + i] = base[i] + a * (pixels[i] - base[i]);
    }
    // The ends exactly: b + (x - b) is not always x in floating point, and the input gradient
    // is read at the last one.
    images.set(base, 0);
    images.set(pixels, steps * PIXELS);
    var v = weightsOf(net, target);
    var grads, ends;
    try {
      var gradient = tf.grad(function (x) { return tf.sum(score(net, x, v)); });
      grads = await inBatches(images, steps + 1, gradient, progress);
      ends = tf.tidy(function () {
        var two = new Float32Array(2 * PIXELS);
        two.set(base, 0);
        two.set(pixels, PIXELS);
        return score(net, CnnDemos.pixelsToTensor(two, 2), v).dataSync().slice();
      });
    } finally {
      v.dispose();
    }
    var values = new Float32Array(PIXELS), total = 0;
    for (var p = 0; p < PIXELS; p++) {
      var sum = 0;
      for (var s = 0; s <= steps; s++) sum += (s === 0 || s === steps ? 0.5 : 1) * grads[s * PIXELS + p];
      values[p] = (pixels[p] - base[p]) * sum / steps;
      total += values[p];
    }
    var change = ends[1] - ends[0];
    return {
      values: values, baseline: base, steps: steps, sum: total, change: change, gap: total - change,
      saliency: { values: grads.slice(steps * PIXELS) }
    };
  }

  /**
   * Grad-CAM: the last convolution's maps, each weighted by the mean gradient of the score with
   * respect to it, summed, negatives set to 0, and resized to the input (bilinear, pixel centres
   * aligned).
   */
  function gradCam(net, pixels, target) {
    var v = weightsOf(net, target);
    try {
      return tf.tidy(function () {
        var cut = net.camAt + 1;
        var maps = net.run(CnnDemos.pixelsToTensor(pixels, 1), 0, cut);
        var g = tf.grad(function (a) { return tf.sum(pick(net.run(a, cut), v)); })(maps);
        var weights = tf.mean(g, [1, 2], true);
        var cam = tf.relu(tf.sum(tf.mul(maps, weights), 3, true));
        var up = tf.image.resizeBilinear(cam, [SIZE, SIZE], false, true);
        return { values: up.dataSync().slice(), size: maps.shape.slice(1), layer: net.steps[net.camAt].name };
      });
    } finally {
      v.dispose();
    }
  }

  /** The class's probability (and every class's) for one image. */
  function probabilities(net, pixels) {
    return tf.tidy(function () { return Array.from(net.probabilities(CnnDemos.pixelsToTensor(pixels, 1)).dataSync()); });
  }

  /**
   * All four maps, one after another. options: {patch, fill, baseline, steps}; progress(done,
   * label) gets the share done so far. Resolves to {occlusion, saliency, integrated, gradcam}.
   */
  async function allMaps(net, pixels, target, options, progress) {
    var report = progress || function () {};
    var out = {};
    report(0, 'Grad-CAM');
    out.gradcam = gradCam(net, pixels, target);
    await CnnDemos.letThePageBreathe();
    report(0.05, 'integrated gradients');
    out.integrated = await integratedGradients(net, pixels, target, options, function (f) {
      report(0.05 + 0.4 * f, 'integrated gradients');
    });
    out.saliency = out.integrated.saliency;
    out.occlusion = await occlusion(net, pixels, target, options, function (f) {
      report(0.45 + 0.55 * f, 'occlusion');
    });
    report(1, '');
    return out;
  }

  Demo.MAPS = ['occlusion', 'saliency', 'integrated', 'gradcam'];
  Demo.maps = {
    occlusion: occlusion,
    integratedGradients: integratedGradients,
    gradCam: gradCam,
    baseline: baseline,
    probabilities: probabilities,
    all: allMaps,
    inBatches: inBatches
  };
})(window.CnnDemos);
