// The deferral reasons with the lost connections a receiver's 421 caused put with that 421 (review AM, AM1;
// aggregate/refusal-closures.ts counts them). The scan already keys a lost connection after a 421 of its attempt as
// "lost connection with [IP] while sending RCPT TO; after host [IP] said: 421-4.7.0 …". Postfix's cache then repeats
// the lost connection alone (relay=none, no receiver asked, corpus incident 1,617 times to gmail.com):
//   "delivery temporarily suspended: lost connection with 127.0.1.1[127.0.1.1] while sending RCPT TO"
// Of a host whose every lost connection in the log came after its 421 (none without one: a network fault stays one),
// these repeats are keyed "delivery temporarily suspended: lost connection …; after <that 421>", as Yahoo's repeats
// of its own answer are ("delivery temporarily suspended: host … refused to talk to me: 421 4.7.0 [TSS04] …"): the
// classes of receivers-refusing and of the Deferral reasons table take them with the receiver's 421.
// Counts merged from the ranges, whatever their order: the same for any --jobs.

import type { Aggregate, Example, ReasonStats } from '../types.js';
import { AFTER_REFUSAL } from '../aggregate/refusal-closures.js';
import { addReason } from '../aggregate/merge.js';

const done = new WeakMap<Aggregate, Map<string, ReasonStats>>();

/** agg.deferralReasons with the cache's repeats of a lost connection after a 421 keyed with that 421 (see above). */
export function attributedDeferralReasons(agg: Aggregate): Map<string, ReasonStats> {
  const hit = done.get(agg);
  if (hit !== undefined) return hit;
  // Per host, its most frequent lost-connection key after a 421 (the smaller key on a tie); none if a lost
  // connection with it came without one.
  const closure = new Map<string, { key: string; n: number }>();
  for (const [hk, n] of agg.rcptLostClosures) {
    const [host, key] = split(hk);
    if ((agg.rcptLostPlain.get(host) ?? 0) > 0) continue;
    const c = closure.get(host);
    if (c === undefined || n > c.n || (n === c.n && key < c.key)) closure.set(host, { key, n });
  }
  const out = new Map(agg.deferralReasons);
  if (closure.size === 0) { done.set(agg, out); return out; }
  // The repeats not moved, by their key: what stays of each key's row.
  const stay = new Map<string, ReasonStats>();
  const moved = new Set<string>();
  for (const [hk, r] of [...agg.rcptLostCached].sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0))) {
    const [host, key] = split(hk);
    const c = closure.get(host);
    if (c === undefined) { add(stay, key, r); continue; }
    moved.add(key);
    add(out, key + c.key.slice(c.key.indexOf(AFTER_REFUSAL)), r);
  }
  for (const key of moved) {
    const left = stay.get(key);
    if (left !== undefined) out.set(key, left); else out.delete(key);
  }
  done.set(agg, out);
  return out;
}

/**
 * The example line that tells a reason's receiver: for a lost connection after a 421 (its own or the cache's
 * repeat), the 421's own line, which names the receiver ("… - gsmtp") where the lost connection and the
 * normalised, shortened 421 text do not; else the reason's own example.
 */
export function receiverExample(reasons: ReadonlyMap<string, ReasonStats>, key: string, r: ReasonStats): Example | null {
  const at = key.indexOf(AFTER_REFUSAL);
  if (at < 0) return r.example;
  return reasons.get(key.slice(at + AFTER_REFUSAL.length))?.example ?? r.example;
}

function split(hk: string): [string, string] {
  const z = hk.indexOf('\u0000');
  return [hk.slice(0, z), hk.slice(z + 1)];
}

/** Adds `r` into map[key], on a copy (the rows of agg.deferralReasons stay as they are). */
function add(map: Map<string, ReasonStats>, key: string, r: ReasonStats): void {
  const a = map.get(key);
  const sum = { ...(a ?? r) };
  if (a !== undefined) addReason(sum, r);
  map.set(key, sum);
}
