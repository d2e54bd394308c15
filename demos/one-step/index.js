/* one-step: wiring. An image (drawn, a file, the drawing kept from another page, or a held-out
   one), a label to train towards and a filter to follow give the way back through LeNet; the
   reader walks through the filter's positions, applies the step, or edits the filter by hand
   and races gradient descent. */
(function (CnnDemos) {
  'use strict';
  var Demo = CnnDemos.OneStep;

  CnnDemos.eachEmbed('one-step', function (root) {
    var view = new Demo.View(root);
    var model = null, pixels = null, result = null;
    var labelChosen = false; // until the reader picks a label, each new image gets its runner-up
    var applied = 0;
    var challenge = { start: null, edits: 0 }; // the filter before the reader's first move

    function rate() {
      return view.value('rate');
    }

    function label() {
      return view.value('label');
    }

    function filter() {
      return view.value('filter');
    }

    /** Work the way back out again for the image, label and filter as they are now. */
    function update(keepPosition) {
      if (!pixels) return;
      result = model.backward(pixels, label(), filter());
      view.showBackward(result, label());
      var position = keepPosition ? view.value('position') : nextCounting(-1);
      view.showPosition(result, model, position);
      weights.show(model.filter(filter()).weights);
    }

    /** The first position after `from` that adds something to the filter's gradient: a
        gradient arrives there and the patch under the filter is not all black (or the last one). */
    function nextCounting(from) {
      var width = result.paddedSize[1];
      for (var p = from + 1; p < result.delta.length; p++) {
        if (result.delta[p] === 0) continue;
        var share = model.contribution(result.padded, width, result.delta, result.cols, Math.floor(p / result.cols), p % result.cols);
        if (share.some(function (v) { return v !== 0; })) return p;
      }
      return from < 0 ? 0 : result.delta.length - 1;
    }

    function newImage(shown) {
      pixels = shown;
      if (!model) return;
      if (!pixels) return;
      if (!labelChosen) {
        var probs = model.forward(pixels, 0).probabilities;
        view.setValue('label', CnnDemos.topK(probs, 2)[1].index); // its second choice
      }
      resetChallenge();
      update(false);
      view.announce(view.part('loss').textContent);
    }

    function resetChallenge() {
      challenge = { start: null, edits: 0 };
      view.showChallenge(0);
    }

    function strokeEnded() {
      var sample = samples.shown;
      newImage(sample ? sample.pixels : CnnDemos.mnist.fromCanvas(view.pad));
    }

    function clear() {
      samples.clear();
      pixels = null;
    }

    function goTo(position) {
      if (!result) return;
      view.showPosition(result, model, Math.max(0, Math.min(result.delta.length - 1, position)));
    }

    function applyStep() {
      if (!result) return;
      var before = model.forward(pixels, label());
      var step = model.applyStep(filter(), result.gradient, result.biasGradient, rate());
      var after = model.forward(pixels, label());
      applied += 1;
      var said = view.showApplied(step, before, after, label(), rate(), applied);
      update(true);
      view.announce(said);
      var change = after.loss - before.loss;
      CnnDemos.publish(root, 'loss-after-step', Math.abs(change) < 1e-7 ? 'the same' : change < 0 ? 'lower' : 'higher',
        'loss ' + CnnDemos.fixed(before.loss, 4) + ' before the step, ' + CnnDemos.fixed(after.loss, 4) + ' after, at learning rate ' +
        rate(), { rate: rate() });
    }

    function resetFilter() {
      model.reset();
      applied = 0;
      view.clearApplied();
      resetChallenge();
      update(true);
      view.announce('The trained filters are back.');
    }

    function edited(index, value) {
      var f = filter(), now = model.filter(f);
      if (!challenge.start) challenge.start = now;
      var weights = now.weights.slice();
      weights[index] = value;
      model.setFilter(f, weights);
      challenge.edits += 1;
      update(true);
      view.showChallenge(challenge.edits, result.probabilities[label()], label());
    }

    function race() {
      if (!result) return;
      var yours = result.probabilities[label()], theirs = null;
      if (challenge.start) {
        var f = filter(), now = model.filter(f);
        model.setFilter(f, challenge.start.weights, challenge.start.bias);
        theirs = model.race(pixels, label(), f, challenge.edits, rate());
        model.setFilter(f, now.weights, now.bias);
      }
      view.announce(view.showRace(challenge.edits, yours, theirs, label(), rate()));
    }

    var pad = new CnnDemos.DigitPad(view.pad, {
      onStrokeStart: function () { samples.giveWay(); }, onStrokeEnd: strokeEnded, onClear: clear
    });
    var samples = new CnnDemos.SamplePicker(view.samples, pad);
    var weights = new Demo.WeightGrid(view.part('weights'), 5, 5, edited);
    CnnDemos.onAction(root, 'clear', function () { pad.clear(); clear(); view.pad.focus(); });
    CnnDemos.ownImage.wire(root, pad);
    var kept = CnnDemos.keptDrawing.wire(root, function () { pad.clear(); clear(); });
    CnnDemos.onAction(root, 'previous', function () { goTo(view.value('position') - 1); });
    CnnDemos.onAction(root, 'next', function () { goTo(view.value('position') + 1); });
    CnnDemos.onAction(root, 'next-counting', function () { goTo(nextCounting(view.value('position'))); });
    CnnDemos.onAction(root, 'all-positions', function () { goTo(result ? result.delta.length - 1 : 0); });
    CnnDemos.onAction(root, 'apply', applyStep);
    CnnDemos.onAction(root, 'reset-filter', resetFilter);
    CnnDemos.onAction(root, 'race', race);
    view.onChange('position', function () { goTo(view.value('position')); });
    view.onChange('label', function () { labelChosen = true; resetChallenge(); update(true); });
    view.onChange('filter', function () { resetChallenge(); update(false); });

    return Promise.all([Demo.load(), CnnDemos.loadSample()]).then(function (loaded) {
      model = loaded[0];
      samples.add(CnnDemos.sampleDigits(loaded[1].test, 1));
      return CnnDemos.tfBackend();
    }).then(function (backend) {
      var probe = model.backward(new Float32Array(CnnDemos.PIXELS), 0, 0, true);
      view.start(model, probe.rows, probe.cols);
      CnnDemos.readyOn(root, backend);
      if (!pad.isEmpty()) strokeEnded();
      else if (kept) pad.showInk(kept);
      else samples.showFirst();
    });
  });
})(window.CnnDemos);
