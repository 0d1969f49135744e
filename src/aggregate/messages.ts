// Message-level counts, added once per message when its record is complete (removed, or at the end of the log).

import { foldDkim } from './dkim-signing.js';
import { foldRefusals } from './refused-recipients.js';
import type { Aggregate, Example, MessageOutcome, MessageRecord, MessageSource, QueuedMessage, SpamRefusal } from '../types.js';
import type { PerMessage } from './filter-credit.js';
import { creditOutcome, offerCopy, offerPipeCopy, offerPipeSource, offerSource } from './filter-credit.js';
import { isEarlier } from './examples.js';
import { finalStatusOf, isAbandoned, isPartial } from '../correlate/record.js';
import { ROLE_PICKUP, ROLE_PIPE, hopKey, pipeHandoffAt } from '../correlate/pipe-filter.js';
import { ownString } from '../own-string.js';
import { noticeFolded, parentFolded } from './bounce-notices.js';
import { domainOf } from '../parse/fields.js';
import { isKnownFilterRelay } from '../parse/postfix/delivery.js';
import type { NextHopCache } from './next-hops.js';
import { addNextHop, newNextHopCache } from './next-hops.js';
import { MINUTE_MS, bump, bumpLazy, hourRow, minuteRow, newDomain, newPickupUid, newSaslUser, newSender, row } from './create.js';
import { isSmtpService } from './smtp-service.js';
import { countRefused } from './refused-messages.js';
import { noteLoginActivity } from './login-activity.js';
import { isMailboxDelivery } from './mailbox-transport.js';

/** Recipients without a final status named per queued message (QueuedMessage.pendingTo); `pending` counts them all. */
export const PENDING_TO_MAX = 10;

const NONE: readonly string[] = [];
const NO_FLAGS: readonly boolean[] = [];
/** QueuedMessage.refusedTo of the messages without any (nearly all): one array, never written to. */
const NO_ADDRESSES: string[] = [];

/** How long before the end of the log a still-queued message's deferred recipients count as still being tried. */
const STILL_TRIED_MS = 3_600_000;

/** Delivery agents that deliver on this host (a recipient they took is in one of our domains). */
const LOCAL_AGENTS = new Set(['local', 'virtual', 'lmtp', 'pipe']);

/**
 * A bulk deletion on `host` at or after `at`: a summary line whose count no per-ID "removed" line accounts for
 * (bulk-delete.ts), "Nov 28 22:20:49 mail postfix/postsuper[22918]: Deleted: 290 messages". Asked only at the end of
 * the log (foldMessage with logEnd), when every range's deletions are merged, so the answer does not depend on cuts.
 */
function deletedInBulkAfter(agg: Aggregate, host: string, at: number): boolean {
  for (const d of agg.queueDeletions) {
    if (d.host === host && d.at >= at && d.count > (agg.postsuperRemovedBy.get(d.tag) ?? 0)) return true;
  }
  return false;
}

/** Domains kept per queued message in addressedDomains before '*' stands for more. */
const ADDRESSED_DOMAINS_KEPT = 8;

function noteAddressedDomain(domains: string[], address: string): void {
  if (domains.length > ADDRESSED_DOMAINS_KEPT) return; // '*' is in already
  const d = domainOf(address).toLowerCase();
  if (d === '' || domains.includes(d)) return;
  domains.push(domains.length === ADDRESSED_DOMAINS_KEPT ? '*' : d);
}

/**
 * `refs`: the scan's registry of examples whose line numbers are still range-relative (null once the record's
 * refs were already made absolute by the stitcher).
 */
