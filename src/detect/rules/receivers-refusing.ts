// Receivers refusing our mail, classified by the codes they publish. Read from the remote answers grouped in
// deferralReasons and bounceReasons (normalised text + first example line), one classification per group:
//   Gmail     "421-4.7.28 [203.0.113.9      15] Our system has detected an unusual rate of unsolicited mail …"
//             "421-4.7.0 [IP N] … unusual rate of 421-4.7.0 unsolicited mail …" ; "550-5.7.1 … likely unsolicited mail"
//             "550-5.7.26 This mail is unauthenticated … SPF check for [aeon.co.jp] did not pass with ip: [203.0.113.9]"
//             "550-5.7.25 The IP address sending this message does not have a PTR record setup …"
//   Yahoo     "421 4.7.0 [TSS04] Messages from 203.0.113.9 temporarily deferred due to unexpected volume or user complaints"
//   Microsoft "550 5.7.1 Unfortunately, messages from [203.0.113.9] weren't sent. … on our block list (S3150)"
//             "451 4.7.650 The mail server [203.0.113.9] has been temporarily rate limited due to IP reputation"
//   DNSBL     "554 5.7.1 Service unavailable; Client host [203.0.113.9] blocked using zen.spamhaus.org"
// Our own IP comes from those texts (receivers name the address they saw); the sending domain from the SASL users.
// Not a refusal: Postfix's own re-deferral from its dead-destination cache, made without contacting anyone
// (postfix/error, relay=none), quoting the receiver's last answer:
//   "postfix/error[22270]: 4E0C51606F5: to=<…@yahoo.co.jp>, relay=none, …, status=deferred (delivery temporarily
//    suspended: host 127.0.1.2[127.0.1.2] refused to talk to me: 421 4.7.0 [TSS04] Messages from 127.0.0.1 …)"
// Counted apart (`suspended`): on the corpus incident 1,733 of these stood beside Yahoo's 93 real TSS04 answers.

import type { Aggregate, Example, ReasonStats, Severity } from '../../types.js';
import type { Rule } from '../rule.js';
import { domainPart, fmt, pickExamples, shortTime, timeText } from '../util.js';
import { findCompromised } from './compromised-account.js';
import { ownDomains } from './open-relay.js';

type Kind = 'unauthenticated' | 'no-ptr' | 'listed' | 'rate';

const KINDS: ReadonlyArray<readonly [Kind, RegExp]> = [
  ['unauthenticated', /\b[45]\.7\.(?:26|27|30|515)\b|\bunauthenticated\b|\bSPF\b|\bDKIM\b|\bDMARC\b/i],
  ['no-ptr', /\b[45]\.7\.25\b|\bPTR record|reverse DNS|\brDNS\b/i],
  ['listed', /spamhaus|spamcop|barracuda|blocked using|\blisted\b|block ?list|black ?list|deny ?list|\bRBL\b|\bDNSBL\b|\bS3150\b|\bS3140\b|\b5\.7\.511\b|\b5\.7\.606\b|\b5\.7\.708\b|ipcheck\.proofpoint|Blocked - see/i],
  ['rate', /\b4\.7\.28\b|unusual rate|UnsolicitedRate|likely unsolicited|low reputation|\bTSS?0\d\b|unexpected volume|user complaints|\b4\.7\.65[01]\b|rate limit|IP reputation|too many (?:messages|connections)/i],
];

const KIND_SEVERITY: Record<Kind, Severity> = { unauthenticated: 'high', 'no-ptr': 'high', listed: 'high', rate: 'medium' };

const BLOCKLISTS = ['Spamhaus', 'SpamCop', 'Barracuda', 'SORBS', 'Proofpoint', 'UCEPROTECT', 'Mailspike', 'Abusix', 'Cloudmark'];

/** The receiver's own words: the text after "said:" or "refused to talk to me:", or "" when it is not an answer. */
function answerOf(reason: string): string {
  const said = reason.indexOf(' said: ');
  if (said >= 0) return reason.slice(said + 7);
  const refused = reason.indexOf(' refused to talk to me: ');
  return refused >= 0 ? reason.slice(refused + 24) : '';
}

function providerOf(text: string): string {
  if (/gsmtp|google\.com|gmail/i.test(text)) return 'Gmail';
  if (/yahoo|\bTSS?0\d\b/i.test(text)) return 'Yahoo';
  if (/outlook|hotmail|live\.com|microsoft|office365|\bS3[01]\d\d\b|\b[45]\.7\.65\d\b|\b5\.7\.(?:511|606|708)\b/i.test(text)) return 'Microsoft';
  for (const b of BLOCKLISTS) if (text.toLowerCase().indexOf(b.toLowerCase()) >= 0) return b;
  return 'Other receivers';
}

