// Time for the model: integer microseconds since the Unix epoch, in a fixed zone (Asia/Tokyo, UTC+9,
// no daylight saving), so the classic syslog stamps and their RFC 3339 twins describe the same instants.

export const TZ_NAME = 'Asia/Tokyo';
export const TZ_OFFSET_S = 9 * 3600;
export const TZ_SUFFIX = '+09:00';
export const US = 1_000_000;
export const MINUTE = 60 * US;
export const HOUR = 3600 * US;
export const DAY = 24 * HOUR;

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

function pad2(n: number): string {
  return n < 10 ? '0' + n : String(n);
}

function pad6(n: number): string {
  const s = String(n);
  return '000000'.slice(s.length) + s;
}

/** Microseconds since the epoch for a wall-clock time in Asia/Tokyo. month is 1-12. */
export function jst(year: number, month: number, day: number, hour = 0, minute = 0, second = 0): number {
  return (Date.UTC(year, month - 1, day, hour, minute, second) / 1000 - TZ_OFFSET_S) * US;
}

/** Wall-clock fields of an instant in Asia/Tokyo. */
export function localParts(tUs: number): { year: number; month: number; day: number; hour: number; minute: number; second: number; weekday: number } {
  const d = new Date(Math.floor(tUs / US + TZ_OFFSET_S) * 1000);
  return {
    year: d.getUTCFullYear(),
    month: d.getUTCMonth() + 1,
    day: d.getUTCDate(),
    hour: d.getUTCHours(),
    minute: d.getUTCMinutes(),
    second: d.getUTCSeconds(),
    weekday: d.getUTCDay(),
  };
}

/** Fractional local hour of day (0..24) in Asia/Tokyo. */
export function localHour(tUs: number): number {
  const s = Math.floor(tUs / US) + TZ_OFFSET_S;
  return (((s % 86400) + 86400) % 86400) / 3600;
}

/** Length of a classic stamp as Stamper.classic writes it ("Nov 28 22:15:34", "Feb  9 01:02:03"). */
export const CLASSIC_STAMP_CHARS = 15;

/** Formats syslog timestamps, caching the per-second text because consecutive lines share it. */
export class Stamper {
  private classicSec = -1;
  private classicText = '';
  private rfcSec = -1;
  private rfcText = '';

  /** RFC 3164 / rsyslog "traditional": `Nov 28 22:15:34`, `Feb  9 01:02:03` (day padded with a space). */
  classic(tUs: number): string {
    const sec = Math.floor(tUs / US);
    if (sec !== this.classicSec) {
      this.classicSec = sec;
      const p = localParts(tUs);
      const day = p.day < 10 ? ' ' + p.day : String(p.day);
      this.classicText = `${MONTHS[p.month - 1]} ${day} ${pad2(p.hour)}:${pad2(p.minute)}:${pad2(p.second)}`;
    }
    return this.classicText;
  }

  /** rsyslog RFC3339 high precision (Debian 12 default): `2026-11-28T22:15:28.617922+09:00`. */
  rfc3339(tUs: number): string {
    const sec = Math.floor(tUs / US);
    if (sec !== this.rfcSec) {
      this.rfcSec = sec;
      const p = localParts(tUs);
      this.rfcText = `${p.year}-${pad2(p.month)}-${pad2(p.day)}T${pad2(p.hour)}:${pad2(p.minute)}:${pad2(p.second)}.`;
    }
    return this.rfcText + pad6(tUs - sec * US) + TZ_SUFFIX;
  }
}

/** `ctime(3) + 4` truncated to 15 characters, as anvil prints it: `Nov  8 22:15:35`. */
export function ctime15(tUs: number): string {
  const p = localParts(tUs);
  const day = p.day < 10 ? ' ' + p.day : String(p.day);
  return `${MONTHS[p.month - 1]} ${day} ${pad2(p.hour)}:${pad2(p.minute)}:${pad2(p.second)}`;
}

/** UTC `YYYYMMDDHHMMSS`, as Postfix cleanup uses in the Message-ID it adds to local and bounce mail. */
export function utcCompact(tUs: number): string {
  const d = new Date(Math.floor(tUs / US) * 1000);
  return (
    d.getUTCFullYear() +
    pad2(d.getUTCMonth() + 1) +
    pad2(d.getUTCDate()) +
    pad2(d.getUTCHours()) +
    pad2(d.getUTCMinutes()) +
    pad2(d.getUTCSeconds())
  );
}

/** ISO 8601 in Asia/Tokyo with seconds, for the truth files. */
export function isoLocal(tUs: number): string {
  const p = localParts(tUs);
  return `${p.year}-${pad2(p.month)}-${pad2(p.day)}T${pad2(p.hour)}:${pad2(p.minute)}:${pad2(p.second)}${TZ_SUFFIX}`;
}

/** Unix seconds (integer). */
export function unixSeconds(tUs: number): number {
  return Math.floor(tUs / US);
}
