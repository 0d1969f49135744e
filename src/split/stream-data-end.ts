// Where the compressed data of an .xz, .bz2 or .zst stream (standard input, a FIFO, `<(…)`) ends, found as its bytes
// are read: the counterpart for streams of compressed-data-end.ts, whose rules it keeps (zeros after the data read
// past silently, a short stray tail a warning, more than MAX_STRAY_BYTES an error, a tail that may be another stream
// cut or damaged left to the program). A pipe cannot be read from its end, so each format's structure is followed
// forwards:
//   - zstd: frames walked by their headers from the start, as for a file; the first bytes that start no frame are
//     where the data ends;
//   - xz: each Stream Footer recognised as it passes (its CRC32 and its Index's), the bytes after it held back until
//     they show another stream (Stream Padding, zeros, then the xz magic) or not (the data ended at the footer);
//   - bzip2: its program reads past such bytes itself ("bzip2: (stdin): trailing garbage after EOF ignored", exit 0),
//     so it is given every byte; the data ends at the last end-of-stream marker seen.
// xz and zstd are given their data only, as a file's: `xz -dc` and `zstd -dc` fail on the bytes after it ("Compressed
// data is corrupt", "unsupported format"), so a failure of theirs is then the data's own (cut short, damaged).

import type { DataEnd, ReadAt } from './compressed-data-end.js';
import { MAX_STRAY_BYTES, ZSTD_MAGIC, isXzFooter, lastMarkerEnd, strayTail } from './compressed-data-end.js';
import type { ProgramFormat } from './decompress-program.js';

/** Follows a compressed stream's bytes as they are read. */
export interface StreamDataEnd {
  /** The part of `chunk` (the stream's next bytes) to give the program: all of it while in the data, then none. */
  push(chunk: Buffer): Buffer;
  /**
   * At the stream's end: the bytes held back that the program is to see after all (what follows the data may be
   * another stream, cut or damaged: the program says so, as for a file), or null.
   */
  finish(): Buffer | null;
  /** After finish: as compressedDataEnd, where the data ended and what follows it; null when no end was found. */
  result(): DataEnd | null;
}

export function streamDataEnd(format: ProgramFormat): StreamDataEnd {
  return format === 'xz' ? new XzStreamEnd() : format === 'bzip2' ? new Bzip2StreamEnd() : new ZstdStreamEnd();
}

const EMPTY = Buffer.alloc(0);

/** The stream's last bytes, kept by reference (a stream's chunks are not reused), read back by position. */
class History {
  private chunks: Buffer[] = [];
  private starts: number[] = [];
  /** The first chunk kept (those before it are dropped; the arrays are compacted now and then). */
  private first = 0;
  private kept = 0;
  total = 0;

  constructor(private readonly keep: number) {}

  add(chunk: Buffer): void {
    this.chunks.push(chunk);
    this.starts.push(this.total);
    this.total += chunk.length;
    this.kept += chunk.length;
    while (this.first < this.chunks.length - 1 && this.kept - this.chunks[this.first]!.length >= this.keep) {
      this.kept -= this.chunks[this.first]!.length;
      this.first++;
    }
    if (this.first > 1024 && this.first * 2 > this.chunks.length) {
      this.chunks = this.chunks.slice(this.first);
      this.starts = this.starts.slice(this.first);
      this.first = 0;
    }
  }

  /** A ReadAt over the bytes kept: fewer bytes (none) where they are not kept or not read yet. */
  readonly read: ReadAt = (buf, pos) => {
    if (pos < this.starts[this.first]!) return 0;
    // The chunk holding `pos`: the last one starting at or before it.
    let lo = this.first;
    let hi = this.chunks.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (this.starts[mid]! <= pos) lo = mid;
      else hi = mid - 1;
    }
    let got = 0;
    for (let k = lo; k < this.chunks.length && got < buf.length; k++) {
      const c = this.chunks[k]!;
      const from = pos + got - this.starts[k]!;
      if (from >= c.length) continue;
      got += c.copy(buf, got, from, Math.min(c.length, from + buf.length - got));
    }
    return got;
  };

  bytes(pos: number, n: number): Buffer {
    const b = Buffer.alloc(n);
    return b.subarray(0, this.read(b, pos));
  }
}

