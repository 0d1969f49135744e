// smtpd's refusals of an authenticated client, per SASL login. Postfix 3.10 names the session's login on its
// access-action lines (reject.ts saslUserOf; review 18 of the versions, finding 5):
//   "NOQUEUE: reject: RCPT from unknown[192.0.2.29]: 553 5.7.1 <ceo@example.jp>: Sender address rejected: not owned by user info@example.jp; from=<ceo@example.jp> to=<x@example.org> proto=ESMTP helo=<pc> sasl_method=LOGIN sasl_username=info@example.jp"
// A stolen account's spam that a policy service or recipient check refuses at RCPT ("450 4.7.1 <x@gmail.com>:
// Recipient address rejected: rate limit exceeded", "550 5.1.1 <x@example.jp>: Recipient address rejected: User
// unknown in virtual mailbox table") leaves no message, so no row in bySaslUser; before 3.10 only the client IPs'
// rejects showed it, with no login. Kept apart from bySaslUser (which the rules read: a row there is mail the login
// sent, messages.ts) and joined to the users table in the report (report/build.ts): the rules do not read these
// counts (docs/detection-rules.md). Per login: the refusals, per client IP (distinct IPs survive any split), per
// normalised reason, first and last time.

import type { SaslUserRejectRow, SaslUserRejects } from '../types.js';
import { ownString } from '../own-string.js';

/** Counts `n` refusals (reject or milter-reject lines) naming `user`, from `ip` ('' unknown), for the normalised `reason`, at `at`. */
export function addSaslUserReject(map: SaslUserRejects, user: string, ip: string, reason: string, at: number, n: number): void {
  let row = map.get(user);
  if (row === undefined) {
    row = { rejects: 0, ips: new Map(), reasons: new Map(), firstAt: at, lastAt: at };
    map.set(ownString(user), row);
  }
  row.rejects += n;
  if (at < row.firstAt) row.firstAt = at;
  if (at > row.lastAt) row.lastAt = at;
  if (ip !== '' && ip !== 'unknown') row.ips.set(ownString(ip), (row.ips.get(ip) ?? 0) + n);
  row.reasons.set(ownString(reason), (row.reasons.get(reason) ?? 0) + n);
}

function addCounts(into: Map<string, number>, from: ReadonlyMap<string, number>): void {
  for (const [k, v] of from) into.set(k, (into.get(k) ?? 0) + v);
}

/** Merges b into a (b is consumed): sums and min/max, so any split of the log gives the same rows. */
export function mergeSaslUserRejects(a: SaslUserRejects, b: SaslUserRejects): void {
  for (const [user, rb] of b) {
    const ra: SaslUserRejectRow | undefined = a.get(user);
    if (ra === undefined) { a.set(user, rb); continue; }
    ra.rejects += rb.rejects;
    ra.firstAt = Math.min(ra.firstAt, rb.firstAt);
    ra.lastAt = Math.max(ra.lastAt, rb.lastAt);
    addCounts(ra.ips, rb.ips);
    addCounts(ra.reasons, rb.reasons);
  }
}
