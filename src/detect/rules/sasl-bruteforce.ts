// SASL brute force against SMTP AUTH (and IMAP/POP3 logins): per client IP and distributed (many IPs, few tries
// each, the same user names). Lines: "warning: unknown[192.0.2.1]: SASL LOGIN authentication failed: …",
// "dovecot: imap-login: Disconnected … (auth failed, 1 attempts in 2 secs): user=<…>, … rip=…".

import { userCountsOf } from '../../aggregate/user-counts.js';
import type { Aggregate, ClientIpStats, Finding } from '../../types.js';
import type { Rule, RuleContext } from '../rule.js';
import { findCompromised } from './compromised-account.js';
import { commented, fmt, pickExamples, shortTime, sortedKeys, timeText } from '../util.js';
import type { BruteforceAdvice } from '../../i18n/index.js';

/**
 * IPs that failed to log in, then sent mail as an account flagged compromised from the guess on: the guesser
 * itself (corpus incident: 127.66.6.6 failed once for info@example.jp, line 734, then sent as it, line 802) and
 * any IP of the abuse that also failed. Such an IP is no user who mistyped, however few its failures.
 */
function abuseIps(agg: Aggregate, ctx: RuleContext): Set<string> {
  const out = new Set<string>();
  for (const c of findCompromised(agg, ctx)) {
    if (c.guessedFrom !== '') out.add(c.guessedFrom);
    for (const [ip, t] of c.stats.clientIpFirstAt) if (t >= c.guessedAt) out.add(ip);
  }
  return out;
}

const PORT25_USERS_SHOWN = 10;

/**
 * The SASL users who sent through port 25 (the master.cf `smtp` service), most messages first, with their client
 * IPs: turning AUTH off there stops their mail clients, so they must move to 587 first (corpus incident:
 * yamada@example.jp from 127.0.10.2, line 227). A compromised account's attackers are left out: the IPs that first
 * sent as it at or after the guess.
 */
function port25Users(agg: Aggregate, ctx: RuleContext): BruteforceAdvice['port25Users'] {
  const attackers = new Map<string, Set<string>>();
  for (const c of findCompromised(agg, ctx)) {
    const ips = new Set<string>([c.guessedFrom]);
    for (const [ip, t] of c.stats.clientIpFirstAt) if (t >= c.guessedAt) ips.add(ip);
    attackers.set(c.user, ips);
  }
  const out: BruteforceAdvice['port25Users'] = [];
  for (const [user, u] of agg.bySaslUser) {
    const ips = sortedKeys(u.smtpServiceIps).filter((ip) => !(attackers.get(user)?.has(ip) ?? false));
    const messages = ips.reduce((n, ip) => n + u.smtpServiceIps.get(ip)!, 0);
    if (messages > 0) out.push({ user, messages, ips: ips.slice(0, 3) });
  }
  return out.sort((a, b) => b.messages - a.messages || (a.user < b.user ? -1 : 1));
}

/**
 * Some login-authenticated message came through an smtpd tag other than the `smtp` service's ("postfix/submission/smtpd"):
 * the log tells the ports apart. Compared per user and IP: `clientIps` counts every service, `smtpServiceIps` port 25's.
 */
function loggedInThroughOtherService(agg: Aggregate): boolean {
  for (const u of agg.bySaslUser.values()) {
    for (const [ip, n] of u.clientIps) if ((u.smtpServiceIps.get(ip) ?? 0) < n) return true;
  }
  return false;
}

