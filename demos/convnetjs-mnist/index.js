/* convnetjs-mnist: wiring. Loads the digits, builds the default network (model.js), and
   trains it (train.js) once the lab scrolls into view; the views (ui.js) are repainted a
   little over once a second so that the page stays smooth. */
(function (CnnDemos) {
  'use strict';
  var Demo = CnnDemos.ConvnetjsMnist;
  var GRID_SIZE = 30; // held-out digits shown at a time
  var TOP = 3; // guesses shown per digit

  CnnDemos.eachEmbed('convnetjs-mnist', function (root) {
    var view = new Demo.View(root);
    var options = CnnDemos.options(root); // the starting network; hidden parts are left out by the template
    var feed = null, session = null, loop = null;

    view.showNetDefinition(Demo.network.text(options.network));
    view.writeTrainer(Demo.TRAINER_DEFAULTS);
    view.showTraining('stopped', false);

    function refreshViews(rate) {
      var figures = session.figures();
      view.showFigures(figures, rate);
      if (figures.validCount) {
        CnnDemos.publish(root, 'held-out-accuracy', figures.validAccuracy, 'after ' + CnnDemos.plural(figures.examplesSeen,
          'example', 'examples') + ', on the last ' + figures.validCount + ' held-out ' + CnnDemos.dataset.nouns + ' checked');
      }
      view.drawCharts(session.history);
      var example = session.showExample();
      view.layers.paint(session.net, session.gradients);
      view.showExample(example, 'training');
      if (!pad.isEmpty()) updateOwn(false);
    }

    function refreshGrid() {
      var size = session.inputSize;
      view.showGrid(feed.sampleHeldOut(GRID_SIZE).map(function (index) {
        var ex = feed.heldOutExample(size, index);
        return { vol: ex.vol, label: ex.label, top: CnnDemos.topK(session.probabilities(ex.vol), TOP) };
      }));
    }

    function start() {
      var resumed = loop.started;
      loop.start();
      view.showTraining(loop.state, loop.started);
      view.trainingStarted(resumed);
    }

    function stop() {
      loop.stop();
      view.showTraining(loop.state, loop.started);
      loop.views(performance.now());
      view.trainingPaused(session.examplesSeen);
    }

    function failed(err) {
      view.showTraining(loop.state, loop.started);
      loop.views(performance.now());
      view.trainingFailed(err);
      console.error(err);
    }

    function useNet(net, inputSize, examplesSeen) {
      session.useNet(net, inputSize, examplesSeen);
      view.layers.build(net);
      var now = performance.now();
      loop.views(now);
      loop.grid(now);
    }

    // ---- controls ----
    CnnDemos.onAction(root, 'toggle', function () {
      if (loop.state === 'running') stop();
      else start();
    });

    CnnDemos.onAction(root, 'change-net', function () {
      var checked;
      try {
        checked = Demo.network.parseLayers(view.netDefinition());
      } catch (err) {
        view.netRefused(err.message);
        return;
      }
      view.showNetError(null);
      var net = Demo.network.buildNet(checked);
      useNet(net, checked.inputSize, 0);
      view.newNetwork(net);
    });

    CnnDemos.onAction(root, 'default-net', function () {
      view.showNetDefinition(Demo.network.text(options.network));
      view.startingNetworkBack();
    });

    view.onApplyTrainer(function () {
      try {
        view.trainerApplied(session.applySettings(view.readTrainer()));
      } catch (err) {
        view.trainerRefused(err.message);
      }
    });

    CnnDemos.onAction(root, 'save', function () {
      var name = Demo.network.snapshotName(session.examplesSeen);
      view.download(name, Demo.network.snapshotText(session.net, {
        examples_seen: session.examplesSeen,
        trainer: session.settings,
        layers: Demo.network.layersOf(session.net)
      }));
      view.saved(name, session.examplesSeen);
    });

    view.onLoadFile(function (name, text) {
      var loaded;
      try {
        loaded = Demo.network.readSnapshot(text);
      } catch (err) {
        view.loadRefused(name, err.message);
        return;
      }
      view.showLoadError(null);
      var seen = loaded.snapshot && Number(loaded.snapshot.examples_seen) > 0 ? Number(loaded.snapshot.examples_seen) : 0;
      view.showNetDefinition(Demo.network.formatLayers(Demo.network.layersOf(loaded.net)));
      useNet(loaded.net, loaded.inputSize, seen);
      view.loadedNetwork(name, loaded.net);
    }, function (name) {
      view.unreadable(name);
    }, function (name, why) {
      view.loadRefused(name, why);
    });

    // ---- your own digit ----
    function updateOwn(announce) {
      var pixels = CnnDemos.mnist.fromCanvas(view.pad);
      if (!pixels) {
        view.showOwnEmpty(announce);
        return;
      }
      var vol = Demo.DigitFeed.pixelsToVol(pixels, session.inputSize);
      view.showOwn(pixels, CnnDemos.topK(session.probabilities(vol), TOP), announce);
    }
    var pad = new CnnDemos.DigitPad(view.pad, {
      onDraw: function () { if (session) updateOwn(false); },
      onStrokeEnd: function () { if (session) updateOwn(true); },
      onClear: function () { view.ownCleared(); }
    });
    CnnDemos.onAction(root, 'clear', function () {
      pad.clear();
      view.showOwnEmpty(false);
      view.pad.focus();
    });
    CnnDemos.ownImage.wire(root, pad);
    var kept = CnnDemos.keptDrawing.wire(root, function () { pad.clear(); view.showOwnEmpty(false); });

    // ---- start ----
    return CnnDemos.loadSample().then(function (mnist) {
      feed = new Demo.DigitFeed(mnist);
      session = new Demo.TrainingSession(feed, Demo.TRAINER_DEFAULTS);
      loop = new Demo.TrainingLoop(session, { views: refreshViews, grid: refreshGrid, failed: failed });
      var checked = Demo.network.parseLayers(view.netDefinition());
      useNet(Demo.network.buildNet(checked), checked.inputSize, 0);
      view.enable();
      if (kept && pad.isEmpty()) pad.showInk(kept);
      view.ready(mnist);
      if (!('IntersectionObserver' in window)) {
        start();
        return;
      }
      // Train only once the reader can watch: start when the lab first comes on screen.
      var observer = new IntersectionObserver(function (entries) {
        if (!entries.some(function (e) { return e.isIntersecting; })) return;
        observer.disconnect();
        if (!loop.started) start();
      });
      observer.observe(root);
    });
  });
})(window.CnnDemos);
