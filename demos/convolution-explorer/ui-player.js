/* convolution-explorer: the play loop that moves the window across the page. Calls step() at a
   chosen number of steps a second, never more than one per screen refresh, from
   requestAnimationFrame (which also rests while the tab is hidden). Needs cnn-demos.js. */
(function (CnnDemos) {
  'use strict';
  var Demo = CnnDemos.ConvolutionExplorer = CnnDemos.ConvolutionExplorer || {};

  /**
   * step() moves the window once and returns false when there is nowhere left to go, which
   * stops the player; onStop() hears when it stops by itself.
   */
  function Player(step, onStop) {
    this.step = step;
    this.onStop = onStop;
    this.rate = 2; // steps a second; 0 for one step every screen refresh
    this.playing = false;
    this.frame = 0;
    this.last = 0;
    this.due = 0;
    this._tick = this._tick.bind(this);
  }

  Player.prototype.setRate = function (rate) {
    this.rate = rate;
  };

  Player.prototype.play = function () {
    if (this.playing) return;
    this.playing = true;
    this.last = 0;
    this.due = 1; // the first step comes at once
    this.frame = requestAnimationFrame(this._tick);
  };

  Player.prototype.pause = function () {
    this.playing = false;
    if (this.frame) cancelAnimationFrame(this.frame);
    this.frame = 0;
  };

  Player.prototype._tick = function (now) {
    this.frame = 0;
    if (!this.playing) return;
    if (this.last) this.due = this.rate ? Math.min(1, this.due + (now - this.last) * this.rate / 1000) : 1;
    this.last = now;
    if (this.due >= 1) {
      this.due -= 1;
      if (!this.step()) {
        this.pause();
        this.onStop();
        return;
      }
    }
    this.frame = requestAnimationFrame(this._tick);
  };

  Demo.Player = Player;
})(window.CnnDemos);
