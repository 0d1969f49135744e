// The server itself in trouble: daemons dying, the disk or queue failing, the authentication service not
// answering, DNS lookups failing, TLS handshakes failing in bulk. Read from daemonProblems ("severity daemon:
// normalised text", classified once per group), totals.authServerErrors and the deferral reasons:
//   "fatal: open database /etc/postfix/virtual.db: No such file or directory"        "panic: myfree: corrupt …"
//   "warning: process /usr/lib/postfix/sbin/smtpd pid 46234 killed by signal 11"
//   "warning: unknown[192.0.2.7]: SASL LOGIN authentication failed: Connection lost to authentication server"
//   "dovecot: auth: Error: auth client 0 disconnected with 1 pending requests: EOF"
//   "…, status=deferred (Host or domain name not found. Name service error for name=example.com type=MX: Host not found, try again)"
//   "warning: 8B2C4160662: write queue file: No space left on device" ; "… 452 4.3.1 Insufficient system storage"
//   "warning: TLS library problem: error:0A000126:SSL routines::unexpected eof while reading"
//   "SSL_accept error from unknown[45.129.119.230]: -1"          (per client IP: session-problems.ts "SSL_accept error")
// The fix shows the advice of the classes that fired only (review 10, L1: a TLS-only finding printed the disk, DNS,
// Dovecot auth and process-limit advice too).

import type { Aggregate, Example, ReasonStats, Severity } from '../../types.js';
import type { ServerTroubleAdvice, TroubleClass } from '../../i18n/index.js';
import type { Rule, RuleContext } from '../rule.js';
import { pickExamples, shortTime, timeText } from '../util.js';
import { HOUR_MS } from '../../aggregate/create.js';
import { mailboxFailuresByHour } from '../../aggregate/timeline.js';
import { sessionProblemsOf } from '../../aggregate/session-problems.js';
import { findCompromised } from './compromised-account.js';
import { cutReason } from '../cut-reason.js';

type Trouble = TroubleClass;

const SEVERITY: Record<Trouble, Severity> = { disk: 'critical', crash: 'high', auth: 'medium', dns: 'medium', capacity: 'medium', tls: 'low' };

const DISK = /No space left on device|queue file write error|write queue file|Insufficient system storage|not enough free space|Disk quota exceeded|file system full|Read-only file system/i;
const DNS = /Name service error|Host not found, try again|Temporary failure in name resolution|DNS lookup (?:failure|error)/i;

/** Class of a daemonProblems key ("warning smtpd: …", "error dovecot-auth: …"), or null when it is routine. */
function classOf(key: string): Trouble | null {
  if (DISK.test(key)) return 'disk';
  const sp = key.indexOf(' ');
  const severity = key.slice(0, sp);
  const daemon = key.slice(sp + 1, key.indexOf(': ', sp));
  if (daemon.startsWith('dovecot-auth') && severity !== 'warning') return 'auth';
  if (/cannot connect to saslauthd|Connection lost to auth|auth server/i.test(key)) return 'auth';
  if (severity === 'fatal' || severity === 'panic' || key.indexOf('killed by signal') >= 0) return 'crash';
  if (key.indexOf('has reached its process limit') >= 0) return 'capacity';
  if (/\bTLS\b|SSL_|SSL routines|handshake/.test(key)) return 'tls';
  if (DNS.test(key)) return 'dns';
  return null;
}

interface Group {
  count: number;
  first: number;
  last: number;
  examples: Array<Example | null>;
  texts: Array<[string, number]>;
  daemons: Set<string>;
}

/** Who got smtpd's 454 answers ("SASL LOGIN authentication failed: Connection lost to authentication server"). */
export interface AuthServerErrorSplit {
  /** Clients that were not guessing: they logged in successfully, or failed no password check other than the 454s. */
  toUsers: number;
  userIps: number;
  /** Clients that were guessing: other failed logins and never a login of their own (or a compromised account's abusers). */
  toAttackers: number;
  attackerIps: number;
}

