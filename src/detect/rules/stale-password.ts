// Failed logins that are a mail client still using an old password, not a guesser: the normal aftermath of a
// password reset (the compromised-account advice says so: "their failed logins look like the attack"). Review 10,
// H4: /tmp/r10w/oldpw.log, the corpus healthy log plus 13 IMAP failures of yamada@example.jp from 127.0.10.2,
// which sent 51 messages there after SASL logins of five users and opened mailboxes over IMAP:
//   "dovecot: imap-login: Disconnected: Aborted login by logging out (auth failed, 1 attempts in 2 secs):
//    user=<yamada@example.jp>, method=PLAIN, rip=127.0.10.2, lip=127.0.0.1, session=<ZyDm9VVhTbx/AAo0>"
//   "dovecot: imap-login: Login: user=<sato@example.jp>, method=PLAIN, rip=127.0.10.2, lip=127.0.0.1, mpid=21299, …"
// Blocking such an IP cuts an office off IMAP and SMTP.

import { countsOf } from '../../aggregate/create.js';
import { userCountsOf } from '../../aggregate/user-counts.js';
import type { Aggregate, ClientIpStats } from '../../types.js';

/** An IP with failed logins that also logged in successfully, and failed for one user name at most. */
export interface StaleClient {
  ip: string;
  /** The user name it failed with; '' when no failure line named it (Postfix before 3.7.8 logs no sasl_username=). */
  user: string;
  failures: number;
  /** Users it logged in as: SASL users it sent mail as, and IMAP/POP3 logins, sorted. */
  loggedInAs: string[];
  /** Messages it sent with a login, and its IMAP/POP3 logins. */
  messages: number;
  mailboxLogins: number;
}

/** Per IP: the users who opened a mailbox from it over IMAP/POP3, and how many logins (agg.mailboxLogins is per user). */
export function mailboxLoginsByIp(agg: Aggregate): Map<string, { users: string[]; logins: number }> {
  const out = new Map<string, { users: string[]; logins: number }>();
  for (const [user, byIp] of agg.mailboxLogins) {
    for (const [ip, row] of byIp) {
      const r = out.get(ip);
      if (r === undefined) out.set(ip, { users: [user], logins: row.logins });
      else { r.users.push(user); r.logins += row.logins; }
    }
  }
  return out;
}

/**
 * The user names an IP failed with, as far as the log names them (authUsersTried): Postfix's "SASL LOGIN
 * authentication failed: …, sasl_username=yamada@example.jp" and Dovecot's login process "imap-login:
 * Disconnected: … (auth failed, 1 attempts in 2 secs): user=<yamada@example.jp>".
 */
export function namesTriedBy(r: ClientIpStats): ReadonlyMap<string, number> {
  return userCountsOf(r.authUsersTried);
}

/**
 * The IP is a mail client with an old password when it failed for one user name at most (a guesser tries many),
 * logged in successfully (sent mail after a SASL login, a "disconnect … auth=1/1", or an IMAP/POP3 login), and
 * either logged in as several users (an office behind one address) or failed fewer than `maxFailures` times. One
 * name failed `maxFailures` times or more, then a login as that name alone, is a guess that worked: kept as an
 * attacker. `failures` is the IP's count as the brute-force rule counts it.
 */
export function staleClientOf(
  ip: string, r: ClientIpStats, failures: number, mailbox: { users: string[]; logins: number } | undefined, maxFailures: number,
): StaleClient | null {
  // Most IPs that fail never log in (a botnet's millions): ruled out before anything is built for them.
  if (r.saslUsers === null && mailbox === undefined && !Number.isFinite(r.firstAuthOkAt)) return null;
  const tried = namesTriedBy(r);
  if (tried.size > 1) return null;
  const users = new Set<string>(countsOf(r.saslUsers).keys());
  for (const u of mailbox?.users ?? []) users.add(u);
  if (users.size < 2 && failures >= maxFailures) return null;
  let messages = 0;
  for (const n of countsOf(r.saslUsers).values()) messages += n;
  return {
    ip, user: tried.size === 1 ? [...tried.keys()][0]! : '', failures, loggedInAs: [...users].sort(),
    messages, mailboxLogins: mailbox?.logins ?? 0,
  };
}
