// One smtpd session's AUTH tally, from its connect line to its disconnect line, and its hand-over across byte
// ranges. A session is the lines of one smtpd process (host, syslog tag, pid) between "connect from" and
// "disconnect from"; the process serves the next session after it. At the disconnect line
//   AUTH refused without a warning = tried − ok − the session's "SASL … authentication failed" / "… aborted" warnings
// (auth-refused.ts): a failed or aborted AUTH logs its warning, an AUTH refused with "503 5.5.1 Error: authentication
// not enabled" (AUTH off on that port) logs none. Counted only for a session whose connect line is in the log:
// without it, warnings before the log's start are unknown.
//
// A range knows its own sessions whole. A session an earlier range opened shows in this one as its head (the key's
// lines before its first connect line); the range hands the heads over, with the sessions still open at its end,
// and run.ts joins them in file order (stitchSessions), so any cut of the log counts the same.

import type { Example } from '../types.js';
import type { LineContext } from './context.js';
import { exampleOf } from './context.js';
import type { AuthRefused } from './auth-refused.js';
import { addAuthRefused } from './auth-refused.js';

/** TagSessions.open's mark of a session whose disconnect line was read (no count of warnings is negative). */
const CLOSED = -1;

/** How the head of a session opened by an earlier range ends in this range. */
const HEAD_OPEN = 0;
const HEAD_DISCONNECT = 1;
/** A connect line: the earlier session ended without a disconnect line (smtpd killed); dropped. */
const HEAD_CONNECT = 2;

export interface SessionHead {
  key: string;
  /** Warnings of the key before the head's end. */
  warnings: number;
  end: number;
  /** The disconnect line's (HEAD_DISCONNECT with more AUTH tried than ok only; else '', 0 and null). */
  service: string;
  ip: string;
  /** AUTH tried − ok on the disconnect line. */
  notOk: number;
  at: number;
  example: Example | null;
}

/** What a range hands over: its heads in the order of their first lines, and the sessions open at its end. */
export interface SessionHandover {
  heads: SessionHead[];
  /** Keys whose first line in the range is a connect line: a session an earlier range left open ended unseen. */
  restarted: string[];
  openKeys: string[];
  /** The warnings of each open session so far. */
  openWarnings: number[];
}

/**
 * One syslog tag's processes on one host (host and service are the scan's interned strings): sessions by pid, so that
 * a line costs no key string (a quarter of the benchmark log's lines are smtpd's connect, disconnect and SASL lines).
 */
interface TagSessions {
  host: string;
  service: string;
  /**
   * Sessions opened by a connect line of this range: pid → warnings so far, CLOSED once its disconnect line is read.
   * Marked, not deleted: a Map that a pid enters at each connect and leaves at each disconnect rebuilt its table every
   * few hundred sessions (thirty-eighth session: 9 of the benchmark's garbage bytes a line); it holds a pid once, as
   * `seen` does.
   */
  open: Map<number, number>;
  /** Pids seen in this range: their head (an object only when the pid's first line is not a connect line). */
  seen: Map<number, SessionHead | null>;
  /** Pids whose first line in the range is a connect line. */
  restarted: number[];
}

export interface SmtpdSessions {
  tags: TagSessions[];
  /** The tag of the line before (most lines of a range are one host's, and smtpd's lines of one or two services). */
  last: TagSessions | null;
}

export function newSmtpdSessions(): SmtpdSessions {
  return { tags: [], last: null };
}

/** The session key of process `pid` of `service` (the syslog tag without pid) on `host`, as the hand-over names it. */
export function sessionKey(host: string, service: string, pid: number): string {
  return `${host}\u0000${service}\u0000${pid}`;
}

function tagOf(s: SmtpdSessions, host: string, service: string): TagSessions {
  const last = s.last;
  if (last !== null && last.host === host && last.service === service) return last;
  // A loop, not tags.find: smtpd's and submission's lines alternate, and a closure per switch was garbage.
  for (const t of s.tags) {
    if (t.host === host && t.service === service) {
      s.last = t;
      return t;
    }
  }
  const t: TagSessions = { host, service, open: new Map(), seen: new Map(), restarted: [] };
  s.tags.push(t);
  s.last = t;
  return t;
}

