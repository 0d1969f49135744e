// The main thread's heap check before it decodes a worker's result (src/workers/pool.ts receiveResult,
// src/memory.ts decodedBytes): per-IP parts are counted at their own rates, measured on real results, so that a
// botnet that fits is not stopped (a 2 million-IP botnet at --jobs 2 was, with one factor of 4 for every byte),
// and one that does not fit still stops with the tool's line before V8's fatal error.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { type SpawnSyncReturns, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { deserialize, getHeapStatistics, serialize, setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { CLI } from './helpers.js';
import { writeBotnet } from '../samples/generator/botnet.js';
import { resolveInputs } from '../src/split/inputs.js';
import { planTasks } from '../src/run.js';
import { runTask } from '../src/workers/task.js';
import type { TaskResult } from '../src/workers/task.js';
import { type WirePart, fromWireParts, toWireParts } from '../src/workers/wire.js';
import { DESERIALIZED_PER_BYTE, decodedBytes } from '../src/memory.js';
import type { Report } from '../src/report/model.js';

setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as () => void;

/** Heap in use after full collections. */
function liveHeap(): number {
  gc();
  gc();
  return getHeapStatistics().used_heap_size;
}

test('a botnet result\'s per-IP parts are asked at their own rates: never less than they take once decoded, far less than 4 a byte', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'mf-botnet-guard-'));
  try {
    const log = join(dir, 'botnet.log');
    writeBotnet(30_000, log);
    const { inputs } = await resolveInputs([log], 2026);
    let result: TaskResult | null = await runTask(planTasks(inputs, 1, 1e12)[0]!, () => undefined);
    // Serialized part by part as a worker posts them (scan-worker.ts), each with its kind.
    let parts: Array<Uint8Array | null> = [];
    let asked = 0;
    const bytesOf = new Map<string, number>();
    for (const part of toWireParts(result)) {
      const bytes = serialize(part);
      parts.push(bytes);
      asked += decodedBytes(part.kind, bytes.length);
      bytesOf.set(part.kind, (bytesOf.get(part.kind) ?? 0) + bytes.length);
    }
    result = null;
    const total = [...bytesOf.values()].reduce((s, n) => s + n, 0);
    // A botnet's result is its rows and their examples (the head holds the rest of the aggregate).
    assert.ok((bytesOf.get('ips') ?? 0) + (bytesOf.get('refs') ?? 0) > 0.95 * total, JSON.stringify([...bytesOf]));
    const before = liveHeap();
    let decoded: TaskResult | null = fromWireParts(parts.length, (i) => {
      const part = deserialize(parts[i]!) as WirePart;
      parts[i] = null;
      return part;
    });
    parts = [];
    const took = liveHeap() - before;
    assert.equal(decoded.aggregate.byClientIp.size, 30_000);
    decoded = null;
    // Measured 1.73 a serialized byte for this shape (docs/performance.md, "Botnet ceiling").
    assert.ok(asked >= took, `asked ${asked} bytes, decoded into ${took}`);
    assert.ok(asked < 1.5 * took, `asked ${asked} bytes for ${took}: the rates have drifted from what decoding takes`);
    assert.ok(asked < 0.6 * DESERIALIZED_PER_BYTE * total, `asked ${asked} of ${total} serialized bytes`);
    // Open records and the head keep the factor of 4.
    assert.equal(decodedBytes('records', 1000), 1000 * DESERIALIZED_PER_BYTE);
    assert.equal(decodedBytes('head', 1000), 1000 * DESERIALIZED_PER_BYTE);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('an 80,000-IP botnet at --jobs 2: runs in a 192 MB heap with exact counts, and in a 96 MB heap stops with the tool\'s line before decoding the worker\'s result', { timeout: 300_000 }, () => {
  const dir = mkdtempSync(join(tmpdir(), 'mf-botnet-guard-'));
  try {
    const log = join(dir, 'botnet.log');
    const c = writeBotnet(80_000, log);
    const run = (heapMb: number): SpawnSyncReturns<string> => spawnSync(process.execPath,
      [`--max-old-space-size=${heapMb}`, CLI, 'analyze', log, '--out', join(dir, `out-${heapMb}`), '--year', '2026', '--jobs', '2', '-q', '--format', 'json'],
      { encoding: 'utf8' });
    // The worker's result (its range is the first wave: every IP) is ~28 MB; beside the main thread's ~59 MiB of
    // state, a factor of 4 asked 108 MiB and stopped this run at 160 and 192 MB (the twenty-seventh session's build).
    const fits = run(192);
    assert.equal(fits.status, 0, fits.stderr.slice(0, 600));
    const rep = JSON.parse(readFileSync(join(dir, 'out-192', 'report.json'), 'utf8')) as Report;
    assert.equal(rep.totals.authFailures, c.smtpAuthFailures);
    assert.equal(rep.findings.find((f) => f.rule === 'sasl-bruteforce')?.evidence.attackingIps, 80_000);
    // Too small: the check before the decode stops it (exit 1, one line), not V8 (exit 134 and a native stack).
    const small = run(96);
    assert.equal(small.status, 1, small.stderr.slice(0, 600));
    assert.match(small.stderr, /^maillog-forensics: out of memory merging the result of a byte range \(2 in all\): the analysis holds \d+ MiB and needs \d+ MiB more of its \d+ MiB heap(, \d+ MiB of it in tables that grow by copying)? \(millions[^\n]*NODE_OPTIONS=--max-old-space-size=\d+\n$/);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
