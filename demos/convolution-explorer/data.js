/* convolution-explorer: the images and filters the reader can choose, shaped the same way:
   an image is {n, values (Float32Array n*n, 0 = paper .. 1 = ink), label}, a filter is
   {k, weights (Float32Array k*k, row by row), bias, label, note}. Sources: the 5 x 5 patch of
   the page's worked example, held-out MNIST digits, the preset filters, and the first-layer
   (conv1) filters of the trained networks. Needs tf, cnn-demos.js, model-store.js, sample-data.js. */
(function (CnnDemos) {
  'use strict';
  var Demo = CnnDemos.ConvolutionExplorer = CnnDemos.ConvolutionExplorer || {};

  /** The 5 x 5 patch the page works through: the left edge of a stroke leaning slightly left. */
  Demo.PATCH = {
    n: 5,
    label: 'the 5 × 5 patch',
    values: Float32Array.from([
      0.0, 0.0, 0.6, 1.0, 0.8,
      0.0, 0.1, 0.9, 1.0, 0.5,
      0.0, 0.2, 1.0, 0.9, 0.2,
      0.0, 0.4, 1.0, 0.7, 0.0,
      0.1, 0.7, 1.0, 0.4, 0.0
    ])
  };

  /** A k x k filter from weight(row, col, middle). */
  function grid(k, weight) {
    var out = new Float32Array(k * k), mid = (k - 1) / 2;
    for (var i = 0; i < k; i++) {
      for (var j = 0; j < k; j++) out[i * k + j] = weight(i, j, mid);
    }
    return out;
  }

  /** The 3 x 3 weights of a small filter in the middle of a k x k grid of zeros. */
  function centred(k, three) {
    var off = (k - 3) / 2;
    return grid(k, function (i, j) {
      var a = i - off, b = j - off;
      return a >= 0 && a < 3 && b >= 0 && b < 3 ? three[a * 3 + b] : 0;
    });
  }

  function sign(x) { return x > 0 ? 1 : x < 0 ? -1 : 0; }

  /** The preset filters, each for k = 3 or 5. */
  Demo.PRESETS = [
    {
      id: 'vertical', label: 'Vertical edge',
      note: 'Subtracts the left of the window and adds the right: large where paper on the left ' +
        'meets ink on the right (the left edge of a stroke), negative at a right edge.',
      weights: function (k) { return grid(k, function (i, j, mid) { return sign(j - mid); }); }
    },
    {
      id: 'horizontal', label: 'Horizontal edge',
      note: 'Subtracts the top of the window and adds the bottom: large where paper above meets ' +
        'ink below (the top edge of a stroke), negative at a bottom edge.',
      weights: function (k) { return grid(k, function (i, j, mid) { return sign(i - mid); }); }
    },
    {
      id: 'diagonal', label: 'Diagonal line (↘)',
      note: 'Adds the cells on the diagonal from top left to bottom right and subtracts all the ' +
        'others: large on strokes running that way, zero on plain paper or plain ink.',
      weights: function (k) { return grid(k, function (i, j) { return i === j ? k - 1 : -1; }); }
    },
    {
      id: 'blur', label: 'Blur',
      note: 'Every weight is the same and they add up to 1: each output is the average of its ' +
        'window, a softer copy of the image.',
      weights: function (k) { return grid(k, function () { return 1 / (k * k); }); }
    },
    {
      id: 'sharpen', label: 'Sharpen',
      note: 'Five times the centre minus its four neighbours: the image with the differences ' +
        'between neighbouring pixels, its edges, made stronger.',
      weights: function (k) { return centred(k, [0, -1, 0, -1, 5, -1, 0, -1, 0]); }
    },
    {
      id: 'identity', label: 'Identity',
      note: 'Only the centre weight is 1: the output is a copy of the input (smaller, unless it ' +
        'is padded).',
      weights: function (k) { return centred(k, [0, 0, 0, 0, 1, 0, 0, 0, 0]); }
    }
  ];

  Demo.preset = function (id, k) {
    var found = Demo.PRESETS.filter(function (p) { return p.id === id; })[0];
    return { k: k, weights: found.weights(k), bias: 0, label: found.label, note: found.note };
  };

  var OWN_NOTE = 'Your own numbers: edit any weight or the bias, and watch the output change.';

  /** A filter of the reader's own: k x k weights (copied) and a bias. */
  Demo.ownFilter = function (k, weights, bias) {
    return { k: k, weights: Float32Array.from(weights), bias: bias, label: 'Your own numbers', note: OWN_NOTE };
  };

  /** filter at size k, as the reader's own: its centre if k is smaller, ringed with zeros if bigger. */
  Demo.resizeFilter = function (filter, k) {
    var from = filter.k, off = (from - k) / 2, weights = new Float32Array(k * k);
    for (var i = 0; i < k; i++) {
      for (var j = 0; j < k; j++) {
        var a = i + off, b = j + off;
        if (a >= 0 && a < from && b >= 0 && b < from) weights[i * k + j] = filter.weights[a * from + b];
      }
    }
    return Demo.ownFilter(k, weights, filter.bias);
  };

  /** One held-out digit of each class: [{index, label, image}]. mnist: CnnDemos.loadSample(). */
  Demo.heldOutDigits = function (mnist) {
    return CnnDemos.sampleDigits(mnist.test, 1).map(function (digit) {
      return {
        index: digit.index,
        label: digit.label,
        image: {
          n: CnnDemos.IMAGE_SIZE,
          values: digit.pixels,
          label: 'held-out ' + CnnDemos.dataset.noun + ' ' + digit.index + ' (' + CnnDemos.aClass(digit.label) + ')'
        }
      };
    });
  };

  /** A drawing (28 x 28 pixels from CnnDemos.mnist.fromCanvas, or null when empty) as an image. */
  Demo.drawnImage = function (pixels) {
    return {
      n: CnnDemos.IMAGE_SIZE,
      values: pixels || new Float32Array(CnnDemos.PIXELS),
      label: pixels ? 'your drawing' : 'the empty pad'
    };
  };

  var TRAINED = {
    lenet: {
      title: 'LeNet',
      note: 'Learnt by LeNet in training, with its bias. LeNet pads the ' + CnnDemos.dataset.noun + ' with 2 pixels of ' +
        'zeros and applies ReLU after this layer: with padding "same" and ReLU on, this is ' +
        'exactly the feature map LeNet makes.'
    },
    recognizer: {
      title: 'Recognizer',
      note: 'Learnt by the recognizer in training. Its first layer has no bias: batch ' +
        'normalisation right after it shifts and scales each map instead, so the bias here is 0. ' +
        'It pads with zeros ("same").'
    }
  };

  /**
   * The first-layer (conv1) filters of a trained network, read from the loaded model's own
   * weights: resolves to [{id, k, weights, bias, label, note}], one per filter.
   */
  Demo.trainedFilters = function (name) {
    return CnnDemos.loadModel(name).then(function (model) {
      // The layer's own variables: read them, never dispose them.
      var tensors = model.getLayer('conv1').getWeights();
      var shape = tensors[0].shape; // [k, k, 1 input channel, filters]
      var k = shape[0], count = shape[3];
      var kernel = tensors[0].dataSync();
      var biases = tensors.length > 1 ? tensors[1].dataSync() : null;
      var about = TRAINED[name];
      var filters = [];
      for (var f = 0; f < count; f++) {
        var weights = new Float32Array(k * k);
        for (var i = 0; i < k * k; i++) weights[i] = kernel[i * count + f];
        filters.push({
          id: name + ':' + f,
          k: k,
          weights: weights,
          bias: biases ? biases[f] : 0,
          label: about.title + ' conv1, filter ' + (f + 1) + ' of ' + count,
          note: about.note
        });
      }
      return filters;
    });
  };
})(window.CnnDemos);
