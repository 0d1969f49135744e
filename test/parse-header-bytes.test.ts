// The byte path of the syslog prefix (src/parse/header-bytes.ts) must give, for every line it accepts, exactly
// the Header that parseHeader gives for the decoded line; it may decline any line (the scanner then parses the
// string). Checked over every line of the corpus and the samples, and on shapes made to trip it.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { YearRule } from '../src/parse/header.js';
import { newHeader, newYearRule, parseHeader, setReferenceZone } from '../src/parse/header.js';
import { newStampCache, parseHeaderBytes, rememberStamp } from '../src/parse/header-bytes.js';
import { CORPUS, ROOT } from './helpers.js';

const FIELDS = ['at', 'zone', 'host', 'prog', 'pid', 'msgStart'] as const;

/** A year rule for --year 2026; `zone`: the run's reference offset (YearRule.refZone), "local" by default. */
function years(zone = 'local'): YearRule {
  const y = newYearRule(2026, 10, true);
  setReferenceZone(y, zone);
  return y;
}

/**
 * Runs lines through the scanner's two-path logic: for each line, whether the byte path took it ('B'), the string
 * path ('S') or neither ('-': no syslog line). Every line the byte path takes must get parseHeader's Header.
 */
function pathsTaken(lines: string[], zone = 'local'): string {
  const cache = newStampCache();
  const viaBytes = newHeader();
  const viaString = newHeader();
  const yBytes = years(zone);
  const yString = years(zone);
  const internA = new Map<string, string>();
  const internB = new Map<string, string>();
  let taken = '';
  lines.forEach((line, n) => {
    const buf = Buffer.from(line, 'latin1');
    // The buffer holds more bytes after the line, as a read chunk does: the byte path must stop at `to`.
    const padded = Buffer.concat([buf, Buffer.from(']: x\n', 'latin1')]);
    const okString = parseHeader(line, viaString, yString, internB);
    if (parseHeaderBytes(cache, padded, 0, buf.length, viaBytes)) {
      taken += 'B';
      assert.ok(okString, `line ${n + 1} accepted by bytes only: ${line}`);
      for (const f of FIELDS) assert.equal(viaBytes[f], viaString[f], `line ${n + 1}, ${f}: ${line}`);
    } else if (parseHeader(line, viaBytes, yBytes, internA)) {
      taken += 'S';
      rememberStamp(cache, line, viaBytes);
    } else {
      taken += '-';
    }
  });
  return taken;
}

