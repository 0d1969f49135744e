// A host's clock going back: a DST fall-back or an NTP step back on classic syslog stamps, which carry no zone and
// so cannot be put right (review V, V6). Times stay as written (LocalMillis); the report only says where time ran
// back, since every rule that orders events by time may be wrong around such a step.
//
// Per host, a Postfix/Dovecot line more than CLOCK_STEP_MS earlier than that host's line before it in the same file
// is a step. The scan finds the steps inside its range (one number compared per line, scan.ts); a range does not
// know the lines before its start, so it keeps each host's first and last line (HostClock), and the steps at a
// range's start are found when ranges are merged in file order. Across two files nothing is a step: the order of
// rotated files is the overlap checks' business (overlap.ts). Forward jumps are never reported: a spring-forward or
// an NTP step forward cannot be told from a quiet hour.

import type { Aggregate, ClockStep, Example } from '../types.js';
import { MINUTE_MS } from './create.js';
import { isEarlier } from './examples.js';

/**
 * A line of a host more than this before the host's line before it is a step back. Two writers to one syslog (or
 * two processes' buffers) disorder lines by a few seconds, which is no step.
 */
export const CLOCK_STEP_MS = 5 * MINUTE_MS;

/** Steps kept as examples (the earliest by position); `clockStepCount` counts them all. */
export const CLOCK_STEP_EXAMPLES = 10;

/** A step found by the scan, in position order within its range. */
export function addClockStep(agg: Aggregate, host: string, at: Example, from: number, to: number): void {
  agg.clockStepCount++;
  if (agg.clockSteps.length < CLOCK_STEP_EXAMPLES) agg.clockSteps.push({ host, at, from, to });
}

function byPosition(a: ClockStep, b: ClockStep): number {
  return isEarlier(a.at, b.at) ? -1 : isEarlier(b.at, a.at) ? 1 : 0;
}

/**
 * Merges b's host clocks and steps into a's, the steps between them included: for each host of both, the one whose
 * first line comes first is before the other (ranges merged are consecutive, as run.ts merges them in file order),
 * and the later one's first line is a step when it is more than CLOCK_STEP_MS before the earlier one's last line of
 * the host, in the same file. Any order of merging consecutive ranges gives the same result.
 */
export function mergeClockSteps(a: Aggregate, b: Aggregate): void {
  let boundary: ClockStep[] | null = null;
  for (const [host, hb] of b.hostClocks) {
    const ha = a.hostClocks.get(host);
    if (ha === undefined) { a.hostClocks.set(host, hb); continue; }
    const [x, y] = isEarlier(hb.first, ha.first) ? [hb, ha] : [ha, hb];
    if (x.lastFile === y.first.file && x.lastAt - y.firstAt > CLOCK_STEP_MS) {
      (boundary ??= []).push({ host, at: y.first, from: x.lastAt, to: y.firstAt });
    }
    const first = x.first;
    const firstAt = x.firstAt;
    const lastAt = y.lastAt;
    const lastFile = y.lastFile;
    ha.first = first;
    ha.firstAt = firstAt;
    ha.lastAt = lastAt;
    ha.lastFile = lastFile;
  }
  a.clockStepCount += b.clockStepCount + (boundary?.length ?? 0);
  if (b.clockSteps.length === 0 && boundary === null) return;
  a.clockSteps = [...a.clockSteps, ...b.clockSteps, ...(boundary ?? [])].sort(byPosition).slice(0, CLOCK_STEP_EXAMPLES);
}
