// Every client IP of the log in a few numbers, whatever --top (report.json clientIpIndex): its connections and failed
// logins, the users it tried and its relay probes refused. byClientIp is cut at --top (95 client IPs in samples/after-fix.log, 50 rows) and
// topAttackingIps holds 15: compare, reading the after report, missed 6 of the 16 IPs of the before run's
// compromised-ips.txt that still connect after the fix (review AK, AK3), and could not say which users the 10 that
// fail logins try. Capped at CLIENT_IP_INDEX_MAX IPs (a botnet log holds hundreds of thousands): the most failed
// logins first, then the most connections; `complete` says whether all are there.

import type { Aggregate, ClientIpStats } from '../types.js';
import type { ClientIpIndex, ClientIpIndexRow } from './model.js';
import { userCountsOf } from '../aggregate/user-counts.js';
import { failedLoginsOf } from './ip-failures.js';

/** The IPs the index keeps at most: ~50 bytes each in report.json, 500 KB at most. */
export const CLIENT_IP_INDEX_MAX = 10_000;

/** The users an IP tried that a row names, most tries first. */
const USERS_SHOWN = 5;

const byText = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

/** An IP held while the map is read: its place in the index's order. */
interface Held { ip: string; failed: number; connections: number; r: ClientIpStats }

/** Whether an IP with these numbers comes before `b` in the index: more failed logins, then more connections, then the IP. */
function precedes(failed: number, connections: number, ip: string, b: Held): boolean {
  return failed !== b.failed ? failed > b.failed : connections !== b.connections ? connections > b.connections : ip < b.ip;
}

/** Whether `a` comes after `b` in the index. */
const after = (a: Held, b: Held): boolean => precedes(b.failed, b.connections, b.ip, a);

/**
 * The index's first `max` IPs without a row for each IP of the log (a botnet's 2.5 million, issue 3's ceiling): a heap
 * of the `max` best so far, its root the last of them, each IP of the map compared with the root once.
 */
function bestIps(agg: Aggregate, max: number): { held: Held[]; total: number } {
  const heap: Held[] = [];
  let total = 0;
  const down = (i: number): void => {
    for (;;) {
      const l = 2 * i + 1;
      if (l >= heap.length) return;
      const c = l + 1 < heap.length && after(heap[l + 1]!, heap[l]!) ? l + 1 : l;
      if (!after(heap[c]!, heap[i]!)) return;
      [heap[c], heap[i]] = [heap[i]!, heap[c]!];
      i = c;
    }
  };
  for (const [ip, r] of agg.byClientIp) {
    const failed = failedLoginsOf(r);
    if (r.connections === 0 && failed === 0) continue;
    total++;
    if (heap.length === max) {
      const root = heap[0]!;
      if (max === 0 || !precedes(failed, r.connections, ip, root)) continue;
      heap[0] = { ip, failed, connections: r.connections, r };
      down(0);
      continue;
    }
    heap.push({ ip, failed, connections: r.connections, r });
    for (let i = heap.length - 1; i > 0;) {
      const parent = (i - 1) >> 1;
      if (!after(heap[i]!, heap[parent]!)) break; // the root is the last of the best
      [heap[parent], heap[i]] = [heap[i]!, heap[parent]!];
      i = parent;
    }
  }
  return { held: heap, total };
}

export function clientIpIndexOf(agg: Aggregate, max = CLIENT_IP_INDEX_MAX): ClientIpIndex {
  const { held, total } = bestIps(agg, max);
  held.sort((a, b) => (after(a, b) ? 1 : after(b, a) ? -1 : 0));
  const ips = held.map(({ ip, failed, connections, r }): ClientIpIndexRow => {
    const tried = [...userCountsOf(r.authUsersTried)].sort((a, b) => b[1] - a[1] || byText(a[0], b[0]));
    return {
      ip, connections,
      ...(failed > 0 ? { failedLogins: failed } : {}),
      ...(tried.length > 0 ? { users: tried.slice(0, USERS_SHOWN).map(([u]) => u), usersTried: tried.length } : {}),
      // Review AK, AK8 follow-up: compare tells whether the before run's relay probers still probe past the cut tables.
      ...(r.relayDenied > 0 ? { relayDenied: r.relayDenied } : {}),
    };
  });
  return { complete: total <= max, relayCounted: true, ips };
}
