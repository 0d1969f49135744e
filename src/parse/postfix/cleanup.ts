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
  // "4F9D21C0A3B: removed (canceled)" (Postfix ≥ 3.10, removedBeforeQueue)
  if (s.charCodeAt(t) === 114) {
    const removed = removedBeforeQueue(s, t);
    if (removed !== undefined) return removed;
  }
  // "4104E3D: milter-reject: END-OF-MESSAGE from x[61.238.241.86]: 5.7.1 Blocked by SpamAssassin; from=<…> to=<…> proto=ESMTP helo=<…>"
  // "…: warning: header Subject: … from x[1.2.3.4]; from=<…> to=<…> proto=ESMTP helo=<…>"
  return parseReject(s, t, qid, 'cleanup');
}

const CLEANUP_REMOVED: LogEvent = { kind: 'noise', what: 'cleanup-removed' };
const REMOVED_TEXTS = ['removed (canceled)', 'removed (discarded)'] as const;

/**
 * Postfix ≥ 3.10's cleanup names the end of a transaction that never entered the queue (HISTORY 20241112;
 * cleanup/cleanup_api.c of 3.10.13: msg_info("%s: removed (%s)", queue_id, errs ? "canceled" : "discarded")):
 *   "4F9D21C0A3B: removed (canceled)"    the client left or was refused before the end of DATA (RSET or QUIT after
 *                                         RCPT: a recipient-verification probe; a lost connection; a milter-reject)
 *   "5A0B11C0A3C: removed (discarded)"   a DISCARD action (access table, header/body_checks, milter)
 * Postfix 3.7 logs nothing there, and what the report knows of such a transaction comes from the other lines (its
 * client= without a qmgr line is an abandoned transaction, the reject or discard line its action): known, no event,
 * so the same events give the same report in either version. A text cut short ("removed (cance") is a cut line.
 * `t` is the index of the text after "QID: "; undefined: not such a line.
 */
function removedBeforeQueue(s: string, t: number): LogEvent | null | undefined {
  const rest = s.length - t;
  for (const text of REMOVED_TEXTS) {
    if (rest === text.length && s.startsWith(text, t)) return CLEANUP_REMOVED;
    if (rest < text.length && text.startsWith(s.slice(t))) return cutLine();
  }
  return undefined;
}
