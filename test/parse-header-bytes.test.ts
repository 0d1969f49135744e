// The byte path of the syslog prefix (src/parse/header-bytes.ts) must give, for every line it accepts, exactly
// the Header that parseHeader gives for the decoded line; it may decline any line (the scanner then parses the
// string). Checked over every line of the corpus and the samples, and on shapes made to trip it.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { YearRule } from '../src/parse/header.js';
import { newHeader, newYearRule, parseHeader } from '../src/parse/header.js';
import { newStampCache, parseHeaderBytes, rememberStamp } from '../src/parse/header-bytes.js';
import { CORPUS, ROOT } from './helpers.js';

const FIELDS = ['at', 'zone', 'host', 'prog', 'pid', 'msgStart'] as const;

function years(): YearRule {
  return newYearRule(2026, 10, true);
}

/** Runs lines through the scanner's two-path logic; returns how many took the byte path. */
function compareBothPaths(lines: string[]): number {
  const cache = newStampCache();
  const viaBytes = newHeader();
  const viaString = newHeader();
  const yBytes = years();
  const yString = years();
  const internA = new Map<string, string>();
  const internB = new Map<string, string>();
  let hits = 0;
  lines.forEach((line, n) => {
    const buf = Buffer.from(line, 'latin1');
    // The buffer holds more bytes after the line, as a read chunk does: the byte path must stop at `to`.
    const padded = Buffer.concat([buf, Buffer.from(']: x\n', 'latin1')]);
    const okString = parseHeader(line, viaString, yString, internB);
    if (parseHeaderBytes(cache, padded, 0, buf.length, viaBytes)) {
      hits++;
      assert.ok(okString, `line ${n + 1} accepted by bytes only: ${line}`);
      for (const f of FIELDS) assert.equal(viaBytes[f], viaString[f], `line ${n + 1}, ${f}: ${line}`);
    } else if (parseHeader(line, viaBytes, yBytes, internA)) {
      rememberStamp(cache, line, viaBytes);
    }
  });
  return hits;
}

/** Two characters that, appended to `tag`, give the same slot in the 1,024-slot tag table (header.ts's hash). */
function collidingSuffix(tag: string): string {
  const hash = (t: string): number => {
    let h = 0;
    for (let k = 0; k < t.length; k++) h = (h * 31 + t.charCodeAt(k)) | 0;
    return h & 1023;
  };
  const chars = 'abcdefghijklmnopqrstuvwxyz0123456789';
  for (const x of chars) for (const y of chars) if (hash(tag + x + y) === hash(tag)) return x + y;
  throw new Error('no colliding suffix');
}

function linesOf(path: string): string[] {
  return readFileSync(path, 'latin1').split('\n').filter((l) => l !== '').map((l) => (l.endsWith('\r') ? l.slice(0, -1) : l));
}

test('byte path = string path on every line of the corpus and the samples (and takes most lines)', () => {
  const files = [
    join(CORPUS, 'incident', 'maillog'), join(CORPUS, 'healthy', 'maillog'),
    ...['incident', 'bruteforce', 'deferred-flood', 'healthy', 'after-fix'].map((n) => join(ROOT, 'samples', `${n}.log`)),
  ];
  for (const f of files) {
    const lines = linesOf(f);
    const hits = compareBothPaths(lines);
    assert.ok(hits > 0, `${f}: no line took the byte path`);
  }
  // Microsecond stamps never repeat: every line takes the string path, which must still be right.
  assert.equal(compareBothPaths(linesOf(join(ROOT, 'samples', 'rfc3339', 'incident.log'))), 0);
  // The generated flood: most lines share the previous line's second.
  const flood = linesOf(join(ROOT, 'samples', 'deferred-flood.log'));
  assert.ok(compareBothPaths(flood) > flood.length / 2);
});

