// Which of the before run's intruder IPs (a compromised-account finding's compromised-ips.txt) open the account's
// mailbox over IMAP/POP3 after the fix, read from the after report's mailboxLoginsByUser (review P, P3: 6 of the 43
// IPs logged in to info@example.jp 18 times after the fix, and compare said "Fixed … none of it from the 43 IPs").
//
// Only what the after report holds is read, and what it cannot show is said as such: a report of an older version has
// no such table ('no-table'); a table cut at --top may leave the user out, or, when none of the IPs shown is an
// intruder's, the user's other IPs ('cut'). Since review Q every user is kept with all its IPs (up to 1,000: past
// that 'capped'), whatever --top. An after report with no Dovecot login at all, successful or failed, by anyone, cannot
// show the intruders' either ('no-dovecot', review S, S2: Dovecot writes to its own log_path file, not given; compare
// said "checked, none" and "Fixed"); Dovecot's auth failures (SMTP AUTH through it) are Dovecot in the log (review AK, AK2).

import type { Report } from '../report/model.js';
import type { MailboxIntruder, MailboxIntruders } from './model.js';
import { canonicalIp } from '../parse/ip.js';

/** Intruder IPs named in compare.json, at most (the count is exact; residual.ts cuts the list). */
export const MAILBOX_INTRUDERS_SHOWN = 10;

function num(v: unknown): number | null {
  return typeof v === 'number' && Number.isFinite(v) ? v : null;
}

/**
 * Whether two user keys name one account: the same text, or addresses whose local parts are the same and whose domains
 * differ in case only (a domain's case means nothing; --redact-domains folds it, so the unredacted pair must too).
 */
export function sameAccount(a: string, b: string): boolean {
  if (a === b) return true;
  const i = a.lastIndexOf('@');
  const j = b.lastIndexOf('@');
  return i >= 0 && i === j && a.slice(0, i) === b.slice(0, j) && a.slice(i + 1).toLowerCase() === b.slice(j + 1).toLowerCase();
}

function strOrNull(v: unknown): string | null {
  return typeof v === 'string' ? v : null;
}

/**
 * A detailed row's logins per protocol (review U, U3), most first as the report wrote them; null when the report has
 * none (older than review U) or they are not counts.
 */
function protocolsOf(v: unknown): Record<string, number> | null {
  if (v === null || typeof v !== 'object' || Array.isArray(v)) return null;
  const entries = Object.entries(v as Record<string, unknown>);
  if (entries.length === 0 || !entries.every(([, n]) => (num(n) ?? 0) > 0)) return null;
  return Object.fromEntries(entries as Array<[string, number]>);
}

/**
 * Whether a report shows no Dovecot login activity at all: no IMAP/POP3 (submission, ManageSieve) login, successful or
 * failed, by any user, no failure of Dovecot's auth process (SMTP AUTH through it too), and no row in its table of
 * mailbox logins. Such a log cannot show anyone's logins: Dovecot writes to its own file (log_path, info_log_path) or
 * runs elsewhere. False when the report does not say (older).
 *
 * Review AK, AK2: the first 2 hours of samples/after-fix.log hold only `dovecot: auth: passwd-file(info@example.jp,
 * 106.125.64.253): Password mismatch` x3 (SMTP AUTH through Dovecot), no IMAP login: Dovecot logs here (its auth and
 * login processes share log_path), so no login in it is a login that did not happen, not a log not given.
 */
