// A SASL account in the wrong hands: logs in from an unusual number of IPs, sends with envelope senders it does
// not own, to far more external domains than a person writes to — often right after a run of failed logins for
// the same name. Evidence comes from smtpd "client=…, sasl_username=…" lines joined to qmgr and delivery lines.
// Those signals alone are also a busy, healthy server's (review 12): a phone whose carrier changes its address, a
// newsletter to 145 domains. The verdict (assessAccounts) asks for another person at work — forged senders, a guess
// that was an attack's and not a typo, refused senders — or spam-shaped mail from IPs not the owner's; the rest is a
// low note that blocks nothing.

import { providerPool, type ProviderPool } from '../provider-pool.js';
import { loggedInFromNetworkBefore, networkOf, roamingClients } from '../roaming-clients.js';
import { findIntrusions } from './mailbox-breach.js';
import { NFT_TABLE_NOTE, nftBlockCommands } from './sasl-bruteforce.js';
import { isSmtpService } from '../../aggregate/smtp-service.js';
import { actionsOfUser } from '../../aggregate/rspamd-file.js';
import type { Intrusion } from './mailbox-breach.js';
import { HOUR_MS } from '../../aggregate/create.js';
import { userCountsOf } from '../../aggregate/user-counts.js';
import { pendingFate } from '../../aggregate/bulk-delete.js';
import { loginFailuresUpTo } from '../../aggregate/timeline.js';
import { loginProtocolsText } from '../../aggregate/mailbox-logins.js';
import { noticesDeliveredFor, noticesDeliveredHereFor } from '../../aggregate/bounce-notices.js';
import type { Aggregate, ClientIpStats, Example, Finding, MailboxLoginRow, QueuedMessage, SaslUserStats } from '../../types.js';
import type { Rule, RuleContext } from '../rule.js';
import { ownDomains } from './open-relay.js';
import { isThisHost, loggedInBeforeFailing, mailboxLoginsByIp, polledSlowly, staleClientOf } from './stale-password.js';
import type { MailboxLoginsOfIp, StaleContext } from './stale-password.js';
import { attackedNames, ipFailures, namesLoggedInByIp } from '../attacked-names.js';
import type { AttackedNames } from '../attacked-names.js';
import { abuseQueue, commented, count, domainPart, fmt, isOurDomain, percent, pickExamples, shellArg, shortTime, sortedKeys, tableLines, timeText } from '../util.js';
import type { CompromisedAdvice, PoolText, SenderMapAdvice, UnnamedGuessLogin, UnusualUseAdvice } from '../../i18n/index.js';
import { markRoles } from '../client-roles.js';

export interface Compromise {
  user: string;
  stats: SaslUserStats;
  forgedSenders: string[];
  forgedMessages: number;
  externalDomains: number;
  /** Failed logins for this name up to the guess, each attempt once (timeline.ts loginFailuresUpTo). */
  failuresBefore: number;
  guessedAt: number;
  guessedFrom: string;
  /** The guess is a successful login seen in the log (else the first mail from the guessing IP). */
  loginSeen: boolean;
  ipsSince: number;
  /** Messages from the IPs that first sent as this user at or after the guess, their recipients, and of those the ones sent. */
  messagesSince: number;
  recipientsSince: number;
  sentSince: number;
  /** IPs that first sent as the user at or after the guess (compromised-ips.txt). */
  ipsSinceList: string[];
  /** The same with the allowed IPs too: every IP whose mail messagesSince counts. */
  sinceIps: string[];
  /** IMAP/POP3 logins as the user from IPs new since the guess: someone read the mailbox. */
  mailboxIntruders: Array<{ ip: string; row: MailboxLoginRow }>;
  /** IPs the user sent from or opened the mailbox from before the guess: the owner's clients (never in sinceIps). */
  ownerIps: string[];
  /** What the log says of the account (assessAccounts): someone else at work, spam-shaped mail, or only a note. */
  verdict: AccountVerdict;
  /** What became of its recipients is in its own lines (not behind an SMTP content filter: see outcomesKnown). */
  outcomesKnown: boolean;
  /** The guess is a login whose name the log does not give (unnamedGuesses); failuresBefore are that IP's failures. */
  unnamedGuess: boolean;
  /**
   * For a note: the latest login of a guesser whose failures named no user (unnamedGuesses) before the account's mail
   * from IPs not the owner's; the note then says it and never "no login followed password guessing". Else null.
   */
  unnamedLogin: { ip: string; at: number; failures: number } | null;
  /** The hour in which the most IPs of sinceIps sent as the account, and how many networks they came from; null: none. */
  busiestHour: ConcurrentUse | null;
  /** The guess was an attack's, not a user's typo (loginByGuesser), or a wide attack went for the name before. */
  byAttack: boolean;
  /**
   * The IPs since the guess are one provider's sending pool (provider-pool.ts), which alone made the mail no
   * botnet's: the note names it. Else null.
   */
  pool: ProviderPool | null;
  /** The sender check refused others who logged in as the account (senderRefusalsOf 'compromised'); else null. */
  refused: SenderRefusals | null;
  /**
   * Submissions from the IPs since the guess that the server refused at the end of DATA with a 5xx (a milter's or
   * content check's verdict: SaslUserStats.refusedMessages), and how many of those IPs had one refused.
   */
  refusedSince: number;
  refusedIpsSince: number;
}

/**
 * Mailbox logins as `user` from IPs that had neither logged in to the mailbox nor sent as the user before the guess
 * (samples/incident.log: 177.138.12.246 over IMAP, eleven minutes after the guess), earliest first. Not from an IP
 * other users send or read mail from: the office NAT, where the owner reads its mail after a guess made at night
 * (review 13, H1: guessed at 03:41, the office's first login at 07:05).
 */
function mailboxLoginsSince(agg: Aggregate, ctx: RuleContext, user: string, guessedAt: number, ownerIps: Set<string>): Array<{ ip: string; row: MailboxLoginRow }> {
  const out: Array<{ ip: string; row: MailboxLoginRow }> = [];
  for (const [ip, row] of agg.mailboxLogins.get(user) ?? []) {
    if (row.firstAt >= guessedAt && !ownerIps.has(ip) && !ctx.allowIps.has(ip)) out.push({ ip, row });
  }
  if (out.length === 0) return out;
  const shared = usedByOthers(agg, user, out.map((x) => x.ip));
  return out.filter((x) => !shared.has(x.ip)).sort((a, b) => a.row.firstAt - b.row.firstAt || (a.ip < b.ip ? -1 : a.ip > b.ip ? 1 : 0));
}

/**
 * An IP that had logged in before its first failure and failed for one name at most: a client with the password, whose
 * failure is a typo, not the guess that gave it one (loggedInBeforeFailing). Not an IP that tried several names: a
 * sprayer that first got in with one leaked password, then guessed another account (review 18, M M2).
 */
function clientBeforeFailing(r: ClientIpStats, mailbox: MailboxLoginsOfIp | undefined): boolean {
  return loggedInBeforeFailing(r, mailbox) && userCountsOf(r.authUsersTried).size <= 1;
}

/** How many networks (IPv4 /8, IPv6 /32) the IPs are in: `spread`'s measure, for the filter's refusals too. */
function networksOf(ips: readonly string[]): number {
  return new Set(ips.map((ip) => networkOf(ip, 8, 32) ?? ip)).size;
}

/**
 * Per user name tried: the earliest successful login of an IP that had failed with that name. The login time is
 * the IP's first "client=…, sasl_username=…" line or "disconnect … auth=1/…" line, whichever came first
 * (events.ts): never after the guesser's own first message. Not a client that had logged in before it failed
 * (clientBeforeFailing).
 */
function firstLoginByName(agg: Aggregate, ctx: RuleContext, mailboxByIp: ReadonlyMap<string, MailboxLoginsOfIp>): Map<string, { at: number; ip: string }> {
  const out = new Map<string, { at: number; ip: string }>();
  for (const [ip, r] of agg.byClientIp) {
    if (!Number.isFinite(r.firstAuthOkAt) || ctx.allowIps.has(ip) || clientBeforeFailing(r, mailboxByIp.get(ip))) continue;
    for (const [name, n] of userCountsOf(r.authUsersTried)) {
      if (n <= 0) continue;
      const best = out.get(name);
      if (best === undefined || r.firstAuthOkAt < best.at || (r.firstAuthOkAt === best.at && ip < best.ip)) out.set(name, { at: r.firstAuthOkAt, ip });
    }
  }
  return out;
}

/**
 * Refusals by reject_sender_login_mismatch naming `user` ("553 5.7.1 <service@amazon.co.jp>: Sender address rejected:
 * not owned by user info@example.jp"), from at least minRefusedSenderIps client IPs (allow-listed IPs left out). Each
 * of those IPs logged in with the account's password; whether that is others using it or the owner's own clients
 * sending as an address the map lacks is weighed (review 11, H3):
 *   - owner IPs: had the account's mail accepted, or opened its mailbox, before their first refusal;
 *   - shared IPs: another user sends or opens a mailbox from them (an office NAT): never compromised-ips.txt;
 *   - the senders: one or two addresses of our own domains (the account's domain, the domains we receive for) and
 *     none of other people's is a shared address the map does not give the login (sales@): a map entry to add.
 * 'compromised': not a map entry, and at least minRefusedSenderIps IPs that are neither the owner's nor shared (review
 * 10, H2: 200 IPs sending as service@amazon.co.jp). Else 'map-entry', a low note with the sender_login line.
 */
export interface SenderRefusals {
  verdict: 'compromised' | 'map-entry';
  rejects: number;
  /** The refused IPs that are neither the owner's nor shared, sorted: those that had the password (compromised-ips.txt). */
  ips: string[];
  /** Those IPs, the most refused first (then by address), with their counts: "80.43.154.126 (12)". */
  topIps: string[];
  /** All refused IPs (allow-listed left out), the owner's and the shared among them, sorted. */
  allIps: string[];
  ownerIps: string[];
  sharedIps: string[];
  /** Distinct refused senders, most refused first; and of them those in other people's domains. */
  senders: string[];
  foreignSenders: string[];
  firstAt: number;
  lastAt: number;
  example: Example | null;
}

/** IPs from which a SASL user other than `user` sent accepted mail or opened a mailbox, among `ips`. */
function usedByOthers(agg: Aggregate, user: string, ips: readonly string[]): Set<string> {
  const byIp = usersByIp(agg);
  const out = new Set<string>();
  for (const ip of ips) if ((byIp.get(ip) ?? []).some((u) => u !== user)) out.add(ip);
  return out;
}

const usersByIpCache = new WeakMap<Aggregate, Map<string, string[]>>();

/**
 * Per client IP, up to two of the users that sent (SASL) or read mail (IMAP/POP3) from it: enough to tell whether
 * another user than a given one did. Built once per aggregate: asked per compromised account, a walk over every
 * user each time was quadratic on a log of many accounts (scale test: 15,000 → 45,000 open messages, 8× the time).
 */
function usersByIp(agg: Aggregate): Map<string, string[]> {
  const done = usersByIpCache.get(agg);
  if (done !== undefined) return done;
  const out = new Map<string, string[]>();
  const add = (ip: string, user: string): void => {
    const users = out.get(ip);
    if (users === undefined) out.set(ip, [user]);
    else if (users.length < 2 && users[0] !== user) users.push(user);
  };
  for (const [user, u] of agg.bySaslUser) for (const ip of u.clientIps.keys()) add(ip, user);
  for (const [user, rows] of agg.mailboxLogins) for (const ip of rows.keys()) add(ip, user);
  usersByIpCache.set(agg, out);
  return out;
}

/** `ips` once each, sorted, without those other users send or read mail from and without this server itself. */
function blockableIps(agg: Aggregate, user: string, ips: string[]): string[] {
  const unique = [...new Set(ips)];
  const shared = usedByOthers(agg, user, unique);
  return unique.filter((ip) => !shared.has(ip) && !isThisHost(ip)).sort();
}

