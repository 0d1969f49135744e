// Syslog line prefix: timestamp, host, tag. Filled into one reusable object per scan (no allocation per line
// except the host/program strings, which are interned by the caller's cache).
//
// Shapes handled (see ../shared/LINES.md §1):
//   classic RFC 3164 / rsyslog traditional:  "Feb  9 12:53:57 mail postfix/smtpd[123]: …"   (also "Feb 9", "Feb 09")
//   Postfix maillog_file (postlogd):          "Feb 09 12:53:57 mail postfix/smtpd[123]: …"  (zero-padded day)
//   rsyslog RFC 3339 high precision:          "2026-11-28T22:15:28.617922+09:00 mail postfix/smtpd[1830]: …"
//   journalctl -o short-iso:                  "2019-02-09T12:53:57+0900 mail postfix/smtpd[1830]: …"
//   journalctl -o short-full:                 "Sun 2026-11-29 14:59:42 JST vm postfix/smtpd[23730]: connect from unknown[192.0.2.1]"
//   journalctl -o short-unix:                 "1795931982.116177 vm postfix/smtpd[23730]: connect from unknown[192.0.2.1]"
//                                              (both written by journalctl of systemd 252, Debian 12, TZ=Asia/Tokyo; see parseShortFull, parseEpoch)
//   any of these after a syslog <PRI>:        "<34>Oct 11 22:14:15 mymachine su: 'su root' failed for lonvick on /dev/pts/8" (RFC 3164 §5.4)
//   any of these in `docker compose logs [-t]`: "mailserver  | 2023-04-25T22:52:49.512347648Z Apr 26 00:52:49 mail postfix/qmgr[938]: 266DB1A36D6: removed"
//                                              (docker-mailserver#3292, LINES.md §1; tried only when the line fails as it is)
//   sysklogd's repeat line, no tag:            "Nov 28 22:15:30 mail last message repeated 3 times" (prog SYSLOG_REPEAT_PROG)
//   Dovecot's own log file, no host, no tag:   "Nov 29 22:46:22 auth(admin,127.0.0.1,sasl:plain)<sUf/D3JhzuF/AAAB>: Info: passwd-file: unknown user"
//                                              (log_path, info_log_path; tried only on a host that ends in ":", see dovecotFileLine)
//   rspamd's own log file, no host, no tag:   "2026-12-01 00:29:47 #25094(normal) <1d8c62>; task; rspamd_task_write_log: id: <…>, qid: <4NqT2s0Xbz>, …"
//                                              (/var/log/rspamd/rspamd.log; tried only when every shape above fails, see rspamdFileLine)

export interface Header {
  /**
   * Local wall-clock time as Date.UTC of the local fields (see LocalMillis), at the run's reference offset when the
   * line carries another one (YearRule.refZone). NaN when no timestamp.
   */
  at: number;
  /** "+09:00" for ISO lines, "local" for classic lines: the line's own offset, even when `at` was moved from it. */
  zone: string;
  /** The syslog host; '' for a line of Dovecot's own log file, which names none (dovecotFileLine). */
  host: string;
  /** Full syslog tag without pid: "postfix/submission/smtpd", "dovecot", "CRON". */
  prog: string;
  pid: number;
  /** Index in the line where the message text starts (after "tag: "). */
  msgStart: number;
  /** Index just after the timestamp (header-bytes.ts compares the next line's stamp with this many bytes). */
  stampEnd: number;
}

export function newHeader(): Header {
  return { at: NaN, zone: '', host: '', prog: '', pid: 0, msgStart: 0, stampEnd: 0 };
}

/**
 * How to give a year to classic timestamps, which have none. Settled by the file's first dated line:
 *  - a classic line: its year is the one resolveInputs gives (`--year`, placed within the rotated set), else the
 *    year of the file's modification time (minus one when that line's month is after the mtime's month: the log
 *    was written before it was last modified);
 *  - an RFC 3339 line: its own date (the classic lines after it are placed from it, whatever the file time).
 * Every later classic line goes in the year that puts it in the 365 days from `from`, 31 days before the first
 * line: "Jan  1" after a December start is the next year, and "Nov 30" a few seconds after "Dec  1" (several
 * writers, merged logs) stays in the same year. So one file may span up to 11 months.
 * Plain files get the rule from the main thread (split/inputs.ts) so every byte range agrees; streams
 * (.gz, stdin) fill it from their own first dated line (`firstMonth` < 0), the same way.
 */
