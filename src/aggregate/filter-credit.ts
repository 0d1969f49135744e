// Who sent a message and what became of its recipients, credited to the sender's client IP and SASL login; and the
// same across an SMTP content filter (review 13 H3).
//
// Behind amavis (or a second Postfix instance) a message has two records. The original, from the real client, hands
// every recipient to the filter; the copy comes back through a loopback smtpd, and its delivery lines carry the
// outcomes:
//   "postfix/smtp[20247]: 8F8BD2FB70: to=<takahashi@example.jp>, relay=127.0.0.1[127.0.0.1]:10024, …, status=sent (250 2.0.0 from MTA(smtp:[127.0.0.1]:10025): 250 2.0.0 Ok: queued as 21AB138A7A)"
//   "postfix/smtpd[23146]: 21AB138A7A: client=localhost[127.0.0.1], orig_queue_id=8F8BD2FB70, orig_client=mail.globex-corp.com[53.246.18.236]"
// (without XFORWARD the copy's line is only "client=localhost[127.0.0.1]"). Who sent it is on the original, what
// became of it on the copy; the per-IP and per-login counts need both. Before, an open relay, a hacked form on
// localhost and an account's spam behind amavis had no relayed recipients and `sent 0`.
//
// Each side is folded when its record is finished, in any order and in any byte range. The first to come leaves a
// half under the copy's queue ID, which the original's hand-off names ("queued as 21AB138A7A", with or without
// XFORWARD); the second meets it in the same aggregate, or the two meet when aggregates merge. A pair credits the
// copy's outcomes to the original's sender as the original's own recipients would have been: sums and earliest
// examples, the same wherever the pair met. A half waits only while its other side is in flight (most often the
// copy, still queued), so the table holds no more than the queue does.
//
// A pipe content filter's copy (spamc, back through sendmail and pickup: correlate/pipe-filter.ts) is paired with its
// original by host, envelope sender and Message-ID: its half waits under that key instead of a queue ID.

import type { Aggregate, Example, FilterHalf, LineRef, LocalMillis, MessageOutcome, MessageSource, PickupUidStats, QueuedMessage, RelayTally, SenderDomainAddresses } from '../types.js';
import { MINUTE_MS, bump, bumpLazy, newPickupUid, newSaslUser, newSender, row } from './create.js';
import { addRelaySlot } from './relay-slots.js';
import { addToSketch, sameAddress, senderDomainEntry } from './address-set.js';
// A pure test of an address (loopback, RFC 1918 …), shared with the rules that read what is kept here.
import { ownNetworkClass } from '../detect/own-network.js';
import { addSentMinute } from './sent-minutes.js';
import { parentFolded } from './bounce-notices.js';
import { isEarlier } from './examples.js';
import { domainOf } from '../parse/fields.js';

/**
 * How far a copy's first line may be from its original's lines: it comes between the original's first line and its
 * hand-off line, give or take writers out of order. A short queue ID is reused once its message is gone, days
 * later; a half left over from a message before the log must not meet a later one.
 */
const FILTER_HOP_WINDOW_MS = 60_000;

const NONE: readonly string[] = [];

/**
 * What a message counts once however many copies carry its outcomes: a remote attempt, a relayed sender. One object
 * per original, shared by the halves of all its copies (they are made in one fold and travel in one aggregate until
 * they meet their copies, so every split sees the same flags).
 */
export interface PerMessage {
  relayed: boolean;
  sender: boolean;
}

/**
 * Credits `out` to `src`: recipients and outcomes to its SASL login and client IP, remote recipients of a client
 * without login or of a local program (pickup) to its relaying, and its non-delivery notices to its login (the copy's
 * notices, behind a filter); `forwarded` are recipients the original had forwarded for an address of ours (not relayed).
 */
