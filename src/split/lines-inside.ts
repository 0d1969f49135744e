// Whether every line of one input is, in order, among the lines of another: asked after the scan for two inputs
// of one host that overlap in time (aggregate/overlap.ts), when one of them is a .gz. Before the scan,
// same-content.ts searches plain files by binary search on time; a .gz has no random access, so this reads it.
//
// Debian's rsyslog (bullseye and before) writes every mail line to mail.log and the warnings again to mail.warn
// ("mail.warn -/var/log/mail.warn"), and logrotate compresses both alike: mail.warn.2.gz beside mail.log.2.gz.
// rsyslog writes one message with the same text (stamp, host, tag, pid) and in the same order to every file it
// goes to, so the smaller file's lines are a subsequence of the larger's, verbatim. Any other pair of files of one
// host fails at its first line that the other lacks, and both are read (with the overlap warning).

import { createReadStream } from 'node:fs';
import { createGunzip } from 'node:zlib';
import type { InputFile } from './inputs.js';
import type { LineSink, ScanResult } from '../scan.js';
import { newHeader, parseHeader } from '../parse/header.js';
import type { YearRule } from '../parse/header.js';
import { latin1 } from './decode.js';
import { readRange } from './read-range.js';
import { readStream } from './read-stream.js';

/** The smaller file is held in memory while the larger is read: beyond this, the pair is not checked (warned). */
export const INSIDE_MAX_BYTES = 64 * 1024 * 1024;

/**
 * How far the larger file may run past the time of the smaller one's next line before that line counts as
 * missing: lines from several writers reach syslog a little out of order, but one syslog daemon writes them in
 * one order to all its files. The walk stops there, so a pair that is not a copy costs little past that line.
 */
const WINDOW_MS = 120_000;

/** Lines of the larger file between two looks at its time (the time is only needed to stop early). */
const TIME_EVERY = 64;

/** Enough of a line for its syslog header (RFC 3339 stamp with fractions, host, tag and pid). */
const HEADER_CHARS = 256;

/** Thrown by the line sinks to stop a read early. */
class Stop extends Error {
  constructor(readonly inside: boolean) {
    super('stop');
  }
}

/** The smaller file's lines (blank lines dropped), concatenated, with where each starts and the time it carries. */
interface HeldLines {
  bytes: Buffer;
  starts: number[];
  /** Time of each line: its own header's, else the last dated line's before it (NaN before the first). */
  at: number[];
}

/**
 * Whether every non-blank line of `small` is, verbatim and in order, a line of `big`. False when either cannot be
 * read whole, when `small` holds more than INSIDE_MAX_BYTES or a line too long to parse, or has no line.
 */
export async function linesInside(small: InputFile, big: InputFile, signal?: AbortSignal): Promise<boolean> {
  const held = await holdLines(small, signal);
  if (held === null || held.starts.length === 0) return false;
  const n = held.starts.length;
  const end = (k: number): number => (k + 1 < n ? held.starts[k + 1]! : held.bytes.length);
  let next = 0; // the smaller file's next line to find
  let sinceTime = 0;
  const h = newHeader();
  const intern = new Map<string, string>();
  const visit = (buf: Buffer, from: number, to: number): void => {
    if (to === from) return;
    const s = held.starts[next]!;
    const e = end(next);
    if (to - from === e - s && buf.compare(held.bytes, s, e, from, to) === 0) {
      if (++next === n) throw new Stop(true);
      return;
    }
    if (++sinceTime < TIME_EVERY) return;
    sinceTime = 0;
    const at = timeOf(latin1(buf, from, Math.min(to, from + HEADER_CHARS)), h, big.years, intern);
    if (at > held.at[next]! + WINDOW_MS) throw new Stop(false);
  };
  try {
    await eachLine(big, {
      line: (text) => { const b = Buffer.from(text, 'latin1'); visit(b, 0, b.length); },
      bytes: visit,
      longLine: () => undefined, // never one of the smaller file's lines (those are refused below)
    }, signal);
  } catch (err) {
    if (err instanceof Stop) return err.inside;
    if (signal?.aborted) throw err;
    return false; // a corrupt .gz, an unreadable file: not vouched for
  }
  return false;
}

/** The lines of `f`, or null when it is too big to hold, holds a line too long to parse, or cannot be read. */
async function holdLines(f: InputFile, signal?: AbortSignal): Promise<HeldLines | null> {
  const chunks: Buffer[] = [];
  const starts: number[] = [];
  const at: number[] = [];
  let size = 0;
  let last = NaN;
  const h = newHeader();
  const intern = new Map<string, string>();
  const add = (buf: Buffer, from: number, to: number): void => {
    if (to === from) return;
    if (size + to - from > INSIDE_MAX_BYTES) throw new Stop(false);
    const t = timeOf(latin1(buf, from, Math.min(to, from + HEADER_CHARS)), h, f.years, intern);
    if (!Number.isNaN(t)) last = t;
    starts.push(size);
    at.push(last);
    chunks.push(Buffer.from(buf.subarray(from, to)));
    size += to - from;
  };
  try {
    await eachLine(f, {
      line: (text) => { const b = Buffer.from(text, 'latin1'); add(b, 0, b.length); },
      bytes: add,
      longLine: () => { throw new Stop(false); },
    }, signal);
  } catch (err) {
    if (signal?.aborted) throw err;
    return null;
  }
  return { bytes: Buffer.concat(chunks, size), starts, at };
}

function timeOf(text: string, h: ReturnType<typeof newHeader>, years: YearRule, intern: Map<string, string>): number {
  return text.length > 0 && parseHeader(text, h, years, intern) ? h.at : NaN;
}

type LineVisitor = Pick<LineSink, 'line' | 'bytes' | 'longLine'>;

/** Feeds every line of a plain or gzip input to `v`, through the scan's own readers (the same line splitting). */
async function eachLine(f: InputFile, v: LineVisitor, signal?: AbortSignal): Promise<void> {
  const sink: LineSink = {
    ...v,
    previous: () => undefined,
    finish: (): ScanResult => { throw new Error('line visitor has no result'); },
  };
  if (f.kind === 'plain') {
    await readRange(f.path, 0, f.bytes, sink, () => undefined, signal);
    return;
  }
  const stream = createReadStream(f.path).pipe(createGunzip());
  try {
    await readStream(stream, sink, f.path);
  } finally {
    stream.destroy();
  }
}