export interface YearRule {
  firstYear: number;
  /** Month (0-11) of the file's first dated line; -1 = not known yet, take it from the next dated line. */
  firstMonth: number;
  /** Day (1-31) of that line. */
  firstDay: number;
  /** LocalMillis: classic lines are placed in [from, from + 365 days). */
  from: number;
  /** Settled by an RFC 3339 line (its own year) rather than a classic one. */
  iso: boolean;
  /** Reference for a rule still to be filled: the --year value (fixed) or the file's mtime year and month. */
  refYear: number;
  refMonth: number;
  fixed: boolean;
  /**
   * The one UTC offset every time of the run is written in (see LocalMillis): a line that carries another offset
   * ("-05:00" after "-04:00" across a DST change, "+00:00" beside "+09:00" in a central syslog file) is moved to the
   * instant it gives, written at this offset (parseHeader). "+09:00" for the set's first dated line's offset
   * (split/inputs.ts resolveInputs, the same for every file and range), "local" when that line is a classic one (no
   * offset: every line is taken as written), '' when no file of the set has a dated line: a stream settles it from
   * its own first dated line as the year, and the inputs read after it take it (run.ts).
   */
  refZone: string;
  /** The offset of refZone in milliseconds (0 for "local" or ''). */
  refOffsetMs: number;
  /**
   * The last year a stamp that carries its own year (RFC 3339, journalctl's short-unix) may have: the year after the
   * file's mtime (lines are written before it), LATEST_YEAR when that is not known or not plausible itself. Later
   * stamps, and those before FIRST_YEAR, are not read as times (see implausibleStamp).
   */
  latestYear: number;
}

/**
 * Stamps with a year of their own outside [FIRST_YEAR, latestYear]: a clock that booted at 1970-01-01 without its
 * date set, 9999-12-31 from a broken exporter. One such line stretched the report's period to 1970 → 9999 (review
 * AA, F10); the line is unparsed instead, counted and named in a warning (scan.ts). Classic stamps have the year
 * rule's year, never these. No syslog daemon wrote RFC 3339 stamps before 2000.
 */
export const FIRST_YEAR = 2000;
export const LATEST_YEAR = 2099;

/** Set by the last parseHeader that failed on a stamp with an implausible year (module state: no object per line). */
let implausible = false;

/** Whether the last parseHeader call failed because of an implausible year (see FIRST_YEAR). */
export function implausibleStamp(): boolean {
  return implausible;
}

/** The last plausible year for a file written last at `mtimeMs` (YearRule.latestYear). */
export function latestYearFor(mtimeMs: number): number {
  const y = new Date(mtimeMs).getUTCFullYear();
  return y >= FIRST_YEAR && y < LATEST_YEAR ? y + 1 : LATEST_YEAR;
}

const DAY_MS = 86_400_000;
/** How far back from the first line a classic line stays in its year (see YearRule). */
export const BACKWARD_MS = 31 * DAY_MS;
const YEAR_MS = 365 * DAY_MS;

/** A rule to be settled by the file's first dated line; `year` is --year (fixed) or the mtime's year. */
export function newYearRule(year: number, month: number, fixed: boolean): YearRule {
  return {
    firstYear: year, firstMonth: -1, firstDay: 0, from: 0, iso: false, refYear: year, refMonth: month, fixed, refZone: 'local', refOffsetMs: 0,
    latestYear: LATEST_YEAR,
  };
}

/** "+09:00" → 32,400,000; NaN for anything that is no offset ("local", ''). */
export function zoneOffsetMs(zone: string): number {
  const m = /^([+-])(\d\d):(\d\d)$/.exec(zone);
  return m === null ? NaN : (m[1] === '-' ? -1 : 1) * (Number(m[2]) * 60 + Number(m[3])) * 60_000;
}

/** Whether a zone of a line (Header.zone) or of a report is a UTC offset ("+09:00"), not "local". */
export function isOffsetZone(zone: string): boolean {
  return Number.isFinite(zoneOffsetMs(zone));
}

/** Sets the reference offset of `years` (see YearRule.refZone): an offset, or "local" for none. */
export function setReferenceZone(years: YearRule, zone: string): void {
  const ms = zoneOffsetMs(zone);
  years.refZone = Number.isFinite(ms) ? zone : 'local';
  years.refOffsetMs = Number.isFinite(ms) ? ms : 0;
}

/** The last zone moved to the reference (toReference), and its offset: zones change seldom between stamps. */
let shiftZone = '';
let shiftZoneMs = NaN;
/** The offset of every zone met (a central file's lines alternate between a few). */
const zoneMs = new Map<string, number>();

/**
 * The time of a line whose zone is not the reference (h.zone !== years.refZone, checked by the caller), moved to the
 * instant it gives at the reference offset; a stream's first dated line settles the reference (YearRule.refZone).
 * Classic lines ("local"), and every line of a run without a reference offset, stay as written.
 */
function toReference(h: Header, years: YearRule): void {
  const zone = h.zone;
  if (years.refZone === '') { setReferenceZone(years, zone); return; }
  if (zone === 'local' || years.refZone === 'local') return;
  if (zone !== shiftZone) {
    let ms = zoneMs.get(zone);
    if (ms === undefined) {
      ms = zoneOffsetMs(zone);
      zoneMs.set(zone, ms);
    }
    shiftZone = zone;
    shiftZoneMs = ms;
  }
  if (Number.isFinite(shiftZoneMs)) h.at += years.refOffsetMs - shiftZoneMs;
}

/** Settles the rule from a classic first line ("Dec 25 …"). */
export function settleYearRule(years: YearRule, month: number, day: number): void {
  const year = years.fixed || month <= years.refMonth ? years.refYear : years.refYear - 1;
  anchor(years, year, month, day, false);
}

