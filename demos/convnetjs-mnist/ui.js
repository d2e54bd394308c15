/* convnetjs-mnist: what the reader sees and hears: figures as text and data attributes,
   charts, the held-out grid, the own-digit result, messages. No training logic here. */
(function (CnnDemos) {
  'use strict';
  var Demo = CnnDemos.ConvnetjsMnist = CnnDemos.ConvnetjsMnist || {};
  var el = CnnDemos.el;
  var TRAIN_COLOUR = '#3f51b5', VALID_COLOUR = '#e65100', LOSS_COLOUR = '#00897b';
  // A saved network of the lab's largest size (400,000 weights, some 21 bytes each as JSON) is
  // under 10 MB; a file much larger is not one, and reading it as text would hold it all.
  var MAX_SNAPSHOT_BYTES = 32 * 1024 * 1024;

  function percentOrDash(v) {
    return isFinite(v) ? (100 * v).toFixed(1) + '%' : '–';
  }

  /** Paint a one-channel ConvNetJS volume (values 0..1) on a canvas of its size. */
  function paintVol(canvas, vol) {
    if (canvas.width !== vol.sx || canvas.height !== vol.sy) {
      canvas.width = vol.sx;
      canvas.height = vol.sy;
    }
    var ctx = canvas.getContext('2d'), image = ctx.createImageData(vol.sx, vol.sy);
    for (var i = 0; i < vol.sx * vol.sy; i++) {
      var v = Math.max(0, Math.min(255, Math.round(255 * vol.w[i])));
      image.data[i * 4] = image.data[i * 4 + 1] = image.data[i * 4 + 2] = v;
      image.data[i * 4 + 3] = 255;
    }
    ctx.putImageData(image, 0, 0);
  }

  function View(root) {
    var part = function (role) { return CnnDemos.part(root, role); };
    this.root = root;
    this.state = 'stopped';
    this.toggleButton = root.querySelector('[data-action="toggle"]');
    this.messageLine = part('message');
    this.figureCells = {};
    var cells = root.querySelectorAll('[data-figure]');
    for (var i = 0; i < cells.length; i++) this.figureCells[cells[i].dataset.figure] = cells[i];
    // Against examples seen, the axes fitted to the history as it grows.
    this.lossChart = new CnnDemos.LineChart(part('loss-chart'), { xTitle: 'examples seen' });
    this.accuracyChart = new CnnDemos.LineChart(part('accuracy-chart'), {
      xTitle: 'examples seen', yMax: 1, yLabel: function (v) { return Math.round(100 * v) + '%'; }
    });
    this.grid = part('grid');
    this.gridSummary = part('grid-summary');
    this.pad = part('pad');
    this.seen = part('seen');
    this.ownGuess = part('own-guess');
    this.ownResult = part('own-result');
    this.netText = part('net-text');
    this.netError = part('net-error');
    this.trainerForm = part('trainer-form');
    this.trainerError = part('trainer-error');
    this.loadInput = part('load-file');
    this.example = part('example');
    this.layers = new Demo.LayersView(part('layers'));
    CnnDemos.mnist.paint(null, this.seen);
  }

  /** Controls stay disabled until the data and the first network are ready. */
  View.prototype.enable = function () {
    var controls = this.root.querySelectorAll('button, input, select, textarea');
    for (var i = 0; i < controls.length; i++) controls[i].disabled = false;
  };

  /** state: the loop's, running or stopped; started: it has run (else it waits for the reader). */
  View.prototype.showTraining = function (state, started) {
    this.state = state;
    CnnDemos.markTraining(this.root, state);
    this.toggleButton.textContent = state === 'running' ? 'Pause training' :
      started ? 'Resume training' : 'Start training';
  };

  View.prototype.message = function (text, isError) {
    this.messageLine.textContent = text;
    this.messageLine.classList.toggle('is-error', !!isError);
  };

  /** mnist: what CnnDemos.loadSample() resolved to. */
  View.prototype.ready = function (mnist) {
    CnnDemos.setState(this.root, 'ready', 'Ready: ' + CnnDemos.thousands(mnist.train.count) + ' training ' +
      CnnDemos.dataset.nouns + ' and ' + CnnDemos.thousands(mnist.heldOutCount) + ' held-out ' +
      CnnDemos.dataset.nouns + ' (' + mnist.source + ').');
  };

  View.prototype.trainingStarted = function (resumed) {
    this.message(resumed ? 'Training resumed.' : 'Training started.');
  };

  View.prototype.trainingPaused = function (examplesSeen) {
    this.message('Training paused after ' + CnnDemos.thousands(examplesSeen) + ' examples.');
  };

  View.prototype.trainingFailed = function (err) {
    this.message('Training stopped: ' + (err && err.message || err), true);
  };

  View.prototype.newNetwork = function (net) {
    this.message('New network: ' + net.layers.length + ' layers, ' +
      CnnDemos.thousands(Demo.network.totalParameters(net)) + ' parameters, starting from random weights.');
  };

  /** The definition in the box could not be read (why: the reason, a sentence). */
  View.prototype.netRefused = function (why) {
    this.showNetError(why + ' The current network keeps training.');
  };

  View.prototype.startingNetworkBack = function () {
    this.message('The starting definition is back in the box; press “Change network” to train it.');
  };

  /** s: the trainer settings now in use. */
  View.prototype.trainerApplied = function (s) {
    this.showTrainerError(null);
    this.message('Trainer: ' + s.method + ', learning rate ' + s.learning_rate + ', momentum ' + s.momentum +
      ', batch ' + s.batch_size + ', weight decay ' + s.l2_decay + '.');
  };

  View.prototype.trainerRefused = function (why) {
    this.showTrainerError(why + ' The trainer keeps its previous settings.');
  };

  View.prototype.saved = function (name, examplesSeen) {
    this.message('Saved the network (after ' + CnnDemos.thousands(examplesSeen) + ' examples) as ' + name + '.');
  };

  View.prototype.loadedNetwork = function (name, net) {
    this.message('Loaded ' + name + ': ' + CnnDemos.thousands(Demo.network.totalParameters(net)) +
      ' parameters. Training goes on from its weights.');
  };

  /** The file name was read but holds no network this lab can train (why: a sentence). */
  View.prototype.loadRefused = function (name, why) {
    this.showLoadError(why);
    this.message('Could not load ' + name + ': ' + why + ' The current network keeps training.', true);
  };

  View.prototype.unreadable = function (name) {
    this.message('Could not read ' + name + '. The current network keeps training.', true);
  };

  View.prototype.showFigures = function (f, rate) {
    var c = this.figureCells, d = this.root.dataset;
    c['examples-seen'].textContent = f.examplesSeen.toLocaleString('en');
    c.rate.textContent = isFinite(rate) ? Math.round(rate).toLocaleString('en') : '–';
    c['forward-ms'].textContent = isFinite(f.forwardMs) ? CnnDemos.fixed(f.forwardMs, 2) + ' ms per example' : '–';
    c['backward-ms'].textContent = isFinite(f.backwardMs) ? CnnDemos.fixed(f.backwardMs, 2) + ' ms per example' : '–';
    c.loss.textContent = CnnDemos.fixed(f.loss, 3);
    c['l2-loss'].textContent = CnnDemos.fixed(f.l2Loss, 3);
    c['train-accuracy'].textContent = percentOrDash(f.trainAccuracy);
    c['valid-accuracy'].textContent = percentOrDash(f.validAccuracy) +
      (f.validCount ? ' of the last ' + f.validCount + ' held-out ' + CnnDemos.dataset.nouns : '');
    CnnDemos.markTraining(this.root, this.state, f.examplesSeen);
    if (isFinite(f.validAccuracy)) d.validationAccuracy = f.validAccuracy.toFixed(4);
    else delete d.validationAccuracy;
    d.validationCount = String(f.validCount);
    if (isFinite(f.trainAccuracy)) d.trainingAccuracy = f.trainAccuracy.toFixed(4);
    if (isFinite(f.loss)) d.loss = f.loss.toFixed(4);
    if (isFinite(rate)) d.examplesPerSecond = rate.toFixed(1);
  };

  View.prototype.drawCharts = function (history) {
    var loss = history.map(function (p) { return [p.seen, p.loss]; });
    this.lossChart.draw([{ points: loss, colour: LOSS_COLOUR }]);
    this.accuracyChart.draw([
      { points: history.map(function (p) { return [p.seen, p.trainAccuracy]; }), colour: TRAIN_COLOUR },
      { points: history.map(function (p) { return [p.seen, p.validAccuracy]; }), colour: VALID_COLOUR, dash: [5, 3] }
    ]);
  };

  /** items: [{vol, label, top: the three best guesses, [{index (the digit), value (its probability)}]}]. */
  View.prototype.showGrid = function (items) {
    var grid = this.grid, right = 0;
    while (grid.children.length > items.length) grid.removeChild(grid.lastChild);
    while (grid.children.length < items.length) {
      var li = el('li');
      var canvas = el('canvas', 'cnn-lab__digit');
      canvas.setAttribute('aria-hidden', 'true');
      li.appendChild(canvas);
      li.appendChild(el('span', 'cnn-lab__guesses'));
      grid.appendChild(li);
    }
    items.forEach(function (item, i) {
      var li = grid.children[i], ok = item.top[0].index === item.label;
      if (ok) right++;
      li.className = ok ? 'is-right' : 'is-wrong';
      li.dataset.label = String(item.label);
      li.dataset.guess = String(item.top[0].index);
      paintVol(li.firstChild, item.vol);
      li.lastChild.textContent = '';
      li.lastChild.appendChild(el('span', 'cnn-sr-only',
        CnnDemos.aClass(item.label) + (ok ? ', read right: ' : ', read wrong: ')));
      item.top.forEach(function (t, k) {
        li.lastChild.appendChild(el('span', 'cnn-lab__guess',
          CnnDemos.className(t.index) + ' ' + CnnDemos.percent(t.value) + (k < item.top.length - 1 ? ',' : '')));
      });
    });
    var share = items.length ? right / items.length : NaN;
    this.gridSummary.textContent = 'Right on ' + right + ' of these ' + items.length + ' held-out ' + CnnDemos.dataset.nouns + ' (' +
      percentOrDash(share) + '). Green: the top guess is right; red: it is wrong. Each shows its three best guesses.';
    this.root.dataset.gridAccuracy = isFinite(share) ? share.toFixed(4) : '';
  };

  View.prototype.showExample = function (example, source) {
    this.example.textContent = 'Current example: ' + CnnDemos.aClass(example.label) + ' from the ' + source +
      ' ' + CnnDemos.dataset.nouns + ', as the input layer sees it (a ' + example.vol.sx + ' × ' + example.vol.sy + ' crop). ' +
      'Each tile is scaled on its own from black (its lowest value) to white (its highest).';
  };

  /** announce: also say that the box is empty (the reader asked for a reading). */
  View.prototype.showOwnEmpty = function (announce) {
    CnnDemos.mnist.paint(null, this.seen);
    this.ownGuess.textContent = 'Draw ' + CnnDemos.aNoun() + ' in the box.';
    delete this.root.dataset.ownGuess;
    if (announce) this.announceOwn('The box is empty: draw ' + CnnDemos.aNoun() + ' first.');
  };

  View.prototype.ownCleared = function () {
    this.showOwnEmpty(false);
    this.announceOwn('Cleared.');
  };

  /**
   * top: the three best guesses for the reader's digit ([{index, value}], see CnnDemos.topK);
   * announce: say it aloud (stroke end).
   */
  View.prototype.showOwn = function (pixels, top, announce) {
    CnnDemos.mnist.paint(pixels, this.seen);
    var text = 'The network reads ' + CnnDemos.aClass(top[0].index) + ' (' + CnnDemos.percent(top[0].value) + '); then ' +
      top.slice(1).map(function (t) { return CnnDemos.className(t.index) + ' (' + CnnDemos.percent(t.value) + ')'; }).join(', ') + '.';
    this.ownGuess.textContent = text;
    this.root.dataset.ownGuess = String(top[0].index);
    if (announce) this.ownResult.textContent = text;
  };

  /** Said (not shown) about the reader's digit, e.g. that the box is empty. */
  View.prototype.announceOwn = function (text) {
    this.ownResult.textContent = text;
  };

  View.prototype.netDefinition = function () {
    return this.netText.value;
  };

  View.prototype.showNetDefinition = function (text) {
    this.netText.value = text;
    this.showNetError(null);
  };

  View.prototype.showNetError = function (text) {
    this.netError.textContent = text || '';
    this.netError.hidden = !text;
    this.netText.setAttribute('aria-invalid', text ? 'true' : 'false');
  };

  View.prototype.showTrainerError = function (text) {
    this.trainerError.textContent = text || '';
    this.trainerError.hidden = !text;
  };

  View.prototype.readTrainer = function () {
    var form = this.trainerForm, out = {};
    ['method', 'learning_rate', 'momentum', 'batch_size', 'l2_decay'].forEach(function (name) {
      out[name] = form.elements[name].value;
    });
    return out;
  };

  View.prototype.writeTrainer = function (s) {
    var form = this.trainerForm;
    Object.keys(s).forEach(function (name) {
      if (form.elements[name]) form.elements[name].value = String(s[name]);
    });
  };

  /** handler() when the reader applies the trainer settings (the form is not sent anywhere). */
  View.prototype.onApplyTrainer = function (handler) {
    this.trainerForm.addEventListener('submit', function (event) {
      event.preventDefault();
      handler();
    });
  };

  /** Hand the browser a file to save, as a download named name. */
  View.prototype.download = function (name, text) {
    var root = this.root;
    var url = URL.createObjectURL(new Blob([text], { type: 'application/json' }));
    var link = document.createElement('a');
    link.href = url;
    link.download = name;
    link.hidden = true;
    root.appendChild(link);
    link.click();
    root.removeChild(link);
    setTimeout(function () { URL.revokeObjectURL(url); }, 10000);
  };

  /**
   * When the reader chooses a file to load: read(name, text) once it is read,
   * unreadable(name) if the browser cannot read it, refused(name, why) if it is too large to
   * be one. The same file can be chosen again.
   */
  View.prototype.onLoadFile = function (read, unreadable, refused) {
    var input = this.loadInput;
    input.addEventListener('change', function () {
      var file = input.files && input.files[0];
      if (!file) return;
      if (file.size > MAX_SNAPSHOT_BYTES) {
        input.value = '';
        refused(file.name, 'it is ' + (file.size / 1048576).toFixed(1) + ' MB, and a network saved by this ' +
          'lab is under 10 MB (files over ' + MAX_SNAPSHOT_BYTES / 1048576 + ' MB are not read). ' +
          'Choose a network saved by this lab.');
        return;
      }
      var reader = new FileReader();
      reader.onload = function () {
        input.value = '';
        read(file.name, String(reader.result));
      };
      reader.onerror = function () {
        input.value = '';
        unreadable(file.name);
      };
      reader.readAsText(file);
    });
  };

  /** Why the last file could not be loaded (tests read it), or null once one loads. */
  View.prototype.showLoadError = function (message) {
    if (message) this.root.dataset.loadError = message;
    else delete this.root.dataset.loadError;
  };

  Demo.View = View;
})(window.CnnDemos);
