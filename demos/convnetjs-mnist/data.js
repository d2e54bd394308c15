/* convnetjs-mnist: digits as ConvNetJS volumes. Training digits are cropped at a random
   place (a cheap way to show the network shifted digits); held-out digits are always cropped
   in the centre, so validation measures the network, not luck. Needs convnetjs, cnn-demos.js
   and sample-data.js. */
(function (CnnDemos) {
  'use strict';
  var Demo = CnnDemos.ConvnetjsMnist = CnnDemos.ConvnetjsMnist || {};
  var SIDE = CnnDemos.IMAGE_SIZE;

  /** A size x size crop of an MNIST digit, from column dx and row dy, as a convnetjs.Vol. */
  function cropVol(pixelAt, size, dx, dy) {
    var vol = new convnetjs.Vol(size, size, 1, 0.0);
    var w = vol.w;
    for (var y = 0; y < size; y++) {
      var row = (y + dy) * SIDE + dx;
      for (var x = 0; x < size; x++) w[y * size + x] = pixelAt(row + x);
    }
    return vol;
  }

  function centreOffset(size) {
    return Math.floor((SIDE - size) / 2);
  }

  function randomInt(n) {
    return Math.floor(Math.random() * n);
  }

  /** mnist: what CnnDemos.loadSample() resolves to. */
  function DigitFeed(mnist) {
    this.train = mnist.train;
    this.test = mnist.test;
    this.source = mnist.source;
  }

  DigitFeed.prototype._vol = function (part, index, size, dx, dy) {
    var images = part.images, offset = index * SIDE * SIDE;
    return cropVol(function (i) { return images[offset + i] / 255; }, size, dx, dy);
  };

  /** A random training digit, randomly cropped to size x size: {vol, label, index}. */
  DigitFeed.prototype.trainingExample = function (size) {
    var index = randomInt(this.train.count), slack = SIDE - size + 1;
    return {
      vol: this._vol(this.train, index, size, randomInt(slack), randomInt(slack)),
      label: this.train.labels[index],
      index: index
    };
  };

  /** Held-out digit `index` (a random one if omitted), centre-cropped: {vol, label, index}. */
  DigitFeed.prototype.heldOutExample = function (size, index) {
    if (index === undefined) index = randomInt(this.test.count);
    var c = centreOffset(size);
    return { vol: this._vol(this.test, index, size, c, c), label: this.test.labels[index], index: index };
  };

  /** n distinct random held-out indices. */
  DigitFeed.prototype.sampleHeldOut = function (n) {
    var chosen = {}, out = [];
    n = Math.min(n, this.test.count);
    while (out.length < n) {
      var i = randomInt(this.test.count);
      if (!chosen[i]) { chosen[i] = true; out.push(i); }
    }
    return out;
  };

  /** Pixels of a held-out digit as floats (for painting it). */
  DigitFeed.prototype.heldOutPixels = function (index) {
    return CnnDemos.digitPixels(this.test, index);
  };

  /** A Float32Array(PIXELS) in 0..1 (e.g. from CnnDemos.mnist.fromCanvas), centre-cropped. */
  DigitFeed.pixelsToVol = function (pixels, size) {
    var c = centreOffset(size);
    return cropVol(function (i) { return pixels[i]; }, size, c, c);
  };

  Demo.DigitFeed = DigitFeed;
})(window.CnnDemos);
