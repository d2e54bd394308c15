/* convnetjs-mnist: the network. The reader edits a JSON list of ConvNetJS layer definitions;
   this file checks it (shapes, settings, size) before ConvNetJS sees it, because
   ConvNetJS itself only logs a warning and builds a broken net. It also reads and writes
   snapshots (saved networks) and checks a loaded one before it replaces the current network.
   Needs convnetjs and cnn-demos.js. */
(function (CnnDemos) {
  'use strict';
  var Demo = CnnDemos.ConvnetjsMnist = CnnDemos.ConvnetjsMnist || {};

  // The networks a page can start the lab with: {{ demo("convnetjs-mnist", network="tiny") }}
  // (the choices in demo.json's "network" option are these keys).
  var NETWORKS = {
    'default': [
      { type: 'input', out_sx: 24, out_sy: 24, out_depth: 1 },
      { type: 'conv', sx: 5, filters: 8, stride: 1, pad: 2, activation: 'relu' },
      { type: 'pool', sx: 2, stride: 2 },
      { type: 'conv', sx: 5, filters: 16, stride: 1, pad: 2, activation: 'relu' },
      { type: 'pool', sx: 3, stride: 3 },
      { type: 'softmax', num_classes: 10 }
    ],
    // One small convolution layer: learns within seconds, even on a phone.
    'tiny': [
      { type: 'input', out_sx: 24, out_sy: 24, out_depth: 1 },
      { type: 'conv', sx: 5, filters: 4, stride: 1, pad: 2, activation: 'relu' },
      { type: 'pool', sx: 4, stride: 4 },
      { type: 'softmax', num_classes: 10 }
    ],
    // Every pixel wired to every unit: the comparison the unit's MLP pages make.
    'no-convolutions': [
      { type: 'input', out_sx: 24, out_sy: 24, out_depth: 1 },
      { type: 'fc', num_neurons: 64, activation: 'relu' },
      { type: 'softmax', num_classes: 10 }
    ]
  };
  var CLASS_COUNT = 10;
  var MIN_INPUT = 8, MAX_INPUT = CnnDemos.IMAGE_SIZE; // the input is a square crop of a digit
  var MAX_PARAMETERS = 400000;
  var MAX_MULTIPLY_ADDS = 6e6; // per example: keeps one training step to a few tens of ms
  var ACTIVATIONS = ['relu', 'sigmoid', 'tanh'];

  // For each layer type: the settings it accepts (besides "type").
  var SETTINGS = {
    input: ['out_sx', 'out_sy', 'out_depth'],
    conv: ['sx', 'sy', 'filters', 'stride', 'pad', 'activation', 'bias_pref', 'l2_decay_mul', 'drop_prob'],
    pool: ['sx', 'sy', 'stride', 'pad'],
    fc: ['num_neurons', 'activation', 'bias_pref', 'l2_decay_mul', 'drop_prob'],
    relu: [], sigmoid: [], tanh: [],
    dropout: ['drop_prob'],
    softmax: ['num_classes']
  };

  function fail(message) {
    throw new Error(message);
  }

  function formatLayers(defs) {
    return '[\n' + defs.map(function (d) { return '  ' + JSON.stringify(d); }).join(',\n') + '\n]';
  }

  function isWhole(v, min, max) {
    return typeof v === 'number' && Math.floor(v) === v && v >= min && v <= max;
  }

  /**
   * Check a list of layer definitions. Returns {defs, inputSize, parameters, multiplyAdds};
   * throws an Error whose message tells the reader what to fix.
   */
  function checkLayers(defs) {
    if (!Array.isArray(defs) || defs.length < 2) {
      fail('The network must be a list [ ... ] of at least two layers: an input and a softmax.');
    }
    var shape = null, parameters = 0, multiplyAdds = 0;
    defs.forEach(function (def, i) {
      var where = 'Layer ' + (i + 1);
      if (!def || typeof def !== 'object' || Array.isArray(def)) fail(where + ' must be an object {"type": ...}.');
      var type = def.type;
      if (!Object.prototype.hasOwnProperty.call(SETTINGS, type)) {
        fail(where + ': unknown type ' + JSON.stringify(type) + '; this lab knows ' +
             Object.keys(SETTINGS).join(', ') + '.');
      }
      where += ' (' + type + ')';
      Object.keys(def).forEach(function (key) {
        if (key !== 'type' && SETTINGS[type].indexOf(key) < 0) {
          fail(where + ': unknown setting "' + key + '"' +
               (SETTINGS[type].length ? '; it takes ' + SETTINGS[type].join(', ') : '; it takes no settings') + '.');
        }
      });
      function whole(key, min, max, fallback) {
        var v = def[key] === undefined ? fallback : def[key];
        if (!isWhole(v, min, max)) {
          fail(where + ': "' + key + '" must be a whole number from ' + min + ' to ' + max +
               (v === undefined ? ' (it is missing).' : ', not ' + JSON.stringify(v) + '.'));
        }
        return v;
      }
      if (def.activation !== undefined && ACTIVATIONS.indexOf(def.activation) < 0) {
        fail(where + ': "activation" must be one of ' + ACTIVATIONS.join(', ') + '.');
      }
      if (def.drop_prob !== undefined && !(typeof def.drop_prob === 'number' && def.drop_prob >= 0 && def.drop_prob < 1)) {
        fail(where + ': "drop_prob" must be a number from 0 up to (not including) 1.');
      }
      if (i === 0 && type !== 'input') fail('Layer 1 must be the input: {"type": "input", "out_sx": 24, "out_sy": 24, "out_depth": 1}.');
      if (i > 0 && type === 'input') fail(where + ': only the first layer can be an input.');
      if (type === 'softmax' && i !== defs.length - 1) fail(where + ': the softmax must be the last layer.');
      if (i === defs.length - 1 && type !== 'softmax') fail('The last layer must be {"type": "softmax", "num_classes": 10}.');

      if (type === 'input') {
        var side = whole('out_sx', MIN_INPUT, MAX_INPUT);
        if (def.out_sy !== side) fail(where + ': the input must be square ("out_sy" equal to "out_sx"): the lab crops square ' + CnnDemos.dataset.nouns + '.');
        whole('out_depth', 1, 1);
        shape = [side, side, 1];
        return;
      }
      var next;
      if (type === 'conv') {
        var sx = whole('sx', 1, 15), sy = whole('sy', 1, 15, sx);
        var filters = whole('filters', 1, 64), stride = whole('stride', 1, 8, 1), pad = whole('pad', 0, 7, 0);
        next = [Math.floor((shape[0] + 2 * pad - sx) / stride + 1), Math.floor((shape[1] + 2 * pad - sy) / stride + 1), filters];
        parameters += filters * (sx * sy * shape[2] + 1);
        multiplyAdds += next[0] * next[1] * filters * sx * sy * shape[2];
      } else if (type === 'pool') {
        var px = whole('sx', 1, 15), py = whole('sy', 1, 15, px);
        var pstride = whole('stride', 1, 15, 2), ppad = whole('pad', 0, 7, 0);
        next = [Math.floor((shape[0] + 2 * ppad - px) / pstride + 1), Math.floor((shape[1] + 2 * ppad - py) / pstride + 1), shape[2]];
      } else if (type === 'fc' || type === 'softmax') {
        var n = type === 'fc' ? whole('num_neurons', 1, 1024) : whole('num_classes', CLASS_COUNT, CLASS_COUNT);
        var inputs = shape[0] * shape[1] * shape[2];
        parameters += n * (inputs + 1);
        multiplyAdds += n * inputs;
        next = [1, 1, n];
      } else {
        next = shape; // relu, sigmoid, tanh, dropout keep the shape
      }
      if (next[0] < 1 || next[1] < 1) {
        fail(where + ': its input is only ' + shape[0] + '×' + shape[1] + ', too small for this window; ' +
             'use a smaller "sx", a smaller "stride" or more "pad".');
      }
      shape = next;
    });
    if (parameters > MAX_PARAMETERS) {
      fail('This network has ' + parameters.toLocaleString('en') + ' weights; the lab allows ' +
           MAX_PARAMETERS.toLocaleString('en') + ' so that the page stays responsive.');
    }
    if (multiplyAdds > MAX_MULTIPLY_ADDS) {
      fail('This network needs ' + (multiplyAdds / 1e6).toFixed(1) + ' million multiply-adds per ' + CnnDemos.dataset.noun + '; ' +
           'the lab allows ' + MAX_MULTIPLY_ADDS / 1e6 + ' million so that the page stays responsive. ' +
           'Use fewer filters or pool earlier.');
    }
    return { defs: defs, inputSize: defs[0].out_sx, parameters: parameters, multiplyAdds: multiplyAdds };
  }

  /** Parse the text box: JSON text -> checked definition (see checkLayers). */
  function parseLayers(text) {
    var defs;
    try {
      defs = JSON.parse(text);
    } catch (err) {
      fail('The definition is not valid JSON: ' + err.message + '.');
    }
    return checkLayers(defs);
  }

  /** A new ConvNetJS net from checked definitions (ConvNetJS changes the list: give it a copy). */
  function buildNet(checked) {
    var net = new convnetjs.Net();
    net.makeLayers(JSON.parse(JSON.stringify(checked.defs)));
    return net;
  }

  /** The layer definitions that would build a net of the same shape as `net`. */
  function layersOf(net) {
    var defs = [], layers = net.layers;
    for (var i = 0; i < layers.length; i++) {
      var L = layers[i], t = L.layer_type, def;
      if (t === 'input') {
        def = { type: 'input', out_sx: L.out_sx, out_sy: L.out_sy, out_depth: L.out_depth };
      } else if (t === 'conv') {
        def = { type: 'conv', sx: L.sx, filters: L.out_depth, stride: L.stride, pad: L.pad };
        if (L.sy !== L.sx) def.sy = L.sy;
      } else if (t === 'pool') {
        def = { type: 'pool', sx: L.sx, stride: L.stride };
        if (L.sy !== L.sx) def.sy = L.sy;
        if (L.pad) def.pad = L.pad;
      } else if (t === 'fc' && layers[i + 1] && layers[i + 1].layer_type === 'softmax') {
        defs.push({ type: 'softmax', num_classes: layers[i + 1].out_depth });
        i++;
        continue;
      } else if (t === 'fc') {
        def = { type: 'fc', num_neurons: L.out_depth };
      } else if (t === 'dropout') {
        def = { type: 'dropout', drop_prob: L.drop_prob };
      } else {
        def = { type: t };
      }
      var after = layers[i + 1];
      if ((t === 'conv' || t === 'fc') && after && ACTIVATIONS.indexOf(after.layer_type) >= 0) {
        def.activation = after.layer_type;
        i++;
      }
      defs.push(def);
    }
    return defs;
  }

  /** Parameters (weights and biases) of one ConvNetJS layer. */
  function parameterCount(layer) {
    return layer.getParamsAndGrads().reduce(function (sum, pg) { return sum + pg.params.length; }, 0);
  }

  // ---- snapshots: what "Save" writes and "Load" reads ----
  var FORMAT = 'cnn-demos/convnetjs-mnist snapshot';

  /** Weights and biases in the whole network. */
  function totalParameters(net) {
    return net.layers.reduce(function (n, L) { return n + parameterCount(L); }, 0);
  }

  /** The file a saved network goes to: convnetjs-mnist-1200-examples.json. */
  function snapshotName(examplesSeen) {
    return 'convnetjs-mnist-' + examplesSeen + '-examples.json';
  }

  function plainArrays(key, value) {
    // ConvNetJS keeps weights in Float64Arrays, which JSON.stringify would write as objects.
    return ArrayBuffer.isView(value) ? Array.from(value) : value;
  }

  function snapshotText(net, extra) {
    var snapshot = { format: FORMAT, version: 1, saved: new Date().toISOString() };
    Object.keys(extra || {}).forEach(function (k) { snapshot[k] = extra[k]; });
    snapshot.net = net.toJSON();
    return JSON.stringify(snapshot, plainArrays);
  }

  var LOADABLE = ['input', 'conv', 'pool', 'fc', 'relu', 'sigmoid', 'tanh', 'dropout', 'softmax'];

  function checkWeights(vol, where) {
    if (!vol || typeof vol !== 'object' || !vol.w) fail(where + ' has no weights.');
    var n = vol.sx * vol.sy * vol.depth;
    if (!isWhole(n, 1, 1e7)) fail(where + ' has an invalid size.');
    for (var i = 0; i < n; i++) {
      var v = vol.w[i];
      if (typeof v !== 'number' || !isFinite(v)) fail(where + ' has a missing or non-numeric weight.');
    }
  }

  /**
   * Read a snapshot (ours, or a bare ConvNetJS net.toJSON()). Returns {net, inputSize,
   * snapshot}; throws an Error saying what is wrong, and then nothing has changed.
   */
  function readSnapshot(text) {
    var data;
    try {
      data = JSON.parse(text);
    } catch (err) {
      fail('This file is not JSON (' + err.message + '). Choose a network saved by this lab.');
    }
    var json = data && data.net ? data.net : data;
    if (!json || typeof json !== 'object' || !Array.isArray(json.layers) || json.layers.length < 2) {
      fail('This JSON is not a saved network: it has no "layers" list. Choose a network saved by this lab.');
    }
    json.layers.forEach(function (L, i) {
      var t = L && L.layer_type;
      if (LOADABLE.indexOf(t) < 0) fail('Layer ' + (i + 1) + ' has type ' + JSON.stringify(t) + ', which this lab cannot load.');
      if (t === 'conv' || t === 'fc') {
        if (!Array.isArray(L.filters) || L.filters.length !== L.out_depth) fail('Layer ' + (i + 1) + ' (' + t + ') has the wrong number of filters.');
        L.filters.forEach(function (f, k) { checkWeights(f, 'Layer ' + (i + 1) + ' (' + t + '), filter ' + (k + 1)); });
        checkWeights(L.biases, 'Layer ' + (i + 1) + ' (' + t + ') biases');
      }
    });
    var first = json.layers[0], last = json.layers[json.layers.length - 1];
    if (first.layer_type !== 'input' || first.out_depth !== 1 || first.out_sx !== first.out_sy ||
        !isWhole(first.out_sx, MIN_INPUT, MAX_INPUT)) {
      fail('This network does not read square grey images of ' + MIN_INPUT + ' to ' + MAX_INPUT + ' pixels, so it cannot read these ' + CnnDemos.dataset.nouns + '.');
    }
    if (last.layer_type !== 'softmax' || last.out_depth !== CLASS_COUNT) {
      fail('This network does not end in a softmax over the 10 classes, so it cannot classify them.');
    }
    var net = new convnetjs.Net();
    try {
      net.fromJSON(json);
      net.layers.forEach(function (L) {
        // ConvNetJS 0.3 does not restore this buffer, and a dropout layer needs it to train.
        if (L.layer_type === 'dropout') L.dropped = convnetjs.zeros(L.out_sx * L.out_sy * L.out_depth);
      });
      // A dry run: every layer must produce the shape it claims, and numbers must come out.
      var out = net.forward(new convnetjs.Vol(first.out_sx, first.out_sy, 1, 0.5), false);
      net.layers.forEach(function (L, i) {
        var a = L.out_act;
        if (!a || a.sx !== L.out_sx || a.sy !== L.out_sy || a.depth !== L.out_depth) {
          fail('Layer ' + (i + 1) + ' (' + L.layer_type + ') does not fit the layer before it.');
        }
      });
      for (var k = 0; k < CLASS_COUNT; k++) if (!isFinite(out.w[k])) fail('The network computes invalid numbers.');
    } catch (err) {
      fail('This network is damaged: ' + err.message);
    }
    try {
      checkLayers(layersOf(net)); // the same size limits as a network typed in the box
    } catch (err) {
      fail('This network cannot train here: ' + err.message);
    }
    return { net: net, inputSize: first.out_sx, snapshot: data.net ? data : null };
  }

  Demo.network = {
    NETWORKS: NETWORKS,
    /** A starting network's definition as the text box shows it (the build checks the name). */
    text: function (name) { return formatLayers(NETWORKS[name]); },
    formatLayers: formatLayers,
    checkLayers: checkLayers,
    parseLayers: parseLayers,
    buildNet: buildNet,
    layersOf: layersOf,
    parameterCount: parameterCount,
    totalParameters: totalParameters,
    snapshotText: snapshotText,
    snapshotName: snapshotName,
    readSnapshot: readSnapshot
  };
})(window.CnnDemos);
