/* tensorspace-lenet: the first convolution layer's filters, each 5 x 5 weights drawn as
   shades, with a legend saying which weight each shade stands for. Redrawn whenever the
   weights change (the time-lapse). */
(function (CnnDemos) {
  'use strict';
  var Demo = CnnDemos.TensorspaceLenet = CnnDemos.TensorspaceLenet || {};
  var SCALE = 8; // screen pixels per weight

  function FiltersView(root) {
    this.list = CnnDemos.part(root, 'filters');
    this.legend = CnnDemos.part(root, 'filters-legend');
  }

  /** Draw the filters of the model's first convolution (one input channel), on a shared scale. */
  FiltersView.prototype.show = function (model) {
    var layer = model.layers.find(function (l) { return l.getClassName() === 'Conv2D'; });
    if (!layer) return;
    var kernel = layer.getWeights()[0]; // [height, width, 1, filters]
    var shape = kernel.shape, values = kernel.dataSync();
    var h = shape[0], w = shape[1], n = shape[3];
    var reach = 0;
    for (var i = 0; i < values.length; i++) reach = Math.max(reach, Math.abs(values[i]));
    reach = reach || 1;
    this.list.textContent = '';
    for (var f = 0; f < n; f++) {
      var item = document.createElement('li');
      var canvas = document.createElement('canvas');
      canvas.width = w * SCALE;
      canvas.height = h * SCALE;
      canvas.setAttribute('role', 'img');
      var ctx = canvas.getContext('2d');
      var strongest = 0;
      for (var y = 0; y < h; y++) {
        for (var x = 0; x < w; x++) {
          var v = values[((y * w + x) * shape[2]) * n + f];
          if (Math.abs(v) > Math.abs(strongest)) strongest = v;
          var shade = Math.round(255 * (v + reach) / (2 * reach));
          ctx.fillStyle = 'rgb(' + shade + ',' + shade + ',' + shade + ')';
          ctx.fillRect(x * SCALE, y * SCALE, SCALE, SCALE);
        }
      }
      canvas.setAttribute('aria-label', 'Filter ' + (f + 1) + ': its strongest weight is ' +
        CnnDemos.fixed(strongest, 2, { minus: true }));
      item.appendChild(canvas);
      this.list.appendChild(item);
    }
    CnnDemos.legend(this.legend, -reach, reach, {
      names: ['black', 'white'], about: 'mid grey is 0; the same scale for all ' + n + ' filters'
    });
  };

  Demo.FiltersView = FiltersView;
})(window.CnnDemos);
