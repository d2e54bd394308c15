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
