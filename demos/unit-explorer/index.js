/* unit-explorer: wiring. The reader's image (drawn, a file, the drawing kept from another page,
   or a held-out one) goes through LeNet; a chosen unit shows its examples, histogram and map and
   grows its images; the map shows the held-out sample, the reader's place and neighbours, at the
   chosen layer and snapshot. The units part is ready first, on the data sample's first images
   (one of each class, for the picker); the rest of the held-out sample (the examples not among
   them, about 330 KB gzipped) loads just after, and the map's scripts (LeNet's training
   snapshots and the sample's places, about 1 MB) when the reader comes to the map. */
(function (CnnDemos) {
  'use strict';
  var Demo = CnnDemos.UnitExplorer;
  var MODEL = 'lenet';
  var NEIGHBOURS = 5;

  /** What the units part computes with, for the page and for tests: {net, units (Units), data
      ({units}), sample}. sample holds the first held-out images until CnnDemos.loadHeldOut()
      has added the rest, among which most examples are (data.units.has tells). */
  Demo.load = function () {
    return Promise.all([CnnDemos.loadPlainNet(MODEL), CnnDemos.loadSample()]).then(function (loaded) {
      var net = loaded[0], sample = loaded[1].test;
      return Demo.loadUnits(MODEL, sample).then(function (units) {
        return { net: net, sample: sample, data: { units: units }, units: new Demo.Units(net, units.layers) };
      });
    });
  };

  /** The map for made (Demo.load's): a LayerMap, or null on a site built without one. Runs the
      scripts the page holds back for it (the snapshots and the map) the first time. */
  Demo.loadMap = function (made) {
    // The map shows every held-out image.
    return Promise.all([CnnDemos.loadLater(MODEL + '-snapshots'), CnnDemos.loadLater(MODEL + '-map'),
      CnnDemos.loadHeldOut()])
      .then(function () {
        var data = Demo.mapData(MODEL, made.sample);
        return data ? new Demo.LayerMap(made.net, new CnnDemos.TrainingSnapshots(MODEL), data, made.sample) : null;
      });
  };

  CnnDemos.eachEmbed('unit-explorer', function (root) {
    var view = new Demo.View(root);
    var made = null, map = null, mapLoading = null, stopWatching = function () {}, pixels = null;
    var chosen = 0, grown = 0, growing = null, nearAsked = 0, ranges = {}, examplesFailed = null;

    function layer() {
      return made.units.layer(view.value('layer'));
    }

    function unit() {
      var n = Math.round(view.number('unit'));
      return isFinite(n) ? Math.max(0, Math.min(layer().units - 1, n)) : 0;
    }

    /** The chosen unit's examples, histogram, strip and map on the reader's image. */
    function showUnit() {
      var started = performance.now(), l = layer(), u = unit(), found = l.found[u];
      var response = pixels ? made.units.onImage(pixels, l.name, u) : null;
      view.units.showStrip(l, u, response ? response.all : null);
      showExamples();
      view.units.showHistogram(l, found, made.data.units.heldOut, response ? response.score : null);
      view.units.showFires(l, u, response, pixels);
      return view.markUnit(l, u, performance.now() - started, chosen);
    }

    function showExamples() {
      var l = layer();
      view.units.showExamples(l, l.found[unit()], made.data.units,
        function (at) { return made.units.field(l.name, at); }, examplesFailed);
    }

    function chooseUnit(u) {
      view.setValue('unit', Math.max(0, Math.min(layer().units - 1, u)));
      chosen += 1;
      showUnit();
      grow();
    }

    function grow() {
      if (growing) growing.cancel();
      var help = { jitter: view.checked('jitter'), blur: view.checked('blur'), decay: view.checked('decay') };
      var run = growing = Demo.grow(made.units, layer().name, unit(), help, function (step, images) {
        if (growing !== run) return;
        view.units.showGrown(images);
        view.units.growText(step, Demo.GROWING.steps);
      });
      view.markSynthesis('running');
      run.done.then(function (result) {
        if (!result || growing !== run) return;
        growing = null;
        grown += 1;
        view.units.showGrown(result.images);
        view.units.growText(0, 0, result);
        view.markSynthesis('done', result, grown);
        // For the questions (demo.json): did the helps cost response? [plain, helped].
        CnnDemos.publish(root, 'helped-against-plain', result.reached[1] > result.reached[0] ? 'higher' : 'lower',
          layer().name + ', unit ' + unit() + (result.help.jitter && result.help.blur && result.help.decay ? '' :
            ' (not every help switched on)'));
      }).catch(function (err) {
        view.markSynthesis('failed');
        view.part('grown-text').textContent = 'The image could not be grown: ' + (err && err.message || err);
      });
    }

    /** The map at the chosen layer and snapshot, with the reader's place and neighbours. */
    function showMap() {
      if (!map) return;
      var name = view.value('map-layer'), s = view.number('snapshot'), layerInfo = map.data.layer(name);
      var snapshots = map.data.snapshots, info = snapshots[s];
      if (!ranges[name]) {
        ranges[name] = Demo.MapView.range(snapshots.map(function (_, i) { return map.points(name, i); }));
      }
      var mine = pixels ? map.place(map.outputOf(pixels, name, s), name) : null;
      var shown = Demo.MapView.zoomed(ranges[name], map.points(name, s));
      view.map.draw(map.points(name, s), made.sample.labels, shown.range, mine);
      view.map.describe(name, layerInfo.dims, layerInfo.explained, mine, shown.zoom);
      view.map.snapshotText(info.epoch, snapshots[snapshots.length - 1].epoch, info.held_out_accuracy);
      view.map.showCentroids(map.centroids(name, s, CnnDemos.dataset.classes.length));
      view.markSnapshot(s, info.epoch, shown.zoom);
      findNeighbours(name, s, layerInfo.dims);
    }

    function findNeighbours(name, s, dims) {
      var asked = ++nearAsked, sample = made.sample;
      if (!pixels) {
        view.map.showNeighbours(name, null, null, sample);
        view.markNeighbours(null, null);
        return;
      }
      var image = pixels;
      var inPixels = Demo.LayerMap.nearest(image, map.pixels, CnnDemos.PIXELS, NEIGHBOURS);
      view.map.showNeighbours(name, null, inPixels, sample);
      view.markNeighbours(null, inPixels);
      map.sampleOutputs(name, s, function () { return asked === nearAsked; }).then(function (all) {
        if (!all || asked !== nearAsked) return;
        var inLayer = Demo.LayerMap.nearest(map.outputOf(image, name, s), all, dims, NEIGHBOURS);
        view.map.showNeighbours(name, inLayer, inPixels, sample);
        view.markNeighbours(inLayer, inPixels);
      });
    }

    function newImage(shown) {
      pixels = shown;
      if (!made) return;
      view.showReading(pixels ? Array.from(tf.tidy(function () {
        return made.net.probabilities(CnnDemos.pixelsToTensor(pixels, 1)).dataSync();
      })) : null);
      showUnit();
      showMap();
    }

    function strokeEnded() {
      var sample = samples.shown;
      newImage(sample ? sample.pixels : CnnDemos.mnist.fromCanvas(view.pad));
    }

    function clear() {
      samples.clear();
      newImage(null);
    }

    var pad = new CnnDemos.DigitPad(view.pad, {
      onStrokeStart: function () { samples.giveWay(); }, onStrokeEnd: strokeEnded, onClear: clear
    });
    var samples = new CnnDemos.SamplePicker(view.samples, pad);
    CnnDemos.onAction(root, 'clear', function () { pad.clear(); clear(); view.pad.focus(); });
    CnnDemos.ownImage.wire(root, pad);
    var kept = CnnDemos.keptDrawing.wire(root, function () { pad.clear(); clear(); });
    CnnDemos.onAction(root, 'previous-unit', function () { chooseUnit(unit() - 1); });
    CnnDemos.onAction(root, 'next-unit', function () { chooseUnit(unit() + 1); });
    CnnDemos.onAction(root, 'grow', grow);
    view.units.strip.addEventListener('click', function (event) {
      chooseUnit(view.units.unitAt(event, layer().units));
    });
    view.onChange('layer', function () {
      view.limitUnit(layer().units);
      chooseUnit(0);
    });
    view.onChange('unit', function () { chooseUnit(unit()); });
    ['jitter', 'blur', 'decay'].forEach(function (name) { view.onChange(name, grow); });
    view.onChange('map-layer', showMap);
    view.onChange('snapshot', showMap);

    /** The map's scripts the first time the reader comes to the map (again after a failure);
        the units part works without them. */
    function wantMap() {
      if (map || mapLoading) return;
      view.map.markState('loading');
      if (examplesFailed) loadExamples();
      mapLoading = Demo.loadMap(made).then(function (loaded) {
        mapLoading = null;
        map = loaded;
        stopWatching();
        if (!map) {
          view.map.markState('none');
          return;
        }
        view.startMap(map.data.layers, map.data.snapshots);
        view.map.markState('ready', { layers: map.data.layers.length, snapshots: map.data.snapshots.length });
        showMap();
      }, function (err) {
        mapLoading = null;
        view.map.markState('error', err);
      });
    }

    /** The rest of the held-out sample, after ready (again when a failed load is retried by
        the map); the examples it brings are drawn in where they wait. */
    function loadExamples() {
      view.markExamples('loading');
      return CnnDemos.loadHeldOut().then(function () {
        examplesFailed = null;
        view.markExamples('all');
        showExamples();
      }, function (err) {
        examplesFailed = err;
        view.markExamples('error');
        showExamples();
      });
    }

    return Demo.load().then(function (loaded) {
      made = loaded;
      samples.add(CnnDemos.sampleDigits(made.sample, 1));
      return CnnDemos.tfBackend();
    }).then(function (backend) {
      view.start(made.units.layers);
      view.map.showLegend(CnnDemos.dataset.classes.length);
      view.limitUnit(layer().units);
      CnnDemos.readyOn(root, backend);
      if (!pad.isEmpty()) strokeEnded();
      else if (kept) pad.showInk(kept);
      else samples.showFirst();
      if (!pixels) newImage(null);
      chosen += 1;
      showUnit();
      grow();
      loadExamples();
      if (Demo.hasMap(MODEL)) stopWatching = view.map.watch(wantMap);
      else view.map.markState('none');
    });
  });
})(window.CnnDemos);
