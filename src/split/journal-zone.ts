// The server's UTC offset as a journal export shows it. journald stores an entry's instant in UTC and no zone, but an
// entry that came through syslog(3) (Postfix, Dovecot with log_path = syslog) keeps the stamp glibc wrote in the
// server's local time, the classic one without a year (journald-syslog.c syslog_parse_timestamp, systemd 252):
//   "__REALTIME_TIMESTAMP":"1796109276782908", … "SYSLOG_TIMESTAMP":"Dec  1 07:14:36 ", …   (TZ=Asia/Tokyo)
// Against the instant (the kernel's receive time of the datagram, _SOURCE_REALTIME_TIMESTAMP) it gives the offset:
// the stamp is written before it is received and cut to the second, so the difference is rounded to the quarter
// hour (every zone's offset is a multiple of 15 minutes). Entries without the stamp (journald's own, a daemon's
// stdout) take the file's first offset found (JournalClock.fallback), UTC when its head has none: a range of a file
// read alone cannot know the entries before it, and that one answer keeps any split's report the same.

import type { FieldBytes } from './journal-entry.js';

/** What a journal reader knows of the offset its entries are written at. */
export interface JournalClock {
  /** Minutes east of UTC for entries without a syslog stamp; null: UTC. */
  fallback: number | null;
  /** The first offset a syslog stamp gave while reading (null: none yet): the file's fallback, when it is its head. */
  found: number | null;
}

/** The head of a journal export searched for its first syslog stamp (its fallback offset). */
export const JOURNAL_ZONE_PROBE_BYTES = 1024 * 1024;

const MONTHS = 'JanFebMarAprMayJunJulAugSepOctNovDec';
const CLASSIC = /^([A-Z][a-z]{2}) {1,2}(\d{1,2}) (\d\d):(\d\d):(\d\d)/;
const QUARTER_HOUR_MS = 15 * 60_000;

/** A clock for a reader: `fallback` the file's offset found by the planner (absent or null: UTC). */
export function journalClock(fallback?: number | null): JournalClock {
  return { fallback: fallback ?? null, found: null };
}

/**
 * Minutes east of UTC that the classic stamp `stamp` ("Nov 30 22:14:36 ") gives against the entry's instant `ms`
 * (UTC); null when there is no stamp, it is not one, or it gives no real offset (-12:00 to +14:00).
 */
export function stampOffset(stamp: FieldBytes, ms: number): number | null {
  if (stamp === undefined || stamp === null || stamp.length < 15) return null;
  const m = CLASSIC.exec(stamp.toString('latin1', 0, Math.min(stamp.length, 20)));
  if (m === null) return null;
  const month = MONTHS.indexOf(m[1]!) / 3;
  if (!Number.isInteger(month)) return null;
  // The stamp has no year: the one that puts it nearest the instant (Dec 31 23:59 in Tokyo is Jan 1 in UTC's year).
  const year = new Date(ms).getUTCFullYear();
  let best = NaN;
  for (const y of [year - 1, year, year + 1]) {
    const local = Date.UTC(y, month, Number(m[2]), Number(m[3]), Number(m[4]), Number(m[5]));
    if (Number.isNaN(best) || Math.abs(local - ms) < Math.abs(best - ms)) best = local;
  }
  const minutes = Math.round((best - ms) / QUARTER_HOUR_MS) * 15;
  return minutes >= -12 * 60 && minutes <= 14 * 60 ? minutes : null;
}

/**
 * The offset as `journalctl -o short-iso` of systemd 252 writes it, strftime's %z: "+0900", "-0330", "+0000"
 * (logs-show.c output_timestamp_realtime; systemd 255 and later write "+09:00", systemd PR #29134). The header
 * parser reads both.
 */
export function offsetText(minutes: number): string {
  const a = Math.abs(minutes);
  return `${minutes < 0 ? '-' : '+'}${String(Math.floor(a / 60)).padStart(2, '0')}${String(a % 60).padStart(2, '0')}`;
}
