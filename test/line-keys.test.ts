// Keys taken from the line's bytes (src/parse/line-keys.ts) must be exactly the substrings a slice gives, for
// every key, whatever the table holds (growth, many keys of one length, empty and one-byte keys), and only for
// the line that was set.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { clearLine, keyAt, resetKeys, setLine } from '../src/parse/line-keys.js';

test('keyAt gives the slice of the line set, through table growth and keys of equal length', () => {
  // 20,000 distinct IPs (the table starts at 4,096 slots), each asked for twice, in lines padded on both sides
  // inside one buffer as a read chunk holds them.
  const lines: string[] = [];
  for (let i = 0; i < 20_000; i++) lines.push(`Nov 23 09:30:01 mail postfix/smtpd[1]: connect from unknown[10.${i >> 8 & 255}.${i & 255}.${i % 7}]`);
  const chunk = Buffer.from(lines.join('\n') + '\n', 'latin1');
  for (const round of [1, 2]) {
    let from = 0;
    for (const line of lines) {
      const text = chunk.toString('latin1', from, from + line.length);
      setLine(text, chunk, from);
      const open = text.lastIndexOf('[') + 1;
      const close = text.length - 1;
      assert.equal(keyAt(text, open, close), text.slice(open, close), `round ${round}: ${line}`);
      assert.equal(keyAt(text, close, close), '');
      assert.equal(keyAt(text, 0, 1), 'N');
      from += line.length + 1;
    }
  }
  clearLine();
});

test('keyAt slices any string other than the line set (the inner line of "message repeated", a test\'s string)', () => {
  const line = 'Nov 23 09:30:01 mail postfix/smtpd[1]: connect from unknown[192.0.2.1]';
  const buf = Buffer.from('XXXX' + line, 'latin1');
  setLine(buf.toString('latin1', 4), buf, 4);
  const other = 'Nov 23 09:30:01 mail postfix/smtpd[1]: connect from unknown[198.51.100.77]';
  assert.equal(keyAt(other, other.lastIndexOf('[') + 1, other.length - 1), '198.51.100.77');
  clearLine();
  assert.equal(keyAt(line, line.lastIndexOf('[') + 1, line.length - 1), '192.0.2.1');
});

/** FNV-1a over the string's Latin-1 bytes, as int32: the table's hash (line-keys.ts keyOfBytes). */
function fnv(s: string): number {
  let h = -2128831035;
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 16777619);
  return h;
}

/** Two different keys of the same length and the same hash (a birthday search over 8-digit numbers). */
function collidingPair(): [string, string] {
  const seen = new Map<number, string>();
  for (let n = 10_000_000; ; n++) {
    const s = String(n);
    const other = seen.get(fnv(s));
    if (other !== undefined) return [other, s];
    seen.set(fnv(s), s);
  }
}

/** The key keyAt gives for `s`, as the whole line set. */
function keyOf(s: string): string {
  const buf = Buffer.from(s, 'latin1');
  setLine(s, buf, 0);
  const k = keyAt(s, 0, s.length);
  clearLine();
  return k;
}

test('a table emptied for the next scan forgets every key: a key of the same hash and length is its own bytes', () => {
  // resetKeys empties a table of its first size in place, and the key bytes are written again from the start: a
  // slot left from the scan before (key a, same hash and length as b) would hold b's bytes at a's old place and
  // answer a for b.
  const [a, b] = collidingPair();
  assert.notEqual(a, b);
  assert.equal(fnv(a), fnv(b));
  resetKeys();
  assert.equal(keyOf(a), a);
  resetKeys();
  assert.equal(keyOf(b), b);
  assert.equal(keyOf(b), b, 'b from the table');
  assert.equal(keyOf(a), a);
  resetKeys();
});
