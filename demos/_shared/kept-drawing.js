/* One drawing for every page: the last drawing (or image) on any pad is kept in the tab's
   sessionStorage (which file:// pages have too), and a pad on the next page opens with it.
   Storage can be refused (Jupyter's sandboxed view throws on any access): then nothing is
   kept and nothing breaks. "Forget my drawing" clears it on every demo of the page. */
(function (CnnDemos) {
  'use strict';
  var KEY = 'cnn-demos:drawing';
  var SIDE = 140; // kept at half a pad's resolution: a few KB, still far finer than 28 x 28
  var FORGET = 'cnn-demos:forget-drawing';

  function storage() {
    try { return window.sessionStorage; } catch (e) { return null; }
  }

  /** Keep a pad's ink (its alpha channel) for the other pages; quietly nothing if refused. */
  function save(canvas) {
    var store = storage();
    if (!store) return;
    var small = document.createElement('canvas');
    small.width = small.height = SIDE;
    small.getContext('2d').drawImage(canvas, 0, 0, SIDE, SIDE);
    var rgba = small.getContext('2d').getImageData(0, 0, SIDE, SIDE).data;
    var alpha = '';
    for (var i = 0; i < SIDE * SIDE; i++) alpha += String.fromCharCode(rgba[i * 4 + 3]);
    try { store.setItem(KEY, btoa(alpha)); } catch (e) { /* full or refused: keep nothing */ }
  }

  /** The kept ink as {data, width, height} (0..1), or null. */
  function load() {
    var store = storage(), text = null;
    try { text = store && store.getItem(KEY); } catch (e) { return null; }
    if (!text) return null;
    var bytes;
    try { bytes = CnnDemos.base64ToBytes(text); } catch (e) { return null; }
    if (bytes.length !== SIDE * SIDE) return null;
    var data = new Float32Array(bytes.length);
    for (var i = 0; i < bytes.length; i++) data[i] = bytes[i] / 255;
    return { data: data, width: SIDE, height: SIDE };
  }

  function has() { return load() !== null; }

  /** Forget the kept drawing and tell every demo on the page (they clear their pads). */
  function forget() {
    var store = storage();
    try { if (store) store.removeItem(KEY); } catch (e) { /* refused: there is nothing kept */ }
    window.dispatchEvent(new CustomEvent(FORGET));
  }

  /**
   * Wire a demo: its "forget my drawing" button (data-action="forget-drawing") and the pad's
   * clearing when any demo forgets (onForget). Returns the kept ink, for the demo to show once
   * it is ready, or null.
   */
  function wire(root, onForget) {
    CnnDemos.onAction(root, 'forget-drawing', function () {
      forget();
      var said = CnnDemos.part(root, 'image-message');
      if (said) said.textContent = 'Your drawing is forgotten on every page of this site (in this tab).';
    });
    window.addEventListener(FORGET, function () { if (onForget) onForget(); });
    return load();
  }

  CnnDemos.keptDrawing = { save: save, load: load, has: has, forget: forget, wire: wire };
})(window.CnnDemos);
