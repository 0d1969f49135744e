// Bytes → lines for inputs that cannot be split: .gz files (gzip has no random access) and standard input.

import type { LineSink } from '../scan.js';
import { MAX_LINE_CHARS } from '../scan.js';
import { latin1 } from './decode.js';
import { HEAD_CHARS, emit, nextNul, paddingAtEnd, skippedPadding } from './read-range.js';
import { utf8BomLength } from './magic.js';
import { HEAP_CHECK_LINES, checkHeap } from '../memory.js';

/**
 * Feeds every line of `stream` to `sink` and returns the bytes read. Offsets are in decompressed bytes; progress
 * (compressed bytes for .gz) is reported by the caller (gunzip-file.ts gunzipRegularFile, workers/task.ts readPipe).
 * A chunk may be a view of a buffer that the stream overwrites for the next one (inflateInPlace): nothing of it is
 * kept past the loop's turn but copies (`carry`, `tail`, the lines' strings).
 */
export async function readStream(stream: AsyncIterable<unknown>, sink: LineSink, name = 'standard input'): Promise<number> {
  // Lines are emitted from each chunk in place; only the piece of a line cut by a chunk's end is copied (into
  // `carry`), so a chunk is garbage as soon as it is read (the reader used to copy every chunk behind the
  // carried piece: 1.5 GB more memcpy for 1.5 GB of .gz, and twice the buffers waiting for a collection).
  let carry: Buffer | null = null; // start of a line cut by the end of the previous chunk
  let carryAt = 0; // its file offset
  let skipping = false; // inside a line longer than MAX_LINE_CHARS
  let skipStart = 0;
  let skipHead = '';
  // While skipping: the bytes after the line's last NUL, while shorter than MAX_LINE_CHARS (see nulPaddedStart).
  let tail: Buffer | null = null;
  let tailAt = 0;
  const keepTail = (buf: Buffer, from: number, at: number): void => {
    const z = buf.length > from ? buf.lastIndexOf(0) : -1;
    if (z >= from) {
      tail = buf.length - z - 1 < MAX_LINE_CHARS ? Buffer.from(buf.subarray(z + 1)) : null;
      tailAt = at + z + 1 - from;
    } else if (tail !== null) {
      tail = tail.length + buf.length - from < MAX_LINE_CHARS ? Buffer.concat([tail, buf.subarray(from)]) : null;
    }
  };
  const endSkip = (buf: Buffer, nl: number, at: number): void => {
    // The line after NUL padding, if any (copytruncate); else the over-long line is counted and sampled.
    const z = nl > 0 ? buf.lastIndexOf(0, nl - 1) : -1;
    const line0 = z >= 0 ? buf.subarray(z + 1, nl) : tail !== null ? Buffer.concat([tail, buf.subarray(0, nl)]) : null;
    const lineAt = z >= 0 ? at + z + 1 : tailAt;
    if (line0 !== null && line0.length > 0 && line0.length < MAX_LINE_CHARS) {
      skippedPadding(sink, skipHead, skipStart, lineAt);
      line(line0, 0, line0.length, lineAt, false); // after the last NUL
    } else {
      if (line0 !== null && line0.length === 0) paddingAtEnd(sink, skipHead, skipStart, at + nl);
      sink.longLine(skipHead, skipStart, at + nl - skipStart);
    }
    skipping = false;
    tail = null;
  };
  let total = 0;
  let sinceCheck = 0;
  const line = (buf: Buffer, from: number, to: number, at: number, hasNul: boolean): void => {
    emit(sink, buf, from, to, at, hasNul);
    if (++sinceCheck === HEAP_CHECK_LINES) {
      sinceCheck = 0;
      checkHeap(() => `after ${at} bytes of ${name}`);
    }
  };
  for await (const piece of stream) {
    const chunk = piece as Buffer;
    const chunkAt = total; // file offset of chunk[0]
    total += chunk.length;
    // A UTF-8 byte order mark at the very start is skipped, as by readRange (read-range.ts).
    let lineStart = chunkAt === 0 ? utf8BomLength(chunk) : 0;
    if (carry !== null || skipping) {
      const nl = chunk.indexOf(10);
      if (nl < 0) {
        if (carry !== null) {
          carry = Buffer.concat([carry, chunk]);
          if (carry.length >= MAX_LINE_CHARS) {
            skipping = true;
            skipStart = carryAt;
            skipHead = latin1(carry, 0, Math.min(carry.length, HEAD_CHARS));
            tail = null;
            keepTail(carry, 0, carryAt);
            carry = null;
          }
        } else keepTail(chunk, 0, chunkAt);
        continue;
      }
      if (skipping) {
        endSkip(chunk, nl, chunkAt);
      } else {
        const whole = Buffer.concat([carry!, chunk.subarray(0, nl)]);
        line(whole, 0, whole.length, carryAt, whole.indexOf(0) >= 0);
        carry = null;
      }
      lineStart = nl + 1;
    }
    // The chunk's next NUL byte, looked for once per chunk (and after each line that holds one), not per line.
    let nul = nextNul(chunk, lineStart, chunk.length);
    while (true) {
      const nl = chunk.indexOf(10, lineStart);
      if (nl < 0) break;
      line(chunk, lineStart, nl, chunkAt + lineStart, nul < nl);
      if (nul < nl) nul = nextNul(chunk, nl + 1, chunk.length);
      lineStart = nl + 1;
    }
    const rest = chunk.length - lineStart;
    if (rest >= MAX_LINE_CHARS) {
      skipping = true;
      skipStart = chunkAt + lineStart;
      skipHead = latin1(chunk, lineStart, Math.min(chunk.length, lineStart + HEAD_CHARS));
      tail = null;
      keepTail(chunk, lineStart, chunkAt + lineStart);
    } else if (rest > 0) {
      carry = Buffer.from(chunk.subarray(lineStart)); // a copy: the chunk itself is not kept
      carryAt = chunkAt + lineStart;
    }
  }
  if (skipping) {
    const last: Buffer = tail ?? Buffer.alloc(0);
    if (tail !== null && last.length > 0) {
      skippedPadding(sink, skipHead, skipStart, tailAt);
      line(last, 0, last.length, tailAt, false);
    } else {
      if (tail !== null) paddingAtEnd(sink, skipHead, skipStart, total);
      sink.longLine(skipHead, skipStart, total - skipStart);
    }
  } else if (carry !== null) line(carry, 0, carry.length, carryAt, carry.indexOf(0) >= 0);
  return total;
}
