// Ending the process on Ctrl-C (exit 130, README "Exit codes") without waiting for a read that never ends.
//
// `mkfifo fifo; maillog-forensics analyze fifo & kill -INT $!` printed "interrupted" but the process stayed until
// a second SIGINT: a libuv thread-pool thread was blocked in open() of the FIFO (no writer; wchan
// wait_for_partner), and process.exit() joins every thread-pool thread before the process ends (Node 20:
// DefaultProcessExitHandler → uv_library_shutdown). No JavaScript can end that open() or that join. So when an input
// can block a thread for ever, the process ends by SIGINT itself (its default action, after our handler is gone):
// the shell reports 130 as for exit(130), and a calling script sees that its child was interrupted.
//
// SIGTERM (`timeout`, systemd, a CI job cancelled) and SIGHUP (the terminal closed) end a run the same way (review
// AA, F16: SIGTERM during the write left a full-size report.json.tmp-PID and printed nothing): the temporary files are
// removed, one line, and the exit code is 128 + the signal's number (143, 129), what the default action gives.

import { statSync } from 'node:fs';

/**
 * Inputs a thread may wait on for ever: a FIFO or `<(…)` (/dev/fd/N, a pipe) whose writer writes nothing, a
 * character device, a socket. Regular files and .gz files are read in bounded time; standard input is read by the
 * main thread's event loop (a pipe or a terminal is not read on a pool thread).
 */
export function inputsMayBlock(paths: readonly string[]): boolean {
  return paths.some((p) => {
    if (p === '-') return false;
    try {
      const st = statSync(p); // stat does not open: it does not wait for a writer
      return st.isFIFO() || st.isCharacterDevice() || st.isSocket();
    } catch {
      return false;
    }
  });
}

/** The signals that end a run: Ctrl-C, a polite kill, the terminal gone. */
export const STOP_SIGNALS = ['SIGINT', 'SIGTERM', 'SIGHUP'] as const;
export type StopSignal = (typeof STOP_SIGNALS)[number];
const EXIT_CODES: Record<StopSignal, number> = { SIGINT: 130, SIGTERM: 143, SIGHUP: 129 };

/** Calls `handler` once, on the first of the stop signals (a second one gets the default action). */
export function onStopSignal(handler: (signal: StopSignal) => void): void {
  const handlers = STOP_SIGNALS.map((s) => [s, () => { for (const [t, h] of handlers) process.off(t, h); handler(s); }] as const);
  for (const [s, h] of handlers) process.on(s, h);
}

/**
 * One turn of the event loop, where a stop signal that came meanwhile is handled (Node runs a signal's listeners from
 * the loop, never inside running code). The CLI is one bundle (build-bundle.ts): its dynamic imports read no file,
 * so drawing a report may not turn the loop at all; before files are written, a run turns it here, so that a signal
 * that came while it drew ends it before the write, as "no report written" says.
 */
export async function turnForSignals(): Promise<void> {
  // Two: called from the loop's poll phase, the first immediate runs before the loop polls again (the signal's pipe is
  // read there); the second runs after that poll whatever the phase it was called from.
  await new Promise<void>((resolve) => setImmediate(resolve));
  await new Promise<void>((resolve) => setImmediate(resolve));
}

/** Ends the process after a stop signal, once the message is printed and the temporary files are removed. */
export function endInterrupted(mayBlock: boolean, signal: StopSignal = 'SIGINT'): never {
  if (mayBlock) {
    process.removeAllListeners(signal); // back to the default action: end the process
    process.kill(process.pid, signal);
  }
  process.exit(EXIT_CODES[signal]);
}
