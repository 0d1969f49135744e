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
// The kinds themselves are in detect/refusal-kinds.ts, shared with the correlator, which marks the recipients a
// receiver bounced as spam (the open-relay rule's burst sign, review 18).

import type { Aggregate, Example, Finding, ReasonStats, RefusedMessage, Severity } from '../../types.js';
import type { Rule, RuleContext } from '../rule.js';
import type { ReceiversAdvice } from '../../i18n/index.js';
import { domainPart, fmt, pickExamples, shortTime, timeText } from '../util.js';
import { findCompromised } from './compromised-account.js';
import { EN_RELAY_LINES, relayhostSteps } from './outbound-port-blocked.js';
import { ownDomains } from './open-relay.js';
import { attributedDeferralReasons, receiverExample } from '../closed-after-refusal.js';
import { type RefusalKind, answerOf, providerOf, RECIPIENT_OWN_LISTS, refusalCode, refusalEvidenceKey, refusalKind } from '../refusal-kinds.js';
import { evidenceRowName } from '../../i18n/evidence-labels.js';
import { atOrBelow } from '../domain-under.js';

type Kind = RefusalKind;

const KIND_SEVERITY: Record<Kind, Severity> = { unauthenticated: 'high', 'no-ptr': 'high', 'relay-required': 'high', 'tls-required': 'high', listed: 'high', rate: 'medium' };


const IPV4 = '(\\d{1,3}(?:\\.\\d{1,3}){3})';
/** An IPv4 or IPv6 address (Gmail names an IPv6 sender as "with ip: [2a03:3b40:fe:81::1]"; review AC, F2). */
const IP = '(\\d{1,3}(?:\\.\\d{1,3}){3}|[0-9A-Fa-f]{0,4}(?::[0-9A-Fa-f]{0,4}){2,7})';
/**
 * Where receivers write the address they saw: Gmail "[IP      15]", "550-5.7.25 [IP]", "with ip: [IP]"; Yahoo "Messages
 * from IP"; Microsoft "messages from [IP]"; DNSBL "Client host [IP]". Gmail's IPv6 form, from a Postfix line of 2025
 * (jtojnar/nixfiles#13): "550-5.7.26  SPF [mxproxy.ogion.cz] with ip: [2a03:3b40:fe:81::1] = did not pass".
 */
const OUR_IP = [
  new RegExp(`\\[${IP}\\s+\\d+\\]`),
  new RegExp(`^[245]\\d\\d[- ][245]\\.\\d{1,3}\\.\\d{1,3} \\[${IP}\\]`),
  // Gmail's SPF -all refusal says "with the ip: [IP]" (support.google.com/a/answer/3726730, 2026-02)
  new RegExp(`with (?:the )?ip: \\[${IP}\\]`, 'i'),
  new RegExp(`messages from "?\\[?${IPV4}`, 'i'),
  new RegExp(`client host \\[${IPV4}\\]`, 'i'),
  new RegExp(`mail server \\[${IPV4}\\]`, 'i'),
  new RegExp(`[?&]ip=${IPV4}`, 'i'),
  new RegExp(`query/ip/${IPV4}`, 'i'),
  // Yahoo "553 5.7.1 [BL21] Connections will not be accepted from 192.0.2.25, because the ip is in Spamhaus's list", iCloud
  // "550 5.7.1 Mail from IP 192.0.2.1 was rejected due to listing in Spamhaus SBL" (sisimai/rb-sisimai rhost/yahooinc.rb, apple.rb)
  new RegExp(`will not be accepted from ${IPV4}`, 'i'),
  new RegExp(`Mail from IP ${IPV4}`, 'i'),
];

/**
 * Gmail's continuation prefixes fall anywhere, between "with ip:" and the address too (docker-mailserver#2996, 2023:
 * "SPF check for [domain.com] does not pass with ip: 421-4.7.0 [ipaddress].To best protect …"): read without them.
 */
const CONTINUATION = / [245]\d\d-[245]\.\d{1,3}\.\d{1,3} /g;

function ourIpIn(answer: string): string {
  const text = answer.replace(CONTINUATION, ' ');
  for (const re of OUR_IP) {
    const m = re.exec(text);
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
  /** The last line of the class, Postfix's cached re-deferrals included: whether it still held mail back at the log's end. */
  lastSeenAt: number;
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
      const kind = refusalKind(answer);
      if (kind === undefined) continue;
      // A lost connection after a 421 (closed-after-refusal.ts): the receiver and code of that 421's own line.
      const ex = receiverExample(map, key, r);
      const raw = ex !== null ? answerOf(ex.text) || ex.text : answer;
      const provider = providerOf(raw);
      const id = `${provider} ${kind}`;
      let c = classes.get(id);
      if (c === undefined) {
        c = {
          provider, kind, code: '', deferred: 0, bounced: 0, suspended: 0, firstAt: Infinity, lastAt: -Infinity, lastSeenAt: -Infinity, example: null, examples: [],
        };
        classes.set(id, c);
      }
      // The time range and the example line are the receiver's own answers; cached re-deferrals stand in only
      // when the log holds no answer (it came before the log starts).
      const own = !key.startsWith(SUSPENDED);
      if (own) {
        if (bounced) c.bounced += r.count; else c.deferred += r.count;
      } else c.suspended += r.count;
      c.lastSeenAt = Math.max(c.lastSeenAt, r.lastAt);
      if (own && c.deferred + c.bounced === r.count) { c.firstAt = Infinity; c.lastAt = -Infinity; c.examples = []; }
      if (own || c.deferred + c.bounced === 0) {
        c.firstAt = Math.min(c.firstAt, r.firstAt);
        c.lastAt = Math.max(c.lastAt, r.lastAt);
        if (r.example !== null) c.examples.push(r.example);
      }
      // Each code the class answered with: Gmail's temporary 421-4.7.26 and permanent 550-5.7.26 are one class, and
      // its bounces are the 550s (review 17, F5: "(421-4.7.26): 4 deferred, 11 bounced").
      // "421-4.7.26" (a continued reply) and "421 4.7.26" (its last line) are one code; three codes at most.
      const code = refusalCode(raw);
      const same = (x: string): string => x.replace(/^(\d{3})-/, '$1 ');
      // Sorted, whatever order the reason maps were merged in (--jobs): 421 before 550.
      if (code !== '' && !c.code.split(', ').some((x) => same(x) === same(code)) && c.code.split(', ').length < 3) c.code = [...(c.code === '' ? [] : c.code.split(', ')), code].sort().join(', ');
      const ip = ourIpIn(raw);
      if (ip !== '') ourIps.set(ip, (ourIps.get(ip) ?? 0) + r.count);
    }
  };
  visit(attributedDeferralReasons(agg), false);
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

/** This server's sending IP as the receivers' answers name it most often ("" when none does): the one receivers-refusing names. */
export function serverIpOf(agg: Aggregate): string {
  return ranked(classifyRefusals(agg).ourIps)[0] ?? '';
}

