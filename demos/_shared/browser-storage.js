/* Keeping things in the reader's browser, for any demo or question: localStorage (kept across
   visits, from file:// too) or sessionStorage (this tab). Every call says whether it worked and,
   when not, why in words a reader understands: the browser refuses (Jupyter's sandboxed view,
   site data blocked: touching the storage throws there) or its storage is full. Nothing here
   throws, so a demo or question carries on without storage. */
(function (CnnDemos) {
  'use strict';

  var REFUSED = 'this browser does not let the page keep anything (as in Jupyter\'s sandboxed view, ' +
    'or where site data is blocked)';
  var FULL = 'the browser\'s storage for this site is full';

  /** The storage area: 'local' (kept across visits) or 'session' (this tab); throws where refused. */
  function area(kind) {
    var found = kind === 'session' ? window.sessionStorage : window.localStorage;
    if (!found) throw new Error('no storage');
    return found;
  }

  function reason(err) {
    var name = err && err.name;
    return name === 'QuotaExceededError' || name === 'NS_ERROR_DOM_QUOTA_REACHED' ? FULL : REFUSED;
  }

  function attempt(fn) {
    try {
      return { ok: true, value: fn() };
    } catch (err) {
      return { ok: false, why: reason(err) };
    }
  }

  CnnDemos.storage = {
    REFUSED: REFUSED,
    FULL: FULL,
    /** {ok, value}: the text kept under key (null if none), or {ok: false, why}. */
    read: function (kind, key) {
      return attempt(function () { return area(kind).getItem(key); });
    },
    /** {ok} once text is kept under key, or {ok: false, why}. */
    write: function (kind, key, text) {
      return attempt(function () { area(kind).setItem(key, text); });
    },
    remove: function (kind, key) {
      return attempt(function () { area(kind).removeItem(key); });
    },
    /** As read, with the text parsed as JSON; text that is not JSON reads as null. */
    readJson: function (kind, key) {
      var got = CnnDemos.storage.read(kind, key);
      if (!got.ok || got.value === null) return got;
      try {
        return { ok: true, value: JSON.parse(got.value) };
      } catch (err) {
        return { ok: true, value: null };
      }
    },
    writeJson: function (kind, key, value) {
      return CnnDemos.storage.write(kind, key, JSON.stringify(value));
    }
  };
})(window.CnnDemos);
