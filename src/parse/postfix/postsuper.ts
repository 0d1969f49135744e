// postsuper: the admin's queue operations (postsuper -d / -h / -H / -r).

import type { LogEvent } from '../../types.js';
import { intAt, queueIdLength } from '../fields.js';
import { parseDaemonWarning } from './warning.js';

/**
 * "D4F2023DB: removed" (same text as qmgr; the program name tells them apart), "…: requeued", "…: placed on hold",
 * "…: released from hold", "Deleted: 115 messages", "Requeued: 1 message", "Placed on hold: 67 messages",
 * "Released from hold: 13 messages", "Force-expired: 1 message".
 */
export function parsePostsuper(s: string, m: number): LogEvent | null {
  const qlen = queueIdLength(s, m);
  if (qlen > 0) {
    const qid = s.slice(m, m + qlen);
    const action = s.slice(m + qlen + 2);
    if (action === 'removed') return { kind: 'removed', qid, by: 'postsuper' };
    if (action === 'requeued' || action === 'placed on hold' || action === 'released from hold' || action === 'expired') {
      return { kind: 'queueAction', qid, action };
    }
    return null;
  }
  const colon = s.indexOf(': ', m);
  if (colon > 0) {
    const action = s.slice(m, colon);
    // "Force-expired: 1 message" (postsuper -e, Postfix ≥ 3.5), "Renamed to match inode number: 2 messages" (-s)
    if (action === 'Deleted' || action === 'Requeued' || action === 'Placed on hold' || action === 'Released from hold' || action === 'Expired'
      || action === 'Force-expired' || action === 'Renamed to match inode number') {
      const n = intAt(s, colon + 2);
      if (n >= 0) return { kind: 'postsuperSummary', action, count: n };
    }
  }
  return parseDaemonWarning(s, m, 'postsuper');
}