export function noMailboxLogins(r: Pick<Report, 'totals'> & { mailboxLoginsByUser?: unknown }): boolean {
  const t = r.totals as unknown as Record<string, unknown> | undefined;
  const rows: unknown = r.mailboxLoginsByUser;
  return t !== undefined && num(t.dovecotLogins) === 0 && num(t.dovecotLoginFailures) === 0 && (num(t.dovecotAuthFailures) ?? 0) === 0
    && (rows === undefined || (Array.isArray(rows) && rows.length === 0));
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
  // Every row of the account (review U, U4): --redact-domains gives info@example.jp and info@EXAMPLE.JP one key, and
  // the first row alone missed the intruder's logins under the other; unredacted, the domains' case is folded alike.
  const matched = rows.filter((r): r is Record<string, unknown> => isRow(r) && typeof r.key === 'string' && sameAccount(r.key, user));
  if (matched.length === 0) return !whole && top > 0 && rows.length >= top ? { checked: false, why: 'cut' } : { checked: true, count: 0, logins: 0, atLeast: false, ips: [] };
  const byIp = new Map<string, MailboxIntruder>();
  let cut = false;
  let partly = false;
  for (const row of matched) {
    const shown = Array.isArray(row.topClientIps) ? row.topClientIps as unknown[] : [];
    const detail = new Map<string, MailboxIntruder>();
    for (const x of shown) {
      if (!isRow(x)) continue;
      const logins = num(x.logins);
      if (typeof x.ip !== 'string' || logins === null || logins <= 0) continue;
      const protocols = protocolsOf(x.protocols);
      detail.set(x.ip, {
        ip: x.ip, logins, protocol: typeof x.protocol === 'string' ? x.protocol : '', ...(protocols === null ? {} : { protocols }),
        firstAt: strOrNull(x.firstAt), lastAt: strOrNull(x.lastAt),
      });
    }
    const compact = Array.isArray(row.ips) ? (row.ips as unknown[]).filter((x): x is string => typeof x === 'string') : null;
    for (const ip of compact ?? detail.keys()) {
      // `intruders` in one written form (residual.ts); an older report's IPs may not be (review U, U2).
      const one = canonicalIp(ip);
      if (!intruders.has(one)) continue;
      const d = detail.get(ip);
      const x: MailboxIntruder = d === undefined ? { ip: one, logins: null, protocol: null, firstAt: null, lastAt: null } : { ...d, ip: one };
      const had = byIp.get(one);
      if (had === undefined) { byIp.set(one, x); continue; }
      // The same IP under two rows of the account: one entry, its logins summed, from the first login to the last.
      if ((had.logins === null) !== (x.logins === null)) partly = true;
      const first = (had.firstAt ?? '~') <= (x.firstAt ?? '~') ? had : x;
      const protocols = sumProtocols(had.protocols, x.protocols);
      byIp.set(one, {
        ip: one, logins: had.logins === null && x.logins === null ? null : (had.logins ?? 0) + (x.logins ?? 0), protocol: first.protocol,
        ...(protocols === undefined ? {} : { protocols }),
        firstAt: first.firstAt, lastAt: (had.lastAt ?? '') >= (x.lastAt ?? '') ? had.lastAt : x.lastAt,
      });
    }
    // Some of the user's IPs are not in the table: a count found there is a lower bound, none found says nothing.
    const listed = compact ?? shown;
    if ((num(row.clientIps) ?? listed.length) > listed.length || (compact !== null && row.ipsComplete === false)) cut = true;
  }
  const found = [...byIp.values()];
  if (found.length === 0 && cut) return { checked: false, why: matched.every((r) => Array.isArray(r.ips)) ? 'capped' : 'cut' };
  const byText = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);
  found.sort((a, b) => (b.logins ?? 0) - (a.logins ?? 0) || byText(a.firstAt ?? '~', b.firstAt ?? '~') || byText(a.ip, b.ip));
  const unknown = found.filter((f) => f.logins === null).length + (partly ? 1 : 0);
  return {
    checked: true, count: found.length, logins: found.reduce((s, f) => s + (f.logins ?? 1), 0), atLeast: cut,
    ...(unknown > 0 ? { loginsAtLeast: true } : {}), ips: found,
  };
}

/**
 * The logins per protocol of one IP under two rows of the account (review U, U4), most first; none when either row
 * has no counts (an older report): then the first login's protocol stands for all, as it did.
 */
function sumProtocols(a: Record<string, number> | undefined, b: Record<string, number> | undefined): Record<string, number> | undefined {
  if (a === undefined || b === undefined) return undefined;
  const sum = new Map<string, number>(Object.entries(a));
  for (const [k, n] of Object.entries(b)) sum.set(k, (sum.get(k) ?? 0) + n);
  return Object.fromEntries([...sum].sort((x, y) => y[1] - x[1] || (x[0] < y[0] ? -1 : x[0] > y[0] ? 1 : 0)));
}

/** An intruder IP's logins as a verdict names them: in all, the first login's protocol and (review U) per protocol. */
interface ProtocolsOf { logins: number | null; protocol: string | null; protocols?: Record<string, number> }

/**
 * The protocols an intruder IP logged in with, most first, with their logins: the after report's counts (review U, U3),
 * or, from an older report, the first login's protocol with all the logins (what it said then).
 */
export function intruderProtocols(x: ProtocolsOf): Array<[string, number | null]> {
  return x.protocols !== undefined ? Object.entries(x.protocols) : [[x.protocol ?? '', x.logins]];
}

/** Whether any of them logged in over ManageSieve, at any of its logins (it can change the mailbox's Sieve filters). */
export function anySieveLogin(ips: readonly ProtocolsOf[]): boolean {
  return ips.some((x) => x.protocol === 'managesieve' || (x.protocols?.managesieve ?? 0) > 0);
}