/** "421-4.7.28", "550 5.7.1", plus a provider tag like "[TSS04]" or "(S3150)". */
function codeOf(text: string): string {
  const code = /\b([245]\d\d[- ][245]\.\d{1,3}\.\d{1,3})\b/.exec(text)?.[1] ?? /\b([245]\d\d)\b/.exec(text)?.[1] ?? '';
  const tag = /\b(TSS?0\d|S3\d{3})\b/.exec(text)?.[1];
  return tag !== undefined ? `${code} ${tag}` : code;
}

const IPV4 = '(\\d{1,3}(?:\\.\\d{1,3}){3})';
/** Where receivers write the address they saw: Gmail "[IP      15]", "550-5.7.25 [IP]", "with ip: [IP]"; Yahoo "Messages from IP"; Microsoft "messages from [IP]"; DNSBL "Client host [IP]". */
const OUR_IP = [
  new RegExp(`\\[${IPV4}\\s+\\d+\\]`),
  new RegExp(`^[245]\\d\\d[- ][245]\\.\\d{1,3}\\.\\d{1,3} \\[${IPV4}\\]`),
  new RegExp(`with ip: \\[${IPV4}\\]`, 'i'),
  new RegExp(`messages from "?\\[?${IPV4}`, 'i'),
  new RegExp(`client host \\[${IPV4}\\]`, 'i'),
  new RegExp(`mail server \\[${IPV4}\\]`, 'i'),
  new RegExp(`[?&]ip=${IPV4}`, 'i'),
  new RegExp(`query/ip/${IPV4}`, 'i'),
];

function ourIpIn(answer: string): string {
  for (const re of OUR_IP) {
    const m = re.exec(answer);
    if (m) return m[1]!;
  }
  return '';
}

interface ClassStats {
  provider: string;
  kind: Kind;
  code: string;
  /** Answers of the receiver itself. */
  deferred: number;
  bounced: number;
  /** Postfix's re-deferrals of the same answer from its cache, without contact ("delivery temporarily suspended: …"). */
  suspended: number;
  firstAt: number;
  lastAt: number;
  example: Example | null;
  examples: Example[];
}

export interface Refusals {
  classes: ClassStats[];
  ourIps: Map<string, number>;
  /** Domains the receivers named in failed SPF/DKIM checks ("SPF check for [aeon.co.jp] did not pass"), per line. */
  checkedDomains: Map<string, number>;
}

const SUSPENDED = 'delivery temporarily suspended: ';

export function classifyRefusals(agg: Aggregate): Refusals {
  const classes = new Map<string, ClassStats>();
  const ourIps = new Map<string, number>();
  const visit = (map: Map<string, ReasonStats>, bounced: boolean): void => {
    for (const [key, r] of map) {
      const answer = answerOf(key);
      if (answer === '') continue;
      const kind = KINDS.find(([, re]) => re.test(answer))?.[0];
      if (kind === undefined) continue;
      const raw = r.example !== null ? answerOf(r.example.text) || r.example.text : answer;
      const provider = providerOf(raw);
      const id = `${provider} ${kind}`;
      let c = classes.get(id);
      if (c === undefined) {
        c = {
          provider, kind, code: codeOf(raw), deferred: 0, bounced: 0, suspended: 0, firstAt: Infinity, lastAt: -Infinity, example: null, examples: [],
        };
        classes.set(id, c);
      }
      // The time range and the example line are the receiver's own answers; cached re-deferrals stand in only
      // when the log holds no answer (it came before the log starts).
      const own = !key.startsWith(SUSPENDED);
      if (own) {
        if (bounced) c.bounced += r.count; else c.deferred += r.count;
      } else c.suspended += r.count;
      if (own && c.deferred + c.bounced === r.count) { c.firstAt = Infinity; c.lastAt = -Infinity; c.examples = []; }
      if (own || c.deferred + c.bounced === 0) {
        c.firstAt = Math.min(c.firstAt, r.firstAt);
        c.lastAt = Math.max(c.lastAt, r.lastAt);
        if (r.example !== null) c.examples.push(r.example);
      }
      const ip = ourIpIn(raw);
      if (ip !== '') ourIps.set(ip, (ourIps.get(ip) ?? 0) + r.count);
    }
  };
  visit(agg.deferralReasons, false);
  visit(agg.bounceReasons, true);
  for (const c of classes.values()) c.example = pickExamples(c.examples, 1)[0] ?? null;
  // Per line, from the raw texts (aggregate/auth-domain.ts): the reason groups hold "[DOMAIN]" only.
  return { classes: [...classes.values()], ourIps, checkedDomains: agg.refusedAuthDomains };
}

