#!/usr/bin/env node
// The entry: starts the scan worker of a big analyze at once (workers/early-worker.ts), then loads the commands
// (commands.ts: yargs, the pipeline, the renderers; ~0.25 s of module loading that the worker's own start now runs
// beside rather than after). Only Node's own modules are loaded before the worker starts.

import { startEarlyWorker } from './workers/early-worker.js';

startEarlyWorker(process.argv.slice(2));
await import('./commands.js');
