/* tfjs-vis-mnist: what the page shows besides the visor. Every chart in the visor also gets
   a text twin here (training log, layer table, per-digit table, confusion table), and step
   results go to aria-live regions. Tests read the data-* attributes set here. */
(function (CnnDemos) {
  'use strict';
  var Demo = CnnDemos.TfjsVisMnist = CnnDemos.TfjsVisMnist || {};
  var SETTINGS = {
    trainExamples: { min: 100, integer: true },
    epochs: { min: 1, max: 50, integer: true },
    batchSize: { min: 1, max: 1024, integer: true },
    learningRate: { min: 0.00001, max: 1, integer: false }
  };

  var el = CnnDemos.el;

  /** A function's source without the indentation it had inside its file. */
  function sourceOf(fn) {
    var lines = fn.toString().split('\n');
    var indent = Infinity;
    lines.slice(1).forEach(function (line) {
      if (line.trim()) indent = Math.min(indent, line.match(/^ */)[0].length);
    });
    if (!isFinite(indent)) return lines.join('\n');
    return [lines[0]].concat(lines.slice(1).map(function (line) {
      return line.slice(indent);
    })).join('\n');
  }

  function View(root) {
    this.root = root;
    this.pad = this.part('pad');
    this.stopButton = root.querySelector('[data-action="stop"]');
    this.stopHandler = null;
    this.stopRequested = false;
    this.examplesSeen = 0; // data-examples-seen: learnt from since the weights were new
    this.batchesDone = 0; // the same, in batches (a notebook's history counts them)
    this.progress = this.progress.bind(this);
    var self = this;
    this.stopButton.addEventListener('click', function () {
      if (!self.stopHandler) return;
      self.stopRequested = true;
      self.stopHandler();
      self.stopButton.disabled = true;
      self.part('train-status').textContent = 'Stopping after the current batch…';
    });
  }

  View.prototype.part = function (role) {
    return CnnDemos.part(this.root, role);
  };

  /** Each code box (data-code: the names of the step functions it shows) gets their source. */
  View.prototype.showListings = function (steps) {
    Array.prototype.forEach.call(this.root.querySelectorAll('[data-code]'), function (code) {
      code.textContent = code.dataset.code.split(' ').map(function (name) {
        return sourceOf(steps[name]);
      }).join('\n\n');
    });
  };

  View.prototype.button = function (name) {
    return this.root.querySelector('[data-action="' + name + '"]');
  };

  /**
   * The step (its <li>) whose button name is; its data-step-state changes only through its own
   * button (a step's second button, such as loadModel in step 9, shares its result line).
   */
  View.prototype.stepOf = function (name) {
    return this.button(name).closest('[data-step]');
  };

  function setStepState(step, name, state) {
    if (step.dataset.step === name) step.dataset.stepState = state;
  }

  /** A locked step becomes ready the first time its button may be pressed. */
  View.prototype.enableStep = function (name, enabled) {
    var step = this.stepOf(name);
    this.button(name).disabled = !enabled;
    if (enabled && step.dataset.stepState === 'locked') setStepState(step, name, 'ready');
  };

  View.prototype.stepRunning = function (name) {
    var step = this.stepOf(name);
    setStepState(step, name, 'running');
    step.querySelector('[data-role="result"]').textContent = 'Working…';
  };

  View.prototype.stepDone = function (name, message) {
    var step = this.stepOf(name);
    setStepState(step, name, 'done');
    step.querySelector('[data-role="result"]').textContent = message;
  };

  View.prototype.stepFailed = function (name, err) {
    var step = this.stepOf(name);
    if (this.root.dataset.training === 'running') CnnDemos.markTraining(this.root, 'stopped');  // training failed
    setStepState(step, name, 'error');
    step.querySelector('[data-role="result"]').textContent =
      'This step failed: ' + (err && err.message || err);
  };

  View.prototype.hasFocus = function (name) {
    return document.activeElement === this.button(name);
  };

  /** Training disables its button: the keyboard goes on to Stop. */
  View.prototype.focusStop = function () {
    if (!this.stopButton.disabled) this.stopButton.focus({ preventScroll: true });
  };

  /** Once a step is done, its button gets the focus back if the focus fell to the page. */
  View.prototype.giveFocusBack = function (name) {
    var active = document.activeElement, button = this.button(name);
    var lost = !active || active === document.body || active.disabled;
    if (lost && !button.disabled) button.focus({ preventScroll: true });
  };

  /** info: the saved model's info, or null when none is saved in this browser. */
  View.prototype.showStore = function (info) {
    this.root.dataset.store = 'available';
    this.part('keep-status').textContent = info
      ? 'A model you trained here before is saved in this browser (' +
        info.dateSaved.toLocaleString('en') + ').'
      : 'No model is saved in this browser yet.';
  };

  View.prototype.showStoreUnavailable = function (err) {
    this.root.dataset.store = 'unavailable';
    this.part('keep-status').textContent = 'This browser does not let the page use its storage ' +
      '(IndexedDB: ' + (err && err.message || err) + '), so a model cannot be kept here: ' +
      'download it instead.';
  };

  /** Ready for step 1; backend: the one TF.js runs on. */
  View.prototype.ready = function (backend) {
    this.root.dataset.backend = backend;
    this.part('backend').textContent = backend === 'webgl'
      ? 'TensorFlow.js runs on the webgl backend here: your graphics hardware does the sums.'
      : 'TensorFlow.js runs on the ' + backend + ' backend here (no WebGL), so training ' +
        'is slower: try fewer examples or epochs.';
    CnnDemos.setState(this.root, 'ready', 'Ready. Start with step 1.');
  };

  /** The model's weights are new (built, random, or loaded): it has learnt from no example here. */
  View.prototype.newWeights = function () {
    this.examplesSeen = 0;
    this.batchesDone = 0;
    CnnDemos.markTraining(this.root, 'stopped', 0);
  };

  View.prototype.progress = function (fraction, text) {
    var bar = this.part('progress');
    bar.value = fraction;
    bar.textContent = CnnDemos.percent(fraction);
    this.part('progress-text').textContent = text;
  };

  /** The training settings from the form, kept within sensible bounds (and shown so). */
  View.prototype.settings = function (data) {
    var out = {};
    var root = this.root;
    Object.keys(SETTINGS).forEach(function (name) {
      var input = root.querySelector('[data-setting="' + name + '"]');
      var rule = SETTINGS[name];
      var max = name === 'trainExamples' ? Demo.data.trainable(data) : rule.max;
      var value = Number(input.value);
      if (!isFinite(value) || value <= 0) value = Number(input.defaultValue);
      if (rule.integer) value = Math.round(value);
      value = Math.max(rule.min, Math.min(max, value));
      input.value = String(value);
      out[name] = value;
    });
    return out;
  };

  View.prototype.limitExamples = function (data) {
    var input = this.root.querySelector('[data-setting="trainExamples"]');
    input.max = String(Demo.data.trainable(data));
  };

  View.prototype.modelSummary = function (model) {
    var body = this.part('summary').querySelector('tbody');
    body.textContent = '';
    model.layers.forEach(function (layer) {
      var row = el('tr');
      row.dataset.layer = layer.getClassName();
      row.appendChild(el('td', '', layer.name));
      row.appendChild(el('td', '', layer.getClassName()));
      row.appendChild(el('td', '', JSON.stringify(layer.outputShape).replace(/null/g, 'batch')));
      row.appendChild(el('td', '', layer.countParams().toLocaleString('en')));
      body.appendChild(row);
    });
    this.part('summary').hidden = false;
  };

  View.prototype.onStop = function (handler) {
    this.stopHandler = handler;
    this.stopButton.disabled = !handler;
    if (handler) this.stopRequested = false;
  };

  /** Callbacks for model.fit that keep the text figures current and give the page a frame. */
  View.prototype.trainingLog = function (epochs, examples, batchSize) {
    var self = this;
    var status = this.part('train-status');
    var log = this.part('train-log');
    var batches = Math.ceil(examples / batchSize);
    var epoch = 0, seen = 0, started = 0, shownAt = 0;
    var before = this.examplesSeen;
    log.textContent = '';
    CnnDemos.markTraining(this.root, 'running', before);
    ['valAccuracy', 'trainAccuracy', 'epochsDone', 'trainSeconds', 'examplesPerSecond'].forEach(
      function (key) { delete self.root.dataset[key]; });
    return {
      onTrainBegin: function () { started = performance.now(); },
      onEpochBegin: function (e) { epoch = e; },
      onBatchEnd: function (batch, logs) {
        seen += logs.size || batchSize;
        self.examplesSeen = before + seen;
        self.batchesDone += 1;
        CnnDemos.markTraining(self.root, 'running', self.examplesSeen);
        CnnDemos.tell(self.root, 'progress', { batch: self.batchesDone, examples: self.examplesSeen,
          loss: logs.loss, accuracy: logs.acc });
        var now = performance.now();
        if (now - shownAt > 250 || batch === batches - 1) {
          shownAt = now;
          status.textContent = 'Epoch ' + (epoch + 1) + ' of ' + epochs + ', batch ' +
            (batch + 1) + ' of ' + batches + ': loss ' + CnnDemos.fixed(logs.loss, 3) + ', accuracy ' +
            CnnDemos.percent(logs.acc) + ' on this batch; ' +
            Math.round(seen / ((now - started) / 1000)) + ' ' + CnnDemos.dataset.nouns + ' a second.';
        }
        return tf.nextFrame();
      },
      onEpochEnd: function (e, logs) {
        var line = el('li', '', 'Epoch ' + (e + 1) + ': training loss ' + CnnDemos.fixed(logs.loss, 3) +
          ', accuracy ' + CnnDemos.percent(logs.acc) + '; validation loss ' +
          CnnDemos.fixed(logs.val_loss, 3) + ', accuracy ' + CnnDemos.percent(logs.val_acc) + '.');
        log.appendChild(line);
        self.root.dataset.epochsDone = String(e + 1);
        self.root.dataset.trainAccuracy = String(logs.acc);
        self.root.dataset.valAccuracy = String(logs.val_acc);
        var seconds = (performance.now() - started) / 1000;
        self.root.dataset.trainSeconds = seconds.toFixed(2);
        self.root.dataset.examplesPerSecond = (seen / seconds).toFixed(1);
      }
    };
  };

  View.prototype.trainingDone = function (valAccuracy, epochsRun) {
    var stopped = this.stopRequested;
    CnnDemos.markTraining(this.root, stopped ? 'stopped' : 'done', this.examplesSeen);
    var text = (stopped ? 'Stopped' : 'Finished') + ' after ' + epochsRun + ' epoch' +
      (epochsRun === 1 ? '' : 's') + ': ' + (valAccuracy === undefined
      ? 'no epoch completed, so no validation yet.'
      : CnnDemos.percent(valAccuracy) + ' of the validation ' + CnnDemos.dataset.nouns + ' right.');
    var root = this.root;
    if (root.dataset.trainSeconds) {
      this.part('train-status').textContent = 'Training took ' +
        Number(root.dataset.trainSeconds).toFixed(1) + ' s, ' + root.dataset.examplesPerSecond +
        ' ' + CnnDemos.dataset.nouns + ' a second on the ' + (root.dataset.backend || tf.getBackend()) + ' backend.';
    } else {
      this.part('train-status').textContent = text;
    }
    return text;
  };

  View.prototype.perClassTable = function (perClass) {
    var table = this.part('per-class');
    var body = table.querySelector('tbody');
    body.textContent = '';
    var right = 0, total = 0, worst = 0;
    perClass.forEach(function (entry, digit) {
      var row = el('tr');
      row.dataset.digit = String(digit);
      row.dataset.accuracy = String(entry.accuracy);
      row.appendChild(el('th', '', CnnDemos.className(digit)));
      row.lastChild.scope = 'row';
      row.appendChild(el('td', '', CnnDemos.percent(entry.accuracy)));
      row.appendChild(el('td', '', String(entry.count)));
      body.appendChild(row);
      right += entry.accuracy * entry.count;
      total += entry.count;
      if (entry.accuracy < perClass[worst].accuracy) worst = digit;
    });
    table.hidden = false;
    var overall = right / total;
    this.root.dataset.heldOutAccuracy = String(overall);
    var about = 'on ' + total + ' held-out ' + CnnDemos.dataset.nouns + ', after ' + CnnDemos.plural(this.examplesSeen || 0,
      'training example', 'training examples');
    CnnDemos.publish(this.root, 'held-out-accuracy', overall, about);
    CnnDemos.publish(this.root, 'hardest-class', CnnDemos.className(worst), about);
    return 'On ' + total + ' held-out ' + CnnDemos.dataset.nouns + ' the model is right ' + CnnDemos.percent(overall) +
      ' of the time; its hardest class is ' + CnnDemos.className(worst) + ' (' +
      CnnDemos.percent(perClass[worst].accuracy) + ').';
  };

  View.prototype.confusionTable = function (matrix) {
    var self = this;
    var table = this.part('confusion');
    var head = table.querySelector('thead tr');
    var body = table.querySelector('tbody');
    head.textContent = '';
    body.textContent = '';
    head.appendChild(el('th', '', 'true ↓ / read as →'));
    matrix.forEach(function (row, digit) { head.appendChild(el('th', '', CnnDemos.className(digit))); });
    var top = { count: 0 }, misread = 0, total = 0;
    matrix.forEach(function (counts, truth) {
      counts.forEach(function (count, read) {
        total += count;
        if (truth !== read) misread += count;
      });
    });
    CnnDemos.publish(this.root, 'misread', misread, 'of ' + total + ' held-out ' + CnnDemos.dataset.nouns);
    matrix.forEach(function (counts, truth) {
      var row = el('tr');
      var th = el('th', '', CnnDemos.className(truth));
      th.scope = 'row';
      row.appendChild(th);
      counts.forEach(function (count, read) {
        var cell = el('td', truth === read ? 'is-right' : (count ? 'is-wrong' : ''));
        if (count) {
          // Each cell opens to show its digits (a button: click, Enter or Space).
          var open = el('button', 'cnn-guided__cell', String(count));
          open.type = 'button';
          open.dataset.action = 'open-cell';
          open.dataset.truth = String(truth);
          open.dataset.read = String(read);
          open.setAttribute('aria-label', CnnDemos.plural(count, CnnDemos.dataset.noun, CnnDemos.dataset.nouns) +
            ' of class ' + CnnDemos.className(truth) + ' read as ' + CnnDemos.className(read) + ': show them');
          open.addEventListener('click', function () { self.openCell(truth, read, count); });
          cell.appendChild(open);
        } else {
          cell.textContent = '0';
        }
        row.appendChild(cell);
        if (truth !== read && count > top.count) top = { count: count, truth: truth, read: read };
      });
      body.appendChild(row);
    });
    table.hidden = false;
    return top.count
      ? 'The most common mistake: ' + CnnDemos.plural(top.count, 'held-out ' + CnnDemos.dataset.noun,
        'held-out ' + CnnDemos.dataset.nouns) + ' of class ' + CnnDemos.className(top.truth) + ' read as ' +
        CnnDemos.className(top.read) + '.'
      : 'No mistakes at all on the held-out ' + CnnDemos.dataset.nouns + '.';
  };

  /**
   * Show the held-out digits of one confusion-matrix cell with the network's three best answers;
   * this.cellExamples(truth, read, limit) (set by index.js) finds them with the trained model.
   */
  View.prototype.openCell = function (truth, read, count) {
    var CELL_LIMIT = 24;
    var box = this.part('cell'), list = this.part('cell-list'), said = this.part('cell-said');
    var found = this.cellExamples(truth, read, CELL_LIMIT);
    list.textContent = '';
    found.forEach(function (digit) {
      var item = el('li');
      var canvas = el('canvas', 'cnn-pixels');
      canvas.setAttribute('aria-hidden', 'true');
      CnnDemos.mnist.paint(digit.pixels, canvas);
      item.appendChild(canvas);
      item.appendChild(el('span', '', 'Held-out #' + digit.index + ': ' + digit.top.map(function (t) {
        return CnnDemos.className(t.index) + ' ' + CnnDemos.percent(t.value);
      }).join(', ')));
      list.appendChild(item);
    });
    box.hidden = false;
    said.textContent = CnnDemos.plural(count, 'held-out ' + CnnDemos.dataset.noun, 'held-out ' + CnnDemos.dataset.nouns) +
      ' of class ' + CnnDemos.className(truth) +
      (truth === read ? ' read correctly' : ' read as ' + CnnDemos.className(read)) +
      (found.length < count ? '; the first ' + found.length + ' shown' : '') +
      ', each with the network\u2019s three best answers.';
    this.root.dataset.cellShown = truth + ',' + read + ',' + found.length;
  };

  View.prototype.prediction = function (pixels, probabilities) {
    CnnDemos.mnist.paint(pixels, this.part('seen'));
    var top = CnnDemos.argmax(probabilities);
    var list = this.part('probabilities');
    list.textContent = '';
    probabilities.forEach(function (p, digit) {
      var item = el('li', digit === top ? 'is-top' : '', CnnDemos.className(digit) + ': ' + CnnDemos.percent(p));
      list.appendChild(item);
    });
    var out = this.part('prediction');
    out.dataset.predicted = String(top);
    out.dataset.probabilities = JSON.stringify(probabilities.map(function (p) {
      return Number(p.toFixed(6));
    }));
  };

  Demo.View = View;
})(window.CnnDemos);
