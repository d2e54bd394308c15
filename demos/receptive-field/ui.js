/* receptive-field: the page around the figures (ui-maps.js, ui-field.js): the digit and layer
   pickers, the sizes table, the MLP unit and the weight counts, and everything said in words,
   to the eye and to screen readers. Needs cnn-demos.js, mnist-preprocess.js and the two above. */
(function (CnnDemos) {
  'use strict';
  var RF = CnnDemos.ReceptiveField;

  var dims = CnnDemos.dims, thousands = CnnDemos.thousands, plural = CnnDemos.plural;
  var MINUS = { minus: true }; // a unit's output is negative in a layer without ReLU

  function sizeOf(rect) { return dims(rect.height, rect.width); }
  function span(from, to, what) { return from === to ? what + ' ' + from : what + 's ' + from + ' to ' + to; }
  function list(parts) {
    return parts.length > 1 ? parts.slice(0, -1).join(', ') + ' and ' + parts[parts.length - 1] : parts[0];
  }

  /** "5 × 5 pixels", or how much of the field is on the image when it reaches into the padding. */
  function fieldSize(field, image) {
    if (field.wholeImage) return 'the whole image: ' + dims(image.rows, image.cols) + ' pixels';
    if (!field.onPadding) return sizeOf(field) + ' pixels';
    if (!field.seen) return sizeOf(field) + ', all on the padding';
    return sizeOf(field) + ', ' + sizeOf(field.seen) + ' of it on the ' + CnnDemos.dataset.noun;
  }

  /** Which edges of the image a field reaches past, and by how much. */
  function overhang(field, image) {
    var sides = [[-field.top, 'top'], [field.bottom - (image.rows - 1), 'bottom'], [-field.left, 'left'],
      [field.right - (image.cols - 1), 'right']];
    return list(sides.filter(function (side) { return side[0] > 0; }).map(function (side) {
      return plural(side[0], 'pixel', 'pixels') + ' past the ' + side[1] + ' edge';
    }));
  }

  /** The sentence on what a unit sees. */
  function seesText(field, image) {
    var where = field.seen && span(field.seen.top, field.seen.bottom, 'row') + ', ' +
      span(field.seen.left, field.seen.right, 'column');
    if (field.wholeImage) {
      return 'It sees the whole image: all ' + thousands(field.pixels) + ' pixels (' +
        dims(image.rows, image.cols) + ').';
    }
    if (!field.onPadding) return 'It sees ' + sizeOf(field) + ' pixels of the ' + CnnDemos.dataset.noun + ': ' + where + '.';
    if (!field.seen) return 'Its ' + sizeOf(field) + ' field lies wholly on the zero padding.';
    return 'Its ' + sizeOf(field) + ' field reaches ' + overhang(field, image) + ', into the zero padding, ' +
      'so it sees ' + sizeOf(field.seen) + ' pixels of the ' + CnnDemos.dataset.noun + ': ' + where + '.';
  }

  /** "6 × 28 × 28" (maps × rows × columns), or the number of units of a flat layer. */
  function shapeText(layer) {
    var s = layer.shape;
    return s.length === 3 ? dims(s[2], s[0], s[1]) : String(s[0]);
  }

  function weightsText(perUnit) {
    if (!perUnit.weights) return 'none';
    return thousands(perUnit.weights) + (perUnit.bias ? ' + 1 bias' : '');
  }

  function View(root) {
    this.root = root;
    this.pad = CnnDemos.part(root, 'pad');
    this.samples = CnnDemos.part(root, 'samples');
    this.layers = CnnDemos.part(root, 'layers');
    this.sizes = CnnDemos.part(root, 'sizes');
    this.result = CnnDemos.part(root, 'result');
    this.fieldCanvas = CnnDemos.part(root, 'field');
  }

  /**
   * What goes through LeNet, in data-input for tests: "sample <index>" (a held-out digit),
   * "drawing", or "empty" (pixels null: a blank image).
   */
  View.prototype.showInput = function (pixels, sample) {
    this.root.dataset.input = !pixels ? 'empty' : sample ? 'sample ' + sample.index : 'drawing';
  };

  /**
   * Set up the figures and the texts that depend only on the network (a ReceptiveField Net).
   * onUnit(unit) when a unit is picked on the maps; onPixel({row, col}) when a pixel of the
   * input figure is.
   */
  View.prototype.start = function (net, onUnit, onPixel) {
    this.net = net;
    this.grid = new RF.UnitGrid(CnnDemos.part(this.root, 'units'), onUnit, CnnDemos.part(this.root, 'units-legend'));
    var margins = net.margins();
    this.fieldView = new RF.FieldView(this.fieldCanvas, net.image, margins);
    this.fieldView.onPick(onPixel);
    this.mlpView = new RF.FieldView(CnnDemos.part(this.root, 'mlp'), net.image, [0, 0, 0, 0]);
    var most = Math.max.apply(null, margins);
    CnnDemos.part(this.root, 'padding-note').textContent = most > 0
      ? 'The striped frame is the zero padding LeNet adds around it: ' + plural(most, 'pixel', 'pixels') +
        ' of zeros on each side.'
      : '';
    this._describeMlp();
  };

  /** A button per layer (choices: Net layers) and a row for each in the sizes table. */
  View.prototype.addLayers = function (choices, onPick) {
    var box = this.layers, body = this.sizes.tBodies[0], net = this.net;
    choices.forEach(function (layer) {
      var button = document.createElement('button');
      button.type = 'button';
      button.className = 'md-button';
      button.dataset.action = 'layer';
      button.dataset.layer = layer.name;
      button.setAttribute('aria-pressed', 'false');
      button.textContent = layer.name;
      button.addEventListener('click', function () { onPick(layer.name); });
      box.appendChild(button);

      var field = net.fieldOf(layer.name, 0, 0);
      var row = body.insertRow();
      row.dataset.layer = layer.name;
      var name = document.createElement('th');
      name.scope = 'row';
      name.textContent = layer.name;
      row.appendChild(name);
      row.insertCell().textContent = shapeText(layer);
      row.insertCell().textContent = field.wholeImage ? 'the whole image' : sizeOf(field);
      row.insertCell().textContent = weightsText(layer.perUnit);
    });
  };

  View.prototype.markLayer = function (name) {
    Array.prototype.forEach.call(this.layers.children, function (button) {
      button.setAttribute('aria-pressed', String(button.dataset.layer === name));
    });
    Array.prototype.forEach.call(this.sizes.tBodies[0].rows, function (row) {
      row.classList.toggle('is-chosen', row.dataset.layer === name);
    });
  };

  /** Show a layer's units (layer: a Net layer; output: its values for the digit). */
  View.prototype.showLayer = function (layer, output, unit) {
    this.layout = new RF.Layout(layer);
    this.grid.setLayer(this.layout, output.values, unit);
    CnnDemos.part(this.root, 'maps-caption').textContent = layer.name + "'s " + (this.layout.flat
      ? plural(layer.units, 'unit', 'units') : plural(layer.grid.maps, 'feature map', 'feature maps'));
    this._describeMaps(layer, output);
  };

  /** The same layer for another digit. */
  View.prototype.showOutput = function (layer, output) {
    this.grid.setValues(output.values);
    this._describeMaps(layer, output);
  };

  /** The feature maps in words: how many, their size, and where the largest output is. */
  View.prototype._describeMaps = function (layer, output) {
    var layout = this.layout, best = CnnDemos.argmax(output.values), at = layout.unitOf(best);
    var value = CnnDemos.fixed(output.values[best], 2, MINUS);
    CnnDemos.part(this.root, 'maps').textContent = layout.flat
      ? plural(layer.units, 'unit', 'units') + ' (0 to ' + (layer.units - 1) + '), drawn ' + layout.cols +
        ' to a row. The largest output is unit ' + best + "'s, " + value + '.'
      : plural(layout.maps, 'map', 'maps') + ' of ' + dims(layout.rows, layout.cols) + ' units each. ' +
        'The largest output is in map ' + at.map + ' at row ' + at.row + ', column ' + at.col + ': ' +
        value + '.';
  };

  /** Move the cursor to the unit with the largest output (the grid then reports the move). */
  View.prototype.chooseStrongest = function (output) {
    this.grid.choose(this.layout.unitOf(CnnDemos.argmax(output.values)));
  };

  /**
   * The chosen unit (the grid's {map, row, col}) of layer, its field (Net.fieldOf) drawn on
   * the digit (pixels) and told, to the eye and through the live region.
   */
  View.prototype.showUnit = function (layer, unit, field, pixels) {
    var image = this.net.image, layout = this.layout;
    this.fieldView.draw(pixels, field);
    CnnDemos.part(this.root, 'size').textContent = 'Sees ' + fieldSize(field, image);
    var who = layout.flat ? layer.name + ' unit ' + layout.index(unit)
      : layer.name + ' map ' + unit.map + ', row ' + unit.row + ', column ' + unit.col;
    this.result.textContent = who + ': output ' + CnnDemos.fixed(this.grid.value(), 2, MINUS) + '. ' +
      seesText(field, image) + ' ' + this._inputsText(layer);
    this.fieldCanvas.setAttribute('aria-label', 'The input ' + CnnDemos.dataset.noun + ' with the field of ' + who + ' outlined: ' +
      fieldSize(field, image));
    var seen = field.seen;
    var data = this.root.dataset;
    data.layer = layer.name;
    data.unit = [unit.map, unit.row, unit.col].join(',');
    data.field = [field.top, field.left, field.bottom, field.right].join(',');
    data.seen = seen ? [seen.top, seen.left, seen.bottom, seen.right].join(',') : '';
  };

  /** What a unit of the layer computes its output from. */
  View.prototype._inputsText = function (layer) {
    var per = layer.perUnit, feed = this.net.feed(layer);
    var bias = plural(per.bias, 'bias', 'biases');
    if (layer.kind === 'pooling') {
      var k = layer.window.kernel, how = layer.className === 'MaxPooling2D' ? 'the largest' : 'the average';
      return 'It has no weights: its output is ' + how + ' of ' + dims(k[0], k[1]) +
        ' neighbouring outputs in the same map of ' + feed.name + '.';
    }
    if (layer.kind === 'convolution') {
      var window = dims(per.kernel[0], per.kernel[1]);
      var which = feed.kind === 'input' ? 'one for each of the ' + window + ' pixels under its filter'
        : window + ' in each of the ' + plural(per.kernel[2], 'map', 'maps') + ' of ' + feed.name;
      return 'It uses ' + thousands(per.weights) + ' weights (' + which + ') and ' + bias +
        ', shared by all ' + thousands(layer.grid.rows * layer.grid.cols) + ' units of its map.';
    }
    return 'It uses ' + thousands(per.weights) + ' weights, one for each output of ' + feed.name + ', and ' +
      bias + '.';
  };

  /** The digit under the MLP unit's field: all of it. */
  View.prototype.showMlp = function (pixels) {
    var image = this.net.image;
    this.mlpView.draw(pixels, { top: 0, left: 0, bottom: image.rows - 1, right: image.cols - 1 });
  };

  /** The MLP unit and the weight counts in words (Net.mlpUnit, Net.weightComparisons). */
  View.prototype._describeMlp = function () {
    var net = this.net, image = net.image, mlp = net.mlpUnit(), comparisons = net.weightComparisons();
    var text = 'An MLP flattens the image into ' + thousands(mlp.pixels) + ' numbers, and each unit of its ' +
      'first layer is wired to all of them: it sees all ' + thousands(mlp.pixels) + ' pixels (' +
      dims(image.rows, image.cols) + ') and needs ' + thousands(mlp.weights) + ' weights + ' +
      plural(mlp.bias, 'bias', 'biases') + '.';
    if (comparisons.length) {
      var first = comparisons[0].layer;
      text += ' A unit of ' + first.name + ' needs ' + weightsText(first.perUnit) +
        ', and shares them with every unit of its map.';
    }
    CnnDemos.part(this.root, 'mlp-text').textContent = text;
    CnnDemos.part(this.root, 'weights-intro').textContent = 'Each convolution layer of LeNet, against a ' +
      'dense layer with the same inputs and the same number of outputs:';
    var box = CnnDemos.part(this.root, 'weights');
    comparisons.forEach(function (c) {
      var k = c.kernel, bias = c.layer.perUnit.bias ? ' + 1 bias' : '';
      var item = document.createElement('li');
      item.dataset.layer = c.layer.name;
      var head = document.createElement('strong');
      head.textContent = c.layer.name + ': ';
      item.appendChild(head);
      item.appendChild(document.createTextNode(thousands(c.outputs) + ' outputs (' + shapeText(c.layer) +
        ') from ' + thousands(c.inputs) + ' inputs.'));
      var ways = document.createElement('ul');
      [
        'as a convolution: ' + plural(c.filters, 'filter', 'filters') + ' × (' + dims(k[0], k[1], k[2]) +
          ' weights' + bias + ') = ' + thousands(c.conv),
        'as a dense layer: ' + thousands(c.outputs) + ' outputs × (' + thousands(c.inputs) +
          ' weights + 1 bias) = ' + thousands(c.dense) + ', ' + thousands(Math.round(c.dense / c.conv)) +
          ' times as many'
      ].forEach(function (line) {
        var way = document.createElement('li');
        way.textContent = line;
        ways.appendChild(way);
      });
      item.appendChild(ways);
      box.appendChild(item);
    });
  };

  RF.View = View;
})(window.CnnDemos);