/** What follows the data's end: its length, its last non-zero byte and its first MAX_STRAY_BYTES + 1 bytes. */
class Tail {
  private length = 0;
  private lastNonZero = -1;
  private readonly head: Buffer[] = [];
  private headLength = 0;

  constructor(readonly end: number) {}

  add(b: Buffer): void {
    const keep = Math.min(b.length, MAX_STRAY_BYTES + 1 - this.headLength);
    if (keep > 0) {
      this.head.push(Buffer.from(b.subarray(0, keep)));
      this.headLength += keep;
    }
    for (let i = b.length - 1; i >= 0; i--) {
      if (b[i] !== 0) {
        this.lastNonZero = this.length + i;
        break;
      }
    }
    this.length += b.length;
  }

  held(): Buffer {
    return Buffer.concat(this.head);
  }

  result(): DataEnd | null {
    if (this.length === 0) return { end: this.end, stray: 0, tail: 'none' };
    if (this.lastNonZero < 0) return { end: this.end, stray: 0, tail: 'zeros' };
    return strayTail(this.end, this.lastNonZero + 1, this.held());
  }
}

/** The result and the bytes to give the program at the end, once what follows the data is known. */
function endOf(tail: Tail | null): { feed: Buffer | null; result: DataEnd | null } {
  if (tail === null) return { feed: null, result: null };
  const result = tail.result();
  return { feed: result === null ? tail.held() : null, result };
}

// ---- xz ---------------------------------------------------------------------------------------------------------

const XZ_MAGIC = Buffer.from([0xfd, 0x37, 0x7a, 0x58, 0x5a, 0x00]);
const YZ = Buffer.from('YZ', 'latin1');

/** The Index a footer points back to is checked when it is within this many bytes (compressed-data-end.ts's limit). */
const XZ_HISTORY = 4 * 1024 * 1024 + 16;

class XzStreamEnd implements StreamDataEnd {
  private readonly history = new History(XZ_HISTORY);
  /** After a footer: its end, the zeros after it and the first bytes after those (up to the magic's six). */
  private after: { end: number; zeros: number; bytes: Buffer } | null = null;
  private tail: Tail | null = null;
  private done: { feed: Buffer | null; result: DataEnd | null } | null = null;

  push(chunk: Buffer): Buffer {
    const at = this.history.total;
    this.history.add(chunk);
    if (this.tail !== null) {
      this.tail.add(chunk);
      return EMPTY;
    }
    const out: Buffer[] = [];
    let i = 0;
    while (i < chunk.length) {
      const after = this.after;
      if (after === null) {
        const end = this.footerEnd(chunk, at, i);
        if (end === null) {
          out.push(i === 0 ? chunk : chunk.subarray(i));
          break;
        }
        out.push(chunk.subarray(i, end - at));
        i = end - at;
        this.after = { end, zeros: 0, bytes: EMPTY };
        continue;
      }
      if (after.bytes.length === 0) {
        while (i < chunk.length && chunk[i] === 0) { after.zeros++; i++; }
        if (i === chunk.length) break;
      }
      const n = Math.min(XZ_MAGIC.length - after.bytes.length, chunk.length - i);
      after.bytes = Buffer.concat([after.bytes, chunk.subarray(i, i + n)]);
      i += n;
      const isMagic = after.bytes.equals(XZ_MAGIC.subarray(0, after.bytes.length));
      if (isMagic && after.bytes.length < XZ_MAGIC.length) break; // the rest of the magic in the next chunk
      if (isMagic) {
        // Stream Padding, then the next stream (`cat a.xz b.xz`): given to the program, which checks the padding.
        out.push(Buffer.alloc(after.zeros), after.bytes);
        this.after = null;
        continue;
      }
      // Not a stream: the data ended at the footer, and what follows is looked at, not given.
      this.tail = new Tail(after.end);
      this.tail.add(Buffer.alloc(after.zeros));
      this.tail.add(after.bytes);
      this.tail.add(chunk.subarray(i));
      this.after = null;
      break;
    }
    return out.length === 1 ? out[0]! : Buffer.concat(out);
  }

