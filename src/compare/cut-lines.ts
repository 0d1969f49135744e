// Whether the lines an after log's cut left out are the before period's (review P, P7). compare cuts an after log
// that starts inside the before period at its end, as the before log grown; its host is the syslog short name only,
// "mail" on most servers. Another server's log of that time (samples/healthy.log's traffic on Nov 12 against the
// before run's brute force of Nov 12) was cut too, and its 2,668 lines were said to be "the before period, counted on
// the before side". The before run counted its lines hour by hour (hourly[].lines); the cut after run counts the
// lines it left out so (since.hourly): the same log grown has the same Postfix/Dovecot lines in every hour.

import type { Report } from '../report/model.js';
import { parseLocalTime } from '../time.js';

export interface CutLines {
  /** Whole hours of the before period that the after log has before the cut, with lines on either side, compared. */
  hours: number;
  /** Of them, the hours whose counts are about the same (sameCount). */
  alike: number;
  /** The lines of those hours, as the before run counted them and as the after run left them out. */
  before: number;
  after: number;
}

/**
 * Two counts of one hour's lines are the same log's when they differ by 2 lines or 2% at most: a line written late
 * by another process, after the before log was copied, is stamped before the cut.
 */
function sameCount(a: number, b: number): boolean {
  return Math.abs(a - b) <= Math.max(2, b / 50);
}

/**
 * The hours compared: those of the before period after its first hour (the before log may begin within it, the
 * after log hold all of it: an older rotation before it) and after the first hour the after run left out lines of
 * (the after log may begin within it), up to the before period's last hour (the cut is right after its last line).
 * Null when the two cannot be put side by side: no cut, a report without the counts (older versions), the two
 * runs in different time zones, or no such hour.
 */
export function cutLines(before: Report, after: Report): CutLines | null {
  const all = compareHours(before, after, false);
  // The same server's log without Dovecot's own file (log_path=/var/log/dovecot.log) given to one run only (review R,
  // R7a): its Postfix lines are still the before period's, hour by hour. When both runs count Dovecot's lines per
  // hour (hourly[].dovecotLines), the lines left out look like another log's only if their Postfix lines do too.
  if (unlikeBeforePeriod(all) && Array.isArray(after.hourly) && typeof after.hourly[0]?.dovecotLines === 'number'
    && typeof before.hourly[0]?.dovecotLines === 'number') {
    const postfix = compareHours(before, after, true);
    if (postfix !== null && !unlikeBeforePeriod(postfix)) return postfix;
  }
  return all;
}

function compareHours(before: Report, after: Report, postfixOnly: boolean): CutLines | null {
  const left = after.since?.hourly;
  if (!Array.isArray(left) || left.length === 0 || !Array.isArray(before.hourly) || before.hourly.length === 0) return null;
  if (before.period?.timezone !== after.period?.timezone) return null;
  const linesOf = (h: { lines: number; dovecotLines?: number }): number => (postfixOnly ? h.lines - (h.dovecotLines ?? 0) : h.lines);
  const counted = new Map<number, number>();
  for (const h of before.hourly) {
    const at = parseLocalTime(h.hour);
    if (Number.isFinite(at) && typeof h.lines === 'number') counted.set(at, linesOf(h));
  }
  const out = new Map<number, number>();
  for (const h of left) {
    const at = parseLocalTime(h.hour);
    if (Number.isFinite(at) && typeof h.lines === 'number') out.set(at, linesOf(h));
  }
  if (counted.size === 0 || out.size === 0) return null;
  const from = Math.max(Math.min(...counted.keys()), Math.min(...out.keys()));
  const res: CutLines = { hours: 0, alike: 0, before: 0, after: 0 };
  for (const [at, lines] of counted) {
    if (at <= from) continue;
    const theirs = out.get(at) ?? 0;
    if (lines === 0 && theirs === 0) continue; // a quiet hour on both sides tells nothing
    res.hours++;
    res.before += lines;
    res.after += theirs;
    if (sameCount(theirs, lines)) res.alike++;
  }
  return res.hours === 0 ? null : res;
}

/** The lines left out look like another log's: fewer than half of the hours compared are alike. */
export function unlikeBeforePeriod(c: CutLines | null): c is CutLines {
  return c !== null && c.alike * 2 < c.hours;
}