function anchor(years: YearRule, year: number, month: number, day: number, iso: boolean): void {
  years.firstYear = year;
  years.firstMonth = month;
  years.firstDay = day;
  years.from = Date.UTC(year, month, day) - BACKWARD_MS;
  years.iso = iso;
}

/** Days in a month (0-11) of a year: "Nov 31" and "2026-02-30" are not dates. */
function monthDays(year: number, month: number): number {
  if (month !== 1) return month === 3 || month === 5 || month === 8 || month === 10 ? 30 : 31;
  return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0 ? 29 : 28;
}

/** Month index from the three letters at `i`, or -1. Switch on char codes: no substring per line. */
export function monthAt(s: string, i: number): number {
  const a = s.charCodeAt(i), b = s.charCodeAt(i + 1), c = s.charCodeAt(i + 2);
  switch (a) {
    case 74: // J
      if (b === 97 && c === 110) return 0; // Jan
      if (b === 117 && c === 110) return 5; // Jun
      if (b === 117 && c === 108) return 6; // Jul
      return -1;
    case 70: return b === 101 && c === 98 ? 1 : -1; // Feb
    case 77: // M
      if (b === 97 && c === 114) return 2; // Mar
      if (b === 97 && c === 121) return 4; // May
      return -1;
    case 65: // A
      if (b === 112 && c === 114) return 3; // Apr
      if (b === 117 && c === 103) return 7; // Aug
      return -1;
    case 83: return b === 101 && c === 112 ? 8 : -1; // Sep
    case 79: return b === 99 && c === 116 ? 9 : -1; // Oct
    case 78: return b === 111 && c === 118 ? 10 : -1; // Nov
    case 68: return b === 101 && c === 99 ? 11 : -1; // Dec
    default: return -1;
  }
}

function digit(s: string, i: number): number {
  const c = s.charCodeAt(i) - 48;
  return c >= 0 && c <= 9 ? c : -1;
}

function two(s: string, i: number): number {
  const a = digit(s, i), b = digit(s, i + 1);
  return a < 0 || b < 0 ? -1 : a * 10 + b;
}

/** Parses "HH:MM:SS" at i; returns seconds of day or -1. */
function clock(s: string, i: number): number {
  const h = two(s, i), m = two(s, i + 3), sec = two(s, i + 6);
  if (h < 0 || m < 0 || sec < 0 || s.charCodeAt(i + 2) !== 58 || s.charCodeAt(i + 5) !== 58) return -1;
  if (h > 23 || m > 59 || sec > 60) return -1;
  return h * 3600 + m * 60 + sec;
}

/** Parses the timestamp at index `p` of `s`; sets h.at/h.zone and returns the index after it, or -1. */
function parseTimestamp(s: string, p: number, h: Header, years: YearRule): number {
  const c0 = s.charCodeAt(p);
  if (c0 >= 48 && c0 <= 57) {
    // journalctl's epoch seconds are tried only on a line that is no RFC 3339 one: that path is not slowed.
    const end = parseIso(s, p, h, years);
    return end >= 0 ? end : parseEpoch(s, p, h, years);
  }
  const month = monthAt(s, p);
  // A weekday where a month should be: journalctl -o short-full (tried only on a line that is no classic one).
  if (month < 0) return parseShortFull(s, p, h, years);
  if (s.charCodeAt(p + 3) !== 32) return -1;
  // Day: "Feb  9", "Feb 9", "Feb 09", "Feb 19".
  let i = p + 4;
  if (s.charCodeAt(i) === 32) i++;
  let day = digit(s, i);
  if (day < 0) return -1;
  i++;
  const d2 = digit(s, i);
  if (d2 >= 0) { day = day * 10 + d2; i++; }
  if (s.charCodeAt(i) !== 32 || day < 1 || day > 31) return -1;
  i++;
  const secs = clock(s, i);
  if (secs < 0) return -1;
  i += 8;
  // Some exporters add fractions to classic stamps ("Feb  9 12:53:57.123"): accept and keep milliseconds.
  const ms = readFraction(s, i);
  i = fractionEnd;
  if (years.firstMonth < 0) {
    if (day > monthDays(years.fixed || month <= years.refMonth ? years.refYear : years.refYear - 1, month)) return -1;
    settleYearRule(years, month, day);
  }
  // The year that puts the line in [from, from + 365 days) (see YearRule). Date.UTC overflow of a "Feb 29" in
  // a common year only moves the comparison by a day; the day is checked against the chosen year below.
  let year = years.firstYear;
  let at = dayStart(year, month, day) + secs * 1000 + ms;
  if (at < years.from) year++;
  else if (at >= years.from + YEAR_MS) year--;
  if (day > 28 && day > monthDays(year, month)) return -1;
  if (year !== years.firstYear) at = dayStart(year, month, day) + secs * 1000 + ms;
  h.at = at;
  h.zone = 'local';
  return i;
}