  /** The end of the first Stream Footer that ends in `chunk` after its byte `from`, or null. */
  private footerEnd(chunk: Buffer, at: number, from: number): number | null {
    // "YZ" across the previous chunk's end.
    if (from === 0 && at > 0 && chunk[0] === 0x5a && this.history.bytes(at - 1, 1)[0] === 0x59 && this.isFooter(at + 1)) return at + 1;
    for (let y = chunk.indexOf(YZ, from); y >= 0; y = chunk.indexOf(YZ, y + 1)) {
      if (this.isFooter(at + y + 2)) return at + y + 2;
    }
    return null;
  }

  private isFooter(end: number): boolean {
    const f = end - 12;
    return f >= 12 && isXzFooter(this.history.read, this.history.bytes(f, 12), f);
  }

  finish(): Buffer | null {
    if (this.done === null) {
      if (this.after !== null) {
        this.tail = new Tail(this.after.end);
        this.tail.add(Buffer.alloc(this.after.zeros));
        this.tail.add(this.after.bytes);
        this.after = null;
      }
      this.done = endOf(this.tail);
    }
    return this.done.feed;
  }

  result(): DataEnd | null {
    return this.done?.result ?? null;
  }
}

// ---- zstd -------------------------------------------------------------------------------------------------------

/** The zstd frames walked as compressed-data-end.ts zstdEnd walks a file's (RFC 8878 3.1), a chunk at a time. */
class ZstdStreamEnd implements StreamDataEnd {
  /** What the next `want` bytes are: a frame's (or skippable frame's) magic, its Frame_Header_Descriptor, a skippable frame's size, a block header. */
  private phase: 'magic' | 'descriptor' | 'skippable' | 'block' = 'magic';
  private want = 4;
  private head: Buffer = EMPTY;
  /** Bytes to pass over before the next header (the rest of a frame header, a block's content, a checksum). */
  private skip = 0;
  private checksum = false;
  /** Where the magic being read starts: the end of the data so far. */
  private boundary = 0;
  private total = 0;
  /** A header no frame has (a reserved bit): damaged, every byte goes to the program, which says so. */
  private lost = false;
  private tail: Tail | null = null;
  private done: { feed: Buffer | null; result: DataEnd | null } | null = null;

