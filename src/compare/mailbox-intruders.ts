// Which of the before run's intruder IPs (a compromised-account finding's compromised-ips.txt) open the account's
// mailbox over IMAP/POP3 after the fix, read from the after report's mailboxLoginsByUser (review P, P3: 6 of the 43
// IPs logged in to info@example.jp 18 times after the fix, and compare said "Fixed … none of it from the 43 IPs").
//
// Only what the after report holds is read, and what it cannot show is said as such: a report of an older version has
// no such table ('no-table'); a table cut at --top may leave the user out, or, when none of the IPs shown is an
// intruder's, the user's other IPs ('cut'). Since review Q every user is kept with all its IPs (up to 1,000: past
// that 'capped'), whatever --top. An after report with no Dovecot login at all, successful or failed, by anyone, cannot
// show the intruders' either ('no-dovecot', review S, S2: Dovecot writes to its own log_path file, not given; compare
// said "checked, none" and "Fixed").

import type { Report } from '../report/model.js';
import type { MailboxIntruder, MailboxIntruders } from './model.js';
import { canonicalIp } from '../parse/ip.js';

/** Intruder IPs named in compare.json, at most (the count is exact; residual.ts cuts the list). */
export const MAILBOX_INTRUDERS_SHOWN = 10;

function num(v: unknown): number | null {
  return typeof v === 'number' && Number.isFinite(v) ? v : null;
}

function strOrNull(v: unknown): string | null {
  return typeof v === 'string' ? v : null;
}

/**
 * Whether a report shows no Dovecot login activity at all: no IMAP/POP3 (submission, ManageSieve) login, successful or
 * failed, by any user, and no row in its table of mailbox logins. Such a log cannot show anyone's logins: Dovecot
 * writes to its own file (log_path, info_log_path) or runs elsewhere. False when the report does not say (older).
 */
export function noMailboxLogins(r: Pick<Report, 'totals'> & { mailboxLoginsByUser?: unknown }): boolean {
  const t = r.totals as unknown as Record<string, unknown> | undefined;
  const rows: unknown = r.mailboxLoginsByUser;
  return t !== undefined && num(t.dovecotLogins) === 0 && num(t.dovecotLoginFailures) === 0 && (rows === undefined || (Array.isArray(rows) && rows.length === 0));
}

/**
 * The logins to `user`'s mailbox from the IPs of `intruders` in the after report, or why they could not be checked;
 * every IP found, most logins first. A report of review Q or later keeps every user with the compact list of its IPs
 * (`ips`), so --top does not matter (review Q, Q8); an IP found there without a detailed row has `logins` null (at
 * least one). An older report's table is cut at --top ('cut').
 */
export function mailboxIntrudersOf(after: Report, user: string, intruders: ReadonlySet<string>): MailboxIntruders {
  const rows: unknown = after.mailboxLoginsByUser;
  if (!Array.isArray(rows)) return { checked: false, why: 'no-table' };
  // Review S, S2: an empty table of a log without Dovecot logins is no "none logged in" (it was taken as whole).
  if (noMailboxLogins(after)) return { checked: false, why: 'no-dovecot' };
  const top = num(after.options?.top) ?? 0;
  const isRow = (r: unknown): r is Record<string, unknown> => r !== null && typeof r === 'object';
  // Every user is in the table when its rows carry the compact lists (review Q): then a user not there never logged in.
  const whole = rows.some((r) => isRow(r) && Array.isArray(r.ips));
  const row = rows.find((r): r is Record<string, unknown> => isRow(r) && r.key === user);
  if (row === undefined) return !whole && top > 0 && rows.length >= top ? { checked: false, why: 'cut' } : { checked: true, count: 0, logins: 0, atLeast: false, ips: [] };
  const shown = Array.isArray(row.topClientIps) ? row.topClientIps as unknown[] : [];
  const detail = new Map<string, MailboxIntruder>();
  for (const x of shown) {
    if (!isRow(x)) continue;
    const logins = num(x.logins);
    if (typeof x.ip !== 'string' || logins === null || logins <= 0) continue;
    detail.set(x.ip, { ip: x.ip, logins, protocol: typeof x.protocol === 'string' ? x.protocol : '', firstAt: strOrNull(x.firstAt), lastAt: strOrNull(x.lastAt) });
  }
  const compact = Array.isArray(row.ips) ? (row.ips as unknown[]).filter((x): x is string => typeof x === 'string') : null;
  const found: MailboxIntruder[] = [];
  for (const ip of compact ?? detail.keys()) {
    // `intruders` in one written form (residual.ts); an older report's IPs may not be (review U, U2).
    const one = canonicalIp(ip);
    if (!intruders.has(one)) continue;
    const d = detail.get(ip);
    found.push(d === undefined ? { ip: one, logins: null, protocol: null, firstAt: null, lastAt: null } : { ...d, ip: one });
  }
  // Some of the user's IPs are not in the table: a count found there is a lower bound, none found says nothing.
  const listed = compact ?? shown;
  const cut = (num(row.clientIps) ?? listed.length) > listed.length || (compact !== null && row.ipsComplete === false);
  if (found.length === 0 && cut) return { checked: false, why: compact === null ? 'cut' : 'capped' };
  const byText = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);
  found.sort((a, b) => (b.logins ?? 0) - (a.logins ?? 0) || byText(a.firstAt ?? '~', b.firstAt ?? '~') || byText(a.ip, b.ip));
  const unknown = found.filter((f) => f.logins === null).length;
  return {
    checked: true, count: found.length, logins: found.reduce((s, f) => s + (f.logins ?? 1), 0), atLeast: cut,
    ...(unknown > 0 ? { loginsAtLeast: true } : {}), ips: found,
  };
}
