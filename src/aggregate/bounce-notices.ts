// Which account's mail each delivered bounce notice answers, so that a compromised account's backscatter can be left
// out of the legitimate mail flow with its spam (review 10, M3: 113 delivered notices of the samples' incident log
// counted as the users' own mail in compare). bounce(8) names both messages on one line:
//   "Nov 28 22:13:20 mail postfix/bounce[21285]: E9FDB160691: sender non-delivery notification: EEA0B160693"
// (../shared/corpus/healthy/maillog). A notice counts, by the minute of its first line, for the login and client IP
// of the message it answers, when that message was submitted with SASL.
//
// The link line goes into both records open under its two queue IDs (correlator.ts linkNotice): the notice's record
// keeps the link (NoticeOf), the answered message's record its links (noticeLinks). A link is named by its line's
// place in the log (linkId), the same however the log is cut. Nearly always both records are open in the same byte
// range and the answered message's login is known there: the notice's record carries it, and counts when folded,
// with nothing kept. Otherwise each side, folded, leaves its half here under the link's name, and the other side
// takes it when folded, in the same aggregate or when the aggregates merge. What waits is what one aggregate could
// not settle: about what a range boundary cuts, and a content filter's copies not yet credited (filter-credit.ts).
// Until the twelfth session every link, every bounced SASL message and every delivered notice was kept to the end and
// joined when the report was built by queue ID and time: 285 MB of 444 on a 600 MB backscatter log (448,000 notices).

import type { BounceNotices, NoticeMade, NoticeOf } from '../types.js';
import { ownString } from '../own-string.js';
import { addSentMinute, mergeSentMinutes } from './sent-minutes.js';

const MINUTE_MS = 60_000;
/** Offsets up to 2^40 (1 TiB) in each of 2^12 files stay exact in a double. */
const FILE_STRIDE = 2 ** 40;

export function newBounceNotices(): BounceNotices {
  return { minutes: new Map(), parents: new Map(), notices: new Map(), local: new Map(), made: new Map() };
}

/** The name of the link read on the line at byte `offset` of input `file`. */
export function linkId(file: number, offset: number): number {
  return file * FILE_STRIDE + offset;
}

/**
 * A notice whose first line is at `start`, with `n` recipients delivered (`local` of them to a mailbox here), counts
 * for `user` and `ip`; when it was made here (`made`), its outcome too.
 */
function count(b: BounceNotices, user: string, ip: string, start: number, n: number, local: number, made: NoticeMade | null): void {
  if (user === '' || ip === '') return;
  if (made !== null) addMade(b.made, user, ip, [1, made.remote, made.failed, made.pending]);
  if (n <= 0) return;
  let byIp = b.minutes.get(user);
  if (byIp === undefined) b.minutes.set(ownString(user), byIp = new Map());
  addSentMinute(byIp, ip, Math.floor(start / MINUTE_MS), n);
  if (local > 0) addLocal(b.local, user, ip, local);
}

/** Adds `tally` ([messages, remote, failed, pending]) to `user`'s row of `ip`. */
function addMade(into: Map<string, Map<string, number[]>>, user: string, ip: string, tally: readonly number[]): void {
  let byIp = into.get(user);
  if (byIp === undefined) into.set(ownString(user), byIp = new Map());
  const row = byIp.get(ip);
  if (row === undefined) byIp.set(ownString(ip), [...tally]);
  else for (let i = 0; i < row.length; i++) row[i]! += tally[i]!;
}

function addLocal(into: Map<string, Map<string, number>>, user: string, ip: string, n: number): void {
  let byIp = into.get(user);
  if (byIp === undefined) into.set(ownString(user), byIp = new Map());
  byIp.set(ownString(ip), (byIp.get(ip) ?? 0) + n);
}

/**
 * A notice folded: its link (null: none read), first line, recipients delivered (`local` of them to a mailbox here),
 * and its outcome when it was made here (null: not a notice of ours, totals.ndrMessages did not count it).
 */
