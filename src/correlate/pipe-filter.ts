// A content filter run as a pipe(8) command that hands the mail back through sendmail, the classic Debian recipe
// for SpamAssassin (content_filter=spamassassin; master.cf "spamassassin unix - n n - - pipe user=debian-spamd
// argv=/usr/bin/spamc -f -e /usr/sbin/sendmail -oi -f ${sender} ${recipient}"). Postfix logs the hand-off to the
// filter as a delivery, and the filtered copy as new mail from pickup, and names neither in the other's lines:
//
//   Nov 29 01:32:34 vm postfix/pipe[31220]: 4jcV5G6qpLzNgNp: to=<sato@example.jp>, relay=spamassassin, delay=0.03, delays=0.02/0/0/0.01, dsn=2.0.0, status=sent (delivered via spamassassin service)
//   Nov 29 01:32:34 vm postfix/pickup[31011]: 4jcV5G6yvrzNgNr: uid=65534 from=<alice@outside.example>
//   Nov 29 01:32:34 vm postfix/cleanup[31219]: 4jcV5G6yvrzNgNr: message-id=<content-filtered-via-pipe.1795915954941@client.example>
//
// (a Postfix 3.7.11 lab, review 7 M11). The rule: a pipe delivery "delivered via S service" (a P event) and a
// pickup (a K event) are the two sides of one filter hop when their messages have the same host, envelope sender
// and Message-ID, and the two lines are near each other in the log (PIPE_HOP_WINDOW_MS, see below). Then the pipe
// delivery is a filter hop like amavis's "queued as" (not delivered: the filtered copy carries the outcome), and
// the copy is a reinjection (not received again). The command's own sendmail writes the copy before the pipe line
// is logged, so the pickup line may come before or after it.
//
// Other pipe commands are left alone: an LDA (dovecot-lda, maildrop) writes no new mail; a list manager reposts
// with its own envelope sender (…-bounces@) through SMTP or sendmail. A script that sends the message on with
// the same sender and Message-ID (sieve "redirect" under a piped LDA) is taken as a hop: its copy's outcome
// counts, as for local(8) "forwarded as".
//
// "Near" must give the same answer however the log is cut into byte ranges, with lines whose times are not in
// order (several writers) and without holding every piped message until the end. So it is not a time difference
// alone but a window over the sequence of P and K events, in file order: event A's window stays open while every
// later event's time is within W of A's; it closes at the first one that is not. B (after A) pairs with A when
// A's window is still open at B. A range decides this for its own events (pipe-filter-range.ts); what may pair
// with another range's events (its first events until their times spread over more than 2W, and the events whose
// windows are still open at its end) goes to the stitcher, which applies the same rule (pipe-filter-stitch.ts).

import type { LogEvent, MessageRecord } from '../types.js';
import { namesCopy } from './record.js';

/** The window of an event (see above): a minute, for a pickup woken late or a filter taking its time. */
export const PIPE_HOP_WINDOW_MS = 60_000;

/**
 * An event's role: the hand-off to a filter (P: a pipe delivery to a command, or an SMTP filter's "queued as"), or the
 * copy coming back (K: pickup of new mail, or a loopback smtpd client without login).
 */
export const ROLE_PIPE = 0;
export const ROLE_PICKUP = 1;

/**
 * When `to`'s last pipe hand-off was logged: the hour its line counted in hourly "sent". A filter that takes one
 * recipient at a time (`${recipient}` in argv) logs a line per recipient, and they may fall in different hours.
 */
export function pipeHandoffAt(rec: MessageRecord, to: string): number {
  const list = rec.pipeSent;
  if (list !== null) {
    for (let i = list.length - 1; i >= 0; i--) if (list[i]!.to === to) return list[i]!.at;
  }
  return rec.lastAt; // not reached: a recipient whose last delivery was a pipe hand-off has its line in the list
}

/** pipe(8)'s success text: "status=sent (delivered via spamassassin service)". */
export function isPipeHandoff(ev: Extract<LogEvent, { kind: 'delivery' }>): boolean {
  return ev.agent === 'pipe' && ev.status === 'sent' && ev.reason.startsWith('delivered via ') && ev.reason.endsWith(' service');
}

