/* why-it-decides: the checks that tell a faithful map from a pretty one, computed in the page.
   Deletion: remove the pixels a map ranks highest first, and watch the class's probability
   fall, against removing them in a random order. Randomisation (Adebayo et al., 2018): scramble
   the network's top layers and see whether a map changes; a map that stays the same was showing
   the picture, not the network. Needs tf, cnn-demos.js, plain-net.js and maps.js. */
(function (CnnDemos) {
  'use strict';
  var Demo = CnnDemos.WhyItDecides = CnnDemos.WhyItDecides || {};
  var PIXELS = CnnDemos.PIXELS;
  var DELETION = { each: 12, steps: 25 }; // 300 pixels in all: more than the ink of most digits
  var RANDOM_SEED = 7;
  var SCRAMBLE_SEED = 1000;

  /** Pixel indices, the highest value first (ties: the lower index first). */
  function ranked(values) {
    var order = [];
    for (var i = 0; i < values.length; i++) order.push(i);
    return order.sort(function (a, b) { return values[b] - values[a] || a - b; });
  }

  /** A fixed pseudo-random order of the pixels (a seeded shuffle: the same order every time). */
  function randomOrder(seed) {
    var state = seed >>> 0;
    function next() { // a 32-bit linear congruential generator is random enough for an order
      state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
      return state / 4294967296;
    }
    var order = [];
    for (var i = 0; i < PIXELS; i++) order.push(i);
    for (var j = PIXELS - 1; j > 0; j--) {
      var k = Math.floor(next() * (j + 1));
      var t = order[j]; order[j] = order[k]; order[k] = t;
    }
    return order;
  }

  /**
   * Deletion curves: for each order of pixels (by name), the class's probability as the first
   * 12, 24, ... 300 pixels of that order are set to 0 (the background). Resolves to
   * {removed: [0, 12, ...], curves: {name: {probabilities, area}}}; area is the mean height of
   * the curve (the trapezoid rule, the x axis scaled to 0..1): lower means the map found the
   * pixels the network needs sooner.
   */
  async function deletion(net, pixels, cls, orders, progress) {
    var names = Object.keys(orders), points = DELETION.steps + 1;
    var images = new Float32Array(names.length * points * PIXELS);
    names.forEach(function (name, m) {
      var order = orders[name];
      for (var s = 0; s < points; s++) {
        var image = images.subarray((m * points + s) * PIXELS, (m * points + s + 1) * PIXELS);
        image.set(pixels);
        for (var i = 0; i < s * DELETION.each; i++) image[order[i]] = 0;
      }
    });
    var v = new Float32Array(net.steps[net.steps.length - 1].weights[0].shape[1]);
    v[cls] = 1;
    var pickClass = tf.tensor2d(v, [v.length, 1]);
    var probs;
    try {
      probs = await Demo.maps.inBatches(images, names.length * points, function (x) {
        return tf.matMul(net.probabilities(x), pickClass);
      }, progress);
    } finally {
      pickClass.dispose();
    }
    var removed = [];
    for (var s = 0; s < points; s++) removed.push(s * DELETION.each);
    var curves = {};
    names.forEach(function (name, m) {
      var p = Array.from(probs.subarray(m * points, (m + 1) * points));
      var area = 0;
      for (var i = 1; i < points; i++) area += (p[i - 1] + p[i]) / 2;
      curves[name] = { probabilities: p, area: area / (points - 1) };
    });
    return { removed: removed, curves: curves };
  }

  /** Ranks from 1, ties sharing their mean rank. */
  function ranks(values) {
    var order = ranked(values).reverse(); // lowest first
    var out = new Float64Array(values.length);
    for (var i = 0; i < order.length;) {
      var j = i;
      while (j + 1 < order.length && values[order[j + 1]] === values[order[i]]) j++;
      for (var k = i; k <= j; k++) out[order[k]] = (i + j) / 2 + 1;
      i = j + 1;
    }
    return out;
  }

  /** Spearman's rank correlation of two maps: 1 same order, 0 unrelated; NaN if one is flat. */
  function rankCorrelation(a, b) {
    var ra = ranks(a), rb = ranks(b), n = a.length;
    var ma = 0, mb = 0;
    for (var i = 0; i < n; i++) { ma += ra[i]; mb += rb[i]; }
    ma /= n; mb /= n;
    var sab = 0, saa = 0, sbb = 0;
    for (var j = 0; j < n; j++) {
      var da = ra[j] - ma, db = rb[j] - mb;
      sab += da * db; saa += da * da; sbb += db * db;
    }
    return saa && sbb ? sab / Math.sqrt(saa * sbb) : NaN;
  }

  /**
   * The randomisation check: the four maps again on the network with its top `layers` weighted
   * layers scrambled, and each map's rank correlation with the trained network's. Resolves to
   * {layers: [names], maps: {name: values}, correlation: {name: rho}}.
   */
  async function randomisation(net, pixels, target, options, trained, layers, progress) {
    var scrambled = net.scrambled(layers, SCRAMBLE_SEED);
    try {
      var maps = await Demo.maps.all(scrambled, pixels, target, options, progress);
      var correlation = {};
      Demo.MAPS.forEach(function (name) { correlation[name] = rankCorrelation(trained[name].values, maps[name].values); });
      return {
        layers: net.weightedFromTop().slice(0, layers).map(function (l) { return l.name; }),
        maps: maps, correlation: correlation
      };
    } finally {
      scrambled.dispose();
    }
  }

  Demo.checks = {
    ranked: ranked,
    randomOrder: randomOrder,
    deletion: deletion,
    rankCorrelation: rankCorrelation,
    randomisation: randomisation,
    DELETION: DELETION,
    RANDOM_SEED: RANDOM_SEED,
    SCRAMBLE_SEED: SCRAMBLE_SEED
  };
})(window.CnnDemos);
