// report.mailboxLoginsByUser: who opened which mailbox over IMAP/POP3, from which client IPs (review P, P3).
//
// compare could not tell the before run's intruder IPs opening the mailbox after the fix ("Dec  1 03:10:00 mail
// dovecot: imap-login: Login: user=<info@example.jp>, method=PLAIN, rip=101.82.15.105, …", 18 times from 6 of the 43
// IPs of compromised-ips.txt) from nothing at all: the report held IMAP/POP3 logins per user only
// (dovecotLoginsByUser), none per IP. This table is made from the aggregate the rules already read
// (agg.mailboxLogins: one row per user and IP that logged in, so only valid credentials make one) and is cut like
// every table for its detailed rows, with the exact number of IPs beside the cut list; every user's IPs are kept as a
// compact list of strings, so that compare's check never depends on --top (review Q, Q8, Q13).

import type { Aggregate, Example, MailboxLoginRow } from '../types.js';
import { loginProtocols } from '../aggregate/mailbox-logins.js';
import type { MailboxLoginIpRow, MailboxLoginUserRow } from './model.js';
import { displayText } from './text.js';

/** Client IPs kept per user in the compact list (`ips`); past it `ipsComplete` is false. */
export const MAILBOX_IPS_KEPT = 1000;

/** Byte order of keys (locale-independent), for ties. */
function byKey(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Logins per protocol as the report holds them: most first, then by name (the same whatever the split of the log). */
function protocolsOf(m: Map<string, number>): Record<string, number> {
  return Object.fromEntries([...m].sort((a, b) => b[1] - a[1] || byKey(a[0], b[0])));
}

function shownExample(e: Example | null): Example | null {
  return e === null ? null : { file: e.file, line: e.line, offset: e.offset, text: displayText(e.text) };
}

/**
 * The rows: users with the most client IPs first (a mailbox opened from many places is the one to look at), then the
 * most logins, then the name; each user's IPs by logins, then IP. `top` 0: all. The same rows whatever the split of
 * the log, as the aggregate is (mergeMailboxLogins).
 */
export function mailboxLoginRows(agg: Aggregate, top: number, at: (ms: number) => string | null): MailboxLoginUserRow[] {
  const users: Array<{ key: string; byIp: Map<string, MailboxLoginRow>; logins: number }> = [];
  for (const [user, byIp] of agg.mailboxLogins) {
    let logins = 0;
    for (const r of byIp.values()) logins += r.logins;
    users.push({ key: displayText(user), byIp, logins });
  }
  users.sort((a, b) => b.byIp.size - a.byIp.size || b.logins - a.logins || byKey(a.key, b.key));
  // Every user is kept, with the compact list of its client IPs (review Q, Q8: cut at --top, the account compare asks
  // about fell out of the table on any server of more than 50 mailboxes, and compare said "Fixed"); the detailed rows
  // (counts, times, an example line: ~360 bytes each, Q13) only for the first --top users and their first --top IPs.
  return users.map((u, i): MailboxLoginUserRow => {
    const detailed = top <= 0 || i < top;
    // Review S, S12: the IPs as (display text, row) pairs first; times and examples formatted for the rows kept only.
    const ips: Array<{ ip: string; r: MailboxLoginRow }> = [];
    let first = Infinity;
    let last = -Infinity;
    // Review U, U3: the user's protocols from all its IPs (those past --top too), each IP's from all its logins.
    const protocols = new Map<string, number>();
    for (const [ip, r] of u.byIp) {
      if (r.firstAt < first) first = r.firstAt;
      if (r.lastAt > last) last = r.lastAt;
      ips.push({ ip: displayText(ip), r });
      for (const [p, n] of loginProtocols(r)) protocols.set(p, (protocols.get(p) ?? 0) + n);
    }
    ips.sort((a, b) => b.r.logins - a.r.logins || byKey(a.ip, b.ip));
    // The compact list: the MAILBOX_IPS_KEPT IPs with the most logins (then by IP), in byte order of the IP.
    const kept = ips.slice(0, MAILBOX_IPS_KEPT).map((x) => x.ip).sort(byKey);
    const rows = !detailed ? [] : top > 0 ? ips.slice(0, top) : ips;
    return {
      key: u.key, logins: u.logins, protocols: protocolsOf(protocols), clientIps: u.byIp.size, firstAt: at(first), lastAt: at(last),
      ips: kept, ipsComplete: kept.length === u.byIp.size,
      topClientIps: rows.map(({ ip, r }): MailboxLoginIpRow => ({
        ip, logins: r.logins, protocol: r.protocol, protocols: protocolsOf(loginProtocols(r)), firstAt: at(r.firstAt), lastAt: at(r.lastAt),
        example: shownExample(r.example),
      })),
    };
  });
}
