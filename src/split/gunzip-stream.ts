// gzip data read from standard input or a FIFO, member by member, so that what follows the last member is read past
// as after a .gz file's (gunzip-file.ts walkMembers): zeros silently, up to MAX_TRAILING_BYTES that hold no gzip magic
// counted in `notes` (a warning, as gzip's "trailing garbage ignored"), more a corrupt stream. Node's Gunzip fails on
// such bytes ("incorrect header check") and drops the output of the write that ended the last member: `analyze -`
// given a .gz with 18 stray bytes after it failed as corrupt, its last lines lost even with --allow-partial. A file
// is walked again from its start; a stream cannot be, so here each member's header is read (memberData), its
// deflate data inflated raw on this thread (InflateRaw stops at the data's end and says how much it took) and its
// CRC-32 and length checked at its end, as Gunzip checks them ("incorrect data check", "incorrect length check").

import { Readable } from 'node:stream';
import * as zlib from 'node:zlib';
import { crc32 } from './compressed-data-end.js';
import type { GunzipNotes } from './gunzip-file.js';
import { GZIP_MAGIC, MAX_TRAILING_BYTES, memberData } from './gunzip-file.js';

const CHUNK = 256 * 1024;
const EMPTY = Buffer.alloc(0);

interface ZlibHandle {
  writeSync(flush: number, input: Buffer, inOff: number, inLen: number, out: Buffer, outOff: number, outLen: number): void;
  onerror: (message: string, errno: number, code: string) => void;
}

/** zlib's own error, as its streams throw it: workers/task.ts names it (compressed-problem.ts gzipProblem). */
function zlibError(message: string, code: 'Z_DATA_ERROR' | 'Z_BUF_ERROR'): Error {
  return Object.assign(new Error(message), { code, errno: code === 'Z_DATA_ERROR' ? zlib.constants.Z_DATA_ERROR : zlib.constants.Z_BUF_ERROR });
}

/** Node's CRC-32 (20.15, 22.2 on), else the module's own. */
const crc: (b: Buffer, value: number) => number = typeof (zlib as { crc32?: unknown }).crc32 === 'function'
  ? (b, value) => (zlib as unknown as { crc32(b: Buffer, v: number): number }).crc32(b, value)
  : crc32;

/** Whether `b` (a member's first bytes, maybe not all of its header yet) may still be a member's header. */
function mayStartMember(b: Buffer): boolean {
  return b[0] === 0x1f && (b.length < 2 || b[1] === 0x8b) && (b.length < 3 || b[2] === 8) && (b.length < 4 || (b[3]! & 0xe0) === 0);
}

/**
 * The decompressed bytes of the gzip stream `source`; bytes after the last member that start no member counted in
 * `notes.trailingBytes`. Throws zlib's errors for data cut short or damaged, after giving what came before.
 */
