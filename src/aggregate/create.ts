// Empty aggregates and per-key rows. Every row starts at zero so merge is a plain field-wise sum.

import { newDkimSigning } from './dkim-signing.js';
import { ownString } from '../own-string.js';
import { newBounceNotices } from './bounce-notices.js';
import type {
  Aggregate, ClientIpStats, DomainStats, HourStats, LineCounts, MinuteStats, PickupUidStats, SaslUserStats, SenderStats, Totals,
} from '../types.js';
import { newLoginFailureTimes } from './timeline.js';
import { IpTable } from './ip-table.js';

export function newLineCounts(): LineCounts {
  return { total: 0, parsed: 0, ignored: 0, unparsed: 0, repeatsNotExpanded: 0, repeatedEventsNotCounted: 0, cutShort: 0 };
}

export function newTotals(): Totals {
  return {
    received: 0, delivered: 0, deferred: 0, deferredMessages: 0, bounced: 0, expired: 0, rejected: 0,
    rejectWarnings: 0, discarded: 0, held: 0, authFailures: 0, authCredentialFailures: 0, authServerErrors: 0,
    authMalformed: 0, authAborted: 0, dovecotAuthFailures: 0,
    dovecotLoginFailures: 0, dovecotLogins: 0, connections: 0, messagesRemoved: 0, postsuperDeleted: 0, postsuperRequeued: 0,
    notifications: 0, filterHops: 0, connectFailures: 0, devNullDeliveries: 0, ndrMessages: 0, ndrRemoteRecipients: 0,
    ndrRemoteFailed: 0, ndrRemotePending: 0, inboundBouncedLocally: 0, stillQueued: 0, deletedInBulk: 0, partialMessages: 0, abandonedTransactions: 0,
    sessionProblems: 0,
  };
}

export function newAggregate(): Aggregate {
  return {
    lines: newLineCounts(),
    linesByFile: new Map(),
    spanByFile: new Map(),
    unparsedExamples: [],
    implausibleStamps: 0,
    firstImplausibleStamp: null,
    nulPadding: { blocks: 0, bytes: 0, first: null, lastAt: null },
    clockSteps: [],
    clockStepCount: 0,
    hostClocks: new Map(),
    beforeSince: 0,
    beforeSinceByFile: new Map(),
    beforeSinceHourly: new Map(),
    beforeSinceDovecotHourly: new Map(),
    firstAt: Infinity,
    lastAt: -Infinity,
    zones: new Map(),
    refZone: '',
    hosts: new Map(),
    totals: newTotals(),
    eventKinds: new Map(),
    bySaslUser: new Map(),
    byClientIp: new IpTable(),
    byPickupUid: new Map(),
    bySender: new Map(),
    bySenderDomain: new Map(),
    byRecipientDomain: new Map(),
    byRelay: new Map(),
    unconfirmedHops: new Map(),
    byStatus: new Map(),
    deferralReasons: new Map(),
    bounceReasons: new Map(),
    refusedAuthDomains: new Map(),
    refusedAuthForwarded: new Map(),
    refusedAuthForwards: new Map(),
    refusedRecipients: new Map(),
    refusedMessageClasses: new Map(),
    dkimSigning: newDkimSigning(),
    authVerdicts: new Map(),
    rejectReasons: new Map(),
    authFailureReasons: new Map(),
    authFailuresByUser: new Map(),
    dovecotAuthFailuresByUser: new Map(),
    dovecotAuthFailuresByIp: new Map(),
    dovecotLoginsByUser: new Map(),
    dovecotProxyLoginsByUser: new Map(),
    mailboxLogins: new Map(),
    noLoginOtherServiceIps: new Map(),
    loginProxies: { addrs: new Set(), backends: new Map(), refused: 0, firstRefusedAt: Infinity, lastRefusedAt: -Infinity, refusedBy: new Map(), refusedByIp: new Map(), logging: new Set() },
    senderLoginRejects: new Map(),
    saslServices: new Map(),
    saslUserRejects: new Map(),
    authRefused: new Map(),
    bounceNotices: newBounceNotices(),
    loginFailureTimes: newLoginFailureTimes(),
    postscreen: new Map(),
    daemonProblems: new Map(),
    connectFailureReasons: new Map(),
    connectFailureIps: new Map(),
    remoteSentIps: new Map(),
    connectTimeoutIps: new Map(),
    rcptLostPlain: new Map(),
    rcptLostClosures: new Map(),
    rcptLostCached: new Map(),
    nextHops: new Map(),
    localDeliveryDomains: new Map(),
    devNullExample: null,
    ndrFailedExample: null,
    ndrFailedQid: '',
    notificationExamples: [],
    ndrFailedFirstAt: Infinity,
    ndrToSrsRecipients: 0,
    ndrFailedLastAt: -Infinity,
    hourly: new Map(),
    minutes: new Map(),
    firstDeferralAt: Infinity,
    authServerErrorSpan: { firstAt: Infinity, lastAt: -Infinity, example: null },
    authServerErrorsByHour: new Map(),
    authAbortedByHour: new Map(),
    stillQueued: [],
    queueDeletions: [],
    postsuperRemovedBy: new Map(),
    deletedInBulk: [],
    queueRequeues: [],
    filterJoin: new Map(),
  };
}

