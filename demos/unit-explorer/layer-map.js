/* unit-explorer: the network's map. The build placed the held-out sample's images on two axes
   per layer (the first two principal components of the trained network's outputs there) at
   every snapshot of training (builder/export/layer_map.py); here the reader's drawing is placed
   with the same mean and axes, through the same snapshot's weights, and its nearest held-out
   images are found in the layer's whole space (every value of the layer's output, not the two
   axes) and in pixels. A layer's output is what it passes on (after its ReLU); the last
   layer's is the class scores before the softmax.
   Needs tf, cnn-demos.js, plain-net.js, training-snapshots.js and data.js. */
(function (CnnDemos) {
  'use strict';
  var Demo = CnnDemos.UnitExplorer = CnnDemos.UnitExplorer || {};
  var PIXELS = CnnDemos.PIXELS;
  var BATCH = 50; // images per piece of work: the page answers the reader between two
  var PIXEL_LAYER = 'pixels';

  /** net: the trained PlainNet; snapshots: a TrainingSnapshots; data: a MapData; sample: the
      held-out part of the page's data sample. */
  function LayerMap(net, snapshots, data, sample) {
    if (snapshots.count() && snapshots.count() !== data.snapshots.length) {
      throw new Error('the map has ' + data.snapshots.length + ' snapshots, the page ' + snapshots.count());
    }
    this.net = net;
    this.snapshots = snapshots;
    this.data = data;
    this.sample = sample;
    this.nets = {};
    this.pixels = CnnDemos.digitBatchPixels(sample, Array.from({ length: sample.count }, function (_, i) { return i; }));
    this.kept = null; // the latest layer outputs of the whole sample: {key, values}
  }

  LayerMap.prototype.layerNames = function () {
    return this.data.layers.map(function (layer) { return layer.name; });
  };

  /** The network with snapshot s's weights (the trained one when the page has no snapshots). */
  LayerMap.prototype.netAt = function (s) {
    if (!this.snapshots.count()) return this.net;
    if (!this.nets[s]) this.nets[s] = this.net.withWeights(this.snapshots.weights(s));
    return this.nets[s];
  };

  /** Layer `name`'s output for a batch x [n, 28, 28, 1] at snapshot s, flattened: [n, dims]. */
  LayerMap.prototype.outputs = function (x, name, s) {
    if (name === PIXEL_LAYER) return tf.reshape(x, [x.shape[0], -1]);
    var net = this.netAt(s), layer = this.data.layer(name);
    var i = net.steps.findIndex(function (step) { return step.name === name; });
    var step = net.steps[i], h = net.run(x, 0, i);
    var out = layer.scores ? step.respond(h, step.weights) : step.apply(h, step.weights);
    return tf.reshape(out, [x.shape[0], -1]);
  };

  /** One image's output of layer `name` at snapshot s (Float32Array of the layer's dims). */
  LayerMap.prototype.outputOf = function (pixels, name, s) {
    var self = this;
    return tf.tidy(function () { return self.outputs(CnnDemos.pixelsToTensor(pixels, 1), name, s).dataSync().slice(); });
  };

  /** A layer output on the map: [across, up] = (output - mean) . each axis. */
  LayerMap.prototype.place = function (output, name) {
    var layer = this.data.layer(name), d = layer.dims, out = [0, 0];
    for (var a = 0; a < 2; a++) {
      var sum = 0;
      for (var k = 0; k < d; k++) sum += (output[k] - layer.mean[k]) * layer.axes[a * d + k];
      out[a] = sum;
    }
    return out;
  };

  /** The sample's points at snapshot s (Float32Array of across, up per example). */
  LayerMap.prototype.points = function (name, s) {
    return this.data.points(name, s);
  };

  /**
   * Resolves to the layer outputs of the whole sample at snapshot s (Float32Array, dims per
   * example), worked out in batches with the page answering in between; the latest are kept.
   * wanted(), if given, is asked between batches: once false, the work stops and resolves to null.
   */
  LayerMap.prototype.sampleOutputs = async function (name, s, wanted) {
    var key = name + '/' + (name === PIXEL_LAYER ? 0 : s);
    if (name === PIXEL_LAYER) return this.pixels;
    if (this.kept && this.kept.key === key) return this.kept.values;
    var self = this, n = this.sample.count, d = this.data.layer(name).dims;
    var values = new Float32Array(n * d);
    await CnnDemos.letThePageBreathe(); // what asked for them is drawn first
    if (wanted && !wanted()) return null;
    for (var start = 0; start < n; start += BATCH) {
      var count = Math.min(BATCH, n - start);
      var part = this.pixels.subarray(start * PIXELS, (start + count) * PIXELS);
      values.set(tf.tidy(function () { return self.outputs(CnnDemos.pixelsToTensor(part, count), name, s).dataSync(); }),
        start * d);
      await CnnDemos.letThePageBreathe();
      if (wanted && !wanted()) return null;
    }
    this.kept = { key: key, values: values };
    return values;
  };

  /** The k rows of all (n rows of dims values) nearest to vector (Euclidean): [{index,
      distance}], nearest first, ties in index order. */
  LayerMap.nearest = function (vector, all, dims, k) {
    var n = all.length / dims, found = [];
    for (var i = 0; i < n; i++) {
      var sum = 0, row = i * dims;
      for (var j = 0; j < dims; j++) {
        var t = all[row + j] - vector[j];
        sum += t * t;
      }
      found.push({ index: i, distance: Math.sqrt(sum) });
    }
    found.sort(function (a, b) { return a.distance - b.distance || a.index - b.index; });
    return found.slice(0, k);
  };

  /** Per class, where its points sit at snapshot s: [{count, across, up, spread (root mean
      square distance of its points from that middle)}]. */
  LayerMap.prototype.centroids = function (name, s, classes) {
    var points = this.points(name, s), labels = this.sample.labels, out = [];
    for (var c = 0; c < classes; c++) out.push({ count: 0, across: 0, up: 0, spread: 0 });
    for (var i = 0; i < labels.length; i++) {
      var o = out[labels[i]];
      o.count += 1;
      o.across += points[2 * i];
      o.up += points[2 * i + 1];
    }
    out.forEach(function (o) { if (o.count) { o.across /= o.count; o.up /= o.count; } });
    for (i = 0; i < labels.length; i++) {
      var m = out[labels[i]], dx = points[2 * i] - m.across, dy = points[2 * i + 1] - m.up;
      m.spread += dx * dx + dy * dy;
    }
    out.forEach(function (o) { o.spread = o.count ? Math.sqrt(o.spread / o.count) : 0; });
    return out;
  };

  LayerMap.prototype.dispose = function () {
    var nets = this.nets;
    Object.keys(nets).forEach(function (s) { nets[s].dispose(); });
    this.nets = {};
  };

  Demo.LayerMap = LayerMap;
  Demo.PIXEL_LAYER = PIXEL_LAYER;
})(window.CnnDemos);
