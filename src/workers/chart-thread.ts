// The chart thread: report.html's charts drawn on a worker of their own while the main thread draws the other
// formats (issue 3, the serial tail). Started when the scans are done (commands.ts), it loads vega and vega-lite on the
// core the scan worker left idle while the main thread folds the open messages, detects and builds the report; it
// gets the charts' specs (a few kB each), draws them with the main thread's own code (render/chart-svg.ts) and
// answers with their SVG. Without it, the main thread drew the seven charts on the serial tail (~0.27 s on the 1.5 GB
// benchmark log, most of it vega's code run cold) and loaded vega beside its own scan.
//
// A thread that does not start, fails, ends or answers wrong loses nothing: the main thread then draws the charts
// itself, the same bytes, as a run with --jobs 1 does.

import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import { drawCharts } from '../render/chart-svg.js';
import type { DrawableChart } from '../render/chart-svg.js';
import type { ChartAnswer, ChartJob } from './chart-worker.js';
import { atNow, msSince, timingLine } from '../timing.js';

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

export interface ChartThread {
  /** Draws the charts, one SVG each in their order (render/chart-svg.ts ChartDrawer); once per thread. */
  draw: (charts: readonly DrawableChart[]) => Promise<string[]>;
  /** Ends the thread if it still runs: a run that failed before its charts, or wrote no html. */
  end: () => void;
}

/**
 * Starts the chart thread. `file` is its entry (tests give one that fails); `onFallback` hears why the charts were
 * drawn on the main thread after all.
 */
export function startChartThread(file: string = CHART_WORKER_FILE, onFallback: (why: string) => void = () => {}): ChartThread {
  const startedAt = process.hrtime.bigint();
  let worker: Worker | null = null;
  // The thread's one answer, or why there is none: whichever comes first.
  const answer = new Promise<ChartAnswer>((resolve) => {
    try {
      worker = new Worker(file, { resourceLimits: CHART_HEAP_MB });
    } catch (err) {
      resolve({ error: `the chart thread did not start: ${(err as Error).message}` });
      return;
    }
    // Not kept alive for itself: a run that fails before its charts exits without it (draw holds it meanwhile).
    worker.unref();
    worker.once('message', (a: ChartAnswer) => resolve(a));
    worker.once('error', (err) => resolve({ error: `the chart thread failed: ${err.message}` }));
    worker.once('exit', (code) => resolve({ error: `the chart thread ended (exit code ${code}) before its answer` }));
  });
  timingLine(`chart thread started (${atNow()})`);
  let asked = false;
  const end = (): void => {
    const w = worker as Worker | null;
    worker = null;
    if (w !== null) void w.terminate();
  };
  return {
    end,
    async draw(charts) {
      if (asked) throw new Error('internal error: the chart thread draws once');
      asked = true;
      const asking = process.hrtime.bigint();
      const w = worker as Worker | null;
      let got: ChartAnswer;
      try {
        if (w !== null) {
          w.ref();
          w.postMessage({ charts: [...charts] } satisfies ChartJob);
        }
        got = await answer;
      } catch (err) {
        // postMessage: a spec that cannot be cloned (none today; plain data)
        got = { error: `the charts could not be sent to the chart thread: ${(err as Error).message}` };
      } finally {
        end();
      }
      if ('svgs' in got && got.svgs.length === charts.length) {
        timingLine(`charts from the chart thread, waited ${msSince(asking)} ms, ${msSince(startedAt)} ms after its start (${atNow()})`);
        return got.svgs;
      }
      const why = 'error' in got ? got.error : `${got.svgs.length} charts drawn of ${charts.length}`;
      onFallback(why);
      timingLine(`chart thread: ${why.split('\n')[0]}; the charts are drawn on the main thread (${atNow()})`);
      return drawCharts(charts);
    },
  };
}
