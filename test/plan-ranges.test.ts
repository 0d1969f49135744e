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
