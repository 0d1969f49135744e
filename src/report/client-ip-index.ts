// Every client IP of the log in a few numbers, whatever --top (report.json clientIpIndex): its connections and failed
// logins and the users it tried. byClientIp is cut at --top (95 client IPs in samples/after-fix.log, 50 rows) and
// topAttackingIps holds 15: compare, reading the after report, missed 6 of the 16 IPs of the before run's
// compromised-ips.txt that still connect after the fix (review AK, AK3), and could not say which users the 10 that
// fail logins try. Capped at CLIENT_IP_INDEX_MAX IPs (a botnet log holds hundreds of thousands): the most failed
// logins first, then the most connections; `complete` says whether all are there.

import type { Aggregate } from '../types.js';
import type { ClientIpIndex, ClientIpIndexRow } from './model.js';
import { userCountsOf } from '../aggregate/user-counts.js';

/** The IPs the index keeps at most: ~50 bytes each in report.json, 500 KB at most. */
export const CLIENT_IP_INDEX_MAX = 10_000;

/** The users an IP tried that a row names, most tries first. */
const USERS_SHOWN = 5;

const byText = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

export function clientIpIndexOf(agg: Aggregate, max = CLIENT_IP_INDEX_MAX): ClientIpIndex {
  const rows: ClientIpIndexRow[] = [];
  for (const [ip, r] of agg.byClientIp) {
    // The same failures as byClientIp's authFailures + authAborted + mailboxLoginFailures (after-ip-counts.ts).
    const failed = r.authFailures + r.authAborted + Math.max(r.mailboxLoginFailures, r.mailboxAuthFailures); // build.ts mailboxOf
    if (r.connections === 0 && failed === 0) continue;
    const tried = [...userCountsOf(r.authUsersTried)].sort((a, b) => b[1] - a[1] || byText(a[0], b[0]));
    rows.push({
      ip, connections: r.connections,
      ...(failed > 0 ? { failedLogins: failed } : {}),
      ...(tried.length > 0 ? { users: tried.slice(0, USERS_SHOWN).map(([u]) => u), usersTried: tried.length } : {}),
    });
  }
  rows.sort((a, b) => (b.failedLogins ?? 0) - (a.failedLogins ?? 0) || b.connections - a.connections || byText(a.ip, b.ip));
  return { complete: rows.length <= max, ips: rows.slice(0, max) };
}
