/* tensorspace-lenet: what the reader sees and hears, apart from the 3D scene itself. */
(function (CnnDemos) {
  'use strict';
  var Demo = CnnDemos.TensorspaceLenet = CnnDemos.TensorspaceLenet || {};

  function View(root) {
    this.root = root;
    this.pad = CnnDemos.part(root, 'pad');
    this.space = CnnDemos.part(root, 'space');
    this.result = CnnDemos.part(root, 'result');
    this.samples = CnnDemos.part(root, 'samples');
    this.digits = CnnDemos.part(root, 'digits');
  }

  View.prototype.showProbabilities = function (probs) {
    var top = CnnDemos.showDigitScores(this.digits, probs);
    this.root.dataset.predicted = String(top);
    return top;
  };

  /** what: how the digit came, e.g. "your drawing" or "held-out digit 12 (a 3)". */
  /** sample: the held-out digit read ({index, label}), or null for the reader's drawing. */
  View.prototype.announce = function (probs, sample) {
    var what = sample ? 'held-out ' + CnnDemos.dataset.noun + ' ' + sample.index + ' (' +
      CnnDemos.aClass(sample.label) + ')' : 'your drawing';
    var top = CnnDemos.argmax(probs);
    this.result.textContent = 'LeNet reads ' + what + ' as ' + CnnDemos.aClass(top) + ' (' +
      CnnDemos.percent(probs[top]) + ' sure).';
  };

  /** Said when the reader asks LeNet to read an empty box. */
  View.prototype.announceEmpty = function () {
    this.result.textContent = 'The box is empty: draw ' + CnnDemos.aNoun() + ' first.';
  };

  /** How many times the 3D view has been asked to show a digit (tests read it). */
  View.prototype.countUpdates = function (space) {
    this.root.dataset.viewUpdates = String(space.updates);
  };

  /** The time-lapse slider: one step per snapshot, starting at the trained network (the last). */
  /** The time-lapse's slider waits, disabled, for the weights kept during training. */
  View.prototype.waitForTimelapse = function () {
    this.slider = this.root.querySelector('[data-setting="snapshot"]');
    this.sliderSaid = CnnDemos.part(this.root, 'snapshot-said');
    this.slider.disabled = true;
    this.sliderSaid.textContent = 'Loading the weights LeNet had during its training…';
  };

  View.prototype.timelapseFailed = function (err) {
    this.sliderSaid.textContent = 'The weights kept during training could not be loaded: ' +
      (err && err.message || err) + '.';
  };

  View.prototype.setUpTimelapse = function (timelapse) {
    if (!timelapse.count()) {
      CnnDemos.part(this.root, 'timelapse').hidden = true;
      return;
    }
    this.sliderSaid.textContent = '';
    this.slider.disabled = false;
    this.slider.max = String(timelapse.count() - 1);
    this.slider.value = this.slider.max;
    this.showSnapshot(timelapse, timelapse.count() - 1, false);
  };

  /** Say which snapshot is shown: on the slider (aria-valuetext) and in the live line. */
  View.prototype.showSnapshot = function (timelapse, i, announce) {
    var epoch = timelapse.epoch(i), last = timelapse.epoch(timelapse.count() - 1);
    var when = epoch === 0 ? 'before training (random weights)' : 'after epoch ' + epoch + ' of ' + last;
    var text = 'LeNet ' + when + ': it reads ' + CnnDemos.percent(timelapse.accuracy(i)) +
      ' of the held-out ' + CnnDemos.dataset.nouns + ' correctly with these 8-bit weights.';
    this.slider.setAttribute('aria-valuetext', when);
    this.root.dataset.snapshotEpoch = String(epoch);
    if (announce || !this.sliderSaid.textContent) this.sliderSaid.textContent = text;
  };

  View.prototype.showEmpty = function () {
    CnnDemos.showDigitScores(this.digits, null);
    delete this.root.dataset.predicted;
    this.result.textContent = 'Draw ' + CnnDemos.aNoun() + ' in the box.';
  };

  Demo.View = View;
})(window.CnnDemos);
