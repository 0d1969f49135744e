// How compare analyzes an after side that is log files, from the before side's period (review 8, M2 and M3):
//   - the year of classic syslog stamps: with --year Y and logs on both sides, the two sides are one set for the
//     year rule (the after log continues from the before log and rolls over December → January), where each side
//     alone would date a January after log in Y, before a December before log;
//   - where to start: an after log that starts inside the before period (the same maillog, grown since) is
//     analyzed from the end of the before period on (analyze --since), so that the lines of the before period are
//     not counted on both sides. The periods are placed by their UTC offsets when both sides have one (review 10, M2:
//     an after log stamped in UTC, "2026-11-28T01:00:00.000000Z", after a before log in +09:00 that ends at 09:28, was
//     cut by 8.5 hours as if it were the before period); when only one side has one (classic syslog has none), the
//     two cannot be placed against each other and the after log is not cut (the comparison warns: compare.ts);
//   - the offset: the after log's times are written at the before run's offset when it has one (analyze's `zone`), as
//     each run writes every line at its reference offset (split/inputs.ts): a before log in summer time (-04:00) and
//     the same log grown into winter time (-05:00 from the fall-back on) are cut by instant (review V, V4).

//
// The after inputs are resolved here once and handed to analyze: resolveInputs reads every input to its first dated
// line (a .gz decompressed that far), and compare did so up to three times for the same files.

import type { Report } from '../report/model.js';
import type { ResolvedInputs } from '../split/inputs.js';
import { resolveInputs } from '../split/inputs.js';
import type { AnalyzeOptions, AnalyzeResult } from '../run.js';
import { analyze } from '../run.js';
import { parseLocalTime } from '../time.js';
import { lastDatedAt } from '../split/last-dated.js';
import { isOffsetZone, zoneOffsetMs } from '../parse/header.js';

export interface AfterSidePlan {
  /** --year for the after side: Y or Y + 1 (undefined: the files' modification times, as without --year). */
  year: number | undefined;
  /** --since for the after side: one millisecond after the before period's last line; undefined: the whole log. */
  since: number | undefined;
  /** The after inputs resolved with `year`, for analyze (undefined: not resolved, analyze does it). */
  resolved: ResolvedInputs | undefined;
  /**
   * The before run's UTC offset when it has one: the after side's times are written in it too (analyze's `zone`), so
   * that a before log in summer time and an after log in winter time are placed by instant. "local" for a before
   * report of an older version whose lines carried several offsets (times as written); undefined otherwise.
   */
  zone?: string;
  /**
   * When the after set starts before the before period and its files' first lines cannot tell whether it also runs
   * past it (one file holding the before period and more): the --since to analyze it from, unless the analysis so cut
   * finds no Postfix/Dovecot line after it (review 19, H5). Undefined otherwise, and when the set's plain files end
   * within the before period (their last lines: split/last-dated.ts).
   */
  sinceIfItSpans?: number;
  /**
   * When the set's plain files seem, by their last lines, to end within the before period, so that it is analyzed
   * whole: the --since to analyze it from after all, if that analysis finds Postfix/Dovecot lines after the before
   * period (review R, R1: the last lines were another host's, flushed late by rsyslog with earlier stamps).
   */
  sinceIfWholeRunsPast?: number;
}

/**
 * The after side's report: planned from the before side, then analyzed with the inputs the plan resolved (`run`:
 * analyze, or a test's counting stand-in).
 */
export async function analyzeAfterSide(
  beforeReport: Pick<Report, 'period' | 'inputs' | 'hosts'>, afterPaths: string[], year: number | undefined, beforeIsLogs: boolean,
  opts: Omit<AnalyzeOptions, 'paths' | 'year' | 'since' | 'resolved'>,
  run: (o: AnalyzeOptions) => Promise<AnalyzeResult> = analyze,
): Promise<AnalyzeResult> {
  const plan = await planAfterSide(beforeReport, afterPaths, year, beforeIsLogs);
  const whole = { ...opts, paths: afterPaths, year: plan.year, resolved: plan.resolved, ...(plan.zone === undefined ? {} : { zone: plan.zone }) };
  if (plan.sinceIfWholeRunsPast !== undefined) {
    const all = await run({ ...whole, since: undefined });
    const lastAt = all.report.period.to === null ? NaN : parseLocalTime(all.report.period.to);
    return lastAt >= plan.sinceIfWholeRunsPast ? run({ ...whole, since: plan.sinceIfWholeRunsPast }) : all;
  }
  if (plan.sinceIfItSpans === undefined) return run({ ...whole, since: plan.since });
  // One log holding the whole before period and more (review 19, H5): analyzed once, from the end of the before
  // period (review P, P6: it was analyzed whole, then again cut, twice the time). Whole only when nothing of
  // Postfix/Dovecot is after that end (older than the before log: swapped sides), as the first analysis told before.
  const cut = await run({ ...whole, since: plan.sinceIfItSpans });
  return cut.report.period.from === null ? run({ ...whole, since: undefined }) : cut;
}