interface RefusalPlan {
  classes: ClassStats[];
  kinds: Set<Kind>;
  /** Our IP as the receivers named it ("" when none did), and the domain our users send as. */
  ip: string;
  domain: string;
  checkedDomains: Map<string, number>;
  auth: ReceiversAdvice['auth'];
  /**
   * Refusals naming other people's domains that were of mail forwarded for an alias of ours (orig_to=), and the
   * forwards ("yamada@example.jp → yamada.home@gmail.com") most refused first; the domains named in the other
   * refusals naming other people's domains (forged senders), and those refusals.
   */
  forwardedRefusals: number;
  forwards: string[];
  forgedDomains: string[];
  forgedRefusals: number;
}

/**
 * The classes that count, and for SPF/DKIM refusals which domains need records. Gmail names the domain it checked:
 * on the corpus incident all 81 named the forged senders of the spam (`forged`: no record changes that); a web
 * form sent through sendmail as www-data with `myorigin = $myhostname` is checked as mail.example.jp, so the SPF
 * record is for that name, not for example.jp. Mail forwarded for an alias of ours (orig_to=) keeps its original
 * sender, checked against that sender's SPF: not forged, but forwarding without SRS (`forwarded` when every refusal
 * naming other people's domains was of forwarded mail; review 12 H6). null: nothing to report.
 */
/** The block lists (providers) whose refusals say the IP is listed, in the order of the classes. */
function listedProviders(classes: ClassStats[]): string[] {
  return [...new Set(classes.filter((c) => c.kind === 'listed').map((c) => c.provider))];
}

function refusalPlan(agg: Aggregate, ctx: RuleContext): RefusalPlan | null {
  const min = ctx.threshold('minRefusals');
  const { classes: all, ourIps, checkedDomains } = classifyRefusals(agg);
  // A class counts by every line that carries the receiver's answer, cached repeats included (a log that starts
  // after the answer holds only those); the figures then tell the two apart.
  const classes = all.filter((c) => c.deferred + c.bounced + c.suspended >= min)
    .sort((a, b) => b.deferred + b.bounced - (a.deferred + a.bounced) || b.suspended - a.suspended || (a.provider + a.kind < b.provider + b.kind ? -1 : 1));
  if (classes.length === 0) return null;
  const kinds = new Set(classes.map((c) => c.kind));
  const ip = ranked(ourIps)[0] ?? '';
  const domain = sendingDomain(agg);
  const domainText = domain !== '' ? domain : 'your-domain.example';
  let auth: ReceiversAdvice['auth'] = null;
  let forwardedRefusals = 0;
  let forgedRefusals = 0;
  const forgedDomains: string[] = [];
  if (kinds.has('unauthenticated')) {
    const own = ownDomains(agg);
    if (domain !== '') own.add(domain);
    // The shortest of our domains that `d` is or lies under: example.jp for mail.example.jp.
    const ownerOf = (d: string): string | undefined => [...own].filter((o) => atOrBelow(d, o))
      .sort((a, b) => a.length - b.length || (a < b ? -1 : 1))[0];
    const named = ranked(checkedDomains);
    const ownNamed = named.filter((d) => ownerOf(d) !== undefined);
    for (const d of named) {
      if (ownerOf(d) !== undefined) continue;
      const all = checkedDomains.get(d)!;
      const fwd = Math.min(all, agg.refusedAuthForwarded.get(d) ?? 0);
      forwardedRefusals += fwd;
      if (all > fwd) { forgedDomains.push(d); forgedRefusals += all - fwd; }
    }
    if (named.length > 0 && ownNamed.length === 0) auth = forgedDomains.length > 0 ? 'forged' : 'forwarded';
    else {
      const spfDomains = ownNamed.length > 0 ? ownNamed.slice(0, 3) : [domainText];
      const dkimDomains = [...new Set(spfDomains.map((d) => ownerOf(d) ?? d))];
      auth = {
        spfDomains, named: ownNamed.length > 0, mailDomain: domainText, dkimDomains,
        subdomains: spfDomains.filter((d) => ownerOf(d) !== undefined && ownerOf(d) !== d),
      };
    }
  }
  const forwards = forwardedRefusals > 0 ? ranked(agg.refusedAuthForwards) : [];
  return { classes, kinds, ip, domain, checkedDomains, auth, forwardedRefusals, forwards, forgedDomains, forgedRefusals };
}

/** The messages named (in the title, the evidence, the advice) when there are at most this many. */
const NAMED_MESSAGES_MAX = 3;

/** Postfix's maximal_backoff_time default (4000 s): a deferred message is tried again within it. */
const MAX_BACKOFF_MS = 4_000_000;

interface RefusedFacts {
  /** Distinct recipients (message × address) the classes refused, their messages (each once), and what became of them. */
  recipients: number;
  messages: number;
  sentLater: number;
  bounced: number;
  /** Of `bounced`, those bounced later for their own mailbox (unknown user, full), not by the refusal (review AO, AO2). */
  bouncedOwn: number;
  notDelivered: number;
  /** Of `notDelivered`, those whose class stopped refusing long before the log's end (review AO, AO2). */
  pendingPast: number;
  deliveredBy: number;
  /** The messages with the most refused recipients, one entry per queue ID, most first. */
  top: RefusedMessage[];
  /**
   * Every class a rate limit that bounced nothing, and every recipient it refused delivered later (review AN, AN4: a
   * newsletter Gmail held back with 421-4.7.28 at 14:00–14:06, all 80 recipients sent by 14:20).
   */
  resolved: boolean;
}

/** What became of the recipients the plan's classes refused (Aggregate.refusedRecipients, folded per message). */
function refusedFacts(agg: Aggregate, classes: readonly ClassStats[]): RefusedFacts {
  const f: RefusedFacts = {
    recipients: 0, messages: 0, sentLater: 0, bounced: 0, bouncedOwn: 0, notDelivered: 0, pendingPast: 0, deliveredBy: -Infinity, top: [], resolved: false,
  };
  let everyClassDelivered = true;
  for (const c of classes) {
    const r = agg.refusedRecipients.get(`${c.provider} ${c.kind}`);
    if (r === undefined || r.recipients === 0) { everyClassDelivered = false; continue; }
    f.recipients += r.recipients; f.sentLater += r.sentLater; f.bounced += r.bounced; f.bouncedOwn += r.bouncedOwn;
    f.notDelivered += r.notDelivered;
    f.deliveredBy = Math.max(f.deliveredBy, r.deliveredBy);
    for (const m of r.top) if (!f.top.some((x) => x.qid === m.qid)) f.top.push(m);
    // Past the limit (review AO, AO2: a list post Gmail rate-limited at 10:00, taken at 10:20, where 12 of the 272 refused
    // subscribers' own mailboxes answered "550 5.1.1 … does not exist" or "552 5.2.2 Mailbox full", and one full Gmail
    // inbox "452-4.2.2" kept its copy queued all day): delivered later, or answered later for its own mailbox; still
    // queued when the class's last line, Postfix's cached re-deferrals included, came Postfix's longest retry interval
    // (maximal_backoff_time, 4000 s) or more before the log's end: a recipient still refused would have been tried since.
    const pastLater = agg.lastAt - c.lastSeenAt >= MAX_BACKOFF_MS ? r.notDelivered : 0;
    f.pendingPast += pastLater;
    if (r.sentLater === 0 || r.sentLater + r.bouncedOwn + pastLater < r.recipients) everyClassDelivered = false;
  }
  // A message refused by two of the classes is one (Aggregate.refusedMessageClasses).
  const ids = new Set(classes.map((c) => `${c.provider} ${c.kind}`));
  for (const [set, n] of agg.refusedMessageClasses) if (set.split('|').some((id) => ids.has(id))) f.messages += n;
  f.top.sort((a, b) => b.refused - a.refused || (a.qid < b.qid ? -1 : a.qid > b.qid ? 1 : 0));
  f.resolved = everyClassDelivered && f.recipients > 0 && classes.every((c) => c.kind === 'rate' && c.bounced === 0);
  return f;
}

