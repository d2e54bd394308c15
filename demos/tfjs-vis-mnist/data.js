/* tfjs-vis-mnist: the digits as tensors. The embedded MNIST split (sample-data.js) holds
   uint8 pixels and labels; training wants float images in 0..1 and one-hot labels. */
(function (CnnDemos) {
  'use strict';
  var Demo = CnnDemos.TfjsVisMnist = CnnDemos.TfjsVisMnist || {};
  var VALIDATION = 500; // the last training digits, kept out of training to watch overfitting
  var CLASS_NAMES = CnnDemos.dataset.classes;  // their names, for the charts' axes and tables

  /** {xs: [count, IMAGE_SIZE, IMAGE_SIZE, 1] floats in 0..1, ys: [count, 10] one-hot} from part[start..). */
  function tensors(part, start, count) {
    var indices = [];
    for (var i = start; i < start + count; i++) indices.push(i);
    var pixels = CnnDemos.digitBatchPixels(part, indices);
    var labels = Int32Array.from(part.labels.subarray(start, start + count));
    return tf.tidy(function () {
      return {
        xs: CnnDemos.pixelsToTensor(pixels, count),
        ys: tf.oneHot(tf.tensor1d(labels, 'int32'), CLASS_NAMES.length)
      };
    });
  }

  /** How many training digits are left for training once validation has its share. */
  function trainable(data) {
    return data.train.count - VALIDATION;
  }

  /**
   * The held-out digits of one confusion-matrix cell (true class `truth`, read as `read`), at
   * most `limit`, each {index, pixels, top: [{index, value}] of the three best answers}.
   */
  function cellExamples(model, part, truth, read, limit) {
    var found = [];
    var batch = tensors(part, 0, part.count);
    var probs = tf.tidy(function () { return model.predict(batch.xs, { batchSize: 500 }); });
    var values = probs.arraySync();
    tf.dispose([batch.xs, batch.ys, probs]);
    for (var i = 0; i < part.count && found.length < limit; i++) {
      if (part.labels[i] !== truth || CnnDemos.argmax(values[i]) !== read) continue;
      found.push({ index: i, pixels: CnnDemos.digitPixels(part, i), top: CnnDemos.topK(values[i], 3) });
    }
    return found;
  }

  Demo.data = {
    cellExamples: cellExamples,
    VALIDATION: VALIDATION,
    CLASS_NAMES: CLASS_NAMES,
    tensors: tensors,
    trainable: trainable,
    /** The validation digits: the last VALIDATION of the training split. */
    validation: function (data) {
      return tensors(data.train, data.train.count - VALIDATION, VALIDATION);
    }
  };
})(window.CnnDemos);
