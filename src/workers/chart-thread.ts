// The chart thread: report.html's charts drawn on a worker of their own while the main thread draws the other
// formats (issue 3, the serial tail). Started when the scans are done (commands.ts; a small run's at the process's
// start: chart-start.ts), it loads vega and vega-lite on the
// core the scan worker left idle while the main thread folds the open messages, detects and builds the report; it
// gets the charts' specs (a few kB each), draws them with the main thread's own code (render/chart-svg.ts) and
// answers with their SVG. Without it, the main thread drew the seven charts on the serial tail (~0.27 s on the 1.5 GB
// benchmark log, most of it vega's code run cold) and loaded vega beside its own scan.
//
// A thread that does not start, fails, ends or answers wrong loses nothing: the main thread then draws the charts
// itself, the same bytes, as a run with --jobs 1 does.

import type { Worker } from 'node:worker_threads';
import { drawCharts } from '../render/chart-svg.js';
import type { DrawableChart } from '../render/chart-svg.js';
import type { ChartAnswer, ChartJob } from './chart-worker.js';
import { atNow, msSince, timingLine } from '../timing.js';
import { CHART_WORKER_FILE, spawnChartWorker, takeEarlyChartThread } from './chart-start.js';

export { CHART_WORKER_FILE } from './chart-start.js';

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
  // Started at the process's start for a small run (chart-start.ts): taken as it is, its answer perhaps already in.
  const early = file === CHART_WORKER_FILE ? takeEarlyChartThread() : null;
  const { answer, startedAt, worker: started } = early ?? spawnChartWorker(file);
  let worker = started;
  timingLine(early === null ? `chart thread started (${atNow()})` : `chart thread taken, started ${msSince(startedAt)} ms before (${atNow()})`);
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
