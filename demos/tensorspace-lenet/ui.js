/* tensorspace-lenet: what the reader sees and hears, apart from the 3D scene itself. */
(function (CnnDemos) {
  'use strict';
  var Demo = CnnDemos.TensorspaceLenet = CnnDemos.TensorspaceLenet || {};

  function View(root) {
    this.root = root;
    this.pad = CnnDemos.part(root, 'pad');
    this.space = CnnDemos.part(root, 'space');
    this.result = CnnDemos.part(root, 'result');
    this.samples = CnnDemos.part(root, 'samples');
    this.digits = CnnDemos.part(root, 'digits');
  }

  View.prototype.showProbabilities = function (probs) {
    var top = CnnDemos.showDigitScores(this.digits, probs);
    this.root.dataset.predicted = String(top);
    return top;
  };

  /** what: how the digit came, e.g. "your drawing" or "held-out digit 12 (a 3)". */
  View.prototype.announce = function (probs, what) {
    var top = CnnDemos.argmax(probs);
    this.result.textContent = 'LeNet reads ' + what + ' as ' + CnnDemos.aClass(top) + ' (' +
      CnnDemos.percent(probs[top]) + ' sure).';
  };

  /** Said when the reader asks LeNet to read an empty box. */
  View.prototype.announceEmpty = function () {
    this.result.textContent = 'The box is empty: draw ' + CnnDemos.aNoun() + ' first.';
  };

  /** How many times the 3D view has been asked to show a digit (tests read it). */
  View.prototype.countUpdates = function (space) {
    this.root.dataset.viewUpdates = String(space.updates);
  };

  View.prototype.showEmpty = function () {
    CnnDemos.showDigitScores(this.digits, null);
    delete this.root.dataset.predicted;
    this.result.textContent = 'Draw ' + CnnDemos.aNoun() + ' in the box.';
  };

  Demo.View = View;
})(window.CnnDemos);
