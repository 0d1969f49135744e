// merge(a, b): the aggregate of the union of two inputs. Sums, min/max and earliest-example only, so the
// order in which ranges finish never changes the result (test/aggregate-merge.test.ts checks the law).

import { mergeUserCounts } from './user-counts.js';
import { mergeRefusedRecipients } from './refused-recipients.js';
import { noteLastDeferral } from './events.js';
import { mergeSessionProblems } from './session-problems.js';
import type {
  Aggregate, ClientIpStats, DomainStats, HourStats, LineCounts, LoginProxies, PickupUidStats, ReasonStats, RelayTally, SaslUserStats, SenderStats, Totals,
} from '../types.js';
import { NOTIFICATION_EXAMPLES, earliest, mergeExampleLists } from './examples.js';
import { mergeLoginFailureTimes } from './timeline.js';
import { mergeMailboxLogins } from './mailbox-logins.js';
import { mergeSentMinutes } from './sent-minutes.js';
import { mergeSenderLoginRejects } from './sender-login-rejects.js';
import { mergeSaslUserRejects } from './sasl-user-rejects.js';
import { mergeBounceNotices } from './bounce-notices.js';
import { mergeFilterJoin } from './filter-credit.js';
import { mergeNextHops } from './next-hops.js';
import { mergeRelaySlots } from './relay-slots.js';
import { mergeSenderDomainAddresses } from './address-set.js';
import { mergeClockSteps } from './clock-steps.js';
import { mergeDkimSigning } from './dkim-signing.js';
import { mergeAuthVerdicts } from './auth-verdicts.js';
import { mergeAuthRefused } from './auth-refused.js';
import type { IpTable } from './ip-table.js';
import { foldNumbers } from './ip-table.js';

export const UNPARSED_EXAMPLES = 20;

function addCounts<K>(into: Map<K, number>, from: Map<K, number>): void {
  for (const [k, v] of from) into.set(k, (into.get(k) ?? 0) + v);
}

/** addCounts for maps created on first use; b's map is moved when a has none. */
function addLazyCounts<K>(into: Map<K, number> | null, from: Map<K, number> | null): Map<K, number> | null {
  if (from === null) return into;
  if (into === null) return from;
  addCounts(into, from);
  return into;
}

function mergeRows<K, V>(into: Map<K, V>, from: Map<K, V>, add: (a: V, b: V) => void): void {
  for (const [k, v] of from) {
    const mine = into.get(k);
    if (mine === undefined) into.set(k, v);
    else add(mine, v);
  }
}

/** Adds every numeric field of b to a (flat rows of counters). */
function addNumbers<T extends object>(a: T, b: T): void {
  const ra = a as Record<string, unknown>;
  const rb = b as Record<string, unknown>;
  for (const k in rb) {
    const v = rb[k];
    if (typeof v === 'number') ra[k] = (ra[k] as number) + v;
  }
}

function addLineCounts(a: LineCounts, b: LineCounts): void { addNumbers(a, b); }
function addTotals(a: Totals, b: Totals): void { addNumbers(a, b); }
function addSender(a: SenderStats, b: SenderStats): void { addNumbers(a, b); }
function addDomain(a: DomainStats, b: DomainStats): void {
  // The counts add up; the last deferral is the later one (events.ts noteLastDeferral's order).
  const at = a.lastDeferralAt;
  addNumbers(a, b);
  a.lastDeferralAt = at;
  noteLastDeferral(a, b.lastDeferralAt, b.lastDeferralReason);
}
function addHour(a: HourStats, b: HourStats): void {
  // The counts add up; the times of the hour's first and last port-25 timeout are a min and a max.
  const first = Math.min(a.connectTimeout25FirstAt, b.connectTimeout25FirstAt);
  const last = Math.max(a.connectTimeout25LastAt, b.connectTimeout25LastAt);
  addNumbers(a, b);
  a.connectTimeout25FirstAt = first;
  a.connectTimeout25LastAt = last;
}

/** Adds reason row `b` into `a`: counts, first and last time, the earlier example with its DSN. */
export function addReason(a: ReasonStats, b: ReasonStats): void {
  a.count += b.count;
  a.firstAt = Math.min(a.firstAt, b.firstAt);
  a.lastAt = Math.max(a.lastAt, b.lastAt);
  const e = earliest(a.example, b.example);
  if (e !== a.example) { a.example = e; a.dsn = b.dsn; }
}

