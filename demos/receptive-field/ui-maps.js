/* receptive-field: a layer's feature maps on a canvas (UnitGrid), with a cursor on one unit that
   the reader moves by mouse, touch, pen or keyboard; Layout places the units on the screen.
   Touches only its canvas. Needs cnn-demos.js and ui-field.js (for the colour). */
(function (CnnDemos) {
  'use strict';
  var RF = CnnDemos.ReceptiveField = CnnDemos.ReceptiveField || {};

  var WIDTH = 336; // canvas pixels the maps may take across
  var GAP = 6; // canvas pixels between two maps
  var MAX_CELL = 24;

  /**
   * A layer's units laid out for the screen (layer: a Net layer, see model.js): each map a
   * tile, the tiles in rows; a flat layer's units in one square-ish tile. A unit is
   * {map, row, col} in this layout.
   */
  function Layout(layer) {
    var g = layer.grid;
    this.flat = layer.shape.length === 1;
    this.maps = g.maps;
    this.units = layer.units;
    this.cols = this.flat ? Math.ceil(Math.sqrt(g.cols)) : g.cols;
    this.rows = this.flat ? Math.ceil(g.cols / this.cols) : g.rows;
    this.tileCols = Math.ceil(Math.sqrt(this.maps));
    this.tileRows = Math.ceil(this.maps / this.tileCols);
    var cell = Math.floor((WIDTH - (this.tileCols - 1) * GAP) / (this.tileCols * this.cols));
    this.cell = Math.max(2, Math.min(MAX_CELL, cell));
    this.tileWidth = this.cols * this.cell;
    this.tileHeight = this.rows * this.cell;
    this.width = this.tileCols * this.tileWidth + (this.tileCols - 1) * GAP;
    this.height = this.tileRows * this.tileHeight + (this.tileRows - 1) * GAP;
  }

  Layout.prototype.exists = function (unit) {
    if (unit.map < 0 || unit.map >= this.maps || unit.row < 0 || unit.row >= this.rows ||
        unit.col < 0 || unit.col >= this.cols) return false;
    return !this.flat || this.index(unit) < this.units;
  };

  Layout.prototype.same = function (a, b) {
    return a.map === b.map && a.row === b.row && a.col === b.col;
  };

  /** Position of a unit in the layer's output, as the model's values are stored. */
  Layout.prototype.index = function (unit) {
    if (this.flat) return unit.row * this.cols + unit.col;
    return (unit.row * this.cols + unit.col) * this.maps + unit.map;
  };

  /** The unit at a position of the layer's output (the inverse of index). */
  Layout.prototype.unitOf = function (index) {
    if (this.flat) return { map: 0, row: Math.floor(index / this.cols), col: index % this.cols };
    var cell = Math.floor(index / this.maps);
    return { map: index % this.maps, row: Math.floor(cell / this.cols), col: cell % this.cols };
  };

  /** The canvas point of a unit's top left corner. */
  Layout.prototype.origin = function (unit) {
    var tileRow = Math.floor(unit.map / this.tileCols), tileCol = unit.map % this.tileCols;
    return {
      x: tileCol * (this.tileWidth + GAP) + unit.col * this.cell,
      y: tileRow * (this.tileHeight + GAP) + unit.row * this.cell
    };
  };

  /** The unit under canvas point (x, y), or null between maps. */
  Layout.prototype.unitAt = function (x, y) {
    var tileCol = Math.floor(x / (this.tileWidth + GAP)), tileRow = Math.floor(y / (this.tileHeight + GAP));
    var inX = x - tileCol * (this.tileWidth + GAP), inY = y - tileRow * (this.tileHeight + GAP);
    if (tileCol >= this.tileCols || inX < 0 || inY < 0 || inX >= this.tileWidth || inY >= this.tileHeight) {
      return null;
    }
    var unit = {
      map: tileRow * this.tileCols + tileCol,
      row: Math.floor(inY / this.cell),
      col: Math.floor(inX / this.cell)
    };
    return this.exists(unit) ? unit : null;
  };

  /**
   * The unit one step away (dRow, dCol), on into the neighbouring map at a map's edge, as the
   * maps lie on the screen; with jump, the same unit in the neighbouring map. The unit itself
   * where there is nothing that way.
   */
  Layout.prototype.step = function (unit, dRow, dCol, jump) {
    var tileRow = Math.floor(unit.map / this.tileCols), tileCol = unit.map % this.tileCols;
    var row = unit.row, col = unit.col;
    if (jump) {
      tileRow += dRow;
      tileCol += dCol;
    } else {
      row += dRow;
      col += dCol;
      if (col < 0) { col = this.cols - 1; tileCol -= 1; }
      if (col >= this.cols) { col = 0; tileCol += 1; }
      if (row < 0) { row = this.rows - 1; tileRow -= 1; }
      if (row >= this.rows) { row = 0; tileRow += 1; }
    }
    var next = { map: tileRow * this.tileCols + tileCol, row: row, col: col };
    var inside = tileCol >= 0 && tileCol < this.tileCols && tileRow >= 0 && this.exists(next);
    return inside ? next : unit;
  };

  /** The unit at an edge of its map: 'first-col', 'last-col', 'first-row' or 'last-row'. */
  Layout.prototype.edge = function (unit, edge) {
    var next = { map: unit.map, row: unit.row, col: unit.col };
    if (edge === 'first-col') next.col = 0;
    if (edge === 'last-col') next.col = this.cols - 1;
    if (edge === 'first-row') next.row = 0;
    if (edge === 'last-row') next.row = this.rows - 1;
    // A flat layer's last row may be short: stop at its last unit.
    while (!this.exists(next) && (next.col > 0 || next.row > 0)) {
      if (next.col > 0) next.col -= 1; else next.row -= 1;
    }
    return next;
  };

  Layout.prototype.centre = function () {
    return { map: 0, row: Math.floor(this.rows / 2), col: Math.floor(this.cols / 2) };
  };

  var KEYS = { ArrowUp: [-1, 0], ArrowDown: [1, 0], ArrowLeft: [0, -1], ArrowRight: [0, 1] };
  var EDGES = { Home: 'first-col', End: 'last-col', PageUp: 'first-row', PageDown: 'last-row' };

  /**
   * A canvas of a layer's feature maps with a cursor on one unit; onChoose(unit) on a move;
   * legend: an element for the shades' legend (legend.js), or none.
   */
  function UnitGrid(canvas, onChoose, legend) {
    this.legend = legend || null;
    this.canvas = canvas;
    this.onChoose = onChoose;
    this.layout = null;
    this.values = null;
    this.unit = null;
    var self = this;
    function pick(event) {
      if (!self.layout) return;
      var rect = canvas.getBoundingClientRect();
      var unit = self.layout.unitAt((event.clientX - rect.left) * canvas.width / rect.width,
        (event.clientY - rect.top) * canvas.height / rect.height);
      if (unit && !self.layout.same(unit, self.unit)) self.choose(unit);
    }
    // A click is a mouse click, a tap or a pen tap; a mouse or pen also drags the cursor along.
    // Touch drags are left to the browser, so a finger can still scroll the page over the maps.
    canvas.addEventListener('click', pick);
    canvas.addEventListener('pointermove', function (event) {
      if (event.pointerType !== 'touch' && (event.buttons & 1)) pick(event);
    });
    canvas.addEventListener('keydown', function (event) { self._key(event); });
  }

  UnitGrid.prototype._key = function (event) {
    var move = KEYS[event.key], edge = EDGES[event.key], layout = this.layout;
    if (!(move || edge) || !layout || event.altKey || event.ctrlKey || event.metaKey) return;
    event.preventDefault();
    var next = edge ? layout.edge(this.unit, edge) : layout.step(this.unit, move[0], move[1], event.shiftKey);
    if (!layout.same(next, this.unit)) this.choose(next);
  };

  /** Show a layer (a Layout) with its values; the cursor starts on unit, or in the middle. */
  UnitGrid.prototype.setLayer = function (layout, values, unit) {
    this.layout = layout;
    this.canvas.width = layout.width;
    this.canvas.height = layout.height;
    this.canvas.style.maxWidth = layout.width + 'px';
    this.values = values;
    this.unit = unit && layout.exists(unit) ? unit : layout.centre();
    this.draw();
  };

  UnitGrid.prototype.setValues = function (values) {
    this.values = values;
    this.draw();
  };

  UnitGrid.prototype.choose = function (unit) {
    this.unit = unit;
    this.draw();
    this.onChoose(unit);
  };

  /** The chosen unit's output. */
  UnitGrid.prototype.value = function () {
    return this.values ? this.values[this.layout.index(this.unit)] : null;
  };

  /** Every unit as a grey level (black: the layer's lowest output or 0, white: its highest). */
  UnitGrid.prototype.draw = function () {
    var layout = this.layout, ctx = this.canvas.getContext('2d'), values = this.values || [];
    ctx.clearRect(0, 0, this.canvas.width, this.canvas.height);
    var low = 0, high = 0;
    for (var i = 0; i < values.length; i++) {
      low = Math.min(low, values[i]);
      high = Math.max(high, values[i]);
    }
    var range = high - low || 1;
    if (this.legend && values.length) {
      CnnDemos.legend(this.legend, low, high, { about: 'one scale for every map of the layer; black is 0 or the lowest output' });
    }
    for (i = 0; i < layout.units; i++) {
      var v = values.length ? Math.round(255 * (values[i] - low) / range) : 0;
      var at = layout.origin(layout.unitOf(i));
      ctx.fillStyle = 'rgb(' + v + ',' + v + ',' + v + ')';
      ctx.fillRect(at.x, at.y, layout.cell, layout.cell);
    }
    if (!this.unit) return;
    // The cursor: a ring around the unit, in the outline's colour on a dark edge.
    var cursor = layout.origin(this.unit), pad = Math.max(1, Math.min(3, layout.cell / 4));
    var size = layout.cell + 2 * pad;
    ctx.lineWidth = 3;
    ctx.strokeStyle = '#000';
    ctx.strokeRect(cursor.x - pad - 1, cursor.y - pad - 1, size + 2, size + 2);
    ctx.lineWidth = 2;
    ctx.strokeStyle = RF.FIELD_COLOUR;
    ctx.strokeRect(cursor.x - pad, cursor.y - pad, size, size);
  };

  RF.Layout = Layout;
  RF.UnitGrid = UnitGrid;
})(window.CnnDemos);