export function creditOutcome(
  agg: Aggregate, src: MessageSource, out: MessageOutcome, refs: Example[] | null,
  forwarded: readonly string[] = NONE, once: PerMessage | null = null,
): void {
  const ip = src.ip;
  // Its non-delivery notices whose login was not settled where their link was read (bounce-notices.ts).
  if (out.notices !== null) parentFolded(agg.bounceNotices, out.notices, src.saslUser, ip ?? '');
  if (src.saslUser !== '') {
    const u = row(agg.bySaslUser, src.saslUser, newSaslUser);
    u.recipients += out.recipients;
    u.sent += out.sent; u.deferred += out.deferred; u.bounced += out.bounced; u.expired += out.expired; u.discarded += out.discarded;
    u.deferralAttempts += out.deferrals;
    // Bounced by a receiver that refuses this server (review AM, AM2): the receivers-refusing finding's users' own mail.
    if (out.receiverRefused > 0) { u.receiverRefusedMessages++; u.receiverRefusedRecipients += out.receiverRefused; }
    if (ip !== null) {
      bump(u.clientIpRecipients, ip, out.recipients);
      if (out.localRecipients > 0) bump(u.clientIpLocalRecipients, ip, out.localRecipients);
      if (out.sent > 0) {
        bump(u.clientIpSent, ip, out.sent);
        addSentMinute(u.clientIpSentMinutes, ip, Math.floor(src.at / MINUTE_MS), out.sent);
      }
    }
    for (const d of out.domains) bump(u.recipientDomains, d);
  }
  // A local program's mail (PHP mail() through sendmail): its remote recipients are relayed for it as for a client of
  // our own networks, per pickup uid= (review 13 H5). An auto-reply goes out with the null sender (RFC 3834: Sieve
  // vacation, read receipts) to whoever wrote, spammers too; it is not the program's own mail.
  if (src.pickupUid !== '') {
    const p = row(agg.byPickupUid, src.host + '/' + src.pickupUid, () => newPickupUid(src.host, src.pickupUid));
    p.recipients += out.recipients;
    if (src.sender !== '<>') {
      creditRelayed(p, src, out, forwarded, once, refs, null);
      noteRelayedAddresses(p, src.sender, out, forwarded);
    }
  }
  if (ip === null || ip === '' || !src.received) return;
  const row_ = agg.byClientIp.rowFor(ip);
  row_.recipients += out.recipients;
  if (!src.relayCandidate) return;
  // Mail from outside for mailboxes here, by its sender: what a Sieve redirect or a .forward resends as that sender
  // (SenderStats.inboundLocal; review T, F1). Not from this host's loopback: a web form there is no mail coming in.
  if (out.localRecipients > 0 && src.sender !== '' && src.sender !== '<>' && !isLoopbackIp(ip)) {
    row(agg.bySender, src.sender, newSender).inboundLocal += out.localRecipients;
  }
  // By slot too for a client of the Internet with a (forward-confirmed) name: it may be one of the site's own hosts by
  // name (detect/own-host-name.ts), whose spam signs are read per slot (review AO, AO3). One compare per relayed message.
  creditRelayed(row_, src, out, forwarded, once, refs, ip, row_.name !== 'unknown');
}

/** 127.0.0.0/8 or ::1 (with IPv4 mapped): this host, as the log writes it (ownNetworkClass's 'loopback', cheaply). */
function isLoopbackIp(ip: string): boolean {
  return ip.startsWith('127.') || ip === '::1' || ip.startsWith('::ffff:127.') || ip.startsWith('::FFFF:127.');
}

/**
 * A local program's relayed recipients and their addresses, and its sender address, by the sender domain, when the
 * message had a relayed recipient other than its sender (the same recipients creditRelayed counts per domain). A
 * recipient that is the sender itself is a copy to the sender (a contact form's copy to the visitor "from" the
 * visitor), left out; a message with no other adds neither its sender nor an entry.
 */
function noteRelayedAddresses(p: PickupUidStats, sender: string, out: MessageOutcome, forwarded: readonly string[]): void {
  if (sender === '') return;
  let e: SenderDomainAddresses | null = null;
  for (const to of out.remoteTo) {
    if (forwarded.length > 0 && forwarded.includes(to)) continue;
    // Before the entry is made: a message whose only relayed recipient is its sender adds nothing (review S, S6).
    if (sameAddress(to, sender)) continue;
    if (e === null) {
      p.relayedBySender ??= new Map();
      // The sender domain as creditRelayed counts it (unauthRelaySenderDomains): a bare "www-data" is its own key.
      e = senderDomainEntry(p.relayedBySender, domainOf(sender) || sender);
    }
    e.recipients++;
    e.to = addToSketch(e.to, to);
  }
  if (e !== null) e.as = addToSketch(e.as, sender);
}

/**
 * Credits the remote recipients of `out` (those in `forwarded` were forwarded for an address of ours, not relayed) to
 * the relaying of `tally`: a client IP's (`ip`), or a local program's (null). By slot for a program, a client on
 * the site's own networks and a client Postfix names (`named`) only (relay-slots.ts).
 */
