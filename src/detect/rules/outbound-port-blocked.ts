// Outbound port 25 blocked (OP25B): many residential, mobile and cloud providers silently drop outgoing
// connections to port 25, so every remote delivery times out while inbound mail and local delivery work. Lines:
//   "connect to gmail-smtp-in.l.google.com[142.250.157.26]:25: Connection timed out"      (postfix/smtp, per MX tried)
//   "…: to=<x@gmail.com>, relay=none, delay=30, …, status=deferred (connect to …:25: Connection timed out)"
// Counted per hour: connectTimeouts25 and remoteSent (SMTP deliveries that worked); connectTimeoutIps by destination,
// remoteSentIps for the destinations that did take mail. A dropped packet times out; "Connection refused" is a
// host that answered, so it does not count. One dead destination among many good ones is not a blocked port: its
// hours carry successful deliveries, and it is a small share of the destinations.

import type { Rule } from '../rule.js';
import { commented, fmt, percent, pickExamples, shortTime, timeText } from '../util.js';
import { HOUR_MS } from '../../aggregate/create.js';
import type { PortBlockedAdvice } from '../../i18n/index.js';

/** Relaying through the provider's submission server: main.cf, the login, the map (every language shows these). */
export function relayhostSteps(lines: { login: string; map: string }): string[] {
  return [
    '```',
    'relayhost = [smtp.provider.example]:587',
    'smtp_sasl_auth_enable = yes',
    'smtp_sasl_password_maps = hash:/etc/postfix/sasl_passwd',
    'smtp_sasl_security_options = noanonymous',
    'smtp_tls_security_level = encrypt',
    '```',
    '',
    lines.login,
    '',
    '```',
    '[smtp.provider.example]:587 user@provider.example:password',
    '```',
    '',
    lines.map,
    '',
    '```',
    'postmap /etc/postfix/sasl_passwd && chmod 600 /etc/postfix/sasl_passwd*',
    'postfix reload && postqueue -f',
    '```',
  ];
}

/**
 * What to do about a blocked port 25 (review Z, Z16): first check whether the block is still there. When deliveries
 * went through again after it (samples/deferred-flood.log: 66 after 2026-11-17 08:50), it may have been an outage
 * that is over: then only the queue is pushed, and the relayhost setup is for a block that is still there. When they
 * never did, the block is confirmed before any configuration changes. `null`: the general text (never resumed).
 */
export function outboundPortBlockedFix(p: PortBlockedAdvice | null): string {
  const relay = relayhostSteps({
    login: 'The login goes into `/etc/postfix/sasl_passwd`, one line (the provider\'s host and port as in `relayhost`, then '
      + 'login:password):',
    map: 'Then build the map, keep it readable by root only, apply and push the queue:',
  });
  const lift = 'Some providers lift OP25B on request for a fixed IP: then no relayhost is needed.';
  if (p !== null && p.resumed) {
    return [
      `Remote deliveries went through again after the block (${fmt(p.after)} after ${p.last}): first check, from the server, `
        + 'whether port 25 is still blocked:',
      '',
      '```',
      commented('nc -vz -w 5 gmail-smtp-in.l.google.com 25', 'connects, or times out?', 44),
      '```',
      '',
      'If it connects, the block is gone (an outage, or the provider lifted it): change nothing, and push what is still '
        + 'queued:',
      '',
      '```',
      commented('postqueue -f', 'retry every deferred message now', 44),
      commented('postqueue -p | tail -1', 'what is left', 44),
      '```',
      '',
      'If it times out, your provider blocks outgoing port 25 (OP25B) again or still. ' + lift + ' Otherwise send through '
        + 'its submission server on port 587 with a login (check that `nc -vz -w 5 smtp.provider.example 587` connects), '
        + 'in `main.cf`:',
      '',
      ...relay,
    ].join('\n');
  }
  return [
    'Confirm the block first, from the server: `nc -vz -w 5 gmail-smtp-in.l.google.com 25` times out while '
      + '`nc -vz -w 5 smtp.provider.example 587` (your provider\'s submission server) connects. ' + lift,
    '',
    'Otherwise send through your provider\'s submission server on port 587 with a login, in `main.cf`:',
    '',
    ...relay,
  ].join('\n');
}

interface Run {
  start: number;
  end: number;
  timeouts: number;
  sent: number;
}

