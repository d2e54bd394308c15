/* mlp-vs-cnn: everything on the page: buttons, the shift slider and the shuffle switch, the
   pictures and charts, the tables, what is announced, and the data-* attributes tests read. */
(function (CnnDemos) {
  'use strict';
  var Demo = CnnDemos.MlpVsCnn = CnnDemos.MlpVsCnn || {};
  var EXAMPLES = 4; // held-out digits shown moved (one in each direction) and shuffled
  // Each network's line: its colour from the page's CSS (--cnn-mvc-mlp, --cnn-mvc-cnn, for both
  // themes) and a dash of its own, so readers who cannot tell the colours apart see two lines.
  var DASHES = { mlp: [6, 4], cnn: [] };

  function line(key, points) {
    return { points: points, colour: '--cnn-mvc-' + key, dash: DASHES[key] };
  }

  function percent1(p) {
    return typeof p === 'number' ? CnnDemos.fixed(100 * p, 1) + '%' : '–';
  }

  function pixelsText(shift) {
    return CnnDemos.plural(shift, 'pixel', 'pixels');
  }

  /** "+3.5 points" or "−2.0 points": how far accuracy b is ahead of accuracy a. */
  function pointsAhead(a, b) {
    var text = CnnDemos.fixed(100 * (b - a), 1, { minus: true });
    return (text.charAt(0) !== '−' && Number(text) !== 0 ? '+' : '') + text + ' points';
  }

  var el = CnnDemos.el;

  /** root: the demo's element; settings: the training settings (train.js). */
  function View(root, settings) {
    this.root = root;
    this.settings = settings;
    this.digits = null;
    this.buttons = {};
    ['start', 'stop', 'reset', 'shuffle', 'test-all'].forEach(function (action) {
      this.buttons[action] = root.querySelector('[data-action="' + action + '"]');
    }, this);
    this.slider = this.part('shift');
    // Both charts: batches along x, from 0 to a full run; one line per network.
    var batches = { xMax: settings.batches, xTicks: 1, aspect: 0.55,
      xLabel: function (v) { return v ? String(v) : '0 batches'; } };
    this.lossChart = new CnnDemos.LineChart(this.part('loss-chart'), Object.assign({
      yMax: 2.5, yTicks: 5, yLabel: function (v) { return v.toFixed(1); }
    }, batches));
    this.accuracyChart = new CnnDemos.LineChart(this.part('accuracy-chart'), Object.assign({
      yMax: 1, yTicks: 4, yLabel: function (v) { return Math.round(100 * v) + '%'; }
    }, batches));
    this.examples = [];
  }

  View.prototype.part = function (role) {
    return CnnDemos.part(this.root, role);
  };

  /** Data and networks are loaded: fill in what does not change, enable the controls. */
  View.prototype.ready = function (digits, training) {
    this.digits = digits;
    this.showSettings();
    this.showNetworks(training);
    this.fillShiftRows();
    this.fillExamples();
    this.showShift(0);
    this.showExamples(0, false);
    ['reset', 'shuffle', 'test-all'].forEach(function (action) {
      this.buttons[action].disabled = false;
    }, this);
    this.slider.disabled = false;
    CnnDemos.setState(this.root, 'ready', 'Ready: ' + CnnDemos.thousands(digits.train.count) +
      ' training ' + CnnDemos.dataset.nouns + ', TensorFlow.js on ' + tf.getBackend() + '. Press Start training.');
  };

  /** The fixed settings, in the words under the demo. */
  View.prototype.showSettings = function () {
    var settings = this.settings, digits = this.digits;
    this.part('about').textContent = 'Both networks: the same ' + settings.batches + ' batches of ' +
      settings.batch + ' ' + CnnDemos.dataset.nouns + ' from the ' + CnnDemos.thousands(digits.train.count) +
      ' training ' + CnnDemos.dataset.nouns + ', in the same order; the Adam optimiser with learning rate ' + settings.learningRate +
      '; starting weights drawn from a fixed seed. Held-out accuracy while training: the first ' +
      settings.liveHeldOut + ' held-out ' + CnnDemos.dataset.nouns + '; tests on moved ' + CnnDemos.dataset.nouns + ': all ' +
      CnnDemos.thousands(digits.heldOutCount) + '.';
    this.part('live-label').textContent = 'Held-out accuracy (' + settings.liveHeldOut + ' ' + CnnDemos.dataset.nouns + ')';
  };

  /** The layers of both networks, as read from them, and their parameter counts. */
  View.prototype.showNetworks = function (training) {
    training.learners.forEach(function (learner) {
      var list = this.part(learner.key + '-layers');
      list.textContent = '';
      learner.layers.forEach(function (layer) {
        list.appendChild(el('li', '', layer.kind + ' → ' + layer.shape + (layer.parameters ?
          ' (' + CnnDemos.thousands(layer.parameters) + ' weights and biases)' : '')));
      });
      this.part(learner.key + '-parameters').textContent = CnnDemos.thousands(learner.parameters);
      this.root.dataset[learner.key + 'Parameters'] = String(learner.parameters);
    }, this);
  };

  /** One row per position of the slider, filled as the networks are tested. */
  View.prototype.fillShiftRows = function () {
    var body = this.part('shift-rows');
    body.textContent = '';
    for (var shift = Number(this.slider.min); shift <= Number(this.slider.max); shift++) {
      var row = el('tr');
      row.dataset.shift = String(shift);
      var head = el('th', '', pixelsText(shift));
      head.scope = 'row';
      row.appendChild(head);
      Demo.NETWORKS.forEach(function () { row.appendChild(el('td', '', '–')); });
      body.appendChild(row);
    }
  };

  /** The first held-out digits (one moved in each direction), with room for them shuffled. */
  View.prototype.fillExamples = function () {
    var box = this.part('examples'), digits = this.digits;
    box.textContent = '';
    this.examples = [];
    for (var index = 0; index < EXAMPLES; index++) {
      var figure = el('figure', 'cnn-mvc__example');
      var moved = el('canvas', 'cnn-pixels cnn-mvc__digit');
      var shuffled = el('canvas', 'cnn-pixels cnn-mvc__digit cnn-mvc__digit--shuffled');
      var caption = el('figcaption');
      moved.setAttribute('role', 'img');
      shuffled.setAttribute('role', 'img');
      figure.appendChild(moved);
      figure.appendChild(shuffled);
      figure.appendChild(caption);
      box.appendChild(figure);
      this.examples.push({
        index: index, label: digits.test.labels[index], direction: digits.direction(index).name,
        moved: moved, shuffled: shuffled, caption: caption
      });
    }
  };

  /** Paint the example digits as the networks get them now. */
  View.prototype.showExamples = function (shift, shuffled) {
    var digits = this.digits;
    this.part('examples-note').textContent = 'What the networks are given: ' + this.examples.length +
      ' of the held-out ' + CnnDemos.dataset.nouns + ', ' + (shift ? 'moved by ' + pixelsText(shift) : 'not moved') +
      (shuffled ? '; under each, the same ' + CnnDemos.dataset.noun + ' with its pixels shuffled, as the networks get it.' : '.');
    this.examples.forEach(function (example) {
      var pixels = digits.moved(example.index, shift);
      var how = shift ? 'moved ' + pixelsText(shift) + ' ' + example.direction : 'not moved';
      CnnDemos.mnist.paint(pixels, example.moved);
      example.moved.setAttribute('aria-label', 'Held-out ' + CnnDemos.dataset.noun + ': ' + CnnDemos.aClass(example.label) + ', ' + how);
      example.caption.textContent = CnnDemos.aClass(example.label) + ', ' +
        (shift ? shift + ' px ' + example.direction : 'not moved');
      example.shuffled.hidden = !shuffled;
      if (shuffled) {
        CnnDemos.mnist.paint(digits.shuffle(pixels), example.shuffled);
        example.shuffled.setAttribute('aria-label', 'The same ' + CnnDemos.className(example.label) + ' (' + how +
          ') with its pixels shuffled: no stroke can be seen');
      }
    });
  };

  View.prototype.showShift = function (shift) {
    var text = pixelsText(shift);
    this.slider.value = String(shift);
    this.slider.setAttribute('aria-valuetext', shift ? text : text + ' (not moved)');
    this.part('shift-value').textContent = text;
    this.root.dataset.shift = String(shift);
    var rows = this.part('shift-rows').children;
    for (var i = 0; i < rows.length; i++) {
      rows[i].classList.toggle('is-current', Number(rows[i].dataset.shift) === shift);
    }
  };

  /** Everything that follows the lab's state: buttons, progress, charts, both tables. */
  View.prototype.show = function (lab) {
    var training = lab.current();
    this.setRunning(lab.state(), training);
    this.showTraining(training);
    this.showShiftTable(training);
    this.showComparison(lab.trainings);
  };

  /**
   * Buttons while training runs or not, and the training state and progress on the root;
   * state: the lab's (running, done or stopped); training: the networks shown.
   */
  View.prototype.setRunning = function (state, training) {
    var focused = document.activeElement, buttons = this.buttons, running = state === 'running';
    CnnDemos.markTraining(this.root, state, training.batches * this.settings.batch);
    buttons.start.disabled = running;
    buttons.stop.disabled = !running;
    buttons.start.textContent = training.batches === 0 ? 'Start training' :
      training.done() ? 'Train again' : 'Go on training';
    // A button disabled while it has the focus drops it to the page: hand it to the button that
    // now undoes what was just done, so the keyboard stays where the reader is.
    if (running && focused === buttons.start) buttons.stop.focus({ preventScroll: true });
    if (!running && focused === buttons.stop) buttons.start.focus({ preventScroll: true });
  };

  /** Progress, losses, live accuracies, times and both charts. */
  View.prototype.showTraining = function (training) {
    var root = this.root, settings = this.settings, last = training.measured[training.measured.length - 1];
    root.dataset.batches = String(training.batches);
    root.dataset.run = String(training.run);
    this.part('progress').textContent = 'Batches trained: ' + training.batches + ' of ' + settings.batches +
      ' (' + CnnDemos.thousands(training.batches * settings.batch) + ' ' + CnnDemos.dataset.nouns + ')' +
      (training.shuffled ? ', pixels shuffled' : '') +
      (training.run > 1 ? ', run ' + training.run : '') + '.';
    training.learners.forEach(function (learner, i) {
      this.part(learner.key + '-loss').textContent = CnnDemos.fixed(learner.recentLoss(), 3);
      this.part(learner.key + '-accuracy').textContent = last ? percent1(last.accuracy[i]) : '–';
      this.part(learner.key + '-seconds').textContent = learner.losses.length ?
        CnnDemos.fixed(learner.seconds, 1) + ' s' : '–';
      root.dataset[learner.key + 'Seconds'] = learner.seconds.toFixed(2);
      if (last) root.dataset[learner.key + 'LiveAccuracy'] = last.accuracy[i].toFixed(4);
      else delete root.dataset[learner.key + 'LiveAccuracy'];
    }, this);
    this.drawCharts(training);
  };

  View.prototype.drawCharts = function (training) {
    var settings = this.settings, last = training.measured[training.measured.length - 1];
    var lossSeries = training.learners.map(function (learner) {
      var points = [];
      learner.losses.forEach(function (_, i) { // the mean of the last few batches, as in the table
        var from = Math.max(0, i + 1 - settings.lossWindow), sum = 0;
        for (var j = from; j <= i; j++) sum += learner.losses[j];
        points.push([i + 1, sum / (i + 1 - from)]);
      });
      return line(learner.key, points);
    });
    var accuracySeries = training.learners.map(function (learner, i) {
      return line(learner.key, training.measured.map(function (m) { return [m.batches, m.accuracy[i]]; }));
    });
    this.lossChart.draw(lossSeries);
    this.accuracyChart.draw(accuracySeries);
    this.lossChart.canvas.setAttribute('aria-label', training.batches ? 'Loss of both networks after ' +
      training.batches + ' batches: ' + training.learners.map(function (l) {
        return l.name + ' ' + CnnDemos.fixed(l.recentLoss(), 3);
      }).join(', ') + '. The table above has the same numbers.' : 'Loss of both networks: not trained yet.');
    this.accuracyChart.canvas.setAttribute('aria-label', last ? 'Held-out accuracy of both networks ' +
      (last.batches ? 'after ' + last.batches + ' batches' : 'with random weights') + ': ' +
      training.learners.map(function (l, i) {
        return l.name + ' ' + percent1(last.accuracy[i]);
      }).join(', ') +
      '. The table above has the same numbers.' : 'Held-out accuracy of both networks: not measured yet.');
  };

  /** Training has started (or gone on). */
  View.prototype.started = function (training) {
    this.clearTest();
    CnnDemos.setState(this.root, 'ready', 'Training both networks' +
      (training.shuffled ? ' on shuffled pixels' : '') + ': press Stop to pause after the current batch.');
    this.announce('Training started' + (training.shuffled ? ' on shuffled pixels.' : '.'));
  };

  /** The training loop has ended: stopped, or every batch done. */
  View.prototype.finished = function (training) {
    var last = training.measured[training.measured.length - 1];
    var scores = last ? ': held-out accuracy (' + this.settings.liveHeldOut + ' ' + CnnDemos.dataset.nouns + ') MLP ' +
      percent1(last.accuracy[0]) + ', CNN ' + percent1(last.accuracy[1]) : '';
    var done = training.done();
    CnnDemos.setState(this.root, 'ready', done ?
      'Trained: ' + training.batches + ' batches. Move the slider to test both networks on moved ' + CnnDemos.dataset.nouns + '.' :
      'Stopped after ' + training.batches + ' batches. Press Go on training to continue.');
    this.announce((done ? 'Training done after ' : 'Stopped after ') + training.batches + ' batches' +
      scores + '.');
  };

  View.prototype.wasReset = function () {
    CnnDemos.setState(this.root, 'ready', 'Both networks are back to random weights. Press Start training.');
    this.announce('Both networks are back to random weights.');
  };

  /** The other pair of networks is shown now. */
  View.prototype.switched = function (lab) {
    var shuffled = lab.shuffled();
    this.clearTest();
    this.root.dataset.pixels = lab.pixels;
    this.buttons.shuffle.setAttribute('aria-pressed', String(shuffled));
    this.part('shift-caption').textContent = 'Held-out ' + CnnDemos.dataset.nouns + ' read correctly, by how far they were moved' +
      (shuffled ? ' (pixels shuffled)' : '');
    this.showExamples(lab.shift, shuffled);
    this.announce(shuffled ? 'Pixels shuffled: every ' + CnnDemos.dataset.noun + ' now has its pixels moved to other places, ' +
      'the same way for all of them.' : 'Ordinary pixels again, and the networks trained on them.');
  };

  /** Forget the last test shown: it was of networks no longer shown, or no longer as they were. */
  View.prototype.clearTest = function () {
    var root = this.root;
    ['testedShift', 'testing', 'mlpAccuracy', 'cnnAccuracy'].forEach(function (key) {
      delete root.dataset[key];
    });
    this.part('result').textContent = '';
  };

  /** While a test runs. */
  View.prototype.showTesting = function (shift) {
    this.root.dataset.testing = 'true';
    this.part('result').textContent = 'Testing both networks on the ' +
      CnnDemos.thousands(this.digits.heldOutCount) + ' held-out ' + CnnDemos.dataset.nouns + ' moved by ' + pixelsText(shift) + '…';
  };

  View.prototype.showTestDeferred = function (shift) {
    this.part('result').textContent = 'Both networks are training: they will be tested on ' + CnnDemos.dataset.nouns + ' moved by ' +
      pixelsText(shift) + ' when training stops.';
  };

  /** accuracy: [one per network] on every held-out digit moved shift pixels, for training. */
  View.prototype.showTest = function (training, shift, accuracy) {
    var root = this.root;
    delete root.dataset.testing;
    root.dataset.testedShift = String(shift);
    training.learners.forEach(function (learner, i) {
      root.dataset[learner.key + 'Accuracy'] = accuracy[i].toFixed(4);
    });
    var mlp = accuracy[0], cnn = accuracy[1];
    var when = training.batches ? 'After ' + training.batches + ' batches' : 'Untrained (random weights)';
    var moved = shift ? 'moved by ' + pixelsText(shift) : 'not moved';
    var better = Math.abs(cnn - mlp) < 0.0005 ? 'The two read as many.' :
      (cnn > mlp ? 'The CNN' : 'The MLP') + ' reads ' + CnnDemos.fixed(100 * Math.abs(cnn - mlp), 1) +
      ' points more.';
    this.part('result').textContent = when + (training.shuffled ? ', pixels shuffled' : '') + ', on the ' +
      CnnDemos.thousands(this.digits.heldOutCount) + ' held-out ' + CnnDemos.dataset.nouns + ' ' + moved + ': the MLP reads ' +
      percent1(mlp) + ' correctly, the CNN ' + percent1(cnn) + '. ' + better;
  };

  /** The table of tests by shift, for the networks shown. */
  View.prototype.showShiftTable = function (training) {
    var rows = this.part('shift-rows').children;
    for (var r = 0; r < rows.length; r++) {
      var tested = training.tested[rows[r].dataset.shift];
      var cells = rows[r].querySelectorAll('td');
      for (var c = 0; c < cells.length; c++) cells[c].textContent = tested ? percent1(tested[c]) : '–';
    }
  };

  /** Ordinary against shuffled pixels: each pair's test on unmoved digits, if it has one. */
  View.prototype.showComparison = function (trainings) {
    var results = {};
    ['ordinary', 'shuffled'].forEach(function (pixels) {
      var training = trainings[pixels], tested = training && training.tested[0];
      var entry = results[pixels] = { batches: training ? training.batches : 0 };
      Demo.NETWORKS.forEach(function (net, i) {
        this.part('compare-' + pixels + '-' + net.key).textContent = tested ? percent1(tested[i]) : '–';
      }, this);
      var gap = tested ? pointsAhead(tested[0], tested[1]) : '–';
      this.part('compare-' + pixels + '-gap').textContent = gap;
      this.part('compare-' + pixels + '-batches').textContent = training ? String(training.batches) : '–';
      if (training) {
        entry.run = training.run;
        entry.tested = training.tested;
      }
    }, this);
    this.root.dataset.results = JSON.stringify(results);
  };

  View.prototype.failed = function (err) {
    CnnDemos.setState(this.root, 'error', 'The demo stopped with an error: ' + (err && err.message || err));
  };

  /** Said once by screen readers (the figures above change too often to be announced). */
  View.prototype.announce = function (text) {
    this.part('announce').textContent = text;
  };

  Demo.View = View;
})(window.CnnDemos);
