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
   * Trains model (model.js) on data (data.js). hooks.afterBatch(show): a batch has been
   * trained (show: time to show the chosen digit again); hooks.failed(err): training stopped
   * with an error. stats: {batches, examples, loss, accuracy, milliseconds}, milliseconds set
   * by the page (how long showing a digit took).
   */
  function Training(model, data, hooks) {
    this.model = model;
    this.data = data;
    this.hooks = hooks;
    this.heldOut = data.heldOut(HELD_OUT);
    this.stats = freshStats();
    this.running = false;
    this.loop = null;
  }

  /** The held-out accuracy of the network as it is now, into stats. */
  Training.prototype.measure = function () {
    this.stats.accuracy = this.model.accuracy(this.heldOut);
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
    while (this.running) {
      stats.loss = await this.step();
      stats.batches += 1;
      stats.examples += BATCH;
      if (stats.batches % MEASURE_EVERY === 0) this.measure();
      this.hooks.afterBatch(stats.batches % SHOW_EVERY === 0);
      // Let the page breathe: clicks, the 3D scene (on the CPU backend nothing else would).
      await tf.nextFrame();
    }
  };

  /** Start the loop; false if it was already running. */
  Training.prototype.start = function () {
    if (this.running) return false;
    var self = this;
    this.running = true;
    this.loop = this._run().catch(function (err) {
      self.running = false;
      self.hooks.failed(err);
    });
    return true;
  };

  /** Ask the loop to stop; resolves once the batch under way has finished. */
  Training.prototype.stop = function () {
    var self = this;
    this.running = false;
    return Promise.resolve(this.loop).then(function () { self.loop = null; });
  };

  /** Back to random weights and no batches (call once stopped); measures the accuracy again. */
  Training.prototype.reset = function () {
    this.model.reset();
    this.data.restart();
    this.stats = freshStats();
    this.measure();
  };

  Demo.Training = Training;
})(window.CnnDemos);
