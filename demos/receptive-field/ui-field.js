/* receptive-field: FieldView, the input digit in its frame of zero padding with one unit's field
   outlined (also used, without the frame, for the MLP unit). Touches only its canvas. Needs
   cnn-demos.js. */
(function (CnnDemos) {
  'use strict';
  var RF = CnnDemos.ReceptiveField = CnnDemos.ReceptiveField || {};

  // The outline of a field, and the cursor on the unit it belongs to (ui-maps.js).
  RF.FIELD_COLOUR = '#ffc107';
  var FIELD_TINT = 'rgba(255, 193, 7, 0.38)';
  var PADDING_COLOUR = '#3b4a66';
  var PADDING_STRIPE = '#5b6c8c';

  /**
   * The input image on canvas, in a frame of `margins` ([top, right, bottom, left] pixels of
   * zero padding around it). image: {rows, cols}. The canvas keeps its width as a budget.
   */
  function FieldView(canvas, image, margins) {
    this.canvas = canvas;
    this.image = image;
    this.margins = margins;
    var wide = image.cols + margins[1] + margins[3], high = image.rows + margins[0] + margins[2];
    this.cell = Math.max(2, Math.floor(canvas.width / Math.max(wide, high)));
    canvas.width = wide * this.cell;
    canvas.height = high * this.cell;
  }

  /**
   * onPick({row, col}) when the reader clicks or taps a pixel: image coordinates counted from 0,
   * negative or past the last row or column on the padding frame.
   */
  FieldView.prototype.onPick = function (onPick) {
    var canvas = this.canvas, self = this;
    canvas.addEventListener('click', function (event) {
      var rect = canvas.getBoundingClientRect();
      var x = (event.clientX - rect.left) * canvas.width / rect.width;
      var y = (event.clientY - rect.top) * canvas.height / rect.height;
      onPick({
        row: Math.floor(y / self.cell) - self.margins[0],
        col: Math.floor(x / self.cell) - self.margins[3]
      });
    });
  };

  FieldView.prototype._frame = function () {
    var ctx = this.canvas.getContext('2d'), w = this.canvas.width, h = this.canvas.height;
    ctx.fillStyle = PADDING_COLOUR;
    ctx.fillRect(0, 0, w, h);
    ctx.strokeStyle = PADDING_STRIPE;
    ctx.lineWidth = 1;
    ctx.beginPath();
    for (var s = -h; s < w; s += this.cell) {
      ctx.moveTo(s, h);
      ctx.lineTo(s + h, 0);
    }
    ctx.stroke();
  };

  FieldView.prototype._pixels = function (pixels) {
    var ctx = this.canvas.getContext('2d'), cell = this.cell, m = this.margins, image = this.image;
    for (var row = 0; row < image.rows; row++) {
      for (var col = 0; col < image.cols; col++) {
        var ink = pixels ? pixels[row * image.cols + col] : 0;
        var v = Math.round(255 * Math.min(1, Math.max(0, ink)));
        ctx.fillStyle = 'rgb(' + v + ',' + v + ',' + v + ')';
        ctx.fillRect((col + m[3]) * cell, (row + m[0]) * cell, cell, cell);
      }
    }
  };

  /** Faint lines between pixels, so that a field can be counted. */
  FieldView.prototype._lines = function () {
    var ctx = this.canvas.getContext('2d'), cell = this.cell, w = this.canvas.width, h = this.canvas.height;
    if (cell < 5) return;
    ctx.strokeStyle = 'rgba(128, 128, 128, 0.35)';
    ctx.lineWidth = 1;
    ctx.beginPath();
    for (var x = cell; x < w; x += cell) { ctx.moveTo(x + 0.5, 0); ctx.lineTo(x + 0.5, h); }
    for (var y = cell; y < h; y += cell) { ctx.moveTo(0, y + 0.5); ctx.lineTo(w, y + 0.5); }
    ctx.stroke();
  };

  /**
   * pixels: the input (0..1, row by row); field: {top, left, bottom, right} in image pixels
   * (as Net.fieldOf gives it), drawn clipped to the frame; none when null.
   */
  FieldView.prototype.draw = function (pixels, field) {
    this._frame();
    this._pixels(pixels);
    this._lines();
    if (!field) return;
    var ctx = this.canvas.getContext('2d'), cell = this.cell, m = this.margins;
    var left = Math.max(0, (field.left + m[3]) * cell);
    var top = Math.max(0, (field.top + m[0]) * cell);
    var right = Math.min(this.canvas.width, (field.right + 1 + m[3]) * cell);
    var bottom = Math.min(this.canvas.height, (field.bottom + 1 + m[0]) * cell);
    ctx.fillStyle = FIELD_TINT;
    ctx.fillRect(left, top, right - left, bottom - top);
    ctx.lineWidth = 3;
    ctx.strokeStyle = RF.FIELD_COLOUR;
    ctx.strokeRect(left + 1.5, top + 1.5, right - left - 3, bottom - top - 3);
    // A thin dark line inside it, so that the outline stands out on white ink too.
    ctx.lineWidth = 1;
    ctx.strokeStyle = '#000';
    ctx.strokeRect(left + 3.5, top + 3.5, right - left - 7, bottom - top - 7);
  };

  RF.FieldView = FieldView;
})(window.CnnDemos);
