// Small helpers shared by the rules.

import type { Aggregate, Example, Finding } from '../types.js';
import { isoLocal, reportZone } from '../time.js';
import { isEarlier } from '../aggregate/examples.js';
import { deletionTimes } from '../aggregate/bulk-delete.js';
import type { AbuseQueue } from '../i18n/index.js';

/** ISO text for a local time, in the zone the report speaks. */
export function timeText(agg: Aggregate): (ms: number) => string | null {
  const zone = reportZone(agg);
  return (ms: number) => isoLocal(ms, zone);
}

/** "2026-11-28 22:15" for sentences (`unknown` when there is no time). */
export function shortTime(iso: string | null, unknown = 'an unknown time'): string {
  if (iso === null) return unknown;
  return iso.slice(0, 16).replace('T', ' ');
}

export function fmt(n: number): string {
  return n.toLocaleString('en-US');
}

/** A distinct count: "more than 73,817" past what a full sketch tells (`atLeast`), "about 1,200" for an estimate. */
export function figure(x: number, atLeast: boolean, about = false): string {
  return atLeast ? `more than ${fmt(x)}` : about ? `about ${fmt(x)}` : fmt(x);
}

/** A program's forged messages all sent as one sender address, exactly counted (a form as one fixed security@mufg.jp). */
export function oneSender(s: { senders: number; sendersAtLeast: boolean; sendersAbout?: boolean }): boolean {
  return s.senders === 1 && !s.sendersAtLeast && s.sendersAbout !== true;
}

/** "1 message", "2,000 messages": an English count and its noun. */
export function count(n: number, one: string, many: string): string {
  return `${fmt(n)} ${n === 1 ? one : many}`;
}

export function percent(part: number, whole: number): number {
  return whole === 0 ? 0 : Math.round((part / whole) * 1000) / 10;
}

/** Up to `max` examples, earliest first, without duplicates. */
export function pickExamples(candidates: Array<Example | null | undefined>, max = 5): Example[] {
  const seen = new Set<string>();
  const out: Example[] = [];
  for (const e of candidates) {
    if (!e) continue;
    const k = `${e.file}:${e.offset}`;
    if (seen.has(k)) continue;
    seen.add(k);
    out.push(e);
  }
  out.sort((a, b) => (isEarlier(a, b) ? -1 : isEarlier(b, a) ? 1 : 0));
  return out.slice(0, max);
}

/** Keys of a count map sorted by count desc, then key. */
export function sortedKeys(map: Map<string, number>): string[] {
  return [...map].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0)).map(([k]) => k);
}

/** The domain part of an address or user name ("info@example.jp" → "example.jp"; "info" → ""). */
export function domainPart(s: string): string {
  const at = s.lastIndexOf('@');
  return at < 0 ? '' : s.slice(at + 1).toLowerCase();
}

/**
 * `d` is `own` or one of `ours`, or a subdomain of one: a list server's VERP senders under lists.example.jp are the
 * company's, not forged (review 17, I2: Sympa logging in as lists@example.jp, senders announce-owner@lists.example.jp).
 */
export function isOurDomain(d: string, own: string, ours: ReadonlySet<string>): boolean {
  if (d === '') return false;
  let suffix = d;
  // Each parent domain in turn, down to two labels (a bare TLD is nobody's domain).
  for (;;) {
    if (suffix === own || ours.has(suffix)) return true;
    const dot = suffix.indexOf('.');
    if (dot < 0 || suffix.indexOf('.', dot + 1) < 0) return false;
    suffix = suffix.slice(dot + 1);
  }
}

/**
 * Where the abuse's queued mail stands at the end of the log, for the advice of the findings that point to it
 * (compromised-account, backscatter): listed by the queue-cleanup finding, deleted by `postsuper -d ALL` (the
 * queue-deleted finding counted abuse among the deleted messages: corpus incident), or simply not queued.
 */
export function abuseQueue(findings: readonly Finding[], agg: Aggregate, unknownTime: string): AbuseQueue {
  if (findings.some((f) => f.rule === 'queue-cleanup')) return { state: 'cleanup' };
  const deleted = findings.find((f) => f.rule === 'queue-deleted');
  if (deleted !== undefined && Number(deleted.evidence.abusive) > 0) {
    const at = timeText(agg);
    return { state: 'deleted', at: deletionTimes(agg).map((d) => shortTime(at(d), unknownTime)).join(', ') };
  }
  return { state: 'gone' };
}

/**
 * A word of a shell command as the log gave it: as is when it holds only characters no shell treats specially, else
 * in single quotes (a login "o'brien@example.jp", or a hostile one with backquotes: review 16 pasted `doveadm kick
 * o'brien@example.jp` into a shell and got an open quote).
 */
export function shellArg(s: string): string {
  return /^[A-Za-z0-9@%+=:,._\/-]+$/.test(s) ? s : `'${s.replace(/'/g, "'\\''")}'`;
}

/**
 * Lines of a Postfix lookup table ("key   value"), values aligned in one column after the keys, but no further than
 * column 40: one 3,000-character address padded every line of a sender_login block to it (review 16).
 */
export function tableLines(rows: ReadonlyArray<readonly [string, string]>): string[] {
  const width = Math.min(40, Math.max(16, ...rows.map(([k]) => k.length + 2)));
  return rows.map(([k, v]) => (k.length + 2 > width ? `${k}  ${v}` : `${k.padEnd(width)}${v}`));
}

/** "cmd   # comment" with the "#" at a fixed column (1-based), as in the rules' code blocks. */
export function commented(cmd: string, comment: string, column = 39): string {
  return `${cmd.padEnd(column - 2)} # ${comment}`;
}
