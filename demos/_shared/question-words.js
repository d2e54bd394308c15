/* Questions in words: a value as the page writes it, and how close a learner's answer was to
   the measured one, said plainly. The learner answers a fraction in percent; every comparison
   is made in the units the learner answered in. q is a question's data (html.py, bind.py):
   type (fraction, count, number, category), unit, min, max, choices, answer, x. */
(function (CnnDemos) {
  'use strict';

  var WORDS = ['exactly right', 'spot on', 'close', 'some way off', 'far off', 'right', 'not this time'];

  function round(v, digits) {
    var f = Math.pow(10, digits);
    return Math.round(v * f) / f;
  }

  /** A number as the learner would write it: whole numbers with separators, else 3 figures. */
  function number(v) {
    if (Math.abs(v) >= 1000 || Number.isInteger(v)) return CnnDemos.thousands(Math.round(v));
    return String(Number(v.toPrecision(3)));
  }

  /** v (in the learner's units) in words: "94.2%", "156 weights", "0.31". */
  function inUnits(q, v) {
    if (typeof v !== 'number' || !isFinite(v)) return String(v);
    if (q.type === 'fraction') return round(v, 1) + '%';
    return number(v) + (q.unit ? ' ' + q.unit : '');
  }

  /** A measured value in the learner's units (a fraction in percent). */
  function toUnits(q, measured) {
    return q.type === 'fraction' ? 100 * measured : measured;
  }

  /** How far apart two values are, as one of the words, for the question's kind of value. */
  function distanceWord(q, a, m) {
    var d = Math.abs(a - m);
    if (d === 0 || (q.type === 'count' && Math.round(a) === Math.round(m))) return 'exactly right';
    var scaled;
    if (q.type === 'fraction') {
      scaled = d / 100; // points out of 100
      return scaled <= 0.02 ? 'spot on' : scaled <= 0.05 ? 'close' : scaled <= 0.15 ? 'some way off' : 'far off';
    }
    if (q.type === 'count') {
      scaled = d / Math.max(Math.abs(m), 1);
      return scaled <= 0.01 ? 'spot on' : scaled <= 0.1 ? 'close' : scaled <= 0.5 ? 'some way off' : 'far off';
    }
    var range = (typeof q.min === 'number' && typeof q.max === 'number') ? q.max - q.min : Math.abs(m);
    scaled = d / (range || 1);
    return scaled <= 0.02 ? 'spot on' : scaled <= 0.1 ? 'close' : scaled <= 0.3 ? 'some way off' : 'far off';
  }

  function capital(word) {
    return word.charAt(0).toUpperCase() + word.slice(1);
  }

  /** How much more or less the measured value is than the answer, in words. */
  function difference(q, a, m) {
    if (a === m) return '';
    var more = m > a ? 'more' : 'less';
    if (q.type === 'fraction') return ' (' + round(Math.abs(m - a), 1) + ' points ' + more + ' than you said)';
    if (q.type === 'count' && a > 0 && m / a >= 2) return ' (about ' + number(m / a) + ' times as many as you said)';
    if (q.type === 'count' && m > 0 && a / m >= 2) return ' (about ' + number(a / m) + ' times fewer than you said)';
    return ' (' + inUnits(q, Math.abs(m - a)) + ' ' + more + ' than you said)';
  }

  /** The choice nearest a measured number (in the learner's units). */
  function nearestChoice(q, m) {
    return q.choices.reduce(function (best, c) { return Math.abs(c - m) < Math.abs(best - m) ? c : best; });
  }

  /** The sketch's points that have a measured partner: [{x, mine, measured}] in the learner's units. */
  function pairs(q, sketch, measured) {
    var byX = {};
    measured.forEach(function (p) { byX[String(p[0])] = toUnits(q, p[1]); });
    return q.x.map(function (x, i) {
      return { x: x, mine: sketch[i], measured: byX[String(x)] };
    }).filter(function (p) { return typeof p.measured === 'number'; });
  }

  /**
   * {word, sentence}: how close answer (as the learner gave it) is to measured (as the demo or
   * the build gave it: a fraction from 0 to 1, a count, a word, or a series [[x, y], ...]).
   */
  function compare(q, answer, measured) {
    if (q.answer === 'sketch') {
      var matched = pairs(q, answer, measured);
      if (!matched.length) return { word: '', sentence: '' };
      var mean = matched.reduce(function (s, p) { return s + Math.abs(p.mine - p.measured); }, 0) / matched.length;
      var worst = matched.reduce(function (a, b) {
        return Math.abs(b.mine - b.measured) > Math.abs(a.mine - a.measured) ? b : a;
      });
      // Judged against the sketch's range, whatever the values count.
      var word = distanceWord(q.type === 'fraction' ? q : { type: 'number', min: q.min, max: q.max }, mean, 0);
      if (word === 'exactly right' && mean > 0) word = 'spot on';
      return {
        word: word,
        sentence: capital(word) + ': your curve is ' + inUnits(q, round(mean, 1)) + ' from the measured one on average, over ' +
          CnnDemos.plural(matched.length, 'point', 'points') + '; the widest gap is at ' + (q.x_label || 'x') + ' ' +
          worst.x + ' (you: ' + inUnits(q, worst.mine) + ', measured: ' + inUnits(q, worst.measured) + ').'
      };
    }
    if (q.type === 'category') {
      return answer === measured ?
        { word: 'right', sentence: 'Right: it was ' + measured + '.' } :
        { word: 'not this time', sentence: 'Not this time: you chose ' + answer + ', and it was ' + measured + '.' };
    }
    var m = toUnits(q, measured);
    if (q.answer === 'choice') {
      var nearest = nearestChoice(q, m);
      return nearest === answer ?
        { word: 'right', sentence: 'Right: ' + inUnits(q, answer) + ' is the choice nearest the measured ' + inUnits(q, m) + '.' } :
        { word: 'not this time', sentence: 'Not this time: the measured value is ' + inUnits(q, m) + ', nearest to ' +
          inUnits(q, nearest) + ', and you chose ' + inUnits(q, answer) + '.' };
    }
    var said = distanceWord(q, answer, m);
    return {
      word: said,
      sentence: capital(said) + ': you said ' + inUnits(q, answer) + ', and it is ' + inUnits(q, m) + difference(q, answer, m) + '.'
    };
  }

  /** A measured value in words: a series as its points. */
  function measuredText(q, measured) {
    if (Array.isArray(measured)) {
      return measured.map(function (p) { return (q.x_label ? q.x_label + ' ' : '') + p[0] + ': ' + inUnits(q, toUnits(q, p[1])); }).join('; ');
    }
    return q.type === 'category' ? String(measured) : inUnits(q, toUnits(q, measured));
  }

  /** The learner's answer in words: a sketch as its points. */
  function answerText(q, answer) {
    if (q.answer === 'sketch') {
      return q.x.map(function (x, i) { return (q.x_label ? q.x_label + ' ' : '') + x + ': ' + inUnits(q, answer[i]); }).join('; ');
    }
    return q.type === 'category' ? String(answer) : inUnits(q, answer);
  }

  CnnDemos.questionWords = {
    WORDS: WORDS,
    compare: compare,
    measuredText: measuredText,
    answerText: answerText,
    inUnits: inUnits,
    toUnits: toUnits
  };
})(window.CnnDemos);