function creditRelayed(tally: RelayTally, src: MessageSource, out: MessageOutcome, forwarded: readonly string[], once: PerMessage | null,
  refs: Example[] | null, ip: string | null, named = false): void {
  if (out.remoteTo.length === 0) return;
  // Once a row has slots its client is one of ours; a client of the Internet is tested again on each message it had
  // relayed (an open relay's, few).
  const bySlot = ip === null || named || tally.unauthRelaySlots !== null || ownNetworkClass(ip) !== null;
  const domains: string[] = [];
  let notDelivered = 0;
  let spamRefused = 0;
  for (let i = 0; i < out.remoteTo.length; i++) {
    const to = out.remoteTo[i]!;
    if (forwarded.length > 0 && forwarded.includes(to)) continue;
    const d = domainOf(to);
    tally.unauthRelayDomains = bumpLazy(tally.unauthRelayDomains, d);
    if (!out.remoteSent[i]) notDelivered++;
    if (out.remoteSpamRefused[i] === true) spamRefused++;
    domains.push(d);
  }
  if (domains.length === 0) return;
  // A message relayed: one that went out over SMTP with a recipient not forwarded for an address of ours (review 15
  // L1: mail to an alias forwarded to Gmail, orig_to=, counted as relayed). Per message, not per copy (a pipe filter
  // run per recipient sends back one copy each): `once` says what a previous copy of the same original counted.
  if (out.remoteAttempted && (once === null || !once.relayed)) {
    tally.unauthRelayed++;
    if (once !== null) once.relayed = true;
  }
  tally.unauthRelayNotDelivered += notDelivered;
  // Per message, not per recipient: the sender's domain and when, for a hacked web application's forged senders.
  const sender = src.sender;
  const senderCounted = once !== null && once.sender;
  if (once !== null) once.sender = true;
  const senderDomain = sender === '' || senderCounted ? '' : sender === '<>' ? '<>' : domainOf(sender) || sender;
  if (senderDomain !== '') tally.unauthRelaySenderDomains = bumpLazy(tally.unauthRelaySenderDomains, senderDomain);
  if (src.at < tally.unauthRelayFirstAt) tally.unauthRelayFirstAt = src.at;
  if (src.at > tally.unauthRelayLastAt) tally.unauthRelayLastAt = src.at;
  // The message's start line as an example, made once and only when kept: as the host's first relayed message, or
  // as its slot's (the evidence of a burst inside a day of relaying, relay-window.ts).
  let made: Example | null = src.example; // registered at the range's end
  const ref: LineRef | null = src.example ?? (src.line !== '' ? src.ref : null);
  const example = (): Example | null => {
    if (made === null && src.ref !== null && src.line !== '') {
      made = { file: src.ref.file, line: src.ref.line, offset: src.ref.offset, text: src.line };
      refs?.push(made);
    }
    return made;
  };
  if (bySlot) {
    tally.unauthRelaySlots = addRelaySlot(tally.unauthRelaySlots, src.at, domains, notDelivered, senderDomain, !senderCounted, ref, example,
      spamRefused, spamRefused > 0 ? out.spamRefusal : null);
  }
  const first = tally.firstUnauthRelay;
  if (ref !== null && (first === null || isEarlier(ref, first))) tally.firstUnauthRelay = example() ?? first;
}

/**
 * The original's side: its hand-off named the copy `copyQid` (an SMTP filter's). Credits a waiting copy, or waits for
 * it. `forwarded`: its recipients handed on with orig_to= (forwarded for an address of ours, not relayed).
 */
export function offerSource(
  agg: Aggregate, host: string, copyQid: string, source: MessageSource, lastAt: LocalMillis, forwarded: readonly string[],
  once: PerMessage, refs: Example[] | null,
): void {
  addHalf(agg, host + '/' + copyQid, { kind: 'source', source, lastAt, forwarded, remaining: 1, once }, refs);
}

/**
 * The copy's side (an SMTP filter's): credits its original's sender when that is waiting, or waits for it. `queued`:
 * the copy's entry among the messages still queued at the end, which then names the original's login and client IP.
 */
export function offerCopy(
  agg: Aggregate, host: string, qid: string, at: LocalMillis, outcome: MessageOutcome, queued: QueuedMessage | null, refs: Example[] | null,
): void {
  addHalf(agg, host + '/' + qid, { kind: 'copy', outcome, qid, at, queued, takes: 1 }, refs);
}

/**
 * A pipe content filter's sides (correlate/pipe-filter.ts): the original, whose `piped` recipients went to the
 * command, and the copies picked up again, paired by host, envelope sender and Message-ID (`key`, hopKey; never
 * equal to an SMTP filter's "host/queue ID"). A filter run once per recipient (`${recipient}` with a recipient limit
 * of 1) sends back a copy per recipient: the original's half waits until copies of all its piped recipients came.
 */