/**
 * The envelope sender of `rec` in `role`, or null while not known. The copy's is the one on its pickup line
 * ("uid=65534 from=<alice@outside.example>", the filter's `sendmail -f ${sender}`): qmgr never logs one for a copy
 * that cleanup refused (hop count), and pickup's may be unqualified where qmgr's is not. Once known, it stays.
 */
function senderOf(rec: MessageRecord, role: number): string | null {
  if (role === ROLE_PIPE) return rec.senderSeen ? rec.sender : null;
  return rec.pickupUid !== '' ? rec.pickupFrom : null;
}

/**
 * An SMTP content filter's copy: amavis, or a second Postfix instance, hands the filtered message to a loopback smtpd.
 * Without XFORWARD (review 12 M1) no `orig_queue_id=` names the original:
 *   "postfix/smtp[21041]: 203340BCAD: to=<…>, relay=127.0.0.1[127.0.0.1]:10024, …, status=sent (250 2.0.0 from MTA(smtp:[127.0.0.1]:10026): 250 2.0.0 Ok: queued as 0BBAFDADB7)"
 *   "postfix-out/smtpd[25583]: 0BBAFDADB7: client=localhost[127.0.0.1]"
 * with it, the copy's line says it is one:
 *   "postfix/smtpd[23146]: 21AB138A7A: client=localhost[127.0.0.1], orig_queue_id=8F8BD2FB70, orig_client=mail.globex-corp.com[53.246.18.236]"
 * The hand-off ("queued as" on a filter relay, a P event) and the loopback client without login (a K event) pair
 * within the window when the hand-off names the client's queue ID (MessageRecord.filterCopies): known on both lines,
 * so a pair is decided at once. A copy with XFORWARD is no received mail either way; it is paired too, so that its
 * outcomes are credited to the original's sender only when the original named it (aggregate/filter-credit.ts).
 * Not by sender and Message-ID: a list manager on localhost sends one post as several transactions with the same
 * ones (code review 13, H1), and a copy's key, unknown at its client= line, paired it with every hand-off of the
 * minute (H2: 46 s instead of 1.4 s on a busy amavis log).
 */
export function isSmtpdCopyCandidate(rec: MessageRecord): boolean {
  if (!viaSmtpd(rec) || rec.saslUser !== '' || rec.client === null) return false;
  const ip = rec.client.ip;
  return ip.startsWith('127.') || ip === '::1' || ip.startsWith('::ffff:127.');
}

/** Came in through smtpd: from a client, or a content filter's copy with XFORWARD (orig_queue_id=). */
function viaSmtpd(rec: MessageRecord): boolean {
  return rec.origin === 'smtpd' || rec.origin === 'reinjected';
}

/**
 * cleanup's "message-id=<>" (cleanup_message.c): a message that came without one. cleanup adds one only to local
 * submissions, so its filtered copy, which sendmail hands to pickup, gets a new one made from the copy's own
 * queue ID and the time ("<20261128010102.7F7A8B9C0D@mail.example.jp>"): the two are the same message when the
 * copy's ID is that one (review 9 M1: spam without a Message-ID counted received 2, delivered 2).
 */
export const NO_MESSAGE_ID = '<>';

/** The Message-ID the pairing compares: a copy's ID that cleanup made for it stands for "none", as its original's. */
function idOf(rec: MessageRecord, role: number): string {
  const id = rec.messageId;
  if (role === ROLE_PICKUP && madeByCleanup(id, rec.qid)) return NO_MESSAGE_ID;
  return id;
}

/** "20261128010102.7F7A8B9C0D@mail.example.jp": fourteen digits, a dot, the queue ID, an "@". */
function madeByCleanup(id: string, qid: string): boolean {
  if (id.length < 16 + qid.length || id.charCodeAt(14) !== 46 || !id.startsWith(qid, 15) || id.charCodeAt(15 + qid.length) !== 64) return false;
  for (let i = 0; i < 14; i++) {
    const c = id.charCodeAt(i);
    if (c < 48 || c > 57) return false;
  }
  return true;
}

