// Failure timelines (src/aggregate/timeline.ts): any split of the failures merges to the timeline of the whole,
// exact or hourly, and the count up to a moment is each attempt once.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { EXACT_TIMES, addFailureTime, failuresUpTo, loginFailuresUpTo, mergeFailureTimelines, newLoginFailureTimes } from '../src/aggregate/timeline.js';
import type { FailureTimeline } from '../src/types.js';

const HOUR = 3_600_000;

function build(times: number[]): Map<string, FailureTimeline> {
  const m = new Map<string, FailureTimeline>();
  for (const t of times) addFailureTime(m, 'info@example.jp', t, 1);
  return m;
}

function plain(m: Map<string, FailureTimeline>): unknown {
  return [...m].map(([k, t]) => [k, t.hourly, [...t.counts].sort((a, b) => a[0] - b[0]), [...t.times].sort((a, b) => a - b)]);
}

test('timeline: every split and merge order gives the timeline of the whole log, exact or hourly', () => {
  let seed = 7;
  const rnd = (): number => { seed = (seed * 1103515245 + 12345) % 2 ** 31; return seed / 2 ** 31; };
  for (const n of [10, EXACT_TIMES, EXACT_TIMES + 1, 3 * EXACT_TIMES]) {
    const times = Array.from({ length: n }, () => Math.floor(rnd() * 72 * HOUR));
    const whole = build(times);
    assert.equal(whole.get('info@example.jp')!.hourly, n > EXACT_TIMES, `${n} failures`);
    for (const parts of [2, 3, 8]) {
      const cuts = times.map((_, i) => i % parts);
      const pieces = Array.from({ length: parts }, (_, p) => build(times.filter((_, i) => cuts[i] === p)));
      const forward = pieces.map((p) => new Map(p)).reduce((a, b) => { mergeFailureTimelines(a, b); return a; });
      const again = Array.from({ length: parts }, (_, p) => build(times.filter((_, i) => cuts[i] === p))).reverse()
        .reduce((a, b) => { mergeFailureTimelines(a, b); return a; });
      assert.deepEqual(plain(forward), plain(whole), `${n} times in ${parts} parts`);
      assert.deepEqual(plain(again), plain(whole), `${n} times in ${parts} parts, merged backwards`);
    }
  }
});

test('timeline: failures up to a moment; the same instant counts as before; an hourly timeline counts the hour', () => {
  const m = build([1000, 2000, 3000, 3000, 9000]);
  assert.equal(failuresUpTo(m.get('info@example.jp'), 3000), 4);
  assert.equal(failuresUpTo(m.get('info@example.jp'), 2999), 2);
  assert.equal(failuresUpTo(m.get('nobody'), 3000), 0);
  const big = build(Array.from({ length: EXACT_TIMES + 1 }, (_, i) => i * 60_000));
  assert.equal(big.get('info@example.jp')!.hourly, true);
  assert.equal(failuresUpTo(big.get('info@example.jp'), 30_000), 60, 'the first hour, whole');
});

test('timeline: one SMTP attempt logged by Postfix and Dovecot counts once; IMAP attempts add to it', () => {
  const t = newLoginFailureTimes();
  // corpus incident lines 164 (Dovecot auth) and 220 (Postfix smtpd): one attempt; line 158 + 174: one IMAP attempt.
  addFailureTime(t.smtpDovecot, 'info@example.jp', 45_052, 1);
  addFailureTime(t.smtp, 'info@example.jp', 47_305, 1);
  addFailureTime(t.mailboxDovecot, 'info@example.jp', 43_598, 1);
  addFailureTime(t.mailbox, 'info@example.jp', 45_305, 1);
  // A failure after the guess does not count.
  addFailureTime(t.smtp, 'info@example.jp', 90_000, 1);
  addFailureTime(t.smtpDovecot, 'info@example.jp', 89_000, 1);
  assert.equal(loginFailuresUpTo(t, 'info@example.jp', 60_000), 2);
  assert.equal(loginFailuresUpTo(t, 'info@example.jp', 100_000), 3);
});

test('timeline: a line repeated a billion times ("message repeated N times") counts N without N list entries', () => {
  const m = new Map<string, FailureTimeline>();
  addFailureTime(m, 'info@example.jp', 1000, 1);
  addFailureTime(m, 'info@example.jp', 2000, 1_000_000_000);
  const t = m.get('info@example.jp')!;
  assert.equal(t.hourly, true);
  assert.equal(t.times.length, 0);
  assert.equal(failuresUpTo(t, 2000), 1_000_000_001);
});
