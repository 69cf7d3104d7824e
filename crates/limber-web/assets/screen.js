/*
 * The safety screen: every question answered yes or no, sent to the
 * server, which says what follows (nothing, exercises left out or swapped,
 * the program paused with advice, or sessions locked with the emergency
 * list). A new answer lifts a lock this device kept after a red flag.
 */
(function () {
  'use strict';

  var L = window.limber;
  var $ = L.$;

  function answers() {
    var out = {};
    var missing = null;
    Array.prototype.forEach.call(document.querySelectorAll('.question'), function (fs) {
      var yes = fs.querySelector('input[value="yes"]');
      var checked = fs.querySelector('input:checked');
      if (!checked && !missing) missing = yes;
      out[yes.name] = checked ? checked.value === 'yes' : null;
    });
    return { answers: out, missing: missing };
  }

  function show(res) {
    var box = L.clear($('screen-result'));
    box.appendChild(L.el('p', { text: 'Your answers are saved.' }));
    var advice = res && (res.advice || (res.block && res.block.advice));
    if (advice) box.appendChild(L.el('p', { text: advice }));
    if (res && res.emergency) box.appendChild(L.el('pre', { class: 'emergency', text: res.emergency }));
    (res && res.left_out || []).forEach(function (d) {
      box.appendChild(L.el('p', { text: (d.name || d.exercise) + ': ' + (d.why || d.reason || '') }));
    });
    box.appendChild(L.el('p', {}, [L.el('a', { href: '/', text: 'Back to Today' })]));
  }

  document.addEventListener('DOMContentLoaded', function () {
    $('none-apply').addEventListener('click', function () {
      Array.prototype.forEach.call(document.querySelectorAll('.question input[value="no"]'), function (r) { r.checked = true; });
      L.say('screen-result', 'Every answer is set to No. Check them, then save.');
    });
    $('screen-form').addEventListener('submit', function (e) {
      e.preventDefault();
      var a = answers();
      if (a.missing) {
        L.say('screen-result', 'Please answer every question.');
        a.missing.focus();
        return;
      }
      L.say('screen-result', 'Saving…');
      L.postJSON(L.API.screen, { answers: a.answers }).then(function (res) {
        L.store('locked', false);
        show(res);
      }, function (err) {
        L.say('screen-result', err instanceof L.ApiError ? 'Not saved: ' + err.message : 'Not saved: limber cannot be reached. Try again when connected.');
      });
    });
  });
})();
