// The timing lines' CPU by thread (thread-cpu.ts, gc-time.ts): a thread reads its own CPU, not the process's, and
// the lines of a run carry each range's CPU, its collector pauses and, at exit, the process's CPU by thread.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import { CLI, ROOT } from './helpers.js';
import { threadCpu } from '../src/thread-cpu.js';

const LINUX = process.platform === 'linux';
const THREAD_CPU_URL = new URL('../src/thread-cpu.js', import.meta.url).href;

test('a worker that spins reads its own CPU, and the main thread waiting for it does not see that CPU', { skip: !LINUX && 'Linux /proc only' }, async () => {
  const before = threadCpu();
  assert.ok(Number.isFinite(before.runNs) && before.runNs > 0, JSON.stringify(before));
  // The worker spins until its own reading says it ran 300 ms more (or a minute passed), then answers with what it read.
  const source = `
    const { parentPort } = require('node:worker_threads');
    import(${JSON.stringify(THREAD_CPU_URL)}).then(({ threadCpu }) => {
      const start = threadCpu();
      let now = start;
      let spins = 0;
      const giveUp = Date.now() + 60000; // a reading that is not this thread's may never grow
      while (now.runNs - start.runNs < 300e6 && Date.now() < giveUp) { for (let i = 0; i < 1e5; i++) spins += i & 1; now = threadCpu(); }
      parentPort.postMessage({ ranNs: now.runNs - start.runNs, spins });
    });`;
  const answer = await new Promise<{ ranNs: number }>((resolve, reject) => {
    const w = new Worker(source, { eval: true });
    w.once('message', resolve);
    w.once('error', reject);
  });
  const mainRanNs = threadCpu().runNs - before.runNs;
  assert.ok(answer.ranNs >= 300e6, `worker ${answer.ranNs} ns`);
  // Read as the process's CPU, the main thread's would include the worker's 300 ms.
  assert.ok(mainRanNs < answer.ranNs / 2, `main ${mainRanNs} ns against the worker's ${answer.ranNs} ns`);
});

test('the timing lines give each range its thread\'s CPU and collector pauses, and the exit line the CPU by thread', { skip: !LINUX && 'Linux /proc only' }, () => {
  const dir = mkdtempSync(join(tmpdir(), 'thread-cpu-'));
  try {
    const r = spawnSync(process.execPath, [CLI, 'analyze', join(ROOT, 'samples', 'incident.log'), '--year', '2026', '--jobs', '1', '--format', 'json', '--out', dir, '-q'], {
      encoding: 'utf8', env: { ...process.env, MAILLOG_FORENSICS_TIMING: '1' },
    });
    assert.equal(r.status, 0, r.stderr);
    assert.match(r.stderr, /^timing: main thread range 0\.0 \(\d+ MB\) \d+ ms wall, \d+ ms cpu of the thread, \d+ ms waiting for a cpu, gc \d+ ms: \d+ scavenges \d+ ms, \d+ mark-compacts \d+ ms, other \d+ ms \(at [\d.]+ s\)$/m);
    assert.match(r.stderr, /^timing: detect \d+ ms \(at [\d.]+ s, \d+ ms cpu of the thread, \d+ ms waiting for a cpu, gc \d+ ms: /m);
    const exit = /^timing: exit \(at [\d.]+ s; process (\d+) ms cpu, main thread (\d+), (\d+) threads alive beside it \(V8's compiler and collector tasks, libuv\) (\d+), threads ended \(scan workers, chart thread\) (-?\d+)\)$/m.exec(r.stderr);
    assert.ok(exit !== null, r.stderr);
    const [processMs, mainMs, helpers] = [Number(exit[1]), Number(exit[2]), Number(exit[3])];
    // One job: no thread ended; the process's clock ticks (10 ms) and the threads' nanoseconds differ by a few ticks.
    assert.ok(mainMs > 0 && mainMs <= processMs + 50, r.stderr);
    assert.ok(helpers >= 1, r.stderr);
    assert.ok(Math.abs(Number(exit[5])) < 100, r.stderr);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