export function foldMessage(agg: Aggregate, rec: MessageRecord, refs: Example[] | null, logEnd = NaN): void {
  if (rec.linkOnly) {
    // Made by a bounce(8) line alone (correlator.ts linkRecord): no message, only the link's halves, which count
    // for nobody (no login, no delivery).
    noticeFolded(agg.bounceNotices, rec.noticeOf, rec.startAt, 0);
    if (rec.noticeLinks !== null) parentFolded(agg.bounceNotices, rec.noticeLinks, '', '');
    return;
  }
  const t = agg.totals;
  if (isAbandoned(rec)) {
    t.abandonedTransactions++;
    // A bounce(8) line named it all the same (its other lines lost): its notices count for its login, as they do
    // when the link is read in the range that holds its client= line (correlator.ts linkNotice; fuzz seed 15).
    if (rec.noticeLinks !== null) parentFolded(agg.bounceNotices, rec.noticeLinks, rec.saslUser, rec.client?.ip ?? '');
    return;
  }
  // Refused at the end of its DATA (a milter's or smtpd's 5xx of the whole message, review 17 H3): the client was told
  // so and the message never entered the queue, which is what `received` counts (docs/log-formats.md): counted as a reject
  // (events.ts), no message of its login or client, as an abandoned transaction is none. (Local mail a header check
  // rejects is bounced to its sender by cleanup: it was received, as the pickup origin says.) Counted apart for its
  // login and client IP all the same: who tried to send it (refused-messages.ts; code review 17, K7b).
  // Not a content filter's copy refused on re-injection (with XFORWARD, origin 'reinjected'; without, paired by the
  // hand-off's "queued as", `reinjected`: pipe-filter.ts): its submitter was told 250 for the original, which was
  // received and counted (review 18 K2: "messages 1, refusedMessages 1" for one submission). Such a copy is folded on
  // as any copy: it offers its outcome (no recipient of its own) and settles its original's half, which waited in the
  // filter join to the end of the run otherwise (code review 17, K7a).
  if (rec.refused !== 0 && rec.origin === 'smtpd' && !rec.reinjected && rec.recipients.length === 0 && !rec.senderSeen) {
    countRefused(agg, rec, refs);
    if (rec.noticeLinks !== null) parentFolded(agg.bounceNotices, rec.noticeLinks, rec.saslUser, rec.client?.ip ?? '');
    return;
  }
  // A content filter's copy (a pipe filter's, picked up again; an SMTP filter's without orig_queue_id=, back through a
  // loopback smtpd: correlate/pipe-filter.ts) was received as the original.
  const received = (rec.origin === 'smtpd' || rec.origin === 'pickup') && !rec.reinjected;
  if (received) {
    t.received++;
    hourRow(agg, rec.startAt).received++;
    minuteRow(agg, rec.startAt).received++;
  }
  const partial = isPartial(rec);
  if (partial) t.partialMessages++;
  // A message cleanup deleted (a DISCARD action, review 17 H3) has no "removed" line to take it out of the queue level.
  else if (!rec.rejectedInCleanup) {
    hourRow(agg, rec.startAt).entered++;
    minuteRow(agg, rec.startAt).entered++;
  }
  if (rec.deferrals > 0) t.deferredMessages++;

  let recipients = 0;
  let sent = 0;
  /** Of `sent`, delivered to a mailbox here (a bounce notice back to the sending account's own address, review AK9). */
  let sentHere = 0;
  let deferred = 0;
  let localRecipients = 0;
  let bounced = 0;
  let expired = 0;
  let discarded = 0;
  let pending = 0;
  let remoteAttempted = false;
  const domains: string[] = [];
  const firstTo: string[] = [];
  // QueuedMessage.addressedDomains, for a message still queued: made only when its recipients are not all in `to` as
  // they were addressed (a rewritten or locally delivered one, or a fourth), so most queued messages hold no array.
  let addressedDomains: string[] | null = null;
  let addressedSeen = 0;
  const pendingTo: string[] = [];
  // Bounced by a receiver that refuses this server (MessageRecord.refusals, RefusalMark.bounced), or for another reason: a message
  // still queued (or deleted in bulk) names the first and counts both (QueuedMessage.refused, review AM, AM2).
  const refusals = rec.refusals;
  let refused = 0;
  let bouncedOther = 0;
  // Made at the first such recipient: an array per folded message cost an open message 90 bytes (scale.test.ts).
  let refusedTo: string[] | null = null;
  // A notification made here (bounce(8) output, from=<>), and mail taken from a network client without SASL.
  // A notification Postfix generated: null sender, entered the queue through cleanup, not through smtpd/pickup.
  const ndr = rec.senderSeen && rec.sender === '' && rec.origin === '' && rec.sawCleanup;
  const unauthInbound = rec.origin === 'smtpd' && rec.saslUser === '';
  // Submitted by a local program through sendmail (pickup's uid=), not a content filter's copy picked up again: its
  // remote recipients are relayed for it like an own-network client's (filter-credit.ts, review 13 H5).
  const localSubmit = rec.origin === 'pickup' && !rec.reinjected && rec.pickupUid !== '';
  if (ndr) t.ndrMessages++;
  let ndrFailed = false;
  // This notice's share of the ndr totals, for the login whose mail it answers (bounce-notices.ts made).
  let ndrRemote = 0;
  let ndrBounced = 0;
  let ndrDeferred = 0;
  let hopped = 0;
  let smtpHopped = 0;
  let pipeHopped = 0;
  let hopCache: NextHopCache | null = null;
  // An SMTP content filter's copy that its original's hand-off named (filter-credit.ts): its outcomes belong to the
  // original's sender, which it meets through that queue ID. (A copy with orig_queue_id= that no hand-off named, from
  // a filter on another host, would wait for an original that never comes.)
  const smtpCopy = rec.reinjected && (rec.origin === 'smtpd' || rec.origin === 'reinjected');
  // A pipe content filter's copy, picked up again: it meets its original by host, sender and Message-ID.
  const pipeCopy = rec.reinjected && rec.origin === 'pickup';
  // Remote recipients relayed for a client without login or a local program (an address we forward to, orig_to=, is
  // not a relay), or of a copy, for the original's sender.
  const keepRemote = smtpCopy || pipeCopy || ((unauthInbound || localSubmit) && rec.parentQid === '');
  // Still queued at the end of the log and arrived in its last hour: a deferred recipient is still being tried (a
  // greylisting receiver asks again in minutes), not yet mail that did not arrive (review 15, F3: a clean newsletter
  // sent at 23:50 read as 11% not delivered, spam). Known only at the end: `logEnd` is the log's last time then.
  // Not when `postsuper -d ALL` emptied the queue after its last line: deleted, it will never arrive.
  const stillTried = !rec.removed && logEnd - rec.startAt < STILL_TRIED_MS && !deletedInBulkAfter(agg, rec.host, rec.lastAt);
  let remoteTo: string[] | null = null;
  let remoteSent: boolean[] | null = null;
  let remoteSpamRefused: boolean[] | null = null;
  const spamRefusal = rec.spamRefusal;
  let forwarded: string[] | null = null;
  for (const r of rec.recipients) {
    const to = r.to;
    if (r.hopMinute >= 0) {
      if (rec.pipeHop || isKnownFilterRelay(r.lastRelay)) {
        // The re-queued copy carries the real outcome; one forwarded for an address of ours is not relayed there either.
        hopped++;
        smtpHopped++;
        if (r.origTo !== '') (forwarded ??= []).push(to);
        continue;
      }
      // "queued as" a Postfix queue ID on a loopback port no filter is known to use, and no copy of that ID came
      // back (correlate/pipe-filter.ts pairs them): a local tunnel or relay to a smarthost, a delivery (review 17 H1:
      // "relay=127.0.0.1[127.0.0.1]:11587, …, status=sent (250 2.0.0 Ok: queued as 4F5B2C1A3E)"). Its line was
      // counted as a filter hop (aggregate/events.ts): counted now as events.ts counts a delivery line, in its hour,
      // the recipient's own line's (not the message's last hop line's: code review 17, K6).
      t.filterHops--;
      const h = hourRow(agg, r.hopMinute * MINUTE_MS);
      h.sent++;
      minuteRow(agg, r.hopMinute * MINUTE_MS).sent++;
      if (r.lastAgent === 'smtp') {
        h.remoteSent++;
        addNextHop(agg, to, r.lastRelay, 1, hopCache ??= newNextHopCache());
      }
      bump(agg.unconfirmedHops, r.lastRelay);
    }
    // Handed to a pipe content filter whose copy came back through pickup: counted as a filter hop, not as sent
    // (its pipe line counted it in that line's hour's "sent", which may be a later hour than the message's first
    // pipe line when recipients are piped one at a time; the copy's delivery is the one that counts).
    if (rec.pipeHop && r.lastAgent === 'pipe' && r.lastRelay === rec.pipeVia && r.finalStatus === 'sent') {
      t.filterHops++;
      const handoffAt = pipeHandoffAt(rec, to);
      hourRow(agg, handoffAt).sent--;
      minuteRow(agg, handoffAt).sent--;
      hopped++;
      pipeHopped++;
      if (r.origTo !== '') (forwarded ??= []).push(to);
      continue;
    }
    recipients++;
    if (firstTo.length < 3) firstTo.push(to);
    // Only a message still queued keeps them (QueuedMessage.addressedDomains): not worked out for the others.
    if (!rec.removed) {
      const here = r.storeReply || (r.lastAgent !== '' && isMailboxDelivery(r.lastAgent, r.lastRelay));
      if (addressedDomains === null && (here || r.origTo !== '' || addressedSeen >= 3)) {
        addressedDomains = [];
        for (let i = 0; i < addressedSeen; i++) noteAddressedDomain(addressedDomains, firstTo[i]!);
      }
      if (addressedDomains !== null && !here) noteAddressedDomain(addressedDomains, r.origTo || to);
      addressedSeen++;
    }
    if (r.lastAgent !== '') {
      if (r.lastAgent === 'smtp') remoteAttempted = true;
      // Where each recipient's last attempt went (port stripped when the report is built).
      if (r.lastRelay !== '') bump(agg.byRelay, r.lastRelay);
    }
    const status = finalStatusOf(rec, r);
    const domain = domainOf(to);
    const dom = row(agg.byRecipientDomain, domain, newDomain);
    dom.recipients++;
    domains.push(domain);
    // The discard(8) transport throws the mail away and logs it as sent (Postfix 3.7.11, review 7 L9):
    //   "291D629EAF1: to=<x@discard.example>, relay=none, delay=0.03, …, dsn=2.0.0, status=sent (discard.example)"
    if (status === 'sent' && r.lastAgent === 'discard') t.discarded++;
    else if (status === 'sent') { t.delivered++; sent++; dom.sent++; }
    else if (status === 'discarded') {
      // amavis discarded or bounced it on the hand-off ("250 2.7.0 Ok, discarded, id=03774-01 - SPAM", review 17
      // H2): a recipient of the message that got nothing, and no delivery here or elsewhere (not local, not relayed).
      t.discarded++;
      discarded++;
      continue;
    }
    else if (status === 'bounced') {
      t.bounced++; bounced++; dom.bounced++;
      if (refusals !== null && refusals.get(to)?.bounced === true) {
        refused++;
        if (!rec.removed && (refusedTo ??= []).length < PENDING_TO_MAX) refusedTo.push(to);
      } else bouncedOther++;
    }
    else if (status === 'expired') { t.expired++; expired++; dom.expired++; }
    else if (status === 'deferred') { deferred++; dom.deferred++; }
    if (status !== 'sent' && status !== 'bounced' && status !== 'expired') {
      pending++;
      if (!rec.removed && pendingTo.length < PENDING_TO_MAX) pendingTo.push(to);
    }
    if (r.lastAgent === '') continue;
    const local = LOCAL_AGENTS.has(r.lastAgent);
    if (local) localRecipients++;
    // The error agent stands in for smtp while a destination is suspended ("delivery temporarily suspended"); its
    // bounces are local verdicts ("User unknown in virtual alias table").
    const remote = r.lastAgent === 'smtp' || (r.lastAgent === 'error' && status !== 'bounced' && status !== 'sent');
    if (local && status === 'sent') { bump(agg.localDeliveryDomains, domain); sentHere++; }
    if (ndr && remote) {
      t.ndrRemoteRecipients++;
      ndrRemote++;
      if (isSrsAddress(r.origTo)) agg.ndrToSrsRecipients++;
      if (status === 'bounced' || status === 'expired') { t.ndrRemoteFailed++; ndrBounced++; }
      else if (status === 'deferred') { t.ndrRemotePending++; ndrDeferred++; }
      if (status === 'bounced' || status === 'expired' || status === 'deferred') ndrFailed = true;
    }
    if (unauthInbound && status === 'bounced' && (local || r.lastAgent === 'error')) t.inboundBouncedLocally++;
    else if (keepRemote && remote && r.origTo === '') {
      (remoteTo ??= []).push(to);
      (remoteSent ??= []).push(status === 'sent' || (stillTried && status === 'deferred'));
      // Bounced by the receiver as spam (MessageRecord.spamRefusal): the open-relay rule's burst sign (review 18).
      if (spamRefusal !== null && status === 'bounced' && spamRefusal.to.includes(to)) {
        (remoteSpamRefused ??= Array<boolean>(remoteTo.length - 1).fill(false)).push(true);
      } else if (remoteSpamRefused !== null) remoteSpamRefused.push(false);
    }
  }
  // By the hour the message arrived (its first line), not of each delivery line: the hourly series a compromised
  // account's spam is taken out of (report.json hourly[].deliveredByArrival; clientIpSentMinutes below).
  if (sent > 0) {
    hourRow(agg, rec.startAt).deliveredByArrival += sent;
    minuteRow(agg, rec.startAt).deliveredByArrival += sent;
  }
  // Recipients of its own (not handed to a content filter), as the sender tables count them: with those never tried.
  const ownRecipients = recipients + Math.max(0, rec.nrcpt - recipients - hopped);
  // A bounce notice counts for the login of the mail it answers (bounce-notices.ts).
  noticeFolded(agg.bounceNotices, rec.noticeOf, rec.startAt, ndr ? sent : 0, ndr ? sentHere : 0,
    ndr ? { remote: ndrRemote, failed: ndrBounced, pending: ndrDeferred } : null);
  // The message's recipients as the queue listing names them: every one qmgr counted (nrcpt=), handed on or not.
  const queuedRecipients = Math.max(recipients, rec.nrcpt);
  // Never tried yet (qmgr's nrcpt= counts them); those handed to a content filter are its copies' recipients.
  if (recipients + hopped < rec.nrcpt) {
    pending += rec.nrcpt - recipients - hopped;
    recipients = rec.nrcpt - hopped;
  }
  if (ndrFailed) {
    // Backscatter evidence: the notification's life, creation to last retry, and its failed delivery line.
    if (rec.startAt < agg.ndrFailedFirstAt) agg.ndrFailedFirstAt = rec.startAt;
    if (rec.lastAt > agg.ndrFailedLastAt) agg.ndrFailedLastAt = rec.lastAt;
    if (rec.failRef !== null && rec.failLine !== '') {
      const e: Example = { ...rec.failRef, text: rec.failLine };
      if (agg.ndrFailedExample === null || isEarlier(e, agg.ndrFailedExample)) {
        agg.ndrFailedExample = e;
        agg.ndrFailedQid = rec.qid;
        refs?.push(e);
      }
    }
  }

  // qmgr's from= names the sender; a message cleanup refused before qmgr saw it (a filter loop's last copy: "hop
  // count exceeded") has only pickup's "uid=65534 from=<alice@outside.example>".
  const sender = rec.senderSeen ? rec.sender || '<>' : rec.pickupUid !== '' ? rec.pickupFrom || '<>' : '';
  // A message that went through a content filter is one message in the sender tables (review 9 M2: amavis counted
  // each message twice, a 49-hop pipe loop 49 times). The original counts it; the copies that come back (amavis's
  // through smtpd with orig_queue_id=, a pipe filter's from pickup) carry its recipients' outcomes, and are not
  // messages: a filter that takes one recipient at a time sends back a copy per recipient (pipe with ${recipient},
  // amavis splitting by policy), and each copy counted as a message made one message N. Counted so, with no key
  // to remember per message, it is a sum like every other count; a copy whose original is before the log adds
  // its outcomes and no message, an original whose copy is after the log its message and no recipient.
  const copy = rec.origin === 'reinjected' || rec.reinjected;
  // Every recipient handed on: the copies have the recipients and their outcomes.
  const hopOnly = hopped > 0 && hopped === rec.recipients.length;
  if (sender !== '' && !(copy && hopOnly)) {
    const m = copy ? 0 : 1;
    const s = row(agg.bySender, sender, newSender);
    s.messages += m; s.recipients += ownRecipients; s.sent += sent; s.deferred += deferred; s.bounced += bounced; s.expired += expired;
    const sd = row(agg.bySenderDomain, sender === '<>' ? '<>' : domainOf(sender) || sender, newSender);
    sd.messages += m; sd.recipients += ownRecipients; sd.sent += sent; sd.deferred += deferred; sd.bounced += bounced; sd.expired += expired;
  }
  // Its recipients a receiver refused because it refuses this server, and what became of them (review AN, AN4, AN5).
  foldRefusals(agg, rec);
  // Still in the queue at the end of the log (a copy's entry is its original sender's once the two meet).
  let queued: QueuedMessage | null = null;
  if (!rec.removed) {
    t.stillQueued++;
    queued = {
      qid: rec.qid, host: rec.host, since: rec.startAt, saslUser: rec.saslUser, sender: rec.senderSeen ? rec.sender || '<>' : '',
      clientIp: rec.client?.ip ?? '', pickupUid: localSubmit ? rec.pickupUid : '', recipients: queuedRecipients, pending, pendingTo,
      refused, refusedTo: refusedTo ?? NO_ADDRESSES, bounced: bouncedOther, deferrals: rec.deferrals, partial, to: firstTo, addressedDomains,
      lastAt: rec.lastAt, deletedAt: NaN, file: rec.firstRef?.file ?? -1, offset: rec.firstRef?.offset ?? -1,
    };
    agg.stillQueued.push(queued);
  }
  const source: MessageSource = {
    ip: rec.client?.ip ?? null, saslUser: rec.saslUser, received, relayCandidate: unauthInbound,
    pickupUid: localSubmit ? rec.pickupUid : '', host: rec.host, at: rec.startAt, sender, ref: rec.firstRef, line: rec.startLine, example: null,
  };
  if (rec.saslUser !== '') {
    const u = row(agg.bySaslUser, rec.saslUser, newSaslUser);
    u.messages++;
    if (rec.service !== '') bump(agg.saslServices, rec.service);
    if (rec.client !== null) {
      bump(u.clientIps, rec.client.ip);
      if (isSmtpService(rec.service)) bump(u.smtpServiceIps, rec.client.ip);
      const first = u.clientIpFirstAt.get(rec.client.ip);
      if (first === undefined || rec.startAt < first) u.clientIpFirstAt.set(ownString(rec.client.ip), rec.startAt);
    }
    if (sender !== '') bump(u.senders, sender);
    noteLoginActivity(u, rec, refs);
  }
  if (rec.client !== null && rec.client.ip !== '' && received) {
    const ip = agg.byClientIp.rowFor(rec.client.ip);
    if (rec.client.name !== '' && (ip.name === '' || rec.client.name < ip.name)) ip.name = rec.client.name;
    ip.messages++;
    // Its messages' times too: a session that sends for hours touches its row at "connect from" only (a clean
    // disconnect is counted apart), which left lastAt at the connection's start.
    if (rec.startAt < ip.firstAt) ip.firstAt = rec.startAt;
    if (rec.startAt > ip.lastAt) ip.lastAt = rec.startAt;
    if (rec.saslUser !== '') ip.saslUsers = bumpLazy(ip.saslUsers, rec.saslUser);
    // Without a login through submission or smtps (not port 25): no mail server delivering to us (review Z).
    else if (!isSmtpService(rec.service)) bump(agg.noLoginOtherServiceIps, rec.client.ip);
  }
  if (localSubmit) row(agg.byPickupUid, rec.host + '/' + rec.pickupUid, () => newPickupUid(rec.host, rec.pickupUid)).messages++;
  // Outside recipients of mail OpenDKIM did not sign (dkim-signing.ts).
  foldDkim(agg, rec, refs);
  const outcome: MessageOutcome = {
    recipients, sent, deferred, bounced, expired, discarded, localRecipients, deferrals: rec.deferrals, domains, remoteAttempted,
    remoteTo: remoteTo ?? NONE, remoteSent: remoteSent ?? NO_FLAGS,
    remoteSpamRefused: remoteSpamRefused ?? NO_FLAGS, spamRefusal: remoteSpamRefused !== null ? spamRefusalExample(spamRefusal!, refs) : null,
    receiverRefused: refused,
    notices: rec.noticeLinks,
  };
  const pipeKey = pipeCopy ? hopKey(rec, ROLE_PICKUP) : '';
  if (smtpCopy) offerCopy(agg, rec.host, rec.qid, rec.startAt, outcome, queued, refs);
  else if (pipeKey !== '') offerPipeCopy(agg, pipeKey, rec.qid, rec.startAt, outcome, Math.max(rec.nrcpt, rec.recipients.length), queued, refs);
  else creditOutcome(agg, source, outcome, refs);
  // The copies this message was handed on as: their outcomes are its sender's.
  const copies = rec.filterCopies;
  const pipeSourceKey = pipeHopped > 0 ? hopKey(rec, ROLE_PIPE) : '';
  // (A loopback relay's "queued as" whose copy never came, a delivery above, waits for none.)
  if ((copies === '' || smtpHopped === 0) && pipeSourceKey === '') return;
  const f = forwarded ?? NONE;
  const once: PerMessage = { relayed: false, sender: false };
  if (copies !== '' && smtpHopped > 0) for (const qid of copies.split(' ')) offerSource(agg, rec.host, qid, source, rec.lastAt, f, once, refs);
  if (pipeSourceKey !== '') offerPipeSource(agg, pipeSourceKey, source, rec.lastAt, f, pipeHopped, once, refs);
}

/** The first line a receiver bounced the message as spam, as an example (registered in `refs`, made only when counted). */
function spamRefusalExample(s: SpamRefusal, refs: Example[] | null): Example {
  const e: Example = { ...s.ref, text: s.line };
  refs?.push(e);
  return e;
}

/**
 * An SRS address (Sender Rewriting Scheme, as postsrsd writes it): "SRS0=hash=tt=orig-domain=orig-local@our.domain",
 * or "SRS1=…" for a second hop. Case-insensitive, as the scheme's tag is.
 */
function isSrsAddress(a: string): boolean {
  if (a.length < 6 || a.charCodeAt(4) !== 61 /* = */) return false;
  const tag = a.slice(0, 4).toUpperCase();
  return tag === 'SRS0' || tag === 'SRS1';
}
