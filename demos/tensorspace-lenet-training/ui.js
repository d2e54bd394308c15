/* tensorspace-lenet-training: the controls, the figures and what is announced. */
(function (CnnDemos) {
  'use strict';
  var Demo = CnnDemos.TensorspaceLenetTraining = CnnDemos.TensorspaceLenetTraining || {};

  function View(root) {
    this.root = root;
    this.space = CnnDemos.part(root, 'space');
    this.select = CnnDemos.part(root, 'digit');
    this.preview = CnnDemos.part(root, 'preview');
    this.digits = CnnDemos.part(root, 'digits');
    this.result = CnnDemos.part(root, 'result');
    this.announcer = CnnDemos.part(root, 'announce');
    this.running = false;
    this.buttons = {};
    ['start', 'stop', 'reset'].forEach(function (action) {
      this.buttons[action] = root.querySelector('[data-action="' + action + '"]');
    }, this);
    CnnDemos.mnist.paint(null, this.preview);
  }

  /** digits: [{index, label}] to choose from. */
  View.prototype.fillDigits = function (digits) {
    var select = this.select;
    digits.forEach(function (digit) {
      var option = document.createElement('option');
      option.value = String(digit.index);
      option.textContent = CnnDemos.aClass(digit.label) + ' (held-out ' + CnnDemos.dataset.noun + ' ' + digit.index + ')';
      select.appendChild(option);
    });
    select.disabled = false;
  };

  View.prototype.showDigit = function (digit) {
    CnnDemos.mnist.paint(digit.pixels, this.preview);
    this.preview.setAttribute('aria-label', 'The chosen ' + CnnDemos.dataset.noun + ': ' + CnnDemos.aClass(digit.label));
  };

  View.prototype.setRunning = function (running) {
    var focused = document.activeElement, buttons = this.buttons;
    this.running = running;
    CnnDemos.markTraining(this.root, running ? 'running' : 'stopped');
    buttons.start.disabled = running;
    buttons.stop.disabled = !running;
    buttons.reset.disabled = false;
    // A button disabled while it has the focus drops it to the page: hand it to the button
    // that now undoes what was just done, so the keyboard stays where the reader is.
    if (running && focused === buttons.start) buttons.stop.focus({ preventScroll: true });
    if (!running && focused === buttons.stop) buttons.start.focus({ preventScroll: true });
  };

  /** The data and the network are loaded (count: training digits; backend: TF.js's). */
  View.prototype.ready = function (count, backend) {
    this.setRunning(false);
    CnnDemos.setState(this.root, 'ready', 'Ready: ' + CnnDemos.thousands(count) + ' training ' +
      CnnDemos.dataset.nouns + ', TensorFlow.js on ' + backend + '. Press Start training.');
  };

  View.prototype.started = function () {
    this.setRunning(true);
    this.announce('Training started.');
    CnnDemos.setState(this.root, 'ready', 'Training: press Stop to pause after the current batch.');
  };

  /** Training has stopped after the batch under way (the chosen digit shown again first). */
  View.prototype.stopped = function (stats) {
    this.setRunning(false);
    CnnDemos.setState(this.root, 'ready', 'Stopped after ' + stats.batches +
      ' batches. Press Start training to go on.');
    this.showStats(stats);
    var accuracy = stats.accuracy === null ? '' : ', ' + (100 * stats.accuracy).toFixed(1) +
      '% held-out accuracy';
    this.announce('Stopped after ' + stats.batches + ' batches' + accuracy + '. ' + this.lastResult());
  };

  /** The network is back to random weights (the chosen digit shown again first). */
  View.prototype.wasReset = function (stats) {
    this.setRunning(false);
    this.showStats(stats);
    this.announce('The network is back to random weights. ' + this.lastResult());
    CnnDemos.setState(this.root, 'ready', 'Random weights again. Press Start training.');
  };

  View.prototype.failed = function (err) {
    this.setRunning(false);
    CnnDemos.setState(this.root, 'error', 'Training stopped with an error: ' + (err && err.message || err));
  };

  /** stats: {batches, examples, loss, accuracy (or null), milliseconds (or null)}. */
  View.prototype.showStats = function (stats) {
    var root = this.root;
    CnnDemos.part(root, 'batches').textContent = stats.batches.toLocaleString('en');
    CnnDemos.part(root, 'examples').textContent = stats.examples.toLocaleString('en');
    CnnDemos.part(root, 'loss').textContent = CnnDemos.fixed(stats.loss, 3);
    CnnDemos.part(root, 'accuracy').textContent =
      stats.accuracy === null ? '–' : (100 * stats.accuracy).toFixed(1) + '%';
    CnnDemos.part(root, 'time').textContent =
      stats.milliseconds === null ? '–' : stats.milliseconds.toFixed(0) + ' ms';
    root.dataset.batches = String(stats.batches);
    CnnDemos.markTraining(root, this.running ? 'running' : 'stopped', stats.examples);
    if (stats.loss !== null) root.dataset.loss = stats.loss.toFixed(4);
    else delete root.dataset.loss;
    if (stats.accuracy !== null) root.dataset.accuracy = stats.accuracy.toFixed(4);
  };

  /** The network's current reading of the chosen digit. */
  View.prototype.showPrediction = function (probs, digit, batches) {
    var top = CnnDemos.showDigitScores(this.digits, probs);
    this.root.dataset.predicted = String(top);
    var when = batches ? 'After ' + batches.toLocaleString('en') + ' batches' : 'Untrained';
    this.result.textContent = when + ', the network reads this ' + CnnDemos.className(digit.label) + ' as ' + CnnDemos.aClass(top) +
      ' (' + CnnDemos.percent(probs[top]) + ' sure).';
    return top;
  };

  /** Said once by screen readers (the figures above change too often to be announced). */
  View.prototype.announce = function (text) {
    this.announcer.textContent = text;
  };

  /** The network's reading of the chosen digit, as last shown. */
  View.prototype.lastResult = function () {
    return this.result.textContent;
  };

  /** How many times the 3D view has been asked to show a digit (tests read it). */
  View.prototype.countUpdates = function (space) {
    this.root.dataset.viewUpdates = String(space.updates);
  };

  Demo.View = View;
})(window.CnnDemos);
