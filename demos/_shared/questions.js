/* A question bound to a quantity a demo measures (or the build computed), as a course author
   wrote it (builder/pages/questions/): the learner answers and commits first; once the quantity
   is measured, the page shows it beside the answer, says how close it was, and asks why in one
   line; the learner can try again. The root's data-question-state is loading, open (answering),
   committed (waiting for the demo) or revealed; data-closeness holds the word for the last
   reveal. Answers are kept by kept-answers.js, in this browser only. */
(function (CnnDemos) {
  'use strict';

  var words = CnnDemos.questionWords;
  var el = CnnDemos.el;
  var DAY = 24 * 60 * 60 * 1000;
  CnnDemos.AGAIN_AFTER_DAYS = 2; // an answer this old is due for another try (answers-page.js too)

  /** A try's date in words: "6 Dec 2026". */
  CnnDemos.answerDate = function (ms) {
    return new Date(ms).toLocaleDateString('en-GB', { day: 'numeric', month: 'short', year: 'numeric' });
  };

  /** True when a try made at ms is old enough for another. */
  CnnDemos.dueAgain = function (ms, now) {
    return (now || Date.now()) - ms >= CnnDemos.AGAIN_AFTER_DAYS * DAY;
  };

  /** A new button of the questions' parts (answers-page.js too), found by its data-action. */
  var button = CnnDemos.actionButton = function (action, text) {
    var b = el('button', 'md-button', text);
    b.type = 'button';
    b.dataset.action = action;
    return b;
  };

  function Question(root) {
    this.root = root;
    var q = this.q = JSON.parse(root.dataset.question);
    this.id = root.id;
    this.page = location.pathname.split('/').pop() + '#' + root.id;
    this.store = CnnDemos.answersOf(q.course);
    this.target = q.target ? document.getElementById(q.target) : null;
    this.hints = [];
    this._build();
    this._restore();
    if (this.target) this.target.addEventListener('cnn-quantity', this._measured.bind(this));
  }

  // ---- the parts ----

  Question.prototype._build = function () {
    var q = this.q, root = this.root, self = this;
    this.status = CnnDemos.part(root, 'status');
    var form = this.form = el('fieldset', 'cnn-question__answer');
    // A single field has its own label; the legend then only names the group for screen readers.
    var single = q.answer === 'slider' || q.answer === 'number';
    var legend = el('legend', single ? 'cnn-sr-only' : '', 'Your answer' + (q.type === 'fraction' && q.answer !== 'choice' ? ' (in percent)' : ''));
    form.appendChild(legend);
    if (q.answer === 'sketch') {
      this.sketch = new CnnDemos.QuestionSketch(form, q, this.id, null);
    } else if (q.answer === 'choice') {
      this.radios = q.choices.map(function (choice, i) {
        var label = el('label', 'cnn-question__choice');
        var input = el('input');
        input.type = 'radio';
        input.name = self.id + '-choice';
        input.value = String(i);
        input.dataset.role = 'choice';
        label.appendChild(input);
        label.appendChild(document.createTextNode(' ' + (q.type === 'category' ? choice : words.inUnits(q, choice))));
        form.appendChild(label);
        return input;
      });
    } else {
      var label = el('label', 'cnn-question__label', q.answer === 'slider' ? 'Slide to your answer: ' : 'Your answer: ');
      var input = this.input = el('input');
      input.type = q.answer === 'slider' ? 'range' : 'number';
      input.id = this.id + '-answer';
      input.dataset.role = 'answer';
      if (q.min !== null && q.min !== undefined) input.min = q.min;
      if (q.max !== null && q.max !== undefined) input.max = q.max;
      input.step = q.step || 'any';
      label.setAttribute('for', input.id);
      form.appendChild(label);
      form.appendChild(input);
      if (q.answer === 'slider') {
        input.value = String(q.min + Math.round((q.max - q.min) / 2 / (q.step || 1)) * (q.step || 1));
        this.shown = el('output', 'cnn-question__shown', '');
        this.shown.setAttribute('for', input.id);
        form.appendChild(this.shown);
        input.addEventListener('input', function () { self.shown.textContent = words.inUnits(q, Number(input.value)); });
        self.shown.textContent = words.inUnits(q, Number(input.value));
      } else if (q.type === 'fraction' || q.unit) {
        form.appendChild(el('span', 'cnn-question__unit', q.type === 'fraction' ? ' %' : ' ' + q.unit));
      }
    }
    root.insertBefore(form, this.status);
    this.commitButton = button('commit', 'Commit my answer');
    var buttons = el('div', 'cnn-demo__buttons');
    buttons.appendChild(this.commitButton);
    root.insertBefore(buttons, this.status);
    this.commitButton.addEventListener('click', this.commit.bind(this));

    this.waiting = el('p', 'cnn-question__waiting', '');
    this.waiting.tabIndex = -1;
    this.waiting.hidden = true;
    root.insertBefore(this.waiting, this.status);

    var reveal = this.reveal = el('div', 'cnn-question__reveal');
    reveal.dataset.role = 'reveal';
    reveal.hidden = true;
    this.compared = el('p', 'cnn-question__compared');
    this.compared.dataset.role = 'compared';
    this.closeness = el('p', 'cnn-question__closeness');
    this.closeness.dataset.role = 'closeness';
    var whyLabel = el('label', 'cnn-question__label', 'Why did it come out this way? One line: ');
    this.why = el('input', 'cnn-question__why');
    this.why.type = 'text';
    this.why.id = this.id + '-why';
    this.why.maxLength = 240;
    this.why.dataset.role = 'why';
    whyLabel.setAttribute('for', this.why.id);
    var whyRow = el('p', 'cnn-question__why-row');
    whyRow.appendChild(whyLabel);
    whyRow.appendChild(this.why);
    // Filled once the learner has said why, so that screen readers hear it then.
    this.explain = el('p', 'cnn-question__explain', '');
    this.explain.dataset.role = 'explain';
    this.explain.setAttribute('aria-live', 'polite');
    var again = el('div', 'cnn-demo__buttons');
    this.whyButton = button('keep-why', 'Keep my why');
    this.againButton = button('try-again', 'Try again');
    again.appendChild(this.whyButton);
    again.appendChild(this.againButton);
    [this.compared, this.closeness, whyRow, again, this.explain].forEach(function (part) { reveal.appendChild(part); });
    root.insertBefore(reveal, this.status);
    this.whyButton.addEventListener('click', this.keepWhy.bind(this));
    this.why.addEventListener('keydown', function (event) { if (event.key === 'Enter') self.keepWhy(); });
    this.againButton.addEventListener('click', this.tryAgain.bind(this));

    this.keptNote = el('p', 'cnn-question__kept', '');
    this.keptNote.dataset.role = 'kept';
    root.appendChild(this.keptNote);
    this._showKept();
  };

  Question.prototype._showKept = function () {
    this.root.dataset.kept = this.store.kept && !this.store.why ? 'true' : 'false';
    this.keptNote.textContent = this.store.kept && !this.store.why ?
      'Your answers are kept in this browser only, never sent anywhere; the Summary page gathers them.' :
      'This page cannot keep your answers: ' + this.store.why + '. The question works until you leave the page.';
  };

  Question.prototype._state = function (state) {
    this.root.dataset.questionState = state;
    var open = state === 'open';
    this.commitButton.hidden = !open;
    this.waiting.hidden = state !== 'committed';
    this.reveal.hidden = state !== 'revealed';
    if (this.sketch) this.sketch.disable(!open);
    (this.radios || []).concat(this.input ? [this.input] : []).forEach(function (i) { i.disabled = !open; });
    this._hint(open);
  };

  /** While the question is open, each control of the demo that would show the answer says so. */
  Question.prototype._hint = function (on) {
    this.hints.forEach(function (h) {
      h.hint.remove();
      h.control.setAttribute('aria-describedby', h.before);
      if (!h.before) h.control.removeAttribute('aria-describedby');
    });
    this.hints = [];
    if (!on || !this.target) return;
    this.q.revealed_by.forEach(function (name, i) {
      var control = this.target.querySelector('[data-action="' + name + '"], [data-setting="' + name + '"]');
      if (!control) return;
      var hint = el('span', 'cnn-question-hint', 'Answer the question “' + this.q.text + '” first: this shows its answer.');
      hint.id = this.id + '-hint-' + i;
      control.insertAdjacentElement('afterend', hint);
      var before = control.getAttribute('aria-describedby') || '';
      control.setAttribute('aria-describedby', (before + ' ' + hint.id).trim());
      this.hints.push({ control: control, hint: hint, before: before });
    }, this);
  };

  Question.prototype.say = function (text) {
    this.status.textContent = text;
  };

  // ---- answering ----

  /** The learner's answer as given (a fraction in percent), or a sentence saying what is missing. */
  Question.prototype._answer = function () {
    var q = this.q;
    if (this.sketch) return { value: this.sketch.values.slice() };
    if (this.radios) {
      var picked = this.radios.filter(function (r) { return r.checked; })[0];
      return picked ? { value: q.choices[Number(picked.value)] } : { missing: 'Choose one of the answers first.' };
    }
    var text = this.input.value.trim(), v = Number(text);
    var low = typeof q.min === 'number' ? q.min : -Infinity, high = typeof q.max === 'number' ? q.max : Infinity;
    if (text === '' || !isFinite(v) || v < low || v > high) {
      return { missing: 'Give a number' + (isFinite(low) && isFinite(high) ? ' from ' + words.inUnits(q, low) + ' to ' +
        words.inUnits(q, high) : '') + ' first.' };
    }
    return { value: v };
  };

  Question.prototype._showAnswer = function (answer) {
    var q = this.q;
    if (this.sketch) this.sketch.setAll(answer);
    else if (this.radios) {
      this.radios.forEach(function (r) { r.checked = q.choices[Number(r.value)] === answer; });
    } else {
      this.input.value = String(answer);
      if (this.shown) this.shown.textContent = words.inUnits(q, answer);
    }
  };

  Question.prototype.commit = function () {
    var given = this._answer();
    if (given.missing) {
      this.say(given.missing);
      return;
    }
    var measured = this._latest();
    this.answer = given.value;
    this.answeredHere = true;
    this.before = Boolean(measured) && this.q.live;
    this.store.add({ name: this.q.name, text: this.q.text, page: this.page }, {
      answer: given.value, committed: Date.now(), measured: null, about: '', before: this.before,
      closeness: '', said: '', why: ''
    });
    this._showKept();
    if (measured) {
      this._reveal(measured, true);
      this.why.focus();
      return;
    }
    this._state('committed');
    var controls = this._revealingControls();
    this.waiting.textContent = 'Your answer is in: ' + words.answerText(this.q, given.value) + '. ' +
      (controls ? 'Now ' + controls + ' in the demo: the answer appears here once it is measured.' :
        'The answer appears here once the demo has measured it.');
    this.say(this.waiting.textContent);
    this.waiting.focus();
  };

  /** What the demo's revealing controls are called on the page: a button's text, a setting's label. */
  function controlName(c) {
    if (c.tagName === 'BUTTON') return c.textContent.trim();
    var label = c.labels && c.labels[0];
    return label ? label.textContent.replace(c.textContent, '').replace(/\s+/g, ' ').trim() : '';
  }

  /** "press “Test every shift”", "set “Size”, “Stride” or “Padding”", or ''. */
  Question.prototype._revealingControls = function () {
    if (!this.target) return '';
    var buttons = [], settings = [];
    this.q.revealed_by.forEach(function (name) {
      var c = this.target.querySelector('[data-action="' + name + '"], [data-setting="' + name + '"]');
      var label = c && controlName(c);
      if (label) (c.tagName === 'BUTTON' ? buttons : settings).push('“' + label + '”');
    }, this);
    function either(list) {
      return list.length > 1 ? list.slice(0, -1).join(', ') + ' or ' + list[list.length - 1] : list[0];
    }
    return [buttons.length ? 'press ' + either(buttons) : '', settings.length ? 'set ' + either(settings) : '']
      .filter(Boolean).join(', or ');
  };

  // ---- measuring and revealing ----

  /** The value a measurement gives this question (a point of a series, for `at`), or undefined. */
  Question.prototype._valueOf = function (measurement) {
    var q = this.q, value = measurement.value;
    if (q.at !== undefined && Array.isArray(value)) {
      var point = value.filter(function (p) { return String(p[0]) === String(q.at); })[0];
      return point ? point[1] : undefined;
    }
    return value;
  };

  Question.prototype._matches = function (measurement) {
    var when = this.q.when || {};
    return Object.keys(when).every(function (k) { return String(measurement.context[k]) === String(when[k]); });
  };

  /** The latest measurement this question can use ({value, about}), or null. */
  Question.prototype._latest = function () {
    var q = this.q;
    if (!q.live) return { value: q.value, about: 'from ' + q.source };
    if (!this.target) return null;
    var found = CnnDemos.measurements(this.target, q.quantity).filter(this._matches, this);
    for (var i = found.length - 1; i >= 0; i--) {
      var value = this._valueOf(found[i]);
      if (value !== undefined && value !== null) return { value: value, about: found[i].about };
    }
    return null;
  };

  Question.prototype._measured = function (event) {
    if (event.detail.name !== this.q.quantity || !this._matches(event.detail)) return;
    var state = this.root.dataset.questionState;
    // A try from an earlier visit keeps the measurement it was compared with.
    if (state !== 'committed' && !(state === 'revealed' && this.answeredHere)) return;
    var value = this._valueOf(event.detail);
    if (value === undefined || value === null) return;
    this._reveal({ value: value, about: event.detail.about }, state === 'committed');
  };

  /** Show the measured value beside the answer; announce it when it is the first for this try. */
  Question.prototype._reveal = function (measured, announce) {
    var q = this.q;
    var verdict = words.compare(q, this.answer, measured.value);
    this.compared.textContent = 'Your answer: ' + words.answerText(q, this.answer) + '. ' +
      (q.live ? 'Measured by the demo: ' : 'Computed by the build: ') + words.measuredText(q, measured.value) +
      (measured.about ? ' (' + measured.about + ')' : '') + '.' +
      (this.before ? ' The demo had measured it before you answered.' : '');
    this.closeness.textContent = verdict.sentence;
    this.root.dataset.closeness = verdict.word;
    this.root.dataset.measured = JSON.stringify(measured.value);
    if (this.sketch) this.sketch.showMeasured(Array.isArray(measured.value) ? measured.value.map(function (p) {
      return [p[0], words.toUnits(q, p[1])];
    }) : null);
    this._state('revealed');
    this.store.amendLast(q.name, { measured: measured.value, about: measured.about, closeness: verdict.word,
      said: verdict.sentence });
    this._showKept();
    if (announce) this.say(verdict.sentence + ' Why do you think so? Say it in one line below.');
  };

  Question.prototype.keepWhy = function () {
    var why = this.why.value.trim();
    if (!why) {
      this.say('Write one line first: why did it come out this way?');
      return;
    }
    var kept = this.store.amendLast(this.q.name, { why: why });
    this._showExplain();
    this._showKept();
    this.say(kept ? 'Kept your why.' : 'Noted your why for this page.');
  };

  /** The author's explanation, if the question has one. */
  Question.prototype._showExplain = function () {
    this.explain.textContent = this.q.explain ? 'The course says: ' + this.q.explain : '';
  };

  Question.prototype.tryAgain = function () {
    this.why.value = '';
    this.explain.textContent = '';
    delete this.root.dataset.closeness;
    delete this.root.dataset.measured;
    if (this.sketch) this.sketch.showMeasured(null);
    this._state('open');
    this.say('Answer again, then commit.');
    var first = this.sketch ? this.sketch.sliders[0].input : this.radios ? this.radios[0] : this.input;
    first.focus();
  };

  // ---- coming back ----

  /** The last try, as it was left: revealed, or waiting for the demo, with its date. */
  Question.prototype._restore = function () {
    var tries = this.store.tries(this.q.name), last = tries[tries.length - 1];
    if (!last) {
      this._state('open');
      this.say(this.q.live ? 'Answer first, then let the demo show you.' : 'Answer first, then see what the build computed.');
      return;
    }
    this.answer = last.answer;
    this.before = Boolean(last.before);
    this._showAnswer(last.answer);
    var when = 'You answered on ' + CnnDemos.answerDate(last.committed) +
      (CnnDemos.dueAgain(last.committed) ? ': time for another try.' : '.');
    if (last.measured !== null && last.measured !== undefined) {
      this._reveal({ value: last.measured, about: last.about }, false);
      if (last.why) {
        this.why.value = last.why;
        this._showExplain();
      }
    } else {
      this._state('committed');
      this.waiting.textContent = 'Your answer is in: ' + words.answerText(this.q, last.answer) + '. The answer appears here once the demo has measured it.';
    }
    this.say(when);
  };

  function start() {
    Array.prototype.forEach.call(document.querySelectorAll('[data-cnn-question]'), function (root) {
      if (root.cnnQuestion) return;
      try {
        root.cnnQuestion = new Question(root);
      } catch (err) {
        root.dataset.questionState = 'error';
        CnnDemos.part(root, 'status').textContent = 'This question could not start: ' + (err && err.message || err);
        console.error(err);
      }
    });
  }

  CnnDemos.Question = Question;
  if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', start);
  else start();
})(window.CnnDemos);
