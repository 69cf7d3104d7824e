/*
 * Diary: log pain with a tappable body map (low back, buttock, thigh,
 * below the knee, foot; left and right), its qualities and a note, and the
 * morning check. Entries carry an id made here, wait in the outbox when
 * the server cannot be reached, and are stored once. What an entry asks of
 * the next session (the safety questions again, a paused program, the
 * emergency list) is the server's answer, shown as it comes.
 */
(function () {
  'use strict';

  var L = window.limber;
  var $ = L.$;

  /** From the spine down: how far symptoms reach is the lowest marked place. */
  var ORDER = ['back', 'buttock', 'thigh', 'below-knee', 'foot'];
  var WORDS = L.REACH_WORDS;
  var SYMPTOMS = {
    numbness: 'new numbness',
    tingling: 'new tingling',
    weakness: 'new weakness',
    'both-legs': 'symptoms in both legs',
    'spreading-further': 'symptoms reaching further down the leg',
  };

  function regions() {
    return Array.prototype.filter.call(document.querySelectorAll('.region'), function (r) {
      return r.getAttribute('aria-checked') === 'true';
    }).map(function (r) {
      return { region: r.getAttribute('data-region'), side: r.getAttribute('data-side') };
    });
  }

  function summary() {
    var marked = regions();
    if (!marked.length) return 'Nothing marked yet.';
    return 'Marked: ' + marked.map(function (m) { return m.side + ' ' + WORDS[m.region]; }).join(', ') + '.';
  }

  function toggle(r) {
    r.setAttribute('aria-checked', r.getAttribute('aria-checked') === 'true' ? 'false' : 'true');
    L.say('map-summary', summary());
  }

  function number(id) {
    var v = $(id).value;
    return v === '' ? null : parseInt(v, 10);
  }

  function entry() {
    var marked = regions();
    var reach = null;
    marked.forEach(function (m) {
      if (reach === null || ORDER.indexOf(m.region) > ORDER.indexOf(reach)) reach = m.region;
    });
    var sides = {};
    marked.forEach(function (m) { sides[m.side] = true; });
    var side = sides.left && sides.right ? 'both' : sides.left ? 'left' : sides.right ? 'right' : null;
    var qualities = Array.prototype.map.call(document.querySelectorAll('input[name="quality"]:checked'), function (q) { return q.value; });
    var note = $('note').value.trim();
    return {
      id: L.uuid7(),
      at: new Date().toISOString(),
      back: number('back'),
      leg: number('leg'),
      reach: reach,
      side: side,
      qualities: qualities,
      weakness: $('weakness').checked,
      morning: false,
      note: note || null,
    };
  }

  /** What the entry asks of the next session, in words, in #pain-advice. */
  function advise(res) {
    var box = L.clear($('pain-advice'));
    var parts = [];
    if (res.new_symptoms && res.new_symptoms.length) {
      var named = res.new_symptoms.map(function (s) { return SYMPTOMS[s] || s; });
      parts.push(L.el('p', {}, [
        'You noted ' + named.join(' and ') + '. Please ',
        L.el('a', { href: '/screen', text: 'answer the safety questions again' }),
        ' before your next session.',
      ]));
    }
    if (res.emergency) {
      res.emergency.split('\n').filter(Boolean).forEach(function (line) { parts.push(L.el('p', { text: line })); });
    }
    if (res.diary_pause) {
      parts.push(L.el('p', { text: 'Your program is paused: ' + res.diary_pause }));
    }
    parts.forEach(function (p) { box.appendChild(p); });
    box.hidden = parts.length === 0;
  }

  /** Says how a queued item went once the outbox has sent it. */
  function result(statusId, id, kind, then) {
    document.addEventListener('limber:sent', function (e) {
      if (e.detail.item.body.id !== id) return;
      var o = e.detail.outcome;
      L.say(statusId, o.ok ? kind + ' saved.' : kind + ' not saved: ' + o.error);
      if (o.ok && then) then(o.result || {});
    });
  }

  var ADVICE = {
    lighter: 'Today\u2019s plan is lighter: ',
    pause: '',
  };

  /** The morning check's state: asked when due, with the advice it gives. */
  function showMorning(view) {
    var due = $('morning-due');
    due.hidden = !view.due;
    var lines = [];
    var a = view.advice || {};
    if (a.advice && a.advice !== 'normal') lines.push((ADVICE[a.advice] || '') + a.why);
    if (view.pause && !(a.advice === 'pause' && a.why === view.pause)) lines.push('Program paused: ' + view.pause);
    L.say('morning-advice', lines.join(' '));
  }

  function loadMorning() {
    L.getJSON(L.API.morning).then(showMorning, function () { /* offline: the form still works */ });
  }

  document.addEventListener('DOMContentLoaded', function () {
    Array.prototype.forEach.call(document.querySelectorAll('.region'), function (r) {
      r.addEventListener('click', function () { toggle(r); });
      r.addEventListener('keydown', function (e) {
        if (e.key === ' ' || e.key === 'Enter') {
          e.preventDefault();
          toggle(r);
        }
      });
    });
    loadMorning();
    $('pain-form').addEventListener('submit', function (e) {
      e.preventDefault();
      var body = entry();
      if (body.back === null && body.leg === null) {
        L.say('pain-status', 'Rate your back or leg pain (0 to 10) first.');
        $('back').focus();
        return;
      }
      L.say('pain-status', 'Saving…');
      result('pain-status', body.id, 'Entry', advise);
      L.enqueue('pain', L.API.pain, body).then(function () {
        if (L.outbox().some(function (x) { return x.body.id === body.id; })) {
          L.say('pain-status', 'Saved on this device; it will be sent when limber is reachable again.');
        }
        $('pain-form').reset();
        Array.prototype.forEach.call(document.querySelectorAll('.region'), function (r) { r.setAttribute('aria-checked', 'false'); });
        L.say('map-summary', summary());
      });
    });
    $('morning-form').addEventListener('submit', function (e) {
      e.preventDefault();
      var body = {
        id: L.uuid7(),
        at: new Date().toISOString(),
        back: number('morning-back'),
        leg: number('morning-leg'),
        stiffness: number('stiffness'),
      };
      if (body.back === null && body.leg === null && body.stiffness === null) {
        L.say('morning-status', 'Rate your back, leg or stiffness on waking first.');
        $('morning-back').focus();
        return;
      }
      result('morning-status', body.id, 'Morning check', showMorning);
      L.enqueue('morning', L.API.morning, body).then(function () {
        if (L.outbox().some(function (x) { return x.body.id === body.id; })) {
          L.say('morning-status', 'Saved on this device; it will be sent when limber is reachable again.');
        }
        $('morning-form').reset();
      });
    });
  });
})();