/** Date.UTC of a day, remembered for the next line (consecutive lines share the day). */
let lastDayKey = -1;
let lastDayMs = 0;
function dayStart(year: number, month: number, day: number): number {
  const key = (year * 12 + month) * 32 + day;
  if (key !== lastDayKey) {
    lastDayKey = key;
    lastDayMs = Date.UTC(year, month, day);
  }
  return lastDayMs;
}

let lastZoneKey = 0;
let lastZone = '';
/** Every offset seen, by key: a central file whose lines alternate between two offsets gets one string for each. */
const zoneStrings = new Map<number, string>();

/**
 * "+09:00" for (1, 9, 0): one string for every line of the same offset, not one per line, so that the scan and
 * parseHeader compare zones by pointer.
 */
function offsetZone(sign: 1 | -1, oh: number, om: number): string {
  const key = sign * (oh * 60 + om + 1);
  if (key !== lastZoneKey) {
    lastZoneKey = key;
    let z = zoneStrings.get(key);
    if (z === undefined) {
      z = (sign > 0 ? '+' : '-') + (oh < 10 ? '0' : '') + oh + ':' + (om < 10 ? '0' : '') + om;
      zoneStrings.set(key, z);
    }
    lastZone = z;
  }
  return lastZone;
}

/**
 * "2026-11-28T22:15:28.617922+09:00", "2019-02-09T12:53:57+0900", "…Z", "2019-02-09 12:53:57", at index `p`.
 * Fields out of range ("2026-02-30", "+25:99": RFC 3339 §5.6 allows offsets up to 23:59) are no timestamp.
 */
function parseIso(str: string, p: number, h: Header, years: YearRule): number {
  const s = p === 0 ? str : str.slice(p, p + 40); // a <PRI> prefix (see parseHeader): rare, cut the stamp out
  const y = two(s, 0) * 100 + two(s, 2);
  const mo = two(s, 5), d = two(s, 8);
  if (y < 0 || mo < 1 || mo > 12 || d < 1 || s.charCodeAt(4) !== 45 || s.charCodeAt(7) !== 45) return -1;
  if (d > 28 && d > monthDays(y, mo - 1)) return -1;
  if (y < FIRST_YEAR || y > years.latestYear) { implausible = s.charCodeAt(10) === 84 || s.charCodeAt(10) === 32; return -1; }
  const sep = s.charCodeAt(10);
  if (sep !== 84 && sep !== 32) return -1; // 'T' or ' '
  const secs = clock(s, 11);
  if (secs < 0) return -1;
  let i = 19;
  const ms = readFraction(s, i);
  i = fractionEnd;
  const z = s.charCodeAt(i);
  if (z === 90) { // Z
    h.zone = offsetZone(1, 0, 0);
    i++;
  } else if (z === 43 || z === 45) { // + or -
    const oh = two(s, i + 1);
    let om: number;
    let end: number;
    if (s.charCodeAt(i + 3) === 58) { om = two(s, i + 4); end = i + 6; } else { om = two(s, i + 3); end = i + 5; }
    // No zone is further from UTC than +14:00 (Kiritimati) or -12:00; RFC 3339's syntax allows up to 23:59.
    if (oh < 0 || om < 0 || om > 59 || oh > 14 || (oh === 14 && om > 0)) return -1;
    h.zone = offsetZone(z === 43 ? 1 : -1, oh, om);
    i = end;
  } else {
    h.zone = 'local';
  }
  h.at = dayStart(y, mo - 1, d) + secs * 1000 + ms;
  // The first dated line is an RFC 3339 one: classic lines after it are placed from its date.
  if (years.firstMonth < 0) anchor(years, y, mo - 1, d, true);
  return i + p;
}

/** Whether the three letters at `i` are an English weekday abbreviation (journalctl's %a: it is locale-independent). */
function weekdayAt(s: string, i: number): boolean {
  const a = s.charCodeAt(i), b = s.charCodeAt(i + 1), c = s.charCodeAt(i + 2);
  switch (a) {
    case 77: return b === 111 && c === 110; // Mon
    case 84: return (b === 117 && c === 101) || (b === 104 && c === 117); // Tue Thu
    case 87: return b === 101 && c === 100; // Wed
    case 70: return b === 114 && c === 105; // Fri
    case 83: return b === 97 ? c === 116 : b === 117 && c === 110; // Sat Sun
    default: return false;
  }
}

/**
 * journalctl -o short-full: weekday, date, time and the zone's abbreviation, the local time of the machine that ran
 * journalctl (journalctl(1): "includes weekday, year and timezone information … locale-independent"):
 *   "Sun 2026-11-29 14:59:42 JST vm postfix/smtpd[23730]: connect from unknown[192.0.2.1]"   (TZ=Asia/Tokyo)
 *   "Sun 2026-11-29 06:59:42 CET vm postfix/smtpd[23730]: connect from unknown[192.0.2.1]"   (TZ=Europe/Berlin)
 *   "Sun 2026-11-29 02:59:42 -03 vm postfix/smtpd[23730]: connect from unknown[192.0.2.1]"   (TZ=America/Sao_Paulo: no abbreviation)
 *   "Sun 2026-11-29 05:59:35 UTC vm postfix/smtpd[23612]: connect from unknown[192.0.2.1]"   (--utc)
 * (journalctl of systemd 252, Debian 12.) The wall clock is read as the classic stamps' is, in the zone the line
 * names: an abbreviation ("JST", "CET"; "IST" or "CST" name several zones, so none is turned into an offset) is the
 * server's local time, as "Nov 29 14:59:42" is; "UTC" and a numeric zone ("-03", "+0530") are that offset.
 */
