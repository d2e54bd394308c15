/* unit-explorer: an image grown to make one unit fire, by gradient ascent on the pixels. Two
   images grow side by side from the same noise, in one batch: one with nothing but the ascent
   (plain), one with the help the reader chooses (helped): jitter (the image shifted by up to
   GROWING.jitter pixels, wrapping round, before each gradient, and the gradient shifted back), blur (a
   3 x 3 Gaussian every GROWING.blurEvery steps) and decay (every pixel faded by GROWING.decay a step, towards
   the black background). Plain ascent on a small network finds speckled images that no digit
   looks like: each pixel is pushed on its own. Both stay inside 0..1, the range of real images.
   The objective is the unit's response (before its ReLU, so that a silent unit still has a
   gradient); for a convolution channel, that of the unit at the middle of its map, so the
   pattern it likes grows in the square of pixels that unit sees. Needs tf, cnn-demos.js and units.js. */
(function (CnnDemos) {
  'use strict';
  var Demo = CnnDemos.UnitExplorer = CnnDemos.UnitExplorer || {};
  var SIZE = CnnDemos.IMAGE_SIZE;
  // How the images grow (tests and the benchmark read steps).
  var GROWING = {
    steps: 200,
    chunk: 2, // steps between two turns of the page's own (a click answered within two steps)
    drawEvery: 10, // steps between two drawings of the images
    rate: 0.03, // each step moves the pixels by this much, on average (the gradient normalised)
    jitter: 2,
    blurEvery: 8,
    decay: 0.005,
    noise: 0.2 // the start: uniform noise in 0..noise
  };
  var SEED = 20141126;

  /** x [1, SIZE, SIZE, 1] shifted down dy and right dx, wrapping round. */
  function roll(x, dy, dx) {
    var y = ((dy % SIZE) + SIZE) % SIZE, c = ((dx % SIZE) + SIZE) % SIZE;
    if (y) x = tf.concat([x.slice([0, SIZE - y, 0, 0], [-1, y, -1, -1]), x.slice([0, 0, 0, 0], [-1, SIZE - y, -1, -1])], 1);
    if (c) x = tf.concat([x.slice([0, 0, SIZE - c, 0], [-1, -1, c, -1]), x.slice([0, 0, 0, 0], [-1, -1, SIZE - c, -1])], 2);
    return x;
  }

  function normalised(g) {
    return tf.div(g, tf.add(tf.sqrt(tf.mean(tf.square(g))), 1e-8));
  }

  /**
   * Grows the two images for unit `unit` of layer `name`. help: {jitter, blur, decay} (booleans).
   * onStep(step, images) every GROWING.drawEvery steps (images: [plain, helped] Float32Arrays). Returns
   * {done: Promise of {images, start, reached, steps, help} (start and reached: each image's
   * response, as Units.onImage scores it), or null once cancelled, cancel()}.
   */
  function grow(units, name, unit, help, onStep) {
    var cancelled = false;
    var kernel = tf.tidy(function () {
      var k = tf.tensor1d([1, 2, 1]);
      return tf.div(tf.outerProduct(k, k), 16).reshape([3, 3, 1, 1]);
    });
    var next = CnnDemos.seededRandom(SEED); // the same noise and the same jitter every time
    var noise = new Float32Array(CnnDemos.PIXELS);
    for (var i = 0; i < noise.length; i++) noise[i] = GROWING.noise * next();
    var both = new Float32Array(2 * CnnDemos.PIXELS);
    both.set(noise, 0);
    both.set(noise, CnnDemos.PIXELS);
    var images = tf.tensor4d(both, [2, SIZE, SIZE, 1]);
    var isConv = !!units.layer(name).map;

    var centre = isConv ? units.layer(name).map.map(function (n) { return Math.floor(n / 2); }) : null;

    function objective(x) {
      var r = units.responses(x, name);
      return tf.sum(isConv ? r.slice([0, centre[0], centre[1], unit], [-1, 1, 1, 1]) : r.slice([0, unit], [-1, 1]));
    }
    var gradient = tf.grad(objective);

    function step(s) {
      var dy = help.jitter ? Math.floor(next() * (2 * GROWING.jitter + 1)) - GROWING.jitter : 0;
      var dx = help.jitter ? Math.floor(next() * (2 * GROWING.jitter + 1)) - GROWING.jitter : 0;
      var after = tf.tidy(function () {
        var plain = images.slice([0, 0, 0, 0], [1, -1, -1, -1]);
        var helped = images.slice([1, 0, 0, 0], [1, -1, -1, -1]);
        var g = gradient(tf.concat([plain, roll(helped, dy, dx)]));
        plain = tf.add(plain, tf.mul(normalised(g.slice([0, 0, 0, 0], [1, -1, -1, -1])), GROWING.rate));
        helped = tf.add(helped, tf.mul(normalised(roll(g.slice([1, 0, 0, 0], [1, -1, -1, -1]), -dy, -dx)), GROWING.rate));
        if (help.decay) helped = tf.mul(helped, 1 - GROWING.decay);
        if (help.blur && (s + 1) % GROWING.blurEvery === 0) helped = tf.conv2d(helped, kernel, 1, 'same');
        return tf.clipByValue(tf.concat([plain, helped]), 0, 1);
      });
      images.dispose();
      images = after;
    }

    function current() {
      var data = images.dataSync();
      return [data.slice(0, CnnDemos.PIXELS), data.slice(CnnDemos.PIXELS)];
    }

    function scored(list) {
      return list.map(function (pixels) { return units.onImage(pixels, name, unit).score; });
    }

    var start = scored(current());
    var done = (async function () {
      try {
        await CnnDemos.letThePageBreathe(); // the unit's examples are shown first
        for (var s = 0; s < GROWING.steps; s++) {
          if (cancelled) return null;
          step(s);
          if ((s + 1) % GROWING.drawEvery === 0) onStep(s + 1, current());
          if ((s + 1) % GROWING.chunk === 0) await CnnDemos.letThePageBreathe();
        }
        var last = current();
        return { images: last, start: start, reached: scored(last), steps: GROWING.steps, help: Object.assign({}, help) };
      } finally {
        images.dispose();
        kernel.dispose();
      }
    })();
    return { done: done, cancel: function () { cancelled = true; } };
  }

  Demo.grow = grow;
  Demo.GROWING = GROWING;
})(window.CnnDemos);
