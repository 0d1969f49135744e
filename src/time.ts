// Local wall-clock times (see LocalMillis in types.ts) as ISO 8601 text, and the one zone a report speaks.

import type { Aggregate } from './types.js';
import { isOffsetZone } from './parse/header.js';

export function isoLocal(ms: number, zone: string): string | null {
  if (!Number.isFinite(ms)) return null;
  const s = new Date(ms).toISOString(); // "2026-11-28T22:15:28.617Z" — the fields are local, not UTC
  const base = ms % 1000 === 0 ? s.slice(0, 19) : s.slice(0, 23);
  return zone === 'local' || zone === '' ? base : base + zone;
}

export function hourLabel(hourIndex: number): string {
  return new Date(hourIndex * 3_600_000).toISOString().slice(0, 13) + ':00';
}

/**
 * One zone for the whole report: when every dated line carries an offset, the reference offset the times were moved
 * to (the first line's, split/inputs.ts; a log of one offset: that one), else "local" (classic syslog has none).
 */
export function reportZone(agg: Aggregate): string {
  const zones = [...agg.zones.keys()].filter((z) => z !== 'local');
  if (zones.length === 0 || agg.zones.has('local')) return 'local';
  if (isOffsetZone(agg.refZone)) return agg.refZone;
  return zones.length === 1 ? zones[0]! : 'local';
}

/** The offsets of the lines whose times were moved to the reference offset (none: every line is as written). */
export function movedZones(agg: Aggregate): string[] {
  if (!isOffsetZone(agg.refZone)) return [];
  return [...agg.zones.keys()].filter((z) => z !== agg.refZone && isOffsetZone(z)).sort();
}

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/**
 * A classic syslog stamp as the admin copies it from the log ("Nov 28 09:30", "Nov  8 9:30:05"), written as --since
 * takes it ("2026-11-28 09:30:05") in `year`; null when the text is not such a stamp (review Z, Z26).
 */
export function syslogStampAsLocal(text: string, year: number): string | null {
  const m = /^([A-Z][a-z]{2}) +(\d{1,2}) +(\d{1,2}):(\d\d)(?::(\d\d))?$/.exec(text.trim());
  if (m === null) return null;
  const month = MONTHS.indexOf(m[1]!);
  if (month < 0) return null;
  const two = (x: string): string => x.padStart(2, '0');
  return `${year}-${two(String(month + 1))}-${two(m[2]!)} ${two(m[3]!)}:${m[4]}${m[5] === undefined ? '' : `:${m[5]}`}`;
}

/**
 * A local time as given to --since: "2026-11-28 09:28:17", "2026-11-28T09:28", "2026-11-28 9:28", "2026-11-28"
 * (midnight), with fractions of a second; an offset or "Z" is dropped (times are compared as the log writes them,
 * LocalMillis). NaN when it is not such a time.
 */
export function parseLocalTime(text: string): number {
  const m = /^(\d{4})-(\d\d)-(\d\d)(?:[T ](\d\d?):(\d\d)(?::(\d\d)(\.\d{1,3})?)?)?(?:Z|[+-]\d\d:?\d\d)?$/.exec(text.trim());
  if (m === null) return NaN;
  const [y, mo, d, h = '0', mi = '0', s = '0'] = m.slice(1, 7).map((x) => x ?? undefined) as string[];
  const ms = Date.UTC(Number(y), Number(mo) - 1, Number(d), Number(h), Number(mi), Number(s), m[7] ? Math.round(Number(m[7]) * 1000) : 0);
  const back = new Date(ms);
  // "2026-02-30" or "25:00" rolls over in Date.UTC: not a time.
  if (back.getUTCMonth() !== Number(mo) - 1 || back.getUTCDate() !== Number(d) || Number(h) > 23 || Number(mi) > 59 || Number(s) > 59) return NaN;
  return ms;
}
