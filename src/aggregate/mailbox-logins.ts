// Successful IMAP/POP3 logins per user and client IP, so that a finding can tell who opened a mailbox and since
// when: after a password was guessed, a login from an IP the owner never used means someone read the mail
// (samples/incident.log line 1193, "imap-login: Login: user=<info@example.jp>, method=PLAIN,
// rip=177.138.12.246, …", eleven minutes after the guess).
//
// One row per (user, IP) that logged in: only valid credentials make one, so an attack cannot inflate the
// table; a small server has a few per user.

import type { Example, MailboxLoginRow } from '../types.js';
import { isEarlier } from './examples.js';
import { ownString } from '../own-string.js';

/** Counts `n` logins of `user` from `ip` at `at`; `example` is made only for the first login of the pair. */
export function addMailboxLogin(
  logins: Map<string, Map<string, MailboxLoginRow>>, user: string, ip: string, protocol: string, at: number, n: number,
  example: () => Example,
): void {
  let byIp = logins.get(user);
  if (byIp === undefined) {
    byIp = new Map();
    logins.set(ownString(user), byIp);
  }
  const row = byIp.get(ip);
  if (row === undefined) {
    byIp.set(ownString(ip), { logins: n, firstAt: at, lastAt: at, protocol: ownString(protocol), example: example() });
    return;
  }
  row.logins += n;
  if (at < row.firstAt) row.firstAt = at;
  if (at > row.lastAt) row.lastAt = at;
}

/** Merges b into a (b is consumed): the same rows whatever the split of the log. */
export function mergeMailboxLogins(
  a: Map<string, Map<string, MailboxLoginRow>>, b: Map<string, Map<string, MailboxLoginRow>>,
): void {
  for (const [user, byIpB] of b) {
    const byIpA = a.get(user);
    if (byIpA === undefined) { a.set(user, byIpB); continue; }
    for (const [ip, rb] of byIpB) {
      const ra = byIpA.get(ip);
      if (ra === undefined) { byIpA.set(ip, rb); continue; }
      ra.logins += rb.logins;
      ra.firstAt = Math.min(ra.firstAt, rb.firstAt);
      ra.lastAt = Math.max(ra.lastAt, rb.lastAt);
      // The earliest line stands for the pair, with its protocol.
      if (rb.example !== null && (ra.example === null || isEarlier(rb.example, ra.example))) {
        ra.example = rb.example;
        ra.protocol = rb.protocol;
      }
    }
  }
}
