/* convnetjs-mnist, a part of the page (see ui.js): the network layer by layer. For each
   layer: its type, output shape and parameter count, its activations for the current example
   as grey tiles (each tile scaled from its own minimum, black, to its maximum, white), and for
   convolutions with 5x5 or larger kernels the filters and their latest batch gradients. */
(function (CnnDemos) {
  'use strict';
  var Demo = CnnDemos.ConvnetjsMnist = CnnDemos.ConvnetjsMnist || {};
  var GAP = 2;

  var NAMES = {
    input: 'input', conv: 'convolution', pool: 'max pooling', fc: 'fully connected',
    relu: 'ReLU', sigmoid: 'sigmoid', tanh: 'tanh', dropout: 'dropout', softmax: 'softmax'
  };

  function shapeText(L) {
    return L.out_sx + '×' + L.out_sy + '×' + L.out_depth;
  }

  var el = CnnDemos.el;

  /** Slice d of a ConvNetJS volume's values (w or dw) as a flat sx*sy array. */
  function slice(values, sx, sy, depth, d) {
    var out = new Float64Array(sx * sy);
    for (var i = 0; i < sx * sy; i++) out[i] = values[i * depth + d];
    return out;
  }

  /**
   * Paint tiles (flat arrays of tileW*tileH values) on a canvas, `columns` per row, each pixel
   * a scale x scale block, each tile stretched from its own min (black) to max (white), or,
   * given range = [lo, hi], all tiles on that one scale. Returns {low, high, own} for the
   * legend: the lowest and highest value painted, and whether each tile had its own scale.
   */
  function paintTiles(canvas, tiles, tileW, tileH, scale, columns, range) {
    var all = { low: Infinity, high: -Infinity, own: !range };
    var cols = Math.min(columns, tiles.length), rows = Math.ceil(tiles.length / cols);
    var cw = tileW * scale, ch = tileH * scale;
    var width = cols * (cw + GAP) - GAP, height = rows * (ch + GAP) - GAP;
    if (canvas.width !== width || canvas.height !== height) {
      canvas.width = width;
      canvas.height = height;
    }
    var ctx = canvas.getContext('2d');
    var image = ctx.createImageData(width, height), px = image.data;
    tiles.forEach(function (tile, t) {
      var lo = Infinity, hi = -Infinity;
      if (range) { lo = range[0]; hi = range[1]; }
      for (var i = 0; !range && i < tile.length; i++) {
        if (tile[i] < lo) lo = tile[i];
        if (tile[i] > hi) hi = tile[i];
      }
      var span = hi - lo > 1e-12 ? hi - lo : 1;
      for (var k = 0; k < tile.length; k++) {
        if (tile[k] < all.low) all.low = tile[k];
        if (tile[k] > all.high) all.high = tile[k];
      }
      var left = (t % cols) * (cw + GAP), top = Math.floor(t / cols) * (ch + GAP);
      for (var y = 0; y < ch; y++) {
        for (var x = 0; x < cw; x++) {
          var v = Math.round(255 * (tile[Math.floor(y / scale) * tileW + Math.floor(x / scale)] - lo) / span);
          v = v < 0 ? 0 : v > 255 ? 255 : v;
          var o = ((top + y) * width + left + x) * 4;
          px[o] = px[o + 1] = px[o + 2] = v;
          px[o + 3] = 255;
        }
      }
    });
    ctx.putImageData(image, 0, 0);
    if (range) { all.low = range[0]; all.high = range[1]; }
    return all;
  }

  /** The legend under a tile image: its shades and the values they stand for. */
  function showLegend(el, painted) {
    CnnDemos.legend(el, painted.low, painted.high, {
      digits: 3,
      about: painted.own ? 'the range of all tiles; each tile is stretched from its own lowest to its own highest'
        : 'one scale for every square'
    });
  }

  /** A figure: the canvas, its caption and its legend (a <p>, filled in as it is painted). */
  function figureOf(canvas, caption) {
    var f = el('figure', 'cnn-lab__figure');
    f.appendChild(canvas);
    f.appendChild(el('figcaption', null, caption));
    var legend = el('p');
    legend.dataset.role = 'legend';
    f.appendChild(legend);
    canvas.legend = legend;
    return f;
  }

  function scaleFor(side, target, most) {
    return Math.max(1, Math.min(most, Math.round(target / side)));
  }

  function LayersView(list) {
    this.list = list;
    this.entries = [];
  }

  /** Build one entry per layer of `net` (after the network changes). */
  LayersView.prototype.build = function (net) {
    var list = this.list;
    list.textContent = '';
    this.entries = net.layers.map(function (L, i) {
      var item = el('li', 'cnn-lab__layer');
      item.dataset.layerType = L.layer_type;
      var params = Demo.network.parameterCount(L);
      var head = el('p', 'cnn-lab__layer-head');
      head.appendChild(el('strong', null, (i + 1) + '. ' + (NAMES[L.layer_type] || L.layer_type)));
      var detail = ' — output ' + shapeText(L) + ', ' + params.toLocaleString('en') +
        (params === 1 ? ' parameter' : ' parameters');
      if (L.layer_type === 'conv') detail += ' (' + L.out_depth + ' filters of ' + L.sx + '×' + L.sy + '×' + L.in_depth + ', stride ' + L.stride + ', pad ' + L.pad + ')';
      if (L.layer_type === 'pool') detail += ' (window ' + L.sx + '×' + L.sy + ', stride ' + L.stride + ')';
      head.appendChild(document.createTextNode(detail));
      item.appendChild(head);

      var entry = { layer: i, item: item, acts: el('canvas', 'cnn-lab__tiles'), text: null };
      entry.acts.dataset.role = 'activations';
      entry.acts.setAttribute('role', 'img');
      entry.acts.setAttribute('aria-label', 'Activations of layer ' + (i + 1) + ': ' + L.out_depth +
        (L.out_sx > 1 ? ' maps of ' + L.out_sx + ' by ' + L.out_sy + ' values' : ' values'));
      var figure = el('div', 'cnn-lab__layer-figures');
      figure.appendChild(figureOf(entry.acts, L.out_sx > 1 ? 'Activations' : 'Activations (one square per value)'));
      if (L.layer_type === 'softmax') {
        entry.text = el('p', 'cnn-lab__layer-text');
        item.appendChild(figure);
        item.appendChild(entry.text);
      } else {
        item.appendChild(figure);
      }
      if (L.layer_type === 'conv' && L.sx >= 5 && L.sy >= 5) {
        ['filters', 'gradients'].forEach(function (kind) {
          var canvas = el('canvas', 'cnn-lab__tiles');
          canvas.dataset.role = kind;
          canvas.setAttribute('role', 'img');
          canvas.setAttribute('aria-label', (kind === 'filters' ? 'Weights' : 'Weight gradients') + ' of the ' +
            L.out_depth + ' filters of layer ' + (i + 1) + ': each filter is a run of ' + L.in_depth + ' tiles of ' + L.sx + ' by ' + L.sy +
            ', one per input channel');
          figure.appendChild(figureOf(canvas, kind === 'filters' ? 'Filters (weights)' : 'Gradients of the filters'));
          entry[kind] = canvas;
        });
      }
      list.appendChild(item);
      return entry;
    });
  };

  /** Repaint every entry from the net's current state; gradients: per layer, per filter dw copies. */
  LayersView.prototype.paint = function (net, gradients) {
    this.entries.forEach(function (entry) {
      var L = net.layers[entry.layer], A = L.out_act;
      if (!A) return;
      var tiles = [];
      if (A.sx === 1 && A.sy === 1) {
        // A vector: one square per value, all on one scale (probabilities on 0..1).
        var lo = Infinity, hi = -Infinity;
        for (var v = 0; v < A.depth; v++) { lo = Math.min(lo, A.w[v]); hi = Math.max(hi, A.w[v]); }
        tiles = Array.prototype.map.call(A.w, function (value) { return [value]; });
        showLegend(entry.acts.legend, paintTiles(entry.acts, tiles, 1, 1, 14, Math.min(A.depth, 32),
          L.layer_type === 'softmax' ? [0, 1] : [lo, hi]));
      } else {
        for (var d = 0; d < A.depth; d++) tiles.push(slice(A.w, A.sx, A.sy, A.depth, d));
        showLegend(entry.acts.legend, paintTiles(entry.acts, tiles, A.sx, A.sy, scaleFor(A.sx, 40, 10), A.depth > 8 ? 8 : A.depth));
      }
      if (entry.text) {
        var top = CnnDemos.topK(A.w, 3);
        entry.text.textContent = 'Probabilities: ' + top.map(function (t) {
          return CnnDemos.className(t.index) + ' ' + CnnDemos.percent(t.value);
        }).join(', ') + '.';
      }
      if (entry.filters) {
        // Single-channel filters side by side; deeper ones as runs of `depth` tiles, 2 per row.
        var depth = L.in_depth, scale = depth > 1 ? 3 : 6;
        var weightTiles = [], gradTiles = [], grads = gradients && gradients[entry.layer];
        L.filters.forEach(function (f, k) {
          for (var c = 0; c < depth; c++) {
            weightTiles.push(slice(f.w, f.sx, f.sy, f.depth, c));
            if (grads && grads[k] && grads[k].length === f.w.length) gradTiles.push(slice(grads[k], f.sx, f.sy, f.depth, c));
          }
        });
        var columns = depth > 1 ? depth * Math.max(1, Math.floor(16 / depth)) : Math.min(8, L.filters.length);
        showLegend(entry.filters.legend, paintTiles(entry.filters, weightTiles, L.sx, L.sy, scale, columns));
        if (gradTiles.length) {
          showLegend(entry.gradients.legend, paintTiles(entry.gradients, gradTiles, L.sx, L.sy, scale, columns));
          entry.gradients.parentNode.classList.remove('is-empty');
        } else {
          entry.gradients.parentNode.classList.add('is-empty');
        }
      }
    });
  };

  Demo.LayersView = LayersView;
})(window.CnnDemos);