/** What to do against password guessing; `null`: the general text (rules[].fix). */
export function saslBruteforceFix(p: BruteforceAdvice | null): string {
  const who = (u: BruteforceAdvice['port25Users'][number]): string =>
    `${u.user} (${fmt(u.messages)} ${u.messages === 1 ? 'message' : 'messages'} from ${u.ips.join(', ')})`;
  const users = p === null ? ''
    : p.port25Users.length === 0
      ? ' No user sent with a login through port 25 in this log (the `smtp` service: `postfix/smtpd` lines; a compromised '
        + 'account\'s attackers left out), so this stops no mail client seen here; a longer log may show some.'
      : ` These sent with a login through port 25 in this log (the \`smtp\` service: \`postfix/smtpd\` lines; a compromised `
        + `account's attackers left out): ${p.port25Users.map(who).join(', ')}`
        + (p.morePort25Users > 0 ? ` and ${fmt(p.morePort25Users)} more` : '') + '.'
        + (p.noSubmissionTag
          ? ' No login in this log came through a `postfix/submission/smtpd` or `postfix/smtps/smtpd` tag: if your '
            + 'submission entries in master.cf lack `-o syslog_name=postfix/submission` (or `…/smtps`), their logins are '
            + 'logged as `postfix/smtpd` too and these users may be on 587 already. `postconf -M submission/inet '
            + 'smtps/inet` shows the entries.'
          : '');
  const v4 = p === null || p.v4;
  const v6 = p === null || p.v6;
  return [
    'Offer AUTH only on the submission ports (587/465) and turn it off on port 25. First move the users who log in on port '
      + '25 to 587 (STARTTLS) or 465: once AUTH is off there, their mail clients cannot send.' + users,
    '',
    'Then, in `master.cf`, add one line under your existing `smtp inet … smtpd` line, leaving its columns and its other '
      + '`-o` lines as they are:',
    '',
    '```',
    '  -o smtpd_sasl_auth_enable=no',
    '```',
    '',
    'Check that the submission entry (and submissions/smtps on 465, if you have it) carries `-o smtpd_sasl_auth_enable=yes`, '
      + 'then apply:',
    '',
    '```',
    commented('postconf -P | grep sasl_auth_enable', 'smtp/inet/… = no, submission/inet/… = yes'),
    'postfix reload',
    '```',
    '',
    'Limit AUTH attempts per client with anvil, in `main.cf`, then `postfix reload`:',
    '',
    '```',
    'smtpd_client_auth_rate_limit = 10',
    'anvil_rate_time_unit = 60s',
    '```',
    '',
    'Ban repeat offenders with fail2ban\'s own `postfix-sasl` and `dovecot` jails (`/etc/fail2ban/jail.d/mail.local`):',
    '',
    '```',
    '[postfix-sasl]',
    'enabled  = true',
    'mode     = auth',
    'maxretry = 5',
    'findtime = 10m',
    'bantime  = 1d',
    '',
    '[dovecot]',
    'enabled = true',
    '```',
    '',
    'Block the attacking IPs now: `blocklist-ips.txt` (written next to this report) has one per line. With nftables, create '
      + 'the set and its drop rule once (Debian\'s `/etc/nftables.conf` has the `inet filter` table and its `input` chain), '
      + 'then add the addresses; they last until a reboot or `nft flush ruleset` (fail2ban above is the lasting ban):',
    '',
    ...nftBlockCommands(v4, v6),
  ].join('\n');
}

/**
 * The nftables commands that block blocklist-ips.txt, set and drop rule first (IPv4 and/or IPv6): the same in every
 * language (ja-rules.ts uses them too).
 */
export function nftBlockCommands(v4: boolean, v6: boolean): string[] {
  return [
    '```',
    ...(v4 ? [
      'nft add set inet filter blocked_v4 \'{ type ipv4_addr; }\'',
      'nft insert rule inet filter input ip saddr @blocked_v4 drop',
      'grep -v : blocklist-ips.txt | while read ip; do nft add element inet filter blocked_v4 "{ $ip }"; done',
    ] : []),
    ...(v6 ? [
      'nft add set inet filter blocked_v6 \'{ type ipv6_addr; }\'',
      'nft insert rule inet filter input ip6 saddr @blocked_v6 drop',
      'grep : blocklist-ips.txt | while read ip; do nft add element inet filter blocked_v6 "{ $ip }"; done',
    ] : []),
    '```',
  ];
}

