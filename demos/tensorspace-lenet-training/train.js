/* tensorspace-lenet-training: the training loop. Start runs one batch after another until Stop;
   every MEASURE_EVERY batches the held-out accuracy is measured, and after each batch the page
   hears about it (told when it is time to show the chosen digit in 3D again). */
(function (CnnDemos) {
  'use strict';
  var Demo = CnnDemos.TensorspaceLenetTraining = CnnDemos.TensorspaceLenetTraining || {};
  var BATCH = 32;
  var SHOW_EVERY = 5; // batches between two 3D updates
  var MEASURE_EVERY = 20; // batches between two held-out accuracy measurements
  var HELD_OUT = 500; // held-out digits the accuracy is measured on

  function freshStats() {
    return { batches: 0, examples: 0, loss: null, accuracy: null, milliseconds: null };
  }

  /**
   * Trains model (model.js) on data (data.js), with the start / stop / reset of every demo that
   * trains in the page (demos/README.md). hooks.afterBatch(show): a batch has been trained
   * (show: time to show the chosen digit again); hooks.failed(err): training stopped with an
   * error. stats: {batches, examples, loss, accuracy, milliseconds}, milliseconds set by the
   * page (how long showing a digit took). state: stopped or running (it never ends by itself).
   */
  function Training(model, data, hooks) {
    this.model = model;
    this.data = data;
    this.hooks = hooks;
    this.heldOut = data.heldOut(HELD_OUT);
    this.stats = freshStats();
    this.state = 'stopped';
    this.loop = null;
  }

  /** The held-out accuracy of the network as it is now, into stats (those of now, should a reset
      come meanwhile). Resolves once measured. */
  Training.prototype.measure = async function () {
    var stats = this.stats;
    stats.accuracy = await this.model.accuracy(this.heldOut);
  };

  /** One step of training on the next batch. Resolves to the batch's loss. */
  Training.prototype.step = function () {
    var batch = this.data.nextBatch(BATCH);
    return this.model.network.trainOnBatch(batch.xs, batch.ys).then(function (result) {
      batch.xs.dispose();
      batch.ys.dispose();
      return result[0];
    });
  };

  Training.prototype._run = async function () {
    var stats = this.stats;
    while (this.state === 'running') {
      stats.loss = await this.step();
      stats.batches += 1;
      stats.examples += BATCH;
      if (stats.batches % MEASURE_EVERY === 0) await this.measure();
      this.hooks.afterBatch(stats.batches % SHOW_EVERY === 0);
      // Let the page breathe: clicks, the 3D scene (on the CPU backend nothing else would).
      await tf.nextFrame();
    }
  };

  /**
   * Train batch after batch (going on from where Stop left off) until Stop. Resolves once the
   * loop has ended, stopped or failed (failed: hooks.failed has been told); while running,
   * the same promise.
   */
  Training.prototype.start = function () {
    if (this.state === 'running') return this.loop;
    var self = this;
    this.state = 'running';
    // After the loop before, if it is still finishing its last batch: never two loops at once.
    this.loop = Promise.resolve(this.loop).then(function () {
      return CnnDemos.loadTraining(); // the page's training digits, loaded the first time
    }).then(function () { return self._run(); }).catch(function (err) {
      self.state = 'stopped';
      self.hooks.failed(err);
    });
    return this.loop;
  };

  /** Ask the loop to stop; resolves once the batch under way has finished. */
  Training.prototype.stop = function () {
    if (this.state === 'running') this.state = 'stopped';
    return Promise.resolve(this.loop);
  };

  /**
   * Stop, then back to random weights, no batches and a new order of the digits; measures the
   * accuracy again. Resolves once done.
   */
  Training.prototype.reset = function () {
    var self = this;
    return this.stop().then(function () {
      self.model.reset();
      self.data.restart();
      self.stats = freshStats();
      return self.measure();
    });
  };

  Demo.Training = Training;
})(window.CnnDemos);