export function senderRefusalsOf(agg: Aggregate, ctx: RuleContext, user: string): SenderRefusals | null {
  const row = agg.senderLoginRejects.get(user);
  if (row === undefined || ctx.allowUsers.has(user)) return null;
  const allIps = [...row.ips.keys()].filter((ip) => !ctx.allowIps.has(ip)).sort();
  const minIps = ctx.threshold('compromised-account.minRefusedSenderIps');
  if (allIps.length < minIps) return null;
  let rejects = 0;
  for (const ip of allIps) rejects += row.ips.get(ip)!;
  const u = agg.bySaslUser.get(user);
  const mailbox = agg.mailboxLogins.get(user);
  const ownerIps = allIps.filter((ip) => {
    const refusedAt = row.ipFirstAt.get(ip) ?? Infinity;
    return (u?.clientIpFirstAt.get(ip) ?? Infinity) < refusedAt || (mailbox?.get(ip)?.firstAt ?? Infinity) < refusedAt;
  });
  const shared = usedByOthers(agg, user, allIps);
  const owner = new Set(ownerIps);
  const ips = allIps.filter((ip) => !owner.has(ip) && !shared.has(ip));
  // Ours: the account's own domain, and the domains we receive mail for.
  const ownDomain = domainPart(user);
  const ours = ownDomains(agg);
  const senders = sortedKeys(row.senders);
  const foreignSenders = senders.filter((s) => {
    if (s === '<>' || s === user) return false;
    const d = domainPart(s);
    return !isOurDomain(d, ownDomain, ours);
  });
  const mapEntry = foreignSenders.length === 0 && senders.length <= ctx.threshold('compromised-account.maxMapEntrySenders');
  return {
    verdict: !mapEntry && ips.length >= minIps ? 'compromised' : 'map-entry',
    rejects, ips, allIps, ownerIps, sharedIps: allIps.filter((ip) => shared.has(ip)), senders, foreignSenders,
    topIps: [...ips].sort((a, b) => row.ips.get(b)! - row.ips.get(a)! || (a < b ? -1 : 1)).slice(0, 5).map((ip) => `${ip} (${row.ips.get(ip)!})`),
    firstAt: row.firstAt, lastAt: row.lastAt, example: row.example,
  };
}

/**
 * What the log says of an account that shows a signal (many client IPs, forged senders, many external domains).
 * Someone else has its password when the log shows another person at work (critical):
 *   'forged'   - minForgedMessages messages with senders outside our domains (the account's domain, every SASL
 *                login's domain, the domains we deliver locally: ownDomains), phishing as banks and shops;
 *   'refused'  - the sender check refused others who logged in as it (senderRefusalsOf);
 *   'guessed'  - the login that dates the guess came from a guesser: an IP that failed for the name as
 *                sasl-bruteforce tells a guesser from a user's own client (staleClientOf: many failures, other
 *                people's names, or a name a wide attack goes for), or, no such login seen, a wide attack went
 *                for the name before its mail began and that mail is an intruder's (attackBeforeMail: undelivered,
 *                or many IPs at once from several networks); or mailbox-breach reports a guesser's login to its
 *                mailbox (findIntrusions).
 * Or the mail itself looks like spam (high): most recipients of what IPs other than the owner's sent were not
 * delivered (minUndeliveredPercent; spam to harvested addresses is refused and bounced, a person's mail and a
 * newsletter to customers get through: corpus incident 78.9%, review 12's newsletter 1.6%); or 'botnet': many of
 * those IPs sending in the same hour from several networks, to many domains (busiestHourOf; review 13, H1: 85%
 * delivered); or 'filtered': the server's own filter refused it at the end of DATA (a milter's 5xx, SaslUserStats.
 * refusedMessages) from minRefusedMessageIps of those IPs or more, minRefusedMessagePercent or more of their submissions
 * (code review 17, K7b: 30 IPs with the password, rspamd refusing every message, left no trace; review 17 H3's account,
 * 60 of 80 refused from 15 IPs, read as a clean note). Spam-shaped mail after a login whose failures named no user is
 * 'guessed' (unnamedGuesses).
 * Else 'note' (low): the signal alone, with nothing of another person (review 12, H3: a phone whose carrier gives it
 * 15 addresses, one typo then a login from that same IP, one recipient per message, 0% undelivered). An account
 * whose mail all came from the owner's clients (review 12, H5a: the newsletter from the office IP, where info@
 * reads its mail) is no finding at all.
 */
export type AccountVerdict = 'forged' | 'refused' | 'guessed' | 'undelivered' | 'filtered' | 'botnet' | 'note';

/** Verdicts that say someone else has the password: the accounts the other rules treat as compromised. */
const COMPROMISED: ReadonlySet<AccountVerdict> = new Set(['forged', 'refused', 'guessed', 'undelivered', 'filtered', 'botnet']);

/** Verdicts on the mail alone, spam-shaped, with nothing of another person: high, not critical. */
const SPAM_SHAPED: ReadonlySet<AccountVerdict> = new Set(['undelivered', 'filtered', 'botnet']);

/**
 * When each IP first submitted mail as the account, accepted (clientIpFirstAt) or refused at the end of DATA
 * (refusedIpFirstAt): a login whose every message was refused is as much an IP that used the password. The
 * account's own map when nothing was refused (most accounts: no copy).
 */
function firstSubmissionAt(u: SaslUserStats): ReadonlyMap<string, number> {
  const refused = u.refusedIpFirstAt;
  if (refused === null) return u.clientIpFirstAt;
  const out = new Map(u.clientIpFirstAt);
  for (const [ip, t] of refused) if (t < (out.get(ip) ?? Infinity)) out.set(ip, t);
  return out;
}

/** The hour (index: local millis / HOUR_MS) in which the most IPs sent as an account, those IPs and their networks. */
export interface ConcurrentUse { hour: number; ips: number; networks: number }

/**
 * A person's devices take turns; a botnet sends from dozens of addresses in the same minutes, each in another
 * network (review 13, H1: 40 IPs in 40 /8s, 29 of them within ten minutes; review 12's phone: 15 addresses of
 * 126.0.0.0/8, one at a time). Per hour, the IPs of `ips` that sent as the account then (their first message's
 * hour and every hour with a recipient delivered: clientIpSentMinutes, by minute), and the distinct /8 (IPv6: /32) they are in;
 * the hour with the most IPs (then the most networks, then the earliest). Hours, not minutes: the aggregate keeps
 * no finer time per (user, IP), and an hour is still far shorter than a phone's day of addresses.
 */
export function busiestHourOf(u: SaslUserStats, ips: readonly string[], firstAt: ReadonlyMap<string, number> = u.clientIpFirstAt): ConcurrentUse | null {
  const byHour = new Map<number, Set<string>>();
  const add = (hour: number, ip: string): void => {
    const set = byHour.get(hour);
    if (set === undefined) byHour.set(hour, new Set([ip]));
    else set.add(ip);
  };
  for (const ip of ips) {
    const first = firstAt.get(ip);
    if (first !== undefined) add(Math.floor(first / HOUR_MS), ip);
    const minutes = u.clientIpSentMinutes.get(ip) ?? [];
    for (let i = 0; i + 1 < minutes.length; i += 2) add(Math.floor(minutes[i]! / 60), ip);
  }
  let best: ConcurrentUse | null = null;
  for (const [hour, set] of byHour) {
    const c: ConcurrentUse = { hour, ips: set.size, networks: networksOf([...set]) };
    if (best === null || c.ips > best.ips || (c.ips === best.ips && (c.networks > best.networks || (c.networks === best.networks && c.hour < best.hour)))) best = c;
  }
  return best;
}

/**
 * The IPs that opened `user`'s mailbox before `before` without having sent as it, that are the owner's: all of them
 * when they are few (maxMailboxOnlyOwnerIps: a desk, a laptop, a phone), and else all but the one-shot logins of a
 * burst: IPs that logged in once (or within an hour) and of which at least `minBurst` were first seen within one
 * hour. A credential checker opens the mailbox once from each of its IPs before the password is used (review 13,
 * H2: 40 IPs, one login each, 11:00-11:40); the office that reads info@'s mail every hour returns (review 12, H5a).
 */
function mailboxOwnerIps(agg: Aggregate, user: string, before: number, skip: ReadonlySet<string>, maxFew: number, minBurst: number): string[] {
  const only: Array<{ ip: string; row: MailboxLoginRow }> = [];
  for (const [ip, row] of agg.mailboxLogins.get(user) ?? []) if (row.firstAt < before && !skip.has(ip)) only.push({ ip, row });
  if (only.length <= maxFew) return only.map((x) => x.ip);
  const oneShot = only.filter((x) => x.row.lastAt - x.row.firstAt < HOUR_MS)
    .sort((a, b) => a.row.firstAt - b.row.firstAt || (a.ip < b.ip ? -1 : a.ip > b.ip ? 1 : 0));
  const burst = new Set<string>();
  let marked = -1;
  for (let i = 0, j = 0; j < oneShot.length; j++) {
    while (oneShot[j]!.row.firstAt - oneShot[i]!.row.firstAt >= HOUR_MS) i++;
    if (j - i + 1 < minBurst) continue;
    for (let k = Math.max(i, marked + 1); k <= j; k++) burst.add(oneShot[k]!.ip);
    marked = j;
  }
  return only.filter((x) => !burst.has(x.ip)).map((x) => x.ip);
}

/**
 * Whether `ip`, which failed for a name and then logged in, did so as a guesser: not a client of the site's users as
 * sasl-bruteforce sees one (stale-password.ts staleClientOf): logged in before its failures, shared by users who all
 * log in from it, this host, or fewer than mailbox-breach.minFailuresOneName failures for the one name it then
 * logged in as, a name no wide attack goes for (review 12, H3: 126.240.168.21 fails once as suzuki@ at 07:02 and
 * logs in at 07:12: a typo).
 */
function loginByGuesser(agg: Aggregate, ip: string, stale: StaleContext, mailbox: () => Map<string, MailboxLoginsOfIp>): boolean {
  const r = agg.byClientIp.get(ip);
  if (r === undefined) return false;
  return staleClientOf(ip, r, ipFailures(r), mailbox().get(ip), stale) === null;
}

/** An IP's first successful login when it came after its first failure; else Infinity. */
function loginAfterFailures(r: ClientIpStats): number {
  return Number.isFinite(r.firstAuthOkAt) && r.firstAuthOkAt >= r.firstLoginFailureAt ? r.firstAuthOkAt : Infinity;
}

/**
 * Logins of password guessers whose name the log does not give: an IP with sasl-bruteforce.perIpFailures failures or
 * more, none naming a user (Postfix before 3.7.8: "SASL LOGIN authentication failed: UGFzc3dvcmQ6", Dovecot's
 * default auth_verbose=no), that then logged in ("disconnect from … ehlo=1 auth=1 quit=1 commands=3") and neither
 * sent as anyone nor opened a mailbox: a guessed password of some account (review 13, H1, bf36: 188.5.165.97 after
 * 16 failures). Earliest first.
 */
function unnamedGuesses(agg: Aggregate, ctx: RuleContext, loggedIn: Map<string, Set<string>>): Array<{ ip: string; at: number; failures: number }> {
  const minFailures = ctx.threshold('sasl-bruteforce.perIpFailures');
  // Only a guesser of an attack: one IP's few failures then a login are as much a phone retrying an old password
  // every few minutes (review 14, F2: 12 failures 150 s apart, then the new password). An attack is distributed
  // (sasl-bruteforce.distributedIps IPs or more failing without a name: bf36's 25) or this IP's failures are three
  // times the per-IP threshold.
  let unnamedIps = 0;
  for (const [ip, r] of agg.byClientIp) {
    if (ipFailures(r) > 0 && userCountsOf(r.authUsersTried).size === 0 && !isThisHost(ip) && !ctx.allowIps.has(ip)) unnamedIps++;
  }
  const distributed = unnamedIps >= ctx.threshold('sasl-bruteforce.distributedIps');
  const out: Array<{ ip: string; at: number; failures: number }> = [];
  for (const [ip, r] of agg.byClientIp) {
    const at = loginAfterFailures(r);
    if (!Number.isFinite(at) || ctx.allowIps.has(ip) || isThisHost(ip) || loggedIn.has(ip)) continue;
    const failures = ipFailures(r);
    if (failures < (distributed ? minFailures : 3 * minFailures) || userCountsOf(r.authUsersTried).size > 0) continue;
    out.push({ ip, at, failures });
  }
  return out.sort((a, b) => a.at - b.at || (a.ip < b.ip ? -1 : 1));
}

