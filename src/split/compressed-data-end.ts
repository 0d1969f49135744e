// Where the compressed data of an .xz, .bz2 or .zst file ends, so that its program is given that data and not what
// follows it: a rotation copied off a failing server, or written to a tape or an image, may end in zero padding or
// a few stray bytes. `xz -dc` and `zstd -dc` fail on such bytes ("Unexpected end of input", "unsupported format"),
// and the run failed on a file whose every line was there. The gzip counterpart is in gunzip-file.ts; the rule is
// the same: zeros after the data are read past silently, up to MAX_STRAY_BYTES of other bytes that start no stream
// with a warning, more is an error. Standard input and FIFOs, read once and never from their end: stream-data-end.ts.
//
// Only the frame structure is read, never the compressed content: xz from the file's end (its stream footer),
// bzip2 from the end too (its end-of-stream marker, bit-aligned), zstd from the start (frame and block headers,
// each block's content passed over by its size).

import { closeSync, fstatSync, openSync, readSync } from 'node:fs';
import type { ProgramFormat } from './decompress-program.js';

/** Stray bytes read past after the data, as gzip's trailing garbage (gunzip-file.ts MAX_TRAILING_BYTES). */
export const MAX_STRAY_BYTES = 64 * 1024;

/** Reads bytes of the file at `pos` into `buf`; returns how many (fewer at its end). */
export type ReadAt = (buf: Buffer, pos: number) => number;

export interface DataEnd {
  /** The compressed data is bytes [0, end): all that is given to the program. */
  end: number;
  /** Bytes from `end` to the file's last non-zero byte (0: nothing after the data, or zeros only). */
  stray: number;
  /** Nothing after the data, zeros only (read silently), a short stray tail (a warning), or too long (an error). */
  tail: 'none' | 'zeros' | 'stray' | 'too-long';
}

/**
 * Where the data of the file at `path` ends, or null when no end was found (the file is cut short or damaged) or
 * what follows it starts another stream (a damaged one): the whole file is then given to the program, whose own
 * complaint says what is wrong. Read errors are thrown as they come (compressed-read-failure.ts names them).
 */
export function compressedDataEnd(path: string, format: ProgramFormat): DataEnd | null {
  const fd = openSync(path, 'r');
  try {
    return findDataEnd((buf, pos) => readSync(fd, buf, 0, buf.length, pos), fstatSync(fd).size, format);
  } finally {
    closeSync(fd);
  }
}

/** compressedDataEnd on any reader: `size` bytes read by `read`. */
export function findDataEnd(read: ReadAt, size: number, format: ProgramFormat): DataEnd | null {
  const lastNonZero = lastNonZeroByte(read, size);
  const end = format === 'xz' ? xzEnd(read, size, lastNonZero) : format === 'bzip2' ? bzip2End(read, size, lastNonZero) : zstdEnd(read, size);
  if (end === null || end <= 0) return null;
  if (end === size) return { end, stray: 0, tail: 'none' };
  if (lastNonZero < end) return { end, stray: 0, tail: 'zeros' };
  const stray = lastNonZero + 1 - end;
  return strayTail(end, stray, readN(read, end, stray > MAX_STRAY_BYTES ? TAIL_HEAD : stray));
}

/** The bytes of a long tail looked at for another stream's magic (after zeros). */
export const TAIL_HEAD = 4096;

/**
 * What `stray` bytes after the data's end (to the last non-zero byte; `head`: the first of them, all of them when
 * they are MAX_STRAY_BYTES or fewer, else the first TAIL_HEAD) are: a short stray tail, a too-long one, or null when
 * they may be another stream, cut or damaged (a magic anywhere in a short tail, at the start of a long one).
 * Shared by files (above) and streams (stream-data-end.ts).
 */
export function strayTail(end: number, stray: number, head: Buffer): DataEnd | null {
  if (stray > MAX_STRAY_BYTES) {
    // A tail that starts another stream (after xz's Stream Padding, zeros) is that stream cut or damaged, not stray
    // bytes: the program says which.
    let i = 0;
    while (i < head.length && i < TAIL_HEAD && head[i] === 0) i++;
    return startsStream(head, i) ? null : { end, stray, tail: 'too-long' };
  }
  const tail = head.subarray(0, stray);
  for (let i = 0; i < tail.length; i++) if (startsStream(tail, i)) return null;
  return { end, stray, tail: 'stray' };
}

