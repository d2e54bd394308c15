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
    view.showTraining('waiting');

    function refreshViews(rate) {
      view.showFigures(session.figures(), rate);
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

    function start(text) {
      loop.start();
      view.showTraining(loop.state);
      if (text) view.message(text);
    }

    function pause(text, isError) {
      loop.pause();
      view.showTraining(loop.state);
      loop.views(performance.now());
      view.message(text, isError);
    }

    function useNet(net, inputSize, examplesSeen) {
      session.useNet(net, inputSize, examplesSeen);
      view.layers.build(net);
      var now = performance.now();
      loop.views(now);
      loop.grid(now);
    }

    function totalParameters(net) {
      return net.layers.reduce(function (n, L) { return n + Demo.network.parameterCount(L); }, 0);
    }

    // ---- controls ----
    CnnDemos.onAction(root, 'toggle', function () {
      if (loop.state === 'running') pause('Training paused after ' + session.examplesSeen.toLocaleString('en') + ' examples.');
      else start(loop.state === 'paused' ? 'Training resumed.' : 'Training started.');
    });

    CnnDemos.onAction(root, 'change-net', function () {
      var checked;
      try {
        checked = Demo.network.parseLayers(view.netDefinition());
      } catch (err) {
        view.showNetError(err.message + ' The current network keeps training.');
        return;
      }
      view.showNetError(null);
      var net = Demo.network.buildNet(checked);
      useNet(net, checked.inputSize, 0);
      view.message('New network: ' + net.layers.length + ' layers, ' + totalParameters(net).toLocaleString('en') +
        ' parameters, starting from random weights.');
    });

    CnnDemos.onAction(root, 'default-net', function () {
      view.showNetDefinition(Demo.network.text(options.network));
      view.message('The starting definition is back in the box; press “Change network” to train it.');
    });

    view.onApplyTrainer(function () {
      try {
        var s = session.applySettings(view.readTrainer());
        view.showTrainerError(null);
        view.message('Trainer: ' + s.method + ', learning rate ' + s.learning_rate + ', momentum ' + s.momentum +
          ', batch ' + s.batch_size + ', weight decay ' + s.l2_decay + '.');
      } catch (err) {
        view.showTrainerError(err.message + ' The trainer keeps its previous settings.');
      }
    });

    CnnDemos.onAction(root, 'save', function () {
      var name = 'convnetjs-mnist-' + session.examplesSeen + '-examples.json';
      view.download(name, Demo.network.snapshotText(session.net, {
        examples_seen: session.examplesSeen,
        trainer: session.settings,
        layers: Demo.network.layersOf(session.net)
      }));
      view.message('Saved the network (after ' + session.examplesSeen.toLocaleString('en') + ' examples) as ' + name + '.');
    });

    view.onLoadFile(function (name, text) {
      var loaded;
      try {
        loaded = Demo.network.readSnapshot(text);
      } catch (err) {
        view.showLoadError(err.message);
        view.message('Could not load ' + name + ': ' + err.message + ' The current network keeps training.', true);
        return;
      }
      view.showLoadError(null);
      var seen = loaded.snapshot && Number(loaded.snapshot.examples_seen) > 0 ? Number(loaded.snapshot.examples_seen) : 0;
      view.showNetDefinition(Demo.network.formatLayers(Demo.network.layersOf(loaded.net)));
      useNet(loaded.net, loaded.inputSize, seen);
      view.message('Loaded ' + name + ': ' + totalParameters(loaded.net).toLocaleString('en') +
        ' parameters. Training goes on from its weights.');
    }, function (name) {
      view.message('Could not read ' + name + '. The current network keeps training.', true);
    });

    // ---- your own digit ----
    function updateOwn(announce) {
      var pixels = CnnDemos.mnist.fromCanvas(view.pad);
      if (!pixels) {
        view.showOwnEmpty();
        if (announce) view.announceOwn('The box is empty: draw ' + CnnDemos.aNoun() + ' first.');
        return;
      }
      var vol = Demo.DigitFeed.pixelsToVol(pixels, session.inputSize);
      view.showOwn(pixels, CnnDemos.topK(session.probabilities(vol), TOP), announce);
    }
    var pad = new CnnDemos.DigitPad(view.pad, {
      onDraw: function () { if (session) updateOwn(false); },
      onStrokeEnd: function () { if (session) updateOwn(true); },
      onClear: function () { view.showOwnEmpty(); view.announceOwn('Cleared.'); }
    });
    CnnDemos.onAction(root, 'clear', function () {
      pad.clear();
      view.showOwnEmpty();
      view.pad.focus();
    });
    CnnDemos.ownImage.wire(root, pad);
    var kept = CnnDemos.keptDrawing.wire(root, function () { pad.clear(); view.showOwnEmpty(); });

    // ---- start ----
    return CnnDemos.loadMnist(function (fraction, text) {
      CnnDemos.setState(root, 'loading', text);
    }).then(function (mnist) {
      feed = new Demo.DigitFeed(mnist);
      session = new Demo.TrainingSession(feed, Demo.TRAINER_DEFAULTS);
      loop = new Demo.TrainingLoop(session, {
        views: refreshViews,
        grid: refreshGrid,
        failed: function (err) { pause('Training stopped: ' + err.message, true); }
      });
      var checked = Demo.network.parseLayers(view.netDefinition());
      useNet(Demo.network.buildNet(checked), checked.inputSize, 0);
      view.enable();
      if (kept && pad.isEmpty()) pad.showInk(kept);
      CnnDemos.setState(root, 'ready', 'Ready: ' + mnist.train.count.toLocaleString('en') + ' training ' + CnnDemos.dataset.nouns + ' and ' +
        mnist.test.count.toLocaleString('en') + ' held-out ' + CnnDemos.dataset.nouns + ' (' + mnist.source + ').');
      if (!('IntersectionObserver' in window)) {
        start('Training started.');
        return;
      }
      // Train only once the reader can watch: start when the lab first comes on screen.
      var observer = new IntersectionObserver(function (entries) {
        if (!entries.some(function (e) { return e.isIntersecting; })) return;
        observer.disconnect();
        if (loop.state === 'waiting') start('Training started.');
      });
      observer.observe(root);
    });
  });
})(window.CnnDemos);
