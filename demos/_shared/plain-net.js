/* A trained network (a Keras chain, as both site models are) rebuilt as plain TF.js steps, one
   per layer, so that a demo can ask for the gradient of a class's score with respect to the
   input or to any layer's output (why-it-decides' maps, one-step's step by hand). Why not
   model.apply: TF.js's layers run fused
   operations whose gradients also work out every weight's gradient, which made 17 input
   gradients of the recogniser ten times slower on the CPU backend (2.45 s against 0.23 s,
   benchmarks/bench_why_it_decides.py).
   Needs tf, cnn-demos.js and model-store.js. */
(function (CnnDemos) {
  'use strict';

  // Layers that leave the value at a position depending on that position alone.
  var POINTWISE = ['BatchNormalization', 'ReLU', 'Activation', 'Dropout'];
  var ACTIVATIONS = {
    linear: function (h) { return h; },
    relu: function (h) { return tf.relu(h); },
    softmax: function (h) { return tf.softmax(h); }
  };

  function activation(name, layer) {
    var fn = ACTIVATIONS[name || 'linear'];
    if (!fn) throw new Error(layer + ': the activation "' + name + '" is not handled here');
    return fn;
  }

  function pair(v) {
    return Array.isArray(v) ? v : [v, v];
  }

  /** One step from a layer: {name, kind, weighted, weights, config (the layer's), apply(h,
      weights)}, and for a convolution or dense layer respond(h, weights), its weighted sum plus
      bias before the activation; null for the input layer. Both take the weights, so that a
      scrambled copy can run the same step. */
  function stepOf(layer, weights) {
    var kind = layer.getClassName(), c = layer.getConfig(), w = weights;
    var step = { name: layer.name, kind: kind, weighted: kind === 'Conv2D' || kind === 'Dense', weights: w, config: c };
    if (kind === 'InputLayer') return null;
    if (kind === 'Conv2D') {
      if (pair(c.dilationRate || 1).some(function (d) { return d !== 1; })) {
        throw new Error(layer.name + ': dilated convolutions are not handled here');
      }
      var conv = activation(c.activation, layer.name);
      step.activation = c.activation || 'linear';
      step.respond = function (h, cw) {
        var y = tf.conv2d(h, cw[0], c.strides, c.padding);
        return cw[1] ? tf.add(y, cw[1]) : y;
      };
      step.apply = function (h, cw) { return conv(step.respond(h, cw)); };
    } else if (kind === 'Dense') {
      var dense = activation(c.activation, layer.name);
      step.activation = c.activation || 'linear';
      step.respond = function (h, dw) {
        var y = tf.matMul(h, dw[0]);
        return dw[1] ? tf.add(y, dw[1]) : y;
      };
      step.apply = function (h, dw) { return dense(step.respond(h, dw)); };
    } else if (kind === 'BatchNormalization') {
      // In a trained network it is one fixed scale and shift per channel.
      var gamma = c.scale ? w[0] : tf.onesLike(w[w.length - 2]);
      var beta = c.center ? w[c.scale ? 1 : 0] : tf.zerosLike(w[w.length - 2]);
      var scale = tf.div(gamma, tf.sqrt(tf.add(w[w.length - 1], c.epsilon)));
      step.fixed = [scale, tf.sub(beta, tf.mul(w[w.length - 2], scale))];
      step.apply = function (h) { return tf.add(tf.mul(h, step.fixed[0]), step.fixed[1]); };
    } else if (kind === 'ReLU') {
      step.apply = function (h) { return tf.relu(h); };
    } else if (kind === 'Activation') {
      step.activation = c.activation;
      step.apply = activation(c.activation, layer.name);
    } else if (kind === 'ZeroPadding2D') {
      var p = c.padding.map(pair);
      step.apply = function (h) { return tf.pad(h, [[0, 0], p[0], p[1], [0, 0]]); };
    } else if (kind === 'MaxPooling2D' || kind === 'AveragePooling2D') {
      var pool = kind === 'MaxPooling2D' ? tf.maxPool : tf.avgPool;
      step.apply = function (h) { return pool(h, c.poolSize, c.strides || c.poolSize, c.padding); };
    } else if (kind === 'Flatten') {
      step.apply = function (h) { return tf.reshape(h, [h.shape[0], -1]); };
    } else if (kind === 'Dropout') {
      step.apply = function (h) { return h; };
    } else {
      throw new Error(layer.name + ': layers of type ' + kind + ' are not handled here');
    }
    return step;
  }

  /**
   * The network behind a tf.LayersModel whose layers form a chain ending in a softmax. steps
   * run the layers; the last step leaves its softmax out, so run() gives each class's score
   * before the softmax (its logit). camAt: the index of the step whose output Grad-CAM uses,
   * the last convolution with the pointwise layers right after it.
   */
  function Net(name, steps, owned) {
    this.name = name;
    this.steps = steps;
    this.owned = owned || [];
    var last = steps[steps.length - 1];
    if (last.activation !== 'softmax') throw new Error(name + ': the last layer is not a softmax');
    this.camAt = -1;
    for (var i = 0; i < steps.length; i++) {
      if (steps[i].kind === 'Conv2D') this.camAt = i;
      else if (this.camAt === i - 1 && POINTWISE.indexOf(steps[i].kind) >= 0) this.camAt = i;
    }
    if (this.camAt < 0) throw new Error(name + ': no convolution for Grad-CAM');
  }

  Net.fromModel = function (name, model) {
    var owned = [];
    var steps = model.layers.map(function (layer) {
      var step = stepOf(layer, layer.getWeights());
      if (step && step.fixed) owned = owned.concat(step.fixed);
      return step;
    }).filter(Boolean);
    return new Net(name, steps, owned);
  };

  /** Run steps [from, to) on h; the last step without its softmax. */
  Net.prototype.run = function (h, from, to) {
    var end = to === undefined ? this.steps.length : to;
    for (var i = from || 0; i < end; i++) {
      var step = this.steps[i];
      if (i === this.steps.length - 1 && step.kind === 'Dense') {
        h = step.respond(h, step.weights);
      } else if (i === this.steps.length - 1) {
        // an Activation('softmax') layer: the scores are what comes in
      } else {
        h = step.apply(h, step.weights);
      }
    }
    return h;
  };

  /** Each class's score before the softmax, for a batch [n, 28, 28, 1]: [n, classes]. */
  Net.prototype.logits = function (x) {
    return this.run(x);
  };

  Net.prototype.probabilities = function (x) {
    return tf.softmax(this.run(x));
  };

  /** The layers a randomisation check may scramble, from the output down: [{name, kind}]. */
  Net.prototype.weightedFromTop = function () {
    return this.steps.filter(function (s) { return s.weighted; }).reverse()
      .map(function (s) { return { name: s.name, kind: s.kind }; });
  };

  /**
   * The same network with the weights of its top `count` weighted layers re-drawn at random, as
   * Keras initialises them (Glorot uniform kernels, zero biases), from a fixed seed: the same
   * scrambled network every time. The caller disposes it (dispose()).
   */
  Net.prototype.scrambled = function (count, seed) {
    var top = this.weightedFromTop().slice(0, count).map(function (s) { return s.name; });
    var owned = [];
    var steps = this.steps.map(function (step, i) {
      if (top.indexOf(step.name) < 0) return step;
      var kernel = step.weights[0];
      var shape = kernel.shape;
      var fanIn = shape.slice(0, -1).reduce(function (a, b) { return a * b; }, 1);
      var fanOut = shape[shape.length - 1] * (shape.length === 4 ? shape[0] * shape[1] : 1);
      var limit = Math.sqrt(6 / (fanIn + fanOut));
      var weights = [tf.randomUniform(shape, -limit, limit, 'float32', (seed || 1) + i)];
      if (step.weights[1]) weights.push(tf.zerosLike(step.weights[1]));
      owned = owned.concat(weights);
      return Object.assign({}, step, { weights: weights });
    });
    return new Net(this.name, steps, owned);
  };

  /**
   * The same network with other weights for its convolution and dense layers: layers is
   * [{layer (name), tensors: [{shape, values}]}], as CnnDemos.TrainingSnapshots decodes a
   * snapshot. The caller disposes it (dispose()).
   */
  Net.prototype.withWeights = function (layers) {
    var given = {};
    layers.forEach(function (layer) { given[layer.layer] = layer.tensors; });
    var owned = [];
    var steps = this.steps.map(function (step) {
      if (!given[step.name]) return step;
      if (!step.weighted) throw new Error(step.name + ': weights for a ' + step.kind + ' layer are not handled here');
      // kept: the copy may be made inside a caller's tf.tidy, and must outlive it
      var weights = given[step.name].map(function (t) { return tf.keep(tf.tensor(t.values, t.shape)); });
      owned = owned.concat(weights);
      return Object.assign({}, step, { weights: weights });
    });
    return new Net(this.name, steps, owned);
  };

  /** Each weighted layer's weights as nested Arrays, by layer name (for tests and Python). */
  Net.prototype.weightsByLayer = function () {
    var out = {};
    this.steps.forEach(function (step) {
      if (step.weights.length) out[step.name] = step.weights.map(function (w) { return w.arraySync(); });
    });
    return out;
  };

  Net.prototype.dispose = function () {
    this.owned.forEach(function (t) { t.dispose(); });
    this.owned = [];
  };

  var nets = {};
  /** The site's trained model `name` as a PlainNet, loaded once per page. */
  CnnDemos.loadPlainNet = function (name) {
    if (!nets[name]) {
      nets[name] = CnnDemos.loadModel(name).then(function (model) { return Net.fromModel(name, model); });
    }
    return nets[name];
  };

  CnnDemos.PlainNet = Net;
})(window.CnnDemos);
