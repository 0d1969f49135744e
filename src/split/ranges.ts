// Files → newline-aligned byte ranges. A range owns every line that starts inside it.

import { closeSync, openSync, readSync } from 'node:fs';

export interface ByteRange {
  start: number;
  end: number;
}

/** Smallest range worth a worker of its own: below this, thread start-up is no longer noise. */
export const MIN_RANGE_BYTES = 16 * 1024 * 1024;

/** What splitFile read to find the line starts (tests: a long line is read once, not once per cut). */
export interface SplitStats {
  bytesRead: number;
}

/**
 * Cuts [0, size) into about `count` ranges of at least `minBytes`, moving each cut to the start of the next line.
 * With `lastExtra` > 0, every range but the last is that fraction smaller and the last range takes the bytes.
 */
export function splitFile(path: string, size: number, count: number, minBytes: number, lastExtra = 0, stats?: SplitStats): ByteRange[] {
  const n = Math.max(1, Math.min(count, Math.floor(size / Math.max(1, minBytes))));
  if (n <= 1 || size === 0) return [{ start: 0, end: size }];
  const fd = openSync(path, 'r');
  try {
    const cuts: number[] = [0];
    const buf = Buffer.allocUnsafe(64 * 1024);
    // The line start the last search found: a cut before it falls inside the line that search read over, and moves
    // to that same line start, so it is not searched again. Review AA, F12: with --range-bytes 4096, a 50 MB line
    // was read from each of its 12,800 cuts to its end, 320 GB in all (8 MB: 2.0 s, and the square of the length).
    let reached = 0;
    for (let i = 1; i < n; i++) {
      const target = Math.floor((size * i * (1 - lastExtra)) / n);
      if (target <= reached) continue;
      reached = nextLineStart(fd, target, size, buf, stats);
      if (reached > cuts[cuts.length - 1]! && reached < size) cuts.push(reached);
    }
    cuts.push(size);
    const ranges: ByteRange[] = [];
    for (let i = 0; i + 1 < cuts.length; i++) ranges.push({ start: cuts[i]!, end: cuts[i + 1]! });
    return ranges;
  } finally {
    closeSync(fd);
  }
}

/** Offset of the first line start at or after `pos` in the file at `path` (`size` when there is none). */
export function lineStartAtOrAfter(path: string, pos: number, size: number): number {
  if (pos <= 0) return 0;
  const fd = openSync(path, 'r');
  try {
    return nextLineStart(fd, pos, size, Buffer.allocUnsafe(64 * 1024));
  } finally {
    closeSync(fd);
  }
}

/** Offset of the first line start at or after `pos` (a line starts after a newline), read through `buf`. */
function nextLineStart(fd: number, pos: number, size: number, buf: Buffer, stats?: SplitStats): number {
  let at = pos - 1; // the byte before `pos` decides whether a line starts at `pos`
  while (at < size) {
    const n = readSync(fd, buf, 0, buf.length, at);
    if (stats !== undefined) stats.bytesRead += Math.max(0, n);
    if (n <= 0) return size;
    const nl = buf.indexOf(10);
    if (nl >= 0 && nl < n) return at + nl + 1;
    at += n;
  }
  return size;
}
