/* Shared by every cnn-demos demo: one global namespace, classic script (works from file://). */
(function (global) {
  'use strict';
  var CnnDemos = global.CnnDemos = global.CnnDemos || {};

  /** MNIST images are IMAGE_SIZE x IMAGE_SIZE grey pixels, PIXELS in all, row by row. */
  CnnDemos.IMAGE_SIZE = 28;
  CnnDemos.PIXELS = CnnDemos.IMAGE_SIZE * CnnDemos.IMAGE_SIZE;

  /**
   * The dataset the site was built on: its name, its noun ("digit", "item") and the name of
   * each class, from the script the build writes (cnn-demos/data/dataset.js, by
   * builder/export/class_names.py). Without it (a demo
   * opened on its own), the classes are their numbers.
   */
  CnnDemos.dataset = global.CNN_DEMOS_DATASET || {
    name: 'MNIST', noun: 'digit', nouns: 'digits',
    classes: ['0', '1', '2', '3', '4', '5', '6', '7', '8', '9']
  };

  /** The name of class i, as every demo shows it: "7" for MNIST, "Ankle boot" for Fashion-MNIST. */
  CnnDemos.className = function (i) {
    var name = CnnDemos.dataset.classes[i];
    return name === undefined ? String(i) : name;
  };

  /** A word with its article, for sentences: "a 7", "an 8", "an Ankle boot", "an item". */
  CnnDemos.withArticle = function (word) {
    return (/^[aeiou8]/i.test(word) ? 'an ' : 'a ') + word;
  };

  /** Class i named in a sentence: "a 7", "a Sandal". */
  CnnDemos.aClass = function (i) {
    return CnnDemos.withArticle(CnnDemos.className(i));
  };

  /** One of the dataset's images, in a sentence: "a digit", "an item". */
  CnnDemos.aNoun = function () {
    return CnnDemos.withArticle(CnnDemos.dataset.noun);
  };

  /** Start init(root) once for each embed of the named demo, as soon as the embed is in the page. */
  CnnDemos.eachEmbed = function (name, init) {
    function start() {
      var roots = document.querySelectorAll('[data-cnn-demo="' + name + '"]');
      Array.prototype.forEach.call(roots, function (root) {
        if (root.dataset.cnnStarted) return;
        root.dataset.cnnStarted = 'true';
        Promise.resolve().then(function () { return init(root); }).catch(function (err) {
          CnnDemos.setState(root, 'error', 'This demo could not start: ' + (err && err.message || err));
          console.error(err);
        });
      });
    }
    // The page's scripts come after its content, so its embeds are there already: they start
    // now, not after the rest of the page's scripts (the theme's); any later embed at the end.
    start();
    if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', start);
  };

  /** data-demo-state is loading, ready or error: styles and tests key on it. */
  CnnDemos.setState = function (root, state, message) {
    root.dataset.demoState = state;
    var status = CnnDemos.part(root, 'status');
    if (status && message !== undefined) status.textContent = message;
  };

  /**
   * What a demo that trains in the page shows of its training, on its root, for styles and
   * tests (demos/README.md, "Demos that train in the page"): data-training is stopped (also
   * before the first start), running or done (a run that ends by itself has ended), and
   * data-examples-seen the number of examples the network has learnt from since its weights
   * were last set (0 with fresh random weights). examples may be left out to keep the count.
   */
  CnnDemos.TRAINING_STATES = ['stopped', 'running', 'done'];
  CnnDemos.markTraining = function (root, state, examples) {
    if (CnnDemos.TRAINING_STATES.indexOf(state) < 0) throw new Error('No such training state: ' + state);
    root.dataset.training = state;
    if (examples !== undefined) root.dataset.examplesSeen = String(examples);
    CnnDemos.tell(root, 'training', { state: state, examples: Number(root.dataset.examplesSeen) });
  };

  /**
   * A notebook that shows a demo as a widget (the cnn_demos package) runs its page in a frame
   * whose first script sets window.CNN_DEMOS_HOST; on the site there is none, and these do
   * nothing. tell(root, what, value): what the demo has to say ('reading': {drawing,
   * probabilities}; 'progress': one batch's figures; 'networks': {name: tf model}; 'samples':
   * the held-out digits offered). whenAsked(root, what, handler): what the notebook may ask
   * ('drawing': pixels to put on the pad; 'sample': the index of a held-out digit to show).
   */
  CnnDemos.tell = function (root, what, value) {
    if (global.CNN_DEMOS_HOST) global.CNN_DEMOS_HOST.tell(root, what, value);
  };
  CnnDemos.whenAsked = function (root, what, handler) {
    if (global.CNN_DEMOS_HOST && root) global.CNN_DEMOS_HOST.whenAsked(root, what, handler);
  };

  /**
   * A demo publishes a quantity it has measured (one its demo.json declares under "quantities"),
   * for the questions on the page (questions.js): a 'cnn-quantity' event on the root, with
   * detail {name, value, about, context}. value is a number, a word, or for a series
   * [[x, y], ...]; about says in a few words how it was measured ("after 150 batches"); context
   * holds the conditions the quantity's "context" names ({stride: 2}). The root keeps the latest
   * measurement for each name and context (CnnDemos.measurements), for a question that starts later.
   */
  CnnDemos.publish = function (root, name, value, about, context) {
    var detail = { name: name, value: value, about: about || '', context: context || {} };
    var kept = root.cnnMeasurements = root.cnnMeasurements || {};
    var list = (kept[name] || []).filter(function (m) {
      return JSON.stringify(m.context) !== JSON.stringify(detail.context);
    });
    list.push(detail);
    kept[name] = list;
    root.dispatchEvent(new CustomEvent('cnn-quantity', { detail: detail }));
  };

  /** Every measurement of name the demo at root has published, oldest first (one per context). */
  CnnDemos.measurements = function (root, name) {
    return (root.cnnMeasurements && root.cnnMeasurements[name]) || [];
  };

  /** The demo is ready; the status line says so, with the TF.js backend it runs on. */
  CnnDemos.readyOn = function (root, backend) {
    CnnDemos.setState(root, 'ready', 'Ready (TensorFlow.js on ' + backend + ').');
  };

  /**
   * The options the page gave on this embed's line ({{ demo("name", option=value) }}), every
   * one filled in by the build from demo.json's defaults: the root's data-cnn-options (JSON).
   */
  CnnDemos.options = function (root) {
    return JSON.parse(root.dataset.cnnOptions || '{}');
  };

  CnnDemos.part = function (root, role) {
    return root.querySelector('[data-role="' + role + '"]');
  };

  /** A demo's settings inputs (data-setting="name"), by name. */
  CnnDemos.settings = function (root) {
    var out = {};
    Array.prototype.forEach.call(root.querySelectorAll('[data-setting]'), function (input) {
      out[input.dataset.setting] = input;
    });
    return out;
  };

  /**
   * A new element: el('li', 'cnn-lab__guess', '7 98%'). className and text may be left out
   * (or be '' / undefined); text is set as textContent, never parsed as HTML.
   */
  CnnDemos.el = function (tag, className, text) {
    var node = document.createElement(tag);
    if (className) node.className = className;
    if (text !== undefined) node.textContent = text;
    return node;
  };

  CnnDemos.onAction = function (root, action, handler) {
    var button = root.querySelector('[data-action="' + action + '"]');
    if (button) button.addEventListener('click', handler);
    return button;
  };

  var laterLoads = {};

  function heldScript(name) {
    return document.querySelector('script[data-cnn-later="' + name + '"]');
  }

  /**
   * Runs a script the page holds back until a demo needs it (a <script> whose type is
   * text/x-cnn-demos-later and whose data-cnn-later is name, written by the build) by adding a
   * copy the browser runs: a classic script, so it loads from file:// too. Resolves once it has
   * run, at once if the page has no such script (a copy of the page with every script inside
   * it has run it already); rejects with a message if it cannot be loaded.
   */
  CnnDemos.loadLater = function (name) {
    if (!laterLoads[name]) {
      var held = heldScript(name);
      laterLoads[name] = !held ? Promise.resolve() : new Promise(function (resolve, reject) {
        var script = document.createElement('script');
        script.src = held.src;
        script.onload = function () { resolve(); };
        script.onerror = function () {
          delete laterLoads[name];  // a later call tries again
          reject(new Error('could not load ' + held.getAttribute('src')));
        };
        document.body.appendChild(script);
      });
    }
    return laterLoads[name];
  };

  /**
   * Whether the page holds back a script named name for CnnDemos.loadLater (run by now or not):
   * a demo can tell a part that will come when asked from one this site was built without.
   */
  CnnDemos.heldBack = function (name) {
    return !!heldScript(name);
  };

  CnnDemos.base64ToBytes = function (text) {
    var binary = atob(text);
    var bytes = new Uint8Array(binary.length);
    for (var i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
    return bytes;
  };

  CnnDemos.percent = function (p) {
    return (100 * p).toFixed(p >= 0.995 || p < 0.001 ? 0 : 1) + '%';
  };

  /**
   * x with the given number of decimals, or a dash when x is not a finite number. With
   * options.minus, a negative number gets a true minus sign (−, read as "minus" by screen
   * readers) and a number that rounds to zero gets none (no "−0.00").
   */
  CnnDemos.fixed = function (x, digits, options) {
    if (typeof x !== 'number' || !isFinite(x)) return '–';
    if (!(options && options.minus)) return x.toFixed(digits);
    if (Math.abs(x) < 0.5 * Math.pow(10, -digits)) x = 0;
    return x.toFixed(digits).replace('-', '−');
  };

  /** A whole number as the course writes it, with thousands separators: 61,706. */
  CnnDemos.thousands = function (n) {
    return n.toLocaleString('en');
  };

  /** n (with thousands separators) and the word that goes with it: "1 pixel", "1,024 pixels". */
  CnnDemos.plural = function (n, one, many) {
    return CnnDemos.thousands(n) + ' ' + (n === 1 ? one : many);
  };

  /** Sizes as the course writes them: dims(28, 28) is "28 × 28", dims(6, 28, 28) "6 × 28 × 28". */
  CnnDemos.dims = function () {
    return Array.prototype.join.call(arguments, ' × ');
  };

  /** A Promise that resolves once the page has had a turn (to paint, to take the reader's input)
      between two pieces of long work. A message, not a frame or a timer: both of those wait (a
      frame up to 16 ms, nested timers 4 ms) for nothing. */
  CnnDemos.letThePageBreathe = function () {
    return new Promise(function (resolve) {
      var channel = new MessageChannel();
      channel.port1.onmessage = function () { channel.port1.close(); resolve(); };
      channel.port2.postMessage(null);
    });
  };

  /** A small seeded generator of numbers in [0, 1) (mulberry32): one seed, one sequence. */
  CnnDemos.seededRandom = function (seed) {
    var state = seed >>> 0;
    return function () {
      state = (state + 0x6D2B79F5) >>> 0;
      var t = state;
      t = Math.imul(t ^ (t >>> 15), t | 1);
      t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
      return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
    };
  };

  /** The index of the largest of values (an Array or typed array); the first one on a tie; -1 if empty. */
  CnnDemos.argmax = function (values) {
    var best = -1;
    for (var i = 0; i < values.length; i++) {
      if (best < 0 || values[i] > values[best]) best = i;
    }
    return best;
  };

  /** The k largest of values as [{index, value}], largest first (ties keep index order). */
  CnnDemos.topK = function (values, k) {
    var ranked = Array.prototype.map.call(values, function (value, index) {
      return { index: index, value: value };
    });
    ranked.sort(function (a, b) { return b.value - a.value || a.index - b.index; });
    return ranked.slice(0, k === undefined ? ranked.length : k);
  };
})(window);
