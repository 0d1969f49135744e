// The chart thread's worker, started (chart-thread.ts) when the scans are done, or at the process's start for a small
// run (src/cli.ts): a small analyze of all formats spent ~0.65 of its ~1.3 s after the scan waiting for the chart
// thread, which loads vega (~270 ms) and then draws the charts cold (~340 ms), while this thread had loaded its own
// modules (~450 ms) with the second core idle. Started first, vega loads beside them. A big run keeps the late start:
// the thread's 25–40 MiB would then be alive through the scans, where its peak RSS is (chart-thread.ts CHART_HEAP_MB).
// This module imports Node's own modules only (and types): whatever it imports is loaded before the thread can start.

import { statSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { ChartAnswer } from './chart-worker.js';
import { EARLY_START_MIN_BYTES, jobsGiven, optionGiven, regularFileSize } from './early-worker.js';
import type { SizeOf } from './early-worker.js';

/** The chart thread's entry (chart-worker.ts). */
export const CHART_WORKER_FILE = fileURLToPath(new URL('./chart-worker.js', import.meta.url));

/**
 * The chart thread's heap, in MiB: it lives through the main thread's tail, where the 1.5 GB benchmark log's peak RSS
 * now is. Its seven charts drawn on a thread of their own (three to five turns each), the process grew by 73–74 MiB
 * with V8's default young generation, 44–45 with 2 MiB, 46 with 4, 48 with 8 (in 333–373, 334–371, 365–375 and
 * 348–406 ms of CPU); with 2 MiB and the old generation capped at 48, 32 or 24 MiB, by 40–41, 38 and 33–35 (439–469,
 * 409–424, 448–520 ms): a smaller cap makes V8 collect sooner. vega alone, loaded, is 23–26 of it and 13–16 MiB of
 * heap; after the seven charts the heap held 24–27 MiB (of 28–30) in three runs on the 1.5 GB log. Past the cap the
 * thread dies (ERR_WORKER_OUT_OF_MEMORY) and the main thread draws the charts; their data is bounded (at most 96 time
 * bins, the tables' top rows).
 */
const CHART_HEAP_MB = { maxYoungGenerationSizeMb: 2, maxOldGenerationSizeMb: 32 };

/** A started chart worker and its one answer, or why there is none: whichever comes first. */
export interface ChartWorker {
  worker: Worker | null;
  answer: Promise<ChartAnswer>;
  /** process.hrtime.bigint() at its start, for the timing lines. */
  startedAt: bigint;
}

export function spawnChartWorker(file: string = CHART_WORKER_FILE): ChartWorker {
  const startedAt = process.hrtime.bigint();
  let worker: Worker | null = null;
  const answer = new Promise<ChartAnswer>((resolve) => {
    try {
      worker = new Worker(file, { resourceLimits: CHART_HEAP_MB });
    } catch (err) {
      resolve({ error: `the chart thread did not start: ${(err as Error).message}` });
      return;
    }
    // Not kept alive for itself: a run that fails before its charts, or draws none, exits without it.
    worker.unref();
    worker.once('message', (a: ChartAnswer) => resolve(a));
    worker.once('error', (err) => resolve({ error: `the chart thread failed: ${err.message}` }));
    worker.once('exit', (code) => resolve({ error: `the chart thread ended (exit code ${code}) before its answer` }));
  });
  return { worker, answer, startedAt };
}

let early: ChartWorker | null = null;

/** Formats named by `--format X`, `--format=X`, `-f X` or `-fX` (the last one given); undefined when not given. */
const formatsGiven = (args: readonly string[]): string | undefined => optionGiven(args, 'format', 'f', /^-f[a-z]/);

/**
 * Whether `args` (the command line after `node cli.js`) is an analyze or compare that will draw report.html's charts on
 * the chart thread (html among its formats, the default; more than one job) and reads less than EARLY_START_MIN_BYTES:
 * the words that are not options and name an existing file or directory (a compare's report side) are its inputs, at
 * least one, none is standard input, and compressed files count twenty times their size. A guess made before yargs
 * reads the options, as wantsEarlyWorker's: an option's value may count as an input (`--config small.json`), a missing
 * input is left out (the run then fails on it); a wrong guess costs one vega load beside the run, on a thread that
 * does not keep the process alive.
 */
export function wantsEarlyChartThread(args: readonly string[], sizeOf: SizeOf = regularFileSize, exists = existing, cores = availableParallelism()): boolean {
  if (args[0] !== 'analyze' && args[0] !== 'compare') return false;
  const jobs = jobsGiven(args);
  if (!((jobs === undefined ? cores : Number(jobs)) >= 2)) return false;
  const formats = formatsGiven(args);
  if (formats !== undefined && !formats.split(',').some((f) => f.trim() === 'html')) return false;
  let bytes = 0;
  let inputs = 0;
  for (let i = 1; i < args.length; i++) {
    const a = args[i]!;
    if (a === '-') return false;
    if (a.startsWith('-')) continue;
    const size = sizeOf(a);
    if (size === null && !exists(a)) continue; // an option's value ("2026", a new --out), or a missing input
    inputs++;
    bytes += (size ?? 0) * (/\.(gz|xz|bz2|zst)$/i.test(a) ? 20 : 1);
  }
  return inputs > 0 && bytes < EARLY_START_MIN_BYTES;
}

/** Whether `path` is there (a file, a directory: a compare's report side). */
function existing(path: string): boolean {
  try {
    statSync(path);
    return true;
  } catch {
    return false;
  }
}

/** Starts the chart thread at once when `args` call for one early (wantsEarlyChartThread). */
export function startEarlyChartThread(args: readonly string[]): void {
  if (early === null && wantsEarlyChartThread(args)) early = spawnChartWorker();
}

/** The thread startEarlyChartThread started, taken once (null: none). */
export function takeEarlyChartThread(): ChartWorker | null {
  const e = early;
  early = null;
  return e;
}
