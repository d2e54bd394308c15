/* mlp-vs-cnn: the two networks, built with TensorFlow.js from seeded random weights (the same
   seed, the same starting weights). Both end in ten scores, one per digit; the larger the
   score, the more the network believes in that digit. */
(function (CnnDemos) {
  'use strict';
  var Demo = CnnDemos.MlpVsCnn = CnnDemos.MlpVsCnn || {};
  var MLP_HIDDEN = 32; // units of the MLP's one hidden layer

  function inputShape() {
    return [CnnDemos.IMAGE_SIZE, CnnDemos.IMAGE_SIZE, 1];
  }

  /** Seeded Glorot-uniform weights (the usual default), a different seed for each layer. */
  function weights(seed) {
    return tf.initializers.glorotUniform({ seed: seed });
  }

  /** The MLP: the image as one list of pixels, one dense hidden layer, ten scores. */
  function buildMlp(seed) {
    return tf.sequential({
      name: 'mlp',
      layers: [
        tf.layers.flatten({ inputShape: inputShape(), name: 'flatten' }),
        tf.layers.dense({ units: MLP_HIDDEN, activation: 'relu', kernelInitializer: weights(seed),
          name: 'dense' }),
        tf.layers.dense({ units: Demo.CLASS_COUNT, kernelInitializer: weights(seed + 1), name: 'scores' })
      ]
    });
  }

  /**
   * The CNN: three rounds of small 3 x 3 filters slid over the image, each followed by 2 x 2 max
   * pooling, which passes on the strongest response of each small area and drops its exact
   * place. Each round halves the maps, so after three a stroke moved by a few pixels lands in
   * the same or the next cell of the last maps. A dense layer turns them into ten scores.
   */
  function buildCnn(seed) {
    return tf.sequential({
      name: 'cnn',
      layers: [
        tf.layers.conv2d({ inputShape: inputShape(), filters: 8, kernelSize: 3, padding: 'same',
          activation: 'relu', kernelInitializer: weights(seed), name: 'conv1' }),
        tf.layers.maxPooling2d({ poolSize: 2, name: 'pool1' }),
        tf.layers.conv2d({ filters: 16, kernelSize: 3, padding: 'same', activation: 'relu',
          kernelInitializer: weights(seed + 1), name: 'conv2' }),
        tf.layers.maxPooling2d({ poolSize: 2, name: 'pool2' }),
        tf.layers.conv2d({ filters: 32, kernelSize: 3, padding: 'same', activation: 'relu',
          kernelInitializer: weights(seed + 2), name: 'conv3' }),
        // 'same': the 7 x 7 maps become 4 x 4, the last row and column kept.
        tf.layers.maxPooling2d({ poolSize: 2, padding: 'same', name: 'pool3' }),
        tf.layers.flatten({ name: 'flatten' }),
        tf.layers.dense({ units: Demo.CLASS_COUNT, kernelInitializer: weights(seed + 3), name: 'scores' })
      ]
    });
  }

  /** What a layer is, in words: "convolution, 8 filters of 3 × 3". */
  function layerKind(layer) {
    var config = layer.getConfig(), dims = CnnDemos.dims;
    switch (layer.getClassName()) {
      case 'Flatten': return 'everything as one list of numbers';
      case 'Dense':
        return 'dense layer of ' + config.units + (config.activation === 'linear' ? ' scores' : ' units');
      case 'Conv2D':
        return 'convolution, ' + config.filters + ' filters of ' + dims.apply(null, config.kernelSize);
      case 'MaxPooling2D': return 'max pooling of ' + dims.apply(null, config.poolSize) + ' areas';
      default: return layer.getClassName();
    }
  }

  /** The layers of model, read from it: [{kind, shape ("14 × 14 × 8"), parameters}]. */
  function describe(model) {
    return model.layers.map(function (layer) {
      return {
        kind: layerKind(layer),
        shape: CnnDemos.dims.apply(null, layer.outputShape.slice(1)),
        parameters: layer.countParams()
      };
    });
  }

  /** The two networks, in the order the page shows them. */
  Demo.NETWORKS = [
    { key: 'mlp', name: 'MLP', build: buildMlp },
    { key: 'cnn', name: 'CNN', build: buildCnn }
  ];
  Demo.describe = describe;
})(window.CnnDemos);
