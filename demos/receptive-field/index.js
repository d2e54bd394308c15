/* receptive-field: wiring. A digit (drawn, or held out) goes through LeNet; the reader picks a
   layer and a unit in it; the unit's field, worked out from the layers' definitions, is drawn
   on the input; an MLP unit stands beside it. */
(function (CnnDemos) {
  'use strict';
  var RF = CnnDemos.ReceptiveField;

  CnnDemos.eachEmbed('receptive-field', function (root) {
    var view = new RF.View(root);
    var net = null;
    var layer = null; // the chosen layer (a Net layer)
    var pixels = null; // the digit shown
    var outputs = null; // every layer's output for it

    function showUnit(unit) {
      view.showUnit(layer, unit, net.fieldOf(layer.name, unit.row, unit.col), pixels);
    }

    function chooseLayer(name) {
      var before = layer ? net.fieldOf(layer.name, view.grid.unit.row, view.grid.unit.col) : null;
      layer = net.layer(name);
      view.markLayer(name);
      // Keep looking at the same spot of the image: start on the unit whose field is centred
      // nearest to the last one's.
      view.showLayer(layer, outputs[name], before && net.unitNear(name, before, view.grid.unit.map));
      showUnit(view.grid.unit);
    }

    /** A pixel of the input picked: go to the unit whose field is centred nearest to it. */
    function pickPixel(pixel) {
      var spot = { top: pixel.row, bottom: pixel.row, left: pixel.col, right: pixel.col };
      var unit = net.unitNear(layer.name, spot, view.grid.unit.map);
      if (unit) view.grid.choose(unit);
    }

    /** Put a digit (or, for null, a blank image) through LeNet. sample: the held-out digit
        shown, or null for the reader's drawing. */
    function showDigit(shown, sample) {
      view.showInput(shown, sample);
      pixels = shown || new Float32Array(CnnDemos.PIXELS);
      outputs = net.outputsFor(pixels);
      view.showOutput(layer, outputs[layer.name]);
      view.showMlp(pixels);
      showUnit(view.grid.unit);
    }

    function strokeEnded() {
      if (!net) return;
      var sample = samples.shown;
      if (sample) showDigit(sample.pixels, sample);
      else showDigit(CnnDemos.mnist.fromCanvas(view.pad), null);
    }

    function clear() {
      samples.clear();
      if (net) showDigit(null);
    }

    // Held-out digits to put on the pad; one shown there gives way to the reader's own ink.
    var pad = new CnnDemos.DigitPad(view.pad, {
      onStrokeStart: function () { samples.giveWay(); }, onStrokeEnd: strokeEnded, onClear: clear
    });
    var samples = new CnnDemos.SamplePicker(view.samples, pad);
    CnnDemos.onAction(root, 'clear', function () { clear(); view.pad.focus(); });
    var kept = CnnDemos.keptDrawing.wire(root, function () { pad.clear(); clear(); });

    return Promise.all([RF.load(), CnnDemos.loadSample()]).then(function (loaded) {
      net = loaded[0];
      view.start(net, showUnit, pickPixel);
      samples.add(CnnDemos.sampleDigits(loaded[1].test, 1));
      var choices = net.choices();
      view.addLayers(choices, chooseLayer);
      outputs = net.outputsFor(new Float32Array(CnnDemos.PIXELS));
      chooseLayer(choices[0].name);
      if (!pad.isEmpty()) strokeEnded();
      else if (kept) pad.showInk(kept); // the reader's drawing from another page
      // Else start with the first held-out digit, so there is something to look at straight
      // away, and on the unit that answers it most strongly.
      else samples.showFirst();
      view.chooseStrongest(outputs[layer.name]);
      return CnnDemos.tfBackend();
    }).then(function (backend) {
      CnnDemos.readyOn(root, backend);
    });
  });
})(window.CnnDemos);