export async function* gunzipStream(source: AsyncIterable<Buffer>, notes: GunzipNotes): AsyncGenerator<Buffer> {
  const inflater = zlib.createInflateRaw() as unknown as { _handle?: ZlibHandle; _writeState?: Uint32Array; reset(): void; close(): void };
  const handle = inflater._handle;
  const state = inflater._writeState;
  if (handle === undefined || typeof handle.writeSync !== 'function' || !(state instanceof Uint32Array) || state.length < 2) {
    // A Node without the synchronous handle (gunzip-file.ts inflateInPlace): Gunzip, which fails on trailing bytes.
    inflater.close();
    const src = Readable.from(source, { objectMode: false });
    const gunzip = zlib.createGunzip({ chunkSize: CHUNK });
    src.on('error', (e: Error) => gunzip.destroy(e));
    yield* src.pipe(gunzip) as AsyncIterable<Buffer>;
    return;
  }
  let failure: Error | null = null;
  handle.onerror = (message: string, errno: number, code: string): void => {
    failure = Object.assign(new Error(message), { errno, code });
  };
  /** What the next bytes are: a member's header, its deflate data, its trailer, bytes that are no member, or the end (zeros: the rest is ignored). */
  let phase: 'header' | 'deflate' | 'trailer' | 'stray' | 'end' = 'header';
  let pending: Buffer = EMPTY; // a header's or a trailer's bytes read so far
  const strayParts: Buffer[] = []; // the stray bytes (kept to look for gzip's magic in them at the end)
  let strayBytes = 0;
  let members = 0;
  let check = 0; // the member's CRC-32 and length so far
  let length = 0;
  // Output goes into `out` from `outAt` on; what is given is never written again (the reader keeps it).
  let out = Buffer.allocUnsafe(CHUNK);
  let outAt = 0;
  try {
    for await (const chunk of source) {
      let i = 0;
      while (i < chunk.length && phase !== 'end') {
        if (phase === 'deflate') {
          let inLen = chunk.length - i;
          for (;;) {
            handle.writeSync(zlib.constants.Z_NO_FLUSH, chunk, i, inLen, out, outAt, CHUNK - outAt);
            if (failure !== null) throw failure;
            const outLeft = state[0]!;
            const inLeft = state[1]!;
            if (outAt + outLeft < CHUNK) {
              const piece = out.subarray(outAt, CHUNK - outLeft);
              check = crc(piece, check);
              length = (length + piece.length) % 0x1_0000_0000;
              outAt = CHUNK - outLeft;
              yield piece;
            }
            if (outLeft === 0) {
              out = Buffer.allocUnsafe(CHUNK);
              outAt = 0;
            }
            i += inLen - inLeft;
            inLen = inLeft;
            if (outLeft === 0) continue; // more output may come of what is left
            // Room left in the output and input not taken: the deflate data ended (at `i`). With none left, it
            // may have ended at the chunk's end: the next chunk's first call then takes nothing.
            if (inLeft > 0) phase = 'trailer';
            break;
          }
          continue;
        }
        if (phase === 'trailer') {
          const n = Math.min(8 - pending.length, chunk.length - i);
          pending = Buffer.concat([pending, chunk.subarray(i, i + n)]);
          i += n;
          if (pending.length < 8) break;
          // CRC32 and ISIZE (RFC 1952 2.3.1).
          if (pending.readUInt32LE(0) !== check) throw zlibError('incorrect data check', 'Z_DATA_ERROR');
          if (pending.readUInt32LE(4) !== length) throw zlibError('incorrect length check', 'Z_DATA_ERROR');
          pending = EMPTY;
          phase = 'header';
          continue;
        }
        if (phase === 'header' && pending.length === 0 && members > 0 && chunk[i] === 0) {
          // Zero padding after the last member (tape blocks): gzip and Node's Gunzip ignore it and what follows.
          phase = 'end';
          break;
        }
        if (phase === 'stray') {
          // Up to one more than the stray bytes allowed: more is corrupt, whatever they are.
          const n = Math.min(MAX_TRAILING_BYTES + 1 - strayBytes, chunk.length - i);
          strayParts.push(Buffer.from(chunk.subarray(i, i + n)));
          strayBytes += n;
          i += n;
          if (strayBytes > MAX_TRAILING_BYTES) throw zlibError('incorrect header check', 'Z_DATA_ERROR');
          continue;
        }
        // A header's bytes (up to one more than the stray bytes allowed).
        const n = Math.min(MAX_TRAILING_BYTES + 1 - pending.length, chunk.length - i);
        pending = Buffer.concat([pending, chunk.subarray(i, i + n)]);
        i += n;
        const at = memberData(pending);
        if (at >= 0) {
          i -= pending.length - at; // the deflate data after the header is read from the chunk
          pending = EMPTY;
          members++;
          inflater.reset();
          check = 0;
          length = 0;
          phase = 'deflate';
          continue;
        }
        if (mayStartMember(pending) && pending.length <= MAX_TRAILING_BYTES) continue; // the rest of its header to come
        // Bytes that start no member: the first member broken is a broken stream; after one, stray bytes.
        if (members === 0 || pending.length > MAX_TRAILING_BYTES) throw zlibError('incorrect header check', 'Z_DATA_ERROR');
        phase = 'stray';
        strayParts.push(pending);
        strayBytes = pending.length;
        pending = EMPTY;
      }
    }
    if (phase === 'deflate' || phase === 'trailer') throw zlibError('unexpected end of file', 'Z_BUF_ERROR');
    if (phase === 'header' && pending.length > 0) {
      // A header cut short (its magic there, the rest not): the stream is cut; else stray bytes.
      if (pending.includes(GZIP_MAGIC) || members === 0) throw zlibError('unexpected end of file', 'Z_BUF_ERROR');
      notes.trailingBytes = pending.length;
    }
    if (phase === 'stray') {
      // One with gzip's magic in it may be a member damaged: corrupt, as for a file (gunzip-file.ts walkMembers).
      if (Buffer.concat(strayParts).includes(GZIP_MAGIC)) throw zlibError('incorrect header check', 'Z_DATA_ERROR');
      notes.trailingBytes = strayBytes;
    }
  } finally {
    inflater.close();
  }
}
