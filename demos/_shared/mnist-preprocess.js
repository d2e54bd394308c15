/* Turn a drawing into the kind of image MNIST is made of: crop to the ink, scale it to fit
   20x20 keeping its proportions, then place it in the 28x28 MNIST image with its centre of
   mass in the middle. Pure array code apart from reading and painting canvases. Needs
   cnn-demos.js. */
(function (CnnDemos) {
  'use strict';
  var SIZE = CnnDemos.IMAGE_SIZE;
  var FIT = 20;
  var CENTRE = 14; // MNIST's mean centre of mass, in pixel-index coordinates
  var INK = 0.1; // below this, antialiased edges do not count toward the bounding box

  /** Ink per pixel in 0..1, read from the alpha channel (pads draw on a transparent canvas). */
  function inkOf(canvas) {
    var rgba = canvas.getContext('2d').getImageData(0, 0, canvas.width, canvas.height).data;
    var ink = new Float32Array(canvas.width * canvas.height);
    for (var i = 0; i < ink.length; i++) ink[i] = rgba[i * 4 + 3] / 255;
    return { data: ink, width: canvas.width, height: canvas.height };
  }

  function boundingBox(img) {
    var left = img.width, top = img.height, right = -1, bottom = -1;
    for (var y = 0; y < img.height; y++) {
      for (var x = 0; x < img.width; x++) {
        if (img.data[y * img.width + x] > INK) {
          if (x < left) left = x;
          if (x > right) right = x;
          if (y < top) top = y;
          if (y > bottom) bottom = y;
        }
      }
    }
    if (right < 0) return null;
    return { x: left, y: top, width: right - left + 1, height: bottom - top + 1 };
  }

  /** For each of m target cells, the source cells it covers and their share (area weights). */
  function areaWeights(n, m) {
    var span = n / m;
    var rows = [];
    for (var t = 0; t < m; t++) {
      var start = t * span, end = start + span, row = [];
      for (var s = Math.floor(start); s < Math.min(n, Math.ceil(end)); s++) {
        var overlap = Math.min(end, s + 1) - Math.max(start, s);
        if (overlap > 1e-9) row.push([s, overlap / span]);
      }
      rows.push(row);
    }
    return rows;
  }

  /** Resample the box of img to outW x outH by area averaging (no aliasing when shrinking). */
  function resample(img, box, outW, outH) {
    var wx = areaWeights(box.width, outW), wy = areaWeights(box.height, outH);
    var rows = new Float32Array(box.height * outW);
    for (var y = 0; y < box.height; y++) {
      var src = (box.y + y) * img.width + box.x;
      for (var x = 0; x < outW; x++) {
        var sum = 0;
        wx[x].forEach(function (w) { sum += img.data[src + w[0]] * w[1]; });
        rows[y * outW + x] = sum;
      }
    }
    var out = new Float32Array(outW * outH);
    for (var oy = 0; oy < outH; oy++) {
      for (var ox = 0; ox < outW; ox++) {
        var total = 0;
        wy[oy].forEach(function (w) { total += rows[w[0] * outW + ox] * w[1]; });
        out[oy * outW + ox] = total;
      }
    }
    return out;
  }

  function centreOfMass(pixels, width, height) {
    var mass = 0, cx = 0, cy = 0;
    for (var y = 0; y < height; y++) {
      for (var x = 0; x < width; x++) {
        var v = pixels[y * width + x];
        mass += v; cx += v * x; cy += v * y;
      }
    }
    return { x: cx / mass, y: cy / mass };
  }

  function clamp(v, lo, hi) { return Math.max(lo, Math.min(hi, v)); }

  /**
   * Each step of fromInk, for a page that shows them: the ink's bounding box (box, and the
   * ink inside it, crop), the box fitted into FIT x FIT (fitted: {pixels, width, height},
   * brightest pixel 1), and the MNIST image with the centre of mass in the middle (pixels).
   * img: {data: Float32Array of ink 0..1, width, height}. Null when there is no ink.
   */
  function steps(img) {
    var box = boundingBox(img);
    if (!box) return null;
    var crop = new Float32Array(box.width * box.height);
    for (var cy = 0; cy < box.height; cy++) {
      for (var cx = 0; cx < box.width; cx++) crop[cy * box.width + cx] = img.data[(box.y + cy) * img.width + box.x + cx];
    }
    var scale = FIT / Math.max(box.width, box.height);
    var w = Math.max(1, Math.round(box.width * scale));
    var h = Math.max(1, Math.round(box.height * scale));
    var small = resample(img, box, w, h);
    var peak = 0;
    small.forEach(function (v) { if (v > peak) peak = v; });
    small = small.map(function (v) { return Math.min(1, v / peak); });
    var mass = centreOfMass(small, w, h);
    var left = clamp(Math.round(CENTRE - mass.x), 0, SIZE - w);
    var top = clamp(Math.round(CENTRE - mass.y), 0, SIZE - h);
    var out = new Float32Array(SIZE * SIZE);
    for (var y = 0; y < h; y++) {
      for (var x = 0; x < w; x++) out[(top + y) * SIZE + left + x] = small[y * w + x];
    }
    return {
      box: box,
      crop: { pixels: crop, width: box.width, height: box.height },
      fitted: { pixels: small, width: w, height: h },
      centre: { x: left + mass.x, y: top + mass.y },
      pixels: out
    };
  }

  /** img: {data: Float32Array of ink 0..1, width, height}. Returns Float32Array(PIXELS) or null. */
  function fromInk(img) {
    var done = steps(img);
    return done && done.pixels;
  }

  /**
   * What a recogniser that skips the MNIST preparation would see: the whole image shrunk to
   * SIZE x SIZE, wherever the ink is and however small. Null when there is no ink.
   */
  function naive(img) {
    if (!boundingBox(img)) return null;
    var pixels = resample(img, { x: 0, y: 0, width: img.width, height: img.height }, SIZE, SIZE);
    return pixels.map(function (v) { return Math.min(1, v); });
  }

  /** Paint a grey image (0..1, width x height) on a canvas at its own size, white on black. */
  function paintGrey(pixels, width, height, canvas) {
    canvas.width = width;
    canvas.height = height;
    var ctx = canvas.getContext('2d');
    var image = ctx.createImageData(width, height);
    for (var i = 0; i < width * height; i++) {
      var v = Math.round(255 * pixels[i]);
      image.data[i * 4] = image.data[i * 4 + 1] = image.data[i * 4 + 2] = v;
      image.data[i * 4 + 3] = 255;
    }
    ctx.putImageData(image, 0, 0);
  }

  /** Paint IMAGE_SIZE x IMAGE_SIZE pixels (0..1) on a canvas, white ink on black as in MNIST. */
  function paint(pixels, canvas) {
    var ctx = canvas.getContext('2d');
    var image = ctx.createImageData(SIZE, SIZE);
    for (var i = 0; i < SIZE * SIZE; i++) {
      var v = Math.round(255 * (pixels ? pixels[i] : 0));
      image.data[i * 4] = image.data[i * 4 + 1] = image.data[i * 4 + 2] = v;
      image.data[i * 4 + 3] = 255;
    }
    if (canvas.width !== SIZE || canvas.height !== SIZE) {
      canvas.width = SIZE;
      canvas.height = SIZE;
    }
    ctx.putImageData(image, 0, 0);
  }

  CnnDemos.mnist = {
    SIZE: SIZE,
    FIT: FIT,
    inkOf: inkOf,
    steps: steps,
    fromInk: fromInk,
    fromCanvas: function (canvas) { return fromInk(inkOf(canvas)); },
    naive: naive,
    naiveFromCanvas: function (canvas) { return naive(inkOf(canvas)); },
    paint: paint,
    paintGrey: paintGrey
  };
})(window.CnnDemos);
