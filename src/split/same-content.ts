// The same log lines under two names: found before the scan, so that no line is counted twice.
//
// Two ways a user gives the same lines twice, both common:
//   - Debian and Ubuntu's rsyslog write `mail.*` to mail.log and to mail.info, and warnings again to mail.warn
//     (/etc/rsyslog.conf: "mail.info -/var/log/mail.info", "mail.warn -/var/log/mail.warn", "mail.* -/var/log/mail.log");
//     `analyze /var/log/mail.*` read every line twice and every SASL warning three times.
//   - `gunzip -k maillog.2.gz`, then `analyze maillog*`: maillog.2 and maillog.2.gz.
// rsyslog writes one message with the same text (stamp, host, tag and pid included) to every file it goes to, and
// a rotated set never repeats a line: one dated line found verbatim in two inputs means they hold the same stream.
//   - Same first dated line and the same size: a copy (a file and its gzipped copy, mail.info beside a mail.log
//     that holds nothing below info); the one given first is read.
//   - A plain file whose lines are in another, larger plain file (mail.warn in mail.log, mail.info in a mail.log
//     with debug lines): checked on its first, last and 30 lines between, each found in the other by a binary
//     search on the lines' times, so the check reads a few MiB, not the files.
// See findSameContent for why fewer lines are not enough.
// What this cannot see cheaply (a .gz that overlaps another file in time) is found after the scan from each file's
// span of time (aggregate/overlap.ts), and read line by line (repeating-inputs.ts, lines-inside.ts).

import { readAt } from './read-at.js';
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
  /**
   * 'start': the same first line and size (a copy, mail.info); 'inside': its checked lines are all in `as`
   * (mail.warn); 'every': after a first scan, every line of it was found in order in `as` (lines-inside.ts).
   */
  how: 'start' | 'inside' | 'every';
}

/** How far around a line's time its twin is looked for: lines from several writers are not strictly in order. */
const WINDOW_MS = 120_000;
/** Bytes read at each step of the binary search, and per read while looking for the line. */
const PROBE_BYTES = 64 * 1024;
/** Bytes read at most after the search's start while looking for the line (a burst of lines in one second). */
const SEARCH_MAX_BYTES = 64 * 1024 * 1024;

/** Lines of a plain file checked in the other, besides its first and last: spread evenly over its bytes. */
const SAMPLES = 30;

/**
 * The inputs that repeat another's lines (each skipped once; never both of a pair), `probes` in command-line order.
 *   - 'start': the same first line and the same size of content (a copy, a `gunzip -k`, mail.info as big as
 *     mail.log): the one given first is read, a mail.log before a mail.info.
 *   - 'inside': a plain file whose every checked line (its first, its last and SAMPLES between) is in a larger
 *     plain file that starts no later (mail.warn in mail.log, an excerpt, a copy taken earlier). The first and last
 *     lines alone are not enough: dovecot.log, Dovecot's lines over months, holds the first and last lines of a
 *     mail.log that begins and ends with Dovecot lines, and not one of its Postfix lines (review 9, H1).
 * Anything else is read, at worst twice, and warned about after the scan (aggregate/overlap.ts): counting a line
 * twice is visible, skipping a file is not.
 */
export function findSameContent(probes: ContentProbe[]): SameContent[] {
  const out: SameContent[] = [];
  const skipped = new Set<ContentProbe>();
  const size = new Map(probes.map((p) => [p, contentBytes(p)]));
  const byFirst = new Map<string, ContentProbe[]>();
  for (const p of probes) {
    if (p.firstLine === '') continue;
    const group = byFirst.get(p.firstLine);
    if (group === undefined) byFirst.set(p.firstLine, [p]);
    else group.push(p);
  }
  for (const unsorted of byFirst.values()) {
    // Of two copies, the one named like the main log is read, whatever the order given (mail.log, not mail.info).
    const group = [...unsorted].sort((a, b) => filteredName(a.path) - filteredName(b.path));
    for (let i = 0; i < group.length; i++) {
      const keep = group[i]!;
      if (skipped.has(keep)) continue;
      for (const p of group.slice(i + 1)) {
        if (skipped.has(p) || !sameSize(keep, size.get(keep)!, p, size.get(p)!)) continue;
        if (keep.kind === 'plain' && p.kind === 'plain' && !allInside(p, keep, new Map())) continue;
        skipped.add(p);
        out.push({ path: p.path, as: keep.path, how: 'start' });
      }
    }
  }
  const plain = probes.filter((p) => p.kind === 'plain' && p.firstLine !== '' && !skipped.has(p));
  // Each file's last time and checked lines are read once, not once per pair: a year of daily files (365 inputs)
  // made tens of thousands of pairs, each reading its smaller file's 32 lines again (400 one-line files: 37 s;
  // the twenty-seventh session's hostile-input review).
  const lastAt = new Map<ContentProbe, number>();
  const lastOf = (p: ContentProbe): number => {
    let t = lastAt.get(p);
    if (t === undefined) lastAt.set(p, t = lastDatedLine(p.path, p.bytes, p.years)?.at ?? NaN);
    return t;
  };
  const checked = new Map<ContentProbe, Dated[] | null>();
  for (const b of plain) {
    for (const a of plain) {
      if (a === b || skipped.has(a) || a.bytes <= b.bytes || a.firstAt > b.firstAt) continue;
      // A file that ends before b starts (the older files of a rotated set) cannot hold b's lines.
      if (lastOf(a) + WINDOW_MS < b.firstAt) continue;
      if (allInside(b, a, checked)) {
        skipped.add(b);
        out.push({ path: b.path, as: a.path, how: 'inside' });
        break;
      }
    }
  }
  return out;
}