function parseShortFull(s: string, p: number, h: Header, years: YearRule): number {
  if (!weekdayAt(s, p) || s.charCodeAt(p + 3) !== 32) return -1;
  const i = parseIso(s, p + 4, h, years);
  if (i < 0 || s.charCodeAt(i) !== 32 || h.zone !== 'local') return -1; // "2026-11-29 14:59:42", no offset of its own
  // The zone: letters, or a sign and 2 or 4 digits.
  const z = i + 1;
  let e = z;
  const n = Math.min(s.length, z + 6);
  const c0 = s.charCodeAt(z);
  if (c0 === 43 || c0 === 45) { // + -
    e++;
    while (e < n && digit(s, e) >= 0) e++;
    const digits = e - z - 1;
    if (digits !== 2 && digits !== 4) return -1;
    const oh = two(s, z + 1), om = digits === 4 ? two(s, z + 3) : 0;
    if (om > 59 || oh > 14 || (oh === 14 && om > 0)) return -1;
    h.zone = offsetZone(c0 === 43 ? 1 : -1, oh, om);
  } else {
    while (e < n && ((s.charCodeAt(e) | 32) >= 97 && (s.charCodeAt(e) | 32) <= 122)) e++;
    if (e === z) return -1;
    if (e - z === 3 && s.startsWith('UTC', z)) h.zone = offsetZone(1, 0, 0);
  }
  return e;
}

/** Where the digits read by the last readFraction end (a module variable: no object per line). */
let fractionEnd = 0;

/**
 * The milliseconds of a ".123456" fraction at `i` (truncated; 0 when there is none), with `fractionEnd` set after
 * its digits: RFC 3339 stamps, classic stamps some exporters extend, journalctl's short-unix.
 */
function readFraction(s: string, i: number): number {
  let ms = 0;
  if (s.charCodeAt(i) === 46) {
    i++;
    let scale = 100;
    while (digit(s, i) >= 0) { ms += digit(s, i) * scale; scale /= 10; i++; }
    ms = Math.floor(ms);
  }
  fractionEnd = i;
  return ms;
}

/**
 * journalctl -o short-unix: seconds since 1970 UTC with microseconds (journalctl(1): "seconds passed since January
 * 1st 1970 UTC instead of wallclock timestamps"):
 *   "1795931982.116177 vm postfix/smtpd[23730]: connect from unknown[192.0.2.1]"   (journalctl of systemd 252)
 * The same whatever the TZ of journalctl: the instant, not the server's wall clock, so the line is read as UTC
 * ("+00:00", like an RFC 3339 "Z" stamp) and the report gives UTC times. 9 or 10 digits: 1973 to 2286.
 */
function parseEpoch(s: string, p: number, h: Header, years: YearRule): number {
  let i = p;
  let secs = 0;
  while (i < p + 11 && digit(s, i) >= 0) { secs = secs * 10 + digit(s, i); i++; }
  if (i - p < 9 || i - p > 10) return -1;
  const ms = readFraction(s, i);
  i = fractionEnd;
  h.at = secs * 1000 + ms;
  const year = new Date(h.at).getUTCFullYear();
  if (year < FIRST_YEAR || year > years.latestYear) { implausible = true; return -1; }
  h.zone = offsetZone(1, 0, 0);
  if (years.firstMonth < 0) {
    const d = new Date(h.at);
    anchor(years, d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate(), true);
  }
  return i;
}

/**
 * The program name given to sysklogd's "last message repeated N times" line, which has no tag (msgStart is at
 * "last"). It holds spaces, so no real tag is ever equal to it; no parser is registered for it: the scanner
 * repeats the previous line's event (scan.ts).
 */
export const SYSLOG_REPEAT_PROG = 'last message repeated';

/**
 * Parses the prefix of a syslog line. Returns false when the line has no recognisable prefix.
 * `intern` maps repeated host/program strings to one instance so we keep few distinct strings alive.
 */
export function parseHeader(s: string, h: Header, years: YearRule, intern: Map<string, string>): boolean {
  implausible = false;
  // Only a line that fails as it is pays for the docker check (the hot path never gets here).
  // rspamd's own file after that: a line of it fails both.
  if (!parseHeaderAt(s, 0, h, years, intern) && !parseDockerWrapped(s, h, years, intern) && !rspamdFileLine(s, h, years)) return false;
  // One string comparison per new stamp: a line in the reference offset, or of a log in one zone, is as written (the
  // byte path, header-bytes.ts, takes the time of the previous line with the same stamp: already moved).
  if (h.zone !== years.refZone) toReference(h, years);
  return true;
}

