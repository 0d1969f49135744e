// Open relay: mail taken from a client that never logged in (no SASL) and sent on to other people's domains.
// Postfix relays only for mynetworks, authenticated clients and relay_domains, so each such message means a
// client IP is trusted too much (a wide mynetworks, permit in smtpd_relay_restrictions, an old
// smtpd_recipient_restrictions without reject_unauth_destination). Lines joined per message:
//   "A1B2C3: client=unknown[198.51.100.23]"                                   (smtpd, no sasl_username=)
//   "A1B2C3: to=<x@gmail.com>, relay=gmail-smtp-in.l.google.com[…]:25, …, status=sent (250 …)"   (no orig_to=)
// Mail for an alias we forward (orig_to=) and a backup MX / gateway relaying for one domain are not relaying.

import type { Aggregate, ClientIpStats, Finding } from '../../types.js';
import type { Rule } from '../rule.js';
import { domainPart, pickExamples, shortTime, timeText } from '../util.js';

/** Our own domains: those of SASL users and those a local agent (lmtp, virtual, local) delivered to. */
export function ownDomains(agg: Aggregate): Set<string> {
  const out = new Set<string>();
  for (const user of agg.bySaslUser.keys()) {
    const d = domainPart(user);
    if (d !== '') out.add(d);
  }
  for (const d of agg.localDeliveryDomains.keys()) if (d !== '') out.add(d);
  return out;
}

interface Relayer {
  ip: string;
  row: ClientIpStats;
  recipients: number;
  domains: Map<string, number>;
}

export const openRelay: Rule = {
  id: 'open-relay',
  title: 'Open relay: mail relayed for clients that did not log in',
  thresholds: {
    /**
     * Distinct external recipient domains one unauthenticated client had relayed. At 2, a backup MX or a
     * filtering gateway that relays inbound mail for a single domain stays quiet.
     */
    minExternalDomains: 2,
    /** Critical from this many relayed recipients (all clients). */
    criticalRecipients: 100,
  },
  why: 'The server accepted mail from clients that never logged in and sent it on to other people\'s domains. Anyone who '
    + 'finds such a server (bots scan for them within hours) sends spam through it with your IP: it lands on block lists '
    + '(Spamhaus, Microsoft, Gmail), and your own users\' mail is refused. Postfix relays without a login only for '
    + '`mynetworks` and `relay_domains`, so a client IP is trusted too much, or a restriction list permits too early.',
  fix: [
    'Relay only for logged-in users and your own hosts, in `main.cf`:',
    '',
    '```',
    'smtpd_relay_restrictions = permit_mynetworks, permit_sasl_authenticated, defer_unauth_destination',
    '# only hosts you run; never a whole provider range',
    'mynetworks = 127.0.0.0/8 [::1]/128',
    '```',
    '',
    'Check what is in force and apply it:',
    '',
    '```',
    'postconf mynetworks smtpd_relay_restrictions smtpd_recipient_restrictions relay_domains',
    'postfix reload',
    '```',
    '',
    'Test from a host outside your network (expect `454 4.7.1 … Relay access denied`):',
    '`swaks --server mail.example.jp --from test@example.org --to someone@gmail.com`.',
    'If a listed IP is really yours (a web server, a scanner, the content filter\'s reinjection), give it a login or pass '
    + 'it with `--allow-ips`. Then hold and delete the relayed mail still queued (`postqueue -p`, `postsuper -h`/`-d`).',
  ].join('\n'),
  detect(agg, ctx) {
    const own = ownDomains(agg);
    const minDomains = ctx.threshold('minExternalDomains');
    const relayers: Relayer[] = [];
    for (const [ip, row] of agg.byClientIp) {
      if (row.unauthRelayDomains === null || ctx.allowIps.has(ip)) continue;
      const domains = new Map<string, number>();
      let recipients = 0;
      for (const [d, n] of row.unauthRelayDomains) {
        if (own.has(d)) continue;
        domains.set(d, n);
        recipients += n;
      }
      if (domains.size >= minDomains) relayers.push({ ip, row, recipients, domains });
    }
    if (relayers.length === 0) return [];
    relayers.sort((a, b) => b.recipients - a.recipients || (a.ip < b.ip ? -1 : 1));
    const at = timeText(agg);
    const allDomains = new Map<string, number>();
    let recipients = 0;
    let messages = 0;
    let first = Infinity;
    let last = -Infinity;
    for (const r of relayers) {
      recipients += r.recipients;
      messages += r.row.unauthRelayed;
      for (const [d, n] of r.domains) allDomains.set(d, (allDomains.get(d) ?? 0) + n);
      first = Math.min(first, r.row.firstAt);
      last = Math.max(last, r.row.lastAt);
    }
    const topDomains = [...allDomains].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1)).slice(0, 8);
    const ips = relayers.map((r) => r.ip);
    const finding: Finding = {
      rule: 'open-relay',
      severity: recipients >= ctx.threshold('criticalRecipients') || relayers.length >= 5 ? 'critical' : 'high',
      title: ctx.messages.findings.openRelay({
        ips, messages, recipients, domains: allDomains.size,
        first: shortTime(at(first), ctx.messages.unknownTime), last: shortTime(at(last), ctx.messages.unknownTime),
      }),
      subject: { kind: 'ips', value: ctx.messages.someOf(ips, 3) },
      firstAt: at(first),
      lastAt: at(last),
      evidence: {
        relayingIps: relayers.length,
        relayedMessages: messages,
        relayedRecipients: recipients,
        externalDomains: allDomains.size,
        topDomains: topDomains.map(([d, n]) => `${d} (${n})`).join(', '),
        topIps: relayers.slice(0, 10).map((r) => `${r.ip} (${r.recipients})`).join(', '),
      },
      examples: pickExamples(relayers.slice(0, 5).map((r) => r.row.firstUnauthRelay)),
      impact: recipients,
    };
    return [finding];
  },
};
