/* why-it-decides: the two checks on the page: the deletion curves (a chart, a table of areas,
   a sentence) and the randomisation check (the scrambled network's maps, a table of rank
   correlations, a sentence). Every verdict comes from the numbers measured in the page.
   Needs cnn-demos.js, line-chart.js, ui-maps.js. */
(function (CnnDemos) {
  'use strict';
  var Demo = CnnDemos.WhyItDecides = CnnDemos.WhyItDecides || {};
  var el = CnnDemos.el;
  // A map whose order of pixels keeps at least this rank correlation after the scramble is
  // "barely changed": it shows the picture more than what the network learnt.
  var ALIKE = 0.5;
  var DASHES = { occlusion: [], saliency: [2, 3], integrated: [8, 3], gradcam: [8, 3, 2, 3], random: [3, 6] };

  function fixed2(x) {
    return CnnDemos.fixed(x, 2, { minus: true });
  }

  function listing(names) {
    if (names.length < 2) return names.join('');
    return names.slice(0, -1).join(', ') + ' and ' + names[names.length - 1];
  }

  /** names: {key: "Occlusion", ...} for the maps, in the page's order. */
  function DeletionView(root, names) {
    this.root = root;
    this.names = names;
    this.chart = new CnnDemos.LineChart(CnnDemos.part(root, 'deletion-chart'), {
      yMax: 1, yTicks: 4, aspect: 0.55, xTitle: 'pixels removed', xTicks: 3,
      xMax: Demo.checks.DELETION.each * Demo.checks.DELETION.steps,
      yLabel: function (v) { return Math.round(100 * v) + '%'; }
    });
    this.body = CnnDemos.part(root, 'deletion-table').querySelector('tbody');
    this.count = CnnDemos.part(root, 'deletion-count');
    this.said = CnnDemos.part(root, 'deletion-said');
  }

  DeletionView.prototype.clear = function () {
    this.body.textContent = '';
    this.said.textContent = '';
    this.chart.draw([]);
    delete this.root.dataset.deletion;
  };

  /** result: checks.deletion's, with a curve per map and 'random'; className: "7" or "Sandal". */
  DeletionView.prototype.show = function (result, className) {
    var names = this.names, self = this;
    var keys = Object.keys(names).concat(['random']);
    this.chart.draw(keys.map(function (key) {
      return {
        points: result.removed.map(function (x, i) { return [x, result.curves[key].probabilities[i]]; }),
        colour: '--cnn-why-' + key, dash: DASHES[key]
      };
    }));
    this.count.textContent = String(result.removed[result.removed.length - 1]);
    this.body.textContent = '';
    var areas = {};
    keys.forEach(function (key) {
      var curve = result.curves[key];
      areas[key] = curve.area;
      var row = el('tr');
      row.dataset.order = key;
      row.appendChild(el('th', '', key === 'random' ? 'A random order' : names[key])).setAttribute('scope', 'row');
      row.appendChild(el('td', '', fixed2(curve.area)));
      row.appendChild(el('td', '', CnnDemos.percent(curve.probabilities[curve.probabilities.length - 1])));
      self.body.appendChild(row);
    });
    var sooner = Object.keys(names).filter(function (k) { return areas[k] < areas.random; });
    var best = Object.keys(names).sort(function (a, b) { return areas[a] - areas[b]; })[0];
    var text = 'Removing the pixels that ' + names[best] + ' ranks first lowers the probability of ' +
      className + ' fastest (area ' + fixed2(areas[best]) + ', against ' + fixed2(areas.random) + ' for a random order). ';
    var later = Object.keys(names).filter(function (k) { return sooner.indexOf(k) < 0; });
    text += later.length ? listing(later.map(function (k) { return names[k]; })) + ' did no better than chance here.'
      : 'Every map did better than chance here.';
    this.said.textContent = text;
    this.root.dataset.deletion = JSON.stringify(areas);
    CnnDemos.publish(this.root, 'fastest-deletion', names[best], 'for the class ' + className + ', ' +
      result.removed[result.removed.length - 1] + ' pixels removed');
    return text;
  };

  function ScrambleView(root, names) {
    this.root = root;
    this.names = names;
    this.select = root.querySelector('[data-setting="scramble"]');
    this.button = root.querySelector('[data-action="scramble"]');
    this.body = CnnDemos.part(root, 'scramble-table').querySelector('tbody');
    this.said = CnnDemos.part(root, 'scramble-said');
    this.canvases = {};
    Object.keys(names).forEach(function (key) { this.canvases[key] = CnnDemos.part(root, 'scrambled-' + key); }, this);
  }

  /** layers: the network's weighted layers from the output down ([{name, kind}]). */
  ScrambleView.prototype.offer = function (layers, chosen) {
    var select = this.select;
    select.textContent = '';
    layers.forEach(function (layer, i) {
      var option = el('option', '', layer.name + (i === 0 ? ' (the output layer only)' : '') +
        (i === layers.length - 1 ? ' (every layer)' : ''));
      option.value = String(i + 1);
      select.appendChild(option);
    });
    select.value = String(chosen);
  };

  ScrambleView.prototype.layers = function () {
    return Number(this.select.value);
  };

  ScrambleView.prototype.clear = function () {
    this.body.textContent = '';
    this.said.textContent = '';
    var names = this.names;
    Object.keys(this.canvases).forEach(function (key) {
      var canvas = this.canvases[key];
      canvas.getContext('2d').clearRect(0, 0, canvas.width, canvas.height);
      canvas.setAttribute('aria-label', names[key] + ' with the scrambled layers: not drawn yet');
    }, this);
    this.root.dataset.scramble = 'none';
    delete this.root.dataset.correlations;
  };

  /** Pressed before there are maps to compare with. */
  ScrambleView.prototype.notYet = function () {
    this.said.textContent = 'The maps are not drawn yet: press again once they are.';
  };

  ScrambleView.prototype.working = function () {
    this.clear();
    this.root.dataset.scramble = 'computing';
    this.said.textContent = 'Scrambling and drawing the maps again…';
  };

  /** result: checks.randomisation's; pixels: the image; what: "a 7". Returns the sentence said. */
  ScrambleView.prototype.show = function (result, pixels, what) {
    var names = this.names, self = this;
    this.body.textContent = '';
    var alike = [], moved = [];
    Object.keys(names).forEach(function (key) {
      var rho = result.correlation[key];
      Demo.paintMap(self.canvases[key], result.maps[key].values, pixels);
      self.canvases[key].setAttribute('aria-label', names[key] + ' with the scrambled layers. ' +
        Demo.mapReading(result.maps[key].values, what));
      var same = !(rho < ALIKE); // a flat map (NaN) tells nothing about the network either
      (same ? alike : moved).push(names[key]);
      var row = el('tr');
      row.dataset.map = key;
      row.appendChild(el('th', '', names[key])).setAttribute('scope', 'row');
      row.appendChild(el('td', '', isFinite(rho) ? fixed2(rho) : 'no order (a flat map)'));
      row.appendChild(el('td', '', same ? 'barely changed' : 'changed'));
      self.body.appendChild(row);
    });
    var text = 'With ' + listing(result.layers) + ' scrambled: ';
    text += moved.length ? listing(moved) + ' changed (rank correlation below ' + fixed2(ALIKE) + '), so they depend on what those layers learnt. '
      : 'no map changed much. ';
    text += alike.length ? listing(alike) + ' barely changed: they show the picture more than the network.'
      : 'No map stayed the same.';
    this.said.textContent = text;
    this.root.dataset.correlations = JSON.stringify(result.correlation);
    this.root.dataset.scramble = 'ready';
    return text;
  };

  Demo.DeletionView = DeletionView;
  Demo.ScrambleView = ScrambleView;
})(window.CnnDemos);
