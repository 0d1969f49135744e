// cleanup: message-id and header/body/milter actions.

import type { LogEvent } from '../../types.js';
import { queueIdLength } from '../fields.js';
import { parseStatusLine } from './delivery.js';
import { parseReject } from './reject.js';
import { parseDaemonWarning } from './warning.js';
import { cutLine } from '../cut.js';

export function parseCleanup(s: string, m: number): LogEvent | null {
  const qlen = queueIdLength(s, m);
  if (qlen === 0) return parseDaemonWarning(s, m, 'cleanup');
  const qid = s.slice(m, m + qlen);
  const t = m + qlen + 2;
  // "776E41855DB2: message-id=<ca10035e-…@mail.sender.com>" ; "message-id=<>" ; "message-id==?UTF-8?B?…"
  if (s.startsWith('message-id=', t)) {
    // "<ca10035e-" without its ">" is cut (it would be another Message-ID); an encoded one has no brackets.
    if (s.charCodeAt(t + 11) === 60 && s.charCodeAt(s.length - 1) !== 62) return cutLine();
    let v = s.slice(t + 11);
    if (v.charCodeAt(0) === 60 && v.charCodeAt(v.length - 1) === 62) v = v.slice(1, -1);
    return { kind: 'messageId', qid, messageId: v };
  }
  // cleanup bounces mail it refuses when no client is waiting for an answer (pickup: sendmail, scripts), and mail
  // over the hop count, with a delivery-status line of its own (no "removed" follows):
  // "D9BCD29E2CF: to=<suzuki@example.jp>, relay=none, delay=0.01, delays=0.01/0/0/0, dsn=5.7.1, status=bounced (header reject test)"
  // "F3E7E29EAF4: to=<x@sa.example>, relay=none, delay=0.01, delays=0.01/0/0/0, dsn=5.4.0, status=bounced (too many hops)"
  if (s.startsWith('to=<', t)) return parseStatusLine(s, t, qid, 'cleanup');
  // "…: resent-message-id=<…>"
  if (s.startsWith('resent-message-id=', t)) return { kind: 'noise', what: 'resent-message-id' };
  // "4104E3D: milter-reject: END-OF-MESSAGE from x[61.238.241.86]: 5.7.1 Blocked by SpamAssassin; from=<…> to=<…> proto=ESMTP helo=<…>"
  // "…: warning: header Subject: … from x[1.2.3.4]; from=<…> to=<…> proto=ESMTP helo=<…>"
  return parseReject(s, t, qid, 'cleanup');
}
