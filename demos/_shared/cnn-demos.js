/* Shared by every cnn-demos demo: one global namespace, classic script (works from file://). */
(function (global) {
  'use strict';
  var CnnDemos = global.CnnDemos = global.CnnDemos || {};

  /** Start init(root) once for each embed of the named demo, after the DOM is ready. */
  CnnDemos.eachEmbed = function (name, init) {
    function start() {
      var roots = document.querySelectorAll('[data-cnn-demo="' + name + '"]');
      Array.prototype.forEach.call(roots, function (root) {
        if (root.dataset.cnnStarted) return;
        root.dataset.cnnStarted = 'true';
        Promise.resolve().then(function () { return init(root); }).catch(function (err) {
          CnnDemos.setState(root, 'error', 'This demo could not start: ' + (err && err.message || err));
          console.error(err);
        });
      });
    }
    if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', start);
    else start();
  };

  /** data-demo-state is loading, ready or error: styles and tests key on it. */
  CnnDemos.setState = function (root, state, message) {
    root.dataset.demoState = state;
    var status = CnnDemos.part(root, 'status');
    if (status && message !== undefined) status.textContent = message;
  };

  CnnDemos.part = function (root, role) {
    return root.querySelector('[data-role="' + role + '"]');
  };

  CnnDemos.onAction = function (root, action, handler) {
    var button = root.querySelector('[data-action="' + action + '"]');
    if (button) button.addEventListener('click', handler);
    return button;
  };

  CnnDemos.base64ToBytes = function (text) {
    var binary = atob(text);
    var bytes = new Uint8Array(binary.length);
    for (var i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
    return bytes;
  };

  CnnDemos.percent = function (p) {
    return (100 * p).toFixed(p >= 0.995 || p < 0.001 ? 0 : 1) + '%';
  };
})(window);