export const saslBruteforce: Rule = {
  id: 'sasl-bruteforce',
  title: 'Password guessing (SASL brute force)',
  thresholds: {
    /** Failures from one IP that make it an attacker. */
    perIpFailures: 10,
    /** Distributed attack: at least this many IPs … */
    distributedIps: 10,
    /** … with at least this many failures in all. */
    distributedFailures: 30,
  },
  why: 'Bots try user names and passwords on SMTP AUTH (and IMAP/POP3) until one works. A guessed mailbox password '
    + 'turns the server into a spam relay: the mail leaves with your IP and your domain, your IP lands on block lists and '
    + 'your own customers\' mail is refused. Every failed attempt also costs a Dovecot/saslauthd lookup.',
  fix: saslBruteforceFix(null),
  advise(f, _findings, agg, ctx) {
    const users = port25Users(agg, ctx);
    const blocked = f.lists?.['blocklist-ips.txt'] ?? [];
    return ctx.messages.advice.saslBruteforce({
      port25Users: users.slice(0, PORT25_USERS_SHOWN), morePort25Users: Math.max(0, users.length - PORT25_USERS_SHOWN),
      noSubmissionTag: users.length > 0 && !loggedInThroughOtherService(agg),
      v4: blocked.some((ip) => !ip.includes(':')), v6: blocked.some((ip) => ip.includes(':')),
    });
  },
  detect(agg, ctx) {
    const at = timeText(agg);
    const perIp = ctx.threshold('perIpFailures');
    const attackers: string[] = [];
    let failures = 0;
    let first = Infinity;
    let last = -Infinity;
    const usersTried = new Map<string, number>();
    let smallIps = 0;
    let smallFailures = 0;
    // A client that also sent mail as a user with only a failure or two is a user who mistyped, unless it sent as
    // a compromised account from the guess on (the guess often takes one or two tries from its IP). Worked out
    // only when some IP needs it: findCompromised reads every SASL user.
    let abusive: Set<string> | undefined;
    const mistyped = (ip: string, r: ClientIpStats, n: number): boolean =>
      n < 3 && r.saslUsers !== null && !(abusive ??= abuseIps(agg, ctx)).has(ip);
    for (const [ip, r] of agg.byClientIp) {
      if (ctx.allowIps.has(ip)) continue;
      const n = r.authFailures + r.authAborted + Math.max(r.mailboxLoginFailures, r.mailboxAuthFailures);
      if (n === 0) continue;
      if (mistyped(ip, r, n)) continue;
      if (n >= perIp) attackers.push(ip);
      else { smallIps++; smallFailures += n; }
      failures += n;
      if (r.firstAt < first) first = r.firstAt;
      if (r.lastAt > last) last = r.lastAt;
      for (const [u, c] of userCountsOf(r.authUsersTried)) usersTried.set(u, (usersTried.get(u) ?? 0) + c);
    }
    const distributed = smallIps + attackers.length >= ctx.threshold('distributedIps') && failures >= ctx.threshold('distributedFailures');
    if (attackers.length === 0 && !distributed) return [];
    // Scored once, then sorted: a botnet leaves millions of IPs (10 million: README "Memory bounds"), and a
    // comparator that looked the rows up again made this rule take most of the run.
    const scored: Array<{ ip: string; n: number; mailbox: number }> = [];
    const min = distributed ? 1 : perIp;
    for (const [ip, r] of agg.byClientIp) {
      const mailbox = Math.max(r.mailboxLoginFailures, r.mailboxAuthFailures);
      const n = r.authFailures + r.authAborted + mailbox;
      if (n < min || ctx.allowIps.has(ip) || mistyped(ip, r, n)) continue;
      scored.push({ ip, n, mailbox });
    }
    scored.sort((a, b) => b.n - a.n || (a.ip < b.ip ? -1 : 1));
    const ips = scored.map((s) => s.ip);
    const topUsers = sortedKeys(usersTried).slice(0, 10);
    const ipCount = ips.length;
    const m = ctx.messages;
    const title = distributed
      ? m.findings.bruteforceDistributed({ failures, ips: ipCount, first: shortTime(at(first), m.unknownTime), last: shortTime(at(last), m.unknownTime) })
      : m.findings.bruteforceSingle({ ips: attackers.length, failures });
    const finding: Finding = {
      rule: 'sasl-bruteforce',
      severity: failures >= 1000 || ipCount >= 100 ? 'critical' : 'high',
      title,
      subject: { kind: 'ips', value: m.someOf(ips, 3) },
      firstAt: at(first),
      lastAt: at(last),
      evidence: {
        failedLogins: failures,
        smtpAuthFailures: agg.totals.authFailures + agg.totals.authAborted,
        mailboxLoginFailures: scored.reduce((sum, s) => sum + s.mailbox, 0),
        attackingIps: ipCount,
        ipsOverThreshold: attackers.length,
        distinctUserNamesTried: usersTried.size,
        topUserNamesTried: topUsers.join(', '),
        topIps: scored.slice(0, 10).map((s) => `${s.ip} (${s.n})`).join(', '),
      },
      examples: pickExamples(ips.slice(0, 5).map((ip) => agg.byClientIp.get(ip)!.firstAuthFailure ?? agg.byClientIp.get(ip)!.firstExample)),
      impact: failures,
      lists: { 'blocklist-ips.txt': [...ips].sort() },
    };
    return [finding];
  },
};
