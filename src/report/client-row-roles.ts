// The roles a client IP's own counts give its row of the Client IPs table (review Z), after the findings' roles
// (detect/client-roles.ts): a row no finding names read blank, an inbound mail server's as much as a stranger's.
// Only facts of the row, never alarming words: an attack is a finding's to call.
//
// - 'mailbox-login': the IP logged in to a mailbox over IMAP/POP3 (Dovecot's
//     "imap-login: Login: user=<takahashi@example.jp>, method=PLAIN, rip=192.0.2.61, lip=203.0.113.25, …"),
//   unless a finding already says it opened a compromised mailbox.
// - 'inbound-mx': the IP delivered mail to us without any login, and all of it for domains we take mail for. The
//   rule, from what the aggregates keep per IP:
//     - it had mail accepted (ClientIpStats.messages), so it spoke SMTP to us and got as far as a queue ID;
//     - no login of any kind: no SASL user on its mail, no successful AUTH ("disconnect … auth=1"), no failed AUTH or
//       IMAP/POP3 login, no mailbox login: a mail server delivering to us has no account here;
//     - all of it came in on port 25, the master.cf `smtp` service, whose smtpd logs as "postfix/smtpd" (review Z: not
//       assumed from the missing login; Postfix's `syslog_name` per service tells the others apart, Debian's and the
//       upstream master.cf set "-o syslog_name=postfix/submission" and "postfix/smtps":
//         "Oct 24 06:58:51 taken postfix/smtps/smtpd[25795]: connect from unknown[62.4.15.68]" (LINES.md #1)).
//       A client whose mail came through submission or smtps without a login (mynetworks, or a permissive
//       smtpd_relay_restrictions) gets 'submitted-without-login' instead. When the log cannot tell the services apart
//       (every login's mail logged as "postfix/smtpd" and no other service seen: a submission entry without its
//       syslog_name logs as port 25's), such a client gets the neutral 'sent-without-login';
//     - none of its mail was relayed to an outside domain other than those this server takes mail for
//       (ClientIpStats.unauthRelayDomains against queue-cleanup.ts incomingDomains: ours and the relay_domains of a
//       backup MX or gateway): it delivered to our users, or to the primary we relay for, never through us;
//     - it is on the Internet (detect/own-network.ts): a host of our own network or the server itself (127.0.0.1, a
//       content filter's reinjection, a web application) submitting to local users is no other server.
//   A spammer's server delivering to our users is an inbound server too: what it sent is the findings' to judge.

import type { Aggregate, ClientIpStats } from '../types.js';
import type { ClientRole } from '../detect/client-roles.js';
import { ownNetworkClass } from '../detect/own-network.js';
import { incomingDomains } from '../detect/rules/queue-cleanup.js';
import { isSmtpService } from '../aggregate/smtp-service.js';

/**
 * What the row roles read of one IP: its aggregate row, its successful IMAP/POP3 logins, and its messages received
 * without a login through another service than port 25's (Aggregate.noLoginOtherServiceIps; 0 when none).
 */
export interface RowFacts {
  ip: string;
  stats: ClientIpStats;
  mailboxLogins: number;
  otherServiceMessages?: number;
}

/** Whether "postfix/smtpd" is port 25's alone in this log (the rule above), worked out once per report. */
export type ServicesTold = () => boolean;

export function servicesToldOnce(agg: Aggregate): ServicesTold {
  let told: boolean | null = null;
  return () => (told ??= servicesTold(agg));
}

/**
 * The log tells the master.cf services apart: mail came in through another service than `smtp` (a login's or not), or
 * no login's mail came in at all (nothing says a submission service logs as "postfix/smtpd").
 */
function servicesTold(agg: Aggregate): boolean {
  if (agg.noLoginOtherServiceIps.size > 0 || agg.saslServices.size === 0) return true;
  for (const s of agg.saslServices.keys()) if (!isSmtpService(s)) return true;
  return false;
}

/** The domains we take mail for, worked out once per report and only when a row needs them. */
export type IncomingDomains = () => ReadonlySet<string>;

export function incomingDomainsOnce(agg: Aggregate): IncomingDomains {
  let domains: Set<string> | null = null;
  return () => (domains ??= incomingDomains(agg));
}

/** The IP had mail accepted from the Internet without any login (the rule above, but for the service and domains). */
function sentWithoutLogin(x: RowFacts): boolean {
  const r = x.stats;
  if (r.messages === 0 || x.mailboxLogins > 0 || (r.saslUsers?.size ?? 0) > 0 || Number.isFinite(r.firstAuthOkAt)) return false;
  if (r.authFailures + r.authAborted + r.mailboxLoginFailures + r.mailboxAuthFailures > 0) return false;
  return ownNetworkClass(x.ip) === null;
}

/** The IP delivered mail for our domains to us without a login, all of it on port 25's service (the rule above). */
export function isInboundServer(x: RowFacts, incoming: IncomingDomains): boolean {
  const r = x.stats;
  if (!sentWithoutLogin(x) || (x.otherServiceMessages ?? 0) > 0) return false;
  if (r.unauthRelayDomains !== null) {
    const ours = incoming();
    for (const d of r.unauthRelayDomains.keys()) if (!ours.has(d)) return false;
  }
  return true;
}

/**
 * The row's roles: the findings' (`found`, in CLIENT_ROLES order) first, then those of its own counts. `told`: whether
 * the log tells port 25's service from the others (servicesToldOnce; absent: it does).
 */
export function rowRoles(found: readonly ClientRole[] | undefined, x: RowFacts, incoming: IncomingDomains, told: ServicesTold = () => true): ClientRole[] {
  const out: ClientRole[] = [...(found ?? [])];
  if (x.mailboxLogins > 0 && !out.includes('opened-compromised-mailbox')) out.push('mailbox-login');
  if ((x.otherServiceMessages ?? 0) > 0) {
    if (sentWithoutLogin(x)) out.push('submitted-without-login');
  } else if (isInboundServer(x, incoming)) out.push(told() ? 'inbound-mx' : 'sent-without-login');
  return out;
}