/**
 * Worked out once per run: compromised-account and six other rules ask (findCompromised), with contexts that share
 * the run's allow-lists and thresholds (detect/index.ts), and only read what they get. Each pass sorts every
 * account's senders: a generated log of 200,000 forged senders spent 510 ms in three passes of it.
 */
const assessed = new WeakMap<Aggregate, { allowIps: ReadonlySet<string>; allowUsers: ReadonlySet<string>; thresholds: unknown; out: Compromise[] }>();

/** Users that look compromised, and those with a signal and nothing else (verdict 'note'). */
export function assessAccounts(agg: Aggregate, ctx: RuleContext & { thresholds?: unknown }): Compromise[] {
  const done = assessed.get(agg);
  if (done !== undefined && done.allowIps === ctx.allowIps && done.allowUsers === ctx.allowUsers && done.thresholds === ctx.thresholds
    && ctx.thresholds !== undefined) return done.out;
  const out = assessAll(agg, ctx);
  assessed.set(agg, { allowIps: ctx.allowIps, allowUsers: ctx.allowUsers, thresholds: ctx.thresholds, out });
  return out;
}

function assessAll(agg: Aggregate, ctx: RuleContext): Compromise[] {
  const minIps = ctx.threshold('compromised-account.minClientIps');
  const minForged = ctx.threshold('compromised-account.minForgedMessages');
  const minDomains = ctx.threshold('compromised-account.minExternalDomains');
  const minUndelivered = ctx.threshold('compromised-account.minUndeliveredPercent');
  const minConcurrentIps = ctx.threshold('compromised-account.minConcurrentIps');
  const minConcurrentNetworks = ctx.threshold('compromised-account.minConcurrentNetworks');
  const botnetRecipients = ctx.threshold('compromised-account.botnetRecipientsPerMessage');
  const botnetIps = ctx.threshold('compromised-account.botnetIps');
  const maxMailboxOnlyOwnerIps = ctx.threshold('compromised-account.maxMailboxOnlyOwnerIps');
  const minRefusedIps = ctx.threshold('compromised-account.minRefusedMessageIps');
  const minRefusedPercent = ctx.threshold('compromised-account.minRefusedMessagePercent');
  // Ours: every SASL login's domain and the domains a local agent delivered to (review 12, H1: bare logins
  // "sasl_username=tanaka" name no domain; H4: example-shop.jp, received here, is the company's second domain).
  const ours = ownDomains(agg);
  const out: Compromise[] = [];
  let firstLogins: Map<string, { at: number; ip: string }> | undefined;
  // Worked out once some account needs them: the names a wide attack goes for, and who opened mailboxes from where.
  let attacked: AttackedNames | undefined;
  // A user's own device that changes address (roaming-clients.ts, review 12 H2) is no guesser here either.
  const roaming = roamingClients(agg, ctx);
  const isAttacked = (name: string): boolean => (attacked ??= attackedNames(agg, ctx, namesLoggedInByIp(agg), roaming)).isAttacked(name);
  let mailboxByIp: Map<string, MailboxLoginsOfIp> | undefined;
  const mailbox = (): Map<string, MailboxLoginsOfIp> => (mailboxByIp ??= mailboxLoginsByIp(agg));
  const stale: StaleContext = {
    minGuessFailures: ctx.threshold('mailbox-breach.minFailuresOneName'), isAttacked, roaming,
    slowlyPolled: (name) => polledSlowly(agg.loginFailureTimes, name),
    homeNetworkBefore: (name, ip, before) => loggedInFromNetworkBefore(agg, ctx, name, ip, before),
    logEnd: agg.lastAt,
    // Asked only of IPs that logged in (loginByGuesser), which a device (stale-password.ts deviceOf) never did.
    devicePace: () => null,
  };
  // The guessers mailbox-breach reports, per account (its thresholds read as its own): worked out once some account needs them.
  let intrusions: Map<string, Intrusion[]> | undefined;
  const breachCtx: RuleContext = { ...ctx, threshold: (name) => ctx.threshold(name.includes('.') ? name : `mailbox-breach.${name}`) };
  let unnamed: Array<{ ip: string; at: number; failures: number }> | undefined;
  const intrusionsOf = (user: string): Intrusion[] => (intrusions ??= findIntrusions(agg, breachCtx)).get(user) ?? [];
  for (const [user, u] of agg.bySaslUser) {
    if (ctx.allowUsers.has(user)) continue;
    const own = domainPart(user);
    const forgedSenders: string[] = [];
    let forgedMessages = 0;
    // Most used first, then by address: the Map's insertion order depends on how the log was split (--jobs).
    for (const sender of sortedKeys(u.senders)) {
      const n = u.senders.get(sender)!;
      if (sender === '<>') continue;
      const d = domainPart(sender);
      // With no domain of ours known (bare logins, nothing delivered here), no sender can be told forged.
      const owned = sender === user || isOurDomain(d, own, ours) || ours.size === 0;
      if (!owned) { forgedSenders.push(sender); forgedMessages += n; }
    }
    let externalDomains = 0;
    for (const d of u.recipientDomains.keys()) if (!ours.has(d)) externalDomains++;
    // The IPs that logged in and submitted mail as it, accepted or refused at the end of DATA (code review 17, K7b).
    const firstAts = firstSubmissionAt(u);
    const ips = [...firstAts.keys()].filter((ip) => !ctx.allowIps.has(ip));
    // Its submissions refused from many IPs, most of what they submitted (a roaming phone with one refusal now and
    // then is none).
    // From several networks (IPv4 /8, IPv6 /32, as `spread` counts them): a phone behind carrier NAT that retries one
    // refused message from 6 addresses, or a CRM's 6 egress IPs of one provider, is one client (review 18, M H3).
    const refusedFrom: string[] = [];
    for (const ip of u.refusedIps?.keys() ?? []) if (!ctx.allowIps.has(ip)) refusedFrom.push(ip);
    const refusedSignal = refusedFrom.length >= minRefusedIps && networksOf(refusedFrom) >= minConcurrentNetworks
      && percent(u.refusedMessages, u.refusedMessages + u.messages) >= minRefusedPercent;
    const signals = (ips.length >= minIps ? 1 : 0) + (forgedMessages >= minForged ? 1 : 0) + (externalDomains >= minDomains ? 1 : 0)
      + (refusedSignal ? 1 : 0);
    if (signals === 0) continue;
    // When was it guessed? The first message from an IP that had failed to log in with this name (or its local
    // part), else from an IP with an attack's worth of failures; else the user's first message in the log. An
    // office IP where someone once mistyped another user's password is neither.
    const localPart = user.includes('@') ? user.slice(0, user.lastIndexOf('@')) : '';
    let guessedAt = Infinity;
    let guessedFrom = '';
    let loginSeen = false;
    // First: a successful login (smtpd "auth=1/…") from an IP that had failed with this name. (Indexed once by
    // name: a loop over every IP for every suspect user took 18 s for 5,000 users and 50,000 IPs.)
    firstLogins ??= firstLoginByName(agg, ctx, mailbox());
    for (const name of localPart !== '' ? [user, localPart] : [user]) {
      const l = firstLogins.get(name);
      if (l !== undefined && (l.at < guessedAt || (l.at === guessedAt && l.ip < guessedFrom))) {
        guessedAt = l.at;
        guessedFrom = l.ip;
        loginSeen = true;
      }
    }
    for (const pass of [1, 2]) {
      if (guessedFrom !== '') break;
      for (const [ip, firstAt] of firstAts) {
        const r = agg.byClientIp.get(ip);
        if (r === undefined) continue;
        const tried = (pass === 1
          ? failuresForName(r, user) > 0
          : r.authFailures + r.authAborted >= 3) && !clientBeforeFailing(r, mailbox().get(ip));
        // Its login after its failures, when seen before its first mail, dates the guess: the IPs that sent as the
        // user between the two are not the owner's (review 13, H1: failures that name no user, Postfix < 3.7.8).
        const login = loginAfterFailures(r);
        const at = login < firstAt ? login : firstAt;
        if (tried && (at < guessedAt || (at === guessedAt && ip < guessedFrom))) {
          guessedAt = at;
          guessedFrom = ip;
          loginSeen = login < firstAt;
        }
      }
    }
    if (!Number.isFinite(guessedAt)) guessedAt = u.firstAt;
    // Only the failures that led to the guess: the bots go on failing with the name after it was guessed
    // (samples/incident.log: 91 Postfix failures for info@example.jp, 4 of them after the login at 23:41).
    let failuresBefore = loginFailuresUpTo(agg.loginFailureTimes, user, guessedAt);
    // Was it an attack? The IP that dates the guess failed as a guesser does (not a user's typo), or, with no such
    // IP, a wide attack went for the name before the account's mail began.
    let byAttack = guessedFrom !== '' && loginByGuesser(agg, guessedFrom, stale, mailbox);
    // Or a guesser that mailbox-breach reports opened the mailbox: that login is the guess, whatever IPs sent the
    // mail after it (review 13, H1: 185.220.101.33 fails 200 times as info@ over IMAP, logs in at 03:41; 40 other
    // IPs send its spam from 13:00).
    // A guesser's login after the account's mail began (or after a typo's login) still says guessed, but does not
    // move the guess later: the IPs that sent before it would become the owner's.
    let breached = false;
    if (!byAttack) {
      const intrusion = intrusionsOf(user)[0];
      // With nothing else dating the guess (guessedAt is then the account's first mail), a login after mail from a
      // few IPs (a desk, a laptop, a phone: maxMailboxOnlyOwnerIps) dates it too: that mail was the owner's (review 17,
      // F2: the owner's 08:16 message, an IMAP guess at 10:05, 12 bots from 12:00 read "since then" with no time).
      const ipsBeforeIntrusion = intrusion === undefined || guessedFrom !== '' ? Infinity
        : [...firstAts.values()].filter((t) => t < intrusion.row.firstAt).length;
      if (intrusion !== undefined && (intrusion.row.firstAt <= guessedAt || ipsBeforeIntrusion <= maxMailboxOnlyOwnerIps)) {
        guessedAt = intrusion.row.firstAt;
        guessedFrom = intrusion.ip;
        loginSeen = true;
        byAttack = true;
        failuresBefore = loginFailuresUpTo(agg.loginFailureTimes, user, guessedAt);
      } else if (intrusion !== undefined) breached = true;
    }
    // With no IP seen to guess (no login after failures, no guesser in the mailbox), a wide attack on the name before
    // the account's mail began dates a guess only for mail that looks like abuse (the verdict below): an account under
    // the everyday attack on published addresses whose mail since is its owner's (delivered, a device or two at a
    // time) is no stolen password (review 18: a traveller's 26 hotel, fair and carrier IPs, 0% undelivered, read
    // "guessed around 04:27", critical, its IPs to block). Worked out after the mailbox's guessers: one of them dates
    // the guess whatever the attack (review 18 K2: review 17 F2's IMAP guess under the everyday attack read low).
    const attackBeforeMail = !byAttack && !breached && guessedFrom === '' && failuresBefore > 0
      && (isAttacked(user) || (localPart !== '' && isAttacked(localPart)));
    // The owner's clients: IPs that sent as the user or opened its mailbox before the guess (never a guesser's IP,
    // whatever it did first). Their mail after it is the owner's too, not "since the guess" (review 12, H5a: the
    // office IP where info@ reads its mail was counted as both). IPs that only opened the mailbox are the owner's
    // when few or returning, not a burst of one-shot logins (mailboxOwnerIps; review 13, H2).
    const guesser = byAttack ? guessedFrom : '';
    const owner = new Set<string>();
    for (const [ip, t] of firstAts) if (t < guessedAt && ip !== guesser) owner.add(ip);
    const notMailboxOnly = new Set([...owner, ...(guesser !== '' ? [guesser] : [])]);
    for (const ip of mailboxOwnerIps(agg, user, guessedAt, notMailboxOnly, maxMailboxOnlyOwnerIps, minIps)) owner.add(ip);
    let messagesSince = 0;
    let recipientsSince = 0;
    let sentSince = 0;
    let localSince = 0;
    const ipsSinceList: string[] = [];
    const sinceIps: string[] = [];
    // An IP other users send or read mail from (the office NAT) is theirs too, not the intruder's (review 14, F3: a
    // home PC's old password dated a "guess", and sato's own office mail became the intruder's): its mail is not
    // counted since the guess; with nothing left, mailbox-breach alone reports the login.
    const shared = usedByOthers(agg, user, [...firstAts.keys()]);
    let refusedSince = 0;
    let refusedIpsSince = 0;
    const refusedIpsSinceList: string[] = [];
    for (const [ip, t] of firstAts) {
      if (t < guessedAt || owner.has(ip) || shared.has(ip)) continue;
      sinceIps.push(ip);
      if (!ctx.allowIps.has(ip)) ipsSinceList.push(ip);
      messagesSince += u.clientIps.get(ip) ?? 0;
      recipientsSince += u.clientIpRecipients.get(ip) ?? 0;
      sentSince += u.clientIpSent.get(ip) ?? 0;
      localSince += u.clientIpLocalRecipients.get(ip) ?? 0;
      const refusedHere = u.refusedIps?.get(ip) ?? 0;
      if (refusedHere > 0 && !ctx.allowIps.has(ip)) { refusedSince += refusedHere; refusedIpsSince++; refusedIpsSinceList.push(ip); }
    }
    const refused = senderRefusalsOf(agg, ctx, user);
    // Spam-shaped whatever got through: many IPs not the owner's sending in the same hour from several networks, to
    // many domains (review 13, H1: 85% of a botnet's spam delivered). An alerts@ fed by ten servers sends together
    // but to few domains; a phone's addresses take turns in one network.
    const busiestHour = sinceIps.length >= minConcurrentIps ? busiestHourOf(u, sinceIps, firstAts) : null;
    const spread = busiestHour !== null && busiestHour.ips >= minConcurrentIps && busiestHour.networks >= minConcurrentNetworks
      && externalDomains >= minDomains;
    // Outside recipients only: a booking service's confirmations with a Bcc to our own archive mailbox are 3
    // recipients each, and a spammer's lists never hold our mailboxes (review 16, E3).
    const spammerMessages = recipientsSince - localSince >= botnetRecipients * messagesSince;
    // Many IPs alone, one recipient a message, are a botnet's unless they are one provider's pool: a CRM's 30 AWS
    // addresses sending invoices (review 16, E4). Never for a spammer's messages: 30 rented VPSes of one host sending
    // 20 Bcc recipients each are spam (review 17, L1). The note then asks the owner, naming the pool.
    // Nor when the server's own filter refused the mail of several of them: a CRM's campaign is not refused from every
    // egress IP (review 18, M M3: 40 AWS addresses, rspamd refusing 20% of their spam, read "most likely a CRM").
    const pool = spread && !spammerMessages && sinceIps.length >= botnetIps && refusedIpsSince < minRefusedIps ? providerPool(agg, sinceIps) : null;
    const concurrent = spread && (spammerMessages || (sinceIps.length >= botnetIps && pool === null));
    // The share not delivered needs the outcomes: behind an SMTP content filter (amavis) the account's own records
    // hold only hand-offs, whose copies' deliveries are not credited to it (docs/detection-rules.md, "What the rules do not see yet"),
    // and every recipient read as not delivered (a phone behind amavis: HIGH, "100% not delivered").
    // A content filter's discard verdict on the hand-off is an outcome (review 17 H2: amavis blocked 300 of 400).
    const outcomesKnown = 2 * (u.sent + u.bounced + u.expired + u.deferred + u.discarded) >= u.recipients;
    const undelivered = outcomesKnown && sinceIps.length > 0 && recipientsSince > 0 && percent(recipientsSince - sentSince, recipientsSince) >= minUndelivered;
    // The server's own filter took the mail of those IPs for spam: it refused most of their submissions at the end of
    // DATA, from several of them (a person's client whose one message a milter refused is no such thing).
    const filtered = refusedIpsSince >= minRefusedIps && networksOf(refusedIpsSinceList) >= minConcurrentNetworks
      && percent(refusedSince, refusedSince + messagesSince) >= minRefusedPercent;
    // The wide attack dates a guess for an intruder's mail: forged, refused senders, undelivered, or many IPs (as many
    // as minClientIps) sending as it, several in one hour from several networks to many domains (`spread`, whatever
    // got through: email fraud is delivered, one customer at a time, as the account itself; review 18, M H1: 12
    // residential proxies in 12 /8s in one afternoon). Not six staff sharing sales@ from their homes, each address
    // theirs all day (M's team log), nor the filter's refusals alone: a CRM's campaign that rspamd refuses is the
    // owner's (M H3).
    if (attackBeforeMail && (forgedMessages >= minForged || refused?.verdict === 'compromised' || undelivered
      || (spread && sinceIps.length >= minIps))) byAttack = true;
    let verdict: AccountVerdict = forgedMessages >= minForged ? 'forged'
      : refused?.verdict === 'compromised' ? 'refused'
        : byAttack || breached ? 'guessed'
          : undelivered ? 'undelivered'
            : filtered ? 'filtered'
              : concurrent ? 'botnet'
                : 'note';
    // Spam-shaped mail from new IPs with no guess of this name seen, after a guesser logged in under a name the log
    // does not give (unnamedGuesses): that login is the likeliest guess (review 13, H1, bf36: Postfix 3.6.4). Only
    // for mail already spam-shaped: which account the login was, the log cannot tell.
    // A guesser that sent as the account after failures naming no user: its own failures are the guess's.
    let unnamedLogin: { ip: string; at: number; failures: number } | null = null;
    let unnamedGuess = byAttack && guessedFrom !== '' && failuresBefore === 0 && userCountsOf(agg.byClientIp.get(guessedFrom)?.authUsersTried ?? null).size === 0;
    if (unnamedGuess) failuresBefore = ipFailures(agg.byClientIp.get(guessedFrom)!);
    if ((SPAM_SHAPED.has(verdict) || verdict === 'note') && guessedFrom === '' && sinceIps.length > 0) {
      let firstNew = Infinity;
      for (const ip of sinceIps) firstNew = Math.min(firstNew, firstAts.get(ip) ?? Infinity);
      const g = (unnamed ??= unnamedGuesses(agg, ctx, namesLoggedInByIp(agg))).filter((x) => x.at <= firstNew).pop();
      if (g !== undefined && verdict === 'note') unnamedLogin = g;
      else if (g !== undefined) {
        guessedAt = g.at;
        guessedFrom = g.ip;
        loginSeen = true;
        byAttack = true;
        unnamedGuess = true;
        failuresBefore = g.failures;
        verdict = 'guessed';
      }
    }
    // A note needs mail from IPs other than the owner's: the owner's own clients mailing many domains are no finding.
    // Nor is a guess with no mail since from an IP that is neither the owner's nor shared with other users: nothing
    // was sent by someone else, and mailbox-breach and sasl-bruteforce report the login (review 14, F3: a home PC's
    // old password, then sato's own mail from the office, was "0 IPs … sent 0 messages" since a critical guess).
    // Nor are forged senders all sent from the owner's clients or a shared office address: the owner sending as the
    // company's second domain, whose mailboxes are elsewhere (review 16: "a stolen password: 0 IPs … sent 0 messages
    // (20 with forged senders)", critical, for sales@ of the company's brand sent from the office).
    if ((verdict === 'note' || verdict === 'guessed' || verdict === 'forged') && sinceIps.length === 0) continue;
    out.push({
      user, stats: u, forgedSenders, forgedMessages, externalDomains, failuresBefore, guessedAt, guessedFrom, loginSeen,
      ipsSince: sinceIps.length, messagesSince, recipientsSince, sentSince, ipsSinceList: ipsSinceList.sort(), sinceIps: sinceIps.sort(),
      mailboxIntruders: mailboxLoginsSince(agg, ctx, user, guessedAt, owner), ownerIps: [...owner].sort(),
      verdict, outcomesKnown, busiestHour, byAttack: byAttack || breached, unnamedGuess, unnamedLogin, pool: verdict === 'note' ? pool : null, refused: refused?.verdict === 'compromised' ? refused : null,
      refusedSince, refusedIpsSince,
    });
  }
  return out.sort((a, b) => b.stats.messages - a.stats.messages || (a.user < b.user ? -1 : 1));
}

