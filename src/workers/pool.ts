// Runs scan tasks on worker threads, `jobs` at a time, with worker-threads-pool (one Worker per task; a task is
// a large byte range, so thread start-up is small next to the scan — measured in README "Performance").

import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import type { Worker } from 'node:worker_threads';
import type { ScanTask, TaskResult } from './task.js';
import { RunError } from '../errors.js';

interface PoolLike {
  acquire(filename: string, opts: object, cb: (err: Error | null, worker: Worker) => void): void;
  destroy(cb?: () => void): void;
}

const require = createRequire(import.meta.url);
const Pool = require('worker-threads-pool') as new (opts: { max: number }) => PoolLike;

const WORKER_FILE = new URL('./scan-worker.js', import.meta.url);

export async function runOnWorkers(
  tasks: ScanTask[], jobs: number, progress: (bytes: number) => void, signal?: AbortSignal,
): Promise<TaskResult[]> {
  const pool = new Pool({ max: jobs });
  const results: TaskResult[] = [];
  const live = new Set<Worker>();
  try {
    await Promise.all(tasks.map((task) => new Promise<void>((resolve, reject) => {
      pool.acquire(fileURLToPath(WORKER_FILE), { workerData: task }, (err, worker) => {
        if (err) { reject(err); return; }
        if (signal?.aborted) { void worker.terminate(); reject(new RunError('interrupted')); return; }
        live.add(worker);
        let done = false;
        worker.on('message', (msg: { type: string; bytes?: number; result?: TaskResult; message?: string }) => {
          if (msg.type === 'progress') progress(msg.bytes!);
          else if (msg.type === 'result') { results.push(msg.result!); done = true; resolve(); }
          else if (msg.type === 'error') { done = true; reject(new RunError(msg.message!)); }
        });
        worker.once('error', (e) => { done = true; reject(e); });
        worker.once('exit', (code) => {
          live.delete(worker);
          if (!done) reject(new RunError(`scan worker stopped (exit code ${code})`));
        });
      });
    })));
  } finally {
    for (const w of live) void w.terminate();
    pool.destroy();
  }
  return results.sort((a, b) => a.seq - b.seq);
}
