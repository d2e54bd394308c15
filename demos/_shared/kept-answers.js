/* The learner's answers to the course's questions, kept in this browser only (localStorage,
   through browser-storage.js) and never sent anywhere. One entry per course, under its name:
   {version: 1, questions: {name: {text, page, tries: [try, ...]}}}, a try being
   {answer, committed (ms since 1970), measured, about, before, closeness, said, why}.
   Where storage is refused the answers live in the page until it is left, and `why` says why
   they are not kept. Each change reads the kept answers afresh first, so that two pages open
   at once do not undo each other's answers. */
(function (CnnDemos) {
  'use strict';

  var KEY = 'cnn-demos-answers:';
  var MAX_TRIES = 20; // per question: the oldest go first
  var stores = {}; // one per course, shared by every question of the page

  function empty() {
    return { version: 1, questions: {} };
  }

  function usable(data) {
    return data && typeof data === 'object' && data.questions && typeof data.questions === 'object';
  }

  function Answers(course) {
    this.course = course;
    this.key = KEY + course;
    this.data = empty();
    var got = CnnDemos.storage.readJson('local', this.key);
    this.kept = got.ok; // false: refused, nothing is kept beyond this page
    this.why = got.ok ? '' : got.why; // why the last answer could not be kept, if it could not
    if (got.ok && usable(got.value)) this.data = got.value;
  }

  /** Every question's answers, as kept now. */
  Answers.prototype.all = function () {
    if (this.kept) {
      var got = CnnDemos.storage.readJson('local', this.key);
      if (got.ok && usable(got.value)) this.data = got.value;
    }
    return this.data;
  };

  Answers.prototype.tries = function (name) {
    var entry = this.all().questions[name];
    return entry ? entry.tries : [];
  };

  /** Change the answers with fn(data) and keep them; true if they are kept, else this.why says why. */
  Answers.prototype.change = function (fn) {
    var data = this.all();
    fn(data);
    this.data = data;
    if (!this.kept) return false;
    var saved = CnnDemos.storage.writeJson('local', this.key, data);
    this.why = saved.ok ? '' : saved.why;
    return saved.ok;
  };

  /** A new try at question q ({name, text, page}); true if kept. */
  Answers.prototype.add = function (q, attempt) {
    return this.change(function (data) {
      var entry = data.questions[q.name] = data.questions[q.name] || { tries: [] };
      entry.text = q.text;
      entry.page = q.page;
      entry.tries.push(attempt);
      if (entry.tries.length > MAX_TRIES) entry.tries.splice(0, entry.tries.length - MAX_TRIES);
    });
  };

  /** Changes to the question's last try (its measurement, its why); true if kept. */
  Answers.prototype.amendLast = function (name, changes) {
    return this.change(function (data) {
      var entry = data.questions[name];
      if (!entry || !entry.tries.length) return;
      var last = entry.tries[entry.tries.length - 1];
      Object.keys(changes).forEach(function (k) { last[k] = changes[k]; });
    });
  };

  /** Forget every answer of the course; true if the browser forgot them too. */
  Answers.prototype.forget = function () {
    this.data = empty();
    if (!this.kept) return true;
    var removed = CnnDemos.storage.remove('local', this.key);
    this.why = removed.ok ? '' : removed.why;
    return removed.ok;
  };

  /** The one store of the course's answers on this page. */
  CnnDemos.answersOf = function (course) {
    if (!stores[course]) stores[course] = new Answers(course);
    return stores[course];
  };
})(window.CnnDemos);
