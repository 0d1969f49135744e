// Events → message records, keyed by (host, queue ID). Queue IDs are reused by Postfix once a message is gone,
// so a start line (smtpd "client=", pickup "uid=") after "removed" begins a new record.
//
// In a byte range, a record is finished here only when its whole life is inside the range: it was created by
// its start line in this range (or the range is the very start of the log) and it was removed. Everything else
// is handed back as a fragment for the main thread to stitch in file order (see stitch.ts). A cleanup line is
// not proof of a start: a range may begin between a message's client= and cleanup lines.

import type { LineRef, LogEvent, MessageRecord } from '../types.js';
import { linkId } from '../aggregate/bounce-notices.js';
import { MINUTE_MS } from '../aggregate/create.js';
import type { LineContext } from '../aggregate/context.js';
import { refOf } from '../aggregate/context.js';
import { addFilterCopy, addRefusal, addSpamRefused, awaitsLink, isPostfixMadeId, newRecipient, newRecord, takesCleanupLine } from './record.js';
import { continueRequeued } from './requeue.js';
import { dkimRank } from './dkim-rank.js';
import type { HopHandover, RangeHops } from './pipe-filter-range.js';
import { closeCandidate, drainHops, handOver, hopEvent, isCandidate, newRangeHops } from './pipe-filter-range.js';
import { NO_MESSAGE_ID, ROLE_PICKUP, ROLE_PIPE, isPipeHandoff, isSmtpdCopyCandidate } from './pipe-filter.js';
import { addRecipient, findRecipient } from './recipients.js';
import { answerOf, classifyAnswer, isMalwareVerdict, isSpamVerdict } from '../detect/refusal-kinds.js';
import { REFUSED_AS_MALWARE } from '../aggregate/refused-messages.js';
import { storeReplyOf } from '../aggregate/mailbox-transport.js';
import type { StringPool } from '../own-string.js';
import { newStringPool, ownString, sharedString } from '../own-string.js';

export interface Correlator {
  /** Open records by queue ID for the range's first host, by "host/queue ID" for any other host. */
  open: Map<string, MessageRecord>;
  mainHost: string;
  /** Fragments that must be stitched with other ranges, in the order they were closed. */
  fragments: MessageRecord[];
  /**
   * Every start line (smtpd client=, pickup) of the range, as the record key and the number of fragments closed
   * before it. A start line closes whatever an earlier range left open under the same queue ID; the stitcher
   * must learn of it even when the new message is finished inside this range and never becomes a fragment.
   */
  startKeys: string[];
  startPos: number[];
  /**
   * For each start line, the key of the record it continues ("" for a new message): pickup's `orig_id=` of a
   * message `postsuper -r` requeued (see requeue.ts). The stitcher moves what earlier ranges hold under that key.
   */
  startFrom: string[];
  /** This range starts the whole log: a record with no start line began before the log (partial). */
  logStart: boolean;
  finish: (rec: MessageRecord) => void;
  /**
   * Senders and relays of open records, each value once: a spam run's messages share a sender, and its
   * recipients a few relays (a worker scanning half of the 1.5 GB benchmark log held 5,800 copies of one relay).
   * Recipient addresses are mostly distinct: copied on their own.
   */
  strings: StringPool;
  /** The record of the last recordFor() call, while it is open (see recordFor). */
  last: MessageRecord | null;
  /** A pipe content filter's hops (pipe-filter.ts). */
  hops: RangeHops;
}

export function newCorrelator(logStart: boolean, finish: (rec: MessageRecord) => void): Correlator {
  return {
    open: new Map(), mainHost: '', fragments: [], startKeys: [], startPos: [], startFrom: [], logStart, finish,
    strings: newStringPool(10_000), last: null, hops: newRangeHops(logStart),
  };
}

/**
 * The key of the open-records map. Nearly every log has one host: its queue IDs are used as they are, saving a
 * string concatenation and a longer hash per line; other hosts' IDs get the host prefix (IDs never contain "/").
 */
function openKey(c: Correlator, host: string, qid: string): string {
  if (c.mainHost === '') c.mainHost = host;
  return host === c.mainHost ? qid : host + '/' + qid;
}

