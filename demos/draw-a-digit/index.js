/* draw-a-digit: wiring. The pad (drawn on, or an image file put on it, or the drawing kept
   from another page) feeds the preparation, the recognizer (a model trained at build time,
   loaded by the shared model-store.js), then the views: bars, steps, the naive comparison. */
(function (CnnDemos) {
  'use strict';
  var Demo = CnnDemos.DrawADigit;

  CnnDemos.eachEmbed('draw-a-digit', function (root) {
    var view = new Demo.View(root);
    var steps = new Demo.StepsView(root);
    new Demo.MistakesView(root, 'recognizer');
    var recognizer = null;

    function update(announce) {
      if (!recognizer) return;
      var ink = CnnDemos.mnist.inkOf(view.pad);
      var done = CnnDemos.mnist.steps(ink);
      steps.show(done);
      if (!done) {
        CnnDemos.tell(root, 'reading', { drawing: null, probabilities: null });
        view.showEmpty();
        steps.showComparison(null, null, false);
        if (announce) view.announceEmpty();
        return;
      }
      view.showSeen(done.pixels);
      var probs = recognizer.predict(done.pixels);
      CnnDemos.tell(root, 'reading', { drawing: done.pixels, probabilities: probs });
      view.showProbabilities(probs);
      if (announce) {
        view.announce(probs);
        var best = CnnDemos.argmax(probs);
        CnnDemos.publish(root, 'answer', CnnDemos.className(best), 'for the drawing on the pad');
        CnnDemos.publish(root, 'certainty', probs[best], 'its answer, ' + CnnDemos.className(best) + ', for the drawing on the pad');
      }
      if (steps.comparing()) {
        var naive = CnnDemos.mnist.naive(ink);
        steps.showComparison({ pixels: done.pixels, probs: probs },
          { pixels: naive, probs: recognizer.predict(naive) }, announce);
      }
    }

    function clear() {
      pad.clear();
      view.showEmpty();
      steps.show(null);
      steps.showComparison(null, null, false);
    }

    var pad = new CnnDemos.DigitPad(view.pad, {
      onDraw: function () { update(false); },
      onStrokeEnd: function () { update(true); },
      onClear: clear
    });
    CnnDemos.onAction(root, 'predict', function () { update(true); });
    CnnDemos.onAction(root, 'clear', function () { clear(); view.pad.focus(); });
    root.querySelector('[data-setting="compare-naive"]').addEventListener('change', function () { update(!pad.isEmpty()); });
    CnnDemos.ownImage.wire(root, pad);
    var kept = CnnDemos.keptDrawing.wire(root, clear);

    return CnnDemos.loadClassifier('recognizer').then(function (loaded) {
      recognizer = loaded;
      return CnnDemos.tfBackend();
    }).then(function (backend) {
      CnnDemos.readyOn(root, backend);
      if (!pad.isEmpty()) update(true);
      else if (kept) pad.showInk(kept);
    });
  });
})(window.CnnDemos);