/**
 * Findings of a rate limit every refused recipient got past, with no compromised account (RefusedFacts.resolved):
 * settle makes them low when no other rule shows spam either (open relay, backscatter).
 */
const RESOLVED = new WeakSet<Finding>();

/**
 * The findings of this report that show what hurts the reputation (spam sent through us): a compromised account, an
 * open relay or spam from our own host (not the info or low notes on our own networks), backscatter. The advice
 * names only these, never a finding the report does not have (review 12 H6).
 */
export function reputationCauses(findings: readonly Finding[]): string[] {
  const ids = ['compromised-account', 'open-relay', 'backscatter'];
  return ids.filter((id) => findings.some((f) => f.rule === id && f.severity !== 'info' && f.severity !== 'low'));
}

/**
 * postsrsd's lines in main.cf, the same in every language: 1.x answers on two TCP ports (the canonical maps' tcp:
 * tables); 2.x on one socketmap (roehling/postsrsd README: `socketmap:unix:srs:forward` / `…:reverse`). As `postconf -e`
 * lines, after a look at what is set now: a line replaces the setting of the same name (review Y, Y12).
 */
export function srsConfigLines(): string[] {
  return [
    'postconf sender_canonical_maps recipient_canonical_maps',
    "postconf -e 'sender_canonical_maps = tcp:localhost:10001'",
    "postconf -e 'sender_canonical_classes = envelope_sender'",
    "postconf -e 'recipient_canonical_maps = tcp:localhost:10002'",
    "postconf -e 'recipient_canonical_classes = envelope_recipient, header_recipient'",
  ];
}

/**
 * The opendkim socket and the milter address main.cf gets: one TCP port on the loopback address, which Postfix's
 * chrooted smtpd and cleanup reach (Debian's opendkim listens on local:/run/opendkim/opendkim.sock: a milter line
 * naming port 8891 tempfailed every message with 451 4.7.1; review Y, Y7).
 */
export const DKIM_SOCKET = 'inet:8891@127.0.0.1';
export const DKIM_MILTER = 'inet:127.0.0.1:8891';

/**
 * The opendkim setup as code blocks, the same in every language (review Y, Y8): the key (opendkim-genkey does not make
 * its directory; the key must be readable by the opendkim user), the opendkim.conf lines (Domain/Selector/KeyFile for
 * one domain, KeyTable/SigningTable for several) and the tables, then opendkim restarted and checked before Postfix
 * is pointed at it, with milter_default_action = accept.
 */
export function dkimBlocks(domains: readonly string[]): {
  key: string[]; conf: string[]; tables: Array<{ file: string; lines: string[] }>; milter: string[];
} {
  const key = ['```', ...domains.flatMap((d) => [
    `mkdir -p /etc/opendkim/keys/${d}`,
    `opendkim-genkey -b 2048 -d ${d} -s mail -D /etc/opendkim/keys/${d}/`,
  ]), 'chown -R opendkim:opendkim /etc/opendkim/keys', '```'];
  const one = domains.length === 1;
  const conf = ['```', ...(one
    ? [`Domain                  ${domains[0]}`, 'Selector                mail', `KeyFile                 /etc/opendkim/keys/${domains[0]}/mail.private`]
    : ['KeyTable                /etc/opendkim/key.table', 'SigningTable            refile:/etc/opendkim/signing.table']),
  `Socket                  ${DKIM_SOCKET}`, '```'];
  const tables = one ? [] : [
    { file: '/etc/opendkim/key.table', lines: ['```', ...domains.map((d) => `mail._domainkey.${d} ${d}:mail:/etc/opendkim/keys/${d}/mail.private`), '```'] },
    { file: '/etc/opendkim/signing.table', lines: ['```', ...domains.map((d) => `*@${d} mail._domainkey.${d}`), '```'] },
  ];
  const milter = [
    '```',
    'systemctl restart opendkim',
    'ss -ltn | grep 8891',
    'postconf smtpd_milters non_smtpd_milters milter_default_action',
    `postconf -e 'smtpd_milters = ${DKIM_MILTER}'`,
    "postconf -e 'non_smtpd_milters = $smtpd_milters'",
    "postconf -e 'milter_default_action = accept'",
    'postfix reload',
    '```',
  ];
  return { key, conf, tables, milter };
}

/**
 * The keys OpenDKIM signed with in this log ("DKIM-Signature field added (s=mail, d=example.jp)": "mail._domainkey.
 * example.jp"), most used first, when one of them is of each of `domains` or a domain above it: OpenDKIM signs their
 * mail already, and the advice must not have the admin make a new key (review AF). [] otherwise.
 */
export function dkimKeysCovering(agg: Aggregate, domains: readonly string[]): string[] {
  const keys = ranked(agg.dkimSigning.signedByKey);
  const domainOfKey = (k: string): string => k.slice(k.indexOf('._domainkey.') + 12);
  const covers = (k: string, d: string): boolean => atOrBelow(d, domainOfKey(k));
  if (keys.length === 0 || domains.length === 0 || !domains.every((d) => keys.some((k) => covers(k, d)))) return [];
  return keys.filter((k) => domains.some((d) => covers(k, d))).slice(0, 3);
}

/** The DKIM record of dns-records.txt: the shape of mail.txt's, a 2048-bit key split into strings of up to 255 characters. */
/** The advice where OpenDKIM runs without logging its signatures (en; ja-rules.ts has the Japanese): find its key. */
export const OPENDKIM_UNLOGGED_EN = 'OpenDKIM runs here (its lines about messages are in the log) but does not log the signatures it adds '
  + '(`SyslogSuccess` is off): do not install it again or make a new key, which would no longer match the published record. '
  + 'Find the key it signs with and check that its record is published and matches, then turn on `SyslogSuccess yes` and '
  + '`LogWhy yes` in /etc/opendkim.conf so that the log shows what it signs and why not (the unsigned-mail finding, when '
  + 'this report has one, names the mail it likely did not see):';
export const OPENDKIM_UNLOGGED_LINES = ['```', "grep -E '^(Domain|Selector|KeyFile|KeyTable|SigningTable|SyslogSuccess|LogWhy)' /etc/opendkim.conf",
  'cat /etc/opendkim/key.table 2>/dev/null', 'opendkim-testkey -d example.jp -s mail -vvv   # the domain and selector found above', '```'];

