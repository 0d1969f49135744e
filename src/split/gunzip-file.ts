// A .gz file's decompressed bytes, read as gzip(1) reads them: its members one after another, and a short tail after
// the last member that starts no other one (MAX_TRAILING_BYTES, no gzip magic in it) ignored, not the whole file
// refused as corrupt. gzip says of such a file "decompression OK, trailing garbage ignored" and writes every line
// (review 8, L4). A longer tail, or one that may be a damaged member, is still a corrupt file.
//
// Node's Gunzip fails on those bytes ("incorrect header check": it tries them as the next member's header) and drops
// the output of the write that ended the last member: a file with 7 bytes of garbage after its one member lost its
// last 137 KiB of lines even with --allow-partial. The fast path stays Gunzip, which checks every member's CRC; only
// when it fails at a member's header are the members walked again one by one (InflateRaw stops at the end of the
// deflate data and says how much it read), from the file's start, and what Gunzip did not give yet is given.

import { closeSync, constants as fsConstants, createReadStream, fstatSync, openSync, readSync } from 'node:fs';
import { readAt } from './read-at.js';
import type { Readable } from 'node:stream';
import { constants, createGunzip, createInflateRaw } from 'node:zlib';

/** What the walk found after the last member; `trailingBytes` > 0 only when Gunzip's error was about them. */
export interface GunzipNotes {
  trailingBytes: number;
}

const CHUNK = 256 * 1024;

/** zlib's errors when bytes that should start a member do not: the data before them was whole and checked. */
function isHeaderError(err: unknown): boolean {
  const e = err as { code?: string; message?: string };
  return e.code === 'Z_DATA_ERROR'
    && (e.message === 'incorrect header check' || e.message === 'unknown compression method' || e.message === 'unknown header flags set');
}

/**
 * The decompressed bytes of `raw` (the file at `path`, already open, its reads counted by the caller). A broken
 * member is an error, as before; bytes after the last whole member that are not a member are counted in `notes`.
 */
export async function* gunzipFile(path: string, raw: Readable, notes: GunzipNotes, stop?: AbortSignal, stopError?: () => Error): AsyncGenerator<Buffer> {
  const gunzip = createGunzip({ chunkSize: CHUNK });
  raw.on('error', (e: Error) => gunzip.destroy(e));
  // Stopped from outside: the decompressor fails at once (a read stream waits for its pending read, which on a FIFO
  // never ends, before it is destroyed).
  const onStop = (): void => { const e = stopError?.() ?? new Error('stopped'); gunzip.destroy(e); raw.destroy(e); };
  stop?.addEventListener('abort', onStop, { once: true });
  try {
    yield* withMemberWalk(path, raw.pipe(gunzip) as AsyncIterable<Buffer>, notes, () => raw.destroy(), stop, stopError);
  } finally {
    stop?.removeEventListener('abort', onStop);
  }
}

/** gunzipFile for a regular file, read and inflated on this thread into two buffers it reuses (see inflateInPlace). */
export async function* gunzipRegularFile(path: string, notes: GunzipNotes, progress: (bytes: number) => void, stop?: AbortSignal, stopError?: () => Error): AsyncGenerator<Buffer> {
  // Non-blocking open: a FIFO named like a .gz must not block this thread in open(2) (the stream path can be stopped).
  const fd = openSync(path, fsConstants.O_RDONLY | fsConstants.O_NONBLOCK);
  const fast = fstatSync(fd).isFile() ? inflateInPlace(fd, progress, stop, stopError) : null;
  if (fast === null) {
    closeSync(fd);
    yield* gunzipFile(path, countedStream(path, progress), notes, stop, stopError);
  } else {
    // Nothing to close on the walk: the fast generator closes its file and handle when it fails.
    yield* withMemberWalk(path, fast, notes, () => undefined, stop, stopError);
  }
}

function countedStream(path: string, progress: (bytes: number) => void): Readable {
  const raw = createReadStream(path, { highWaterMark: 1024 * 1024 });
  raw.on('data', (c: Buffer | string) => progress(c.length));
  return raw;
}

interface ZlibHandle {
  writeSync(flush: number, input: Buffer, inOff: number, inLen: number, out: Buffer, outOff: number, outLen: number): void;
  onerror: (message: string, errno: number, code: string) => void;
}

