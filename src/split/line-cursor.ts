// Pull-based lines of a plain or compressed file, a chunk at a time: for walking two files side by side
// (lines-inside.ts), which the scan's push readers (read-range.ts, read-stream.ts) cannot do. Not the scan's path:
// lines are split on 0x0a with a CR before it dropped, and a line longer than MAX_LINE_CHARS ends the walk.

import { createReadStream } from 'node:fs';
import { gunzipFile } from './gunzip-file.js';
import { FORMAT_OF_KIND, decompressWith } from './decompress-program.js';
import { compressedDataEnd } from './compressed-data-end.js';
import type { InputKind } from './inputs.js';
import type { Readable } from 'node:stream';
import { MAX_LINE_CHARS } from '../scan.js';

const EMPTY = Buffer.alloc(0);

export interface LineCursor {
  /** The current line: bytes [from, to) of buf (valid until the next call of next or refill). */
  buf: Buffer;
  from: number;
  to: number;
  /** Where the next line starts in buf. */
  pos: number;
  /** The part of a line cut by the end of the chunk, kept for the next one. */
  carry: Buffer | null;
  ended: boolean;
  /** The file's read stream (destroyed by closeLines, which ends a .gz's decompression too). */
  raw: Readable;
  chunks: AsyncIterator<Buffer>;
}

export function openLines(path: string, kind: InputKind): LineCursor {
  // .xz, .bz2 and .zst: their data only, as the scan reads them (compressed-data-end.ts); the whole file when its end
  // is not found or cannot be read (the walk then fails on it, as on a corrupt .gz).
  let end: number | undefined;
  if (kind === 'xz' || kind === 'bz2' || kind === 'zst') {
    try {
      end = compressedDataEnd(path, FORMAT_OF_KIND[kind])?.end;
    } catch {
      end = undefined;
    }
  }
  const raw = createReadStream(path, { highWaterMark: 256 * 1024, ...(end === undefined ? {} : { end: end - 1 }) });
  // A .gz is read as the scan reads it: bytes after its last member ignored, as gzip does (gunzip-file.ts); .xz,
  // .bz2 and .zst through their program, which closeLines ends.
  const chunks = kind === 'gz' ? gunzipFile(path, raw, { trailingBytes: 0 })
    : kind === 'xz' || kind === 'bz2' || kind === 'zst' ? decompressWith(FORMAT_OF_KIND[kind], raw as AsyncIterable<Buffer>, () => undefined)
      : raw[Symbol.asyncIterator]() as AsyncIterator<Buffer>;
  return { buf: EMPTY, from: 0, to: 0, pos: 0, carry: null, ended: false, raw, chunks };
}

export function closeLines(c: LineCursor): void {
  c.raw.destroy();
  void c.chunks.return?.(undefined)?.catch(() => undefined);
}

/**
 * Moves to the next line of the current chunk; false when the chunk has no further whole line (then `refill`).
 * Blank lines are passed over.
 */
export function nextLine(c: LineCursor): boolean {
  while (true) {
    const nl = c.buf.indexOf(10, c.pos);
    if (nl < 0) return false;
    const from = c.pos;
    c.pos = nl + 1;
    const to = nl > from && c.buf[nl - 1] === 13 ? nl - 1 : nl;
    if (to === from) continue;
    c.from = from;
    c.to = to;
    return true;
  }
}

/**
 * Reads the next chunk behind what is left of the current one. False at the end of the file; then a last line
 * without a newline, if any, is the current line once (`lastLine`). Throws on a read or gzip error, and on a line
 * longer than MAX_LINE_CHARS.
 */
export async function refill(c: LineCursor): Promise<boolean> {
  const rest = c.pos < c.buf.length ? c.buf.subarray(c.pos) : null;
  const r = await c.chunks.next();
  if (r.done === true) {
    c.ended = true;
    c.carry = rest;
    c.buf = EMPTY;
    c.pos = 0;
    return false;
  }
  const chunk = r.value;
  c.buf = rest === null ? chunk : Buffer.concat([rest, chunk]);
  c.pos = 0;
  if (c.buf.indexOf(10) < 0 && c.buf.length > MAX_LINE_CHARS) throw new Error('a line too long to compare');
  return true;
}

/** After refill returned false: the last line, without a newline at the end of the file, as the current line. */
export function lastLine(c: LineCursor): boolean {
  const tail = c.carry;
  c.carry = null;
  if (tail === null) return false;
  const to = tail.length > 0 && tail[tail.length - 1] === 13 ? tail.length - 1 : tail.length;
  if (to === 0) return false;
  c.buf = tail;
  c.from = 0;
  c.to = to;
  c.pos = tail.length;
  return true;
}

/** The next line, reading as needed; false at the end of the file. */
export async function advance(c: LineCursor): Promise<boolean> {
  while (!nextLine(c)) {
    if (c.ended) return false;
    if (!(await refill(c))) return lastLine(c);
  }
  return true;
}