function recordFor(c: Correlator, host: string, qid: string, at: number, ctx: LineContext): MessageRecord {
  // A message's lines come in runs (one line per recipient of a delivery attempt): 78% of the queue IDs on the
  // generated incident log are the previous line's. The last record is reused after a string comparison; any
  // removal from the open map forgets it (close).
  let rec: MessageRecord | undefined = c.last ?? undefined;
  if (rec === undefined || qid !== rec.qid || host !== rec.host) {
    const key = openKey(c, host, qid);
    rec = c.open.get(key);
    // A removed notice waits open for its bounce(8) line only (awaitsLink): any other line is another message's.
    if (rec !== undefined && rec.removed && awaitsLink(rec)) {
      close(c, rec);
      rec = undefined;
    }
    if (rec === undefined) {
      rec = newRecord(host, qid, at, refOf(ctx));
      c.open.set(key, rec);
    }
    c.last = rec;
  }
  if (at > rec.lastAt) rec.lastAt = at;
  return rec;
}

/** Closes a record that left the queue: finish it here if it is whole, else hand it to the stitcher. */
function close(c: Correlator, rec: MessageRecord): void {
  c.open.delete(openKey(c, rec.host, rec.qid));
  c.last = null;
  if (isCandidate(rec)) closeCandidate(c.hops, c, rec);
  else if (rec.startInRange || c.logStart) c.finish(rec);
  else c.fragments.push(rec);
}

/**
 * The event kinds correlate() acts on (keep in step with its switch). Any other kind is only counted, so an
 * rsyslog "message repeated N times" line of such a kind is counted N times at once instead of replayed.
 */
export function touchesRecords(kind: LogEvent['kind']): boolean {
  return kind === 'smtpdClient' || kind === 'pickup' || kind === 'messageId' || kind === 'queued' || kind === 'delivery'
    || kind === 'expired' || kind === 'reject' || kind === 'removed' || kind === 'notification' || kind === 'dkim';
}

