// MAILLOG_FORENSICS_TIMING=1: a diagnostic on stderr, one "timing: …" line per phase, range and hand-over, for tuning
// (docs/performance.md). Every line may end with "at N.NN s": the time since the process started, the same clock on
// every thread (process.uptime() is the process's, also in a worker), so that the lines of the main thread and of
// the workers make one timeline: what ran when, and what waited for what.

import { writeSync } from 'node:fs';

/** Whether the timing lines are printed (read once: the tests set the variable per child process). */
export const TIMING_ON = Boolean(process.env.MAILLOG_FORENSICS_TIMING);

/** "at 7.47 s": the time since the process started. */
export function atNow(): string {
  return `at ${process.uptime().toFixed(2)} s`;
}

/** Milliseconds since `start` (a process.hrtime.bigint()), rounded. */
export function msSince(start: bigint): string {
  return (Number(process.hrtime.bigint() - start) / 1e6).toFixed(0);
}

/**
 * Writes "timing: <text>" to stderr when the timing lines are on, straight to the file descriptor. In a worker,
 * process.stderr goes through the main thread, and a worker that wrote to it exits only once the main thread's event
 * loop has taken the text: when the main thread was decoding and merging the worker's result, the worker's heap
 * (~90 MiB on the 1.5 GB log) stayed alive through it, a peak that runs without the diagnostic do not have.
 */
export function timingLine(text: string): void {
  if (!TIMING_ON) return;
  try {
    writeSync(2, `timing: ${text}\n`);
  } catch {
    // a diagnostic: a closed or full stderr (EAGAIN on a non-blocking pipe) loses the line, not the run
  }
}