export function newSaslUser(): SaslUserStats {
  return {
    messages: 0, recipients: 0, clientIps: new Map(), clientIpFirstAt: new Map(), clientIpRecipients: new Map(), clientIpSent: new Map(), clientIpLocalRecipients: new Map(), clientIpSentMinutes: new Map(), senders: new Map(), recipientDomains: new Map(), smtpServiceIps: new Map(), sent: 0,
    deferred: 0, bounced: 0, expired: 0, discarded: 0, refusedMessages: 0, refusedIps: null, refusedIpFirstAt: null, deferralAttempts: 0,
    receiverRefusedMessages: 0, receiverRefusedRecipients: 0, authFailures: 0,
    firstAt: Infinity, lastAt: -Infinity,
    firstExample: null,
  };
}

export function newClientIp(name: string): ClientIpStats {
  return {
    name, connections: 0, messages: 0, recipients: 0, authFailures: 0, authAborted: 0, smtpServiceAuthFailures: 0, authServerErrors: 0, rejects: 0, refusedMessages: 0,
    saslUsers: null, authUsersTried: null, mailboxAuthUsersTried: null, relayDenied: 0, unknownRecipient: 0, unauthRelayed: 0,
    unauthRelayDomains: null, unauthRelaySenderDomains: null, unauthRelayFirstAt: Infinity, unauthRelayLastAt: -Infinity,
    unauthRelayNotDelivered: 0, unauthRelaySlots: null,
    firstUnauthRelay: null, firstRelayDenied: null, firstUnknownRecipient: null,
    firstAuthFailure: null, firstAuthOkAt: Infinity, firstAuthOk: null, mailboxLoginFailures: 0, mailboxAuthFailures: 0,
    firstLoginFailureAt: Infinity, sessionProblems: null, firstAt: Infinity, lastAt: -Infinity,
    firstExample: null,
  };
}

/** A local program's row (PickupUidStats): pickup's uid= on `host`. */
export function newPickupUid(host: string, uid: string): PickupUidStats {
  return {
    host: ownString(host), uid: ownString(uid), messages: 0, recipients: 0, unauthRelayed: 0, unauthRelayDomains: null, unauthRelaySenderDomains: null,
    unauthRelayFirstAt: Infinity, unauthRelayLastAt: -Infinity, unauthRelayNotDelivered: 0, firstUnauthRelay: null, unauthRelaySlots: null,
    relayedBySender: null,
  };
}

export function newSender(): SenderStats {
  return { messages: 0, recipients: 0, sent: 0, deferred: 0, bounced: 0, expired: 0, inboundLocal: 0 };
}

export function newDomain(): DomainStats {
  return { recipients: 0, sent: 0, deferred: 0, bounced: 0, expired: 0, deferralAttempts: 0, lastDeferralAt: -Infinity, lastDeferralReason: '' };
}

export function newHour(): HourStats {
  return {
    entered: 0, received: 0, sent: 0, deliveredByArrival: 0, deferred: 0, bounced: 0, expired: 0, rejected: 0, authFailures: 0,
    dovecotAuthFailures: 0, removed: 0, lines: 0, dovecotLines: 0, remoteSent: 0, connectTimeouts25: 0, sessionProblems: 0,
    connectTimeout25FirstAt: Infinity, connectTimeout25LastAt: -Infinity,
  };
}

/** A new key is stored as its own copy: a key cut from a log line must not keep the line (own-string.ts). */
function keyToKeep<K>(key: K): K {
  return typeof key === 'string' ? ownString(key) as K : key;
}

/** Gets or creates a row. */
export function row<K, V>(map: Map<K, V>, key: K, make: () => V): V {
  let v = map.get(key);
  if (v === undefined) {
    v = make();
    map.set(keyToKeep(key), v);
  }
  return v;
}

export function bump<K>(map: Map<K, number>, key: K, by = 1): void {
  const n = map.get(key);
  if (n === undefined) map.set(keyToKeep(key), by);
  else map.set(key, n + by);
}

/** bump() on a count map created on first use: returns the map to store back (ClientIpStats). */
export function bumpLazy<K>(map: Map<K, number> | null, key: K, by = 1): Map<K, number> {
  if (map === null) return new Map([[keyToKeep(key), by]]);
  bump(map, key, by);
  return map;
}

const NO_COUNTS: ReadonlyMap<unknown, number> = new Map<unknown, number>();

/** A lazily created count map for reading: empty when it was never needed. */
export function countsOf<K>(map: Map<K, number> | null): ReadonlyMap<K, number> {
  return map ?? (NO_COUNTS as ReadonlyMap<K, number>);
}

/** The sum of a map's counts (0 for none): the recipients of a per-domain count, the messages of a per-user one. */
export function sumCounts<K>(map: ReadonlyMap<K, number> | null): number {
  let n = 0;
  if (map !== null) for (const c of map.values()) n += c;
  return n;
}

export const HOUR_MS = 3_600_000;

export function hourRow(agg: Aggregate, at: number): HourStats {
  return row(agg.hourly, Math.floor(at / HOUR_MS), newHour);
}

export const MINUTE_MS = 60_000;

export function newMinute(): MinuteStats {
  return {
    lines: 0, entered: 0, removed: 0, received: 0, sent: 0, deferred: 0, bounced: 0, expired: 0, rejected: 0, authFailures: 0,
    deliveredByArrival: 0, mailboxLogin: 0, mailboxAuth: 0, mailboxProxy: 0,
  };
}

export function minuteRow(agg: Aggregate, at: number): MinuteStats {
  return row(agg.minutes, Math.floor(at / MINUTE_MS), newMinute);
}
