// Worker entry of the chart thread (chart-thread.ts): loads vega and vega-lite as soon as it starts, draws the
// report's charts when the main thread sends their specs, answers with their SVG and ends. It imports the drawing
// half of the charts only (render/chart-svg.ts), so the bytes are those the main thread draws: the same code on the
// same specs.

import { parentPort } from 'node:worker_threads';
import { drawCharts, preloadChartLibraries } from '../render/chart-svg.js';
import type { DrawableChart } from '../render/chart-svg.js';
import { getHeapStatistics } from 'node:v8';
import { TIMING_ON, atNow, msSince, timingLine } from '../timing.js';

/** What the main thread sends: the charts to draw, once. */
export interface ChartJob { charts: DrawableChart[] }
/** The answer: the SVG of each chart in order, or why none. */
export type ChartAnswer = { svgs: string[] } | { error: string };

const port = parentPort!;
const started = process.hrtime.bigint();
// A failed load answers the job with its error (the main thread then draws the charts itself).
const loaded = preloadChartLibraries().then(() => timingLine(`chart thread: vega loaded in ${msSince(started)} ms, ${heap()} (${atNow()})`));
loaded.catch(() => undefined);

// Once: the listener gone, nothing keeps the thread alive after its answer.
port.once('message', (job: ChartJob) => {
  const asked = process.hrtime.bigint();
  loaded
    .then(() => drawCharts(job.charts))
    .then((svgs): ChartAnswer => ({ svgs }), (err: unknown): ChartAnswer => ({ error: err instanceof Error ? err.stack ?? err.message : String(err) }))
    .then((answer) => {
      timingLine(`chart thread: ${job.charts.length} charts drawn in ${msSince(asked)} ms of the ask, ${heap()} (${atNow()})`);
      port.postMessage(answer);
    });
});

/** "heap 14 used of 20 MiB": the chart thread's own (its share of the process's RSS, but for vega's code and malloc). */
function heap(): string {
  if (!TIMING_ON) return '';
  const h = getHeapStatistics();
  return `heap ${(h.used_heap_size / 1048576).toFixed(0)} used of ${(h.total_heap_size / 1048576).toFixed(0)} MiB, malloc ${(h.malloced_memory / 1048576).toFixed(0)} MiB`;
}
