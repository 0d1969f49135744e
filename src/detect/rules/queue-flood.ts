// Outbound spam, deferred flood and queue growth: the queue rebuilt from the log (messages in minus removed),
// its peak and end size, the retry storm (status=deferred attempts per hour) and the load it caused.

import type { Rule } from '../rule.js';
import { fmt, percent, pickExamples, shortTime, timeText } from '../util.js';
import { HOUR_MS } from '../../aggregate/create.js';
import { queueLevel } from '../../aggregate/queue-level.js';
import { deletionTimes } from '../../aggregate/bulk-delete.js';

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
  fix: [
    'Look at the queue and hold what is not yours before deleting it (see the queue-cleanup finding for the exact list):',
    '',
    '```',
    'postqueue -p | tail -1                 # size of the queue',
    'postqueue -j > queue.json              # machine-readable snapshot (give it back with --queue queue.json)',
    'postsuper -h - < queue-delete.txt      # hold the abusive messages',
    'postsuper -d - < queue-delete.txt      # then delete them',
    '```',
    '',
    'While cleaning up, stop Postfix from retrying for days, in `main.cf` (restore the defaults afterwards):',
    '',
    '```',
    'maximal_queue_lifetime = 1d',
    'bounce_queue_lifetime = 1h',
    '```',
  ].join('\n'),
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
