// Relay probing and address harvesting: clients testing whether the server relays ("Relay access denied") or
// walking a list of names to learn which mailboxes exist ("User unknown"). Lines:
//   "NOQUEUE: reject: RCPT from unknown[198.51.100.7]: 554 5.7.1 <x@yahoo.co.jp>: Relay access denied; from=<…> to=<…> proto=ESMTP helo=<…>"
//   "NOQUEUE: reject: RCPT from unknown[198.51.100.8]: 550 5.1.1 <aa@example.jp>: Recipient address rejected: User unknown in virtual mailbox table; …"
// When every probe was refused the server held: the finding is low, a record of who tried. When a prober also
// had mail relayed without logging in, it is not.

import { countsOf } from '../../aggregate/create.js';
import type { ClientIpStats, Finding } from '../../types.js';
import type { Rule } from '../rule.js';
import { pickExamples, shortTime, timeText } from '../util.js';
import { ownDomains } from './open-relay.js';
import { markRoles } from '../client-roles.js';

/** fail2ban's postfix jail the relay-probing advice sets up, the same in every language (ja-rules.ts shows it too). */
export const RELAY_JAIL_BLOCK: readonly string[] = [
    '```',
    '[DEFAULT]',
    'banaction = nftables-multiport',
    'banaction_allports = nftables-allports',
    '',
    '[postfix]',
    'enabled  = true',
    'mode     = aggressive',
    'maxretry = 5',
    'logpath  = /var/log/mail.log',
    'ignoreip = 127.0.0.1/8 ::1',
    '```',
];

/** The error limits, as `postconf -e` lines (review Y, Y12): the same in every language. */
export const RELAY_PROBING_ERROR_LIMITS: readonly string[] = [
  '```',
  "postconf -e 'smtpd_soft_error_limit = 3'",
  "postconf -e 'smtpd_hard_error_limit = 5'",
  "postconf -e 'smtpd_error_sleep_time = 5s'",
  'postfix reload',
  '```',
];

/**
 * postscreen's DNSBL check switched on (review Y, Y9): `postscreen_dnsbl_action = ignore` by default only logs, and
 * zen without a reply filter counts Spamhaus's error answers (127.255.255.252/254/255, given to queries through public
 * resolvers) as listings. The same in every language.
 */
export const POSTSCREEN_DNSBL_LINES: readonly string[] = [
  '```',
  'postconf postscreen_dnsbl_sites postscreen_dnsbl_threshold postscreen_dnsbl_action',
  "postconf -e 'postscreen_dnsbl_sites = zen.spamhaus.org=127.0.0.[2..11]*2'",
  "postconf -e 'postscreen_dnsbl_threshold = 2'",
  "postconf -e 'postscreen_dnsbl_action = enforce'",
  'postfix reload',
  '```',
];

/**
 * The advice, in English (other languages: src/i18n). `dnsblRanked`: postscreen's "DNSBL rank N for [ip]:port" lines in
 * the log; postscreen already scores clients against DNS block lists there, so the paragraph that turns it on is a look
 * at what it does with them instead (review AO, AO5: a busy MX whose postscreen had turned away 916 Spamhaus-listed
 * clients was told to set postscreen_dnsbl_sites and enforce). `null`: the general text.
 */
