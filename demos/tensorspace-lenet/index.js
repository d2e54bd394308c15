/* tensorspace-lenet: wiring. The pad (or a held-out sample) feeds the preprocessing, LeNet for
   the probabilities, and the 3D view for every layer's output. */
(function (CnnDemos) {
  'use strict';
  var Demo = CnnDemos.TensorspaceLenet;

  CnnDemos.eachEmbed('tensorspace-lenet', function (root) {
    var view = new Demo.View(root);
    var lenet = null;
    var space = null;
    var sample = null; // the held-out digit on the pad, while the reader has not drawn over it

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
      if (sample) show(sample.pixels, 'held-out digit ' + sample.index + ' (a ' + sample.label + ')');
      else show(CnnDemos.mnist.fromCanvas(view.pad), 'your drawing');
    }

    function clear() {
      pad.clear();
      sample = null;
      view.markSample(null);
      view.showEmpty();
      if (space) space.clear();
    }

    function pick(chosen) {
      sample = chosen;
      view.markSample(chosen.index);
      pad.showDigit(chosen.pixels); // ends like a stroke, so strokeEnded shows it
    }

    // A sample on the pad gives way to the reader's own ink as soon as they start to draw.
    // These listeners are added before DigitPad's, so they run first.
    function dropSample() {
      if (!sample) return;
      sample = null;
      view.markSample(null);
      pad.clear();
    }
    view.pad.addEventListener('pointerdown', function (event) {
      if (event.pointerType !== 'mouse' || event.button === 0) dropSample();
    });
    view.pad.addEventListener('keydown', function (event) {
      if (event.key === ' ') dropSample();
    });

    var pad = new CnnDemos.DigitPad(view.pad, { onStrokeEnd: strokeEnded, onClear: clear });
    CnnDemos.onAction(root, 'clear', function () { clear(); view.pad.focus(); });
    CnnDemos.onAction(root, 'reset-view', function () {
      if (!space) return;
      space.resetView();
      view.countUpdates(space);
    });

    var samples = [];
    return Promise.all([CnnDemos.loadClassifier('lenet'), CnnDemos.loadMnist()]).then(function (loaded) {
      lenet = loaded[0];
      var test = loaded[1].test;
      samples = CnnDemos.sampleIndices(test, 1).map(function (index) {
        return { index: index, label: test.labels[index], pixels: CnnDemos.digitPixels(test, index) };
      });
      view.addSamples(samples, pick);
      return CnnDemos.startSpace(root, view.space, lenet.model).then(function (made) { space = made; });
    }).then(function () {
      return CnnDemos.tfBackend();
    }).then(function (backend) {
      CnnDemos.setState(root, 'ready', 'Ready (TensorFlow.js on ' + backend + ').');
      if (!pad.isEmpty()) {
        strokeEnded();
      } else if (samples.length) {
        // Start with the first held-out digit, so the network is seen at work straight away.
        pick(samples.reduce(function (a, b) { return a.index < b.index ? a : b; }));
      }
    });
  });
})(window.CnnDemos);