/**
 * Splits the 454s by client. All 29 of the corpus incident went to 127.66.* IPs that also failed password checks
 * and never logged in ("unknown[127.66.215.44]: SASL LOGIN authentication failed: Connection lost to
 * authentication server" ×6, beside its "authentication failed: UGFzc3dvcmQ6" lines): real users were not hit.
 * A login does not clear an IP that used a compromised account: the guesser ("disconnect from
 * unknown[127.66.6.6] … auth=1/2") and the IPs that sent as the account after the guess are abusers.
 */
export function splitAuthServerErrors(agg: Aggregate, ctx: RuleContext): AuthServerErrorSplit {
  const out: AuthServerErrorSplit = { toUsers: 0, userIps: 0, toAttackers: 0, attackerIps: 0 };
  let abusers: Set<string> | undefined;
  for (const [ip, r] of agg.byClientIp) {
    if (r.authServerErrors === 0) continue;
    const otherFailures = r.authFailures - r.authServerErrors + r.authAborted + Math.max(r.mailboxLoginFailures, r.mailboxAuthFailures);
    const loggedIn = Number.isFinite(r.firstAuthOkAt) || r.saslUsers !== null;
    if (abusers === undefined) {
      abusers = new Set();
      for (const c of findCompromised(agg, ctx)) {
        if (c.guessedFrom !== '') abusers.add(c.guessedFrom);
        for (const [abuser, t] of c.stats.clientIpFirstAt) if (t >= c.guessedAt) abusers.add(abuser);
      }
    }
    const attacker = abusers.has(ip) || (!loggedIn && otherFailures > 0);
    if (attacker) { out.toAttackers += r.authServerErrors; out.attackerIps++; }
    else { out.toUsers += r.authServerErrors; out.userIps++; }
  }
  return out;
}

interface TlsTrouble {
  fires: boolean;
  /** Client IPs with a failed smtpd handshake, and those that failed minTlsFailuresPerIp times or more. */
  failingIps: number;
  repeatIps: number;
  /** The repeat IPs with most failures: "192.0.2.10 (12)". */
  top: string[];
  /** "SSL_accept error" lines of all clients. */
  acceptErrors: number;
}

/**
 * TLS trouble: several clients whose handshakes with smtpd failed again and again, or the other daemons' TLS
 * problems in bulk. smtpd's own "TLS library problem" lines do not count by number: each scanner's probe writes one.
 */
function tlsTrouble(agg: Aggregate, g: Group | undefined, ctx: RuleContext): TlsTrouble {
  const perIp = Math.max(1, ctx.threshold('minTlsFailuresPerIp'));
  let failingIps = 0;
  let acceptErrors = 0;
  const repeat: Array<[string, number]> = [];
  for (const [ip, row] of agg.byClientIp) {
    if (row.sessionProblems === null) continue;
    const n = sessionProblemsOf(row).get('SSL_accept error') ?? 0;
    if (n === 0) continue;
    failingIps++;
    acceptErrors += n;
    if (n >= perIp) repeat.push([ip, n]);
  }
  repeat.sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1));
  let otherDaemons = 0;
  for (const [text, n] of g?.texts ?? []) if (!text.startsWith('smtpd: ')) otherDaemons += n;
  const fires = repeat.length >= ctx.threshold('minTlsRepeatIps') || otherDaemons >= ctx.threshold('minTlsErrors');
  return { fires, failingIps, repeatIps: repeat.length, top: repeat.slice(0, 5).map(([ip, n]) => `${ip} (${n})`), acceptErrors };
}

/** Commands to look with, by class: the first line a reader runs for each kind of trouble. */
const LOOK: Record<Trouble, string[]> = {
  disk: ['df -h /var/spool/postfix /var/log && df -i /var/spool/postfix   # disk: free space and inodes'],
  crash: [
    'postfix check && postconf -n | less                          # fatal: configuration and map files',
    'postmap /etc/postfix/<map> && postfix reload                  # "open database …db": rebuild the map',
  ],
  auth: ['doveadm log errors | tail                                     # Dovecot auth errors'],
  // The resolver Postfix uses: the system's (/etc/resolv.conf), which chrooted smtp reads from its copy in the queue
  // directory, made at start (Debian's postfix). Not @127.0.0.1: a Debian server usually runs none there (review Y, Y15).
  dns: [
    'dig +short mx gmail.com; cat /etc/resolv.conf                 # DNS: does the server\'s resolver answer? (dig: apt install bind9-dnsutils)',
    'diff /etc/resolv.conf /var/spool/postfix/etc/resolv.conf      # chrooted smtp reads this copy: if it differs, systemctl restart postfix',
  ],
  capacity: [],
  tls: ['openssl s_client -connect localhost:25 -starttls smtp </dev/null | head   # TLS: certificate and protocols'],
};

