// The same log lines under two names: found before the scan, so that no line is counted twice.
//
// Two ways a user gives the same lines twice, both common:
//   - Debian and Ubuntu's rsyslog write `mail.*` to mail.log and to mail.info, and warnings again to mail.warn
//     (/etc/rsyslog.conf: "mail.info -/var/log/mail.info", "mail.warn -/var/log/mail.warn", "mail.* -/var/log/mail.log");
//     `analyze /var/log/mail.*` read every line twice and every SASL warning three times.
//   - `gunzip -k maillog.2.gz`, then `analyze maillog*`: maillog.2 and maillog.2.gz.
// rsyslog writes one message with the same text (stamp, host, tag and pid included) to every file it goes to, and
// a rotated set never repeats a line: one dated line found verbatim in two inputs means they hold the same stream.
//   - Same first dated line: the two files are views of one stream from the same moment (mail.log and mail.info,
//     a file and its gzipped copy). The largest holds the others (syslog filters by a severity threshold: mail.info
//     ⊆ mail.log); it is read, the others are skipped.
//   - A plain file whose first and last dated lines are both in another plain file (mail.warn in mail.log): a
//     filtered view of that file's stream over a part of its time; skipped. Found by a binary search on the
//     lines' times, so the check reads a few hundred KiB, not the file.
// What this cannot see cheaply (a .gz that only overlaps another file in time) is warned about after the scan
// (overlap.ts), from each file's span of time.

import { closeSync, openSync, readSync } from 'node:fs';
import type { YearRule } from '../parse/header.js';
import { newHeader, parseHeader } from '../parse/header.js';
import { latin1 } from './decode.js';

/** An input as this check sees it. */
export interface ContentProbe {
  path: string;
  kind: 'plain' | 'gz';
  bytes: number;
  years: YearRule;
  /** The first line with a syslog header ('' = none) and its time. */
  firstLine: string;
  firstAt: number;
}

export interface SameContent {
  path: string;
  /** The input whose lines it repeats (read instead of it). */
  as: string;
  /** 'start': both begin with the same line (a copy, mail.info); 'inside': its first and last lines are inside `as`. */
  how: 'start' | 'inside';
}

/** How far around a line's time its twin is looked for: lines from several writers are not strictly in order. */
const WINDOW_MS = 120_000;
/** Bytes read at each step of the binary search, and per read while looking for the line. */
const PROBE_BYTES = 64 * 1024;
/** Bytes read at most after the search's start while looking for the line (a burst of lines in one second). */
const SEARCH_MAX_BYTES = 64 * 1024 * 1024;

/**
 * The inputs that repeat another's lines (each skipped once; never both of a pair). `probes` in command-line
 * order; on a tie of sizes the earlier one is kept.
 */
export function findSameContent(probes: ContentProbe[]): SameContent[] {
  const out: SameContent[] = [];
  const skipped = new Set<ContentProbe>();
  const size = new Map(probes.map((p) => [p, contentBytes(p)]));
  const larger = (a: ContentProbe, b: ContentProbe): boolean => size.get(a)! > size.get(b)!;
  // Same first line: keep the largest of each group.
  const byFirst = new Map<string, ContentProbe[]>();
  for (const p of probes) {
    if (p.firstLine === '') continue;
    const group = byFirst.get(p.firstLine);
    if (group === undefined) byFirst.set(p.firstLine, [p]);
    else group.push(p);
  }
  for (const group of byFirst.values()) {
    if (group.length < 2) continue;
    let keep = group[0]!;
    for (const p of group) if (larger(p, keep)) keep = p;
    for (const p of group) {
      if (p === keep) continue;
      skipped.add(p);
      out.push({ path: p.path, as: keep.path, how: 'start' });
    }
  }
  // A plain file inside a larger plain one.
  const plain = probes.filter((p) => p.kind === 'plain' && p.firstLine !== '' && !skipped.has(p));
  for (const b of plain) {
    const last = lastDatedLine(b.path, b.bytes, b.years);
    if (last === null) continue;
    for (const a of plain) {
      if (a === b || skipped.has(a) || !larger(a, b) || a.firstAt > b.firstAt) continue;
      if (hasLine(a, b.firstLine, b.firstAt) && hasLine(a, last.text, last.at)) {
        skipped.add(b);
        out.push({ path: b.path, as: a.path, how: 'inside' });
        break;
      }
    }
  }
  return out;
}

