/* The gathering of every question of the course ({{ questions() }}, builder/pages/questions/):
   each question with the learner's last answer and the measured value, the ones answered long
   enough ago brought back for another try, "download my answers" (Markdown or JSON, made in the
   page) and "forget my answers". Everything comes from this browser's kept answers
   (kept-answers.js); nothing is sent anywhere. The root's data-answers-state is ready once
   filled in; each item's data-due is true when it is due for another try. */
(function (CnnDemos) {
  'use strict';

  var words = CnnDemos.questionWords;
  var el = CnnDemos.el;
  var button = CnnDemos.actionButton;

  function AnswersPage(root) {
    this.root = root;
    this.store = CnnDemos.answersOf(root.dataset.course);
    this.items = Array.prototype.map.call(root.querySelectorAll('[data-answers-question]'), function (li) {
      return { li: li, q: JSON.parse(li.dataset.question) };
    });
    this.status = CnnDemos.part(root, 'status');
    this.due = el('div', 'cnn-answers__due');
    this.due.dataset.role = 'due';
    root.insertBefore(this.due, CnnDemos.part(root, 'list'));
    var buttons = el('div', 'cnn-demo__buttons');
    buttons.appendChild(button('download-markdown', 'Download my answers (Markdown)'));
    buttons.appendChild(button('download-json', 'Download my answers (JSON)'));
    buttons.appendChild(button('forget-answers', 'Forget my answers'));
    root.appendChild(buttons);
    this.confirm = el('p', 'cnn-answers__confirm');
    this.confirm.hidden = true;
    this.confirm.appendChild(el('span', '', 'Forget every answer kept in this browser for this course? This cannot be undone. '));
    this.confirm.appendChild(button('forget-yes', 'Yes, forget them'));
    this.confirm.appendChild(button('forget-no', 'Keep them'));
    root.appendChild(this.confirm);
    this.note = el('p', 'cnn-answers__note');
    root.appendChild(this.note);
    var self = this;
    CnnDemos.onAction(root, 'download-markdown', function () { self.download('md'); });
    CnnDemos.onAction(root, 'download-json', function () { self.download('json'); });
    CnnDemos.onAction(root, 'forget-answers', function () {
      self.confirm.hidden = false;
      self.confirm.querySelector('[data-action="forget-no"]').focus();
    });
    CnnDemos.onAction(root, 'forget-no', function () {
      self.confirm.hidden = true;
      root.querySelector('[data-action="forget-answers"]').focus();
    });
    CnnDemos.onAction(root, 'forget-yes', function () {
      var forgotten = self.store.forget();
      self.confirm.hidden = true;
      self.show();
      root.querySelector('[data-action="forget-answers"]').focus();
      self.status.textContent = forgotten ? 'Your answers are forgotten: this browser keeps none for this course now.' :
        'The page forgot your answers, but the browser refused to: ' + self.store.why + '.';
    });
    this.show();
    root.dataset.answersState = 'ready';
  }

  /** Every question with its last try; the due ones again at the top. */
  AnswersPage.prototype.show = function () {
    var all = this.store.all().questions, answered = 0, due = [];
    this.items.forEach(function (item) {
      var tries = (all[item.q.name] || { tries: [] }).tries, last = tries[tries.length - 1];
      var old = item.li.querySelector('.cnn-answers__last');
      if (old) old.remove();
      var line = el('p', 'cnn-answers__last', last ? this._tryText(item.q, last, tries.length) : 'Not answered yet.');
      item.li.appendChild(line);
      item.li.dataset.due = String(Boolean(last && CnnDemos.dueAgain(last.committed)));
      if (last) answered++;
      if (item.li.dataset.due === 'true') due.push(item);
    }, this);
    this.due.textContent = '';
    if (due.length) {
      this.due.appendChild(el('p', 'cnn-answers__heading', 'Time for another try: you answered these ' +
        CnnDemos.AGAIN_AFTER_DAYS + ' days ago or more. Answering again, before you look, is what makes it stay.'));
      var list = el('ul');
      due.forEach(function (item) {
        var li = el('li'), a = el('a', '', item.q.text);
        a.href = item.q.link;
        li.appendChild(a);
        list.appendChild(li);
      });
      this.due.appendChild(list);
    }
    this.root.dataset.answered = String(answered);
    this.root.dataset.due = String(due.length);
    this.status.textContent = 'You have answered ' + answered + ' of ' + this.items.length + ' questions' +
      (due.length ? '; ' + due.length + ' ' + (due.length === 1 ? 'is' : 'are') + ' due for another try.' : '.');
    this.note.textContent = this.store.kept ?
      'Your answers are kept in this browser only and never sent anywhere. A download is made in this page.' :
      'This page cannot read kept answers: ' + this.store.why + '.';
  };

  AnswersPage.prototype._tryText = function (q, t, count) {
    var text = 'Last answered ' + CnnDemos.answerDate(t.committed) + ': ' + words.answerText(q, t.answer);
    if (t.measured !== null && t.measured !== undefined) {
      text += '; measured ' + words.measuredText(q, t.measured) + (t.about ? ' (' + t.about + ')' : '') +
        (t.closeness ? ': ' + t.closeness : '');
    } else {
      text += '; not measured yet';
    }
    if (t.why) text += '. Your why: “' + t.why + '”';
    return text + '. ' + CnnDemos.plural(count, 'try', 'tries') + '.';
  };

  /** Every answered question: the course's, in its order, then any kept from older versions. */
  AnswersPage.prototype.answered = function () {
    var all = this.store.all().questions;
    var known = {}, out = [];
    this.items.forEach(function (item) {
      known[item.q.name] = true;
      if (all[item.q.name] && all[item.q.name].tries.length) out.push({ q: item.q, entry: all[item.q.name] });
    });
    Object.keys(all).sort().forEach(function (name) {
      if (!known[name] && all[name].tries.length) {
        out.push({ q: { name: name, text: all[name].text, link: all[name].page, type: 'number' }, entry: all[name] });
      }
    });
    return out;
  };

  AnswersPage.prototype.json = function () {
    return JSON.stringify({
      course: this.root.dataset.course,
      made: new Date().toISOString(),
      note: 'Made in the page from the answers kept in this browser; nothing was sent anywhere.',
      questions: this.answered().map(function (a) {
        return {
          name: a.q.name, text: a.q.text, page: a.q.link, answered_with: a.q.answer || '',
          tries: a.entry.tries.map(function (t) {
            return {
              committed: new Date(t.committed).toISOString(), answer: t.answer,
              answer_text: words.answerText(a.q, t.answer), measured: t.measured,
              measured_text: t.measured === null || t.measured === undefined ? '' : words.measuredText(a.q, t.measured),
              about: t.about || '', closeness: t.closeness || '', said: t.said || '', why: t.why || ''
            };
          })
        };
      })
    }, null, 1);
  };

  AnswersPage.prototype.markdown = function () {
    var lines = ['# My answers: ' + this.root.dataset.course, '',
      'Made in the page on ' + CnnDemos.answerDate(Date.now()) + ' from the answers kept in this browser; nothing was sent anywhere.', ''];
    this.answered().forEach(function (a) {
      lines.push('## ' + a.q.text, '', 'Page: ' + a.q.link, '');
      a.entry.tries.forEach(function (t) {
        var measured = t.measured === null || t.measured === undefined ? 'not measured yet' :
          'measured ' + words.measuredText(a.q, t.measured) + (t.about ? ' (' + t.about + ')' : '');
        lines.push('- ' + CnnDemos.answerDate(t.committed) + ': you said ' + words.answerText(a.q, t.answer) + '; ' + measured +
          '.' + (t.said ? ' ' + t.said : '') + (t.why ? ' Why: “' + t.why + '”' : ''));
      });
      lines.push('');
    });
    if (!this.answered().length) lines.push('No answers yet.', '');
    return lines.join('\n');
  };

  /** Offer the answers as a file, made here: 'md' or 'json'. */
  AnswersPage.prototype.download = function (kind) {
    var text = kind === 'md' ? this.markdown() : this.json();
    var blob = new Blob([text], { type: kind === 'md' ? 'text/markdown' : 'application/json' });
    var link = el('a');
    link.href = URL.createObjectURL(blob);
    link.download = 'my-answers.' + kind;
    document.body.appendChild(link);
    link.click();
    link.remove();
    setTimeout(function () { URL.revokeObjectURL(link.href); }, 10000);
    this.status.textContent = 'Your answers are in my-answers.' + kind + ', made in this page.';
  };

  function start() {
    Array.prototype.forEach.call(document.querySelectorAll('[data-cnn-answers]'), function (root) {
      if (!root.cnnAnswers) root.cnnAnswers = new AnswersPage(root);
    });
  }

  CnnDemos.AnswersPage = AnswersPage;
  if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', start);
  else start();
})(window.CnnDemos);
