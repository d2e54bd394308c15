/* tfjs-vis-mnist: wiring. Each button runs the step function of the same name (steps.js),
   whose own source the page shows; a step unlocks once the one before it has finished. */
(function (CnnDemos) {
  'use strict';

  CnnDemos.eachEmbed('tfjs-vis-mnist', function (root) {
    var steps = CnnDemos.guidedSteps;
    var view = new CnnDemos.GuidedView(root);
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
    var buttons = {};
    Object.keys(ready).forEach(function (name) {
      buttons[name] = CnnDemos.onAction(root, name, function () { run(name); });
    });

    Array.prototype.forEach.call(root.querySelectorAll('[data-code]'), function (code) {
      view.showCode(code, code.dataset.code.split(' ').map(function (name) {
        return steps[name];
      }));
    });

    function stepOf(name) {
      return buttons[name].closest('[data-step]');
    }

    function refresh() {
      Object.keys(ready).forEach(function (name) {
        var ok = !busy && Boolean(ready[name]());
        buttons[name].disabled = !ok;
        var step = stepOf(name);
        if (step.dataset.step === name && step.dataset.stepState === 'locked' && ok) {
          step.dataset.stepState = 'ready';
        }
      });
    }

    /** True when the focus has gone back to the page (a focused button was disabled). */
    function focusLost() {
      var active = document.activeElement;
      return !active || active === document.body || active.disabled;
    }

    function run(name) {
      if (busy || !ready[name]()) return Promise.resolve();
      // The buttons are disabled while a step runs, which takes the keyboard focus from the one
      // pressed: training hands it to Stop, and every step gives it back when it is done.
      var hadFocus = document.activeElement === buttons[name];
      busy = true;
      refresh();
      var step = stepOf(name);
      var result = step.querySelector('[data-role="result"]');
      if (step.dataset.step === name) step.dataset.stepState = 'running';
      result.textContent = 'Working…';
      var working = steps[name](lab);
      if (hadFocus && !view.stopButton.disabled) view.stopButton.focus({ preventScroll: true });
      return working.then(function (message) {
        done[name] = true;
        if (step.dataset.step === name) step.dataset.stepState = 'done';
        result.textContent = message;
        if (name === 'loadData') view.limitExamples(lab.data);
      }, function (err) {
        if (step.dataset.step === name) step.dataset.stepState = 'error';
        result.textContent = 'This step failed: ' + (err && err.message || err);
      }).then(function () {
        busy = false;
        refresh();
        if (hadFocus && focusLost() && !buttons[name].disabled) {
          buttons[name].focus({ preventScroll: true });
        }
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

    refresh();
    var keep = view.part('keep-status');
    return CnnDemos.guidedModel.savedInfo().then(function (info) {
      lab.saved = info && info.dateSaved;
      root.dataset.store = 'available';
      keep.textContent = info
        ? 'A model you trained here before is saved in this browser (' +
          info.dateSaved.toLocaleString('en') + ').'
        : 'No model is saved in this browser yet.';
    }, function (err) {
      root.dataset.store = 'unavailable';
      keep.textContent = 'This browser does not let the page use its storage (IndexedDB: ' +
        (err && err.message || err) + '), so a model cannot be kept here: download it instead.';
    }).then(function () {
      refresh();
      return CnnDemos.tfBackend();
    }).then(function (backend) {
      root.dataset.backend = backend;
      view.part('backend').textContent = backend === 'webgl'
        ? 'TensorFlow.js runs on the webgl backend here: your graphics hardware does the sums.'
        : 'TensorFlow.js runs on the ' + backend + ' backend here (no WebGL), so training ' +
          'is slower: try fewer examples or epochs.';
      CnnDemos.setState(root, 'ready', 'Ready. Start with step 1.');
    });
  });
})(window.CnnDemos);