test('byte path declines or agrees on shapes made to trip it', () => {
  const s = 'Nov 23 09:30:04';
  const lines = [
    `${s} mail postfix/smtpd[79650]: connect from unknown[81.140.255.129]`,
    `${s} mail postfix/smtpd[79651]: disconnect from unknown[81.140.255.129] ehlo=1 quit=1 commands=2`,
    // Same stamp, another host; then a host that extends the first one.
    `${s} mx2 postfix/smtpd[1]: connect from unknown[192.0.2.1]`,
    `${s} mail2 postfix/smtpd[1]: connect from unknown[192.0.2.1]`,
    `${s} mail postfix/smtpd[79650]: connect from unknown[81.140.255.129]`,
    // Same tag length, another tag; a tag that extends a known one; no pid; pid without "]"; no colon.
    `${s} mail postfix/smtpX[2]: connect from unknown[192.0.2.2]`,
    `${s} mail postfix/smtpd2[2]: connect from unknown[192.0.2.2]`,
    `${s} mail postfix/smtpd: connect from unknown[192.0.2.2]`,
    `${s} mail postfix/smtpd[12 connect from unknown[192.0.2.2]`,
    `${s} mail postfix/smtpd[12] connect`,
    `${s} mail postfix/smtpd[12]:`,
    `${s} mail postfix/smtpd[12]:no space`,
    // Solaris "[ID … ]" after the tag (pflogsumm NOTES).
    `${s} mail postfix/smtpd[12]: [ID 197553 mail.info] connect from unknown[192.0.2.3]`,
    // The line ends inside the stamp, the host, the tag, the pid.
    s, `${s} mail`, `${s} mail postfix/smtpd`, `${s} mail postfix/smtpd[12`,
    `${s} mail postfix/smtpd[79650]: connect from unknown[81.140.255.129]`,
    // A host that starts with the known one, glued to a known tag.
    `${s} mailXpostfix/smtpd[1]: connect from unknown[192.0.2.4]`,
    // A tag that starts with a known one and falls in its hash slot.
    `${s} mail postfix/smtpd${collidingSuffix('postfix/smtpd')}[1]: connect from unknown[192.0.2.5]`,
    // sysklogd's tagless repeat line after a known tag, and a program named "last" (review 7 L10).
    `${s} mail last message repeated 3 times`,
    `${s} mail last[3]: x`,
    `${s} mail last message repeated 2 times`,
    `${s} mail postfix/smtpd[79650]: connect from unknown[81.140.255.129]`,
  ];
  assert.ok(compareBothPaths(lines) >= 3);
});

// review 7 L10: `docker compose logs` puts "service  | " in front (docker-mailserver#3292); without -t the wrapper
// and stamp repeat byte for byte, and the byte path may take the line.
test('byte path = string path on lines in the docker compose wrapper, with and without its -t stamp', () => {
  const plain = linesOf(join(ROOT, 'samples', 'bruteforce.log'));
  const wrapped = plain.map((l) => `mailserver  | ${l}`);
  assert.ok(compareBothPaths(wrapped) > wrapped.length / 4);
  const stamped = plain.map((l, k) => `mailserver  | 2023-04-25T22:52:${String(k % 60).padStart(2, '0')}.${String(k).padStart(9, '0')}Z ${l}`);
  compareBothPaths(stamped);
});

// review-robust.md D6: "<22>" in front of every line (samples/bruteforce.log as a network collector stores it).
test('byte path = string path on lines with a <PRI> prefix (the priority is part of the compared stamp)', () => {
  const lines = linesOf(join(ROOT, 'samples', 'bruteforce.log')).map((l, k) => `<${k % 7 === 0 ? 19 : 22}>${l}`);
  const hits = compareBothPaths(lines);
  assert.ok(hits > lines.length / 4, `${hits} of ${lines.length}`);
});

// review 10 L4: journalctl -o short-full and -o short-unix (header.ts parseShortFull, parseEpoch), in the shapes
// journalctl 252 writes ("Sun 2026-11-29 14:59:42 JST vm postfix/smtpd[23730]: …", "1795931982.116177 vm …"),
// made from the corpus healthy log's lines.
test('byte path = string path on journalctl short-full and short-unix lines', () => {
  const classic = linesOf(join(CORPUS, 'healthy', 'maillog'));
  const stamp = /^Nov (\d\d) (\d\d):(\d\d):(\d\d) /;
  const full = classic.map((l) => l.replace(stamp, (_m, d: string, hh: string, mm: string, ss: string) => {
    const wd = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'][new Date(Date.UTC(2026, 10, Number(d))).getUTCDay()];
    return `${wd} 2026-11-${d} ${hh}:${mm}:${ss} JST `;
  }));
  assert.match(full[0]!, /^Sat 2026-11-28 22:13:18 JST mail /);
  assert.ok(compareBothPaths(full) > full.length / 4);
  const unix = classic.map((l, k) => l.replace(stamp, (_m, d: string, hh: string, mm: string, ss: string) =>
    `${Date.UTC(2026, 10, Number(d), Number(hh) - 9, Number(mm), Number(ss)) / 1000}.${String(k).padStart(6, '0')} `));
  assert.match(unix[0]!, /^1795871598\.000000 mail /);
  compareBothPaths(unix);
});

