// A receiver's 421 closes the connection (RFC 5321 4.2.3: "421 <domain> Service not available, closing transmission
// channel"), and smtp(8) then logs the attempt's other recipients as a lost connection (review AM, AM1). Corpus
// incident, one smtp process and one queue ID, lines 1861-1862:
//   "smtp[22161]: 600E4160729: to=<kerito-chiro@gmail.com>, relay=127.0.1.1[127.0.1.1]:25, …, dsn=4.7.0, status=deferred
//    (host 127.0.1.1[127.0.1.1] said: 421-4.7.0 [127.0.0.1      15] Our system has detected an unusual rate of …)"
//   "smtp[22161]: 600E4160729: to=<koyu9249@gmail.com>, relay=127.0.1.1[127.0.1.1]:25, …, dsn=4.4.2, status=deferred
//    (lost connection with 127.0.1.1[127.0.1.1] while sending RCPT TO)"
// and Postfix repeats the last from its cache of that host without contacting it (postfix/error, relay=none):
//   "… status=deferred (delivery temporarily suspended: lost connection with 127.0.1.1[127.0.1.1] while sending RCPT TO)"
// Such a lost connection is the receiver's refusal, not a network fault. The scan rewrites its reason to
// "<lost connection …>; after <the 421 answer>" (normalize.ts keeps both halves), and counts per receiving host the
// lost connections with and without a 421 before them and the cache's repeats of them, for detect/closed-after-refusal.ts.
//
// Same attempt: the same smtp process (pid) and queue ID, the previous status line of that process being the 421 or
// one of the lost connections after it. A range of the file starts with the state of the lines just before it
// (scan.ts previous(): 64 KiB), where the attempt's first recipient is: any --jobs gives the same counts.

import type { Aggregate, ReasonStats } from '../types.js';
import type { DeliveryEvent } from '../parse/postfix/delivery.js';
import type { LineContext } from './context.js';
import { exampleOf } from './context.js';
import { answerOf } from '../detect/refusal-kinds.js';

/** Between the lost connection's text and the 421 answer's, in the rewritten reason (and its normalised key). */
export const AFTER_REFUSAL = '; after ';

const LOST = 'lost connection with ';
const WHILE_RCPT = ' while sending RCPT TO';
const FROM_CACHE = 'delivery temporarily suspended: ';

/** Per smtp process (by pid, and the syslog host it logs as): the queue ID of its last attempt and that attempt's 421 reason. */
export type AttemptRefusals = Map<number, { host: string; qid: string; refusal: string }>;

export function newAttemptRefusals(): AttemptRefusals {
  return new Map();
}

/**
 * The delivery event as counted: a lost connection while sending RCPT TO of an attempt a 421 answer ended gets the
 * reason "<its reason>; after <the 421 reason>"; any other event is returned as it is. Notes the attempt's 421.
 */
export function afterRefusal(t: AttemptRefusals, host: string, pid: number, ev: DeliveryEvent): DeliveryEvent {
  // relay=none: Postfix's own deferral (the cache, postfix/error), no attempt. Most lines of a flood return here or
  // at the next test, with no work (the map is empty but for the 421s of attempts still being logged).
  if (ev.relay === 'none' || ev.relay === '') return ev;
  if (ev.status !== 'deferred') {
    if (t.size > 0) forget(t, host, pid);
    return ev;
  }
  const r = ev.reason;
  if (r.startsWith(LOST) && r.endsWith(WHILE_RCPT)) {
    const s = t.get(pid);
    if (s !== undefined && s.host === host && s.qid === ev.qid) return { ...ev, reason: r + AFTER_REFUSAL + s.refusal };
    forget(t, host, pid);
    return ev;
  }
  // "host X said: 421-4.7.0 …", "host X refused to talk to me: 421 4.7.0 [TSS04] …": the receiver closed the channel.
  if (answerOf(r).startsWith('421')) t.set(pid, { host, qid: ev.qid, refusal: r });
  else forget(t, host, pid);
  return ev;
}

function forget(t: AttemptRefusals, host: string, pid: number): void {
  if (t.get(pid)?.host === host) t.delete(pid);
}

/** Key of the per-host maps: host, then the reason's normalised key. */
export function hostKey(host: string, key: string): string {
  return host + '\u0000' + key;
}

/**
 * Counts a deferral (reason normalised to `key`) in the per-host maps when it is a lost connection while sending RCPT
 * TO: after a 421 (rcptLostClosures), without one (rcptLostPlain), or the cache's repeat (rcptLostCached).
 */
export function countLostRcpt(agg: Aggregate, ev: DeliveryEvent, key: string, at: number, ctx: LineContext, n: number): void {
  const r = ev.reason;
  // Every deferral line comes here: its first letter ("l"ost, or "d"elivery temporarily suspended: "l"ost) decides
  // for nearly all (a flood's reasons are long: no search through them, no prefix compared in full).
  const c = r.charCodeAt(0);
  if (c === 100 ? r.charCodeAt(FROM_CACHE.length) !== 108 || !r.startsWith(FROM_CACHE) : c !== 108) return;
  // The cache's repeat ("delivery temporarily suspended: lost connection …") or the attempt's own line.
  const from = c === 100 ? FROM_CACHE.length : 0;
  if (!r.startsWith(LOST, from)) return;
  const end = r.indexOf(WHILE_RCPT, from);
  if (end < 0) return;
  // The host and its map key cut once per run of one reason (the benchmark's 42,000 such lines are 933 runs).
  const memo = lastLost;
  if (r !== memo.reason || key !== memo.key) {
    memo.host = r.slice(from + LOST.length, end); // "127.0.1.1[127.0.1.1]"
    memo.hostKey = hostKey(memo.host, key);
    memo.reason = r;
    memo.key = key;
  }
  const host = memo.host;
  if (from > 0) {
    if (!r.endsWith(WHILE_RCPT)) return;
    const k = memo.hostKey;
    const s = agg.rcptLostCached.get(k);
    if (s === undefined) agg.rcptLostCached.set(k, { count: n, dsn: ev.dsn, example: exampleOf(ctx), firstAt: at, lastAt: at } satisfies ReasonStats);
    else {
      s.count += n;
      if (at < s.firstAt) s.firstAt = at;
      if (at > s.lastAt) s.lastAt = at;
    }
  } else if (r.endsWith(WHILE_RCPT)) {
    agg.rcptLostPlain.set(host, (agg.rcptLostPlain.get(host) ?? 0) + n);
  } else if (r.indexOf(AFTER_REFUSAL) > 0) {
    const k = memo.hostKey;
    agg.rcptLostClosures.set(k, (agg.rcptLostClosures.get(k) ?? 0) + n);
  }
}

/**
 * countLostRcpt's last reason and normalised key, with the host it names and their map key: a function of the two
 * alone, so any scan may reuse it (it keeps the reason's line alive: one line).
 */
const lastLost = { reason: '', key: '', host: '', hostKey: '' };
