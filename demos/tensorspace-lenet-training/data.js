/* tensorspace-lenet-training: the embedded MNIST split as tensors: shuffled training batches,
   the held-out digits accuracy is measured on, one held-out digit to show. */
(function (CnnDemos) {
  'use strict';
  var Demo = CnnDemos.TensorspaceLenetTraining = CnnDemos.TensorspaceLenetTraining || {};
  var CLASS_COUNT = 10;

  function shuffled(count) {
    var order = new Uint32Array(count);
    for (var i = 0; i < count; i++) order[i] = i;
    for (var j = count - 1; j > 0; j--) {
      var k = Math.floor(Math.random() * (j + 1));
      var swap = order[j]; order[j] = order[k]; order[k] = swap;
    }
    return order;
  }

  /** Images of the given indices as a [n, IMAGE_SIZE, IMAGE_SIZE, 1] float tensor in 0..1. */
  function imagesOf(part, indices) {
    return CnnDemos.pixelsToTensor(CnnDemos.digitBatchPixels(part, indices), indices.length);
  }

  /** mnist: what CnnDemos.loadSample() resolves to. */
  function Data(mnist) {
    this.train = mnist.train;
    this.test = mnist.test;
    this.restart();
  }

  /** The next batch of training digits, {xs, ys} (ys one-hot); the caller disposes them. */
  Data.prototype.nextBatch = function (size) {
    var indices = [];
    while (indices.length < size) {
      if (this.cursor === this.order.length) this.restart(); // a new epoch, in a new order
      indices.push(this.order[this.cursor++]);
    }
    var labels = indices.map(function (i) { return this.train.labels[i]; }, this);
    // tidy: oneHot's int32 tensor and the labels' tensor are in-between steps; leaving them
    // undisposed held one more tensor for every batch trained.
    var ys = tf.tidy(function () { return tf.oneHot(tf.tensor1d(labels, 'int32'), CLASS_COUNT).toFloat(); });
    return { xs: imagesOf(this.train, indices), ys: ys };
  };

  /** The first count held-out digits, {xs, labels} (labels a plain array), kept by the caller. */
  Data.prototype.heldOut = function (count) {
    var n = Math.min(count, this.test.count), indices = [];
    for (var i = 0; i < n; i++) indices.push(i);
    return { xs: imagesOf(this.test, indices), labels: Array.from(this.test.labels.subarray(0, n)) };
  };

  /** One held-out digit: {index, label, pixels}. */
  Data.prototype.testDigit = function (index) {
    return { index: index, label: this.test.labels[index], pixels: CnnDemos.digitPixels(this.test, index) };
  };

  /** Two of each digit from the held-out split, to choose from: [{index, label}]. */
  Data.prototype.choices = function () {
    var test = this.test;
    return CnnDemos.sampleIndices(test, 2).map(function (index) {
      return { index: index, label: test.labels[index] };
    });
  };

  /** Start the training digits over, in a fresh random order. */
  Data.prototype.restart = function () {
    this.order = shuffled(this.train.count);
    this.cursor = 0;
  };

  Demo.Data = Data;
})(window.CnnDemos);