const ORDER: Trouble[] = ['disk', 'crash', 'auth', 'dns', 'capacity', 'tls'];

/**
 * Failed logins in the hours of the auth trouble and the hour before and after each (two outages a day apart are
 * two windows, not the day between): SMTP AUTH failures but for smtpd's own 454s, and IMAP/POP3 login failures as
 * the report's hourly series counts them. Whether a brute force was going on then, not over the whole log (review 17,
 * F1: 145, the log's, beside the attack's 132; L7: two restarts' span counted the 1,739 failures of the day between).
 */
function failedLoginsDuring(agg: Aggregate, auth: Group | undefined): GuessingWindow {
  const none: GuessingWindow = { guessing: 0, all: 0, first: NaN, last: NaN, contiguous: true };
  if (auth === undefined || !Number.isFinite(auth.first)) return none;
  const hours = new Set<number>();
  const add = (h: number): void => { for (let k = h - 1; k <= h + 1; k++) hours.add(k); };
  for (const h of agg.authServerErrorsByHour.keys()) add(h);
  // Dovecot's own auth errors (auth.first … auth.last) when smtpd logged none.
  if (hours.size === 0) for (let h = Math.floor(auth.first / HOUR_MS); h <= Math.floor(auth.last / HOUR_MS); h++) add(h);
  const mailbox = mailboxFailuresByHour(agg);
  let n = 0;
  let all = 0;
  for (const h of hours) {
    const failed = agg.hourly.get(h)?.authFailures ?? 0;
    const smtp = failed - (agg.authServerErrorsByHour.get(h) ?? 0);
    n += Math.max(0, smtp) + (mailbox.get(h) ?? 0);
    all += failed + (agg.authAbortedByHour.get(h) ?? 0) + (mailbox.get(h) ?? 0);
  }
  const sorted = [...hours].sort((a, b) => a - b);
  // The hours as times, cut to the log's span: the corpus incident's 5 minutes lie inside 21:00–23:59 (review AK, AK10:
  // "within an hour of it" said of the whole log, with 181 beside the 214 failures of the sasl-bruteforce finding).
  const first = Math.max(sorted[0]! * HOUR_MS, agg.firstAt);
  const last = Math.min((sorted[sorted.length - 1]! + 1) * HOUR_MS - 1, agg.lastAt);
  return { guessing: n, all, first, last, contiguous: sorted[sorted.length - 1]! - sorted[0]! + 1 === sorted.length };
}

/**
 * The failed logins of failedLoginsDuring's hours. `guessing`: those that tell a brute force (no 454, no abort), what
 * the threshold looks at; `all`: every failed login then, the 454s and aborted ones too, what the text says (it matches
 * the sasl-bruteforce finding's "Failed logins in the whole log" when the hours hold the log). `first`/`last`: the
 * hours' span within the log; `contiguous`: one window (two outages a day apart are two).
 */
interface GuessingWindow {
  guessing: number;
  all: number;
  first: number;
  last: number;
  contiguous: boolean;
}

/**
 * What to do, in English (other languages: src/i18n): the look-up commands and paragraphs of the classes that fired,
 * or of every class for the general text (`null`).
 */
