// bounce: notifications Postfix generates (NDRs, delay warnings); each creates a new message with from=<>.

import type { LogEvent } from '../../types.js';
import { queueIdLength } from '../fields.js';
import { parseDaemonWarning } from './warning.js';

/** "C5B1916066A: sender non-delivery notification: C8E6D16066C" ; also delivery status / delay / postmaster notices. */
export function parseBounce(s: string, m: number): LogEvent | null {
  const qlen = queueIdLength(s, m);
  if (qlen === 0) return parseDaemonWarning(s, m, 'bounce');
  const qid = s.slice(m, m + qlen);
  const t = m + qlen + 2;
  const colon = s.indexOf(' notification: ', t);
  if (colon < 0) return null;
  return { kind: 'notification', qid, notice: s.slice(t, colon), newQid: s.slice(colon + 15).trim() };
}
