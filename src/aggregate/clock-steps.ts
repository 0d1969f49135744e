// A host's clock going back: a DST fall-back or an NTP step back on classic syslog stamps, which carry no zone (review
// V, V1–V6). The scan finds the steps; when they are all known and every input can be read again, the run reads the
// inputs a second time with them put right (run.ts): from a step's line on, the host's times are moved forward by the
// step (clockShiftOf), on the clock before it, so that its events run in the order they happened. Otherwise times
// stay as written (LocalMillis) and the report only says where time ran back.
//
// Per host, a Postfix/Dovecot line more than CLOCK_STEP_MS earlier than that host's line before it in the same file
// is a step (lines before --since included: a step there moves the lines after it). The scan finds the steps inside
// its range (one number compared per line, scan.ts); a range does not know the lines before its start, so it keeps
// each host's first and last line (HostClock), and the steps at a range's start are found when ranges are merged in
// file order. Across two files nothing is a step: the order of rotated files is the overlap checks' business
// (overlap.ts); but a shift goes on into the host's lines of the later files (a clock that went back in maillog.1
// is still back in maillog). Forward jumps are never reported: a spring-forward or an NTP step forward cannot be
// told from a quiet hour.

import type { Aggregate, ClockStep, Example, FileClock } from '../types.js';
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

/**
 * A step back further than this is no DST change or NTP step but a clock reset or a wrong date (a line stamped 1970
 * in a log of 2026): a shift would move every later line as far, and the clock is most often right again at the
 * next line. A set with such a step is not put right (run.ts).
 */
export const CLOCK_FIX_MAX_MS = 24 * 60 * MINUTE_MS;

/** Daylight-saving changes are whole multiples of this (60 minutes; 30 on Lord Howe Island). */
const ZONE_STEP_MS = 15 * MINUTE_MS;
/** How far from such a multiple a step back may be and still be taken as one (the lines on either side are seconds apart). */
const ZONE_STEP_SLACK_MS = 2 * MINUTE_MS;

/**
 * What a step back is put right by: a whole multiple of 15 minutes when the step is within 2 minutes of one (a DST
 * fall-back: 01:59:59 → 01:00:00 is put right by 1 h), else the step itself (an NTP step: the line after it gets the
 * time of the host's line before it).
 */
export function clockShiftOf(step: Pick<ClockStep, 'from' | 'to'>): number {
  const d = step.from - step.to;
  const m = Math.round(d / ZONE_STEP_MS) * ZONE_STEP_MS;
  return m >= ZONE_STEP_MS && Math.abs(d - m) <= ZONE_STEP_SLACK_MS ? m : d;
}

/**
 * The correction of each input (by index, `files` of them) for the steps of the set, each step's `shift` set: an
 * input's hosts start with the shifts of the earlier inputs' steps, and its own steps add theirs from their lines on.
 */
export function planClockFix(steps: ClockStep[], files: number): Map<number, FileClock> {
  const sorted = [...steps].sort(byPosition);
  const running = new Map<string, number>();
  const plan = new Map<number, FileClock>();
  for (let file = 0; file < files; file++) {
    const own = sorted.filter((s) => s.at.file === file);
    if (running.size === 0 && own.length === 0) continue;
    plan.set(file, { base: [...running], steps: own.map((s) => [s.host, s.at.offset, s.shift!]) });
    for (const s of own) running.set(s.host, (running.get(s.host) ?? 0) + s.shift!);
  }
  return plan;
}

/** A host's shift while a range is scanned: `shift` up to the step at `next` (a byte offset; Infinity: none left). */
export interface HostShift {
  shift: number;
  next: number;
  /** The host's steps in the file: their offsets and the shift each adds; `k` the next one. */
  offsets: number[];
  adds: number[];
  k: number;
}

/** No step for this host: nothing to add. */
export const NO_SHIFT: HostShift = { shift: 0, next: Infinity, offsets: [], adds: [], k: 0 };

/** Each host's shift at the file's start, with its steps in the file to come. */
export function hostShifts(fc: FileClock): Map<string, HostShift> {
  const out = new Map<string, HostShift>();
  const row = (host: string): HostShift => {
    let r = out.get(host);
    if (r === undefined) out.set(host, r = { shift: 0, next: Infinity, offsets: [], adds: [], k: 0 });
    return r;
  };
  for (const [host, ms] of fc.base) row(host).shift = ms;
  for (const [host, offset, ms] of fc.steps) {
    const r = row(host);
    r.offsets.push(offset);
    r.adds.push(ms);
    r.next = r.offsets[0]!;
  }
  return out;
}

/** Moves `r` to the line at `offset` (at or after its next step): the shifts of every step up to it are added. */
export function passSteps(r: HostShift, offset: number): void {
  while (r.k < r.offsets.length && r.offsets[r.k]! <= offset) r.shift += r.adds[r.k++]!;
  r.next = r.k < r.offsets.length ? r.offsets[r.k]! : Infinity;
}

/** The shift of `host`'s line at `offset` of the file (a line read again before a range's start: scan.ts previous). */
export function shiftAt(fc: FileClock, host: string, offset: number): number {
  let ms = 0;
  for (const [h, m] of fc.base) if (h === host) ms += m;
  for (const [h, o, m] of fc.steps) if (h === host && o <= offset) ms += m;
  return ms;
}
