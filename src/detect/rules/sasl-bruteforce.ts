// SASL brute force against SMTP AUTH (and IMAP/POP3 logins): per client IP and distributed (many IPs, few tries
// each, the same user names). Lines: "warning: unknown[192.0.2.1]: SASL LOGIN authentication failed: …",
// "dovecot: imap-login: Disconnected … (auth failed, 1 attempts in 2 secs): user=<…>, … rip=…".

import { userCountsOf } from '../../aggregate/user-counts.js';
import type { Aggregate, ClientIpStats, Finding } from '../../types.js';
import type { Rule, RuleContext } from '../rule.js';
import { findCompromised } from './compromised-account.js';
import { pickExamples, shortTime, sortedKeys, timeText } from '../util.js';

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
  fix: [
    'Offer AUTH only on the submission ports (587/465) and turn it off on port 25, in `master.cf`:',
    '',
    '```',
    'smtp      inet  n       -       y       -       -       smtpd',
    '  -o smtpd_sasl_auth_enable=no',
    'submission inet n       -       y       -       -       smtpd',
    '  -o smtpd_sasl_auth_enable=yes',
    '  -o smtpd_tls_security_level=encrypt',
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
    'Block the attacking IPs now: `blocklist-ips.txt` (written next to this report) has one per line, e.g.',
    '`while read ip; do nft add element inet filter blocked_v4 "{ $ip }"; done < blocklist-ips.txt`.',
  ].join('\n'),
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
