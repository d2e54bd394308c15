/* A legend for an image of numbers (activations, filters, gradients): a colour bar from the
   lowest shade to the highest, with the values at its ends, readable as text too. Needs
   cnn-demos.js and the .cnn-legend styles of cnn-demos.css. */
(function (CnnDemos) {
  'use strict';

  /**
   * Fill el (an empty <p> or <span>) with the legend: low and high are the values the darkest
   * and lightest shades stand for; options.colours: the CSS colours at the two ends (black to
   * white by default) and options.names their words ("black", "white"); options.digits: decimals;
   * options.labels: the two ends' whole texts instead (when the ends are not single values).
   */
  // The diverging scale of signed values (gradients, attributions): blue below 0, near-white at
  // 0, red above, on a scale from -reach to +reach.
  var NEGATIVE = [33, 102, 172], ZERO = [247, 247, 247], POSITIVE = [178, 24, 43];

  function mix(a, b, t) {
    return [0, 1, 2].map(function (i) { return Math.round(a[i] + (b[i] - a[i]) * t); });
  }

  /** The largest size of any value: a diverging scale runs from minus it to plus it. */
  CnnDemos.reach = function (values) {
    var r = 0;
    for (var i = 0; i < values.length; i++) r = Math.max(r, Math.abs(values[i]));
    return r;
  };

  /** [r, g, b] (0..255) of v on the diverging scale from -reach to +reach. */
  CnnDemos.diverging = function (v, reach) {
    var t = reach > 0 ? Math.max(-1, Math.min(1, v / reach)) : 0;
    return t < 0 ? mix(ZERO, NEGATIVE, -t) : mix(ZERO, POSITIVE, t);
  };

  /** The legend of the diverging scale from -reach to +reach; options as legend's. */
  CnnDemos.divergingLegend = function (el, reach, options) {
    CnnDemos.legend(el, -reach, reach, Object.assign({
      colours: ['rgb(' + NEGATIVE + ')', 'rgb(' + ZERO + ')', 'rgb(' + POSITIVE + ')'], names: ['blue', 'red']
    }, options));
  };

  CnnDemos.legend = function (el, low, high, options) {
    var o = options || {};
    var colours = o.colours || ['#000', '#fff'];
    var names = o.names || ['black', 'white'];
    var digits = o.digits === undefined ? 2 : o.digits;
    var lo = CnnDemos.fixed(low, digits, { minus: true }), hi = CnnDemos.fixed(high, digits, { minus: true });
    el.classList.add('cnn-legend');
    el.textContent = '';
    var first = document.createElement('span');
    first.textContent = o.labels ? o.labels[0] : names[0] + ' ' + lo;
    var bar = document.createElement('span');
    bar.className = 'cnn-legend__bar';
    bar.setAttribute('aria-hidden', 'true');
    bar.style.background = 'linear-gradient(to right, ' + colours.join(', ') + ')';
    var last = document.createElement('span');
    last.textContent = o.labels ? o.labels[1] : names[names.length - 1] + ' ' + hi;
    el.appendChild(first);
    el.appendChild(bar);
    el.appendChild(last);
    if (o.about) {
      var about = document.createElement('span');
      about.textContent = '(' + o.about + ')';
      el.appendChild(about);
    }
    el.dataset.low = String(low);
    el.dataset.high = String(high);
  };
})(window.CnnDemos);
