// The syslog prefix read from the line's bytes, for the common case: the timestamp is byte for byte the one of
// the previous line. Logs of a busy server write many lines per second (89% of the lines of the generated
// incident log repeat the previous line's stamp), and reading bytes from the buffer is cheaper than reading
// characters from the decoded line: measured 100 ns a line against 170 for parseHeader on the same lines.
//
// Anything else (a new timestamp, the first line, a tag this code does not know) returns false, and the caller
// parses the decoded line with parseHeader (header.ts), the one definition of a valid prefix, which then
// remembers the stamp for the next line (rememberStamp). Both paths give the same Header for the same line.
//
//   "Nov 23 09:30:04 mail postfix/smtpd[79650]: connect from unknown[81.140.255.129]"
//    └─ stamp (15) ─┘ └host┘ └─ tag ─────────┘ └ message (msgStart) …
//
// A syslog <PRI> in front ("<22>Nov 23 09:30:04 mail …") is part of the stamp (header.ts's stampEnd counts it):
// lines with the previous line's priority and stamp take this path, others go to parseHeader.

import type { Header } from './header.js';

/**
 * Longest stamp remembered: an RFC 3339 one with nanoseconds after a <PRI> (40), or after `docker compose logs`'
 * "service  | " ("mailserver  | 2026-11-28T22:15:40.479210+09:00" is 46).
 */
const MAX_STAMP = 64;
const MAX_HOST = 255;
const PROG_SLOTS = 1024;

interface ProgEntry {
  bytes: Uint8Array;
  name: string;
}

export interface StampCache {
  /** Bytes of the last parsed line's timestamp, and its length (0 = none yet). */
  stamp: Uint8Array;
  stampLen: number;
  /**
   * Index in `stamp` of the seconds' two digits when the stamp ends in a clock "hh:mm:ss" of its own, then an
   * optional fraction and an optional offset, else -1 (see clockLayout): a line whose stamp differs from the last one
   * only in its seconds and fraction digits is in the same minute of the same day and offset, and its time is the
   * last one's moved by the milliseconds between them. Classic ("Nov 23 09:30:04", also after a <PRI>), rsyslog's
   * RFC 3339 ("2026-11-28T22:15:28.617922+09:00", Debian 12's default), journalctl's short-iso ("…T12:53:57+0900").
   */
  secondsAt: number;
  /** Bytes at the end of `stamp` after the clock and its fraction: the offset ("+09:00", "+0900", "Z"), 0 for none. */
  suffixLen: number;
  /** The last stamp's seconds and fraction in milliseconds (seconds × 1000 + the fraction truncated to ms, as header.ts). */
  clockMs: number;
  at: number;
  zone: string;
  /** Bytes of header.host (the last host seen). */
  host: Uint8Array;
  hostLen: number;
  hostName: string;
  progs: Array<ProgEntry | null>;
  /** The tag of the last line that took either path (most lines are of the program of the line before). */
  lastProg: ProgEntry | null;
}

export function newStampCache(): StampCache {
  return {
    stamp: new Uint8Array(MAX_STAMP), stampLen: 0, secondsAt: -1, suffixLen: 0, clockMs: 0, at: NaN, zone: '',
    host: new Uint8Array(MAX_HOST), hostLen: 0, hostName: '', progs: new Array<ProgEntry | null>(PROG_SLOTS).fill(null), lastProg: null,
  };
}

/**
 * After parseHeader accepted `text`: remembers its timestamp (the first `stampEnd` characters), host and tag,
 * so that the next lines with the same stamp take the byte path. `text` was decoded from the bytes as Latin-1
 * (the scanner's byte path), so each character code is its byte.
 */
export function rememberStamp(c: StampCache, text: string, h: Header): void {
  const n = h.stampEnd;
  if (n > MAX_STAMP || h.host.length > MAX_HOST) {
    c.stampLen = 0;
    return;
  }
  for (let k = 0; k < n; k++) c.stamp[k] = text.charCodeAt(k);
  c.stampLen = n;
  clockLayout(c, n, h.zone === 'local');
  c.at = h.at;
  c.zone = h.zone;
  if (h.host !== c.hostName) {
    for (let k = 0; k < h.host.length; k++) c.host[k] = h.host.charCodeAt(k);
    c.hostLen = h.host.length;
    c.hostName = h.host;
  }
  rememberProg(c, h.prog);
}

/** Fractions of up to nanoseconds (docker's -t stamps; rsyslog writes microseconds) take the byte path. */
const MAX_FRACTION_DIGITS = 9;

