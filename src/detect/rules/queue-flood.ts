// Outbound spam, deferred flood and queue growth: the queue rebuilt from the log (messages in minus removed),
// its peak and end size, the retry storm (status=deferred attempts per hour) and the load it caused.

import type { Rule } from '../rule.js';
import { commented, fmt, percent, pickExamples, shortTime, timeText } from '../util.js';
import { HOUR_MS } from '../../aggregate/create.js';
import { queueLevel } from '../../aggregate/queue-level.js';
import { deletionTimes } from '../../aggregate/bulk-delete.js';
import type { QueueFloodAdvice } from '../../i18n/index.js';

/**
 * What to do with the queue: it depends on what is in it. Spam of a compromised account (queue-cleanup) is held
 * and deleted by its IDs; the users' own mail held up by a blocked port 25 is flushed once the route works, and its
 * lifetime is not shortened (the deferred-flood sample's block lasted 23 hours: a 1-day lifetime would have bounced
 * it); a queue already empty (corpus incident: postsuper -d ALL) needs no command. null: the general text.
 */
export function queueFloodFix(p: QueueFloodAdvice | null): string {
  const out: string[] = [];
  if (p !== null && p.stillQueued === 0) {
    out.push(p.deletedInBulk > 0
      ? `Nothing is left to delete: \`postsuper -d ALL\` emptied the queue at ${p.deletedAt} (${fmt(p.deletedInBulk)} messages; the `
        + 'queue-deleted finding tells which of them were your users\' own mail) and no message is queued at the end of the log.'
      : 'Nothing is left to delete: no message is queued at the end of the log (each one was delivered, bounced or expired).');
    out.push('', 'The deferrals stop with their cause: see the other findings.');
    return out.join('\n');
  }
  if (p === null || p.cleanup) {
    out.push(p === null
      ? 'When the queue holds a compromised account\'s spam, the queue-cleanup finding lists it in `queue-delete.txt`: hold it, '
        + 'check it, then delete only that:'
      : 'Of the messages still queued, the queue-cleanup finding lists the abuse in `queue-delete.txt`: hold it, check it, '
        + 'then delete only that:',
    '', '```',
    commented('postqueue -p | tail -1', 'size of the queue', 40),
    commented('postsuper -h - < queue-delete.txt', 'hold the abusive messages', 40),
    commented('postsuper -d - < queue-delete.txt', 'then delete them', 40),
    '```', '');
    if (p !== null && !p.portBlocked) {
      out.push('What stays is your users\' own mail: leave it, it goes out once the receivers accept mail from your IP again. '
        + 'Do not shorten `maximal_queue_lifetime`: that would bounce it.', '');
    }
  }
  if (p === null || p.portBlocked) {
    out.push(p === null
      ? 'When the mail is held up by a blocked port 25 (outbound-port-blocked finding), it is your users\' own: do not delete it '
        + 'and do not shorten `maximal_queue_lifetime` (that would bounce it). Fix the route as that finding says, then push the queue:'
      : (p.cleanup ? 'The rest of the deferred mail' : 'The deferred mail') + ' is held up by the blocked port 25 '
        + '(outbound-port-blocked finding): it is your users\' own mail. Do '
        + 'not delete it and do not shorten `maximal_queue_lifetime` (that would bounce it). Fix the route as that finding '
        + 'says, then push the queue and watch it drain:',
    '', '```',
    commented('postqueue -f', 'retry every deferred message now', 40),
    commented('postqueue -p | tail -1', 'size of the queue', 40),
    '```', '');
  }
  if (p === null || (!p.cleanup && !p.portBlocked)) {
    out.push((p === null ? 'Otherwise find' : 'Find') + ' out why the mail is deferred (evidence `topDeferralReasons`) and '
      + 'fix that: the queue drains by itself once the cause is gone. Look at what is queued:',
    '', '```',
    commented('postqueue -p | tail -1', 'size of the queue', 40),
    commented('postqueue -p | head -50', 'the first entries, each with the reason of its last deferral', 40),
    '```', '',
    'If spam is among it, delete only that, by queue ID (`postsuper -d -` reads one ID per line): `postsuper -d ALL` '
      + 'deletes your users\' mail with it.', '');
  }
  return out.join('\n').trimEnd();
}

