/* draw-a-digit: wiring. The pad feeds the preprocessing, the recognizer (a model trained at
   build time, loaded by the shared model-store.js), then the view. */
(function (CnnDemos) {
  'use strict';
  var Demo = CnnDemos.DrawADigit;

  CnnDemos.eachEmbed('draw-a-digit', function (root) {
    var view = new Demo.View(root);
    var recognizer = null;

    function update(announce) {
      if (!recognizer) return;
      var pixels = CnnDemos.mnist.fromCanvas(view.pad);
      if (!pixels) {
        view.showEmpty();
        if (announce) view.announceEmpty();
        return;
      }
      view.showSeen(pixels);
      var probs = recognizer.predict(pixels);
      view.showProbabilities(probs);
      if (announce) view.announce(probs);
    }

    function clear() {
      pad.clear();
      view.showEmpty();
    }

    var pad = new CnnDemos.DigitPad(view.pad, {
      onDraw: function () { update(false); },
      onStrokeEnd: function () { update(true); },
      onClear: clear
    });
    CnnDemos.onAction(root, 'predict', function () { update(true); });
    CnnDemos.onAction(root, 'clear', function () { clear(); view.pad.focus(); });

    return CnnDemos.loadClassifier('recognizer').then(function (loaded) {
      recognizer = loaded;
      return CnnDemos.tfBackend();
    }).then(function (backend) {
      CnnDemos.setState(root, 'ready', 'Ready (TensorFlow.js on ' + backend + ').');
      if (!pad.isEmpty()) update(true);
    });
  });
})(window.CnnDemos);
