/* new-symbol: the examples. The reader's drawings of the new symbol, the old classes' examples
   replayed beside them (the first few of each class in the page's training sample), and the
   held-out examples every accuracy on this page is measured on. Everything in a fixed order, so
   that the test can do the same fine-tuning in Keras, example for example. */
(function (CnnDemos) {
  'use strict';
  var Demo = CnnDemos.NewSymbol = CnnDemos.NewSymbol || {};

  Demo.NEW_CLASS = 10; // the new symbol's class: after the ten classes of the dataset
  Demo.CLASSES = 11;

  /** Images one after another: {pixels (Float32Array, PIXELS each), labels (Int32Array), count}. */
  function pack(list) {
    var n = CnnDemos.PIXELS, pixels = new Float32Array(list.length * n), labels = new Int32Array(list.length);
    list.forEach(function (item, i) {
      pixels.set(item.pixels, i * n);
      labels[i] = item.label;
    });
    return { pixels: pixels, labels: labels, count: list.length };
  }

  /**
   * The page's examples from the dataset sample ({train, test}, sample-data.js): replayPerClass
   * of each old class from the training part (once loadReplayed() has brought it), heldOutPerClass
   * from the held-out part, and fewer, livePerClass, for the measurement after every batch while
   * every layer trains (a network pass over all the held-out examples after each batch would
   * slow the batches down).
   */
  function Data(sample, replayPerClass, heldOutPerClass, livePerClass) {
    this.replayPerClass = replayPerClass;
    this.replayed = null;
    this.heldOut = pack(CnnDemos.sampleDigits(sample.test, heldOutPerClass));
    this.live = pack(CnnDemos.sampleDigits(sample.test, livePerClass)); // the first of heldOut's, by class
    this.drawn = []; // the reader's examples of the new symbol: Float32Array(PIXELS) each
  }

  /** Resolves once the replayed examples are in (the page's training part, loaded the first time). */
  Data.prototype.loadReplayed = function () {
    var self = this;
    if (this.replayed) return Promise.resolve();
    return CnnDemos.loadTraining().then(function (sample) {
      self.replayed = CnnDemos.sampleDigits(sample.train, self.replayPerClass);
    });
  };

  Data.prototype.add = function (pixels) {
    this.drawn.push(pixels);
  };

  Data.prototype.removeLast = function () {
    this.drawn.pop();
  };

  /** The reader's examples, labelled with the new class. */
  Data.prototype.symbol = function () {
    return pack(this.drawn.map(function (pixels) { return { pixels: pixels, label: Demo.NEW_CLASS }; }));
  };

  /** What the last layer learns from: the replayed old examples, then the reader's. */
  Data.prototype.fineTuneSet = function () {
    var drawn = this.drawn.map(function (pixels) { return { pixels: pixels, label: Demo.NEW_CLASS }; });
    return pack(this.replayed.concat(drawn));
  };

  Demo.Data = Data;
  Demo.pack = pack;
})(window.CnnDemos);
