/* Trained models travel in classic scripts (window.CNN_DEMOS_MODELS, written by the build):
   pages opened from file:// cannot fetch model.json, so weights come base64-encoded and go
   to tf.io.fromMemory. Needs tf (TensorFlow.js) and cnn-demos.js. */
(function (CnnDemos) {
  'use strict';
  var backend = null;
  var loaded = {};

  /** WebGL where the browser has it, the CPU otherwise; resolves to the backend's name. */
  CnnDemos.tfBackend = function () {
    if (!backend) {
      backend = tf.setBackend('webgl')
        .catch(function () { return false; })
        .then(function (ok) { return ok || tf.setBackend('cpu'); })
        .then(function () { return tf.ready(); })
        .then(function () { return tf.getBackend(); });
    }
    return backend;
  };

  CnnDemos.modelEntry = function (name) {
    var entry = (window.CNN_DEMOS_MODELS || {})[name];
    if (!entry) throw new Error('the model "' + name + '" is not included in this page');
    return entry;
  };

  /** A tf.LayersModel for the named model, loaded once per page. */
  CnnDemos.loadModel = function (name) {
    if (!loaded[name]) {
      loaded[name] = CnnDemos.tfBackend().then(function () {
        var entry = CnnDemos.modelEntry(name);
        return tf.loadLayersModel(tf.io.fromMemory({
          modelTopology: entry.modelTopology,
          weightSpecs: entry.weightSpecs,
          weightData: CnnDemos.base64ToBytes(entry.weightData).buffer
        }));
      });
    }
    return loaded[name];
  };

  /**
   * The named model as a digit classifier, warmed up: resolves to {model, predict(pixels)},
   * where pixels is a Float32Array(784) in 0..1 and predict returns the ten probabilities
   * (the last output, for models that also return their inner layers).
   */
  CnnDemos.loadClassifier = function (name) {
    return CnnDemos.loadModel(name).then(function (model) {
      var classifier = {
        model: model,
        predict: function (pixels) {
          return tf.tidy(function () {
            var out = model.predict(tf.tensor4d(pixels, [1, 28, 28, 1]));
            if (Array.isArray(out)) out = out[out.length - 1];
            return Array.from(out.dataSync());
          });
        }
      };
      classifier.predict(new Float32Array(784)); // compile the GPU programs before the reader draws
      return classifier;
    });
  };
})(window.CnnDemos);