/**
 * Whether `a` in role `ra` and `b` in role `rb` are the same message: 1 when host, envelope sender and Message-ID
 * are known and equal; 0 when they are not (a part known on both sides differs: no later line changes it); -1
 * while a part is not known. No string is made: this runs for every pair of events in a window.
 */
export function sameMessage(a: MessageRecord, ra: number, b: MessageRecord, rb: number): number {
  if (a.host !== b.host) return 0;
  const p = ra === ROLE_PIPE ? a : b;
  const k = ra === ROLE_PIPE ? b : a;
  // An SMTP filter's copy: the hand-off names it. A pipe filter's copy comes back through pickup, never smtpd.
  if (viaSmtpd(k)) return namesCopy(p.filterCopies, k.qid) ? 1 : 0;
  if (p.pipeVia === '') return 0;
  const sa = senderOf(a, ra);
  const sb = senderOf(b, rb);
  if (sa !== null && sb !== null && sa !== sb) return 0;
  const ma = idOf(a, ra);
  const mb = idOf(b, rb);
  if (ma !== '' && mb !== '' && ma !== mb) return 0;
  return sa === null || sb === null || ma === '' || mb === '' ? -1 : 1;
}

/** Whether the host, sender and Message-ID of `rec` in `role` are all known. */
export function keyKnown(rec: MessageRecord, role: number): boolean {
  // An SMTP filter's side: the queue IDs, known from its first event on.
  if (role === ROLE_PIPE ? rec.pipeVia === '' : viaSmtpd(rec)) return true;
  return idOf(rec, role) !== '' && senderOf(rec, role) !== null;
}

/** Host, sender and Message-ID of `rec` in `role` as one string, or '' while a part is not known (hand-over only). */
export function hopKey(rec: MessageRecord, role: number): string {
  // An SMTP filter's side: the host, then the queue IDs (the copy's own, or those its hand-offs named): keysMatch.
  if (role === ROLE_PIPE ? rec.pipeVia === '' : viaSmtpd(rec)) {
    return rec.host + FILTER_KEY + (role === ROLE_PIPE ? rec.filterCopies : rec.qid);
  }
  const sender = senderOf(rec, role);
  const id = idOf(rec, role);
  return sender === null || id === '' ? '' : rec.host + '\n' + sender + '\n' + id;
}

/**
 * Whether a record's key (hopKey) pairs with the key the stitcher kept of a record its range decided: the same
 * host, sender and Message-ID; or, for an SMTP filter, a copy's queue ID among those the hand-off named.
 */
/** Between host and queue IDs in an SMTP filter's key: no sender or Message-ID holds a \x01 (see hopKey). */
const FILTER_KEY = '\n\x01';

export function keysMatch(key: string, other: string): boolean {
  if (key === other) return true;
  const a = key.indexOf(FILTER_KEY);
  const b = other.indexOf(FILTER_KEY);
  if (a < 0 || b < 0 || a !== b || !key.startsWith(other.slice(0, b))) return false;
  const ka = key.slice(a + 2);
  const kb = other.slice(b + 2);
  return ka.includes(' ') ? namesCopy(ka, kb) : namesCopy(kb, ka);
}

/**
 * The roles a record has: P when one of its recipients went to a pipe command or an SMTP content filter, K when it
 * came from pickup or from a loopback smtpd without login (isSmtpdCopyCandidate).
 */
export function hasRole(rec: MessageRecord, role: number): boolean {
  return role === ROLE_PIPE ? rec.pipeVia !== '' || rec.filterCopies !== '' : rec.origin === 'pickup' || isSmtpdCopyCandidate(rec);
}

/** Marks `rec` as one side of a filter hop in `role`. */
export function setHop(rec: MessageRecord, role: number): void {
  if (role === ROLE_PIPE) rec.pipeHop = true;
  else rec.reinjected = true;
}

export function isHop(rec: MessageRecord, role: number): boolean {
  return role === ROLE_PIPE ? rec.pipeHop : rec.reinjected;
}

/** Whether event time `t` keeps open the window of an event at `t0`. */
export function inWindow(t0: number, t: number): boolean {
  return t >= t0 - PIPE_HOP_WINDOW_MS && t <= t0 + PIPE_HOP_WINDOW_MS;
}