export function offerPipeSource(
  agg: Aggregate, key: string, source: MessageSource, lastAt: LocalMillis, forwarded: readonly string[], piped: number, once: PerMessage,
  refs: Example[] | null,
): void {
  addHalf(agg, key, { kind: 'source', source, lastAt, forwarded, remaining: piped, once }, refs);
}

export function offerPipeCopy(
  agg: Aggregate, key: string, qid: string, at: LocalMillis, outcome: MessageOutcome, recipients: number, queued: QueuedMessage | null,
  refs: Example[] | null,
): void {
  addHalf(agg, key, { kind: 'copy', outcome, qid, at, queued, takes: Math.max(1, recipients) }, refs);
}

type SourceHalf = Extract<FilterHalf, { kind: 'source' }>;
type CopyHalf = Extract<FilterHalf, { kind: 'copy' }>;

/** Whether the two sides are one hop: the copy's first line is within the original's life, give or take the window. */
function sameHop(src: SourceHalf, copy: CopyHalf): boolean {
  return copy.at >= src.source.at - FILTER_HOP_WINDOW_MS && copy.at <= src.lastAt + FILTER_HOP_WINDOW_MS;
}

/** Credits a pair; the copy's entry among the still queued names the original's sender. */
function credit(agg: Aggregate, src: SourceHalf, copy: CopyHalf, refs: Example[] | null): void {
  creditOutcome(agg, src.source, copy.outcome, refs, src.forwarded, src.once);
  const q = copy.queued;
  if (q !== null) {
    q.saslUser = src.source.saslUser;
    if (src.source.received && src.source.ip !== null) q.clientIp = src.source.ip;
    q.pickupUid = src.source.pickupUid;
  }
}

/**
 * Adds a half under `key`, crediting the pairs it makes with waiting ones: a copy takes the first waiting original of
 * its hop; an original takes every waiting copy of its hop, until copies of all its recipients came. Two originals of
 * one key within one message's life do not wait at once: Postfix never reuses the queue ID of a message in the queue,
 * and a pipe filter's key is one message's sender and Message-ID.
 */
function addHalf(agg: Aggregate, key: string, half: FilterHalf, refs: Example[] | null): void {
  const list = agg.filterJoin.get(key);
  if (half.kind === 'copy') {
    if (list !== undefined) {
      for (let i = 0; i < list.length; i++) {
        const src = list[i]!;
        if (src.kind !== 'source' || !sameHop(src, half)) continue;
        credit(agg, src, half, refs);
        src.remaining -= half.takes;
        if (src.remaining <= 0) drop(agg, key, list, i);
        return;
      }
    }
  } else if (list !== undefined) {
    for (let i = 0; i < list.length && half.remaining > 0;) {
      const copy = list[i]!;
      if (copy.kind !== 'copy' || !sameHop(half, copy)) { i++; continue; }
      credit(agg, half, copy, refs);
      half.remaining -= copy.takes;
      drop(agg, key, list, i);
    }
    if (half.remaining <= 0) return;
  }
  const now = agg.filterJoin.get(key);
  if (now === undefined) agg.filterJoin.set(key, [half]); // made of kept strings: it holds no line
  else now.push(half);
}

function drop(agg: Aggregate, key: string, list: FilterHalf[], i: number): void {
  list.splice(i, 1);
  if (list.length === 0) agg.filterJoin.delete(key);
}

/** Merges b's waiting halves into a: each meets its other side in a, or waits there. */
export function mergeFilterJoin(a: Aggregate, b: Aggregate): void {
  for (const [key, list] of b.filterJoin) for (const half of list) addHalf(a, key, half, null);
}

/**
 * The examples of the halves still waiting at the end of a byte range, so that the main thread fixes their line
 * numbers (run.ts) like every other example the range made; a half that met its other side inside the range put its
 * example in a row, and registered it there.
 */
export function registerWaitingExamples(agg: Aggregate, refs: Example[]): void {
  for (const list of agg.filterJoin.values()) {
    for (const half of list) {
      if (half.kind !== 'source') continue;
      const src = half.source;
      if (src.ref === null || src.line === '' || (!src.relayCandidate && src.pickupUid === '')) continue;
      // Its own object: the halves of one original's copies share its source, each example is registered once.
      const e: Example = { file: src.ref.file, line: src.ref.line, offset: src.ref.offset, text: src.line };
      half.source = { ...src, example: e };
      refs.push(e);
    }
  }
}