/**
 * Sets c.secondsAt, c.suffixLen and c.clockMs from the stamp bytes [0, n), read from their end: an offset (a line
 * whose zone is not local: "Z", "+hh:mm", "+hhmm", as header.ts's parseIso reads them), then an optional fraction
 * ".d" to ".ddddddddd", then " hh:mm:ss" or "Thh:mm:ss" (parseHeader has checked the values). Any other end (a
 * zone name of journalctl's short-full, short-unix's epoch, a longer fraction) leaves secondsAt at -1: only a
 * stamp byte for byte the last one's takes the byte path then.
 */
function clockLayout(c: StampCache, n: number, local: boolean): void {
  const b = c.stamp;
  c.secondsAt = -1;
  const suffix = local ? 0 : offsetLength(b, n);
  if (suffix < 0) return;
  let end = n - suffix;
  let digits = 0;
  while (digits < end && isDigit(b[end - 1 - digits]!)) digits++;
  let ms = 0;
  if (digits < end && b[end - 1 - digits] === 46) { // '.'
    if (digits === 0 || digits > MAX_FRACTION_DIGITS) return;
    for (let k = 0, scale = 100; k < 3 && k < digits; k++, scale /= 10) ms += (b[end - digits + k]! - 48) * scale;
    end -= digits + 1;
  }
  if (end < 9 || (b[end - 9] !== 32 && b[end - 9] !== 84) || b[end - 6] !== 58 || b[end - 3] !== 58) return; // ' ' or 'T', ':'
  if (!(isDigit(b[end - 8]!) && isDigit(b[end - 7]!) && isDigit(b[end - 5]!) && isDigit(b[end - 4]!) && isDigit(b[end - 2]!) && isDigit(b[end - 1]!))) return;
  c.secondsAt = end - 2;
  c.suffixLen = suffix;
  c.clockMs = ((b[end - 2]! - 48) * 10 + (b[end - 1]! - 48)) * 1000 + ms;
}

/** Length of the UTC offset that ends stamp bytes [0, n): "Z" 1, "+09:00" 6, "+0900" 5; -1 for anything else. */
function offsetLength(b: Uint8Array, n: number): number {
  if (n > 0 && b[n - 1] === 90) return 1; // 'Z'
  if (n >= 6 && isSign(b[n - 6]!) && b[n - 3] === 58 && isDigit(b[n - 5]!) && isDigit(b[n - 4]!) && isDigit(b[n - 2]!) && isDigit(b[n - 1]!)) return 6;
  if (n >= 5 && isSign(b[n - 5]!) && isDigit(b[n - 4]!) && isDigit(b[n - 3]!) && isDigit(b[n - 2]!) && isDigit(b[n - 1]!)) return 5;
  return -1;
}

function isSign(c: number): boolean {
  return c === 43 || c === 45;
}

function isDigit(c: number): boolean {
  return c >= 48 && c <= 57;
}

/** Whether `tag`'s bytes are at `i` of `b` (the caller has checked that they fit before the line's end). */
function sameBytes(b: Uint8Array, i: number, tag: Uint8Array): boolean {
  for (let k = 0; k < tag.length; k++) if (b[i + k] !== tag[k]) return false;
  return true;
}

/** Makes a tag known to the byte path, in the slot of header.ts's hash of it. */
function rememberProg(c: StampCache, p: string): void {
  let hash = 0;
  for (let k = 0; k < p.length; k++) hash = (hash * 31 + p.charCodeAt(k)) | 0;
  const slot = hash & (PROG_SLOTS - 1);
  const known = c.progs[slot];
  let entry = known;
  if (entry === null || entry === undefined || entry.name !== p) {
    const bytes = new Uint8Array(p.length);
    for (let k = 0; k < p.length; k++) bytes[k] = p.charCodeAt(k);
    entry = { bytes, name: p };
    c.progs[slot] = entry;
  }
  // sysklogd's repeat line has no tag: its "program" holds spaces, which end a tag (parseHeaderBytes's shortcut).
  c.lastProg = p.indexOf(' ') < 0 ? entry : null;
}

/**
 * Fills `h` from the bytes [from, to) of one line when its stamp and host are the previous line's and its tag
 * has been seen; returns false otherwise (nothing is known then: parse the decoded line with parseHeader).
 */
