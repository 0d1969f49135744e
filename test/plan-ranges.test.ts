// How a plain file is cut for the threads: newline-aligned ranges, the main thread's (the last) a little larger.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { splitFile } from '../src/split/ranges.js';
import { MAIN_RANGE_EXTRA, planTasks } from '../src/run.js';
import { resolveInputs } from '../src/split/inputs.js';

const dir = mkdtempSync(join(tmpdir(), 'mf-plan-'));
// 400,000 lines of exactly 100 bytes (40 MB: ranges of at least MIN_RANGE_BYTES): cut points are easy to check.
const line = (i: number): string => `Nov 28 10:00:00 mail postfix/smtpd[1]: connect from unknown[192.0.2.${i % 250}]`.padEnd(99, ' ') + '\n';
const file = join(dir, 'maillog');
writeFileSync(file, Array.from({ length: 400_000 }, (_, i) => line(i)).join(''));
const size = 40_000_000;

test('equal ranges by default, each cut at a line start', () => {
  const r = splitFile(file, size, 2, 1);
  assert.deepEqual(r, [{ start: 0, end: 20_000_000 }, { start: 20_000_000, end: size }]);
});

test('with lastExtra the other ranges are that fraction smaller and the last takes the bytes, cut at line starts', () => {
  const r = splitFile(file, size, 2, 1, 0.03);
  // 40,000,000 × (1 − 0.03) / 2 = 19,400,000: a line start (every 100 bytes).
  assert.deepEqual(r, [{ start: 0, end: 19_400_000 }, { start: 19_400_000, end: size }]);
  const text = readFileSync(file, 'latin1');
  for (const x of r) assert.equal(x.start === 0 || text[x.start - 1] === '\n', true);
  const three = splitFile(file, size, 3, 1, 0.03);
  // Cuts at 12,933,333.3 and 25,866,666.7 → the next line starts.
  assert.deepEqual(three.map((x) => x.end), [12_933_400, 25_866_700, size]);
});

test('planTasks: with several jobs the last range (the main thread\'s) is the larger; one job or fixed sizes split evenly', async () => {
  const { inputs } = await resolveInputs([file], 2026);
  const two = planTasks(inputs, 2);
  assert.equal(two.length, 2);
  const worker = two[0]!.end - two[0]!.start;
  const main = two[1]!.end - two[1]!.start;
  assert.ok(main > worker, `${main} > ${worker}`);
  // The cut: the first line start at or after size × (1 − MAIN_RANGE_EXTRA) / 2 (lines of 100 bytes).
  assert.equal(worker, Math.ceil((size * (1 - MAIN_RANGE_EXTRA)) / 2 / 100) * 100);
  assert.equal(worker + main, size);
  assert.deepEqual(planTasks(inputs, 1).map((t) => [t.start, t.end]), [[0, size]]);
  assert.deepEqual(planTasks(inputs, 2, 10_000_000).map((t) => t.end), [10_000_000, 20_000_000, 30_000_000, size]);
});

// Review AA, F12: with a tiny --range-bytes (hidden, for testing) and one very long line, every cut inside the line
// searched from there to its end: a 50 MB line cut every 4 KiB read 12,800 × ~25 MB. A cut that falls inside the line
// the previous search read over now takes that search's line start without reading again. Asserted on the bytes the
// search read (SplitStats), not on time.
test('a very long line is read once to find the line starts, whatever the number of cuts in it; the ranges are those of a search per cut', async () => {
  const short = (i: number): string => `Nov 28 10:00:${String(i % 60).padStart(2, '0')} mail postfix/smtpd[1]: connect from unknown[192.0.2.${i % 250}]\n`;
  const lines = (from: number, n: number): string => Array.from({ length: n }, (_, i) => short(from + i)).join('');
  const text = lines(0, 300) + `Nov 28 10:01:00 mail postfix/smtpd[1]: warning: ${'x'.repeat(4_000_000)}\n`
    + lines(300, 300) + `Nov 28 10:02:00 mail postfix/smtpd[1]: warning: ${'y'.repeat(1_000_000)}` + '\n' + lines(600, 300);
  const path = join(dir, 'long-line.log');
  writeFileSync(path, text, 'latin1');
  const bytes = text.length;
  const rangeBytes = 4_096;
  const count = Math.ceil(bytes / rangeBytes);
  // The ranges as one search per cut gives them (the definition: each cut moved to the next line start).
  const expected: Array<{ start: number; end: number }> = [];
  const cuts = [0];
  const n = Math.min(count, Math.floor(bytes / rangeBytes)); // splitFile's: ranges of at least rangeBytes
  for (let i = 1; i < n; i++) {
    const target = Math.floor((bytes * i) / n);
    const nl = text.indexOf('\n', target - 1);
    const aligned = nl < 0 ? bytes : nl + 1;
    if (aligned > cuts[cuts.length - 1]! && aligned < bytes) cuts.push(aligned);
  }
  cuts.push(bytes);
  for (let i = 0; i + 1 < cuts.length; i++) expected.push({ start: cuts[i]!, end: cuts[i + 1]! });
  const stats = { bytesRead: 0 };
  assert.deepEqual(splitFile(path, bytes, count, rangeBytes, 0, stats), expected);
  // Once through the long lines, and a 64 KiB read for each cut among the short lines: under twice the file. A search
  // per cut read the 4 MB line from each of its ~980 cuts to its end: ~2 GB, 400 times the file.
  assert.ok(stats.bytesRead < 2 * bytes, `${stats.bytesRead} bytes read for a file of ${bytes}`);
  assert.ok(stats.bytesRead >= 5_000_000, 'the long lines are read (once)');
  // The same report from these ranges on 3 threads as from one read.
  const { report } = await import('./helpers.js');
  const { renderJson } = await import('../src/render/index.js');
  const one = renderJson(await report([path], { year: 2026, jobs: 1 }));
  assert.equal(renderJson(await report([path], { year: 2026, jobs: 3, rangeBytes })), one);
  assert.equal(JSON.parse(one).lines.unparsed, 2);
});
