// What is left, in the after run, of a finding that did not fire there. A resolved finding is not always "none after":
// the rule may simply not have reached its threshold (samples/after-fix.log has 5 "Relay access denied" rejects, and
// relay-probing needs 10; info@example.jp still sent 7 messages, from its owner, after the password change). The
// after report's own tables say how many there are, for most rules; this reads them. Only what the report.json holds
// is read (compare works on report.json files too), and a count that a table cut at --top may hide is not guessed.

import type { Finding } from '../types.js';
import type { Report } from '../report/model.js';
import type { CarriedOver } from './model.js';
import { MAILBOX_INTRUDERS_SHOWN, mailboxIntrudersOf, noMailboxLogins, sameAccount } from './mailbox-intruders.js';
import { canonicalIp } from '../parse/ip.js';
import { isThisHost } from '../detect/rules/stale-password.js';
import { refusalsAfter } from './refusals-after.js';
import { intrudersStillTrying } from './intruders-still-trying.js';

/** count null: the after report does not say; atLeast: read from a table cut at --top (it may hide more). */
export interface Residual {
  count: number | null; atLeast: boolean; from: string;
  /**
   * Of `count`, what the after run's own rule explained as no attack: sasl-bruteforce's failures of clients that also
   * logged in (failedLoginsFromIpsToCheck: a phone with the old password after the password change). Left out of the
   * same-rate check (review 19, H4), not of the count.
   */
  explained?: number;
  /** receivers-refusing's refusals after could not be counted (refusals-after.ts): 'older' report, or 'cut' tables. */
  uncounted?: 'older' | 'cut';
}

const UNKNOWN: Residual = { count: null, atLeast: false, from: '' };

function num(v: unknown): number | null {
  return typeof v === 'number' && Number.isFinite(v) ? v : null;
}

/** A table of the report cut at --top (it holds `top` rows): a key missing from it may be further down. */
function isCut(r: Report, rows: unknown[]): boolean {
  const top = r.options?.top ?? 0;
  return top > 0 && rows.length >= top;
}

/** The object rows of a report table (nothing for a missing one). */
function objectRows(x: unknown): Array<Record<string, unknown>> {
  return Array.isArray(x) ? x.filter((v): v is Record<string, unknown> => v !== null && typeof v === 'object') : [];
}

/**
 * The after run's own lists of IPs that failed logins there, whole whatever --top: sasl-bruteforce's attacking IPs
 * and mailbox-breach's guessers that then logged in. A redacted report keeps the second only, as pseudonyms.
 */
const FAILED_LOGIN_LISTS: ReadonlyArray<{ rule: string; list: string }> = [
  { rule: 'sasl-bruteforce', list: 'blocklist-ips.txt' },
  { rule: 'mailbox-breach', list: 'compromised-ips.txt' },
];

/**
 * The client IPs the after report shows failing a login (SMTP AUTH, IMAP/POP3): its byClientIp rows,
 * its topAttackingIps (chosen among all IPs before the --top cut) and its Dovecot auth failures by IP, each cut at
 * --top or less (review S, S13), and its findings' uncut lists of such IPs (FAILED_LOGIN_LISTS: an intruder past
 * every table, guessing again after the fix, was named "to check with the owner"). An IP in none may have failed too.
 */
function failedLoginIps(r: Report): Set<string> {
  const out = new Set<string>();
  for (const x of [...objectRows(r.byClientIp), ...objectRows(r.topAttackingIps)]) {
    if (typeof x.key === 'string' && ((num(x.authFailures) ?? 0) > 0 || (num(x.mailboxLoginFailures) ?? 0) > 0)) out.add(canonicalIp(x.key));
  }
  for (const x of objectRows(r.dovecotAuthFailuresByIp)) if (typeof x.key === 'string' && (num(x.count) ?? 0) > 0) out.add(canonicalIp(x.key));
  for (const f of Array.isArray(r.findings) ? r.findings : []) {
    for (const { rule, list } of FAILED_LOGIN_LISTS) {
      if (f?.rule !== rule) continue;
      const ips: unknown = f.lists?.[list] ?? f.pseudonymLists?.[list];
      if (Array.isArray(ips)) for (const ip of ips) if (typeof ip === 'string') out.add(canonicalIp(ip));
    }
  }
  return out;
}

