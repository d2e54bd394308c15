/* The weights a model kept during training (window.CNN_DEMOS_SNAPSHOTS[name], the "snapshots"
   extra written by builder/export/snapshot_script.py): per snapshot its epoch, its held-out
   accuracy (measured at build time with these very weights) and each layer's tensors, 8-bit
   quantised per tensor, turned back into floats here (value * step + min) once each.
   Needs cnn-demos.js. */
(function (CnnDemos) {
  'use strict';

  /** The snapshots of model `name`; none (count() 0) when the page has no snapshots script. */
  function TrainingSnapshots(name) {
    this.kept = (window.CNN_DEMOS_SNAPSHOTS || {})[name] || [];
    this.decoded = {};
  }

  TrainingSnapshots.prototype.count = function () { return this.kept.length; };
  TrainingSnapshots.prototype.epoch = function (i) { return this.kept[i].epoch; };
  TrainingSnapshots.prototype.accuracy = function (i) { return this.kept[i].held_out_accuracy; };

  /** The floats of snapshot i, per layer: [{layer, tensors: [{shape, values}]}] (decoded once). */
  TrainingSnapshots.prototype.weights = function (i) {
    if (this.decoded[i]) return this.decoded[i];
    this.decoded[i] = this.kept[i].layers.map(function (layer) {
      return {
        layer: layer.layer,
        tensors: layer.tensors.map(function (t) {
          var bytes = CnnDemos.base64ToBytes(t.data);
          var values = new Float32Array(bytes.length);
          for (var k = 0; k < bytes.length; k++) values[k] = bytes[k] * t.step + t.min;
          return { shape: t.shape, values: values };
        })
      };
    });
    return this.decoded[i];
  };

  CnnDemos.TrainingSnapshots = TrainingSnapshots;
})(window.CnnDemos);