const abuseKeys = new WeakMap<Compromise, { since: Set<string>; forged: Set<string> }>();

/**
 * Whether a queued message of the account is its abuse: from an IP its finding counts since the guess (sinceIps), or
 * with a forged sender. Not from the owner's clients (IPs that sent or read its mail before the guess) nor from an IP
 * other users send or read mail from, even when the guess is dated by the account's first mail: the owner's office
 * mail after an intruder's login stays in the queue (review 16: the office's 16:45 message was in queue-delete.txt).
 * A message whose client never sent as the account (none known) counts by the guess alone. The finding's
 * `stillQueued` and the queue-cleanup and queue-deleted rules all ask this.
 */
export function isAccountAbuse(c: Compromise, q: { clientIp: string; sender: string }): boolean {
  let keys = abuseKeys.get(c);
  if (keys === undefined) {
    keys = { since: new Set(c.sinceIps), forged: new Set(c.forgedSenders) };
    abuseKeys.set(c, keys);
  }
  return keys.forged.has(q.sender) || !c.stats.clientIpFirstAt.has(q.clientIp) || keys.since.has(q.clientIp);
}

/** Users that look compromised (shared with the queue-cleanup, backscatter, brute-force … rules): no notes. */
export function findCompromised(agg: Aggregate, ctx: RuleContext): Compromise[] {
  return assessAccounts(agg, ctx).filter((c) => COMPROMISED.has(c.verdict));
}

/** The compromise each finding was made from, for its advice (advise runs after every rule's detect). */
const compromiseOf = new WeakMap<Finding, Compromise>();
/** Per finding, the sender refusals that prove the password still works (absent: none seen). */
const refusalsOf = new WeakMap<Finding, SenderRefusals>();
/** A finding made from sender refusals alone: the refused IPs that also had mail accepted as the account. */
const refusedSinceIps = new WeakMap<Finding, string[]>();

/**
 * The IPs whose mail a compromised-account finding of this run counts as sent since the guess (messagesSinceGuessed):
 * the report places that mail in time with them (report/build.ts). undefined for a finding this run did not make.
 */
export function sinceGuessedIps(f: Finding): readonly string[] | undefined {
  return compromiseOf.get(f)?.sinceIps ?? refusedSinceIps.get(f);
}

/** Lines of /etc/postfix/sender_login shown in the advice, per part of the map; the rest are counted. */
const SENDER_LOGIN_LINES = 20;

/** Append `login` to the owners of `address` once (a map line's logins, in login order). */
function addOwner(owners: Map<string, string[]>, address: string, login: string): void {
  const list = owners.get(address);
  if (list === undefined) owners.set(address, [login]);
  else if (!list.includes(login)) list.push(login);
}

/**
 * The sender_login map from the SASL logins of the log: a login that is an address owns itself; a bare login
 * ("tanaka") owns the address of our domains it sent as most. Every login needs its line: once
 * reject_sender_login_mismatch is on, a login sending as an address that is not in the map is refused. So every other
 * address of our domains a login was seen sending as gets its line too, with each login seen (review AK, AK5: suzuki@
 * sent as sales@example.jp in the corpus, "553 5.7.1 <sales@example.jp>: … not owned by user suzuki@example.jp" with
 * an own-address map). Postfix's format: one key, its owners comma-separated (postconf(5) smtpd_sender_login_maps:
 * "sales@example.jp  suzuki@example.jp, tanaka@example.jp"). Not the `compromised` logins' senders: their mail since
 * the guess is someone else's (forged senders). Addresses of other domains are shown commented out: the user's own
 * (a personal address) or forged, only the owner can say.
 */
