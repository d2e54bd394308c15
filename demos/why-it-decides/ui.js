/* why-it-decides: the page around the maps: the pad and the held-out images, the question
   (network, class, other class), the settings of the maps, the answer, the progress, what is
   announced, and the data-* attributes tests read. Needs cnn-demos.js, ui-maps.js, ui-checks.js. */
(function (CnnDemos) {
  'use strict';
  var Demo = CnnDemos.WhyItDecides = CnnDemos.WhyItDecides || {};
  var NAMES = { occlusion: 'Occlusion', saliency: 'Input gradient', integrated: 'Integrated gradients', gradcam: 'Grad-CAM' };
  var NETWORKS = { recognizer: 'The recogniser', lenet: 'LeNet' };

  function View(root) {
    this.root = root;
    this.pad = this.part('pad');
    this.samples = this.part('samples');
    this.settings = CnnDemos.settings(root);
    this.views = {};
    Demo.MAPS.forEach(function (key) { this.views[key] = new Demo.MapView(root, key); }, this);
    this.deletion = new Demo.DeletionView(root, NAMES);
    this.scramble = new Demo.ScrambleView(root, NAMES);
    this.progress = this.part('progress');
    this.progressText = this.part('progress-text');
  }

  View.prototype.part = function (role) {
    return CnnDemos.part(this.root, role);
  };

  /** Call fn() whenever one of the named settings changes. */
  View.prototype.onChange = function (names, fn) {
    names.forEach(function (name) {
      var input = this.settings[name];
      input.addEventListener(input.type === 'range' ? 'input' : 'change', fn);
    }, this);
  };

  /** The question and the maps' settings as the controls say. predicted: the network's answer. */
  View.prototype.question = function (predicted) {
    var s = this.settings;
    var cls = s['class'].value === 'answer' ? predicted : Number(s['class'].value);
    var versus = s.versus.value === '' ? null : Number(s.versus.value);
    return { cls: cls, versus: versus === cls ? null : versus };
  };

  View.prototype.options = function (meanImage) {
    var s = this.settings;
    var patch = Number(s.patch.value);
    this.part('patch-said').textContent = patch + ' × ' + patch;
    return {
      patch: patch,
      fill: s.fill.value === 'mean' ? meanImage : new Float32Array(CnnDemos.PIXELS),
      baseline: s.baseline.value,
      steps: Number(s.steps.value)
    };
  };

  View.prototype.network = function () {
    return this.settings.network.value;
  };

  /** "a 7", or "a 7 rather than a 1". */
  function what(target) {
    return CnnDemos.aClass(target.cls) + (target.versus === null ? '' : ' rather than ' + CnnDemos.aClass(target.versus));
  }

  View.prototype.showAnswer = function (network, probs, target) {
    var top = CnnDemos.argmax(probs);
    var text = NETWORKS[network] + ' says ' + CnnDemos.className(top) + ' (' + CnnDemos.percent(probs[top]) + ' sure). ';
    text += 'The maps explain ' + (target.versus === null ? 'its score for ' + CnnDemos.className(target.cls)
      : 'why ' + CnnDemos.className(target.cls) + ' and not ' + CnnDemos.className(target.versus)) +
      (target.versus === null && target.cls !== top ? ' (' + CnnDemos.percent(probs[target.cls]) + ')' : '') + '.';
    this.part('answer').textContent = text;
    var root = this.root;
    root.dataset.network = network;
    root.dataset.predicted = String(top);
    root.dataset.explained = String(target.cls);
    root.dataset.versus = target.versus === null ? '' : String(target.versus);
    var note = this.part('scale-note');
    note.textContent = '(each with its own colour scale: compare where, not how much)';
  };

  View.prototype.showProgress = function (done, label) {
    this.progress.value = done;
    this.progressText.textContent = done >= 1 ? '' : 'Computing ' + label + '… ' + CnnDemos.percent(done);
  };

  /** The first time a network is chosen, while its weights load. */
  View.prototype.loadingNetwork = function (network) {
    this.working();
    this.progress.value = 0;
    this.progressText.textContent = 'Loading ' + NETWORKS[network].replace(/^The /, 'the ') + '…';
  };

  View.prototype.working = function () {
    this.root.dataset.maps = 'computing';
    delete this.root.dataset.deletion;
    this.scramble.clear();
  };

  View.prototype.showEmpty = function () {
    this.root.dataset.maps = 'none';
    this.part('answer').textContent = 'Draw ' + CnnDemos.aNoun() + ', or pick one, to see the maps.';
    Demo.MAPS.forEach(function (key) { this.views[key].clear(); }, this);
    this.deletion.clear();
    this.scramble.clear();
    this.part('completeness').textContent = '';
    this.part('gradcam-grid').textContent = '';
    this.showProgress(1, '');
  };

  /** maps: from maps.all; target: the question; pixels: the image. */
  View.prototype.showMaps = function (maps, target, pixels) {
    Demo.MAPS.forEach(function (key) { this.views[key].show(maps[key].values, pixels, what(target)); }, this);
    var ig = maps.integrated, occ = maps.occlusion;
    this.part('completeness').textContent = 'Completeness: the map adds up to ' + CnnDemos.fixed(ig.sum, 3, { minus: true }) +
      '; the score changed by ' + CnnDemos.fixed(ig.change, 3, { minus: true }) + ' from the start image, a gap of ' +
      CnnDemos.fixed(Math.abs(ig.gap), 3) + ' (' + ig.steps + ' steps; more steps close it).';
    this.part('patch-said').textContent = occ.patch + ' × ' + occ.patch + ', moved ' +
      CnnDemos.plural(occ.stride, 'pixel', 'pixels') + ' at a time (' + occ.tries + ' tries)';
    var grid = maps.gradcam.size;
    this.part('gradcam-grid').textContent = 'From the ' + CnnDemos.plural(grid[2], 'map', 'maps') + ' of ' +
      maps.gradcam.layer + ', each ' + CnnDemos.dims(grid[0], grid[1]) + ', enlarged to ' +
      CnnDemos.dims(CnnDemos.IMAGE_SIZE, CnnDemos.IMAGE_SIZE) + '.';
    this.views.gradcam.figure.dataset.layer = maps.gradcam.layer;
    this.root.dataset.completenessGap = String(ig.gap);
    this.root.dataset.maps = 'ready';
  };

  View.prototype.announce = function (text) {
    this.part('result').textContent = text;
  };

  /** The sentence said when the maps are drawn. */
  View.prototype.mapsSaid = function (target) {
    return 'Maps drawn for ' + what(target) + '. ' + this.views.occlusion.reading.textContent;
  };

  Demo.View = View;
  Demo.what = what;
})(window.CnnDemos);