/**
 * Compressed bytes given to zlib per call. A call that fails (damaged data) gives no output: Node's handle does not
 * say how much it wrote before the error. Small slices bound what --allow-partial loses before the damage (about
 * 16 KiB × the compression ratio, at most one output buffer) and make it depend less on where reads fall.
 */
const SLICE = 16 * 1024;

/**
 * The decompressed bytes of the regular file open as `fd` (closed at the end), each chunk a view of one output
 * buffer that the next chunk overwrites: the consumer must be done with a chunk before it asks for the next
 * (readStream copies what it keeps). Null when this Node's zlib lacks the synchronous handle that its own
 * zlib.gunzipSync uses (`_handle.writeSync`, `_writeState`: Node 10 to 24), and the stream is used.
 *
 * Why: Node's Gunzip stream hands every 256 KiB of output in a new Buffer, and its read stream every MiB of input:
 * memory outside the heap, freed only when a collection finds the Buffer dead and then kept by glibc's per-thread
 * arenas. On the four .gz rotations of the benchmark the peak fell by 25–90 MiB (docs/performance.md).
 */
function inflateInPlace(fd: number, progress: (bytes: number) => void, stop?: AbortSignal, stopError?: () => Error): AsyncGenerator<Buffer> | null {
  const gunzip = createGunzip() as unknown as { _handle?: ZlibHandle; _writeState?: Uint32Array; close(): void };
  const handle = gunzip._handle;
  const state = gunzip._writeState;
  if (handle === undefined || typeof handle.writeSync !== 'function' || !(state instanceof Uint32Array) || state.length < 2) {
    gunzip.close();
    return null;
  }
  const stopped = (): Error => stopError?.() ?? new Error('stopped');
  return (async function* inflate(): AsyncGenerator<Buffer> {
    let failure: Error | null = null;
    // zlib's errors come back through the handle during writeSync, as Node's own zlibOnError gets them.
    handle.onerror = (message: string, errno: number, code: string): void => {
      failure = Object.assign(new Error(message), { errno, code });
    };
    try {
      const input = Buffer.allocUnsafe(CHUNK);
      const out = Buffer.allocUnsafe(CHUNK);
      let pos = 0;
      for (;;) {
        const n = readSync(fd, input, 0, CHUNK, pos);
        pos += n;
        progress(n);
        // At the end, Z_FINISH: a file cut short fails here ("unexpected end of file"), as the stream's end does.
        const flush = n === 0 ? constants.Z_FINISH : constants.Z_NO_FLUSH;
        for (let from = 0; from < n || (n === 0 && from === 0); from += SLICE) {
          let inOff = from;
          let inLen = Math.min(SLICE, n - from);
          for (;;) {
            handle.writeSync(flush, input, inOff, inLen, out, 0, CHUNK);
            if (failure !== null) throw failure;
            const outLeft = state[0]!;
            const inLeft = state[1]!;
            if (CHUNK - outLeft > 0) {
              yield out.subarray(0, CHUNK - outLeft);
              // A turn of the event loop per output buffer, whatever the compression ratio (a log of one repeated
              // line inflates 280 times): Ctrl-C, the progress line and the workers' messages wait for it.
              if (outLeft === 0) await new Promise<void>((resolve) => setImmediate(resolve));
              if (stop?.aborted) throw stopped();
            }
            inOff += inLen - inLeft;
            inLen = inLeft;
            // Output space left: zlib took all it could of this input (or the stream ended).
            if (outLeft !== 0) break;
          }
        }
        if (n === 0) return;
        await new Promise<void>((resolve) => setImmediate(resolve));
        if (stop?.aborted) throw stopped();
      }
    } finally {
      closeSync(fd);
      gunzip.close();
    }
  })();
}