/**
 * Whether OpenDKIM runs here without logging its signatures (review AF rest): it logged lines about messages (any
 * line with a queue ID: verification, LogWhy's reasons) but no "DKIM-Signature field added", and no other signer
 * logged a signature. It has a key, then: the advice must not have the admin install it and make a new one.
 */
export function opendkimRunsUnlogged(agg: Aggregate): boolean {
  const d = agg.dkimSigning;
  return d.signedByKey.size === 0 && d.opendkimSawPickup + d.opendkimSawSmtpd > 0;
}

/** The signers whose signatures the log shows ("OpenDKIM", "rspamd", "amavis"), most lines first. */
export function dkimSignersSeen(agg: Aggregate): string[] {
  return ranked(agg.dkimSigning.signedBy).map((s) => (s === 'opendkim' ? 'OpenDKIM' : s));
}

export function dkimRecord(domain: string): string {
  return `mail._domainkey.${domain}. TXT ( "v=DKIM1; h=sha256; k=rsa; " "p=KEY-PART-1-FROM-mail.txt" "KEY-PART-2-FROM-mail.txt" )`;
}

/**
 * A recipient's own block list (Microsoft 5.7.513 "Customer Block list", review AC, F14) stays when the spam stops,
 * unlike the lists and blocks the opening paragraph says lift by themselves; '' when none listed the IP.
 */
function ownListsText(p: ReceiversAdvice): string {
  const own = p.ownLists ?? [];
  if (own.length === 0) return '';
  return ` ${own.length === 1 ? 'A recipient\'s own block list' : 'Recipients\' own block lists'} (${own.join(', ')}) `
    + `${own.length === 1 ? 'does' : 'do'} not lift when the spam stops: only the recipient's administrators remove the IP (see below).`;
}

