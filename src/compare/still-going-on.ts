// The before run's own abuse still going on in the after run below its rule's threshold. A rule fires only above a
// threshold, so "the rule did not fire after" is not "it stopped": the same attacking IPs may still fail logins a few
// times a day, fewer than sasl-bruteforce needs (or few enough that the after run calls them background guessing).
// Told by the before finding's own list of whom it was about, looked up in the after report's per-IP counters; never by
// the after run's totals, which hold every other guesser and the users' typos too (that is residual.ts's count).
//
// - sasl-bruteforce: the IPs of its blocklist-ips.txt (or, without it, of its evidence topAttackingIps) that fail
//   logins after (SMTP AUTH failed or aborted, IMAP/POP3 login failures);
// - relay-probing: the IPs of its evidence topIps still refused with "Relay access denied" (address harvesting: with
//   "User unknown");
// - queue-flood: the messages still queued at the end of the before log that are still queued at the end of the
//   after log (still deferred, retried all along);
// - backscatter: the kinds of bounce the before finding was made of, in the after report's totals, which count those
//   bounces and nothing else: notifications to outside addresses that could not be delivered either (bounced or
//   expired: their sender does not exist, it was forged), recipients of inbound mail accepted then bounced here,
//   deliveries into /dev/null (a luser_relay). Not the notifications delivered: one to a forged sender that exists
//   cannot be told from one to a real sender.
//
// byClientIp is cut at --top and topAttackingIps holds the 15 worst IPs, so an IP found there is certain and one not
// found may be past both tables. When the after side is a log (compare of a log, analyze --baseline), the IPs are
// looked up in its aggregate, every IP (after-ip-counts.ts); from a report side, a miss is not claimed as "stopped":
// when the tables may leave out IPs that did the same after, those IPs of the list are counted as not known
// (StillGoingOn.unknown), and the verdict says so (review: "not known past the top N", not gone).

import type { Finding } from '../types.js';
import type { Report } from '../report/model.js';
import type { StillGoingOn, StillGoingOnItem } from './model.js';
import { canonicalIp } from '../parse/ip.js';
import { TOP_ATTACKING_IPS } from '../report/build.js';
import type { AfterIpLookup } from './after-ip-counts.js';
import { activityOf } from './intruders-still-trying.js';
import type { IpActivity } from './intruders-still-trying.js';

/** The items named in compare.json (the verdict names fewer). */
export const STILL_GOING_ON_SHOWN = 10;

function num(v: unknown): number | null {
  return typeof v === 'number' && Number.isFinite(v) ? v : null;
}

function objectRows(x: unknown): Array<Record<string, unknown>> {
  return Array.isArray(x) ? x.filter((v): v is Record<string, unknown> => v !== null && typeof v === 'object') : [];
}

/** "186.78.183.59 (41), 23.34.171.26 (33)" (the rules' topIps, topAttackingIps) → IP → count. */
function ipCounts(text: unknown): Map<string, number> {
  const out = new Map<string, number>();
  if (typeof text !== 'string') return out;
  for (const part of text.split(',')) {
    const m = /^\s*(\S+)\s+\((\d+)\)\s*$/.exec(part);
    if (m !== null) out.set(canonicalIp(m[1]!), Number(m[2]));
  }
  return out;
}

/** The after report's rows of client IPs (byClientIp, then topAttackingIps: every count of the IP), by IP. */
function ipRows(after: Report): Map<string, Record<string, unknown>> {
  const out = new Map<string, Record<string, unknown>>();
  for (const r of [...objectRows(after.byClientIp), ...objectRows(after.topAttackingIps)]) {
    if (typeof r.key === 'string' && !out.has(canonicalIp(r.key))) out.set(canonicalIp(r.key), r);
  }
  return out;
}

/** Failed logins of a client-IP row, as sasl-bruteforce counts them (attacked-names.ts ipFailures). */
function failuresOfRow(r: Record<string, unknown>): number {
  return (num(r.authFailures) ?? 0) + (num(r.authAborted) ?? 0) + (num(r.mailboxLoginFailures) ?? 0);
}

