// A read of a compressed input that failed part-way: EIO from a failing disk, a USB disk pulled out, an NFS or
// sshfs mount gone. Such an error used to reach the user as Node's "EIO: i/o error, read after 123 compressed
// bytes", or, for .xz, .bz2 and .zst, as the program's "data is truncated" (its input just ended), which blames the
// file rather than the disk. It is one line naming the file, how far it was read and what the system said
// (errors.ts describeFsError's words); run.ts writes it in the report's language (i18n warnings.compressedReadFailed).

import { describeFsError } from '../errors.js';

/** What a failed read of a compressed input carries to the main thread (workers/task.ts TaskResult). */
export interface ReadFailure {
  path: string;
  /** Compressed bytes read before the failing read. */
  bytes: number;
  /** The system's error code (EIO, ENXIO, ESTALE …). */
  code: string;
  /** What describeFsError says of it, without the path: "input/output error (a failing disk or a lost device?)". */
  why: string;
}

/** The read of a compressed input failed after `bytes` compressed bytes. */
export class CompressedReadFailure extends Error {
  override name = 'CompressedReadFailure';
  constructor(readonly failure: ReadFailure) {
    super(readFailureLine(failure));
  }
}

/** The English line; run.ts writes the report's language's. */
export function readFailureLine(f: ReadFailure): string {
  return `${f.path}: reading it failed after ${f.bytes.toLocaleString('en-US')} compressed bytes: ${f.why}`;
}

/**
 * `err` as a read failure of `path` after `bytes` compressed bytes, or null when it is no system error (a
 * decompressor's: zlib's codes are Z_DATA_ERROR …, a program's complaint has none).
 */
export function readFailureOf(err: unknown, path: string, bytes: number): CompressedReadFailure | null {
  if (err instanceof CompressedReadFailure) return err;
  const code = (err as { code?: unknown } | null)?.code;
  if (typeof code !== 'string' || !/^E[A-Z0-9]+$/.test(code)) return null;
  return new CompressedReadFailure({ path, bytes, code, why: describeFsError(err, path).slice(path.length + 2) });
}

/**
 * The chunks of a compressed file as they are read, each counted by `count`; a failing read is thrown as a
 * CompressedReadFailure with the bytes read before it. What the decompressor made of those bytes is given first
 * (decompress-program.ts rethrows its source's error rather than the program's complaint of an input cut short).
 */
export async function* readingCompressed(source: AsyncIterable<Buffer>, path: string, count: (n: number) => void): AsyncGenerator<Buffer> {
  let bytes = 0;
  const chunks = source[Symbol.asyncIterator]();
  let ended = false;
  try {
    for (;;) {
      let r: IteratorResult<Buffer>;
      try {
        r = await chunks.next();
      } catch (err) {
        ended = true;
        throw readFailureOf(err, path, bytes) ?? err;
      }
      if (r.done === true) { ended = true; return; }
      bytes += r.value.length;
      count(r.value.length);
      yield r.value;
    }
  } finally {
    // Stopped early (the reader has what it wanted, or the decompressor failed): the file is closed.
    if (!ended) await chunks.return?.(undefined);
  }
}
