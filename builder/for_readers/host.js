/* The notebook widget's side inside a demo's page (cnn_demos; never on the site). The page runs
   in a sandboxed frame of the widget (widget.js), and this script, the first on the page, carries
   what the demo tells (CnnDemos.tell) to the widget and what the notebook asks (the handlers of
   CnnDemos.whenAsked) to the demo, by postMessage. An ask waits until the demo is ready. */
(function (global) {
  'use strict';
  var handlers = {}; // what -> the first handler a demo gave
  var waiting = {}; // what -> the latest value asked before its handler or the demo was ready
  var root = null;
  var ready = false;
  var networks = null; // name -> tf.LayersModel: whose weights go out when training stops
  var training = null;
  var history = {}; // figure -> one value (or null) a batch, as Keras' History.history
  var rows = 0;
  var sentRows = 0;
  var historyTimer = 0;
  var HISTORY_EVERY_MS = 1000; // a batch can take milliseconds: the history goes out at most this often

  function post(kind, value, transfer) {
    global.parent.postMessage({ cnnDemos: kind, value: value }, '*', transfer || []);
  }

  function pixelBytes(pixels) {
    var out = new Uint8Array(pixels.length);
    for (var i = 0; i < pixels.length; i++) out[i] = Math.round(255 * Math.min(1, Math.max(0, pixels[i])));
    return out;
  }

  function sendHistory() {
    clearTimeout(historyTimer);
    historyTimer = 0;
    if (sentRows === rows) return;
    sentRows = rows;
    post('history', history);
  }

  function addProgress(figures) {
    Object.keys(figures).forEach(function (key) {
      if (!history[key]) history[key] = new Array(rows).fill(null);
    });
    Object.keys(history).forEach(function (key) {
      var value = figures[key];
      history[key].push(typeof value === 'number' && isFinite(value) ? value : null);
    });
    rows += 1;
    if (!historyTimer) historyTimer = setTimeout(sendHistory, HISTORY_EVERY_MS);
  }

  /** Each network's weights in Keras' order (trainable, then the rest), as float32 arrays. */
  function sendWeights() {
    var names = Object.keys(networks), buffers = [];
    var described = names.map(function (name) {
      var tensors = networks[name].getWeights();
      return {
        name: name,
        shapes: tensors.map(function (t) {
          buffers.push(t.dataSync().slice().buffer);
          return t.shape;
        })
      };
    });
    post('weights', { networks: described, buffers: buffers }, buffers);
  }

  var tellers = {
    reading: function (value) {
      post('reading', {
        drawing: value.drawing ? pixelBytes(value.drawing) : null,
        probabilities: value.probabilities ? Array.prototype.slice.call(value.probabilities) : null
      });
    },
    progress: addProgress,
    networks: function (value) { networks = value; },
    samples: function (value) {
      post('samples', value.map(function (s) { return [s.index, s.label]; }));
    },
    training: function (value) {
      var was = training;
      training = value.state;
      if (value.examples === 0 && rows > 0) { // fresh weights: a new history
        history = {};
        rows = sentRows = 0;
        post('history', history);
      }
      if (training === was) return;
      if (was === 'running') {
        sendHistory();
        if (networks) sendWeights();
      }
      post('training', training);
    }
  };

  function deliver(what) {
    if (!ready || !handlers[what] || !(what in waiting)) return;
    var value = waiting[what];
    delete waiting[what];
    handlers[what](value);
  }

  global.CNN_DEMOS_HOST = {
    tell: function (demoRoot, what, value) {
      if (tellers[what]) tellers[what](value);
    },
    whenAsked: function (demoRoot, what, handler) {
      if (!handlers[what]) handlers[what] = handler;
      deliver(what);
    }
  };

  global.addEventListener('message', function (event) {
    var data = event.data;
    if (event.source !== global.parent || !data || typeof data.cnnDemosAsk !== 'string') return;
    if (data.cnnDemosAsk === 'drawing') data.value = Float32Array.from(data.value, function (v) { return v / 255; });
    waiting[data.cnnDemosAsk] = data.value;
    deliver(data.cnnDemosAsk);
  });

  function watch() {
    root = document.querySelector('[data-cnn-demo]');
    if (!root) return;
    var said = null;
    function state() {
      var now = root.dataset.demoState, status = root.querySelector('[data-role="status"]');
      var message = status ? status.textContent : '';
      if (now + message === said) return;
      said = now + message;
      post('state', { state: now, message: message });
      if (now === 'ready' && !ready) {
        ready = true;
        Object.keys(waiting).forEach(deliver);
      }
    }
    new MutationObserver(state).observe(root, { attributes: true, attributeFilter: ['data-demo-state'] });
    state();
    // The frame takes the page's height, so the notebook scrolls, not the frame.
    new ResizeObserver(function () {
      post('height', document.documentElement.scrollHeight);
    }).observe(document.body);
  }

  document.addEventListener('DOMContentLoaded', watch);
})(window);