/** The IPs whose every count the after report holds: its rows of byClientIp and of topAttackingIps. */
function clientIpsListed(r: Report): Set<string> {
  const keys = [...objectRows(r.byClientIp), ...objectRows(r.topAttackingIps)].map((x) => x.key);
  return new Set(keys.filter((k): k is string => typeof k === 'string').map(canonicalIp));
}

/** The sum of a reason table's rows whose reason matches; null when the table is missing or the match may be cut away. */
function reasonSum(r: Report, table: 'rejectReasons' | 'connectFailureReasons', match: RegExp): Residual {
  const rows = (r as unknown as Record<string, unknown>)[table];
  if (!Array.isArray(rows)) return UNKNOWN;
  let count = 0;
  let found = false;
  for (const x of rows as Array<{ reason?: unknown; count?: unknown }>) {
    const c = num(x?.count);
    if (typeof x?.reason !== 'string' || c === null || !match.test(x.reason)) continue;
    count += c;
    found = true;
  }
  const cut = isCut(r, rows);
  if (!found && cut) return UNKNOWN;
  return { count, atLeast: found && cut, from: `${table} matching ${String(match)}` };
}

/** A sum of totals fields, or null when one is missing. */
function totalsSum(r: Report, fields: string[]): Residual {
  const t = r.totals as unknown as Record<string, unknown>;
  let count = 0;
  for (const f of fields) {
    const v = num(t[f]);
    if (v === null) return UNKNOWN;
    count += v;
  }
  return { count, atLeast: false, from: fields.map((f) => `totals.${f}`).join(' + ') };
}

/** 0 when the totals show that there can be none (nothing of the kind happened at all); the report cannot say more. */
function noneWhenZero(r: Report, fields: string[]): Residual {
  const s = totalsSum(r, fields);
  return s.count === 0 ? { ...s, from: `${s.from} = 0` } : UNKNOWN;
}

/**
 * The number a resolved finding (of the before run) is compared by, counted in the after report where its rule did
 * not fire. Mirrors the rules' main numbers (match.ts RULE_MEASURES):
 *
 * - compromised-account (messages sent): the account's bySaslUser row, messages;
 * - sasl-bruteforce (failed logins): SMTP AUTH failures and aborts plus IMAP/POP3 login failures (typos included);
 * - queue-flood (deferred attempts): totals.deferred, the same number the rule reads;
 * - relay-probing (rejected probes): the "Relay access denied" rejects, or for address harvesting the "User unknown"
 *   ones (every such reject, not only a harvester's);
 * - backscatter: remote bounce recipients + bounced locally after acceptance + /dev/null deliveries, as the rule adds them;
 * - outbound-port-blocked (connection timeouts): the "Connection timed out" connect failures;
 * - queue-cleanup, queue-deleted: 0 when nothing is queued at the end / was deleted in bulk; otherwise unknown (the
 *   report does not classify them without the rule);
 * - receivers-refusing (refusals): 0 when nothing was deferred or bounced at all; else the refusals of the before
 *   finding's classes in the grouped deferral causes and bounce reasons (refusals-after.ts), or unknown with why;
 * - open-relay, server-trouble and rules unknown here: unknown.
 */
export function residualOf(f: Finding, after: Report): Residual {
  switch (f.rule) {
    case 'compromised-account': {
      const rows = Array.isArray(after.bySaslUser) ? after.bySaslUser : null;
      if (rows === null) return UNKNOWN;
      // Every row of the account (review U, U4: --redact-domains gives two rows one key when the domain's case differs).
      const of = rows.filter((x) => x !== null && typeof x === 'object' && typeof x.key === 'string' && sameAccount(x.key, f.subject.value));
      const from = `bySaslUser ${f.subject.value}: messages`;
      if (of.length > 0) return of.some((x) => num(x.messages) === null) ? UNKNOWN : { count: of.reduce((n, x) => n + x.messages, 0), atLeast: false, from };
      return isCut(after, rows) ? UNKNOWN : { count: 0, atLeast: false, from };
    }
    case 'sasl-bruteforce': {
      const r = totalsSum(after, ['authFailures', 'authAborted', 'dovecotLoginFailures']);
      const explained = after.findings.filter((x) => x.rule === 'sasl-bruteforce')
        .reduce((s, x) => s + (num(x.evidence.failedLoginsFromIpsToCheck) ?? 0), 0);
      return explained > 0 && r.count !== null ? { ...r, explained: Math.min(explained, r.count) } : r;
    }
    case 'queue-flood': return totalsSum(after, ['deferred']);
    case 'relay-probing':
      return 'unknownRecipientRejects' in f.evidence && !('relayDenied' in f.evidence)
        ? reasonSum(after, 'rejectReasons', /User unknown/i)
        : reasonSum(after, 'rejectReasons', /Relay access denied/i);
    case 'backscatter': return totalsSum(after, ['ndrRemoteRecipients', 'inboundBouncedLocally', 'devNullDeliveries']);
    case 'outbound-port-blocked': return reasonSum(after, 'connectFailureReasons', /timed out/i);
    case 'queue-cleanup': return noneWhenZero(after, ['stillQueued']);
    case 'queue-deleted': return noneWhenZero(after, ['deletedInBulk']);
    case 'receivers-refusing': {
      const none = noneWhenZero(after, ['deferred', 'bounced', 'expired']);
      if (none.count === 0) return none;
      const r = refusalsAfter(f, after);
      return r.count === null ? { ...UNKNOWN, uncounted: r.why }
        : { count: r.count, atLeast: r.atLeast, from: 'deferralCauses + bounceReasons of the before finding\'s refusal classes' };
    }
    default: return UNKNOWN;
  }
}

