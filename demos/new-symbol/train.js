/* new-symbol: the two ways of learning the new symbol, and the queue that runs them.

   Teaching (fineTune) trains only the new eleven-way layer, on the 64 features the frozen
   layers give each example. Those features are computed once, so every step is one small
   matrix product: plain gradient descent on the whole set (the replayed old examples, then the
   reader's) at every step, no random batches, so the same steps in Keras give the same weights.
   Replaying old examples is what keeps the old classes: trained on the new symbol alone, the
   layer would learn that everything is the new symbol.

   Unfreezing (forgetLoop) trains every layer on the reader's examples alone, one batch (all of
   them) at a time, and measures the old classes' held-out accuracy after each batch: with
   nothing to remind it of the old classes, the network drifts away from them. It starts again
   from the site's network with the new column at zero, not from the taught one: the taught
   network already reads the reader's examples almost perfectly, so their loss, and with it
   every gradient, would be close to zero and nothing would move. Batch
   normalisation stays in inference mode (its learnt scale and shift still train): a batch of
   ten drawings of one symbol would otherwise replace its statistics at once, and the drop
   would show that rather than forgetting.

   Lab runs them one after another (a queue, as in mlp-vs-cnn) and keeps the training contract
   of demos/README.md: start(), stop(), reset(), each a promise. */