export function relayProbingFix(p: { dnsblRanked: number } | null): string {
  const ranked = p?.dnsblRanked ?? 0;
  const dnsbl = ranked > 0 ? [
    `postscreen already scores clients against DNS block lists here (${ranked.toLocaleString('en-US')} \`DNSBL rank\` lines): no list `
      + 'to add. Check that it turns the listed ones away (`enforce` or `drop`), not only logs them (`ignore`, the default):',
    '',
    '```',
    'postconf postscreen_dnsbl_sites postscreen_dnsbl_threshold postscreen_dnsbl_action',
    '```',
    '',
  ] : [
    'With postscreen on port 25 (`postconf -M smtp/inet` shows `postscreen`), let it turn away the clients Spamhaus lists. '
      + '`postscreen_dnsbl_action` is `ignore` by default (a listed client is only logged); the filter `=127.0.0.[2..11]` counts '
      + 'listings only, not Spamhaus\'s error answers (127.255.255.x). Spamhaus does not answer queries that come through public '
      + 'resolvers (8.8.8.8, 1.1.1.1, many providers\' resolvers): run a local resolver (`apt install unbound`, `nameserver 127.0.0.1` '
      + 'in /etc/resolv.conf, then `systemctl restart postfix`, which copies it into Postfix\'s chroot) or use Spamhaus\'s Data Query '
      + 'Service (DQS) zone with your key instead of zen.spamhaus.org. Where `postscreen_dnsbl_sites` already lists sites, keep them '
      + 'in the line:',
    '',
    ...POSTSCREEN_DNSBL_LINES,
    '',
  ];
  return [
    'Nothing is broken while every probe is refused. Keep it that way and make probing expensive:',
    '',
    '```',
    'postconf smtpd_relay_restrictions       # must end in defer_unauth_destination or reject_unauth_destination',
    '```',
    '',
    'Slow down and drop clients that make many errors (a `postconf -e` line replaces the `main.cf` setting of the same name; '
      + '`postconf -n` shows what is set now):',
    '',
    ...RELAY_PROBING_ERROR_LIMITS,
    '',
    ...dnsbl,
    'fail2ban\'s `postfix` jail (mode `more` or `aggressive`) bans IPs that collect "Relay access denied" and '
    + '"User unknown" rejects (`/etc/fail2ban/jail.d/mail.local`). The `[DEFAULT]` lines make it ban with nftables (Debian 12\'s '
    + 'default is iptables, not installed next to nftables); keep them once in the file. Add your office\'s addresses to '
    + '`ignoreip`; without rsyslog (the log only in the journal), put `backend = systemd` and `journalmatch = '
    + '_SYSTEMD_UNIT=postfix@-.service` in place of `logpath`. Then `fail2ban-client -t` and `systemctl restart fail2ban`:',
    '',
    ...RELAY_JAIL_BLOCK,
  ].join('\n');
}

