// Which account's mail each delivered bounce notice answers, so that a compromised account's backscatter can be left
// out of the legitimate mail flow with its spam (review 10, M3: 113 delivered notices of the samples' incident log
// counted as the users' own mail in compare). bounce(8) names both messages on one line:
//   "Nov 28 22:13:20 mail postfix/bounce[21285]: E9FDB160691: sender non-delivery notification: EEA0B160693"
// (../shared/corpus/healthy/maillog). A notice counts, by the hour of its first line, for the login and client IP
// of the message it answers, when that message was submitted with SASL.
//
// Nearly always the link line is read while the notice is open in the same byte range, and while the answered
// message is open there with its start line: the correlator puts the login in the notice's record (NoticeOf, final)
// and the notice counts when it is folded, with nothing kept. What cannot be settled there waits here, keyed by the
// record it waits for, and is consumed when the other half comes (in the same aggregate, or when aggregates merge):
//   - the answered message's login is not known where the link was read (it began in an earlier range, or it is a
//     content filter's copy, credited later: filter-credit.ts): the notice waits for that message's fold
//     (`notices`), or the message, folded first, for its notices (`parents`, with how many are still to come);
//   - the notice was not open where its link was read (a range boundary between them): the link waits for the
//     notice's fold (`links`), or a delivered notice folded first for its link (`unlinked`);
//   - the answered message was not open there (a range boundary just before the link line): the link waits for
//     that message's fold (`wanted`), which happens later, in the main thread (stitch.ts).
// Until this design, every link, every bounced SASL message and every delivered notice was kept to the end and joined
// when the report was built: 285 MB of 444 on a 600 MB backscatter log (450,000 notices). A queue ID can be used again
// once its message is gone: a piece matches the record whose life holds the link line's time (distance).

import type { BounceNotices, NoticeParent } from '../types.js';
import { ownString } from '../own-string.js';
import { addSentHour, mergeSentHours } from './sent-hours.js';

const HOUR_MS = 3_600_000;
/** A link line may be logged just after its notice's last line (both in the same second, or nearly). */
const LINK_SLACK_MS = 60_000;
/** The farthest a piece may be from the life of the record it is matched with (see distance). */
const MATCH_MS = 3_600_000;

export function newBounceNotices(): BounceNotices {
  return { hours: new Map(), links: new Map(), unlinked: new Map(), notices: new Map(), wanted: new Map(), parents: new Map() };
}

/** A link read where the message it answers (`parent`) was not open: that message's fold will settle it. */
export function addWantedParent(b: BounceNotices, parent: string, at: number): void {
  push(b.wanted, parent, at);
}

/**
 * How many links were read apart from the message with key `key` whose life is `from`…`to` (addWantedParent); they
 * are its to settle, and are taken. One map lookup a message while any wait, none otherwise.
 */
export function takeWanted(b: BounceNotices, key: string, from: number, to: number): number {
  if (b.wanted.size === 0) return 0;
  let n = 0;
  while (take(b.wanted, key, (at) => distance(at, from, to)) !== undefined) n++;
  return n;
}

function push<T>(map: Map<string, T[]>, key: string, v: T): void {
  const list = map.get(key);
  if (list === undefined) map.set(ownString(key), [v]);
  else list.push(v);
}

/**
 * How far `at` is from the life `from`…`to` of a message (0: inside it, or in the minute after its last line, where a
 * link line may fall); Infinity past MATCH_MS. Lines of one message are in time order in a real log, and a piece
 * matches the life that holds it; in a log whose clock stepped back (or whose lines were mangled) the nearest life
 * within MATCH_MS is taken, so that a piece still meets the one record it belongs to.
 */
function distance(at: number, from: number, to: number): number {
  const d = at < from ? from - at : at > to + LINK_SLACK_MS ? at - to - LINK_SLACK_MS : 0;
  return d > MATCH_MS ? Infinity : d;
}

/** Removes and returns the item of `map`'s list under `key` with the least `dist` (the first of equals), if finite. */
function take<T>(map: Map<string, T[]>, key: string, dist: (v: T) => number): T | undefined {
  const list = map.get(key);
  if (list === undefined) return undefined;
  let best = -1;
  let bestD = Infinity;
  for (let i = 0; i < list.length; i++) {
    const d = dist(list[i]!);
    if (d < bestD) { best = i; bestD = d; }
  }
  if (best < 0) return undefined;
  const v = list[best]!;
  if (list.length === 1) map.delete(key);
  else list.splice(best, 1);
  return v;
}

