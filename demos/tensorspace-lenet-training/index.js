/* tensorspace-lenet-training: wiring. Start runs a loop of training steps; every few batches
   the chosen held-out digit goes through the network as it is now, in 3D and as text. */
(function (CnnDemos) {
  'use strict';
  var BATCH = 32;
  var SHOW_EVERY = 5; // batches between two 3D updates
  var MEASURE_EVERY = 20; // batches between two held-out accuracy measurements
  var HELD_OUT = 500; // held-out digits the accuracy is measured on

  CnnDemos.eachEmbed('tensorspace-lenet-training', function (root) {
    var view = new CnnDemos.TrainingView(root);
    var data = null, trainer = null, space = null, heldOut = null, digit = null;
    var running = false, loop = null;
    var stats = { batches: 0, examples: 0, loss: null, accuracy: null, milliseconds: null };

    /** The chosen digit through the network as it is now: in 3D when possible, always as text. */
    function showDigit() {
      var started = performance.now();
      var probs;
      if (space) {
        probs = space.show(digit.pixels).probabilities;
        root.dataset.viewUpdates = String(space.updates);
      } else {
        probs = trainer.predict(digit.pixels);
      }
      stats.milliseconds = performance.now() - started;
      view.showPrediction(probs, digit, stats.batches);
    }

    function measure() {
      stats.accuracy = trainer.accuracy(heldOut);
    }

    async function train() {
      while (running) {
        var result = await trainer.trainBatch(data.nextBatch(BATCH));
        stats.batches += 1;
        stats.examples += BATCH;
        stats.loss = result.loss;
        if (stats.batches % MEASURE_EVERY === 0) measure();
        if (stats.batches % SHOW_EVERY === 0) showDigit();
        view.showStats(stats);
        // Let the page breathe: clicks, the 3D scene (on the CPU backend nothing else would).
        await tf.nextFrame();
      }
    }

    function start() {
      if (running) return;
      running = true;
      view.setRunning(true);
      view.announce('Training started.');
      CnnDemos.setState(root, 'ready', 'Training: press Stop to pause after the current batch.');
      loop = train().catch(function (err) {
        running = false;
        view.setRunning(false);
        CnnDemos.setState(root, 'error', 'Training stopped with an error: ' + (err && err.message || err));
        console.error(err);
      });
    }

    /** Resolves once the batch under way has finished. */
    function stop() {
      running = false;
      return Promise.resolve(loop).then(function () {
        loop = null;
        view.setRunning(false);
        CnnDemos.setState(root, 'ready', 'Stopped after ' + stats.batches +
          ' batches. Press Start training to go on.');
        showDigit();
        view.showStats(stats);
        var accuracy = stats.accuracy === null ? '' : ', ' + (100 * stats.accuracy).toFixed(1) +
          '% held-out accuracy';
        view.announce('Stopped after ' + stats.batches + ' batches' + accuracy + '. ' +
          view.result.textContent);
      });
    }

    function reset() {
      var wasRunning = running;
      return stop().then(function () {
        trainer.reset();
        data.restart();
        stats = { batches: 0, examples: 0, loss: null, accuracy: null, milliseconds: null };
        delete root.dataset.loss;
        measure();
        showDigit();
        view.showStats(stats);
        view.announce('The network is back to random weights. ' + view.result.textContent);
        CnnDemos.setState(root, 'ready', 'Random weights again. Press Start training.');
        if (wasRunning) start();
      });
    }

    function choose() {
      digit = data.testDigit(Number(view.select.value));
      view.showDigit(digit);
      showDigit();
      view.showStats(stats);
    }

    CnnDemos.onAction(root, 'start', start);
    CnnDemos.onAction(root, 'stop', function () { stop(); });
    CnnDemos.onAction(root, 'reset', function () { reset(); });
    CnnDemos.onAction(root, 'reset-view', function () {
      if (!space) return;
      space.resetView();
      root.dataset.viewUpdates = String(space.updates);
    });
    view.select.addEventListener('change', choose);

    return Promise.all([CnnDemos.loadMnist(), CnnDemos.tfBackend()]).then(function (loaded) {
      data = new CnnDemos.TrainingData(loaded[0]);
      heldOut = data.heldOut(HELD_OUT);
      trainer = new CnnDemos.LenetTrainer();
      view.fillDigits(CnnDemos.sampleIndices(data.test, 2).map(function (index) {
        return { index: index, label: data.test.labels[index] };
      }));
      return CnnDemos.startSpace(root, view.space, trainer.layers).then(function (made) { space = made; });
    }).then(function () {
      measure();
      choose();
      view.setRunning(false);
      CnnDemos.setState(root, 'ready', 'Ready: ' + data.train.count.toLocaleString('en') +
        ' training digits, TensorFlow.js on ' + tf.getBackend() + '. Press Start training.');
    });
  });
})(window.CnnDemos);
