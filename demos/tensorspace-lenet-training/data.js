/* tensorspace-lenet-training: batches of the embedded MNIST split as tensors. */
(function (CnnDemos) {
  'use strict';
  var PIXELS = 784;

  function shuffled(count) {
    var order = new Uint32Array(count);
    for (var i = 0; i < count; i++) order[i] = i;
    for (var j = count - 1; j > 0; j--) {
      var k = Math.floor(Math.random() * (j + 1));
      var swap = order[j]; order[j] = order[k]; order[k] = swap;
    }
    return order;
  }

  /** Images of the given indices as a [n, 28, 28, 1] float tensor in 0..1. */
  function imagesOf(part, indices) {
    var values = new Float32Array(indices.length * PIXELS);
    indices.forEach(function (index, row) {
      var from = index * PIXELS;
      for (var i = 0; i < PIXELS; i++) values[row * PIXELS + i] = part.images[from + i] / 255;
    });
    return tf.tensor4d(values, [indices.length, 28, 28, 1]);
  }

  /** mnist: what CnnDemos.loadMnist() resolves to. */
  function TrainingData(mnist) {
    this.train = mnist.train;
    this.test = mnist.test;
    this.order = shuffled(this.train.count);
    this.cursor = 0;
    this.epochs = 0;
  }

  /** The next batch of training digits, {xs, ys} (ys one-hot); the caller disposes them. */
  TrainingData.prototype.nextBatch = function (size) {
    var indices = [];
    while (indices.length < size) {
      if (this.cursor === this.order.length) {
        this.order = shuffled(this.train.count);
        this.cursor = 0;
        this.epochs += 1;
      }
      indices.push(this.order[this.cursor++]);
    }
    var labels = tf.tensor1d(indices.map(function (i) { return this.train.labels[i]; }, this), 'int32');
    var ys = tf.oneHot(labels, 10).toFloat();
    labels.dispose();
    return { xs: imagesOf(this.train, indices), ys: ys };
  };

  /** The first count held-out digits, {xs, labels} (labels a plain array), kept by the caller. */
  TrainingData.prototype.heldOut = function (count) {
    var n = Math.min(count, this.test.count), indices = [];
    for (var i = 0; i < n; i++) indices.push(i);
    return { xs: imagesOf(this.test, indices), labels: Array.from(this.test.labels.subarray(0, n)) };
  };

  /** One held-out digit: {index, label, pixels}. */
  TrainingData.prototype.testDigit = function (index) {
    return { index: index, label: this.test.labels[index], pixels: CnnDemos.digitPixels(this.test, index) };
  };

  TrainingData.prototype.restart = function () {
    this.order = shuffled(this.train.count);
    this.cursor = 0;
    this.epochs = 0;
  };

  CnnDemos.TrainingData = TrainingData;
})(window.CnnDemos);
