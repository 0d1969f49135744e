// Which of the before run's intruder IPs (a compromised-account finding's compromised-ips.txt) still connect to the
// server or fail logins after the fix, without sending as the account or logging in (review AK, AK2 and AK3): the
// password change holds against them, but the first steps' block of compromised-ips.txt is not in place. In
// samples/after-fix.log 16 of the 43 IPs connect again and 10 of them fail 19 SMTP logins, all as info@example.jp
// (`SASL PLAIN authentication failed … sasl_username=info@example.jp`, each with Dovecot's
// `passwd-file(info@example.jp,IP): Password mismatch`); compare said "none of them logged in" and "Fixed", and of its
// first 2 hours (106.125.64.253's 3 failures at 00:49) that "the after log has no Dovecot login at all".
//
// Read from the after report's clientIpIndex (every client IP, whatever --top); a report of an older version has only
// its client-IP tables cut at --top (byClientIp, topAttackingIps): what they show is a lower bound (`atLeast`).

import type { Report } from '../report/model.js';
import type { IntrudersStillTrying } from './model.js';
import { canonicalIp } from '../parse/ip.js';

/** Intruder IPs named in compare.json, at most (the count is exact). */
export const STILL_TRYING_SHOWN = 10;

/** The users named, at most, most IPs first. */
const USERS_SHOWN = 5;

/** `relayDenied`: its RCPTs refused "Relay access denied", null when the report does not say (an earlier build's index). */
export interface IpActivity { ip: string; connections: number; failedLogins: number; users: string[]; relayDenied: number | null }

function num(v: unknown): number {
  return typeof v === 'number' && Number.isFinite(v) ? v : 0;
}

function strings(v: unknown): string[] {
  return Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : [];
}

/**
 * The after report's client IPs with their activity, and whether that is all of them (still-going-on.ts reads it too:
 * review AK, AK7/AK8 follow-up).
 */
export function activityOf(after: Report): { rows: IpActivity[]; whole: boolean } {
  const index = after.clientIpIndex;
  if (index !== undefined && index !== null && Array.isArray(index.ips)) {
    const rows = index.ips.filter((x) => x !== null && typeof x === 'object' && typeof x.ip === 'string')
      .map((x) => ({
        ip: x.ip, connections: num(x.connections), failedLogins: num(x.failedLogins), users: strings(x.users),
        relayDenied: index.relayCounted === true ? num(x.relayDenied) : null,
      }));
    return { rows, whole: index.complete === true };
  }
  // An older report: its tables cut at --top, the same IP perhaps in both.
  const tables = [after.byClientIp, after.topAttackingIps].map((t) => (Array.isArray(t) ? t : []));
  const rows = tables.flat().filter((x) => x !== null && typeof x === 'object' && typeof x.key === 'string').map((x) => ({
    ip: x.key, connections: num(x.connections), failedLogins: num(x.authFailures) + num(x.authAborted) + num(x.mailboxLoginFailures),
    users: strings(x.topUsersTried), relayDenied: num(x.relayDenied),
  }));
  const top = num(after.options?.top);
  return { rows, whole: top === 0 || tables[0]!.length < top };
}

/**
 * The IPs of `intruders` (in one written form: residual.ts) that the after report shows connecting or failing a login,
 * leaving out those in `using` (found sending as the account or logging in to it: said as such); null when none.
 */
export function intrudersStillTrying(after: Report, intruders: ReadonlySet<string>, using: ReadonlySet<string>): IntrudersStillTrying | null {
  const { rows, whole } = activityOf(after);
  const byIp = new Map<string, IpActivity>();
  for (const r of rows) {
    const ip = canonicalIp(r.ip);
    if (!intruders.has(ip) || using.has(ip) || byIp.has(ip) || (r.connections === 0 && r.failedLogins === 0)) continue;
    byIp.set(ip, { ...r, ip });
  }
  // None found in a report that does not hold every IP says nothing either way: nothing to say.
  if (byIp.size === 0) return null;
  const found = [...byIp.values()].sort((a, b) => b.failedLogins - a.failedLogins || b.connections - a.connections || (a.ip < b.ip ? -1 : a.ip > b.ip ? 1 : 0));
  const failing = found.filter((x) => x.failedLogins > 0);
  // The users they tried, those tried by most of the IPs first.
  const users = new Map<string, number>();
  for (const x of failing) for (const u of x.users) users.set(u, (users.get(u) ?? 0) + 1);
  const tried = [...users].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1)).map(([u]) => u);
  return {
    count: found.length, atLeast: !whole, ips: found.slice(0, STILL_TRYING_SHOWN).map((x) => x.ip),
    failing: failing.length, failedLogins: failing.reduce((s, x) => s + x.failedLogins, 0),
    users: tried.slice(0, USERS_SHOWN), usersTried: tried.length,
  };
}
