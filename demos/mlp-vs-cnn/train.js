/* mlp-vs-cnn: the two networks trained side by side. Each batch goes to both, in turn; both
   use the same optimiser with the same settings, and the same number of batches. Every few
   batches both are measured on held-out digits; once stopped, both can be tested on all the
   held-out digits, moved or not. A Lab keeps two such pairs (ordinary and shuffled pixels)
   and runs everything that uses the networks one thing after another. */
(function (CnnDemos) {
  'use strict';
  var Demo = CnnDemos.MlpVsCnn = CnnDemos.MlpVsCnn || {};
  var SETTINGS = Demo.SETTINGS = {
    batch: 32, // digits in a batch
    batches: 150, // batches in a full training run
    learningRate: 0.002, // for Adam, the same for both networks
    measureEvery: 25, // batches between two measurements on held-out digits
    liveHeldOut: 250, // held-out digits those measurements use
    lossWindow: 10, // the loss shown is the mean of this many last batches
    testChunk: 100 // digits sent through a network at once when testing
  };

  /** One of the networks with its own optimiser (both get an Adam with the same settings). */
  function Learner(spec, seed) {
    this.key = spec.key;
    this.name = spec.name;
    this.model = spec.build(seed);
    this.optimizer = tf.train.adam(SETTINGS.learningRate);
    this.parameters = this.model.countParams();
    this.layers = Demo.describe(this.model);
    this.seconds = 0; // spent learning, batches only
    this.losses = [];
  }

  /** One step of learning on batch {xs, ys}; resolves to the batch's loss. */
  Learner.prototype.learn = async function (batch) {
    var model = this.model, started = performance.now();
    var loss = this.optimizer.minimize(function () {
      return tf.losses.softmaxCrossEntropy(batch.ys, model.apply(batch.xs, { training: true }));
    }, true);
    var value = (await loss.data())[0];
    loss.dispose();
    this.seconds += (performance.now() - started) / 1000;
    this.losses.push(value);
    return value;
  };

  /** Mean loss of the last few batches, or null before the first. */
  Learner.prototype.recentLoss = function () {
    var last = this.losses.slice(-SETTINGS.lossWindow);
    if (!last.length) return null;
    return last.reduce(function (a, b) { return a + b; }, 0) / last.length;
  };

  /** Share of digits ({pixels, labels, count}) whose highest score is their label. */
  Learner.prototype.accuracy = async function (digits) {
    var model = this.model, chunk = SETTINGS.testChunk, right = 0;
    for (var start = 0; start < digits.count; start += chunk) {
      var n = Math.min(chunk, digits.count - start);
      var pixels = digits.pixels.subarray(start * CnnDemos.PIXELS, (start + n) * CnnDemos.PIXELS);
      var guesses = tf.tidy(function () {
        return model.predict(CnnDemos.pixelsToTensor(pixels, n)).argMax(1);
      });
      var values = await guesses.data();
      guesses.dispose();
      for (var i = 0; i < n; i++) if (values[i] === digits.labels[start + i]) right += 1;
    }
    return right / digits.count;
  };

  Learner.prototype.dispose = function () {
    this.model.dispose();
    this.optimizer.dispose();
  };

  /**
   * Both networks, trained side by side on digits (data.js), pixels shuffled or not. run
   * (1, 2, ...) seeds their starting weights and the order of the batches. hooks.afterBatch():
   * a batch has been learnt by both (other hooks are ignored).
   */
  function Training(digits, shuffled, run, hooks) {
    this.digits = digits;
    this.shuffled = shuffled;
    this.run = run;
    this.hooks = hooks;
    this.learners = Demo.NETWORKS.map(function (spec, i) { return new Learner(spec, 1000 * run + 100 * i); });
    this.batchSource = new Demo.Batches(digits, run, shuffled);
    this.live = digits.heldOut(0, shuffled, SETTINGS.liveHeldOut);
    this.batches = 0;
    this.measured = []; // [{batches, accuracy: [one per network]}]
    this.tested = {}; // shift -> [accuracy, one per network], for the networks as they are now
    this.running = false;
    this.loop = null;
  }

  Training.prototype.done = function () {
    return this.batches >= SETTINGS.batches;
  };

  /** Accuracy of each network on the live held-out digits, kept in measured. */
  Training.prototype.measure = async function () {
    var accuracy = [];
    for (var i = 0; i < this.learners.length; i++) accuracy.push(await this.learners[i].accuracy(this.live));
    this.measured.push({ batches: this.batches, accuracy: accuracy });
  };

  /** One batch, learnt by each network in turn. */
  Training.prototype.step = async function () {
    var batch = this.batchSource.next(SETTINGS.batch);
    try {
      for (var i = 0; i < this.learners.length; i++) await this.learners[i].learn(batch);
    } finally {
      batch.xs.dispose();
      batch.ys.dispose();
    }
    this.batches += 1;
    this.tested = {};
  };

  Training.prototype._run = async function () {
    if (!this.measured.length) await this.measure(); // the starting point: random weights
    while (this.running && !this.done()) {
      await this.step();
      if (this.batches % SETTINGS.measureEvery === 0 || this.done()) await this.measure();
      this.hooks.afterBatch();
      // Let the page breathe between batches: clicks, keys, the charts.
      await tf.nextFrame();
    }
    this.running = false;
  };

  /** Start (or go on with) the loop; resolves when it ends: stopped, or every batch done. */
  Training.prototype.start = function () {
    if (!this.running && !this.done()) {
      var self = this;
      this.running = true;
      this.loop = this._run().catch(function (err) {
        self.running = false;
        throw err;
      });
    }
    return Promise.resolve(this.loop);
  };

  /** Ask the loop to stop; resolves once the batch under way has finished. */
  Training.prototype.stop = function () {
    this.running = false;
    return Promise.resolve(this.loop).catch(function () {});
  };

  /** Test both networks as they are now on every held-out digit, moved shift pixels (and
      shuffled if this training shuffles); resolves to [accuracy, one per network]. */
  Training.prototype.test = async function (shift) {
    if (!this.tested[shift]) {
      await CnnDemos.loadHeldOut(); // every held-out digit, loaded the first time
      var digits = this.digits.heldOut(shift, this.shuffled);
      var batches = this.batches, accuracy = [];
      for (var i = 0; i < this.learners.length; i++) accuracy.push(await this.learners[i].accuracy(digits));
      if (batches === this.batches) this.tested[shift] = accuracy;
      return accuracy;
    }
    return this.tested[shift];
  };

  /** Free every tensor of both networks and their optimisers. */
  Training.prototype.dispose = function () {
    this.learners.forEach(function (learner) { learner.dispose(); });
  };

  /**
   * The two pairs of networks, one trained on ordinary digits and one on shuffled pixels, one
   * of them shown at a time; its start / stop / reset are those of every demo that trains in
   * the page (demos/README.md). Everything that uses the networks (training, a test, a reset, a
   * switch) waits its turn in one queue, so a test never meets a network half-way through a
   * batch. hooks: started(), afterBatch(), finished() (the loop has ended, stopped or done),
   * testing(shift), tested(shift, accuracy), deferred() (a test must wait for training to
   * stop), reset(), switched(), failed(err).
   */
  function Lab(digits, hooks) {
    this.digits = digits;
    this.hooks = hooks;
    this.trainings = { ordinary: null, shuffled: null };
    this.pixels = 'ordinary'; // which pair is shown
    this.shift = 0; // the held-out digits are moved by this many pixels for tests
    this.running = false; // Start pressed and not stopped since
    this.quiet = false; // stopped for a reset or a switch: no test when the loop ends
    this.switching = false;
    this.work = Promise.resolve(); // the queue
    this.pending = []; // shifts waiting to be tested
    this.testQueued = false;
    this.ended = Promise.resolve(); // what start() last returned
    this.renew(1);
  }

  /** The pair shown. */
  Lab.prototype.current = function () {
    return this.trainings[this.pixels];
  };

  Lab.prototype.shuffled = function () {
    return this.pixels === 'shuffled';
  };

  /** Run job (may return a promise) after everything queued before it; resolves after it. */
  Lab.prototype.enqueue = function (job) {
    var self = this;
    this.work = this.work.then(job).catch(function (err) {
      self.running = false;
      self.hooks.failed(err);
    });
    return this.work;
  };

  /** A fresh pair of networks for the pixels shown (the old pair freed). */
  Lab.prototype.renew = function (run) {
    if (this.current()) this.current().dispose();
    this.trainings[this.pixels] = new Training(this.digits, this.shuffled(), run, this.hooks);
    return this.current();
  };

  /**
   * Train the pair shown until the last batch or Stop (a finished pair: a new run first).
   * Resolves once the loop has ended, stopped, done or failed (failed: hooks.failed has been
   * told); while running, the same promise.
   */
  Lab.prototype.start = function () {
    var self = this;
    if (this.running || this.switching) return this.ended;
    this.running = true;
    this.ended = this.enqueue(async function () {
      if (!self.running) { // stopped before it began
        self.quiet = false;
        return;
      }
      var training = self.current();
      if (training.done()) training = self.renew(training.run + 1); // new weights, new order
      self.hooks.started();
      await CnnDemos.loadTraining(); // the page's training digits, loaded the first time
      await training.start();
      self.running = false;
      self.hooks.finished();
      // Test the networks as they are now, on unmoved digits too (for the table of ordinary and
      // shuffled pixels), unless they are about to be reset or hidden.
      if (!self.quiet) self.test([0]);
      self.quiet = false;
    });
    return this.ended;
  };

  /**
   * Stop training after the batch under way; quiet: without testing the networks then.
   * Resolves once the loop has ended.
   */
  Lab.prototype.stop = function (quiet) {
    if (this.running && quiet) this.quiet = true;
    this.running = false;
    this.current().stop();
    return this.enqueue(function () {});
  };

  /** The training state shown on the page: running, done (every batch of the run) or stopped. */
  Lab.prototype.state = function () {
    return this.running ? 'running' : this.current().done() ? 'done' : 'stopped';
  };

  /** Stop, then fresh networks with the first seed for the pixels shown; resolves once done. */
  Lab.prototype.reset = function () {
    var self = this;
    if (this.switching) return this.work;
    this.stop(true);
    return this.enqueue(function () {
      self.pending = [];
      self.renew(1);
      self.hooks.reset();
    });
  };

  /** Show the other pair; a pair never trained starts training at once. */
  Lab.prototype.toggle = function () {
    var self = this;
    if (this.switching) return;
    this.switching = true;
    this.stop(true);
    this.enqueue(function () {
      self.pending = [];
      self.pixels = self.shuffled() ? 'ordinary' : 'shuffled';
      if (!self.current()) self.renew(1);
      self.switching = false;
      self.hooks.switched();
      if (self.current().batches === 0) self.start();
      else self.test();
    }).then(function () { self.switching = false; });
  };

  /** Move the held-out digits by shift pixels, and test the networks on them. */
  Lab.prototype.moveTo = function (shift) {
    this.shift = shift;
    this.test();
  };

  /**
   * Test the pair shown on the held-out digits moved by this.shift (after extra shifts, if
   * given), once everything queued before has run; while training runs, once it stops.
   */
  Lab.prototype.test = function (extra) {
    var self = this;
    this.pending = this.pending.concat(extra || []);
    if (this.running) {
      this.hooks.deferred();
      return;
    }
    if (this.testQueued) return;
    this.testQueued = true;
    this.enqueue(async function () {
      self.testQueued = false;
      var last = self.shift, training = self.current();
      var shifts = self.pending.filter(function (s, i, all) { return s !== last && all.indexOf(s) === i; });
      shifts.push(last); // the slider's, last, so the last result shown is for it
      self.pending = [];
      for (var i = 0; i < shifts.length; i++) {
        if (self.running) { // training started meanwhile: the rest once it stops
          self.pending = shifts.slice(i);
          return;
        }
        if (!training.tested[shifts[i]]) self.hooks.testing(shifts[i]);
        var accuracy = await training.test(shifts[i]);
        self.hooks.tested(shifts[i], accuracy);
      }
      if (self.shift !== last) self.test(); // the slider moved meanwhile
    });
  };

  Demo.Training = Training;
  Demo.Lab = Lab;
})(window.CnnDemos);
