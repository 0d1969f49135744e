// cleanup: message-id and header/body/milter actions.

import type { LogEvent } from '../../types.js';
import { queueIdLength } from '../fields.js';
import { parseReject } from './reject.js';
import { parseDaemonWarning } from './warning.js';

export function parseCleanup(s: string, m: number): LogEvent | null {
  const qlen = queueIdLength(s, m);
  if (qlen === 0) return parseDaemonWarning(s, m, 'cleanup');
  const qid = s.slice(m, m + qlen);
  const t = m + qlen + 2;
  // "776E41855DB2: message-id=<ca10035e-…@mail.sender.com>" ; "message-id=<>" ; "message-id==?UTF-8?B?…"
  if (s.startsWith('message-id=', t)) {
    let v = s.slice(t + 11);
    if (v.charCodeAt(0) === 60 && v.charCodeAt(v.length - 1) === 62) v = v.slice(1, -1);
    return { kind: 'messageId', qid, messageId: v };
  }
  // "…: resent-message-id=<…>"
  if (s.startsWith('resent-message-id=', t)) return { kind: 'noise', what: 'resent-message-id' };
  // "4104E3D: milter-reject: END-OF-MESSAGE from x[61.238.241.86]: 5.7.1 Blocked by SpamAssassin; from=<…> to=<…> proto=ESMTP helo=<…>"
  // "…: warning: header Subject: … from x[1.2.3.4]; from=<…> to=<…> proto=ESMTP helo=<…>"
  return parseReject(s, t, qid, 'cleanup');
}
