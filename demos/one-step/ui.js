/* one-step: everything on the page: the image and the question, the output gradient and the
   layers, the walk through positions (the padded input with the filter's square, the map of
   gradients arriving), the grids, the step applied, the challenge, what is announced, and the
   data-* attributes tests read. Needs cnn-demos.js, legend.js, mnist-preprocess.js, ui-grids.js. */
(function (CnnDemos) {
  'use strict';
  var Demo = CnnDemos.OneStep = CnnDemos.OneStep || {};
  var el = CnnDemos.el;

  function num(x, digits) {
    return CnnDemos.fixed(x, digits === undefined ? 3 : digits, { minus: true });
  }

  /** A probability as a percentage that still shows a change when it is tiny: "0.0087%". */
  function pct(p) {
    return p >= 0.001 ? CnnDemos.percent(p) : (100 * p).toPrecision(2) + '%';
  }

  function View(root) {
    this.root = root;
    this.pad = this.part('pad');
    this.samples = this.part('samples');
    this.settings = CnnDemos.settings(root);
  }

  View.prototype.part = function (role) {
    return CnnDemos.part(this.root, role);
  };

  View.prototype.onChange = function (name, fn) {
    var input = this.settings[name];
    input.addEventListener(input.type === 'range' ? 'input' : 'change', fn);
  };

  View.prototype.value = function (name) {
    return Number(this.settings[name].value);
  };

  View.prototype.setValue = function (name, value) {
    this.settings[name].value = String(value);
  };

  /** The model is loaded: the filters to follow, the number of positions. */
  View.prototype.start = function (model, rows, cols) {
    var select = this.settings.filter;
    for (var f = 0; f < model.filters; f++) {
      var option = el('option', '', String(f + 1) + ' of ' + model.filters + ' (' + model.layer + ')');
      option.value = String(f);
      select.appendChild(option);
    }
    this.settings.position.max = String(rows * cols - 1);
  };

  /** The forward pass and the way back: loss, output gradient, layers. */
  View.prototype.showBackward = function (result, label) {
    var probs = result.probabilities, top = CnnDemos.argmax(probs);
    this.part('loss').textContent = 'LeNet reads ' + CnnDemos.aClass(top) + ' (' + CnnDemos.percent(probs[top]) + '); ' +
      'the probability of ' + CnnDemos.className(label) + ' is ' + pct(probs[label]) +
      ', so the loss (−log of it) is ' + num(result.loss) + '.';
    var body = this.part('output-gradient').querySelector('tbody');
    body.textContent = '';
    result.outputGradient.forEach(function (g, c) {
      var row = el('tr');
      if (c === label) row.className = 'is-label';
      row.appendChild(el('th', '', CnnDemos.className(c))).setAttribute('scope', 'row');
      row.appendChild(el('td', '', num(probs[c])));
      row.appendChild(el('td', '', c === label ? '1' : '0'));
      row.appendChild(el('td', '', num(g)));
      body.appendChild(row);
    });
    body = this.part('layers').querySelector('tbody');
    body.textContent = '';
    result.layers.forEach(function (layer) {
      var row = el('tr');
      row.appendChild(el('th', '', layer.name)).setAttribute('scope', 'row');
      row.appendChild(el('td', '', CnnDemos.dims.apply(null, layer.shape)));
      row.appendChild(el('td', '', Demo.short(layer.rms)));
      body.appendChild(row);
    });
    Demo.fillGrid(this.part('gradient'), result.gradient, Math.round(Math.sqrt(result.gradient.length)));
    var reach = CnnDemos.reach(result.gradient);
    CnnDemos.divergingLegend(this.part('gradient-legend'), reach, {
      digits: 4,
      about: "the gradient's scale; the bias's gradient, the sum of the gradients arriving, is " + Demo.short(result.biasGradient)
    });
    this.paintDelta(result);
    var root = this.root;
    root.dataset.loss = String(result.loss);
    root.dataset.label = String(label);
    root.dataset.filter = String(result.filter);
    root.dataset.predicted = String(top);
  };

  View.prototype.paintDelta = function (result) {
    var canvas = this.part('delta-view'), ctx = canvas.getContext('2d');
    var reach = CnnDemos.reach(result.delta), cell = canvas.width / result.cols;
    for (var r = 0; r < result.rows; r++) {
      for (var c = 0; c < result.cols; c++) {
        ctx.fillStyle = Demo.shade(result.delta[r * result.cols + c], reach).fill;
        ctx.fillRect(c * cell, r * cell, cell, cell);
      }
    }
    CnnDemos.divergingLegend(this.part('delta-legend'), reach, { digits: 4 });
  };

  /** One position of the walk: the square on the input, the mark on the map, the grids. */
  View.prototype.showPosition = function (result, model, position) {
    var cols = result.cols, r = Math.floor(position / cols), c = position % cols;
    var width = result.paddedSize[1], kh = model.size[0], kw = model.size[1];
    var input = this.part('input-view'), ictx = input.getContext('2d');
    var small = document.createElement('canvas');
    CnnDemos.mnist.paintGrey(result.padded, width, result.paddedSize[0], small);
    ictx.imageSmoothingEnabled = false;
    ictx.drawImage(small, 0, 0, input.width, input.height);
    var cell = input.width / width;
    ictx.strokeStyle = '#ffc107';
    ictx.lineWidth = 2;
    ictx.strokeRect(c * cell + 1, r * cell + 1, kw * cell - 2, kh * cell - 2);
    this.paintDelta(result);
    var map = this.part('delta-view'), mctx = map.getContext('2d'), mcell = map.width / cols;
    mctx.strokeStyle = '#ffc107';
    mctx.lineWidth = 2;
    mctx.strokeRect(c * mcell, r * mcell, mcell, mcell);
    var share = model.contribution(result.padded, width, result.delta, cols, r, c);
    var upTo = model.filterGradient(result.padded, width, result.delta, result.rows, cols, position + 1);
    var reach = CnnDemos.reach(result.gradient);
    Demo.fillGrid(this.part('contribution'), share, kw, reach);
    Demo.fillGrid(this.part('running'), upTo.gradient, kw, reach);
    var d = result.delta[position];
    this.part('position-text').textContent = 'Position ' + (position + 1) + ' of ' + result.rows * cols +
      ': row ' + r + ', column ' + c + '. The gradient arriving there is ' + Demo.short(d) +
      (d === 0 ? ' (the ReLU was off, or the loss does not depend on it), so it adds nothing.'
        : ', so it adds the patch under the filter times ' + Demo.short(d) + '.');
    this.setValue('position', position);
    this.root.dataset.position = String(position);
  };

  /** A step applied: the filter before and after, and what it did to the loss. */
  View.prototype.showApplied = function (step, before, after, label, rate, count) {
    var kw = Math.round(Math.sqrt(step.before.weights.length));
    var reach = Math.max(CnnDemos.reach(step.before.weights), CnnDemos.reach(step.after.weights));
    Demo.fillGrid(this.part('filter-before'), step.before.weights, kw, reach);
    Demo.fillGrid(this.part('filter-after'), step.after.weights, kw, reach);
    var text = 'Step ' + count + ' at learning rate ' + rate + ': the loss went from ' + num(before.loss) + ' to ' +
      num(after.loss) + ', the probability of ' + CnnDemos.className(label) + ' from ' +
      pct(before.probabilities[label]) + ' to ' + pct(after.probabilities[label]) + '.';
    this.part('applied').textContent = text;
    this.root.dataset.stepsApplied = String(count);
    return text;
  };

  View.prototype.clearApplied = function () {
    this.part('filter-before').querySelector('tbody').textContent = '';
    this.part('filter-after').querySelector('tbody').textContent = '';
    this.part('applied').textContent = '';
    this.root.dataset.stepsApplied = '0';
  };

  View.prototype.showChallenge = function (edits, probability, label) {
    this.part('challenge').textContent = edits ? 'Your ' + CnnDemos.plural(edits, 'move', 'moves') + ': the probability of ' +
      CnnDemos.className(label) + ' is now ' + pct(probability) + '.' : '';
    this.root.dataset.edits = String(edits);
    this.part('race-said').textContent = '';
  };

  View.prototype.showRace = function (edits, yours, theirs, label, rate) {
    var text = edits ? 'Gradient descent, ' + CnnDemos.plural(edits, 'step', 'steps') + ' at learning rate ' + rate +
      ' from the same start: ' + pct(theirs) + ' for ' + CnnDemos.className(label) + '; yours: ' +
      pct(yours) + '. ' + (yours > theirs ? 'You win.' : yours === theirs ? 'A draw.' : 'Gradient descent wins.')
      : 'Change a weight first: gradient descent then gets as many steps as you made moves.';
    this.part('race-said').textContent = text;
    return text;
  };

  View.prototype.announce = function (text) {
    this.part('result').textContent = text;
  };

  Demo.View = View;
})(window.CnnDemos);
