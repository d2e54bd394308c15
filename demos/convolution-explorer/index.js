/* convolution-explorer: wiring. An image and a filter (from data.js or the reader's edits), the
   stride, padding and ReLU from the controls, go through model.js into a scene the view shows;
   the sweep says how far the window has gone, moved by the player, the buttons or by hand. */
(function (CnnDemos) {
  'use strict';
  var Demo = CnnDemos.ConvolutionExplorer;

  CnnDemos.eachEmbed('convolution-explorer', function (root) {
    var view = new Demo.View(root);
    var images = { patch: Demo.PATCH }; // by the input control's value
    var filters = {}; // trained filters by the filter control's value
    var image = Demo.PATCH;
    var filter = Demo.preset('vertical', 3);
    var sweep = new Demo.Sweep(0);
    var scene = null;
    var player = new Demo.Player(playStep, playEnded);

    // ---- computing and showing ----

    /** Recompute the whole map from the current image, filter and settings, and show it. */
    function compute(imageChanged) {
      var s = view.read();
      var pad = Demo.padFor(filter.k, s.padding);
      var map = Demo.convolve(image.values, image.n, filter.weights, filter.k, filter.bias, s.stride, pad);
      if (s.relu) map.values = Demo.relu(map.values);
      if (map.size !== sweep.size) sweep.resize(map.size);
      var range = 0;
      map.values.forEach(function (v) { range = Math.max(range, Math.abs(v)); });
      scene = {
        image: image, filter: filter, stride: s.stride, padding: s.padding, pad: pad, relu: s.relu,
        working: Demo.sizeWorking(image.n, filter.k, s.stride, pad), map: map, range: range || 1,
        sweep: sweep, imageChanged: imageChanged
      };
      locate();
      view.showScene(scene);
      CnnDemos.publish(root, 'output-size', map.size, 'a ' + CnnDemos.dims(filter.k, filter.k) + ' filter at stride ' +
        s.stride + ', padding ' + s.padding + ', on a ' + CnnDemos.dims(image.n, image.n) + ' input',
      { size: filter.k, stride: s.stride, padding: s.padding, input: image.n });
    }

    function locate() {
      var w = scene.window = Demo.windowAt(image.values, image.n, filter.weights, filter.k, filter.bias,
        scene.stride, scene.pad, sweep.row, sweep.col);
      var s = view.read();
      CnnDemos.publish(root, 'output-at-window', scene.relu ? Math.max(0, w.value) : w.value, 'the window at row ' + w.row +
        ', column ' + w.col + (scene.relu ? ', after the ReLU' : ''), { row: w.row, col: w.col, input: s.input,
        filter: s.filter, size: filter.k, stride: scene.stride, padding: scene.padding, relu: scene.relu });
    }

    function moved(all) {
      locate();
      view.showMove(scene, all);
    }

    // ---- moving the window ----

    function playStep() {
      if (!sweep.step()) return false;
      moved(false);
      return true;
    }

    function playEnded() {
      view.setPlaying(false);
      view.announce(view.describeEnd(scene));
    }

    function pause(say) {
      if (!player.playing) return;
      player.pause();
      view.setPlaying(false);
      if (say) view.announce(view.describePause(scene));
    }

    CnnDemos.onAction(root, 'play', function () {
      if (player.playing) return pause(true);
      if (sweep.isLast()) {
        sweep.restart();
        moved(true);
      }
      view.setPlaying(true);
      view.announce(view.describePlay());
      player.play();
    });
    CnnDemos.onAction(root, 'step', function () {
      pause(false);
      if (!sweep.step()) {
        view.announce(view.describeEnd(scene));
        return;
      }
      moved(false);
      view.announce(view.describeWindow(scene));
    });
    CnnDemos.onAction(root, 'finish', function () {
      pause(false);
      sweep.finish();
      moved(true);
      view.announce(view.describeMap(scene));
    });
    CnnDemos.onAction(root, 'restart', function () {
      pause(false);
      sweep.restart();
      moved(true);
      view.announce(view.describeRestart(scene));
    });
    view.onMove(function (move) {
      pause(false);
      var last = sweep.size - 1;
      if (move.by) sweep.moveBy(move.by[0], move.by[1]);
      else if (move.to === 'first') sweep.moveTo(0, 0);
      else if (move.to === 'last') sweep.moveTo(last, last);
      else sweep.moveTo(move.to[0], move.to[1]);
      moved(false);
      view.announce(view.describeWindow(scene));
    });

    // ---- the input ----

    function drawing() {
      return Demo.drawnImage(CnnDemos.mnist.fromCanvas(view.pad));
    }

    function chooseInput() {
      var choice = view.read().input;
      view.showDrawPanel(choice === 'drawing');
      image = choice === 'drawing' ? drawing() : images[choice];
      compute(true);
      view.announce(view.describeInput(scene, choice === 'drawing' && pad.isEmpty()));
    }

    function drawingChanged() {
      if (view.read().input !== 'drawing') return;
      image = drawing();
      compute(true);
      view.announce(view.describeDrawing(pad.isEmpty()));
    }

    var pad = new CnnDemos.DigitPad(view.pad, { onStrokeEnd: drawingChanged, onClear: drawingChanged });
    CnnDemos.onAction(root, 'clear', function () {
      pad.clear();
      drawingChanged();
      view.pad.focus();
    });
    view.settings.input.addEventListener('change', chooseInput);

    // ---- the filter ----

    function useFilter(next, choice) {
      filter = next;
      view.showFilter(filter, choice);
      compute(false);
    }

    /** The reader's own filter: the current one with changes(filter) made to a copy. */
    function custom(changes) {
      var next = Demo.ownFilter(filter.k, filter.weights, filter.bias);
      changes(next);
      filter = next;
      view.markOwnFilter(filter);
      compute(false);
    }

    view.onWeightEdit(function (index, field) {
      var value = view.fieldNumber(field);
      if (value !== null) custom(function (f) { f.weights[index] = value; });
    });

    view.settings.filter.addEventListener('change', function () {
      var choice = view.read().filter;
      if (choice === 'custom') custom(function () {});
      else if (filters[choice]) useFilter(filters[choice], choice);
      else useFilter(Demo.preset(choice, filter.k), choice);
      view.announce(view.describeFilter(scene));
    });
    view.settings.size.addEventListener('change', function () {
      var k = view.read().size, choice = view.read().filter;
      var preset = Demo.PRESETS.some(function (p) { return p.id === choice; });
      if (preset) useFilter(Demo.preset(choice, k), choice);
      else useFilter(Demo.resizeFilter(filter, k), 'custom');
      view.announce(view.describeFilterSize(scene));
    });
    view.settings.bias.addEventListener('input', function () {
      var value = view.fieldNumber(view.settings.bias);
      if (value !== null) custom(function (f) { f.bias = value; });
    });

    // ---- sliding ----

    ['stride', 'padding', 'relu'].forEach(function (name) {
      view.settings[name].addEventListener('change', function () {
        compute(false);
        view.announce(name === 'relu' ? view.describeRelu(scene) : view.describeSize(scene));
      });
    });
    view.settings.speed.addEventListener('change', function () { player.setRate(view.read().speed); });
    player.setRate(view.read().speed);

    // ---- start: the page's worked example, then the digits and the trained filters ----

    view.showFilter(filter, 'vertical');
    compute(true);
    function addTrained(name, found) {
      found.forEach(function (f) { filters[f.id] = f; });
      view.addTrainedFilters(name, found);
    }

    return Promise.all([CnnDemos.loadSample(), Demo.trainedFilters('lenet')]).then(function (loaded) {
      var digits = Demo.heldOutDigits(loaded[0]);
      digits.forEach(function (d) { images['digit:' + d.index] = d.image; });
      view.addDigits(digits);
      addTrained('lenet', loaded[1]);
      return CnnDemos.tfBackend();
    }).then(function (backend) {
      view.ready(backend);
      // The recogniser's filters join the list after ready: its weights are held back (demo.json),
      // and the page need not wait for them (139 KB gzipped, most of a second on a slow phone line).
      return Demo.trainedFilters('recognizer').then(function (found) { addTrained('recognizer', found); });
    });
  });
})(window.CnnDemos);
