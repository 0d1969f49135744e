// Which account's mail each delivered bounce notice answers, so that a compromised account's backscatter can be left
// out of the legitimate mail flow with its spam (review 10, M3: 113 delivered notices of the samples' incident log
// counted as the users' own mail in compare). Three per-message facts, joined when the report is built:
//   - bounce(8) links a notice to the message it answers, under that message's queue ID:
//       "Nov 26 03:25:15 mail postfix/bounce[36514]: 1A2371637B1: sender non-delivery notification: 3BF881637B2"
//   - a SASL-submitted message with bounced or expired recipients (what makes a non-delivery notice): its login,
//     client IP and first line;
//   - a notice (from=<>, made here) with delivered recipients: how many, and its first line (its arrival).
// Each is kept as a list per queue ID, whatever the split of the log; the join picks by time (a short queue ID can
// be reused days later), so any order of the lists gives the same answer.

import type { BounceNotices } from '../types.js';
import { ownString } from '../own-string.js';

const HOUR_MS = 3_600_000;

export function newBounceNotices(): BounceNotices {
  return { links: new Map(), parents: new Map(), delivered: new Map() };
}

function push<T>(map: Map<string, T[]>, key: string, v: T): void {
  const list = map.get(key);
  if (list === undefined) map.set(ownString(key), [v]);
  else list.push(v);
}

/** The bounce(8) line at `at`: notice `notice` answers message `parent`. */
export function addNoticeLink(b: BounceNotices, notice: string, parent: string, at: number): void {
  push(b.links, notice, { parent: ownString(parent), at });
}

/** A message submitted as `user` from `ip`, first line at `at`, with bounced or expired recipients. */
export function addBouncedSubmission(b: BounceNotices, qid: string, user: string, ip: string, at: number): void {
  push(b.parents, qid, { user: ownString(user), ip: ownString(ip), at });
}

/** A notice made here whose first line is at `at`, with `n` recipients delivered. */
export function addNoticeDelivered(b: BounceNotices, qid: string, at: number, n: number): void {
  push(b.delivered, qid, { at, n });
}

export function mergeBounceNotices(a: BounceNotices, b: BounceNotices): void {
  for (const k of ['links', 'parents', 'delivered'] as const) {
    const into = a[k] as Map<string, unknown[]>;
    for (const [key, list] of b[k] as Map<string, unknown[]>) {
      const mine = into.get(key);
      if (mine === undefined) into.set(key, list);
      else for (const x of list) mine.push(x);
    }
  }
}

/** SASL login → client IP → [hour index, notices' recipients delivered, …] (as SentHours: readers add the pairs up). */
export type NoticeHours = Map<string, Map<string, number[]>>;

const joined = new WeakMap<BounceNotices, NoticeHours>();

/**
 * The delivered recipients of the notices that answer each login's mail, by the client IP that sent that mail and the
 * hour the notice arrived. A notice takes the link line nearest its first line; the link, the latest bounced message
 * of its queue ID that started at or before the link (ties: the smaller login, then IP). Computed once per aggregate.
 */
export function noticesBySubmission(b: BounceNotices): NoticeHours {
  const done = joined.get(b);
  if (done !== undefined) return done;
  const out: NoticeHours = new Map();
  for (const [qid, deliveries] of b.delivered) {
    const links = b.links.get(qid);
    if (links === undefined) continue;
    for (const d of deliveries) {
      let link = links[0]!;
      for (const l of links) {
        const dl = Math.abs(l.at - d.at);
        const dk = Math.abs(link.at - d.at);
        if (dl < dk || (dl === dk && (l.at < link.at || (l.at === link.at && l.parent < link.parent)))) link = l;
      }
      let parent: { user: string; ip: string; at: number } | undefined;
      for (const p of b.parents.get(link.parent) ?? []) {
        if (p.at > link.at) continue;
        if (parent === undefined || p.at > parent.at
          || (p.at === parent.at && (p.user < parent.user || (p.user === parent.user && p.ip < parent.ip)))) parent = p;
      }
      if (parent === undefined) continue;
      let byIp = out.get(parent.user);
      if (byIp === undefined) out.set(parent.user, byIp = new Map());
      const hours = byIp.get(parent.ip);
      const h = Math.floor(d.at / HOUR_MS);
      if (hours === undefined) byIp.set(parent.ip, [h, d.n]);
      else hours.push(h, d.n);
    }
  }
  joined.set(b, out);
  return out;
}

/** Recipients delivered of the notices answering `user`'s mail from `ips`. */
export function noticesDeliveredFor(b: BounceNotices, user: string, ips: readonly string[]): number {
  const byIp = noticesBySubmission(b).get(user);
  if (byIp === undefined) return 0;
  let n = 0;
  for (const ip of ips) {
    const list = byIp.get(ip);
    if (list !== undefined) for (let i = 1; i < list.length; i += 2) n += list[i]!;
  }
  return n;
}
