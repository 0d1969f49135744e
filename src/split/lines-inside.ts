// Whether every line of one input is, in order, among the lines of another: asked after the scan for two inputs
// of one host that overlap in time (aggregate/overlap.ts). Before the scan, same-content.ts searches plain files
// by binary search on time; a .gz has no random access, so this reads both files side by side.
//
// Debian's rsyslog (bullseye and before) writes every mail line to mail.log and the warnings again to mail.warn
// ("mail.warn -/var/log/mail.warn"), and logrotate compresses both alike: mail.warn.2.gz beside mail.log.2.gz.
// rsyslog writes one message with the same text (stamp, host, tag, pid) and in the same order to every file it
// goes to, so the smaller file's lines are a subsequence of the larger's, verbatim. Any other pair of files of one
// host fails at its first line that the other lacks, and both are read (with the overlap warning).

import type { InputFile } from './inputs.js';
import { newHeader, parseHeader } from '../parse/header.js';
import type { YearRule } from '../parse/header.js';
import { latin1 } from './decode.js';
import type { LineCursor } from './line-cursor.js';
import { advance, closeLines, lastLine, nextLine, openLines, refill } from './line-cursor.js';

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

/**
 * Whether every non-blank line of `small` is, verbatim and in order, a line of `big`: the two are read side by
 * side (memory does not grow with either). False when either cannot be read whole (a corrupt .gz), holds a line
 * too long to compare, or `small` has no line.
 */
export async function linesInside(small: InputFile, big: InputFile, signal?: AbortSignal): Promise<boolean> {
  const s = openLines(small.path, small.kind);
  const b = openLines(big.path, big.kind);
  try {
    return await walk(s, small.years, b, big.years, signal);
  } catch (err) {
    if (signal?.aborted) throw err;
    return false;
  } finally {
    closeLines(s);
    closeLines(b);
  }
}

async function walk(s: LineCursor, sYears: YearRule, b: LineCursor, bYears: YearRule, signal?: AbortSignal): Promise<boolean> {
  const h = newHeader();
  const intern = new Map<string, string>();
  const timeOf = (c: LineCursor, years: YearRule): number => {
    const text = latin1(c.buf, c.from, Math.min(c.to, c.from + HEADER_CHARS));
    return parseHeader(text, h, years, intern) ? h.at : NaN;
  };
  if (!(await advance(s))) return false;
  // The time of the smaller file's current line: its own, else the last dated line's before it.
  let wanted = timeOf(s, sYears);
  let sinceTime = 0;
  while (true) {
    if (!nextLine(b)) {
      if (signal?.aborted) throw new Error('interrupted');
      if (b.ended) return false;
      if (await refill(b)) continue;
      if (!lastLine(b)) return false;
    }
    if (b.to - b.from === s.to - s.from && b.buf.compare(s.buf, s.from, s.to, b.from, b.to) === 0) {
      if (!(await advance(s))) return true;
      const t = timeOf(s, sYears);
      if (!Number.isNaN(t)) wanted = t;
      continue;
    }
    if (++sinceTime < TIME_EVERY) continue;
    sinceTime = 0;
    if (timeOf(b, bYears) > wanted + WINDOW_MS) return false;
  }
}
