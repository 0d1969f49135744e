// Which of the before run's intruder IPs (a compromised-account finding's compromised-ips.txt) open the account's
// mailbox over IMAP/POP3 after the fix, read from the after report's mailboxLoginsByUser (review P, P3: 6 of the 43
// IPs logged in to info@example.jp 18 times after the fix, and compare said "Fixed … none of it from the 43 IPs").
//
// Only what the after report holds is read, and what it cannot show is said as such: a report of an older version has
// no such table ('no-table'); a table cut at --top may leave the user out, or, when none of the IPs shown is an
// intruder's, the user's other IPs ('cut').

import type { Report } from '../report/model.js';
import type { MailboxIntruder, MailboxIntruders } from './model.js';

/** Intruder IPs named in compare.json, at most (the count is exact; residual.ts cuts the list). */
export const MAILBOX_INTRUDERS_SHOWN = 10;

function num(v: unknown): number | null {
  return typeof v === 'number' && Number.isFinite(v) ? v : null;
}

function strOrNull(v: unknown): string | null {
  return typeof v === 'string' ? v : null;
}

/**
 * The logins to `user`'s mailbox from the IPs of `intruders` in the after report, or why they could not be checked;
 * every IP found, most logins first (at most the after table's --top per user).
 */
export function mailboxIntrudersOf(after: Report, user: string, intruders: ReadonlySet<string>): MailboxIntruders {
  const rows: unknown = after.mailboxLoginsByUser;
  if (!Array.isArray(rows)) return { checked: false, why: 'no-table' };
  const top = num(after.options?.top) ?? 0;
  const row = rows.find((r): r is Record<string, unknown> => r !== null && typeof r === 'object' && (r as { key?: unknown }).key === user);
  if (row === undefined) return top > 0 && rows.length >= top ? { checked: false, why: 'cut' } : { checked: true, count: 0, logins: 0, atLeast: false, ips: [] };
  const shown = Array.isArray(row.topClientIps) ? row.topClientIps as unknown[] : [];
  const found: MailboxIntruder[] = [];
  for (const x of shown) {
    if (x === null || typeof x !== 'object') continue;
    const r = x as Record<string, unknown>;
    const logins = num(r.logins);
    if (typeof r.ip !== 'string' || !intruders.has(r.ip) || logins === null || logins <= 0) continue;
    found.push({ ip: r.ip, logins, protocol: typeof r.protocol === 'string' ? r.protocol : '', firstAt: strOrNull(r.firstAt), lastAt: strOrNull(r.lastAt) });
  }
  // Some of the user's IPs are not in the table: a count found there is a lower bound, none found says nothing.
  const cut = (num(row.clientIps) ?? shown.length) > shown.length;
  if (found.length === 0 && cut) return { checked: false, why: 'cut' };
  const byText = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);
  found.sort((a, b) => b.logins - a.logins || byText(a.firstAt ?? '', b.firstAt ?? '') || byText(a.ip, b.ip));
  return {
    checked: true, count: found.length, logins: found.reduce((s, f) => s + f.logins, 0), atLeast: cut,
    ips: found,
  };
}
