// Message records: creation, merging of fragments (a message's lines spread over several byte ranges or files),
// and the final verdict per recipient.

import type { LineRef, MessageRecord, RecipientState } from '../types.js';
import { addRecipient, findRecipient } from './recipients.js';
import { ownString } from '../own-string.js';
import { dkimRank } from './dkim-rank.js';

export function newRecord(host: string, qid: string, at: number, ref: LineRef | null): MessageRecord {
  return {
    key: host + '/' + qid, host, qid, origin: '', sawCleanup: false, startInRange: false, cleanupFirst: false, startAt: at, lastAt: at, firstRef: ref,
    service: '', client: null, saslMethod: '', saslUser: '', pickupUid: '', pickupFrom: '', sender: '', senderSeen: false,
    size: 0, nrcpt: 0, messageId: '', recipients: [], recipientIndex: null, deferrals: 0, removed: false, removedBy: '', expired: false,
    parentQid: '', requeuedFrom: '', pipeVia: '', filterCopies: '', pipeSent: null, pipeHop: false, reinjected: false, hopOpen: false, hopState: null,
    noticeOf: null, noticeLinks: null, linkOnly: false, rejectedInCleanup: false, refused: 0, held: false, startLine: '', failLine: '', failRef: null,
    spamRefusal: null, refusals: null, dkim: '', dkimLine: '', dkimRef: null, opendkimSaw: false,
  };
}

export function newRecipient(to: string, origTo: string): RecipientState {
  return { to, origTo, finalStatus: '', lastAgent: '', lastRelay: '', storeReply: false, hopMinute: -1 };
}

/** Appends the later fragment `b` to the earlier `a` (same message); returns `a`. */
export function mergeFragments(a: MessageRecord, b: MessageRecord): MessageRecord {
  if (a.origin === '') a.origin = b.origin;
  // After a requeue (a already continued under a new ID), b's cleanup line is the requeued copy's: not an entry.
  if (b.sawCleanup && a.requeuedFrom === '') a.sawCleanup = true;
  a.lastAt = Math.max(a.lastAt, b.lastAt);
  if (a.firstRef === null) a.firstRef = b.firstRef;
  if (a.service === '') a.service = b.service;
  if (a.client === null) a.client = b.client;
  if (a.saslMethod === '') a.saslMethod = b.saslMethod;
  if (a.saslUser === '') a.saslUser = b.saslUser;
  if (a.pickupUid === '') { a.pickupUid = b.pickupUid; a.pickupFrom = b.pickupFrom; }
  if (!a.senderSeen && b.senderSeen) { a.sender = b.sender; a.senderSeen = true; }
  if (a.size === 0) a.size = b.size;
  if (a.nrcpt === 0) a.nrcpt = b.nrcpt;
  if (a.messageId === '') a.messageId = b.messageId;
  if (a.parentQid === '') a.parentQid = b.parentQid;
  if (b.requeuedFrom !== '') a.requeuedFrom = b.requeuedFrom;
  if (a.pipeVia === '') a.pipeVia = b.pipeVia;
  for (const qid of b.filterCopies === '' ? [] : b.filterCopies.split(' ')) addFilterCopy(a, qid);
  if (b.pipeSent !== null) a.pipeSent = a.pipeSent === null ? b.pipeSent : a.pipeSent.concat(b.pipeSent);
  a.pipeHop = a.pipeHop || b.pipeHop;
  a.reinjected = a.reinjected || b.reinjected;
  a.hopOpen = a.hopOpen || b.hopOpen;
  if (a.startLine === '') a.startLine = b.startLine;
  if (a.failLine === '') { a.failLine = b.failLine; a.failRef = b.failRef; }
  if (b.spamRefusal !== null) {
    // a's line is the earlier (b is the later fragment); the recipients are the union.
    if (a.spamRefusal === null) a.spamRefusal = b.spamRefusal;
    else for (const to of b.spamRefusal.to) if (!a.spamRefusal.to.includes(to)) a.spamRefusal.to.push(to);
  }
  if (b.refusals !== null) {
    // The earlier fragment's receiver and kind; the answers of both.
    if (a.refusals === null) a.refusals = b.refusals;
    else {
      for (const [to, m] of b.refusals) {
        const held = a.refusals.get(to);
        if (held === undefined) a.refusals.set(to, m);
        else { held.answers += m.answers; held.bounced ||= m.bounced; }
      }
    }
  }
  // OpenDKIM's strongest line, the earlier fragment's on a tie (as the correlator keeps the first).
  if (dkimRank(b.dkim) > dkimRank(a.dkim)) { a.dkim = b.dkim; a.dkimLine = b.dkimLine; a.dkimRef = b.dkimRef; }
  a.opendkimSaw = a.opendkimSaw || b.opendkimSaw;
  if (a.noticeOf === null) a.noticeOf = b.noticeOf;
  if (b.noticeLinks !== null) a.noticeLinks = a.noticeLinks === null ? b.noticeLinks : a.noticeLinks.concat(b.noticeLinks);
  a.linkOnly = a.linkOnly && b.linkOnly;
  a.rejectedInCleanup = a.rejectedInCleanup || b.rejectedInCleanup;
  if (b.refused > a.refused) a.refused = b.refused;
  a.held = a.held || b.held;
  a.deferrals += b.deferrals;
  a.expired = a.expired || b.expired;
  if (b.removed) { a.removed = true; a.removedBy = b.removedBy; }
  for (const rb of b.recipients) {
    const ra = findRecipient(a, rb.to);
    if (ra === undefined) { addRecipient(a, rb); continue; }
    if (rb.finalStatus !== '') ra.finalStatus = rb.finalStatus;
    if (rb.lastAgent !== '') { ra.lastAgent = rb.lastAgent; ra.lastRelay = rb.lastRelay; }
    // Any attempt's, in either fragment (RecipientState.storeReply): an "or", the same however the log was cut.
    if (rb.storeReply) ra.storeReply = true;
    if (ra.origTo === '') ra.origTo = rb.origTo;
    if (rb.hopMinute > ra.hopMinute) ra.hopMinute = rb.hopMinute;
  }
  return a;
}

