// Runs scan tasks on the main thread and worker threads (worker-threads-pool); a task is a large byte range or a
// whole stream, so thread start-up is small next to the scan (measured in README "Performance").

import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import type { Worker } from 'node:worker_threads';
import type { ScanTask, TaskResult } from './task.js';
import { runTask } from './task.js';
import { RunError } from '../errors.js';
import type { WireResult } from './wire.js';
import { fromWire } from './wire.js';
import { deserialize } from 'node:v8';
import { DESERIALIZED_PER_BYTE, checkRoom, outOfMemory } from '../memory.js';

interface PoolLike {
  acquire(filename: string, opts: object, cb: (err: Error | null, worker: Worker) => void): void;
}

const require = createRequire(import.meta.url);
const Pool = require('worker-threads-pool') as new (opts: { max: number }) => PoolLike;

const WORKER_FILE = fileURLToPath(new URL('./scan-worker.js', import.meta.url));

/**
 * V8's default heap sizes. A larger young generation (64–192 MB) once saved ~15% of scan CPU, when the scan made
 * more short-lived objects; measured again after the parser work it gains nothing (1.5 GB, 2 jobs: 9.8–10.1 s with
 * the default, 10.0–10.1 s with 64 MB) and costs RSS (592–602 MiB against 633–650 MiB).
 */
const WORKER_LIMITS = {};

/**
 * A worker posts its result serialized (v8.serialize: the structured clone postMessage would make, object
 * identity kept), so the main thread sees its size before it becomes objects: a result that would not fit in
 * the heap beside what is merged already is an out-of-memory error, not V8's fatal one during deserialization.
 */
function receiveResult(bytes: Uint8Array, ranges: number): TaskResult {
  checkRoom(bytes.length * DESERIALIZED_PER_BYTE, () => `merging the result of a byte range (${ranges} in all)`);
  return fromWire(deserialize(bytes) as WireResult);
}

/**
 * Runs the tasks on `jobs` threads: the main thread and `jobs - 1` worker threads (worker-threads-pool limits
 * how many run). Workers pull tasks from the front of the queue, the main thread from the back, each until the
 * queue is empty, so a thread (and its warmed-up JIT) serves many ranges.
 *
 * Why the main thread scans too: it would otherwise sit idle until the last result, and every result a worker
 * sends costs a serialization there and a deserialization here (1.5 GB log: 12 MB, 80–130 ms and 190 ms). Its
 * own result needs neither, and one isolate fewer is one heap fewer at the peak. It takes the last task, so the
 * results of the earlier ranges are received and merged between its chunks (readRange yields after each one)
 * while it scans, not after every thread has finished.
 *
 * `onResult` gets each result as it comes (any order; the caller merges in task order).
 */
export async function runOnThreads(
  tasks: ScanTask[], jobs: number, progress: (bytes: number) => void, signal: AbortSignal | undefined,
  onResult: (result: TaskResult) => void,
): Promise<void> {
  const queue = [...tasks];
  const workers = Math.max(0, Math.min(jobs, tasks.length) - 1);
  const pool = new Pool({ max: Math.max(1, workers) });
  const live = new Set<Worker>();
  // Stops the inline scan (between two chunks) when a worker fails or the user interrupts.
  const inlineStop = new AbortController();
  let failed = false;
  const stop = (): void => { failed = true; inlineStop.abort(); for (const w of live) void w.terminate(); };
  // The first error is the run's error: the other threads, stopped because of it, must not report "interrupted".
  let firstError: Error | null = null;
  const fail = (e: Error): void => { firstError ??= e; stop(); };
  signal?.addEventListener('abort', stop, { once: true });
  if (signal?.aborted) stop();

  const onWorker = (): Promise<void> => new Promise<void>((resolve, reject) => {
    pool.acquire(WORKER_FILE, { resourceLimits: WORKER_LIMITS }, (err, worker) => {
      if (err) { reject(err); return; }
      if (failed) { void worker.terminate(); reject(firstError ?? new RunError('interrupted')); return; }
      live.add(worker);
      const next = (): void => {
        const task = queue.shift();
        if (task === undefined) worker.postMessage({ type: 'stop' });
        else worker.postMessage({ type: 'task', task });
      };
      worker.on('message', (msg: { type: string; bytes?: number; result?: Uint8Array; message?: string }) => {
        if (msg.type === 'progress') progress(msg.bytes!);
        else if (msg.type === 'ready') next();
        else if (msg.type === 'result') {
          next(); // hand out the next range first, then look at this one
          try {
            onResult(receiveResult(msg.result!, tasks.length));
          } catch (e) { fail(e as Error); }
        }
        else if (msg.type === 'error') fail(new RunError(msg.message!));
      });
      // A worker that hit the heap limit between two checks (memory.ts) is stopped by Node with this code.
      worker.once('error', (e) => {
        fail((e as { code?: string }).code === 'ERR_WORKER_OUT_OF_MEMORY' ? outOfMemory('in a scan worker: its heap is full') : e);
      });
      // Settle on exit, so the pool has released the thread before the run goes on.
      worker.once('exit', (code) => {
        live.delete(worker);
        if (firstError !== null) reject(firstError);
        else if (failed) reject(new RunError('interrupted'));
        else if (code !== 0) reject(new RunError(`scan worker stopped (exit code ${code})`));
        else resolve();
      });
    });
  });

  const onMainThread = async (): Promise<void> => {
    try {
      for (let task = queue.pop(); task !== undefined && !failed; task = queue.pop()) {
        const started = process.hrtime.bigint();
        const result = await runTask(task, progress, inlineStop.signal);
        if (process.env.MAILLOG_FORENSICS_TIMING) {
          process.stderr.write(`timing: main thread range ${task.seq} (${((task.end - task.start) / 1e6).toFixed(0)} MB) `
            + `${(Number(process.hrtime.bigint() - started) / 1e6).toFixed(0)} ms wall\n`);
        }
        onResult(result);
      }
    } catch (e) {
      fail(e as Error);
    }
    if (firstError !== null) throw firstError;
    if (failed) throw new RunError('interrupted');
  };

  // Every thread settles before the run goes on: a scan left running on the main thread would outlive the error.
  let lanes: Array<PromiseSettledResult<void>>;
  try {
    lanes = await Promise.allSettled([onMainThread(), ...Array.from({ length: workers }, () => onWorker().catch((e: Error) => {
      fail(e);
      throw e;
    }))]);
  } finally {
    signal?.removeEventListener('abort', stop);
  }
  if (firstError !== null) throw firstError;
  for (const lane of lanes) if (lane.status === 'rejected') throw lane.reason;
}
