// pickup: mail submitted locally with sendmail(1) — web forms and scripts show up here with their uid.

import type { LogEvent } from '../../types.js';
import { angleField, queueIdLength } from '../fields.js';
import { parseDaemonWarning } from './warning.js';
import { cutLine, endsAtKey } from '../cut.js';

/**
 * "1FDA7160673: uid=0 from=<root>" ; "08ACF1541B01: uid=33 from=<www-data>" ; a message `postsuper -r` requeued,
 * read again by pickup under a new ID (Postfix 3.7.11): "98D0529E2C8: uid=103 from=<sato@example.jp> orig_id=2074029EAB4"
 */
export function parsePickup(s: string, m: number): LogEvent | null {
  const qlen = queueIdLength(s, m);
  if (qlen === 0) return parseDaemonWarning(s, m, 'pickup');
  const qid = s.slice(m, m + qlen);
  const t = m + qlen + 2;
  if (!s.startsWith('uid=', t)) return null;
  const sp = s.indexOf(' ', t);
  // pickup.c writes "uid=%d from=<%s>" (then " orig_id=%s"): the sender without its ">", or an orig_id without its
  // value, is a line cut short (a sender "roo" of "from=<root>").
  const fromAt = sp < 0 ? -1 : sp + 6;
  if (fromAt < 0 || !s.startsWith(' from=<', sp) || s.indexOf('>', fromAt) < 0 || endsAtKey(s)) return cutLine();
  const o = s.indexOf(' orig_id=', t);
  const oEnd = o < 0 ? -1 : s.indexOf(' ', o + 9);
  const origId = o < 0 ? '' : s.slice(o + 9, oEnd < 0 ? undefined : oEnd);
  return { kind: 'pickup', qid, uid: s.slice(t + 4, sp < 0 ? undefined : sp), from: angleField(s, 'from=', t), origId };
}