/**
 * Marks recipient `to` (its record's own string) as bounced by a receiver as spam (MessageRecord.spamRefusal); `line`
 * and `ref` become the record's first such line when it has none.
 */
export function addSpamRefused(rec: MessageRecord, to: string, line: string, ref: LineRef): void {
  const s = rec.spamRefusal;
  if (s === null) rec.spamRefusal = { to: [to], line, ref };
  else if (!s.to.includes(to)) s.to.push(to);
}

/**
 * Counts one answer of a receiver that refuses this server for recipient `to` (its record's own string): the first
 * answer's receiver and kind are kept (MessageRecord.refusals).
 */
export function addRefusal(rec: MessageRecord, to: string, provider: string, kind: string, bounced: boolean): void {
  const map = rec.refusals ??= new Map();
  const held = map.get(to);
  if (held === undefined) map.set(to, { provider, kind, answers: 1, bounced });
  else { held.answers++; held.bounced ||= bounced; }
}

/** The message was in the queue before the log's first line: none of its entry lines were seen. */
export function isPartial(rec: MessageRecord): boolean {
  return rec.origin === '' && !rec.sawCleanup; // origin is only ever set by a start line (smtpd client=, pickup)
}

/**
 * Final status of one recipient: the last attempt wins; a message that qmgr expired turns its still-deferred
 * recipients into "expired" ("status=expired, returned to sender").
 */
export function finalStatusOf(rec: MessageRecord, r: RecipientState): string {
  if (rec.expired && (r.finalStatus === 'deferred' || r.finalStatus === '')) return 'expired';
  return r.finalStatus;
}

/**
 * A transaction smtpd gave a queue ID (at the first accepted RCPT) that never entered the queue: no qmgr
 * "from=… (queue active)" line, no delivery, no removal, not held. A recipient-verification probe from another
 * MTA (RCPT, then RSET/QUIT), a harvesting bot that quits after RCPT, a client that drops during DATA:
 *
 *   postfix/smtpd[26574]: A377729E35C: client=localhost[127.0.0.1]
 *   postfix/smtpd[26574]: disconnect from localhost[127.0.0.1] ehlo=1 mail=1 rcpt=1 rset=1 quit=1 commands=5
 *
 * (Postfix 3.7.11; the other side of that probe logged "status=deliverable"). Decided on the whole record, once
 * the log is read: qmgr's line may come in a later byte range or file than the client= line.
 */
export function isAbandoned(rec: MessageRecord): boolean {
  return rec.origin === 'smtpd' && !rec.senderSeen && rec.recipients.length === 0 && !rec.removed && !rec.held
    && !rec.expired && rec.deferrals === 0;
}

/**
 * Adds `qid` to the queue IDs the record's content-filter hand-offs named (MessageRecord.filterCopies), once; false
 * when it was there (the hand-off of another recipient to the same copy).
 */
export function addFilterCopy(rec: MessageRecord, qid: string): boolean {
  if (rec.filterCopies === '') rec.filterCopies = ownString(qid);
  else if (!namesCopy(rec.filterCopies, qid)) rec.filterCopies += ' ' + qid;
  else return false;
  return true;
}

