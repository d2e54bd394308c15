/* mlp-vs-cnn: the digits both networks see. Training batches come in a seeded order (the same
   seed, the same batches); held-out digits can be moved a few pixels; and one fixed, seeded
   shuffle of the pixel positions can be applied to every digit, training and held-out
   alike. */
(function (CnnDemos) {
  'use strict';
  var Demo = CnnDemos.MlpVsCnn = CnnDemos.MlpVsCnn || {};
  var CLASS_COUNT = 10;
  var SHUFFLE_SEED = 20240601; // the one shuffle of pixel positions, the same on every visit
  // A moved held-out digit goes right, down, left or up, in turn (by its index in the split),
  // so that no direction is favoured.
  var DIRECTIONS = [
    { dx: 1, dy: 0, name: 'right' },
    { dx: 0, dy: 1, name: 'down' },
    { dx: -1, dy: 0, name: 'left' },
    { dx: 0, dy: -1, name: 'up' }
  ];

  /** A small seeded generator of numbers in [0, 1) (mulberry32): one seed, one sequence. */
  function seededRandom(seed) {
    var state = seed >>> 0;
    return function () {
      state = (state + 0x6D2B79F5) >>> 0;
      var t = state;
      t = Math.imul(t ^ (t >>> 15), t | 1);
      t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
      return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
    };
  }

  /** 0 .. count-1 in an order drawn from random (Fisher-Yates). */
  function shuffledOrder(count, random) {
    var order = new Uint32Array(count);
    for (var i = 0; i < count; i++) order[i] = i;
    for (var j = count - 1; j > 0; j--) {
      var k = Math.floor(random() * (j + 1));
      var swap = order[j]; order[j] = order[k]; order[k] = swap;
    }
    return order;
  }

  /** mnist: what CnnDemos.loadSample() resolves to. */
  function Digits(mnist) {
    this.train = mnist.train;
    this.test = mnist.test;
    this.heldOutCount = mnist.heldOutCount; // test holds the first ones until CnnDemos.loadHeldOut()
    // Pixel i of a shuffled digit is pixel permutation[i] of the digit as written.
    this.permutation = shuffledOrder(CnnDemos.PIXELS, seededRandom(SHUFFLE_SEED));
  }

  /** The direction held-out digit index is moved in: {dx, dy, name}. */
  Digits.prototype.direction = function (index) {
    return DIRECTIONS[index % DIRECTIONS.length];
  };

  /** Pixels (0..1) of held-out digit index moved shift pixels in its direction; what moves
      out of the frame is lost and what comes in is blank. */
  Digits.prototype.moved = function (index, shift, out, offset) {
    var size = CnnDemos.IMAGE_SIZE, images = this.test.images;
    var d = this.direction(index), dx = d.dx * shift, dy = d.dy * shift;
    var from = index * CnnDemos.PIXELS, to = offset || 0;
    out = out || new Float32Array(CnnDemos.PIXELS);
    for (var y = 0; y < size; y++) {
      for (var x = 0; x < size; x++) {
        var sx = x - dx, sy = y - dy;
        var inside = sx >= 0 && sx < size && sy >= 0 && sy < size;
        out[to + y * size + x] = inside ? images[from + sy * size + sx] / 255 : 0;
      }
    }
    return out;
  };

  /** pixels (one digit, or several one after another) with the fixed shuffle applied. */
  Digits.prototype.shuffle = function (pixels) {
    var n = CnnDemos.PIXELS, perm = this.permutation, out = new Float32Array(pixels.length);
    for (var start = 0; start < pixels.length; start += n) {
      for (var i = 0; i < n; i++) out[start + i] = pixels[start + perm[i]];
    }
    return out;
  };

  /**
   * The first count held-out digits (all of them if count is missing), moved shift pixels and
   * shuffled if asked: {pixels (Float32Array, one digit after another), labels (Array), count}.
   */
  Digits.prototype.heldOut = function (shift, shuffled, count) {
    var n = Math.min(count || this.test.count, this.test.count);
    var pixels = new Float32Array(n * CnnDemos.PIXELS);
    for (var i = 0; i < n; i++) this.moved(i, shift, pixels, i * CnnDemos.PIXELS);
    return {
      pixels: shuffled ? this.shuffle(pixels) : pixels,
      labels: Array.from(this.test.labels.subarray(0, n)),
      count: n
    };
  };

  /**
   * Training batches in an order drawn from seed, so that both networks, and every run with
   * the same seed, see the same digits in the same order; shuffled: pixels shuffled.
   */
  function Batches(digits, seed, shuffled) {
    this.digits = digits;
    this.shuffled = shuffled;
    this.random = seededRandom(seed);
    this.order = shuffledOrder(digits.train.count, this.random);
    this.cursor = 0;
  }

  /** The next size training digits as tensors {xs, ys} (ys one-hot); the caller disposes them. */
  Batches.prototype.next = function (size) {
    var train = this.digits.train, indices = [];
    while (indices.length < size) {
      if (this.cursor === this.order.length) { // a new epoch, in a new order
        this.order = shuffledOrder(train.count, this.random);
        this.cursor = 0;
      }
      indices.push(this.order[this.cursor++]);
    }
    var pixels = CnnDemos.digitBatchPixels(train, indices);
    if (this.shuffled) pixels = this.digits.shuffle(pixels);
    var labels = indices.map(function (i) { return train.labels[i]; });
    return {
      xs: CnnDemos.pixelsToTensor(pixels, size),
      ys: tf.tidy(function () { return tf.oneHot(tf.tensor1d(labels, 'int32'), CLASS_COUNT).toFloat(); })
    };
  };

  Demo.CLASS_COUNT = CLASS_COUNT;
  Demo.Digits = Digits;
  Demo.Batches = Batches;
})(window.CnnDemos);
