// The scan worker of a big `analyze`, started when the process starts (src/cli.ts) rather than when the scan's pool
// asks for it: a worker takes ~180 ms to start (an isolate, then the scan's modules loaded in it), and the main thread
// took ~280 ms to load its own modules (yargs, the renderers) and read the options before it asked. Started first, the
// two loads run side by side on the two cores, and the worker is ready when its range is handed out (pool.ts adopts
// it). This module imports Node's own modules only: whatever it imports is loaded before the worker can start.

import { statSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';

/** The scan worker's entry (scan-worker.ts). */
export const WORKER_FILE = fileURLToPath(new URL('./scan-worker.js', import.meta.url));

/**
 * Inputs smaller than this are not worth a worker started before the options are read: split/ranges.ts gives a plain
 * file a range of its own per job only from 16 MiB a range (MIN_RANGE_BYTES, 2 jobs: 32 MiB), and below that the run
 * ends in well under a second anyway. Small runs (the test suite's hundreds) get their worker from the pool as before,
 * when their inputs call for one, and none that they would not use.
 */
export const EARLY_START_MIN_BYTES = 32 * 1024 * 1024;

/** A file's size when it is a regular file, else null (not there, a directory, a FIFO, an option's value). */
export type SizeOf = (path: string) => number | null;

export function regularFileSize(path: string): number | null {
  try {
    const st = statSync(path);
    return st.isFile() ? st.size : null;
  } catch {
    return null;
  }
}

/**
 * The value of an option given as `--name X`, `--name=X`, `-n X` or `-nX` (the last one given), or undefined when not
 * given; `attached` tells an `-nX` from another short option's word.
 */
export function optionGiven(args: readonly string[], name: string, short: string, attached: RegExp): string | undefined {
  let value: string | undefined;
  for (let i = 0; i < args.length; i++) {
    const a = args[i]!;
    if (a === '--') break;
    if (a === `--${name}` || a === `-${short}`) value = args[i + 1];
    else if (a.startsWith(`--${name}=`)) value = a.slice(name.length + 3);
    else if (attached.test(a)) value = a.slice(2);
  }
  return value;
}

/** The value of `--jobs N`, `--jobs=N`, `-j N` or `-jN` (the last one given), or undefined when not given. */
export const jobsGiven = (args: readonly string[]): string | undefined => optionGiven(args, 'jobs', 'j', /^-j\d/);

/**
 * Whether `args` (the command line after `node cli.js`) is an analyze that will scan with a worker: the analyze
 * command, more than one job, no standard input, no file named .gz (a .gz worker has other heap limits: pool.ts), and
 * at least EARLY_START_MIN_BYTES of regular files among its words. A guess made before yargs reads the options: a word
 * that is an option's value (`--config big.json`) may count as an input, and a .gz without its suffix is found only
 * later; the pool then ends the worker unused, or starts its own (takeEarlyWorker). Nothing else depends on it.
 */
export function wantsEarlyWorker(args: readonly string[], sizeOf: SizeOf = regularFileSize, cores = availableParallelism()): boolean {
  if (args[0] !== 'analyze') return false;
  const jobs = jobsGiven(args);
  const count = jobs === undefined ? cores : Number(jobs);
  if (!(count >= 2)) return false;
  let bytes = 0;
  for (const a of args.slice(1)) {
    if (a === '-') return false;
    if (a.startsWith('-')) continue;
    if (/\.gz$/i.test(a)) return false;
    bytes += sizeOf(a) ?? 0;
  }
  return bytes >= EARLY_START_MIN_BYTES;
}

/** A worker started at the process's start, until the pool takes it. */
export interface EarlyWorker {
  worker: Worker;
  /** Removes the listeners set here (only those: Node's own on the Worker must stay). */
  unlisten: () => void;
  /** Whether it has posted its 'ready' (scan-worker.ts): its next message is a task's answer. */
  ready: boolean;
  /** When it was started (process.hrtime.bigint()), for the timing line. */
  startedAt: bigint;
}

/**
 * A plain-file scan worker's heap limits: a young generation of 8 MB instead of V8's 48 (3 × its 16 MB semi-space).
 * The run's peak comes when the worker has scanned and serialized its result while the main thread still scans: both
 * heaps are alive at once, and the worker's young generation, 32 MiB of it resident by then, holds nothing the result
 * needs. With 8 MB, 1.5 GB log, 2 jobs, no take-over: that peak 228–233 MiB against 259–269 (the 200 MB log's 150–158
 * against 174–182), the same CPU (twenty-eighth session, docs/performance.md "Peak memory"; V8 scavenges more often,
 * each a smaller one: the twenty-sixth session found a scan's CPU the same from 1 to 64 MB semi-spaces). The early
 * worker and the pool's plain workers get these; a .gz worker has its own (pool.ts).
 */
export const SCAN_WORKER_LIMITS = { maxYoungGenerationSizeMb: 8 };

let early: EarlyWorker | null = null;
/** Set when the early worker failed before the pool took it: the pool starts its own. */
let failed = false;

/**
 * Starts the scan worker when `args` call for one (wantsEarlyWorker). It does not keep the process alive: a run that
 * ends before it is taken (a usage error, --help, inputs that turned out small) exits as before, and Node ends it.
 */
export function startEarlyWorker(args: readonly string[]): void {
  if (early !== null || !wantsEarlyWorker(args)) return;
  const worker = new Worker(WORKER_FILE, { resourceLimits: SCAN_WORKER_LIMITS });
  // Its 'ready' comes before the pool listens: remembered here, as the pool would have heard it.
  const onMessage = (msg: { type?: string }): void => {
    if (msg.type === 'ready') {
      e.ready = true;
      worker.off('message', onMessage);
    }
  };
  const onError = (): void => { failed = true; };
  const unlisten = (): void => {
    worker.off('message', onMessage);
    worker.off('error', onError);
    worker.off('exit', onError);
  };
  const e: EarlyWorker = { worker, unlisten, ready: false, startedAt: process.hrtime.bigint() };
  worker.on('message', onMessage);
  worker.on('error', onError);
  worker.on('exit', onError);
  worker.unref();
  early = e;
}

/**
 * The worker startEarlyWorker started, for a pool whose workers get `limits` (only SCAN_WORKER_LIMITS match):
 * taken once, with its listeners removed and the process kept alive by it again. Null when none was started, when it
 * failed, or when the limits differ (it is ended then: the pool starts one of its own).
 */
export function takeEarlyWorker(limits: object): EarlyWorker | null {
  const e = early;
  if (e === null) return null;
  early = null;
  e.unlisten();
  if (failed || !sameLimits(limits, SCAN_WORKER_LIMITS)) {
    void e.worker.terminate();
    return null;
  }
  e.worker.ref();
  return e;
}

/** Ends an early worker that no pool took (a run whose inputs needed no worker), so that it does not scan for nothing. */
export function dropEarlyWorker(): void {
  const e = early;
  early = null;
  if (e !== null) {
    e.unlisten();
    void e.worker.terminate();
  }
}

function sameLimits(a: object, b: object): boolean {
  const ka = Object.keys(a);
  return ka.length === Object.keys(b).length && ka.every((k) => (a as Record<string, unknown>)[k] === (b as Record<string, unknown>)[k]);
}
