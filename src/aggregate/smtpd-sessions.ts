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
import type { AuthRefused } from './auth-refused.js';
import { addAuthRefused } from './auth-refused.js';

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

export interface SmtpdSessions {
  /** Sessions opened by a connect line of this range and not closed: key → warnings so far. */
  open: Map<string, number>;
  /** Keys seen in this range: their head (an object only when the key's first line is not a connect line). */
  seen: Map<string, SessionHead | null>;
  restarted: string[];
}

export function newSmtpdSessions(): SmtpdSessions {
  return { open: new Map(), seen: new Map(), restarted: [] };
}

/** The session key of a line of `service` (the syslog tag without pid) by process `pid` on `host`. */
export function sessionKey(host: string, service: string, pid: number): string {
  return `${host}\u0000${service}\u0000${pid}`;
}

function headOf(s: SmtpdSessions, key: string): SessionHead {
  let h = s.seen.get(key);
  if (h === undefined) {
    h = { key, warnings: 0, end: HEAD_OPEN, service: '', ip: '', notOk: 0, at: 0, example: null };
    s.seen.set(key, h);
  }
  // null: the key's first line was a connect line; a line of it outside a session now is an orphan (lines lost).
  return h ?? ORPHAN;
}

/** A sink for the lines of a process outside any session (its connect line lost): never handed over. */
const ORPHAN: SessionHead = { key: '', warnings: 0, end: HEAD_CONNECT, service: '', ip: '', notOk: 0, at: 0, example: null };

export function sessionConnect(s: SmtpdSessions, key: string): void {
  if (!s.seen.has(key)) {
    s.seen.set(key, null);
    s.restarted.push(key);
  } else if (!s.open.has(key)) {
    const h = headOf(s, key);
    if (h.end === HEAD_OPEN) h.end = HEAD_CONNECT;
  }
  s.open.set(key, 0);
}

/** `n` SASL failure or abort warnings of the process. */
export function sessionWarnings(s: SmtpdSessions, key: string, n: number): void {
  const w = s.open.get(key);
  if (w !== undefined) { s.open.set(key, w + n); return; }
  const h = headOf(s, key);
  if (h.end === HEAD_OPEN) h.warnings += n;
}

/**
 * The disconnect line of the process: a session of the range is counted into `into` now; the end of a head is kept
 * for the hand-over. `example` is called only when the line counts or may count.
 */
export function sessionDisconnect(
  s: SmtpdSessions, key: string, service: string, ip: string, authTried: number, authOk: number, at: number,
  example: () => Example, into: AuthRefused,
): void {
  const w = s.open.get(key);
  if (w !== undefined) {
    s.open.delete(key);
    const refused = authTried - authOk - w;
    if (refused > 0) addAuthRefused(into, service, ip, refused, at, example());
    return;
  }
  const h = headOf(s, key);
  if (h.end !== HEAD_OPEN) return;
  h.end = HEAD_DISCONNECT;
  if (authTried - authOk > h.warnings) {
    h.service = service;
    h.ip = ip;
    h.notOk = authTried - authOk;
    h.at = at;
    h.example = example();
  }
}

export function sessionHandover(s: SmtpdSessions): SessionHandover {
  const heads: SessionHead[] = [];
  for (const h of s.seen.values()) if (h !== null) heads.push(h);
  return { heads, restarted: s.restarted, openKeys: [...s.open.keys()], openWarnings: [...s.open.values()] };
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
