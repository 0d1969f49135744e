// The user names a wide password-guessing attack goes for, so that one more IP trying such a name is seen as part
// of it, however few its own tries (review 11, H1: /tmp/r11u/one-name-many-ips.log, 20 IPs fail 3 times each as
// suzuki@example.jp, then 203.0.113.50 fails twice as suzuki and logs in:
//   "dovecot: imap-login: Disconnected: Aborted login by logging out (auth failed, 1 attempts in 2 secs): user=<suzuki@example.jp>, method=PLAIN, rip=198.51.100.10, …"
//   "dovecot: imap-login: Login: user=<suzuki@example.jp>, method=PLAIN, rip=203.0.113.50, lip=127.0.0.1, mpid=40001, session=<…>").
// An IP counts for the attack when it tried a name that never logged in from it: a user's own client tries the
// name it logs in with, a guesser tries names that never do. A user's own device whose address keeps changing (a
// phone behind carrier NAT with an old password: roaming-clients.ts, review 12 H2) never logs in from the address it
// fails from either: its addresses are no part of any attack (11 such addresses and 63 failures for suzuki@ made a
// "wide attack" of her own phone, and its login with the new password a breach).

import { countsOf } from '../aggregate/create.js';
import { userCountsOf } from '../aggregate/user-counts.js';
import type { Aggregate, ClientIpStats } from '../types.js';
import type { RuleContext } from './rule.js';

/** The failures of one IP as sasl-bruteforce counts them: SMTP AUTH failures and aborts, plus IMAP/POP3 (larger of two counts). */
export function ipFailures(r: ClientIpStats): number {
  return r.authFailures + r.authAborted + Math.max(r.mailboxLoginFailures, r.mailboxAuthFailures);
}

/** Per IP, the names that logged in from it: to a mailbox (mailboxLogins) or over SMTP AUTH to send (saslUsers). */
export function namesLoggedInByIp(agg: Aggregate): Map<string, Set<string>> {
  const out = new Map<string, Set<string>>();
  for (const [user, byIp] of agg.mailboxLogins) {
    for (const ip of byIp.keys()) {
      let s = out.get(ip);
      if (s === undefined) out.set(ip, (s = new Set()));
      s.add(user);
    }
  }
  for (const [ip, r] of agg.byClientIp) {
    if (r.saslUsers === null) continue;
    let s = out.get(ip);
    if (s === undefined) out.set(ip, (s = new Set()));
    for (const u of countsOf(r.saslUsers).keys()) s.add(u);
  }
  return out;
}

export interface AttackedNames {
  /**
   * A wide attack: at least sasl-bruteforce.distributedIps IPs tried names that never logged in from them, with at
   * least sasl-bruteforce.distributedFailures failures between them.
   */
  wide: boolean;
  /** Per name: how many IPs tried it without it ever logging in from them. */
  ipsPerName: Map<string, number>;
  /** The names tried by at least sasl-bruteforce.attackedNameIps such IPs, during a wide attack. */
  isAttacked: (name: string) => boolean;
}

/**
 * The wide attack of the log, if any, and the names it went for (--allow-ips and the users' own devices that change
 * address, `roaming` from roamingClients(), left out; roamingClients() itself leaves out its candidate groups).
 */
export function attackedNames(
  agg: Aggregate, ctx: Pick<RuleContext, 'allowIps' | 'threshold'>, loggedIn: Map<string, Set<string>>,
  roaming: { has(ip: string): boolean },
): AttackedNames {
  let ips = 0;
  let failures = 0;
  const ipsPerName = new Map<string, number>();
  for (const [ip, r] of agg.byClientIp) {
    if (r.authUsersTried === null || ctx.allowIps.has(ip) || roaming.has(ip)) continue;
    const own = loggedIn.get(ip);
    let counted = false;
    for (const name of userCountsOf(r.authUsersTried).keys()) {
      if (own?.has(name) ?? false) continue;
      ipsPerName.set(name, (ipsPerName.get(name) ?? 0) + 1);
      if (!counted) { ips++; failures += ipFailures(r); counted = true; }
    }
  }
  const wide = ips >= ctx.threshold('sasl-bruteforce.distributedIps') && failures >= ctx.threshold('sasl-bruteforce.distributedFailures');
  const minIps = ctx.threshold('sasl-bruteforce.attackedNameIps');
  return { wide, ipsPerName, isAttacked: (name) => wide && (ipsPerName.get(name) ?? 0) >= minIps };
}