export const outboundPortBlocked: Rule = {
  id: 'outbound-port-blocked',
  title: 'Outgoing port 25 blocked (OP25B)',
  thresholds: {
    /** Timed-out connections to remote port 25 during the block. */
    minFailures: 10,
    /** Distinct destination IPs that timed out. */
    minDestinations: 3,
    /** Of all remote destinations (reached or not), the share (percent) that timed out at least once. */
    minDestinationShare: 30,
    /** In each hour of the block, timeouts as a share (percent) of timeouts + remote deliveries. */
    minFailedShare: 80,
  },
  why: 'When the network drops outgoing connections to port 25 (OP25B: many ISPs, mobile and cloud networks do it to stop '
    + 'spam from infected machines), no remote server can be reached: every message to another domain is deferred, '
    + 'retried for days and finally bounced, while inbound and local mail keep working, so it goes unnoticed.',
  fix: outboundPortBlockedFix(null),
  advise(f, _findings, _agg, ctx) {
    const after = typeof f.evidence.remoteDeliveriesAfter === 'number' ? f.evidence.remoteDeliveriesAfter : 0;
    return ctx.messages.advice.outboundPortBlocked({ resumed: after > 0, after, last: shortTime(f.lastAt, ctx.messages.unknownTime) });
  },
  detect(agg, ctx) {
    const timedOut = [...agg.connectTimeoutIps.keys()].filter((ip) => ip !== '');
    if (timedOut.length < ctx.threshold('minDestinations')) return [];
    const destinations = new Set([...timedOut, ...agg.remoteSentIps.keys()]).size;
    const destinationShare = percent(timedOut.length, destinations);
    if (destinationShare < ctx.threshold('minDestinationShare')) return [];

    // The block: a run of hours in which port-25 connections timed out and (almost) nothing was delivered remotely.
    // Hours without outbound activity neither extend nor break a run; the run with the most timeouts wins, so a block
    // that was lifted later, with mail flowing again afterwards, is found too.
    const minShare = ctx.threshold('minFailedShare');
    let best: Run | null = null;
    let cur: Run | null = null;
    for (const h of [...agg.hourly.keys()].sort((a, b) => a - b)) {
      const s = agg.hourly.get(h)!;
      const f = s.connectTimeouts25;
      if (f === 0 && s.remoteSent === 0) continue;
      if (f > 0 && percent(f, f + s.remoteSent) >= minShare) {
        if (cur === null) cur = { start: h, end: h, timeouts: f, sent: s.remoteSent };
        else { cur.end = h; cur.timeouts += f; cur.sent += s.remoteSent; }
        continue;
      }
      if (cur !== null && (best === null || cur.timeouts > best.timeouts)) best = cur;
      cur = null;
    }
    if (cur !== null && (best === null || cur.timeouts > best.timeouts)) best = cur;
    const run: Run | null = best;
    if (run === null || run.timeouts < ctx.threshold('minFailures')) return [];

    let after = 0;
    for (const [h, s] of agg.hourly) if (h > run.end) after += s.remoteSent;
    const timeout = agg.connectFailureReasons.get('Connection timed out');
    // The block began inside the hour before the run when that hour already had timeouts (mixed with the last
    // deliveries, so below the run's share): its first timeout is then the start, not the next full hour.
    const lead = (agg.hourly.get(run.start - 1)?.connectTimeouts25 ?? 0) > 0 ? run.start - 1 : run.start;
    const first = Math.max(lead * HOUR_MS, Number.isFinite(agg.firstConnectTimeout25At) ? agg.firstConnectTimeout25At : timeout?.firstAt ?? -Infinity);
    const last = Math.min((run.end + 1) * HOUR_MS - 1000, timeout?.lastAt ?? Infinity);
    const at = timeText(agg);
    const others = [...agg.connectFailureReasons].filter(([k]) => k !== 'Connection timed out')
      .sort((a, b) => b[1].count - a[1].count || (a[0] < b[0] ? -1 : 1));
    return [{
      rule: 'outbound-port-blocked',
      severity: 'high',
      title: ctx.messages.findings.outboundPortBlocked({
        first: shortTime(at(first), ctx.messages.unknownTime), last: shortTime(at(last), ctx.messages.unknownTime),
        timeouts: run.timeouts, timedOut: timedOut.length, destinations, sent: run.sent, after,
      }),
      subject: { kind: 'port', value: '25' },
      firstAt: at(first),
      lastAt: at(last),
      evidence: {
        timeoutsDuringBlock: run.timeouts,
        remoteDeliveriesDuringBlock: run.sent,
        failedShareDuringBlock: percent(run.timeouts, run.timeouts + run.sent),
        blockedHours: run.end - run.start + 1,
        timedOutDestinations: timedOut.length,
        destinationsContacted: destinations,
        remoteDeliveriesAfter: after,
        deferredAttempts: agg.totals.deferred,
        otherConnectFailures: others.map(([k, r]) => `${fmt(r.count)}× ${k}`).slice(0, 3).join(' | '),
      },
      examples: pickExamples([timeout?.example, ...others.slice(0, 2).map(([, r]) => r.example)], 3),
      impact: run.timeouts,
    }];
  },
};
