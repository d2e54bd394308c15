/* mlp-vs-cnn: small line charts on a canvas, one line per network, redrawn as training goes.
   Colours and dashes come from the page's CSS (--cnn-mvc-mlp, --cnn-mvc-cnn), so both themes
   and readers who cannot tell the colours apart see two different lines. */
(function (CnnDemos) {
  'use strict';
  var Demo = CnnDemos.MlpVsCnn = CnnDemos.MlpVsCnn || {};
  var DASHES = { mlp: [6, 4], cnn: [] };
  var PAD = { left: 38, right: 8, top: 8, bottom: 22 };

  /** canvas: the chart's canvas; options: {yMax (higher values are drawn at the top), yTicks
      (grid lines above 0), format(y) (their labels)}. */
  function LineChart(canvas, options) {
    this.canvas = canvas;
    this.options = options;
  }

  /** Match the canvas's pixels to its size on the page (sharp on high-density screens). */
  LineChart.prototype.fit = function () {
    var canvas = this.canvas, ratio = window.devicePixelRatio || 1;
    var width = Math.max(120, Math.round(canvas.clientWidth || 300));
    var height = Math.round(width * 0.55);
    if (canvas.width !== Math.round(width * ratio) || canvas.height !== Math.round(height * ratio)) {
      canvas.width = Math.round(width * ratio);
      canvas.height = Math.round(height * ratio);
    }
    var ctx = canvas.getContext('2d');
    ctx.setTransform(ratio, 0, 0, ratio, 0, 0);
    return { ctx: ctx, width: width, height: height };
  };

  /**
   * series: [{key ('mlp' or 'cnn'), points: [[x, y], ...]}]; xMax: the x axis's end (batches).
   */
  LineChart.prototype.draw = function (series, xMax) {
    var area = this.fit(), ctx = area.ctx, options = this.options;
    var style = getComputedStyle(this.canvas);
    var ink = style.color;
    var yMax = options.yMax;
    var left = PAD.left, top = PAD.top;
    var w = area.width - PAD.left - PAD.right, h = area.height - PAD.top - PAD.bottom;
    function x(v) { return left + w * v / Math.max(1, xMax); }
    function y(v) { return top + h * (1 - Math.min(v, yMax) / yMax); }

    ctx.clearRect(0, 0, area.width, area.height);
    ctx.font = '11px sans-serif';
    ctx.fillStyle = ink;
    ctx.strokeStyle = ink;
    ctx.lineWidth = 1;
    ctx.globalAlpha = 0.25;
    for (var t = 0; t <= options.yTicks; t++) { // grid lines with their values
      var value = yMax * t / options.yTicks;
      ctx.beginPath();
      ctx.moveTo(left, y(value));
      ctx.lineTo(left + w, y(value));
      ctx.stroke();
    }
    ctx.globalAlpha = 1;
    ctx.textAlign = 'right';
    ctx.textBaseline = 'middle';
    for (t = 0; t <= options.yTicks; t++) {
      value = yMax * t / options.yTicks;
      ctx.fillText(options.format(value), left - 4, y(value));
    }
    ctx.textBaseline = 'top';
    ctx.fillText(String(xMax), left + w, top + h + 5);
    ctx.textAlign = 'left';
    ctx.fillText('0 batches', left, top + h + 5);

    series.forEach(function (s) {
      if (!s.points.length) return;
      ctx.strokeStyle = style.getPropertyValue('--cnn-mvc-' + s.key) || ink;
      ctx.lineWidth = 2;
      ctx.setLineDash(DASHES[s.key] || []);
      ctx.beginPath();
      s.points.forEach(function (p, i) {
        if (i === 0) ctx.moveTo(x(p[0]), y(p[1]));
        else ctx.lineTo(x(p[0]), y(p[1]));
      });
      if (s.points.length === 1) ctx.lineTo(x(s.points[0][0]) + 2, y(s.points[0][1]));
      ctx.stroke();
      ctx.setLineDash([]);
    });
  };

  Demo.LineChart = LineChart;
})(window.CnnDemos);
