// A few bytes of a file at a position, read at once (file heads and tails; not the scan's path).

import { closeSync, openSync, readSync } from 'node:fs';

/** Reads made so far: the work same-content.ts does for many inputs, counted by its test (not timed). */
export const readAtCalls = { count: 0 };

/** Up to `n` bytes of the file at `path` from byte `pos` (fewer at its end). */
export function readAt(path: string, pos: number, n: number): Buffer {
  readAtCalls.count++;
  const fd = openSync(path, 'r');
  try {
    const buf = Buffer.allocUnsafe(n);
    return buf.subarray(0, readSync(fd, buf, 0, n, pos));
  } finally {
    closeSync(fd);
  }
}
