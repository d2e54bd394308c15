/* why-it-decides: one map on the page: the picture (blue below 0, white at 0, red above, the
   image's ink shaded over it), its legend and range as text, and a sentence saying where the
   strongest evidence lies, for screen readers and everyone else. Needs cnn-demos.js, legend.js
   and mnist-preprocess.js. */
(function (CnnDemos) {
  'use strict';
  var Demo = CnnDemos.WhyItDecides = CnnDemos.WhyItDecides || {};
  var SIZE = CnnDemos.IMAGE_SIZE;
  var INK_SHADE = 0.25; // how dark the image's ink is drawn over the map
  // The image in thirds, for words: [first row, last row + 1) and the same for columns.
  var THIRDS = [[0, 9], [9, 19], [19, SIZE]];
  var ROWS = ['top', 'middle', 'bottom'], COLUMNS = ['left', 'centre', 'right'];

  function range(values) {
    var low = Infinity, high = -Infinity, sum = 0;
    for (var i = 0; i < values.length; i++) {
      low = Math.min(low, values[i]); high = Math.max(high, values[i]); sum += values[i];
    }
    return { low: low, high: high, sum: sum };
  }

  /** Paint values (one per pixel) on canvas, with the image's ink (pixels) shaded over them. */
  function paint(canvas, values, pixels) {
    var r = CnnDemos.reach(values) || 1;
    var small = document.createElement('canvas');
    small.width = SIZE; small.height = SIZE;
    var sctx = small.getContext('2d');
    var image = sctx.createImageData(SIZE, SIZE);
    for (var i = 0; i < values.length; i++) {
      var rgb = CnnDemos.diverging(values[i], r);
      var shade = 1 - INK_SHADE * (pixels ? pixels[i] : 0);
      image.data[4 * i] = rgb[0] * shade;
      image.data[4 * i + 1] = rgb[1] * shade;
      image.data[4 * i + 2] = rgb[2] * shade;
      image.data[4 * i + 3] = 255;
    }
    sctx.putImageData(image, 0, 0);
    var ctx = canvas.getContext('2d');
    ctx.imageSmoothingEnabled = false;
    ctx.drawImage(small, 0, 0, canvas.width, canvas.height);
  }

  /** Where in the image a share of the map lies, in words: "the top left", "the centre". */
  function placeName(row, col) {
    if (row === 1 && col === 1) return 'the centre';
    if (row === 1) return 'the ' + COLUMNS[col];
    if (col === 1) return 'the ' + ROWS[row];
    return 'the ' + ROWS[row] + ' ' + COLUMNS[col];
  }

  /** Sums of the positive and of the negative values in each ninth of the image. */
  function byPlace(values) {
    var places = [];
    THIRDS.forEach(function (rows, ri) {
      THIRDS.forEach(function (cols, ci) {
        var plus = 0, minus = 0;
        for (var r = rows[0]; r < rows[1]; r++) {
          for (var c = cols[0]; c < cols[1]; c++) {
            var v = values[r * SIZE + c];
            if (v > 0) plus += v; else minus -= v;
          }
        }
        places.push({ name: placeName(ri, ci), plus: plus, minus: minus });
      });
    });
    return places;
  }

  /**
   * One sentence: where the strongest evidence for the class lies, and against it when there is
   * enough of that to matter (a quarter of the evidence for). what: "a 7", or "a 7 rather than a 1".
   */
  function reading(values, what) {
    var places = byPlace(values);
    var plus = places.reduce(function (a, p) { return a + p.plus; }, 0);
    var minus = places.reduce(function (a, p) { return a + p.minus; }, 0);
    if (!(plus > 0) && !(minus > 0)) return 'Nothing here: every value is 0.';
    var text = '';
    if (plus > 0) {
      var best = places.slice().sort(function (a, b) { return b.plus - a.plus; })[0];
      text = 'Strongest evidence for ' + what + ': ' + best.name + ' (' + CnnDemos.percent(best.plus / plus) + ' of it).';
    } else {
      text = 'No evidence for ' + what + ' at all.';
    }
    if (minus > 0.25 * plus) {
      var worst = places.slice().sort(function (a, b) { return b.minus - a.minus; })[0];
      text += ' Against it: ' + worst.name + '.';
    }
    return text;
  }

  /** figure: a [data-map] figure of the template. */
  function MapView(root, key) {
    this.key = key;
    this.figure = root.querySelector('[data-map="' + key + '"]');
    this.canvas = CnnDemos.part(root, 'map-' + key);
    this.legend = CnnDemos.part(root, 'legend-' + key);
    this.reading = CnnDemos.part(root, 'reading-' + key);
  }

  /** Show a map: values (Float32Array, one per pixel), the image it explains, and what it explains. */
  MapView.prototype.show = function (values, pixels, what) {
    paint(this.canvas, values, pixels);
    var r = CnnDemos.reach(values), span = range(values);
    var digits = r >= 10 ? 1 : r >= 0.1 ? 3 : 4;
    CnnDemos.divergingLegend(this.legend, r, {
      digits: digits,
      about: 'white is 0; values from ' + CnnDemos.fixed(span.low, digits, { minus: true }) + ' to ' +
        CnnDemos.fixed(span.high, digits, { minus: true })
    });
    this.reading.textContent = reading(values, what);
    this.figure.dataset.low = String(span.low);
    this.figure.dataset.high = String(span.high);
    this.figure.dataset.sum = String(span.sum);
  };

  MapView.prototype.clear = function () {
    var ctx = this.canvas.getContext('2d');
    ctx.clearRect(0, 0, this.canvas.width, this.canvas.height);
    this.reading.textContent = '–';
    delete this.figure.dataset.sum;
  };

  Demo.MapView = MapView;
  Demo.paintMap = paint;
  Demo.mapReading = reading;
})(window.CnnDemos);
