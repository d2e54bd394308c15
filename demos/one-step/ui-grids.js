/* one-step: small grids of numbers (a filter, a gradient, one position's share of it) as tables:
   every value as text, its cell shaded blue below 0 and red above on one scale per grid, and an
   editable grid of number fields for the filter's weights. Needs cnn-demos.js and legend.js. */
(function (CnnDemos) {
  'use strict';
  var Demo = CnnDemos.OneStep = CnnDemos.OneStep || {};
  /** WCAG's relative luminance of an sRGB colour [r, g, b] (0..255). */
  function luminance(rgb) {
    var c = rgb.map(function (v) { v /= 255; return v <= 0.03928 ? v / 12.92 : Math.pow((v + 0.055) / 1.055, 2.4); });
    return 0.2126 * c[0] + 0.7152 * c[1] + 0.0722 * c[2];
  }

  /** The shade of v on a scale from -reach to +reach, and the text colour (black or white) with
      the better contrast on it: at least 4.58 to 1 whatever the shade (near-black would leave
      mid shades below the 4.5 WCAG asks for). */
  function shade(v, reach) {
    var rgb = CnnDemos.diverging(v, reach);
    var l = luminance(rgb);
    var dark = (l + 0.05) / 0.05, light = 1.05 / (l + 0.05);
    return { fill: 'rgb(' + rgb.join(',') + ')', text: dark >= light ? '#000' : '#fff' };
  }

  /** Numbers with few characters: 3 significant digits, a true minus sign. */
  function short(v) {
    if (v === 0) return '0';
    var digits = Math.max(0, Math.min(6, 2 - Math.floor(Math.log10(Math.abs(v)))));
    return CnnDemos.fixed(v, digits, { minus: true });
  }

  /** Fill table's body with values (rows x cols, row by row), shaded on a scale of +-reach
      (their own largest size when left out). */
  function fillGrid(table, values, cols, reach) {
    var body = table.querySelector('tbody'), r = reach === undefined ? CnnDemos.reach(values) : reach;
    body.textContent = '';
    for (var i = 0; i < values.length; i += cols) {
      var row = CnnDemos.el('tr');
      for (var j = i; j < i + cols; j++) {
        var cell = CnnDemos.el('td', '', short(values[j]));
        var s = shade(values[j], r);
        cell.style.background = s.fill;
        cell.style.color = s.text;
        row.appendChild(cell);
      }
      body.appendChild(row);
    }
    table.dataset.values = JSON.stringify(Array.from(values));
  }

  /** An editable grid: one number field per weight; onEdit(index, value) on each change. */
  function WeightGrid(table, rows, cols, onEdit) {
    var body = table.querySelector('tbody');
    this.inputs = [];
    for (var r = 0; r < rows; r++) {
      var row = CnnDemos.el('tr');
      for (var c = 0; c < cols; c++) {
        var input = CnnDemos.el('input');
        input.type = 'number';
        input.step = '0.05';
        input.dataset.role = 'weight';
        input.setAttribute('aria-label', 'Weight at row ' + (r + 1) + ', column ' + (c + 1));
        input.addEventListener('change', this._changed.bind(this, this.inputs.length, onEdit));
        var cell = CnnDemos.el('td');
        cell.appendChild(input);
        row.appendChild(cell);
        this.inputs.push(input);
      }
      body.appendChild(row);
    }
  }

  WeightGrid.prototype._changed = function (index, onEdit) {
    var value = Number(this.inputs[index].value);
    if (this.inputs[index].value === '' || !isFinite(value)) return; // left as it was
    onEdit(index, value);
  };

  WeightGrid.prototype.show = function (weights) {
    var r = CnnDemos.reach(weights);
    this.inputs.forEach(function (input, i) {
      input.value = String(Math.round(weights[i] * 1000) / 1000);
      var s = shade(weights[i], r);
      input.style.background = s.fill;
      input.style.color = s.text;
    });
  };

  Demo.fillGrid = fillGrid;
  Demo.shade = shade;
  Demo.short = short;
  Demo.WeightGrid = WeightGrid;
})(window.CnnDemos);