/** Items with a count first (most first), then those whose count is not known, each group by key. */
function ordered(items: StillGoingOnItem[]): StillGoingOnItem[] {
  return [...items].sort((a, b) => (b.events ?? -1) - (a.events ?? -1) || (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
}

/** `unknown`: the IPs of the list whose counts after the after report cannot give (tables cut at `top`). */
function summary(kind: StillGoingOn['kind'], list: string, of: number, items: StillGoingOnItem[], unknown = 0, top = 0, connected?: number): StillGoingOn | null {
  if (of === 0) return null;
  const known = items.filter((x) => x.events !== null);
  return {
    kind, list, count: items.length, of,
    events: known.reduce((s, x) => s + x.events!, 0), atLeast: known.length < items.length,
    items: ordered(items).slice(0, STILL_GOING_ON_SHOWN),
    ...(unknown > 0 ? { unknown: { ips: unknown, top } } : {}),
    ...(connected === undefined ? {} : { connected }),
  };
}

/**
 * Every client IP of a report side whose client IPs are all known (its clientIpIndex complete, or tables not cut:
 * intruders-still-trying.ts activityOf), by IP; null otherwise, and for a log side (its own lookup). Review AK, AK7/AK8
 * follow-up: an IP of the before list missing from it did not connect after at all.
 */
function everyIp(after: Report, afterIps?: AfterIpLookup): Map<string, IpActivity> | null {
  if (afterIps !== undefined) return null;
  const { rows, whole } = activityOf(after);
  if (!whole) return null;
  const out = new Map<string, IpActivity>();
  for (const r of rows) if (!out.has(canonicalIp(r.ip))) out.set(canonicalIp(r.ip), r);
  return out;
}

/** How many of `ips` connected (or failed a login) after, by `every`; undefined when not known. */
function connectedOf(ips: Iterable<string>, every: ReadonlyMap<string, IpActivity> | null): number | undefined {
  if (every === null) return undefined;
  let n = 0;
  for (const ip of ips) { const x = every.get(ip); if (x !== undefined && (x.connections > 0 || x.failedLogins > 0)) n++; }
  return n;
}

/** A table of the report cut at --top (it holds `top` rows): a key missing from it may be further down. */
function isCut(r: Report, rows: unknown): boolean {
  const top = r.options?.top ?? 0;
  return Array.isArray(rows) && top > 0 && rows.length >= top;
}

/**
 * Whether the after report may leave out an IP that failed logins: its topAttackingIps, chosen among all IPs, holds every
 * IP with a failed login or a relay probe when it has fewer than its 15 rows; otherwise clientIpCounts says how many
 * IPs failed SMTP AUTH and how many IMAP/POP3 logins, against the rows that show such failures and the IPs of the
 * after run's own lists of failing IPs (`listed`: a background sasl-bruteforce lists every guesser) that have no row.
 * Those IPs failed one kind or both: when the failing IPs left without a row of their kind are no more than they, none
 * is left out (a hidden IP would be one more). A report without clientIpCounts (an older version's) may leave some out
 * when byClientIp is cut.
 */
function failingIpsLeftOut(after: Report, listed: ReadonlySet<string>): boolean {
  if (Array.isArray(after.topAttackingIps) && after.topAttackingIps.length < TOP_ATTACKING_IPS) return false;
  const c = after.clientIpCounts as Partial<Report['clientIpCounts']> | undefined;
  if (typeof c?.smtpAuthFailures !== 'number' || typeof c.mailboxLoginFailures !== 'number') return isCut(after, after.byClientIp);
  const rows = ipRows(after);
  let smtp = 0;
  let mailbox = 0;
  for (const r of rows.values()) {
    if ((num(r.authFailures) ?? 0) + (num(r.authAborted) ?? 0) > 0) smtp++;
    if ((num(r.mailboxLoginFailures) ?? 0) > 0) mailbox++;
  }
  const withoutRow = [...listed].filter((ip) => !rows.has(ip)).length;
  return Math.max(0, c.smtpAuthFailures - smtp) + Math.max(0, c.mailboxLoginFailures - mailbox) > withoutRow;
}

/**
 * Whether the after report may leave out an IP refused with "Relay access denied" (`relayDenied`: topAttackingIps counts
 * them among its attacks, and holds them all when it has fewer than its 15 rows) or "User unknown" (`unknownRecipient`):
 * not when its rows hold every such refusal its rejectReasons count (a table of reasons not cut at --top).
 */
function refusedIpsLeftOut(after: Report, field: 'relayDenied' | 'unknownRecipient'): boolean {
  if (field === 'relayDenied' && Array.isArray(after.topAttackingIps) && after.topAttackingIps.length < TOP_ATTACKING_IPS) return false;
  if (!isCut(after, after.byClientIp)) return false;
  const reasons = objectRows(after.rejectReasons);
  if (!Array.isArray(after.rejectReasons) || isCut(after, reasons)) return true;
  // As aggregate/events.ts counts them per IP from the reject's text.
  const match = field === 'relayDenied' ? /Relay access denied/ : /User unknown/i;
  const all = reasons.reduce((n, r) => n + (typeof r.reason === 'string' && match.test(r.reason) ? num(r.count) ?? 0 : 0), 0);
  const shown = [...ipRows(after).values()].reduce((n, r) => n + (num(r[field]) ?? 0), 0);
  return shown < all;
}

/** The IPs a before sasl-bruteforce finding was about: its blocklist (whole), else the first ones its evidence names. */
function bruteforceIps(f: Finding): { list: string; ips: string[] } {
  const whole: unknown = f.lists?.['blocklist-ips.txt'] ?? f.pseudonymLists?.['blocklist-ips.txt'];
  if (Array.isArray(whole) && whole.length > 0) return { list: 'blocklist-ips.txt', ips: whole.filter((x): x is string => typeof x === 'string') };
  return { list: 'topAttackingIps', ips: [...ipCounts(f.evidence.topAttackingIps).keys()] };
}

/**
 * The before brute force's IPs failing logins after. Their counts from the after report's rows; an IP found only in the
 * after run's own uncut lists of failing IPs (sasl-bruteforce's blocklist, mailbox-breach's intruders) takes its
 * count from the after finding's evidence when it names it, else it is counted without one (`atLeast`).
 */
function bruteforceStill(f: Finding, after: Report, afterIps?: AfterIpLookup): StillGoingOn | null {
  const { list, ips } = bruteforceIps(f);
  const rows = ipRows(after);
  const afterCounts = new Map<string, number>();
  const afterListed = new Set<string>();
  for (const x of Array.isArray(after.findings) ? after.findings : []) {
    if (x?.rule === 'sasl-bruteforce') for (const [ip, n] of ipCounts(x.evidence?.topAttackingIps)) afterCounts.set(ip, n);
    const l: unknown = x?.rule === 'sasl-bruteforce' ? x.lists?.['blocklist-ips.txt'] ?? x.pseudonymLists?.['blocklist-ips.txt']
      : x?.rule === 'mailbox-breach' ? x.lists?.['compromised-ips.txt'] ?? x.pseudonymLists?.['compromised-ips.txt'] : null;
    if (Array.isArray(l)) for (const ip of l) if (typeof ip === 'string') afterListed.add(canonicalIp(ip));
  }
  const items: StillGoingOnItem[] = [];
  const every = everyIp(after, afterIps);
  const leftOut = afterIps === undefined && every === null && failingIpsLeftOut(after, afterListed);
  let unknown = 0;
  for (const ip of new Set(ips.map(canonicalIp))) {
    const row = rows.get(ip);
    const n = row === undefined ? 0 : failuresOfRow(row);
    const inLog = row === undefined ? afterIps?.get(ip)?.failures ?? every?.get(ip)?.failedLogins ?? 0 : 0;
    if (n > 0) items.push({ key: ip, events: n });
    else if (afterCounts.has(ip)) items.push({ key: ip, events: afterCounts.get(ip)! });
    else if (afterListed.has(ip)) items.push({ key: ip, events: null });
    else if (inLog > 0) items.push({ key: ip, events: inLog });
    // In no row (a row holds its every count) of tables that may leave out IPs that failed logins after.
    else if (row === undefined && leftOut) unknown++;
  }
  return summary('same-ips', list, new Set(ips.map(canonicalIp)).size, items, unknown, after.options?.top ?? 0, connectedOf(new Set(ips.map(canonicalIp)), every));
}

/**
 * The IPs the still-going-on checks of `before`'s findings look up (sasl-bruteforce's, relay-probing's), in the form
 * they are looked up in: what the after log is asked about when it is analyzed here (after-ip-counts.ts).
 */
export function watchedIps(before: Pick<Report, 'findings'>): Set<string> {
  const out = new Set<string>();
  for (const f of Array.isArray(before.findings) ? before.findings : []) {
    if (f?.rule === 'sasl-bruteforce' && f.severity !== 'low' && f.severity !== 'info') for (const ip of bruteforceIps(f).ips) out.add(canonicalIp(ip));
    if (f?.rule === 'relay-probing') for (const ip of ipCounts(f.evidence?.topIps).keys()) out.add(ip);
  }
  return out;
}

/** The before relay probers (or harvesters) still refused after: "Relay access denied" (or "User unknown") per IP. */
function relayStill(f: Finding, after: Report, afterIps?: AfterIpLookup): StillGoingOn | null {
  const harvesting = 'unknownRecipientRejects' in f.evidence && !('relayDenied' in f.evidence);
  const field = harvesting ? 'unknownRecipient' : 'relayDenied';
  const ips = [...ipCounts(f.evidence.topIps).keys()];
  const rows = ipRows(after);
  const leftOut = afterIps === undefined && refusedIpsLeftOut(after, field);
  // An IP that did not connect after at all did not probe; one that did, past the rows, probed as many times as the
  // index's relayDenied says (an earlier build's index, or harvesting's "User unknown", has no such count: not known).
  const every = everyIp(after, afterIps);
  let unknown = 0;
  const items = ips.flatMap((ip): StillGoingOnItem[] => {
    const row = rows.get(ip);
    const x = every?.get(ip);
    const indexed = field === 'relayDenied' && x !== undefined ? x.relayDenied : null;
    const n = row === undefined ? afterIps?.get(ip)?.[field] ?? indexed ?? 0 : num(row[field]) ?? 0;
    if (n === 0 && row === undefined && leftOut && (every === null || (x !== undefined && indexed === null))) unknown++;
    return n > 0 ? [{ key: ip, events: n }] : [];
  });
  return summary('same-ips', 'topIps', ips.length, items, unknown, after.options?.top ?? 0, connectedOf(ips, every));
}

/**
 * The messages queued at the end of the before log still queued at the end of the after log, each with its deferrals
 * in the after log. Postfix reuses short queue IDs: a message whose whole life is in the after log and that began
 * after the before period is another one (as residual.ts carriedOverOf reads queue-delete.txt; review P, P4).
 */
function queueStill(before: Report, after: Report): StillGoingOn | null {
  const queued = objectRows(before.stillQueued).map((q) => q.qid).filter((q): q is string => typeof q === 'string');
  if (queued.length === 0 || !Array.isArray(after.stillQueued)) return null;
  const set = new Set(queued);
  const end = before.period?.to ?? null;
  const items = objectRows(after.stillQueued).flatMap((q): StillGoingOnItem[] => {
    if (typeof q.qid !== 'string' || !set.has(q.qid)) return [];
    if (q.partial === false && typeof q.since === 'string' && end !== null && q.since > end) return [];
    return [{ key: q.qid, events: num(q.deferrals) ?? 0 }];
  });
  return summary('queued', 'stillQueued', set.size, items);
}

/**
 * The kinds of bounce a backscatter finding is made of: the before finding's evidence key (checked when it or `alsoBefore`
 * is above 0) and the after report's totals field counting the same bounces (rules/backscatter.ts reads these totals).
 * A notification deferred at its last try (bouncesStillDeferred, totals.ndrRemotePending) may yet be delivered: it makes
 * the kind checked, but is not counted after.
 */
const BACKSCATTER_KINDS: ReadonlyArray<{ key: string; alsoBefore?: string; after: string }> = [
  { key: 'bouncesBouncedThemselves', alsoBefore: 'bouncesStillDeferred', after: 'ndrRemoteFailed' },
  { key: 'acceptedThenBounced', after: 'inboundBouncedLocally' },
  { key: 'devNullDeliveries', after: 'devNullDeliveries' },
];

/**
 * The before backscatter's kinds of bounce still made after, counted in the after report's totals (`of`: the kinds
 * checked). A kind whose after total is missing (a report of an older version) is not checked.
 */
function backscatterStill(f: Finding, after: Report): StillGoingOn | null {
  const totals = after.totals as unknown as Record<string, unknown>;
  let of = 0;
  const items: StillGoingOnItem[] = [];
  for (const k of BACKSCATTER_KINDS) {
    const had = (num(f.evidence[k.key]) ?? 0) + (k.alsoBefore === undefined ? 0 : num(f.evidence[k.alsoBefore]) ?? 0);
    const n = num(totals[k.after]);
    if (had <= 0 || n === null) continue;
    of++;
    if (n > 0) items.push({ key: k.key, events: n });
  }
  return summary('bounces', 'totals', of, items);
}

/**
 * What of a before finding (resolved, or paired with background guessing after) is still going on in the after run,
 * or null when its rule has no such check or the before run names nothing to look for. `count` 0: checked, none.
 * `afterIps`: the after log's own counts of the watched IPs, when the after side was analyzed here.
 */
export function stillGoingOnOf(f: Finding, before: Report, after: Report, afterIps?: AfterIpLookup): StillGoingOn | null {
  switch (f.rule) {
    // A note (a client with an old password) or the background guessing itself is not the incident's attack.
    case 'sasl-bruteforce': return f.severity === 'low' || f.severity === 'info' ? null : bruteforceStill(f, after, afterIps);
    case 'relay-probing': return relayStill(f, after, afterIps);
    case 'queue-flood': return queueStill(before, after);
    case 'backscatter': return backscatterStill(f, after);
    default: return null;
  }
}
