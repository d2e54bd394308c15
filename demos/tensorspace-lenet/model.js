/* tensorspace-lenet: the trained LeNet (loaded from the page, see model-store.js). Its model
   returns every drawn layer's output; the last one is the ten digit probabilities. */
(function (CnnDemos) {
  'use strict';

  function Lenet(model) {
    this.model = model;
  }

  Lenet.load = function () {
    return CnnDemos.loadModel('lenet').then(function (model) {
      var lenet = new Lenet(model);
      lenet.predict(new Float32Array(784)); // compile the GPU programs before the reader draws
      return lenet;
    });
  };

  /** pixels: Float32Array(784) in 0..1. Returns the ten class probabilities. */
  Lenet.prototype.predict = function (pixels) {
    var model = this.model;
    return tf.tidy(function () {
      var outputs = model.predict(tf.tensor4d(pixels, [1, 28, 28, 1]));
      return Array.from(outputs[outputs.length - 1].dataSync());
    });
  };

  CnnDemos.Lenet = Lenet;
})(window.CnnDemos);
