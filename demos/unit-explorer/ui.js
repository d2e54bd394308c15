/* unit-explorer: the page as a whole: the controls (which layer, which unit, which map layer,
   which snapshot, which help), what LeNet reads, and the data-* attributes tests read; the two
   parts are ui-units.js and ui-map.js. Needs cnn-demos.js, ui-units.js and ui-map.js. */
(function (CnnDemos) {
  'use strict';
  var Demo = CnnDemos.UnitExplorer = CnnDemos.UnitExplorer || {};
  var el = CnnDemos.el;

  function View(root) {
    this.root = root;
    this.pad = this.part('pad');
    this.samples = this.part('samples');
    this.settings = CnnDemos.settings(root);
    this.units = new Demo.UnitsView(root);
    this.map = new Demo.MapView(root);
  }

  View.prototype.part = function (role) {
    return CnnDemos.part(this.root, role);
  };

  View.prototype.onChange = function (name, fn) {
    var input = this.settings[name];
    input.addEventListener(input.type === 'range' || input.type === 'number' ? 'input' : 'change', fn);
  };

  View.prototype.value = function (name) {
    return this.settings[name].value;
  };

  View.prototype.number = function (name) {
    return Number(this.settings[name].value);
  };

  View.prototype.checked = function (name) {
    return this.settings[name].checked;
  };

  View.prototype.setValue = function (name, value) {
    this.settings[name].value = String(value);
  };

  function fill(select, names, describe) {
    select.textContent = '';
    names.forEach(function (name) {
      var option = el('option', '', describe(name));
      option.value = name;
      select.appendChild(option);
    });
  }

  /** The unit part's layers into its list. */
  View.prototype.start = function (layers) {
    fill(this.settings.layer, layers.map(function (l) { return l.name; }), function (name) {
      var layer = layers.find(function (l) { return l.name === name; });
      return name + ' (' + layer.units + (layer.map ? ' channels' : layer.last ? ' class scores' : ' units') + ')';
    });
  };

  /** The map's layers into its list, and its snapshots onto the slider, once the map is in. */
  View.prototype.startMap = function (mapLayers, snapshots) {
    fill(this.settings['map-layer'], mapLayers.map(function (l) { return l.name; }), function (name) {
      var layer = mapLayers.find(function (l) { return l.name === name; });
      return (name === Demo.PIXEL_LAYER ? 'the pixels' : name + (layer.scores ? ' (class scores)' : '')) +
        ' (' + CnnDemos.thousands(layer.dims) + ' values)';
    });
    // The last hidden layer first: there the classes stand apart most clearly.
    this.setValue('map-layer', mapLayers[Math.max(0, mapLayers.length - 2)].name);
    var slider = this.settings.snapshot;
    slider.max = String(snapshots.length - 1);
    slider.value = slider.max;
    slider.setAttribute('aria-valuetext', 'epoch ' + snapshots[snapshots.length - 1].epoch);
  };

  /** The chosen layer's unit numbers run 0..units-1. */
  View.prototype.limitUnit = function (units) {
    var input = this.settings.unit;
    input.max = String(units - 1);
    if (this.number('unit') > units - 1) input.value = String(units - 1);
  };

  /** What LeNet reads on the reader's image (probabilities), or nothing. */
  View.prototype.showReading = function (probs) {
    var line = this.part('reading');
    if (!probs) {
      line.textContent = '–';
      delete this.root.dataset.predicted;
      return;
    }
    var top = CnnDemos.argmax(probs);
    line.textContent = 'LeNet reads ' + CnnDemos.aClass(top) + ' (' + CnnDemos.percent(probs[top]) + ').';
    this.root.dataset.predicted = String(top);
  };

  /** A unit chosen and shown, in so many milliseconds. */
  View.prototype.markUnit = function (layer, unit, milliseconds, chosen) {
    var d = this.root.dataset;
    d.layer = layer.name;
    d.unit = String(unit);
    d.unitMs = milliseconds.toFixed(1);
    d.unitsChosen = String(chosen);
    var text = layer.name + ', ' + (layer.map ? 'channel ' : layer.last ? 'the score of ' + CnnDemos.className(unit) + ', unit ' : 'unit ') +
      unit + ' of ' + layer.units + '.';
    this.part('unit-about').textContent = text;
    return text;
  };

  /** Whether every example's pixels are in: 'loading', 'all' or 'error'. */
  View.prototype.markExamples = function (state) {
    this.root.dataset.examples = state;
  };

  View.prototype.markSnapshot = function (s, epoch, zoom) {
    this.root.dataset.snapshot = String(s);
    this.root.dataset.mapZoom = String(zoom);
    this.root.dataset.epoch = String(epoch);
    this.settings.snapshot.setAttribute('aria-valuetext', 'epoch ' + epoch);
  };

  View.prototype.markSynthesis = function (state, result, count) {
    var d = this.root.dataset;
    d.synthesis = state;
    if (count !== undefined) d.syntheses = String(count);
    if (result) {
      d.grownStart = JSON.stringify(result.start);
      d.grownReached = JSON.stringify(result.reached);
    }
  };

  View.prototype.markNeighbours = function (inLayer, inPixels) {
    var d = this.root.dataset;
    function indices(found) { return JSON.stringify(found.map(function (f) { return f.index; })); }
    if (inLayer) d.nearLayer = indices(inLayer); else delete d.nearLayer;
    if (inPixels) d.nearPixels = indices(inPixels); else delete d.nearPixels;
  };

  Demo.View = View;
})(window.CnnDemos);