/**
 * `docker compose logs` puts "service  | " in front of each line of a container's output, and `-t` (or
 * `docker logs -t`) the time the line was read, RFC 3339 in UTC with nanoseconds:
 *   "mailserver  | 2023-04-25T22:52:49.512347648Z Apr 26 00:52:49 mail postfix/qmgr[938]: 266DB1A36D6: removed"
 * (docker-mailserver#3292, LINES.md §1). The syslog line inside is parsed as any other, its own stamp kept (the
 * server's local time, as on every other line); the wrapper is part of the stamp header-bytes.ts compares.
 */
function parseDockerWrapped(s: string, h: Header, years: YearRule, intern: Map<string, string>): boolean {
  const p = composeNameEnd(s);
  if (p > 0 && parseHeaderAt(s, p, h, years, intern)) return true;
  const q = dockerStampEnd(s, p < 0 ? 0 : p);
  return q > 0 && parseHeaderAt(s, q, h, years, intern);
}

/** The program given to the lines of rspamd's own log file (rspamdFileLine): a name with spaces, never a syslog tag. */
export const RSPAMD_FILE_PROG = 'rspamd (own log file)';

/**
 * rspamd's own log file (/var/log/rspamd/rspamd.log: logging.inc type = "file", Debian's and mailcow's default),
 * rspamd 3.x's file logger (src/libserver/logger/logger_file.c rspamd_log_file_log): strftime "%F %H:%M:%S", the
 * server's local time with the year and no zone, ".12345" after it with log_usec, " [info]" with log_severity, then
 * "#pid(process type) ", then "<task uid>; module; function: text". Lines of rspamd 3.4 (Debian 12), verbatim:
 *   "2026-12-01 00:29:47 #25094(normal) <1d8c62>; task; rspamd_task_write_log: id: <20261130221531.A1@example.jp>, qid: <4NqT2s0Xbz>, …"
 *   "2026-12-01 00:29:13 #24730(main) cfg; rspamd_rcl_maybe_apply_lua_transform: configuration has been transformed in Lua"
 *   "2026-12-01 00:29:31 #25093(controller) rspamd_log_reset_repeated: Last message repeated 5 times"
 * The header parser takes "#25094(normal)" for a host and fails on the tag; tried only then (after docker's shape),
 * so a syslog file never gets here. No host (''): rspamd's file names none; the program is RSPAMD_FILE_PROG, whose
 * parser reads the rest as rspamd's syslog lines are read (signing-filters.ts parseRspamdFile).
 */
function rspamdFileLine(s: string, h: Header, years: YearRule): boolean {
  if (digit(s, 0) < 0 || s.charCodeAt(10) !== 32) return false; // "2026-12-01 "
  let i = parseIso(s, 0, h, years);
  if (i < 0 || h.zone !== 'local' || s.charCodeAt(i) !== 32) return false;
  const stampEnd = i;
  i++;
  // log_severity: " [info] " (rspamd_get_log_severity_string: error, warning, notice, info, debug).
  if (s.charCodeAt(i) === 91) {
    const close = s.indexOf('] ', i);
    if (close < 0 || close - i > 10) return false;
    i = close + 2;
  }
  if (s.charCodeAt(i) !== 35) return false; // '#'
  let pid = 0;
  let j = i + 1;
  while (digit(s, j) >= 0 && j < i + 12) { pid = pid * 10 + digit(s, j); j++; }
  if (j === i + 1 || s.charCodeAt(j) !== 40) return false; // '('
  const close = s.indexOf(') ', j);
  if (close < 0 || close - j > 24) return false;
  h.stampEnd = stampEnd;
  h.host = '';
  h.prog = RSPAMD_FILE_PROG;
  h.pid = pid;
  h.msgStart = close + 2;
  return true;
}

/** After "name  | " (a compose service name: letters, digits, "_", ".", "-"; padded with spaces), or -1. */
function composeNameEnd(s: string): number {
  const n = Math.min(s.length, 128);
  let i = 0;
  for (; i < n; i++) {
    const c = s.charCodeAt(i);
    if (!((c >= 97 && c <= 122) || (c >= 65 && c <= 90) || (c >= 48 && c <= 57) || c === 95 || c === 46 || c === 45)) break;
  }
  if (i === 0 || s.charCodeAt(i) !== 32) return -1;
  while (i < n && s.charCodeAt(i) === 32) i++;
  return s.charCodeAt(i) === 124 && s.charCodeAt(i + 1) === 32 ? i + 2 : -1; // "| "
}

/** After docker's "2023-04-25T22:52:49.512347648Z " at p, or -1. */
function dockerStampEnd(s: string, p: number): number {
  if (digit(s, p) < 0 || s.charCodeAt(p + 4) !== 45 || s.charCodeAt(p + 10) !== 84) return -1; // "YYYY-…T"
  const sp = s.indexOf(' ', p);
  return sp > p + 19 && sp < p + 40 && s.charCodeAt(sp - 1) === 90 ? sp + 1 : -1; // "…Z "
}

