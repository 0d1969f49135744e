// The lines just before a byte range of a plain file, read again by the range's task: a sysklogd "last message
// repeated N times" line at the start of a range repeats the line before it, which the previous range read
// (scan.ts LineSink.previous). Only the ranges of one file are joined this way: a repeat line that starts a file
// repeats a line of another file, which is not known (docs/log-formats.md).

import { closeSync, openSync, readSync } from 'node:fs';
import type { LineSink } from '../scan.js';
import { MAX_LINE_CHARS } from '../scan.js';
import { latin1 } from './decode.js';
import { afterLastNul, emit, nextNul } from './read-range.js';
import { utf8BomLength } from './magic.js';

/**
 * Bytes read back: any line that does not fit is a line too long to parse (MAX_LINE_CHARS), unless it ends
 * in NUL padding, whose tail then fits; some 1,500 lines of a usual log.
 */
const WINDOW = MAX_LINE_CHARS + 2;

/**
 * The whole lines that end before `start` (a line start) within WINDOW bytes, oldest first, each as the readers
 * give it to the scanner (read-range.ts emit: NUL padding dropped, CR dropped); `null` for a line too long to parse.
 * `offsets`, when given, gets each line's byte offset in the file, as the readers give it.
 */
export function linesBefore(path: string, start: number, offsets?: number[]): Array<string | null> {
  if (start <= 0) return [];
  const from = Math.max(0, start - WINDOW);
  const buf = Buffer.allocUnsafe(start - from);
  const fd = openSync(path, 'r');
  try {
    let got = 0;
    while (got < buf.length) {
      const n = readSync(fd, buf, got, buf.length - got, from + got);
      if (n === 0) break;
      got += n;
    }
    if (got < buf.length) return [];
  } finally {
    closeSync(fd);
  }
  const out: Array<string | null> = [];
  const sink = {
    bytes: (b: Buffer, f: number, t: number, offset: number) => { out.push(latin1(b, f, t)); offsets?.push(offset); },
    longLine: (_head: string, offset: number) => { out.push(null); offsets?.push(offset); },
  } as unknown as LineSink;
  const end = buf[buf.length - 1] === 10 ? buf.length - 1 : buf.length;
  let lineStart = 0;
  if (from > 0) {
    // The first bytes are the end of a line that started before the window: whole only if the window holds it.
    const nl = buf.indexOf(10);
    if (nl < 0 || nl >= end) {
      const t = afterLastNul(buf, 0, end, false);
      if (t >= 0) emit(sink, buf, t, end, from + t);
      else { out.push(null); offsets?.push(from); }
      return out;
    }
    lineStart = nl + 1;
  } else {
    lineStart = utf8BomLength(buf, end); // the file's first line, as readRange gives it
  }
  let nul = nextNul(buf, lineStart, end);
  while (lineStart <= end) {
    let nl = buf.indexOf(10, lineStart);
    if (nl < 0 || nl > end) nl = end;
    emit(sink, buf, lineStart, nl, from + lineStart, nul < nl);
    if (nul < nl) nul = nextNul(buf, nl + 1, end);
    lineStart = nl + 1;
  }
  return out;
}
