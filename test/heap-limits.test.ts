// The heap settings that bound the run's peak memory (issue 3, docs/performance.md "Peak memory"): the scan workers'
// small young generation, which the heap check (memory.ts) must count as it is, and the full collection when the
// scans' results are merged.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Worker } from 'node:worker_threads';
import { getHeapStatistics } from 'node:v8';
import { collectAfterMerge, youngReserve } from '../src/memory.js';
import { SCAN_WORKER_LIMITS } from '../src/workers/early-worker.js';

const MIB = 1048576;

/** heap_size_limit and the young generation's size as a worker started with `limits` sees them. */
function workerHeap(limits: object): Promise<{ limit: number; young: number | undefined }> {
  const code = `const { parentPort, resourceLimits } = require('node:worker_threads');
    parentPort.postMessage({ limit: require('node:v8').getHeapStatistics().heap_size_limit, young: resourceLimits.maxYoungGenerationSizeMb });`;
  return new Promise((resolve, reject) => {
    const w = new Worker(code, { eval: true, resourceLimits: limits });
    w.once('message', (m: { limit: number; young: number | undefined }) => { resolve(m); void w.terminate(); });
    w.once('error', reject);
  });
}

test('a scan worker has a small young generation, and the heap check takes off what V8 reserves for it', async () => {
  // The main thread's old generation: its limit less V8's default young generation (three 16 MiB semi-spaces).
  const oldLimit = getHeapStatistics().heap_size_limit - youngReserve(undefined);
  const scan = await workerHeap(SCAN_WORKER_LIMITS);
  assert.ok(scan.young !== undefined && scan.young < 48, `scan worker's young generation ${scan.young} MB`);
  // Every worker's old generation has the main thread's limit: what is left once its own young reserve is taken off
  // (8 MB are reserved as 12: three semi-spaces of 4; a check that took off 48 would stop a worker 36 MiB early).
  for (const limits of [SCAN_WORKER_LIMITS, { maxYoungGenerationSizeMb: 24 }, {}]) {
    const w = await workerHeap(limits);
    assert.equal((w.limit - youngReserve(w.young)) / MIB, oldLimit / MIB, JSON.stringify(limits));
  }
});

test('the collection after the merge frees a large heap\'s garbage', () => {
  // About 100 MiB of small objects kept long enough to be promoted, then dropped: what a scan's finished records are.
  let kept: Array<{ n: number; s: string }> | null = [];
  for (let i = 0; i < 1_200_000; i++) kept.push({ n: i, s: `record ${i} of a range` });
  const before = getHeapStatistics().used_heap_size;
  assert.ok(before > 64 * MIB, `heap ${Math.round(before / MIB)} MiB`);
  kept = null;
  collectAfterMerge();
  const after = getHeapStatistics().used_heap_size;
  assert.ok(before - after > 50 * MIB, `heap ${Math.round(before / MIB)} → ${Math.round(after / MIB)} MiB`);
});
