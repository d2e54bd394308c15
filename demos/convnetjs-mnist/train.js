/* convnetjs-mnist: training. A TrainingSession is one ConvNetJS net and its trainer, fed
   random training crops; every few steps one held-out digit is classified, so the validation
   accuracy follows the net as it learns; it keeps rolling figures and a history for the charts.
   A TrainingLoop runs the session in short slices, one per animation frame, and calls the
   page's refreshes on their own schedule. Needs convnetjs, data.js and model.js. */
(function (CnnDemos) {
  'use strict';
  var Demo = CnnDemos.ConvnetjsMnist = CnnDemos.ConvnetjsMnist || {};

  var VALIDATE_EVERY = 4; // training steps per held-out check
  var BUDGET_MS = 10; // training work per animation frame
  var VIEWS_EVERY_MS = 700; // figures, charts, layer views, own digit
  var GRID_EVERY_MS = 3000; // a fresh set of held-out digits
  var RATE_SPAN_MS = 3000; // examples per second over about this long
  var HISTORY_POINTS = 400; // the charts keep at most this many points, evenly thinned
  var TRAINER_DEFAULTS = { method: 'adadelta', learning_rate: 0.01, momentum: 0.9, batch_size: 20, l2_decay: 0.001 };
  var METHODS = ['adadelta', 'adagrad', 'windowgrad', 'sgd'];

  /** The mean of the last `size` numbers pushed. */
  function Rolling(size) {
    this.size = size;
    this.values = [];
    this.sum = 0;
  }
  Rolling.prototype.push = function (v) {
    this.values.push(v);
    this.sum += v;
    if (this.values.length > this.size) this.sum -= this.values.shift();
  };
  Rolling.prototype.mean = function () {
    return this.values.length ? this.sum / this.values.length : NaN;
  };
  Rolling.prototype.count = function () {
    return this.values.length;
  };

  /** Check trainer settings from the form; returns a clean copy or throws. */
  function checkTrainer(s) {
    var out = {
      method: s.method,
      learning_rate: Number(s.learning_rate),
      momentum: Number(s.momentum),
      batch_size: Number(s.batch_size),
      l2_decay: Number(s.l2_decay)
    };
    if (METHODS.indexOf(out.method) < 0) throw new Error('Method must be one of ' + METHODS.join(', ') + '.');
    if (!(out.learning_rate > 0 && out.learning_rate <= 10)) throw new Error('Learning rate must be a number above 0 and at most 10.');
    if (!(out.momentum >= 0 && out.momentum < 1)) throw new Error('Momentum must be at least 0 and below 1.');
    if (!(Math.floor(out.batch_size) === out.batch_size && out.batch_size >= 1 && out.batch_size <= 1000)) {
      throw new Error('Batch size must be a whole number from 1 to 1000.');
    }
    if (!(out.l2_decay >= 0 && out.l2_decay <= 1)) throw new Error('Weight decay must be from 0 to 1.');
    return out;
  }

  function TrainingSession(feed, settings) {
    this.feed = feed;
    this.settings = checkTrainer(settings || TRAINER_DEFAULTS);
    this.net = null;
    this.trainer = null;
    this.inputSize = 24;
    this.last = null; // the last training example: the layer views show it
    this.gradients = null; // conv filter gradients copied just before a batch update
    this.wantGradients = true;
  }

  /** Start over with a new net (new figures, new history). */
  TrainingSession.prototype.useNet = function (net, inputSize, examplesSeen) {
    this.net = net;
    this.inputSize = inputSize;
    this.trainer = new convnetjs.Trainer(net, this.settings);
    this.resetFigures(examplesSeen || 0);
    // Until the page's training digits are in (CnnDemos.loadTraining), the views show a held-out one.
    this.last = this.feed.train.images ? this.feed.trainingExample(inputSize) : this.feed.heldOutExample(inputSize);
    this.gradients = null;
    this.wantGradients = true;
  };

  TrainingSession.prototype.resetFigures = function (examplesSeen) {
    this.examplesSeen = examplesSeen;
    this.forwardMs = new Rolling(200);
    this.backwardMs = new Rolling(200);
    this.loss = new Rolling(200);
    this.l2Loss = new Rolling(20);
    this.trainRight = new Rolling(200);
    this.validRight = new Rolling(200);
    this.history = [];
    this.historyEvery = 50;
    this.trainingMs = 0;
  };

  /** Change trainer settings; training goes on with the same weights. */
  TrainingSession.prototype.applySettings = function (settings) {
    var s = checkTrainer(settings), t = this.trainer;
    if (t && s.method !== t.method) {
      // Each method keeps its own running sums: start them afresh, keep the weights.
      t.gsum = [];
      t.xsum = [];
    }
    this.settings = s;
    if (t) Object.keys(s).forEach(function (k) { t[k] = s[k]; });
    return s;
  };

  TrainingSession.prototype._trainOne = function () {
    var t = this.trainer, ex = this.feed.trainingExample(this.inputSize);
    if (this.wantGradients && t.batch_size > 1 && (t.k + 1) % t.batch_size === 0) {
      this._copyGradients(); // the next step applies (and clears) the batch's gradients
    }
    var r = t.train(ex.vol, ex.label);
    this.forwardMs.push(r.fwd_time);
    this.backwardMs.push(r.bwd_time);
    this.loss.push(r.cost_loss);
    if (t.k % t.batch_size === 0) this.l2Loss.push(r.l2_decay_loss);
    this.trainRight.push(this.net.getPrediction() === ex.label ? 1 : 0);
    this.last = ex;
    this.examplesSeen++;
    if (this.examplesSeen % VALIDATE_EVERY === 0) {
      var held = this.feed.heldOutExample(this.inputSize);
      this.net.forward(held.vol, false);
      this.validRight.push(this.net.getPrediction() === held.label ? 1 : 0);
    }
    if (this.examplesSeen % this.historyEvery === 0) this._record();
  };

  TrainingSession.prototype._copyGradients = function () {
    this.gradients = this.net.layers.map(function (L) {
      return L.layer_type === 'conv' ? L.filters.map(function (f) { return Float64Array.from(f.dw); }) : null;
    });
    this.wantGradients = false;
  };

  TrainingSession.prototype._record = function () {
    this.history.push({
      seen: this.examplesSeen,
      loss: this.loss.mean(),
      trainAccuracy: this.trainRight.mean(),
      validAccuracy: this.validRight.mean()
    });
    if (this.history.length > HISTORY_POINTS) {
      this.history = this.history.filter(function (p, i) { return i % 2 === 1; });
      this.historyEvery *= 2;
    }
  };

  /** Train for about budgetMs milliseconds (at least one example); returns examples trained. */
  TrainingSession.prototype.trainFor = function (budgetMs) {
    var start = performance.now(), n = 0;
    do {
      this._trainOne();
      n++;
    } while (performance.now() - start < budgetMs);
    this.trainingMs += performance.now() - start;
    return n;
  };

  /** Class probabilities (10 numbers) for a volume of the input size. */
  TrainingSession.prototype.probabilities = function (vol) {
    return Array.from(this.net.forward(vol, false).w);
  };

  /** Run the last training example through the net (without learning) for the layer views. */
  TrainingSession.prototype.showExample = function () {
    this.net.forward(this.last.vol, false);
    this.wantGradients = true;
    return this.last;
  };

  TrainingSession.prototype.figures = function () {
    return {
      examplesSeen: this.examplesSeen,
      forwardMs: this.forwardMs.mean(),
      backwardMs: this.backwardMs.mean(),
      loss: this.loss.mean(),
      l2Loss: this.l2Loss.mean(),
      trainAccuracy: this.trainRight.mean(),
      validAccuracy: this.validRight.mean(),
      validCount: this.validRight.count()
    };
  };

  /**
   * Trains session in slices of about BUDGET_MS per animation frame while running, with the
   * start / stop of every demo that trains in the page (demos/README.md; no reset: a new
   * network is a new session.useNet). Between slices it calls hooks.views(examplesPerSecond)
   * every VIEWS_EVERY_MS (figures, charts, layer views) and hooks.grid() every GRID_EVERY_MS (a
   * frame without training: held-out digits); hooks.failed(err) if a frame throws, then stops.
   * state: stopped or running (it never ends by itself); started: it has run at least once.
   */
  function TrainingLoop(session, hooks) {
    this.session = session;
    this.hooks = hooks;
    this.state = 'stopped';
    this.started = false;
    this.frame = 0;
    this.lastViews = -Infinity;
    this.lastGrid = -Infinity;
    this.rateSamples = [];
    this.ended = Promise.resolve();
    this.end = function () {};
    this.tick = this.tick.bind(this);
  }

  TrainingLoop.prototype.tick = function () {
    this.frame = 0;
    if (this.state !== 'running') return;
    var now = performance.now();
    try {
      if (now - this.lastGrid >= GRID_EVERY_MS) this.grid(now); // this frame's work: no training
      else this.session.trainFor(BUDGET_MS);
      if (now - this.lastViews >= VIEWS_EVERY_MS) this.views(now);
    } catch (err) {
      this.stop();
      this.hooks.failed(err);
      return;
    }
    this.frame = requestAnimationFrame(this.tick);
  };

  /** Train until stop(); resolves once stopped (or failed); while running, the same promise. */
  TrainingLoop.prototype.start = function () {
    if (this.state === 'running') return this.ended;
    var self = this;
    this.state = 'running';
    this.started = true;
    this.rateSamples = [];
    this.ended = new Promise(function (resolve) { self.end = resolve; });
    // The page's training digits, loaded the first time: the first frame waits for them.
    CnnDemos.loadTraining().then(function () {
      if (self.state === 'running' && !self.frame) self.frame = requestAnimationFrame(self.tick);
    }, function (err) {
      self.stop();
      self.hooks.failed(err);
    });
    return this.ended;
  };

  /** Stop training; the slice under way has always finished (it runs within one frame). */
  TrainingLoop.prototype.stop = function () {
    this.state = 'stopped';
    if (this.frame) cancelAnimationFrame(this.frame);
    this.frame = 0;
    this.end();
    return this.ended;
  };

  /** Refresh the views now (and count from now to the next refresh). */
  TrainingLoop.prototype.views = function (now) {
    this.lastViews = now;
    this.hooks.views(this._rate(now));
  };

  /** Refresh the held-out grid now (and count from now to the next refresh). */
  TrainingLoop.prototype.grid = function (now) {
    this.lastGrid = now;
    this.hooks.grid();
  };

  /** Examples per second over about the last RATE_SPAN_MS while running; NaN otherwise. */
  TrainingLoop.prototype._rate = function (now) {
    var samples = this.rateSamples;
    if (this.state !== 'running') {
      this.rateSamples = [];
      return NaN;
    }
    samples.push({ time: now, seen: this.session.examplesSeen });
    while (samples.length > 2 && now - samples[1].time > RATE_SPAN_MS) samples.shift();
    if (samples.length < 2) return NaN;
    var a = samples[0], b = samples[samples.length - 1];
    return b.time > a.time ? 1000 * (b.seen - a.seen) / (b.time - a.time) : NaN;
  };

  Demo.TrainingSession = TrainingSession;
  Demo.TrainingLoop = TrainingLoop;
  Demo.TRAINER_DEFAULTS = TRAINER_DEFAULTS;
  Demo.METHODS = METHODS;
})(window.CnnDemos);
