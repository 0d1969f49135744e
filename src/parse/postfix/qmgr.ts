// qmgr: the queue manager. It logs a message's envelope when the message enters the active queue, again on
// every retry of a deferred message (count a message once per queue ID), and its removal.

import type { LogEvent } from '../../types.js';
import { commaField, intAt, queueIdLength } from '../fields.js';
import { parseDaemonWarning } from './warning.js';
import { cutLine } from '../cut.js';

const QUEUE_ACTIVE = ' (queue active)';

export function parseQmgr(s: string, m: number): LogEvent | null {
  const qlen = queueIdLength(s, m);
  if (qlen === 0) return parseDaemonWarning(s, m, 'qmgr');
  const qid = s.slice(m, m + qlen);
  const t = m + qlen + 2;
  // "BC4E116065B: removed"
  if (s.startsWith('removed', t) && s.length === t + 7) return { kind: 'removed', qid, by: 'qmgr' };
  if (s.startsWith('from=<', t)) {
    const close = s.indexOf('>, ', t + 6);
    if (close < 0) return cutLine(); // "from=<roo": qmgr always goes on after the sender

    const from = s.slice(t + 6, close);
    const rest = close + 3;
    // "BC4E116065B: from=<john.smith@globex-corp.com>, size=881, nrcpt=1 (queue active)"
    if (s.startsWith('size=', rest)) {
      // qmgr_active.c writes "from=<%s>, size=%ld, nrcpt=%d (queue active)": without its end, the numbers may be cut.
      if (!s.endsWith(QUEUE_ACTIVE)) return cutLine();
      const size = intAt(s, rest + 5);
      const nr = s.indexOf(', nrcpt=', rest);
      return { kind: 'queued', qid, from, size: size < 0 ? 0 : size, nrcpt: nr < 0 ? 0 : Math.max(0, intAt(s, nr + 8)) };
    }
    // "BACE842E72: from=<noreply@domain.com>, status=expired, returned to sender" ; "status=force-expired" (3.5+)
    if (s.startsWith('status=', rest)) {
      const status = commaField(s, 'status=', rest);
      if (status === 'expired' || status === 'force-expired') return { kind: 'expired', qid, from, forced: status === 'force-expired' };
      if ('force-expired'.startsWith(status) || 'expired'.startsWith(status)) return cutLine(); // "status=exp"
    }
    if ('size='.startsWith(s.slice(rest)) || 'status='.startsWith(s.slice(rest))) return cutLine();
    return null;
  }
  // "…: skipped, still being delivered"
  if (s.startsWith('skipped, still being delivered', t)) return { kind: 'noise', what: 'qmgr-skipped' };
  return null;
}