/**
 * `year`: --year as given. `beforeIsLogs`: the before side was analyzed from logs with it (with a report as the
 * before side, --year is the after log's own year, as documented).
 */
export async function planAfterSide(
  beforeReport: Pick<Report, 'period' | 'inputs' | 'hosts'>, afterPaths: string[], year: number | undefined, beforeIsLogs: boolean,
): Promise<AfterSidePlan> {
  const before = beforeReport.period;
  // The before run's offset, for the after side's times too (a report of lines of several offsets has the first
  // line's, as of review V). A report of an older version of such a log ("local": MIXED_OFFSETS below) wrote its
  // times as the log did: the after log's are taken as written too ("local": no line moved), as they were then.
  const zone = isOffsetZone(before.timezone) ? before.timezone : beforeZone(before) === MIXED_OFFSETS ? 'local' : undefined;
  const inZone = zone === undefined ? {} : { zone };
  const from = before.from === null ? NaN : parseLocalTime(before.from);
  const to = before.to === null ? NaN : parseLocalTime(before.to);
  if (!Number.isFinite(from) || !Number.isFinite(to)) return { year, since: undefined, resolved: undefined, ...inZone };
  let afterYear = year;
  let resolved: ResolvedInputs | undefined;
  if (year !== undefined && beforeIsLogs) {
    // The before side's first line is in Y; the after set's first classic line takes that year, or the next when
    // its month comes earlier in the calendar (Dec 26 → Jan 3). The files' first months do not depend on the year
    // they were resolved with: the probe is the result unless the set is in Y + 1 (src/split/inputs.ts has no way
    // to date a resolved set again without reading it).
    const start = new Date(from);
    const probe = await resolveInputs(afterPaths, start.getUTCFullYear(), zone);
    const first = probe.inputs.find((f) => Number.isFinite(f.firstAt) && !f.years.iso);
    afterYear = first !== undefined && first.years.firstMonth < start.getUTCMonth() ? start.getUTCFullYear() + 1 : start.getUTCFullYear();
    if (afterYear === start.getUTCFullYear()) resolved = probe;
  }
  resolved ??= await resolveInputs(afterPaths, afterYear, zone);
  const { inputs } = resolved;
  const dated = inputs.filter((f) => Number.isFinite(f.firstAt));
  const firstAt = Math.min(...dated.map((f) => f.firstAt));
  // The before period in the after log's wall-clock time (LocalMillis compare as written: analyze --since). Files whose
  // first lines all carry offsets are at the reference offset (resolveInputs), the before run's when it has one.
  const afterZones = new Set(dated.map((f) => f.zone ?? ''));
  const atReference = dated.length > 0 && [...afterZones].every(isOffsetZone) && isOffsetZone(resolved.zone);
  const shift = zoneShift(beforeZone(before), atReference ? resolved.zone : afterZones.size === 1 ? [...afterZones][0]! : '');
  if (shift === null) return { year: afterYear, since: undefined, resolved, ...inZone };
  // An after log that starts inside the before log: cut at the end of the before period. The probe reads the first
  // syslog line, which may come before the first Postfix/Dovecot line where the period starts (samples: a CRON line
  // 9 minutes earlier), so the before log starts at its inputs' first syslog line (report inputs[].firstAt) too.
  // One that starts earlier (swapped sides: the corpus' healthy log ends 8 s before the incident log starts) is
  // left whole: the order warning says so. One that lies wholly inside the before log is left with no line: the
  // comparison says it has none after the before period (same log, or an older one?).
  const starts = beforeReport.inputs.map((f) => (typeof f.firstAt === 'string' ? parseLocalTime(f.firstAt) : NaN)).filter(Number.isFinite);
  const start = Math.min(from, ...starts) + shift;
  // Another server's log is not the before log grown (review 9, L1): never cut; the verdict warns that the two
  // runs share no host.
  const beforeHosts = new Set(beforeReport.hosts.map((h) => h.key));
  const afterHosts = inputs.map((f) => f.host).filter((h) => h !== '');
  const sameServer = beforeHosts.size === 0 || afterHosts.length === 0 || afterHosts.some((h) => beforeHosts.has(h));
  const end = to + shift;
  // The after set holds the before period and more (review 19, H5: the older rotation, the before log, the new log,
  // copied a week later): one of its files starts at or after the before start, another before it. Cut at the end of
  // the before period too, as for a set that starts inside it. A set whose files all start before the before period
  // is left whole (swapped sides), unless, analyzed, it turns out to run past the before period (one file holding it
  // all: sinceIfItSpans).
  const holds = firstAt < start && dated.some((f) => f.firstAt >= start);
  const since = sameServer && firstAt < end && (firstAt >= start || holds) ? end + 1 : undefined;
  // Its end is read from the last lines of a plain file (review P, P6): one that ends within the before period is
  // analyzed whole at once. A .gz file's end is not known without decompressing it all: analyzeAfterSide tells.
  // Not read for another server's log (review S, S12): sinceIfItSpans is never set for it.
  const lastAt = sameServer && since === undefined && firstAt < start ? Math.max(...dated.map(lastDatedAt)) : NaN;
  const sinceIfItSpans = sameServer && since === undefined && firstAt < start && !(lastAt <= end) ? end + 1 : undefined;
  // Ends within it by its last lines: analyzed whole, unless the analysis finds more (review R, R1).
  const sinceIfWholeRunsPast = sameServer && since === undefined && firstAt < start && lastAt <= end ? end + 1 : undefined;
  return {
    year: afterYear, since, resolved, ...inZone, ...(sinceIfItSpans === undefined ? {} : { sinceIfItSpans }),
    ...(sinceIfWholeRunsPast === undefined ? {} : { sinceIfWholeRunsPast }),
  };
}