// Twenty-sixth session: a stamp that differs from the last one only in its seconds (a classic "hh:mm:ss" at the
// stamp's end) takes the byte path, its time moved by the seconds between the two; anything else still declines.
test('a new second of the same minute takes the byte path, with the time parseHeader gives', () => {
  const tail = 'mail postfix/smtpd[79650]: connect from unknown[81.140.255.129]';
  const seconds = ['04', '05', '07', '59', '60', '03', '00', '09', '6x', '61', '70', '08'];
  const classic = seconds.map((ss) => `Nov 23 09:30:${ss} ${tail}`);
  // Valid seconds other than the first line's: 9 lines of 12 ("6x", "61", "70" are no stamps at all).
  assert.equal(compareBothPaths(classic), 8);
  // The same after a <PRI>, and across a new minute, a new day and the year's end (Dec 31 → Jan 1 of the next year).
  const more = [
    `<22>Nov 23 09:30:04 ${tail}`, `<22>Nov 23 09:30:06 ${tail}`, `<19>Nov 23 09:30:06 ${tail}`,
    `Nov 23 09:30:59 ${tail}`, `Nov 23 09:31:00 ${tail}`, `Nov 23 09:31:01 ${tail}`, `Nov 24 09:31:02 ${tail}`,
    `Dec 31 23:59:58 ${tail}`, `Dec 31 23:59:59 ${tail}`, `Jan  1 00:00:00 ${tail}`, `Jan  1 00:00:01 ${tail}`,
  ];
  assert.equal(compareBothPaths(more), 4);
  // Stamps whose last characters are no seconds: a fraction, an RFC 3339 offset, journalctl's zone name, an RFC
  // 3339 time without offset (after a "T", not a space). Every line declines (a new stamp each time) or agrees.
  const others = [
    `Nov 23 09:30:04.123 ${tail}`, `Nov 23 09:30:04.124 ${tail}`, `Nov 23 09:30:05.124 ${tail}`,
    `2026-11-23T09:30:04+09:00 ${tail}`, `2026-11-23T09:30:04+09:01 ${tail}`, `2026-11-23T09:30:05+09:00 ${tail}`,
    `Mon 2026-11-23 09:30:04 JST ${tail}`, `Mon 2026-11-23 09:30:05 JST ${tail}`,
    `2026-11-23T09:30:04 ${tail}`, `2026-11-23T09:30:05 ${tail}`,
  ];
  assert.equal(compareBothPaths(others), 0);
  // The last line's tag is tried first: a tag that extends it, one it extends, and sysklogd's repeat line (no tag:
  // its "program" holds spaces) followed by a line whose tag would be those words.
  const tags = [
    `Nov 23 09:30:04 mail postfix/smtp[1]: x`, `Nov 23 09:30:04 mail postfix/smtpd[2]: x`, `Nov 23 09:30:04 mail postfix/smtp[3]: x`,
    `Nov 23 09:30:05 mail postfix/smtp: x`, `Nov 23 09:30:05 mail postfix/smtp x`, `Nov 23 09:30:05 mail last message repeated 3 times`,
    `Nov 23 09:30:05 mail last message repeated: x`, `Nov 23 09:30:05 mail last message repeated[2]: x`, `Nov 23 09:30:05 mail postfix/smtp[4]: x`,
  ];
  assert.equal(compareBothPaths(tags), 3);
  // A known answer: the byte path's time of "Nov 23 09:30:07" after "Nov 23 09:30:04", --year 2026.
  const cache = newStampCache();
  const h = newHeader();
  assert.ok(parseHeader(classic[0]!, h, years(), new Map()));
  rememberStamp(cache, classic[0]!, h);
  const next = Buffer.from(classic[2]!, 'latin1');
  assert.ok(parseHeaderBytes(cache, next, 0, next.length, h));
  assert.equal(h.at, Date.UTC(2026, 10, 23, 9, 30, 7));
  assert.equal(h.msgStart, classic[2]!.indexOf('connect'));
});
