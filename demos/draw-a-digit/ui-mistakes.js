/* draw-a-digit: "where it goes wrong", the held-out digits the recogniser misreads, found at
   build time with the real model (the recognizer-mistakes.js script the build writes). */
(function (CnnDemos) {
  'use strict';
  var Demo = CnnDemos.DrawADigit = CnnDemos.DrawADigit || {};

  function MistakesView(root, name) {
    this.root = root;
    this.box = CnnDemos.part(root, 'mistakes');
    this.found = (window.CNN_DEMOS_MISTAKES || {})[name] || null;
    this.drawn = false;
    var self = this;
    this.box.addEventListener('toggle', function () { if (self.box.open) self.draw(); });
  }

  /** Fill the list the first time it is opened (a few dozen small canvases). */
  MistakesView.prototype.draw = function () {
    if (this.drawn) return;
    this.drawn = true;
    var summary = CnnDemos.part(this.root, 'mistakes-summary');
    var list = CnnDemos.part(this.root, 'mistake-list');
    var found = this.found;
    if (!found) {
      summary.textContent = 'The build did not list this network\u2019s mistakes.';
      return;
    }
    summary.textContent = 'Of ' + CnnDemos.plural(found.held_out_examples, 'held-out image', 'held-out images') +
      ' the network never saw in training, it misreads ' + CnnDemos.thousands(found.wrong) +
      (found.shown.length < found.wrong ? '; here are the ' + found.shown.length + ' it is surest of' : '') +
      ', most confident first. Below each: the true class, then its three top answers.';
    found.shown.forEach(function (m) {
      var item = document.createElement('li');
      var canvas = document.createElement('canvas');
      canvas.className = 'cnn-pixels';
      var bytes = CnnDemos.base64ToBytes(m.pixels);
      CnnDemos.mnist.paint(Float32Array.from(bytes, function (b) { return b / 255; }), canvas);
      var text = 'A ' + CnnDemos.className(m.label) + ' read as ' + m.top.map(function (t) {
        return CnnDemos.className(t[0]) + ' (' + CnnDemos.percent(t[1]) + ')';
      }).join(', ');
      canvas.setAttribute('aria-hidden', 'true'); // the caption says what it shows
      var caption = document.createElement('span');
      caption.textContent = text;
      item.appendChild(canvas);
      item.appendChild(caption);
      item.dataset.label = String(m.label);
      item.dataset.predicted = String(m.top[0][0]);
      list.appendChild(item);
    });
    this.root.dataset.mistakesShown = String(found.shown.length);
  };

  Demo.MistakesView = MistakesView;
})(window.CnnDemos);
