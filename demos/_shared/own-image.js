/* The reader's own image (a PNG or JPEG, e.g. a photo of a digit on paper) turned into ink the
   pads and the MNIST preparation take: greyscale, contrast stretched from the paper's shade,
   inverted when the paper is light, so the digit becomes white on black like MNIST. The file
   is read in the page and never leaves it. Needs cnn-demos.js. */
(function (CnnDemos) {
  'use strict';
  var TYPES = ['image/png', 'image/jpeg'];
  var MAX_BYTES = 10 * 1024 * 1024;
  var MAX_PIXELS = 50e6; // decoded at 4 bytes a pixel: 200 MB at most
  var HEAD_BYTES = 512 * 1024; // where a JPEG's size is found, after its thumbnail and metadata
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

  /**
   * The image's size from its first bytes ({kind, width, height}), or null when they are not a
   * PNG's or a JPEG's (the file is not what its name says). Read before decoding: a small file
   * can hold a huge image (a 20000 x 20000 PNG of one colour is 0.4 MB, 1.6 GB once decoded).
   */
  function sizeOf(bytes) {
    var view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    var png = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];
    if (bytes.length >= 24 && png.every(function (b, i) { return bytes[i] === b; })) {
      return { kind: 'PNG', width: view.getUint32(16), height: view.getUint32(20) };
    }
    if (bytes.length < 4 || bytes[0] !== 0xff || bytes[1] !== 0xd8) return null;
    // JPEG: walk the segments to the frame header (SOF0-15, not DHT, JPG or DAC), which has the size.
    for (var at = 2; at + 9 <= bytes.length;) {
      if (bytes[at] !== 0xff) return { kind: 'JPEG', width: 0, height: 0 };
      var marker = bytes[at + 1];
      if (marker === 0xff) { at++; continue; }
      if (marker >= 0xc0 && marker <= 0xcf && marker !== 0xc4 && marker !== 0xc8 && marker !== 0xcc) {
        return { kind: 'JPEG', width: view.getUint16(at + 7), height: view.getUint16(at + 5) };
      }
      at += 2 + view.getUint16(at + 2);
    }
    return { kind: 'JPEG', width: 0, height: 0 }; // no frame header in what was read: the decoder decides
  }

  /** An Error whose message is for the reader (the demo shows it as it is). */
  function refused(message) {
    var err = new Error(message);
    err.forReader = true;
    return err;
  }

  /** Resolves to the file's ink ({data, width, height, inverted}); rejects with a message to show. */
  function read(file) {
    var why = refusal(file);
    if (why) return Promise.reject(refused(why));
    return file.slice(0, HEAD_BYTES).arrayBuffer().then(function (head) {
      var size = sizeOf(new Uint8Array(head));
      if (!size) {
        throw refused('"' + file.name + '" is named like an image but is not a PNG or JPEG inside: choose ' +
          'a photo or a picture of ' + CnnDemos.aNoun() + '.');
      }
      if (size.width * size.height > MAX_PIXELS) {
        throw refused('"' + file.name + '" is ' + size.width + ' x ' + size.height + ' pixels; the limit is ' +
          MAX_PIXELS / 1e6 + ' million pixels (a phone photo fits): choose a smaller image.');
      }
      return createImageBitmap(file);
    }).catch(function (err) {
      if (err.forReader) throw err;
      throw refused('"' + file.name + '" could not be read as an image (is it damaged?): choose another file.');
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

  CnnDemos.ownImage = { TYPES: TYPES, MAX_BYTES: MAX_BYTES, MAX_PIXELS: MAX_PIXELS, sizeOf: sizeOf, refusal: refusal, inkFromGrey: inkFromGrey, read: read, wire: wire };
})(window.CnnDemos);
