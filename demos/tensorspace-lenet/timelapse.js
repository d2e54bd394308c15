/* tensorspace-lenet: LeNet's training as a time-lapse. The build kept its weights before
   training and after chosen epochs, 8-bit quantised (lenet-snapshots.js); a snapshot is turned
   back into floats and set on the model the page already runs, so the 3D view, the filters
   and the probabilities all come from those weights. */
(function (CnnDemos) {
  'use strict';
  var Demo = CnnDemos.TensorspaceLenet = CnnDemos.TensorspaceLenet || {};

  function Timelapse(model, name) {
    this.model = model;
    this.snapshots = (window.CNN_DEMOS_SNAPSHOTS || {})[name] || [];
    this.decoded = {};
  }

  /** The floats of snapshot i, per layer: [{layer, tensors: [{shape, values}]}] (decoded once). */
  Timelapse.prototype._decode = function (i) {
    if (this.decoded[i]) return this.decoded[i];
    this.decoded[i] = this.snapshots[i].layers.map(function (layer) {
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

  /** Put snapshot i's weights into the model. */
  Timelapse.prototype.apply = function (i) {
    var model = this.model;
    this._decode(i).forEach(function (layer) {
      var tensors = layer.tensors.map(function (t) { return tf.tensor(t.values, t.shape); });
      model.getLayer(layer.layer).setWeights(tensors);
      tensors.forEach(function (t) { t.dispose(); });
    });
  };

  Timelapse.prototype.count = function () { return this.snapshots.length; };
  Timelapse.prototype.epoch = function (i) { return this.snapshots[i].epoch; };
  Timelapse.prototype.accuracy = function (i) { return this.snapshots[i].held_out_accuracy; };

  Demo.Timelapse = Timelapse;
})(window.CnnDemos);