export const queueFlood: Rule = {
  id: 'queue-flood',
  title: 'Deferred flood and queue growth',
  thresholds: {
    /** status=deferred delivery attempts in the log. */
    minDeferred: 200,
    /** … and at least this share of all delivery attempts (percent). */
    minDeferredShare: 30,
    /** Or this many messages still queued at the end of the log. */
    minStillQueued: 100,
  },
  why: 'Every deferred message is retried (by default for 5 days: maximal_queue_lifetime), each retry a connection, a '
    + 'log line and a refusal that hurts your IP\'s reputation further. A queue of thousands of messages slows delivery '
    + 'of real mail and fills the log and the disk; the load average climbs with the retries.',
  fix: queueFloodFix(null),
  advise(_finding, findings, agg, ctx) {
    return ctx.messages.advice.queueFlood({
      stillQueued: agg.totals.stillQueued,
      cleanup: findings.some((x) => x.rule === 'queue-cleanup'),
      portBlocked: findings.some((x) => x.rule === 'outbound-port-blocked'),
      deletedInBulk: agg.totals.deletedInBulk,
      deletedAt: deletionTimes(agg).map((d) => shortTime(timeText(agg)(d), ctx.messages.unknownTime)).join(', '),
    });
  },
  detect(agg, ctx) {
    const t = agg.totals;
    let sentAttempts = 0;
    for (const h of agg.hourly.values()) sentAttempts += h.sent;
    const share = percent(t.deferred, t.deferred + sentAttempts + t.bounced);
    const flood = t.deferred >= ctx.threshold('minDeferred') && share >= ctx.threshold('minDeferredShare');
    if (!flood && t.stillQueued < ctx.threshold('minStillQueued')) return [];
    const at = timeText(agg);
    // The queue minute by minute (queue-level.ts): its peak, and the busiest minute of the log.
    const level = queueLevel(agg);
    let maxDeferrals = 0;
    let maxDeferralHour = NaN;
    const hours = [...agg.hourly.keys()].sort((a, b) => a - b);
    for (const h of hours) {
      const s = agg.hourly.get(h)!;
      if (s.deferred > maxDeferrals) { maxDeferrals = s.deferred; maxDeferralHour = h; }
    }
    const topReasons = [...agg.deferralReasons.values()].sort((a, b) => b.count - a.count).slice(0, 3);
    const topReasonText = [...agg.deferralReasons].sort((a, b) => b[1].count - a[1].count).slice(0, 3)
      .map(([k, v]) => `${fmt(v.count)}× ${k.slice(0, 90)}`).join(' | ');
    return [{
      rule: 'queue-flood',
      severity: t.stillQueued >= 1000 || t.deferred >= 10_000 ? 'critical' : t.stillQueued >= ctx.threshold('minStillQueued') || t.deferred >= 1000 ? 'high' : 'medium',
      title: ctx.messages.findings.queueFlood({
        deferred: t.deferred, share, deferredMessages: t.deferredMessages, peak: level.peak,
        peakAt: Number.isNaN(level.peakAt) ? null : shortTime(at(level.peakAt), ctx.messages.unknownTime), stillQueued: t.stillQueued,
        deletedInBulk: t.deletedInBulk,
        deletedAt: deletionTimes(agg)
          .map((d) => shortTime(at(d), ctx.messages.unknownTime)).join(', '),
      }),
      subject: { kind: 'queue', value: [...agg.hosts.keys()].sort().join(', ') },
      firstAt: Number.isFinite(agg.firstDeferralAt) ? at(agg.firstDeferralAt) : at(agg.firstAt),
      lastAt: at(agg.lastAt),
      evidence: {
        deferredAttempts: t.deferred,
        deferredShareOfAttempts: share,
        deferredMessages: t.deferredMessages,
        stillQueued: t.stillQueued,
        ...(t.deletedInBulk > 0 ? { deletedInBulk: t.deletedInBulk } : {}),
        queuePeak: level.peak,
        queuePeakAt: Number.isNaN(level.peakAt) ? '' : shortTime(at(level.peakAt)),
        maxDeferralsPerHour: maxDeferrals,
        busiestDeferralHour: Number.isNaN(maxDeferralHour) ? '' : shortTime(at(maxDeferralHour * HOUR_MS)),
        maxLogLinesPerMinute: level.maxLinesPerMinute,
        busiestMinute: Number.isNaN(level.busiestMinuteAt) ? '' : shortTime(at(level.busiestMinuteAt)),
        topDeferralReasons: topReasonText,
      },
      examples: pickExamples(topReasons.map((r) => r.example), 3),
      impact: t.deferred + t.stillQueued * 10,
    }];
  },
};
