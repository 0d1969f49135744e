// Outbound spam, deferred flood and queue growth: the queue rebuilt from the log (messages in minus removed),
// its peak and end size, the retry storm (status=deferred attempts per hour) and the load it caused.

import { attributedDeferralReasons } from '../closed-after-refusal.js';
import type { Rule } from '../rule.js';
import { commented, fmt, isOurDomain, percent, pickExamples, shortTime, timeText } from '../util.js';
import { HOUR_MS } from '../../aggregate/create.js';
import { queueLevel } from '../../aggregate/queue-level.js';
import { deletionTimes } from '../../aggregate/bulk-delete.js';
import type { QueueFloodAdvice } from '../../i18n/index.js';
import type { Aggregate, Finding } from '../../types.js';
import { ownDomains } from './open-relay.js';
import { relayedForDomains } from '../relayed-domains.js';
import { classifyRefusals } from './receivers-refusing.js';
import { blockOverAtEnd } from './outbound-port-blocked.js';
import { queueHolders, someHeldForRoute } from '../queue-holders.js';
import { cutReason } from '../cut-reason.js';
import { holderSentences, noRoomText, refusedText } from '../queue-holder-advice.js';
import { evidenceRowName } from '../../i18n/evidence-labels.js';

/** The findings that tell why mail is deferred: spam sent through us, receivers refusing, the route or the server. */
const CAUSE_RULES = ['compromised-account', 'open-relay', 'backscatter', 'receivers-refusing', 'outbound-port-blocked', 'server-trouble'];

/** Rule ids of the other findings of the run that explain deferrals (not the info and low notes), in that order. */
export function deferralCauses(findings: readonly Finding[]): string[] {
  return CAUSE_RULES.filter((id) => findings.some((f) => f.rule === id && f.severity !== 'info' && f.severity !== 'low'));
}