function headOf(t: TagSessions, pid: number): SessionHead {
  let h = t.seen.get(pid);
  if (h === undefined) {
    h = { key: sessionKey(t.host, t.service, pid), warnings: 0, end: HEAD_OPEN, service: '', ip: '', notOk: 0, at: 0, example: null };
    t.seen.set(pid, h);
  }
  // null: the pid's first line was a connect line; a line of it outside a session now is an orphan (lines lost).
  return h ?? ORPHAN;
}

/** A sink for the lines of a process outside any session (its connect line lost): never handed over. */
const ORPHAN: SessionHead = { key: '', warnings: 0, end: HEAD_CONNECT, service: '', ip: '', notOk: 0, at: 0, example: null };

export function sessionConnect(s: SmtpdSessions, host: string, service: string, pid: number): void {
  const t = tagOf(s, host, service);
  if (!t.seen.has(pid)) {
    t.seen.set(pid, null);
    t.restarted.push(pid);
  } else if ((t.open.get(pid) ?? CLOSED) === CLOSED) {
    const h = headOf(t, pid);
    if (h.end === HEAD_OPEN) h.end = HEAD_CONNECT;
  }
  t.open.set(pid, 0);
}

/** `n` SASL failure or abort warnings of the process. */
export function sessionWarnings(s: SmtpdSessions, host: string, service: string, pid: number, n: number): void {
  const t = tagOf(s, host, service);
  const w = t.open.get(pid) ?? CLOSED;
  if (w !== CLOSED) { t.open.set(pid, w + n); return; }
  const h = headOf(t, pid);
  if (h.end === HEAD_OPEN) h.warnings += n;
}

/**
 * The disconnect line of the process: a session of the range is counted into `into` now; the end of a head is kept
 * for the hand-over. The line's example is made only when the line counts or may count.
 */
export function sessionDisconnect(
  s: SmtpdSessions, host: string, service: string, pid: number, ip: string, authTried: number, authOk: number, at: number,
  ctx: LineContext, into: AuthRefused,
): void {
  const t = tagOf(s, host, service);
  const w = t.open.get(pid) ?? CLOSED;
  if (w !== CLOSED) {
    t.open.set(pid, CLOSED);
    const refused = authTried - authOk - w;
    if (refused > 0) addAuthRefused(into, service, ip, refused, at, exampleOf(ctx));
    return;
  }
  const h = headOf(t, pid);
  if (h.end !== HEAD_OPEN) return;
  h.end = HEAD_DISCONNECT;
  if (authTried - authOk > h.warnings) {
    h.service = service;
    h.ip = ip;
    h.notOk = authTried - authOk;
    h.at = at;
    h.example = exampleOf(ctx);
  }
}

/**
 * The range's hand-over: heads in the order of their first lines (each tag's in the order of its pids' first lines;
 * tags apart: a key is one tag's, so the order between tags changes nothing in stitchSessions).
 */
export function sessionHandover(s: SmtpdSessions): SessionHandover {
  const heads: SessionHead[] = [];
  const restarted: string[] = [];
  const openKeys: string[] = [];
  const openWarnings: number[] = [];
  for (const t of s.tags) {
    for (const h of t.seen.values()) if (h !== null) heads.push(h);
    for (const pid of t.restarted) restarted.push(sessionKey(t.host, t.service, pid));
    for (const [pid, w] of t.open) {
      if (w === CLOSED) continue;
      openKeys.push(sessionKey(t.host, t.service, pid));
      openWarnings.push(w);
    }
  }
  return { heads, restarted, openKeys, openWarnings };
}

/** The sessions left open by the ranges joined so far: key → warnings so far. */
export type SessionCarry = Map<string, number>;

/** Joins the next range's hand-over (ranges in file order) to the sessions earlier ranges left open. */
export function stitchSessions(carry: SessionCarry, h: SessionHandover, into: AuthRefused): void {
  for (const head of h.heads) {
    const w = carry.get(head.key);
    if (w === undefined) continue; // its connect line is not in the log (or before --since)
    if (head.end === HEAD_OPEN) { carry.set(head.key, w + head.warnings); continue; }
    carry.delete(head.key);
    if (head.end !== HEAD_DISCONNECT || head.example === null) continue;
    const refused = head.notOk - w - head.warnings;
    if (refused > 0) addAuthRefused(into, head.service, head.ip, refused, head.at, head.example);
  }
  for (const key of h.restarted) carry.delete(key);
  for (let i = 0; i < h.openKeys.length; i++) carry.set(h.openKeys[i]!, h.openWarnings[i]!);
}