/**
 * sysklogd (and the syslogd of the BSDs) folds identical lines into "last message repeated N times", written with
 * the host but no tag: "Nov 28 22:15:30 mail last message repeated 3 times" (LINES.md §1 #32). `i` is after the
 * host, `j` at the space that ended the would-be tag.
 */
function repeatLine(s: string, i: number, j: number, h: Header): boolean {
  if (j !== i + 4 || !s.startsWith('last message repeated ', i)) return false;
  h.prog = SYSLOG_REPEAT_PROG;
  h.pid = 0;
  h.msgStart = i;
  return true;
}

/** The program given to the lines of Dovecot's own log file (dovecotFileLine): Dovecot's syslog tag, so its parser reads them. */
export const DOVECOT_FILE_PROG = 'dovecot';

/**
 * Dovecot's own log file (`log_path = /var/log/dovecot.log`, also `info_log_path`, `debug_log_path`) writes
 * `log_timestamp` ("%b %d %H:%M:%S " by default, Dovecot 2.3 and 2.4 alike), then the service's prefix and the level,
 * with no host and no syslog tag (lib/failures.c; the level is inserted where a prefix that replaces the process's
 * ends: event-log.c type_pos). Lines of the real Dovecot 2.4.1 run (review 18 of the versions, dovecot-2.4.1-real.log)
 * and of a dovecot/dovecot:2.3.21 container (a public write-up on auth_verbose):
 *   "Nov 29 22:46:22 auth(admin,127.0.0.1,sasl:plain)<sUf/D3JhzuF/AAAB>: Info: passwd-file: unknown user"
 *   "Nov 29 22:46:30 imap-login: Info: Login aborted: Logged out (auth failed, 2 attempts in 8 secs) (auth_failed): user=<admin>, …"
 *   "Nov 29 22:47:12 master: Error: service(imap): command startup failed, throttling for 2.000 secs"
 *   "Apr 01 12:04:21 auth: Info: static(john,172.17.0.1,<BaEtygcV6sGsEQAB>): Password mismatch"            (2.3)
 *   "Apr 01 12:03:54 imap-login: Info: Login: user=<john>, method=PLAIN, rip=172.17.0.1, lip=172.17.0.2, mpid=19, TLS, session=<TjOQyAcVau2sEQAB>"
 * and a 2.4 worker's, whose prefix (auth-request.c get_log_prefix()) ends after its request number:
 *   "… auth-worker(jose.basanta,138.255.206.154)<1489164><8oNSumM3A8mK/86a>: request [393]: Info: unix_user: pam_authenticate() failed: …"
 * The header parser took the prefix ("auth(…)<…>:") for the host and the level for the tag, and the line was ignored.
 * Read here as Dovecot's line: no host (''), the tag Dovecot logs under, the text from the service's prefix on; the
 * Dovecot parser skips the "Info: " syslog drops (dovecot.ts). `i` is where the would-be host starts, `end` the
 * space after it (its last character is ":"). A host that ends in ":" followed by anything else (an IPv6 address
 * "2001:db8::") stays a host.
 */
function dovecotFileLine(s: string, i: number, end: number, h: Header): boolean {
  // The prefix is a Dovecot service's name, then ":" or its "(user,ip…)" / "<session>" part: never a syslog "[pid]"
  // (another program's line without a host: "amavis[1234]: Error: …") nor an IPv6 host ("fe80:: Error: …").
  let n = i;
  for (let c = s.charCodeAt(n); (c >= 97 && c <= 122) || (c >= 48 && c <= 57) || c === 45; c = s.charCodeAt(++n));
  const after = s.charCodeAt(n);
  if (n === i || (after !== 58 && after !== 40 && after !== 60) || (after === 58 && n !== end - 1)) return false;
  if (!isDovecotService(s, i, n)) return false;
  const t = end + 1;
  if (!isDovecotLevel(s, t) && !(s.startsWith('request [', t) && s.startsWith('auth-worker(', i))) return false;
  h.host = '';
  h.prog = DOVECOT_FILE_PROG;
  h.pid = 0;
  h.msgStart = i;
  return true;
}

/**
 * Dovecot's service names (the `service` blocks of its default configuration, 2.3 and 2.4), and any "…-login" or
 * "…-worker": a host-less line of another program ("myhost: Info: hello") is not Dovecot's.
 */
const DOVECOT_SERVICES = new Set([
  'auth', 'master', 'config', 'log', 'anvil', 'dict', 'dict-async', 'indexer', 'doveadm', 'stats', 'lmtp', 'lda',
  'imap', 'pop3', 'submission', 'managesieve', 'quota-status', 'director', 'replicator', 'aggregator', 'imap-hibernate',
  'imap-urlauth', 'dns-client', 'tcpwrap', 'health-check', 'old-stats', 'ssl-params', 'ipc', 'pop3c', 'imapc',
]);

function isDovecotService(s: string, from: number, to: number): boolean {
  if ((to - from > 6 && s.startsWith('-login', to - 6)) || (to - from > 7 && s.startsWith('-worker', to - 7))) return true;
  return DOVECOT_SERVICES.has(s.slice(from, to));
}

