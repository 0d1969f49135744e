// Worker entry: scan one task handed over in workerData and post the result. Log bytes never cross threads;
// only progress counts and the (small, mergeable) result do.

import { parentPort, workerData } from 'node:worker_threads';
import type { ScanTask } from './task.js';
import { runTask } from './task.js';

const PROGRESS_STEP = 16 * 1024 * 1024;

async function main(): Promise<void> {
  const task = workerData as ScanTask;
  let pending = 0;
  const result = await runTask(task, (n) => {
    pending += n;
    if (pending >= PROGRESS_STEP) {
      parentPort!.postMessage({ type: 'progress', bytes: pending });
      pending = 0;
    }
  });
  if (pending > 0) parentPort!.postMessage({ type: 'progress', bytes: pending });
  parentPort!.postMessage({ type: 'result', result });
}

main().catch((err: unknown) => {
  parentPort!.postMessage({ type: 'error', message: (err as Error).message ?? String(err) });
});
