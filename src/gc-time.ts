// The garbage collector's pauses on the calling thread, for the MAILLOG_FORENSICS_TIMING lines only (timing.ts): how
// much of a range's CPU is the collector's, and whether a thread that holds more (the main thread, with a worker's
// decoded result beside its own scan) pays more for it. Node reports each pause as a 'gc' performance entry
// (https://nodejs.org/docs/latest-v20.x/api/perf_hooks.html#class-performanceentry: detail.kind is
// NODEJS_PERFORMANCE_GC_MINOR for a scavenge, _MAJOR for a mark-compact, _INCREMENTAL, _WEAKCB), delivered to an
// observer of the same thread a little after the pause.

import { PerformanceObserver, constants } from 'node:perf_hooks';
import { TIMING_ON } from './timing.js';

interface GcSums {
  minorMs: number;
  minor: number;
  majorMs: number;
  major: number;
  otherMs: number;
}

const sums: GcSums = { minorMs: 0, minor: 0, majorMs: 0, major: 0, otherMs: 0 };
let observing = false;

/** Starts summing this thread's pauses (once; only with the timing lines on). */
export function observeGc(): void {
  if (!TIMING_ON || observing) return;
  observing = true;
  const observer = new PerformanceObserver((list) => {
    for (const e of list.getEntries()) {
      const kind = (e as unknown as { detail?: { kind?: number } }).detail?.kind;
      if (kind === constants.NODE_PERFORMANCE_GC_MINOR) { sums.minorMs += e.duration; sums.minor++; }
      else if (kind === constants.NODE_PERFORMANCE_GC_MAJOR) { sums.majorMs += e.duration; sums.major++; }
      else sums.otherMs += e.duration;
    }
  });
  observer.observe({ entryTypes: ['gc'] });
}

/** This thread's pauses so far (a copy), to give those of a span with gcSince. */
export function gcSoFar(): GcSums {
  return { ...sums };
}

/** "gc 412 ms: 180 scavenges 301 ms, 2 mark-compacts 98 ms" since `from`; "" when not observing. */
export function gcSince(from: GcSums): string {
  if (!observing) return '';
  const ms = (v: number): string => v.toFixed(0);
  const minor = sums.minorMs - from.minorMs;
  const major = sums.majorMs - from.majorMs;
  const other = sums.otherMs - from.otherMs;
  return `gc ${ms(minor + major + other)} ms: ${sums.minor - from.minor} scavenges ${ms(minor)} ms, `
    + `${sums.major - from.major} mark-compacts ${ms(major)} ms, other ${ms(other)} ms`;
}