  push(chunk: Buffer): Buffer {
    const at = this.total;
    this.total += chunk.length;
    if (this.tail !== null) {
      this.tail.add(chunk);
      return EMPTY;
    }
    if (this.lost) return chunk;
    const out: Buffer[] = [];
    let fedFrom = 0; // the chunk's bytes before this one are given (or held in `head`, for a magic)
    let i = 0;
    while (i < chunk.length && !this.lost) {
      if (this.skip > 0) {
        const n = Math.min(this.skip, chunk.length - i);
        this.skip -= n;
        i += n;
        continue;
      }
      if (this.phase === 'magic' && this.head.length === 0) {
        // A magic is given only once it is one: the bytes before it are.
        if (i > fedFrom) out.push(chunk.subarray(fedFrom, i));
        fedFrom = i;
        this.boundary = at + i;
      }
      const n = Math.min(this.want - this.head.length, chunk.length - i);
      this.head = Buffer.concat([this.head, chunk.subarray(i, i + n)]);
      i += n;
      if (this.head.length < this.want) break;
      const h = this.head;
      this.head = EMPTY;
      if (this.phase === 'magic') {
        const magic = h.readUInt32LE(0);
        if (magic !== ZSTD_MAGIC && (magic & 0xfffffff0) !== 0x184d2a50) {
          // No frame: the data ended before these bytes.
          this.tail = new Tail(this.boundary);
          this.tail.add(h);
          this.tail.add(chunk.subarray(i));
          fedFrom = chunk.length;
          break;
        }
        out.push(h);
        fedFrom = i;
        this.phase = magic === ZSTD_MAGIC ? 'descriptor' : 'skippable';
        this.want = magic === ZSTD_MAGIC ? 1 : 4;
      } else if (this.phase === 'descriptor') {
        const fhd = h[0]!;
        if ((fhd & 0x08) !== 0) { this.lost = true; break; } // Reserved_bit
        const single = (fhd & 0x20) !== 0;
        const fcsFlag = fhd >> 6;
        this.skip = (single ? 0 : 1) + [0, 1, 2, 4][fhd & 3]! + (fcsFlag === 0 ? (single ? 1 : 0) : [0, 2, 4, 8][fcsFlag]!);
        this.checksum = (fhd & 0x04) !== 0;
        this.phase = 'block';
        this.want = 3;
      } else if (this.phase === 'skippable') {
        this.skip = h.readUInt32LE(0);
        this.phase = 'magic';
        this.want = 4;
      } else {
        const bh = h[0]! | (h[1]! << 8) | (h[2]! << 16);
        const type = (bh >> 1) & 3;
        if (type === 3) { this.lost = true; break; } // Reserved block type
        this.skip = type === 1 ? 1 : bh >>> 3;
        if (bh & 1) {
          if (this.checksum) this.skip += 4;
          this.phase = 'magic';
          this.want = 4;
        }
      }
    }
    if (this.tail === null && !(this.phase === 'magic' && this.head.length > 0 && !this.lost)) {
      if (fedFrom < chunk.length) out.push(chunk.subarray(fedFrom));
    }
    return out.length === 1 ? out[0]! : Buffer.concat(out);
  }

  finish(): Buffer | null {
    if (this.done === null) {
      // At a frame's end (or with fewer bytes than a magic after it): the data ends there. Inside a frame: cut short.
      if (this.tail === null && !this.lost && this.phase === 'magic' && this.skip === 0) {
        this.tail = new Tail(this.head.length === 0 ? this.total : this.boundary);
        this.tail.add(this.head);
      }
      this.done = endOf(this.tail);
    }
    return this.done.feed;
  }

  result(): DataEnd | null {
    return this.done?.result ?? null;
  }
}

// ---- bzip2 ------------------------------------------------------------------------------------------------------

/** The bytes a marker, its CRC and padding span (7 + 4), kept from the previous chunk to see one across chunks. */
const MARKER_SPAN = 11;

class Bzip2StreamEnd implements StreamDataEnd {
  private readonly history = new History(64 * 1024);
  private tail: Tail | null = null;
  private done: { feed: Buffer | null; result: DataEnd | null } | null = null;

  push(chunk: Buffer): Buffer {
    const at = this.history.total;
    this.history.add(chunk);
    const total = this.history.total;
    const across = at === 0 ? null : this.history.bytes(Math.max(0, at - MARKER_SPAN), Math.min(at, MARKER_SPAN) + Math.min(chunk.length, MARKER_SPAN));
    const ends = [
      across === null ? null : lastMarkerEnd(this.history.read, total, across, Math.max(0, at - MARKER_SPAN)),
      lastMarkerEnd(this.history.read, total, chunk, at),
    ].filter((e): e is number => e !== null && e > (this.tail?.end ?? 0));
    if (ends.length > 0) {
      // A stream ended here (the last one, until another ends later): what follows it is the tail.
      const end = Math.max(...ends);
      this.tail = new Tail(end);
      this.tail.add(end >= at ? chunk.subarray(end - at) : this.history.bytes(end, total - end));
    } else {
      this.tail?.add(chunk);
    }
    return chunk;
  }

  finish(): Buffer | null {
    // bzip2 read past what follows its data itself: nothing is held back.
    this.done ??= { feed: null, result: this.tail?.result() ?? null };
    return null;
  }

  result(): DataEnd | null {
    return this.done?.result ?? null;
  }
}
