// Events → message records, keyed by (host, queue ID). Queue IDs are reused by Postfix once a message is gone,
// so a start line (smtpd "client=", pickup "uid=") after "removed" begins a new record.
//
// In a byte range, a record is finished here only when its whole life is inside the range: it was created by
// its start line in this range (or the range is the very start of the log) and it was removed. Everything else
// is handed back as a fragment for the main thread to stitch in file order (see stitch.ts). A cleanup line is
// not proof of a start: a range may begin between a message's client= and cleanup lines.

import type { LineRef, LogEvent, MessageRecord } from '../types.js';
import type { LineContext } from '../aggregate/context.js';
import { refOf } from '../aggregate/context.js';
import { newRecipient, newRecord } from './record.js';

export interface Correlator {
  /** Open records by queue ID for the range's first host, by "host/queue ID" for any other host. */
  open: Map<string, MessageRecord>;
  mainHost: string;
  /** Fragments that must be stitched with other ranges, in the order they were closed. */
  fragments: MessageRecord[];
  /** This range starts the whole log: a record with no start line began before the log (partial). */
  logStart: boolean;
  finish: (rec: MessageRecord) => void;
}

export function newCorrelator(logStart: boolean, finish: (rec: MessageRecord) => void): Correlator {
  return { open: new Map(), mainHost: '', fragments: [], logStart, finish };
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
  const key = openKey(c, host, qid);
  let rec = c.open.get(key);
  if (rec === undefined) {
    rec = newRecord(host, qid, at, refOf(ctx));
    c.open.set(key, rec);
  }
  if (at > rec.lastAt) rec.lastAt = at;
  return rec;
}

/** Closes a record that left the queue: finish it here if it is whole, else hand it to the stitcher. */
function close(c: Correlator, rec: MessageRecord): void {
  c.open.delete(openKey(c, rec.host, rec.qid));
  if (rec.startInRange || c.logStart) c.finish(rec);
  else c.fragments.push(rec);
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
      return;
    }
    case 'pickup': {
      startRecord(c, host, ev.qid, at, ctx, 'pickup');
      c.open.get(openKey(c, host, ev.qid))!.pickupUid = ev.uid;
      return;
    }
    case 'messageId': {
      const rec = recordFor(c, host, ev.qid, at, ctx);
      rec.messageId = ev.messageId;
      rec.sawCleanup = true;
      return;
    }
    case 'queued': {
      // qmgr repeats "from=<…>, size=…, nrcpt=…" on every retry: the first one counts.
      const rec = recordFor(c, host, ev.qid, at, ctx);
      if (!rec.senderSeen) {
        rec.sender = ev.from;
        rec.senderSeen = true;
        rec.size = ev.size;
        rec.nrcpt = ev.nrcpt;
      }
      return;
    }
    case 'delivery': {
      const rec = recordFor(c, host, ev.qid, at, ctx);
      let r = rec.recipients.get(ev.to);
      if (r === undefined) {
        r = newRecipient(ev.to, ev.origTo);
        rec.recipients.set(ev.to, r);
      }
      r.attempts++;
      r.finalStatus = ev.status;
      const last = r.last;
      if (last === null) r.last = { at, agent: ev.agent, status: ev.status, relay: ev.relay, dsn: ev.dsn, reason: ev.reason, delay: ev.delay };
      else { // a retry: reuse the attempt object (deferred floods retry millions of times)
        last.at = at; last.agent = ev.agent; last.status = ev.status; last.relay = ev.relay;
        last.dsn = ev.dsn; last.reason = ev.reason; last.delay = ev.delay;
      }
      if (ev.status === 'deferred') {
        r.deferrals++;
        rec.deferrals++;
      }
      if (ev.filterHop) r.filterHop = true;
      if (ev.handedTo !== '') {
        // local "forwarded as X" / content filter "queued as X": X is a new message made from this one. Its
        // cleanup line came first; label it only while it is open (the link may come after X was delivered).
        const child = c.open.get(openKey(c, host, ev.handedTo));
        if (child !== undefined) {
          if (child.origin === '') child.origin = ev.filterHop ? 'reinjected' : 'forward';
          if (child.parentQid === '') child.parentQid = ev.qid;
        }
      }
      return;
    }
    case 'notification': {
      // "C5B1916066A: sender non-delivery notification: C8E6D16066C": the NDR is a new message with from=<>.
      // Postfix may log this after the NDR was already delivered and removed: never create a record from it.
      const ndr = c.open.get(openKey(c, host, ev.newQid));
      if (ndr !== undefined) {
        if (ndr.origin === '') ndr.origin = 'bounce';
        if (ndr.parentQid === '') ndr.parentQid = ev.qid;
      }
      return;
    }
    case 'expired':
      recordFor(c, host, ev.qid, at, ctx).expired = true;
      return;
    case 'reject': {
      // A reject after the queue file exists (cleanup header/body/milter checks, smtpd DATA/END-OF-MESSAGE
      // restrictions) or a DISCARD action: cleanup deletes the file and no "removed" line ever follows. The
      // record has left the queue, but stays open: cleanup still logs "message-id=" for a Message-ID header
      // after a rejected header (cleanup_message.c), and that line must not start a queued record of its own.
      // It is finished at the end of the log or by the next start line for its queue ID (stitch.ts agrees).
      // A RCPT/MAIL reject with a queue ID refuses one recipient only.
      if (ev.qid === '') return;
      const whole = ev.action === 'discard' || ev.action === 'milter-discard'
        || ((ev.action === 'reject' || ev.action === 'milter-reject') && ev.stage !== 'RCPT' && ev.stage !== 'MAIL');
      if (!whole) return;
      const rec = recordFor(c, host, ev.qid, at, ctx);
      rec.rejectedInCleanup = true;
      rec.removed = true;
      return;
    }
    case 'removed': {
      const rec = recordFor(c, host, ev.qid, at, ctx);
      rec.removed = true;
      rec.removedBy = ev.by;
      close(c, rec);
      return;
    }
    default:
      return;
  }
}

function startRecord(
  c: Correlator, host: string, qid: string, at: number, ctx: LineContext, origin: MessageRecord['origin'],
): void {
  const key = openKey(c, host, qid);
  const prev = c.open.get(key);
  // A start line for a live queue ID means lines were lost (rotation gap, filtered log): close what we had.
  if (prev !== undefined && (prev.origin === 'smtpd' || prev.origin === 'pickup' || prev.senderSeen || prev.rejectedInCleanup)) {
    close(c, prev);
  }
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

/** End of a range: every record still open goes to the stitcher. */
export function drainOpen(c: Correlator): MessageRecord[] {
  const out = c.fragments;
  for (const rec of c.open.values()) out.push(rec);
  c.open.clear();
  c.fragments = [];
  return out;
}
