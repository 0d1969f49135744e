// Ending the process on Ctrl-C (exit 130, README "Exit codes") without waiting for a read that never ends.
//
// `mkfifo fifo; maillog-forensics analyze fifo & kill -INT $!` printed "interrupted" but the process stayed until
// a second SIGINT: a libuv thread-pool thread was blocked in open() of the FIFO (no writer; wchan
// wait_for_partner), and process.exit() joins every thread-pool thread before the process ends (Node 20:
// DefaultProcessExitHandler → uv_library_shutdown). No JavaScript can end that open() or that join. So when an input
// can block a thread for ever, the process ends by SIGINT itself (its default action, after our handler is gone):
// the shell reports 130 as for exit(130), and a calling script sees that its child was interrupted.

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

/** Ends the process after Ctrl-C, once the message is printed and the temporary files are removed. */
export function endInterrupted(mayBlock: boolean): never {
  if (mayBlock) {
    process.removeAllListeners('SIGINT'); // back to the default action: end the process
    process.kill(process.pid, 'SIGINT');
  }
  process.exit(130);
}
