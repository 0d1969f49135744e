// The recipients receivers refused because they refuse this server (MessageRecord.refusals), folded per class
// ("Gmail rate", as receivers-refusing.ts groups the answers) when the message's record is folded: distinct
// recipients and messages, and what became of those recipients (review AN, AN4, AN5). On the review's office log one
// newsletter, info@'s 5E7F1A2B3C4 (nrcpt=300), met Gmail's 421-4.7.28 100 times across two tries: 80 recipients,
// every one "status=sent" later (the last at 14:20:08).

import type { Aggregate, MessageRecord, RefusedMessage, RefusedRecipients } from '../types.js';
import { findRecipient } from '../correlate/recipients.js';
import { finalStatusOf } from '../correlate/record.js';

/** The messages each class keeps by name (most refused recipients first). */
export const REFUSED_MESSAGES_KEPT = 5;

export function newRefusedRecipients(): RefusedRecipients {
  return { recipients: 0, messages: 0, sentLater: 0, bounced: 0, bouncedOwn: 0, notDelivered: 0, deliveredBy: -Infinity, top: [] };
}

/** Most refused recipients first, then queue ID and sender: one order whatever order the parts were merged in. */
function byRefused(a: RefusedMessage, b: RefusedMessage): number {
  return b.refused - a.refused || (a.qid < b.qid ? -1 : a.qid > b.qid ? 1 : 0) || (a.sender < b.sender ? -1 : a.sender > b.sender ? 1 : 0);
}

function keep(top: RefusedMessage[], m: RefusedMessage): void {
  top.push(m);
  top.sort(byRefused);
  if (top.length > REFUSED_MESSAGES_KEPT) top.length = REFUSED_MESSAGES_KEPT;
}

/** Counts a folded message's refused recipients in their classes (nothing for a message no receiver refused). */
export function foldRefusals(agg: Aggregate, rec: MessageRecord): void {
  const marks = rec.refusals;
  if (marks === null) return;
  // Per class of this message: its refused recipients and how many were sent later.
  const perClass = new Map<string, { refused: number; sent: number; passed: number }>();
  for (const [to, mark] of marks) {
    const id = `${mark.provider} ${mark.kind}`;
    let c = agg.refusedRecipients.get(id);
    if (c === undefined) { c = newRefusedRecipients(); agg.refusedRecipients.set(id, c); }
    const r = findRecipient(rec, to);
    const status = r === undefined ? '' : finalStatusOf(rec, r);
    c.recipients++;
    if (status === 'sent') c.sentLater++;
    else if (status === 'bounced') {
      c.bounced++;
      // Bounced for its own mailbox, not because the receiver refuses this server (review AO, AO2).
      if (!mark.bounced) c.bouncedOwn++;
    }
    else c.notDelivered++;
    const m = perClass.get(id) ?? { refused: 0, sent: 0, passed: 0 };
    m.refused++;
    if (status === 'sent') m.sent++;
    // Past the limit: delivered, or answered for its own mailbox (review AO, AO2).
    if (status === 'sent' || (status === 'bounced' && !mark.bounced)) m.passed++;
    perClass.set(id, m);
  }
  const set = [...perClass.keys()].sort().join('|');
  agg.refusedMessageClasses.set(set, (agg.refusedMessageClasses.get(set) ?? 0) + 1);
  const sender = rec.senderSeen ? rec.sender || '<>' : '';
  for (const [id, m] of perClass) {
    const c = agg.refusedRecipients.get(id)!;
    c.messages++;
    // Every refused recipient of the message past the limit; a list post whose refused subscribers include an unknown
    // user counts as the others do (review AO, AO2).
    if (m.sent > 0 && m.passed === m.refused && rec.lastAt > c.deliveredBy) c.deliveredBy = rec.lastAt;
    keep(c.top, {
      qid: rec.qid, sender, saslUser: rec.saslUser, recipients: Math.max(rec.nrcpt, rec.recipients.length), refused: m.refused, sentLater: m.sent,
    });
  }
}

/** merge(agg(A), agg(B)) = agg(A ∪ B): sums, the later delivery, the kept messages of both. */
export function mergeRefusedRecipients(a: Map<string, RefusedRecipients>, b: Map<string, RefusedRecipients>): void {
  for (const [id, y] of b) {
    const x = a.get(id);
    if (x === undefined) { a.set(id, { ...y, top: [...y.top] }); continue; }
    x.recipients += y.recipients; x.messages += y.messages; x.sentLater += y.sentLater; x.bounced += y.bounced; x.bouncedOwn += y.bouncedOwn;
    x.notDelivered += y.notDelivered;
    x.deliveredBy = Math.max(x.deliveredBy, y.deliveredBy);
    for (const m of y.top) keep(x.top, m);
  }
}