(function (CnnDemos) {
  'use strict';
  var Demo = CnnDemos.NewSymbol = CnnDemos.NewSymbol || {};
  var SETTINGS = Demo.SETTINGS = {
    replayPerClass: 20, // old examples of each class replayed beside the reader's
    heldOutPerClass: 20, // held-out examples of each class the teaching is measured on
    livePerClass: 10, // of those, the first few measured after every batch of every layer
    minExamples: 3, // drawings of the new symbol before Teach it can start
    fineTuneSteps: 150, // gradient descent steps on the whole set (features computed once)
    fineTuneRate: 0.5, // plain SGD
    reportEvery: 10, // steps between two progress reports
    forgetBatches: 20, // batches of the whole network on the reader's examples alone
    // Plain SGD, every layer. With ten stars, 0.002 took the old classes from 99% to 90% in 30
    // batches, 0.005 to 27% in three: 0.003 shows the fall as it happens, not only its end.
    forgetRate: 0.003
  };

  /**
   * Teach net's new head (made afresh) the set {pixels, labels, count}. onProgress(share, loss)
   * comes every few steps. Resolves to {seconds, losses: [first, last], examples}.
   */
  Demo.fineTune = async function (net, set, onProgress) {
    var started = performance.now();
    var head = net.newHead();
    var features = net.featuresOf(set.pixels, set.count);
    var targets = tf.tidy(function () { return tf.oneHot(tf.tensor1d(set.labels, 'int32'), Demo.CLASSES).toFloat(); });
    var optimizer = tf.train.sgd(SETTINGS.fineTuneRate);
    var losses = [];
    try {
      for (var step = 0; step < SETTINGS.fineTuneSteps; step++) {
        var loss = optimizer.minimize(function () {
          return tf.losses.softmaxCrossEntropy(targets, net.logits(features));
        }, true, [head.kernel, head.bias]);
        if (step === 0 || (step + 1) % SETTINGS.reportEvery === 0 || step + 1 === SETTINGS.fineTuneSteps) {
          losses.push((await loss.data())[0]);
          loss.dispose();
          if (onProgress) onProgress((step + 1) / SETTINGS.fineTuneSteps, losses[losses.length - 1]);
          await tf.nextFrame(); // let the progress bar and the reader's clicks through
        } else {
          loss.dispose();
        }
      }
    } finally {
      features.dispose();
      targets.dispose();
      optimizer.dispose();
    }
    return { seconds: (performance.now() - started) / 1000, losses: [losses[0], losses[losses.length - 1]],
      examples: SETTINGS.fineTuneSteps * set.count };
  };

  /**
   * Everything that uses the network, one thing after another. site: the page's recogniser;
   * data: data.js's Data. hooks: teaching(share, loss), taught(result), measured(result),
   * started(), afterBatch(point), finished(), reset(), failed(err).
   */
  function Lab(site, data, hooks) {
    this.site = site;
    this.data = data;
    this.hooks = hooks;
    this.net = new Demo.Network(site, true);
    this.work = Promise.resolve();
    this.waiting = 0; // jobs queued that have not begun
    this.measuringSite = false;
    this.running = false;
    this.ended = Promise.resolve();
    this.examplesSeen = 0;
    this.curve = []; // [{batches, old, symbol}] while unfrozen
    this.before = null; // the site's network on the held-out examples: {accuracy, guesses}
    this.taught = null; // the last teaching's result
  }

  Lab.prototype.enqueue = function (job) {
    var self = this;
    this.waiting += 1;
    this.work = this.work.then(function () {
      self.waiting -= 1;
      return job();
    }).catch(function (err) {
      self.running = false;
      self.hooks.failed(err);
    });
    return this.work;
  };

  /**
   * A job that only reads the network and does not wait (reading the pad): at once while the
   * site's first measurement is all that is under way, since that measurement never changes
   * the network and takes seconds on a phone; otherwise after everything queued.
   */
  Lab.prototype.readNow = function (job) {
    if (!this.measuringSite || this.waiting > 0) return this.enqueue(job);
    var self = this;
    return Promise.resolve().then(job).catch(function (err) { self.hooks.failed(err); });
  };

  /** The network now on held-out examples (all of them unless images): {accuracy, guesses, table}.
      paced: see Network.classify. */
  Lab.prototype.measure = async function (images, paced) {
    var held = images || this.data.heldOut, guesses = await this.net.classify(held, paced);
    return { accuracy: Demo.accuracy(held.labels, guesses), guesses: guesses, table: Demo.confusion(held.labels, guesses) };
  };

  /** The site's network measured once, the point every later figure is compared with. */
  Lab.prototype.measureSite = function () {
    var self = this;
    return this.enqueue(async function () {
      self.measuringSite = true;
      try {
        self.before = await self.measure(null, true);
      } finally {
        self.measuringSite = false;
      }
      self.hooks.measured(self.before);
    });
  };

  /** Fine-tune the last layer on the reader's examples and the replayed ones; resolves when done. */
  Lab.prototype.teach = function () {
    var self = this;
    return this.enqueue(async function () {
      await self.data.loadReplayed();
      var set = self.data.fineTuneSet();
      var run = await Demo.fineTune(self.net, set, self.hooks.teaching);
      self.examplesSeen += run.examples;
      self.curve = [];
      var after = await self.measure();
      var symbol = self.data.symbol(), own = await self.net.classify(symbol);
      self.taught = { run: run, before: self.before, after: after, symbolAccuracy: Demo.accuracy(symbol.labels, own),
        drawn: symbol.count };
      self.hooks.taught(self.taught);
    });
  };

  Lab.prototype.isTaught = function () {
    return !!this.net.head;
  };

  Lab.prototype.done = function () {
    return this.curve.length > 0 && this.curve[this.curve.length - 1].batches >= SETTINGS.forgetBatches;
  };

  Lab.prototype.state = function () {
    return this.running ? 'running' : this.done() ? 'done' : 'stopped';
  };

  /**
   * The whole network afresh: its own copy of the site's layers (the page's copy stays as
   * built) and a new eleven-way head, the new column at zero, all of it to be trained.
   */
  Lab.prototype.unfreeze = async function () {
    var copy = await CnnDemos.copyModel('recognizer');
    this.net.dispose();
    this.net = new Demo.Network(copy, false);
    this.net.newHead();
    this.taught = null;
    this.examplesSeen = 0;
  };

  Lab.prototype.forgetLoop = async function () {
    var self = this, symbol = this.data.symbol();
    var xs = CnnDemos.pixelsToTensor(symbol.pixels, symbol.count);
    var ys = tf.tidy(function () { return tf.oneHot(tf.tensor1d(symbol.labels, 'int32'), Demo.CLASSES).toFloat(); });
    var optimizer = tf.train.sgd(SETTINGS.forgetRate), weights = this.net.allWeights();
    try {
      if (!this.curve.length) {
        var first = await this.measure(this.data.live);
        this.curve.push({ batches: 0, old: first.accuracy, symbol: Demo.accuracy(symbol.labels, await this.net.classify(symbol)) });
        this.hooks.afterBatch(this.curve[0], first);
      }
      while (this.running && !this.done()) {
        var net = this.net;
        optimizer.minimize(function () { return tf.losses.softmaxCrossEntropy(ys, net.apply(xs)); }, false, weights);
        this.examplesSeen += symbol.count;
        var now = await this.measure(this.data.live);
        var point = { batches: this.curve[this.curve.length - 1].batches + 1, old: now.accuracy,
          symbol: Demo.accuracy(symbol.labels, await this.net.classify(symbol)) };
        this.curve.push(point);
        this.hooks.afterBatch(point, now);
        await tf.nextFrame();
      }
    } finally {
      xs.dispose();
      ys.dispose();
      optimizer.dispose();
    }
  };

  /**
   * Unfreeze and train every layer until the last batch or Stop (a new run, or one that is
   * done, starts from the site's network). Resolves once the loop has ended; while it runs, the same promise.
   */
  Lab.prototype.start = function () {
    var self = this;
    if (this.running) return this.ended;
    if (this.data.drawn.length === 0) {
      this.hooks.failed(new Error('add examples of your symbol first'));
      return Promise.resolve();
    }
    this.running = true;
    this.ended = this.enqueue(async function () {
      if (!self.running) return;
      if (!self.curve.length || self.done()) { // a new run, from the site's network
        self.curve = [];
        await self.unfreeze();
      }
      self.hooks.started();
      await self.forgetLoop();
      self.running = false;
      self.hooks.finished();
    });
    return this.ended;
  };

  /** Stop after the batch under way; resolves once the loop has ended. */
  Lab.prototype.stop = function () {
    this.running = false;
    return this.enqueue(function () {});
  };

  /** Stop, then the site's network again (no new class); resolves once done. */
  Lab.prototype.reset = function () {
    var self = this;
    this.stop();
    return this.enqueue(function () {
      self.net.dispose();
      self.net = new Demo.Network(self.site, true);
      self.examplesSeen = 0;
      self.curve = [];
      self.taught = null;
      self.hooks.reset();
    });
  };

  Demo.Lab = Lab;
})(window.CnnDemos);
