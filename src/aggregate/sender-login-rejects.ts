// Senders refused by reject_sender_login_mismatch, per SASL login the refusal names (Postfix smtpd_check.c):
//   "NOQUEUE: reject: RCPT from unknown[80.43.154.126]: 553 5.7.1 <notice@mufg.jp>: Sender address rejected: not owned by user info@example.jp; from=<notice@mufg.jp> to=<user5791@gmail.com> proto=ESMTP helo=<User>"
// The name is the session's SASL login: the client logged in with the account's password and was stopped only
// because the map does not give it that sender. Many IPs doing so prove that the password still works for others
// (review 10, H2: the sender check applied, the password not reset). One row per login; per IP a count, so that
// the distinct IPs survive any split of the log.

import type { Example, SenderLoginRejects } from '../types.js';
import { isEarlier } from './examples.js';
import { ownString } from '../own-string.js';

const NOT_OWNED = 'not owned by user ';

/** The SASL login named by a "Sender address rejected: not owned by user X" reason, else "". */
export function loginNotOwning(reason: string): string {
  const i = reason.indexOf(NOT_OWNED);
  return i < 0 ? '' : reason.slice(i + NOT_OWNED.length).trim();
}

/**
 * Counts `n` refusals of `user` from `ip` at `at` for the sender `from` (the reject tail's from=<…>); `example` is made
 * only for a user's first refusal.
 */
export function addSenderLoginReject(
  map: SenderLoginRejects, user: string, ip: string, from: string, at: number, n: number, example: () => Example,
): void {
  let row = map.get(user);
  if (row === undefined) {
    row = { rejects: 0, ips: new Map(), ipFirstAt: new Map(), senders: new Map(), firstAt: at, lastAt: at, example: example() };
    map.set(ownString(user), row);
  }
  row.rejects += n;
  if (at < row.firstAt) row.firstAt = at;
  if (at > row.lastAt) row.lastAt = at;
  if (ip !== '') {
    const ipKey = ownString(ip);
    row.ips.set(ipKey, (row.ips.get(ip) ?? 0) + n);
    const first = row.ipFirstAt.get(ip);
    if (first === undefined || at < first) row.ipFirstAt.set(ipKey, at);
  }
  const sender = from === '' ? '<>' : from.toLowerCase();
  row.senders.set(ownString(sender), (row.senders.get(sender) ?? 0) + n);
}

/** Merges b into a (b is consumed): sums, min/max and the earliest example, whatever the split. */
export function mergeSenderLoginRejects(a: SenderLoginRejects, b: SenderLoginRejects): void {
  for (const [user, rb] of b) {
    const ra = a.get(user);
    if (ra === undefined) { a.set(user, rb); continue; }
    ra.rejects += rb.rejects;
    ra.firstAt = Math.min(ra.firstAt, rb.firstAt);
    ra.lastAt = Math.max(ra.lastAt, rb.lastAt);
    for (const [ip, n] of rb.ips) ra.ips.set(ip, (ra.ips.get(ip) ?? 0) + n);
    for (const [ip, t] of rb.ipFirstAt) ra.ipFirstAt.set(ip, Math.min(ra.ipFirstAt.get(ip) ?? Infinity, t));
    for (const [s, n] of rb.senders) ra.senders.set(s, (ra.senders.get(s) ?? 0) + n);
    if (rb.example !== null && (ra.example === null || isEarlier(rb.example, ra.example))) ra.example = rb.example;
  }
}
