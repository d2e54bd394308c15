/* The line chart every demo draws its training curves with (loss, accuracy): lines on a canvas,
   redrawn as training goes, with grid lines and their values. The ink (axes, text) is the
   canvas's CSS colour, so the chart follows the light and dark themes; a line's colour may be a
   CSS custom property of the canvas, so a page's stylesheet chooses it. The chart is a picture:
   the page gives the same figures as text (a table, an aria-label). Needs cnn-demos.js. */
(function (CnnDemos) {
  'use strict';
  var PAD = { left: 42, right: 10, top: 10, bottom: 26 };

  /** The round number at or above v that an axis ends on: 1, 2 or 5 times a power of ten. */
  function niceMax(v) {
    if (!(v > 0)) return 1;
    var p = Math.pow(10, Math.floor(Math.log10(v)));
    var m = v / p;
    return (m <= 1 ? 1 : m <= 2 ? 2 : m <= 5 ? 5 : 10) * p;
  }

  /** An axis value in few characters: 1.5k, 2M, 0.25. */
  function shortNumber(v) {
    if (v >= 1e6) return (v / 1e6).toFixed(v % 1e6 ? 1 : 0) + 'M';
    if (v >= 1e3) return (v / 1e3).toFixed(v % 1e3 ? 1 : 0) + 'k';
    return String(Math.round(v * 100) / 100);
  }

  /**
   * A chart on canvas. options (all may be left out):
   * - yMax: the top of the y axis (values above it are drawn at the top); else fitted to the data;
   * - yTicks: grid lines above 0 (4); yLabel(v): their labels (shortNumber);
   * - xMax: the end of the x axis; else fitted to the data;
   * - xTicks: labelled points along x after 0 (4); xLabel(v): their labels (shortNumber);
   * - xTitle: what x counts, written under the axis's end ("examples seen");
   * - aspect: height as a share of the width; else the canvas's CSS height.
   */
  function LineChart(canvas, options) {
    this.canvas = canvas;
    this.options = options || {};
  }

  /** Match the canvas's pixels to its size on the page (sharp on high-density screens). */
  LineChart.prototype.fit = function () {
    var canvas = this.canvas, ratio = window.devicePixelRatio || 1;
    var width = Math.max(120, Math.round(canvas.clientWidth || 320));
    var height = this.options.aspect ? Math.round(width * this.options.aspect) : Math.round(canvas.clientHeight || 160);
    if (canvas.width !== Math.round(width * ratio) || canvas.height !== Math.round(height * ratio)) {
      canvas.width = Math.round(width * ratio);
      canvas.height = Math.round(height * ratio);
    }
    var ctx = canvas.getContext('2d');
    ctx.setTransform(ratio, 0, 0, ratio, 0, 0);
    return { ctx: ctx, width: width, height: height };
  };

  /**
   * series: [{points: [[x, y], ...], colour, dash}]: colour a CSS colour, or the name of a
   * custom property of the canvas ('--cnn-mvc-mlp'); dash a line dash ([6, 4]) or none. Points
   * whose y is not a finite number are left out.
   */
  LineChart.prototype.draw = function (series) {
    var area = this.fit(), ctx = area.ctx, options = this.options;
    var style = getComputedStyle(this.canvas);
    var ink = style.color || '#333';
    var xMax = options.xMax || 0, yMax = options.yMax || 0;
    series.forEach(function (s) {
      s.points.forEach(function (p) {
        if (!options.xMax && p[0] > xMax) xMax = p[0];
        if (!options.yMax && isFinite(p[1]) && p[1] > yMax) yMax = p[1];
      });
    });
    xMax = options.xMax || niceMax(xMax);
    yMax = options.yMax || niceMax(yMax);
    var yTicks = options.yTicks || 4, xTicks = options.xTicks || 4;
    var yLabel = options.yLabel || shortNumber, xLabel = options.xLabel || shortNumber;
    var left = PAD.left, top = PAD.top;
    var w = area.width - PAD.left - PAD.right, h = area.height - PAD.top - PAD.bottom;
    function X(v) { return left + w * v / xMax; }
    function Y(v) { return top + h * (1 - Math.min(v, yMax) / yMax); }

    ctx.clearRect(0, 0, area.width, area.height);
    ctx.font = '11px sans-serif';
    ctx.fillStyle = ink;
    ctx.strokeStyle = ink;
    ctx.lineWidth = 1;
    ctx.setLineDash([]);
    ctx.textAlign = 'right';
    ctx.textBaseline = 'middle';
    for (var t = 0; t <= yTicks; t++) { // grid lines with their values
      var value = yMax * t / yTicks;
      ctx.globalAlpha = 0.25;
      ctx.beginPath();
      ctx.moveTo(left, Math.round(Y(value)) + 0.5);
      ctx.lineTo(left + w, Math.round(Y(value)) + 0.5);
      ctx.stroke();
      ctx.globalAlpha = 0.85;
      ctx.fillText(yLabel(value), left - 4, Y(value));
    }
    ctx.textBaseline = 'top';
    for (t = 0; t <= xTicks; t++) { // the first and last labels stay inside the chart
      ctx.textAlign = t === 0 ? 'left' : t === xTicks ? 'right' : 'center';
      ctx.fillText(xLabel(xMax * t / xTicks), X(xMax * t / xTicks), top + h + 4);
    }
    if (options.xTitle) {
      ctx.textAlign = 'right';
      ctx.fillText(options.xTitle, left + w, top + h + 14);
    }
    ctx.globalAlpha = 1;

    series.forEach(function (s) {
      var points = s.points.filter(function (p) { return isFinite(p[1]); });
      if (!points.length) return;
      var colour = s.colour && s.colour.indexOf('--') === 0 ? style.getPropertyValue(s.colour).trim() : s.colour;
      ctx.strokeStyle = colour || ink;
      ctx.lineWidth = 2;
      ctx.setLineDash(s.dash || []);
      ctx.beginPath();
      points.forEach(function (p, i) {
        if (i === 0) ctx.moveTo(X(p[0]), Y(p[1]));
        else ctx.lineTo(X(p[0]), Y(p[1]));
      });
      if (points.length === 1) ctx.lineTo(X(points[0][0]) + 2, Y(points[0][1])); // one point: a dash
      ctx.stroke();
    });
    ctx.setLineDash([]);
  };

  CnnDemos.LineChart = LineChart;
})(window.CnnDemos);