function addSaslUser(a: SaslUserStats, b: SaslUserStats): void {
  a.messages += b.messages; a.recipients += b.recipients; a.sent += b.sent; a.deferred += b.deferred;
  a.bounced += b.bounced; a.expired += b.expired; a.discarded += b.discarded; a.deferralAttempts += b.deferralAttempts; a.authFailures += b.authFailures;
  a.refusedMessages += b.refusedMessages;
  a.receiverRefusedMessages += b.receiverRefusedMessages;
  a.receiverRefusedRecipients += b.receiverRefusedRecipients;
  a.refusedIps = addLazyCounts(a.refusedIps, b.refusedIps);
  if (b.refusedIpFirstAt !== null) {
    const firsts = a.refusedIpFirstAt ??= new Map();
    for (const [ip, t] of b.refusedIpFirstAt) firsts.set(ip, Math.min(firsts.get(ip) ?? Infinity, t));
  }
  addCounts(a.clientIps, b.clientIps);
  addCounts(a.clientIpRecipients, b.clientIpRecipients);
  addCounts(a.clientIpSent, b.clientIpSent);
  addCounts(a.clientIpLocalRecipients, b.clientIpLocalRecipients);
  mergeSentMinutes(a.clientIpSentMinutes, b.clientIpSentMinutes);
  for (const [ip, t] of b.clientIpFirstAt) a.clientIpFirstAt.set(ip, Math.min(a.clientIpFirstAt.get(ip) ?? Infinity, t));
  addCounts(a.senders, b.senders);
  addCounts(a.recipientDomains, b.recipientDomains);
  addCounts(a.smtpServiceIps, b.smtpServiceIps);
  a.firstAt = Math.min(a.firstAt, b.firstAt);
  a.lastAt = Math.max(a.lastAt, b.lastAt);
  a.firstExample = earliest(a.firstExample, b.firstExample);
}

/**
 * Rows of b added to a's, by IP; a row new to a is copied into its columns, in b's order. Two rows of one IP fold
 * column by column (ip-table.ts): their numbers slot by slot, their common references list by list, with no view
 * of either row; only a row of b with rare references (relayed mail, SASL logins …) is read through views. A
 * botnet's ranges meet here by the million (the 2 million-IP log at --jobs 2: 1.3 million rows of the main
 * thread's range fold into the worker's).
 */
function mergeIpTables(a: IpTable, b: IpTable): void {
  for (let j = 0; j < b.ips.length; j++) {
    const ip = b.ips[j]!;
    const i = a.rowOf(ip);
    if (i < 0) { a.addCopy(ip, b, j); continue; }
    foldNumbers(a, i, b, j);
    a.firstAuthFailures[i] = earliest(a.firstAuthFailures[i]!, b.firstAuthFailures[j]!);
    a.firstExamples[i] = earliest(a.firstExamples[i]!, b.firstExamples[j]!);
    a.authUsersTried[i] = mergeUserCounts(a.authUsersTried[i]!, b.authUsersTried[j]!);
    a.sessionProblems[i] = mergeSessionProblems(a.sessionProblems[i]!, b.sessionProblems[j]!);
    const name = b.names[j]!;
    if (name !== '' && (a.names[i] === '' || name < a.names[i]!)) a.names[i] = name;
    const rare = b.rare[j];
    if (rare !== null && rare !== undefined) addRareRefs(a.at(i), b.at(j));
  }
}

/** The references of a client IP's row that mergeIpTables leaves to views (ip-table.ts RareRefs). */
function addRareRefs(a: ClientIpStats, b: ClientIpStats): void {
  a.firstAuthOk = earliest(a.firstAuthOk, b.firstAuthOk);
  addRelayRefs(a, b);
  a.firstRelayDenied = earliest(a.firstRelayDenied, b.firstRelayDenied);
  a.firstUnknownRecipient = earliest(a.firstUnknownRecipient, b.firstUnknownRecipient);
  a.saslUsers = addLazyCounts(a.saslUsers, b.saslUsers);
  a.mailboxAuthUsersTried = mergeUserCounts(a.mailboxAuthUsersTried, b.mailboxAuthUsersTried);
}

/** The relayed-mail fields of a client IP's or a local program's row (RelayTally). */
function addRelayTally(a: RelayTally, b: RelayTally): void {
  a.unauthRelayed += b.unauthRelayed;
  a.unauthRelayFirstAt = Math.min(a.unauthRelayFirstAt, b.unauthRelayFirstAt);
  a.unauthRelayLastAt = Math.max(a.unauthRelayLastAt, b.unauthRelayLastAt);
  a.unauthRelayNotDelivered += b.unauthRelayNotDelivered;
  addRelayRefs(a, b);
}