/**
 * The before period's zone for placing it: its offset (for a log of several offsets, the first line's, which its
 * times were moved to: review V); "local" for classic syslog; and, for a report of an older version of a log with
 * offsets but more than one (a DST change in March or October: `timezone` "local" too), MIXED_OFFSETS, placed by wall
 * clock as written, which is right when the after log goes on in the offset the before log ended with (review 11:
 * such a before log made compare leave the after log uncut, counting the before period twice).
 */
function beforeZone(p: Pick<Report['period'], 'timezone' | 'zones'>): string {
  const zones = p.zones ?? [];
  return p.timezone === 'local' && zones.length > 1 && !zones.includes('local') ? MIXED_OFFSETS : p.timezone;
}

/**
 * The offsets of a report of an older version of a log whose UTC offset changes (MIXED_OFFSETS: its times are the wall
 * clocks as written, its `period.to` the latest of them, not the last line's instant), sorted; null for any other
 * report. compare warns when the before report is one (review W, W4: it is placed by wall clock, which may be off by
 * the change).
 */
export function olderMixedOffsets(p: Pick<Report['period'], 'timezone' | 'zones'>): string[] | null {
  return beforeZone(p) === MIXED_OFFSETS && Array.isArray(p.zones) ? p.zones.filter((z) => typeof z === 'string').sort() : null;
}

const MIXED_OFFSETS = 'mixed';

/** "+09:00" → 32,400,000 ms; NaN for anything else ("local", ""). */
function offsetMs(zone: string): number {
  return zone === 'Z' ? 0 : zoneOffsetMs(zone);
}

/**
 * What to add to a wall-clock time of the before log to get the same instant in the after log's wall-clock time:
 * the difference of the offsets when both have one, 0 when neither has (both classic syslog, one server's clock);
 * null when one has and the other has not, or the after files disagree ('' for the after side): they cannot be placed.
 * A before log of several offsets (MIXED_OFFSETS) is placed by wall clock against an after log with one.
 */
export function zoneShift(beforeZone: string, afterZone: string): number | null {
  if (beforeZone === 'local' && afterZone === 'local') return 0;
  if (beforeZone === MIXED_OFFSETS) return afterZone === 'local' || afterZone === '' ? null : 0;
  const b = offsetMs(beforeZone);
  const a = offsetMs(afterZone);
  return Number.isFinite(a) && Number.isFinite(b) ? a - b : null;
}
