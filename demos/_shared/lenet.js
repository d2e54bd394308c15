/* LeNet for TensorFlow.js, built in the page (untrained): the only list of LeNet's layers on
   the JavaScript side. It mirrors build() in models/lenet.py, layer for layer and name for name,
   so a LeNet trained in the page looks in 3D like the one trained at build time (the 3D view
   reads its layers from the model, see lenet-3d.js). Needs tf and cnn-demos.js. */
(function (CnnDemos) {
  'use strict';

  /** A new tf.Sequential LeNet with random weights: MNIST digit in, ten probabilities out. */
  CnnDemos.buildLenet = function () {
    var size = CnnDemos.IMAGE_SIZE;
    return tf.sequential({
      name: 'lenet',
      layers: [
        tf.layers.zeroPadding2d({ inputShape: [size, size, 1], padding: 2, name: 'padding' }),
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
  };
})(window.CnnDemos);
