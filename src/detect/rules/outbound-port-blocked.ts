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
import type { PortBlockedAdvice } from '../../i18n/index.js';
import type { Aggregate } from '../../types.js';
import { queueHolders, someHeldForRoute } from '../queue-holders.js';
import { holderSentences, noRoomText, refusedText } from '../queue-holder-advice.js';

/** What main.cf sets now, before the `postconf -e` lines below replace it (review Y, Y12). */
export const RELAYHOST_LOOK = 'postconf relayhost smtp_sasl_auth_enable smtp_sasl_password_maps smtp_sasl_security_options smtp_tls_security_level';

/**
 * Relaying through the provider's submission server: the look at main.cf, the login, then the map and the relay set
 * with `postconf -e` (a line appended to main.cf silently overrides one of the same name earlier in the file; review Y,
 * Y12), once the map exists. Every language shows these; `lines` are its sentences before each block.
 */
export function relayhostSteps(lines: { look: string; login: string; map: string }): string[] {
  return [
    lines.look,
    '',
    '```',
    RELAYHOST_LOOK,
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
    "postconf -e 'relayhost = [smtp.provider.example]:587'",
    "postconf -e 'smtp_sasl_auth_enable = yes'",
    "postconf -e 'smtp_sasl_password_maps = hash:/etc/postfix/sasl_passwd'",
    "postconf -e 'smtp_sasl_security_options = noanonymous'",
    "postconf -e 'smtp_tls_security_level = encrypt'",
    'postfix reload && postqueue -f',
    '```',
  ];
}

/** relayhostSteps' sentences in English (the relay advice of receivers-refusing too, for Gmail's NotAuthorizedError). */
export const EN_RELAY_LINES = {
  look: 'A `postconf -e` line replaces the `main.cf` setting of the same name: look first at what is set now (where '
    + '`smtp_sasl_password_maps` already names a map, keep it in that line, comma-separated):',
  login: 'The login goes into `/etc/postfix/sasl_passwd`, one line (the provider\'s host and port as in `relayhost`, then '
    + 'login:password):',
  map: 'Then build the map, keep it readable by root only, set the relay, apply and push the queue:',
};

/** The port-25 check from the server, and the provider's submission port (every language; `comments` in its words). */
export function portChecks(comments: { port25: string; port587: string }): string[] {
  return [
    '```',
    commented('nc -vz -w 5 gmail-smtp-in.l.google.com 25', comments.port25, 44),
    commented('nc -vz -w 5 smtp.provider.example 587', comments.port587, 44),
    '```',
  ];
}

/**
 * What to do about a blocked port 25, by what the end of the log shows (review Z, Z16; review Y, Y13). Deliveries went
 * through again and the last attempts did too (samples/deferred-flood.log: 66 after 2026-11-17 08:50): the block is
 * over, nothing to re-route, only the queue to push. The last attempts still time out (never lifted, or lifted for a
 * while): confirm the block, then relay through the provider. `null`: the general text (a block in force).
 */
export function outboundPortBlockedFix(p: PortBlockedAdvice | null): string {
  const relay = relayhostSteps(EN_RELAY_LINES);
  const lift = 'Some providers lift OP25B on request for a fixed IP: then no relayhost is needed.';
  // The push is for mail the block held, never for mail its receiver refuses (review AI, AI4: samples/deferred-flood.log
  // ends with 5 messages to nishi-kensetsu.co.jp, refused all along; queue-flood's advice says the same), nor for mail
  // whose recipient's mailbox is full (review AI's rest: no push delivers it, and it is no block of this server).
  const refusing = p?.holders?.filter((h) => h.hold === 'refused') ?? [];
  const noRoom = p?.holders?.filter((h) => h.hold === 'no-room') ?? [];
  const refusedOnly = refusing.length + noRoom.length > 0 && refusing.length + noRoom.length === (p?.holders?.length ?? 0);
  const refusedNote = (refusing.length === 0 ? '' : ` ${refusedText(refusing, 'The push does nothing for ')}`)
    + (noRoom.length === 0 ? '' : ` ${noRoomText(noRoom, 'The push does not deliver ')}`);
  if (p !== null && p.resumed && !p.inForce && refusedOnly) {
    return [
      `The block is over: remote deliveries went through again after it (${fmt(p.after)} after ${p.last}), the last attempts of `
        + 'the log among them. Nothing in the configuration needs changing, and nothing queued waits for the route. '
        + holderSentences(p.holders ?? [], false).join(' '),
      '',
      'If port 25 times out again later (`nc -vz -w 5 gmail-smtp-in.l.google.com 25` from the server), ask your provider whether '
        + 'it blocks outgoing port 25 (OP25B): the lasting way round is its submission server on port 587, with a login (`relayhost`).',
    ].join('\n');
  }
  if (p !== null && p.resumed && !p.inForce) {
    return [
      `The block is over: remote deliveries went through again after it (${fmt(p.after)} after ${p.last}), the last attempts of `
        + 'the log among them. Nothing in the configuration needs changing. Push what is still queued now instead of waiting '
        + 'for each message\'s next retry (Postfix waits up to `maximal_backoff_time`, 4000 s by default, between two retries):',
      '',
      '```',
      commented('postqueue -f', 'retry every deferred message now', 44),
      commented('postqueue -p | tail -1', 'what is left', 44),
      '```',
      '',
      ...(refusedNote !== '' ? [refusedNote.trim(), ''] : []),
      'What stays queued after that has another reason (`postqueue -p` shows each message\'s last one). If port 25 times out '
        + 'again later (`nc -vz -w 5 gmail-smtp-in.l.google.com 25` from the server), ask your provider whether it blocks '
        + 'outgoing port 25 (OP25B): the lasting way round is its submission server on port 587, with a login (`relayhost`).',
    ].join('\n');
  }
  const checks = portChecks({ port25: 'times out while port 25 is blocked', port587: 'your provider\'s submission server: connects' });
  const head = p !== null && p.resumed
    ? [
      `Remote deliveries went through again after the block (${fmt(p.after)} after ${p.last}), but the last attempts of the log `
        + `timed out again${p.lastTimeout !== '' ? ` (the last at ${p.lastTimeout})` : ''}: the block is back, or was lifted only `
        + 'for a while. Confirm it from the server:',
      '',
      ...checks,
      '',
      'If port 25 connects after all, the block is gone: push the queue (`postqueue -f`) and change nothing.' + refusedNote
        + ` If it times out, your provider blocks outgoing port 25 (OP25B). ${lift}`,
    ]
    : ['Confirm the block first, from the server:', '', ...checks, '', lift];
  return [
    ...head,
    '',
    'Otherwise send through your provider\'s submission server on port 587 with a login.',
    '',
    ...relay,
  ].join('\n');
}

