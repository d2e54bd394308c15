/* tensorspace-lenet-training: wiring. Start runs the training loop (train.js); every few
   batches the chosen held-out digit goes through the network as it is now, in 3D and as text
   (ui.js). */
(function (CnnDemos) {
  'use strict';
  var Demo = CnnDemos.TensorspaceLenetTraining;

  CnnDemos.eachEmbed('tensorspace-lenet-training', function (root) {
    var view = new Demo.View(root);
    var data = null, model = null, training = null, space = null, digit = null;
    var published = null; // the batch count of the held-out accuracy last published for the questions

    /** The chosen digit through the network as it is now: in 3D when possible, always as text. */
    function showDigit() {
      var started = performance.now();
      var probs;
      if (space) {
        probs = space.show(digit.pixels).probabilities;
        view.countUpdates(space);
      } else {
        probs = model.predict(digit.pixels);
      }
      training.stats.milliseconds = performance.now() - started;
      view.showPrediction(probs, digit, training.stats.batches);
    }

    function afterBatch(show) {
      var stats = training.stats;
      CnnDemos.tell(root, 'progress', { batch: stats.batches, examples: stats.examples, loss: stats.loss,
        held_out_accuracy: stats.accuracy });
      if (show) showDigit();
      var stats = training.stats;
      view.showStats(stats);
      if (stats.accuracy !== null && stats.batches !== published) {
        published = stats.batches;
        CnnDemos.publish(root, 'held-out-accuracy', stats.accuracy, 'after ' + CnnDemos.plural(stats.batches, 'batch', 'batches') +
          ' (' + CnnDemos.plural(stats.examples, 'example', 'examples') + ')', { batches: stats.batches });
      }
    }

    function failed(err) {
      view.failed(err);
      console.error(err);
    }

    function start() {
      if (training.state === 'running') return;
      training.start();
      view.started();
    }

    function stop() {
      return training.stop().then(function () {
        showDigit();
        view.stopped(training.stats);
      });
    }

    function reset() {
      var wasRunning = training.state === 'running';
      return training.reset().then(function () {
        showDigit();
        view.wasReset(training.stats);
        if (wasRunning) start();
      });
    }

    function choose() {
      digit = data.testDigit(Number(view.select.value));
      view.showDigit(digit);
      showDigit();
      view.showStats(training.stats);
    }

    CnnDemos.onAction(root, 'start', start);
    CnnDemos.onAction(root, 'stop', stop);
    CnnDemos.onAction(root, 'reset', reset);
    CnnDemos.onAction(root, 'reset-view', function () {
      if (!space) return;
      space.resetView();
      view.countUpdates(space);
    });
    view.select.addEventListener('change', choose);

    return Promise.all([CnnDemos.loadSample(), CnnDemos.tfBackend()]).then(function (loaded) {
      data = new Demo.Data(loaded[0]);
      model = new Demo.Model();
      training = new Demo.Training(model, data, { afterBatch: afterBatch, failed: failed });
      CnnDemos.tell(root, 'networks', { lenet: model.network });
      view.fillDigits(data.choices());
      return CnnDemos.startSpace(root, view.space, model.layers).then(function (made) { space = made; });
    }).then(function () {
      choose();
      view.ready(data.train.count, tf.getBackend());
      // The untrained network's accuracy comes after ready: hundreds of digits, seconds on a phone.
      return training.measure().then(function () { view.showStats(training.stats); });
    });
  });
})(window.CnnDemos);