/**
 * What of the before run's own abuse is still there in the after run, told by the before finding's exported lists
 * (review 19): whatever its rule did after, the same messages still queued, or the same intruders still sending, are
 * the same problem, not a resolved one.
 *
 * - queue-cleanup: the queue IDs of its queue-delete.txt still queued at the end of the after log (the after report's
 *   stillQueued, complete); `notFlagged`: of those, the ones the after run does not count as abuse itself (a message
 *   whose first lines are before the after log is a partial record, without its login), to add to its own count;
 * - compromised-account (critical or high, not a note): the IPs of its compromised-ips.txt that still send as the
 *   account after (byClientIp rows whose saslUsers name it and that submitted mail); a table cut at --top may hide
 *   more (`atLeast`), and then none found says nothing.
 *
 * null when the finding has no such list or the after report has no such table; `count` 0 when it was checked and
 * nothing is left.
 */
export function carriedOverOf(
  f: Finding, after: Report, beforeEnd: string | null = null, before: Pick<Report, 'totals' | 'mailboxLoginsByUser' | 'redaction' | 'byClientIp'> | null = null,
): (CarriedOver & { notFlagged: number }) | null {
  if (f.rule === 'queue-cleanup') {
    const ids = f.lists?.['queue-delete.txt'];
    if (!Array.isArray(ids) || ids.length === 0 || !Array.isArray(after.stillQueued)) return null;
    const set = new Set(ids);
    // Postfix reuses short queue IDs: a message whose whole life is in the after log and that began after the before
    // period is another message under an old ID (review P, P4: tanaka's mail of Dec 5 read "the same messages still
    // queued", and the old queue-delete.txt would have deleted it). Local times of one server compare as strings.
    const reused = (q: { partial?: unknown; since?: unknown }): boolean =>
      q.partial === false && typeof q.since === 'string' && beforeEnd !== null && q.since > beforeEnd;
    const left = after.stillQueued.filter((q) => q !== null && typeof q === 'object' && set.has(q.qid) && !reused(q));
    return { kind: 'queue-ids', count: left.length, of: set.size, atLeast: false, notFlagged: left.filter((q) => q.legitimate !== false).length };
  }
  if (f.rule === 'compromised-account' && (f.severity === 'critical' || f.severity === 'high')) {
    // A redacted report keeps the list as pseudonyms (review R, R5): compare refuses two reports of different keys, so
    // they are the after report's pseudonyms of the same IPs, and the same checks are made on them.
    const ips = f.lists?.['compromised-ips.txt'] ?? f.pseudonymLists?.['compromised-ips.txt'];
    // No list to check against: said, not passed over as "nothing left" (P3). A redacted report of an older version
    // left it out ('no-list'); otherwise the finding named no IP of its own ('none-listed').
    if (!Array.isArray(ips) || ips.length === 0) {
      const olderRedacted = before?.redaction != null && before.redaction.pseudonymLists !== true;
      return { kind: 'intruder-ips', count: 0, of: 0, atLeast: false, unchecked: olderRedacted ? 'no-list' : 'none-listed', notFlagged: 0 };
    }
    if (!Array.isArray(after.byClientIp)) return null;
    // IPs in one written form (review U, U2): a report of an older version may hold Dovecot's "::ffff:1.2.3.4" for
    // Postfix's "1.2.3.4" (this version's parsers write one form; pseudonyms are left as they are).
    const set = new Set(ips.map(canonicalIp));
    const rows = after.byClientIp.filter((r) => r !== null && typeof r === 'object' && set.has(canonicalIp(r.key)) && (num(r.messages) ?? 0) > 0
      && Array.isArray(r.saslUsers) && r.saslUsers.some((u) => typeof u === 'string' && sameAccount(u, f.subject.value)));
    // Review AB, F2: byClientIp is cut at --top (95 client IPs in a quiet 42-hour log), and an intruder sending a few
    // messages is past its last row. The account's own bySaslUser row names its first client IPs (topClientIps), all
    // of them when its `clientIps` is no more: the intruders found there send too (their messages are not counted
    // there), and when that list is whole, or the account sent nothing in an uncut table, the check is exact.
    const userRows = Array.isArray(after.bySaslUser)
      ? after.bySaslUser.filter((r) => r !== null && typeof r === 'object' && typeof r.key === 'string' && sameAccount(r.key, f.subject.value)) : [];
    const fromUserRows = new Set(userRows.flatMap((r) => (Array.isArray(r.topClientIps) ? r.topClientIps : []))
      .filter((ip): ip is string => typeof ip === 'string').map(canonicalIp).filter((ip) => set.has(ip)));
    for (const r of rows) fromUserRows.delete(canonicalIp(r.key));
    const userIpsWhole = userRows.length > 0
      ? userRows.every((r) => Array.isArray(r.topClientIps) && typeof r.clientIps === 'number' && r.clientIps <= r.topClientIps.length)
      : Array.isArray(after.bySaslUser) && !isCut(after, after.bySaslUser);
    const byIpCut = isCut(after, after.byClientIp);
    const sendingExact = !byIpCut || userIpsWhole;
    const messages = rows.reduce((s, r) => s + r.messages, 0);
    // The same IPs opening the mailbox over IMAP/POP3 (review P, P3): the password works for them as well. Not
    // looked at when neither log has any Dovecot login (review S, S2): a server whose logs show no Dovecot at all,
    // before or after (no IMAP on it, or its log never given), would read "not checked" and "Unclear" after every fix,
    // for a check the before run could not make either; the before finding was made from its mail alone.
    const mailbox = before !== null && noMailboxLogins(before) && noMailboxLogins(after) ? undefined : mailboxIntrudersOf(after, f.subject.value, set);
    const seen = new Set([...rows.map((r) => canonicalIp(r.key)), ...fromUserRows]);
    if (mailbox?.checked === true) for (const x of mailbox.ips) seen.add(x.ip);
    const shown = mailbox?.checked === true ? { ...mailbox, ips: mailbox.ips.slice(0, MAILBOX_INTRUDERS_SHOWN) } : mailbox;
    // Review Q, Q9: an IP that only logs in after the fix, without sending as the account or failing a login there,
    // may be the owner's own device the before run listed (first seen after the guess): named "to check with the owner".
    // Review S, S13: whether it failed a login is read from the tables of client IPs, cut at --top, and the after
    // run's uncut lists of attacking IPs; an IP found in none, when byClientIp is cut, is named with "not known"
    // (toCheckUnknown), not "no failed login".
    const sendingIps = new Set([...rows.map((r) => canonicalIp(r.key)), ...fromUserRows]);
    const failed = failedLoginIps(after);
    const listedIps = clientIpsListed(after);
    const toCheck = mailbox?.checked === true ? mailbox.ips.map((x) => x.ip).filter((ip) => !sendingIps.has(ip) && !failed.has(ip)).sort().slice(0, MAILBOX_INTRUDERS_SHOWN) : [];
    const unknown = byIpCut ? toCheck.filter((ip) => !listedIps.has(ip)) : [];
    const others = newSendersOf(f, after, set, userRows, sendingExact, before?.byClientIp);
    // Review AK, AK2/AK3: the others still connecting or failing logins (the old password): a note, not a use of it.
    const trying = intrudersStillTrying(after, set, seen);
    return {
      kind: 'intruder-ips', count: seen.size, of: set.size, atLeast: !sendingExact || (mailbox?.checked === true && mailbox.atLeast),
      // The messages of the IPs found in byClientIp; not given when one was found only in the account's row.
      ...(fromUserRows.size > 0 ? {} : { messages }), sending: sendingIps.size, ...(sendingExact ? {} : { sendingUnknown: true as const }),
      ...(shown === undefined ? {} : { mailbox: shown }),
      ...(toCheck.length > 0 ? { toCheck } : {}), ...(unknown.length > 0 ? { toCheckUnknown: unknown } : {}),
      ...(trying === null ? {} : { stillTrying: trying }), ...others, notFlagged: 0,
    };
  }
  return null;
}