export function parseHeaderBytes(c: StampCache, b: Uint8Array, from: number, to: number, h: Header): boolean {
  const n = c.stampLen;
  if (n === 0 || from + n >= to) return false;
  const stamp = c.stamp;
  // A new second or fraction of the same minute (a quarter of the 200 MB benchmark log's lines start a new second;
  // every line of an RFC 3339 log with fractions has a stamp of its own): its time is the last stamp's plus the
  // milliseconds between them, as parseTimestamp would compute it (the day's start plus the seconds of the day and
  // the fraction truncated to milliseconds, in the same year and offset). Seconds up to 60, as parseHeader's clock()
  // allows (a leap second); up to MAX_FRACTION_DIGITS fraction digits, then the last stamp's offset byte for byte.
  //   "Nov 23 09:30:06 mail postfix/smtpd[79650]: connect from unknown[201.100.190.5]"
  //   "Nov 23 09:30:08 mail dovecot: auth: passwd-file(backup@example.jp,201.100.190.5): unknown user"
  //   "2026-11-28T22:15:28.948625+09:00 mail postfix/postfix-script[21550]: starting the Postfix mail system"   (corpus, rsyslog)
  //   "2026-11-28T22:15:28.953602+09:00 mail postfix/master[21552]: daemon started -- version 3.7.11, configuration /etc/postfix"
  const sec = c.secondsAt;
  const same = sec < 0 ? n : sec;
  for (let k = 0; k < same; k++) if (b[from + k] !== stamp[k]) return false;
  let i = from + n;
  let clockMs = c.clockMs;
  if (sec >= 0) {
    i = from + sec;
    const hi = b[i]!;
    const lo = b[i + 1]!;
    if (hi < 48 || hi > 54 || lo < 48 || lo > 57) return false;
    const seconds = (hi - 48) * 10 + (lo - 48);
    if (seconds > 60) return false;
    i += 2;
    clockMs = seconds * 1000;
    if (b[i] === 46) { // '.': the first three digits are the milliseconds (header.ts's readFraction truncates)
      const first = ++i;
      while (i < to && isDigit(b[i]!)) i++;
      const digits = i - first;
      if (digits === 0 || digits > MAX_FRACTION_DIGITS) return false;
      clockMs += (b[first]! - 48) * 100 + (digits > 1 ? (b[first + 1]! - 48) * 10 : 0) + (digits > 2 ? b[first + 2]! - 48 : 0);
    }
    const suffix = c.suffixLen;
    if (i + suffix >= to) return false;
    for (let k = 0, at = n - suffix; k < suffix; k++) if (b[i + k] !== stamp[at + k]) return false;
    i += suffix;
  }
  // " host "
  if (b[i] !== 32) return false;
  i++;
  const hostLen = c.hostLen;
  if (hostLen === 0 || i + hostLen >= to || b[i + hostLen] !== 32) return false;
  const host = c.host;
  for (let k = 0; k < hostLen; k++) if (b[i + k] !== host[k]) return false;
  i += hostLen + 1;
  // Tag up to '[', ':' or ' ': the last line's tag when its bytes are there and end at '[' or ':' (a tag holds none
  // of '[', ':', ' '), else hashed as header.ts hashes it and looked up.
  let entry = c.lastProg;
  let j = entry === null ? to : i + entry.bytes.length;
  if (j >= to || (b[j] !== 91 && b[j] !== 58) || !sameBytes(b, i, entry!.bytes)) {
    j = i;
    let hash = 0;
    while (j < to) {
      const ch = b[j]!;
      if (ch === 91 || ch === 58 || ch === 32) break;
      hash = (hash * 31 + ch) | 0;
      j++;
    }
    if (j === i || j >= to) return false;
    entry = c.progs[hash & (PROG_SLOTS - 1)] ?? null;
    if (entry === null || entry.bytes.length !== j - i || !sameBytes(b, i, entry.bytes)) return false;
    c.lastProg = entry;
  }
  let pid = 0;
  if (b[j] === 91) {
    j++;
    let ch = b[j]!;
    while (ch >= 48 && ch <= 57 && j < to) { pid = pid * 10 + (ch - 48); j++; ch = b[j]!; }
    if (ch !== 93 || j >= to) return false;
    j++;
  }
  if (j >= to || b[j] !== 58) return false;
  j++;
  if (j < to && b[j] === 32) j++;
  // Solaris "[ID 197553 mail.info] ": left to parseHeader.
  if (j < to && b[j] === 91) return false;
  if (clockMs !== c.clockMs) {
    c.at += clockMs - c.clockMs;
    c.clockMs = clockMs;
  }
  h.at = c.at;
  h.zone = c.zone;
  h.host = c.hostName;
  h.prog = entry!.name;
  h.pid = pid;
  h.msgStart = j - from;
  return true;
}