/** What to do about the refusals, by their kinds; `null`: the general text (rules[].fix). */
export function receiversRefusingFix(p: ReceiversAdvice | null): string {
  const out: string[] = [];
  // Only the findings this report has (review 12 H6: "compromised-account finding" in a report without one).
  const causes = p === null ? [] : p.causes;
  const findingsText = (ids: string[]): string => (ids.length === 1 ? `the ${ids[0]!} finding`
    : `the ${ids.slice(0, -1).join(', ')} and ${ids[ids.length - 1]!} findings`);
  const named = findingsText(causes);
  // Forged senders come from an account or a relay; backscatter is the bounces they cause, not their source.
  const senders = causes.filter((c) => c !== 'backscatter');
  if (p === null) {
    out.push('First stop what hurts the reputation (the compromised account, open relay or backscatter findings), and delete '
      + 'the spam still queued (the queue-cleanup finding lists it, when there is one). Rate limits and reputation blocks lift '
      + 'by themselves days after the spam stops.');
  } else if (causes.length > 0) {
    out.push(`First stop what hurts the reputation (${named})${p.cleanup ? ', and delete the spam still queued (queue-cleanup finding)' : ''}. `
      + 'Rate limits and reputation blocks lift by themselves days after the spam stops.' + ownListsText(p));
  } else if (p.resolved === true) {
    // Every refused recipient got the mail later (review AN, AN4): nothing to repair; the next burst meets the limit again.
    const named = p.refusedMessages ?? [];
    const own = p.resolvedOwnMailbox ?? 0;
    out.push(`No finding of this report shows spam sent through this server, and every recipient the receivers refused got the mail later${own > 0
      ? `, but for ${own === 1 ? 'one' : fmt(own)} that ${own === 1 ? 'its own mailbox stopped' : 'their own mailboxes stopped'} (an unknown user, a full mailbox), which no limit causes` : ''}${named.length > 0 ? ` (${named.join('; ')})` : ''}: `
      + 'nothing to repair. A burst of bulk mail such as a newsletter draws rate limits, which lift by themselves once the rate '
      + 'drops; send such mail in smaller batches, or through a service made for bulk mail, so that the next one goes out without delay.');
  } else if (p.rate || p.listed || p.auth === 'forged') {
    const named = p.refusedMessages ?? [];
    const look = 'No finding of this report shows spam sent through this server. ' + (named.length > 0
      ? `The refused mail: ${named.join('; ')}`
      : 'Look at whose mail was refused (the example lines; grep the log for a refused line\'s queue ID: its `client=` line names the client, `sasl_username=` the login)');
    const own = p.ownLists ?? [];
    // Only a recipient's own list (review AC, F14): it is not one of the lists that lift days after the spam stops.
    const othersListed = p.listed && (p.delistAt === undefined || p.delistAt.length > own.length);
    out.push(own.length === 0
      ? `${look}: a burst of bulk mail such as a newsletter draws rate limits too, which lift by themselves once the rate drops; `
        + 'block lists and reputation blocks lift days after the spam stops.'
      : look + (p.rate || othersListed
        ? ': a burst of bulk mail such as a newsletter draws rate limits too, which lift by themselves once the rate drops; '
          + `${othersListed ? 'block lists and reputation blocks lift' : 'reputation blocks lift'} days after the spam stops.`
        : '.') + ownListsText(p));
  }
  if (p !== null && p.resend !== undefined) {
    // The users' own mail a receiver bounced because it refuses this server (review AM, AM2): its recipients never got it.
    const r = p.resend;
    out.push('', `Your users' own mail that a receiver bounced because it refuses this server: ${r.messages === 1 ? 'one message' : `${fmt(r.messages)} messages`} `
      + `to ${r.recipients === 1 ? 'one recipient' : `${fmt(r.recipients)} recipients`} (evidence "${evidenceRowName('receivers-refusing', 'usersMailRefused', 'en')}"), sent by ${r.users.join(', ')}. `
      + 'Its recipients never got it: once the receiver takes this server\'s mail again (the IP delisted, the limit lifted), ask '
      + `${r.users.length === 1 ? 'that sender' : 'those senders'} to send it again.`);
  }
  const auth = p === null ? 'general' : p.auth;
  if (auth === 'forged') {
    out.push('', 'Unauthenticated (5.7.26, 5.7.27): the receivers checked other people\'s domains only (evidence '
      + `"${evidenceRowName('receivers-refusing', 'domainsFailingAuthentication', 'en')}"): your server`
      + ' sent mail with forged senders, and they are right to refuse it. No DNS '
      + 'record changes that: stop the mail ' + (senders.length > 0 ? `(${findingsText(senders)}).` : 'at its source (no finding of this report names it: '
        + 'the refused lines\' queue IDs lead to the client and login that sent it).'));
  }
  if (p !== null && p.forwarded !== null) {
    const f = p.forwarded;
    const domain = f.domain !== '' ? f.domain : 'your-domain.example';
    out.push('', `Forwarded mail (5.7.26): ${f.refusals === 1 ? 'one refusal was' : `${fmt(f.refusals)} refusals were`} of mail this `
      + `server forwarded for an alias of yours (${f.forwards.join(', ')}; \`orig_to=\` in the lines). Forwarding keeps the `
      + 'original sender, whose SPF does not list this server, and the receiver refuses mail that neither SPF nor DKIM vouches '
      + 'for, or that the sender\'s DMARC policy tells it to reject; the bounce goes back to the original sender, and the '
      + 'alias\'s owner never sees the mail. It is not forged mail, '
      + 'and no DNS record changes it. Either rewrite the envelope sender of forwarded mail to an address of yours (SRS, the '
      + `Sender Rewriting Scheme), so that SPF is checked against ${domain}: install postsrsd with ${domain} as its SRS domain `
      + '(`SRS_DOMAIN` in /etc/default/postsrsd for 1.x, `srs-domain` in /etc/postsrsd.conf for 2.x) and set the canonical maps '
      + '(a `postconf -e` line replaces the setting of the same name: where the first line shows a map already, list both, comma-separated):',
    '', '```', ...srsConfigLines(), '```', '',
    'For postsrsd 2.x the two maps are `socketmap:unix:srs:forward` and `socketmap:unix:srs:reverse`. Then `postfix reload`, and '
      + `check that the SPF record of ${domain} lists this server (\`dig +short txt ${domain}\`). The receiver then sees SPF pass `
      + `for ${domain}; mail of a sender whose DMARC policy is reject still needs its DKIM signature to survive the forwarding `
      + '(it does when nothing changes the message). Or stop forwarding: keep the mail in the mailbox here and read it over '
      + 'IMAP (a phone\'s mail app does), instead of an alias to the outside address.');
  }
  if (auth !== null && auth !== 'forged' && auth !== 'forwarded') {
    const spfNames = auth === 'general' ? ['<domain>'] : auth.spfDomains;
    const dkimNames = auth === 'general' ? ['<domain>'] : auth.dkimDomains;
    const intro = auth === 'general'
      ? `Unauthenticated (5.7.26, 5.7.27): look first at which domain failed (evidence "${evidenceRowName('receivers-refusing', 'domainsFailingAuthentication', 'en')}"). When `
        + `they are all other people's domains (evidence "${evidenceRowName('receivers-refusing', 'ourDomainAmongThem', 'en')}": no), your server`
        + ' sent mail with forged senders and the '
        + 'receivers are right to refuse it: no DNS record changes that; stop the mail (compromised-account finding). Unless '
        + `the refused lines carry \`orig_to=\` (evidence "${evidenceRowName('receivers-refusing', 'forwardedMailRefusals', 'en')}"): that is`
        + ' mail forwarded for an alias of yours, '
        + 'which keeps its original sender; rewrite the sender with SRS (postsrsd) or stop forwarding. When '
        + 'your domain is among them, publish SPF for the domain the receiver named (Gmail: `SPF check for [mail.example.com]`), '
        + 'and DKIM and DMARC: `dns-records.txt` holds the records, filled in with that domain and the IP the receivers saw.'
      : auth.named
        ? `Unauthenticated (5.7.26, 5.7.27): the receivers checked ${auth.spfDomains.join(', ')}, yours, and it did not pass: `
          + `publish the records of \`dns-records.txt\`: SPF for ${auth.spfDomains.join(', ')}, DKIM and DMARC for `
          + `${auth.dkimDomains.join(', ')}, filled in with the IP the receivers saw.`
        : 'Unauthenticated (5.7.26, 5.7.27): the receivers did not name the domain they checked: publish the records of '
          + `\`dns-records.txt\` for ${auth.mailDomain}, the domain of your users, filled in with the IP the receivers saw.`;
    out.push('', intro + ` Look at what is published first (${spfNames.map((d) => `\`dig +short txt ${d}\``).join(', ')}): a `
      + 'domain has one SPF record, so add the IP to the existing one rather than publishing a second (two `v=spf1` records '
      + 'are a permerror, and SPF then fails for all its mail). The record ends in `~all` because `-all` would hard-fail '
      + 'every other service that sends as the domain (Microsoft 365, Google Workspace, a newsletter service) until it is '
      + 'listed; DMARC starts at `p=none`. Move to `-all` and `p=quarantine` once the DMARC reports show all your mail passing.');
    // The rua address of the record offered: a name no server has by itself (review AM, AM3), so Postfix would refuse
    // the reports ("550 5.1.1 … User unknown in virtual mailbox table") and there would be none to read.
    const rua = dkimNames.map(dmarcReportAddress);
    out.push('', `The DMARC record sends its reports to ${rua.map((a) => `\`${a}\``).join(', ')}: create that address first, or Postfix `
      + 'refuses them as "User unknown" and there are none to read. An alias to a real mailbox in the virtual alias map '
      + `(\`${rua[0]}  you@${dkimNames[0]}\` in \`/etc/postfix/virtual\`), then \`postmap /etc/postfix/virtual\`; check: `
      + `${rua.map((a) => `\`postmap -q ${a} hash:/etc/postfix/virtual\``).join(', ')} prints the mailbox. Or put a mailbox that exists in \`rua=mailto:\`.`);
    const subs = auth === 'general' ? null : auth.subdomains;
    if (subs === null || subs.length > 0) {
      const domain = auth === 'general' ? 'example.com' : auth.mailDomain;
      out.push('', (subs === null
        ? 'When the domain named is a host name such as mail.example.com, it'
        : `${subs.join(', ')} ${subs.length === 1 ? 'is a host name' : 'are host names'} under ${domain}: it`)
        + ' is the envelope domain of mail that programs on the server send (a web form through sendmail as www-data, cron '
        + 'as root) while `main.cf` has `myorigin = $myhostname`. Instead of a record for it, you can send that mail with an '
        + `address of ${domain}: \`sendmail -f webform@${domain}\` in the program (PHP: \`sendmail_path = /usr/sbin/sendmail -t -i `
        + `-f webform@${domain}\` in php.ini), or \`myorigin = $mydomain\` in main.cf for all of it (mail to local users such as `
        + `root then goes to ${domain} too: make sure those addresses exist there, as aliases for instance). The SPF record of `
        + `${domain} then applies.`);
    }
    const inUse = p === null ? [] : p.dkimInUse ?? [];
    if (inUse.length === 0 && p !== null && p.opendkimUnlogged === true) {
      // OpenDKIM runs but does not log what it signs (review AF rest): it has a key; find it rather than make one.
      out.push('', OPENDKIM_UNLOGGED_EN, '', ...OPENDKIM_UNLOGGED_LINES);
    } else if (inUse.length > 0) {
      // OpenDKIM signs mail of these domains already (review AF): a new key would replace the one whose record is published.
      const cut = inUse[0]!.indexOf('._domainkey.');
      const signers = p !== null && (p.dkimSigners ?? []).length > 0 ? p.dkimSigners!.join(' and ') : 'OpenDKIM';
      out.push('', `${signers} already ${signers.indexOf(' and ') > 0 ? 'sign' : 'signs'} mail here (${inUse.join(', ')} in the log): do not install OpenDKIM again or make a new key, `
        + 'which would no longer match the published record. Check that the record is published and matches the key, then '
        + 'look at the mail it did not sign (the unsigned-mail finding, when this report has one, names it and why):',
      '', '```', `dig +short txt ${inUse[0]!}`, `opendkim-testkey -d ${inUse[0]!.slice(cut + 12)} -s ${inUse[0]!.slice(0, cut)} -vvv`, '```');
    } else {
    const dkim = dkimBlocks(dkimNames);
    const first = dkimNames[0]!;
    out.push('', 'Then sign the mail with opendkim (`apt install opendkim opendkim-tools`). Make the key of '
      + (dkimNames.length === 1 ? 'the domain' : 'each domain') + ' (`opendkim-genkey` does not create its directory), '
      + 'readable by the opendkim user:', '', ...dkim.key, '',
    '`mail.txt` next to the key is its DNS record (the `mail._domainkey` TXT record of `dns-records.txt`): publish it as it is. '
      + 'A 2048-bit key is longer than one TXT string may be (255 characters), so it is split into several quoted strings, '
      + 'which DNS joins: keep them split (one string of over 255 characters is refused or cut by zone files and many DNS forms).',
    '', (dkimNames.length === 1
      ? 'In `/etc/opendkim.conf`, set these four lines (Debian\'s has `Domain`, `Selector` and `KeyFile` commented out; '
      : 'In `/etc/opendkim.conf`, set these lines (')
      + 'the `Socket` line replaces Debian\'s `Socket local:/run/opendkim/opendkim.sock`: Postfix connects to the TCP port below)'
      + (dkimNames.length === 1 ? ':' : ', and write the two tables:'),
    '', ...dkim.conf,
    ...dkim.tables.flatMap((t) => ['', `\`${t.file}\`:`, '', ...t.lines]),
    '', 'Restart opendkim and check that it listens on the port before pointing Postfix at it (`ss` must show `127.0.0.1:8891`; '
      + 'a milter that does not answer holds up every message). A `postconf -e` line replaces the setting of the same name: if '
      + '`smtpd_milters` already lists milters, keep them in your line, comma-separated. With `milter_default_action = accept`, '
      + 'mail goes out unsigned while opendkim is down instead of being refused (`451 4.7.1`, the default `tempfail`):',
    '', ...dkim.milter, '',
    `Then send a message to an outside mailbox: its header must have \`DKIM-Signature: … d=${first}; s=mail;\`. Once the `
      + `record is published, \`opendkim-testkey -d ${first} -s mail -vvv\` must say \`key OK\` (\`key not secure\` only means `
      + 'the zone has no DNSSEC).');
    }
  }
  if (p === null || p.noPtr) {
    out.push('', 'No PTR (5.7.25): the IP\'s reverse DNS must name a host that resolves back to the IP (`dig +short -x <ip>`, then '
      + '`dig +short <that name>`); ask whoever owns the IP (provider, cloud console) to set it to your `myhostname`.');
  }
  if (p !== null && p.relayRequired === true) {
    // Gmail's NotAuthorizedError (review AC, F4): its help sends the sender to its provider's relay.
    out.push('', 'Not accepted directly (Gmail NotAuthorizedError): the receiver takes no mail straight from this IP, whatever it '
      + 'sends: the address is in a range it treats as dynamic or residential (Spamhaus\'s PBL often lists such ranges too). No '
      + 'delisting request and no PTR record lifts that. Send through your provider\'s relay (its submission server, with your '
      + 'login), or move the mail server to a fixed IP meant for sending mail.', '', ...relayhostSteps(EN_RELAY_LINES));
  }
  if (p !== null && p.tlsRequired === true && p.relayRequired !== true) {
    // Gmail 4.7.29/5.7.29 (review AC, F13): Postfix's SMTP client uses TLS only when smtp_tls_security_level says so
    // (empty by default upstream; Debian's main.cf sets `may`). Not beside the relay above, whose `encrypt` covers it
    // (a `may` after it would weaken the relay's).
    out.push('', 'No TLS (Gmail 4.7.29, 5.7.29): the receiver wants the mail over TLS, and this server sent it in the clear. Look at '
      + 'the setting, then let Postfix use TLS whenever the receiver offers it (Gmail does); `may` still delivers to a server '
      + 'without TLS:', '', '```', 'postconf smtp_tls_security_level smtp_tls_loglevel',
    "postconf -e 'smtp_tls_security_level = may'", "postconf -e 'smtp_tls_loglevel = 1'", 'postfix reload && postqueue -f', '```', '',
    'The next deliveries to Gmail then log `Trusted TLS connection established to gmail-smtp-in.l.google.com[…]:25`.');
  }
  if (p !== null && p.listed && p.delistAt !== undefined && p.delistAt.length > 0) {
    // Where, with the URL (review Z, Z22: "the `delisting` evidence names where" sent the reader looking). A recipient's
    // own list alone has no delisting to request (review AC, F14).
    const ownOnly = (p.ownLists ?? []).length === p.delistAt.length;
    out.push('', ownOnly ? 'Block lists: once the spam has stopped, ask for the IP to be removed:'
      : 'Block lists: once the spam has stopped, request delisting where the IP is listed; asking before gets it listed again for longer:',
    '', ...p.delistAt.map((x) => `- ${x}`));
  } else if (p === null || p.listed) {
    out.push('', 'Block lists (Spamhaus, Microsoft S3150 …): after the cleanup, request delisting (the `delisting` evidence names '
      + 'where); asking before the spam has stopped gets the IP listed again for longer.');
  }
  // Without an opening paragraph (nothing hurts the reputation: forwarded mail, our own domain failing) the first is blank.
  return out.join('\n').replace(/^\n+/, '');
}

