/* unit-explorer: the units of a trained network and their responses. A unit is one channel of a
   convolution or one unit of a dense layer; its response to an image is its weighted sum plus
   bias, before the activation (the ReLU lets through only what is above 0). For a channel, the
   response to an image is the highest of its map, found where the map peaks (the first place on
   a tie), as the build ranked them (builder/export/units.py).
   Needs tf, cnn-demos.js and plain-net.js. */
(function (CnnDemos) {
  'use strict';
  var Demo = CnnDemos.UnitExplorer = CnnDemos.UnitExplorer || {};
  var BATCH = 100;

  /** net: a PlainNet; layers: the units extra's layers ({name, kind, units, field, map, ...}). */
  function Units(net, layers) {
    this.net = net;
    this.layers = layers;
    this.at = {};
    var self = this;
    layers.forEach(function (layer) {
      var i = net.steps.findIndex(function (s) { return s.name === layer.name; });
      if (i < 0 || !net.steps[i].respond) throw new Error(layer.name + ': not a convolution or dense layer of ' + net.name);
      self.at[layer.name] = i;
    });
  }

  Units.prototype.layer = function (name) {
    return this.layers.find(function (layer) { return layer.name === name; });
  };

  /** The layer's responses to a batch x [n, 28, 28, 1]: [n, rows, cols, units] or [n, units]. */
  Units.prototype.responses = function (x, name) {
    var i = this.at[name], step = this.net.steps[i];
    return step.respond(this.net.run(x, 0, i), step.weights);
  };

  /**
   * Each unit's response to count images (Float32Array of count x PIXELS): {values (count x
   * units, row by row), at (for a convolution: [row, column] of each peak, else null)}.
   */
  Units.prototype.scores = function (pixels, count, name) {
    var self = this, units = this.layer(name).units;
    var values = new Float32Array(count * units), at = this.layer(name).map ? [] : null;
    for (var start = 0; start < count; start += BATCH) {
      var n = Math.min(BATCH, count - start);
      var part = pixels.subarray(start * CnnDemos.PIXELS, (start + n) * CnnDemos.PIXELS);
      var r = tf.tidy(function () { return self.responses(CnnDemos.pixelsToTensor(part, n), name); });
      var data = r.dataSync(), shape = r.shape;
      r.dispose();
      var size = data.length / n;
      for (var k = 0; k < n; k++) {
        var peaks = self._peaks(data.subarray(k * size, (k + 1) * size), shape, units);
        values.set(peaks.values, (start + k) * units);
        if (at) at.push.apply(at, peaks.at);
      }
    }
    return { values: values, at: at };
  };

  /** One unit's response to one image: {score, at, map (Float32Array rows x cols, or null),
      rows, cols, all (every unit's score in the layer)}. */
  Units.prototype.onImage = function (pixels, name, unit) {
    var self = this, layer = this.layer(name);
    var r = tf.tidy(function () { return self.responses(CnnDemos.pixelsToTensor(pixels, 1), name); });
    var data = r.dataSync(), shape = r.shape;
    r.dispose();
    var scored = this._peaks(data, shape, layer.units);
    var out = { score: scored.values[unit], at: scored.at ? scored.at[unit] : null, all: scored.values, map: null };
    if (shape.length === 4) {
      out.rows = shape[1];
      out.cols = shape[2];
      out.map = new Float32Array(out.rows * out.cols);
      for (var p = 0; p < out.map.length; p++) out.map[p] = data[p * layer.units + unit];
    }
    return out;
  };

  /** One image's responses (data, of a layer's shape) to each unit's peak: {values, at}. */
  Units.prototype._peaks = function (data, shape, units) {
    var places = shape.length === 4 ? shape[1] * shape[2] : 1;
    var values = new Float32Array(units), at = shape.length === 4 ? [] : null;
    for (var u = 0; u < units; u++) {
      var best = -Infinity, where = 0;
      for (var p = 0; p < places; p++) {
        if (data[p * units + u] > best) { best = data[p * units + u]; where = p; }
      }
      values[u] = best;
      if (at) at.push([Math.floor(where / shape[2]), where % shape[2]]);
    }
    return { values: values, at: at };
  };

  /** The square of input pixels unit (row, col) of a convolution sees: {top, left, height,
      width}, in the 28 x 28 image's pixels (it may reach into the zero padding). */
  Units.prototype.field = function (name, at) {
    var f = this.layer(name).field;
    return { top: f.start[0] + at[0] * f.jump[0], left: f.start[1] + at[1] * f.jump[1], height: f.size[0], width: f.size[1] };
  };

  Demo.Units = Units;
})(window.CnnDemos);
