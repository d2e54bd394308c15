/* new-symbol: the recogniser with an eleventh class. The network is the site's recogniser up to
   its layer "dense" (64 features of an image), then a new softmax layer of eleven outputs: its
   first ten columns start as the trained output layer's weights, the eleventh at zero, so that
   before any training the old classes score exactly as on the other pages and the new class
   scores nothing in particular. The body is the page's own copy of the recogniser, used frozen,
   until the reader unfreezes the convolutions: then it is a copy of its own (copyModel), and
   Reset throws that copy away. */
(function (CnnDemos) {
  'use strict';
  var Demo = CnnDemos.NewSymbol = CnnDemos.NewSymbol || {};
  var FEATURES = 'dense', OUTPUT = 'probabilities', CHUNK = 100;
  // Images a task when paced: about 50 ms of a phone's CPU (23 ms an image with the CPU slowed 4
  // times), so the moves of a stroke drawn meanwhile are not held up longer.
  var PACED = 2;

  /** body: a tf.LayersModel of the recogniser; site: whether it is the page's shared copy. */
  function Network(body, site) {
    this.body = body;
    this.site = site;
    this.features = tf.model({ inputs: body.inputs, outputs: body.getLayer(FEATURES).output });
    this.head = null; // {kernel [64, 11], bias [11]}: tf.Variables, once taught
  }

  /** A fresh eleven-way head from the body's output layer (the eleventh column zero). */
  Network.prototype.newHead = function () {
    this.disposeHead();
    var trained = this.body.getLayer(OUTPUT).getWeights(); // [kernel [64, 10], bias [10]]
    var head = tf.tidy(function () {
      return {
        kernel: tf.variable(tf.concat([trained[0], tf.zeros([trained[0].shape[0], 1])], 1)),
        bias: tf.variable(tf.concat([trained[1], tf.zeros([1])]))
      };
    });
    this.head = head;
    return head;
  };

  /** The head's (or, untaught, the output layer's) class scores before the softmax. */
  Network.prototype.logits = function (features) {
    if (this.head) return tf.add(tf.matMul(features, this.head.kernel), this.head.bias);
    var w = this.body.getLayer(OUTPUT).getWeights();
    return tf.add(tf.matMul(features, w[0]), w[1]);
  };

  /** Features of count images (Float32Array), frozen layers in inference mode: a tensor [count, 64]. */
  Network.prototype.featuresOf = function (pixels, count) {
    var features = this.features;
    return tf.tidy(function () { return features.predict(CnnDemos.pixelsToTensor(pixels, count), { batchSize: CHUNK }); });
  };

  /** Class scores of a batch of images as a tensor, from the layers (for gradients through them). */
  Network.prototype.apply = function (xs) {
    return this.logits(this.features.apply(xs, { training: false }));
  };

  /** The probabilities of one image: an Array of eleven (ten before the head exists). */
  Network.prototype.probabilities = function (pixels) {
    var self = this;
    return tf.tidy(function () {
      return Array.from(tf.softmax(self.logits(self.featuresOf(pixels, 1))).dataSync());
    });
  };

  /**
   * The class each image gets, for images {pixels, count}: resolves to an Int32Array. paced: a
   * few images at a time, each few after the page's other tasks (on the CPU backend, a
   * measurement would otherwise hold the page for as long as it takes).
   */
  Network.prototype.classify = async function (images, paced) {
    var out = new Int32Array(images.count), n = CnnDemos.PIXELS, chunk = paced ? PACED : CHUNK;
    for (var start = 0; start < images.count; start += chunk) {
      if (paced) await CnnDemos.letThePageBreathe();
      var size = Math.min(chunk, images.count - start), self = this;
      var part = images.pixels.subarray(start * n, (start + size) * n);
      var guesses = tf.tidy(function () { return self.logits(self.featuresOf(part, size)).argMax(1); });
      out.set(await guesses.data(), start);
      guesses.dispose();
    }
    return out;
  };

  /** The trainable weights of the whole network: the body's layers (not its old output layer,
      which the head replaces), then the head. */
  Network.prototype.allWeights = function () {
    var body = this.body.layers.filter(function (layer) { return layer.name !== OUTPUT; })
      .reduce(function (all, layer) { return all.concat(layer.trainableWeights.map(function (w) { return w.read(); })); }, []);
    return body.concat([this.head.kernel, this.head.bias]);
  };

  /** Every weight by layer name, as nested Arrays (the test sets them into Keras). */
  Network.prototype.weightsByLayer = function () {
    var out = {};
    this.body.layers.forEach(function (layer) {
      var w = layer.getWeights();
      if (w.length) out[layer.name] = w.map(function (t) { return t.arraySync(); });
    });
    if (this.head) out.head = [this.head.kernel.arraySync(), this.head.bias.arraySync()];
    return out;
  };

  /** Every weight in Keras' order (layer by layer, as get_weights gives them), the head in the
      old output layer's place once there is one: for a notebook that shows the demo. */
  Network.prototype.kerasWeights = function () {
    var head = this.head;
    return this.body.layers.reduce(function (all, layer) {
      return all.concat(layer.name === OUTPUT && head ? [head.kernel, head.bias] : layer.getWeights());
    }, []);
  };

  Network.prototype.disposeHead = function () {
    if (this.head) {
      this.head.kernel.dispose();
      this.head.bias.dispose();
      this.head = null;
    }
  };

  /** Free the head, and the body if it is this network's own copy. */
  Network.prototype.dispose = function () {
    this.disposeHead();
    if (!this.site) this.body.dispose();
  };

  /**
   * For the table of which classes the new class takes held-out examples from: for each old
   * class, how many of its held-out examples (labels) went to each class (guesses).
   */
  Demo.confusion = function (labels, guesses) {
    var table = [];
    for (var c = 0; c < Demo.CLASSES - 1; c++) table.push({ cls: c, count: 0, right: 0, taken: 0 });
    for (var i = 0; i < labels.length; i++) {
      var row = table[labels[i]];
      row.count += 1;
      if (guesses[i] === labels[i]) row.right += 1;
      if (guesses[i] === Demo.NEW_CLASS) row.taken += 1;
    }
    return table;
  };

  /** Share of images whose class is their label. */
  Demo.accuracy = function (labels, guesses) {
    var right = 0;
    for (var i = 0; i < labels.length; i++) if (guesses[i] === labels[i]) right += 1;
    return labels.length ? right / labels.length : 0;
  };

  Demo.Network = Network;
})(window.CnnDemos);