/** Feeds one event; `ctx` is the current line (its text is kept only for start lines, as evidence). */
export function correlate(c: Correlator, ev: LogEvent, host: string, at: number, ctx: LineContext): void {
  switch (ev.kind) {
    case 'smtpdClient': {
      if (ev.qid === '') return;
      startRecord(c, host, ev.qid, at, ctx, ev.origQueueId !== '' ? 'reinjected' : 'smtpd');
      const rec = c.open.get(openKey(c, host, ev.qid))!;
      rec.service = ev.service;
      rec.client = ev.client;
      rec.saslMethod = ev.saslMethod;
      rec.saslUser = ev.saslUser;
      if (ev.origQueueId !== '') rec.parentQid = ev.origQueueId;
      if (isSmtpdCopyCandidate(rec)) hopEvent(c.hops, c, rec, ROLE_PICKUP, at, host + '\n' + ev.qid); // maybe an SMTP filter's copy
      return;
    }
    case 'pickup': {
      if (ev.origId !== '') {
        requeued(c, host, ev.qid, ev.origId, at, ctx);
        return;
      }
      startRecord(c, host, ev.qid, at, ctx, 'pickup');
      const rec = c.open.get(openKey(c, host, ev.qid))!;
      rec.pickupUid = ev.uid;
      rec.pickupFrom = sharedString(c.strings, ev.from);
      hopEvent(c.hops, c, rec, ROLE_PICKUP, at); // maybe a pipe filter's copy (pipe-filter.ts)
      return;
    }
    case 'messageId': {
      // A bounce notice's first line under a queue ID whose open record is an earlier message's (takesCleanupLine;
      // stitch.ts applies the same rule), or any cleanup line after a removed notice that waits for its link.
      const last = c.last;
      const prev = last !== null && last.qid === ev.qid && last.host === host ? last : c.open.get(openKey(c, host, ev.qid));
      const ends = prev !== undefined && (!takesCleanupLine(prev, ev.messageId, at, ctx.file, ctx.line) || (prev.removed && awaitsLink(prev)));
      if (ends) close(c, prev);
      const fresh = prev === undefined || ends;
      const rec = recordFor(c, host, ev.qid, at, ctx);
      if (fresh) rec.cleanupFirst = true;
      // "message-id=<>": none (kept apart from "not seen yet" for the pipe filter's pairing, pipe-filter.ts).
      if (rec.messageId === '') rec.messageId = ev.messageId === '' ? NO_MESSAGE_ID : ownString(ev.messageId);
      // A requeued message's cleanup line is not its entry into the queue: that was under its old ID, maybe
      // before the log (the record is then partial, as it would be without the requeue).
      if (rec.requeuedFrom === '') rec.sawCleanup = true;
      return;
    }
    case 'queued': {
      // qmgr repeats "from=<…>, size=…, nrcpt=…" on every retry: the first value of each field counts (the
      // same fill-if-unset rule as mergeFragments, so a split log gives the same record).
      const rec = recordFor(c, host, ev.qid, at, ctx);
      if (!rec.senderSeen) {
        rec.sender = sharedString(c.strings, ev.from);
        rec.senderSeen = true;
      }
      if (rec.size === 0) rec.size = ev.size;
      if (rec.nrcpt === 0) rec.nrcpt = ev.nrcpt;
      return;
    }
    case 'delivery': {
      const rec = recordFor(c, host, ev.qid, at, ctx);
      let r = findRecipient(rec, ev.to);
      if (r === undefined) {
        r = newRecipient(ownString(ev.to), ownString(ev.origTo));
        addRecipient(rec, r);
      }
      // Last non-empty wins, as in mergeFragments. A value equal to the one held is not stored again: the new
      // string is a slice of its line and would keep that whole line alive until the next retry replaced it
      // (a deferred flood retries every open recipient for days: old-generation garbage at the retry rate).
      if (ev.status !== '' && ev.status !== r.finalStatus) r.finalStatus = ev.status;
      if (ev.agent !== r.lastAgent) r.lastAgent = ev.agent;
      if (ev.relay !== r.lastRelay) r.lastRelay = sharedString(c.strings, ev.relay);
      // lmtp to this host's loopback on another port than 24: a mailbox store's reply or a filter's (review R, R4).
      // Kept once seen (RecipientState.storeReply): a later retry that finds Dovecot restarting ("relay=none, …
      // Connection refused", a greeting timeout) says nothing new about where the recipient's mailbox is (review T, F2).
      if (!r.storeReply && storeReplyOf(ev.agent, ev.relay, ev.reason)) r.storeReply = true;
      if (ev.status === 'deferred') rec.deferrals++;
      // A receiver's bounce saying the mail is spam: "status=bounced (host … said: 550-5.7.1 … likely unsolicited
      // mail …)" (detect/refusal-kinds.ts; the open-relay rule counts them inside a burst, review 18).
      if (ev.agent === 'smtp' && (ev.status === 'bounced' || ev.status === 'deferred')) {
        if (ev.status === 'bounced' && isSpamVerdict(ev.reason)) addSpamRefused(rec, r.to, ownString(ctx.text), refOf(ctx));
        // A receiver that refuses this server, not the recipient: each answer counted per recipient (review AN, AN4,
        // AN5: the finding's distinct recipients and messages, and which got the mail later):
        //   "5E7F1A2B3C4: to=<member050@gmail.com>, …, dsn=4.7.28, status=deferred (host gmail-smtp-in.l.google.com[…]
        //    said: 421-4.7.28 [203.0.113.25      15] Our system has detected an unusual rate of … unsolicited mail …)"
        // Only lines with a receiver's own answer (" said: ", "refused to talk to me"), each distinct text classified once.
        const answer = answerOf(ev.reason);
        const refusal = answer === '' ? null : classifyAnswer(answer);
        if (refusal !== null) {
          // A bounce of this kind (review AM, AM2): the recipient never got the mail, and will once the server is
          // delisted (the users' mail a queue deletion took names them):
          //   "3173A160862: to=<kondo.office@outlook.jp>, …, dsn=5.7.1, status=bounced (host 127.0.1.3[127.0.1.3] said:
          //    550 5.7.1 Unfortunately, messages from [127.0.0.1] weren't sent. … on our block list (S3150). …)"
          addRefusal(rec, r.to, refusal.provider, refusal.kind, ev.status === 'bounced');
        }
      }
      // A bounce notification that failed to reach an outside address, for the backscatter evidence:
      //   "B6F041606A3: to=<…@yahoo.co.jp>, relay=127.0.1.2[127.0.1.2]:25, …, status=deferred (host … refused to talk to me: 421 4.7.0 [TSS04] …)"
      // Only records without a start line and with no sender but <> keep it (nearly all others have one).
      if (rec.failLine === '' && rec.origin === '' && rec.sender === '' && (ev.agent === 'smtp' || ev.agent === 'error')
        && (ev.status === 'deferred' || ev.status === 'bounced')) {
        rec.failLine = ownString(ctx.text);
        rec.failRef = refOf(ctx);
      }
      // local "forwarded as X" / content filter "queued as X" / bounce "notification: X" link a new message X
      // to this one. The link line may come before or after X's own lines, and in another byte range than X, so
      // what it sets in X must give the same answer however the log was cut: X's cleanup line already says that X
      // entered the queue inside the log (MessageRecord.sawCleanup); a bounce notice's line lets X be finished in
      // its range, as the stitcher would finish it (startedByLink), and settles the same count in X's record or in
      // the halves that wait for it (linkNotice). A content filter's copy without orig_queue_id= is found by the hop
      // machinery, which is built to give one answer however the log is cut.
      if (ev.filterHop) {
        // The minute of its own hand-off line (RecipientState.hopMinute): recipients of one message go at different times.
        const minute = Math.floor(at / MINUTE_MS);
        if (minute > r.hopMinute) r.hopMinute = minute;
        // The copy may come back without orig_queue_id= (no XFORWARD): paired by the queue ID named here
        // (pipe-filter.ts isSmtpdCopyCandidate), with the window of a pipe filter's pairs.
        if (ev.handedTo !== '' && addFilterCopy(rec, ev.handedTo)) hopEvent(c.hops, c, rec, ROLE_PIPE, at, host + '\n' + ev.handedTo);
      }
      // cleanup bounced the message itself before it was queued, and deletes it: no "removed" line follows.
      //   "F3E7E29EAF4: to=<x@sa.example>, relay=none, delay=0.01, delays=0.01/0/0/0, dsn=5.4.0, status=bounced (too many hops)"
      // (postfix/cleanup, Postfix 3.7.11, review 7 M3). It stays open for the lines cleanup still logs, as a reject does.
      if (ev.agent === 'cleanup' && ev.status === 'bounced') rec.removed = true;
      // "4jcV5G6qpLzNgNp: to=<sato@example.jp>, relay=spamassassin, …, status=sent (delivered via spamassassin service)"
      if (isPipeHandoff(ev)) {
        if (rec.pipeVia === '') rec.pipeVia = sharedString(c.strings, ev.relay);
        (rec.pipeSent ??= []).push({ to: r.to, at });
        hopEvent(c.hops, c, rec, ROLE_PIPE, at);
      }
      return;
    }
    case 'expired':
      recordFor(c, host, ev.qid, at, ctx).expired = true;
      return;
    case 'dkim': {
      // OpenDKIM's line about the message, by queue ID (its job ID): the strongest one counts (dkim-rank.ts), and a
      // reason not to sign keeps its line as evidence. Logged between the cleanup line and qmgr's, so the record
      // is open; a queue ID OpenDKIM names with no other line (tempfailed at the end of DATA) opens one, as cleanup's does.
      // rspamd's or amavis's verdict joins the same way (their lines carry Postfix's queue ID); rspamd's key errors
      // name no message (qid '').
      // A line of rspamd's own file names no host and is another input's: joined at the end (aggregate/rspamd-file.ts).
      if (ev.qid === 'NOQUEUE' || ev.qid === '' || ev.ownFile === true) return;
      const rec = recordFor(c, host, ev.qid, at, ctx);
      if (ev.signer === undefined) rec.opendkimSaw = true;
      if (dkimRank(ev.outcome) <= dkimRank(rec.dkim)) return;
      rec.dkim = ev.outcome;
      if (ev.outcome === 'signed') { rec.dkimLine = ''; rec.dkimRef = null; } else { rec.dkimLine = ownString(ctx.text); rec.dkimRef = refOf(ctx); }
      return;
    }
    case 'notification':
      // "E9FDB160691: sender non-delivery notification: EEA0B160693": bounce(8) made EEA0B160693 through cleanup.
      if (ev.newQid === '') return;
      startedByLink(c, host, ev.newQid);
      linkNotice(c, host, ev.qid, ev.newQid, ev.notice.endsWith('non-delivery'), at, ctx);
      return;
    case 'reject': {
      // A reject after the queue file exists (cleanup header/body/milter checks, smtpd DATA/END-OF-MESSAGE
      // restrictions) or a DISCARD action: cleanup deletes the file and no "removed" line ever follows. The
      // record has left the queue, but stays open: cleanup still logs "message-id=" for a Message-ID header
      // after a rejected header (cleanup_message.c), and that line must not start a queued record of its own.
      // It is finished at the end of the log or by the next start line for its queue ID (stitch.ts agrees).
      // A RCPT/MAIL reject with a queue ID refuses one recipient only.
      if (ev.qid === '') return;
      // "4jcV4Q2HP0zNgND: milter-hold: END-OF-MESSAGE from …: milter triggers HOLD action; …": in the hold queue.
      if (ev.action === 'hold' || ev.action === 'milter-hold') {
        recordFor(c, host, ev.qid, at, ctx).held = true;
        return;
      }
      const whole = ev.action === 'discard' || ev.action === 'milter-discard'
        || ((ev.action === 'reject' || ev.action === 'milter-reject') && ev.stage !== 'RCPT' && ev.stage !== 'MAIL');
      if (!whole) return;
      const rec = recordFor(c, host, ev.qid, at, ctx);
      rec.rejectedInCleanup = true;
      // The client was told 4xx or 5xx: the message never entered the queue (a DISCARD is answered 250 and was
      // accepted). The reply's class, from its code or DSN ("5.7.1 Spam message rejected"; none: a reject is final).
      if (ev.action === 'reject' || ev.action === 'milter-reject') {
        const reply = ev.code !== '' ? ev.code : ev.dsn;
        // A virus scanner's verdict ("5.7.1 ClamAV FOUND VIRUS Win.Trojan.Emotet"): a user forwarding an infected
        // invoice, not a spammer's mail; never received, but not counted as a refused submission (review 18, M).
        const cls = reply.charCodeAt(0) === 52 /* 4 */ ? 4 : isMalwareVerdict(ev.reason) ? REFUSED_AS_MALWARE : 5;
        if (cls > rec.refused) rec.refused = cls;
      }
      rec.removed = true;
      return;
    }
    case 'removed': {
      const rec = recordFor(c, host, ev.qid, at, ctx);
      rec.removed = true;
      rec.removedBy = ev.by;
      // A bounce notice delivered before bounce(8) logged the line that names it waits open for that line (awaitsLink).
      if (!awaitsLink(rec)) close(c, rec);
      else c.last = null;
      return;
    }
    default:
      return;
  }
}

