/* convolution-explorer: the computation the demo is about, in plain JavaScript (no tf), so the
   page can show every multiply-add. One grey image (n x n, row by row), one k x k filter and a
   bias; the window moves `stride` cells at a time over the image with `pad` cells of zeros
   around it. Like CNN libraries, the filter is not flipped (a cross-correlation).
   Also the Sweep: which output cells the reader has had computed so far. Needs cnn-demos.js. */
(function (CnnDemos) {
  'use strict';
  var Demo = CnnDemos.ConvolutionExplorer = CnnDemos.ConvolutionExplorer || {};

  /** Zero padding on every side: none, or "same" = (k - 1) / 2 so a stride of 1 keeps the size. */
  Demo.padFor = function (k, padding) {
    return padding === 'same' ? (k - 1) / 2 : 0;
  };

  /**
   * The output's side and how it comes about: (n + 2p - k) / s + 1, rounded down (a window
   * that would stick out past the padded image is not used). Returns {n, k, stride, pad, span,
   * exact, size, unused}: exact is the value before rounding down, unused the cells of the
   * padded image past the last window (right and bottom).
   */
  Demo.sizeWorking = function (n, k, stride, pad) {
    var span = n + 2 * pad - k;
    var size = span < 0 ? 0 : Math.floor(span / stride) + 1;
    return {
      n: n, k: k, stride: stride, pad: pad, span: span,
      exact: span / stride + 1, size: size,
      unused: span < 0 ? 0 : span % stride
    };
  };

  Demo.outputSize = function (n, k, stride, pad) {
    return Demo.sizeWorking(n, k, stride, pad).size;
  };

  /**
   * Everything the window at output cell (row, col) computes: the k*k input values under it
   * (0 where it lies on the padding, flagged in onPad), each product with its weight, their sum,
   * and sum + bias. top and left are the window's first input row and column (negative on the
   * padding).
   */
  Demo.windowAt = function (input, n, filter, k, bias, stride, pad, row, col) {
    var top = row * stride - pad, left = col * stride - pad;
    var values = new Float64Array(k * k), products = new Float64Array(k * k);
    var onPad = new Uint8Array(k * k);
    var sum = 0;
    for (var i = 0; i < k; i++) {
      var y = top + i;
      for (var j = 0; j < k; j++) {
        var x = left + j, at = i * k + j;
        var inside = y >= 0 && y < n && x >= 0 && x < n;
        values[at] = inside ? input[y * n + x] : 0;
        onPad[at] = inside ? 0 : 1;
        products[at] = values[at] * filter[at];
        sum += products[at];
      }
    }
    return {
      row: row, col: col, top: top, left: left, k: k,
      values: values, products: products, onPad: onPad,
      sum: sum, bias: bias, value: sum + bias
    };
  };

  /**
   * The whole feature map: {size, values} with values a Float32Array(size * size), row by row,
   * each the sum of the window's products plus bias (no activation).
   */
  Demo.convolve = function (input, n, filter, k, bias, stride, pad) {
    var size = Demo.outputSize(n, k, stride, pad);
    var out = new Float32Array(size * size);
    for (var row = 0; row < size; row++) {
      var top = row * stride - pad;
      for (var col = 0; col < size; col++) {
        var left = col * stride - pad, sum = bias;
        for (var i = 0; i < k; i++) {
          var y = top + i;
          if (y < 0 || y >= n) continue;
          for (var j = 0; j < k; j++) {
            var x = left + j;
            if (x >= 0 && x < n) sum += input[y * n + x] * filter[i * k + j];
          }
        }
        out[row * size + col] = sum;
      }
    }
    return { size: size, values: out };
  };

  /** max(0, v) for each value: the ReLU most CNNs apply after a convolution. */
  Demo.relu = function (values) {
    return Float32Array.from(values, function (v) { return v > 0 ? v : 0; });
  };

  /**
   * Which cells of a size x size output have been computed, and where the window is now.
   * The window starts on cell (0, 0), already computed; steps go row by row, left to right.
   */
  function Sweep(size) {
    this.size = 0;
    this.row = 0;
    this.col = 0;
    this.done = new Uint8Array(0);
    this.count = 0;
    this.resize(size);
  }

  /** A new output size: the window stays where it was (as far as it fits); a complete map (of
      more than the one cell the window starts on) stays complete, otherwise the cells up to the
      window (in reading order) count as computed. */
  Sweep.prototype.resize = function (size) {
    var wasComplete = this.size > 1 && this.isComplete();
    this.size = size;
    this.row = Math.min(this.row, Math.max(0, size - 1));
    this.col = Math.min(this.col, Math.max(0, size - 1));
    this.done = new Uint8Array(size * size);
    this.count = 0;
    var upTo = wasComplete ? size * size - 1 : this.index();
    for (var i = 0; i <= upTo && i < size * size; i++) this.done[i] = 1;
    this.count = Math.min(size * size, upTo + 1);
  };

  Sweep.prototype.index = function () {
    return this.row * this.size + this.col;
  };

  Sweep.prototype.isComplete = function () {
    return this.count === this.size * this.size;
  };

  Sweep.prototype.isLast = function () {
    return this.index() === this.size * this.size - 1;
  };

  /** Put the window on (row, col), clamped to the map, and compute that cell. */
  Sweep.prototype.moveTo = function (row, col) {
    this.row = Math.max(0, Math.min(this.size - 1, row));
    this.col = Math.max(0, Math.min(this.size - 1, col));
    var i = this.index();
    if (!this.done[i]) {
      this.done[i] = 1;
      this.count++;
    }
  };

  Sweep.prototype.moveBy = function (rows, cols) {
    this.moveTo(this.row + rows, this.col + cols);
  };

  /** The next cell in reading order; false (and no move) at the last one. */
  Sweep.prototype.step = function () {
    if (this.isLast()) return false;
    var next = this.index() + 1;
    this.moveTo(Math.floor(next / this.size), next % this.size);
    return true;
  };

  /** Every cell computed; the window on the last one. */
  Sweep.prototype.finish = function () {
    this.done.fill(1);
    this.count = this.size * this.size;
    this.row = this.col = this.size - 1;
  };

  /** Back to an empty map with only (0, 0) computed. */
  Sweep.prototype.restart = function () {
    this.done.fill(0);
    this.count = 0;
    this.moveTo(0, 0);
  };

  Demo.Sweep = Sweep;
})(window.CnnDemos);
