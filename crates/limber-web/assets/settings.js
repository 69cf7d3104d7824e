/*
 * Settings: pace and voice, the full back curl's gate and depth level, and
 * a program TOML checked by the server with `program check`'s messages
 * (line and field) shown as they come.
 */
(function () {
  'use strict';

  var L = window.limber;
  var $ = L.$;

  function failed(id) {
    return function (err) {
      L.say(id, err instanceof L.ApiError ? 'Not saved: ' + err.message : 'Not saved: limber cannot be reached.');
    };
  }

  function problems(res) {
    var box = L.clear($('program-result'));
    var list = (res && (res.problems || res.messages)) || [];
    if (!list.length) {
      box.appendChild(L.el('p', { text: 'No problems found.' }));
      return;
    }
    var ul = L.el('ul', { class: 'problems' });
    list.forEach(function (p) {
      if (typeof p === 'string') return ul.appendChild(L.el('li', { text: p }));
      var where = [p.line ? 'line ' + p.line : '', p.field || ''].filter(Boolean).join(', ');
      ul.appendChild(L.el('li', { text: (p.severity ? p.severity + ': ' : '') + (where ? where + ': ' : '') + (p.message || '') }));
    });
    box.appendChild(ul);
  }

  document.addEventListener('DOMContentLoaded', function () {
    $('voice-setting').checked = !!L.load('voice', false);
    L.getJSON(L.API.settings).then(function (s) {
      if (s && s.pace) $('pace').value = s.pace;
      if (s && typeof s.voice === 'boolean') $('voice-setting').checked = s.voice;
    }, function () { /* offline: keep what is shown */ });

    $('prefs-form').addEventListener('submit', function (e) {
      e.preventDefault();
      var pace = parseFloat($('pace').value);
      if (!(pace >= 0.5 && pace <= 2)) {
        L.say('prefs-status', 'The pace must be from 0.5 to 2.0 counts a second.');
        $('pace').focus();
        return;
      }
      var voice = $('voice-setting').checked;
      L.store('voice', voice);
      L.request('PUT', L.API.settings, { pace: pace, voice: voice }).then(function () {
        L.say('prefs-status', 'Saved.');
      }, failed('prefs-status'));
    });

    $('curl-form').addEventListener('submit', function (e) {
      e.preventDefault();
      if (!$('curl-confirm').checked) {
        L.say('curl-status', 'Confirm first that none of the cautions apply to you.');
        $('curl-confirm').focus();
        return;
      }
      var level = parseInt($('curl-level').value, 10);
      L.request('PUT', L.API.exercises + '/full-back-curl', { enabled: true, confirm_none_apply: true, level: level }).then(function () {
        L.say('curl-status', 'The full back curl is on, at level ' + level + '.');
      }, failed('curl-status'));
    });
    $('curl-off').addEventListener('click', function () {
      L.request('PUT', L.API.exercises + '/full-back-curl', { enabled: false }).then(function () {
        L.say('curl-status', 'The full back curl is off.');
      }, failed('curl-status'));
    });

    $('program-file').addEventListener('change', function () {
      var f = $('program-file').files[0];
      if (f) f.text().then(function (t) { $('program-text').value = t; });
    });
    $('program-form').addEventListener('submit', function (e) {
      e.preventDefault();
      var text = $('program-text').value;
      if (!text.trim()) {
        L.say('program-result', 'Choose a file or paste a program first.');
        return;
      }
      L.say('program-result', 'Checking…');
      L.postJSON(L.API.programCheck, { toml: text }).then(problems, function (err) {
        if (err instanceof L.ApiError && err.problem && (err.problem.problems || err.problem.messages)) return problems(err.problem);
        failed('program-result')(err);
      });
    });
  });
})();
