#!/usr/bin/env node
// The entry: starts the scan worker of a big analyze, or the chart thread of a small run, at once (workers/), then
// loads the commands (commands.ts: yargs, the pipeline, the renderers), which the worker's own start runs beside
// rather than after. Only Node's own modules are loaded before the worker starts. `npm run build` bundles this entry
// with all it imports (build-bundle.ts): the commands' modules are then initialised at this import, not before.

import { startEarlyWorker } from './workers/early-worker.js';
import { startEarlyChartThread } from './workers/chart-start.js';

// A big analyze's scan worker, or a small run's chart thread (workers/chart-start.ts): never both.
startEarlyWorker(process.argv.slice(2));
startEarlyChartThread(process.argv.slice(2));
await import('./commands.js');
