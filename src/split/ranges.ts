// Files → newline-aligned byte ranges. A range owns every line that starts inside it.

import { closeSync, openSync, readSync } from 'node:fs';

export interface ByteRange {
  start: number;
  end: number;
}

/** Smallest range worth a worker of its own: below this, thread start-up is no longer noise. */
export const MIN_RANGE_BYTES = 16 * 1024 * 1024;

/**
 * Cuts [0, size) into about `count` ranges of at least `minBytes`, moving each cut to the start of the next line.
 * With `lastExtra` > 0, every range but the last is that fraction smaller and the last range takes the bytes.
 */
export function splitFile(path: string, size: number, count: number, minBytes: number, lastExtra = 0): ByteRange[] {
  const n = Math.max(1, Math.min(count, Math.floor(size / Math.max(1, minBytes))));
  if (n <= 1 || size === 0) return [{ start: 0, end: size }];
  const fd = openSync(path, 'r');
  try {
    const cuts: number[] = [0];
    for (let i = 1; i < n; i++) {
      const aligned = nextLineStart(fd, Math.floor((size * i * (1 - lastExtra)) / n), size);
      if (aligned > cuts[cuts.length - 1]! && aligned < size) cuts.push(aligned);
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
    return nextLineStart(fd, pos, size);
  } finally {
    closeSync(fd);
  }
}

/** Offset of the first line start at or after `pos` (a line starts after a newline). */
function nextLineStart(fd: number, pos: number, size: number): number {
  const buf = Buffer.allocUnsafe(64 * 1024);
  let at = pos - 1; // the byte before `pos` decides whether a line starts at `pos`
  while (at < size) {
    const n = readSync(fd, buf, 0, buf.length, at);
    if (n <= 0) return size;
    const nl = buf.indexOf(10);
    if (nl >= 0 && nl < n) return at + nl + 1;
    at += n;
  }
  return size;
}
