// Small scanners shared by the daemon parsers. They work on the whole line string with indexes, so a parser
// allocates only the substrings it keeps.

import type { ClientAddr } from '../types.js';
import { ipAt } from './ip.js';

export const NO_CLIENT: ClientAddr = Object.freeze({ name: '', ip: '' }) as ClientAddr;

/**
 * Length of a queue ID at `i` followed by ": ", or 0. Short IDs are upper-case hex of varying length
 * ("BC4E116065B"); long IDs (enable_long_queue_ids) use digits and consonants ("3Pt2mN2VXxznjll"); "NOQUEUE"
 * also passes (postconf(5), LINES.md §2).
 */
export function queueIdLength(s: string, i: number): number {
  let j = i;
  const n = s.length;
  let lower = 0;
  while (j < n) {
    const c = s.charCodeAt(j);
    if ((c >= 48 && c <= 57) || (c >= 65 && c <= 90)) j++;
    else if (c >= 97 && c <= 122) { j++; lower++; }
    else break;
  }
  const len = j - i;
  // Words such as "warning" or "Deleted" are not IDs: an ID has no run of only lower-case letters.
  if (len < 5 || len > 20 || lower === len || (lower > 0 && lower >= len - 1)) return 0;
  if (s.charCodeAt(j) !== 58 || s.charCodeAt(j + 1) !== 32) return 0;
  return len;
}

/**
 * `s.startsWith(word, at)` (at ≥ 0) for a short word that is usually there, on the hot path (the queue ID a deferred
 * flood's status line repeats, "status=", "warning: ", "unknown user"). V8's startsWith is a builtin call that reads
 * both strings a character at a time; `s.slice(…) === word`, used before, made a string on every call (a copy below
 * 13 characters: 24–40 bytes a call, thirty-eighth session). An inlined loop of charCodeAt does neither.
 */
export function startsAt(s: string, word: string, at: number): boolean {
  const n = word.length;
  if (at < 0) return s.slice(at, at + n) === word; // no parser's index: the answer `slice` gives
  if (at + n > s.length) return n === 0;
  for (let k = 0; k < n; k++) if (s.charCodeAt(at + k) !== word.charCodeAt(k)) return false;
  return true;
}

/** Postfix names a client without a verified reverse name "unknown" (most clients of a brute force). */
const UNKNOWN = ['unknown'] as const;

/** Parses "name[addr]" or "name[addr]:port" starting at `i`; returns the index after "]" (and port) or -1. */
export function parseClientAt(s: string, i: number, out: { client: ClientAddr }): number {
  // The address is the bracket pair closed by the first "]": Postfix only logs names that pass valid_hostname()
  // (letters, digits, "-", "_", "."), so a "[" before it belongs to text that is not a real client name.
  const close = s.indexOf(']', i);
  if (close < 0) return -1;
  const open = s.lastIndexOf('[', close);
  if (open < i) return -1;
  out.client = clientOf(sliceKnown(s, i, open, UNKNOWN), ipAt(s, open + 1, close));
  let j = close + 1;
  if (s.charCodeAt(j) === 58) {
    j++;
    while (j < s.length) {
      const c = s.charCodeAt(j);
      if (c < 48 || c > 57) break;
      j++;
    }
  }
  return j;
}

const clientBox: { client: ClientAddr } = { client: NO_CLIENT };

/**
 * The clients named last, each one object while it keeps its slot: a brute force's sessions interleave, and a
 * client's connect, warning and disconnect lines came each with an object of its own (thirty-eighth session). A slot
 * per hash of the IP's last characters, one comparison a line (on the benchmark log 77% of smtpd's client fields
 * find theirs; a search through the last 16 found as many, at up to 16 string comparisons). ClientAddr is never
 * changed once made (events and records share it); the IPs are keyAt's one string per key, so a hit compares pointers.
 */
const CLIENT_SLOTS = 64;
const recentClients: ClientAddr[] = new Array<ClientAddr>(CLIENT_SLOTS).fill({ name: '', ip: '\u0000' });

