// A real account that background password guessing goes for by name (review AL, AL2). Background guessing spreads
// over made-up names (Dovecot's "passwd-file(test1,23.117.57.32,<…>): unknown user"); a name that logs in here, tried
// with wrong passwords again and again from several addresses, is known to someone, often because they had its
// password. samples/after-fix.log, the log after info@example.jp was taken over and its password changed: 22 of the
// attacking IPs' 92 failures are for info@example.jp, from 13 IPs, 10 of them the old intruder's (21 SMTP AUTH
// failures, "SASL LOGIN authentication failed: …, sasl_username=info@example.jp", each with its Dovecot line
// "auth: passwd-file(info@example.jp,106.125.64.253): Password mismatch", and one IMAP login failure from
// 182.177.81.45), while its owner logs in from 198.51.100.40 with the new password.

import type { Aggregate } from '../types.js';
import type { RuleContext } from './rule.js';
import { namesTriedBy } from './rules/stale-password.js';

/** The real account the attacking IPs tried the most, its failures, and the IPs that tried it, most failures first. */
export interface TargetedAccount {
  name: string;
  failures: number;
  /** "ip" and its failures for the name, most first (then by IP). */
  ips: Array<{ ip: string; failures: number }>;
}

/**
 * The name most tried by the attacking IPs (`ips`; `usersTried`: their failures per name, as namesTriedBy counts them:
 * an SMTP AUTH attempt by its Postfix line, an IMAP/POP3 one by its login-process line, never both of its two lines),
 * when it is a real account (it sent mail after a SASL login or opened a mailbox in this log) tried
 * `sasl-bruteforce.targetedAccountFailures` times or more from `targetedAccountIps` IPs or more, and those failures
 * are `targetedAccountPercent`% or more of the attacking IPs' `failures`. Null otherwise (samples/healthy.log, the
 * corpus healthy log and samples/rotated: no such name).
 */
export function targetedAccount(
  agg: Aggregate, ctx: Pick<RuleContext, 'threshold'>, ips: readonly string[], usersTried: ReadonlyMap<string, number>, failures: number,
): TargetedAccount | null {
  let name = '';
  let most = 0;
  for (const [u, n] of usersTried) if (n > most || (n === most && u < name)) { name = u; most = n; }
  if (most === 0 || !isRealAccount(agg, name)) return null;
  if (most < ctx.threshold('sasl-bruteforce.targetedAccountFailures')) return null;
  if (most * 100 < ctx.threshold('sasl-bruteforce.targetedAccountPercent') * failures) return null;
  const tried = ipsTrying(agg, ips, name);
  if (tried.length < ctx.threshold('sasl-bruteforce.targetedAccountIps')) return null;
  return { name, failures: most, ips: tried };
}

/** A name that is an account here: it sent mail after a SASL login or opened a mailbox in this log. */
export function isRealAccount(agg: Pick<Aggregate, 'bySaslUser' | 'mailboxLogins'>, name: string): boolean {
  return agg.bySaslUser.has(name) || agg.mailboxLogins.has(name);
}

/** Of `ips`, those that failed to log in as `name`, with their failures for it, most first (then by IP). */
export function ipsTrying(agg: Aggregate, ips: readonly string[], name: string): TargetedAccount['ips'] {
  const tried: TargetedAccount['ips'] = [];
  for (const ip of ips) {
    const r = agg.byClientIp.get(ip);
    const n = r === undefined ? 0 : namesTriedBy(r).get(name) ?? 0;
    if (n > 0) tried.push({ ip, failures: n });
  }
  return tried.sort((a, b) => b.failures - a.failures || (a.ip < b.ip ? -1 : a.ip > b.ip ? 1 : 0));
}
