/* Trained models travel in classic scripts (window.CNN_DEMOS_MODELS, written by the build):
   pages opened from file:// cannot fetch model.json, so weights come base64-encoded and go
   to tf.io.fromMemory. Needs tf (TensorFlow.js) and cnn-demos.js. */
(function (CnnDemos) {
  'use strict';
  var backend = null;
  var loaded = {};

  /**
   * The CPU when every demo on the page runs only a small network (its root says
   * data-cnn-backend="cpu") or the page's TF.js has no WebGL backend (no demo on it trains);
   * otherwise WebGL where the browser has it, the CPU if not. Resolves
   * to the backend's name. Why the CPU for small networks: WebGL must compile a shader for every
   * operation before its first answer, which in software rendering took longer than the whole
   * page (draw-a-digit: 2.6 s to the first prediction against 1.4 s, and 18 ms a prediction
   * against 7 ms; see benchmarks/bench_recognizer.py). The backend is one for the whole page.
   */
  CnnDemos.tfBackend = function () {
    if (!backend) {
      var demos = document.querySelectorAll('[data-cnn-demo]');
      var small = demos.length > 0 && Array.prototype.every.call(demos, function (root) {
        return root.dataset.cnnBackend === 'cpu';
      });
      // A page of demos that never train loads TF.js without WebGL (builder/kit/tfjs_bundle.py).
      var webgl = !small && !restartedOnCpu() && !!tf.findBackendFactory('webgl');
      backend = (webgl ? tf.setBackend('webgl') : Promise.resolve(false))
        .catch(function () { return false; })
        .then(function (ok) { return ok || tf.setBackend('cpu'); })
        .then(function () { return tf.ready(); })
        .then(function () {
          if (tf.getBackend() === 'webgl') watchContext();
          if (restartedOnCpu()) tellRestarted();
          return tf.getBackend();
        });
    }
    return backend;
  };

  /*
   * A lost WebGL context (a graphics driver reset, a GPU taken by another program) takes every
   * tensor of the WebGL backend with it: TF.js then answers zeros, silently. No weight can be
   * read back from a lost context, so the page starts again on the CPU backend, with the
   * drawing kept (kept-drawing.js) and a notice in each demo saying why.
   */
  var CPU_PARAMETER = 'cnn-demos-backend';

  function restartedOnCpu() {
    return new URL(location.href).searchParams.get(CPU_PARAMETER) === 'cpu';
  }

  function watchContext() {
    var gpgpu = tf.backend().gpgpu;
    var canvas = gpgpu && gpgpu.gl && gpgpu.gl.canvas;
    if (canvas && canvas.addEventListener) {
      canvas.addEventListener('webglcontextlost', function () { CnnDemos.restartOnCpu(); });
    }
  }

  /** Load the page again with TF.js on the CPU: after a lost WebGL context, or when WebGL breaks. */
  CnnDemos.restartOnCpu = function () {
    Array.prototype.forEach.call(document.querySelectorAll('[data-cnn-demo]'), function (root) {
      root.dataset.graphics = 'lost';
      notice(root, 'The graphics card stopped answering this page (its WebGL context was lost): ' +
        'starting the page again on the CPU…');
    });
    var url = new URL(location.href);
    url.searchParams.set(CPU_PARAMETER, 'cpu');
    location.replace(url.href);
  };

  function tellRestarted() {
    Array.prototype.forEach.call(document.querySelectorAll('[data-cnn-demo]'), function (root) {
      root.dataset.graphics = 'cpu';
      notice(root, 'The graphics card stopped answering this page (its WebGL context was lost), so it ' +
        'started again on the CPU: everything works, some of it more slowly. Your drawing was kept; ' +
        'a network trained here starts again.');
    });
  }

  function notice(root, text) {
    var note = root.querySelector('.cnn-graphics-notice');
    if (!note) {
      note = document.createElement('p');
      note.className = 'cnn-graphics-notice';
      note.setAttribute('role', 'status');
      root.insertBefore(note, root.firstChild);
    }
    note.textContent = text;
  }

  CnnDemos.modelEntry = function (name) {
    var entry = (window.CNN_DEMOS_MODELS || {})[name];
    if (!entry) throw new Error('the model "' + name + '" is not included in this page');
    return entry;
  };

  /** A tf.LayersModel for the named model, loaded once per page. */
  CnnDemos.loadModel = function (name) {
    if (!loaded[name]) loaded[name] = CnnDemos.copyModel(name);
    return loaded[name];
  };

  /**
   * A fresh tf.LayersModel of the named model, its own weights, each call: for a demo that
   * changes a trained network's weights while the page's copy (loadModel) stays as the site
   * built it. The caller disposes it.
   */
  CnnDemos.copyModel = function (name) {
    // A model the page holds back (a demo's load_later) runs the first time it is asked for;
    // for any other, loadLater resolves at once.
    return Promise.all([CnnDemos.tfBackend(), CnnDemos.loadLater(name)]).then(function () {
      var entry = CnnDemos.modelEntry(name);
      return tf.loadLayersModel(tf.io.fromMemory({
        modelTopology: entry.modelTopology,
        weightSpecs: entry.weightSpecs,
        weightData: CnnDemos.base64ToBytes(entry.weightData).buffer
      }));
    });
  };

  /**
   * pixels (a Float32Array of count images, PIXELS values each in 0..1, row by row) as a
   * tf.Tensor4D [count, IMAGE_SIZE, IMAGE_SIZE, 1]; count defaults to 1. The caller disposes it
   * (or calls this inside tf.tidy).
   */
  CnnDemos.pixelsToTensor = function (pixels, count) {
    var size = CnnDemos.IMAGE_SIZE;
    return tf.tensor4d(pixels, [count || 1, size, size, 1]);
  };

  /**
   * The class probabilities model gives one image (Float32Array(PIXELS) in 0..1), as an Array;
   * for a model that also returns its inner layers, the last output. No tensor outlives it.
   */
  CnnDemos.predictOne = function (model, pixels) {
    return tf.tidy(function () {
      var out = model.predict(CnnDemos.pixelsToTensor(pixels, 1));
      if (Array.isArray(out)) out = out[out.length - 1];
      return Array.from(out.dataSync());
    });
  };

  /**
   * The named model as a digit classifier: resolves to {model, predict(pixels)}, where pixels
   * is a Float32Array(PIXELS) in 0..1 and predict returns the ten probabilities (the last
   * output, for models that also return their inner layers). One prediction warms it up: on
   * WebGL before it resolves (the GPU programs compile then, seconds in software rendering); on
   * the CPU just after, while the reader starts drawing (the first run of each operation costs
   * about 0.1 s more on a desktop, four times that on a phone, and the demo can be ready first).
   */
  CnnDemos.loadClassifier = function (name) {
    return CnnDemos.loadModel(name).then(function (model) {
      var classifier = {
        model: model,
        predict: function (pixels) { return CnnDemos.predictOne(model, pixels); }
      };
      var warmUp = function () { classifier.predict(new Float32Array(CnnDemos.PIXELS)); };
      if (tf.getBackend() === 'webgl') warmUp();
      else setTimeout(warmUp, 0);
      return classifier;
    });
  };
})(window.CnnDemos);
