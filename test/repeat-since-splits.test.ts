// A sysklogd "last message repeated N times" line repeats the line before it; at a range's start the scanner learns
// that line from the bytes before the range (scan.ts previous()). Those decisions must be the scanner's own: a line
// before --since is ignored (so is its repeat), a journalctl marker in between leaves the line before it (review 9,
// code H2: 0 against 5 and 6 against 1 AUTH failures, depending on where the log was cut).

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { report } from './helpers.js';
import { parseLocalTime } from '../src/time.js';
import { planTasks } from '../src/run.js';
import { resolveInputs } from '../src/split/inputs.js';
import type { Report } from '../src/report/model.js';

const connects = (hour: string): string[] =>
  Array.from({ length: 40 }, (_, i) => `Nov 28 ${hour}:${String(i).padStart(2, '0')}:00 mail postfix/smtpd[1]: connect from unknown[192.0.2.${i + 1}]`);
const FAILURE = 'Nov 28 10:00:00 mail postfix/smtpd[1]: warning: unknown[198.51.100.7]: SASL LOGIN authentication failed: UGFzc3dvcmQ6';

/** The log, its size and the offset of its repeat line. */
function write(lines: string[]): { path: string; bytes: number; near: number } {
  const text = lines.join('\n') + '\n';
  const path = join(mkdtempSync(join(tmpdir(), 'mlf-repeat-')), 'maillog');
  writeFileSync(path, text);
  return { path, bytes: Buffer.byteLength(text), near: text.indexOf(' last message repeated ') - 'Nov 28 10:05:00 mail'.length };
}

const answer = (r: Report): unknown => ({ totals: r.totals, lines: r.lines, since: r.since ?? null, byClientIp: r.byClientIp });

/**
 * The whole log, then cut into ranges of sizes from 120 bytes up, and of each size that puts the first cut within a
 * few bytes of the repeat line (`near`: its offset), inline and on 3 threads.
 *
 * Many of these sizes give the same cuts (planTasks cuts a file into ceil(bytes / size) even ranges, moved to line
 * starts, and one range when fewer than two sizes fit): each distinct set of cuts is analyzed once per job count, the
 * same analysis again for another size being repeated work (in the first test, 83 sizes give 14 sets of cuts).
 */
async function sameForEveryCut(path: string, bytes: number, near: number, opts: { since?: number }, check: (r: Report) => void): Promise<void> {
  const whole = await report([path], { year: 2026, ...opts });
  check(whole);
  const want = JSON.stringify(answer(whole));
  const sizes = [];
  for (let size = 120; size < bytes; size += 97) sizes.push(size);
  for (let size = near - 20; size <= near + 2; size++) sizes.push(size);
  // planTasks cuts even ranges, so the sizes above cut near the repeat line only by chance. Ranges shorter than a
  // line make every line start a range: the repeat line's among them, with only the lines before it to go by.
  sizes.push(40, 66);
  const { inputs } = await resolveInputs([path], 2026);
  const analyzed = new Set<string>();
  for (const size of sizes) {
    for (const jobs of [1, 3]) {
      const cuts = `${jobs} jobs: ${planTasks(inputs, jobs, size).map((t) => `${t.start}-${t.end}`).join(' ')}`;
      if (analyzed.has(cuts)) continue;
      analyzed.add(cuts);
      const r = await report([path], { year: 2026, rangeBytes: size, jobs, ...opts });
      assert.equal(JSON.stringify(answer(r)), want, `ranges of ${size} bytes, ${jobs} jobs`);
    }
  }
}

test('a repeat of a line before --since is ignored wherever the log is cut', async () => {
  const { path, bytes, near } = write([...connects('09'), FAILURE, 'Nov 28 10:05:00 mail last message repeated 5 times', ...connects('10')]);
  await sameForEveryCut(path, bytes, near, { since: parseLocalTime('2026-11-28T10:01:00') }, (r) => {
    assert.equal(r.totals.authFailures, 0, 'the failure and its repeats are before --since');
    assert.equal(r.lines.repeatsNotExpanded ?? 0, 0);
  });
});