/** "connect to mx1.example.jp[IP]:25: Connection refused", "host mx.example.com[IP] said: 450 …": the host. */
const REASON_HOST = /(?:^|: )(?:connect to|host|conversation with|lost connection with) ([A-Za-z0-9.-]+)\[/;

/** "… to=<user8176@gmail.com>, relay=…": the recipient domain of a delivery line. */
const TO_DOMAIN = / to=<[^>@]*@([^>]+)>/;

/** The advice's look at what is queued, its size and the first entries with the reason of each one's last deferral. */
const LOOK_AT_QUEUE = ['```',
  commented('postqueue -p | tail -1', 'size of the queue', 40),
  commented('postqueue -p | head -50', 'the first entries, each with the reason of its last deferral', 40),
  '```', ''];

/**
 * Recipient domains that a receiver refused, or deferred, with an answer of receivers-refusing's classes (rate or
 * reputation, block list, SPF/DKIM, no PTR), by the delivery line each group of answers kept as its example:
 *   "to=<user8176@gmail.com>, relay=gmail-smtp-in.l.google.com[…]:25, …, status=deferred (host … said:
 *    421-4.7.28 Our system has detected an unusual rate of unsolicited mail …)"
 * Gmail and Yahoo answer so to spam relayed through us (review 13, M6); a backup MX's own primary does not (its
 * connection limit during a flush is no refusal class: refusal-kinds.ts REFUSAL_KINDS, review 14, F6).
 */
export function refusingDomains(agg: Aggregate): Set<string> {
  const out = new Set<string>();
  for (const c of classifyRefusals(agg).classes) {
    for (const e of c.examples) {
      const d = TO_DOMAIN.exec(e.text)?.[1]?.toLowerCase();
      if (d !== undefined) out.add(d);
    }
  }
  return out;
}

/**
 * Where the deferrals went, from the per-domain deferral attempts: those for our own domains (ownDomains and the
 * domains a backup MX or gateway relays for, detect/relayed-domains.ts) with the hosts of ours the reasons
 * name (mx1.example.jp: the primary a backup MX waits for), and the recipient domains deferred most. A domain whose
 * receivers answered with a reputation, rate or authentication refusal (refusingDomains) is not counted as ours
 * here: that mail is not waiting for a next hop of ours, whoever's the domain is.
 */
export function deferralPicture(agg: Aggregate): {
  own: { deferrals: number; domains: string[]; hosts: string[] } | null;
  top: Array<{ domain: string; deferrals: number; recipients: number; delivered: number }>;
} {
  const ours = ownDomains(agg);
  for (const d of relayedForDomains(agg, ours)) ours.add(d);
  for (const d of refusingDomains(agg)) ours.delete(d);
  const byAttempts = [...agg.byRecipientDomain].filter(([, s]) => s.deferralAttempts > 0)
    .sort((a, b) => b[1].deferralAttempts - a[1].deferralAttempts || (a[0] < b[0] ? -1 : 1));
  const ownRows = byAttempts.filter(([d]) => ours.has(d));
  const hosts = new Map<string, number>();
  for (const [key, r] of agg.deferralReasons) {
    const h = REASON_HOST.exec(key)?.[1]?.toLowerCase();
    if (h !== undefined && isOurDomain(h, '', ours)) hosts.set(h, (hosts.get(h) ?? 0) + r.count);
  }
  return {
    own: ownRows.length === 0 ? null : {
      deferrals: ownRows.reduce((n, [, st]) => n + st.deferralAttempts, 0),
      domains: ownRows.map(([d]) => d).slice(0, 5),
      hosts: [...hosts].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1)).map(([h]) => h).slice(0, 3),
    },
    top: byAttempts.slice(0, 3).map(([domain, st]) => ({ domain, deferrals: st.deferralAttempts, recipients: st.recipients, delivered: st.sent })),
  };
}

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
    // What the evidence shows, and only the findings the run has (review 12 L1: "see the other findings" with none,
    // and a backup MX's retries to its own primary called a reputation problem).
    const own = p.own;
    if (own !== null) {
      out.push('', `${own.deferrals === p.deferred ? `All ${fmt(p.deferred)}` : `${fmt(own.deferrals)} of the ${fmt(p.deferred)}`} deferrals `
        + `were of mail for your own domains (${own.domains.join(', ')})`
        + (own.hosts.length > 0 ? `, waiting for your own server${own.hosts.length === 1 ? '' : 's'} ${own.hosts.join(', ')}` : '')
        + ': a backup MX or gateway holds the mail while its next hop is down (maintenance, a restart) and delivers it once it '
        + 'is back. That is its job, not a reputation problem: no outside receiver refused this mail. '
        + (own.deferrals === p.deferred ? 'Nothing to do, unless the next hop was down longer than planned: then its own log tells why.'
          : 'For the others, see below.'));
    }
    if (own === null || own.deferrals < p.deferred) {
      if (p.causes.length > 0) {
        out.push('', `The ${own !== null ? 'other ' : ''}deferrals stop with their cause: see the ${p.causes.length === 1 ? `${p.causes[0]!} finding`
          : `${p.causes.slice(0, -1).join(', ')} and ${p.causes[p.causes.length - 1]!} findings`}.`);
      } else {
        out.push('', 'No other finding names a cause. '
          + (p.top.length > 0 ? `Most deferrals were for ${p.top.map((t) => `${t.domain} (${fmt(t.deferrals)} ${t.deferrals === 1 ? 'deferral' : 'deferrals'}, `
            + `${fmt(t.delivered)} of ${fmt(t.recipients)} ${t.recipients === 1 ? 'recipient' : 'recipients'} delivered in the end)`).join(', ')}. ` : '')
          + `The evidence "${evidenceRowName('queue-flood', 'topDeferralReasons', 'en')}" tells why:`
          + ' a receiver that greylists (`450 4.7.1 … Greylisted`) accepts on the retry, '
          + 'one that is down or unreachable (`Connection timed out`, `Connection refused`) once it is back'
          + (p.deletedInBulk > 0 ? '.' : ', and the queue has drained by itself.'));
      }
    }
    return out.join('\n');
  }
  if (p !== null && p.cleanup) {
    // The queue-cleanup finding has the list and its commands: pointed to, not repeated (review Z, Z15).
    out.push('Of the messages still queued, the queue-cleanup finding lists the abuse in `queue-delete.txt`: hold it, check '
      + 'it and delete only that, with the commands of that finding. The deferrals of the spam stop once it is deleted.', '');
  }
  if (p === null) {
    out.push('When the queue holds a compromised account\'s spam, the queue-cleanup finding lists it in `queue-delete.txt`: hold it, '
      + 'check it, then delete only that:',
    '', '```',
    commented('postqueue -p | tail -1', 'size of the queue', 40),
    commented('postsuper -h - < queue-delete.txt', 'hold the abusive messages', 40),
    commented('postsuper -d - < queue-delete.txt', 'then delete them', 40),
    '```', '');
  }
  if (p !== null && p.cleanup && !p.portBlocked) {
    out.push('What stays is your users\' own mail: leave it, it goes out once the receivers accept mail from your IP again. '
      + 'Do not shorten `maximal_queue_lifetime`: that would bounce it.', '');
  }
  // What is left at the end waits for receivers that refuse it, not for the route (review AI, AI4: samples/deferred-flood.log,
  // 5 messages to nishi-kensetsu.co.jp, "Connection refused" all along): a push would only hammer them again. Or for
  // recipients to make room in a full mailbox (review AI's rest): no push delivers it, and it is no block of ours.
  const refusing = p?.holders.filter((h) => h.hold === 'refused') ?? [];
  const noRoom = p?.holders.filter((h) => h.hold === 'no-room') ?? [];
  const held = refusing.length + noRoom.length;
  const refusedOnly = p !== null && p.portBlocked && held > 0 && held === p.holders.length;
  if (p !== null && refusedOnly) {
    out.push((p.cleanup ? 'The rest of the deferred mail' : 'The deferred mail')
      + (p.portBlockOver ? ' was held up by the blocked port 25 and the block is over (outbound-port-blocked finding: remote deliveries went through again)'
        : ' is held up by the blocked port 25 (outbound-port-blocked finding)')
      + ': it is your users\' own mail. Do not delete it and do not shorten `maximal_queue_lifetime` (that would bounce it). '
      + (p.portBlockOver ? '' : 'Fix the route as that finding says: new mail to other domains waits for it. ')
      + `What is still queued at the end of the log is not held by the block. ${holderSentences(p.holders, false).join(' ')} `
      + 'Postfix keeps retrying by itself and returns the mail to its sender after `maximal_queue_lifetime` '
      + '(5 days by default). Look at what is queued:',
    '', ...LOOK_AT_QUEUE);
  }
  if (p === null || (p.portBlocked && !refusedOnly)) {
    out.push(p === null
      ? 'When the mail is held up by a blocked port 25 (outbound-port-blocked finding), it is your users\' own: do not delete it '
        + 'and do not shorten `maximal_queue_lifetime` (that would bounce it). Fix the route as that finding says, then push the queue:'
      // The block ended within the log (review Y, Y13): no route to fix, the queue waits only for its next retry.
      : p.portBlockOver
        ? (p.cleanup ? 'The rest of the deferred mail' : 'The deferred mail') + ' was held up by the blocked port 25, and the '
          + 'block is over (outbound-port-blocked finding: remote deliveries went through again): it is your users\' own mail. '
          + 'Do not delete it and do not shorten `maximal_queue_lifetime` (that would bounce it). The route needs no change: '
          + 'push the queue now instead of waiting for each message\'s next retry, and watch it drain (what stays has another '
          + 'reason: `postqueue -p` shows each message\'s last one):'
        : (p.cleanup ? 'The rest of the deferred mail' : 'The deferred mail') + ' is held up by the blocked port 25 '
          + '(outbound-port-blocked finding): it is your users\' own mail. Do '
          + 'not delete it and do not shorten `maximal_queue_lifetime` (that would bounce it). Fix the route as that finding '
          + 'says, then push the queue and watch it drain:',
    '', '```',
    commented('postqueue -f', 'retry every deferred message now', 40),
    commented('postqueue -p | tail -1', 'size of the queue', 40),
    '```', '',
    ...(refusing.length > 0 ? [`${refusedText(refusing, 'The push cannot deliver ')} Otherwise Postfix returns it to its sender after `
      + '`maximal_queue_lifetime`.', ''] : []),
    ...(noRoom.length > 0 ? [noRoomText(noRoom, 'The push cannot deliver '), ''] : []));
  }
  if (p !== null && !p.cleanup && !p.portBlocked && p.holders.length > 0) {
    // No block of port 25 holds the queue: what holds it is each domain's own (review AI's rest), said by kind, where
    // the general text below only said to find out why.
    out.push('What holds the queue at the end of the log, by each domain\'s last deferral:', '',
      ...holderSentences(p.holders, true).map((line) => `- ${line}`), '',
      (held > 0 ? 'Postfix keeps retrying by itself and returns what it cannot deliver to its sender after `maximal_queue_lifetime` '
        + '(5 days by default). ' : '') + 'Look at what is queued:',
      '', ...LOOK_AT_QUEUE,
      'If spam is among it, delete only that, by queue ID (`postsuper -d -` reads one ID per line): `postsuper -d ALL` '
        + 'deletes your users\' mail with it.', '');
  } else if (p === null || (!p.cleanup && !p.portBlocked)) {
    out.push((p === null ? 'Otherwise find' : 'Find') + ` out why the mail is deferred (evidence "${evidenceRowName('queue-flood', 'topDeferralReasons', 'en')}") and `
      + 'fix that: the queue drains by itself once the cause is gone. Look at what is queued:',
    '', ...LOOK_AT_QUEUE,
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
  why: 'Every deferred message is retried (by default for 5 days: maximal_queue_lifetime), each retry a connection and a '
    + 'log line; when the receivers defer it for spam or volume, each retry also hurts your IP\'s reputation further. A queue '
    + 'of thousands of messages slows delivery of real mail and fills the log and the disk; the load average climbs with the '
    + 'retries.',
  fix: queueFloodFix(null),
  advise(_finding, findings, agg, ctx) {
    const picture = deferralPicture(agg);
    const block = findings.find((x) => x.rule === 'outbound-port-blocked');
    return ctx.messages.advice.queueFlood({
      stillQueued: agg.totals.stillQueued,
      deferred: agg.totals.deferred,
      causes: deferralCauses(findings),
      own: picture.own,
      top: picture.top,
      cleanup: findings.some((x) => x.rule === 'queue-cleanup'),
      portBlocked: block !== undefined,
      portBlockOver: block !== undefined
        && blockOverAtEnd(agg, Number(block.evidence.remoteDeliveriesAfter ?? 0), ctx.threshold('outbound-port-blocked.minFailedShare')),
      deletedInBulk: agg.totals.deletedInBulk,
      deletedAt: deletionTimes(agg).map((d) => shortTime(timeText(agg)(d), ctx.messages.unknownTime)).join(', '),
      holders: queueHolders(agg),
    });
  },
  // A flood held up by a blocked port 25 that ended within the log is one level down (review AJ, AJ15:
  // samples/deferred-flood.log, HIGH with advice "Do not delete it" and nothing to do), when what is left is below
  // minStillQueued and none of it waits for the route (each holder refused or out of room). Mail still held keeps it.
  settle(f, findings, agg, ctx) {
    const block = findings.find((x) => x.rule === 'outbound-port-blocked');
    if (block === undefined || (f.severity !== 'critical' && f.severity !== 'high')) return undefined;
    if (!blockOverAtEnd(agg, Number(block.evidence.remoteDeliveriesAfter ?? 0), ctx.threshold('outbound-port-blocked.minFailedShare'))) return undefined;
    if (agg.totals.stillQueued >= ctx.threshold('minStillQueued') || someHeldForRoute(agg)) return undefined;
    return f.severity === 'critical' ? 'high' : 'medium';
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
    // The cache's repeats of a lost connection a 421 caused, with that 421 (closed-after-refusal.ts; review AM, AM1).
    const reasons = attributedDeferralReasons(agg);
    const topReasons = [...reasons.values()].sort((a, b) => b.count - a.count).slice(0, 3);
    const topReasonText = [...reasons].sort((a, b) => b[1].count - a[1].count).slice(0, 3)
      .map(([k, v]) => `${fmt(v.count)}× ${cutReason(k)}`).join(' | ');
    // A backup MX or gateway waiting for our own next hop, all of it delivered since, is doing its job: low (review 12 L1).
    const picture = deferralPicture(agg);
    const ownOnly = t.stillQueued === 0 && picture.own !== null && picture.own.deferrals === t.deferred;
    const holders = queueHolders(agg);
    return [{
      rule: 'queue-flood',
      // However many deferrals: a primary down for 7 hours makes a backup MX retry a thousand times (review 17, I5).
      // Over once the queue is empty at the end of the log (postsuper -d ALL, or every message delivered, bounced or
      // expired): what caused it has its own findings (review Z, Z15: the corpus incident's flood was HIGH after the
      // admin had emptied the queue).
      severity: ownOnly || t.stillQueued === 0 ? 'low'
        : t.stillQueued >= 1000 || t.deferred >= 10_000 ? 'critical' : t.stillQueued >= ctx.threshold('minStillQueued') || t.deferred >= 1000 ? 'high' : 'medium',
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
        // Who holds what is left: each domain's messages still queued and its last deferral reason (review AI, AI4).
        ...(holders.length > 0 ? { queueHolders: holders.map((h) => `${fmt(h.messages)}× ${h.domain}${h.reason !== '' ? ` (${cutReason(h.reason)})` : ''}`).join(' | ') } : {}),
        ...(picture.own !== null ? {
          deferralsForOwnDomains: picture.own.deferrals,
          ownDomainsDeferred: picture.own.domains.join(', '),
          ...(picture.own.hosts.length > 0 ? { ownHostsWaitedFor: picture.own.hosts.join(', ') } : {}),
        } : {}),
      },
      examples: pickExamples(topReasons.map((r) => r.example), 3),
      impact: t.deferred + t.stillQueued * 10,
    }];
  },
};
