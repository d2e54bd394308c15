/* tensorspace-lenet: LeNet's training as a time-lapse. The build kept its weights before
   training and after chosen epochs (lenet-snapshots.js, decoded by training-snapshots.js); a
   snapshot is set on the model the page already runs, so the 3D view, the filters and the
   probabilities all come from those weights. */
(function (CnnDemos) {
  'use strict';
  var Demo = CnnDemos.TensorspaceLenet = CnnDemos.TensorspaceLenet || {};

  function Timelapse(model, name) {
    this.model = model;
    this.snapshots = new CnnDemos.TrainingSnapshots(name);
  }

  /** Put snapshot i's weights into the model. */
  Timelapse.prototype.apply = function (i) {
    var model = this.model;
    this.snapshots.weights(i).forEach(function (layer) {
      var tensors = layer.tensors.map(function (t) { return tf.tensor(t.values, t.shape); });
      model.getLayer(layer.layer).setWeights(tensors);
      tensors.forEach(function (t) { t.dispose(); });
    });
  };

  Timelapse.prototype.count = function () { return this.snapshots.count(); };
  Timelapse.prototype.epoch = function (i) { return this.snapshots.epoch(i); };
  Timelapse.prototype.accuracy = function (i) { return this.snapshots.accuracy(i); };

  Demo.Timelapse = Timelapse;
})(window.CnnDemos);