test('a repeat line before --since that repeats nothing known is left out, not "not expanded"', async () => {
  const { path, bytes, near } = write(['Nov 28 09:00:00 mail last message repeated 3 times', ...connects('10')]);
  await sameForEveryCut(path, bytes, near, { since: parseLocalTime('2026-11-28T09:30:00') }, (r) => {
    assert.equal(r.lines.repeatsNotExpanded ?? 0, 0);
    assert.equal(r.since?.linesBefore, 1);
  });
});

test('a journalctl marker between a line and its repeat leaves the line repeated wherever the log is cut', async () => {
  const { path, bytes, near } = write([...connects('09'), FAILURE, '-- Reboot --', 'Nov 28 10:05:00 mail last message repeated 5 times', ...connects('10')]);
  await sameForEveryCut(path, bytes, near, {}, (r) => {
    assert.equal(r.totals.authFailures, 6, 'the failure and its 5 repeats');
    assert.equal(r.lines.ignored >= 1, true);
  });
});

// Review S, S11: since.hourly (the lines --since left out, by hour) counted every sysklogd repeat line, where
// hourly[].lines counts one only when it repeats an event (scan.ts sysklogdRepeat): compare's cut check
// (compare/cut-lines.ts) puts the two side by side, and the same lines must give the same counts.
test('since.hourly counts the lines hourly[].lines counts in the same hours, repeat lines too, wherever the log is cut', async () => {
  const before = [
    ...connects('08').slice(0, 10),
    FAILURE.replace('10:00:00', '08:30:00'),
    'Nov 28 08:30:30 mail last message repeated 5 times', // repeats the failure: an event, counted
    'Nov 28 08:31:00 mail last message repeated 2 times', // again the failure: counted
    'Nov 28 08:40:00 mail CRON[812]: (root) CMD (command -v debian-sa1 > /dev/null && debian-sa1 1 1)',
    'Nov 28 08:40:30 mail last message repeated 3 times', // repeats an ignored line: not counted
    'Nov 28 08:50:00 mail postfix/smtpd[1]: this is no line Postfix writes',
    'Nov 28 08:50:30 mail last message repeated 4 times', // repeats an unparsed line: not counted
    'Nov 28 09:00:00 mail postfix/smtpd[1]: connect from unknown[192.0.2.200]',
    'Nov 28 09:00:10 relay2 last message repeated 2 times', // another host's: not counted
    'Nov 28 09:00:20 mail last message repeated 2 times', // the connect, past the other host's repeat: counted
    'Nov 28 09:10:00 mail dovecot: imap-login: Disconnected: Aborted login by logging out (auth failed, 1 attempts in 2 secs): user=<admin>, method=PLAIN, rip=198.51.100.8, lip=203.0.113.25, TLS, session=<m4D3SVphgtsXdTkg>',
    'Nov 28 09:10:30 mail last message repeated 3 times', // a Dovecot line's: counted, not as Dovecot's
    'Nov 28 09:20:00 mail last message repeated 0 times', // no syslog daemon writes 0: unparsed, not counted
    'Nov 28 09:20:30 mail last message repeated 2 times', // after it: not counted
    ...connects('09').slice(30, 40),
  ];
  const { path, bytes, near } = write([...before, ...connects('10')]);
  const hours = (rows: Array<{ hour: string; lines: number; dovecotLines?: number }>): Record<string, [number, number]> =>
    Object.fromEntries(rows.filter((h) => h.hour < '2026-11-28T10').map((h) => [h.hour, [h.lines, h.dovecotLines ?? 0]]));
  const whole = await report([path], { year: 2026 });
  const counted = hours(whole.hourly);
  // 10 connects, the failure and its 2 repeat lines in hour 8, its unparsed line; in hour 9 the connect and its
  // repeat, the Dovecot line and its repeat, 10 connects.
  assert.deepEqual(counted, { '2026-11-28T08:00': [14, 0], '2026-11-28T09:00': [14, 1] });
  assert.equal(whole.lines.repeatsNotExpanded, 1, 'the other host\'s repeat');
  await sameForEveryCut(path, bytes, near, { since: parseLocalTime('2026-11-28T10:00:00') }, (r) => {
    assert.deepEqual(hours(r.since!.hourly!), counted);
    assert.equal(r.since!.linesBefore, before.length - 1, 'every line left out but cron\'s');
    assert.equal(r.totals.authFailures, 0);
  });
});
