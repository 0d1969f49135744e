// The queue emptied with `postsuper -d ALL`: which messages went, and which of them were the users' own mail.
//
//   Nov 28 22:20:49 mail postfix/postsuper[22918]: Deleted: 290 messages
//
// Postfix names none of them; aggregate/bulk-delete.ts identifies them by elimination (open then, no line after).
// Deleting the whole queue stops a spam run's retries, and also destroys the legitimate mail waiting beside it:
// its senders think it was delivered. This finding names that mail, so that they can be told to send it again.

import type { Rule } from '../rule.js';
import { findCompromised } from './compromised-account.js';
import { abuseClassifier, incomingDomains } from './queue-cleanup.js';
import { relaySpamSources } from './open-relay.js';
import { deletionTimes } from '../../aggregate/bulk-delete.js';
import { fmt, shortTime, timeText } from '../util.js';

export const queueDeleted: Rule = {
  id: 'queue-deleted',
  title: 'Queue deleted with postsuper -d ALL: mail lost with it',
  thresholds: {
    /** Report a bulk deletion that took at least this many messages. */
    minMessages: 1,
  },
  why: '`postsuper -d ALL` deletes every message in the queue: the spam, and also your users\' legitimate mail that '
    + 'was waiting for a retry. Its senders are not told: they believe it was delivered. Postfix logs only the number '
    + 'deleted, so the messages are identified here as those that were in the queue at that moment (no log line after it).',
  fix: [
    'Tell the senders of the legitimate messages in the section "Deleted from the queue with postsuper -d ALL" to send '
    + 'them again to the recipients in its "Not delivered to" column, who never got them (those marked "refused by the '
    + 'receiver" once that receiver takes this server\'s mail again): the messages\' other recipients were delivered to, or '
    + 'bounced for a reason of their own (an unknown address), before the deletion.',
    '',
    'Next time, delete only the abuse and keep a record of what was deleted:',
    '',
    '```',
    'postqueue -j > queue-before-delete.json   # what is queued now, for the record',
    'postsuper -h - < queue-delete.txt         # hold the abusive messages (the queue-cleanup list)',
    'postsuper -d - < queue-delete.txt         # then delete only them: each one is logged "QUEUEID: removed"',
    '```',
  ].join('\n'),
  detect(agg, ctx) {
    const deleted = agg.deletedInBulk;
    if (deleted.length < ctx.threshold('minMessages')) return [];
    const compromised = findCompromised(agg, ctx);
    const relay = relaySpamSources(agg, ctx);
    // The abuse can be told from the users' mail only when the log shows where it came from.
    const told = compromised.length > 0 || relay.ips.size > 0 || relay.programs.size > 0;
    const abuseOf = abuseClassifier(compromised, relay, incomingDomains(agg));
    const legitimateSenders = new Map<string, number>();
    let abusive = 0;
    let legitimate = 0;
    let pendingRecipients = 0;
    let refusedRecipients = 0;
    let bouncedRecipients = 0;
    let recipients = 0;
    const legitimateIds: string[] = [];
    for (const q of deleted) {
      if (abuseOf(q) !== null) { abusive++; continue; }
      legitimate++;
      // A recipient a receiver bounced because it refuses this server never got it either (review AM, AM2: 3173A160862
      // of the corpus incident to kondo.office@outlook.jp, "550 5.7.1 … on our block list (S3150)", line 4856).
      pendingRecipients += q.pending + q.refused;
      refusedRecipients += q.refused;
      bouncedRecipients += q.bounced;
      recipients += q.recipients;
      legitimateIds.push(q.qid);
      const who = q.saslUser !== '' ? q.saslUser : q.sender;
      legitimateSenders.set(who, (legitimateSenders.get(who) ?? 0) + 1);
    }
    legitimateIds.sort();
    const senders = [...legitimateSenders].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0)).map(([s]) => s);
    const at = timeText(agg);
    const times = deletionTimes(agg);
    const lines = agg.queueDeletions.filter((d) => times.includes(d.at)).map((d) => d.example);
    return [{
      rule: 'queue-deleted',
      // Users' mail lost without their knowing is a problem to act on, the one where the admin must tell the senders
      // (review Z, Z15: it was medium, below backscatter): high when it was told apart from the abuse, medium when no
      // abuse is known and every message deleted counts as the users' own; a queue of nothing but spam deleted is none.
      severity: legitimate === 0 ? 'info' : told ? 'high' : 'medium',
      title: ctx.messages.findings.queueDeleted({
        deleted: deleted.length, at: times.map((t) => shortTime(at(t), ctx.messages.unknownTime)).join(', '),
        abusive, legitimate, senders, classified: abusive > 0,
      }),
      subject: { kind: 'queue', value: ctx.messages.findings.queueIds(deleted.length) },
      firstAt: at(times[0]!),
      lastAt: at(times[times.length - 1]!),
      evidence: {
        deletedInBulk: deleted.length,
        abusive,
        legitimate,
        // All their recipients, and those still waiting when the queue was deleted: only these never got the mail
        // (review AK, AK6: 59678160662 of the corpus incident went to 2 of its 3 recipients at 22:16:04).
        legitimateRecipients: recipients,
        legitimateRecipientsNotDelivered: pendingRecipients,
        // Of those, bounced by a receiver that refuses this server: to send to once it takes its mail again; and of
        // the others, bounced for a reason of their own (an unknown user): not to send to again.
        legitimateRecipientsRefused: refusedRecipients,
        legitimateRecipientsBounced: bouncedRecipients,
        legitimateSenders: senders.slice(0, 10).join(', '),
        legitimateIds: legitimateIds.slice(0, 10).join(' ') + (legitimateIds.length > 10 ? ` … (${fmt(legitimateIds.length)})` : ''),
      },
      examples: lines.slice(0, 3),
      impact: legitimate,
      // Only when abuse could be told apart: without a compromised account every message would count as legitimate.
      ...(compromised.length > 0 ? { legitimateQueueIds: legitimateIds } : {}),
    }];
  },
};
