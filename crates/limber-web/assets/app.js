/*
 * What every limber page shares: the API paths, JSON fetch helpers that
 * read problem+json errors, client-made ids (UUID v7), the outbox that
 * keeps diary entries and sessions made offline and sends them, once each,
 * when the server is back, and the service worker's registration.
 */
(function () {
  'use strict';

  var L = (window.limber = window.limber || {});

  L.API = {
    script: '/api/v1/session-script',
    sessions: '/api/v1/sessions',
    pain: '/api/v1/pain',
    history: '/api/v1/history',
    stats: '/api/v1/stats',
    screen: '/api/v1/screen',
    acknowledge: '/api/v1/screen/acknowledge',
    settings: '/api/v1/settings',
    program: '/api/v1/program',
    programCheck: '/api/v1/program/check',
    exercises: '/api/v1/exercises',
    morning: '/api/v1/morning',
    runs: '/api/v1/runs',
  };

  /** How far down symptoms reach, in words, by the API's reach names (the
   *  Diary's body map and History's tables say them alike). */
  L.REACH_WORDS = { back: 'low back', buttock: 'buttock', thigh: 'thigh', 'below-knee': 'below the knee', foot: 'foot' };

  /** A UUID v7: 48 bits of Unix milliseconds, then random bits. */
  L.uuid7 = function () {
    var b = new Uint8Array(16);
    crypto.getRandomValues(b);
    var ms = Date.now();
    for (var i = 5; i >= 0; i--) {
      b[i] = ms % 256;
      ms = Math.floor(ms / 256);
    }
    b[6] = 0x70 | (b[6] & 0x0f);
    b[8] = 0x80 | (b[8] & 0x3f);
    var h = Array.prototype.map.call(b, function (x) { return (x < 16 ? '0' : '') + x.toString(16); }).join('');
    return h.slice(0, 8) + '-' + h.slice(8, 12) + '-' + h.slice(12, 16) + '-' + h.slice(16, 20) + '-' + h.slice(20);
  };

  /** An error from the API, with the problem+json body when there is one. */
  function ApiError(status, problem) {
    this.status = status;
    this.problem = problem || {};
    this.message = (problem && (problem.detail || problem.title)) || ('HTTP ' + status);
  }
  L.ApiError = ApiError;

  function readBody(res) {
    var type = res.headers.get('content-type') || '';
    if (type.indexOf('json') >= 0) return res.json();
    return res.text().then(function (t) { return t ? { detail: t } : null; });
  }

  /** fetch + JSON; rejects with ApiError on a non-2xx, TypeError when offline. */
  L.request = function (method, url, body) {
    var init = { method: method, headers: { Accept: 'application/json, application/problem+json' }, credentials: 'same-origin' };
    if (body !== undefined) {
      init.headers['Content-Type'] = 'application/json';
      init.body = JSON.stringify(body);
    }
    return fetch(url, init).then(function (res) {
      return readBody(res).then(function (data) {
        if (!res.ok) throw new ApiError(res.status, data);
        return data;
      });
    });
  };
  L.getJSON = function (url) { return L.request('GET', url); };
  L.postJSON = function (url, body) { return L.request('POST', url, body); };

  // ----- small DOM helpers (text only: nothing is parsed as HTML) ----------

  L.$ = function (id) { return document.getElementById(id); };
  L.el = function (tag, attrs, children) {
    var e = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (k) {
      if (k === 'text') e.textContent = attrs[k];
      else if (k === 'class') e.className = attrs[k];
      else e.setAttribute(k, attrs[k]);
    });
    (children || []).forEach(function (c) {
      e.appendChild(typeof c === 'string' ? document.createTextNode(c) : c);
    });
    return e;
  };
  L.clear = function (e) { while (e.firstChild) e.removeChild(e.firstChild); return e; };
  L.say = function (id, text) { var e = L.$(id); if (e) e.textContent = text; };

  // ----- local storage ------------------------------------------------------

  L.load = function (key, fallback) {
    try {
      var v = localStorage.getItem('limber.' + key);
      return v === null ? fallback : JSON.parse(v);
    } catch (e) {
      return fallback;
    }
  };
  L.store = function (key, value) {
    try { localStorage.setItem('limber.' + key, JSON.stringify(value)); } catch (e) { /* full or private */ }
  };

  // ----- the outbox -----------------------------------------------------------

  /*
   * Entries made offline wait here with the id the page gave them; the
   * server stores a retried post once, so sending twice is harmless and
   * nothing is lost if the page closes mid-send.
   */
  L.outbox = function () { return L.load('outbox', []); };

  L.enqueue = function (kind, url, body) {
    var box = L.outbox();
    box.push({ kind: kind, url: url, body: body, queued_at: Date.now() });
    L.store('outbox', box);
    showNet();
    return L.flush();
  };

  var flushing = null;
  /**
   * Sends what waits, oldest first. A refusal for good (bad input, a
   * blocked session) drops the item and keeps the answer; a busy or
   * missing server keeps it for next time and goes on with the rest; no
   * network at all stops until the next try.
   */
  L.flush = function () {
    if (flushing) return flushing;
    var items = L.outbox();
    var sent = 0;
    flushing = items.reduce(function (chain, item) {
      return chain.then(function (offline) {
        if (offline) return true;
        return L.postJSON(item.url, item.body).then(function (res) {
          sent += 1;
          done(item, { ok: true, result: res });
          return false;
        }, function (err) {
          if (!(err instanceof ApiError)) return true;
          var retry = err.status >= 500 || err.status === 404 || err.status === 408 || err.status === 429;
          if (!retry) done(item, { ok: false, error: err.message, status: err.status });
          return false;
        });
      });
    }, Promise.resolve(false)).then(function () {
      flushing = null;
      showNet();
      return sent;
    }, function () {
      flushing = null;
      showNet();
      return sent;
    });
    return flushing;
  };

  function done(item, outcome) {
    var box = L.outbox().filter(function (x) { return x.body.id !== item.body.id; });
    L.store('outbox', box);
    var results = L.load('sent', {});
    results[item.body.id] = { kind: item.kind, ok: outcome.ok, error: outcome.error || null, at: Date.now() };
    L.store('sent', results);
    document.dispatchEvent(new CustomEvent('limber:sent', { detail: { item: item, outcome: outcome } }));
  }

  function showNet() {
    var n = L.outbox().length;
    var text = '';
    if (!navigator.onLine) text = 'Offline. ';
    if (n) text += n + (n === 1 ? ' entry waits' : ' entries wait') + ' to be sent.';
    L.say('net-status', text.trim());
  }

  window.addEventListener('online', function () { L.flush(); });
  window.addEventListener('offline', showNet);

  // ----- first use ------------------------------------------------------------

  function firstUse() {
    var panel = L.$('first-use');
    if (!panel) return;
    if (!L.load('first-use-read', false)) panel.hidden = false;
    var ok = L.$('first-use-ok');
    if (ok) {
      ok.addEventListener('click', function () {
        L.store('first-use-read', true);
        panel.hidden = true;
      });
    }
  }

  document.addEventListener('DOMContentLoaded', function () {
    firstUse();
    showNet();
    L.flush();
    if ('serviceWorker' in navigator) {
      navigator.serviceWorker.register('/sw.js').catch(function () { /* no offline use */ });
    }
  });
})();