export function noticeFolded(b: BounceNotices, link: NoticeOf | null, start: number, n: number, local = 0, made: NoticeMade | null = null): void {
  if (link === null) return;
  if (link.final) {
    count(b, link.user, link.ip, start, n, local, made);
    return;
  }
  noticeHalf(b, link.link, start, n, local, made);
}

function noticeHalf(b: BounceNotices, link: number, start: number, n: number, local: number, made: NoticeMade | null): void {
  const parent = b.parents.get(link);
  if (parent === undefined) {
    b.notices.set(link, { start, n, local, made });
    return;
  }
  b.parents.delete(link);
  count(b, parent.user, parent.ip, start, n, local, made);
}

/**
 * A message with links to settle folded, or a content filter's copy credited to its original: submitted as `user`
 * ('' = without SASL) from `ip`. Notices folded already count now; the others will find it.
 */
export function parentFolded(b: BounceNotices, links: readonly number[], user: string, ip: string): void {
  for (const link of links) parentHalf(b, link, user, ip);
}

function parentHalf(b: BounceNotices, link: number, user: string, ip: string): void {
  const notice = b.notices.get(link);
  if (notice === undefined) {
    b.parents.set(link, { user: user === '' ? '' : ownString(user), ip: user === '' ? '' : ownString(ip) });
    return;
  }
  b.notices.delete(link);
  count(b, user, ip, notice.start, notice.n, notice.local, notice.made);
}

/** Merges `b` into `a`: the halves that meet are settled, the rest waits on in `a`. */
export function mergeBounceNotices(a: BounceNotices, b: BounceNotices): void {
  for (const [user, byIp] of b.minutes) {
    const mine = a.minutes.get(user);
    if (mine === undefined) a.minutes.set(user, byIp);
    else mergeSentMinutes(mine, byIp);
  }
  for (const [user, byIp] of b.local) for (const [ip, n] of byIp) addLocal(a.local, user, ip, n);
  for (const [user, byIp] of b.made) for (const [ip, tally] of byIp) addMade(a.made, user, ip, tally);
  for (const [link, p] of b.parents) parentHalf(a, link, p.user, p.ip);
  for (const [link, x] of b.notices) noticeHalf(a, link, x.start, x.n, x.local, x.made);
}

/** Recipients delivered of the notices answering `user`'s mail from `ips`. */
export function noticesDeliveredFor(b: BounceNotices, user: string, ips: readonly string[]): number {
  const byIp = b.minutes.get(user);
  if (byIp === undefined) return 0;
  let n = 0;
  for (const ip of ips) {
    const list = byIp.get(ip);
    if (list !== undefined) for (let i = 1; i < list.length; i += 2) n += list[i]!;
  }
  return n;
}

/** Of noticesDeliveredFor's recipients, those delivered to a mailbox on this server (the rest went out). */
export function noticesDeliveredHereFor(b: BounceNotices, user: string, ips: readonly string[]): number {
  const byIp = b.local.get(user);
  if (byIp === undefined) return 0;
  let n = 0;
  for (const ip of ips) n += byIp.get(ip) ?? 0;
  return n;
}

/** Of the notices made here (totals.ndr*), those answering mail of a SASL login: messages and remote recipients by outcome. */
export interface MadeNotices {
  messages: number;
  remote: number;
  failed: number;
  pending: number;
}

/** The notices made here answering the mail that `user` sent from `ip`, summed over the pairs `pick` takes. */
export function madeNoticesWhere(b: BounceNotices, pick: (user: string, ip: string) => boolean): MadeNotices {
  const sum: MadeNotices = { messages: 0, remote: 0, failed: 0, pending: 0 };
  for (const [user, byIp] of b.made) {
    for (const [ip, row] of byIp) {
      if (!pick(user, ip)) continue;
      sum.messages += row[0]!;
      sum.remote += row[1]!;
      sum.failed += row[2]!;
      sum.pending += row[3]!;
    }
  }
  return sum;
}
