/* receptive-field: which input pixels each unit of a trained network can see, worked out from
   the network's own layer definitions (kernel, stride, padding), how many weights each unit
   needs, and each layer's output for a digit. Needs tf, cnn-demos.js and model-store.js. */
(function (CnnDemos) {
  'use strict';
  var MODEL = 'lenet';

  // Layers that change nothing about where a unit looks: they work value by value.
  var POINTWISE = ['Activation', 'ReLU', 'LeakyReLU', 'ELU', 'Softmax', 'Dropout', 'SpatialDropout2D',
    'GaussianNoise', 'GaussianDropout', 'BatchNormalization', 'LayerNormalization'];
  // Layers each of whose units is wired to every unit of the layer before.
  var EVERYTHING = ['Flatten', 'Dense', 'GlobalAveragePooling2D', 'GlobalMaxPooling2D'];
  var WINDOWED = {
    Conv2D: { kernel: 'kernelSize', kind: 'convolution' },
    MaxPooling2D: { kernel: 'poolSize', kind: 'pooling' },
    AveragePooling2D: { kernel: 'poolSize', kind: 'pooling' }
  };

  function pair(value) {
    return Array.isArray(value) ? [value[0], value.length > 1 ? value[1] : value[0]] : [value, value];
  }

  /** [[top, bottom], [left, right]] from Keras' ways of writing a padding or cropping. */
  function sides(value) {
    if (!Array.isArray(value)) return [[value, value], [value, value]];
    return value.map(function (axis) { return Array.isArray(axis) ? axis : [axis, axis]; });
  }

  function product(values) {
    return values.reduce(function (a, b) { return a * b; }, 1);
  }

  /** Rows and columns of a layer's output (1 x n for a flat one) and its channels. */
  function gridOf(shape) {
    return shape.length === 4 ? { rows: shape[1], cols: shape[2], maps: shape[3] }
      : { rows: 1, cols: shape[shape.length - 1], maps: 1 };
  }

  /**
   * One step of the receptive-field arithmetic, along one axis. `axis` describes the layer
   * before: size (pixels one unit sees), jump (pixels between the fields of two neighbouring
   * units) and start (the first pixel unit 0 sees; negative inside any zero padding), all in
   * pixels of the network's input. A window of k units with stride s and `before` units of
   * padding on that side sees k - 1 more of the previous units' jumps.
   */
  function throughWindow(axis, kernel, stride, before) {
    return {
      size: axis.size + (kernel - 1) * axis.jump,
      jump: axis.jump * stride,
      start: axis.start - before * axis.jump
    };
  }

  /** Units of padding Keras adds before the first window along one axis. */
  function paddingBefore(padding, inSize, outSize, kernel, stride) {
    if (padding === 'valid') return 0;
    if (padding === 'same') return Math.floor(Math.max((outSize - 1) * stride + kernel - inSize, 0) / 2);
    throw new Error('padding "' + padding + '" is not handled');
  }

  function windowOf(layer, config, axes, inGrid, outGrid) {
    var kernel = pair(config[WINDOWED[layer.getClassName()].kernel]);
    var strides = pair(config.strides || kernel);
    var dilation = pair(config.dilationRate || 1);
    if (dilation[0] !== 1 || dilation[1] !== 1) {
      throw new Error(layer.name + ': dilated kernels see a field with holes, not handled here');
    }
    var before = [
      paddingBefore(config.padding, inGrid.rows, outGrid.rows, kernel[0], strides[0]),
      paddingBefore(config.padding, inGrid.cols, outGrid.cols, kernel[1], strides[1])
    ];
    return {
      axes: [0, 1].map(function (a) { return throughWindow(axes[a], kernel[a], strides[a], before[a]); }),
      window: { kernel: kernel, strides: strides, padding: config.padding, before: before }
    };
  }

  /** The field every unit of a layer wired to all of `grid` sees: the union of their fields. */
  function union(axes, grid) {
    return [grid.rows, grid.cols].map(function (n, a) {
      return { size: (n - 1) * axes[a].jump + axes[a].size, jump: 0, start: axes[a].start };
    });
  }

  /** Weights and bias one unit of the layer uses (0 for a layer without weights). */
  function unitWeights(layer) {
    var kernel = null, bias = 0;
    layer.weights.forEach(function (w) {
      if (/kernel/.test(w.originalName || w.name)) kernel = w.shape;
      else if (/bias/.test(w.originalName || w.name)) bias = 1;
    });
    if (!kernel) return { weights: 0, bias: 0, kernel: null };
    // Conv2D: [rows, cols, channels in, filters]; Dense: [inputs, units]. One unit: one filter.
    return { weights: product(kernel.slice(0, -1)), bias: bias, kernel: kernel };
  }

  /**
   * Walk a tf.LayersModel's layers in order (a chain, as Sequential models are) and work out,
   * for each one, the field of its units in pixels of the model's input image.
   */
  function analyse(model) {
    var inputShape = model.inputs[0].shape;
    if (inputShape.length !== 4) throw new Error('the model does not take images');
    var image = { rows: inputShape[1], cols: inputShape[2], channels: inputShape[3] };
    var axes = [{ size: 1, jump: 1, start: 0 }, { size: 1, jump: 1, start: 0 }];
    var grid = gridOf(inputShape);
    var whole = false;
    var previous = null;
    var layers = [];
    var outputs = model.outputs.map(function (t) { return t.sourceLayer.name; });

    model.layers.forEach(function (layer) {
      var name = layer.getClassName();
      var config = layer.getConfig();
      var outGrid = gridOf(layer.outputShape);
      var kind = 'pointwise';
      var window = null;
      if (name === 'InputLayer') {
        kind = 'input';
      } else if (whole || EVERYTHING.indexOf(name) >= 0) {
        if (!whole) axes = union(axes, grid);
        whole = true;
        kind = name === 'Flatten' ? 'reshape' : 'dense';
      } else if (name === 'ZeroPadding2D' || name === 'Cropping2D') {
        var amount = sides(name === 'ZeroPadding2D' ? config.padding : config.cropping);
        var sign = name === 'ZeroPadding2D' ? -1 : 1;
        axes = axes.map(function (axis, a) {
          return { size: axis.size, jump: axis.jump, start: axis.start + sign * amount[a][0] * axis.jump };
        });
        kind = name === 'ZeroPadding2D' ? 'padding' : 'cropping';
      } else if (WINDOWED[name]) {
        var through = windowOf(layer, config, axes, grid, outGrid);
        axes = through.axes;
        window = through.window;
        kind = WINDOWED[name].kind;
      } else if (POINTWISE.indexOf(name) < 0) {
        throw new Error(layer.name + ': a ' + name + ' layer is not handled here');
      }
      layers.push({
        name: layer.name,
        className: name,
        kind: kind,
        layer: layer,
        previous: previous,
        shape: layer.outputShape.slice(1),
        grid: outGrid,
        units: product(layer.outputShape.slice(1)),
        size: [axes[0].size, axes[1].size],
        jump: [axes[0].jump, axes[1].jump],
        start: [axes[0].start, axes[1].start],
        whole: whole,
        window: window,
        perUnit: unitWeights(layer),
        parameters: layer.countParams(),
        isOutput: outputs.indexOf(layer.name) >= 0
      });
      previous = layers[layers.length - 1];
      grid = outGrid;
    });
    return new Net(model, image, layers);
  }

  function Net(model, image, layers) {
    this.model = model;
    this.image = image; // {rows, cols, channels} of the input
    this.layers = layers;
    this.byName = {};
    var self = this;
    layers.forEach(function (layer) { self.byName[layer.name] = layer; });
  }

  Net.prototype.layer = function (name) {
    var layer = this.byName[name];
    if (!layer) throw new Error('no layer named "' + name + '"');
    return layer;
  };

  /**
   * The pixels the unit at (row, col) of layer `name` sees (every unit of a dense layer sees
   * the same ones, so row and col do not matter there). In pixels of the input image, counted
   * from 0: top, left, bottom, right (inclusive; beyond the image where the field reaches into
   * zero padding), height and width; `seen` is the part on the image itself, or null.
   */
  Net.prototype.fieldOf = function (name, row, col) {
    var layer = this.layer(name);
    if (layer.kind === 'input') throw new Error(name + ' is the input itself');
    var r = layer.whole ? 0 : row, c = layer.whole ? 0 : col;
    if (!layer.whole && !(r >= 0 && r < layer.grid.rows && c >= 0 && c < layer.grid.cols)) {
      throw new RangeError(name + ' has no unit at row ' + row + ', column ' + col);
    }
    var top = layer.start[0] + r * layer.jump[0];
    var left = layer.start[1] + c * layer.jump[1];
    var field = {
      layer: name, row: row, col: col,
      top: top, left: left, bottom: top + layer.size[0] - 1, right: left + layer.size[1] - 1,
      height: layer.size[0], width: layer.size[1]
    };
    var seen = {
      top: Math.max(0, field.top), left: Math.max(0, field.left),
      bottom: Math.min(this.image.rows - 1, field.bottom), right: Math.min(this.image.cols - 1, field.right)
    };
    seen.height = seen.bottom - seen.top + 1;
    seen.width = seen.right - seen.left + 1;
    field.seen = seen.height > 0 && seen.width > 0 ? seen : null;
    field.pixels = field.seen ? seen.height * seen.width : 0;
    field.onPadding = !field.seen || seen.height < field.height || seen.width < field.width;
    field.wholeImage = field.pixels === this.image.rows * this.image.cols;
    return field;
  };

  /**
   * The unit of layer `name` whose field is centred nearest the centre of `field` (a field of
   * another layer), in map `map` where the layer has it: {map, row, col}; null for a layer
   * whose units all see the same pixels.
   */
  Net.prototype.unitNear = function (name, field, map) {
    var layer = this.layer(name);
    if (layer.whole) return null;
    var centre = [(field.top + field.bottom) / 2, (field.left + field.right) / 2];
    var units = [layer.grid.rows, layer.grid.cols];
    var at = [0, 1].map(function (a) {
      var i = Math.round((centre[a] - layer.start[a] - (layer.size[a] - 1) / 2) / layer.jump[a]);
      return Math.max(0, Math.min(units[a] - 1, i));
    });
    return { map: map < layer.grid.maps ? map : 0, row: at[0], col: at[1] };
  };

  /** How far any field reaches beyond the image on each side: [top, right, bottom, left]. */
  Net.prototype.margins = function () {
    var net = this, most = [0, 0, 0, 0];
    this.layers.forEach(function (layer) {
      if (layer.kind === 'input') return;
      var first = net.fieldOf(layer.name, 0, 0);
      var last = net.fieldOf(layer.name, layer.grid.rows - 1, layer.grid.cols - 1);
      most = [Math.max(most[0], -first.top), Math.max(most[1], last.right - (net.image.cols - 1)),
        Math.max(most[2], last.bottom - (net.image.rows - 1)), Math.max(most[3], -first.left)];
    });
    return most;
  };

  /**
   * The layers a reader can pick a unit in: every convolution and pooling layer the model
   * returns the output of, then its first dense layer.
   */
  Net.prototype.choices = function () {
    var out = [];
    var dense = false;
    this.layers.forEach(function (layer) {
      if (!layer.isOutput || dense) return;
      if (layer.kind === 'convolution' || layer.kind === 'pooling') out.push(layer);
      if (layer.kind === 'dense') { out.push(layer); dense = true; }
    });
    return out;
  };

  /** The layer whose output feeds `layer`, skipping zero padding (which adds no information)
      and flattening (which only reorders). */
  Net.prototype.feed = function (layer) {
    var from = layer.previous;
    while (from && (from.kind === 'padding' || from.kind === 'reshape')) from = from.previous;
    return from;
  };

  /**
   * For each convolution layer: its weights against those of a dense layer with the same
   * inputs and outputs, in which each output unit has a weight for every input value.
   */
  Net.prototype.weightComparisons = function () {
    var net = this;
    var convolutions = this.layers.filter(function (layer) { return layer.kind === 'convolution'; });
    return convolutions.map(function (layer) {
      var feed = net.feed(layer);
      var inputs = feed.units;
      var filters = layer.perUnit.kernel[layer.perUnit.kernel.length - 1];
      return {
        layer: layer,
        inputs: inputs,
        inputShape: feed.shape,
        outputs: layer.units,
        filters: filters,
        kernel: layer.perUnit.kernel,
        conv: layer.parameters,
        dense: layer.units * (inputs + 1)
      };
    });
  };

  /** One unit of an MLP's first layer reading this image: it needs a weight per pixel. */
  Net.prototype.mlpUnit = function () {
    var pixels = this.image.rows * this.image.cols * this.image.channels;
    return { pixels: pixels, weights: pixels, bias: 1 };
  };

  /**
   * Every output of the model for one image (pixels: Float32Array of the input, 0..1):
   * {layerName: {shape, grid, values: Float32Array}}, read back from the tensors.
   */
  Net.prototype.outputsFor = function (pixels) {
    var model = this.model;
    var tensors = tf.tidy(function () {
      var out = model.predict(CnnDemos.pixelsToTensor(pixels));
      return Array.isArray(out) ? out : [out];
    });
    var result = {};
    tensors.forEach(function (tensor, i) {
      var shape = tensor.shape.slice(1);
      result[model.outputs[i].sourceLayer.name] = { shape: shape, grid: gridOf(tensor.shape),
        values: tensor.dataSync() };
      tensor.dispose();
    });
    return result;
  };

  var analysed = {};
  var nets = {};

  /** Resolves to the Net of the named model (LeNet by default), analysed once per page. */
  function load(name) {
    name = name || MODEL;
    if (!analysed[name]) {
      analysed[name] = CnnDemos.loadModel(name).then(function (model) {
        nets[name] = analyse(model);
        return nets[name];
      });
    }
    return analysed[name];
  }

  CnnDemos.ReceptiveField = Object.assign(CnnDemos.ReceptiveField || {}, {
    MODEL: MODEL,
    analyse: analyse,
    load: load,
    Net: Net,
    /** The field of a unit of the model's layer (after load()): see Net.prototype.fieldOf. */
    fieldOf: function (layerName, row, col, modelName) {
      var net = nets[modelName || MODEL];
      if (!net) throw new Error('the model is not loaded yet');
      return net.fieldOf(layerName, row, col);
    }
  });
})(window.CnnDemos);