/** Dovecot's levels (failure_log_type_prefixes): "Info: ", "Warning: ", "Error: ", "Fatal: ", "Panic: ", "Debug: ". */
function isDovecotLevel(s: string, t: number): boolean {
  switch (s.charCodeAt(t)) {
    case 73: return s.startsWith('Info: ', t);
    case 87: return s.startsWith('Warning: ', t);
    case 69: return s.startsWith('Error: ', t);
    case 70: return s.startsWith('Fatal: ', t);
    case 80: return s.startsWith('Panic: ', t);
    case 68: return s.startsWith('Debug: ', t);
    default: return false;
  }
}

function parseHeaderAt(s: string, p: number, h: Header, years: YearRule, intern: Map<string, string>): boolean {
  // A syslog priority in front, as a log received over the network is stored by some collectors:
  // "<22>Nov 28 10:00:00 host postfix/smtpd[1]: …" (RFC 3164 §4.1.1 PRI: 1 to 3 digits). Part of the "stamp"
  // that header-bytes.ts compares, so the byte path takes the next lines with the same priority and stamp.
  if (s.charCodeAt(p) === 60) { // '<'
    const lt = p;
    p++;
    while (p < lt + 4 && digit(s, p) >= 0) p++;
    if (p === lt + 1 || s.charCodeAt(p) !== 62) return false; // '>'
    p++;
  }
  let i = parseTimestamp(s, p, h, years);
  if (i < 0 || s.charCodeAt(i) !== 32) return false;
  h.stampEnd = i;
  i++;
  // Host: nearly always the same as on the previous line; compare in place before cutting a substring.
  const prevHost = h.host;
  let hostEnd: number;
  if (prevHost !== '' && s.charCodeAt(i + prevHost.length) === 32 && s.startsWith(prevHost, i)) {
    hostEnd = i + prevHost.length;
  } else {
    hostEnd = s.indexOf(' ', i);
    // No host name starts with "#": rspamd's own file ("2026-12-01 00:29:31 #25093(controller) rspamd_log_reset_repeated:
    // Last message repeated 5 times" has the shape of a syslog line otherwise; rspamdFileLine reads it).
    if (hostEnd <= i || s.charCodeAt(i) === 35) return false;
    // No host name ends in ":": one comparison, on lines whose host is not the previous line's (header-bytes.ts).
    // A file of Dovecot's own lines (no host) takes this path on every line: about 170 ns instead of 100 a line.
    if (s.charCodeAt(hostEnd - 1) === 58 && dovecotFileLine(s, i, hostEnd, h)) return true;
    h.host = internMap(s.slice(i, hostEnd), intern);
  }
  i = hostEnd + 1;
  // Tag: "prog[pid]: " or "prog: ". Solaris adds " [ID 123 mail.info]" after the colon; stripped below.
  let j = i;
  const n = s.length;
  let hash = 0;
  while (j < n) {
    const c = s.charCodeAt(j);
    if (c === 91 || c === 58 || c === 32) break; // '[' ':' ' '
    hash = (hash * 31 + c) | 0;
    j++;
  }
  if (j === i || j >= n) return false;
  if (s.charCodeAt(j) === 32) return repeatLine(s, i, j, h); // a tag ends at ':' or '['
  h.prog = internProg(s, i, j, hash & (PROG_SLOTS - 1), intern);
  h.pid = 0;
  if (s.charCodeAt(j) === 91) {
    let pid = 0;
    j++;
    let c = s.charCodeAt(j);
    while (c >= 48 && c <= 57) { pid = pid * 10 + (c - 48); j++; c = s.charCodeAt(j); }
    if (c !== 93) return false;
    h.pid = pid;
    j++;
  }
  if (s.charCodeAt(j) !== 58) return false;
  j++;
  if (s.charCodeAt(j) === 32) j++;
  // Solaris: "postfix/smtpd[123]: [ID 197553 mail.info] connect from …" (pflogsumm strips the same way).
  if (s.charCodeAt(j) === 91 && s.startsWith('[ID ', j)) {
    const close = s.indexOf('] ', j);
    if (close > 0) j = close + 2;
  }
  h.msgStart = j;
  return true;
}

/**
 * Program names ("postfix/smtp", "dovecot", …) repeat on every line: a small table indexed by a hash computed
 * while scanning for the tag's end finds the interned string without a substring or a map lookup.
 */
const PROG_SLOTS = 1024;
const progTable: Array<string | undefined> = new Array(PROG_SLOTS);

function internProg(s: string, from: number, to: number, slot: number, intern: Map<string, string>): string {
  const known = progTable[slot];
  if (known !== undefined && known.length === to - from && s.startsWith(known, from)) return known;
  const v = internMap(s.slice(from, to), intern);
  progTable[slot] = v;
  return v;
}

function internMap(v: string, intern: Map<string, string>): string {
  const known = intern.get(v);
  if (known !== undefined) return known;
  if (intern.size < 10_000) intern.set(v, v);
  return v;
}