/**
 * A bounce notice has no start line: its cleanup line, with cleanup's own Message-ID, is its first,
 *   "EEA0B160693: message-id=<20261128131320.EEA0B160693@mail.example.jp>"
 * and bounce(8)'s line names it. When that cleanup line created the record in this range, the notice's whole life
 * is here and it is finished here like a message with a start line, instead of waiting for the stitcher: a
 * backscatter run of 450,000 notices held every one of them to the range's end (1.35 GB on a 600 MB log). The start
 * is registered as a start line's is, so the stitcher closes what earlier ranges left open under the ID; no earlier
 * message under it could take that cleanup line in any cut of the log (record.ts takesCleanupLine). (A local
 * forward, "forwarded as X", keeps its original's Message-ID: it goes to the stitcher.)
 */
function startedByLink(c: Correlator, host: string, qid: string): void {
  const rec = c.open.get(openKey(c, host, qid));
  if (rec === undefined || !rec.cleanupFirst || rec.startInRange || rec.origin !== '' || !isPostfixMadeId(rec.messageId, qid)) return;
  rec.startInRange = true;
  c.startKeys.push(host + '/' + qid);
  c.startPos.push(c.fragments.length);
  c.startFrom.push('');
}

/**
 * A non-delivery notice `noticeQid` answers message `qid`: the notice will count for that message's login. The link
 * line goes into the records open under both queue IDs (one made for it where none is: `linkOnly`), as any line goes
 * into its message's record, so that every cut of the log gives the same records the same links. Settled in the
 * notice's record when the message's login is known for good here (it was received in this range, or the log starts
 * here, by smtpd, and is no content filter's copy); else the message's record keeps the link for its fold.
 */