/** 1 for the name of a syslog file filtered by severity (Debian's mail.info, mail.warn, mail.err), else 0. */
function filteredName(path: string): number {
  return /\.(?:info|warn|err|notice)(?:\.\d+)?(?:\.(?:gz|xz|bz2|zst))?$/.test(path) ? 1 : 0;
}

/**
 * The same amount of content: plain sizes equal, or a plain size equal to a gzip file's ISIZE (mod 2^32, as ISIZE
 * is), or two equal ISIZEs. ISIZE is the last member's only: a gzip file of several members (`cat a.gz b.gz`,
 * `gzip -c >>`) matches no plain copy of it, and is read (review 9, H2).
 */
function sameSize(a: ContentProbe, sa: number, b: ContentProbe, sb: number): boolean {
  if (a.kind === 'plain' && b.kind === 'plain') return sa === sb;
  const mod = (p: ContentProbe, n: number): number => (p.kind === 'plain' ? n % 2 ** 32 : n);
  return sa > 0 && mod(a, sa) === mod(b, sb);
}

/**
 * Whether every checked line of plain file `b` (first, last, SAMPLES between) is in plain file `a`. The first line,
 * known already, is looked for first; the others are read once per `b` (`checked`, null: none near its end).
 */
function allInside(b: ContentProbe, a: ContentProbe, checked: Map<ContentProbe, Dated[] | null>): boolean {
  if (!hasLine(a, b.firstLine, b.firstAt)) return false;
  let lines = checked.get(b);
  if (lines === undefined) checked.set(b, lines = checkedLines(b));
  return lines !== null && lines.every((l) => hasLine(a, l.text, l.at));
}

/** The SAMPLES lines spread over plain file `b` and its last dated line; null when none is near its end. */
function checkedLines(b: ContentProbe): Dated[] | null {
  const lines: Dated[] = [];
  for (let k = 1; k <= SAMPLES; k++) {
    const d = firstDatedAfter(b.path, b.bytes, Math.floor((b.bytes * k) / (SAMPLES + 1)), b.years);
    if (d !== null) lines.push(d);
  }
  const last = lastDatedLine(b.path, b.bytes, b.years);
  if (last === null) return null; // no dated line near its end: not a log to vouch for
  lines.push(last);
  return lines;
}

/**
 * Uncompressed size: a plain file's size; a gzip file's ISIZE (RFC 1952 §2.3.1: the last member's size mod 2^32).
 * With bytes after the last member (gunzip-file.ts) these are no ISIZE: the "start" check then fails, and the
 * walk of every line (lines-inside.ts), which reads the file as the scan does, decides.
 */
function contentBytes(p: ContentProbe): number {
  if (p.kind === 'plain') return p.bytes;
  if (p.bytes < 18) return 0;
  const tail = readAt(p.path, p.bytes - 4, 4);
  return tail.length === 4 ? tail.readUInt32LE(0) : 0;
}

/** A dated line and its time. */
interface Dated { text: string; at: number; }

/** Enough of a line for its syslog header (RFC 3339 stamp with fractions, host, tag and pid). */
const HEADER_CHARS = 256;

/**
 * The whole lines that start at or after `pos` (a line cut by pos is skipped), in order, with a CR before the
 * newline dropped and the file offset where each starts, until `visit` returns false, `limit` bytes were read or
 * the file ends. A line longer than a read
 * ends the walk: not a log line.
 */
function eachLine(
  path: string, size: number, pos: number, limit: number, visit: (buf: Buffer, from: number, end: number, at: number) => boolean,
): void {
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
      if (!visit(buf, from, end, start + from)) return;
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

/**
 * Bytes read at most to find a dated line from a point (forward) or before the end (backward): a file with no
 * dated line for that long is no log to compare, and the walk stays bounded whatever the file (review 9: a file of
 * one dated line and 32 MiB of other lines took 22 s when each step back read to the end again).
 */
const FIND_MAX_BYTES = 1024 * 1024;

/** The first dated line that starts at or after `pos`, within FIND_MAX_BYTES. */
function firstDatedAfter(path: string, size: number, pos: number, years: YearRule): Dated | null {
  let found: Dated | null = null;
  eachLine(path, size, pos, FIND_MAX_BYTES, (buf, from, end) => {
    const at = timeOfLine(buf, from, end, years);
    if (Number.isNaN(at)) return true;
    found = { text: latin1(buf, from, end), at };
    return false;
  });
  return found;
}

/** The last dated line of a plain file, looking back from its end one read at a time, within FIND_MAX_BYTES. */
function lastDatedLine(path: string, size: number, years: YearRule): Dated | null {
  // Each step reads only the lines that start in [pos, stop): the ones after stop were looked at already.
  for (let stop = size; stop > 0 && size - stop < FIND_MAX_BYTES;) {
    const pos = Math.max(0, stop - PROBE_BYTES);
    let found: Dated | null = null;
    let lastStart = stop;
    eachLine(path, size, pos, stop - pos + PROBE_BYTES, (buf, from, end, lineStart) => {
      if (lineStart >= stop) return false;
      lastStart = Math.min(lastStart, lineStart);
      const at = timeOfLine(buf, from, end, years);
      if (!Number.isNaN(at)) found = { text: latin1(buf, from, end), at };
      return true;
    });
    if (found !== null) return found;
    if (pos === 0) return null;
    stop = lastStart < stop ? lastStart : pos;
  }
  return null;
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
