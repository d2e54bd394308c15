/* unit-explorer: the page's first part, one unit. The strip of the layer's units (click or tap
   one), its strongest and weakest held-out examples (a convolution's framed where its map
   peaked: the square of pixels that unit sees, the rest dimmed), the histogram of its responses
   with the reader's, where it fires on the reader's drawing, and the two grown images.
   Needs cnn-demos.js, legend.js and mnist-preprocess.js. */
(function (CnnDemos) {
  'use strict';
  var Demo = CnnDemos.UnitExplorer = CnnDemos.UnitExplorer || {};
  var el = CnnDemos.el;
  var SIZE = CnnDemos.IMAGE_SIZE;
  var FRAME = '#ffc107';
  var READER = '#c2185b'; // the reader's mark on the histogram: 5.5:1 on white

  function num(x) {
    return CnnDemos.fixed(x, 2, { minus: true });
  }

  /** A 28 x 28 image (0..1) drawn on canvas at its size, pixels kept square. */
  function paintScaled(pixels, canvas) {
    var small = document.createElement('canvas');
    CnnDemos.mnist.paint(pixels, small);
    var ctx = canvas.getContext('2d');
    ctx.imageSmoothingEnabled = false;
    ctx.drawImage(small, 0, 0, canvas.width, canvas.height);
    return ctx;
  }

  /** The image with the square a unit sees framed and the rest dimmed (field: in pixels). */
  function paintFramed(pixels, field, canvas) {
    var ctx = paintScaled(pixels, canvas), cell = canvas.width / SIZE;
    if (!field) return;
    var top = Math.max(0, field.top), left = Math.max(0, field.left);
    var bottom = Math.min(SIZE, field.top + field.height), right = Math.min(SIZE, field.left + field.width);
    ctx.fillStyle = 'rgba(0, 0, 0, 0.6)';
    ctx.fillRect(0, 0, canvas.width, top * cell);
    ctx.fillRect(0, bottom * cell, canvas.width, canvas.height - bottom * cell);
    ctx.fillRect(0, top * cell, left * cell, (bottom - top) * cell);
    ctx.fillRect(right * cell, top * cell, canvas.width - right * cell, (bottom - top) * cell);
    ctx.strokeStyle = FRAME;
    ctx.lineWidth = 2;
    ctx.strokeRect(left * cell + 1, top * cell + 1, (right - left) * cell - 2, (bottom - top) * cell - 2);
  }

  function UnitsView(root) {
    this.root = root;
    this.strip = CnnDemos.part(root, 'strip');
  }

  UnitsView.prototype.part = function (role) {
    return CnnDemos.part(this.root, role);
  };

  /** The unit under a click or tap on the strip of `units` units. */
  UnitsView.prototype.unitAt = function (event, units) {
    var box = this.strip.getBoundingClientRect();
    return Math.max(0, Math.min(units - 1, Math.floor((event.clientX - box.left) / box.width * units)));
  };

  /** The strip: one cell per unit, shaded by its response to the reader's image (scores, or
      null before there is one), the chosen one framed. */
  UnitsView.prototype.showStrip = function (layer, unit, scores) {
    var canvas = this.strip, ctx = canvas.getContext('2d'), w = canvas.width / layer.units;
    var reach = scores ? CnnDemos.reach(scores) : 0;
    ctx.clearRect(0, 0, canvas.width, canvas.height);
    for (var u = 0; u < layer.units; u++) {
      ctx.fillStyle = scores ? 'rgb(' + CnnDemos.diverging(scores[u], reach) + ')' : '#eee';
      ctx.fillRect(u * w, 6, Math.max(1, w - (w > 3 ? 1 : 0)), canvas.height - 12);
    }
    ctx.strokeStyle = '#000';
    ctx.lineWidth = 2;
    ctx.strokeRect(unit * w + 1, 2, Math.max(w - 2, 2), canvas.height - 4);
    canvas.setAttribute('aria-label', layer.units + ' units of ' + layer.name + '; unit ' + unit + ' is chosen' +
      (scores ? ', its response to your ' + CnnDemos.dataset.noun + ' ' + num(scores[unit]) : ''));
    var legend = this.part('strip-legend');
    if (scores) CnnDemos.divergingLegend(legend, reach, { digits: 2 });
    else legend.textContent = '';
  };

  /** The unit's 9 strongest and 9 weakest examples; field(at) gives a convolution's square. An
      example whose image is not on the page yet is a grey tile that says so; failed: why the
      held-out images could not be loaded, or null. */
  UnitsView.prototype.showExamples = function (layer, unit, data, field, failed) {
    var self = this, noun = CnnDemos.dataset.noun;
    ['top', 'bottom'].forEach(function (which) {
      var box = self.part(which), list = unit[which];
      box.textContent = '';
      list.index.forEach(function (index, i) {
        var item = el('div', 'cnn-units__tile');
        item.setAttribute('role', 'listitem');
        var canvas = document.createElement('canvas');
        canvas.width = canvas.height = 56;
        canvas.setAttribute('role', 'img');
        canvas.dataset.index = String(index);
        item.appendChild(canvas);
        if (data.has(index)) {
          paintFramed(data.pixels(index), list.at ? field(list.at[i]) : null, canvas);
          canvas.setAttribute('aria-label', 'Held-out ' + noun + ' ' + index + ', ' +
            CnnDemos.aClass(data.label(index)) + ': response ' + num(list.value[i]) +
            (list.at ? ', strongest in the framed square' : ''));
          item.appendChild(el('span', '', CnnDemos.className(data.label(index)) + ' · ' + num(list.value[i])));
        } else {
          var ctx = canvas.getContext('2d');
          ctx.fillStyle = '#eee';
          ctx.fillRect(0, 0, canvas.width, canvas.height);
          canvas.dataset.waiting = failed ? 'failed' : 'loading';
          canvas.setAttribute('aria-label', 'Held-out ' + noun + ' ' + index + ': response ' +
            num(list.value[i]) + (failed ? '; its image could not be loaded (' + (failed.message || failed) + ')'
              : '; its image is loading'));
          item.appendChild(el('span', '', (failed ? 'not loaded' : 'loading…') + ' · ' + num(list.value[i])));
        }
        box.appendChild(item);
      });
    });
  };

  /** What share of the histogram's examples lie below v (counted linearly inside v's bin). */
  function shareBelow(histogram, v) {
    var counts = histogram.counts, total = counts.reduce(function (a, b) { return a + b; }, 0);
    var width = (histogram.high - histogram.low) / counts.length, below = 0;
    for (var b = 0; b < counts.length; b++) {
      var from = histogram.low + b * width;
      below += counts[b] * Math.max(0, Math.min(1, (v - from) / width));
    }
    return total ? below / total : 0;
  }

  /** The histogram of the unit's responses over the held-out split; mine: the reader's (or null). */
  UnitsView.prototype.showHistogram = function (layer, unit, heldOut, mine) {
    var h = unit.histogram, canvas = this.part('histogram'), ctx = canvas.getContext('2d');
    var low = Math.min(h.low, mine === null ? h.low : mine), high = Math.max(h.high, mine === null ? h.high : mine);
    var pad = 22, w = canvas.width, plot = canvas.height - pad, most = Math.max.apply(null, h.counts);
    function x(v) { return 4 + (w - 8) * (high > low ? (v - low) / (high - low) : 0.5); }
    ctx.fillStyle = '#fff';
    ctx.fillRect(0, 0, w, canvas.height);
    var bin = (h.high - h.low) / h.counts.length;
    ctx.fillStyle = '#607d8b';
    h.counts.forEach(function (count, b) {
      var top = plot - (plot - 6) * count / most;
      ctx.fillRect(x(h.low + b * bin), top, Math.max(1, x(h.low + (b + 1) * bin) - x(h.low + b * bin) - 1), plot - top);
    });
    ctx.fillStyle = '#000';
    ctx.font = '11px sans-serif';
    ctx.textBaseline = 'top';
    ctx.textAlign = 'left';
    ctx.fillText(num(low), 2, plot + 4);
    ctx.textAlign = 'right';
    ctx.fillText(num(high), w - 2, plot + 4);
    if (!layer.last && low < 0 && high > 0) {
      ctx.strokeStyle = '#000';
      ctx.setLineDash([3, 3]);
      ctx.beginPath();
      ctx.moveTo(x(0), 0);
      ctx.lineTo(x(0), plot);
      ctx.stroke();
      ctx.setLineDash([]);
      ctx.textAlign = 'center';
      ctx.fillText('0', x(0), plot + 4);
    }
    if (mine !== null) {
      ctx.strokeStyle = READER;
      ctx.lineWidth = 3;
      ctx.beginPath();
      ctx.moveTo(x(mine), 0);
      ctx.lineTo(x(mine), plot);
      ctx.stroke();
      ctx.lineWidth = 1;
    }
    var nouns = CnnDemos.dataset.nouns;
    var text = 'Over the ' + CnnDemos.thousands(heldOut) + ' held-out ' + nouns + ', its response runs from ' + num(h.low) +
      ' to ' + num(h.high) + (layer.last ? '.' : '; it is above 0, so the unit passes something on, for ' +
        CnnDemos.percent(unit.above_zero) + ' of them.');
    if (mine !== null) {
      text += ' Yours: ' + num(mine) + ', higher than about ' + CnnDemos.percent(shareBelow(h, mine)) + ' of them.';
    }
    this.part('histogram-text').textContent = text;
    canvas.setAttribute('aria-label', 'Histogram of the unit\'s responses to the held-out ' + nouns +
      (mine !== null ? ', with a line at yours' : ''));
    return text;
  };

  /** Where the unit fires on the reader's image: a convolution's map, or a dense unit's value. */
  UnitsView.prototype.showFires = function (layer, unit, response, pixels) {
    var canvas = this.part('fires'), text = this.part('fires-text'), legend = this.part('fires-legend');
    var ctx = canvas.getContext('2d');
    if (!response) {
      ctx.clearRect(0, 0, canvas.width, canvas.height);
      text.textContent = 'Draw or pick ' + CnnDemos.aNoun() + ' to see where this unit fires on it.';
      legend.textContent = '';
      canvas.setAttribute('aria-label', text.textContent);
      return;
    }
    if (response.map) {
      var reach = CnnDemos.reach(response.map), cell = canvas.width / response.cols;
      for (var r = 0; r < response.rows; r++) {
        for (var c = 0; c < response.cols; c++) {
          ctx.fillStyle = 'rgb(' + CnnDemos.diverging(response.map[r * response.cols + c], reach) + ')';
          ctx.fillRect(c * cell, r * cell, Math.ceil(cell), Math.ceil(cell));
        }
      }
      ctx.strokeStyle = '#000';
      ctx.lineWidth = 2;
      ctx.strokeRect(response.at[1] * cell + 1, response.at[0] * cell + 1, cell - 2, cell - 2);
      CnnDemos.divergingLegend(legend, reach, { digits: 2, about: 'red: it fires; blue: held below 0, so the ReLU passes on nothing' });
      text.textContent = 'Its map on your ' + CnnDemos.dataset.noun + ' (' + response.rows + ' × ' + response.cols +
        '): strongest, ' + num(response.score) + ', at row ' + response.at[0] + ', column ' + response.at[1] + ' (framed).';
    } else {
      paintScaled(pixels, canvas);
      legend.textContent = '';
      text.textContent = (layer.last ? 'Its score' : 'Its response') + ' to your ' + CnnDemos.dataset.noun + ': ' +
        num(response.score) + (layer.last ? '.' : response.score > 0 ? ' (it fires).' : ' (below 0: it passes on nothing).');
    }
    canvas.setAttribute('aria-label', text.textContent);
  };

  /** The two images as they grow (images: [plain, helped], or null to empty them). */
  UnitsView.prototype.showGrown = function (images) {
    var canvases = [this.part('grown-plain'), this.part('grown-helped')];
    canvases.forEach(function (canvas, i) {
      if (images) paintScaled(images[i], canvas);
      else canvas.getContext('2d').clearRect(0, 0, canvas.width, canvas.height);
    });
  };

  /** Where the growing is: step (of steps), or the result. Returns the sentence. */
  UnitsView.prototype.growText = function (step, steps, result) {
    var text = result
      ? 'After ' + result.steps + ' steps, from ' + num(result.start[0]) + ' on the noise: the response reached ' +
        num(result.reached[0]) + ' with no help and ' + num(result.reached[1]) + ' with ' + helpWords(result.help) + '.'
      : 'Growing… step ' + step + ' of ' + steps + '.';
    this.part('grown-text').textContent = text;
    return text;
  };

  function helpWords(help) {
    var on = ['jitter', 'blur', 'decay'].filter(function (k) { return help[k]; });
    if (!on.length) return 'no help either';
    return on.length === 1 ? on[0] : on.slice(0, -1).join(', ') + ' and ' + on[on.length - 1];
  }

  Demo.UnitsView = UnitsView;
  Demo.paintScaled = paintScaled;
})(window.CnnDemos);
