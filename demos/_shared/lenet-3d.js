/* LeNet drawn in 3D with TensorSpace, for the two TensorSpace demos (the trained LeNet and
   the one that trains in the page). TensorSpace takes the TF.js model already in the page as
   a "live" model: no URL to fetch, so it works from file://. The model returns one output per
   layer drawn, in drawing order; the 3D layers are read from the model itself (each output's
   layer and its settings), so no list of LeNet's layers is kept here.
   Needs tf, THREE, THREE.TrackballControls, TWEEN, TSP (vendor scripts), cnn-demos.js and
   model-store.js; legend.js for the legend of the scene's shades. */
(function (CnnDemos) {
  'use strict';
  var ANIMATION_MS = 600; // how long a layer takes to open or close

  /**
   * For each kind of TF.js layer TensorSpace can draw: the TensorSpace layer that draws it and
   * its settings, taken from the TF.js layer's own. `last`: the layer gives the model's scores.
   */
  var DRAWN = {
    ZeroPadding2D: function (config) {
      // TF.js: [[top, bottom], [left, right]]; TensorSpace: [vertical, horizontal], symmetric.
      return ['Padding2d', { padding: [config.padding[0][0], config.padding[1][0]] }];
    },
    Conv2D: function (config) {
      return ['Conv2d', { kernelSize: config.kernelSize, filters: config.filters,
        strides: config.strides, padding: config.padding }];
    },
    MaxPooling2D: function (config) {
      return ['Pooling2d', { poolSize: config.poolSize, strides: config.strides, padding: config.padding }];
    },
    Dense: function (config, last) {
      if (!last) return ['Dense', { units: config.units }];
      var classes = [];
      for (var i = 0; i < config.units; i++) classes.push(CnnDemos.className(i));
      return ['Output1d', { units: config.units, initStatus: 'open', outputs: classes }];
    }
  };

  /** The TensorSpace layer that draws one TF.js layer, under the same name. */
  function drawnLayer(layer, last) {
    var make = DRAWN[layer.getClassName()];
    if (!make) throw new Error('the 3D view cannot draw a ' + layer.getClassName() + ' layer');
    var made = make(layer.getConfig(), last);
    return new TSP.layers[made[0]](Object.assign({ name: layer.name }, made[1]));
  }

  /**
   * The same layers and weights as model (a tf.Sequential), answering with the output of every
   * layer the 3D view draws (all but Flatten), in order: what LenetSpace needs.
   */
  CnnDemos.drawnLayersModel = function (model) {
    var drawn = model.layers.filter(function (layer) { return DRAWN[layer.getClassName()]; });
    return tf.model({
      inputs: model.inputs,
      outputs: drawn.map(function (layer) { return layer.output; })
    });
  };

  /** True when this browser can create a WebGL context (TensorSpace draws with three.js). */
  CnnDemos.hasWebGL = function () {
    try {
      var canvas = document.createElement('canvas');
      var gl = canvas.getContext('webgl') || canvas.getContext('experimental-webgl');
      if (!gl) return false;
      var lose = gl.getExtension('WEBGL_lose_context');
      if (lose) lose.loseContext();
      return true;
    } catch (err) {
      return false;
    }
  };

  /** Why the 3D view cannot be shown here, or null when it can. */
  CnnDemos.why3dUnavailable = function () {
    if (!CnnDemos.hasWebGL()) {
      return 'The 3D view needs WebGL, which this browser has turned off or does not offer. ' +
        'Everything else on this page still works.';
    }
    if (typeof TSP === 'undefined' || typeof THREE === 'undefined') {
      return 'The 3D view could not start: its libraries did not load. ' +
        'Everything else on this page still works.';
    }
    return null;
  };

  /**
   * A TensorSpace view of LeNet inside container (an empty element with a size of its own).
   * model: a tf.LayersModel with a greyscale image input and one output per layer to draw, in
   * order (models/lenet.py exports one; CnnDemos.drawnLayersModel makes one). Call init() before
   * show().
   */
  function LenetSpace(container, model) {
    this.container = container;
    this.model = model;
    this.updates = 0;
    this.lastPixels = null;
    this.waiting = null; // a change to the scene held back while layers move (see whenStill)
    this.movingUntil = 0; // performance.now() when the latest open or close has ended
    var space = new TSP.models.Sequential(container, {
      animeTime: ANIMATION_MS,
      stats: false,
      color: { background: 0x111820 }
    });
    space.add(new TSP.layers.GreyscaleInput({ name: 'input', shape: model.inputs[0].shape.slice(1) }));
    model.outputs.forEach(function (output, i) {
      space.add(drawnLayer(output.sourceLayer, i === model.outputs.length - 1));
    });
    space.load({ type: 'live', modelHandler: model });
    this.space = space;
    var self = this;
    // A click in the scene may open or close a layer (TensorSpace's own handler runs first).
    container.addEventListener('click', function () { self.markMoving(); });
  }

  /** Builds the 3D scene, then turns the camera to the opening view; resolves once drawn. */
  LenetSpace.prototype.init = function () {
    var self = this, space = this.space;
    return new Promise(function (resolve) { space.init(resolve); }).then(function () {
      self.opening = openingView(space);
      self.frame();
    });
  };

  // TensorSpace's own camera looks at the stack of layers from the side, level with its middle:
  // a thin column in which every layer is a sliver seen edge on. The opening view looks down on
  // the layers from the front and a little to the right (so each one's maps show), rolled so the
  // stack runs from the bottom left (input) towards the top right (output), at the distance
  // where the whole network just fits.
  var LOOK_FROM = [0.4, 0.5, 1]; // from the centre of the network towards the camera
  var MARGIN = 0.94; // the farthest point of the network, in the canvas's -1..1 coordinates
  var ROLLS = 36; // roll angles tried, over the quarter turn that keeps the input below left

  /** Corners of the boxes of everything the scene shows, in world coordinates. */
  function shownCorners(root) {
    var corners = [];
    root.updateMatrixWorld(true);
    root.traverseVisible(function (node) {
      if (!node.geometry) return;
      if (!node.geometry.boundingBox) node.geometry.computeBoundingBox();
      var box = node.geometry.boundingBox.clone().applyMatrix4(node.matrixWorld);
      [box.min.x, box.max.x].forEach(function (x) {
        [box.min.y, box.max.y].forEach(function (y) {
          [box.min.z, box.max.z].forEach(function (z) { corners.push(new THREE.Vector3(x, y, z)); });
        });
      });
    });
    return corners;
  }

  /**
   * The opening camera: {position, up, target}. For each roll, the distance at which the farthest
   * corner sits at MARGIN (found by bisection); the roll kept is the one whose box of the
   * network's corners covers the most of the canvas.
   */
  function openingView(space) {
    var camera = space.modelRenderer.camera;
    var corners = shownCorners(space.modelContext);
    var box = new THREE.Box3().setFromPoints(corners);
    var target = box.getCenter(new THREE.Vector3());
    var from = new THREE.Vector3().fromArray(LOOK_FROM).normalize();
    var stack = new THREE.Vector3(0, 1, 0); // TensorSpace stacks the layers up the y axis
    var side = new THREE.Vector3().crossVectors(stack, from).normalize(); // across the view
    var best = null;
    for (var k = 0; k < ROLLS; k++) {
      var angle = (Math.PI / 2) * (k + 0.5) / ROLLS;
      // Up on the screen: between "across" and "along the stack", so the stack runs up and right.
      var up = new THREE.Vector3().addScaledVector(stack, Math.sin(angle)).addScaledVector(side, -Math.cos(angle));
      var placed = fit(camera, corners, target, from, up);
      if (!best || placed.cover > best.cover) best = placed;
    }
    return best;
  }

  function project(camera, corners) {
    var low = [Infinity, Infinity], high = [-Infinity, -Infinity];
    corners.forEach(function (p) {
      var q = p.clone().project(camera);
      low = [Math.min(low[0], q.x), Math.min(low[1], q.y)];
      high = [Math.max(high[0], q.x), Math.max(high[1], q.y)];
    });
    return { low: low, high: high };
  }

  function place(camera, target, from, up, distance) {
    camera.position.copy(target).addScaledVector(from, distance);
    camera.up.copy(up);
    camera.lookAt(target);
    camera.updateMatrixWorld(true);
  }

  function fit(camera, corners, target, from, up) {
    var near = 1, far = 1e5, seen;
    for (var i = 0; i < 50; i++) {
      var distance = Math.sqrt(near * far);
      place(camera, target, from, up, distance);
      seen = project(camera, corners);
      var reach = Math.max(-seen.low[0], -seen.low[1], seen.high[0], seen.high[1]);
      if (reach > MARGIN) near = distance; else far = distance;
    }
    place(camera, target, from, up, far);
    seen = project(camera, corners);
    return {
      position: camera.position.clone(), up: up.clone(), target: target.clone(),
      cover: (seen.high[0] - seen.low[0]) * (seen.high[1] - seen.low[1]) / 4
    };
  }

  /** Put the camera (and the trackball's own reset point) at the opening view. */
  LenetSpace.prototype.frame = function () {
    var renderer = this.space.modelRenderer, camera = renderer.camera, controls = renderer.cameraControls;
    var view = this.opening;
    camera.position.copy(view.position);
    camera.up.copy(view.up);
    controls.target.copy(view.target);
    camera.lookAt(view.target);
    if (controls.position0) {
      controls.position0.copy(view.position);
      controls.up0.copy(view.up);
      controls.target0.copy(view.target);
    }
  };

  /**
   * Run pixels (Float32Array(PIXELS), 0..1) through the network and show every layer's output.
   * Returns {probabilities, milliseconds}.
   */
  LenetSpace.prototype.show = function (pixels) {
    var self = this;
    var probabilities = null;
    var started = performance.now();
    this.lastPixels = pixels;
    this.updates += 1;
    this.showLegend(pixels);
    this.whenStill(function () {
      self.space.predict(pixels, function (out) { probabilities = Array.from(out); });
    });
    // Held back while layers move: the numbers come from the model itself meanwhile.
    if (!probabilities) probabilities = this.probabilities(pixels);
    return { probabilities: probabilities, milliseconds: performance.now() - started };
  };

  /**
   * What the scene's shades stand for: TensorSpace draws each layer from its lowest output
   * (faint) to its highest (full colour), so the legend gives each layer's range for this digit.
   */
  LenetSpace.prototype.showLegend = function (pixels) {
    if (!this.legend || typeof CnnDemos.legend !== 'function') return;
    var model = this.model;
    var ranges = tf.tidy(function () {
      var outs = model.predict(CnnDemos.pixelsToTensor(pixels, 1));
      return (Array.isArray(outs) ? outs : [outs]).map(function (t) { return [t.min().dataSync()[0], t.max().dataSync()[0]]; });
    });
    var text = model.outputs.map(function (output, i) {
      return output.sourceLayer.name + ' ' + CnnDemos.fixed(ranges[i][0], 2, { minus: true }) + ' to ' +
        CnnDemos.fixed(ranges[i][1], 2, { minus: true });
    }).join('; ');
    CnnDemos.legend(this.legend.bar, 0, 1, {
      colours: ['#3a4048', '#fff'], labels: ['faint: each layer\u2019s lowest output', 'bright: its highest']
    });
    this.legend.text.textContent = 'For this ' + CnnDemos.dataset.noun + ': ' + text + '.';
  };

  /** The network's ten outputs for pixels, without the scene. */
  LenetSpace.prototype.probabilities = function (pixels) {
    return CnnDemos.predictOne(this.model, pixels);
  };

  /** Empty every layer (the scene stays). */
  LenetSpace.prototype.clear = function () {
    var self = this;
    this.lastPixels = null;
    this.whenStill(function () { self.space.clear(); });
  };

  function layerMoving(layer) {
    return !!(layer.isWaitOpen || layer.isWaitClose);
  }

  /** Layers flag only the start of an opening, so the animation time is counted here too. */
  LenetSpace.prototype.isMoving = function () {
    return performance.now() < this.movingUntil || this.space.layers.some(layerMoving);
  };

  LenetSpace.prototype.markMoving = function () {
    this.movingUntil = performance.now() + ANIMATION_MS + 100;
  };

  /**
   * Run action now, or once no layer moves; of the actions held back only the latest runs.
   * TensorSpace 0.6.1 throws when a layer is filled, emptied or reset as it opens or closes
   * (a digit, Clear or Reset view just after a click on a layer), so every change to the
   * scene goes through here.
   */
  LenetSpace.prototype.whenStill = function (action) {
    var self = this;
    var polling = this.waiting !== null;
    this.waiting = action;
    if (polling) return;
    (function poll() {
      if (self.isMoving()) {
        setTimeout(poll, 50);
        return;
      }
      var next = self.waiting;
      self.waiting = null;
      next();
    })();
  };

  /** Camera and open/closed layers back to the start; the digit shown stays shown. */
  LenetSpace.prototype.resetView = function () {
    var self = this;
    var pixels = this.lastPixels;
    if (pixels) this.updates += 1; // shown again, as soon as the layers stand still
    this.whenStill(function () {
      self.space.reset(); // TensorSpace also empties the layers here, and closes open ones
      self.frame(); // its reset puts its own camera back
      self.markMoving();
      if (pixels) self.whenStill(function () { self.space.predict(pixels, function () {}); });
    });
  };

  /** The layers a reader can open into feature maps and close again, in drawing order. */
  LenetSpace.prototype.toggleableLayers = function () {
    return this.space.layers.filter(function (layer) {
      return layer.closeable && typeof layer.openLayer === 'function';
    });
  };

  /** Whether a layer is open, or will be once the animation under way ends. */
  function isOpening(layer) {
    if (layer.isWaitClose) return false;
    return !!(layer.isWaitOpen || layer.isOpen);
  }

  /** {layer name: open (or opening)} for every layer a reader can open and close. */
  LenetSpace.prototype.layerStates = function () {
    var states = {};
    this.toggleableLayers().forEach(function (layer) { states[layer.name] = isOpening(layer); });
    return states;
  };

  /** Open the named layer if it is closed, close it if open (not while any layer moves). */
  LenetSpace.prototype.toggleLayer = function (name) {
    var layer = this.toggleableLayers().find(function (l) { return l.name === name; });
    if (!layer || this.isMoving()) return; // one open or close at a time
    if (layer.isOpen) layer.closeLayer(); else layer.openLayer();
    this.markMoving();
  };

  CnnDemos.LenetSpace = LenetSpace;

  /**
   * One toggle button per layer in root's space controls, so the keyboard can do what a click
   * on a layer in the scene does. The buttons re-read the scene after any click in the demo,
   * since a click in the scene or on Reset view also opens and closes layers.
   */
  function addLayerToggles(root, space) {
    var controls = CnnDemos.part(root, 'space-controls');
    if (!controls) return;
    var group = document.createElement('div');
    group.className = 'cnn-space-layers';
    group.setAttribute('role', 'group');
    group.setAttribute('aria-label', 'Open or close a layer');
    var buttons = space.toggleableLayers().map(function (layer) {
      var button = document.createElement('button');
      button.type = 'button';
      button.className = 'md-button';
      button.dataset.action = 'toggle-layer';
      button.dataset.layer = layer.name;
      button.textContent = layer.name;
      button.addEventListener('click', function () { space.toggleLayer(layer.name); });
      group.appendChild(button);
      return button;
    });
    function sync() {
      var open = space.layerStates();
      buttons.forEach(function (b) { b.setAttribute('aria-pressed', String(open[b.dataset.layer])); });
    }
    sync();
    // After the scene's own click handler (or the button's) has started opening or closing.
    root.addEventListener('click', function () { setTimeout(sync, 0); });
    var label = document.createElement('p');
    label.innerHTML = '<strong>Layers</strong> (pressed: open)';
    var after = controls.querySelector('.cnn-demo__buttons');
    controls.insertBefore(label, after);
    controls.insertBefore(group, after);
  }

  /** Put message in place of the 3D view of root (its data-role="space"); hide its controls. */
  CnnDemos.showSpaceUnavailable = function (root, message) {
    var space = CnnDemos.part(root, 'space');
    space.classList.add('is-unavailable');
    space.setAttribute('role', 'note');
    space.removeAttribute('aria-label');
    var text = document.createElement('p');
    text.className = 'cnn-space__message';
    text.dataset.role = 'space-message';
    text.textContent = message;
    space.appendChild(text);
    var controls = CnnDemos.part(root, 'space-controls');
    if (controls) controls.hidden = true;
    root.dataset.view = 'unavailable';
  };

  /**
   * Build and initialise the 3D view of model in container, or explain in root why it cannot
   * be shown. Resolves to the LenetSpace, or null; root's data-view says which.
   */
  CnnDemos.startSpace = function (root, container, model) {
    var why = CnnDemos.why3dUnavailable();
    if (why) {
      CnnDemos.showSpaceUnavailable(root, why);
      return Promise.resolve(null);
    }
    CnnDemos.setState(root, 'loading', 'Building the 3D view…');
    var space = new LenetSpace(container, model);
    var legend = CnnDemos.part(root, 'space-legend');
    if (legend) space.legend = { bar: legend.querySelector('p'), text: legend.querySelector('p + p') };
    return space.init().then(function () {
      addLayerToggles(root, space);
      root.dataset.view = 'ready';
      watchSpaceContext(root, container, space);
      return space;
    });
  };

  var RESTORE_MS = 3000; // how long a lost 3D context may take to come back before the page restarts

  /**
   * A lost WebGL context blanks the 3D view. three.js lets the browser restore it (and then
   * draws again); while it is away the view says so, and if it does not come back the page
   * starts again (CnnDemos.restartOnCpu), which builds the view anew where WebGL works.
   */
  function watchSpaceContext(root, container, space) {
    var canvas = container.querySelector('canvas');
    if (!canvas) return;
    var message = document.createElement('p');
    message.className = 'cnn-space__message cnn-space__lost';
    message.dataset.role = 'space-lost';
    message.setAttribute('role', 'status');
    message.hidden = true;
    container.appendChild(message);
    var restart = null;
    canvas.addEventListener('webglcontextlost', function () {
      root.dataset.view = 'lost';
      message.textContent = 'The 3D view lost its graphics context (the graphics card was reset or is ' +
        'busy); waiting for it to come back…';
      message.hidden = false;
      restart = setTimeout(function () { CnnDemos.restartOnCpu(); }, RESTORE_MS);
    });
    canvas.addEventListener('webglcontextrestored', function () {
      clearTimeout(restart);
      message.hidden = true;
      root.dataset.view = 'ready';
      if (space.lastPixels) space.show(space.lastPixels);
    });
  }

  /**
   * Write ten probabilities into a list of ten items (each with a <span> for the value) and
   * highlight the top one; null empties the list. Returns the top digit (or null).
   */
  CnnDemos.showDigitScores = function (list, probs) {
    var top = probs ? CnnDemos.argmax(probs) : null;
    Array.prototype.forEach.call(list.children, function (item, digit) {
      item.querySelector('span').textContent = probs ? CnnDemos.percent(probs[digit]) : '–';
      item.classList.toggle('is-top', digit === top);
    });
    return top;
  };
})(window.CnnDemos);
