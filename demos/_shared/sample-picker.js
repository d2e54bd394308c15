/* Held-out digits offered beside a DigitPad: a button per digit (its picture; aria-pressed on
   the one shown) that puts it on the pad, where it gives way to the reader's own ink as soon as
   they start to draw. The buttons' look is .cnn-samples in cnn-demos.css.
   Needs cnn-demos.js, mnist-preprocess.js and digit-pad.js. */
(function (CnnDemos) {
  'use strict';

  /**
   * box: the element that holds the buttons (class cnn-samples, a labelled role="group");
   * pad: the DigitPad the digits go on. Give that pad
   *   onStrokeStart: function () { picker.giveWay(); }
   * so a digit shown on it is cleared before the reader's first stroke, and read the digit to
   * show in its onStrokeEnd: picker.shown is the sample on the pad, or null for a drawing.
   */
  function SamplePicker(box, pad) {
    this.box = box;
    this.pad = pad;
    this.samples = [];
    this.shown = null;
    this.root = box.closest('[data-cnn-demo]');
    var self = this;
    // A notebook chooses a held-out digit by its index (pad.sample = 3).
    CnnDemos.whenAsked(this.root, 'sample', function (index) {
      var found = self.samples.filter(function (s) { return s.index === index; });
      if (found.length) self.show(found[0]);
    });
  }

  /** samples: [{index, label, pixels}] (CnnDemos.sampleDigits), a button each, in that order. */
  SamplePicker.prototype.add = function (samples) {
    var self = this;
    samples.forEach(function (sample) {
      var button = document.createElement('button');
      button.type = 'button';
      button.dataset.sample = String(sample.index);
      button.setAttribute('aria-pressed', 'false');
      button.setAttribute('aria-label', 'Held-out ' + CnnDemos.dataset.noun + ' ' + sample.index + ', ' +
        CnnDemos.aClass(sample.label));
      var canvas = document.createElement('canvas');
      CnnDemos.mnist.paint(sample.pixels, canvas);
      canvas.setAttribute('aria-hidden', 'true');
      button.appendChild(canvas);
      button.addEventListener('click', function () { self.show(sample); });
      self.box.appendChild(button);
      self.samples.push(sample);
    });
    CnnDemos.tell(this.root, 'samples', this.samples);
  };

  /** Put a sample on the pad. The pad ends it like a stroke, so its onStrokeEnd shows it. */
  SamplePicker.prototype.show = function (sample) {
    this._mark(sample);
    this.pad.showDigit(sample.pixels);
  };

  /** Show the sample with the lowest index, if there is one: something to look at straight away. */
  SamplePicker.prototype.showFirst = function () {
    if (!this.samples.length) return;
    this.show(this.samples.reduce(function (a, b) { return a.index < b.index ? a : b; }));
  };

  /** Show the first sample of the given class (e.g. the page's chosen digit), else showFirst(). */
  SamplePicker.prototype.showLabel = function (label) {
    var found = this.samples.filter(function (s) { return s.label === label; });
    if (found.length) this.show(found[0]);
    else this.showFirst();
  };

  /** Clear the pad, and with it the sample on it. */
  SamplePicker.prototype.clear = function () {
    this.pad.clear();
    this._mark(null);
  };

  /** The reader starts to draw: a sample on the pad goes, so that only their ink is read. */
  SamplePicker.prototype.giveWay = function () {
    if (this.shown) this.clear();
  };

  SamplePicker.prototype._mark = function (sample) {
    this.shown = sample;
    var index = sample ? String(sample.index) : null;
    Array.prototype.forEach.call(this.box.children, function (button) {
      button.setAttribute('aria-pressed', String(button.dataset.sample === index));
    });
  };

  CnnDemos.SamplePicker = SamplePicker;
})(window.CnnDemos);
