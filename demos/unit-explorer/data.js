/* unit-explorer: what the build found, unpacked. The units extra (lenet-units.js: per unit its
   9 strongest and 9 weakest held-out examples, where its map peaked, a histogram of its responses)
   and the map extra (lenet-map.js: per layer the mean and two axes of the projection, and the
   held-out sample's points at every snapshot, 16 bits per axis). An example's pixels come from
   the page's data sample, or from the units extra when the sample does not carry it; the sample
   opens with its first held-out images, and the rest follow just after the page is ready. The
   page holds the map back until the reader comes to it (demo.json load_later).
   Needs cnn-demos.js and sample-data.js. */
(function (CnnDemos) {
  'use strict';
  var Demo = CnnDemos.UnitExplorer = CnnDemos.UnitExplorer || {};
  var PIXELS = CnnDemos.PIXELS;

  function floats(base64) {
    var bytes = CnnDemos.base64ToBytes(base64);
    return new Float32Array(bytes.buffer, bytes.byteOffset, bytes.length / 4);
  }

  /** The units extra: layers (each with its units), and every example shown, by held-out index. */
  function UnitsData(found, sample, outside) {
    this.layers = found.layers;
    this.heldOut = found.held_out_examples;
    this.shown = found.shown;
    this.where = {};
    var self = this;
    found.examples.held_out.forEach(function (index, i) {
      self.where[index] = { sample: found.examples.in_sample[i] };
    });
    found.examples.outside.forEach(function (index, i) {
      self.where[index] = { pixels: outside.subarray(i * PIXELS, (i + 1) * PIXELS) };
    });
    this.sample = sample;
  }

  /** Whether held-out example `index`'s pixels are on the page yet (the sample's rest may not be). */
  UnitsData.prototype.has = function (index) {
    var at = this.where[index];
    return !!at && (!!at.pixels || at.sample < this.sample.count);
  };

  /** Held-out example `index`'s pixels (Float32Array, 0..1). */
  UnitsData.prototype.pixels = function (index) {
    var at = this.where[index];
    if (!at) throw new Error('held-out example ' + index + ' is not among those the build kept');
    if (at.pixels) return Float32Array.from(at.pixels, function (v) { return v / 255; });
    return CnnDemos.digitPixels(this.sample, at.sample);
  };

  /** Held-out example `index`'s class. */
  UnitsData.prototype.label = function (index) {
    var at = this.where[index];
    return at.pixels ? at.label : this.sample.labels[at.sample];
  };

  /** The map extra: each layer's projection and the sample's points per snapshot. */
  function MapData(found) {
    this.examples = found.examples;
    this.snapshots = found.snapshots;
    this.layers = found.layers.map(function (layer) {
      return { name: layer.name, scores: layer.scores, dims: layer.dims, explained: layer.explained,
        mean: floats(layer.mean), axes: floats(layer.axes) };
    });
    this.packed = found.points;
    this.decoded = {};
  }

  MapData.prototype.layer = function (name) {
    return this.layers.find(function (layer) { return layer.name === name; });
  };

  /** Snapshot s's points for a layer: Float32Array of x, y per example (the pixels' are the
      same at every snapshot). */
  MapData.prototype.points = function (name, s) {
    var list = this.packed[name], i = list.length === 1 ? 0 : s, key = name + '/' + i;
    if (!this.decoded[key]) {
      var p = list[i], bytes = CnnDemos.base64ToBytes(p.data);
      var q = new Uint16Array(bytes.buffer, bytes.byteOffset, bytes.length / 2);
      var out = new Float32Array(q.length);
      for (var k = 0; k < q.length; k++) out[k] = q[k] * p.step[k % 2] + p.low[k % 2];
      this.decoded[key] = out;
    }
    return this.decoded[key];
  };

  /** Resolves to the units extra of model `name` (a UnitsData), sample: the held-out part of
      the page's data sample (CnnDemos.loadSample().test, which CnnDemos.loadHeldOut() fills). */
  Demo.loadUnits = function (name, sample) {
    var units = (window.CNN_DEMOS_UNITS || {})[name];
    if (!units) {
      return Promise.reject(new Error('this site\'s ' + name + ' was built without its units (EXPORT "units" in its ' +
        'model definition), so there is nothing to explore'));
    }
    var ex = units.examples;
    var outside = ex.outside.length ? CnnDemos.gunzip(ex.pixels) : Promise.resolve(new Uint8Array(0));
    return outside.then(function (pixels) {
      var data = new UnitsData(units, sample, pixels);
      ex.outside.forEach(function (index, i) { data.where[index].label = ex.outside_labels[i]; });
      return data;
    });
  };

  /** Whether the page has a map of model `name`, loaded or held back until asked for. */
  Demo.hasMap = function (name) {
    return !!(window.CNN_DEMOS_MAPS || {})[name] || CnnDemos.heldBack(name + '-map');
  };

  /** The map extra of model `name` once its script has run (a MapData), or null without it;
      throws when it was made for another sample. */
  Demo.mapData = function (name, sample) {
    var map = (window.CNN_DEMOS_MAPS || {})[name];
    if (!map) return null;
    if (map.examples !== sample.count) {
      throw new Error('the map was made for ' + map.examples + ' held-out examples, but the page has ' + sample.count);
    }
    return new MapData(map);
  };
})(window.CnnDemos);