/** The domain our users send as: the commonest domain of SASL users (by messages), else of envelope senders. */
export function sendingDomain(agg: Aggregate): string {
  const votes = new Map<string, number>();
  for (const [user, u] of agg.bySaslUser) {
    const d = domainPart(user);
    if (d !== '') votes.set(d, (votes.get(d) ?? 0) + u.messages);
  }
  if (votes.size === 0) {
    const own = ownDomains(agg);
    for (const [d, s] of agg.bySenderDomain) if (own.has(d)) votes.set(d, s.messages);
  }
  const best = [...votes].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1))[0];
  return best?.[0] ?? '';
}

function ranked(map: Map<string, number>): string[] {
  return [...map].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1)).map(([k]) => k);
}

export const receiversRefusing: Rule = {
  id: 'receivers-refusing',
  title: 'Receivers refuse our mail (rate limits, authentication, block lists)',
  thresholds: {
    /** Refusals (deferred attempts + bounces) of one class (receiver × reason) that make it count. */
    minRefusals: 10,
  },
  why: 'Big receivers say in their answer why they refuse mail, with a published code: Gmail 421-4.7.28/4.7.0 and '
    + '550-5.7.1 (an unusual rate of unsolicited mail, poor reputation), 550-5.7.26/5.7.27 (not authenticated by SPF or '
    + 'DKIM), 550-5.7.25 (no reverse DNS); Yahoo TSS04 (volume or user complaints); Microsoft S3150 and 4.7.650 (block '
    + 'list, IP reputation); DNS block lists such as Spamhaus. While they refuse, your users\' real mail waits in the '
    + 'queue or bounces, and every retry of the spam makes the reputation worse.',
  fix: [
    'First stop what hurts the reputation (the compromised account, open relay or backscatter findings), and let the '
    + 'queue drain of the spam (queue-cleanup). Rate limits and reputation blocks lift by themselves days after the spam stops.',
    '',
    'Unauthenticated (5.7.26, 5.7.27): look first at which domain failed (evidence `domainsFailingAuthentication`). When '
    + 'they are all other people\'s domains (`ourDomainAmongThem = no`), your server sent mail with forged senders and the '
    + 'receivers are right to refuse it: no DNS record changes that; stop the mail (compromised-account finding). When your '
    + 'domain is among them, publish SPF, DKIM and DMARC for it. The records filled in with your domain and the IP the '
    + 'receivers saw are then in this finding\'s evidence (`spfRecord`, `dkimRecord`, `dmarcRecord`) and in '
    + '`dns-records.txt`; the DKIM key comes from:',
    '',
    '```',
    'opendkim-genkey -b 2048 -d <domain> -s mail -D /etc/opendkim/keys/<domain>/   # mail.txt holds the TXT record',
    '# then sign with opendkim (milter) and add to main.cf:',
    'smtpd_milters = inet:localhost:8891',
    'non_smtpd_milters = $smtpd_milters',
    '```',
    '',
    'No PTR (5.7.25): the IP\'s reverse DNS must name a host that resolves back to the IP (`dig +short -x <ip>`, then '
    + '`dig +short <that name>`); ask whoever owns the IP (provider, cloud console) to set it to your `myhostname`.',
    '',
    'Block lists (Spamhaus, Microsoft S3150 …): after the cleanup, request delisting (the `delisting` evidence names '
    + 'where); asking before the spam has stopped gets the IP listed again for longer.',
  ].join('\n'),
  detect(agg, ctx) {
    const min = ctx.threshold('minRefusals');
    const { classes: all, ourIps, checkedDomains } = classifyRefusals(agg);
    // A class counts by every line that carries the receiver's answer, cached repeats included (a log that starts
    // after the answer holds only those); the figures then tell the two apart.
    const classes = all.filter((c) => c.deferred + c.bounced + c.suspended >= min)
      .sort((a, b) => b.deferred + b.bounced - (a.deferred + a.bounced) || b.suspended - a.suspended || (a.provider + a.kind < b.provider + b.kind ? -1 : 1));
    if (classes.length === 0) return [];
    const at = timeText(agg);
    const ip = ranked(ourIps)[0] ?? '';
    const ipText = ip !== '' ? ip : 'YOUR.IP.ADDRESS';
    const domain = sendingDomain(agg);
    const domainText = domain !== '' ? domain : 'your-domain.example';
    const kinds = new Set(classes.map((c) => c.kind));
    const providers = [...new Set(classes.map((c) => c.provider))];
    const total = classes.reduce((s, c) => s + c.deferred + c.bounced, 0);
    const reDeferred = classes.reduce((s, c) => s + c.suspended, 0);
    const first = Math.min(...classes.map((c) => c.firstAt));
    const last = Math.max(...classes.map((c) => c.lastAt));
    const order: Severity[] = ['critical', 'high', 'medium', 'low', 'info'];
    const severity = classes.map((c) => (c.bounced > 0 || c.kind !== 'rate' ? KIND_SEVERITY[c.kind] : 'medium'))
      .sort((a, b) => order.indexOf(a) - order.indexOf(b))[0]!;
    const compromised = findCompromised(agg, ctx).filter((c) => c.forgedMessages > 0 || c.failuresBefore > 0).map((c) => c.user);

    const m = ctx.messages;
    const describe = (c: (typeof classes)[number]): string => m.findings.refusalClass({
      provider: c.provider, kind: c.kind, code: c.code, deferred: c.deferred, bounced: c.bounced, suspended: c.suspended,
    });
    const evidence: Record<string, number | string> = {
      refusals: total,
      ...(reDeferred > 0 ? { reDeferredWithoutContact: reDeferred } : {}),
      receivers: providers.map(m.findings.provider).join(', '),
      classes: classes.map(describe).join('; '),
    };
    for (const c of classes) {
      const key = c.provider.replace(/[^A-Za-z]/g, '').replace(/^./, (x) => x.toLowerCase())
        + c.kind.replace(/(^|-)(.)/g, (_, __: string, x: string) => x.toUpperCase());
      evidence[key] = (Number(evidence[key]) || 0) + c.deferred + c.bounced;
    }
    evidence.ourIp = ip;
    evidence.sendingDomain = domain;
    const lists: Record<string, string[]> = {};
    // SPF/DKIM/DMARC records help only when the receivers checked our own domain. Gmail names the domain it
    // checked ("SPF check for [aeon.co.jp] did not pass"): on the corpus incident all 81 named the forged senders
    // of the spam, so the receivers were right and example.jp's DNS records would change nothing.
    const own = ownDomains(agg);
    if (domain !== '') own.add(domain);
    const isOwn = (d: string): boolean => {
      for (const o of own) if (d === o || d.endsWith('.' + o)) return true;
      return false;
    };
    const named = ranked(checkedDomains);
    const ownNamed = named.filter(isOwn);
    const forgedOnly = kinds.has('unauthenticated') && named.length > 0 && ownNamed.length === 0;
    const forgedAuth = forgedOnly ? { refusals: named.reduce((n, d) => n + checkedDomains.get(d)!, 0), domains: named.slice(0, 3), ownDomain: domainText } : null;
    if (kinds.has('unauthenticated')) {
      evidence.domainsFailingAuthentication = named.slice(0, 8).map((d) => `${d} (${fmt(checkedDomains.get(d)!)})`).join(', ');
      evidence.ourDomainAmongThem = ownNamed.length > 0 ? 'yes' : 'no';
    }
    if (kinds.has('unauthenticated') && !forgedOnly) {
      const ipMech = ip.indexOf(':') >= 0 ? `ip6:${ipText}` : `ip4:${ipText}`;
      evidence.spfRecord = `${domainText}. TXT "v=spf1 ${ipMech} -all"`;
      evidence.dkimKey = `opendkim-genkey -b 2048 -d ${domainText} -s mail -D /etc/opendkim/keys/${domainText}/`;
      evidence.dkimRecord = `mail._domainkey.${domainText}. TXT "v=DKIM1; k=rsa; p=KEY-FROM-mail.txt"`;
      evidence.dmarcRecord = `_dmarc.${domainText}. TXT "v=DMARC1; p=quarantine; rua=mailto:dmarc-reports@${domainText}"`;
      lists['dns-records.txt'] = [evidence.spfRecord, evidence.dkimRecord, evidence.dmarcRecord];
    }
    if ((kinds.has('unauthenticated') && !forgedOnly) || kinds.has('no-ptr')) {
      evidence.ptrCheck = m.findings.ptrCheck(ipText, domainText);
    }
    if (kinds.has('listed')) {
      evidence.delisting = m.findings.delisting([...new Set(classes.filter((c) => c.kind === 'listed').map((c) => c.provider))]);
    }
    return [{
      rule: 'receivers-refusing',
      severity,
      title: m.findings.receiversRefusing({
        providers, ip, spammers: compromised, total, reDeferred, first: shortTime(at(first), m.unknownTime), last: shortTime(at(last), m.unknownTime),
        classes: classes.slice(0, 5).map(describe), forgedAuth,
      }),
      subject: { kind: 'receivers', value: providers.map(m.findings.provider).join(', ') },
      firstAt: at(first),
      lastAt: at(last),
      evidence,
      examples: pickExamples(classes.map((c) => c.example), 6),
      impact: total,
      ...(Object.keys(lists).length > 0 ? { lists } : {}),
    }];
  },
};
