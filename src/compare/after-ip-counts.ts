// The after log's own counts of the IPs whose still-going-on check the before run's findings ask for (the brute force's
// blocklist-ips.txt, the relay probers' topIps: still-going-on.ts watchedIps), read from the after run's aggregate before
// the report cuts its tables. report.json's byClientIp is cut at --top and its topAttackingIps holds the 15 IPs with the
// most failed logins: an IP of the blocklist that failed a login once after is past both in a log with more guessers
// than that, and read as gone. Known only when the after side is a log, which compare and analyze --baseline analyze
// in-process; a report side is read as it is (still-going-on.ts says what it cannot see).

import type { Aggregate } from '../types.js';
import type { Report } from '../report/model.js';
import { failedLoginsOf } from '../report/ip-failures.js';
import { watchedIps } from './still-going-on.js';

/** An IP's counts in the after log, as its byClientIp row would give them (failures: authFailures + authAborted + mailboxLoginFailures). */
export interface AfterIpCounts { failures: number; relayDenied: number; unknownRecipient: number }

/** By IP (as the before report writes it: its pseudonym in a redacted comparison); an IP missing did none of these. */
export type AfterIpLookup = ReadonlyMap<string, AfterIpCounts>;

/**
 * The after aggregate's counts of the IPs `before`'s findings ask about. `name`: how the after report will write an IP
 * (its pseudonym when the comparison is redacted: the before report's lists are pseudonyms of the same key); then every
 * IP of the aggregate is named to find them, else each watched IP is looked up.
 */
export function afterIpCountsOf(agg: Aggregate, before: Pick<Report, 'findings'>, name?: (ip: string) => string): Map<string, AfterIpCounts> {
  const watched = watchedIps(before);
  const out = new Map<string, AfterIpCounts>();
  if (watched.size === 0) return out;
  const add = (key: string, r: ReturnType<Aggregate['byClientIp']['get']>): void => {
    if (r === undefined) return;
    out.set(key, { failures: failedLoginsOf(r), relayDenied: r.relayDenied, unknownRecipient: r.unknownRecipient });
  };
  // This version's parsers write one form of an IP (src/parse/ip.ts), the form watchedIps gives.
  if (name === undefined) {
    for (const ip of watched) add(ip, agg.byClientIp.get(ip));
    return out;
  }
  // Only the IPs with something to count are named (an HMAC each: the inbound mail servers are most of a quiet log).
  for (const [ip, r] of agg.byClientIp) {
    if (failedLoginsOf(r) + r.relayDenied + r.unknownRecipient === 0) continue;
    const key = name(ip);
    if (watched.has(key) && !out.has(key)) add(key, r);
  }
  return out;
}
