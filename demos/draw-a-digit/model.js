/* draw-a-digit: the trained recognizer (loaded from the page, see model-store.js). */
(function (CnnDemos) {
  'use strict';

  function Recognizer(model) {
    this.model = model;
  }

  Recognizer.load = function () {
    return CnnDemos.loadModel('recognizer').then(function (model) {
      var recognizer = new Recognizer(model);
      recognizer.predict(new Float32Array(784)); // compile the GPU programs before the reader draws
      return recognizer;
    });
  };

  /** pixels: Float32Array(784) in 0..1. Returns the ten class probabilities. */
  Recognizer.prototype.predict = function (pixels) {
    var model = this.model;
    return tf.tidy(function () {
      return Array.from(model.predict(tf.tensor4d(pixels, [1, 28, 28, 1])).dataSync());
    });
  };

  CnnDemos.Recognizer = Recognizer;
})(window.CnnDemos);
