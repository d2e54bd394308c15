/* mlp-vs-cnn: wiring. Start trains both networks side by side; once they stop, they are tested
   on the held-out digits moved by the slider's number of pixels. The shuffle switch shows the
   second pair of networks, trained on shuffled pixels (train.js: Lab). */
(function (CnnDemos) {
  'use strict';
  var Demo = CnnDemos.MlpVsCnn;

  CnnDemos.eachEmbed('mlp-vs-cnn', function (root) {
    var view = new Demo.View(root, Demo.SETTINGS);
    var lab = null;

    var hooks = {
      started: function () { view.show(lab); view.started(lab.current()); },
      afterBatch: function () {
        tellProgress(root, lab.current());
        view.show(lab);
      },
      finished: function () { view.show(lab); view.finished(lab.current()); },
      testing: function (shift) { view.showTesting(shift); },
      tested: function (shift, accuracy) {
        view.showTest(lab.current(), shift, accuracy);
        view.show(lab);
        publishTests(lab.current());
      },
      deferred: function () { view.showTestDeferred(lab.shift); },
      reset: function () { view.clearTest(); view.show(lab); view.wasReset(); },
      switched: function () { view.switched(lab); view.show(lab); },
      failed: function (err) { view.show(lab); view.failed(err); console.error(err); }
    };

    /** For a notebook that shows the demo (CnnDemos.tell): the networks, each batch's losses. */
    function tellProgress(root, training) {
      var networks = {}, figures = { batch: training.batches };
      training.learners.forEach(function (learner) {
        networks[learner.key] = learner.model;
        figures[learner.key + '_loss'] = learner.losses[learner.losses.length - 1];
      });
      CnnDemos.tell(root, 'networks', networks);
      CnnDemos.tell(root, 'progress', figures);
    }

    /** Each network's accuracy at every shift tested so far, for the questions (demo.json). */
    function publishTests(training) {
      var about = training.batches ? 'after ' + training.batches + ' batches of training' : 'untrained';
      var shifts = Object.keys(training.tested).map(Number).sort(function (a, b) { return a - b; });
      Demo.NETWORKS.forEach(function (net, i) {
        CnnDemos.publish(root, net.key + '-accuracy-by-shift', shifts.map(function (s) {
          return [s, training.tested[s][i]];
        }), about, { pixels: training.shuffled ? 'shuffled' : 'ordinary' });
      });
    }

    function moveDigits() {
      var shift = Number(view.slider.value);
      view.showShift(shift);
      view.showExamples(shift, lab.shuffled());
      lab.moveTo(shift);
    }

    function testEveryShift() {
      var shifts = [];
      for (var s = Number(view.slider.min); s <= Number(view.slider.max); s++) shifts.push(s);
      lab.test(shifts);
    }

    CnnDemos.onAction(root, 'start', function () { lab.start(); view.show(lab); });
    CnnDemos.onAction(root, 'stop', function () { lab.stop(); });
    CnnDemos.onAction(root, 'reset', function () { lab.reset(); });
    CnnDemos.onAction(root, 'shuffle', function () { lab.toggle(); });
    CnnDemos.onAction(root, 'test-all', testEveryShift);
    view.slider.addEventListener('input', moveDigits);

    return Promise.all([CnnDemos.loadSample(), CnnDemos.tfBackend()]).then(function (loaded) {
      var digits = new Demo.Digits(loaded[0]);
      lab = new Demo.Lab(digits, hooks);
      view.ready(digits, lab.current());
      view.show(lab);
    });
  });
})(window.CnnDemos);