/** `fast`'s chunks; when it fails at bytes that start no member, the members walked one by one (see above). */
async function* withMemberWalk(path: string, fast: AsyncIterable<Buffer>, notes: GunzipNotes, closeFast: () => void, stop?: AbortSignal, stopError?: () => Error): AsyncGenerator<Buffer> {
  let given = 0;
  try {
    for await (const chunk of fast) {
      given += chunk.length;
      yield chunk;
    }
    return;
  } catch (err) {
    if (!isHeaderError(err)) throw err;
    closeFast();
    // The walk below rereads the file (a second decompression, only for such a file); it gives the bytes past
    // `given`, or fails with Gunzip's own error when the file is no gzip at all (its first member broken) or what
    // follows the last whole member may be a damaged one (then what came before it has been given).
    const walked: WalkState = { members: 0, damaged: false };
    let seen = 0;
    for await (const piece of walkMembers(path, notes, walked, stop, stopError)) {
      const end = seen + piece.length;
      if (end > given) yield seen >= given ? piece : piece.subarray(given - seen);
      seen = end;
    }
    if (walked.members === 0 || walked.damaged || seen < given) throw err;
  }
}

interface WalkState {
  /** Members whose header was read (an empty member counts: gzip reads such a file as empty). */
  members: number;
  /** What follows the last member may be a damaged member, not garbage: the file is corrupt. */
  damaged: boolean;
}

/**
 * Bytes after the last member that gzip's "trailing garbage" can be: a few bytes of padding or a stray write, not
 * the rest of a multi-member file whose next header is broken (pigz, bgzip and `cat a.gz b.gz` write many members;
 * one flipped byte in a header dropped 98% of such a file as "trailing bytes": code review 13, M1).
 */
export const MAX_TRAILING_BYTES = 64 * 1024;

/** Each member of the gzip file at `path` in turn (RFC 1952 §2.3), until the end or bytes that start no member. */
async function* walkMembers(path: string, notes: GunzipNotes, state: WalkState, stop?: AbortSignal, stopError?: () => Error): AsyncGenerator<Buffer> {
  const stopped = (): Error => stopError?.() ?? new Error('stopped');
  let at = 0;
  for (;;) {
    if (stop?.aborted) throw stopped();
    const head = readAt(path, at, MAX_TRAILING_BYTES + 1);
    // The end, or zero padding after the last member (tape blocks; gzip and Node's Gunzip both ignore it).
    if (head.length === 0 || head[0] === 0) return;
    const dataAt = memberData(head);
    if (dataAt < 0) {
      // No member can hide in a short tail without gzip's magic (1f 8b, deflate 08) somewhere in it.
      if (head.length > MAX_TRAILING_BYTES || head.includes(GZIP_MAGIC)) state.damaged = true;
      else notes.trailingBytes = head.length;
      return;
    }
    state.members++;
    const inflate = createInflateRaw({ chunkSize: CHUNK });
    const src = createReadStream(path, { start: at + dataAt, highWaterMark: 1024 * 1024 });
    src.on('error', (e: Error) => inflate.destroy(e));
    try {
      for await (const chunk of src.pipe(inflate)) {
        if (stop?.aborted) throw stopped();
        yield chunk as Buffer;
      }
    } finally {
      src.destroy();
      inflate.destroy();
    }
    at += dataAt + inflate.bytesWritten + 8; // the deflate data, then CRC32 and ISIZE
  }
}

export const GZIP_MAGIC = Buffer.from([0x1f, 0x8b, 0x08]);

/**
 * Where a member's deflate data starts in `b` (its first bytes), or -1 when `b` does not start a gzip member.
 * Header: ID1 ID2 CM FLG MTIME(4) XFL OS, then FEXTRA (2-byte length, data), FNAME and FCOMMENT (zero-terminated),
 * FHCRC (2 bytes), each when its flag is set.
 */
export function memberData(b: Buffer): number {
  if (b.length < 10 || b[0] !== 0x1f || b[1] !== 0x8b || b[2] !== 8) return -1;
  const flags = b[3]!;
  if ((flags & 0xe0) !== 0) return -1; // reserved bits
  let i = 10;
  if (flags & 4) {
    if (i + 2 > b.length) return -1;
    i += 2 + b.readUInt16LE(i);
  }
  for (const flag of [8, 16]) {
    if (flags & flag) {
      const z = b.indexOf(0, i);
      if (z < 0) return -1;
      i = z + 1;
    }
  }
  if (flags & 2) i += 2;
  return i <= b.length ? i : -1;
}
