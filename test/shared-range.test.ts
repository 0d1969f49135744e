// Taking over the tail of a range while it is read (src/split/shared-range.ts, `steal` in src/workers/pool.ts).

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { claimUpTo, cutTail, newSharedRange, positionOf } from '../src/split/shared-range.js';
import { readRange } from '../src/split/read-range.js';
import { lineStartAtOrAfter } from '../src/split/ranges.js';
import type { LineSink, ScanResult } from '../src/scan.js';
import { bytesToTake, runOnThreads } from '../src/workers/pool.js';
import type { StealTuning } from '../src/workers/pool.js';
import { resolveInputs } from '../src/split/inputs.js';
import type { ScanTask, TaskResult } from '../src/workers/task.js';
import type { Report } from '../src/report/model.js';
import { report, ROOT } from './helpers.js';

const SAMPLE = join(ROOT, 'samples', 'bruteforce.log');

test('a cut is refused behind what the reader has claimed, and the reader stops at an accepted one', () => {
  const r = newSharedRange(100, 1000);
  assert.equal(claimUpTo(r, 300), 300);
  assert.equal(cutTail(r, 250), -1, 'bytes before 300 are being read');
  assert.equal(cutTail(r, 1000), -1, 'not inside the range');
  assert.equal(cutTail(r, 600), 1000, 'returns the old end');
  assert.deepEqual(positionOf(r), { claimed: 300, end: 600 });
  assert.equal(claimUpTo(r, 900), 600, 'the reader may read up to the new end only');
  assert.equal(cutTail(r, 599), -1);
});

/** Collects the lines a reader emits (as text) in order. */
function collector(lines: string[]): LineSink {
  return {
    line(text) { lines.push(text); },
    bytes(buf, from, to) { lines.push(buf.toString('latin1', from, to)); },
    longLine(head) { lines.push(head); },
    previous() { /* not used */ },
    finish(): ScanResult { throw new Error('not used'); },
  };
}

