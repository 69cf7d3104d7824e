// Runs event logs through the page's session player for the equivalence
// test (tests/player_equivalence.rs): reads {cases: [{script, logs}]} on
// stdin and writes, per log in order, what the server's replay would store
// (`view`) and every cue with its time from a plain run (`cues`).
'use strict';
const path = require('path');
const { Session, runLog, replayView, NS_PER_MS } = require(path.join(__dirname, '..', '..', 'assets', 'player.js'));

/** Events in order, a tick at the end, a quit there if still going. */
function plainCues(script, log) {
  const s = new Session(script);
  const out = [];
  if (log.pain_before !== null && log.pain_before !== undefined) out.push(...s.rateBeforeStart(log.pain_before));
  let last = 0;
  for (const e of log.events) {
    last = e.at_ms * NS_PER_MS;
    out.push(...s.handle(e, last));
  }
  const end = Math.max(log.ended_at_ms === null || log.ended_at_ms === undefined ? 0 : log.ended_at_ms * NS_PER_MS, last);
  out.push(...s.tick(end));
  if (!s.isFinished()) out.push(...s.handle({ type: 'quit' }, end));
  return out
    .filter((o) => o.type === 'cue')
    .map((c) => ({ kind: c.kind, at_ns: c.at, remaining: c.remaining === undefined ? null : c.remaining }));
}

let input = '';
process.stdin.setEncoding('utf8');
process.stdin.on('data', (d) => { input += d; });
process.stdin.on('end', () => {
  const { cases } = JSON.parse(input);
  const results = [];
  for (const c of cases) {
    for (const log of c.logs) {
      results.push({ view: replayView(runLog(c.script, log)), cues: plainCues(c.script, log) });
    }
  }
  process.stdout.write(JSON.stringify(results));
});
