/* tfjs-vis-mnist: the digits as tensors. The embedded MNIST split (mnist-data.js) holds
   uint8 pixels and labels; training wants float images in 0..1 and one-hot labels. */
(function (CnnDemos) {
  'use strict';
  var PIXELS = 784;
  var VALIDATION = 500; // the last training digits, kept out of training to watch overfitting

  /** {xs: [count, 28, 28, 1] floats in 0..1, ys: [count, 10] one-hot} from part[start..). */
  function tensors(part, start, count) {
    var images = part.images.subarray(start * PIXELS, (start + count) * PIXELS);
    var floats = new Float32Array(images.length);
    for (var i = 0; i < images.length; i++) floats[i] = images[i] / 255;
    var labels = Int32Array.from(part.labels.subarray(start, start + count));
    return tf.tidy(function () {
      return {
        xs: tf.tensor4d(floats, [count, 28, 28, 1]),
        ys: tf.oneHot(tf.tensor1d(labels, 'int32'), 10)
      };
    });
  }

  /** How many training digits are left for training once validation has its share. */
  function trainable(data) {
    return data.train.count - VALIDATION;
  }

  CnnDemos.guidedData = {
    VALIDATION: VALIDATION,
    DIGITS: ['0', '1', '2', '3', '4', '5', '6', '7', '8', '9'],
    tensors: tensors,
    trainable: trainable,
    /** The validation digits: the last VALIDATION of the training split. */
    validation: function (data) {
      return tensors(data.train, data.train.count - VALIDATION, VALIDATION);
    }
  };
})(window.CnnDemos);