/** Whether the space-separated list `copies` holds `qid`. */
export function namesCopy(copies: string, qid: string): boolean {
  for (let i = copies.indexOf(qid); i >= 0; i = copies.indexOf(qid, i + 1)) {
    const end = i + qid.length;
    if ((i === 0 || copies.charCodeAt(i - 1) === 32) && (end === copies.length || copies.charCodeAt(end) === 32)) return true;
  }
  return false;
}

/**
 * cleanup's own Message-ID, added to a message that had none (cleanup_message.c: "%s.%s@%s", the time as
 * YYYYMMDDhhmmss, the queue ID, myhostname), as every bounce notice has:
 *   "EEA0B160693: message-id=<20261128131320.EEA0B160693@mail.example.jp>" (`id` without its angle brackets)
 * cleanup adds it once, when the message's headers end: it is never a second Message-ID header.
 */
export function isPostfixMadeId(id: string, qid: string): boolean {
  const dot = id.indexOf('.');
  if (dot !== 14 || !id.startsWith(qid, dot + 1) || id.charCodeAt(dot + 1 + qid.length) !== 64) return false;
  for (let i = 0; i < dot; i++) {
    const c = id.charCodeAt(i);
    if (c < 48 || c > 57) return false;
  }
  return true;
}

/**
 * How long after its start line (smtpd's client=, pickup) a message's own first cleanup line may come: smtpd hands
 * the message to cleanup as its DATA arrives, seconds after the first RCPT made the queue file. A cleanup line with
 * cleanup's own Message-ID an hour or more after an abandoned transaction's client= line under the same short queue
 * ID is a bounce notice that reused the ID (the correlator took it into the transaction, a cut of the log did not).
 */
const CLEANUP_AFTER_START_MS = 3_600_000;

/**
 * A cleanup line at most this many lines after the start line, in the same file, follows it whatever the clocks say
 * (review V, V3): pickup hands the message to cleanup at once (the corpus's pickup lines are all followed by their
 * cleanup line), and a spring-forward or an NTP step forward of an hour between the two lines split root's cron mail
 * in two. The notice that reuses an abandoned transaction's queue ID never comes so close: the transaction's session
 * ends first (smtpd's "disconnect from" line) and the notice answers a delivery that bounced (its status line).
 */
const CLEANUP_NEXT_LINES = 2;

/**
 * Whether a cleanup "message-id=" line (`id`, at `at`, line `line` of input `file`) under this record's queue ID
 * continues it. Any line does, as cleanup logs each Message-ID header it reads (a spam message may carry two), except
 * cleanup's own Message-ID (isPostfixMadeId), which is a message's first cleanup line: it continues only a record
 * with a start line (smtpd, pickup) and nothing after it yet, the start line less than CLEANUP_AFTER_START_MS before
 * or at most CLEANUP_NEXT_LINES lines before in the same file (a clock jump between them); or a requeued one, or one
 * cleanup refused. Any other record under that queue ID is an earlier message whose "removed" line was lost, that
 * never entered the queue (an abandoned transaction), or that a range of the log left unfinished: a bounce notice
 * begins after it. The correlator and the stitcher both ask this, of what they hold, so that any cut of the log gives
 * the same records (the correlator with line numbers within its range, the stitcher with line numbers in the file).
 */
export function takesCleanupLine(rec: MessageRecord, id: string, at: number, file: number, line: number): boolean {
  if (!isPostfixMadeId(id, rec.qid) || rec.requeuedFrom !== '' || rec.rejectedInCleanup) return true;
  const pastCleanup = rec.senderSeen || rec.recipients.length > 0 || rec.removed || rec.expired || rec.held;
  if (rec.origin === '' || rec.sawCleanup || pastCleanup) return false;
  if (at - rec.startAt < CLEANUP_AFTER_START_MS) return true;
  const start = rec.firstRef;
  return start !== null && start.file === file && line > start.line && line - start.line <= CLEANUP_NEXT_LINES;
}

/**
 * A bounce notice (from=<>, made here through cleanup) removed before the bounce(8) line that names it: under load
 * Postfix 3.7 delivers the notice first (../shared/corpus/incident/maillog line 5131). It stays open for that line,
 * which closes it, so that the notice is joined to the mail it answers; the correlator and the stitcher both wait.
 */
export function awaitsLink(rec: MessageRecord): boolean {
  return rec.noticeOf === null && !rec.linkOnly && !rec.rejectedInCleanup && rec.origin === '' && rec.sawCleanup
    && rec.senderSeen && rec.sender === '';
}
