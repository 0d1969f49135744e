// Outbound port 25 blocked (OP25B): many residential and cloud providers drop outgoing connections to port 25,
// so every remote delivery times out while inbound mail and local delivery work. Lines:
//   "connect to gmail-smtp-in.l.google.com[142.250.157.26]:25: Connection timed out"      (postfix/smtp, per MX tried)
//   "…: to=<x@gmail.com>, relay=none, delay=30, …, status=deferred (connect to …:25: Connection timed out)"
// Counted: connectFailurePorts (failures by port), connectFailureIps (by destination), remoteSentIps (destinations
// that did take mail). One dead destination among many good ones is not a blocked port.

import type { Rule } from '../rule.js';
import { fmt, percent, pickExamples, shortTime, timeText } from '../util.js';

export const outboundPortBlocked: Rule = {
  id: 'outbound-port-blocked',
  title: 'Outgoing port 25 blocked (OP25B)',
  thresholds: {
    /** Failed connections to port 25 of remote servers. */
    minFailures: 10,
    /** Distinct destination IPs that could not be reached. */
    minDestinations: 3,
    /** Share (percent) of all remote destinations that were never reached. */
    minFailedShare: 80,
  },
  why: 'When the network drops outgoing connections to port 25 (OP25B: many ISPs, mobile and cloud networks do it to stop '
    + 'spam from infected machines), no remote server can be reached: every message to another domain is deferred, '
    + 'retried for days and finally bounced, while inbound and local mail keep working, so it goes unnoticed.',
  fix: [
    'Send through your provider\'s submission server on port 587 with a login, in `main.cf`:',
    '',
    '```',
    'relayhost = [smtp.provider.example]:587',
    'smtp_sasl_auth_enable = yes',
    'smtp_sasl_password_maps = hash:/etc/postfix/sasl_passwd',
    'smtp_sasl_security_options = noanonymous',
    'smtp_tls_security_level = encrypt',
    '```',
    '',
    '`/etc/postfix/sasl_passwd` (mode 600), then apply and push the queue:',
    '',
    '```',
    '[smtp.provider.example]:587 user@provider.example:password',
    'postmap /etc/postfix/sasl_passwd && chmod 600 /etc/postfix/sasl_passwd*',
    'postfix reload && postqueue -f',
    '```',
    '',
    'Confirm the block first: `nc -vz -w 5 gmail-smtp-in.l.google.com 25` times out while '
    + '`nc -vz -w 5 smtp.provider.example 587` connects. Some providers lift OP25B on request for a fixed IP.',
  ].join('\n'),
  detect(agg, ctx) {
    const failures = agg.connectFailurePorts.get('25') ?? 0;
    if (failures < ctx.threshold('minFailures')) return [];
    const failed = [...agg.connectFailureIps.keys()].filter((ip) => ip !== '' && !agg.remoteSentIps.has(ip));
    const reached = agg.remoteSentIps.size;
    const share = percent(failed.length, failed.length + reached);
    if (failed.length < ctx.threshold('minDestinations') || share < ctx.threshold('minFailedShare')) return [];
    let delivered = 0;
    for (const n of agg.remoteSentIps.values()) delivered += n;
    const reasons = [...agg.connectFailureReasons].sort((a, b) => b[1].count - a[1].count || (a[0] < b[0] ? -1 : 1));
    const first = Math.min(...reasons.map(([, r]) => r.firstAt));
    const last = Math.max(...reasons.map(([, r]) => r.lastAt));
    const at = timeText(agg);
    const top = reasons[0]![0];
    return [{
      rule: 'outbound-port-blocked',
      severity: 'high',
      title: `Outgoing port 25 looks blocked: ${fmt(failures)} connections to ${fmt(failed.length)} remote mail servers on port 25 `
        + `failed (${top}) between ${shortTime(at(first))} and ${shortTime(at(last))}, while `
        + (delivered === 0 ? 'not one delivery to a remote server succeeded'
          : `only ${fmt(delivered)} deliver${delivered === 1 ? 'y' : 'ies'} to ${fmt(reached)} remote server${reached === 1 ? '' : 's'} succeeded`),
      subject: { kind: 'port', value: '25' },
      firstAt: at(first),
      lastAt: at(last),
      evidence: {
        connectFailuresPort25: failures,
        unreachableDestinations: failed.length,
        reachedDestinations: reached,
        unreachableShare: share,
        remoteDeliveries: delivered,
        deferredAttempts: agg.totals.deferred,
        topReasons: reasons.slice(0, 3).map(([k, r]) => `${r.count}× ${k}`).join(' | '),
      },
      examples: pickExamples(reasons.slice(0, 3).map(([, r]) => r.example), 3),
      impact: failures,
    }];
  },
};