/**
 * Whether the block holds at the end of the log (review Y, Y13): the last hour with remote port-25 attempts (timeouts
 * or deliveries) is mostly timeouts, by the rule's own share. An hour is the finest the aggregate keeps; a dead
 * destination alone in that hour would also count, so the advice confirms the block before any change.
 */
export function blockedAtEnd(agg: Aggregate, minFailedShare: number): boolean {
  let last = -Infinity;
  for (const [h, s] of agg.hourly) if (h > last && (s.connectTimeouts25 > 0 || s.remoteSent > 0)) last = h;
  const s = agg.hourly.get(last);
  return s !== undefined && s.connectTimeouts25 > 0 && percent(s.connectTimeouts25, s.connectTimeouts25 + s.remoteSent) >= minFailedShare;
}

/**
 * The block ended within the log (review AJ, AJ15): remote deliveries went through after it and the last attempts of
 * the log did not time out (samples/deferred-flood.log: 66 deliveries after 2026-11-17 08:50).
 */
export function blockOverAtEnd(agg: Aggregate, deliveriesAfter: number, minFailedShare: number): boolean {
  return deliveriesAfter > 0 && !blockedAtEnd(agg, minFailedShare);
}

/**
 * A finished block's finding is one level down when nothing queued at the end still waits for the route (each holder
 * refused or out of room: samples/deferred-flood.log's 5 messages to nishi-kensetsu.co.jp, refused all along): the
 * harm is over. Mail still held for the route keeps it high, as does a block in force at the end.
 */
export function portBlockedSeverity(agg: Aggregate, deliveriesAfter: number, minFailedShare: number): 'high' | 'medium' {
  const routeHeld = someHeldForRoute(agg);
  return blockOverAtEnd(agg, deliveriesAfter, minFailedShare) && !routeHeld ? 'medium' : 'high';
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
  advise(f, _findings, agg, ctx) {
    const after = typeof f.evidence.remoteDeliveriesAfter === 'number' ? f.evidence.remoteDeliveriesAfter : 0;
    const lastTimeout = agg.connectFailureReasons.get('Connection timed out')?.lastAt;
    return ctx.messages.advice.outboundPortBlocked({
      resumed: after > 0, after, last: shortTime(f.lastAt, ctx.messages.unknownTime),
      inForce: !blockOverAtEnd(agg, after, ctx.threshold('minFailedShare')),
      lastTimeout: lastTimeout === undefined ? '' : shortTime(timeText(agg)(lastTimeout), ctx.messages.unknownTime),
      holders: queueHolders(agg),
    });
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
    // The first timeout of the block's first hour and the last of its last hour (both hours have timeouts), as the
    // log has them. Review Y: the end was min(end of the last hour, the log's last timeout), so a block that came
    // back later, its last timeout after this run, "ended" at hh:59:59; the start had the same flaw the other way.
    const first = agg.hourly.get(lead)!.connectTimeout25FirstAt;
    const last = agg.hourly.get(run.end)!.connectTimeout25LastAt;
    const at = timeText(agg);
    const others = [...agg.connectFailureReasons].filter(([k]) => k !== 'Connection timed out')
      .sort((a, b) => b[1].count - a[1].count || (a[0] < b[0] ? -1 : 1));
    return [{
      rule: 'outbound-port-blocked',
      severity: portBlockedSeverity(agg, after, minShare),
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
        // Only when there are any: an empty "Other connection failures" row reads as a failure of the report (review AI, AI1).
        ...(others.length > 0 ? { otherConnectFailures: others.map(([k, r]) => `${fmt(r.count)}× ${k}`).slice(0, 3).join(' | ') } : {}),
      },
      examples: pickExamples([timeout?.example, ...others.slice(0, 2).map(([, r]) => r.example)], 3),
      impact: run.timeouts,
    }];
  },
};
