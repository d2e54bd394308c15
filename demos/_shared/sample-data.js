/* The sample of the site's dataset the build embeds for in-browser training and testing
   (window.CNN_DEMOS_SAMPLE, whatever the dataset: MNIST, Fashion-MNIST, ...; the script is
   written by builder/export/dataset_script.py): gzip + base64 uint8 arrays, unpacked here with
   DecompressionStream, which needs no fetch and so works from file://. Needs cnn-demos.js. */
(function (CnnDemos) {
  'use strict';
  var unpacked = null;

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

  /**
   * Resolves to {source, train, test}; train and test are {count, images, labels}: images a
   * Uint8Array of count*PIXELS pixels (0..255, row by row), labels a Uint8Array of count digits.
   * onProgress(fraction, text), if given, hears about each part as it is unpacked.
   */
  CnnDemos.loadSample = function (onProgress) {
    if (!unpacked) {
      var data = window.CNN_DEMOS_SAMPLE;
      if (!data) return Promise.reject(new Error('the data sample script is not on this page'));
      var report = onProgress || function () {};
      report(0, 'Unpacking ' + data.train.count + ' training ' + CnnDemos.dataset.nouns + '…');
      unpacked = split(data.train).then(function (train) {
        report(0.8, 'Unpacking ' + data.test.count + ' held-out ' + CnnDemos.dataset.nouns + '…');
        return split(data.test).then(function (test) {
          report(1, 'Loaded ' + train.count + ' training and ' + test.count + ' held-out ' +
            CnnDemos.dataset.nouns + '.');
          return { source: data.source, train: train, test: test };
        });
      });
    }
    return unpacked;
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
