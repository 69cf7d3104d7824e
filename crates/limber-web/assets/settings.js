/*
 * Settings: pace and voice, the full back curl's gate and depth level (its
 * cautions and state read from the server), and the user's program: a TOML
 * typed or opened from a file, checked and saved by the server, with
 * `program check`'s messages (line and field) shown as they come. Every
 * write sends the version it read, so a change made elsewhere since is
 * refused (409) rather than undone.
 */
(function () {
  'use strict';

  var L = window.limber;
  var $ = L.$;
  var CURL = L.API.exercises + '/full-back-curl';
  /** The profile version each form read: settings and program share it. */
  var read = { settings: null, program: null };

  function failed(id) {
    return function (err) {
      if (err instanceof L.ApiError && err.status === 409 && err.problem.field === 'version') {
        L.say(id, 'Not saved: this was changed elsewhere since the page read it. Reload the page and try again.');
        return;
      }
      L.say(id, err instanceof L.ApiError ? 'Not saved: ' + err.message : 'Not saved: limber cannot be reached.');
    };
  }

  // ----- pace and voice ------------------------------------------------------

  function showSettings(s) {
    if (!s) return;
    if (s.pace) $('pace').value = s.pace;
    if (typeof s.voice === 'boolean') $('voice-setting').checked = s.voice;
    read.settings = s.version;
  }

  // ----- the full back curl ----------------------------------------------------

  function showCurl(v) {
    var list = L.clear($('curl-cautions'));
    v.cautions.forEach(function (c) {
      var applies = v.applying.indexOf(c.key) >= 0;
      list.appendChild(L.el('li', { text: c.reason + (applies ? ' (your safety answers say this applies)' : '') }));
    });
    $('curl-about').hidden = !v.cautions.length;
    var levels = L.clear($('curl-level'));
    for (var n = 1; n <= (v.max_level || 1); n++) {
      levels.appendChild(L.el('option', { value: String(n), text: String(n) + (n === v.max_level ? ' (deepest)' : '') }));
    }
    levels.value = String(v.level || 1);
    $('curl-level').dataset.max = String(v.max_level || 1);
    $('curl-confirm').checked = v.enabled;
    $('curl-save').textContent = v.enabled ? 'Save' : 'Turn on';
    $('curl-off').hidden = !v.enabled;
    $('curl-level-text').textContent = v.level_text || '';
    deepest();
    var state = v.enabled ? v.name + ' is on, at level ' + v.level + '.' : v.name + ' is off.';
    if (v.applying.length) state += ' It cannot be turned on while your safety answers say a caution applies; answer the safety questions again if that has changed.';
    L.say('curl-state', state);
  }

  /** The clinician question shows only for the deepest level. */
  function deepest() {
    var at = $('curl-level').value === $('curl-level').dataset.max && $('curl-level').dataset.max !== '1';
    $('curl-deepest').hidden = !at;
  }

  function loadCurl() {
    return L.getJSON(CURL).then(showCurl, function () {
      L.say('curl-state', 'The full back curl\u2019s settings cannot be read: limber cannot be reached.');
    });
  }

  // ----- the program -------------------------------------------------------------

  function where(p) {
    return [p.line ? 'line ' + p.line : '', p.field || ''].filter(Boolean).join(', ');
  }

  /** Every problem as "error: line 5, steps[1].exercise: …", in order. */
  function problems(list, heading) {
    var box = L.clear($('program-result'));
    box.appendChild(L.el('p', { text: heading }));
    if (!list.length) return;
    var ul = L.el('ul', { class: 'problems' });
    list.forEach(function (p) {
      var at = where(p);
      ul.appendChild(L.el('li', { class: p.severity, text: p.severity + ': ' + (at ? at + ': ' : '') + p.message }));
    });
    box.appendChild(ul);
  }

  function checked(c) {
    var errors = c.problems.filter(function (p) { return p.severity === 'error'; }).length;
    if (errors) return errors + (errors === 1 ? ' error' : ' errors') + ': it cannot be saved until each is changed.';
    var warnings = c.problems.length;
    var what = '\u201c' + c.name + '\u201d, ' + c.steps + (c.steps === 1 ? ' step' : ' steps');
    return warnings ? what + ': it can be used; ' + warnings + (warnings === 1 ? ' warning' : ' warnings') + '.' : what + ': no problems found.';
  }

  function showProgram(v, fill) {
    read.program = v.version;
    if (fill) $('program-text').value = v.toml;
    L.say('program-source', v.source === 'stored'
      ? 'Your plans follow your own program, \u201c' + (v.check.name || 'unnamed') + '\u201d.'
      : 'Your plans follow the Runner\u2019s cool-down, the original post\u2019s routine. Change it below to make your own.');
    $('program-reset').hidden = v.source !== 'stored';
  }

  function text() {
    var t = $('program-text').value;
    if (!t.trim()) {
      L.say('program-result', 'Open a file or type a program first.');
      $('program-text').focus();
      return null;
    }
    return t;
  }

  document.addEventListener('DOMContentLoaded', function () {
    $('voice-setting').checked = !!L.load('voice', false);
    L.getJSON(L.API.settings).then(showSettings, function () { /* offline: keep what is shown */ });
    loadCurl();
    L.getJSON(L.API.program).then(function (v) { showProgram(v, true); }, function () {
      L.say('program-source', 'Your program cannot be read: limber cannot be reached.');
    });

    $('prefs-form').addEventListener('submit', function (e) {
      e.preventDefault();
      var pace = parseFloat($('pace').value);
      if (!(pace >= 0.5 && pace <= 2)) {
        L.say('prefs-status', 'The pace must be from 0.5 to 2.0 counts a second.');
        $('pace').focus();
        return;
      }
      var voice = $('voice-setting').checked;
      var body = { pace: pace, voice: voice };
      if (read.settings !== null) body.version = read.settings;
      L.request('PUT', L.API.settings, body).then(function (s) {
        L.store('voice', voice);
        showSettings(s);
        read.program = s.version;
        L.say('prefs-status', 'Saved.');
      }, failed('prefs-status'));
    });

    $('curl-level').addEventListener('change', deepest);
    $('curl-form').addEventListener('submit', function (e) {
      e.preventDefault();
      if (!$('curl-confirm').checked) {
        L.say('curl-status', 'Confirm first that none of the cautions apply to you.');
        $('curl-confirm').focus();
        return;
      }
      var level = parseInt($('curl-level').value, 10);
      var body = { enabled: true, confirm_none_apply: true, level: level };
      if (!$('curl-deepest').hidden) {
        if (!$('curl-cleared').checked) {
          L.say('curl-status', 'The deepest level is offered only when your clinician has cleared it: tick that they have, or choose a gentler level.');
          $('curl-cleared').focus();
          return;
        }
        body.clinician_cleared = true;
      }
      L.request('PUT', CURL, body).then(function (v) {
        showCurl(v);
        L.say('curl-status', 'Saved: the full back curl is on, at level ' + v.level + '.');
      }, function (err) {
        failed('curl-status')(err);
        loadCurl();
      });
    });
    $('curl-off').addEventListener('click', function () {
      L.request('PUT', CURL, { enabled: false }).then(function (v) {
        showCurl(v);
        L.say('curl-status', 'Saved: the full back curl is off.');
      }, failed('curl-status'));
    });

    $('program-file').addEventListener('change', function () {
      var f = $('program-file').files[0];
      if (!f) return;
      f.text().then(function (t) {
        $('program-text').value = t;
        L.say('program-result', f.name + ' opened: Check it, or save it to use it for your plans.');
      }, function () {
        L.say('program-result', f.name + ' cannot be read.');
      });
    });
    $('program-form').addEventListener('submit', function (e) {
      e.preventDefault();
      var t = text();
      if (t === null) return;
      L.say('program-result', 'Checking…');
      L.postJSON(L.API.programCheck, { toml: t }).then(function (c) {
        problems(c.problems, checked(c));
      }, failed('program-result'));
    });
    $('program-save').addEventListener('click', function () {
      var t = text();
      if (t === null) return;
      var body = { toml: t };
      if (read.program !== null) body.version = read.program;
      L.say('program-result', 'Saving…');
      L.request('PUT', L.API.program, body).then(function (v) {
        showProgram(v, false);
        read.settings = v.version;
        problems(v.check.problems, 'Saved: your plans follow \u201c' + v.check.name + '\u201d from now on.' +
          (v.check.problems.length ? ' Its warnings:' : ''));
      }, function (err) {
        if (err instanceof L.ApiError && err.status === 422 && err.problem.problems) {
          var n = err.problem.problems.filter(function (p) { return p.severity === 'error'; }).length;
          problems(err.problem.problems, 'Not saved: ' + n + (n === 1 ? ' error' : ' errors') + ' to change first.');
          return;
        }
        failed('program-result')(err);
      });
    });
    $('program-reset').addEventListener('click', function () {
      var url = L.API.program + (read.program !== null ? '?version=' + read.program : '');
      L.request('DELETE', url).then(function (v) {
        showProgram(v, true);
        read.settings = v.version;
        L.clear($('program-result'));
        L.say('program-result', 'Saved: your plans follow the Runner\u2019s cool-down again.');
      }, failed('program-result'));
    });
  });
})();
