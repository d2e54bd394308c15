/* tensorspace-lenet-training: LeNet built and trained with TensorFlow.js in the page. Its
   layers are those of models/lenet.py, so the 3D view is the same as the trained LeNet's. */
(function (CnnDemos) {
  'use strict';
  var LEARNING_RATE = 0.002;

  function buildLenet() {
    return tf.sequential({
      name: 'lenet',
      layers: [
        tf.layers.zeroPadding2d({ inputShape: [28, 28, 1], padding: 2, name: 'padding' }),
        tf.layers.conv2d({ filters: 6, kernelSize: 5, activation: 'relu', name: 'conv1' }),
        tf.layers.maxPooling2d({ poolSize: 2, name: 'pool1' }),
        tf.layers.conv2d({ filters: 16, kernelSize: 5, activation: 'relu', name: 'conv2' }),
        tf.layers.maxPooling2d({ poolSize: 2, name: 'pool2' }),
        tf.layers.flatten({ name: 'flatten' }),
        tf.layers.dense({ units: 120, activation: 'relu', name: 'dense1' }),
        tf.layers.dense({ units: 84, activation: 'relu', name: 'dense2' }),
        tf.layers.dense({ units: 10, activation: 'softmax', name: 'softmax' })
      ]
    });
  }

  function LenetTrainer() {
    var model = this.model = buildLenet();
    // The same layers (and weights), answering with every drawn layer's output: for the 3D view.
    this.layers = tf.model({
      inputs: model.inputs,
      outputs: CnnDemos.LENET_LAYER_NAMES.map(function (name) { return model.getLayer(name).output; })
    });
    this.compile();
  }

  LenetTrainer.prototype.compile = function () {
    this.model.compile({
      optimizer: tf.train.adam(LEARNING_RATE),
      loss: 'categoricalCrossentropy',
      metrics: ['accuracy']
    });
  };

  /** One step of training on batch {xs, ys} (disposed here). Resolves to {loss, accuracy}. */
  LenetTrainer.prototype.trainBatch = function (batch) {
    return this.model.trainOnBatch(batch.xs, batch.ys).then(function (result) {
      batch.xs.dispose();
      batch.ys.dispose();
      return { loss: result[0], accuracy: result[1] };
    });
  };

  /** Share of heldOut ({xs, labels}) read correctly. */
  LenetTrainer.prototype.accuracy = function (heldOut) {
    var model = this.model;
    var guesses = tf.tidy(function () { return model.predict(heldOut.xs).argMax(1).dataSync(); });
    var right = 0;
    heldOut.labels.forEach(function (label, i) { if (guesses[i] === label) right += 1; });
    return right / heldOut.labels.length;
  };

  /** The ten probabilities for one digit (Float32Array(784) in 0..1). */
  LenetTrainer.prototype.predict = function (pixels) {
    var model = this.model;
    return tf.tidy(function () {
      return Array.from(model.predict(tf.tensor4d(pixels, [1, 28, 28, 1])).dataSync());
    });
  };

  /** Fresh random weights and a fresh optimizer: the network forgets everything. */
  LenetTrainer.prototype.reset = function () {
    var fresh = buildLenet();
    this.model.setWeights(fresh.getWeights());
    fresh.dispose();
    if (this.model.optimizer) this.model.optimizer.dispose();
    this.compile();
  };

  CnnDemos.LenetTrainer = LenetTrainer;
})(window.CnnDemos);