export const relayProbing: Rule = {
  id: 'relay-probing',
  title: 'Relay probing and address harvesting',
  thresholds: {
    /** "Relay access denied" rejects in all (any number of IPs) that make a finding. */
    minRelayDenied: 10,
    /** Unknown-recipient rejects from one IP that make it a harvester (when it hit more unknown than real mailboxes). */
    perIpUnknownRecipients: 10,
  },
  why: 'Bots probe every mail server for open relaying and try lists of common names (info, admin, sales …) to learn which '
    + 'mailboxes exist: the ones that exist get spam and password guessing next. A refused probe costs nothing; what '
    + 'matters is that every one was refused. If a probing IP ever had mail relayed without logging in, the server is an '
    + 'open relay (see the open-relay finding).',
  fix: relayProbingFix(null),
  advise(_finding, _findings, agg, ctx) {
    const ranked = agg.postscreen.get('DNSBL rank') ?? 0;
    return ranked > 0 ? ctx.messages.advice.relayProbing({ dnsblRanked: ranked }) : undefined;
  },
  detect(agg, ctx) {
    const at = timeText(agg);
    const m = ctx.messages;
    const when = (ms: number): string => shortTime(at(ms), m.unknownTime);
    const own = ownDomains(agg);
    const relayedExternally = (r: ClientIpStats): boolean => {
      for (const d of countsOf(r.unauthRelayDomains).keys()) if (!own.has(d)) return true;
      return false;
    };
    const out: Finding[] = [];

    // Relay probes: every client with a "Relay access denied" reject.
    const probers: Array<[string, ClientIpStats]> = [];
    let denied = 0;
    for (const [ip, r] of agg.byClientIp) {
      if (r.relayDenied === 0 || ctx.allowIps.has(ip)) continue;
      probers.push([ip, r]);
      denied += r.relayDenied;
    }
    if (probers.length > 0 && denied >= ctx.threshold('minRelayDenied')) {
      probers.sort((a, b) => b[1].relayDenied - a[1].relayDenied || (a[0] < b[0] ? -1 : 1));
      const leaked = probers.filter(([, r]) => relayedExternally(r));
      const first = Math.min(...probers.map(([, r]) => r.firstAt));
      const last = Math.max(...probers.map(([, r]) => r.lastAt));
      const ips = probers.map(([ip]) => ip);
      // Who is who in the Client IPs table (review Z, Z23).
      out.push(markRoles({
        rule: 'relay-probing',
        severity: leaked.length > 0 ? 'high' : 'low',
        title: m.findings.relayProbing({
          denied, ips: probers.length, first: when(first), last: when(last), leaked: leaked.map(([ip]) => ip),
        }),
        subject: { kind: 'ips', value: m.someOf(ips, 3) },
        firstAt: at(first),
        lastAt: at(last),
        evidence: {
          relayDenied: denied,
          probingIps: probers.length,
          ipsThatRelayedAnyway: leaked.length,
          topIps: probers.slice(0, 10).map(([ip, r]) => `${ip} (${r.relayDenied})`).join(', '),
        },
        examples: pickExamples(probers.slice(0, 5).map(([, r]) => r.firstRelayDenied)),
        impact: denied,
      }, 'relay-probing', ips));
    }

    // Address harvesting (dictionary attack): many unknown recipients from one client, few real ones.
    const perIp = ctx.threshold('perIpUnknownRecipients');
    const harvesters: Array<[string, ClientIpStats]> = [];
    let unknown = 0;
    // The other clients' unknown-recipient rejects, so that the counts add up to the Reject reasons table's (review AO,
    // AO6: mx.log's 528 "User unknown" rejects, 442 from 28 harvesters and 86 from 12 IPs below 10 each).
    let otherUnknown = 0;
    let otherIps = 0;
    for (const [ip, r] of agg.byClientIp) {
      if (r.unknownRecipient === 0 || ctx.allowIps.has(ip)) continue;
      if (r.unknownRecipient < perIp || r.unknownRecipient <= r.recipients) {
        otherUnknown += r.unknownRecipient;
        otherIps++;
        continue;
      }
      harvesters.push([ip, r]);
      unknown += r.unknownRecipient;
    }
    if (harvesters.length > 0) {
      harvesters.sort((a, b) => b[1].unknownRecipient - a[1].unknownRecipient || (a[0] < b[0] ? -1 : 1));
      const accepted = harvesters.reduce((s, [, r]) => s + r.recipients, 0);
      const first = Math.min(...harvesters.map(([, r]) => r.firstAt));
      const last = Math.max(...harvesters.map(([, r]) => r.lastAt));
      const ips = harvesters.map(([ip]) => ip);
      out.push({
        rule: 'relay-probing',
        severity: 'low',
        title: m.findings.addressHarvesting({ ips: harvesters.length, unknown, first: when(first), last: when(last), accepted }),
        subject: { kind: 'ips', value: m.someOf(ips, 3) },
        firstAt: at(first),
        lastAt: at(last),
        evidence: {
          unknownRecipientRejects: unknown,
          harvestingIps: harvesters.length,
          acceptedRecipientsFromThem: accepted,
          ...(otherUnknown > 0 ? { unknownRecipientRejectsFromOtherIps: otherUnknown, otherIpsWithUnknownRecipients: otherIps } : {}),
          topIps: harvesters.slice(0, 10).map(([ip, r]) => `${ip} (${r.unknownRecipient})`).join(', '),
        },
        examples: pickExamples(harvesters.slice(0, 5).map(([, r]) => r.firstUnknownRecipient)),
        impact: unknown,
      });
    }
    return out;
  },
};
