/* convnetjs-mnist: wiring. Loads the digits, builds the default network, and trains it in
   short slices (BUDGET_MS per animation frame) once the lab scrolls into view; the views are
   repainted a little over once a second so that the page stays smooth. */
(function (CnnDemos) {
  'use strict';
  var Lab = CnnDemos.ConvnetLab;
  var BUDGET_MS = 10; // training work per animation frame
  var VIEWS_EVERY_MS = 700; // figures, charts, layer views, own digit
  var GRID_EVERY_MS = 3000; // a fresh set of held-out digits
  var GRID_SIZE = 30;
  var RATE_SPAN_MS = 3000; // examples per second over about this long

  CnnDemos.eachEmbed('convnetjs-mnist', function (root) {
    var view = new Lab.LabView(root);
    var feed = null, session = null;
    var state = 'waiting', frame = 0, lastViews = -Infinity, lastGrid = -Infinity;
    var rateSamples = [];

    view.netText.value = Lab.network.defaultText();
    view.writeTrainer(Lab.TRAINER_DEFAULTS);
    view.showTraining(state);

    function rate() {
      if (rateSamples.length < 2) return NaN;
      var a = rateSamples[0], b = rateSamples[rateSamples.length - 1];
      return b.time > a.time ? 1000 * (b.seen - a.seen) / (b.time - a.time) : NaN;
    }

    function sampleRate(now) {
      if (state !== 'running') { rateSamples = []; return; }
      rateSamples.push({ time: now, seen: session.examplesSeen });
      while (rateSamples.length > 2 && now - rateSamples[1].time > RATE_SPAN_MS) rateSamples.shift();
    }

    function refreshViews(now) {
      lastViews = now;
      sampleRate(now);
      view.showFigures(session.figures(), rate());
      view.drawCharts(session.history);
      var example = session.showExample();
      view.layers.paint(session.net, session.gradients);
      view.showExample(example, 'training');
      if (!pad.isEmpty()) updateOwn(false);
    }

    function refreshGrid(now) {
      lastGrid = now;
      var size = session.inputSize;
      view.showGrid(feed.sampleHeldOut(GRID_SIZE).map(function (index) {
        var ex = feed.heldOutExample(size, index);
        return { vol: ex.vol, label: ex.label, top: Lab.TrainingSession.top(session.probabilities(ex.vol), 3) };
      }));
    }

    function tick() {
      frame = 0;
      if (state !== 'running') return;
      var now = performance.now();
      try {
        if (now - lastGrid >= GRID_EVERY_MS) refreshGrid(now); // this frame's work: no training
        else session.trainFor(BUDGET_MS);
        if (now - lastViews >= VIEWS_EVERY_MS) refreshViews(now);
      } catch (err) {
        pause('Training stopped: ' + err.message, true);
        throw err;
      }
      frame = requestAnimationFrame(tick);
    }

    function start(text) {
      state = 'running';
      view.showTraining(state);
      rateSamples = [];
      if (text) view.message(text);
      if (!frame) frame = requestAnimationFrame(tick);
    }

    function pause(text, isError) {
      state = 'paused';
      if (frame) cancelAnimationFrame(frame);
      frame = 0;
      view.showTraining(state);
      refreshViews(performance.now());
      view.message(text, isError);
    }

    function useNet(net, inputSize, examplesSeen) {
      session.useNet(net, inputSize, examplesSeen);
      view.layers.build(net);
      var now = performance.now();
      refreshViews(now);
      refreshGrid(now);
    }

    function totalParameters(net) {
      return net.layers.reduce(function (n, L) { return n + Lab.network.parameterCount(L); }, 0);
    }

    // ---- controls ----
    CnnDemos.onAction(root, 'toggle', function () {
      if (state === 'running') pause('Training paused after ' + session.examplesSeen.toLocaleString('en') + ' examples.');
      else start(state === 'paused' ? 'Training resumed.' : 'Training started.');
    });

    CnnDemos.onAction(root, 'change-net', function () {
      var checked;
      try {
        checked = Lab.network.parseLayers(view.netText.value);
      } catch (err) {
        view.showNetError(err.message + ' The current network keeps training.');
        return;
      }
      view.showNetError(null);
      var net = Lab.network.buildNet(checked);
      useNet(net, checked.inputSize, 0);
      view.message('New network: ' + net.layers.length + ' layers, ' + totalParameters(net).toLocaleString('en') +
        ' parameters, starting from random weights.');
    });

    CnnDemos.onAction(root, 'default-net', function () {
      view.netText.value = Lab.network.defaultText();
      view.showNetError(null);
      view.message('The default definition is back in the box; press “Change network” to train it.');
    });

    view.trainerForm.addEventListener('submit', function (event) {
      event.preventDefault();
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
      var text = Lab.network.snapshotText(session.net, {
        examples_seen: session.examplesSeen,
        trainer: session.settings,
        layers: Lab.network.layersOf(session.net)
      });
      var url = URL.createObjectURL(new Blob([text], { type: 'application/json' }));
      var link = document.createElement('a');
      link.href = url;
      link.download = name;
      link.hidden = true;
      root.appendChild(link);
      link.click();
      root.removeChild(link);
      setTimeout(function () { URL.revokeObjectURL(url); }, 10000);
      view.message('Saved the network (after ' + session.examplesSeen.toLocaleString('en') + ' examples) as ' + name + '.');
    });

    view.loadInput.addEventListener('change', function () {
      var file = view.loadInput.files && view.loadInput.files[0];
      if (!file) return;
      var reader = new FileReader();
      reader.onload = function () {
        view.loadInput.value = ''; // the same file can be chosen again
        var loaded;
        try {
          loaded = Lab.network.readSnapshot(String(reader.result));
        } catch (err) {
          root.dataset.loadError = err.message;
          view.message('Could not load ' + file.name + ': ' + err.message + ' The current network keeps training.', true);
          return;
        }
        delete root.dataset.loadError;
        var seen = loaded.snapshot && Number(loaded.snapshot.examples_seen) > 0 ? Number(loaded.snapshot.examples_seen) : 0;
        view.netText.value = Lab.network.formatLayers(Lab.network.layersOf(loaded.net));
        view.showNetError(null);
        useNet(loaded.net, loaded.inputSize, seen);
        view.message('Loaded ' + file.name + ': ' + totalParameters(loaded.net).toLocaleString('en') +
          ' parameters. Training goes on from its weights.');
      };
      reader.onerror = function () {
        view.loadInput.value = '';
        view.message('Could not read ' + file.name + '. The current network keeps training.', true);
      };
      reader.readAsText(file);
    });

    // ---- your own digit ----
    function updateOwn(announce) {
      var pixels = CnnDemos.mnist.fromCanvas(view.pad);
      if (!pixels) {
        view.showOwnEmpty();
        if (announce) view.ownResult.textContent = 'The box is empty: draw a digit first.';
        return;
      }
      var vol = Lab.DigitFeed.pixelsToVol(pixels, session.inputSize);
      view.showOwn(pixels, Lab.TrainingSession.top(session.probabilities(vol), 3), announce);
    }
    var pad = new CnnDemos.DigitPad(view.pad, {
      onDraw: function () { if (session) updateOwn(false); },
      onStrokeEnd: function () { if (session) updateOwn(true); },
      onClear: function () { view.showOwnEmpty(); view.ownResult.textContent = 'Cleared.'; }
    });
    CnnDemos.onAction(root, 'clear', function () {
      pad.clear();
      view.showOwnEmpty();
      view.pad.focus();
    });

    // ---- start ----
    return CnnDemos.loadMnist(function (fraction, text) {
      CnnDemos.setState(root, 'loading', text);
    }).then(function (mnist) {
      feed = new Lab.DigitFeed(mnist);
      session = new Lab.TrainingSession(feed, Lab.TRAINER_DEFAULTS);
      var checked = Lab.network.parseLayers(view.netText.value);
      useNet(Lab.network.buildNet(checked), checked.inputSize, 0);
      view.enable();
      CnnDemos.setState(root, 'ready', 'Ready: ' + mnist.train.count.toLocaleString('en') + ' training digits and ' +
        mnist.test.count.toLocaleString('en') + ' held-out digits (' + mnist.source + ').');
      if (!('IntersectionObserver' in window)) {
        start('Training started.');
        return;
      }
      // Train only once the reader can watch: start when the lab first comes on screen.
      var observer = new IntersectionObserver(function (entries) {
        if (!entries.some(function (e) { return e.isIntersecting; })) return;
        observer.disconnect();
        if (state === 'waiting') start('Training started.');
      });
      observer.observe(root);
    });
  });
})(window.CnnDemos);
