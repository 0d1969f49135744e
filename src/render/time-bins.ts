// The time axis of the report's charts: hour rows (report.hourly) or, for a log of at most 12 hours, minute rows
// (report.minutely) grouped into bins of a size that draws a course. Hours: at most 96 bars of 1, 2, 3, 6, 12 or 24
// hours. Minutes: at most 60 bars of 1, 2, 5, 10, 15 or 30 minutes: a 10-minute excerpt is 10 bars of a minute, where
// hour bins drew one or two (review AG, AG6). Bins are aligned on their size, on the wall clock (no zone maths).

import type { HourRow, MinuteRow, Report } from '../report/model.js';

export interface TimeBin<R = HourRow> {
  /** "11-28 22:00" (hours), "11-28 22:05" (minutes): the bin's start. */
  label: string;
  /** Its start: minutes since the epoch of the wall-clock time. */
  start: number;
  rows: R[];
}

export interface TimeScale<R> {
  /** The bin size in minutes (60: an hour). */
  minutes: number;
  bins: Array<TimeBin<R>>;
}

const BIN_HOURS = [1, 2, 3, 6, 12, 24];
const MAX_HOUR_BINS = 96;
export const BIN_MINUTES = [1, 2, 5, 10, 15, 30];
/** Fewer than hours may take: a minute bar stays wide enough to carry its total up to 24 bars, and readable to 60. */
const MAX_MINUTE_BINS = 60;

/** Hour rows grouped into at most 96 bins of 1, 2, 3, 6, 12 or 24 hours, aligned on the bin size. */
export function timeBins(hourly: HourRow[]): { hours: number; bins: TimeBin[] } {
  const parsed = hourly.map((h) => ({ h, idx: minuteIndex(h.hour) })).filter((x) => x.idx !== null) as Array<{ h: HourRow; idx: number }>;
  if (parsed.length === 0) return { hours: 1, bins: [] };
  const span = (parsed[parsed.length - 1]!.idx - parsed[0]!.idx) / 60 + 1;
  const hours = BIN_HOURS.find((b) => Math.ceil(span / b) + 1 <= MAX_HOUR_BINS) ?? 24 * Math.ceil(span / (24 * (MAX_HOUR_BINS - 1)));
  return { hours, bins: group(parsed, hours * 60) };
}

/** Minute rows grouped into at most 60 bins of 1, 2, 5, 10, 15 or 30 minutes, aligned on the bin size. */
export function minuteBins(minutely: MinuteRow[]): TimeScale<MinuteRow> {
  const parsed = minutely.map((h) => ({ h, idx: minuteIndex(h.minute) })).filter((x) => x.idx !== null) as Array<{ h: MinuteRow; idx: number }>;
  if (parsed.length === 0) return { minutes: 1, bins: [] };
  const span = parsed[parsed.length - 1]!.idx - parsed[0]!.idx + 1;
  const minutes = BIN_MINUTES.find((b) => Math.ceil(span / b) + 1 <= MAX_MINUTE_BINS) ?? 60;
  return { minutes, bins: group(parsed, minutes) };
}

/** The scale of the charts whose series report.minutely holds: minutes for a short log, else hours. */
export function reportTimeScale(r: Report): TimeScale<MinuteRow> | TimeScale<HourRow> {
  if (r.minutely !== undefined && r.minutely.length > 0) return minuteBins(r.minutely);
  const { hours, bins } = timeBins(r.hourly);
  return { minutes: hours * 60, bins };
}

/** The minutes from the log's first minute to its last (report.minutely), null for a longer log. */
export function logSpanMinutes(r: Report): number | null {
  return r.minutely !== undefined && r.minutely.length > 0 ? r.minutely.length : null;
}

function group<R>(parsed: Array<{ h: R; idx: number }>, minutes: number): Array<TimeBin<R>> {
  const bins: Array<TimeBin<R>> = [];
  let current: { idx: number; bin: TimeBin<R> } | null = null;
  for (const { h, idx } of parsed) {
    const start = Math.floor(idx / minutes) * minutes;
    if (current === null || current.idx !== start) {
      current = { idx: start, bin: { label: minuteText(start), start, rows: [] } };
      bins.push(current.bin);
    }
    current.bin.rows.push(h);
  }
  return bins;
}

/**
 * "2026-11-28T22:00", "2026-11-28T22:05+09:00", "2026-11-25T23:41:08" → minutes since the epoch of the wall-clock
 * time (no zone maths).
 */
export function minuteIndex(at: string): number | null {
  const m = /^(\d{4})-(\d\d)-(\d\d)T(\d\d):(\d\d)/.exec(at);
  if (!m) return null;
  return Math.floor(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]), Number(m[4]), Number(m[5])) / 60_000);
}

/** The label of the bin starting at minute `idx`: "11-28 22:05". */
export function minuteText(idx: number): string {
  const iso = new Date(idx * 60_000).toISOString();
  return `${iso.slice(5, 10)} ${iso.slice(11, 16)}`;
}
