// Bytes → lines for inputs that cannot be split: .gz files (gzip has no random access) and standard input.

import type { Readable } from 'node:stream';
import type { LineSink } from '../scan.js';
import { MAX_LINE_CHARS } from '../scan.js';
import { latin1 } from './decode.js';
import { emit } from './read-range.js';
import { HEAP_CHECK_LINES, checkHeap } from '../memory.js';

/**
 * Feeds every line of `stream` to `sink` and returns the bytes read. Offsets are in decompressed bytes; progress
 * (compressed bytes for .gz) is reported by the caller from the raw stream (workers/task.ts).
 */
export async function readStream(stream: Readable, sink: LineSink, name = 'standard input'): Promise<number> {
  let carry: Buffer | null = null;
  let offset = 0; // offset of the first byte of `carry` (or of the next chunk)
  let skipping = false;
  let skipStart = 0;
  let skipHead = '';
  let total = 0;
  let sinceCheck = 0;
  for await (const piece of stream) {
    const chunk = piece as Buffer;
    total += chunk.length;
    let buf: Buffer = carry === null ? chunk : Buffer.concat([carry, chunk]);
    let lineStart = 0;
    while (true) {
      const nl = buf.indexOf(10, lineStart);
      if (nl < 0) break;
      if (skipping) {
        sink.longLine(skipHead, skipStart, offset + nl - skipStart);
        skipping = false;
      } else {
        emit(sink, buf, lineStart, nl, offset + lineStart);
        if (++sinceCheck === HEAP_CHECK_LINES) {
          sinceCheck = 0;
          checkHeap(() => `after ${offset + lineStart} bytes of ${name}`);
        }
      }
      lineStart = nl + 1;
    }
    if (skipping) {
      offset += buf.length;
      carry = null;
      continue;
    }
    const rest = buf.length - lineStart;
    if (rest >= MAX_LINE_CHARS) {
      skipping = true;
      skipStart = offset + lineStart;
      skipHead = latin1(buf, lineStart, Math.min(buf.length, lineStart + 500));
      offset += buf.length;
      carry = null;
      continue;
    }
    offset += lineStart;
    carry = rest > 0 ? Buffer.from(buf.subarray(lineStart)) : null;
    buf = Buffer.alloc(0);
  }
  if (skipping) sink.longLine(skipHead, skipStart, offset - skipStart);
  else if (carry !== null && carry.length > 0) emit(sink, carry, 0, carry.length, offset);
  return total;
}
