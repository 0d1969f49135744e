// Runs scan tasks on worker threads, `jobs` at a time, with worker-threads-pool (one Worker per task; a task is
// a large byte range, so thread start-up is small next to the scan — measured in README "Performance").

import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import type { Worker } from 'node:worker_threads';
import type { ScanTask, TaskResult } from './task.js';
import { RunError } from '../errors.js';

interface PoolLike {
  acquire(filename: string, opts: object, cb: (err: Error | null, worker: Worker) => void): void;
}

const require = createRequire(import.meta.url);
const Pool = require('worker-threads-pool') as new (opts: { max: number }) => PoolLike;

const WORKER_FILE = fileURLToPath(new URL('./scan-worker.js', import.meta.url));

export async function runOnWorkers(
  tasks: ScanTask[], jobs: number, progress: (bytes: number) => void, signal?: AbortSignal,
): Promise<TaskResult[]> {
  const pool = new Pool({ max: jobs });
  const results: TaskResult[] = [];
  const live = new Set<Worker>();
  let failed = false;
  const stop = (): void => { failed = true; for (const w of live) void w.terminate(); };
  signal?.addEventListener('abort', stop, { once: true });
  try {
    await Promise.all(tasks.map((task) => new Promise<void>((resolve, reject) => {
      pool.acquire(WORKER_FILE, { workerData: task }, (err, worker) => {
        if (err) { reject(err); return; }
        if (failed) { void worker.terminate(); reject(new RunError('interrupted')); return; }
        live.add(worker);
        let result: TaskResult | null = null;
        let error: Error | null = null;
        worker.on('message', (msg: { type: string; bytes?: number; result?: TaskResult; message?: string }) => {
          if (msg.type === 'progress') progress(msg.bytes!);
          else if (msg.type === 'result') result = msg.result!;
          else if (msg.type === 'error') error = new RunError(msg.message!);
        });
        worker.once('error', (e) => { error = e; });
        // Settle on exit, so the pool has released the thread before the next task or the end of the run.
        worker.once('exit', (code) => {
          live.delete(worker);
          if (result !== null) { results.push(result); resolve(); return; }
          reject(error ?? new RunError(failed ? 'interrupted' : `scan worker stopped (exit code ${code})`));
        });
      });
    })));
  } catch (err) {
    stop();
    throw err;
  } finally {
    signal?.removeEventListener('abort', stop);
  }
  return results.sort((a, b) => a.seq - b.seq);
}
