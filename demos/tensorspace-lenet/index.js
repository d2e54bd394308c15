/* tensorspace-lenet: wiring. The pad (or a held-out sample) feeds the preprocessing, LeNet for
   the probabilities, and the 3D view for every layer's output. */
(function (CnnDemos) {
  'use strict';
  var Demo = CnnDemos.TensorspaceLenet;

  CnnDemos.eachEmbed('tensorspace-lenet', function (root) {
    var view = new Demo.View(root);
    var lenet = null;
    var space = null;

    function show(pixels, what) {
      if (!lenet) return;
      if (!pixels) {
        clear();
        view.announceEmpty();
        return;
      }
      var probs = lenet.predict(pixels);
      view.showProbabilities(probs);
      if (space) {
        space.show(pixels);
        view.countUpdates(space);
      }
      view.announce(probs, what);
    }

    function strokeEnded() {
      var sample = samples.shown;
      if (sample) show(sample.pixels, 'held-out ' + CnnDemos.dataset.noun + ' ' + sample.index + ' (' +
        CnnDemos.aClass(sample.label) + ')');
      else show(CnnDemos.mnist.fromCanvas(view.pad), 'your drawing');
    }

    function clear() {
      samples.clear();
      view.showEmpty();
      if (space) space.clear();
    }

    // Held-out digits to put on the pad; one shown there gives way to the reader's own ink.
    var pad = new CnnDemos.DigitPad(view.pad, {
      onStrokeStart: function () { samples.giveWay(); }, onStrokeEnd: strokeEnded, onClear: clear
    });
    var samples = new CnnDemos.SamplePicker(view.samples, pad);
    CnnDemos.onAction(root, 'clear', function () { clear(); view.pad.focus(); });
    CnnDemos.onAction(root, 'reset-view', function () {
      if (!space) return;
      space.resetView();
      view.countUpdates(space);
    });

    return Promise.all([CnnDemos.loadClassifier('lenet'), CnnDemos.loadMnist()]).then(function (loaded) {
      lenet = loaded[0];
      samples.add(CnnDemos.sampleDigits(loaded[1].test, 1));
      return CnnDemos.startSpace(root, view.space, lenet.model).then(function (made) { space = made; });
    }).then(function () {
      return CnnDemos.tfBackend();
    }).then(function (backend) {
      CnnDemos.setState(root, 'ready', 'Ready (TensorFlow.js on ' + backend + ').');
      if (!pad.isEmpty()) strokeEnded();
      else samples.showLabel(CnnDemos.options(root).digit); // the network at work straight away
    });
  });
})(window.CnnDemos);