/**
 * Review AB, F7: the IPs sending as the account after the fix that the before run knew neither as the owner's nor as
 * the intruder's (`intruders`), leaving out IPs other users send from too (an office's address), this server's and the
 * after run's allowed IPs. Four new addresses sending 15 of info@'s 22 messages after read "with no sign of someone
 * else at work": the rule does not fire below its minimum of IPs, and compare looked only for the before run's
 * intruders. Read from the account's bySaslUser row (topClientIps) and byClientIp; nothing when those do not list all
 * the account's IPs (sendingExact false: said as sendingUnknown already).
 *
 * The owner's IPs are the finding's firstOwnerIps (its first 5 of `ownerIps`) and the before report's byClientIp rows
 * with the role "owner-client" that name the account (review AB's rest: an owner with 8 IPs, phone, home, office,
 * VPN …, lost the check when the finding listed 5 of them). When those are still fewer than the owner's IPs (rows past
 * the before table's --top), the new IPs are named all the same, with how many of the owner's IPs the before report
 * names (`owners`): they may be the owner's others.
 */
function newSendersOf(
  f: Finding, after: Report, intruders: ReadonlySet<string>, userRows: Array<{ topClientIps?: unknown }>, sendingExact: boolean,
  beforeIpRows: unknown,
): Pick<CarriedOver, 'newSenders' | 'ownersUnknown'> {
  const listed = typeof f.evidence.firstOwnerIps === 'string' ? f.evidence.firstOwnerIps.split(',').map((x) => x.trim()).filter((x) => x !== '') : [];
  const ownerCount = num(f.evidence.ownerIps) ?? listed.length;
  const names = (x: Record<string, unknown>, field: string): boolean =>
    Array.isArray(x[field]) && (x[field] as unknown[]).some((u) => typeof u === 'string' && sameAccount(u, f.subject.value));
  const ownerRows = objectRows(beforeIpRows).filter((x) => typeof x.key === 'string' && Array.isArray(x.roles) && x.roles.includes('owner-client')
    && (names(x, 'saslUsers') || names(x, 'mailboxUsers')));
  const owner = new Set([...listed, ...ownerRows.map((x) => x.key as string)].map(canonicalIp));
  const ownersWhole = owner.size >= ownerCount;
  if (!sendingExact) return ownersWhole ? {} : { ownersUnknown: true };
  const allowed = new Set((after.options?.detection?.allowIps ?? []).filter((x): x is string => typeof x === 'string').map(canonicalIp));
  const ipRows = objectRows(after.byClientIp);
  const users = (x: Record<string, unknown>): string[] => (Array.isArray(x.saslUsers) ? x.saslUsers.filter((u): u is string => typeof u === 'string') : []);
  const rowOf = new Map(ipRows.filter((x) => typeof x.key === 'string').map((x) => [canonicalIp(x.key as string), x]));
  const account = new Set([
    ...userRows.flatMap((r) => (Array.isArray(r.topClientIps) ? r.topClientIps : [])).filter((ip): ip is string => typeof ip === 'string'),
    ...ipRows.filter((x) => typeof x.key === 'string' && (num(x.messages) ?? 0) > 0 && users(x).some((u) => sameAccount(u, f.subject.value))).map((x) => x.key as string),
  ].map(canonicalIp));
  const fresh = [...account].filter((ip) => {
    if (intruders.has(ip) || owner.has(ip) || allowed.has(ip) || isThisHost(ip)) return false;
    const row = rowOf.get(ip);
    return row === undefined || users(row).every((u) => sameAccount(u, f.subject.value));
  }).sort();
  if (fresh.length === 0) return {};
  let messages: number | null = 0;
  for (const ip of fresh) {
    const m = rowOf.get(ip) === undefined ? null : num(rowOf.get(ip)!.messages);
    messages = m === null || messages === null ? null : messages + m;
  }
  return { newSenders: { count: fresh.length, ips: fresh.slice(0, MAILBOX_INTRUDERS_SHOWN), messages, ...(ownersWhole ? {} : { owners: { known: owner.size, of: ownerCount } }) } };
}