function senderLogins(agg: Aggregate, compromised: ReadonlySet<string>): Pick<CompromisedAdvice, 'senderLogins' | 'moreLogins' | 'sentAs' | 'moreSentAs' | 'otherDomainSentAs' | 'moreOtherDomainSentAs'> {
  // The domains we deliver locally count: with bare logins no login names one (review 12, H1: "<address>  sato").
  const local = ownDomains(agg);
  const logins = [...agg.bySaslUser.keys()].sort();
  const ownOf = new Map<string, string>();
  const owners = new Map<string, string[]>();
  const others = new Map<string, string[]>();
  const sendersOf = new Map(logins.map((l) => [l, sortedKeys(agg.bySaslUser.get(l)!.senders).filter((s) => s !== '<>')]));
  // Each login's own line first, with itself as the first owner.
  for (const login of logins) {
    const own = login.includes('@') ? login : sendersOf.get(login)!.find((s) => local.has(domainPart(s))) ?? '<address>';
    ownOf.set(login, own);
    // postmap folds keys to lower case: one line per address however the clients spelled it.
    if (own !== '<address>') addOwner(owners, own.toLowerCase(), login);
  }
  for (const login of logins) {
    if (compromised.has(login)) continue;
    for (const s of sendersOf.get(login)!) addOwner(local.has(domainPart(s)) ? owners : others, s.toLowerCase(), login);
  }
  const shown = logins.slice(0, SENDER_LOGIN_LINES);
  const lines = shown.map((login): [string, string] => {
    const own = ownOf.get(login)!;
    return [own, own === '<address>' ? login : owners.get(own.toLowerCase())!.join(', ')];
  });
  const ownKeys = new Set(logins.map((l) => ownOf.get(l)!.toLowerCase()));
  const seen = [...owners].filter(([a]) => !ownKeys.has(a)).sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
  const foreign = [...others].sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
  const row = ([a, ls]: [string, string[]]): [string, string] => [a, ls.join(', ')];
  return {
    senderLogins: lines, moreLogins: logins.length - lines.length,
    sentAs: seen.slice(0, SENDER_LOGIN_LINES).map(row), moreSentAs: Math.max(0, seen.length - SENDER_LOGIN_LINES),
    otherDomainSentAs: foreign.slice(0, SENDER_LOGIN_LINES).map(row), moreOtherDomainSentAs: Math.max(0, foreign.length - SENDER_LOGIN_LINES),
  };
}

/** The comment lines of the sender_login map in the advice's language. */
export interface SenderMapComments {
  own: string;
  moreLogins: (n: number) => string;
  sentAs: string;
  moreSentAs: (n: number) => string;
  otherDomains: string;
  moreOtherDomains: (n: number) => string;
  /** The last line: how to add an alias the log did not show; `another` when it showed some. */
  alias: (another: boolean) => string;
}

/**
 * /etc/postfix/sender_login as the advice shows it: the logins' own lines, the other addresses they were seen sending
 * as, those of other domains commented out (a hash table's comment is a line of its own starting with "#"), aligned
 * in one column.
 */
export function senderLoginMapLines(p: CompromisedAdvice, c: SenderMapComments): string[] {
  const sentAs = p.sentAs ?? [];
  const other = p.otherDomainSentAs ?? [];
  const rows = tableLines([...p.senderLogins, ...sentAs, ...other]);
  const ownRows = rows.slice(0, p.senderLogins.length);
  const sentRows = rows.slice(p.senderLogins.length, p.senderLogins.length + sentAs.length);
  const otherRows = rows.slice(p.senderLogins.length + sentAs.length).map((r) => `# ${r}`);
  const moreSent = p.moreSentAs ?? 0;
  const moreOther = p.moreOtherDomainSentAs ?? 0;
  return [
    c.own,
    ...ownRows,
    ...(p.moreLogins > 0 ? [c.moreLogins(p.moreLogins)] : []),
    ...(sentRows.length > 0 ? [c.sentAs, ...sentRows] : []),
    ...(moreSent > 0 ? [c.moreSentAs(moreSent)] : []),
    ...(otherRows.length > 0 ? [c.otherDomains, ...otherRows] : []),
    ...(moreOther > 0 ? [c.moreOtherDomains(moreOther)] : []),
    c.alias(sentRows.length > 0),
  ];
}

/**
 * The master.cf entry an smtpd syslog tag names: "postfix/submission/smtpd" → "submission" (Debian's entries set
 * `-o syslog_name=postfix/<entry>`). '' for port 25's "postfix/smtpd" (main.cf's value applies there), for a tag that
 * is not smtpd's, and for a name that is not a plain master.cf service name (it goes into a shell line).
 */
export function loginEntry(tag: string): string {
  if (!tag.endsWith('/smtpd')) return '';
  const parts = tag.split('/');
  if (parts.length !== 3) return '';
  const name = parts[1]!;
  return /^[A-Za-z0-9][A-Za-z0-9._:-]{0,40}$/.test(name) ? name : '';
}

/**
 * The master.cf entries the sender check is set on with `postconf -P`: those the logins of the log came through
 * (`loginTags`: smtpd syslog tags), then Postfix's stock names for the ports that take logins: submission (587),
 * submissions (465; Postfix 3.7's master.cf) and smtps (its name before 3.5). A line for an entry the server does not
 * have only warns ("unmatched service_name/type") and changes nothing.
 */
export function senderCheckEntries(loginTags: readonly string[]): string[] {
  const out: string[] = [];
  for (const t of loginTags) {
    const e = loginEntry(t);
    if (e !== '' && !out.includes(e)) out.push(e);
  }
  for (const e of ['submission', 'submissions', 'smtps']) if (!out.includes(e)) out.push(e);
  return out;
}

/** What is set now, before the `postconf -e` / `-P` lines replace it (review Y, Y12). The same in every language. */
export const SENDER_LOGIN_LOOK: readonly string[] = [
  '```',
  'postconf -n | grep -e sender_login -e sender_restrictions',
  'postconf -M | grep smtpd',
  'postconf -P | grep -e sender_restrictions -e sasl_auth_enable',
  '```',
];

/**
 * The map built and the check switched on: port 25 by main.cf (only clients that log in: hosts in mynetworks and
 * other servers send without a login as listed addresses; review Y, Y11), and each entry that takes logins by
 * master.cf, where Postfix 3.7's submission/submissions entries set `-o smtpd_sender_restrictions=` empty and so
 * replace main.cf's value (review Y, Y1: forged senders still accepted on 587). The same in every language.
 */
export function senderLoginCommands(entries: readonly string[]): string[] {
  return [
    '```',
    'postmap hash:/etc/postfix/sender_login',
    "postconf -e 'smtpd_sender_login_maps = hash:/etc/postfix/sender_login'",
    "postconf -e 'smtpd_sender_restrictions = reject_authenticated_sender_login_mismatch'",
    ...entries.map((e) => `postconf -P '${e}/inet/smtpd_sender_restrictions=reject_sender_login_mismatch'`),
    'postfix reload',
    '```',
  ];
}

/** The strict check on port 25 too, with the site's own hosts let through first (Y11). */
export const SENDER_LOGIN_STRICT_25 = "postconf -e 'smtpd_sender_restrictions = permit_mynetworks, reject_sender_login_mismatch'";

/**
 * The check of the result: every entry shows the check, and a login sending as an address it does not own is
 * refused on the ports the logins came through (587 when the log names none). swaks asks for the password (`-ap`
 * last, no value) and, with `--quit-after RCPT`, sends nothing. `login`: shell-quoted already.
 */
export function senderLoginVerify(loginTags: readonly string[], login: string): string[] {
  const names = loginTags.map(loginEntry);
  const ports: string[] = [];
  if (names.includes('submission')) ports.push('-p 587 --tls');
  if (names.includes('submissions') || names.includes('smtps')) ports.push('-p 465 --tlsc');
  if (ports.length === 0) ports.push('-p 587 --tls');
  return [
    '```',
    'postconf smtpd_sender_login_maps smtpd_sender_restrictions',
    'postconf -P | grep sender_restrictions',
    ...ports.map((p) => `swaks -s 127.0.0.1 ${p} --quit-after RCPT -f not-yours@example.net -t not-yours@example.net -au ${login} -ap`),
    '```',
  ];
}

/** The expected answer of that test. */
export function senderLoginRefusal(login: string): string {
  return `553 5.7.1 <not-yours@example.net>: Sender address rejected: not owned by user ${login}`;
}

export const SENDER_LOGIN_APPLY: readonly string[] = ['```', 'postmap hash:/etc/postfix/sender_login', 'postfix reload', '```'];

/**
 * How the advice names the services the logins of the log came through: `postfix/submission/smtpd` (the
 * `submission` entry) or port 25's `postfix/smtpd`. English; ja-rules.ts has its own.
 */
function enLoginServices(tags: readonly string[]): string {
  const parts = tags.map((t) => {
    const e = loginEntry(t);
    return e !== '' ? `\`${t}\` (the \`${e}\` entry)` : isSmtpService(t) ? `\`${t}\` (port 25)` : `\`${t}\``;
  });
  return parts.length <= 1 ? parts.join('') : `${parts.slice(0, -1).join(', ')} and ${parts[parts.length - 1]}`;
}

/** What to do about a compromised account; `null`: the general text (rules[].fix). */
export function compromisedAccountFix(p: CompromisedAdvice | null): string {
  const user = p?.user ?? '<user>';
  const userArg = p === null ? user : shellArg(user);
  const mapLines = p === null
    ? ['alice@example.com    alice@example.com', 'shared@example.com   alice@example.com, bob@example.com']
    : senderLoginMapLines(p, {
      own: '# the SASL logins of this log, each owning its own address:',
      moreLogins: (n) => `# … and ${fmt(n)} more logins (bySaslUser in report.json): one line each`,
      sentAs: '# other addresses of your domains these logins sent as in this log (an alias, a shared address), with each login seen:',
      moreSentAs: (n) => `# … and ${fmt(n)} more such addresses (senders of bySaslUser in report.json)`,
      otherDomains: '# addresses of other domains these logins sent as in this log: remove the "# " only if the address is that user\'s own',
      moreOtherDomains: (n) => `# … and ${fmt(n)} more of other domains (senders of bySaslUser in report.json)`,
      alias: (another) => `# ${another ? 'another alias' : 'an alias'} your users send as: the alias, then the login of each owner, comma-separated`,
    });
  const queue = p === null
    ? 'Hold its queued mail, check it, then delete only that: the queue-cleanup finding lists it (`queue-delete.txt`) when any is left.'
    : p.queue.state === 'cleanup' ? 'Hold its queued mail, check it, then delete only that: see the queue-cleanup finding (`queue-delete.txt`).'
      : p.queue.state === 'deleted' ? `Its queued mail is gone: \`postsuper -d ALL\` deleted it at ${p.queue.at} (the queue-deleted finding `
        + 'tells which of your users\' own mail went with it).'
        : 'None of its mail is left in the queue at the end of the log: there is nothing to delete.';
  const refused = p?.refusedSenders ?? null;
  const entries = senderCheckEntries(p?.loginServices ?? []);
  const login = p === null ? '<login>' : userArg;
  // The sender check is on (its refusals are the evidence): what is left is the password.
  const senderCheck = refused !== null
    ? [
      `The sender check is on and is what stops them: keep \`reject_sender_login_mismatch\` and the \`/etc/postfix/sender_login\` map as they are. `
        + 'Once the password is new, its refusals for this login should stop; any that go on come from a mail client of the owner '
        + 'that sends as an address the map does not give the login.',
    ]
    : [
      'Stop authenticated users from sending as anyone else. `/etc/postfix/sender_login` lists each address your users send '
        + 'as, with the SASL logins that own it. Every address in use needs its line: once the check is on, a login sending as '
        + 'an address that is not listed is refused (`553 5.7.1 … Sender address rejected: not owned by user …`). '
        + (p === null ? 'With SASL logins that are full addresses:' : 'From the SASL logins of this log (add every other address in use):'),
      '',
      '```',
      ...mapLines,
      '```',
      '',
      'The check goes on every smtpd that takes logins. Port 25 reads it from `main.cf`; an entry of `master.cf` that sets '
        + 'its own `-o smtpd_sender_restrictions=` keeps that value instead (Postfix 3.7\'s submission and submissions entries '
        + 'set it empty), so it goes there too, with `postconf -P`. '
        + (p === null ? ''
          : p.loginServices.length > 0 ? `The logins of this log came through ${enLoginServices(p.loginServices)}. `
            : 'The log does not say which service the logins came through. ')
        + 'A `postconf -e` line replaces the `main.cf` setting of the same name and a `postconf -P` line the entry\'s `-o` value: '
        + 'look at what is set now, and where a list already names other restrictions, keep them in your line (in a `-P` line '
        + 'comma-separated without spaces):',
      '',
      ...SENDER_LOGIN_LOOK,
      '',
      'Then build the map and switch the check on. A `-P` line for an entry your `master.cf` does not have prints '
        + '`unmatched service_name/type` and changes nothing; add one for any other entry that takes logins '
        + '(`smtpd_sasl_auth_enable = yes`):',
      '',
      ...senderLoginCommands(entries),
      '',
      'On port 25, `reject_authenticated_sender_login_mismatch` checks only the clients that log in. The stricter '
        + '`reject_sender_login_mismatch` there also refuses every client that sends as a listed address without logging in: '
        + 'your own hosts in `mynetworks` (a web application, a scanner, a monitoring script on the server or the office '
        + 'network get `553 5.7.1 … not logged in`), a web form hosted elsewhere, a newsletter service, mail another server '
        + `forwards back to you. If you want it on port 25 all the same, let \`mynetworks\` through first: \`${SENDER_LOGIN_STRICT_25}\`.`,
      '',
      'Check that port 25 and every entry that takes logins show the check, and that a login sending as an address it does not own is '
        + 'refused (swaks: `apt install swaks`; it asks for the password, and `--quit-after RCPT` sends nothing):',
      '',
      ...senderLoginVerify(p?.loginServices ?? [], login),
      '',
      `It must answer \`${senderLoginRefusal(p === null ? '<login>' : p.user)}\`; a \`250\` means the check is not on that port.`,
    ];
  return [
    ...(refused !== null
      ? [`The password still works: ${fmt(refused.ips)} IPs logged in as ${user} and were refused the sender `
        + `${fmt(refused.rejects)} times ("not owned by user"). Setting the sender check up was not enough; the password must change.`, '']
      : []),
    'Lock the account now and set a new strong password (Dovecot passwd-file shown; use your user database):',
    '',
    '```',
    commented('doveadm pw -s SHA512-CRYPT', 'prints {SHA512-CRYPT}$6$… for the new password'),
    '# replace the hash of the account in /etc/dovecot/users (or your SQL/LDAP user table), then:',
    commented(`doveadm auth test ${userArg}`, 'check the new password'),
    commented(`doveadm kick ${userArg}`, 'drop open IMAP/POP3 sessions'),
    '```',
    '',
    ...senderCheck,
    '',
    queue,
    ...(p === null ? [] : whoUsedIt(p)),
    'Tell the account owner: the password was guessed or leaked (check their PC for malware if it was strong).',
  ].join('\n');
}

