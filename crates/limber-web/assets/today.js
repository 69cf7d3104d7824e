/*
 * Today: the plan for where the person is and the time they have, with the
 * reason for every step and every left-out exercise, or what stands in the
 * way (the safety screen, a lock, a pause) and what to do about it.
 */
(function () {
  'use strict';

  var L = window.limber;
  var $ = L.$;

  function inputs() {
    var f = $('plan-form');
    var q = new URLSearchParams();
    var where = f.querySelector('input[name="where"]:checked');
    q.set('context', f.querySelector('input[name="context"]').checked ? 'after-run' : 'none');
    q.set('where', where ? where.value : 'floor');
    var minutes = $('minutes').value;
    if (minutes) q.set('minutes', minutes);
    return q;
  }

  function dose(st) {
    var sides = st.side_pattern && st.side_pattern.length ? ' each side' + (st.alternate ? ', right and left in turn' : '') : '';
    return st.reps + ' × a count of ' + st.counts + sides;
  }

  function showPlan(s) {
    $('block').hidden = true;
    var steps = L.clear($('plan-steps'));
    s.steps.forEach(function (st) {
      steps.appendChild(L.el('li', {}, [
        L.el('strong', { text: st.name }), ' — ' + dose(st),
        L.el('span', { class: 'why', text: st.why }),
      ]));
    });
    var left = L.clear($('plan-left-out-list'));
    s.left_out.forEach(function (d) {
      left.appendChild(L.el('li', {}, [L.el('strong', { text: d.name }), ': ' + d.why]));
    });
    $('plan-left-out').hidden = !s.left_out.length;
    var notes = L.clear($('plan-notes'));
    s.notes.forEach(function (n) { notes.appendChild(L.el('li', { text: n })); });
    var minutes = Math.round(s.estimate_ms / 6000) / 10;
    L.say('plan-status', 'About ' + minutes + ' minutes.');
    L.say('plan-program', 'From ' + s.program + '.');
    $('start').disabled = false;
  }

  function showBlock(problem) {
    var block = problem.block || { advice: problem.detail || 'A session cannot start now.' };
    L.clear($('plan-steps'));
    L.say('plan-program', '');
    $('plan-left-out').hidden = true;
    L.clear($('plan-notes'));
    L.say('plan-status', '');
    var text = L.clear($('block-text'));
    text.appendChild(L.el('p', { text: block.advice }));
    if (block.emergency) text.appendChild(L.el('pre', { class: 'emergency', text: block.emergency }));
    var actions = L.clear($('block-actions'));
    if (block.acknowledgeable) {
      var ack = L.el('button', { type: 'button', class: 'primary', text: 'I have taken this advice: go on' });
      ack.addEventListener('click', function () {
        L.postJSON(L.API.acknowledge, { kind: block.kind }).then(refresh, function (err) {
          text.appendChild(L.el('p', { text: 'Could not save: ' + err.message }));
        });
      });
      actions.appendChild(ack);
    }
    actions.appendChild(L.el('a', { class: 'button', href: '/screen', text: 'Answer the safety questions' }));
    if (block.kind === 'locked') actions.appendChild(L.el('a', { class: 'button', href: '/help#urgent', text: 'Urgent help' }));
    $('block').hidden = false;
    $('start').disabled = true;
  }

  function refresh() {
    L.say('plan-status', 'Loading the plan…');
    var url = L.API.script + '?' + inputs().toString();
    L.getJSON(url).then(showPlan, function (err) {
      if (err instanceof L.ApiError && err.status === 409) return showBlock(err.problem);
      if (err instanceof L.ApiError) return L.say('plan-status', 'The plan could not be made: ' + err.message);
      var last = L.load('script.last', null);
      if (last) {
        showPlan(last);
        L.say('plan-status', 'Offline: this is the last routine saved on this device.');
      } else {
        L.say('plan-status', 'Offline, and no routine is saved on this device yet.');
      }
    });
  }

  document.addEventListener('DOMContentLoaded', function () {
    $('plan-form').addEventListener('change', refresh);
    refresh();
  });
})();
