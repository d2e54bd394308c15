/* unit-explorer: the page's second part, the network's map. The held-out sample as dots coloured
   by class (with the classes' names beside), on the same scale at every snapshot of a layer so
   that scrubbing shows them move; the reader's drawing as a ringed point; its nearest held-out
   images in the layer and in pixels; and the same as text: a table of each class's middle and
   spread, the neighbours as a list. The map's data comes after the rest of the page (the page
   holds it back): this part says while it loads, and watches for the reader coming to it.
   Needs cnn-demos.js and ui-units.js. */
(function (CnnDemos) {
  'use strict';
  var Demo = CnnDemos.UnitExplorer = CnnDemos.UnitExplorer || {};
  var el = CnnDemos.el;
  // Ten colours that stay apart for most readers (Tableau's ten), one per class.
  var COLOURS = ['#4e79a7', '#f28e2b', '#e15759', '#76b7b2', '#59a14f', '#edc948', '#b07aa1', '#ff9da7', '#9c755f', '#bab0ac'];

  function num(x) {
    return CnnDemos.fixed(x, 2, { minus: true });
  }

  // Pixels below the screen at which the map starts to load: a little ahead of the reader.
  var AHEAD = 300;

  function MapView(root) {
    this.root = root;
    this.canvas = CnnDemos.part(root, 'map');
  }

  MapView.prototype.part = function (role) {
    return CnnDemos.part(this.root, role);
  };

  /**
   * Calls want() each time the reader may want the map: its part comes near the screen, or the
   * reader focuses or touches anything in it (a keyboard user may reach its controls before
   * the observer reports). Returns a function that stops watching.
   */
  MapView.prototype.watch = function (want) {
    var part = this.part('map-part'), observer = null;
    function onWant() { want(); }
    function onScroll() {
      var box = part.getBoundingClientRect();
      if (box.top < window.innerHeight + AHEAD && box.bottom > -AHEAD) want();
    }
    part.addEventListener('focusin', onWant);
    part.addEventListener('pointerdown', onWant);
    if ('IntersectionObserver' in window) {
      observer = new IntersectionObserver(function (entries) {
        if (entries.some(function (e) { return e.isIntersecting; })) want();
      }, { rootMargin: '0px 0px ' + AHEAD + 'px 0px' });
      observer.observe(part);
    } else {
      // Without an observer (Safari before 12.1): look on every scroll, the page's or a box's.
      document.addEventListener('scroll', onScroll, true);
      window.addEventListener('resize', onScroll);
      setTimeout(onScroll, 0);
    }
    return function () {
      part.removeEventListener('focusin', onWant);
      part.removeEventListener('pointerdown', onWant);
      if (observer) observer.disconnect();
      document.removeEventListener('scroll', onScroll, true);
      window.removeEventListener('resize', onScroll);
    };
  };

  /**
   * The map's own state, data-map-state on the root (waiting until the reader comes to it,
   * loading, ready, error; none on a site built without a map, whose part is hidden), and its
   * status line, a live region: what loads, what came, or why it failed. Returns the sentence.
   */
  MapView.prototype.markState = function (state, about) {
    var nouns = CnnDemos.dataset.nouns, text = '';
    this.root.dataset.mapState = state;
    this.part('map-status').dataset.partState = state; // the spinner and the red of cnn-demos.css
    this.part('map-part').hidden = state === 'none';
    if (state === 'loading') {
      text = 'Loading the map: LeNet\'s weights at each point of its training, and where each held-out ' +
        CnnDemos.dataset.noun + ' lies in each layer…';
    } else if (state === 'ready') {
      text = 'The map is in: the held-out ' + nouns + ' in ' + CnnDemos.plural(about.layers, 'layer', 'layers') +
        ', at ' + CnnDemos.plural(about.snapshots, 'point', 'points') + ' of training.';
    } else if (state === 'error') {
      text = 'The map could not be loaded (' + (about && about.message || about) + '). The unit above works ' +
        'without it; scroll to the map again or use one of its controls to try again.';
    }
    this.part('map-status').textContent = text;
    return text;
  };

  /** The legend of the classes' colours, once. */
  MapView.prototype.showLegend = function (classes) {
    var list = this.part('map-legend');
    list.textContent = '';
    for (var c = 0; c < classes; c++) {
      var item = el('li', '', CnnDemos.className(c));
      var swatch = el('span', 'cnn-units__swatch');
      swatch.style.background = COLOURS[c % COLOURS.length];
      swatch.setAttribute('aria-hidden', 'true');
      item.insertBefore(swatch, item.firstChild);
      list.appendChild(item);
    }
  };

  /** The range that holds every snapshot's points of a layer: [[low, high] across, up]. */
  MapView.range = function (pointSets) {
    var low = [Infinity, Infinity], high = [-Infinity, -Infinity];
    pointSets.forEach(function (points) {
      for (var i = 0; i < points.length; i++) {
        low[i % 2] = Math.min(low[i % 2], points[i]);
        high[i % 2] = Math.max(high[i % 2], points[i]);
      }
    });
    return [0, 1].map(function (a) {
      var margin = 0.04 * (high[a] - low[a] || 1);
      return [low[a] - margin, high[a] + margin];
    });
  };

  /**
   * range, or where a snapshot's points would fill less than half of it, a window on them
   * magnified by a power of two: before training a layer's outputs can be tens of times smaller
   * than after, and would be one dot on the trained network's scale. The axes stay the same;
   * the page names the magnification. Returns {range, zoom}.
   */
  MapView.zoomed = function (range, points) {
    var low = [Infinity, Infinity], high = [-Infinity, -Infinity];
    for (var i = 0; i < points.length; i++) {
      low[i % 2] = Math.min(low[i % 2], points[i]);
      high[i % 2] = Math.max(high[i % 2], points[i]);
    }
    var half = [0, 1].map(function (a) { return (range[a][1] - range[a][0]) / 2; });
    function fits(zoom) {
      return [0, 1].every(function (a) { return high[a] - low[a] <= 0.95 * 2 * half[a] / zoom; });
    }
    var zoom = 1;
    while (zoom < 64 && fits(zoom * 2)) zoom *= 2;
    if (zoom === 1) return { range: range, zoom: 1 };
    return {
      zoom: zoom,
      range: [0, 1].map(function (a) {
        var middle = (low[a] + high[a]) / 2, h = half[a] / zoom;
        return [middle - h, middle + h];
      })
    };
  };

  /** The dots (points, labels) on range, and the reader's place (or null). */
  MapView.prototype.draw = function (points, labels, range, mine) {
    var canvas = this.canvas, ctx = canvas.getContext('2d'), w = canvas.width, h = canvas.height;
    function x(v) { return w * (v - range[0][0]) / (range[0][1] - range[0][0]); }
    function y(v) { return h * (1 - (v - range[1][0]) / (range[1][1] - range[1][0])); }
    ctx.fillStyle = '#fff';
    ctx.fillRect(0, 0, w, h);
    for (var i = 0; i < labels.length; i++) {
      ctx.fillStyle = COLOURS[labels[i] % COLOURS.length];
      ctx.fillRect(x(points[2 * i]) - 1.5, y(points[2 * i + 1]) - 1.5, 3, 3);
    }
    if (mine) {
      var px = Math.max(8, Math.min(w - 8, x(mine[0]))), py = Math.max(8, Math.min(h - 8, y(mine[1])));
      ctx.lineWidth = 4;
      ctx.strokeStyle = '#fff';
      ctx.beginPath();
      ctx.arc(px, py, 8, 0, 2 * Math.PI);
      ctx.stroke();
      ctx.lineWidth = 2;
      ctx.strokeStyle = '#000';
      ctx.stroke();
    }
  };

  /** The sentence under the map; returns it. */
  MapView.prototype.describe = function (layer, dims, explained, mine, zoom) {
    var text = (layer === Demo.PIXEL_LAYER ? 'The pixels' : layer) + ': ' + CnnDemos.thousands(dims) +
      ' values per ' + CnnDemos.dataset.noun + '; across and up hold ' + CnnDemos.percent(explained[0]) + ' and ' +
      CnnDemos.percent(explained[1]) + ' of their variation in the trained network.' +
      (zoom > 1 ? ' Magnified ' + zoom + ' times: at this point of training the outputs lie that much closer together.' : '') +
      (mine ? ' Your ' + CnnDemos.dataset.noun + ' (the ring) is at ' + num(mine[0]) + ' across, ' + num(mine[1]) + ' up.' : '');
    this.part('map-about').textContent = text;
    this.canvas.setAttribute('aria-label', 'Map of the held-out ' + CnnDemos.dataset.nouns + ', a dot each, coloured by class. ' +
      'The table below gives where each class sits.');
    return text;
  };

  /** The snapshot's words: when, and how well those weights read the held-out split. */
  MapView.prototype.snapshotText = function (epoch, last, accuracy) {
    var when = epoch === 0 ? 'Before training (random weights)' : epoch === last ? 'After all ' + last + ' epochs'
      : 'After epoch ' + epoch + ' of ' + last;
    var text = when + ': these weights read ' + CnnDemos.percent(accuracy) + ' of the held-out ' + CnnDemos.dataset.nouns + ' right.';
    this.part('snapshot-text').textContent = text;
    return text;
  };

  /** The table of each class's middle and spread. */
  MapView.prototype.showCentroids = function (centroids) {
    var body = this.part('centroids').querySelector('tbody');
    body.textContent = '';
    centroids.forEach(function (c, i) {
      var row = el('tr');
      var head = row.appendChild(el('th', '', CnnDemos.className(i)));
      head.setAttribute('scope', 'row');
      [CnnDemos.thousands(c.count), num(c.across), num(c.up), num(c.spread)].forEach(function (t) {
        row.appendChild(el('td', '', t));
      });
      body.appendChild(row);
    });
  };

  /** One row of nearest images: found [{index, distance}] into the sample. */
  function fillNear(box, found, sample, title) {
    box.textContent = '';
    found.forEach(function (f) {
      var item = el('div', 'cnn-units__tile');
      item.setAttribute('role', 'listitem');
      var canvas = document.createElement('canvas');
      canvas.width = canvas.height = 42;
      Demo.paintScaled(CnnDemos.digitPixels(sample, f.index), canvas);
      canvas.setAttribute('role', 'img');
      canvas.setAttribute('aria-label', title + ': held-out ' + CnnDemos.dataset.noun + ' ' + f.index + ', ' +
        CnnDemos.aClass(sample.labels[f.index]) + ', distance ' + num(f.distance));
      canvas.dataset.index = String(f.index);
      item.appendChild(canvas);
      item.appendChild(el('span', '', CnnDemos.className(sample.labels[f.index])));
      box.appendChild(item);
    });
  }

  /** The reader's nearest held-out images in the layer and in pixels (either null while not
      known); returns the sentence. */
  MapView.prototype.showNeighbours = function (layer, inLayer, inPixels, sample) {
    var title = layer === Demo.PIXEL_LAYER ? 'Nearest in pixels' : 'Nearest in ' + layer;
    this.part('near-layer-title').textContent = title;
    fillNear(this.part('near-layer'), inLayer || [], sample, title);
    fillNear(this.part('near-pixels'), inPixels || [], sample, 'Nearest in pixels');
    function names(found) {
      return found.map(function (f) { return CnnDemos.className(sample.labels[f.index]); }).join(', ');
    }
    var text = !inPixels ? 'Draw or pick ' + CnnDemos.aNoun() + ' to see its nearest held-out ' + CnnDemos.dataset.nouns + '.'
      : !inLayer ? 'Finding the nearest in ' + layer + '…'
        : 'Your ' + CnnDemos.dataset.noun + "'s 5 nearest held-out " + CnnDemos.dataset.nouns + ' in ' +
          (layer === Demo.PIXEL_LAYER ? 'pixels' : layer) + ': ' + names(inLayer) + '; in pixels: ' + names(inPixels) + '.';
    this.part('near-text').textContent = text;
    return text;
  };

  Demo.MapView = MapView;
})(window.CnnDemos);