/** The references of RelayTally (its numbers are summed, min'ed and max'ed apart). */
function addRelayRefs(a: RelayTally, b: RelayTally): void {
  a.unauthRelayDomains = addLazyCounts(a.unauthRelayDomains, b.unauthRelayDomains);
  a.unauthRelaySenderDomains = addLazyCounts(a.unauthRelaySenderDomains, b.unauthRelaySenderDomains);
  a.firstUnauthRelay = earliest(a.firstUnauthRelay, b.firstUnauthRelay);
  a.unauthRelaySlots = mergeRelaySlots(a.unauthRelaySlots, b.unauthRelaySlots);
}

function addPickupUid(a: PickupUidStats, b: PickupUidStats): void {
  a.messages += b.messages;
  a.recipients += b.recipients;
  addRelayTally(a, b);
  a.relayedBySender = mergeSenderDomainAddresses(a.relayedBySender, b.relayedBySender);
}

/** Merges b into a and returns a. b must not be used afterwards (rows are moved, not copied). */
export function mergeAggregates(a: Aggregate, b: Aggregate): Aggregate {
  addLineCounts(a.lines, b.lines);
  a.beforeSince += b.beforeSince;
  addCounts(a.beforeSinceByFile, b.beforeSinceByFile);
  addCounts(a.beforeSinceHourly, b.beforeSinceHourly);
  addCounts(a.beforeSinceDovecotHourly, b.beforeSinceDovecotHourly);
  mergeRows(a.linesByFile, b.linesByFile, addLineCounts);
  mergeRows(a.spanByFile, b.spanByFile, (x, y) => {
    x.firstAt = Math.min(x.firstAt, y.firstAt);
    x.lastAt = Math.max(x.lastAt, y.lastAt);
    x.programs |= y.programs;
  });
  a.unparsedExamples = mergeExampleLists(a.unparsedExamples, b.unparsedExamples, UNPARSED_EXAMPLES);
  // Ranges are merged in file order: the first one's first is the log's.
  a.implausibleStamps += b.implausibleStamps;
  a.firstImplausibleStamp ??= b.firstImplausibleStamp;
  a.nulPadding.blocks += b.nulPadding.blocks;
  a.nulPadding.bytes += b.nulPadding.bytes;
  const [pa, pb] = [a.nulPadding.first, b.nulPadding.first];
  if (pb !== null && (pa === null || pb.file < pa.file || (pb.file === pa.file && pb.offset < pa.offset))) {
    a.nulPadding.first = pb;
    a.nulPadding.lastAt = b.nulPadding.lastAt;
  }
  mergeClockSteps(a, b);
  a.firstAt = Math.min(a.firstAt, b.firstAt);
  a.lastAt = Math.max(a.lastAt, b.lastAt);
  addCounts(a.zones, b.zones);
  if (a.refZone === '') a.refZone = b.refZone; // every range of a run has the same (split/inputs.ts), or '' before a stream settles it (run.ts)
  addCounts(a.hosts, b.hosts);
  addTotals(a.totals, b.totals);
  addCounts(a.eventKinds, b.eventKinds);
  mergeRows(a.bySaslUser, b.bySaslUser, addSaslUser);
  mergeIpTables(a.byClientIp, b.byClientIp);
  mergeRows(a.byPickupUid, b.byPickupUid, addPickupUid);
  mergeRows(a.bySender, b.bySender, addSender);
  mergeRows(a.bySenderDomain, b.bySenderDomain, addSender);
  mergeRows(a.byRecipientDomain, b.byRecipientDomain, addDomain);
  addCounts(a.byRelay, b.byRelay);
  addCounts(a.unconfirmedHops, b.unconfirmedHops);
  addCounts(a.byStatus, b.byStatus);
  mergeRows(a.deferralReasons, b.deferralReasons, addReason);
  mergeRows(a.bounceReasons, b.bounceReasons, addReason);
  addCounts(a.refusedAuthDomains, b.refusedAuthDomains);
  addCounts(a.refusedAuthForwarded, b.refusedAuthForwarded);
  addCounts(a.refusedAuthForwards, b.refusedAuthForwards);
  mergeRefusedRecipients(a.refusedRecipients, b.refusedRecipients);
  addCounts(a.refusedMessageClasses, b.refusedMessageClasses);
  mergeDkimSigning(a.dkimSigning, b.dkimSigning);
  mergeAuthVerdicts(a.authVerdicts, b.authVerdicts);
  mergeRows(a.rejectReasons, b.rejectReasons, addReason);
  addCounts(a.authFailureReasons, b.authFailureReasons);
  addCounts(a.authFailuresByUser, b.authFailuresByUser);
  addCounts(a.dovecotAuthFailuresByUser, b.dovecotAuthFailuresByUser);
  addCounts(a.dovecotAuthFailuresByIp, b.dovecotAuthFailuresByIp);
  addCounts(a.dovecotLoginsByUser, b.dovecotLoginsByUser);
  addCounts(a.dovecotProxyLoginsByUser, b.dovecotProxyLoginsByUser);
  mergeMailboxLogins(a.mailboxLogins, b.mailboxLogins);
  mergeLoginProxies(a.loginProxies, b.loginProxies);
  mergeSenderLoginRejects(a.senderLoginRejects, b.senderLoginRejects);
  addCounts(a.saslServices, b.saslServices);
  addCounts(a.noLoginOtherServiceIps, b.noLoginOtherServiceIps);
  mergeSaslUserRejects(a.saslUserRejects, b.saslUserRejects);
  mergeAuthRefused(a.authRefused, b.authRefused);
  mergeBounceNotices(a.bounceNotices, b.bounceNotices);
  mergeLoginFailureTimes(a.loginFailureTimes, b.loginFailureTimes);
  addCounts(a.postscreen, b.postscreen);
  mergeRows(a.daemonProblems, b.daemonProblems, addReason);
  mergeRows(a.connectFailureReasons, b.connectFailureReasons, addReason);
  addCounts(a.connectFailureIps, b.connectFailureIps);
  addCounts(a.remoteSentIps, b.remoteSentIps);
  addCounts(a.connectTimeoutIps, b.connectTimeoutIps);
  addCounts(a.rcptLostPlain, b.rcptLostPlain);
  addCounts(a.rcptLostClosures, b.rcptLostClosures);
  mergeRows(a.rcptLostCached, b.rcptLostCached, addReason);
  mergeNextHops(a.nextHops, b.nextHops);
  addCounts(a.localDeliveryDomains, b.localDeliveryDomains);
  a.devNullExample = earliest(a.devNullExample, b.devNullExample);
  if (earliest(a.ndrFailedExample, b.ndrFailedExample) !== a.ndrFailedExample) {
    a.ndrFailedExample = b.ndrFailedExample;
    a.ndrFailedQid = b.ndrFailedQid;
  }
  a.notificationExamples = mergeExampleLists(a.notificationExamples, b.notificationExamples, NOTIFICATION_EXAMPLES);
  a.ndrFailedFirstAt = Math.min(a.ndrFailedFirstAt, b.ndrFailedFirstAt);
  a.ndrToSrsRecipients += b.ndrToSrsRecipients;
  a.ndrFailedLastAt = Math.max(a.ndrFailedLastAt, b.ndrFailedLastAt);
  mergeRows(a.hourly, b.hourly, addHour);
  mergeRows(a.minutes, b.minutes, addNumbers);
  a.firstDeferralAt = Math.min(a.firstDeferralAt, b.firstDeferralAt);
  a.authServerErrorSpan = {
    firstAt: Math.min(a.authServerErrorSpan.firstAt, b.authServerErrorSpan.firstAt),
    lastAt: Math.max(a.authServerErrorSpan.lastAt, b.authServerErrorSpan.lastAt),
    example: earliest(a.authServerErrorSpan.example, b.authServerErrorSpan.example),
  };
  addCounts(a.authServerErrorsByHour, b.authServerErrorsByHour);
  addCounts(a.authAbortedByHour, b.authAbortedByHour);
  for (const q of b.stillQueued) a.stillQueued.push(q);
  for (const d of b.queueDeletions) a.queueDeletions.push(d);
  addCounts(a.postsuperRemovedBy, b.postsuperRemovedBy);
  for (const q of b.deletedInBulk) a.deletedInBulk.push(q);
  for (const q of b.queueRequeues) a.queueRequeues.push(q);
  // Last: a content filter hop whose two sides were folded in a and b is credited to a's merged rows.
  mergeFilterJoin(a, b);
  return a;
}

function mergeLoginProxies(a: LoginProxies, b: LoginProxies): void {
  for (const x of b.addrs) a.addrs.add(x);
  addCounts(a.backends, b.backends);
  a.refused += b.refused;
  a.firstRefusedAt = Math.min(a.firstRefusedAt, b.firstRefusedAt);
  a.lastRefusedAt = Math.max(a.lastRefusedAt, b.lastRefusedAt);
  addCounts(a.refusedBy, b.refusedBy);
  for (const [ip, rb] of b.refusedByIp) {
    const ra = a.refusedByIp.get(ip);
    if (ra === undefined) { a.refusedByIp.set(ip, rb); continue; }
    ra.refused += rb.refused;
    ra.firstAt = Math.min(ra.firstAt, rb.firstAt);
    ra.lastAt = Math.max(ra.lastAt, rb.lastAt);
    ra.first = earliest(ra.first, rb.first);
    ra.users = mergeUserCounts(ra.users, rb.users);
  }
  for (const x of b.logging) a.logging.add(x);
}
