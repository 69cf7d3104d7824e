/*
 * History and insights: the same figures as `limber stats` (change per
 * exercise with its 95% interval, the whole session's change, the weekly
 * pain trend with a clinically important change marked, adherence,
 * centralization, running), each drawn as a small SVG chart with its data
 * table beside it; the recent sessions and diary entries, newest first; the
 * imported runs, and run files (GPX, TCX, FIT, maybe .gz) added by dropping
 * them on the page or choosing them, sent one file per request.
 */
(function () {
  'use strict';

  var L = window.limber;
  var $ = L.$;
  var SVG = 'http://www.w3.org/2000/svg';

  function svg(tag, attrs, text) {
    var e = document.createElementNS(SVG, tag);
    Object.keys(attrs || {}).forEach(function (k) { e.setAttribute(k, attrs[k]); });
    if (text !== undefined) e.textContent = text;
    return e;
  }

  function fixed(v, d) {
    return v === null || v === undefined ? '–' : Number(v).toFixed(d === undefined ? 1 : d);
  }

  function table(caption, head, rows) {
    var t = L.el('table', {}, [L.el('caption', { text: caption })]);
    var thead = L.el('thead', {}, [L.el('tr', {}, head.map(function (h) { return L.el('th', { scope: 'col', text: h }); }))]);
    var tbody = L.el('tbody', {}, rows.map(function (r) {
      return L.el('tr', {}, r.map(function (c, i) { return L.el(i === 0 ? 'th' : 'td', i === 0 ? { scope: 'row', text: c } : { text: c }); }));
    }));
    t.appendChild(thead);
    t.appendChild(tbody);
    return t;
  }

  function chart(title, w, h) {
    var s = svg('svg', { class: 'chart', viewBox: '0 0 ' + w + ' ' + h, role: 'img' });
    s.appendChild(svg('title', {}, title));
    return s;
  }

  /** Change per exercise (after − before): mean with its 95% interval. */
  function changeChart(changes) {
    var rows = changes.filter(function (c) { return c.mean !== null && c.mean !== undefined; });
    var w = 320, rowH = 28, h = 30 + rowH * Math.max(rows.length, 1);
    var s = chart('Pain change after each exercise, with 95% intervals; left of the line means lower after', w, h);
    var lo = -4, hi = 4;
    rows.forEach(function (c) {
      if (c.interval) { lo = Math.min(lo, c.interval.low); hi = Math.max(hi, c.interval.high); }
    });
    var x = function (v) { return 130 + (v - lo) / (hi - lo) * (w - 140); };
    s.appendChild(svg('line', { class: 'axis', x1: x(0), y1: 10, x2: x(0), y2: h - 10 }));
    rows.forEach(function (c, i) {
      var y = 24 + i * rowH;
      s.appendChild(svg('text', { x: 4, y: y + 4 }, c.exercise));
      if (c.interval) s.appendChild(svg('line', { class: 'ci', x1: x(c.interval.low), y1: y, x2: x(c.interval.high), y2: y }));
      s.appendChild(svg('circle', { class: 'mark', cx: x(c.mean), cy: y, r: 5 }));
    });
    return s;
  }

  /** Weekly mean pain as a line; the important change marked. */
  function trendChart(trend) {
    var weeks = trend.weeks || [];
    var w = 320, h = 160;
    var s = chart('Weekly mean pain, 0 to 10' + (trend.change && trend.change.important ? ', with a clinically important change' : ''), w, h);
    s.appendChild(svg('line', { class: 'axis', x1: 30, y1: 10, x2: 30, y2: 140 }));
    s.appendChild(svg('line', { class: 'axis', x1: 30, y1: 140, x2: 310, y2: 140 }));
    s.appendChild(svg('text', { x: 4, y: 14 }, '10'));
    s.appendChild(svg('text', { x: 12, y: 144 }, '0'));
    if (!weeks.length) return s;
    var x = function (i) { return 30 + (weeks.length === 1 ? 140 : i * 280 / (weeks.length - 1)); };
    var y = function (v) { return 140 - v * 13; };
    s.appendChild(svg('polyline', { class: 'line', points: weeks.map(function (wk, i) { return x(i) + ',' + y(wk.pain); }).join(' ') }));
    weeks.forEach(function (wk, i) { s.appendChild(svg('circle', { class: 'mark', cx: x(i), cy: y(wk.pain), r: 3 })); });
    if (trend.change && trend.change.important) {
      s.appendChild(svg('text', { x: 40, y: 24 }, 'Clinically important change: ' + fixed(trend.change.points) + ' points'));
    }
    return s;
  }

  /** Sessions in each of the last weeks, as bars. */
  function adherenceChart(a) {
    var weeks = a.last_weeks || [];
    var w = 320, h = 120;
    var s = chart('Sessions in each of the last ' + weeks.length + ' weeks, oldest first', w, h);
    var max = Math.max.apply(null, weeks.concat([1]));
    weeks.forEach(function (n, i) {
      var bh = n / max * 80;
      var bx = 30 + i * (260 / weeks.length);
      s.appendChild(svg('rect', { class: 'bar', x: bx, y: 100 - bh, width: 260 / weeks.length - 10, height: bh }));
      s.appendChild(svg('text', { x: bx, y: 114 }, String(n)));
    });
    s.appendChild(svg('line', { class: 'axis', x1: 25, y1: 100, x2: 310, y2: 100 }));
    return s;
  }

  /** Bars of `values` (oldest first) with `labels` under them. */
  function barChart(title, values, labels) {
    var w = 320, h = 130;
    var s = chart(title, w, h);
    var max = Math.max.apply(null, values.concat([1]));
    var n = Math.max(values.length, 1);
    values.forEach(function (v, i) {
      var bh = v / max * 80;
      var bx = 30 + i * (270 / n);
      s.appendChild(svg('rect', { class: 'bar', x: bx, y: 100 - bh, width: Math.max(270 / n - 6, 2), height: bh }));
      if (n <= 12) s.appendChild(svg('text', { x: bx, y: 114 }, labels[i]));
    });
    s.appendChild(svg('line', { class: 'axis', x1: 25, y1: 100, x2: 310, y2: 100 }));
    return s;
  }

  var REACH = ['back', 'buttock', 'thigh', 'below-knee', 'foot'];

  /** How far down the leg symptoms reach, earlier against recently. */
  function reachChart(c) {
    var w = 320, h = 120;
    var s = chart('How far symptoms reach: earlier and recently; shorter bars are nearer the spine', w, h);
    [['Earlier', c.earlier], ['Recently', c.recent]].forEach(function (row, i) {
      var y = 20 + i * 40;
      s.appendChild(svg('text', { x: 4, y: y + 14 }, row[0]));
      if (row[1]) {
        var len = (REACH.indexOf(row[1]) + 1) / REACH.length * 220;
        s.appendChild(svg('rect', { class: 'bar', x: 80, y: y, width: len, height: 20 }));
        s.appendChild(svg('text', { x: 84 + len, y: y + 14 }, WORDS[row[1]] || row[1]));
      }
    });
    return s;
  }

  function interval(i) { return i ? fixed(i.low) + ' to ' + fixed(i.high) : '–'; }
  function percent(v) { return v === null || v === undefined ? '–' : Math.round(v * 100) + '%'; }

  function stats(st) {
    var box = L.clear($('stats'));
    var section = function (title, chartEl, tableEl, message) {
      var d = L.el('div', { class: 'insight' }, [L.el('h3', { text: title })]);
      if (message) d.appendChild(L.el('p', { text: message }));
      if (chartEl) d.appendChild(chartEl);
      if (tableEl) d.appendChild(tableEl);
      box.appendChild(d);
    };
    var changes = st.change || [];
    var rated = changes.some(function (c) { return c.mean !== null && c.mean !== undefined; });
    section('Change after each exercise', rated ? changeChart(changes) : null, table('Pain after minus before, per exercise',
      ['Exercise', 'n', 'Mean', '95% interval', 'Verdict'],
      changes.map(function (c) {
        return [c.exercise, String(c.n), fixed(c.mean), interval(c.interval), c.verdict];
      })), 'An exercise counts as lower after only when its whole interval is below zero.');
    var sc = st.session_change || {};
    var whole = sc.mean === null || sc.mean === undefined ? null : changeChart([{ exercise: 'Whole session', mean: sc.mean, interval: sc.interval }]);
    section('Whole session', whole, table('Pain after minus before, whole sessions', ['Sessions', 'n', 'Mean', '95% interval', 'Verdict'],
      [['All', String(sc.n || 0), fixed(sc.mean), interval(sc.interval), sc.verdict || '–']]), sc.message);
    var trend = st.trend || { weeks: [] };
    var tc = trend.change;
    var trendRows = (trend.weeks || []).map(function (w) { return [w.week, String(w.entries), fixed(w.back), fixed(w.leg), fixed(w.pain)]; });
    section('Pain trend', trendChart(trend), table('Weekly mean pain', ['Week', 'Entries', 'Back', 'Leg', 'Pain'], trendRows), trend.message);
    if (tc) {
      box.lastChild.appendChild(table('First two weeks against the latest two', ['Change', 'From', 'To', 'Points', 'Clinically important'],
        [['Pain', fixed(tc.from), fixed(tc.to), fixed(tc.points), tc.important ? 'yes' : 'no']]));
    }
    var a = st.adherence || {};
    section('Adherence', adherenceChart(a), table('Sessions', ['Sessions', 'Completed', 'Ended early', 'Stopped', 'A week'],
      [[String(a.sessions || 0), String(a.completed || 0), String(a.ended_early || 0), String(a.stopped || 0), fixed(a.sessions_per_week)]]));
    var c = st.centralization;
    if (c) {
      section('Where symptoms reach', c.earlier || c.recent ? reachChart(c) : null, table('How far down the leg, by period', ['Period', 'Entries', 'Reaching at most'],
        [['Earlier', String(c.earlier_entries), c.earlier ? WORDS[c.earlier] : '–'], ['Recently', String(c.recent_entries), c.recent ? WORDS[c.recent] : '–']]), c.message);
    }
    var r = st.running;
    if (r && (r.cooldown.runs > 0 || r.other_activities > 0)) {
      var weeks = r.weeks.slice(-8);
      section('Running by week', barChart('Kilometres run in each week, oldest first', weeks.map(function (w) { return w.distance_km; }),
        weeks.map(function (w) { return fixed(w.distance_km); })),
        table('Running by week', ['Week', 'Runs', 'km', 'Moving minutes'], weeks.map(function (w) {
          return [w.week, String(w.runs), fixed(w.distance_km), String(Math.round(w.moving_s / 60))];
        })), r.other_activities ? r.other_activities + ' other activities not counted as running.' : null);
      var cd = r.cooldown;
      section('Cool-down after runs', barChart('Runs with and without a cool-down within 60 minutes', [cd.with_cooldown, cd.runs - cd.with_cooldown], ['with', 'without']),
        table('Cool-down after runs', ['Runs', 'With a cool-down', 'Share', '95% interval'],
          [[String(cd.runs), String(cd.with_cooldown), percent(cd.share), cd.interval ? percent(cd.interval.low) + ' to ' + percent(cd.interval.high) : '–']]), cd.message);
      var pd = r.pain_vs_distance, pc = r.pain_vs_cooldown;
      section('Pain the day after a run', null, table('Next-day pain against the run', ['Compared with', 'n', 'Figure', '95% interval'], [
        ['Distance (correlation r)', String(pd.n), fixed(pd.r, 2), pd.interval ? fixed(pd.interval.low, 2) + ' to ' + fixed(pd.interval.high, 2) : '–'],
        ['After a cool-down (mean pain)', String(pc.with.n), fixed(pc.with.mean), interval(pc.with.interval)],
        ['Without one (mean pain)', String(pc.without.n), fixed(pc.without.mean), interval(pc.without.interval)],
        ['Difference (with minus without)', '–', fixed(pc.difference), interval(pc.interval)],
      ]), pd.message + ' ' + pc.message);
    }
    L.say('stats-status', '');
  }

  var WORDS = L.REACH_WORDS;

  function item(x) {
    var when = x.at || x.started_at || '';
    var date = when ? new Date(when).toLocaleString() : '';
    if (x.kind === 'session' || x.steps) {
      var done = (x.steps || []).filter(function (s) { return s.outcome === 'done'; }).length;
      var stopped = (x.steps || []).filter(function (s) { return s.outcome === 'stopped'; });
      var text = 'Session, ' + (x.status || '') + ': ' + done + ' holds done' + (stopped.length ? ', ' + stopped.length + ' stopped (' + stopped[0].reason + ')' : '');
      return L.el('li', { class: 'session' }, [L.el('strong', { text: date }), ' ', text]);
    }
    var parts = [];
    if (x.morning) parts.push('morning check');
    if (x.back !== null && x.back !== undefined) parts.push('back ' + x.back + '/10');
    if (x.leg !== null && x.leg !== undefined) parts.push('leg ' + x.leg + '/10');
    if (x.reach) parts.push('reaching the ' + (WORDS[x.reach] || x.reach));
    if (x.side) parts.push(x.side + ' side');
    if (x.qualities && x.qualities.length) parts.push(x.qualities.join(', '));
    if (x.weakness) parts.push('weakness');
    if (x.stiffness !== null && x.stiffness !== undefined) parts.push('stiffness ' + x.stiffness + '/10');
    if (x.note) parts.push('“' + x.note + '”');
    return L.el('li', { class: 'pain' }, [L.el('strong', { text: date }), ' Pain: ' + parts.join('; ')]);
  }

  var cursor = null;
  function history(more) {
    var url = L.API.history + '?limit=20' + (more && cursor ? '&before=' + encodeURIComponent(cursor) : '');
    L.getJSON(url).then(function (res) {
      var items = Array.isArray(res) ? res : (res.items || []);
      var list = $('history-list');
      if (!more) L.clear(list);
      items.forEach(function (x) { list.appendChild(item(x)); });
      cursor = res.next || null;
      $('history-more').hidden = !cursor;
      L.say('history-status', items.length || more ? '' : 'Nothing yet: sessions and diary entries appear here.');
    }, function (err) {
      L.say('history-status', err instanceof L.ApiError ? 'Could not load: ' + err.message : 'Offline: history shows once limber is reachable.');
    });
  }

  // ----- runs -------------------------------------------------------------------

  function runs() {
    L.getJSON(L.API.runs).then(function (list) {
      var body = L.clear($('runs-list'));
      list.slice().reverse().forEach(function (r) {
        body.appendChild(L.el('tr', {}, [
          L.el('th', { scope: 'row', text: new Date(r.start).toLocaleString() }),
          L.el('td', { text: r.sport }),
          L.el('td', { text: fixed(r.distance_m / 1000, 2) }),
          L.el('td', { text: String(Math.round(r.moving_s / 60)) }),
          L.el('td', { text: !r.running ? 'not a run' : r.cooldown ? 'yes' : 'no' }),
        ]));
      });
      $('runs-table').hidden = list.length === 0;
      L.say('runs-status', list.length ? '' : 'No runs yet: add GPX, TCX or FIT files below.');
    }, function (err) {
      L.say('runs-status', err instanceof L.ApiError ? 'Could not load: ' + err.message : 'Offline: runs show once limber is reachable.');
    });
  }

  /** One file, as the raw body; resolves to a line saying how it went. */
  function upload(file) {
    return fetch(L.API.runs + '?name=' + encodeURIComponent(file.name), {
      method: 'POST',
      body: file,
      headers: { 'Content-Type': 'application/octet-stream', Accept: 'application/json, application/problem+json' },
      credentials: 'same-origin',
    }).then(function (res) {
      return res.json().catch(function () { return {}; }).then(function (data) {
        if (!res.ok) return file.name + ': not imported: ' + (data.detail || ('HTTP ' + res.status));
        var n = data.imported.length;
        var parts = [];
        if (n) parts.push(n + (n === 1 ? ' activity' : ' activities') + ' imported (' + data.format + ')');
        if (data.duplicates) parts.push(data.duplicates + ' already there');
        return file.name + ': ' + parts.join(', ') + '.';
      });
    }, function () {
      return file.name + ': not sent: limber cannot be reached.';
    });
  }

  function uploadAll(files) {
    var list = L.clear($('upload-results'));
    if (!files.length) return;
    L.say('upload-status', 'Importing ' + files.length + (files.length === 1 ? ' file…' : ' files…'));
    Array.prototype.reduce.call(files, function (chain, file) {
      return chain.then(function () {
        return upload(file).then(function (line) { list.appendChild(L.el('li', { text: line })); });
      });
    }, Promise.resolve()).then(function () {
      L.say('upload-status', 'Done.');
      runs();
      L.getJSON(L.API.stats).then(stats, function () {});
    });
  }

  document.addEventListener('DOMContentLoaded', function () {
    L.flush().then(function () {
      history(false);
      runs();
      L.getJSON(L.API.stats).then(stats, function (err) {
        L.say('stats-status', err instanceof L.ApiError ? 'Could not load: ' + err.message : 'Offline: insights show once limber is reachable.');
      });
    });
    $('history-more').addEventListener('click', function () { history(true); });
    var input = $('run-files');
    input.addEventListener('change', function () {
      uploadAll(input.files);
      input.value = '';
    });
    var zone = $('drop-zone');
    ['dragenter', 'dragover'].forEach(function (t) {
      zone.addEventListener(t, function (e) { e.preventDefault(); zone.classList.add('over'); });
    });
    ['dragleave', 'drop'].forEach(function (t) {
      zone.addEventListener(t, function () { zone.classList.remove('over'); });
    });
    zone.addEventListener('drop', function (e) {
      e.preventDefault();
      uploadAll(e.dataTransfer.files);
    });
  });
})();
