// Messages refused at the end of DATA, for their SASL login and client IP (code review 17, K7b). A milter's (or a
// header/body check's) 5xx of the whole message is a reject, never received mail (messages.ts, review 17 H3), and so
// counts in no message table; but who submitted it is evidence. An outbound rspamd refusing a stolen account's spam:
//   "postfix/submission/smtpd[20556]: 3EA76F00BA: client=unknown[45.33.1.10], sasl_method=LOGIN, sasl_username=info@example.jp"
//   "postfix/cleanup[20558]: 3EA76F00BA: milter-reject: END-OF-MESSAGE from unknown[45.33.1.10]: 5.7.1 Spam message rejected; from=<info@example.jp> to=<target0@gmail.com> proto=ESMTP helo=<User>"
// (LINES.md §3 #7's shape, rspamd's reply text). Thirty IPs using the password, every message refused, left no row
// that showed they logged in. Counted apart from the messages (refusedMessages), per login and per client IP, with
// each IP's first refusal for the compromised-account rule (detect/rules/compromised-account.ts). Only permanent
// refusals: a 4xx is answered to everyone while a milter is down, and the client sends the message again.

import type { Aggregate, Example, MessageRecord } from '../types.js';
import { bumpLazy, newSaslUser, row } from './create.js';
import { noteLoginActivity } from './login-activity.js';
import { ownString } from '../own-string.js';

/** The refusal class of a verdict on the message (MessageRecord.refused): 5 permanent, 4 temporary. */
export const REFUSED_PERMANENTLY = 5;
/** A permanent refusal by a virus scanner: never received, and not counted for the login (a forwarded infected file). */
export const REFUSED_AS_MALWARE = 3;

/**
 * Counts a record refused at the end of DATA (messages.ts decides which: refused, from smtpd, no recipient nor qmgr
 * line) for its login and client IP, when the refusal was permanent. `refs`: as foldMessage's.
 */
export function countRefused(agg: Aggregate, rec: MessageRecord, refs: Example[] | null): void {
  if (rec.refused !== REFUSED_PERMANENTLY) return;
  const ip = rec.client?.ip ?? '';
  if (rec.saslUser !== '') {
    const u = row(agg.bySaslUser, rec.saslUser, newSaslUser);
    u.refusedMessages++;
    if (ip !== '') {
      u.refusedIps = bumpLazy(u.refusedIps, ip);
      const firsts = u.refusedIpFirstAt ??= new Map();
      const first = firsts.get(ip);
      if (first === undefined || rec.startAt < first) firsts.set(ownString(ip), rec.startAt);
    }
    // The login's first and last activity and its first line, as for its accepted mail.
    noteLoginActivity(u, rec, refs);
  }
  if (ip === '') return;
  const r = agg.byClientIp.rowFor(ip);
  r.refusedMessages++;
  if (rec.client!.name !== '' && (r.name === '' || rec.client!.name < r.name)) r.name = rec.client!.name;
  if (rec.saslUser !== '') r.saslUsers = bumpLazy(r.saslUsers, rec.saslUser);
}
