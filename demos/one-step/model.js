/* one-step: one step of gradient descent through the trained LeNet, taken apart. The loss of
   one image for a chosen label, the gradient at the output (probabilities minus the one-hot
   target), the gradient at every layer's output on the way back, and the gradient of one
   first-layer filter worked out as the sum over positions of (input patch x the gradient
   arriving at that position), then applied to that filter. Why LeNet: its first layer has six
   single-channel 5 x 5 filters, each with a bias and a ReLU, so one filter's gradient is one
   5 x 5 grid; the recogniser's first filters feed a batch normalisation instead.
   Needs tf, cnn-demos.js and plain-net.js. */
(function (CnnDemos) {
  'use strict';
  var Demo = CnnDemos.OneStep = CnnDemos.OneStep || {};

  function oneHot(label, classes) {
    var v = new Float32Array(classes);
    v[label] = 1;
    return v;
  }

  /** Cross-entropy of the class scores (before the softmax) for the label: [n] -> scalar sum. */
  function lossOf(logits, target) {
    return tf.neg(tf.sum(tf.mul(tf.logSoftmax(logits), target)));
  }

  /**
   * net: a PlainNet whose first weighted step is a Conv2D with one input channel, no dilation,
   * 'valid' padding and stride 1 (LeNet's conv1, after its zero padding). The filter weights
   * the demo changes are kept here, apart from the net's, so Reset brings back the trained ones.
   */
  function Model(net) {
    this.net = net;
    this.at = net.steps.findIndex(function (s) { return s.kind === 'Conv2D'; });
    var conv = net.steps[this.at], c = conv.config;
    var shape = conv.weights[0].shape;
    if (shape[2] !== 1 || c.padding !== 'valid' || [].concat(c.strides).some(function (s) { return s !== 1; })) {
      throw new Error(conv.name + ': one step by hand needs one input channel, valid padding and stride 1');
    }
    this.layer = conv.name;
    this.size = [shape[0], shape[1]];
    this.filters = shape[3];
    this.classes = net.steps[net.steps.length - 1].weights[0].shape[1];
    this.trained = { kernel: conv.weights[0].dataSync().slice(), bias: conv.weights[1].dataSync().slice() };
    this.reset();
  }

  Model.prototype.reset = function () {
    this.kernel = this.trained.kernel.slice();
    this.bias = this.trained.bias.slice();
  };

  /** Filter f's weights, row by row (Float32Array of kh * kw), and its bias. */
  Model.prototype.filter = function (f) {
    var n = this.filters, out = new Float32Array(this.size[0] * this.size[1]);
    for (var i = 0; i < out.length; i++) out[i] = this.kernel[i * n + f];
    return { weights: out, bias: this.bias[f] };
  };

  Model.prototype.setFilter = function (f, weights, bias) {
    for (var i = 0; i < weights.length; i++) this.kernel[i * this.filters + f] = weights[i];
    if (bias !== undefined) this.bias[f] = bias;
  };

  /** The first layer's pre-activation from the padded input, with this model's filters. */
  Model.prototype._conv = function (padded) {
    var c = this.net.steps[this.at].config;
    var k = tf.tensor4d(this.kernel, [this.size[0], this.size[1], 1, this.filters]);
    return tf.add(tf.conv2d(padded, k, c.strides, c.padding), tf.tensor1d(this.bias));
  };

  /** The class scores from the first layer's pre-activation z. */
  Model.prototype._fromConv = function (z) {
    var step = this.net.steps[this.at];
    return this.net.run(step.activation === 'relu' ? tf.relu(z) : z, this.at + 1);
  };

  Model.prototype._padded = function (pixels) {
    return this.net.run(CnnDemos.pixelsToTensor(pixels, 1), 0, this.at);
  };

  /** Probabilities and loss of one image for the label, with the filters as they are now. */
  Model.prototype.forward = function (pixels, label) {
    var self = this;
    return tf.tidy(function () {
      var logits = self._fromConv(self._conv(self._padded(pixels)));
      return {
        probabilities: Array.from(tf.softmax(logits).dataSync()),
        loss: lossOf(logits, tf.tensor2d(oneHot(label, self.classes), [1, self.classes])).dataSync()[0]
      };
    });
  };

  /**
   * Everything one step needs, for filter f. Returns {probabilities, loss, outputGradient (the
   * loss's gradient at the class scores: probabilities minus the one-hot target), layers (each
   * layer's output on the way back: {name, shape, rms} of the loss's gradient there), padded
   * (the padded input, rows x cols), delta (the gradient arriving at each position of filter
   * f's map, before its ReLU), rows, cols (of that map), gradient (filter f's, summed here over
   * positions), biasGradient}. lean: leave out the layers (for repeated steps).
   */
  Model.prototype.backward = function (pixels, label, f, lean) {
    var self = this, net = this.net, at = this.at;
    var target = tf.tensor2d(oneHot(label, this.classes), [1, this.classes]);
    var out = tf.tidy(function () {
      var padded = self._padded(pixels);
      var z = self._conv(padded);
      var deltaAll = tf.grad(function (zz) { return lossOf(self._fromConv(zz), target); })(z);
      var logits = self._fromConv(z);
      var probs = tf.softmax(logits);
      // The gradient at each later layer's output: the loss as a function of that output.
      var layers = [];
      var h = net.steps[at].activation === 'relu' ? tf.relu(z) : z;
      for (var i = at + 1; !lean && i < net.steps.length; i++) {
        var from = i;
        var g = tf.grad(function (x) { return lossOf(net.run(x, from), target); })(h);
        layers.push({ name: net.steps[i - 1].name, shape: h.shape.slice(1),
          rms: Math.sqrt(tf.mean(tf.square(g)).dataSync()[0]) });
        h = net.run(h, i, i + 1);
      }
      var outputGradient = tf.sub(probs, target);
      layers.push({ name: net.steps[net.steps.length - 1].name + ' (scores)', shape: [self.classes],
        rms: Math.sqrt(tf.mean(tf.square(outputGradient)).dataSync()[0]) });
      return {
        probabilities: Array.from(probs.dataSync()),
        loss: lossOf(logits, target).dataSync()[0],
        outputGradient: Array.from(outputGradient.dataSync()),
        layers: layers.reverse(),
        padded: padded.dataSync().slice(),
        paddedSize: padded.shape.slice(1, 3),
        delta: tf.squeeze(deltaAll.slice([0, 0, 0, f], [1, -1, -1, 1])).dataSync().slice(),
        rows: z.shape[1], cols: z.shape[2]
      };
    });
    target.dispose();
    var sums = this.filterGradient(out.padded, out.paddedSize[1], out.delta, out.rows, out.cols);
    out.gradient = sums.gradient;
    out.biasGradient = sums.bias;
    out.filter = f;
    return out;
  };

  /** What position (r, c) adds to the filter's gradient: the input patch under the filter
      there, times the gradient arriving there. */
  Model.prototype.contribution = function (padded, width, delta, cols, r, c) {
    var kh = this.size[0], kw = this.size[1], d = delta[r * cols + c];
    var out = new Float32Array(kh * kw);
    for (var i = 0; i < kh; i++) {
      for (var j = 0; j < kw; j++) out[i * kw + j] = padded[(r + i) * width + (c + j)] * d;
    }
    return out;
  };

  /** The filter's gradient: every position's contribution added up (and the bias's: the sum of
      the gradients arriving). upTo: count only the first upTo positions, row by row. */
  Model.prototype.filterGradient = function (padded, width, delta, rows, cols, upTo) {
    var kh = this.size[0], kw = this.size[1], end = upTo === undefined ? rows * cols : upTo;
    var gradient = new Float64Array(kh * kw), bias = 0; // summed in double precision
    for (var p = 0; p < end; p++) {
      var r = Math.floor(p / cols), c = p % cols, d = delta[p];
      bias += d;
      if (d === 0) continue;
      for (var i = 0; i < kh; i++) {
        for (var j = 0; j < kw; j++) gradient[i * kw + j] += padded[(r + i) * width + (c + j)] * d;
      }
    }
    return { gradient: Float32Array.from(gradient), bias: bias };
  };

  /** One plain gradient-descent step on filter f alone: w <- w - rate * gradient. */
  Model.prototype.applyStep = function (f, gradient, biasGradient, rate) {
    var before = this.filter(f);
    var after = new Float32Array(gradient.length);
    for (var i = 0; i < gradient.length; i++) after[i] = before.weights[i] - rate * gradient[i];
    this.setFilter(f, after, before.bias - rate * biasGradient);
    return { before: before, after: this.filter(f) };
  };

  /** steps of gradient descent on filter f from its weights now; leaves the filter as it was.
      Returns the label's probability after them. */
  Model.prototype.race = function (pixels, label, f, steps, rate) {
    var start = this.filter(f);
    for (var s = 0; s < steps; s++) {
      var g = this.backward(pixels, label, f, true);
      this.applyStep(f, g.gradient, g.biasGradient, rate);
    }
    var p = this.forward(pixels, label).probabilities[label];
    this.setFilter(f, start.weights, start.bias);
    return p;
  };

  Demo.Model = Model;
  Demo.load = function () {
    return CnnDemos.loadPlainNet('lenet').then(function (net) { return new Model(net); });
  };
})(window.CnnDemos);
