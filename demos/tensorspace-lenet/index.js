/* tensorspace-lenet: wiring. The pad (or a held-out sample) feeds the preprocessing, LeNet for
   the probabilities, and the 3D view for every layer's output. */
(function (CnnDemos) {
  'use strict';
  var Demo = CnnDemos.TensorspaceLenet;

  CnnDemos.eachEmbed('tensorspace-lenet', function (root) {
    var view = new Demo.View(root);
    var filters = new Demo.FiltersView(root);
    var lenet = null;
    var space = null;
    var timelapse = null;
    var shown = null; // the digit on show, {pixels, sample}: the time-lapse shows it again

    /** pixels through LeNet and the 3D view; sample: the held-out digit, or null for a drawing. */
    function show(pixels, sample) {
      if (!lenet) return;
      if (!pixels) {
        clear();
        view.announceEmpty();
        return;
      }
      shown = { pixels: pixels, sample: sample };
      var probs = lenet.predict(pixels);
      CnnDemos.tell(root, 'reading', { drawing: pixels, probabilities: probs });
      view.showProbabilities(probs);
      if (space) {
        space.show(pixels);
        view.countUpdates(space);
      }
      view.announce(probs, sample);
    }

    function strokeEnded() {
      var sample = samples.shown;
      if (sample) show(sample.pixels, sample);
      else show(CnnDemos.mnist.fromCanvas(view.pad), null);
    }

    function clear() {
      shown = null;
      samples.clear();
      view.showEmpty();
      if (space) space.clear();
    }

    // Held-out digits to put on the pad; one shown there gives way to the reader's own ink.
    var pad = new CnnDemos.DigitPad(view.pad, {
      onStrokeStart: function () { samples.giveWay(); }, onStrokeEnd: strokeEnded, onClear: clear
    });
    var samples = new CnnDemos.SamplePicker(view.samples, pad);
    CnnDemos.ownImage.wire(root, pad);
    var kept = CnnDemos.keptDrawing.wire(root, clear);

    // A step of the time-lapse: the snapshot's weights into LeNet, then everything shown again.
    function toSnapshot(i) {
      var started = performance.now();
      timelapse.apply(i);
      filters.show(lenet.model);
      view.showSnapshot(timelapse, i, true);
      if (shown) show(shown.pixels, shown.sample);
      CnnDemos.publish(root, 'snapshot-accuracy', timelapse.accuracy(i), 'LeNet after ' +
        CnnDemos.plural(timelapse.epoch(i), 'epoch', 'epochs') + ' of training, measured by the build', { epoch: timelapse.epoch(i) });
      // Measured to the next frame, so the figure includes drawing it (benchmarks read it).
      requestAnimationFrame(function () {
        root.dataset.snapshotMs = (performance.now() - started).toFixed(1);
      });
    }
    CnnDemos.onAction(root, 'clear', function () { clear(); view.pad.focus(); });
    CnnDemos.onAction(root, 'reset-view', function () {
      if (!space) return;
      space.resetView();
      view.countUpdates(space);
    });

    return Promise.all([CnnDemos.loadClassifier('lenet'), CnnDemos.loadSample()]).then(function (loaded) {
      lenet = loaded[0];
      samples.add(CnnDemos.sampleDigits(loaded[1].test, 1));
      view.waitForTimelapse();
      filters.show(lenet.model);
      return CnnDemos.startSpace(root, view.space, lenet.model).then(function (made) { space = made; });
    }).then(function () {
      return CnnDemos.tfBackend();
    }).then(function (backend) {
      CnnDemos.readyOn(root, backend);
      if (!pad.isEmpty()) strokeEnded();
      else if (kept) pad.showInk(kept); // the reader's drawing from another page
      else samples.showLabel(CnnDemos.options(root).digit); // the network at work straight away
      // The weights kept during training (half a megabyte) come after: the page does not wait.
      CnnDemos.loadLater('lenet-snapshots').then(function () {
        timelapse = new Demo.Timelapse(lenet.model, 'lenet');
        view.setUpTimelapse(timelapse);
        view.slider.addEventListener('input', function () { toSnapshot(Number(view.slider.value)); });
      }, function (err) { view.timelapseFailed(err); });
    });
  });
})(window.CnnDemos);
