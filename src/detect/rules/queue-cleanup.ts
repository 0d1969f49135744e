// The spam-only cleanup list: the messages still queued at the end of the log that belong to the abuse (the
// compromised accounts' mail and the bounces it caused to forged senders), so that `postsuper -d -` removes
// them and legitimate mail in the queue survives. `--queue FILE` (a `postqueue -j` dump taken now) keeps only
// the IDs that are really still queued.

import type { Rule } from '../rule.js';
import type { QueuedMessage } from '../../types.js';
import type { Compromise } from './compromised-account.js';
import { findCompromised, isAccountAbuse } from './compromised-account.js';
import { timeText } from '../util.js';

export const queueCleanup: Rule = {
  id: 'queue-cleanup',
  title: 'Spam still in the queue: cleanup list',
  thresholds: {
    /** Report the list when at least this many abusive messages are queued. */
    minMessages: 1,
  },
  why: 'Deleting the whole queue (`postsuper -d ALL`) also deletes your users\' legitimate mail that is waiting for a '
    + 'retry. The list next to this report holds only the queue IDs of the abuse: mail submitted by the compromised '
    + 'account(s) and the bounces it caused to forged senders.',
  fix: [
    'Copy `queue-delete.txt` to the server, check a few entries, hold, then delete:',
    '',
    '```',
    'postcat -q $(head -1 queue-delete.txt) | head -40   # look at one',
    'postsuper -h - < queue-delete.txt                    # hold them (reversible: postsuper -H)',
    'postsuper -d - < queue-delete.txt                    # delete them',
    'postqueue -p | tail -1                               # what is left',
    '```',
    '',
    'For a list that only holds what is queued right now, take `postqueue -j > queue.json` on the server and run the '
    + 'analysis again with `--queue queue.json`.',
  ].join('\n'),
  detect(agg, ctx) {
    const compromised = findCompromised(agg, ctx);
    if (compromised.length === 0 || agg.stillQueued.length === 0) return [];
    const users = new Set(compromised.map((c) => c.user));
    const abuseOf = abuseClassifier(compromised);
    const live = ctx.liveQueue;
    const ids: string[] = [];
    let fromUsers = 0;
    let backscatter = 0;
    let legitimate = 0;
    const legitimateIds: string[] = [];
    let gone = 0;
    let first = Infinity; // the oldest abusive message, not the oldest message queued (often a user's own)
    for (const q of agg.stillQueued) {
      const abuse = abuseOf(q);
      if (abuse === null) { legitimate++; legitimateIds.push(q.qid); continue; }
      if (live !== null && !live.has(q.qid)) { gone++; continue; }
      if (users.has(q.saslUser)) fromUsers++; else backscatter++;
      ids.push(q.qid);
      if (q.since < first) first = q.since;
    }
    if (ids.length < ctx.threshold('minMessages')) return [];
    ids.sort();
    const at = timeText(agg);
    return [{
      rule: 'queue-cleanup',
      severity: 'high',
      title: ctx.messages.findings.queueCleanup({
        abusive: ids.length, queued: agg.stillQueued.length, fromUsers, users: [...users], backscatter, legitimate,
      }),
      subject: { kind: 'queue', value: ctx.messages.findings.queueIds(ids.length) },
      firstAt: at(first),
      lastAt: at(agg.lastAt),
      evidence: {
        abusiveQueued: ids.length,
        fromCompromisedAccounts: fromUsers,
        bouncesToForgedSenders: backscatter,
        legitimateQueued: legitimate,
        ...(live !== null ? { notInQueueSnapshot: gone } : {}),
        firstIds: ids.slice(0, 5).join(' '),
      },
      examples: [],
      impact: ids.length,
      lists: { 'queue-delete.txt': ids },
      legitimateQueueIds: legitimateIds.sort(),
    }];
  },
};

/**
 * Which queued message belongs to the abuse: 'account' for mail of a compromised account, 'backscatter' for a
 * bounce to one of its forged senders (or mail without SASL user from a forged sender), null for legitimate mail.
 * Shared with the queue-deleted rule, which tells what a bulk deletion destroyed.
 */
export function abuseClassifier(compromised: Compromise[]): (q: QueuedMessage) => 'account' | 'backscatter' | null {
  const byUser = new Map(compromised.map((c) => [c.user, c]));
  const isAbuseOfAccount = (q: QueuedMessage): boolean => {
    const c = byUser.get(q.saslUser);
    return c !== undefined && isAccountAbuse(c, q);
  };
  const forged = new Set<string>();
  for (const c of compromised) for (const s of c.forgedSenders) forged.add(s.toLowerCase());
  return (q) => {
    if (isAbuseOfAccount(q)) return 'account';
    if ((q.sender === '<>' && q.to.some((to) => forged.has(to.toLowerCase()))) || (q.saslUser === '' && forged.has(q.sender.toLowerCase()))) {
      return 'backscatter';
    }
    return null;
  };
}
