/* convnetjs-mnist, a part of the page (see ui.js): small line charts on a canvas (loss and
   accuracy against examples seen). Colours come from the page's CSS, so the charts follow the
   light and dark themes. */
(function (CnnDemos) {
  'use strict';
  var Demo = CnnDemos.ConvnetjsMnist = CnnDemos.ConvnetjsMnist || {};
  var PAD = { left: 42, right: 10, top: 10, bottom: 26 };

  function niceMax(v) {
    if (!(v > 0)) return 1;
    var p = Math.pow(10, Math.floor(Math.log10(v)));
    var m = v / p;
    return (m <= 1 ? 1 : m <= 2 ? 2 : m <= 5 ? 5 : 10) * p;
  }

  function shortNumber(v) {
    if (v >= 1e6) return (v / 1e6).toFixed(v % 1e6 ? 1 : 0) + 'M';
    if (v >= 1e3) return (v / 1e3).toFixed(v % 1e3 ? 1 : 0) + 'k';
    return String(Math.round(v * 100) / 100);
  }

  /**
   * series: [{points: [[x, y], ...], colour, dash}]; options: {yMax (else fitted), yLabel(v)}.
   * The canvas's pixel size follows its CSS size times devicePixelRatio.
   */
  function drawChart(canvas, series, options) {
    var ratio = window.devicePixelRatio || 1;
    var cssW = canvas.clientWidth || 320, cssH = canvas.clientHeight || 160;
    var w = Math.round(cssW * ratio), h = Math.round(cssH * ratio);
    if (canvas.width !== w || canvas.height !== h) { canvas.width = w; canvas.height = h; }
    var ctx = canvas.getContext('2d');
    ctx.setTransform(ratio, 0, 0, ratio, 0, 0);
    ctx.clearRect(0, 0, cssW, cssH);
    var ink = getComputedStyle(canvas).color || '#333';

    var xMax = 1, yMax = options.yMax || 0;
    series.forEach(function (s) {
      s.points.forEach(function (p) {
        if (p[0] > xMax) xMax = p[0];
        if (!options.yMax && isFinite(p[1]) && p[1] > yMax) yMax = p[1];
      });
    });
    xMax = niceMax(xMax);
    yMax = options.yMax || niceMax(yMax);
    var plotW = cssW - PAD.left - PAD.right, plotH = cssH - PAD.top - PAD.bottom;
    function X(v) { return PAD.left + plotW * v / xMax; }
    function Y(v) { return PAD.top + plotH * (1 - Math.min(v, yMax) / yMax); }

    ctx.font = '11px sans-serif';
    ctx.fillStyle = ink;
    ctx.strokeStyle = ink;
    ctx.globalAlpha = 0.25;
    ctx.lineWidth = 1;
    ctx.textAlign = 'right';
    ctx.textBaseline = 'middle';
    for (var i = 0; i <= 4; i++) {
      var yv = yMax * i / 4;
      ctx.beginPath();
      ctx.moveTo(PAD.left, Y(yv) + 0.5);
      ctx.lineTo(PAD.left + plotW, Y(yv) + 0.5);
      ctx.stroke();
      ctx.globalAlpha = 0.85;
      ctx.fillText(options.yLabel ? options.yLabel(yv) : shortNumber(yv), PAD.left - 4, Y(yv));
      ctx.globalAlpha = 0.25;
    }
    ctx.globalAlpha = 0.85;
    ctx.textAlign = 'center';
    ctx.textBaseline = 'top';
    for (var j = 0; j <= 4; j++) ctx.fillText(shortNumber(xMax * j / 4), X(xMax * j / 4), PAD.top + plotH + 4);
    ctx.textAlign = 'right';
    ctx.fillText('examples seen', PAD.left + plotW, PAD.top + plotH + 14);
    ctx.globalAlpha = 1;

    series.forEach(function (s) {
      ctx.strokeStyle = s.colour;
      ctx.lineWidth = 2;
      ctx.setLineDash(s.dash || []);
      ctx.beginPath();
      var started = false;
      s.points.forEach(function (p) {
        if (!isFinite(p[1])) return;
        if (started) ctx.lineTo(X(p[0]), Y(p[1]));
        else { ctx.moveTo(X(p[0]), Y(p[1])); started = true; }
      });
      ctx.stroke();
    });
    ctx.setLineDash([]);
  }

  Demo.drawChart = drawChart;
})(window.CnnDemos);
