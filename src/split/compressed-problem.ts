// A compressed input whose log could not all be read: its data cut short or damaged, its program failing, or more
// bytes after its data than a stray tail (compressed-data-end.ts, stream-data-end.ts). The task (workers/task.ts)
// says what it found; run.ts writes it in the report's language (i18n warnings.compressedProblem), as it writes a
// failed read's (compressed-read-failure.ts). The English line is here, for the task's own `error` and for en.ts.

import type { ProgramFormat } from './decompress-program.js';
import { DecompressError } from './decompress-program.js';
import { MAX_STRAY_BYTES } from './compressed-data-end.js';

export type CompressedProblem =
  /** More than MAX_STRAY_BYTES after an .xz, .bz2 or .zst input's data that start no stream. */
  | { kind: 'too-long'; path: string; format: ProgramFormat; bytes: number }
  /** The program's complaint (decompress-program.ts complaint), `logBytes` of log written before it; `said`: its words. */
  | { kind: 'program'; path: string; format: ProgramFormat; reason: 'truncated' | 'corrupt' | 'failed'; logBytes: number; said: string }
  /**
   * zlib's error on gzip data after `compressedBytes` compressed bytes; `checkFailed`: a member's CRC-32 or length
   * check failed at its end ("incorrect data check"), after its lines were read.
   */
  | { kind: 'gzip'; path: string; reason: 'truncated' | 'corrupt'; compressedBytes: number; checkFailed: boolean };

const n = (x: number): string => x.toLocaleString('en-US');

/** The English line (without the --allow-partial hint). */
export function compressedProblemLine(p: CompressedProblem): string {
  if (p.kind === 'too-long') {
    return `${p.path}: ${n(p.bytes)} bytes after the end of its ${p.format} data that are not ${p.format} data, more than the `
      + `${MAX_STRAY_BYTES / 1024} KiB of stray bytes read past: the file is damaged or something else was appended to it`;
  }
  if (p.kind === 'gzip') {
    // The compressed bytes without separators, as this line has always written them.
    return `${p.path}: gzip data is ${p.reason} after ${p.compressedBytes} compressed bytes`
      + (p.checkFailed ? ', where its gzip check failed: lines read before it are damaged somewhere, as its unparsed lines may show' : '');
  }
  const at = `after ${n(p.logBytes)} bytes of the log`;
  const said = p.said === '' ? '' : ` (${p.format}: ${p.said})`;
  if (p.reason === 'truncated') return `${p.path}: ${p.format} data is truncated: it ends ${at}${said}`;
  if (p.reason === 'corrupt') return `${p.path}: ${p.format} data is corrupt ${at}${said}: lines read before it may be damaged too, as its unparsed lines may show`;
  return `${p.path}: ${p.format} decompression failed ${at}${said}`;
}

/**
 * The program's failure `err` as a problem, or null when it is no DecompressError. The programs check a block only
 * at its end, after writing it (CRC-32/64, xxHash): the lines before the damage may be damaged too.
 */
export function programProblem(err: unknown, path: string, logBytes: number): CompressedProblem | null {
  if (!(err instanceof DecompressError)) return null;
  return { kind: 'program', path, format: err.format, reason: err.reason, logBytes, said: err.said };
}

/**
 * zlib's error `err` on gzip data as a problem, or null when it is none of its data errors. "incorrect data check"
 * (a member's CRC-32) and "incorrect length check" (its ISIZE) are found at the member's end, after every byte of it
 * was decompressed and its lines read: one flipped bit gives lines of garbage from there on (the twenty-seventh
 * session's hostile-input review: 4,087 unparsed lines and 39 clock steps under "the part read before the error").
 */
export function gzipProblem(err: unknown, path: string, compressedBytes: number): CompressedProblem | null {
  const e = err as { code?: string; message?: string };
  const truncated = e.code === 'Z_BUF_ERROR' || e.message === 'unexpected end of file';
  if (!truncated && e.code !== 'Z_DATA_ERROR') return null;
  const checkFailed = e.code === 'Z_DATA_ERROR' && (e.message === 'incorrect data check' || e.message === 'incorrect length check');
  return { kind: 'gzip', path, reason: truncated ? 'truncated' : 'corrupt', compressedBytes, checkFailed };
}
