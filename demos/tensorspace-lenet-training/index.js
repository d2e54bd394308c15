/* tensorspace-lenet-training: wiring. Start runs the training loop (train.js); every few
   batches the chosen held-out digit goes through the network as it is now, in 3D and as text. */
(function (CnnDemos) {
  'use strict';
  var Demo = CnnDemos.TensorspaceLenetTraining;

  CnnDemos.eachEmbed('tensorspace-lenet-training', function (root) {
    var view = new Demo.View(root);
    var data = null, model = null, training = null, space = null, digit = null;

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
      if (show) showDigit();
      view.showStats(training.stats);
    }

    function failed(err) {
      view.setRunning(false);
      CnnDemos.setState(root, 'error', 'Training stopped with an error: ' + (err && err.message || err));
      console.error(err);
    }

    function start() {
      if (!training.start()) return;
      view.setRunning(true);
      view.announce('Training started.');
      CnnDemos.setState(root, 'ready', 'Training: press Stop to pause after the current batch.');
    }

    /** Resolves once the batch under way has finished. */
    function stop() {
      return training.stop().then(function () {
        var stats = training.stats;
        view.setRunning(false);
        CnnDemos.setState(root, 'ready', 'Stopped after ' + stats.batches +
          ' batches. Press Start training to go on.');
        showDigit();
        view.showStats(stats);
        var accuracy = stats.accuracy === null ? '' : ', ' + (100 * stats.accuracy).toFixed(1) +
          '% held-out accuracy';
        view.announce('Stopped after ' + stats.batches + ' batches' + accuracy + '. ' + view.lastResult());
      });
    }

    function reset() {
      var wasRunning = training.running;
      return stop().then(function () {
        training.reset();
        showDigit();
        view.showStats(training.stats);
        view.announce('The network is back to random weights. ' + view.lastResult());
        CnnDemos.setState(root, 'ready', 'Random weights again. Press Start training.');
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
    CnnDemos.onAction(root, 'stop', function () { stop(); });
    CnnDemos.onAction(root, 'reset', function () { reset(); });
    CnnDemos.onAction(root, 'reset-view', function () {
      if (!space) return;
      space.resetView();
      view.countUpdates(space);
    });
    view.select.addEventListener('change', choose);

    return Promise.all([CnnDemos.loadMnist(), CnnDemos.tfBackend()]).then(function (loaded) {
      data = new Demo.Data(loaded[0]);
      model = new Demo.Model();
      training = new Demo.Training(model, data, { afterBatch: afterBatch, failed: failed });
      view.fillDigits(data.choices());
      return CnnDemos.startSpace(root, view.space, model.layers).then(function (made) { space = made; });
    }).then(function () {
      training.measure();
      choose();
      view.setRunning(false);
      CnnDemos.setState(root, 'ready', 'Ready: ' + data.train.count.toLocaleString('en') +
        ' training ' + CnnDemos.dataset.nouns + ', TensorFlow.js on ' + tf.getBackend() + '. Press Start training.');
    });
  });
})(window.CnnDemos);