export function serverTroubleFix(p: ServerTroubleAdvice | null): string {
  const on = new Set<Trouble>(p?.classes ?? ORDER);
  const look = ORDER.filter((t) => on.has(t)).flatMap((t) => LOOK[t]);
  const out: string[] = [];
  // The 454s of a brute force alone: what ends them comes first, where a ticket quotes the advice's first paragraph
  // (review AG, AG3: it quoted "Look at the example lines, then:", and a ticket has no example lines).
  if (on.size === 1 && p?.guessing454 === true) {
    out.push('The 454 answers come from the password guessing: block the attackers (sasl-bruteforce finding, fail2ban) and they stop. '
      + 'Dovecot\'s own errors, to check that nothing else failed:', '', '```', ...look, '```');
  } else if (look.length > 0) out.push(on.size > 1 ? 'Look at each example line, then by class:' : 'Look at the example lines, then:', '', '```', ...look, '```');
  if (on.has('auth')) {
    out.push('', 'Authentication service under a brute force: Dovecot\'s auth penalty delays the answers to an IP that keeps failing '
      + 'by 2, 4, 8, then up to 15 seconds (https://doc.dovecot.org/2.3/configuration_manual/authentication/auth_penalty/), '
      + 'and smtpd gives up '
      + 'waiting: it answers `454 4.7.0 Temporary authentication failure`. The finding says whether that hit real users or only '
      + 'the attackers. Block the attackers (sasl-bruteforce finding, fail2ban): that ends it. IMAP/POP3 logins from '
      + '`login_trusted_networks` skip the penalty: list your office and webmail there (hosts you control only: Dovecot also '
      + 'lets them log in without TLS and pass on their clients\' IPs), in `/etc/dovecot/dovecot.conf`:',
    '',
    '```',
    'login_trusted_networks = 192.0.2.0/28 127.0.0.1',
    '```');
  }
  if (on.has('capacity')) {
    out.push('', 'Process limit reached: raise `default_process_limit` (main.cf) or the service\'s maxproc column in master.cf only '
      + 'after checking that the load is legitimate.');
  }
  if (on.has('tls')) {
    out.push('', 'TLS: the evidence names the clients whose handshakes failed again and again (`topTlsRepeatIps`). Check that the certificate '
      + 'has not expired (`openssl x509 -enddate -noout -in` the file of `postconf smtpd_tls_chain_files smtpd_tls_cert_file`) and '
      + 'that `smtpd_tls_protocols` / `smtpd_tls_mandatory_protocols` do not refuse what those clients speak.');
  }
  return out.join('\n').replace(/^\n/, '');
}