function clientOf(name: string, ip: string): ClientAddr {
  const n = ip.length;
  const slot = n < 3 ? n : (n + ip.charCodeAt(n - 1) * 7 + ip.charCodeAt(n - 2) * 31 + ip.charCodeAt(n - 3) * 131) & (CLIENT_SLOTS - 1);
  const c = recentClients[slot]!;
  if (c.ip === ip && c.name === name) return c;
  const made: ClientAddr = { name, ip };
  recentClients[slot] = made;
  return made;
}

/** "unknown[192.0.2.1]" → {name, ip}; tolerant of a trailing ":port". */
export function clientAt(s: string, i: number): ClientAddr {
  return parseClientAt(s, i, clientBox) < 0 ? NO_CLIENT : clientBox.client;
}

/** Value of `key=` (key includes "=") ended by `", "` or end; "<a>" values keep their text without brackets. */
export function commaField(s: string, key: string, from: number): string {
  const k = s.indexOf(key, from);
  if (k < 0) return '';
  const v = k + key.length;
  if (s.charCodeAt(v) === 60) { // "<"
    const close = s.indexOf('>', v + 1);
    return close < 0 ? s.slice(v + 1) : s.slice(v + 1, close);
  }
  let end = s.indexOf(', ', v);
  if (end < 0) end = s.length;
  return s.slice(v, end);
}

/** Value of a space-separated `key=<value>` (smtpd reject tails: "from=<a> to=<b> proto=ESMTP helo=<h>"). */
export function angleField(s: string, key: string, from: number): string {
  const k = s.indexOf(key, from);
  if (k < 0) return '';
  const v = k + key.length;
  if (s.charCodeAt(v) !== 60) {
    let end = v;
    while (end < s.length) {
      const c = s.charCodeAt(end);
      if (c === 32 || c === 44 || c === 59) break;
      end++;
    }
    return s.slice(v, end);
  }
  const close = s.indexOf('>', v + 1);
  return close < 0 ? s.slice(v + 1) : s.slice(v + 1, close);
}

/**
 * Integer at `i` (non-negative), or -1; also -1 past 9 digits: no real count is that large, and sums of such
 * values (a hostile nrcpt=99999999999999999) lose precision, so the totals would depend on the order of addition.
 */
export function intAt(s: string, i: number): number {
  let n = 0;
  let j = i;
  for (; j < s.length; j++) {
    const c = s.charCodeAt(j);
    if (c < 48 || c > 57) break;
    n = n * 10 + (c - 48);
  }
  return j === i || j - i > 9 ? -1 : n;
}

/** Domain part of an address, lower-cased; "" for <> or no "@". */
export function domainOf(address: string): string {
  const at = address.lastIndexOf('@');
  return at < 0 ? '' : address.slice(at + 1).toLowerCase();
}

/** "host[ip]:port" → port string ("" when none); works for relay=… values. */
export function portOf(relay: string): string {
  const close = relay.lastIndexOf(']');
  if (close < 0 || relay.charCodeAt(close + 1) !== 58) return '';
  return relay.slice(close + 2);
}

/**
 * `s.slice(from, to)`, or the entry of `words` equal to it. A deferred flood writes "status=deferred" and
 * "relay=none" millions of times, a brute force "(reason unavailable)": a known word comes back as one shared
 * constant instead of a new string per line, so nothing is kept but the constant, map lookups on it need no hashing (a
 * fresh string is hashed on its first lookup, ~90 ns measured; a constant's hash is already known), and the
 * records of open messages that keep it share one copy.
 */
export function sliceKnown(s: string, from: number, to: number, words: readonly string[]): string {
  // Compared in place, by length first: the substring, cut and compared with `===` before (cheaper than V8's
  // startsWith, a builtin call per word), was garbage on every line for the known words ("unknown", "passwd-file",
  // "LOGIN"); it is cut only for a word not known (thirty-eighth session).
  const len = to - from;
  for (let i = 0; i < words.length; i++) {
    const w = words[i]!;
    if (w.length === len && startsAt(s, w, from)) return w;
  }
  return s.slice(from, to);
}
