// The scan threads (pool.ts): the main thread scans beside the workers, and stops when a worker fails or the
// user interrupts. The main thread's task here is a .gz file that is a FIFO nobody writes to: its scan can only
// end by being stopped, so a run that ends proves the stop (and a broken stop fails on the test's timeout).

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { constants, mkdtempSync, openSync, closeSync, writeFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { runOnThreads } from '../src/workers/pool.js';
import type { ScanTask, TaskResult } from '../src/workers/task.js';
import type { InputFile } from '../src/split/inputs.js';
import { RunError } from '../src/errors.js';
import { newYearRule } from '../src/parse/header.js';

const YEARS = newYearRule(2026, 11, true);

function gzInput(index: number, path: string): InputFile {
  return { index, path, kind: 'gz', bytes: 1, mtimeMs: 0, years: YEARS, firstAt: NaN, host: '' };
}

function task(seq: number, input: InputFile): ScanTask {
  return { seq, piece: seq, input, start: 0, end: input.bytes, logStart: seq === 0 };
}

/** A FIFO, and a way to let its pending open (a thread of libuv's pool) finish once the test is over. */
function fifo(dir: string): { path: string; release: () => void } {
  const path = join(dir, 'never-written.log.gz');
  execFileSync('mkfifo', [path]);
  return { path, release: () => releaseFifo(path) };
}

/** Opens the FIFO for writing without blocking (ENXIO: nobody is waiting to read it) and closes it at once. */
function releaseFifo(path: string): void {
  try {
    closeSync(openSync(path, constants.O_WRONLY | constants.O_NONBLOCK));
  } catch (e) {
    // ENOENT: the test has ended and removed its directory before a delayed release ran (seen under load: the run
    // rejected at once on the abort, the finally removed the FIFOs, then the 200 ms timer fired).
    const code = (e as { code?: string }).code;
    if (code !== 'ENXIO' && code !== 'ENOENT') throw e;
  }
}

test('a failing worker stops the scan on the main thread, and its error is the run\'s error', { timeout: 30_000 }, async () => {
  const dir = mkdtempSync(join(tmpdir(), 'mf-threads-'));
  const pipe = fifo(dir);
  try {
    const broken = join(dir, 'broken.log.gz');
    const line = 'Nov 28 22:15:31 mail postfix/smtpd[1]: connect from unknown[192.0.2.10]\n';
    writeFileSync(broken, gzipSync(Buffer.from(line.repeat(5000))).subarray(0, 300));
    // Workers take tasks from the front, the main thread from the back: the worker gets the broken file.
    const tasks = [task(0, gzInput(0, broken)), task(1, gzInput(1, pipe.path))];
    const seen: number[] = [];
    const onResult = (r: TaskResult): void => {
      seen.push(r.seq);
      if (r.error !== '') throw new RunError(r.error); // what run.ts does without --allow-partial
    };
    await assert.rejects(runOnThreads(tasks, 2, () => {}, undefined, onResult), (e: Error) => {
      assert.match(e.message, /broken\.log\.gz: gzip data is (truncated|corrupt)/);
      return true;
    });
    assert.deepEqual(seen, [0], 'only the broken file came back; the FIFO was never read to its end');
  } finally {
    pipe.release();
    rmSync(dir, { recursive: true, force: true });
  }
});

test('an interrupt stops the main thread and the workers, and the run says "interrupted"', { timeout: 30_000 }, async () => {
  const dir = mkdtempSync(join(tmpdir(), 'mf-threads-'));
  const first = fifo(dir);
  const secondPath = join(dir, 'also-never-written.log.gz');
  execFileSync('mkfifo', [secondPath]);
  try {
    const tasks = [task(0, gzInput(0, secondPath)), task(1, gzInput(1, first.path))];
    const controller = new AbortController();
    const results: number[] = [];
    const run = runOnThreads(tasks, 2, () => {}, controller.signal, (r) => { results.push(r.seq); });
    setTimeout(() => {
      controller.abort();
      // A worker stopped while its open() of a FIFO waits in libuv's pool exits when that open returns: end it
      // (the worker, terminated, reads nothing; a worker not stopped would now post a result for the empty file).
      setTimeout(() => { first.release(); releaseFifo(secondPath); }, 200);
    }, 300);
    await assert.rejects(run, (e: Error) => {
      assert.ok(e instanceof RunError, String(e));
      assert.equal(e.message, 'interrupted');
      return true;
    });
    assert.deepEqual(results, []);
  } finally {
    first.release();
    releaseFifo(secondPath);
    rmSync(dir, { recursive: true, force: true });
  }
});