/** The sender_login lines a login's own clients need (mapEntryFinding): the refused addresses, each owned by it. */
export function senderMapEntryFix(p: SenderMapAdvice): string {
  return [
    `${p.user} sends as ${p.senders.length === 1 ? 'an address' : 'addresses'} that \`/etc/postfix/sender_login\` does not give it, `
      + 'from its own mail clients (IPs that sent its mail before, or that other users send from too): add the line, '
      + 'or add the login to the address\'s line when other users share it (comma-separated):',
    '',
    '```',
    ...tableLines(p.senders.map((s) => [s, p.user] as const)),
    '```',
    '',
    ...SENDER_LOGIN_APPLY,
    '',
    ...(p.foreign > 0
      ? ['Add an address of another domain only if it is the user\'s own (a personal address they send through this server); '
        + 'a bank, shop or stranger\'s address means someone else has the password: change it (`doveadm pw`, then `doveadm kick`).', '']
      : []),
    ...(p.otherIps > 0
      ? [`${p.otherIps} of the refused IPs had sent nothing as the account before and no other user uses them: ask the owner `
        + 'whether they are theirs (home, phone). If not, change the password.']
      : ['Ask the owner whether the address is really theirs to send as: the map decides who may.']),
  ].join('\n');
}

/** One provider's sending pool, as the unusual-use note's title and fix name it (English). */
export function enPool(p: PoolText): string {
  return (p.domain !== null
    ? `${p.ips === p.total ? `its ${fmt(p.ips)} IPs resolve` : `${fmt(p.ips)} of its ${fmt(p.total)} IPs resolve`} under ${p.domain}`
    : `its ${fmt(p.ips)} IPs sit in ${count(p.networks, '/16 network', '/16 networks')}`)
    + ', as one provider\'s pool does';
}

/** What to do about an account's unusual use with nothing of another person (unusualUseNote): ask, block nothing. */
export function accountUnusualUseFix(p: UnusualUseAdvice): string {
  const g = p.guessLogin;
  return [
    g !== undefined
      ? `${g.ip} logged in at ${g.at} after ${fmt(g.failures)} failed logins whose user name the log does not give (Postfix before `
        + `3.7.8 does not log it), so the log cannot tell which account it got into; the mail of ${p.user} from new addresses began `
        + 'after it. That mail went out as its own addresses and most of it was delivered.'
      : `Nothing here is a reason to change the password of ${p.user}: it sent as its own addresses, no login followed password `
        + 'guessing, and most of its mail was delivered. What stands out is only how many addresses it sent from (or how many '
        + 'domains it sent to).',
    '',
    p.pool !== undefined
      ? `Ask the owner which service sends as ${p.user}: ${enPool(p.pool)} (${p.ips.join(', ')}${p.moreIps > 0 ? ` and ${fmt(p.moreIps)} more` : ''}), `
        + 'most likely a CRM, booking or invoicing service set up with this account. Such a service logs in with the account\'s password from its cloud servers, whose addresses change within its pool.'
        + (g !== undefined ? '' : ' Do not block them: the provider\'s addresses send for its other customers too.')
      : `Ask the owner whether these IPs are theirs: ${p.ips.join(', ')}${p.moreIps > 0 ? ` and ${fmt(p.moreIps)} more` : ''}. A phone or `
        + 'laptop on mobile data gets a new address from its carrier\'s range every few hours; a mailing tool or a monitoring script '
        + 'sends from the server it runs on.'
        + (g !== undefined ? '' : ' Do not block them: a carrier\'s addresses are shared by its other subscribers.'),
    '',
    'If the owner does not know some of them, treat it as a stolen password: set a new one (`doveadm pw -s SHA512-CRYPT`, then '
      + `\`doveadm kick ${shellArg(p.user)}\`) and run this report again.`,
  ].join('\n');
}

/** Who to block, whose mail clients need the new password, and whether the mail itself was exposed. */
function whoUsedIt(p: CompromisedAdvice): string[] {
  const out: string[] = [''];
  if (p.usedByIps > 0) {
    out.push(`\`compromised-ips.txt\` (next to this report) lists the ${fmt(p.usedByIps)} IPs that used the account since the `
      + `guess: ${p.bruteforceBlocklist ? 'block them as you block the brute-force IPs, and name them in the ticket.'
        : 'name them in the ticket and block them (nftables shown; this report has no password-guessing finding whose blocklist they could join). '
          + NFT_TABLE_NOTE + ' The last lines keep the block across a reboot:'}`);
    if (!p.bruteforceBlocklist) out.push('', ...nftBlockCommands(p.usedByFamilies.v4, p.usedByFamilies.v6, 'compromised-ips.txt'), '');
  }
  if (p.ownerIps.length > 0) {
    out.push(`The owner's own mail clients, seen before the guess (${p.ownerIps.join(', ')}${p.ownerIpCount > p.ownerIps.length ? ', …' : ''}), `
      + 'need the new password: until they have it, their failed logins look like the attack.');
  }
  if (p.mailboxIntruders.length > 0) {
    out.push(`The mailbox was opened over IMAP/POP3 from ${p.mailboxIntruders.join(', ')} after the guess: the mail in it may have `
      + 'been read. Tell the client: personal data in those messages may have been exposed, which data-protection law may '
      + 'require them to report.');
  }
  return out.length > 1 ? out : [];
}

