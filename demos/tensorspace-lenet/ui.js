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

  /** samples: [{index, label, pixels}]; onPick(sample) when the reader presses one. */
  View.prototype.addSamples = function (samples, onPick) {
    var box = this.samples;
    samples.forEach(function (sample) {
      var button = document.createElement('button');
      button.type = 'button';
      button.dataset.sample = String(sample.index);
      button.setAttribute('aria-pressed', 'false');
      button.setAttribute('aria-label', 'Held-out digit ' + sample.index + ', a ' + sample.label);
      var canvas = document.createElement('canvas');
      CnnDemos.mnist.paint(sample.pixels, canvas);
      canvas.setAttribute('aria-hidden', 'true');
      button.appendChild(canvas);
      button.addEventListener('click', function () { onPick(sample); });
      box.appendChild(button);
    });
  };

  /** Mark the sample on the pad (index), or none (null). */
  View.prototype.markSample = function (index) {
    Array.prototype.forEach.call(this.samples.children, function (button) {
      button.setAttribute('aria-pressed', String(button.dataset.sample === String(index)));
    });
  };

  View.prototype.showProbabilities = function (probs) {
    var top = CnnDemos.showDigitScores(this.digits, probs);
    this.root.dataset.predicted = String(top);
    return top;
  };

  /** what: how the digit came, e.g. "your drawing" or "held-out digit 12 (a 3)". */
  View.prototype.announce = function (probs, what) {
    var top = CnnDemos.argmax(probs);
    this.result.textContent = 'LeNet reads ' + what + ' as a ' + top + ' (' +
      CnnDemos.percent(probs[top]) + ' sure).';
  };

  /** Said when the reader asks LeNet to read an empty box. */
  View.prototype.announceEmpty = function () {
    this.result.textContent = 'The box is empty: draw a digit first.';
  };

  /** How many times the 3D view has been asked to show a digit (tests read it). */
  View.prototype.countUpdates = function (space) {
    this.root.dataset.viewUpdates = String(space.updates);
  };

  View.prototype.showEmpty = function () {
    CnnDemos.showDigitScores(this.digits, null);
    delete this.root.dataset.predicted;
    this.result.textContent = 'Draw a digit in the box.';
  };

  Demo.View = View;
})(window.CnnDemos);
