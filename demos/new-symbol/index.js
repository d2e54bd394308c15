/* new-symbol: wiring. The pad's drawing is read by the network as it is now, and may be added
   as an example of the new symbol; Teach it fine-tunes the last layer (train.js: Lab.teach);
   Unfreeze and train, Stop and Reset drive the whole-network training (Lab's start / stop /
   reset). */
(function (CnnDemos) {
  'use strict';
  var Demo = CnnDemos.NewSymbol;
  Demo.labs = []; // every embed's Lab, in page order: the test reads the examples and weights

  CnnDemos.eachEmbed('new-symbol', function (root) {
    var view = new Demo.View(root);
    var data = null, lab = null;

    var hooks = {
      teaching: function (share, loss) { view.teaching(share, loss); },
      measured: function (before) { view.measured(before); },
      taught: function (result) {
        view.taught(result, lab.examplesSeen);
        read();
        CnnDemos.publish(root, 'old-accuracy-after-teaching', result.after.accuracy, 'on held-out ' +
          CnnDemos.dataset.nouns + ' of the ten old classes, just after teaching the last layer');
      },
      started: function () { view.started(lab.examplesSeen); },
      afterBatch: function (point, now) {
        view.afterBatch(lab.curve, now, lab.examplesSeen, lab.running);
        CnnDemos.tell(root, 'progress', { batch: point.batches, examples: lab.examplesSeen, old_accuracy: point.old,
          symbol_accuracy: point.symbol });
        CnnDemos.publish(root, 'old-accuracy-unfrozen', point.old, 'after ' + CnnDemos.plural(point.batches, 'batch', 'batches') +
          ' with every layer unfrozen', { batches: point.batches });
      },
      finished: function () { view.finished(lab.state(), lab.examplesSeen); read(); },
      reset: function () { view.wasReset(); read(); },
      failed: function (err) { view.finished(lab.state(), lab.examplesSeen); view.failed(err); console.error(err); }
    };

    /** The drawing on the pad as MNIST-like pixels, or null. */
    function drawing() {
      return CnnDemos.mnist.fromCanvas(view.pad);
    }

    function read() {
      var pixels = drawing();
      if (!lab || !pixels) { view.clearReading(); return; }
      lab.readNow(function () { view.showReading(lab.net.probabilities(pixels)); });
    }

    function add() {
      var pixels = drawing();
      if (!pixels) { view.emptyPad(); return; }
      data.add(pixels);
      view.showExamples(data.drawn);
      view.added(data.drawn.length);
      pad.clear();
      view.pad.focus();
    }

    function teach() {
      if (lab.running) { view.busy(); return; }
      if (data.drawn.length < Demo.SETTINGS.minExamples) { view.tooFew(data.drawn.length); return; }
      lab.teach();
    }

    var pad = new CnnDemos.DigitPad(view.pad, { onStrokeEnd: read, onClear: view.clearReading.bind(view) });
    CnnDemos.ownImage.wire(root, pad);
    CnnDemos.onAction(root, 'clear', function () { pad.clear(); view.clearReading(); view.pad.focus(); });
    CnnDemos.onAction(root, 'add', function () { if (data) add(); });
    CnnDemos.onAction(root, 'remove', function () {
      if (!data) return;
      data.removeLast();
      view.showExamples(data.drawn);
    });
    CnnDemos.onAction(root, 'teach', function () { if (lab) teach(); });
    CnnDemos.onAction(root, 'start', function () {
      if (!lab) return;
      if (data.drawn.length < Demo.SETTINGS.minExamples) view.tooFew(data.drawn.length);
      else lab.start();
    });
    CnnDemos.onAction(root, 'stop', function () { if (lab) lab.stop(); });
    CnnDemos.onAction(root, 'reset', function () { if (lab) lab.reset(); });
    view.nameInput.addEventListener('change', function () { if (data) view.showExamples(data.drawn); read(); });

    return Promise.all([CnnDemos.loadModel('recognizer'), CnnDemos.loadSample()]).then(function (loaded) {
      data = new Demo.Data(loaded[1], Demo.SETTINGS.replayPerClass, Demo.SETTINGS.heldOutPerClass,
        Demo.SETTINGS.livePerClass);
      lab = new Demo.Lab(loaded[0], data, hooks);
      Demo.labs.push(lab);
      // A notebook gets the weights of the network as it is when training stops (lab.net changes).
      CnnDemos.tell(root, 'networks', { network: { getWeights: function () { return lab.net.kerasWeights(); } } });
      // Ready before the site's network is measured on the held-out examples (seconds of a
      // phone's CPU): what the reader asks of the network waits behind it, but reading the pad.
      view.measuring(data.heldOut.count);
      lab.measureSite();
      return CnnDemos.tfBackend();
    }).then(function (backend) {
      view.ready(backend);
      if (!pad.isEmpty()) read();
    });
  });
})(window.CnnDemos);