/** How many lines took the byte path (see pathsTaken). */
function compareBothPaths(lines: string[], zone = 'local'): number {
  return pathsTaken(lines, zone).split('B').length - 1;
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
  // Microsecond stamps never repeat, but most lines are in the minute of the line before (twenty-seventh session):
  // the generated twin of incident.log and the real rsyslog RFC 3339 files of the corpus (all but a line per minute).
  for (const f of [join(ROOT, 'samples', 'rfc3339', 'incident.log'), join(CORPUS, 'incident', 'maillog.rfc3339'), join(CORPUS, 'healthy', 'maillog.rfc3339')]) {
    const lines = linesOf(f);
    const hits = compareBothPaths(lines, '+09:00');
    assert.ok(hits > lines.length * 0.9, `${f}: ${hits} of ${lines.length} lines took the byte path`);
  }
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
  // 3339 time without offset (after a "T", not a space). Since the twenty-seventh session a fraction or offset after
  // the clock takes the byte path too (a classic stamp with a fraction, an RFC 3339 time without offset); another
  // offset than the last stamp's and journalctl's zone name decline.
  const others = [
    `Nov 23 09:30:04.123 ${tail}`, `Nov 23 09:30:04.124 ${tail}`, `Nov 23 09:30:05.124 ${tail}`,
    `2026-11-23T09:30:04+09:00 ${tail}`, `2026-11-23T09:30:04+09:01 ${tail}`, `2026-11-23T09:30:05+09:00 ${tail}`,
    `Mon 2026-11-23 09:30:04 JST ${tail}`, `Mon 2026-11-23 09:30:05 JST ${tail}`,
    `2026-11-23T09:30:04 ${tail}`, `2026-11-23T09:30:05 ${tail}`,
  ];
  assert.equal(pathsTaken(others), 'SBBSSSSSSB');
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

// Twenty-seventh session (issue 3): rsyslog's RSYSLOG_FileFormat, Debian 12's default, gives every line a stamp of its
// own ("2026-11-28T22:15:40.479210+09:00", corpus/incident/maillog.rfc3339). A stamp that differs from the last one only
// in its seconds and fraction digits, in the same minute, date and offset, takes the byte path with the time
// parseHeader gives (the fraction truncated to milliseconds); anything else declines. Before, every one declined.
test('RFC 3339 stamps with fractions: a new second or fraction of the same minute takes the byte path', () => {
  const tail = 'mail postfix/submission/smtpd[21701]: connect from unknown[127.0.10.2]';
  const at = (stamp: string): string => `2026-11-28T${stamp} ${tail}`;
  const same = [
    at('22:15:40.479210+09:00'),
    at('22:15:40.482365+09:00'), // the same second, another fraction
    at('22:15:40.482999+09:00'), // the same millisecond
    at('22:15:43.000001+09:00'), // seconds forward
    at('22:15:41.5+09:00'), // back, and fewer fraction digits
    at('22:15:41.123456789+09:00'), // more digits (nanoseconds, docker's)
    at('22:15:42+09:00'), // no fraction
    at('22:15:59.999999+09:00'),
    at('22:15:60.000001+09:00'), // a leap second, as parseHeader's clock() allows
    at('22:15:00.000000+09:00'),
  ];
  assert.equal(pathsTaken(same, '+09:00'), 'SBBBBBBBBB');
  // Each of these follows a stamp the byte path could move from, and declines: a new minute, hour, day, offset;
  // "Z" for "+00:00" (the same offset, other bytes); ten fraction digits (parseHeader reads them, the byte path
  // stops at nine); a dot without digits.
  const declined = [
    at('22:15:40.479210+09:00'), at('22:16:40.479210+09:00'),
    at('22:16:41.000000+09:00'), at('23:16:41.000000+09:00'),
    at('23:16:42.000000+09:00'), '2026-11-29T23:16:42.000000+09:00 ' + tail,
    '2026-11-29T23:16:43.000000+09:00 ' + tail, '2026-11-29T23:16:43.000000+08:00 ' + tail,
    '2026-11-29T23:16:44.000000+08:00 ' + tail, '2026-11-29T23:16:44.000000+0800 ' + tail,
    '2026-11-29T23:16:44.5+00:00 ' + tail, '2026-11-29T23:16:44.5Z ' + tail,
    '2026-11-29T23:16:45.25Z ' + tail, '2026-11-29T23:16:45.25+00:00 ' + tail,
    '2026-11-29T23:16:45.75+00:00 ' + tail, '2026-11-29T23:16:46.1234567890+00:00 ' + tail,
    '2026-11-29T23:16:47.1+00:00 ' + tail, '2026-11-29T23:16:47.+00:00 ' + tail,
  ];
  // (Each line before a declined one takes the byte path itself, but after another offset or ten digits.)
  assert.equal(pathsTaken(declined, '+09:00'), 'SS' + 'BS' + 'BS' + 'BS' + 'BS' + 'SS' + 'BS' + 'BS' + 'SS');
  // Bad digits, which parseHeader does not take as a stamp at all: the byte path must not take them either.
  const bad = [
    at('22:15:40.479210+09:00'), at('22:15:6x.000000+09:00'), at('22:15:61.000000+09:00'), at('22:15:70.000000+09:00'),
    at('22:15:4O.000000+09:00'), at('22:15:41.12a4+09:00'), at('22:15:41.1234+09:0'), at('22:15:41.1234+09:00x'),
    at('22:15:41.1234+9:00'), at('22:15:41.1234'), at('22:15:41.1234+09:00'),
  ];
  // (The stamp without offset is a valid one, of local time: the string path's, and the next line's offset declines.)
  assert.equal(pathsTaken(bad, '+09:00'), 'S--------SS');
  // After a <PRI>, and in `docker compose logs`' wrapper (the wrapper is part of the compared stamp).
  const wrapped = same.slice(0, 4);
  assert.equal(pathsTaken(wrapped.map((l) => `<22>${l}`), '+09:00'), 'SBBB');
  assert.equal(pathsTaken(wrapped.map((l) => `mailserver  | ${l}`), '+09:00'), 'SBBB');
  // `docker logs -t` without a service name: docker's own RFC 3339 stamp in front of a classic line, whose time is the
  // classic stamp's (header.ts parseDockerWrapped): docker's seconds and fraction changing must not move it.
  const docker = [
    '2023-04-25T22:52:49.512347648Z Apr 26 00:52:49 mail postfix/qmgr[938]: 266DB1A36D6: removed',
    '2023-04-25T22:52:49.612347648Z Apr 26 00:52:49 mail postfix/qmgr[938]: 266DB1A36D6: removed',
    '2023-04-25T22:52:50.512347648Z Apr 26 00:52:50 mail postfix/qmgr[938]: 266DB1A36D6: removed',
    '2023-04-25T22:52:50.512347648Z Apr 26 00:52:51 mail postfix/qmgr[938]: 266DB1A36D6: removed',
  ];
  assert.equal(pathsTaken(docker), 'SSSB');
});

test('RFC 3339 stamps on the byte path: known times, at the line\'s offset and moved to the run\'s', () => {
  const tail = 'mail postfix/smtpd[21707]: connect from unknown[127.66.108.66]';
  const timeOf = (first: string, next: string, zone: string): number => {
    const cache = newStampCache();
    const h = newHeader();
    const y = years(zone);
    const a = `${first} ${tail}`;
    assert.ok(parseHeader(a, h, y, new Map()));
    rememberStamp(cache, a, h);
    const b = Buffer.from(`${next} ${tail}`, 'latin1');
    assert.ok(parseHeaderBytes(cache, b, 0, b.length, h), next);
    assert.equal(h.msgStart, `${next} `.length + 'mail postfix/smtpd[21707]: '.length);
    return h.at;
  };
  // The run's offset: as written, the fraction truncated to milliseconds (not rounded).
  assert.equal(timeOf('2026-11-28T22:15:40.487085+09:00', '2026-11-28T22:15:43.999999+09:00', '+09:00'), Date.UTC(2026, 10, 28, 22, 15, 43, 999));
  assert.equal(timeOf('2026-11-28T22:15:40.487085+09:00', '2026-11-28T22:15:39.5+09:00', '+09:00'), Date.UTC(2026, 10, 28, 22, 15, 39, 500));
  // After a daylight saving change (America/New_York, the run's offset -04:00 from its first line): -05:00 lines are
  // moved by an hour, and the byte path keeps the move.
  assert.equal(timeOf('2026-11-01T01:30:04.250000-05:00', '2026-11-01T01:30:05.25-05:00', '-04:00'), Date.UTC(2026, 10, 1, 2, 30, 5, 250));
  // "Z" in a +09:00 run; a classic stamp, then one with a fraction (exporters that add one).
  assert.equal(timeOf('2026-11-28T13:15:40Z', '2026-11-28T13:15:41.001Z', '+09:00'), Date.UTC(2026, 10, 28, 22, 15, 41, 1));
  assert.equal(timeOf('Nov 28 22:15:40', 'Nov 28 22:15:41.042', 'local'), Date.UTC(2026, 10, 28, 22, 15, 41, 42));
});
