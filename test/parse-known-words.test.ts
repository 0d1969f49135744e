// sliceKnown and startsAt (src/parse/fields.ts) compare substrings with === instead of startsWith, for speed: they
// must answer exactly as the startsWith they replace, at every position of real line shapes, the line's end included.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { sliceKnown, startsAt } from '../src/parse/fields.js';

// Verbatim shapes the parsers read these words from (LINES.md; the benchmark log's most frequent lines).
const LINES = [
  'D02A92A8A3E: to=<senasu1065@docomo.ne.jp>, relay=none, delay=128618, delays=128587/31/0/0, dsn=4.4.1, status=deferred (delivery temporarily suspended: connect to mfsmax.docomo.ne.jp[203.138.181.240]:25: Connection timed out)',
  'warning: unknown[127.66.108.36]: SASL PLAIN authentication failed: (reason unavailable), sasl_username=test',
  'auth: passwd-file(backup@example.jp,201.100.190.5): unknown user',
  'connect from unknown[201.100.190.5]',
  '',
];
const WORDS = ['D02A92A8A3E', ': to=<', 'status=', 'warning: ', 'unknown user', 'unknown', 'none', 'deferred', 'passwd-file', 'LOGIN', ')', ''];

test('startsAt answers as startsWith at every position of real lines, past their end too', () => {
  for (const s of LINES) {
    for (const w of WORDS) {
      for (let at = 0; at <= s.length + 2; at++) {
        assert.equal(startsAt(s, w, at), s.startsWith(w, at), `${JSON.stringify(w)} at ${at} of ${JSON.stringify(s)}`);
      }
    }
  }
  // The words the parsers look for, where they are:
  assert.equal(startsAt(LINES[0]!, 'status=', LINES[0]!.indexOf('status=')), true);
  assert.equal(startsAt(LINES[2]!, 'unknown user', LINES[2]!.length - 12), true);
  assert.equal(startsAt(LINES[2]!, 'unknown user', LINES[2]!.length - 11), false); // "nknown user" at the end
});

test('sliceKnown gives the known word itself for a span equal to one, else the span', () => {
  const relays = ['none', 'local', 'virtual'] as const;
  const s = LINES[0]!;
  const at = s.indexOf('relay=') + 6;
  const relay = sliceKnown(s, at, s.indexOf(',', at), relays);
  assert.equal(relay, 'none');
  assert.ok(relays.includes(relay as typeof relays[number]));
  // A span that starts like a word but is longer or shorter is not that word.
  assert.equal(sliceKnown('relay=nonexistent', 6, 17, relays), 'nonexistent');
  assert.equal(sliceKnown('relay=non', 6, 9, relays), 'non');
  assert.equal(sliceKnown('relay=', 6, 6, relays), '');
  // Every span of every line: the word when the span equals one, the span otherwise (as startsWith decided it).
  for (const line of LINES) {
    for (let a = 0; a <= line.length; a += 3) {
      for (let b = a; b <= Math.min(line.length, a + 14); b++) {
        const span = line.slice(a, b);
        const expected = WORDS.find((w) => w.length === b - a && line.startsWith(w, a)) ?? span;
        assert.equal(sliceKnown(line, a, b, WORDS), expected);
      }
    }
  }
});
