/* convolution-explorer: what the reader sees and hears. Two canvases (the input with the
   filter's window, the output map in a diverging colour scale), the multiply-adds of the
   current window laid out like the filter, the output-size formula, tables of the numbers, and
   the announcements. A scene (built by index.js) carries everything to show:
   {image, filter, stride, padding, pad, relu, working, map: {size, values}, range, sweep, window}.
   Needs cnn-demos.js and data.js (the preset filters). */
(function (CnnDemos) {
  'use strict';
  var Demo = CnnDemos.ConvolutionExplorer = CnnDemos.ConvolutionExplorer || {};

  var SCALE = 2; // canvas pixels per CSS pixel, for sharp numbers on high-density screens
  var INPUT_CSS = 280; // CSS width of the input picture
  var OUTPUT_CSS = 240; // the most the output picture grows to when it has few cells
  var MAX_CELL_CSS = 56;
  var NUMBERS_IN_CELLS_CSS = 28; // cells at least this wide show their value
  var PAPER = [255, 253, 246], INK = [17, 17, 17];
  var PAD_FILL = '#d5dcf0';
  var NEGATIVE = [33, 102, 172], ZERO = [247, 247, 247], POSITIVE = [178, 24, 43];
  var FRAME = '#e65100';
  var KEYS = { ArrowLeft: [0, -1], ArrowRight: [0, 1], ArrowUp: [-1, 0], ArrowDown: [1, 0] };

  var dims = CnnDemos.dims, plural = CnnDemos.plural;

  /** x with the given decimals, a true minus sign, and no "−0.00". */
  function num(x, digits) {
    return CnnDemos.fixed(x, digits, { minus: true });
  }

  /** A weight as written in the filter: whole numbers as they are, others with 2 decimals. */
  function weightText(w) {
    return num(w, Number.isInteger(w) ? 0 : 2);
  }

  function signed(x, digits) {
    return (x > 0 ? '+' : '') + num(x, digits);
  }

  function mix(a, b, t) {
    return 'rgb(' + [0, 1, 2].map(function (i) { return Math.round(a[i] + (b[i] - a[i]) * t); }).join(',') + ')';
  }

  /** The diverging colour of v on a scale of -range .. +range, and the text colour that reads on it. */
  function diverging(v, range) {
    var t = Math.max(-1, Math.min(1, v / range));
    return {
      fill: t < 0 ? mix(ZERO, NEGATIVE, -t) : mix(ZERO, POSITIVE, t),
      text: Math.abs(t) > 0.45 ? '#fff' : '#111'
    };
  }

  function grey(v) {
    var t = Math.max(0, Math.min(1, v));
    return { fill: mix(PAPER, INK, t), text: t > 0.5 ? '#fff' : '#111' };
  }

  function hatch(ctx, x, y, size, colour) {
    ctx.save();
    ctx.beginPath();
    ctx.rect(x, y, size, size);
    ctx.clip();
    ctx.strokeStyle = colour;
    ctx.lineWidth = Math.max(1, size / 12);
    var gap = Math.max(4, size / 4);
    for (var d = -size; d < size; d += gap) {
      ctx.beginPath();
      ctx.moveTo(x + d, y + size);
      ctx.lineTo(x + d + size, y);
      ctx.stroke();
    }
    ctx.restore();
  }

  function cellText(ctx, text, x, y, cell, colour) {
    ctx.fillStyle = colour;
    // As big as a third of the cell, or smaller so that a long number still fits across it.
    ctx.font = Math.round(Math.min(cell * 0.34, cell * 1.6 / text.length)) + 'px system-ui, sans-serif';
    ctx.textAlign = 'center';
    ctx.textBaseline = 'middle';
    ctx.fillText(text, x + cell / 2, y + cell / 2);
  }

  function frame(ctx, x, y, w, h, width) {
    ctx.lineWidth = width * 2;
    ctx.strokeStyle = '#fff';
    ctx.strokeRect(x + width, y + width, w - 2 * width, h - 2 * width);
    ctx.lineWidth = width;
    ctx.strokeStyle = FRAME;
    ctx.strokeRect(x + width / 2, y + width / 2, w - width, h - width);
  }

  /** "from to last" for count rows or columns from from, with true minus signs (padding rows are negative). */
  function rowRange(from, count) {
    return num(from, 0) + ' to ' + num(from + count - 1, 0);
  }

  function View(root) {
    var part = function (role) { return CnnDemos.part(root, role); };
    this.root = root;
    this.settings = CnnDemos.settings(root);
    this.playButton = root.querySelector('[data-action="play"]');
    this.drawPanel = part('draw-panel');
    this.pad = part('pad');
    this.weights = part('weights');
    this.filterNote = part('filter-note');
    this.outSize = part('out-size');
    this.formula = part('size-formula');
    this.sizeLegend = part('size-legend');
    this.announcer = part('announce');
    this.inputView = part('input-view');
    this.outputView = part('output-view');
    this.inputCaption = part('input-caption');
    this.outputCaption = part('output-caption');
    this.where = part('where');
    this.products = part('products').tBodies[0];
    this.sum = part('sum');
    this.biasSum = part('bias-sum');
    this.reluSum = part('relu-sum');
    this.legendMin = part('legend-min');
    this.legendMax = part('legend-max');
    this.legendText = part('legend-text');
    this.outputNumbers = part('output-numbers');
    this.inputNumbers = part('input-numbers');
    this.base = document.createElement('canvas'); // the input drawn once per scene, under the frame
    this.outBase = document.createElement('canvas'); // the output's cells, repainted one by one
    this.notYet = null; // the hatched fill of cells not computed yet
    this.geometry = null;
    this.cells = []; // the output table's cells
    this.current = null;
    this.weightInputs = [];
    Demo.PRESETS.forEach(function (preset) {
      part('preset-options').appendChild(new Option(preset.label, preset.id));
    });
  }

  // ---- choices -------------------------------------------------------------------------

  View.prototype.addDigits = function (digits) {
    var group = CnnDemos.part(this.root, 'digit-options');
    digits.forEach(function (d) {
      group.appendChild(new Option(CnnDemos.aClass(d.label) + ' (held-out ' + CnnDemos.dataset.noun + ' ' + d.index + ')',
        'digit:' + d.index));
    });
  };

  View.prototype.addTrainedFilters = function (name, filters) {
    var group = CnnDemos.part(this.root, name + '-options');
    filters.forEach(function (f) {
      group.appendChild(new Option(f.label, f.id));
    });
  };

  /** The settings as the controls have them now (the filter's numbers are kept by index.js). */
  View.prototype.read = function () {
    var s = this.settings;
    return {
      input: s.input.value,
      filter: s.filter.value,
      size: Number(s.size.value),
      stride: Number(s.stride.value),
      padding: s.padding.value,
      relu: s.relu.checked,
      speed: Number(s.speed.value)
    };
  };

  View.prototype.showDrawPanel = function (shown) {
    this.drawPanel.hidden = !shown;
  };

  /** onEdit(index, field) when the reader types in the weight field at index (row by row). */
  View.prototype.onWeightEdit = function (onEdit) {
    this.weights.addEventListener('input', function (event) {
      var index = Array.prototype.indexOf.call(event.currentTarget.children, event.target);
      if (index >= 0) onEdit(index, event.target);
    });
  };

  /** Put a filter's numbers in the controls: size, the grid of weights, the bias, the note. */
  View.prototype.showFilter = function (filter, choice) {
    var k = filter.k;
    this.settings.filter.value = choice;
    this.settings.size.value = String(k);
    this.settings.bias.value = String(Number(filter.bias.toFixed(3)));
    this.filterNote.textContent = filter.note || '';
    if (this.weightInputs.length !== k * k) {
      this.weights.textContent = '';
      this.weights.style.gridTemplateColumns = 'repeat(' + k + ', minmax(0, 5em))';
      this.weightInputs = [];
      for (var i = 0; i < k * k; i++) {
        var input = document.createElement('input');
        input.type = 'number';
        input.step = 'any';
        input.name = 'weight';
        input.className = 'cnn-conv__number';
        input.setAttribute('aria-label', 'Weight at row ' + Math.floor(i / k) + ', column ' + (i % k));
        this.weights.appendChild(input);
        this.weightInputs.push(input);
      }
    }
    this.weightInputs.forEach(function (input, i) {
      input.value = String(Number(filter.weights[i].toFixed(3)));
      input.removeAttribute('aria-invalid');
    });
  };

  /** The filter control says "Your own numbers" once the reader edits a weight or the bias. */
  View.prototype.markOwnFilter = function (filter) {
    this.settings.filter.value = 'custom';
    this.filterNote.textContent = filter.note;
  };

  /** A weight field as a number, or null (marked invalid) when it does not hold one. */
  View.prototype.fieldNumber = function (input) {
    var text = input.value.trim();
    var value = text === '' ? NaN : Number(text);
    if (isFinite(value)) {
      input.removeAttribute('aria-invalid');
      return value;
    }
    input.setAttribute('aria-invalid', 'true');
    return null;
  };

  View.prototype.setPlaying = function (playing) {
    this.playButton.textContent = playing ? 'Pause' : 'Play';
    this.root.dataset.playing = String(playing);
  };

  View.prototype.announce = function (text) {
    this.announcer.textContent = text;
  };

  // ---- the whole scene (after any change of image, filter or setting) -------------------

  View.prototype.showScene = function (scene) {
    var w = scene.working, m = scene.map.size, n = scene.image.n;
    var full = n + 2 * scene.pad;
    var inCell = Math.max(2, Math.floor(Math.min(MAX_CELL_CSS, INPUT_CSS / full) * SCALE));
    var outCell = Math.max(inCell, Math.floor(Math.min(MAX_CELL_CSS, OUTPUT_CSS / m) * SCALE));
    this.geometry = { full: full, inCell: inCell, outCell: outCell, size: m };

    this.outSize.textContent = dims(m, m);
    var sum = '(' + w.n + ' + 2 × ' + w.pad + ' − ' + w.k + ') / ' + w.stride + ' + 1';
    var exact = Number.isInteger(w.exact) ? String(w.exact) : num(w.exact, 1) + ', rounded down: ' + m;
    this.formula.textContent = '(n + 2p − k) / s + 1 = ' + sum + ' = ' + exact;
    this.sizeLegend.textContent = 'n = ' + w.n + ' (input), p = ' + w.pad + ' (padding), k = ' + w.k +
      ' (filter), s = ' + w.stride + ' (stride).' + (w.unused ? ' The window never reaches the last ' +
      (w.unused === 1 ? 'row and column' : w.unused + ' rows and columns') + ' (hatched): the next ' +
      'step would stick out of the image.' : '');
    this.root.dataset.outSize = String(m);

    this.inputCaption.textContent = ': ' + scene.image.label + ', ' + dims(n, n) +
      (scene.pad ? ', with ' + plural(scene.pad, 'pixel', 'pixels') + ' of zeros around it' : '');
    this.outputCaption.textContent = dims(m, m) + (scene.relu ? ', after ReLU' : '');
    this.reluSum.hidden = !scene.relu;

    this.legendMin.textContent = num(-scene.range, 2);
    this.legendMax.textContent = signed(scene.range, 2);
    this.legendText.textContent = 'Blue: negative, down to ' + num(-scene.range, 2) + '; white: zero; ' +
      'red: positive, up to ' + signed(scene.range, 2) + '. Hatched grey: not computed yet.';

    this._drawBase(scene);
    this._buildOutputTable(m);
    if (scene.imageChanged) this._buildInputTable(scene.image);
    this.showMove(scene, true);
  };

  /** The input, padding and unreachable cells, drawn once per scene on the base canvas. */
  View.prototype._drawBase = function (scene) {
    var g = this.geometry, cell = g.inCell, n = scene.image.n, p = scene.pad;
    var base = this.base;
    base.width = base.height = g.full * cell;
    var ctx = base.getContext('2d');
    var cssCell = cell / SCALE;
    for (var y = 0; y < g.full; y++) {
      for (var x = 0; x < g.full; x++) {
        var iy = y - p, ix = x - p;
        var inside = iy >= 0 && iy < n && ix >= 0 && ix < n;
        var v = inside ? scene.image.values[iy * n + ix] : 0;
        var look = inside ? grey(v) : { fill: PAD_FILL, text: '#333' };
        ctx.fillStyle = look.fill;
        ctx.fillRect(x * cell, y * cell, cell, cell);
        if (cssCell >= NUMBERS_IN_CELLS_CSS) cellText(ctx, inside ? num(v, 1) : '0', x * cell, y * cell, cell, look.text);
      }
    }
    if (cssCell >= 6) {
      ctx.strokeStyle = 'rgba(0, 0, 0, 0.18)';
      ctx.lineWidth = 1;
      for (var i = 0; i <= g.full; i++) {
        ctx.beginPath(); ctx.moveTo(i * cell + 0.5, 0); ctx.lineTo(i * cell + 0.5, g.full * cell); ctx.stroke();
        ctx.beginPath(); ctx.moveTo(0, i * cell + 0.5); ctx.lineTo(g.full * cell, i * cell + 0.5); ctx.stroke();
      }
    }
    if (p) {
      ctx.setLineDash([cell / 3, cell / 4]);
      ctx.strokeStyle = '#3949ab';
      ctx.lineWidth = Math.max(2, cell / 16);
      ctx.strokeRect(p * cell, p * cell, n * cell, n * cell);
      ctx.setLineDash([]);
    }
    var unused = scene.working.unused;
    for (var u = g.full - unused; u < g.full; u++) {
      for (var t = 0; t < g.full; t++) {
        hatch(ctx, u * cell, t * cell, cell, 'rgba(198, 40, 40, 0.55)');
        if (t < g.full - unused) hatch(ctx, t * cell, u * cell, cell, 'rgba(198, 40, 40, 0.55)');
      }
    }
    this.inputView.width = this.inputView.height = base.width;
    this.inputView.style.width = base.width / SCALE + 'px';
  };

  View.prototype._buildOutputTable = function (m) {
    var table = document.createElement('table');
    table.className = 'cnn-conv__grid-table';
    table.innerHTML = '<caption>The feature map, ' + dims(m, m) + ' (– not computed yet)</caption>';
    var head = table.createTHead().insertRow();
    head.appendChild(document.createElement('td'));
    for (var c = 0; c < m; c++) {
      var th = document.createElement('th');
      th.scope = 'col';
      th.textContent = String(c);
      head.appendChild(th);
    }
    var body = table.createTBody();
    this.cells = [];
    for (var r = 0; r < m; r++) {
      var row = body.insertRow();
      var rh = document.createElement('th');
      rh.scope = 'row';
      rh.textContent = String(r);
      row.appendChild(rh);
      for (c = 0; c < m; c++) this.cells.push(row.insertCell());
    }
    this.outputNumbers.textContent = '';
    this.outputNumbers.appendChild(table);
    this.current = null;
  };

  View.prototype._buildInputTable = function (image) {
    var n = image.n, html = ['<table class="cnn-conv__grid-table"><caption>The input, ', dims(n, n),
      ' (0 paper, 1 ink)</caption><thead><tr><td></td>'];
    for (var c = 0; c < n; c++) html.push('<th scope="col">', c, '</th>');
    html.push('</tr></thead><tbody>');
    for (var r = 0; r < n; r++) {
      html.push('<tr><th scope="row">', r, '</th>');
      for (c = 0; c < n; c++) html.push('<td>', num(image.values[r * n + c], 2), '</td>');
      html.push('</tr>');
    }
    html.push('</tbody></table>');
    this.inputNumbers.innerHTML = html.join('');
  };

  // ---- the window's position (every step) -----------------------------------------------

  /** Show the window where scene.sweep has it; refill every output cell when all is true. */
  View.prototype.showMove = function (scene, all) {
    var sweep = scene.sweep, win = scene.window;
    this.scene = scene;
    this._drawInput(scene);
    this._drawOutput(scene, all);
    this._showProducts(scene);
    var values = scene.map.values, self = this;
    if (all) {
      this.cells.forEach(function (td, i) { self._fillCell(td, sweep.done[i], values[i]); });
    } else {
      var i = sweep.index();
      this._fillCell(this.cells[i], 1, values[i]);
    }
    if (this.current) this.current.classList.remove('is-current');
    this.current = this.cells[sweep.index()];
    this.current.classList.add('is-current');

    var m = sweep.size, k = scene.filter.k;
    this.inputView.setAttribute('aria-label', 'The input, ' + scene.image.label + '. The ' + dims(k, k) +
      ' window covers rows ' + rowRange(win.top, k) + ' and columns ' + rowRange(win.left, k) + '.');
    this.outputView.setAttribute('aria-label', 'The feature map, ' + dims(m, m) + ': ' + sweep.count +
      ' of ' + m * m + ' values computed; the newest at row ' + sweep.row + ', column ' + sweep.col +
      '. The numbers are in the table "The output map as numbers".');
    this.root.dataset.position = sweep.row + ',' + sweep.col;
    this.root.dataset.computed = String(sweep.count);
    this.root.dataset.draws = String(Number(this.root.dataset.draws || 0) + 1);
  };

  View.prototype._fillCell = function (td, done, value) {
    td.textContent = done ? num(value, 2) : '–';
  };

  View.prototype._drawInput = function (scene) {
    var g = this.geometry, cell = g.inCell, win = scene.window, k = scene.filter.k;
    var ctx = this.inputView.getContext('2d');
    ctx.drawImage(this.base, 0, 0);
    frame(ctx, (win.left + scene.pad) * cell, (win.top + scene.pad) * cell, k * cell, k * cell,
      Math.max(3, Math.round(1.5 * SCALE)));
  };

  /** Paint output cell i on the output's base canvas: its colour and value, or hatched if not computed. */
  View.prototype._paintOutputCell = function (scene, i) {
    var g = this.geometry, cell = g.outCell, m = g.size, ctx = this.outBase.getContext('2d');
    var x = (i % m) * cell, y = Math.floor(i / m) * cell, cssCell = cell / SCALE;
    if (scene.sweep.done[i]) {
      var value = scene.map.values[i], look = diverging(value, scene.range);
      ctx.fillStyle = look.fill;
      ctx.fillRect(x, y, cell, cell);
      if (cssCell >= NUMBERS_IN_CELLS_CSS) cellText(ctx, num(value, cssCell >= 44 ? 2 : 1), x, y, cell, look.text);
    } else {
      ctx.fillStyle = this.notYet;
      ctx.fillRect(x, y, cell, cell);
    }
    if (cssCell >= 6) {
      ctx.strokeStyle = 'rgba(0, 0, 0, 0.15)';
      ctx.lineWidth = 1;
      ctx.strokeRect(x + 0.5, y + 0.5, cell - 1, cell - 1);
    }
  };

  /** The output: every cell afresh when all is true, else only the one just computed. */
  View.prototype._drawOutput = function (scene, all) {
    var g = this.geometry, cell = g.outCell, m = g.size, sweep = scene.sweep;
    if (all) {
      this.outBase.width = this.outBase.height = this.outputView.width = this.outputView.height = m * cell;
      this.outputView.style.width = m * cell / SCALE + 'px';
      var tile = document.createElement('canvas');
      tile.width = tile.height = cell;
      var tctx = tile.getContext('2d');
      tctx.fillStyle = '#e0e0e0';
      tctx.fillRect(0, 0, cell, cell);
      hatch(tctx, 0, 0, cell, '#9e9e9e');
      this.notYet = this.outBase.getContext('2d').createPattern(tile, 'repeat');
      for (var i = 0; i < m * m; i++) this._paintOutputCell(scene, i);
    } else {
      this._paintOutputCell(scene, sweep.index());
    }
    var ctx = this.outputView.getContext('2d');
    ctx.drawImage(this.outBase, 0, 0);
    frame(ctx, sweep.col * cell, sweep.row * cell, cell, cell, Math.max(3, Math.round(1.5 * SCALE)));
  };

  View.prototype._showProducts = function (scene) {
    var win = scene.window, k = win.k, body = this.products;
    if (body.rows.length !== k || body.rows[0].cells.length !== k) {
      body.textContent = '';
      for (var r = 0; r < k; r++) {
        var row = body.insertRow();
        for (var c = 0; c < k; c++) {
          row.insertCell().innerHTML = '<span class="cnn-conv__x"></span> <span class="cnn-conv__w"></span> ' +
            '<span class="cnn-conv__p"></span>';
        }
      }
    }
    var weights = scene.filter.weights;
    for (var i = 0; i < k * k; i++) {
      var td = body.rows[Math.floor(i / k)].cells[i % k], spans = td.children, p = win.products[i];
      spans[0].textContent = win.onPad[i] ? '0 (pad)' : num(win.values[i], 2);
      spans[1].textContent = '× ' + weightText(weights[i]);
      spans[2].textContent = '= ' + num(p, 2);
      td.className = (p > 0.005 ? 'is-positive' : p < -0.005 ? 'is-negative' : '') + (win.onPad[i] ? ' is-pad' : '');
    }
    var m = scene.sweep.size;
    this.where.textContent = 'Output row ' + win.row + ', column ' + win.col + ' (of 0 to ' + (m - 1) +
      '): the window covers input rows ' + rowRange(win.top, k) + ' and columns ' + rowRange(win.left, k) +
      (scene.pad && Array.prototype.indexOf.call(win.onPad, 1) >= 0 ? ', partly on the zero padding.' : '.');
    this.sum.textContent = 'Sum of the ' + k * k + ' products = ' + num(win.sum, 2);
    this.biasSum.textContent = num(win.sum, 2) + ' + bias ' + weightText(win.bias) + ' = ' + num(win.value, 2) +
      (scene.relu ? '' : ' → output row ' + win.row + ', column ' + win.col);
    this.reluSum.textContent = 'ReLU: max(0, ' + num(win.value, 2) + ') = ' + num(Math.max(0, win.value), 2) +
      ' → output row ' + win.row + ', column ' + win.col;
  };

  // ---- what is said ---------------------------------------------------------------------

  /** The held-out digits and the trained filters are loaded; backend: TF.js's. */
  View.prototype.ready = function (backend) {
    CnnDemos.setState(this.root, 'ready', 'Ready: the filters of the trained networks are loaded ' +
      '(TensorFlow.js on ' + backend + ').');
  };

  View.prototype.describePlay = function () {
    return 'Playing.';
  };

  View.prototype.describePause = function (scene) {
    return 'Paused. ' + this.describeWindow(scene);
  };

  View.prototype.describeRestart = function (scene) {
    return 'Back to the start, with an empty map. ' + this.describeWindow(scene);
  };

  /** A new input chosen; waitingForDrawing: the drawing is chosen and the pad is empty. */
  View.prototype.describeInput = function (scene, waitingForDrawing) {
    return 'Input: ' + scene.image.label + '. ' + (waitingForDrawing
      ? 'Draw ' + CnnDemos.aNoun() + ' in the box; until then the input is all zeros. ' : '') +
      this.describeSize(scene);
  };

  /** The drawing (the input) has changed; empty: the pad is empty now. */
  View.prototype.describeDrawing = function (empty) {
    return empty ? 'The pad is empty: the input is all zeros.' : 'Your drawing is the input now.';
  };

  View.prototype.describeFilter = function (scene) {
    return 'Filter: ' + scene.filter.label + ', ' + dims(scene.filter.k, scene.filter.k) + '. ' +
      this.describeSize(scene);
  };

  View.prototype.describeFilterSize = function (scene) {
    return 'Filter size ' + dims(scene.filter.k, scene.filter.k) + '. ' + this.describeSize(scene);
  };

  View.prototype.describeRelu = function (scene) {
    return scene.relu ? 'ReLU on: negative results become 0.' : 'ReLU off.';
  };

  View.prototype.describeSize = function (scene) {
    var m = scene.map.size;
    return 'Output size ' + dims(m, m) + ': ' + this.formula.textContent + '.';
  };

  /** One sentence about the current window, for the live region. */
  View.prototype.describeWindow = function (scene) {
    var win = scene.window;
    var text = 'Row ' + win.row + ', column ' + win.col + ': the products add up to ' + num(win.sum, 2) +
      ', plus the bias ' + weightText(win.bias) + ' gives ' + num(win.value, 2);
    if (scene.relu) text += win.value > 0 ? '; ReLU keeps it' : '; ReLU makes it 0';
    return text + '.';
  };

  /** The finished map in a sentence: its size, its range and where it is largest. */
  View.prototype.describeMap = function (scene) {
    var values = scene.map.values, m = scene.map.size;
    var best = CnnDemos.argmax(values), low = 0, high = 0;
    for (var i = 0; i < values.length; i++) {
      if (values[i] < values[low]) low = i;
      if (values[i] > values[high]) high = i;
    }
    return 'The whole ' + dims(m, m) + ' feature map is filled in: values from ' + num(values[low], 2) +
      ' to ' + num(values[high], 2) + '; the largest at row ' + Math.floor(best / m) + ', column ' + best % m + '.';
  };

  /** The window is on the last place: the whole map, or how much of it is still empty. */
  View.prototype.describeEnd = function (scene) {
    var sweep = scene.sweep, left = sweep.size * sweep.size - sweep.count;
    if (!left) return this.describeMap(scene);
    return 'The window is on the last place; ' + plural(left, 'cell', 'cells') + ' it skipped ' +
      (left > 1 ? 'are' : 'is') + ' still empty: "Fill the whole map" computes ' + (left > 1 ? 'them.' : 'it.');
  };

  // ---- moving the window by hand ---------------------------------------------------------

  /**
   * onMove(move) when the reader moves the window: move is {by: [rows, cols]}, {to: [row, col]},
   * or {to: 'first' | 'last'}. Arrow keys, Home and End on the input; pointer (mouse, touch,
   * pen) on the input or the output.
   */
  View.prototype.onMove = function (onMove) {
    var self = this;
    this.inputView.addEventListener('keydown', function (event) {
      var by = KEYS[event.key];
      if (by) onMove({ by: by });
      else if (event.key === 'Home') onMove({ to: 'first' });
      else if (event.key === 'End') onMove({ to: 'last' });
      else return;
      event.preventDefault();
    });
    function cellAt(canvas, event, cells) {
      var rect = canvas.getBoundingClientRect();
      return [Math.floor((event.clientY - rect.top) / rect.height * cells),
        Math.floor((event.clientX - rect.left) / rect.width * cells)];
    }
    function fromInput(event) {
      var g = self.geometry, s = self.scene;
      if (!g || !s) return;
      var at = cellAt(self.inputView, event, g.full), half = (s.filter.k - 1) / 2;
      onMove({ to: [Math.round((at[0] - half) / s.stride), Math.round((at[1] - half) / s.stride)], pointer: true });
    }
    function fromOutput(event) {
      if (self.geometry) onMove({ to: cellAt(self.outputView, event, self.geometry.size), pointer: true });
    }
    [[this.inputView, fromInput], [this.outputView, fromOutput]].forEach(function (pair) {
      var canvas = pair[0], handle = pair[1], active = null;
      canvas.addEventListener('pointerdown', function (event) {
        if (event.pointerType === 'mouse' && event.button !== 0) return;
        active = event.pointerId;
        canvas.setPointerCapture(event.pointerId);
        handle(event);
      });
      canvas.addEventListener('pointermove', function (event) {
        if (event.pointerId === active) handle(event);
      });
      function end(event) {
        if (event.pointerId !== active) return;
        active = null;
        if (canvas.hasPointerCapture(event.pointerId)) canvas.releasePointerCapture(event.pointerId);
      }
      canvas.addEventListener('pointerup', end);
      canvas.addEventListener('pointercancel', end);
    });
  };

  Demo.View = View;
})(window.CnnDemos);