export const serverTrouble: Rule = {
  id: 'server-trouble',
  title: 'Server trouble: crashes, disk, authentication service, DNS, TLS',
  thresholds: {
    /** fatal/panic lines and daemons killed by a signal. */
    minCrashes: 1,
    /** Disk and queue-file errors. */
    minDiskErrors: 1,
    /** smtpd "Connection lost to authentication server" plus Dovecot auth errors. */
    minAuthErrors: 5,
    /** Deliveries deferred because a DNS lookup failed. */
    minDnsFailures: 10,
    /**
     * …for at least this many domains (the "name=" of "Name service error for name=old-shop.co.jp type=MX"), or
     * minDnsFailures within an hour on average: one subscriber's dead domain retried all day is that domain's fault,
     * not the resolver's (review 16: 15 retries of one message in a newsletter of 2,000 made a DNS alarm), while a
     * resolver that stops answering fails every delivery, minutes apart.
     */
    minDnsDomains: 2,
    /** "service … has reached its process limit" warnings. */
    minProcessLimit: 3,
    /**
     * Clients whose TLS handshake with smtpd failed at least minTlsFailuresPerIp times ("SSL_accept error from
     * unknown[45.129.119.230]: -1"). Counted by distinct IP, not by line: scanners probe every server on the
     * Internet, once each, with old protocols and odd ciphers (review 10, L1: 160 scanners, one failure each, made a
     * "server trouble" finding). A certificate or protocol fault of our own fails every client that tries, and real
     * clients come back — MTAs for each message, mail programs every few minutes — so it shows as several IPs failing
     * again and again. The share of TLS sessions was the other way: it needs the "TLS connection established" lines,
     * which the parser skips unread on the per-line path (they are most of a busy server's TLS lines).
     */
    minTlsRepeatIps: 5,
    /** Failed handshakes from one IP that make it a client failing again and again (one is a scanner's probe). */
    minTlsFailuresPerIp: 2,
    /**
     * TLS problems of the other daemons (the smtp client towards other servers, tlsmgr): they name no client, so
     * only bulk counts.
     */
    minTlsErrors: 100,
  },
  why: 'These are faults of the server, not of its users: a daemon that dies or a full disk loses or refuses mail; an '
    + 'authentication service that stops answering (Dovecot slows every answer down under a brute force: its auth '
    + 'penalty) makes Postfix answer `454 4.7.0 Temporary authentication failure` to whoever is logging in at that '
    + 'moment, real users included (the finding says who got them); failing DNS lookups '
    + 'defer all outbound mail; TLS handshakes failing again and again for several clients mean a certificate or protocol '
    + 'problem (one failure per IP is a scanner\'s probe, and does not count).',
  fix: serverTroubleFix(null),
  detect(agg, ctx) {
    const groups = new Map<Trouble, Group>();
    const add = (t: Trouble, key: string, r: ReasonStats, daemon: string): void => {
      let g = groups.get(t);
      if (g === undefined) {
        g = { count: 0, first: Infinity, last: -Infinity, examples: [], texts: [], daemons: new Set() };
        groups.set(t, g);
      }
      g.count += r.count;
      g.first = Math.min(g.first, r.firstAt);
      g.last = Math.max(g.last, r.lastAt);
      g.examples.push(r.example);
      g.texts.push([key, r.count]);
      if (daemon !== '') g.daemons.add(daemon);
    };
    for (const [key, r] of agg.daemonProblems) {
      const t = classOf(key);
      if (t === null) continue;
      const sp = key.indexOf(' ');
      add(t, key.slice(sp + 1), r, key.slice(sp + 1, key.indexOf(': ', sp)));
    }
    for (const [key, r] of agg.deferralReasons) if (DNS.test(key)) add('dns', key, r, 'smtp');
    for (const [key, r] of agg.rejectReasons) if (DISK.test(key)) add('disk', key, r, 'smtpd');
    const smtpdAuthLost = agg.totals.authServerErrors;
    const dovecotAuth = groups.get('auth')?.count ?? 0;
    if (smtpdAuthLost > 0) {
      const g = groups.get('auth') ?? { count: 0, first: Infinity, last: -Infinity, examples: [], texts: [], daemons: new Set<string>() };
      g.count += smtpdAuthLost;
      g.daemons.add('smtpd');
      // Its own times and line: with no Dovecot auth error, the finding used to span the whole log (review 17, F1).
      const span = agg.authServerErrorSpan;
      g.first = Math.min(g.first, span.firstAt);
      g.last = Math.max(g.last, span.lastAt);
      if (span.example !== null) g.examples.unshift(span.example);
      groups.set('auth', g);
    }

    const limits: Record<Exclude<Trouble, 'tls'>, string> = {
      disk: 'minDiskErrors', crash: 'minCrashes', auth: 'minAuthErrors', dns: 'minDnsFailures', capacity: 'minProcessLimit',
    };
    const tls = tlsTrouble(agg, groups.get('tls'), ctx);
    // Handshakes dropped without a library message ("SSL_accept error from …: lost connection") leave no TLS line.
    if (tls.fires && !groups.has('tls')) {
      groups.set('tls', { count: tls.acceptErrors, first: Infinity, last: -Infinity, examples: [], texts: [], daemons: new Set(['smtpd']) });
    }
    const dns = groups.get('dns');
    const dnsDomains = new Set((dns?.texts ?? []).map(([key]) => /name=(\S+)/.exec(key)?.[1] ?? key));
    const dnsHours = dns === undefined ? 0 : Math.max(1, (dns.last - dns.first) / 3_600_000);
    const dnsWide = dns !== undefined
      && (dnsDomains.size >= ctx.threshold('minDnsDomains') || dns.count >= ctx.threshold('minDnsFailures') * dnsHours);
    const found = ORDER.filter((t) => (t === 'tls' ? tls.fires : (groups.get(t)?.count ?? 0) >= ctx.threshold(limits[t])
      && (t !== 'dns' || dnsWide)));
    if (found.length === 0) return [];

    const at = timeText(agg);
    // The most frequent text of a class, cut at a word (a daemon's fatal error names a path: "fatal: open database
    // /etc/postfix/…: No such file or directory", cut at 100 characters mid-path before).
    const top = (g: Group): string => cutReason(g.texts.sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1))[0]?.[0] ?? '', 160);
    const window = failedLoginsDuring(agg, groups.get('auth'));
    const underAttack = window.guessing >= ctx.threshold('sasl-bruteforce.distributedFailures');
    // The whole log when the hours counted hold it; else their span, or none when they are apart.
    const guessing = {
      failed: window.all,
      span: window.first <= agg.firstAt && window.last >= agg.lastAt ? 'log' as const : window.contiguous ? 'between' as const : 'hours' as const,
      first: shortTime(at(window.first), ctx.messages.unknownTime),
      last: shortTime(at(window.last), ctx.messages.unknownTime),
    };
    const m = ctx.messages.findings;
    const parts: string[] = [];
    const evidence: Record<string, number | string> = {};
    for (const t of found) {
      const g = groups.get(t)!;
      switch (t) {
        case 'disk':
          parts.push(m.troubleDisk(g.count, top(g)));
          evidence.diskErrors = g.count;
          break;
        case 'crash':
          parts.push(m.troubleCrash(g.count, top(g)));
          evidence.crashes = g.count;
          break;
        case 'auth': {
          const split = splitAuthServerErrors(agg, ctx);
          parts.push(m.troubleAuth({ smtpdLost: smtpdAuthLost, dovecot: dovecotAuth, guessing: underAttack ? guessing : null, ...split }));
          evidence.smtpdLostAuthServer = smtpdAuthLost;
          evidence.dovecotAuthErrors = dovecotAuth;
          if (underAttack) evidence.failedLoginsMeanwhile = window.all;
          if (smtpdAuthLost > 0) {
            evidence.tempfail454ToRealUsers = split.toUsers;
            evidence.tempfail454ToAttackers = split.toAttackers;
            evidence.attackingIpsThatGot454 = split.attackerIps;
          }
          break;
        }
        case 'dns':
          parts.push(m.troubleDns(g.count, g.texts.length));
          evidence.dnsFailures = g.count;
          break;
        case 'capacity':
          parts.push(m.troubleCapacity(g.count));
          evidence.processLimitReached = g.count;
          break;
        case 'tls':
          parts.push(m.troubleTls({ failures: g.count, repeatIps: tls.repeatIps, perIp: ctx.threshold('minTlsFailuresPerIp') }));
          evidence.tlsErrors = g.count;
          evidence.tlsFailingIps = tls.failingIps;
          evidence.tlsRepeatFailingIps = tls.repeatIps;
          if (tls.repeatIps > 0) evidence.topTlsRepeatIps = tls.top.join(', ');
          break;
      }
    }
    const daemons = new Set<string>();
    let first = Infinity;
    let last = -Infinity;
    const examples: Array<Example | null> = [];
    for (const t of found) {
      const g = groups.get(t)!;
      for (const d of g.daemons) daemons.add(d);
      first = Math.min(first, g.first);
      last = Math.max(last, g.last);
      examples.push(...g.examples.slice(0, 2));
    }
    if (!Number.isFinite(first)) { first = agg.firstAt; last = agg.lastAt; }
    const severity = SEVERITY[found[0]!];
    evidence.classes = found.join(', ');
    const advice: ServerTroubleAdvice = { classes: found, ...(found.includes('auth') && underAttack && smtpdAuthLost > 0 ? { guessing454: true } : {}) };
    return [{
      rule: 'server-trouble',
      severity,
      title: m.serverTrouble({ first: shortTime(at(first), ctx.messages.unknownTime), last: shortTime(at(last), ctx.messages.unknownTime), parts }),
      subject: { kind: 'daemons', value: [...daemons].sort().join(', ') },
      firstAt: at(first),
      lastAt: at(last),
      evidence,
      examples: pickExamples(examples, 5),
      impact: found.reduce((s, t) => s + groups.get(t)!.count, 0),
      fix: ctx.messages.advice.serverTrouble(advice),
    }];
  },
};