export const compromisedAccount: Rule = {
  id: 'compromised-account',
  title: 'Compromised mail account',
  thresholds: {
    /** Distinct client IPs sending as one user. */
    minClientIps: 10,
    /** Messages with an envelope sender outside the user's domain. */
    minForgedMessages: 10,
    /** Distinct external recipient domains. */
    minExternalDomains: 50,
    /**
     * Of the recipients of the mail from IPs other than the owner's, the share not delivered (bounced, expired, still
     * deferred) at which that mail is spam-shaped, a high finding without forged senders or a guess: spam to harvested
     * or made-up addresses is refused and bounced (corpus incident 78.9%, samples/incident.log 53.3%), a person's mail
     * and a newsletter to customers get through (review 12: 0% from a phone, 1.6% for a newsletter to 960 customers
     * with greylisting).
     */
    minUndeliveredPercent: 25,
    /**
     * Distinct client IPs refused as "not owned by user X" (reject_sender_login_mismatch) for one SASL login X: they
     * all had X's password. One IP is the owner's client sending as an address the map lacks.
     */
    minRefusedSenderIps: 5,
    /**
     * At most this many distinct refused senders, all of our own domains, are the owner's clients sending as shared
     * addresses the sender_login map does not give the login (sales@, info@): a map entry to add, a low note.
     */
    maxMapEntrySenders: 2,
    /**
     * IPs not the owner's sending as the account in the same hour that, from minConcurrentNetworks distinct /8
     * networks (IPv6: /32) and to minExternalDomains domains or more, make its mail a botnet's (high) however much of
     * it was delivered (review 13, H1: 40 IPs in 40 /8s, 85% delivered; review 12's phone: 1 network, 1 at a time).
     */
    minConcurrentIps: 5,
    minConcurrentNetworks: 3,
    /**
     * ...and only when the mail is a spammer's, not a team's (review 14, F1: six staff sending one-recipient quotes
     * as a shared info@ from their homes): this many recipients per message on average (the botnets of review 13 sent
     * 10 each, BCC), or botnetIps IPs or more (a botnet's 40, the corpus's 41; not a team's 5 to 12).
     */
    botnetRecipientsPerMessage: 3,
    botnetIps: 20,
    /**
     * Distinct client IPs not the owner's whose submissions as the account the server refused at the end of DATA with a
     * 5xx (a milter's verdict: rspamd's "5.7.1 Spam message rejected"), and the share of their submissions refused, at
     * which that mail is spam-shaped (high, 'filtered'; code review 17, K7b). Also a signal that puts the account to
     * the test at all, as minClientIps is: 30 IPs whose every message was refused sent nothing. One person's client
     * whose message a milter refused, or 5 IPs with one refusal among hundreds of messages, are no such thing.
     */
    minRefusedMessageIps: 5,
    minRefusedMessagePercent: 25,
    /**
     * IPs that only opened the mailbox before the guess (sent nothing as the account) are the owner's when at most
     * this many; beyond it, only those that return over an hour or more are (review 13, H2: 40 checker IPs, one login each).
     */
    maxMailboxOnlyOwnerIps: 3,
  },
  why: 'Someone else has this account\'s password. Spam sent through an authenticated account passes every relay check, '
    + 'leaves with your server\'s IP and domain reputation, and is retried for days by your queue: receivers '
    + '(Gmail, Yahoo, Microsoft) start refusing all mail from your IP, including your customers\' real mail.',
  fix: compromisedAccountFix(null),
  advise(f, findings, agg, ctx) {
    const unusual = noteOf.get(f);
    if (unusual !== undefined) {
      const ips = otherIpsByUse(unusual);
      const guessLogin = guessLoginText(agg, ctx, unusual);
      return ctx.messages.advice.accountUnusualUse({
        user: f.subject.value, ips: ips.slice(0, 5), moreIps: Math.max(0, ips.length - 5), ...(guessLogin !== undefined ? { guessLogin } : {}),
        ...(unusual.pool !== null ? { pool: unusual.pool } : {}),
      });
    }
    const note = mapEntryOf.get(f);
    if (note !== undefined) {
      return ctx.messages.advice.senderMapEntry({
        user: f.subject.value, senders: note.senders.slice(0, SENDER_LOGIN_LINES), foreign: note.foreignSenders.length,
        otherIps: note.ips.length,
      });
    }
    const c = compromiseOf.get(f);
    const refused = refusalsOf.get(f);
    return ctx.messages.advice.compromisedAccount({
      refusedSenders: refused === undefined ? null : { rejects: refused.rejects, ips: refused.ips.length },
      user: f.subject.value, ...senderLogins(agg, compromisedLogins(findings, f.rule)), queue: abuseQueue(findings, agg, ctx.messages.unknownTime),
      usedByIps: f.lists?.['compromised-ips.txt']?.length ?? 0,
      bruteforceBlocklist: findings.some((x) => x.rule === 'sasl-bruteforce' && (x.lists?.['blocklist-ips.txt']?.length ?? 0) > 0),
      usedByFamilies: {
        v4: (f.lists?.['compromised-ips.txt'] ?? []).some((ip) => !ip.includes(':')),
        v6: (f.lists?.['compromised-ips.txt'] ?? []).some((ip) => ip.includes(':')),
      },
      ownerIps: c?.ownerIps.slice(0, 5) ?? [], ownerIpCount: c?.ownerIps.length ?? 0,
      mailboxIntruders: c?.mailboxIntruders.map((x) => x.ip) ?? [],
      loginServices: [...agg.saslServices].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1)).map(([t]) => t),
    });
  },
  detect(agg, ctx) {
    const at = timeText(agg);
    const out: Finding[] = [];
    // Grouped once, not looked through per finding (quadratic under attack).
    const queuedByUser = new Map<string, QueuedMessage[]>();
    for (const q of agg.stillQueued) {
      if (q.saslUser === '') continue;
      const list = queuedByUser.get(q.saslUser);
      if (list === undefined) queuedByUser.set(q.saslUser, [q]);
      else list.push(q);
    }
    for (const c of assessAccounts(agg, ctx)) {
      if (c.verdict === 'note') { out.push(unusualUseNote(agg, ctx, c)); continue; }
      const u = c.stats;
      // Its abuse still queued, as queue-delete.txt lists it: not the owner's own mail.
      let queued = 0;
      for (const q of queuedByUser.get(c.user) ?? []) if (isAccountAbuse(c, q)) queued++;
      // Of the recipients of the mail sent since the guess, those not sent: bounced, expired or still deferred.
      const notDeliveredShare = c.outcomesKnown ? percent(c.recipientsSince - c.sentSince, c.recipientsSince) : null;
      const refused = c.refused;
      // Every IP that used the account since the guess, for the firewall and the client's ticket; and those refused
      // the sender, which had the password too. Not an IP other users send or read mail from (an office NAT the
      // attacker shares: blocking it cuts them off), nor this server itself (review 11, H3 and H4). No list when
      // none is left (review 12, H5a: an empty compromised-ips.txt was written and named).
      const blockable = blockableIps(agg, c.user, [...c.ipsSinceList, ...c.mailboxIntruders.map((x) => x.ip), ...(refused?.ips ?? [])]);
      const title = ctx.messages.findings.compromisedAccount({
        refused: refused === null ? null : refusedText(refused, at, ctx),
        user: c.user, guessedAt: shortTime(at(c.guessedAt), ctx.messages.unknownTime), guessedFrom: c.guessedFrom, loginSeen: c.loginSeen,
        // Spam-shaped mail with no guess seen (high) says "shows the signs of a stolen password", not "was guessed
        // around": the failures for the name before it were the everyday attack's (review 18, M).
        failuresBefore: SPAM_SHAPED.has(c.verdict) && !c.byAttack ? 0 : c.failuresBefore, unnamedGuess: c.unnamedGuess, ipsSince: c.ipsSince, messagesSince: c.messagesSince, recipients: c.recipientsSince,
        externalDomains: c.externalDomains, forgedMessages: c.forgedMessages, queued, notDeliveredShare,
        pendingFate: pendingFate(agg, (q) => q.saslUser === c.user),
        ...(c.stats.discarded > 0 ? { filterDiscarded: c.stats.discarded } : {}),
        ...(c.refusedSince > 0 ? { refusedAtData: { messages: c.refusedSince, ips: c.refusedIpsSince } } : {}),
        mailboxIntruders: c.mailboxIntruders.map(({ ip, row }) => ({ ip, protocol: row.protocol, at: shortTime(at(row.firstAt), ctx.messages.unknownTime) })),
      });
      const guessIp = c.guessedFrom ? agg.byClientIp.get(c.guessedFrom) : undefined;
      const rspamdActions = actionsOfUser(agg, c.user);
      const noticesSince = noticesDeliveredFor(agg.bounceNotices, c.user, c.sinceIps);
      const noticesHere = noticesDeliveredHereFor(agg.bounceNotices, c.user, c.sinceIps);
      const whole = wholeLogOf(agg, c.user, u);
      const finding: Finding = {
        rule: 'compromised-account',
        // Another person at work (forged senders, a guess, refused senders): critical; spam-shaped mail alone: high.
        severity: SPAM_SHAPED.has(c.verdict) ? 'high' : 'critical',
        title,
        subject: { kind: 'saslUser', value: c.user },
        firstAt: at(c.guessedAt),
        lastAt: at(u.lastAt),
        evidence: {
          messages: u.messages,
          messagesSinceGuessed: c.messagesSince,
          recipients: u.recipients,
          recipientsSinceGuessed: c.recipientsSince,
          ...(notDeliveredShare !== null ? { notDeliveredSinceGuessedPercent: notDeliveredShare } : {}),
          ...(notDeliveredShare !== null && whole.notDeliveredPercent !== null && whole.notDeliveredPercent !== notDeliveredShare
            ? { notDeliveredPercent: whole.notDeliveredPercent } : {}),
          // Bounce notices delivered that answer that mail: backscatter, not the users' mail.
          bounceNoticesDeliveredSinceGuessed: noticesSince,
          ...noticesSplit(noticesSince, noticesHere),
          ...(whole.bounceNoticesDelivered !== noticesSince ? { bounceNoticesDelivered: whole.bounceNoticesDelivered } : {}),
          clientIps: u.clientIps.size,
          ipsSinceGuessed: c.ipsSince,
          // The most of those IPs that sent in one hour, and their /8 (IPv6 /32) networks: a botnet's at once.
          ...(c.busiestHour !== null ? { concurrentIps: c.busiestHour.ips, concurrentNetworks: c.busiestHour.networks } : {}),
          externalRecipientDomains: c.externalDomains,
          forgedSenderMessages: c.forgedMessages,
          distinctForgedSenders: c.forgedSenders.length,
          // Submissions of those IPs the server refused at the end of DATA (a milter's 5xx), not among the messages.
          ...(c.refusedSince > 0 ? { refusedMessagesSinceGuessed: c.refusedSince, refusedMessageIpsSinceGuessed: c.refusedIpsSince } : {}),
          ...(c.refusedSince > 0 && whole.refusedMessages !== c.refusedSince
            ? { refusedMessages: whole.refusedMessages, refusedMessageIps: whole.refusedMessageIps } : {}),
          // Failures that name no user (Postfix before 3.7.8) are the guessing IP's, not this name's (review 14, F2).
          ...(c.unnamedGuess ? { failedLoginsOfGuessingIp: c.failuresBefore } : { failedLoginsForThisName: c.failuresBefore }),
          sent: u.sent,
          bounced: u.bounced,
          // Deleted by postsuper -d ALL after their last try too: stillQueued says what is left (review 17, F7: 1,163 beside 0).
          lastTryDeferred: u.deferred,
          expired: u.expired,
          deferralAttempts: u.deferralAttempts,
          stillQueued: queued,
          topClientIps: sortedKeys(u.clientIps).slice(0, 5).join(', '),
          topForgedSenders: c.forgedSenders.slice(0, 5).join(', '),
          mailboxLoginIpsSinceGuessed: c.mailboxIntruders.length,
          ...(c.mailboxIntruders.length > 0 ? {
            mailboxLoginsSinceGuessed: c.mailboxIntruders.slice(0, 5)
              .map(({ ip, row }) => `${ip} (${loginProtocolsText(row)}, ${row.logins}× from ${at(row.firstAt) ?? '?'})`).join(', '),
          } : {}),
          // Before the guess: the owner's mail clients, which need the new password.
          ownerIps: c.ownerIps.length,
          ...(c.ownerIps.length > 0 ? { firstOwnerIps: c.ownerIps.slice(0, 5).join(', ') } : {}),
          ...(refused !== null ? refusedEvidence(refused) : {}),
          // rspamd's own verdicts on the account's mail ("user: …" in its task summaries, the maillog's or rspamd.log's):
          // reject and add header are its spam scores of what the account sent.
          ...(rspamdActions !== '' ? { rspamdActionsOnAccount: rspamdActions } : {}),
          ...(blockable.length > 0 ? { ipsSinceGuessedList: 'compromised-ips.txt' } : {}),
        },
        ...(blockable.length > 0 ? { lists: { 'compromised-ips.txt': blockable } } : {}),
        // The guesser's first failure, its first line from that IP, and its login: the first "client=…,
        // sasl_username=…" line (corpus incident line 802) or "disconnect … auth=1/2" line. Not the account's first
        // message, which is the owner's own mail from before the guess (line 485, 127.0.30.5), unless no IP is known.
        // And the first mailbox login from a new IP.
        examples: pickExamples([
          ...(guessIp !== undefined ? [guessIp.firstAuthFailure, guessIp.firstAuthOk, guessIp.firstExample] : [u.firstExample]),
          c.mailboxIntruders[0]?.row.example,
        ]),
        impact: u.recipients,
      };
      compromiseOf.set(finding, c);
      if (refused !== null) refusalsOf.set(finding, refused);
      // Who is who in the Client IPs table (review Z, Z23): the guess only when the title tells it as a login.
      const guessTold = c.unnamedGuess || (c.loginSeen && (SPAM_SHAPED.has(c.verdict) && !c.byAttack ? 0 : c.failuresBefore) > 0);
      if (guessTold && c.guessedFrom !== '') markRoles(finding, 'guessed-password', [c.guessedFrom]);
      markRoles(finding, 'sent-as-compromised', c.ipsSinceList);
      markRoles(finding, 'opened-compromised-mailbox', c.mailboxIntruders.map((x) => x.ip));
      markRoles(finding, 'owner-client', c.ownerIps);
      out.push(finding);
    }
    // Accounts whose only trace is the sender check refusing others who logged in as them: the password was not reset.
    // (A note's account may still lack a sender_login line: both are said.)
    const found = new Set(out.filter((f) => compromiseOf.has(f)).map((f) => f.subject.value));
    for (const user of [...agg.senderLoginRejects.keys()].sort()) {
      if (found.has(user)) continue;
      const refused = senderRefusalsOf(agg, ctx, user);
      if (refused === null) continue;
      out.push(refused.verdict === 'compromised' ? refusedOnlyFinding(agg, ctx, user, refused) : mapEntryFinding(agg, ctx, user, refused));
    }
    return out;
  },
};

function refusedText(r: SenderRefusals, at: (t: number) => string | null, ctx: RuleContext): { rejects: number; ips: number; first: string; last: string } {
  const t = (x: number): string => shortTime(at(x), ctx.messages.unknownTime);
  return { rejects: r.rejects, ips: r.ips.length, first: t(r.firstAt), last: t(r.lastAt) };
}

function refusedEvidence(r: SenderRefusals): Record<string, number | string> {
  return {
    refusedSenderLogins: r.rejects, refusedSenderLoginIps: r.ips.length, topRefusedIps: r.topIps.join(', '),
    distinctRefusedSenders: r.senders.length, foreignRefusedSenders: r.foreignSenders.length,
    topRefusedSenders: r.senders.slice(0, 5).join(', '),
    // Refused IPs left out of compromised-ips.txt: the owner's clients, and IPs other users log in from.
    ...(r.ownerIps.length > 0 ? { ownerRefusedIps: r.ownerIps.slice(0, 5).join(', ') } : {}),
    ...(r.sharedIps.length > 0 ? { sharedRefusedIps: r.sharedIps.slice(0, 5).join(', ') } : {}),
  };
}

