/* tensorspace-lenet-training: the network. LeNet (the shared lenet.js, the same layers as
   models/lenet.py, so the 3D view matches the trained LeNet's), compiled for training here, and
   the same layers answering with every drawn layer's output for the 3D view. */
(function (CnnDemos) {
  'use strict';
  var Demo = CnnDemos.TensorspaceLenetTraining = CnnDemos.TensorspaceLenetTraining || {};
  var LEARNING_RATE = 0.002;

  function Model() {
    this.network = CnnDemos.buildLenet();
    // The same layers (and weights), answering with every drawn layer's output: for the 3D view.
    this.layers = CnnDemos.drawnLayersModel(this.network);
    this.compile();
  }

  Model.prototype.compile = function () {
    this.network.compile({
      optimizer: tf.train.adam(LEARNING_RATE),
      loss: 'categoricalCrossentropy',
      metrics: ['accuracy']
    });
  };

  /** Share of heldOut ({xs, labels}) read correctly: a promise. Read without blocking the page
      (on a phone's CPU the first measurement takes seconds). */
  Model.prototype.accuracy = async function (heldOut) {
    var network = this.network;
    var found = tf.tidy(function () { return network.predict(heldOut.xs).argMax(1); });
    var guesses = await found.data();
    found.dispose();
    var right = 0;
    heldOut.labels.forEach(function (label, i) { if (guesses[i] === label) right += 1; });
    return right / heldOut.labels.length;
  };

  /** The ten probabilities for one digit (Float32Array(PIXELS) in 0..1). */
  Model.prototype.predict = function (pixels) {
    return CnnDemos.predictOne(this.network, pixels);
  };

  /** Fresh random weights and a fresh optimizer: the network forgets everything. */
  Model.prototype.reset = function () {
    var fresh = CnnDemos.buildLenet();
    this.network.setWeights(fresh.getWeights());
    fresh.dispose();
    if (this.network.optimizer) this.network.optimizer.dispose();
    this.compile();
  };

  Demo.Model = Model;
})(window.CnnDemos);
