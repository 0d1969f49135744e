// Worker entry: scans the tasks the main thread hands over, one at a time, until told to stop. A worker lives
// for the whole run, so its JIT warms up once (a fresh worker per range spent ~0.5 s of CPU warming up on every
// range). Log bytes never cross threads; only progress counts and the (small, mergeable) results do.

import { parentPort } from 'node:worker_threads';
import { getHeapStatistics, serialize } from 'node:v8';
import type { ScanTask } from './task.js';
import { runTask } from './task.js';
import { toWireParts } from './wire.js';
import { UsageError } from '../errors.js';
import { UnreadInputError } from '../split/magic.js';
import { TIMING_ON, atNow, msSince, timingLine } from '../timing.js';
import { threadCpu, threadCpuSince } from '../thread-cpu.js';
import { gcSince, gcSoFar, observeGc } from '../gc-time.js';

const PROGRESS_STEP = 16 * 1024 * 1024;

export type ToWorker = { type: 'task'; task: ScanTask } | { type: 'stop' };

const port = parentPort!;
observeGc();

port.on('message', (msg: ToWorker) => {
  if (msg.type === 'stop') {
    port.close();
    return;
  }
  let pending = 0;
  const started = process.hrtime.bigint();
  const cpu = process.cpuUsage();
  const ownCpu = TIMING_ON ? threadCpu() : null;
  const gc = gcSoFar();
  runTask(msg.task, (n) => {
    pending += n;
    if (pending >= PROGRESS_STEP) {
      port.postMessage({ type: 'progress', bytes: pending });
      pending = 0;
    }
  }).then((result) => {
    if (pending > 0) port.postMessage({ type: 'progress', bytes: pending });
    if (TIMING_ON) {
      // process.cpuUsage() is the whole process's, every thread's, also in a worker.
      const c = process.cpuUsage(cpu);
      const heap = getHeapStatistics();
      timingLine(`worker range ${msg.task.seq} (${((msg.task.end - msg.task.start) / 1e6).toFixed(0)} MB) `
        + `${(Number(process.hrtime.bigint() - started) / 1e6).toFixed(0)} ms wall, ${((c.user + c.system) / 1000).toFixed(0)} ms cpu of the process, `
        + `${threadCpuSince(ownCpu!)}, ${gcSince(gc)}, heap ${mib(heap.used_heap_size)} used of ${mib(heap.total_heap_size)} MiB (${atNow()})`);
    }
    // Serialized here, part by part (wire.ts), each handed over without a copy when its buffer is its own; the
    // main thread decodes them when the last has come (see receiveResult in pool.ts).
    let parts = 0;
    let posted = 0;
    const serializing = process.hrtime.bigint();
    const serializingCpu = TIMING_ON ? threadCpu() : null;
    for (const part of toWireParts(result)) {
      const bytes = serialize(part);
      posted += bytes.byteLength;
      const whole = bytes.byteOffset === 0 && bytes.byteLength === bytes.buffer.byteLength;
      // Its kind with it: the main thread's heap check counts each kind at its own rate (memory.ts decodedBytes).
      port.postMessage({ type: 'part', part: bytes, kind: part.kind }, whole ? [bytes.buffer as ArrayBuffer] : []);
      parts++;
    }
    port.postMessage({ type: 'result', parts });
    timingLine(`worker range ${msg.task.seq}.${msg.task.piece}'s result: ${parts} parts, ${(posted / 1e6).toFixed(1)} MB, `
      + `serialized and posted in ${msSince(serializing)} ms${serializingCpu === null ? '' : `, ${threadCpuSince(serializingCpu)}`} (${atNow()})`);
  }, (err: unknown) => {
    // A usage error (an input that cannot be read, e.g. a zip archive, or xz data without xz installed) keeps its exit code in the main thread.
    // A refusal goes as its data, to be worded in the run's language (commands.ts).
    const refused = err instanceof UnreadInputError ? { path: err.path, format: err.format, tool: err.tool } : undefined;
    port.postMessage({ type: 'error', message: (err as Error).message ?? String(err), usage: err instanceof UsageError, refused });
  });
});
if (TIMING_ON) {
  const loaded = threadCpu(); // since the thread started: its isolate and the scan's modules
  timingLine(`scan worker loaded in ${(loaded.runNs / 1e6).toFixed(0)} ms cpu of its thread (${atNow()})`);
}
port.postMessage({ type: 'ready' });

function mib(bytes: number): string {
  return (bytes / 1048576).toFixed(0);
}
