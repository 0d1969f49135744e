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
 */
async function sameForEveryCut(path: string, bytes: number, near: number, opts: { since?: number }, check: (r: Report) => void): Promise<void> {
  const whole = await report([path], { year: 2026, ...opts });
  check(whole);
  const want = JSON.stringify(answer(whole));
  const sizes = [];
  for (let size = 120; size < bytes; size += 97) sizes.push(size);
  for (let size = near - 20; size <= near + 2; size++) sizes.push(size);
  for (const size of sizes) {
    for (const jobs of [1, 3]) {
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
