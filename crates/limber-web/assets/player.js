/*
 * limber's guided-session player for the browser.
 *
 * A port of the core engine (crates/limber-core/src/session/engine.rs) as a
 * pure state machine: tick(now), handle(event, now) and view(now), no DOM,
 * no clock, so node runs it in the equivalence test. The server compiles the
 * routine into a session script (crates/limber-web/src/script.rs); the page
 * runs it here and records the user's events, and the server replays them
 * through the Rust engine to make the stored records.
 *
 * Times are integer nanoseconds of session time, and every deadline is
 * computed from the phase's anchor exactly as the engine does (including
 * how Rust rounds seconds to a Duration), so the same events at the same
 * milliseconds give the same holds, stops and ratings.
 */
(function (root) {
  'use strict';

  var NS_PER_SEC = 1e9;
  var NS_PER_MS = 1e6;

  // ----- Rust's Duration arithmetic ------------------------------------

  var f64view = new DataView(new ArrayBuffer(8));

  /** Duration::from_secs_f64: the exact value, rounded to the nearest ns (ties to even). */
  function fromSecsF64(x) {
    if (!(x > 0)) return 0;
    f64view.setFloat64(0, x);
    var hi = f64view.getUint32(0);
    var lo = f64view.getUint32(4);
    var exp = (hi >>> 20) & 0x7ff;
    var mant = (BigInt(hi & 0xfffff) << 32n) | BigInt(lo);
    var e;
    if (exp === 0) {
      e = -1074;
    } else {
      mant = mant | (1n << 52n);
      e = exp - 1075;
    }
    var num = mant * 1000000000n;
    if (e >= 0) return Number(num << BigInt(e));
    var sh = BigInt(-e);
    var q = num >> sh;
    var r = num - (q << sh);
    var half = 1n << (sh - 1n);
    if (r > half || (r === half && (q & 1n) === 1n)) q += 1n;
    return Number(q);
  }

  /** Duration::as_secs_f64. */
  function asSecsF64(ns) {
    var secs = Math.floor(ns / NS_PER_SEC);
    if (secs * NS_PER_SEC > ns) secs -= 1;
    var nanos = ns - secs * NS_PER_SEC;
    return secs + nanos / NS_PER_SEC;
  }

  /** Time that `units` take at `rate` units per second (never negative). */
  function span(units, rate) {
    return fromSecsF64(Math.max(units / rate, 0));
  }

  function subSat(a, b) {
    return a > b ? a - b : 0;
  }

  function capitalize(s) {
    return s ? s.charAt(0).toUpperCase() + s.slice(1) : '';
  }

  function plural(n) {
    return n === 1 ? '' : 's';
  }

  function instructionFor(text, side) {
    return text.split('{side}').join(side || '').split('  ').join(' ');
  }

  function painWords(p) {
    return p + '/10';
  }

  function sameAt(a, b) {
    return a.step === b.step && a.hold === b.hold;
  }

  var RATE_PROMPT = 'Pain now? Tap 0 to 10 if you like (0 no pain, 10 worst imaginable).';
  /** How many of a hold's last counts are announced (5, 4, 3, 2, 1). */
  var COUNTDOWN = 5;
  /** A player's end may come this long after the engine's own (page timers drift). */
  var END_TOLERANCE_MS = 1000;
  /** Seconds of get-ready the routine's planned length counts per exercise. */
  var GET_READY_SECS = 5;

  /*
   * The engine's words for a stop, as stored with the stopped hold
   * (limber-core session/types.rs StopReason::as_str); the equivalence test
   * compares the stored reasons, so these cannot drift from the engine's.
   */
  var STOP_WORDS = {
    'pain-above-five': 'pain above 5/10 during the hold',
    'rise-from-baseline': 'pain 2 or more points above where this session started',
    'sharp-pain': 'sharp, shooting or electric pain',
    'spreading': 'symptoms spreading down the leg or new numbness',
    'red-flag': 'symptoms that need urgent medical help',
  };
  var STOPPED_EARLIER = 'stopped earlier in this exercise';
  var CENTRALIZING = 'Symptoms moving back towards the spine are generally a good sign, ' +
    'even if your back feels it a little more for a while. Carry on gently.';
  /** "the other hip-rotation stretches", by the script's movement family. */
  var MOVEMENT_WORDS = {
    'hip-rotation': 'hip-rotation',
    'flexion': 'forward-bending',
    'side-bend': 'side-bending',
  };

  // ----- the session ------------------------------------------------------

  function Session(script) {
    if (!script || script.version !== 1) throw new Error('unknown session script version');
    var rules = script.stop_rules;
    this.script = script;
    this.rules = {
      max_pain_during_hold: rules.max_pain_during_hold,
      max_rise: rules.max_rise_from_first_rating,
      hurts_more_stop_after: rules.hurts_more_stop_after,
      back_again_ms: rules.back_again_ms,
    };
    this.steps = script.steps;
    this.pace = script.pace.counts_per_second;
    this.leftOut = this.steps.map(function () { return false; });
    this.mode = script.get_ready_ms === null || script.get_ready_ms === undefined
      ? { mode: 'wait' } : { mode: 'timed', secs: script.get_ready_ms / 1000 };
    this.lastBack = null;
    this.gentle = false;
    this.redFlag = false;
    this.phase = 'get-ready';
    this.at = { step: 0, hold: 0 };
    this.anchor = 0;
    this.done = 0;
    this.countdown = 0;
    this.pausedAt = null;
    this.begun = false;
    this.halt = null;
    this.finishedAt = null;
    this.status = null;
    this.baseline = null;
    this.lastHeld = null;
    this.hurtsMore = null;
    this.tally = [0, 0, 0];
    this.cue = '';
    if (this.steps.length) this.cue = this.getReadyCue(0).text;
  }

  var P = Session.prototype;

  /** Advances to `now` (ns) and returns every cue and record that fell due, in order. */
  P.tick = function (now) {
    var out = [];
    this.advance(now, out);
    return out;
  };

  /** Applies a user event ({type, value?}) at `now`, after catching up. */
  P.handle = function (event, now) {
    var out = [];
    this.advance(now, out);
    if (this.phase === 'finished') return out;
    switch (event.type) {
      case 'pause': this.pause(now, out); break;
      case 'resume': this.resume(now, out); break;
      case 'toggle-pause':
        if (this.waitingForReady()) this.startHold(now, out);
        else if (this.pausedAt !== null) this.resume(now, out);
        else this.pause(now, out);
        break;
      case 'ready':
        if (this.waitingForReady()) this.startHold(now, out);
        break;
      case 'skip': this.skip(now, out); break;
      case 'back': this.back(now, out); break;
      case 'quit':
        this.finish(now, this.phase === 'stopped' ? 'stopped' : 'partial', out);
        break;
      case 'pace': this.changePace(Math.max(-100, Math.min(100, event.value | 0)), now, out); break;
      case 'rate': this.takeRating(event.value, now, out); break;
      case 'hurts-more': this.reportHurtsMore(now, out); break;
      case 'spreading': this.reportStop(this.stopRule('spreading', ''), now, out); break;
      case 'sharp-pain': this.reportStop(this.stopRule('sharp-pain', ''), now, out); break;
      case 'centralizing':
        this.say(out, now, { kind: 'centralizing' },
          this.context() + ': noted. ' + CENTRALIZING,
          'That is generally a good sign. Carry on gently.', null);
        break;
      case 'continue': this.continueAfterHalt(true, now, out); break;
      case 'continue-all': this.continueAfterHalt(false, now, out); break;
      case 'gentlest':
        if (this.halt && this.halt.kind === 'high-start') {
          this.halt = null;
          this.gentlest(now, out);
        }
        break;
      case 'red-flag': this.reportRedFlag(now, out); break;
      default: break;
    }
    return out;
  };

  /**
   * The "pain now" asked before the session begins: the baseline. Above
   * 5/10 the session waits for the gentlest version or stopping.
   */
  P.rateBeforeStart = function (pain) {
    var out = [];
    if (this.begun || !this.steps.length) return out;
    out.push({ type: 'rating', after: null, pain: pain, at: 0 });
    this.baseline = pain;
    if (pain > this.rules.max_pain_during_hold) {
      this.highStart(pain, 0, []);
    } else {
      this.cue = this.getReadyCue(0).text;
    }
    return out;
  };

  P.isFinished = function () {
    return this.phase === 'finished';
  };

  /** When the next cue falls due (ns); null when paused, waiting, stopped or finished. */
  P.nextDeadline = function () {
    if (!this.begun) return 0;
    if (this.pausedAt !== null || this.waitingForReady()) return null;
    switch (this.phase) {
      case 'hold':
        if (this.countdown > 0) {
          return this.anchor + span(this.counts() - this.countdown - this.done, this.rate());
        }
        return this.phaseEnd();
      case 'get-ready':
      case 'rest':
        return this.phaseEnd();
      default:
        return null;
    }
  };

  P.waitingForReady = function () {
    return this.phase === 'get-ready' && this.mode.mode === 'wait' && this.pausedAt === null;
  };

  // ----- the timeline -----------------------------------------------------

  P.advance = function (now, out) {
    if (!this.begun) {
      this.begun = true;
      if (!this.steps.length) {
        this.finish(0, 'completed', out);
        return;
      }
      if (this.halt && this.halt.kind === 'high-start') {
        // Pain above 5/10 was given before the start.
        this.say(out, 0, { kind: 'stopped' }, this.halt.title + ' ' + this.halt.text,
          'Stretching at this level of pain is not advised today.', 'alert');
        return;
      }
      this.emit(out, this.getReadyCue(0));
    }
    for (;;) {
      var due = this.nextDeadline();
      if (due === null || due > now) break;
      this.fire(due, out);
    }
  };

  P.fire = function (due, out) {
    switch (this.phase) {
      case 'get-ready':
      case 'rest':
        this.startHold(due, out);
        break;
      case 'hold':
        if (this.countdown > 0) {
          var remaining = this.countdown;
          this.countdown -= 1;
          this.say(out, due, { kind: 'count', remaining: remaining },
            remaining + ' (' + this.context() + ')', String(remaining), 'tick');
        } else {
          this.endHold(due, out);
        }
        break;
      default:
        break;
    }
  };

  P.startHold = function (t, out) {
    if (this.steps[this.at.step].holds.length === 0) return this.nextExercise(t, out);
    this.enter('hold', this.at, t);
    this.countdown = Math.min(COUNTDOWN, Math.max(this.counts() - 1, 0));
    this.lastHeld = { step: this.at.step, hold: this.at.hold };
    if (this.hurtsMore && this.hurtsMore.step !== this.at.step) this.hurtsMore = null;
    var step = this.step();
    this.say(out, t, { kind: 'hold-start' },
      this.context() + ': hold for a count of ' + step.counts + '. Move gently, no bouncing.',
      capitalize(this.holdWords(this.at, true)) + '. Hold for a count of ' + step.counts + '.',
      null);
  };

  P.endHold = function (t, out) {
    var here = { step: this.at.step, hold: this.at.hold };
    var more = here.hold + 1 < this.steps[here.step].holds.length;
    var next = { step: here.step, hold: here.hold + 1 };
    var nextText, speakNext;
    if (more) {
      nextText = 'Next: ' + this.holdWords(next, true) + '.';
      speakNext = this.switchWords(here, next);
    } else {
      var s = this.nextStepAfter(here.step);
      if (s !== null) {
        nextText = 'Next: ' + this.steps[s].name + '.';
        speakNext = nextText;
      } else {
        nextText = 'That was the last stretch.';
        speakNext = '';
      }
    }
    this.say(out, t, { kind: 'hold-end' },
      'Release slowly. ' + this.context() + ' done. ' + nextText,
      ('Release. ' + speakNext).trimEnd(), 'hold-end');
    this.record(out, here, 'done', null, t);
    if (more) {
      this.enter('rest', next, t);
      var rest = this.step().rest_ms / 1000;
      var how = this.switchWords(here, next);
      this.say(out, t, { kind: 'switch' },
        how + this.sideInstruction(next) + ' ' + capitalize(this.context()) +
          ' starts in ' + rest + ' seconds.',
        how, null);
    } else {
      this.nextExercise(t, out);
    }
  };

  P.nextExercise = function (t, out) {
    var s = this.nextStepAfter(this.at.step);
    if (s !== null) this.getReady({ step: s, hold: 0 }, t, out);
    else this.finish(t, 'completed', out);
  };

  P.getReady = function (at, t, out) {
    this.enter('get-ready', at, t);
    this.emit(out, this.getReadyCue(t));
  };

  P.getReadyCue = function (t) {
    var step = this.step();
    var first;
    if (this.at.hold === 0) {
      first = step.instructions.length ? ' ' + instructionFor(step.instructions[0], this.side()) : '';
    } else {
      first = this.sideInstruction(this.at);
    }
    if (step.level) first = first + ' ' + step.level;
    var text;
    if (this.mode.mode === 'timed') {
      text = 'Get ready: ' + this.context() + '. Starting in ' + this.mode.secs + ' second' +
        plural(this.mode.secs) + '.' + first;
    } else {
      text = 'Get into position: ' + this.context() + '.' + first + ' Tap "In position" when ready.';
    }
    var ask = this.at.hold === 0 &&
      (this.at.step === 0 ? this.baseline === null : this.lastHeld !== null);
    if (ask) text = text + ' ' + RATE_PROMPT;
    return {
      at: t,
      kind: 'get-ready',
      text: text,
      speak: 'Get ready: ' + step.name + ', ' + this.holdWords(this.at, false) + '.',
      sound: null,
    };
  };

  P.enter = function (phase, at, t) {
    this.phase = phase;
    this.at = { step: at.step, hold: at.hold };
    this.anchor = this.pausedAt !== null ? this.pausedAt : t;
    this.done = 0;
    this.countdown = 0;
  };

  P.finish = function (t, status, out) {
    var highStart = !!(this.halt && this.halt.kind === 'high-start');
    this.phase = 'finished';
    this.pausedAt = null;
    this.halt = null;
    this.finishedAt = t;
    this.status = status;
    var done = this.tally[0], skipped = this.tally[1], stopped = this.tally[2];
    var summary = done + ' hold' + plural(done) + ' done';
    if (skipped > 0) summary += ', ' + skipped + ' skipped';
    if (stopped > 0) summary += ', ' + stopped + ' stopped';
    var text, speak, sound = null;
    if (this.redFlag) {
      text = 'Session ended: you reported symptoms that need urgent medical help. ' +
        this.script.emergency +
        ' Sessions are locked until you answer the safety questions again.';
      speak = 'Session ended. These symptoms need urgent medical help.';
      sound = 'alert';
    } else if (highStart) {
      text = 'Session ended before the first stretch: no stretching today at this level of pain. ' +
        'If it stays this high, check with a health professional.';
      speak = 'Session ended.';
    } else if (status === 'completed' && stopped > 0) {
      text = 'Routine finished: ' + summary +
        '. If anything does not settle, check with a health professional.';
      speak = 'Routine finished.';
      sound = 'finished';
    } else if (status === 'completed') {
      text = 'Routine finished: ' + summary + '. Well done.';
      speak = 'Routine finished. Well done.';
      sound = 'finished';
    } else if (status === 'partial') {
      text = 'Session ended early: ' + summary + '.';
      speak = 'Session ended.';
    } else {
      text = 'Session ended after a stop: ' + summary +
        '. If it does not settle, check with a health professional.';
      speak = 'Session ended.';
    }
    this.say(out, t, { kind: 'finished' }, text, speak, sound);
    out.push({ type: 'finished', status: status });
  };

  // ----- user events ----------------------------------------------------

  P.running = function () {
    return this.phase === 'get-ready' || this.phase === 'hold' || this.phase === 'rest';
  };

  P.pause = function (now, out) {
    if (!this.running() || this.pausedAt !== null) return;
    this.pausedAt = now;
    this.say(out, now, { kind: 'paused' }, 'Paused: ' + this.context() + '.' + this.toGo(now),
      'Paused.', null);
  };

  P.resume = function (now, out) {
    if (this.pausedAt === null) return;
    this.anchor += subSat(now, this.pausedAt);
    this.pausedAt = null;
    this.say(out, now, { kind: 'resumed' }, 'Resumed: ' + this.context() + '.' + this.toGo(now),
      'Resumed.', null);
  };

  P.skip = function (now, out) {
    if (this.halt) return this.continueAfterHalt(true, now, out);
    if (!this.running()) return;
    var here = { step: this.at.step, hold: this.at.hold };
    var s = this.nextStepAfter(here.step);
    var next = s !== null ? 'Next: ' + this.steps[s].name + '.' : 'That was the last stretch.';
    this.say(out, now, { kind: 'skipped' }, 'Skipped the rest of ' + this.step().name + '. ' + next,
      'Skipped. ' + next, null);
    for (var hold = here.hold; hold < this.steps[here.step].holds.length; hold++) {
      this.record(out, { step: here.step, hold: hold }, 'skipped', null, now);
    }
    this.nextExercise(now, out);
  };

  P.back = function (now, out) {
    if (!this.running()) return;
    var current = this.phase === 'rest' ? (this.holdBefore(this.at) || this.at) : this.at;
    var lb = this.lastBack;
    var again = !!lb && sameAt(lb.at, current) && subSat(now, lb.t) <= this.rules.back_again_ms * NS_PER_MS;
    var target = again ? (this.holdBefore(current) || current) : current;
    target = { step: target.step, hold: target.hold };
    this.lastBack = { t: now, at: target };
    this.say(out, now, { kind: 'back' }, 'Back to ' + this.contextAt(target) + ', from the start.',
      'Back. ' + capitalize(this.holdWords(target, false)) + '.', null);
    this.getReady(target, now, out);
  };

  P.nudged = function (steps) {
    var v = Math.min(Math.max(this.pace + steps * this.script.pace.step, this.script.pace.min),
      this.script.pace.max);
    return Math.round(v * 10) / 10;
  };

  P.changePace = function (steps, now, out) {
    var pace = this.nudged(steps);
    if (this.phase === 'hold') {
      var t = this.pausedAt !== null ? this.pausedAt : now;
      this.done = this.progress(now);
      this.anchor = t;
    }
    this.pace = pace;
    this.say(out, now, { kind: 'pace-changed' },
      'Pace: ' + pace.toFixed(1) + ' counts a second (' + this.context() + ').' + this.toGo(now),
      'Pace ' + pace.toFixed(1) + '.', null);
  };

  P.goOn = function (resume, now, out) {
    if (resume.kind === 'get-ready') this.getReady(resume.at, now, out);
    else this.finish(now, 'completed', out);
  };

  P.continueAfterHalt = function (leaveOut, now, out) {
    var halt = this.halt;
    if (!halt) return;
    this.halt = null;
    if (halt.kind === 'high-start') {
      this.halt = halt;
      this.say(out, now, { kind: 'stopped' }, halt.title + ' ' + halt.text, '', null);
      return;
    }
    var family = leaveOut ? halt.leaveOut : null;
    if (family === null) return this.goOn(halt.resume, now, out);
    var from = halt.at.step;
    var names = [];
    for (var step = from + 1; step < this.steps.length; step++) {
      if (this.leftOut[step] || this.steps[step].movement !== family) continue;
      this.leftOut[step] = true;
      names.push(this.steps[step].name);
      var why = 'left out after ' + halt.why;
      for (var hold = 0; hold < this.steps[step].holds.length; hold++) {
        this.record(out, { step: step, hold: hold }, 'skipped', why, now);
      }
    }
    if (names.length) {
      this.say(out, now, { kind: 'skipped' },
        'Left out for the rest of this session: ' + names.join(', ') +
          ' (the same kind of movement).', '', null);
    }
    var s = this.nextStepAfter(from);
    this.goOn(s !== null ? { kind: 'get-ready', at: { step: s, hold: 0 } } : { kind: 'finish' },
      now, out);
  };

  P.gentlest = function (now, out) {
    this.steps = this.script.gentlest;
    this.leftOut = this.steps.map(function () { return false; });
    this.gentle = true;
    var names = this.steps.map(function (s) { return s.name; });
    this.say(out, now, { kind: 'resumed' },
      'The gentlest version: ' + names.join(', ') +
        ', one rep each. Stop at once if the pain rises.',
      'The gentlest version.', null);
    this.getReady({ step: 0, hold: 0 }, now, out);
  };

  P.reportRedFlag = function (now, out) {
    if (this.running()) {
      var here = { step: this.at.step, hold: this.at.hold };
      this.record(out, here, 'stopped', STOP_WORDS['red-flag'], now, 'red-flag');
      for (var hold = here.hold + 1; hold < this.steps[here.step].holds.length; hold++) {
        this.record(out, { step: here.step, hold: hold }, 'skipped', STOPPED_EARLIER, now);
      }
    }
    this.redFlag = true;
    out.push({ type: 'red-flag' });
    this.finish(now, 'stopped', out);
  };

  P.highStart = function (pain, now, out) {
    var at = { step: this.at.step, hold: this.at.hold };
    this.halt = {
      at: at,
      resume: { kind: 'get-ready', at: at },
      kind: 'high-start',
      leaveOut: null,
      title: 'Pain ' + painWords(pain) + ' before the first stretch.',
      text: 'Stretching at this level of pain is not advised today. If the pain stays this high, ' +
        'or you are unsure, check with a health professional (Help lists when to get urgent help).',
      choices: [
        { event: 'gentlest', label: 'Do the gentlest version' },
        { event: 'quit', label: 'Stop here' },
      ],
      why: '',
    };
    this.phase = 'stopped';
    this.pausedAt = null;
    this.countdown = 0;
    this.say(out, now, { kind: 'stopped' }, this.halt.title + ' ' + this.halt.text,
      'Stretching at this level of pain is not advised today.', 'alert');
  };

  // ----- ratings and stop rules -------------------------------------------

  P.stopRule = function (reason, detail) {
    var words = STOP_WORDS[reason];
    return { reason: reason, words: words, text: detail ? words + ' (' + detail + ')' : words };
  };

  P.forRating = function (pain, baseline) {
    if (pain > this.rules.max_pain_during_hold) {
      return this.stopRule('pain-above-five', 'you rated it ' + painWords(pain));
    }
    if (pain >= baseline + this.rules.max_rise) {
      return this.stopRule('rise-from-baseline',
        'you rated it ' + painWords(pain) + ', up from ' + painWords(baseline));
    }
    return null;
  };

  P.takeRating = function (pain, now, out) {
    var after;
    if (this.phase === 'stopped') after = this.halt ? this.halt.at.step : null;
    else if (this.phase === 'hold' || this.phase === 'rest') after = this.at.step;
    else after = this.lastHeld ? this.lastHeld.step : null;
    out.push({
      type: 'rating',
      after: after === null ? null : this.steps[after].exercise,
      pain: pain,
      at: now,
    });
    var first = this.baseline === null;
    if (first) this.baseline = pain;
    var baseline = this.baseline;
    var text;
    if (after === null) {
      text = first ? 'Pain ' + painWords(pain) + ' noted as your starting point.'
        : 'Pain ' + painWords(pain) + ' noted.';
    } else {
      text = 'Pain ' + painWords(pain) + ' noted (' + this.steps[after].name + ').';
    }
    this.say(out, now, { kind: 'rated' }, text, pain + ' noted.', null);
    if (!this.running()) return;
    if (this.lastHeld === null && !this.gentle && pain > this.rules.max_pain_during_hold) {
      this.highStart(pain, now, out);
    } else {
      var stop = this.forRating(pain, baseline);
      if (stop) this.stop(stop, now, out);
    }
  };

  P.reportHurtsMore = function (now, out) {
    var stop = null;
    if (this.phase === 'hold' || this.phase === 'rest') {
      var step = this.at.step;
      var times = this.hurtsMore && this.hurtsMore.step === step ? this.hurtsMore.n + 1 : 1;
      this.hurtsMore = { step: step, n: times };
      if (times >= this.rules.hurts_more_stop_after) {
        stop = this.stopRule('rise-from-baseline',
          'pain kept rising: "hurts more" ' + times + ' times in this exercise');
      }
    }
    if (stop) return this.stop(stop, now, out);
    this.say(out, now, { kind: 'rated' },
      this.context() + ': noted, it hurts more. Ease off a little, and rate your pain now from 0 to 10.',
      'Ease off a little, and rate your pain from 0 to 10.', null);
  };

  P.reportStop = function (stop, now, out) {
    if (this.phase === 'stopped') {
      this.say(out, now, { kind: 'stopped' }, 'Stay out of the stretch and rest: ' + stop.text + '.',
        'Stay out of the stretch and rest.', 'alert');
      return;
    }
    this.stop(stop, now, out);
  };

  P.stop = function (stop, now, out) {
    if (!this.running()) return;
    var here = { step: this.at.step, hold: this.at.hold };
    this.record(out, here, 'stopped', stop.text, now, stop.reason);
    for (var hold = here.hold + 1; hold < this.steps[here.step].holds.length; hold++) {
      this.record(out, { step: here.step, hold: hold }, 'skipped', STOPPED_EARLIER, now);
    }
    var s = this.nextStepAfter(here.step);
    var next = s !== null ? { kind: 'get-ready', at: { step: s, hold: 0 } } : { kind: 'finish' };
    var serious = stop.reason === 'spreading' || stop.reason === 'sharp-pain';
    var movement = this.steps[here.step].movement;
    var family = null;
    if (serious) {
      for (var k = here.step + 1; k < this.steps.length; k++) {
        if (!this.leftOut[k] && this.steps[k].movement === movement) {
          family = movement;
          break;
        }
      }
    }
    var choices;
    if (serious && family !== null) {
      choices = [
        { event: 'quit', label: 'End the session (advised)' },
        { event: 'continue', label: 'Go on without the other ' + (MOVEMENT_WORDS[movement] || movement) + ' stretches' },
        { event: 'continue-all', label: 'Go on with all of them' },
      ];
    } else if (serious) {
      choices = [
        { event: 'quit', label: 'End the session (advised)' },
        { event: 'continue', label: next.kind === 'finish' ? 'Finish' : 'Go on with the next exercise' },
      ];
    } else if (next.kind === 'finish') {
      choices = [{ event: 'continue', label: 'Finish' }, { event: 'quit', label: 'End here' }];
    } else {
      choices = [
        { event: 'continue', label: 'Go on with the next exercise' },
        { event: 'quit', label: 'End here' },
      ];
    }
    var name = this.steps[here.step].name;
    var text = 'Stop this stretch now. Ease out of it slowly. ' + capitalize(this.contextAt(here)) +
      ' stopped: ' + stop.text + '. If it does not settle, check with a health professional.';
    this.phase = 'stopped';
    this.pausedAt = null;
    this.countdown = 0;
    this.halt = {
      at: here,
      resume: next,
      kind: 'stop',
      leaveOut: family,
      title: 'This exercise has stopped.',
      text: text,
      choices: choices,
      why: stop.words + ' in ' + name,
    };
    this.say(out, now, { kind: 'stopped' }, text, 'Stop this stretch now. Ease out of it slowly.', 'alert');
  };

  // ----- records and cues -------------------------------------------------

  P.record = function (out, at, outcome, reason, t, stop) {
    var hold = this.steps[at.step].holds[at.hold];
    this.tally[outcome === 'done' ? 0 : outcome === 'skipped' ? 1 : 2] += 1;
    out.push({
      type: 'step',
      exercise: this.steps[at.step].exercise,
      side: hold.side,
      rep: hold.rep,
      outcome: outcome,
      reason: reason,
      stop: stop || null,
      at: t,
    });
  };

  P.say = function (out, at, kind, text, speak, sound) {
    this.emit(out, {
      at: at,
      kind: kind.kind,
      remaining: kind.remaining,
      text: text,
      speak: speak,
      sound: sound,
    });
  };

  P.emit = function (out, cue) {
    this.cue = cue.text;
    cue.type = 'cue';
    out.push(cue);
  };

  // ----- words ------------------------------------------------------------

  P.context = function () {
    return this.contextAt(this.at);
  };

  P.contextAt = function (at) {
    return this.steps[at.step].name + ', ' + this.holdWords(at, true);
  };

  P.holdWords = function (at, of) {
    var step = this.steps[at.step];
    var hold = this.hold(at);
    if (!hold) return '';
    var reps = of ? ' of ' + step.reps : '';
    return hold.side ? hold.side + ' leg, rep ' + hold.rep + reps : 'rep ' + hold.rep + reps;
  };

  P.switchWords = function (from, to) {
    var a = this.hold(from), b = this.hold(to);
    var sa = a && a.side, sb = b && b.side;
    if (sa && sb && sa !== sb) return 'Switch to your ' + sb + ' leg.';
    return 'Next rep.';
  };

  P.sideInstruction = function (at) {
    var step = this.steps[at.step];
    var hold = this.hold(at);
    for (var i = 0; i < step.instructions.length; i++) {
      if (step.instructions[i].indexOf('{side}') >= 0) {
        return ' ' + instructionFor(step.instructions[i], hold && hold.side);
      }
    }
    return '';
  };

  P.toGo = function (now) {
    if (this.phase !== 'hold') return '';
    var left = Math.max(Math.ceil(this.counts() - this.progress(now)), 0);
    return ' ' + left + ' count' + plural(left) + ' to go.';
  };

  P.nextInWords = function () {
    var self = this;
    function afterStep(s) {
      var n = self.nextStepAfter(s);
      return n === null ? 'Finish' : self.steps[n].name;
    }
    switch (this.phase) {
      case 'get-ready':
      case 'rest':
      case 'hold':
        if (this.at.hold + 1 < this.steps[this.at.step].holds.length) {
          return capitalize(this.holdWords({ step: this.at.step, hold: this.at.hold + 1 }, false));
        }
        return afterStep(this.at.step);
      case 'stopped':
        if (this.halt && this.halt.resume.kind === 'get-ready') return this.steps[this.halt.resume.at.step].name;
        return 'Finish';
      default:
        return '';
    }
  };

  // ----- arithmetic -------------------------------------------------------

  P.step = function () {
    return this.steps[this.at.step];
  };

  P.hold = function (at) {
    var step = this.steps[at.step];
    return (step && step.holds[at.hold]) || null;
  };

  P.side = function () {
    var h = this.hold(this.at);
    return h ? h.side : null;
  };

  P.counts = function () {
    return this.step().counts;
  };

  P.nextStepAfter = function (step) {
    for (var s = step + 1; s < this.steps.length; s++) if (!this.leftOut[s]) return s;
    return null;
  };

  P.holdBefore = function (at) {
    if (at.hold > 0) return { step: at.step, hold: at.hold - 1 };
    for (var s = at.step - 1; s >= 0; s--) {
      var n = this.steps[s].holds.length;
      if (n > 0) return { step: s, hold: n - 1 };
    }
    return null;
  };

  P.rate = function () {
    return this.phase === 'hold' ? this.pace : 1.0;
  };

  P.phaseUnits = function () {
    switch (this.phase) {
      case 'get-ready': return this.mode.mode === 'timed' ? this.mode.secs : 0;
      case 'hold': return this.counts();
      case 'rest': return this.step().rest_ms / 1000;
      default: return 0;
    }
  };

  P.phaseEnd = function () {
    return this.anchor + span(this.phaseUnits() - this.done, this.rate());
  };

  P.progress = function (now) {
    var t = this.pausedAt !== null ? this.pausedAt : now;
    var since = asSecsF64(subSat(t, this.anchor));
    return Math.min(this.done + since * this.rate(), this.phaseUnits());
  };

  P.stepEstimate = function (step) {
    var holds = step.holds.length;
    return GET_READY_SECS * NS_PER_SEC + fromSecsF64(step.counts / this.pace) * holds +
      step.rest_ms * NS_PER_MS * Math.max(holds - 1, 0);
  };

  P.routineProgress = function (now) {
    var self = this;
    var total = 0;
    this.steps.forEach(function (s) { total += self.stepEstimate(s); });
    if (total === 0) return 1;
    function before(s) {
      var d = 0;
      for (var i = 0; i < s; i++) d += self.stepEstimate(self.steps[i]);
      return d;
    }
    function within(at) {
      var step = self.steps[at.step];
      return (fromSecsF64(step.counts / self.pace) + step.rest_ms * NS_PER_MS) * at.hold;
    }
    var getReady = GET_READY_SECS * NS_PER_SEC;
    var done;
    switch (this.phase) {
      case 'finished': done = total; break;
      case 'stopped':
        done = this.halt && this.halt.resume.kind === 'get-ready'
          ? before(this.halt.resume.at.step) + within(this.halt.resume.at) : total;
        break;
      case 'get-ready':
        done = before(this.at.step) + within(this.at) + span(this.progress(now), 1);
        break;
      case 'hold':
        done = before(this.at.step) + getReady + within(this.at) + span(this.progress(now), this.rate());
        break;
      default:
        done = before(this.at.step) + getReady + within(this.at) - this.step().rest_ms * NS_PER_MS +
          span(this.progress(now), 1);
    }
    return Math.min(Math.max(done / total, 0), 1);
  };

  /** A snapshot for drawing the page, as of `now` (ns). */
  P.view = function (now) {
    var elapsed = this.finishedAt !== null ? this.finishedAt : now;
    var v = {
      phase: this.phase,
      paused: this.pausedAt !== null,
      step_index: Math.min(this.at.step, Math.max(this.steps.length - 1, 0)),
      step_count: this.steps.length,
      exercise: null,
      name: '',
      side: null,
      rep: 0,
      reps: 0,
      count: 0,
      counts: 0,
      remaining_ms: 0,
      phase_progress: 0,
      routine_progress: 0,
      instructions: [],
      cues: [],
      next: '',
      cue: this.cue,
      halt: this.halt ? { title: this.halt.title, text: this.halt.text, choices: this.halt.choices } : null,
      waiting_for_ready: this.waitingForReady(),
      pace: this.pace,
      elapsed_ms: Math.floor(elapsed / NS_PER_MS),
      status: this.status,
      red_flag: this.redFlag,
    };
    if (this.phase === 'finished') {
      v.routine_progress = 1;
      return v;
    }
    var at = this.phase === 'stopped' && this.halt ? this.halt.at : this.at;
    var step = this.steps[at.step];
    if (!step) return v;
    var hold = this.hold(at);
    v.step_index = at.step;
    v.exercise = step.exercise;
    v.name = step.name;
    v.side = hold ? hold.side : null;
    v.rep = hold ? hold.rep : 0;
    v.reps = step.reps;
    v.counts = step.counts;
    v.instructions = step.instructions.map(function (i) { return instructionFor(i, v.side); });
    v.cues = step.cues;
    v.next = this.nextInWords();
    v.routine_progress = this.routineProgress(now);
    if (this.phase === 'stopped') return v;
    var progress = this.progress(now);
    var total = this.phaseUnits();
    if (this.phase === 'hold') v.count = Math.min(Math.floor(progress), v.counts);
    v.remaining_ms = Math.floor(span(total - progress, this.rate()) / NS_PER_MS);
    v.phase_progress = total > 0 ? Math.min(Math.max(progress / total, 0), 1) : 1;
    return v;
  };

  /**
   * Runs a whole event log as the server's replay does
   * (crates/limber-app/src/replay.rs): the pain before the start, the
   * events in order until the session finishes, then the deadlines up to
   * the log's end (give or take END_TOLERANCE_MS), then a quit there.
   * Returns every output, each with the session time it was handled at,
   * and the status and end time the server would store.
   */
  function runLog(script, log) {
    var s = new Session(script);
    var outputs = [];
    var status = 'partial';
    var ended = 0;
    function take(outs, t) {
      outs.forEach(function (o) {
        if (o.type === 'finished') {
          // The deadline that ended the routine, not a later event whose
          // catch-up reached it (the engine's Session::finished_at).
          status = o.status;
          ended = s.finishedAt !== null ? s.finishedAt : t;
        }
        outputs.push(o);
      });
    }
    if (log.pain_before !== null && log.pain_before !== undefined) {
      take(s.rateBeforeStart(log.pain_before), 0);
    }
    var last = 0;
    var events = log.events || [];
    for (var i = 0; i < events.length; i++) {
      if (s.isFinished()) break;
      last = events[i].at_ms * NS_PER_MS;
      take(s.handle(events[i], last), last);
    }
    var hasEnd = log.ended_at_ms !== null && log.ended_at_ms !== undefined;
    var limit = hasEnd ? (log.ended_at_ms + END_TOLERANCE_MS) * NS_PER_MS : null;
    var quitAt = Math.max(hasEnd ? log.ended_at_ms * NS_PER_MS : last, last);
    for (var n = 0; n < 1000000 && !s.isFinished(); n++) {
      var due = s.nextDeadline();
      if (due !== null && (limit === null || due <= limit)) {
        due = Math.max(due, last);
        take(s.tick(due), due);
        last = due;
      } else {
        var q = Math.max(quitAt, last);
        take(s.handle({ type: 'quit' }, q), q);
        break;
      }
    }
    return { outputs: outputs, status: status, ended: ended, session: s };
  }

  /** The server's view of a replay (limber-app ReplayView): what is stored. */
  function replayView(run) {
    var view = { status: run.status, ended_ms: Math.floor(run.ended / NS_PER_MS), red_flag: false, steps: [], ratings: [] };
    run.outputs.forEach(function (o) {
      if (o.type === 'step') {
        view.steps.push({
          exercise: o.exercise,
          side: o.side,
          rep: o.rep,
          outcome: o.outcome,
          reason: o.reason,
          stop: o.outcome === 'stopped' ? o.stop : null,
          at_ms: Math.floor(o.at / NS_PER_MS),
        });
      } else if (o.type === 'rating') {
        view.ratings.push({ after: o.after, pain: o.pain, at_ms: Math.floor(o.at / NS_PER_MS) });
      } else if (o.type === 'red-flag') {
        view.red_flag = true;
      }
    });
    return view;
  }

  var api = {
    Session: Session,
    runLog: runLog,
    replayView: replayView,
    STOP_WORDS: STOP_WORDS,
    fromSecsF64: fromSecsF64,
    NS_PER_MS: NS_PER_MS,
  };
  if (typeof module === 'object' && module.exports) module.exports = api;
  else root.LimberPlayer = api;
})(typeof self !== 'undefined' ? self : this);
