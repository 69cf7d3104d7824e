/*
 * Diary: log pain with a tappable body map (low back, buttock, thigh,
 * below the knee, foot; left and right), its qualities and a note, and the
 * morning check. Entries carry an id made here, wait in the outbox when
 * the server cannot be reached, and are stored once.
 */
(function () {
  'use strict';

  var L = window.limber;
  var $ = L.$;

  /** From the spine down: how far symptoms reach is the lowest marked place. */
  var ORDER = ['back', 'buttock', 'thigh', 'below-knee', 'foot'];
  var WORDS = { back: 'low back', buttock: 'buttock', thigh: 'thigh', 'below-knee': 'below the knee', foot: 'foot' };

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

  function result(statusId, id, kind) {
    document.addEventListener('limber:sent', function (e) {
      if (e.detail.item.body.id !== id) return;
      var o = e.detail.outcome;
      L.say(statusId, o.ok ? kind + ' saved.' : kind + ' not saved: ' + o.error);
    });
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
    $('pain-form').addEventListener('submit', function (e) {
      e.preventDefault();
      var body = entry();
      if (body.back === null && body.leg === null) {
        L.say('pain-status', 'Rate your back or leg pain (0 to 10) first.');
        $('back').focus();
        return;
      }
      L.say('pain-status', 'Saving…');
      result('pain-status', body.id, 'Entry');
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
        morning: true,
        qualities: [],
        weakness: false,
      };
      if (body.back === null && body.leg === null) {
        L.say('morning-status', 'Rate your back or leg pain on waking first.');
        $('morning-back').focus();
        return;
      }
      result('morning-status', body.id, 'Morning check');
      L.enqueue('pain', L.API.pain, body).then(function () {
        if (L.outbox().some(function (x) { return x.body.id === body.id; })) {
          L.say('morning-status', 'Saved on this device; it will be sent when limber is reachable again.');
        }
      });
    });
  });
})();
