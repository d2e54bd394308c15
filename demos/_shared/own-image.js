/* The reader's own image (a PNG or JPEG, e.g. a photo of a digit on paper) turned into ink the
   pads and the MNIST preparation take: greyscale, contrast stretched from the paper's shade,
   inverted when the paper is light, so the digit becomes white on black like MNIST. The file
   is read in the page and never leaves it. Needs cnn-demos.js. */
(function (CnnDemos) {
  'use strict';
  var TYPES = ['image/png', 'image/jpeg'];
  var MAX_BYTES = 10 * 1024 * 1024;
  var WORK = 280; // the longest side the image is read at: a pad's size, plenty for 28 x 28
  var FAINT = 0.25; // of the strongest ink: lighter marks (paper grain, shadows) are dropped

  /** Why a file cannot be used, or null: checked before reading a byte of it. */
  function refusal(file) {
    if (!file) return 'No file was chosen.';
    if (TYPES.indexOf(file.type) < 0) {
      return '"' + file.name + '" is not a PNG or JPEG image: choose a photo or a picture of one ' +
        CnnDemos.dataset.noun + '.';
    }
    if (file.size > MAX_BYTES) {
      return '"' + file.name + '" is ' + (file.size / 1048576).toFixed(1) + ' MB; the limit is ' +
        MAX_BYTES / 1048576 + ' MB: choose a smaller image.';
    }
    return null;
  }

  /** The greyscale (0 black .. 1 white) of an image bitmap, read at most WORK px across. */
  function greyOf(bitmap) {
    var scale = Math.min(1, WORK / Math.max(bitmap.width, bitmap.height));
    var w = Math.max(1, Math.round(bitmap.width * scale)), h = Math.max(1, Math.round(bitmap.height * scale));
    var canvas = document.createElement('canvas');
    canvas.width = w;
    canvas.height = h;
    var ctx = canvas.getContext('2d');
    ctx.fillStyle = '#fff'; // transparent parts count as paper
    ctx.fillRect(0, 0, w, h);
    ctx.drawImage(bitmap, 0, 0, w, h);
    var rgba = ctx.getImageData(0, 0, w, h).data;
    var grey = new Float32Array(w * h);
    for (var i = 0; i < grey.length; i++) {
      grey[i] = (0.299 * rgba[i * 4] + 0.587 * rgba[i * 4 + 1] + 0.114 * rgba[i * 4 + 2]) / 255;
    }
    return { data: grey, width: w, height: h };
  }

  function quantile(values, q) {
    var sorted = Array.prototype.slice.call(values).sort(function (a, b) { return a - b; });
    return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))];
  }

  /**
   * Ink 0..1 from a greyscale image: the paper is the median shade; a light paper is inverted
   * (ink is what is darker than it), a dark one is not; the contrast is stretched so the
   * strongest ink is 1. Returns {data, width, height, inverted} or null when there is no ink.
   */
  function inkFromGrey(grey) {
    var paper = quantile(grey.data, 0.5);
    var inverted = paper > 0.5;
    var diff = grey.data.map(function (v) { return Math.max(0, inverted ? paper - v : v - paper); });
    var strong = quantile(diff, 0.995);
    if (strong < 0.08) return null; // a blank page: nothing stands out from the paper
    var ink = diff.map(function (d) { return Math.max(0, Math.min(1, (d - FAINT * strong) / ((1 - FAINT) * strong))); });
    return { data: ink, width: grey.width, height: grey.height, inverted: inverted };
  }

  /** Resolves to the file's ink ({data, width, height, inverted}); rejects with a message to show. */
  function read(file) {
    var why = refusal(file);
    if (why) return Promise.reject(new Error(why));
    return createImageBitmap(file).catch(function () {
      throw new Error('"' + file.name + '" could not be read as an image (is it damaged?): choose another file.');
    }).then(function (bitmap) {
      var ink = inkFromGrey(greyOf(bitmap));
      if (bitmap.close) bitmap.close();
      if (!ink) throw new Error('No ' + CnnDemos.dataset.noun + ' stands out in "' + file.name + '": the image looks blank. Choose a photo with darker writing on light paper, or light on dark.');
      return ink;
    });
  }

  /**
   * Wire a file input (data-role="image-file") and its message line (data-role="image-message")
   * under root to a pad: a good image goes onto the pad as ink (pad.showInk, which then reads it
   * like a drawing); a bad one leaves the pad as it was and says why.
   */
  function wire(root, pad) {
    var input = CnnDemos.part(root, 'image-file');
    var message = CnnDemos.part(root, 'image-message');
    if (!input) return;
    input.addEventListener('change', function () {
      var file = input.files && input.files[0];
      if (!file) return;
      message.textContent = 'Reading "' + file.name + '"…';
      read(file).then(function (ink) {
        pad.showInk(ink);
        message.textContent = '"' + file.name + '" is on the pad: ' +
          (ink.inverted ? 'light paper, so its shades were inverted to ' : 'kept as ') +
          'light ink on black, then prepared like a drawing.';
        root.dataset.imageRead = file.name;
      }, function (err) {
        message.textContent = err.message;
        root.dataset.imageRefused = file.name;
      }).then(function () { input.value = ''; });
    });
  }

  CnnDemos.ownImage = { TYPES: TYPES, MAX_BYTES: MAX_BYTES, refusal: refusal, inkFromGrey: inkFromGrey, read: read, wire: wire };
})(window.CnnDemos);