/** A map-entry note: the refused senders, each with the login to give it (the advice's sender_login lines). */
const mapEntryOf = new WeakMap<Finding, SenderRefusals>();

/**
 * The low note for refusals that are the owner's clients sending as a shared address of our own domains the
 * sender_login map lacks (review 11, H3: sato@ sending as sales@example.jp from the office, home and a phone). No
 * compromised-ips.txt: these IPs are the owner's and the office's. Its evidence names no refusedSenderLoginIps, so
 * compare does not read it as a password still in use (compare/match.ts).
 */
function mapEntryFinding(agg: Aggregate, ctx: RuleContext, user: string, r: SenderRefusals): Finding {
  const at = timeText(agg);
  const t = (x: number): string => shortTime(at(x), ctx.messages.unknownTime);
  const finding: Finding = {
    rule: 'compromised-account',
    severity: 'low',
    title: ctx.messages.findings.senderMapMissing({
      user, senders: r.senders.slice(0, 3), moreSenders: Math.max(0, r.senders.length - 3), foreign: r.foreignSenders.length,
      rejects: r.rejects, ips: r.allIps.length, ownerIps: r.ownerIps.length, sharedIps: r.sharedIps.length, first: t(r.firstAt), last: t(r.lastAt),
    }),
    subject: { kind: 'saslUser', value: user },
    firstAt: at(r.firstAt),
    lastAt: at(r.lastAt),
    evidence: {
      refusedSenders: r.rejects,
      refusedSenderAddresses: r.senders.slice(0, 5).join(', '),
      distinctRefusedSenders: r.senders.length,
      foreignRefusedSenders: r.foreignSenders.length,
      refusedIps: r.allIps.length,
      ownerRefusedIps: r.ownerIps.length,
      sharedRefusedIps: r.sharedIps.length,
      otherRefusedIps: r.ips.length,
      topRefusedIpList: r.allIps.slice(0, 5).join(', '),
    },
    examples: pickExamples([r.example]),
    impact: r.rejects,
    why: ctx.messages.findings.senderMapMissingWhy,
  };
  mapEntryOf.set(finding, r);
  return finding;
}

/** A note's unnamed guess login (Compromise.unnamedLogin) with its short local time, for the title and advice. */
function guessLoginText(agg: Aggregate, ctx: RuleContext, c: Compromise): UnnamedGuessLogin | undefined {
  const g = c.unnamedLogin;
  return g === null ? undefined : { ip: g.ip, at: shortTime(timeText(agg)(g.at), ctx.messages.unknownTime), failures: g.failures };
}

/** A note's facts, for its advice. */
/** The account's figures over the whole log that the evidence gives beside those since the guess (wholeLogOf). */
interface WholeLog {
  notDeliveredPercent: number | null;
  bounceNoticesDelivered: number;
  refusedMessages: number;
  refusedMessageIps: number;
}

/**
 * The whole log's figures of an account, to show beside those since the guess where the two differ (review AI, AI6:
 * the table gave the window's not-delivered share, bounce notices and refused messages alone, beside whole-log rows
 * of its messages and recipients; an equal row would say the same thing twice). Over every IP that sent as it, as the
 * window sums its own IPs (SaslUserStats per IP), so that the two compare; null: no recipient.
 */
function wholeLogOf(agg: Aggregate, user: string, u: SaslUserStats): WholeLog {
  let recipients = 0;
  let sent = 0;
  for (const n of u.clientIpRecipients.values()) recipients += n;
  for (const n of u.clientIpSent.values()) sent += n;
  return {
    notDeliveredPercent: recipients > 0 ? percent(recipients - sent, recipients) : null,
    bounceNoticesDelivered: noticesDeliveredFor(agg.bounceNotices, user, [...u.clientIps.keys()]),
    refusedMessages: u.refusedMessages,
    refusedMessageIps: u.refusedIps?.size ?? 0,
  };
}

const noteOf = new WeakMap<Finding, Compromise>();

/** The logins this rule found compromised (not its notes): the sender_login map leaves out what they sent as. */
function compromisedLogins(findings: readonly Finding[], rule: string): Set<string> {
  return new Set(findings.filter((x) => x.rule === rule && !noteOf.has(x) && !mapEntryOf.has(x)).map((x) => x.subject.value));
}

/** An IP's failed logins for `user` or its local part (SMTP AUTH and IMAP/POP3, each attempt once: usersTried). */
function failuresForName(r: ClientIpStats | undefined, user: string): number {
  if (r === undefined) return 0;
  const tried = userCountsOf(r.authUsersTried);
  const at = user.lastIndexOf('@');
  return (tried.get(user) ?? 0) + (at > 0 ? tried.get(user.slice(0, at)) ?? 0 : 0);
}

/** The IPs a note asks about (those not known as the owner's), the most messages first, then by address. */
function otherIpsByUse(c: Compromise): string[] {
  return sortedKeys(new Map(c.sinceIps.map((ip) => [ip, c.stats.clientIps.get(ip) ?? 0])));
}

/**
 * The low note for an account with a signal and nothing of another person (assessAccounts 'note'): many client IPs
 * or many external domains, from IPs that are not known as the owner's, but its own senders, no guess, and most of
 * its mail delivered (review 12, H3: suzuki@'s phone on a carrier's NAT, 15 addresses in 126.0.0.0/8, each also
 * opening the mailbox; one typo, then a login from that same IP). No compromised-ips.txt: these IPs are most likely
 * the owner's own (a phone, a mailing tool), and blocking a carrier's addresses cuts off its other subscribers. Its
 * evidence names no messagesSinceGuessed: there is no guess.
 */
function unusualUseNote(agg: Aggregate, ctx: RuleContext, c: Compromise): Finding {
  const at = timeText(agg);
  const u = c.stats;
  const mailbox = agg.mailboxLogins.get(c.user);
  const alsoMailbox = c.sinceIps.filter((ip) => mailbox?.has(ip) ?? false).length;
  const notDelivered = c.outcomesKnown ? percent(c.recipientsSince - c.sentSince, c.recipientsSince) : null;
  // The failed logins of the IP that then logged in as the user, for its name: a typo, said as such. Only that IP's:
  // bots trying the name from elsewhere are no typo (review 17, I8: "the 54 failed logins before came from an IP that
  // then logged in", where 1 did and 53 were a wide attack's).
  const mistyped = c.guessedFrom !== '' ? failuresForName(agg.byClientIp.get(c.guessedFrom), c.user) : 0;
  const guessLogin = guessLoginText(agg, ctx, c);
  const finding: Finding = {
    rule: 'compromised-account',
    severity: 'low',
    title: ctx.messages.findings.accountUnusualUse({
      user: c.user, ips: c.ipsSince, messages: c.messagesSince, recipients: c.recipientsSince, externalDomains: c.externalDomains,
      notDeliveredShare: notDelivered, mailboxIps: alsoMailbox, mistyped, ...(guessLogin !== undefined ? { guessLogin } : {}),
      ...(c.pool !== null ? { pool: c.pool } : {}),
    }),
    subject: { kind: 'saslUser', value: c.user },
    firstAt: at(c.guessedAt),
    lastAt: at(u.lastAt),
    evidence: {
      messages: u.messages,
      recipients: u.recipients,
      clientIps: u.clientIps.size,
      // The IPs not known as the owner's (nothing from them before the account's first message or the typo'd login),
      // their mail, its recipients per message, and how much of it was not delivered.
      otherIps: c.ipsSince,
      messagesFromOtherIps: c.messagesSince,
      recipientsPerMessage: c.messagesSince === 0 ? 0 : Math.round((c.recipientsSince / c.messagesSince) * 10) / 10,
      ...(notDelivered !== null ? { notDeliveredFromOtherIpsPercent: notDelivered } : {}),
      otherIpsAlsoOpeningTheMailbox: alsoMailbox,
      topOtherIps: otherIpsByUse(c).slice(0, 5).join(', '),
      externalRecipientDomains: c.externalDomains,
      forgedSenderMessages: c.forgedMessages,
      failedLoginsForThisName: mistyped,
      ownerIps: c.ownerIps.length,
      ...(c.unnamedLogin !== null ? { unnamedGuessLoginIp: c.unnamedLogin.ip, unnamedGuessLoginFailures: c.unnamedLogin.failures } : {}),
    },
    examples: pickExamples([u.firstExample, ...(c.guessedFrom !== '' ? [agg.byClientIp.get(c.guessedFrom)?.firstAuthFailure] : [])]),
    impact: c.messagesSince,
    // The rule's general text says someone else has the password: this note says nothing of the kind.
    why: guessLogin !== undefined ? ctx.messages.findings.accountUnusualUseGuessWhy : ctx.messages.findings.accountUnusualUseWhy,
  };
  noteOf.set(finding, c);
  return finding;
}

/**
 * The compromised-account finding of an account that sent no abuse that got through, but whose password others still
 * use: after-fix logs where only reject_sender_login_mismatch was applied (review 10, H2). Its mail "since the guess"
 * is what the refused IPs had accepted as the account (mail as the account's own address passes the check).
 */
function refusedOnlyFinding(agg: Aggregate, ctx: RuleContext, user: string, r: SenderRefusals): Finding {
  const at = timeText(agg);
  const u = agg.bySaslUser.get(user);
  const sinceIps = r.ips.filter((ip) => (u?.clientIps.get(ip) ?? 0) > 0);
  let messagesSince = 0;
  let recipientsSince = 0;
  let sentSince = 0;
  for (const ip of sinceIps) {
    messagesSince += u!.clientIps.get(ip) ?? 0;
    recipientsSince += u!.clientIpRecipients.get(ip) ?? 0;
    sentSince += u!.clientIpSent.get(ip) ?? 0;
  }
  const notDeliveredSince = percent(recipientsSince - sentSince, recipientsSince);
  const noticesSince = noticesDeliveredFor(agg.bounceNotices, user, sinceIps);
  const noticesHere = noticesDeliveredHereFor(agg.bounceNotices, user, sinceIps);
  const whole = u !== undefined ? wholeLogOf(agg, user, u) : null;
  const finding: Finding = {
    rule: 'compromised-account',
    severity: 'critical',
    title: ctx.messages.findings.compromisedStillUsed({ user, ...refusedText(r, at, ctx), messagesSince }),
    subject: { kind: 'saslUser', value: user },
    firstAt: at(r.firstAt),
    lastAt: at(Math.max(r.lastAt, u?.lastAt ?? -Infinity)),
    evidence: {
      messages: u?.messages ?? 0,
      messagesSinceGuessed: messagesSince,
      ...(u !== undefined && u.recipients !== recipientsSince ? { recipients: u.recipients } : {}),
      recipientsSinceGuessed: recipientsSince,
      notDeliveredSinceGuessedPercent: notDeliveredSince,
      ...(whole !== null && whole.notDeliveredPercent !== null && whole.notDeliveredPercent !== notDeliveredSince
        ? { notDeliveredPercent: whole.notDeliveredPercent } : {}),
      bounceNoticesDeliveredSinceGuessed: noticesSince,
      ...noticesSplit(noticesSince, noticesHere),
      ...(whole !== null && whole.bounceNoticesDelivered !== noticesSince ? { bounceNoticesDelivered: whole.bounceNoticesDelivered } : {}),
      clientIps: u?.clientIps.size ?? 0,
      ipsSinceGuessed: r.ips.length,
      ...refusedEvidence(r),
      ipsSinceGuessedList: 'compromised-ips.txt',
    },
    lists: { 'compromised-ips.txt': r.ips },
    examples: pickExamples([r.example]),
    impact: r.rejects,
  };
  refusalsOf.set(finding, r);
  refusedSinceIps.set(finding, sinceIps);
  return finding;
}

/**
 * Where the bounce notices of the account's mail since the guess went (review AK, AK9): out to the forged senders,
 * or back to a mailbox here (the spam sent with the account's own address as sender: the corpus incident's 53 of 112
 * to info@example.jp). Nothing when no notice was delivered.
 */
function noticesSplit(delivered: number, here: number): Record<string, number> {
  if (delivered === 0) return {};
  return { bounceNoticesToOutsideSinceGuessed: delivered - here, bounceNoticesToMailboxesHereSinceGuessed: here };
}