/** Uncompressed size: a plain file's size; a gzip file's ISIZE (RFC 1952 §2.3.1: the last member's size mod 2^32). */
function contentBytes(p: ContentProbe): number {
  if (p.kind === 'plain') return p.bytes;
  if (p.bytes < 18) return 0;
  const tail = readAt(p.path, p.bytes - 4, 4);
  return tail.length === 4 ? tail.readUInt32LE(0) : 0;
}

function readAt(path: string, pos: number, n: number): Buffer {
  const fd = openSync(path, 'r');
  try {
    const buf = Buffer.allocUnsafe(n);
    return buf.subarray(0, readSync(fd, buf, 0, n, pos));
  } finally {
    closeSync(fd);
  }
}

/** A dated line and its time. */
interface Dated { text: string; at: number; }

/** Enough of a line for its syslog header (RFC 3339 stamp with fractions, host, tag and pid). */
const HEADER_CHARS = 256;

/**
 * The whole lines that start at or after `pos` (a line cut by pos is skipped), in order, with a CR before the
 * newline dropped, until `visit` returns false, `limit` bytes were read or the file ends. A line longer than a read
 * ends the walk: not a log line.
 */
function eachLine(path: string, size: number, pos: number, limit: number, visit: (buf: Buffer, from: number, end: number) => boolean): void {
  // From the byte before pos: a newline there means the line at pos is whole.
  let start = pos > 0 ? pos - 1 : 0;
  let skipFirst = pos > 0;
  while (start < size && start - pos < limit) {
    const buf = readAt(path, start, PROBE_BYTES);
    let from = 0;
    if (skipFirst) {
      const nl = buf.indexOf(10);
      if (nl < 0) return;
      from = nl + 1;
      skipFirst = false;
    }
    const begin = from;
    while (from < buf.length) {
      const nl = buf.indexOf(10, from);
      if (nl < 0 && start + buf.length < size) break; // cut by the read: read again from its start
      const stop = nl < 0 ? buf.length : nl;
      const end = stop > from && buf[stop - 1] === 13 ? stop - 1 : stop;
      if (!visit(buf, from, end)) return;
      from = stop + 1;
    }
    if (from === begin && start + buf.length < size) return;
    start += from;
  }
}

/** The time of a line's syslog header, NaN when it has none. */
function timeOfLine(buf: Buffer, from: number, end: number, years: YearRule, h = newHeader()): number {
  const text = latin1(buf, from, Math.min(end, from + HEADER_CHARS));
  return text.length > 0 && parseHeader(text, h, years, new Map()) ? h.at : NaN;
}

/** The first dated line that starts at or after `pos`. */
function firstDatedAfter(path: string, size: number, pos: number, years: YearRule): Dated | null {
  let found: Dated | null = null;
  eachLine(path, size, pos, size, (buf, from, end) => {
    const at = timeOfLine(buf, from, end, years);
    if (Number.isNaN(at)) return true;
    found = { text: latin1(buf, from, end), at };
    return false;
  });
  return found;
}

/** The last dated line of a plain file: the last one in its final read, else further back. */
function lastDatedLine(path: string, size: number, years: YearRule): Dated | null {
  for (let pos = Math.max(0, size - PROBE_BYTES); ; pos = Math.max(0, pos - PROBE_BYTES)) {
    let found: Dated | null = null;
    eachLine(path, size, pos, size - pos, (buf, from, end) => {
      const at = timeOfLine(buf, from, end, years);
      if (!Number.isNaN(at)) found = { text: latin1(buf, from, end), at };
      return true;
    });
    if (found !== null || pos === 0) return found;
  }
}

/**
 * Whether plain file `a` holds `line` (its time `at`): a binary search for where a's lines reach at − WINDOW_MS,
 * then its lines from there, until they pass at + WINDOW_MS.
 */
function hasLine(a: ContentProbe, line: string, at: number): boolean {
  let lo = 0;
  let hi = a.bytes;
  while (hi - lo > PROBE_BYTES) {
    const mid = Math.floor((lo + hi) / 2);
    const d = firstDatedAfter(a.path, a.bytes, mid, a.years);
    if (d === null || d.at >= at - WINDOW_MS) hi = mid;
    else lo = mid;
  }
  const target = Buffer.from(line, 'latin1');
  const h = newHeader();
  let found = false;
  eachLine(a.path, a.bytes, lo, SEARCH_MAX_BYTES, (buf, from, end) => {
    if (end - from === target.length && buf.compare(target, 0, target.length, from, end) === 0) {
      found = true;
      return false;
    }
    return !(timeOfLine(buf, from, end, a.years, h) > at + WINDOW_MS);
  });
  return found;
}
