/* draw-a-digit: what the reader sees and hears (bars, the 28x28 preview, announcements). */
(function (CnnDemos) {
  'use strict';
  var Demo = CnnDemos.DrawADigit = CnnDemos.DrawADigit || {};

  function View(root) {
    this.root = root;
    this.pad = CnnDemos.part(root, 'pad');
    this.seen = CnnDemos.part(root, 'seen');
    this.result = CnnDemos.part(root, 'result');
    this.rows = Array.prototype.slice.call(CnnDemos.part(root, 'bars').children);
    CnnDemos.mnist.paint(null, this.seen);
  }

  View.prototype.showSeen = function (pixels) {
    CnnDemos.mnist.paint(pixels, this.seen);
  };

  View.prototype.showProbabilities = function (probs) {
    var top = CnnDemos.argmax(probs);
    this.rows.forEach(function (row, digit) {
      row.querySelector('.cnn-draw__bar span').style.width = (100 * probs[digit]).toFixed(1) + '%';
      row.querySelector('.cnn-draw__value').textContent = CnnDemos.percent(probs[digit]);
      row.classList.toggle('is-top', digit === top);
    });
    this.root.dataset.predicted = String(top);
    return top;
  };

  View.prototype.announce = function (probs) {
    var top = CnnDemos.argmax(probs);
    this.result.textContent = 'The network reads ' + CnnDemos.aClass(top) + ' (' +
      CnnDemos.percent(probs[top]) + ' sure).';
  };

  /** Said when the reader asks for a prediction of an empty box. */
  View.prototype.announceEmpty = function () {
    this.result.textContent = 'The box is empty: draw ' + CnnDemos.aNoun() + ' first.';
  };

  View.prototype.showEmpty = function () {
    this.rows.forEach(function (row) {
      row.querySelector('.cnn-draw__bar span').style.width = '0';
      row.querySelector('.cnn-draw__value').textContent = '–';
      row.classList.remove('is-top');
    });
    CnnDemos.mnist.paint(null, this.seen);
    delete this.root.dataset.predicted;
    this.result.textContent = 'Draw ' + CnnDemos.aNoun() + ' in the box.';
  };

  Demo.View = View;
})(window.CnnDemos);
