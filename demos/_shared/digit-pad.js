/* A canvas to write a digit on with mouse, touch or pen (Pointer Events with pointer capture),
   or with the keyboard: arrow keys move the pen, Space lowers or lifts it, Enter asks for a
   prediction, Escape clears. Ink goes on a transparent canvas, so its alpha is the ink.
   Needs cnn-demos.js. */
(function (CnnDemos) {
  'use strict';
  var KEY_STEPS = { ArrowLeft: [-1, 0], ArrowRight: [1, 0], ArrowUp: [0, -1], ArrowDown: [0, 1] };

  /**
   * options.onStrokeStart(): a stroke is about to begin (the pointer went down on the pad, or
   *   Space lowered the keyboard pen, or showInk was called), before its first ink: the pad may
   *   still be cleared then;
   * options.onDraw(): ink changed during a stroke (at most once per animation frame);
   * options.onStrokeEnd(): a stroke finished, or Enter was pressed;
   * options.onClear(): the pad was cleared with the keyboard.
   */
  function DigitPad(canvas, options) {
    this.canvas = canvas;
    this.options = options || {};
    this.ctx = canvas.getContext('2d', { willReadFrequently: true });
    this.empty = true;
    this.pointer = null;
    this.frame = 0;
    this.keyPen = { x: canvas.width / 2, y: canvas.height / 2, down: false };
    canvas.style.touchAction = 'none';
    this.cursor = document.createElement('span');
    this.cursor.className = 'cnn-pad__cursor';
    this.cursor.setAttribute('aria-hidden', 'true');
    if (canvas.parentNode) canvas.parentNode.insertBefore(this.cursor, canvas.nextSibling);
    this._listen();
    // A picture set from a notebook (pad.drawing = x_test[0]) goes on the pad as the reader's ink.
    var self = this;
    CnnDemos.whenAsked(canvas.closest('[data-cnn-demo]'), 'drawing', function (pixels) {
      self._strokeStart();
      self.showDigit(pixels);
    });
  }

  DigitPad.prototype.lineWidth = function () {
    return Math.round(this.canvas.width * 0.075);
  };

  DigitPad.prototype._style = function () {
    var ctx = this.ctx;
    ctx.lineWidth = this.lineWidth();
    ctx.lineCap = 'round';
    ctx.lineJoin = 'round';
    ctx.strokeStyle = ctx.fillStyle = getComputedStyle(this.canvas).color || '#000';
  };

  DigitPad.prototype._point = function (event) {
    var rect = this.canvas.getBoundingClientRect();
    return {
      x: (event.clientX - rect.left) * this.canvas.width / rect.width,
      y: (event.clientY - rect.top) * this.canvas.height / rect.height
    };
  };

  DigitPad.prototype._dot = function (p) {
    this._style();
    this.ctx.beginPath();
    this.ctx.arc(p.x, p.y, this.lineWidth() / 2, 0, 2 * Math.PI);
    this.ctx.fill();
    this._inked();
  };

  DigitPad.prototype._line = function (from, to) {
    this._style();
    this.ctx.beginPath();
    this.ctx.moveTo(from.x, from.y);
    this.ctx.lineTo(to.x, to.y);
    this.ctx.stroke();
    this._inked();
  };

  DigitPad.prototype._inked = function () {
    var self = this;
    this.empty = false;
    if (this.frame || !this.options.onDraw) return;
    this.frame = requestAnimationFrame(function () {
      self.frame = 0;
      self.options.onDraw();
    });
  };

  DigitPad.prototype._strokeStart = function () {
    if (this.options.onStrokeStart) this.options.onStrokeStart();
  };

  /** The reader's own ink is kept for the other pages (kept-drawing.js, when the page has it). */
  DigitPad.prototype._keep = function () {
    if (CnnDemos.keptDrawing && !this.empty) CnnDemos.keptDrawing.save(this.canvas);
  };

  DigitPad.prototype._strokeEnd = function () {
    if (this.options.onStrokeEnd) this.options.onStrokeEnd();
  };

  DigitPad.prototype._listen = function () {
    var self = this, canvas = this.canvas;
    canvas.addEventListener('pointerdown', function (event) {
      if (event.pointerType === 'mouse' && event.button !== 0) return;
      event.preventDefault();
      self._strokeStart();
      canvas.setPointerCapture(event.pointerId);
      self.pointer = { id: event.pointerId, last: self._point(event) };
      self._dot(self.pointer.last);
    });
    canvas.addEventListener('pointermove', function (event) {
      if (!self.pointer || event.pointerId !== self.pointer.id) return;
      var events = event.getCoalescedEvents ? event.getCoalescedEvents() : [];
      if (!events.length) events = [event];
      events.forEach(function (e) {
        var p = self._point(e);
        self._line(self.pointer.last, p);
        self.pointer.last = p;
      });
    });
    function finish(event) {
      if (!self.pointer || event.pointerId !== self.pointer.id) return;
      self.pointer = null;
      if (canvas.hasPointerCapture(event.pointerId)) canvas.releasePointerCapture(event.pointerId);
      self._keep();
      self._strokeEnd();
    }
    canvas.addEventListener('pointerup', finish);
    canvas.addEventListener('pointercancel', finish);
    canvas.addEventListener('keydown', function (event) { self._key(event); });
    canvas.addEventListener('focus', function () {
      // Only keyboard users need the pen cursor; a click or a script focus should not show it.
      if (canvas.matches(':focus-visible')) self._showCursor();
    });
    canvas.addEventListener('blur', function () { self.cursor.classList.remove('is-visible'); });
  };

  DigitPad.prototype._key = function (event) {
    var pen = this.keyPen, step = KEY_STEPS[event.key];
    if (step) {
      // One MNIST pixel per press, four with Shift.
      var size = this.canvas.width / CnnDemos.IMAGE_SIZE * (event.shiftKey ? 4 : 1);
      var next = {
        x: Math.max(0, Math.min(this.canvas.width, pen.x + step[0] * size)),
        y: Math.max(0, Math.min(this.canvas.height, pen.y + step[1] * size))
      };
      if (pen.down) this._line(pen, next);
      pen.x = next.x;
      pen.y = next.y;
    } else if (event.key === ' ') {
      if (!pen.down) this._strokeStart(); // before the toggle: clear() lifts the pen
      pen.down = !pen.down;
      if (pen.down) this._dot(pen); else { this._keep(); this._strokeEnd(); }
    } else if (event.key === 'Enter') {
      this._strokeEnd();
    } else if (event.key === 'Escape' || event.key === 'Delete') {
      this.clear();
      if (this.options.onClear) this.options.onClear();
    } else {
      return;
    }
    event.preventDefault();
    this._showCursor();
  };

  DigitPad.prototype._showCursor = function () {
    var c = this.canvas, pen = this.keyPen;
    this.cursor.style.left = (c.offsetLeft + pen.x * c.clientWidth / c.width) + 'px';
    this.cursor.style.top = (c.offsetTop + pen.y * c.clientHeight / c.height) + 'px';
    this.cursor.classList.toggle('is-down', pen.down);
    this.cursor.classList.add('is-visible');
  };

  DigitPad.prototype.clear = function () {
    this.ctx.clearRect(0, 0, this.canvas.width, this.canvas.height);
    this.empty = true;
    this.keyPen.down = false;
  };

  DigitPad.prototype.isEmpty = function () {
    return this.empty;
  };

  /** Show an MNIST digit (PIXELS values 0..1) on the pad, for readers who load a sample. */
  DigitPad.prototype.showDigit = function (pixels) {
    this.clear();
    this._style();
    var size = CnnDemos.IMAGE_SIZE, cell = this.canvas.width / size, ctx = this.ctx;
    for (var i = 0; i < CnnDemos.PIXELS; i++) {
      if (pixels[i] <= 0) continue;
      ctx.globalAlpha = Math.min(1, pixels[i]);
      ctx.fillRect((i % size) * cell, Math.floor(i / size) * cell, cell, cell);
    }
    ctx.globalAlpha = 1;
    this.empty = false;
    this._strokeEnd();
  };

  /**
   * Put the reader's ink ({data: 0..1, width, height}: an image file, or the drawing kept from
   * another page) on the pad, fitted and centred, as if drawn there: it starts like a stroke
   * (a held-out digit shown gives way to it) and is read like one.
   */
  DigitPad.prototype.showInk = function (ink) {
    this._strokeStart();
    this.clear();
    this._style();
    var tmp = document.createElement('canvas');
    tmp.width = ink.width;
    tmp.height = ink.height;
    var tctx = tmp.getContext('2d');
    var image = tctx.createImageData(ink.width, ink.height);
    var colour = this.ctx.fillStyle; // '#rrggbb' once set from the pad's CSS colour
    var rgb = /^#[0-9a-f]{6}$/i.test(colour) ? [1, 3, 5].map(function (i) { return parseInt(colour.substr(i, 2), 16); }) : [0, 0, 0];
    for (var i = 0; i < ink.data.length; i++) {
      image.data[i * 4] = rgb[0]; image.data[i * 4 + 1] = rgb[1]; image.data[i * 4 + 2] = rgb[2];
      image.data[i * 4 + 3] = Math.round(255 * ink.data[i]);
    }
    tctx.putImageData(image, 0, 0);
    var scale = Math.min(this.canvas.width / ink.width, this.canvas.height / ink.height);
    var w = ink.width * scale, h = ink.height * scale;
    this.ctx.drawImage(tmp, (this.canvas.width - w) / 2, (this.canvas.height - h) / 2, w, h);
    this.empty = false;
    this._keep();
    this._strokeEnd();
  };

  CnnDemos.DigitPad = DigitPad;
})(window.CnnDemos);
