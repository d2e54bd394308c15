/* The sample of the site's dataset the build embeds for in-browser training and testing
   (whatever the dataset: MNIST, Fashion-MNIST, ...; written by
   builder/export/dataset_script.py): gzip + base64 uint8 arrays, unpacked here with
   DecompressionStream, which needs no fetch and so works from file://. The held-out part
   (window.CNN_DEMOS_SAMPLE) loads with the page; the training part, four times the size
   (window.CNN_DEMOS_SAMPLE_TRAINING), only when a demo is about to train. Needs cnn-demos.js. */
(function (CnnDemos) {
  'use strict';
  var sample = null, training = null;

  function gunzip(base64) {
    var bytes = CnnDemos.base64ToBytes(base64);
    var stream = new Blob([bytes]).stream().pipeThrough(new DecompressionStream('gzip'));
    return new Response(stream).arrayBuffer().then(function (buffer) {
      return new Uint8Array(buffer);
    });
  }

  function split(part) {
    return Promise.all([gunzip(part.images), gunzip(part.labels)]).then(function (arrays) {
      return { count: part.count, images: arrays[0], labels: arrays[1] };
    });
  }

  /**
   * Resolves to the sample {source, train, test, trainingMean}. test is {count, images, labels}:
   * images a Uint8Array of count*PIXELS pixels (0..255, row by row), labels a Uint8Array of count
   * class numbers. train has its count at once, but its images and labels stay null until
   * loadTraining() has brought them (a demo that trains calls it before its first batch).
   * trainingMean is the mean training image (Float32Array(PIXELS), 0..1), worked out by the build.
   */
  CnnDemos.loadSample = function () {
    if (!sample) {
      var data = window.CNN_DEMOS_SAMPLE;
      if (!data) return Promise.reject(new Error('the data sample script is not on this page'));
      sample = split(data.test).then(function (test) {
        var mean = CnnDemos.base64ToBytes(data.trainingMean);
        return {
          source: data.source, test: test,
          train: { count: data.training.count, images: null, labels: null },
          trainingMean: new Float32Array(mean.buffer, mean.byteOffset, CnnDemos.PIXELS)
        };
      });
    }
    return sample;
  };

  /**
   * Resolves to the same sample once its training part is in (loaded and unpacked the first
   * time; the page holds that script back until now, so that it opens without waiting for it).
   * onProgress(fraction, text), if given, hears how it goes.
   */
  CnnDemos.loadTraining = function (onProgress) {
    var report = onProgress || function () {};
    if (!training) {
      report(0, 'Loading the training ' + CnnDemos.dataset.nouns + '…');
      training = Promise.all([CnnDemos.loadSample(), CnnDemos.loadLater('sample-training')]).then(function (got) {
        var data = window.CNN_DEMOS_SAMPLE_TRAINING;
        if (!data) throw new Error('the training part of the data sample is not on this page');
        report(0.5, 'Unpacking ' + CnnDemos.thousands(data.count) + ' training ' + CnnDemos.dataset.nouns + '…');
        return split(data).then(function (part) {
          got[0].train.images = part.images;
          got[0].train.labels = part.labels;
          return got[0];
        });
      });
      training.catch(function () { training = null; });  // a later call tries again
    }
    return training.then(function (loaded) {
      report(1, 'Loaded ' + CnnDemos.thousands(loaded.train.count) + ' training and ' +
        CnnDemos.thousands(loaded.test.count) + ' held-out ' + CnnDemos.dataset.nouns + '.');
      return loaded;
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
