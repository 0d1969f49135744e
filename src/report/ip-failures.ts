// One client IP's failed logins, as byClientIp, topAttackingIps, clientIpIndex and compare's after-log counts take them.

import type { ClientIpStats } from '../types.js';

/** IMAP/POP3 login failures of one IP: the larger of the two ways of counting them (see ClientIpStats). */
export function mailboxOf(r: ClientIpStats): number {
  return Math.max(r.mailboxLoginFailures, r.mailboxAuthFailures);
}

/** Failed logins of one IP: SMTP AUTH failed or aborted, and IMAP/POP3 (mailboxOf). */
export function failedLoginsOf(r: ClientIpStats): number {
  return r.authFailures + r.authAborted + mailboxOf(r);
}
