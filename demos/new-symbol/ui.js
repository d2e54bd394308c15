/* new-symbol: everything on the page: the reader's examples, the teaching's progress, what the
   network reads on the pad (eleven probabilities and the nearest confusions), the table of what
   the new class takes from the old ones, the forgetting chart, what is announced, and the data-*
   attributes tests read. Needs cnn-demos.js, mnist-preprocess.js, line-chart.js. */
(function (CnnDemos) {
  'use strict';
  var Demo = CnnDemos.NewSymbol = CnnDemos.NewSymbol || {};

  function View(root) {
    this.root = root;
    this.pad = this.part('pad');
    this.nameInput = root.querySelector('[data-setting="name"]');
    this.progress = this.part('progress');
    this.chart = new CnnDemos.LineChart(this.part('forget-chart'), {
      yMax: 1, yTicks: 4, yLabel: function (v) { return Math.round(100 * v) + '%'; },
      xTitle: 'batches', aspect: 0.5
    });
    this.before = null;
  }

  View.prototype.part = function (role) {
    return CnnDemos.part(this.root, role);
  };

  View.prototype.button = function (action) {
    return this.root.querySelector('[data-action="' + action + '"]');
  };

  /** The new symbol's name, as the reader typed it. */
  View.prototype.symbolName = function () {
    return this.nameInput.value.trim() || 'your symbol';
  };

  /** Class i's name: the dataset's for the old classes, the reader's for the new one. */
  View.prototype.nameOf = function (i) {
    return i === Demo.NEW_CLASS ? this.symbolName() : CnnDemos.className(i);
  };

  View.prototype.announce = function (text) {
    this.part('result').textContent = text;
  };

  View.prototype.ready = function (backend) {
    CnnDemos.readyOn(this.root, backend);
    CnnDemos.markTraining(this.root, 'stopped', 0);
  };

  /** The reader's examples (Float32Arrays), each as a small picture. */
  View.prototype.showExamples = function (drawn) {
    var box = this.part('examples');
    box.textContent = '';
    drawn.forEach(function (pixels, i) {
      var canvas = CnnDemos.el('canvas');
      canvas.setAttribute('role', 'listitem');
      canvas.setAttribute('aria-label', 'Example ' + (i + 1));
      CnnDemos.mnist.paint(pixels, canvas);
      box.appendChild(canvas);
    });
    this.root.dataset.examples = String(drawn.length);
    var want = Demo.SETTINGS.minExamples;
    this.part('examples-said').textContent = drawn.length === 0
      ? 'None yet: draw your symbol and press "Add as an example", about ten times, each a little different.'
      : CnnDemos.plural(drawn.length, 'example', 'examples') + ' of ' + this.symbolName() +
        (drawn.length < want ? ': at least ' + want + ' before teaching.' : drawn.length < 8
          ? ': a few more, each a little different, teach it better.' : ': enough to teach it.');
  };

  View.prototype.emptyPad = function () {
    this.announce('The pad is empty: draw your symbol first, then add it.');
  };

  View.prototype.added = function (count) {
    this.announce('Added: ' + CnnDemos.plural(count, 'example', 'examples') + ' of ' + this.symbolName() + '.');
  };

  View.prototype.tooFew = function (count) {
    this.announce('Add at least ' + Demo.SETTINGS.minExamples + ' examples first (you have ' + count + ').');
  };

  View.prototype.busy = function () {
    this.announce('Stop the training first.');
  };

  View.prototype.teaching = function (share, loss) {
    this.root.dataset.taught = 'teaching';
    this.progress.value = share;
    this.part('progress-text').textContent = share >= 1 ? '' : 'Teaching: ' + CnnDemos.percent(share) +
      ' of the steps, loss ' + CnnDemos.fixed(loss, 3);
  };

  /** Said under the table until the site's network has been measured (after ready). */
  View.prototype.measuring = function (count) {
    this.part('confusion-said').textContent = 'Measuring the site\'s network on ' +
      CnnDemos.plural(count, 'held-out ' + CnnDemos.dataset.noun, 'held-out ' + CnnDemos.dataset.nouns) + '…';
  };

  /** The site's network on the held-out examples (the "before" column). */
  View.prototype.measured = function (before) {
    this.before = before;
    this.root.dataset.oldBefore = String(before.accuracy);
    this.showTable(null);
  };

  /** The table: for each old class, right before, right now, read as the new symbol. */
  View.prototype.showTable = function (now) {
    var body = this.part('confusion-table').querySelector('tbody'), before = this.before;
    body.textContent = '';
    before.table.forEach(function (row, c) {
      var tr = CnnDemos.el('tr'), th = CnnDemos.el('th', '', CnnDemos.className(c));
      th.setAttribute('scope', 'row');
      tr.appendChild(th);
      var cells = [row.right + ' of ' + row.count, now ? now.table[c].right + ' of ' + now.table[c].count : '–',
        now ? String(now.table[c].taken) : '–'];
      cells.forEach(function (text) { tr.appendChild(CnnDemos.el('td', '', text)); });
      body.appendChild(tr);
    });
    var said = this.part('confusion-said');
    if (!now) { said.textContent = 'Teach it to fill the last two columns.'; return; }
    var taken = now.table.filter(function (row) { return row.taken > 0; })
      .sort(function (a, b) { return b.taken - a.taken; });
    var total = taken.reduce(function (s, row) { return s + row.taken; }, 0);
    said.textContent = 'Old classes right: ' + CnnDemos.percent(before.accuracy) + ' before, ' + CnnDemos.percent(now.accuracy) +
      ' now. ' + (total === 0 ? 'No held-out example of the old classes is read as ' + this.symbolName() + '.'
        : CnnDemos.plural(total, 'held-out example is', 'held-out examples are') + ' now read as ' + this.symbolName() +
        ', most from ' + taken.slice(0, 3).map(function (row) { return CnnDemos.className(row.cls) + ' (' + row.taken + ')'; }).join(', ') + '.');
  };

  View.prototype.taught = function (result, examplesSeen) {
    var root = this.root;
    root.dataset.taught = 'yes';
    root.dataset.oldAfter = String(result.after.accuracy);
    root.dataset.symbolAccuracy = String(result.symbolAccuracy);
    root.dataset.fineTuneSeconds = result.run.seconds.toFixed(3);
    CnnDemos.markTraining(root, 'stopped', examplesSeen);
    this.progress.value = 1;
    this.part('progress-text').textContent = 'Taught in ' + CnnDemos.fixed(result.run.seconds, 1) + ' s: loss ' +
      CnnDemos.fixed(result.run.losses[0], 3) + ' → ' + CnnDemos.fixed(result.run.losses[1], 3) + '.';
    this.showTable(result.after);
    this.clearChart();
    this.announce('Taught. ' + this.part('confusion-said').textContent + ' Now draw ' + this.symbolName() +
      ' again, or one of the old classes, to test it.');
  };

  /** What the network reads on the pad: probs over ten or eleven classes. */
  View.prototype.showReading = function (probs) {
    var top = CnnDemos.topK(probs, probs.length), self = this;
    var list = this.part('probabilities');
    list.textContent = '';
    probs.forEach(function (p, i) {
      var li = CnnDemos.el('li', i === Demo.NEW_CLASS ? 'cnn-ns__new' : '');
      var bar = CnnDemos.el('span', 'cnn-ns__bar');
      bar.style.width = (0.2 + 4 * p).toFixed(2) + 'em';
      li.appendChild(bar);
      li.appendChild(document.createTextNode(self.nameOf(i) + ': ' + CnnDemos.percent(p)));
      list.appendChild(li);
    });
    var near = top.slice(1, 3).filter(function (t) { return t.value >= 0.005; });
    var text = 'It reads ' + this.nameOf(top[0].index) + ' (' + CnnDemos.percent(top[0].value) + ' sure)' +
      (near.length ? '; next ' + near.map(function (t) { return self.nameOf(t.index) + ' (' + CnnDemos.percent(t.value) + ')'; }).join(', ') : '') +
      (probs.length < Demo.CLASSES ? '. (The site\'s network: ten classes; teach it to add yours.)' : '.');
    this.part('answer').textContent = text;
    this.root.dataset.predicted = String(top[0].index);
    this.announce(text);
  };

  View.prototype.clearReading = function () {
    this.part('answer').textContent = '–';
    this.part('probabilities').textContent = '';
    delete this.root.dataset.predicted;
  };

  View.prototype.clearChart = function () {
    this.chart.draw([]);
    this.part('forget-said').textContent = '';
    delete this.root.dataset.forgetBatches;
    delete this.root.dataset.oldNow;
  };

  /** Training started: Stop gets the focus Start had. */
  View.prototype.started = function (examplesSeen) {
    CnnDemos.markTraining(this.root, 'running', examplesSeen);
    this.root.dataset.taught = 'unfrozen';
    var start = this.button('start'), stop = this.button('stop');
    stop.disabled = false;
    if (document.activeElement === start) stop.focus();
  };

  View.prototype.afterBatch = function (curve, now, examplesSeen, running) {
    var last = curve[curve.length - 1], first = curve[0], root = this.root;
    root.dataset.forgetBatches = String(last.batches);
    root.dataset.oldNow = String(last.old);
    root.dataset.oldAtUnfreeze = String(first.old);
    CnnDemos.markTraining(root, running ? 'running' : 'stopped', examplesSeen);
    this.chart.draw([
      { points: curve.map(function (p) { return [p.batches, p.old]; }), colour: '--cnn-ns-old' },
      { points: curve.map(function (p) { return [p.batches, p.symbol]; }), colour: '--cnn-ns-symbol', dash: [6, 4] }
    ]);
    this.part('forget-said').textContent = 'After ' + CnnDemos.plural(last.batches, 'batch', 'batches') + ' of every layer: ' +
      'old classes right ' + CnnDemos.percent(last.old) + ' (' + CnnDemos.percent(first.old) + ' when unfrozen, ' +
      CnnDemos.percent(this.before.accuracy) + ' for the site\'s network); your examples right ' + CnnDemos.percent(last.symbol) + '.';
    this.showTable(now);
  };

  /** The loop ended (stopped or done): Start gets the focus back from Stop. */
  View.prototype.finished = function (state, examplesSeen) {
    CnnDemos.markTraining(this.root, state, examplesSeen);
    var start = this.button('start'), stop = this.button('stop'), had = document.activeElement === stop;
    stop.disabled = true;
    if (had) start.focus();
    this.announce(this.part('forget-said').textContent);
  };

  View.prototype.wasReset = function () {
    var root = this.root;
    CnnDemos.markTraining(root, 'stopped', 0);
    root.dataset.taught = 'no';
    delete root.dataset.oldAfter;
    delete root.dataset.symbolAccuracy;
    this.progress.value = 0;
    this.part('progress-text').textContent = '';
    this.button('stop').disabled = true;
    this.clearChart();
    if (this.before) this.showTable(null);
    this.announce('Back to the site\'s network: ten classes, as it was built.');
  };

  View.prototype.failed = function (err) {
    this.announce('That did not work: ' + (err && err.message || err));
  };

  Demo.View = View;
})(window.CnnDemos);
