/* draw-a-digit: what the reader sees and hears (bars, the 28x28 preview, announcements). */
(function (CnnDemos) {
  'use strict';

  function DrawDigitView(root) {
    this.root = root;
    this.pad = CnnDemos.part(root, 'pad');
    this.seen = CnnDemos.part(root, 'seen');
    this.result = CnnDemos.part(root, 'result');
    this.rows = Array.prototype.slice.call(CnnDemos.part(root, 'bars').children);
    CnnDemos.mnist.paint(null, this.seen);
  }

  DrawDigitView.prototype.showSeen = function (pixels) {
    CnnDemos.mnist.paint(pixels, this.seen);
  };

  DrawDigitView.prototype.showProbabilities = function (probs) {
    var top = probs.indexOf(Math.max.apply(null, probs));
    this.rows.forEach(function (row, digit) {
      row.querySelector('.cnn-draw__bar span').style.width = (100 * probs[digit]).toFixed(1) + '%';
      row.querySelector('.cnn-draw__value').textContent = CnnDemos.percent(probs[digit]);
      row.classList.toggle('is-top', digit === top);
    });
    this.root.dataset.predicted = String(top);
    return top;
  };

  DrawDigitView.prototype.announce = function (probs) {
    var top = probs.indexOf(Math.max.apply(null, probs));
    this.result.textContent = 'The network reads a ' + top + ' (' + CnnDemos.percent(probs[top]) +
      ' sure).';
  };

  DrawDigitView.prototype.showEmpty = function () {
    this.rows.forEach(function (row) {
      row.querySelector('.cnn-draw__bar span').style.width = '0';
      row.querySelector('.cnn-draw__value').textContent = '–';
      row.classList.remove('is-top');
    });
    CnnDemos.mnist.paint(null, this.seen);
    delete this.root.dataset.predicted;
    this.result.textContent = 'Draw a digit in the box.';
  };

  CnnDemos.DrawDigitView = DrawDigitView;
})(window.CnnDemos);