/** `n` bytes at `pos` (fewer at the file's end). */
function readN(read: ReadAt, pos: number, n: number): Buffer {
  const buf = Buffer.allocUnsafe(n); // only the bytes read are given
  let got = 0;
  while (got < n) {
    const r = read(buf.subarray(got), pos + got);
    if (r <= 0) break;
    got += r;
  }
  return buf.subarray(0, got);
}

const BACK_CHUNK = 1024 * 1024;

/** The position of the file's last non-zero byte (-1: all zeros), read backwards past any zero padding. */
function lastNonZeroByte(read: ReadAt, size: number): number {
  let to = size;
  // 4 KiB first (a clean file's last byte is not zero), then larger reads through long padding.
  let chunk = 4096;
  while (to > 0) {
    const from = Math.max(0, to - chunk);
    chunk = Math.min(BACK_CHUNK, chunk * 4);
    const buf = readN(read, from, to - from);
    for (let i = buf.length - 1; i >= 0; i--) if (buf[i] !== 0) return from + i;
    to = from;
  }
  return -1;
}

/** Whether `b` holds a stream's magic at `i`: xz, bzip2 ("BZh1"-"BZh9"), zstd or a zstd skippable frame. */
export function startsStream(b: Buffer, i: number): boolean {
  const c = b[i];
  if (c === 0xfd) return b[i + 1] === 0x37 && b[i + 2] === 0x7a && b[i + 3] === 0x58 && b[i + 4] === 0x5a && b[i + 5] === 0x00;
  if (c === 0x42) return b[i + 1] === 0x5a && b[i + 2] === 0x68 && b[i + 3] !== undefined && b[i + 3]! >= 0x31 && b[i + 3]! <= 0x39;
  if (c === 0x28) return b[i + 1] === 0xb5 && b[i + 2] === 0x2f && b[i + 3] === 0xfd;
  if (c !== undefined && (c & 0xf0) === 0x50) return b[i + 1] === 0x2a && b[i + 2] === 0x4d && b[i + 3] === 0x18;
  return false;
}

/**
 * Calls `found(chunk, chunkPos)` on the file's bytes from `to` backwards, in chunks that overlap by `overlap` bytes
 * (a pattern across two chunks is seen whole), from `from` on; stops at the first chunk where it returns a value.
 */
function searchBack<T>(read: ReadAt, from: number, to: number, overlap: number, found: (b: Buffer, at: number) => T | null): T | null {
  let end = to;
  // The stray bytes allowed and a little more first: an end is nearly always there; then the rest, in larger reads.
  let chunk = MAX_STRAY_BYTES + 4096;
  while (end > from) {
    const start = Math.max(from, end - chunk);
    chunk = BACK_CHUNK;
    const b = readN(read, start, end - start);
    const r = found(b, start);
    if (r !== null) return r;
    if (start === from) break;
    end = start + overlap;
  }
  return null;
}

// ---- xz ---------------------------------------------------------------------------------------------------------

const CRC_TABLE = ((): Uint32Array => {
  const t = new Uint32Array(256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    t[n] = c >>> 0;
  }
  return t;
})();

/**
 * CRC-32 (IEEE 802.3), as the .xz format checks its headers, footers and index with (and gzip its members);
 * `value`: the CRC of the bytes before `b`, as Node's zlib.crc32 takes it.
 */
