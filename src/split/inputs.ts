// Input files: validation, gzip detection, the year rule for classic timestamps, duplicates, and the order of a
// rotated set (maillog, maillog.1, maillog.2.gz, maillog-20190210.gz) by each file's first timestamp, not name.

import { closeSync, createReadStream, fstatSync, openSync, readSync, statSync } from 'node:fs';
import { createGunzip } from 'node:zlib';
import type { YearRule } from '../parse/header.js';
import { newHeader, parseHeader } from '../parse/header.js';
import { describeFsError, UsageError } from '../errors.js';
import { MAGIC_BYTES, isGzip, refuseOtherCompression } from './magic.js';

/** `stream`: a FIFO, `<(…)`, a device or a /proc file (size 0): read once, whole, like stdin (no byte ranges). */
export type InputKind = 'plain' | 'gz' | 'stdin' | 'stream';

export interface InputFile {
  /** Position in chronological order (0 = oldest). */
  index: number;
  path: string;
  kind: InputKind;
  /** Size on disk (compressed size for .gz; 0 for stdin). */
  bytes: number;
  mtimeMs: number;
  years: YearRule;
  /** Local time of the first timestamped line, NaN when unknown (stdin, empty file). */
  firstAt: number;
}

export interface ResolvedInputs {
  inputs: InputFile[];
  /** Paths given more than once (same file by device and inode): read once. */
  duplicates: string[];
}

const PEEK_BYTES = 256 * 1024;

export async function resolveInputs(paths: string[], year: number | undefined): Promise<ResolvedInputs> {
  const seen = new Map<string, string>();
  const duplicates: string[] = [];
  const found: InputFile[] = [];
  let stdinUsed = false;
  for (const path of paths) {
    if (path === '-') {
      if (stdinUsed) { duplicates.push(path); continue; }
      stdinUsed = true;
      checkStdin();
      const now = new Date();
      found.push({
        index: 0, path: '-', kind: 'stdin', bytes: 0, mtimeMs: now.getTime(),
        years: yearRule(year, now.getTime()), firstAt: NaN,
      });
      continue;
    }
    let st;
    try {
      st = statSync(path);
    } catch (err) {
      throw new UsageError(describeFsError(err, path));
    }
    if (st.isDirectory()) throw new UsageError(`${path}: is a directory (give the log files inside it)`);
    if (st.isSocket()) throw new UsageError(`${path}: is a socket, not a log file`);
    const id = `${st.dev}:${st.ino}`;
    const again = seen.get(id);
    if (again !== undefined) { duplicates.push(path); continue; }
    seen.set(id, path);
    if (isStream(path, st)) {
      // Never peeked here: what a pipe gives is gone once read. Its reader detects gzip (workers/task.ts).
      const now = Date.now();
      found.push({ index: 0, path, kind: 'stream', bytes: 0, mtimeMs: now, years: yearRule(year, now), firstAt: NaN });
      continue;
    }
    let head: Buffer;
    try {
      head = readHead(path, MAGIC_BYTES);
    } catch (err) {
      throw new UsageError(describeFsError(err, path));
    }
    refuseOtherCompression(head, path);
    const kind: InputKind = isGzip(head) ? 'gz' : 'plain';
    const years = yearRule(year, st.mtimeMs);
    const text = kind === 'gz' ? await peekGzip(path) : readHead(path, PEEK_BYTES).toString('latin1');
    const firstAt = firstTimestamp(text, years);
    // Plain files are split into ranges: settle their year rule now so every range agrees.
    if (kind === 'plain' && years.firstMonth < 0) {
      // No classic stamp near the start (an RFC 3339 log): fix the rule anyway so that all ranges agree.
      years.firstMonth = 0;
      years.firstYear = years.refYear;
    }
    found.push({ index: 0, path, kind, bytes: st.size, mtimeMs: st.mtimeMs, years, firstAt });
  }
  // Chronological order: files with a known first timestamp by it; stable otherwise (given order).
  const order = found.map((f, i) => ({ f, i }));
  order.sort((a, b) => {
    const x = a.f.firstAt, y = b.f.firstAt;
    if (Number.isNaN(x) || Number.isNaN(y)) return a.i - b.i;
    return x - y || a.i - b.i;
  });
  const inputs = order.map(({ f }, i) => ({ ...f, index: i }));
  return { inputs, duplicates };
}

/** Standard input that is a directory, or closed (Node opens /dev/null in its place), is not a log. */
function checkStdin(): void {
  let st;
  try {
    st = fstatSync(0);
  } catch {
    throw new UsageError('-: standard input is closed (pipe the log into -)');
  }
  if (st.isDirectory()) throw new UsageError('-: standard input is a directory (give the log files inside it)');
  const devNull = statSync('/dev/null', { throwIfNoEntry: false });
  if (st.isCharacterDevice() && devNull !== undefined && st.rdev === devNull.rdev) {
    throw new UsageError('-: standard input is closed or /dev/null (pipe the log into -)');
  }
}

/**
 * Inputs without a size to split by: FIFOs and `<(…)`, devices, and files of size 0 that still have content (/proc).
 * A real empty file stays plain.
 */
function isStream(path: string, st: { isFile(): boolean; size: number }): boolean {
  if (!st.isFile()) return true;
  if (st.size > 0) return false;
  try {
    return readHead(path, 1).length > 0;
  } catch (err) {
    throw new UsageError(describeFsError(err, path));
  }
}

function yearRule(year: number | undefined, mtimeMs: number): YearRule {
  const ref = new Date(mtimeMs);
  return {
    firstYear: year ?? ref.getFullYear(), firstMonth: -1,
    refYear: year ?? ref.getFullYear(), refMonth: ref.getMonth(), fixed: year !== undefined,
  };
}

function readHead(path: string, n: number): Buffer {
  const fd = openSync(path, 'r');
  try {
    const buf = Buffer.allocUnsafe(n);
    const got = readSync(fd, buf, 0, n, 0);
    return buf.subarray(0, got);
  } finally {
    closeSync(fd);
  }
}

/** First decompressed bytes of a .gz file (enough to find its first timestamp). */
async function peekGzip(path: string): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  const stream = createReadStream(path).pipe(createGunzip());
  try {
    for await (const c of stream) {
      chunks.push(c as Buffer);
      size += (c as Buffer).length;
      if (size >= PEEK_BYTES) break;
    }
  } catch {
    // A corrupt file: its reader reports the error properly later.
  } finally {
    stream.destroy();
  }
  return Buffer.concat(chunks).toString('latin1');
}

/** Time of the first line with a syslog header; settles the year rule from it (classic stamps). */
function firstTimestamp(text: string, years: YearRule): number {
  const h = newHeader();
  const intern = new Map<string, string>();
  let start = 0;
  for (let i = 0; i < 1000 && start < text.length; i++) {
    let nl = text.indexOf('\n', start);
    if (nl < 0) nl = text.length;
    const line = text.slice(start, nl);
    start = nl + 1;
    if (parseHeader(line, h, years, intern)) return h.at;
  }
  return NaN;
}
