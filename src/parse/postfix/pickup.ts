// pickup: mail submitted locally with sendmail(1) — web forms and scripts show up here with their uid.

import type { LogEvent } from '../../types.js';
import { angleField, queueIdLength } from '../fields.js';
import { parseDaemonWarning } from './warning.js';

/** "1FDA7160673: uid=0 from=<root>" ; "08ACF1541B01: uid=33 from=<www-data>" */
export function parsePickup(s: string, m: number): LogEvent | null {
  const qlen = queueIdLength(s, m);
  if (qlen === 0) return parseDaemonWarning(s, m, 'pickup');
  const qid = s.slice(m, m + qlen);
  const t = m + qlen + 2;
  if (!s.startsWith('uid=', t)) return null;
  const sp = s.indexOf(' ', t);
  return { kind: 'pickup', qid, uid: s.slice(t + 4, sp < 0 ? undefined : sp), from: angleField(s, 'from=', t) };
}