export function crc32(b: Buffer, value = 0): number {
  let c = (value ^ 0xffffffff) >>> 0;
  for (let i = 0; i < b.length; i++) c = CRC_TABLE[(c ^ b[i]!) & 0xff]! ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

/** The largest index whose CRC32 is checked; a larger one is taken on its first byte (Index Indicator 0x00). */
const MAX_CHECKED_INDEX = 4 * 1024 * 1024;

/**
 * Whether the 12 bytes at `at` are an xz Stream Footer (the .xz file format 1.2.0, 2.1.2): CRC32 of the next six
 * bytes, Backward Size ((index size / 4) - 1), Stream Flags (0x00, then the check type 0x00-0x0F), "YZ"; and the
 * Index it points back to starts with its Index Indicator 0x00 and ends with its own CRC32 (4.1, 4.5).
 */
export function isXzFooter(read: ReadAt, f: Buffer, at: number): boolean {
  if (f.length < 12 || f[10] !== 0x59 || f[11] !== 0x5a || f[8] !== 0 || f[9]! > 0x0f) return false;
  if (crc32(f.subarray(4, 10)) !== f.readUInt32LE(0)) return false;
  const indexSize = (f.readUInt32LE(4) + 1) * 4;
  const indexAt = at - indexSize;
  if (indexAt < 12) return false; // a Stream Header (12 bytes) comes first
  if (indexSize > MAX_CHECKED_INDEX) return readN(read, indexAt, 1)[0] === 0;
  const index = readN(read, indexAt, indexSize);
  return index.length === indexSize && index[0] === 0 && crc32(index.subarray(0, indexSize - 4)) === index.readUInt32LE(indexSize - 4);
}

/**
 * The end of the last xz stream's footer. Clean, the file's last non-zero byte is the footer's "Z" (Stream Padding,
 * zeros, may follow: 2.2); else the last valid footer within the stray bytes allowed before it, else anywhere.
 */
function xzEnd(read: ReadAt, size: number, lastNonZero: number): number | null {
  if (lastNonZero < 0) return null;
  const atEnd = lastNonZero + 1 - 12;
  if (atEnd >= 0 && isXzFooter(read, readN(read, atEnd, 12), atEnd)) return lastNonZero + 1;
  const scan = (b: Buffer, at: number): number | null => {
    for (let y = b.lastIndexOf(YZ); y >= 0; y = y === 0 ? -1 : b.lastIndexOf(YZ, y - 1)) {
      const f = at + y - 10;
      if (f >= 0 && isXzFooter(read, f >= at ? b.subarray(f - at, f - at + 12) : readN(read, f, 12), f)) return f + 12;
    }
    return null;
  };
  return searchBack(read, 0, Math.min(size, lastNonZero + 1), 1, scan);
}

const YZ = Buffer.from('YZ', 'latin1');

// ---- bzip2 ------------------------------------------------------------------------------------------------------

/** The end-of-stream marker 0x177245385090 (sqrt(pi)), then the stream's 32-bit combined CRC: bzip2's last 80 bits. */
const EOS = 0x177245385090n;

interface ShiftedMarker {
  /** Bit offset of the marker in its first byte (0: byte-aligned; MSB first, as bzip2 writes bits). */
  shift: number;
  /** The bytes the marker fills whole, searched for; and where they sit after the marker's first byte. */
  whole: Buffer;
  wholeAt: number;
  /** The marker's bits in its first and last partial bytes (mask, value); unused when shift is 0 (first) . */
  firstMask: number; firstBits: number; lastMask: number; lastBits: number;
}

/** The marker at each of the 8 bit offsets, as 7 bytes (6 when aligned) of which 5 (6) are whole. */
const MARKERS: ShiftedMarker[] = Array.from({ length: 8 }, (_, shift) => {
  const v = EOS << BigInt(8 - shift); // the marker in a 56-bit window starting at its first byte
  const bytes = Array.from({ length: 7 }, (_x, i) => Number((v >> BigInt(8 * (6 - i))) & 0xffn));
  if (shift === 0) return { shift, whole: Buffer.from(bytes.slice(0, 6)), wholeAt: 0, firstMask: 0, firstBits: 0, lastMask: 0, lastBits: 0 };
  const firstMask = 0xff >> shift;
  const lastMask = (0xff << (8 - shift)) & 0xff;
  return { shift, whole: Buffer.from(bytes.slice(1, 6)), wholeAt: 1, firstMask, firstBits: bytes[0]! & firstMask, lastMask, lastBits: bytes[6]! & lastMask };
});

/** The bit position just after the stream's combined CRC, given the marker's first bit. */
const afterCrc = (markerBit: number): number => markerBit + 48 + 32;

/**
 * The end (in bytes) of the bzip2 stream whose end-of-stream marker starts at bit `markerBit`, or null when the bits
 * after its CRC up to the byte boundary are not the zeros bzip2 pads with, or it passes the file's end.
 */
function bzip2StreamEnd(read: ReadAt, size: number, markerBit: number): number | null {
  const endBit = afterCrc(markerBit);
  const end = Math.ceil(endBit / 8);
  if (end > size) return null;
  const pad = endBit % 8;
  if (pad === 0) return end;
  const last = readN(read, end - 1, 1)[0]!;
  return (last & (0xff >> pad)) === 0 ? end : null;
}

/** The end of the stream whose marker is the last one in `b` (at file position `at`), or null. */
export function lastMarkerEnd(read: ReadAt, size: number, b: Buffer, at: number): number | null {
  let best: number | null = null;
  for (const m of MARKERS) {
    for (let j = b.lastIndexOf(m.whole); j >= 0; j = j === 0 ? -1 : b.lastIndexOf(m.whole, j - 1)) {
      const i = j - m.wholeAt;
      if (i < 0) continue;
      if (m.shift !== 0) {
        if (i + 6 >= b.length) continue; // its last partial byte in the next chunk: that chunk's search saw it
        if ((b[i]! & m.firstMask) !== m.firstBits || (b[i + 6]! & m.lastMask) !== m.lastBits) continue;
      }
      const end = bzip2StreamEnd(read, size, (at + i) * 8 + m.shift);
      if (end !== null) {
        if (best === null || end > best) best = end;
        break; // the last one at this shift; earlier ones end earlier
      }
    }
  }
  return best;
}

/**
 * The end of the last bzip2 stream in the file: its end-of-stream marker, which is not byte-aligned (the blocks
 * before it are Huffman-coded bits; bzip2 pads only after the CRC that follows it: bzip2's compress.c
 * BZ2_bzCompress, bsFinishWrite). Concatenated streams (`cat a.bz2 b.bz2`, pbzip2) each start on a byte: the last
 * marker is the last stream's. Searched near the end first (the marker and CRC within 11 bytes of its last non-zero
 * byte, or of the stray bytes allowed after it), then the whole file backwards.
 */
function bzip2End(read: ReadAt, size: number, lastNonZero: number): number | null {
  if (lastNonZero < 0) return null;
  const scan = (b: Buffer, at: number): number | null => lastMarkerEnd(read, size, b, at);
  // The CRC and padding may end in zero bytes after the last non-zero one.
  const to = Math.min(size, lastNonZero + 1 + 6);
  return searchBack(read, 0, to, 7, scan);
}

// ---- zstd -------------------------------------------------------------------------------------------------------

export const ZSTD_MAGIC = 0xfd2fb528;

/**
 * The end of the last zstd frame, walked from the start (RFC 8878 3.1): each frame's header (Magic_Number,
 * Frame_Header_Descriptor, Window_Descriptor, Dictionary_ID, Frame_Content_Size), its blocks by their 3-byte headers
 * (Last_Block, Block_Type, Block_Size: an RLE block holds one byte) and its Content_Checksum; a skippable frame
 * (0x184D2A50-0x184D2A5F) by its Frame_Size. The first bytes that are no frame are where the data ends; null when a
 * frame runs past the file's end or a header is invalid (cut short or damaged: the program says so).
 */
function zstdEnd(read: ReadAt, size: number): number | null {
  const block = Buffer.alloc(3);
  let p = 0;
  for (;;) {
    if (size - p < 4) return p;
    const h = readN(read, p, 18);
    const magic = h.readUInt32LE(0);
    if ((magic & 0xfffffff0) === 0x184d2a50) {
      if (h.length < 8) return null;
      p += 8 + h.readUInt32LE(4);
      if (p > size) return null;
      continue;
    }
    if (magic !== ZSTD_MAGIC) return p;
    if (h.length < 5) return null;
    const fhd = h[4]!;
    if ((fhd & 0x08) !== 0) return null; // Reserved_bit
    const single = (fhd & 0x20) !== 0;
    const dictBytes = [0, 1, 2, 4][fhd & 3]!;
    const fcsFlag = fhd >> 6;
    const fcsBytes = fcsFlag === 0 ? (single ? 1 : 0) : [0, 2, 4, 8][fcsFlag]!;
    let q = p + 5 + (single ? 0 : 1) + dictBytes + fcsBytes;
    for (;;) {
      // One read of 3 bytes a block, into one buffer: a 98 MB file has some 9,000 blocks.
      if (q + 3 > size || read(block, q) < 3) return null;
      const bh = block[0]! | (block[1]! << 8) | (block[2]! << 16);
      const type = (bh >> 1) & 3;
      if (type === 3) return null; // Reserved block type: corrupted
      q += 3 + (type === 1 ? 1 : bh >>> 3);
      if (q > size) return null;
      if (bh & 1) break;
    }
    if (fhd & 0x04) q += 4; // Content_Checksum
    if (q > size) return null;
    p = q;
  }
}
