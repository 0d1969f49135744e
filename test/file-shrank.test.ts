// Review AA, F13: a plain log truncated while it was read (logrotate's copytruncate, a cleanup) gave a report of a
// fraction of its lines, exit 0 and no word. Each range reader now tells when the file ended before its range's end,
// and the run treats it as a truncated .gz: an error, or with --allow-partial a warning (run.ts).

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, truncateSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readRange } from '../src/split/read-range.js';
import { resolveInputs } from '../src/split/inputs.js';
import { planTasks } from '../src/run.js';
import { runTask, shrankMessage } from '../src/workers/task.js';
import type { LineSink } from '../src/scan.js';

const LINE = (i: number): string => `Nov 28 10:${String(Math.floor(i / 60) % 60).padStart(2, '0')}:${String(i % 60).padStart(2, '0')} mail `
  + `postfix/smtpd[${1000 + i}]: warning: unknown[192.0.2.${i % 250}]: SASL LOGIN authentication failed: UGFzc3dvcmQ6, sasl_username=u${i}@example.jp\n`;

function counter(): LineSink & { lines: number } {
  const s = {
    lines: 0,
    line: () => { s.lines++; },
    bytes: () => { s.lines++; },
    longLine: () => { s.lines++; },
    previous: () => undefined,
  };
  return s as unknown as LineSink & { lines: number };
}

test('a range reader whose file shrank under it returns the new size; one that read its range whole returns -1', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'mf-shrank-'));
  try {
    const path = join(dir, 'maillog');
    const text = Array.from({ length: 2000 }, (_, i) => LINE(i)).join('');
    writeFileSync(path, text);
    const whole = counter();
    assert.equal(await readRange(path, 0, text.length, whole, () => undefined), -1);
    assert.equal(whole.lines, 2000);
    // The plan was made on the bigger size; the file is cut in the middle of line 701 before the read.
    const cut = Array.from({ length: 700 }, (_, i) => LINE(i)).join('').length + 30;
    truncateSync(path, cut);
    const short = counter();
    assert.equal(await readRange(path, 0, text.length, short, () => undefined), cut);
    assert.equal(short.lines, 701, 'the 700 whole lines and the cut one');
    // A range that starts past the new end reads nothing and says so too.
    const past = counter();
    assert.equal(await readRange(path, cut + 1000, text.length, past, () => undefined), cut);
    assert.equal(past.lines, 0);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('tasks planned on the bigger size of a file truncated before they run: every range that ran short reports it, one message', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'mf-shrank-'));
  try {
    const path = join(dir, 'maillog');
    const text = Array.from({ length: 20_000 }, (_, i) => LINE(i)).join('');
    writeFileSync(path, text);
    const { inputs } = await resolveInputs([path], 2026);
    const tasks = planTasks(inputs, 2, 256 * 1024);
    assert.ok(tasks.length >= 8, `${tasks.length} ranges`);
    const cut = Math.floor(text.length / 3);
    truncateSync(path, cut);
    const results = [];
    for (const t of tasks) results.push(await runTask(t, () => undefined));
    const expected = shrankMessage(path, text.length, cut);
    assert.match(expected, /maillog shrank from [\d,]+ to [\d,]+ bytes while it was read \(logrotate copytruncate\?\): lines past byte [\d,]+ were not read/);
    // The ranges before the cut read whole; the one holding it and every later one ran short.
    const short = results.filter((r) => r.error !== '');
    assert.ok(short.length >= 2, `${short.length} ranges ran short`);
    assert.ok(short.every((r) => r.error === expected));
    assert.ok(results.filter((r) => r.error === '').every((r) => tasks[r.seq]!.end <= cut));
    assert.equal(results.reduce((s, r) => s + r.bytesRead, 0), cut);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
