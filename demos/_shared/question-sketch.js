/* A sketch of a curve, as a learner's answer: one value for each x of a series, drawn with a
   mouse, a finger or a pen on a canvas (press and move across it), or set with one slider per x
   by keyboard or screen reader; both show the same values. Once measured, the measured curve is
   drawn beside the sketch (dashed). */
(function (CnnDemos) {
  'use strict';

  var WIDTH = 360, HEIGHT = 200, LEFT = 40, RIGHT = 24, TOP = 12, BOTTOM = 30;
  var MINE = '#3949ab', MEASURED = '#c62828';

  /** q: the question (x, x_label, min, max, step, type); id: a prefix for element ids. */
  function Sketch(box, q, id, onChange) {
    this.q = q;
    this.onChange = onChange;
    var middle = (q.min + q.max) / 2;
    this.values = q.x.map(function () { return middle; });
    this.measured = null;
    this.canvas = CnnDemos.el('canvas', 'cnn-question__sketch');
    this.canvas.width = WIDTH;
    this.canvas.height = HEIGHT;
    // The sliders below say the same to a screen reader; the canvas is for pointers.
    this.canvas.setAttribute('aria-hidden', 'true');
    box.appendChild(this.canvas);
    box.appendChild(CnnDemos.el('p', 'cnn-demo__hint', 'Draw the curve: press and move across the chart. ' +
      'Or set each point with its slider (arrow keys).'));
    var list = CnnDemos.el('div', 'cnn-question__points');
    this.sliders = q.x.map(function (x, i) {
      var label = CnnDemos.el('label', 'cnn-question__point');
      label.setAttribute('for', id + '-point-' + i);
      label.appendChild(CnnDemos.el('span', '', (q.x_label ? q.x_label + ' ' : '') + x + ': '));
      var input = CnnDemos.el('input');
      input.type = 'range';
      input.id = id + '-point-' + i;
      input.min = q.min;
      input.max = q.max;
      input.step = q.step || (q.max - q.min) / 100;
      input.value = middle;
      input.dataset.role = 'point';
      var shown = CnnDemos.el('output', '', '');
      input.addEventListener('input', function () { this.set(i, Number(input.value), true); }.bind(this));
      label.appendChild(input);
      label.appendChild(shown);
      list.appendChild(label);
      return { input: input, shown: shown };
    }, this);
    box.appendChild(list);
    this._pointer();
    this.show();
  }

  Sketch.prototype._xAt = function (i) {
    var n = this.q.x.length;
    return LEFT + (n === 1 ? 0.5 : i / (n - 1)) * (WIDTH - LEFT - RIGHT);
  };

  Sketch.prototype._yAt = function (v) {
    var q = this.q;
    return TOP + (1 - (v - q.min) / (q.max - q.min)) * (HEIGHT - TOP - BOTTOM);
  };

  Sketch.prototype._pointer = function () {
    var self = this, canvas = this.canvas;
    function at(event) {
      if (self.disabled) return;
      var box = canvas.getBoundingClientRect();
      var x = (event.clientX - box.left) * WIDTH / box.width;
      var y = (event.clientY - box.top) * HEIGHT / box.height;
      var nearest = 0;
      self.q.x.forEach(function (_, i) {
        if (Math.abs(self._xAt(i) - x) < Math.abs(self._xAt(nearest) - x)) nearest = i;
      });
      var q = self.q, v = q.min + (1 - (y - TOP) / (HEIGHT - TOP - BOTTOM)) * (q.max - q.min);
      var step = q.step || (q.max - q.min) / 100;
      self.set(nearest, Math.min(q.max, Math.max(q.min, Math.round(v / step) * step)), true);
    }
    canvas.addEventListener('pointerdown', function (event) {
      if (self.disabled) return;
      canvas.setPointerCapture(event.pointerId);
      event.preventDefault();
      at(event);
    });
    canvas.addEventListener('pointermove', function (event) {
      if (canvas.hasPointerCapture(event.pointerId)) at(event);
    });
  };

  Sketch.prototype.set = function (i, v, byReader) {
    this.values[i] = Number(v.toFixed(6));
    this.sliders[i].input.value = v;
    this.show();
    if (byReader && this.onChange) this.onChange();
  };

  Sketch.prototype.setAll = function (values) {
    values.forEach(function (v, i) { this.set(i, v, false); }, this);
  };

  Sketch.prototype.disable = function (disabled) {
    this.disabled = disabled;
    this.sliders.forEach(function (s) { s.input.disabled = disabled; });
  };

  /** The measured series ([[x, y], ...], y in the learner's units) to draw beside it, or null. */
  Sketch.prototype.showMeasured = function (points) {
    this.measured = points;
    this.show();
  };

  Sketch.prototype.show = function () {
    var q = this.q, ctx = this.canvas.getContext('2d'), self = this;
    this.sliders.forEach(function (s, i) { s.shown.textContent = CnnDemos.questionWords.inUnits(q, self.values[i]); });
    var ink = getComputedStyle(this.canvas).color || '#000';
    ctx.clearRect(0, 0, WIDTH, HEIGHT);
    ctx.strokeStyle = ink;
    ctx.fillStyle = ink;
    ctx.lineWidth = 1;
    ctx.font = '11px sans-serif';
    ctx.beginPath();
    ctx.moveTo(LEFT, TOP);
    ctx.lineTo(LEFT, HEIGHT - BOTTOM);
    ctx.lineTo(WIDTH - RIGHT, HEIGHT - BOTTOM);
    ctx.stroke();
    ctx.textAlign = 'right';
    [q.min, q.max].forEach(function (v) { ctx.fillText(q.type === 'fraction' ? v + '%' : String(v), LEFT - 4, self._yAt(v) + 4); });
    ctx.textAlign = 'center';
    q.x.forEach(function (x, i) { ctx.fillText(String(x), self._xAt(i), HEIGHT - BOTTOM + 14); });
    if (q.x_label) ctx.fillText(q.x_label, (LEFT + WIDTH - RIGHT) / 2, HEIGHT - 3);
    if (this.measured) {
      var byX = {};
      this.measured.forEach(function (p) { byX[String(p[0])] = p[1]; });
      this._line(q.x.map(function (x) { return byX[String(x)]; }), MEASURED, [6, 4]);
    }
    this._line(this.values, MINE, []);
  };

  Sketch.prototype._line = function (values, colour, dash) {
    var ctx = this.canvas.getContext('2d'), started = false;
    ctx.strokeStyle = colour;
    ctx.fillStyle = colour;
    ctx.lineWidth = 2;
    ctx.setLineDash(dash);
    ctx.beginPath();
    values.forEach(function (v, i) {
      if (typeof v !== 'number') return;
      var x = this._xAt(i), y = this._yAt(Math.min(this.q.max, Math.max(this.q.min, v)));
      if (started) ctx.lineTo(x, y); else ctx.moveTo(x, y);
      started = true;
    }, this);
    ctx.stroke();
    ctx.setLineDash([]);
    values.forEach(function (v, i) {
      if (typeof v !== 'number') return;
      ctx.beginPath();
      ctx.arc(this._xAt(i), this._yAt(Math.min(this.q.max, Math.max(this.q.min, v))), 3, 0, 2 * Math.PI);
      ctx.fill();
    }, this);
  };

  CnnDemos.QuestionSketch = Sketch;
})(window.CnnDemos);
