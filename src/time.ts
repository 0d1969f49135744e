// Local wall-clock times (see LocalMillis in types.ts) as ISO 8601 text, and the one zone a report speaks.

import type { Aggregate } from './types.js';

export function isoLocal(ms: number, zone: string): string | null {
  if (!Number.isFinite(ms)) return null;
  const s = new Date(ms).toISOString(); // "2026-11-28T22:15:28.617Z" — the fields are local, not UTC
  const base = ms % 1000 === 0 ? s.slice(0, 19) : s.slice(0, 23);
  return zone === 'local' || zone === '' ? base : base + zone;
}

export function hourLabel(hourIndex: number): string {
  return new Date(hourIndex * 3_600_000).toISOString().slice(0, 13) + ':00';
}

/** One zone for the whole report: the single offset seen, else "local" (classic syslog has none). */
export function reportZone(agg: Aggregate): string {
  const zones = [...agg.zones.keys()].filter((z) => z !== 'local');
  if (zones.length === 1 && !agg.zones.has('local')) return zones[0]!;
  return 'local';
}