test('a range cut while it is read, and the tail read by another reader, give every line once', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'mf-steal-'));
  try {
    const path = join(dir, 'log');
    const all = Array.from({ length: 60_000 }, (_, i) => `Nov 28 10:00:00 mail postfix/smtpd[${i}]: connect from unknown[192.0.2.${i % 250}]`);
    writeFileSync(path, all.join('\n') + '\n');
    const size = readFileSync(path).length;
    const shared = newSharedRange(0, size);
    const first: string[] = [];
    let tail: { start: number; end: number } | null = null;
    // After the first chunk, cut the range in the middle, as an idle thread would.
    await readRange(path, 0, size, collector(first), () => {
      if (tail !== null) return;
      const cut = lineStartAtOrAfter(path, Math.floor(size / 2), size);
      const oldEnd = cutTail(shared, cut);
      assert.equal(oldEnd, size);
      tail = { start: cut, end: oldEnd };
    }, undefined, shared);
    assert.ok(tail !== null);
    const { start, end } = tail as { start: number; end: number };
    const second: string[] = [];
    await readRange(path, start, end, collector(second), () => {}, undefined, newSharedRange(start, end));
    assert.ok(first.length > 0 && second.length > 0);
    assert.ok(first.length < all.length, 'the first reader stopped at the cut');
    assert.deepEqual([...first, ...second], all);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('the share taken over: half with no rate yet; a worker victim leaves time to serialize; never more than left', () => {
  const mb = 1e6;
  const main = { thiefIsMain: true, victimIsMain: false, victimBytes: 800 * mb };
  assert.equal(bytesToTake(100 * mb, 0, main), 50 * mb);
  // 100 MB/s = 100,000 bytes per ms; a worker's 800 MB range takes 0.13 ms/MB × 800 = 104 ms to serialize, so the
  // main thread takes half of (left + 104 ms of scanning): 50 MB + 5.2 MB.
  assert.equal(bytesToTake(100 * mb, 100_000, main), 55.2 * mb);
  // A worker taking over the main thread's range: the worker will serialize its own piece afterwards.
  const worker = { thiefIsMain: false, victimIsMain: true, victimBytes: 800 * mb };
  const t = bytesToTake(100 * mb, 100_000, worker);
  assert.ok(t < 50 * mb && t > 49 * mb, String(t));
  assert.equal(bytesToTake(1 * mb, 100_000, { ...main, victimBytes: 100_000 * mb }), 1 * mb);
});

interface Counts { lines: number; authFailures: number; connections: number }
const countsOf = (r: Report): Counts => ({ lines: r.lines.total, authFailures: r.totals.authFailures, connections: r.totals.connections });

let sampleOnce: Promise<Counts> | undefined;
/**
 * One job's answer for one copy of the sample, checked to add up over copies: a log of 2 copies has twice its lines,
 * failed logins and connections. So a log of n copies has n times them, and the tests below need not analyze their
 * 40 and 64 MB logs a second time at one job (that took most of this file's CPU).
 */
function sampleCounts(): Promise<Counts> {
  return sampleOnce ??= (async () => {
    const dir = mkdtempSync(join(tmpdir(), 'mf-steal-'));
    try {
      const sample = readFileSync(SAMPLE);
      const one = countsOf(await report([SAMPLE], { jobs: 1, year: 2026 }));
      const path = join(dir, 'maillog');
      writeFileSync(path, Buffer.concat([sample, sample]));
      assert.deepEqual(countsOf(await report([path], { jobs: 1, year: 2026 })),
        { lines: 2 * one.lines, authFailures: 2 * one.authFailures, connections: 2 * one.connections }, 'two copies count twice one');
      assert.ok(one.lines > 0 && one.authFailures > 0 && one.connections > 0, JSON.stringify(one));
      return one;
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  })();
}

/**
 * Runs a log of `bytes` (a real sample, repeated) as two tasks cut at about `cutAt` bytes (negative: from the end)
 * on 2 threads, and checks that the pieces add up to one job's answer (the sample's, times the copies). Returns the
 * results in the order delivered.
 */
async function twoTasks(bytes: number, cutAt: number, tuning?: StealTuning): Promise<TaskResult[]> {
  const dir = mkdtempSync(join(tmpdir(), 'mf-steal-'));
  try {
    const sample = readFileSync(SAMPLE);
    const copies = Math.ceil(bytes / sample.length);
    const path = join(dir, 'maillog');
    writeFileSync(path, Buffer.concat(Array.from({ length: copies }, () => sample)));
    const { inputs } = await resolveInputs([path], 2026);
    const input = inputs[0]!;
    const cut = lineStartAtOrAfter(path, cutAt < 0 ? input.bytes + cutAt : cutAt, input.bytes);
    const tasks: ScanTask[] = [
      { seq: 0, piece: 0, input, start: 0, end: cut, logStart: true },
      { seq: 1, piece: 1, input, start: cut, end: input.bytes, logStart: false },
    ];
    const got: TaskResult[] = [];
    await runOnThreads(tasks, 2, () => {}, undefined, (r) => { got.push(r); }, tuning);
    const one = await sampleCounts();
    assert.equal(got.reduce((s, r) => s + r.lines, 0), copies * one.lines);
    assert.equal(got.reduce((s, r) => s + r.aggregate.totals.authFailures, 0), copies * one.authFailures);
    assert.equal(got.reduce((s, r) => s + r.aggregate.totals.connections, 0), copies * one.connections);
    assert.ok(got.every((r) => r.lines > 0), 'no empty piece');
    return got;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

test('an idle main thread takes over the tail of a worker\'s range; the results come in file order and add up', async () => {
  // One worker range of ~39 MB and a small last range for the main thread. The main thread takes the last task,
  // waits for the starting worker to take the first, then takes over the tail of it at once: with no rate known
  // yet (under 100 ms), half of what is left.
  const got = await twoTasks(40e6, -500_000);
  assert.deepEqual(got.map((r) => r.seq), [0, 0, 1], 'range 0, its tail, range 1');
  assert.equal(got[1]!.piece, 2);
  assert.ok(got[1]!.lines > got.reduce((s, r) => s + r.lines, 0) / 5, `the taken-over tail is a real share (${got[1]!.lines} lines)`);
});

test('a worker done first takes over the tail of the main thread\'s range; the results come in file order', async () => {
  // A small first range for the worker, 64 MB for the main thread: the worker, once started, finds the main
  // thread's range half read at most and takes half of what is left (no rate trusted: rateAfterMs = ∞).
  const got = await twoTasks(64e6, 200_000, { minStealMs: 0, rateAfterMs: Infinity });
  // With no minimum time left for a take-over, the thread that finishes first may take the tail of the tail
  // again (seen on a loaded machine): every piece after the first belongs to range 1, in file order.
  const seqs = got.map((r) => r.seq);
  assert.deepEqual(seqs.slice(0, 3), [0, 1, 1], 'range 0, range 1, the tail of range 1');
  assert.ok(seqs.slice(3).every((s) => s === 1), seqs.join(' '));
  // A piece taken over, not an original range. Not necessarily piece 2: on a loaded machine the worker may end that
  // piece first and take over the main thread's tail a second time, and that piece (3) comes first in file order.
  assert.ok(got[2]!.piece >= 2, `piece ${got[2]!.piece}`);
});
