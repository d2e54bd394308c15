/* The sample of the site's dataset the build embeds for in-browser training and testing
   (whatever the dataset: MNIST, Fashion-MNIST, ...; written by
   builder/export/dataset_script.py): gzip + base64 uint8 arrays, unpacked here with
   DecompressionStream, which needs no fetch and so works from file://. A page opens with the
   first held-out images only: one of each class at least (window.CNN_DEMOS_SAMPLE), and the
   next ones up to the opening count (CNN_DEMOS_SAMPLE_OPENING) unless its demos hold them back;
   the rest of the held-out part (CNN_DEMOS_SAMPLE_HELD_OUT) and the training part
   (CNN_DEMOS_SAMPLE_TRAINING) are scripts the page holds back until a demo asks for them.
   Needs cnn-demos.js. */
(function (CnnDemos) {
  'use strict';
  var sample = null, heldOut = null, training = null;

  /** gzip + base64 text (as the build packs uint8 arrays) to a Promise of its Uint8Array. */
  CnnDemos.gunzip = function (base64) {
    var bytes = CnnDemos.base64ToBytes(base64);
    var stream = new Blob([bytes]).stream().pipeThrough(new DecompressionStream('gzip'));
    return new Response(stream).arrayBuffer().then(function (buffer) {
      return new Uint8Array(buffer);
    });
  };

  function split(part) {
    return Promise.all([CnnDemos.gunzip(part.images), CnnDemos.gunzip(part.labels)]).then(function (arrays) {
      return { count: part.count, images: arrays[0], labels: arrays[1] };
    });
  }

  function joined(a, b) {
    var out = new Uint8Array(a.length + b.length);
    out.set(a);
    out.set(b, a.length);
    return out;
  }

  /** test with part's images and labels after its own (count the sum). */
  function extend(test, part) {
    test.images = joined(test.images, part.images);
    test.labels = joined(test.labels, part.labels);
    test.count += part.count;
  }

  /** Runs the held-back script `name`, then resolves to the part its global carries, unpacked. */
  function later(name, global) {
    return CnnDemos.loadLater(name).then(function () {
      var data = window[global];
      if (!data) throw new Error('the data sample\'s ' + name + ' script is not on this page');
      return split(data);
    });
  }

  /** Retries on the next call if it failed (a script that could not load, say). */
  function once(promise, forget) {
    promise.catch(forget);
    return promise;
  }

  /**
   * Resolves to the sample {source, test, train, heldOutCount, trainingMean}. test is
   * {count, images, labels}: images a Uint8Array of count*PIXELS pixels (0..255, row by row),
   * labels a Uint8Array of count class numbers; it holds the first held-out images (at least
   * 500, and 20 of each class; on a page whose demos hold the opening images back, only the
   * first, until every class has one) until loadHeldOut() has added the rest (heldOutCount in all).
   * train has its count at once, but its images and labels stay null until loadTraining() has
   * brought them. trainingMean is the mean training image (Float32Array(PIXELS), 0..1).
   */
  CnnDemos.loadSample = function () {
    if (!sample) {
      var data = window.CNN_DEMOS_SAMPLE;
      if (!data) return Promise.reject(new Error('the data sample script is not on this page'));
      var opening = window.CNN_DEMOS_SAMPLE_OPENING; // when the page loads it with the first
      sample = Promise.all([split(data.test), opening ? split(opening) : null]).then(function (parts) {
        var test = parts[0], mean = CnnDemos.base64ToBytes(data.trainingMean);
        if (parts[1]) extend(test, parts[1]);
        return {
          source: data.source, test: test, heldOutCount: data.heldOutCount,
          train: { count: data.trainingCount, images: null, labels: null },
          trainingMean: new Float32Array(mean.buffer, mean.byteOffset, CnnDemos.PIXELS)
        };
      });
    }
    return sample;
  };

  /** Resolves to the same sample once its test part holds every held-out image. */
  CnnDemos.loadHeldOut = function () {
    if (!heldOut) {
      heldOut = once(CnnDemos.loadSample().then(function (s) {
        // The opening images too, where the page held them back.
        var opening = s.test.count < window.CNN_DEMOS_SAMPLE.openingCount;
        return Promise.all([opening ? later('sample-opening', 'CNN_DEMOS_SAMPLE_OPENING') : null,
          later('sample-held-out', 'CNN_DEMOS_SAMPLE_HELD_OUT')]).then(function (got) {
          if (got[0]) extend(s.test, got[0]);
          extend(s.test, got[1]);
          return s;
        });
      }), function () { heldOut = null; });
    }
    return heldOut;
  };

  /**
   * Resolves to the same sample once its training part is in, and every held-out image: what a
   * demo that trains needs before its first batch. onProgress(fraction, text), if given, hears
   * how it goes.
   */
  CnnDemos.loadTraining = function (onProgress) {
    var report = onProgress || function () {};
    if (!training) {
      report(0, 'Loading the training ' + CnnDemos.dataset.nouns + '…');
      training = once(Promise.all([CnnDemos.loadHeldOut(), later('sample-training', 'CNN_DEMOS_SAMPLE_TRAINING')])
        .then(function (got) {
          got[0].train.images = got[1].images;
          got[0].train.labels = got[1].labels;
          return got[0];
        }), function () { training = null; });
    }
    return training.then(function (s) {
      report(1, 'Loaded ' + CnnDemos.thousands(s.train.count) + ' training and ' +
        CnnDemos.thousands(s.test.count) + ' held-out ' + CnnDemos.dataset.nouns + '.');
      return s;
    });
  };

  /** Indices of the first perDigit examples of each label in part, ordered by label. */
  CnnDemos.sampleIndices = function (part, perDigit) {
    var byLabel = [];
    for (var i = 0; i < part.count; i++) {
      var label = part.labels[i];
      byLabel[label] = byLabel[label] || [];
      if (byLabel[label].length < perDigit) byLabel[label].push(i);
    }
    return byLabel.reduce(function (all, list) { return all.concat(list || []); }, []);
  };

  /**
   * The first perDigit examples of each label in part, ordered by label, ready to show:
   * [{index, label, pixels}], pixels a Float32Array(PIXELS) in 0..1.
   */
  CnnDemos.sampleDigits = function (part, perDigit) {
    return CnnDemos.sampleIndices(part, perDigit).map(function (index) {
      return { index: index, label: part.labels[index], pixels: CnnDemos.digitPixels(part, index) };
    });
  };

  /** One digit's pixels as floats in 0..1 (Float32Array(PIXELS)). */
  CnnDemos.digitPixels = function (part, index) {
    return CnnDemos.digitBatchPixels(part, [index]);
  };

  /** The pixels of several digits (their indices in part), one after another, as floats in 0..1. */
  CnnDemos.digitBatchPixels = function (part, indices) {
    var n = CnnDemos.PIXELS, out = new Float32Array(indices.length * n);
    indices.forEach(function (index, row) {
      var from = index * n, to = row * n;
      for (var i = 0; i < n; i++) out[to + i] = part.images[from + i] / 255;
    });
    return out;
  };
})(window.CnnDemos);