function linkNotice(
  c: Correlator, host: string, qid: string, noticeQid: string, nonDelivery: boolean, at: number, ctx: LineContext,
): void {
  if (noticeQid === qid) return; // a mangled line: no message answers itself
  const link = linkId(ctx.file, ctx.offset);
  const notice = linkRecord(c, host, noticeQid, at, ctx);
  // The line is the answered message's own too: its record takes it (its last line's time) even when the notice was
  // named already (the same line twice, a syslog repeat: the first link counts).
  const parent = nonDelivery ? linkRecord(c, host, qid, at, ctx) : null;
  if (notice.noticeOf !== null) {
    if (parent !== null && parent.linkOnly) close(c, parent);
    return;
  }
  if (parent === null) {
    // A delay warning or a success notice answers mail that was not refused (postconf(5) notify_classes): nobody's.
    notice.noticeOf = { link, user: '', ip: '', final: true };
  } else {
    const whole = parent.startInRange || c.logStart;
    const received = parent.origin === 'smtpd' && !parent.reinjected && !isSmtpdCopyCandidate(parent);
    if (whole && (received || parent.origin === '')) {
      const user = received ? parent.saslUser : '';
      notice.noticeOf = { link, user, ip: user === '' ? '' : parent.client?.ip ?? '', final: true };
    } else {
      notice.noticeOf = { link, user: '', ip: '', final: false };
      (parent.noticeLinks ??= []).push(link);
    }
    if (parent.linkOnly) close(c, parent);
  }
  // Delivered and removed before this line: it waited for it (awaitsLink).
  if (notice.linkOnly || (notice.removed && !notice.rejectedInCleanup)) close(c, notice);
}

