/* draw-a-digit: the preparation shown step by step (crop to the ink, fit into 20 x 20, centre
   by the centre of mass), and the switch that compares it with a naive resize of the whole
   box: both 28 x 28 images and both answers, computed from the reader's own drawing. */
(function (CnnDemos) {
  'use strict';
  var Demo = CnnDemos.DrawADigit = CnnDemos.DrawADigit || {};

  function StepsView(root) {
    this.root = root;
    this.on = !CnnDemos.part(root, 'step-box').closest('[data-part="steps"]').hidden;
    this.compareBox = root.querySelector('[data-setting="compare-naive"]');
    this.compare = CnnDemos.part(root, 'compare');
    this.said = CnnDemos.part(root, 'compare-said');
  }

  StepsView.prototype.comparing = function () {
    return this.on && this.compareBox.checked;
  };

  StepsView.prototype._text = function (role, text) {
    CnnDemos.part(this.root, role).textContent = text;
  };

  /** done: CnnDemos.mnist.steps() of the drawing, or null when the pad is empty. */
  StepsView.prototype.show = function (done) {
    if (!this.on) return;
    var mnist = CnnDemos.mnist, canvas = CnnDemos.part.bind(null, this.root);
    if (!done) {
      mnist.paintGrey(new Float32Array(1), 1, 1, canvas('step-box'));
      mnist.paint(null, canvas('step-fit'));
      mnist.paint(null, canvas('step-centre'));
      ['step-box-size', 'step-fit-size', 'step-centre-at'].forEach(function (r) { this._text(r, '–'); }, this);
      return;
    }
    mnist.paintGrey(done.crop.pixels, done.crop.width, done.crop.height, canvas('step-box'));
    mnist.paintGrey(done.fitted.pixels, done.fitted.width, done.fitted.height, canvas('step-fit'));
    mnist.paint(done.pixels, canvas('step-centre'));
    this._text('step-box-size', CnnDemos.dims(done.box.width, done.box.height) + ' pad pixels at (' +
      done.box.x + ', ' + done.box.y + ')');
    this._text('step-fit-size', CnnDemos.dims(done.fitted.width, done.fitted.height) + ' pixels');
    this._text('step-centre-at', 'placed with its centre of mass at (' + CnnDemos.fixed(done.centre.x, 1) +
      ', ' + CnnDemos.fixed(done.centre.y, 1) + ')');
  };

  function answer(probs) {
    var top = CnnDemos.argmax(probs);
    return CnnDemos.className(top) + ' (' + CnnDemos.percent(probs[top]) + ')';
  }

  /** ours / naive: {pixels, probs} of each way, or null when the pad is empty. */
  StepsView.prototype.showComparison = function (ours, naive, announce) {
    this.compare.hidden = !this.comparing();
    if (!this.comparing()) return;
    CnnDemos.mnist.paint(ours && ours.pixels, CnnDemos.part(this.root, 'ours'));
    CnnDemos.mnist.paint(naive && naive.pixels, CnnDemos.part(this.root, 'naive'));
    this._text('ours-answer', ours ? answer(ours.probs) : '–');
    this._text('naive-answer', naive ? answer(naive.probs) : '–');
    if (ours && naive) {
      this.root.dataset.naivePredicted = String(CnnDemos.argmax(naive.probs));
      if (announce) {
        this.said.textContent = 'Prepared our way the network reads ' + answer(ours.probs) +
          '; shrunk naively, ' + answer(naive.probs) + '.';
      }
    } else {
      delete this.root.dataset.naivePredicted;
    }
  };

  Demo.StepsView = StepsView;
})(window.CnnDemos);