/** A notice whose first line is at `start`, with `n` recipients delivered, counts for `user` and `ip`. */
function count(b: BounceNotices, user: string, ip: string, start: number, n: number): void {
  if (user === '' || ip === '' || n <= 0) return;
  let byIp = b.hours.get(user);
  if (byIp === undefined) b.hours.set(ownString(user), byIp = new Map());
  addSentHour(byIp, ip, Math.floor(start / HOUR_MS), n);
}

/** A link the correlator read while its notice `noticeKey` was not open: it waits for the notice's fold. */
export function addNoticeLink(b: BounceNotices, noticeKey: string, parent: string, at: number): void {
  const notice = take(b.unlinked, noticeKey, (u) => distance(at, u.from, u.to));
  if (notice === undefined) push(b.links, noticeKey, { parent: ownString(parent), at });
  else toParent(b, parent, at, notice.from, notice.n);
}

/** A notice waiting for the message it answers, or counted now if that message was folded first. */
function toParent(b: BounceNotices, parent: string, at: number, start: number, n: number): void {
  const p = take(b.parents, parent, (x) => distance(at, x.from, x.to));
  if (p === undefined) {
    push(b.notices, parent, { at, start, n });
    return;
  }
  count(b, p.user, p.ip, start, n);
  if (--p.left > 0) push(b.parents, parent, p);
}

/**
 * A notice folded: its record's key, first and last line, recipients delivered, and its link when the correlator saw
 * it (`parent` '' = none).
 */
export function noticeFolded(
  b: BounceNotices, key: string, from: number, to: number, n: number,
  link: { parent: string; at: number; user: string; ip: string; final: boolean } | null,
): void {
  if (link !== null && link.final) {
    count(b, link.user, link.ip, from, n);
    return;
  }
  if (link !== null) {
    toParent(b, link.parent, link.at, from, n);
    return;
  }
  const l = take(b.links, key, (x) => distance(x.at, from, to));
  if (l !== undefined) toParent(b, l.parent, l.at, from, n);
  else if (n > 0) push(b.unlinked, key, { from, to, n });
}

/**
 * A message with notices still to settle (`p`) folded, or a content filter's copy credited to its original:
 * submitted as `user` ('' = without SASL) from `ip`. Notices already folded count now; the others will find it.
 */
export function parentFolded(b: BounceNotices, p: NoticeParent, user: string, ip: string): void {
  let left = p.wait;
  while (left > 0) {
    const notice = take(b.notices, p.key, (x) => distance(x.at, p.from, p.to));
    if (notice === undefined) break;
    count(b, user, ip, notice.start, notice.n);
    left--;
  }
  if (left > 0) push(b.parents, p.key, { from: p.from, to: p.to, user: ownString(user), ip: ownString(ip), left });
}

/** Merges `b` into `a`: the halves that meet are settled, the rest waits on in `a`. */
export function mergeBounceNotices(a: BounceNotices, b: BounceNotices): void {
  for (const [user, byIp] of b.hours) {
    const mine = a.hours.get(user);
    if (mine === undefined) a.hours.set(user, byIp);
    else mergeSentHours(mine, byIp);
  }
  for (const [key, list] of b.parents) {
    for (const p of list) parentFolded(a, { key, from: p.from, to: p.to, wait: p.left }, p.user, p.ip);
  }
  for (const [parent, list] of b.notices) for (const x of list) toParent(a, parent, x.at, x.start, x.n);
  for (const [key, list] of b.links) for (const l of list) addNoticeLink(a, key, l.parent, l.at);
  for (const [key, list] of b.wanted) for (const at of list) push(a.wanted, key, at);
  for (const [key, list] of b.unlinked) for (const u of list) noticeFolded(a, key, u.from, u.to, u.n, null);
}

/** SASL login → client IP → [hour index, notices' recipients delivered, …] (as SentHours: readers add the pairs up). */
export type NoticeHours = Map<string, Map<string, number[]>>;

/** The delivered recipients of the notices that answer each login's mail, by client IP and the notice's hour. */
export function noticesBySubmission(b: BounceNotices): NoticeHours {
  return b.hours;
}

/** Recipients delivered of the notices answering `user`'s mail from `ips`. */
export function noticesDeliveredFor(b: BounceNotices, user: string, ips: readonly string[]): number {
  const byIp = b.hours.get(user);
  if (byIp === undefined) return 0;
  let n = 0;
  for (const ip of ips) {
    const list = byIp.get(ip);
    if (list !== undefined) for (let i = 1; i < list.length; i += 2) n += list[i]!;
  }
  return n;
}
