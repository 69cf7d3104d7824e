/*
 * The guided-session page: loads the session script (or, offline, the last
 * one saved), runs it with the player on the page's clock, draws the view,
 * speaks and sounds the cues, and sends the event log to the server, which
 * replays it through the engine. `?speed=20` runs the clock 20 times
 * faster, like the terminal's --speed.
 */
(function () {
  'use strict';

  var L = window.limber;
  var P = window.LimberPlayer;
  var $ = L.$;

  var params = new URLSearchParams(location.search);
  var speed = Math.min(Math.max(parseFloat(params.get('speed')) || 1, 0.1), 100);
  var plan = { context: params.get('context') === 'after-run' ? 'after-run' : 'none' };
  ['where', 'minutes', 'get_ready'].forEach(function (k) {
    var v = params.get(k);
    if (v !== null && v !== '') plan[k] = v;
  });
  var planKey = 'script:' + ['context', 'where', 'minutes', 'get_ready'].map(function (k) { return plan[k] || ''; }).join('|');

  var script = null;
  var session = null;
  var t0 = 0;
  var startedAt = null;
  var events = [];
  var lastMs = 0;
  var painBefore = null;
  var timer = null;
  var wakeLock = null;
  var audio = null;
  var ended = false;
  var saved = false;
  var redFlag = false;
  var lastCueText = '';

  function query() {
    var q = new URLSearchParams();
    Object.keys(plan).forEach(function (k) { q.set(k, plan[k]); });
    return L.API.script + '?' + q.toString();
  }

  // ----- loading --------------------------------------------------------------

  function load() {
    if (L.load('locked', false)) {
      showBlock({ kind: 'locked', advice: 'You reported symptoms that need urgent medical help. Sessions are locked until you answer the safety questions again.', emergency: true });
      return;
    }
    L.getJSON(query()).then(function (s) {
      L.store(planKey, s);
      L.store('script.last', s);
      ready(s);
    }, function (err) {
      if (err instanceof L.ApiError) {
        if (err.status === 409) return showBlock(err.problem);
        return L.say('load-status', 'The routine could not be planned: ' + err.message);
      }
      var cached = L.load(planKey, null) || L.load('script.last', null);
      if (cached) {
        ready(cached, true);
      } else {
        L.say('load-status', 'You are offline and no routine is saved on this device yet. Open limber once while connected.');
      }
    });
  }

  function showBlock(problem) {
    var box = $('load-status');
    L.clear(box);
    var block = problem.block || problem;
    box.appendChild(L.el('span', { text: (block.advice || problem.detail || 'A session cannot start now.') + ' ' }));
    box.appendChild(L.el('a', { href: '/screen', text: 'Answer the safety questions' }));
    if (block.emergency || block.kind === 'locked') {
      box.appendChild(L.el('span', { text: ' ' }));
      box.appendChild(L.el('a', { href: '/help#urgent', text: 'Urgent help' }));
    }
    $('session').setAttribute('data-state', 'blocked');
  }

  function ready(s, offline) {
    script = s;
    var list = L.clear($('begin-steps'));
    s.steps.forEach(function (st) {
      var dose = st.reps + (st.holds.length > st.reps ? ' each side' : '') + ' × a count of ' + st.counts;
      list.appendChild(L.el('li', {}, [
        L.el('strong', { text: st.name }), ' — ' + dose,
        L.el('span', { class: 'why', text: st.why || '' }),
      ]));
    });
    L.say('load-status', offline ? 'Offline: using the routine saved on this device.' : '');
    $('voice').checked = !!L.load('voice', false);
    $('begin').hidden = false;
    $('session').setAttribute('data-state', 'ready');
    $('begin-btn').focus();
  }

  // ----- the clock and the loop ---------------------------------------------

  function nowMs() {
    var ms = Math.floor((performance.now() - t0) * speed);
    return Math.max(ms, lastMs);
  }

  function begin() {
    L.store('voice', $('voice').checked);
    session = new P.Session(script);
    startedAt = new Date();
    t0 = performance.now();
    try {
      audio = new (window.AudioContext || window.webkitAudioContext)();
    } catch (e) {
      audio = null;
    }
    requestWakeLock();
    $('begin').hidden = true;
    $('run').hidden = false;
    $('session').setAttribute('data-state', 'running');
    if (painBefore !== null) outputs(session.rateBeforeStart(painBefore));
    loop();
    timer = setInterval(loop, 50);
  }

  function loop() {
    if (!session) return;
    var ms = nowMs();
    outputs(session.tick(ms * P.NS_PER_MS));
    draw(ms);
  }

  /** A user action: logged with its session time, then played. */
  function act(type, value) {
    if (!session || session.isFinished()) return;
    var ms = nowMs();
    lastMs = ms;
    var e = { at_ms: ms, type: type };
    if (value !== undefined) e.value = value;
    events.push(e);
    outputs(session.handle(e, ms * P.NS_PER_MS));
    draw(ms);
  }

  // ----- cues: screen, voice, sound, vibration -------------------------------

  function outputs(outs) {
    outs.forEach(function (o) {
      if (o.type === 'cue') cue(o);
      else if (o.type === 'red-flag') {
        redFlag = true;
        L.store('locked', true);
      } else if (o.type === 'finished') finish(o.status);
    });
  }

  function cue(c) {
    if (c.kind !== 'count') {
      lastCueText = c.text;
      L.say('cue', c.text);
    }
    if ($('voice').checked && speed <= 2 && 'speechSynthesis' in window && c.speak) {
      if (c.kind === 'count' || c.kind === 'stopped') speechSynthesis.cancel();
      var u = new SpeechSynthesisUtterance(c.speak);
      u.rate = 1;
      speechSynthesis.speak(u);
    }
    if (c.sound) sound(c.sound);
  }

  var SOUNDS = {
    tick: { f: 880, ms: 60, vibrate: 30 },
    'hold-end': { f: 523, ms: 450, vibrate: 250 },
    alert: { f: 330, ms: 700, vibrate: [200, 100, 200, 100, 200] },
    finished: { f: 660, ms: 600, vibrate: [100, 80, 100] },
  };

  function sound(name) {
    var s = SOUNDS[name];
    if (!s) return;
    if (navigator.vibrate) {
      try { navigator.vibrate(s.vibrate); } catch (e) { /* not allowed */ }
    }
    if (!audio || speed > 2) return;
    try {
      var osc = audio.createOscillator();
      var gain = audio.createGain();
      osc.frequency.value = s.f;
      gain.gain.value = 0.2;
      osc.connect(gain);
      gain.connect(audio.destination);
      osc.start();
      osc.stop(audio.currentTime + s.ms / 1000);
    } catch (e) { /* no audio */ }
  }

  function requestWakeLock() {
    if (!('wakeLock' in navigator)) return;
    navigator.wakeLock.request('screen').then(function (l) { wakeLock = l; }, function () { /* refused */ });
  }
  document.addEventListener('visibilitychange', function () {
    if (document.visibilityState === 'visible' && session && !ended) requestWakeLock();
  });

  // ----- drawing --------------------------------------------------------------

  function figureFor(step) {
    if (!step) return null;
    if (step.movement === 'side-bend') return 'side-bend';
    if (step.position === 'seated') return 'seated';
    return step.exercise;
  }

  var shownFigure = null;
  function draw(ms) {
    var v = session.view(ms * P.NS_PER_MS);
    var step = session.steps[v.step_index];
    var fig = figureFor(step);
    if (fig !== shownFigure) {
      Array.prototype.forEach.call(document.querySelectorAll('.figure'), function (f) {
        f.classList.toggle('shown', f.getAttribute('data-figure') === fig);
      });
      shownFigure = fig;
    }
    L.say('exercise-name', v.name || '');
    var counting = v.phase === 'hold';
    var halted = v.phase === 'stopped';
    L.say('count', counting ? String(v.count) : halted ? '–' : String(Math.ceil(v.remaining_ms / 1000)));
    L.say('count-of', counting ? 'of ' + v.counts : halted ? 'stopped' : v.phase === 'get-ready' ? (v.waiting_for_ready ? 'when ready' : 'get ready') : v.phase === 'rest' ? 'release' : '');
    L.say('side', v.side ? v.side + ' leg' : '');
    L.say('hold-of', v.rep ? 'Rep ' + v.rep + ' of ' + v.reps + (v.paused ? ' — paused' : '') : '');
    L.say('phase-label', counting ? 'This hold' : halted ? 'Stopped' : v.phase === 'rest' ? 'Release and switch' : 'Get ready');
    $('phase-progress').value = v.phase_progress;
    $('routine-progress').value = v.routine_progress;
    L.say('next', v.next || '');
    var instr = $('instructions');
    var key = v.step_index + ':' + v.side;
    if (instr.getAttribute('data-key') !== key) {
      instr.setAttribute('data-key', key);
      L.clear(instr);
      v.instructions.forEach(function (t) { instr.appendChild(L.el('li', { text: t })); });
      var cues = L.clear($('step-cues'));
      (v.cues || []).forEach(function (t) { cues.appendChild(L.el('li', { text: t })); });
    }
    $('ready').hidden = !v.waiting_for_ready;
    $('pause').textContent = v.paused ? 'Resume' : 'Pause';
    $('pause').setAttribute('aria-pressed', v.paused ? 'true' : 'false');
    var halt = $('halt');
    if (v.halt) {
      if (halt.hidden || halt.getAttribute('data-title') !== v.halt.text) {
        halt.setAttribute('data-title', v.halt.text);
        L.say('halt-title', v.halt.title);
        L.say('halt-text', v.halt.text);
        var choices = L.clear($('halt-choices'));
        v.halt.choices.forEach(function (c, i) {
          var b = L.el('button', { type: 'button', class: i === 0 ? 'primary' : '', 'data-choice': c.event, text: c.label });
          b.addEventListener('click', function () { act(c.event); });
          choices.appendChild(b);
        });
        halt.hidden = false;
        var first = choices.querySelector('button');
        if (first) first.focus();
      }
    } else {
      halt.hidden = true;
    }
  }

  // ----- the end --------------------------------------------------------------

  function finish(status) {
    if (ended) return;
    ended = true;
    clearInterval(timer);
    if (wakeLock) wakeLock.release().catch(function () {});
    $('run').hidden = true;
    $('done').hidden = false;
    $('session').setAttribute('data-state', 'done');
    $('session').setAttribute('data-status', status);
    L.say('done-text', lastCueText);
    if (redFlag) {
      $('after-rating').hidden = true;
      save(null);
    } else {
      var first = document.querySelector('[data-after]');
      if (first) first.focus();
    }
  }

  function save(painAfter) {
    if (saved) return;
    saved = true;
    $('after-rating').hidden = true;
    var posted = {
      id: L.uuid7(),
      started_at: startedAt.toISOString(),
      plan: script.plan,
      script_digest: script.digest,
      pain_before: painBefore,
      events: events,
      ended_at_ms: Math.floor(session.finishedAt / P.NS_PER_MS),
      pain_after: painAfter,
    };
    L.say('save-status', 'Saving…');
    var id = posted.id;
    document.addEventListener('limber:sent', function (e) {
      if (e.detail.item.body.id !== id) return;
      var o = e.detail.outcome;
      L.say('save-status', o.ok ? 'Saved.' : 'Not saved: ' + o.error);
      $('session').setAttribute('data-saved', o.ok ? 'yes' : 'refused');
    });
    L.enqueue('session', L.API.sessions, posted).then(function () {
      if (L.outbox().some(function (x) { return x.body.id === id; })) {
        L.say('save-status', 'Saved on this device; it will be sent when limber is reachable again.');
        $('session').setAttribute('data-saved', 'queued');
      }
    });
  }

  window.addEventListener('pagehide', function () {
    // Leaving mid-session or before rating: keep what was done.
    if (!session || saved) return;
    if (!ended) act('quit');
    if (!saved) save(null);
  });

  // ----- wiring ---------------------------------------------------------------

  function pick(attr, onPick) {
    Array.prototype.forEach.call(document.querySelectorAll('[data-' + attr + ']'), function (b) {
      b.addEventListener('click', function () { onPick(parseInt(b.getAttribute('data-' + attr), 10), b); });
    });
  }

  document.addEventListener('DOMContentLoaded', function () {
    pick('before', function (v, b) {
      painBefore = painBefore === v ? null : v;
      Array.prototype.forEach.call(document.querySelectorAll('[data-before]'), function (x) {
        x.setAttribute('aria-pressed', x === b && painBefore !== null ? 'true' : 'false');
      });
      L.say('before-chosen', painBefore === null ? '' : 'Pain before: ' + painBefore + ' out of 10.');
    });
    pick('rate', function (v) { act('rate', v); });
    pick('after', function (v) { save(v); });
    $('save-no-rating').addEventListener('click', function () { save(null); });
    $('begin-btn').addEventListener('click', begin);
    $('ready').addEventListener('click', function () { act('ready'); });
    $('pause').addEventListener('click', function () { act(session && session.pausedAt !== null ? 'resume' : 'pause'); });
    $('back').addEventListener('click', function () { act('back'); });
    $('skip').addEventListener('click', function () { act('skip'); });
    $('slower').addEventListener('click', function () { act('pace', -1); });
    $('faster').addEventListener('click', function () { act('pace', 1); });
    $('quit').addEventListener('click', function () { act('quit'); });
    Array.prototype.forEach.call(document.querySelectorAll('.symptoms [data-event]'), function (b) {
      b.addEventListener('click', function () { act(b.getAttribute('data-event')); });
    });
    var rf = $('red-flag-dialog');
    $('red-flag-open').addEventListener('click', function () { rf.showModal(); });
    $('red-flag-no').addEventListener('click', function () { rf.close(); });
    $('red-flag-yes').addEventListener('click', function () { rf.close(); act('red-flag'); });
    var em = $('emergency-dialog');
    $('emergency-open').addEventListener('click', function () { em.showModal(); });
    $('emergency-close').addEventListener('click', function () { em.close(); });
    document.addEventListener('keydown', function (e) {
      if (!session || ended || e.target.closest('button, input, select, textarea, dialog')) return;
      if (e.key === ' ') {
        e.preventDefault();
        if (session.waitingForReady()) act('ready');
        else act(session.pausedAt !== null ? 'resume' : 'pause');
      }
    });
    load();
  });
})();
