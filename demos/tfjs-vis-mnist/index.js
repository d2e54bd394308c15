/* tfjs-vis-mnist: wiring. Each button runs the step function of the same name (steps.js),
   whose own source the page shows; a step unlocks once the one before it has finished. */
(function (CnnDemos) {
  'use strict';
  var Demo = CnnDemos.TfjsVisMnist;

  CnnDemos.eachEmbed('tfjs-vis-mnist', function (root) {
    var steps = Demo.steps;
    var view = new Demo.View(root);
    var lab = {
      view: view, data: null, model: null, trained: false, saved: null,
      settings: function () { return view.settings(lab.data); }
    };
    var done = {};
    var busy = false;
    var pendingDrawing = false;

    // When a step may run; anything else waits for the steps before it.
    var ready = {
      openVisor: function () { return true; },
      loadData: function () { return done.openVisor; },
      showExamples: function () { return done.loadData; },
      buildModel: function () { return done.showExamples; },
      train: function () { return done.buildModel && lab.data; },
      perClassAccuracy: function () { return lab.trained && lab.data; },
      confusionMatrix: function () { return lab.trained && lab.data && done.perClassAccuracy; },
      recognizeDrawing: function () { return lab.trained; },
      saveModel: function () { return lab.trained; },
      downloadModel: function () { return lab.trained; },
      loadModel: function () { return lab.saved; }
    };
    Object.keys(ready).forEach(function (name) {
      CnnDemos.onAction(root, name, function () { run(name); });
    });
    view.showListings(steps);
    view.cellExamples = function (truth, read, limit) {
      return Demo.data.cellExamples(lab.model, lab.data.test, truth, read, limit);
    };

    function refresh() {
      Object.keys(ready).forEach(function (name) {
        view.enableStep(name, !busy && Boolean(ready[name]()));
      });
    }

    function run(name) {
      if (busy || !ready[name]()) return Promise.resolve();
      // The buttons are disabled while a step runs, which takes the keyboard focus from the one
      // pressed: training hands it to Stop, and every step gives it back when it is done.
      var hadFocus = view.hasFocus(name);
      busy = true;
      refresh();
      view.stepRunning(name);
      // tfjs-vis (1.2 MB) is held back by the page until the first step needs it.
      return CnnDemos.loadLater('tfjs-vis').then(function () {
        var working = steps[name](lab);
        if (hadFocus) view.focusStop();
        return working;
      }).then(function (message) {
        done[name] = true;
        view.stepDone(name, message);
        if (name === 'loadData') view.limitExamples(lab.data);
        if (name === 'buildModel' || name === 'loadModel') {
          view.newWeights();
          CnnDemos.tell(root, 'networks', { cnn: lab.model });  // a notebook gets its weights
        }
      }, function (err) {
        view.stepFailed(name, err);
      }).then(function () {
        busy = false;
        refresh();
        if (hadFocus) view.giveFocusBack(name);
        if (pendingDrawing) {
          pendingDrawing = false;
          recognizeSoon();
        }
      });
    }

    function recognizeSoon() {
      if (!lab.trained) return;
      if (busy) pendingDrawing = true;
      else run('recognizeDrawing');
    }

    var pad = new CnnDemos.DigitPad(view.pad, { onStrokeEnd: recognizeSoon });
    CnnDemos.onAction(root, 'clear', function () {
      pad.clear();
      view.pad.focus();
    });
    // The drawing kept from another page waits on the pad for the trained model.
    var kept = CnnDemos.keptDrawing.wire(root, function () { pad.clear(); });
    if (kept) pad.showInk(kept);

    refresh();
    return Demo.savedModelInfo().then(function (info) {
      lab.saved = info && info.dateSaved;
      view.showStore(info);
    }, function (err) {
      view.showStoreUnavailable(err);
    }).then(function () {
      refresh();
      return CnnDemos.tfBackend();
    }).then(function (backend) {
      view.ready(backend);
    });
  });
})(window.CnnDemos);