/**
 * The record open under a queue ID a bounce(8) line names, or a new one made by that line alone (`linkOnly`), when
 * nothing is open under it here: its lines are in an earlier range (the stitcher adds the link to it), or it is gone
 * or began before the log. Not a message: foldMessage takes only its link. It is closed at once, in the correlator
 * and in the stitcher alike, so that the queue ID's later lines begin a record of their own, whatever the cut.
 */
function linkRecord(c: Correlator, host: string, qid: string, at: number, ctx: LineContext): MessageRecord {
  const key = openKey(c, host, qid);
  let rec = c.open.get(key);
  if (rec === undefined) {
    rec = newRecord(host, qid, at, refOf(ctx));
    rec.linkOnly = true;
    c.open.set(key, rec);
  } else if (at > rec.lastAt) {
    rec.lastAt = at;
  }
  return rec;
}

function startRecord(
  c: Correlator, host: string, qid: string, at: number, ctx: LineContext, origin: MessageRecord['origin'],
): void {
  const key = openKey(c, host, qid);
  const prev = c.open.get(key);
  // A start line (smtpd client=, pickup) is always a message's first line, so whatever is open under this queue
  // ID belongs to an earlier message: close it. (A live one means lines were lost: rotation gap, filtered log.)
  // The stitcher applies the same rule across ranges, so any split gives the same records.
  if (prev !== undefined) close(c, prev);
  c.startKeys.push(host + '/' + qid);
  c.startPos.push(c.fragments.length);
  c.startFrom.push('');
  const ref: LineRef = refOf(ctx);
  let rec = c.open.get(key);
  if (rec === undefined) {
    rec = newRecord(host, qid, at, ref);
    rec.startInRange = true;
    c.open.set(key, rec);
  }
  rec.origin = origin;
  rec.startAt = at;
  rec.firstRef = ref;
  rec.startLine = ctx.text;
}

/**
 * pickup read a message `postsuper -r` requeued ("98D0529E2C8: uid=103 from=<sato@example.jp> orig_id=2074029EAB4"):
 * a start line for the new ID (whatever is open under it is an earlier message), and the old ID's record goes on
 * under it (requeue.ts). When the old ID has no record in this range, the new record is not finished here even if
 * it is removed here: the stitcher joins it to what earlier ranges hold for the old ID.
 */
function requeued(c: Correlator, host: string, qid: string, origId: string, at: number, ctx: LineContext): void {
  const key = openKey(c, host, qid);
  const prev = c.open.get(key);
  if (prev !== undefined) close(c, prev);
  c.startKeys.push(host + '/' + qid);
  c.startPos.push(c.fragments.length);
  c.startFrom.push(host + '/' + origId);
  const oldKey = openKey(c, host, origId);
  let rec = c.open.get(oldKey);
  if (rec !== undefined) {
    c.open.delete(oldKey);
    c.last = null; // recordFor's cache is by queue ID
  } else {
    rec = newRecord(host, qid, at, refOf(ctx));
  }
  continueRequeued(rec, host, ownString(qid), ownString(origId));
  if (at > rec.lastAt) rec.lastAt = at;
  c.open.set(key, rec);
}

export interface Drained {
  fragments: MessageRecord[];
  startKeys: string[];
  startPos: number[];
  startFrom: string[];
  hops: HopHandover;
}

/** End of a range: every record still open goes to the stitcher, with the range's start lines. */
export function drainOpen(c: Correlator): Drained {
  const open = [...c.open.values()];
  const fragments = drainHops(c.hops, c.fragments, open, c.startPos);
  for (const rec of open) fragments.push(rec);
  const hops = handOver(c.hops, fragments);
  const out = { fragments, startKeys: c.startKeys, startPos: c.startPos, startFrom: c.startFrom, hops };
  c.open.clear();
  c.last = null;
  c.fragments = [];
  c.startKeys = [];
  c.startPos = [];
  c.startFrom = [];
  c.hops = newRangeHops(c.logStart);
  return out;
}
