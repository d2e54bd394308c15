/* tensorspace-lenet: what the reader sees and hears, apart from the 3D scene itself. */
(function (CnnDemos) {
  'use strict';

  function LenetView(root) {
    this.root = root;
    this.pad = CnnDemos.part(root, 'pad');
    this.space = CnnDemos.part(root, 'space');
    this.result = CnnDemos.part(root, 'result');
    this.samples = CnnDemos.part(root, 'samples');
    this.digits = CnnDemos.part(root, 'digits');
  }

  /** samples: [{index, label, pixels}]; onPick(sample) when the reader presses one. */
  LenetView.prototype.addSamples = function (samples, onPick) {
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
  LenetView.prototype.markSample = function (index) {
    Array.prototype.forEach.call(this.samples.children, function (button) {
      button.setAttribute('aria-pressed', String(button.dataset.sample === String(index)));
    });
  };

  LenetView.prototype.showProbabilities = function (probs) {
    var top = CnnDemos.showDigitScores(this.digits, probs);
    this.root.dataset.predicted = String(top);
    return top;
  };

  /** what: how the digit came, e.g. "your drawing" or "held-out digit 12 (a 3)". */
  LenetView.prototype.announce = function (probs, what) {
    var top = probs.indexOf(Math.max.apply(null, probs));
    this.result.textContent = 'LeNet reads ' + what + ' as a ' + top + ' (' +
      CnnDemos.percent(probs[top]) + ' sure).';
  };

  LenetView.prototype.showEmpty = function () {
    CnnDemos.showDigitScores(this.digits, null);
    delete this.root.dataset.predicted;
    this.result.textContent = 'Draw a digit in the box.';
  };

  CnnDemos.LenetView = LenetView;
})(window.CnnDemos);