/** Where the DMARC record offered for `domain` sends its aggregate reports (rua). */
export function dmarcReportAddress(domain: string): string {
  return `dmarc-reports@${domain}`;
}

/** The notes that head dns-records.txt (the file is sorted: "; 1." … stay first and in order). */
export function dnsRecordNotes(p: { spfDomains: string[]; mechanism: string; dmarcDomains: string[] }): string[] {
  const rua = p.dmarcDomains.map(dmarcReportAddress);
  return [
    `; 1. Look first: ${p.spfDomains.map((d) => `dig +short txt ${d}`).join(', ')}. A domain has one SPF record: if it has one, `
      + `add ${p.mechanism} to it instead of a second v=spf1 record (two are a permerror: SPF then fails for all its mail).`,
    '; 2. ~all until every service that sends as the domain (Microsoft 365, Google Workspace, a newsletter service) is in the '
      + 'record: -all would hard-fail the others.',
    '; 3. DMARC starts at p=none: read the rua reports, then move to p=quarantine once all your mail passes SPF or DKIM. '
      + `Create ${rua.join(', ')} before publishing, or Postfix refuses the reports as User unknown: an alias to a real mailbox `
      + `in /etc/postfix/virtual (${rua[0]}  you@${p.dmarcDomains[0]}), postmap /etc/postfix/virtual, check: `
      + `${rua.map((a) => `postmap -q ${a} hash:/etc/postfix/virtual`).join(', ')}; or put a mailbox that exists in rua=mailto:.`,
    '; 4. DKIM: publish the record of mail.txt (opendkim-genkey writes it next to the key) as it is: a 2048-bit key is split '
      + 'into quoted strings of up to 255 characters, which DNS joins; one longer string is refused or cut.',
  ];
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
  fix: receiversRefusingFix(null),
  advise(_finding, findings, agg, ctx) {
    const plan = refusalPlan(agg, ctx);
    if (plan === null) return undefined;
    const facts = refusedFacts(agg, plan.classes);
    const own = usersMailRefused(agg, new Set(findCompromised(agg, ctx).map((c) => c.user)));
    return ctx.messages.advice.receiversRefusing({
      ...(facts.messages > 0 && facts.messages <= NAMED_MESSAGES_MAX ? { refusedMessages: facts.top.map(ctx.messages.findings.refusedMessage) } : {}),
      ...(facts.resolved ? { resolved: true, ...(facts.bouncedOwn + facts.pendingPast > 0 ? { resolvedOwnMailbox: facts.bouncedOwn + facts.pendingPast } : {}) } : {}),
      ...(own.messages > 0 ? { resend: { messages: own.messages, recipients: own.recipients, users: own.users.slice(0, 10) } } : {}),
      cleanup: findings.some((x) => x.rule === 'queue-cleanup'),
      causes: reputationCauses(findings),
      auth: plan.auth,
      forwarded: plan.forwardedRefusals > 0 ? { refusals: plan.forwardedRefusals, forwards: plan.forwards.slice(0, 3), domain: plan.domain } : null,
      rate: plan.kinds.has('rate'),
      noPtr: plan.kinds.has('no-ptr'),
      relayRequired: plan.kinds.has('relay-required'),
      tlsRequired: plan.kinds.has('tls-required'),
      dkimInUse: typeof plan.auth === 'object' && plan.auth !== null ? dkimKeysCovering(agg, plan.auth.dkimDomains) : [],
      dkimSigners: dkimSignersSeen(agg),
      opendkimUnlogged: opendkimRunsUnlogged(agg),
      listed: plan.kinds.has('listed'),
      delistAt: listedProviders(plan.classes).map((p) => ctx.messages.findings.delistAt(p)),
      ownLists: listedProviders(plan.classes).filter((p) => RECIPIENT_OWN_LISTS.includes(p)),
    });
  },
  settle(f, findings) {
    // Spam another rule found (an open relay, backscatter): the rule's own why, and a rate limit is no footnote.
    if (reputationCauses(findings).length > 0) {
      delete f.why;
      return undefined;
    }
    // Lowered only now, once no rule shows spam: the other rules' advice (queue-flood's) read the severity detect gave.
    return RESOLVED.has(f) ? 'low' : undefined;
  },
  detect(agg, ctx) {
    const plan = refusalPlan(agg, ctx);
    if (plan === null) return [];
    const { classes, kinds, ip, domain, checkedDomains } = plan;
    const at = timeText(agg);
    const ipText = ip !== '' ? ip : 'YOUR.IP.ADDRESS';
    const domainText = domain !== '' ? domain : 'your-domain.example';
    const providers = [...new Set(classes.map((c) => c.provider))];
    const total = classes.reduce((s, c) => s + c.deferred + c.bounced, 0);
    const reDeferred = classes.reduce((s, c) => s + c.suspended, 0);
    const first = Math.min(...classes.map((c) => c.firstAt));
    const last = Math.max(...classes.map((c) => c.lastAt));
    const order: Severity[] = ['critical', 'high', 'medium', 'low', 'info'];
    // SPF/DKIM refusals that were all of mail forwarded for an alias (orig_to=) are a forwarding set-up to change, the
    // alias's owner missing that mail: medium, not the high of our own domain failing (review 12 H6).
    const unauthTotal = classes.filter((c) => c.kind === 'unauthenticated').reduce((n, c) => n + c.deferred + c.bounced, 0);
    const allForwarded = plan.auth === 'forwarded' && plan.forwardedRefusals >= unauthTotal;
    const taken = findCompromised(agg, ctx);
    // Distinct recipients and messages behind the answers (review AN, AN5), and whether every one got the mail later:
    // without spam known, a rate limit that delayed mail and lost none is low, a note on how fast bulk mail goes out
    // (review AN, AN4); not info, since the same burst meets the limit again and the advice is to pace it.
    const facts = refusedFacts(agg, classes);
    const resolved = facts.resolved && taken.length === 0;
    const severity = classes.map((c) => (c.kind === 'unauthenticated' && allForwarded ? 'medium'
      : c.bounced > 0 || c.kind !== 'rate' ? KIND_SEVERITY[c.kind] : 'medium'))
      .sort((a, b) => order.indexOf(a) - order.indexOf(b))[0]!;
    const compromised = taken.filter((c) => c.forgedMessages > 0 || c.failuresBefore > 0).map((c) => c.user);
    const own = usersMailRefused(agg, new Set(taken.map((c) => c.user)));

    const m = ctx.messages;
    const describe = (c: (typeof classes)[number]): string => m.findings.refusalClass({
      provider: c.provider, kind: c.kind, code: c.code, deferred: c.deferred, bounced: c.bounced, suspended: c.suspended,
    });
    // Each class's count under its own key ("gmailRate"); the classes in words, with their codes, are the title's: an
    // evidence row "classes" with the same sentence repeated the title and these counts (review AG, AG7).
    const evidence: Record<string, number | string> = {
      ...(facts.recipients > 0 ? { recipientsRefused: facts.recipients, messagesRefused: facts.messages } : {}),
      refusals: total,
      ...(reDeferred > 0 ? { reDeferredWithoutContact: reDeferred } : {}),
      receivers: providers.map(m.findings.provider).join(', '),
    };
    for (const c of classes) {
      const key = refusalEvidenceKey(c.provider, c.kind);
      evidence[key] = (Number(evidence[key]) || 0) + c.deferred + c.bounced;
    }
    if (facts.sentLater > 0) evidence.recipientsRefusedDeliveredLater = facts.sentLater;
    if (facts.bounced > 0) evidence.recipientsRefusedBounced = facts.bounced;
    if (facts.bouncedOwn > 0) evidence.recipientsRefusedBouncedOwnMailbox = facts.bouncedOwn;
    if (facts.notDelivered > 0) evidence.recipientsRefusedNotDelivered = facts.notDelivered;
    if (facts.pendingPast > 0) evidence.recipientsRefusedQueuedAfterLimit = facts.pendingPast;
    // The messages behind them when few (review AN, AN4: 5E7F1A2B3C4, info@'s 300-recipient newsletter), not a grep to run.
    const named = facts.messages > 0 && facts.messages <= NAMED_MESSAGES_MAX ? facts.top : [];
    if (named.length > 0) evidence.messagesRefusedNamed = named.map(m.findings.refusedMessage).join('; ');
    evidence.ourIp = ip;
    evidence.sendingDomain = domain;
    // The users' own mail (not a compromised account's) that a receiver bounced because it refuses this server: its
    // recipients never got it, and will once the server is trusted again (review AM, AM2: on the corpus incident
    // 3173A160862 of takahashi@ and 1FF5816087E of sato@, Microsoft's block list, lines 4856 and 5907's message).
    if (own.messages > 0) {
      evidence.usersMailRefused = own.messages;
      evidence.usersMailRefusedRecipients = own.recipients;
      evidence.usersMailRefusedSenders = own.users.slice(0, 10).join(', ') + (own.users.length > 10 ? ` … (${fmt(own.users.length)})` : '');
    }
    const lists: Record<string, string[]> = {};
    const checkedNamed = ranked(checkedDomains);
    const forgedOnly = plan.auth === 'forged';
    const forgedAuth = forgedOnly ? { refusals: plan.forgedRefusals, domains: plan.forgedDomains.slice(0, 3), ownDomain: domainText } : null;
    // Aliases as the log names them: "yamada@example.jp → yamada.home@gmail.com" (the first three).
    const forwardedAuth = plan.forwardedRefusals > 0 && (plan.auth === 'forged' || plan.auth === 'forwarded')
      ? { refusals: plan.forwardedRefusals, forwards: plan.forwards.slice(0, 3), moreForwards: Math.max(0, plan.forwards.length - 3), all: plan.auth === 'forwarded' }
      : null;
    if (kinds.has('unauthenticated')) {
      // The first 8, and how many more: the counts shown must not look like all of them (81 refusals, 79 shown).
      evidence.domainsFailingAuthentication = checkedNamed.slice(0, 8).map((d) => `${d} (${fmt(checkedDomains.get(d)!)})`).join(', ')
        + (checkedNamed.length > 8 ? ` and ${fmt(checkedNamed.length - 8)} more` : '');
      evidence.ourDomainAmongThem = typeof plan.auth === 'object' && plan.auth !== null && plan.auth.named ? 'yes' : 'no';
      if (plan.forwardedRefusals > 0) {
        evidence.forwardedMailRefusals = plan.forwardedRefusals;
        evidence.refusedForwards = plan.forwards.slice(0, 8).map((f) => `${f} (${fmt(agg.refusedAuthForwards.get(f)!)})`).join(', ')
          + (plan.forwards.length > 8 ? ` and ${fmt(plan.forwards.length - 8)} more` : '');
      }
    }
    if (typeof plan.auth === 'object' && plan.auth !== null) {
      // SPF for the domains the receivers checked; DKIM and DMARC for the domains they belong to (relaxed alignment:
      // d=example.jp and _dmarc.example.jp cover mail.example.jp). `~all` and `p=none`: see the notes of the file.
      const ipMech = ip.indexOf(':') >= 0 ? `ip6:${ipText}` : `ip4:${ipText}`;
      const spf = plan.auth.spfDomains.map((d) => `${d}. TXT "v=spf1 ${ipMech} ~all"`);
      // OpenDKIM signs these domains already (review AF): no new key, no record for one; the key in use is named.
      // Nor where OpenDKIM runs without logging its signatures: it has a key, which the advice has the admin find.
      const inUse = dkimKeysCovering(agg, plan.auth.dkimDomains);
      const unlogged = inUse.length === 0 && opendkimRunsUnlogged(agg);
      const dkim = inUse.length > 0 || unlogged ? [] : plan.auth.dkimDomains.map(dkimRecord);
      const dmarc = plan.auth.dkimDomains.map((d) => `_dmarc.${d}. TXT "v=DMARC1; p=none; rua=mailto:${dmarcReportAddress(d)}"`);
      evidence.spfRecord = spf.join(' | ');
      if (inUse.length > 0) evidence.dkimKeyInUse = inUse.join(', ');
      else if (unlogged) evidence.dkimKeyInUse = 'OpenDKIM (SyslogSuccess no)';
      else {
        evidence.dkimKey = plan.auth.dkimDomains.map((d) => `mkdir -p /etc/opendkim/keys/${d} && opendkim-genkey -b 2048 -d ${d} -s mail -D /etc/opendkim/keys/${d}/`).join(' | ');
        evidence.dkimRecord = dkim.join(' | ');
      }
      evidence.dmarcRecord = dmarc.join(' | ');
      lists['dns-records.txt'] = [...m.advice.dnsRecordNotes({ spfDomains: plan.auth.spfDomains, mechanism: ipMech, dmarcDomains: plan.auth.dkimDomains }), ...spf, ...dkim, ...dmarc];
    }
    if ((kinds.has('unauthenticated') && typeof plan.auth === 'object') || kinds.has('no-ptr')) {
      evidence.ptrCheck = m.findings.ptrCheck(ipText, domainText);
    }
    if (kinds.has('listed')) {
      evidence.delisting = m.findings.delisting(listedProviders(classes));
    }
    const finding: Finding = {
      rule: 'receivers-refusing',
      severity,
      title: m.findings.receiversRefusing({
        providers, ip, spammers: compromised, total, reDeferred, first: shortTime(at(first), m.unknownTime), last: shortTime(at(last), m.unknownTime),
        classes: classes.slice(0, 5).map(describe), forgedAuth, forwardedAuth,
        ...(facts.recipients > 0 ? { refused: { recipients: facts.recipients, messages: facts.messages, named: named.map((x) => ({ qid: x.qid, sender: x.sender })) } } : {}),
        ...(resolved ? {
          resolved: {
            deliveredBy: Number.isFinite(facts.deliveredBy) ? shortTime(at(facts.deliveredBy), m.unknownTime) : '', delivered: facts.sentLater, bouncedOwn: facts.bouncedOwn, pending: facts.pendingPast,
          },
        } : {}),
      }),
      subject: { kind: 'receivers', value: providers.map(m.findings.provider).join(', ') },
      firstAt: at(first),
      lastAt: at(last),
      evidence,
      examples: pickExamples(classes.map((c) => c.example), 6),
      impact: total,
      ...(Object.keys(lists).length > 0 ? { lists } : {}),
      // No spam known (no compromised account; settle drops it when another rule shows spam): no "retry of the spam".
      ...(taken.length === 0 ? { why: m.findings.receiversRefusingWhyNoSpam } : {}),
    };
    if (resolved) RESOLVED.add(finding);
    return [finding];
  },
};

/**
 * The messages of SASL users other than the compromised accounts (`taken`) with recipients a receiver bounced because it
 * refuses this server (SaslUserStats.receiverRefusedMessages), their recipients, and those users, most messages first.
 */
function usersMailRefused(agg: Aggregate, taken: ReadonlySet<string>): { messages: number; recipients: number; users: string[] } {
  let messages = 0;
  let recipients = 0;
  const users: Array<[string, number]> = [];
  for (const [user, u] of agg.bySaslUser) {
    if (u.receiverRefusedMessages === 0 || taken.has(user)) continue;
    messages += u.receiverRefusedMessages;
    recipients += u.receiverRefusedRecipients;
    users.push([user, u.receiverRefusedMessages]);
  }
  users.sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
  return { messages, recipients, users: users.map(([user]) => user) };
}
