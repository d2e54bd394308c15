/* why-it-decides: wiring. An image (drawn, a file, the drawing kept from another page, or a
   held-out one) and a question (network, class, other class) give the four maps, then the
   deletion check; the randomisation check runs on request. A newer image or question cancels
   the work under way. */
(function (CnnDemos) {
  'use strict';
  var Demo = CnnDemos.WhyItDecides;
  var maps = Demo.maps, checks = Demo.checks;

  /** Thrown from a progress report once newer work has replaced the work under way. */
  function Cancelled() {}


  /** How many of the top weighted layers the scramble takes first: the dense ones. */
  function denseFromTop(net) {
    var layers = net.weightedFromTop(), n = 0;
    while (n < layers.length && layers[n].kind === 'Dense') n++;
    return Math.max(1, n);
  }

  CnnDemos.eachEmbed('why-it-decides', function (root) {
    var view = new Demo.View(root);
    var nets = {}, mean = null, pixels = null;
    var work = 0; // counts requests: work that is not the latest stops at its next report
    var current = null; // the image, question and maps on show

    function reporter(id) {
      return function (done, label) {
        if (id !== work) throw new Cancelled();
        view.showProgress(done, label);
      };
    }

    function failed(err) {
      if (err instanceof Cancelled) return;
      view.showProgress(1, '');
      view.announce('The maps could not be computed: ' + (err && err.message || err));
      console.error(err);
    }

    /** The named network, loaded the first time it is chosen (LeNet is held back: demo.json). */
    function loadNet(name) {
      if (!nets[name]) nets[name] = CnnDemos.loadPlainNet(name);
      return nets[name];
    }

    async function explain() {
      var id = ++work;
      current = null;
      if (!pixels) { view.showEmpty(); return; }
      var network = view.network();
      if (!nets[network]) view.loadingNetwork(network);
      var net = await loadNet(network);
      if (id !== work) return;
      var probs = maps.probabilities(net, pixels);
      var target = view.question(CnnDemos.argmax(probs));
      var options = view.options(mean);
      view.showAnswer(network, probs, target);
      view.working();
      var found = await maps.all(net, pixels, target, options, reporter(id));
      if (id !== work) return;
      view.showMaps(found, target, pixels);
      view.announce(view.mapsSaid(target));
      current = { net: net, pixels: pixels, target: target, options: options, maps: found };
      var orders = { random: checks.randomOrder(checks.RANDOM_SEED) };
      Demo.MAPS.forEach(function (key) { orders[key] = checks.ranked(found[key].values); });
      var report = reporter(id);
      var deleted = await checks.deletion(net, pixels, target.cls, orders, function (f) { report(f, 'the deletion check'); });
      if (id !== work) return;
      view.deletion.show(deleted, CnnDemos.className(target.cls));
    }

    function explainNow() {
      explain().catch(failed);
    }

    async function scramble() {
      if (!current) { view.scramble.notYet(); return; }
      var id = work, shown = current;
      view.scramble.working();
      var result = await checks.randomisation(shown.net, shown.pixels, shown.target, shown.options, shown.maps,
        view.scramble.layers(), reporter(id));
      if (id !== work) return;
      view.announce(view.scramble.show(result, shown.pixels, Demo.what(shown.target)));
    }

    function chooseNetwork() {
      var name = view.network();
      explainNow(); // first: it says so while a network chosen for the first time loads
      loadNet(name).then(function (net) {
        if (view.network() === name) view.scramble.offer(net.weightedFromTop(), denseFromTop(net));
      }, function () {}); // explain has said why
    }

    function strokeEnded() {
      var sample = samples.shown;
      pixels = sample ? sample.pixels : CnnDemos.mnist.fromCanvas(view.pad);
      if (mean) explainNow();
    }

    function clear() {
      samples.clear();
      pixels = null;
      if (mean) explainNow();
    }

    var pad = new CnnDemos.DigitPad(view.pad, {
      onStrokeStart: function () { samples.giveWay(); }, onStrokeEnd: strokeEnded, onClear: clear
    });
    var samples = new CnnDemos.SamplePicker(view.samples, pad);
    CnnDemos.onAction(root, 'clear', function () { clear(); view.pad.focus(); });
    CnnDemos.onAction(root, 'scramble', function () { scramble().catch(failed); });
    CnnDemos.ownImage.wire(root, pad);
    var kept = CnnDemos.keptDrawing.wire(root, clear);
    view.onChange(['class', 'versus', 'patch', 'fill', 'baseline', 'steps'], explainNow);
    view.onChange(['network'], chooseNetwork);

    // Only the network on show: the other comes when the reader chooses it.
    return Promise.all([loadNet(view.network()), CnnDemos.loadSample()]).then(function (loaded) {
      var net = loaded[0];
      samples.add(CnnDemos.sampleDigits(loaded[1].test, 1));
      mean = loaded[1].trainingMean; // the occlusion patch's "mean" fill
      view.scramble.offer(net.weightedFromTop(), denseFromTop(net));
      return CnnDemos.tfBackend();
    }).then(function (backend) {
      CnnDemos.readyOn(root, backend);
      if (!pad.isEmpty()) strokeEnded();
      else if (kept) pad.showInk(kept); // the reader's drawing from another page
      else samples.showFirst(); // something to look at straight away
    });
  });
})(window.CnnDemos);
