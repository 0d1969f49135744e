// SASL brute force against SMTP AUTH (and IMAP/POP3 logins): per client IP and distributed (many IPs, few tries
// each, the same user names). Lines: "warning: unknown[192.0.2.1]: SASL LOGIN authentication failed: …",
// "dovecot: imap-login: Disconnected … (auth failed, 1 attempts in 2 secs): user=<…>, … rip=…".

import type { Aggregate, ClientIpStats, Finding } from '../../types.js';
import type { Rule, RuleContext } from '../rule.js';
import { findCompromised } from './compromised-account.js';
import { attackedNames, ipFailures, namesLoggedInByIp } from '../attacked-names.js';
import type { AttackedNames } from '../attacked-names.js';
import { devicePaceOf, isThisHost, mailboxLoginsByIp, namesTriedBy, polledSlowly, staleClientOf } from './stale-password.js';
import { loggedInFromNetworkBefore, roamingClients } from '../roaming-clients.js';
import type { DevicePace, MailboxLoginsOfIp, StaleClient } from './stale-password.js';
import { commented, fmt, pickExamples, shortTime, sortedKeys, timeText } from '../util.js';
import type { BruteforceAdvice } from '../../i18n/index.js';
import { guessingRateIsBackground, isBackgroundGuessing, peakHourFailures, slowReturner } from '../background.js';
import { markRoles } from '../client-roles.js';
import { port25RefusedOf } from '../../aggregate/auth-refused.js';
import { ipsTrying, isRealAccount, targetedAccount } from '../targeted-account.js';
import type { TargetedAccount } from '../targeted-account.js';

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

/**
 * A device with an old password (stale-password.ts deviceOf, review AN, AN1): what the user is to be asked, and what
 * to do when the device is not theirs.
 */
function deviceLine(c: StaleClient): string {
  const name = c.names[0] ?? '';
  return `- ${c.ip} failed ${fmt(c.failures)} ${c.failures === 1 ? 'time' : 'times'} as ${name}, every ~${fmt(c.everyMinutes)} min for `
    + `${fmt(Math.round(c.spanHours))} h, and never logged in: probably ${name}'s old phone or tablet (or a PC's mail client) still `
    + `using the old password. Ask ${name} to update or remove the account on that device. If ${name} has no such device, `
    + `change the password and then block ${c.ip} in the firewall.`;
}

/** Why a device is not blocked: the paragraph before its lines. */
const DEVICE_LEAD = 'Left out of `blocklist-ips.txt` although it never logged in: each such IP failed for one real user\'s name '
  + 'only (a user who logs in from elsewhere in this log), no other IP tried that name, and its failures came at a mail '
  + 'client\'s pace (one every 5 minutes or slower over two hours or more, never 5 within 10 minutes, the burst fail2ban '
  + 'bans), not a guesser\'s. Blocking it would not fix the device, which keeps the old password, and on carrier NAT it '
  + 'would cut off other subscribers too: ask the user first.';

/** "127.0.10.2: 13 failed logins as yamada@example.jp; logged in as …": one line of the list of IPs to check. */
function staleLine(c: StaleClient): string {
  if (c.reason === 'device') return deviceLine(c);
  const users = c.loggedInAs.length === 0 ? 'a login that sent nothing'
    : c.loggedInAs.slice(0, 5).join(', ') + (c.loggedInAs.length > 5 ? `, … (${fmt(c.loggedInAs.length)} users)` : '');
  const did = [
    ...(c.messages > 0 ? [`${fmt(c.messages)} ${c.messages === 1 ? 'message' : 'messages'} sent`] : []),
    ...(c.mailboxLogins > 0 ? [`${fmt(c.mailboxLogins)} IMAP/POP3 ${c.mailboxLogins === 1 ? 'login' : 'logins'}`] : []),
  ];
  const names = c.names.length === 0 ? '(the log does not name the user)'
    : `as ${c.names.slice(0, 5).join(', ')}${c.names.length > 5 ? `, … (${fmt(c.names.length)} names)` : ''}`;
  return `- ${c.ip}: ${fmt(c.failures)} failed ${c.failures === 1 ? 'login' : 'logins'} ${names}`
    + (c.reason === 'roaming' ? `; a changing address of one device in ${c.network}, where ${c.names[0] ?? ''} had logged in from ${c.earlierLoginIp} before` : '')
    + (c.loggedInAs.length === 0 && (c.reason === 'this-host' || c.reason === 'roaming') ? '' : `; logged in as ${users}`)
    + (did.length > 0 ? `; ${did.join(', ')}` : '')
    + (c.reason === 'this-host' ? '; this server itself (a webmail or an IMAP proxy logs in from it for its users): never '
      + 'block it, find the client behind it in that program\'s own log' : '');
}

function staleList(p: BruteforceAdvice): string[] {
  return [
    ...p.staleClients.map(staleLine),
    ...(p.moreStaleClients > 0 ? [`- and ${fmt(p.moreStaleClients)} more (report.json: this finding's evidence)`] : []),
  ];
}

/** The users whose old devices the advice names (their first names, at most 3, in its order). */
export function deviceUsers(p: BruteforceAdvice): string[] {
  return [...new Set(p.staleClients.filter((c) => c.reason === 'device').map((c) => c.names[0] ?? '').filter((n) => n !== ''))].slice(0, 3);
}

/** What to do against password guessing; `null`: the general text (rules[].fix). */
export function saslBruteforceFix(p: BruteforceAdvice | null): string {
  const devices = p === null ? 0 : p.staleClients.filter((c) => c.reason === 'device').length;
  if (p !== null && p.blocked === 0 && devices === p.staleClients.length) {
    // The action first (review AN's rest: the ticket quotes this paragraph alone, and it said only what was not wrong).
    const who = deviceUsers(p);
    return [`Ask ${who.length === 0 ? 'the user named below' : who.join(', ')} whether an old phone, tablet or PC of theirs still has `
      + 'the old password, and to update or remove the account on it: no IP here is guessing passwords at a guesser\'s pace. '
      + DEVICE_LEAD, '', ...staleList(p)].join('\n');
  }
  if (p !== null && p.blocked === 0) {
    return [
      'No IP here is guessing passwords: every failed login came from an IP your users log in from. Each had logged in '
        + 'successfully before its failures began (a mail client retrying an old password after a password change), or several '
        + 'users log in from it and every name it failed for logs in from it too (a webmail, an office behind one address), '
        + 'or it failed a few times for the one name it then logged in as, or it is a changing address of one device (a phone '
        + 'behind carrier NAT, whose addresses other subscribers share: addresses of the network its name had logged in from '
        + 'before, each failing only for that name, a new one every few minutes, not a botnet\'s seconds). Blocking these IPs '
        + 'would cut off every user behind them: give the users\' mail clients (phone, laptop, webmail, scanners) the current '
        + 'password instead.',
      ...(devices > 0 ? ['', DEVICE_LEAD] : []),
      '',
      ...staleList(p),
      '',
      'An address here that is not one of your users\' has the password: change it again, and block the address.',
    ].join('\n');
  }
  const who = (u: BruteforceAdvice['port25Users'][number]): string =>
    `${u.user} (${fmt(u.messages)} ${u.messages === 1 ? 'message' : 'messages'} from ${u.ips.join(', ')})`;
  const users = p === null ? ''
    : p.port25Users.length === 0
      ? ' No user sent with a login through port 25 in this log (the `smtp` service: `postfix/smtpd` lines; a compromised '
        + 'account\'s attackers left out), so this stops no mail client seen here; a longer log may show some.'
      : ` These sent with a login through port 25 in this log (the \`smtp\` service: \`postfix/smtpd\` lines; a compromised `
        + `account's attackers left out): ${p.port25Users.map(who).join(', ')}`
        + (p.morePort25Users > 0 ? ` and ${fmt(p.morePort25Users)} more` : '') + '.';
  const noTag = p !== null && p.noSubmissionTag
    ? ' No login and no failed login in this log came through a `postfix/submission/smtpd` or `postfix/smtps/smtpd` tag: '
      + 'if your submission entries in master.cf lack `-o syslog_name=postfix/submission` (or `…/smtps`), they log as '
      + '`postfix/smtpd` too, and these failures and users may be on 587 already. `postconf -M submission/inet '
      + 'smtps/inet` shows the entries.'
    : '';
  const port25 = port25Advised(p);
  const through = p === null ? ''
    : `: ${fmt(p.port25Failures)} of the attacking IPs' ${fmt(p.smtpFailures)} failed SMTP logins came through it (\`postfix/smtpd\` lines)`;
  const port25Part = !port25 ? [] : [
    `Offer AUTH only on the submission ports (587/465) and turn it off on port 25${through}. First move the users who log in `
      + 'on port 25 to 587 (STARTTLS) or 465: once AUTH is off there, their mail clients cannot send.' + users + noTag,
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
  ];
  const where = p === null || port25 ? [] : [
    `None of the attacking IPs' failed logins came through port 25 (no \`postfix/smtpd\` failure line): `
      + [
        ...(p.smtpFailures > 0 ? [`${fmt(p.smtpFailures)} came through submission (\`postfix/submission/smtpd\` or \`…/smtps/smtpd\`)`] : []),
        ...(p.mailboxFailures > 0 ? [`${fmt(p.mailboxFailures)} came over IMAP/POP3 (Dovecot)`] : []),
      ].join(' and ')
      + '. Turning AUTH off on port 25 would not stop them: ban the guessers and slow them down.',
    '',
  ];
  const anvil = p !== null && p.smtpFailures === 0 ? [] : [
    'Limit AUTH attempts per client with anvil (`postconf -e` sets main.cf\'s line, replacing one of the same name):',
    '',
    ...ANVIL_BLOCK,
    '',
  ];
  const fail2ban = [
    'Ban fast guessers with fail2ban\'s own `postfix-sasl` and `dovecot` jails, in `/etc/fail2ban/jail.d/mail.local`. '
      + 'Debian 12\'s fail2ban bans with iptables by default, which is not installed next to nftables: the ban is logged and '
      + 'nothing is blocked, hence `banaction`. `ignoreip` keeps this server'
      + (jailIgnored(p).length > 0 ? ' and the IPs to check before blocking (listed below)' : '')
      + ' from being banned: add your office\'s and your users\' fixed or NAT addresses to it before you enable the jails, '
      + 'since one mail client with an old password gets the whole address banned for a day.',
    '',
    ...fail2banJail(jailIgnored(p)),
    '',
    '`/var/log/mail.log` is where rsyslog writes the mail log on Debian (`/var/log/maillog` on RHEL); if Dovecot writes a '
      + 'log file of its own (`doveconf log_path`), give that one to `[dovecot]`. Without rsyslog (Debian 12\'s default) the '
      + 'log is only in the journal: put these lines in place of each section\'s `logpath` line (Debian runs Postfix as '
      + '`postfix@-.service`, the filter looks for `postfix.service`; `python3-systemd` must be installed), or install '
      + 'rsyslog (`apt-get install rsyslog`). Debian\'s own `[sshd]` jail (`jail.d/defaults-debian.conf`) then needs '
      + '`backend = systemd` as well, or fail2ban does not start (`Have not found any log file for sshd jail`):',
    '',
    ...fail2banJournal(),
    '',
    'Then check and start it: `Total failed` must grow as failures come in, and after the first ban `nft list ruleset | grep '
      + 'f2b` must show fail2ban\'s `f2b-table` (nothing there: the ban did not reach the firewall):',
    '',
    ...fail2banCheck(),
    '',
    'A jail bans an IP that fails 5 times within 10 minutes: it catches fast guessers, not a slow attack spread over many '
      + 'addresses with a few failures each. The blocklist below, kept across reboots, is what stops those.',
    '',
  ];
  // Dovecot 2.3 conf.d/10-auth.conf, included by the stock dovecot.conf ("!include conf.d/*.conf"; a hand-written
  // dovecot.conf may not include it): "# Time to delay before replying to failed authentications.
  // #auth_failure_delay = 2 secs"; its auth penalty (doc.dovecot.org/2.3, "Authentication penalty support") doubles
  // the delay per failure from one IP up to 15 s, except for login_trusted_networks.
  const dovecot = p === null || p.mailboxFailures === 0 ? [] : [
    'Slow IMAP/POP3 guessing down in Dovecot: it answers a failed login after `auth_failure_delay` (2 secs by default; its '
      + 'auth penalty doubles the wait for each further failure from the same IP, up to 15 s). Raise it in '
      + '`/etc/dovecot/dovecot.conf`, or in the `conf.d` file it includes (`conf.d/10-auth.conf` when it has '
      + '`!include conf.d/*.conf`): a file dovecot.conf does not include is not read, and the setting does nothing.',
    '',
    '```',
    'auth_failure_delay = 5 secs',
    '```',
    '',
    'Then reload Dovecot and check the value it reads from its configuration: `doveconf auth_failure_delay` must show '
      + '`auth_failure_delay = 5 secs` (still `2 secs`: the line is in a file Dovecot does not read):',
    '',
    ...DOVECOT_DELAY_CHECK,
    '',
  ];
  const staleApart = p === null
    ? ['IPs your users log in from are left out of `blocklist-ips.txt`, and the finding lists them to check: those that '
      + 'logged in successfully before their failures began (a mail client with an old password), and those several users '
      + 'log in from where every name that failed logs in too (a webmail, an office behind one address), and the changing '
      + 'addresses of one device (a phone behind carrier NAT: addresses of one network, the same /8, that failed only for a '
      + 'name that had logged in from that network before, a new one every 5 minutes or slower). So is this server '
      + 'itself (127.0.0.1, ::1).', '']
    : p.staleClients.length === 0 ? []
    : devices === p.staleClients.length ? [DEVICE_LEAD, '', ...staleList(p), '']
    : [
      `Left out of \`blocklist-ips.txt\`: ${p.staleClients.length + p.moreStaleClients === 1 ? 'an IP' : 'IPs'} that also logged in `
        + 'successfully: check before blocking. Each had logged in before its failures began (a mail client retrying an old '
        + 'password after a password change), or several users log in from it and every name it failed for logs in from it '
        + 'too (a webmail, an office behind one address), or it failed a few times for the one name it then logged in as, a '
        + 'name no wide attack here goes for, or it is one of the changing addresses of one device (a phone behind carrier '
        + 'NAT: it failed only for a name that had logged in from its network before, a new address every few minutes). '
        + 'Blocking it would cut off every user behind it: give those users\' mail clients the current password.',
      ...(devices > 0 ? ['', DEVICE_LEAD] : []),
      '',
      ...staleList(p),
      '',
    ];
  const v4 = p === null || p.v4;
  const v6 = p === null || p.v6;
  const nft = 'With nftables, create the set and its drop rule once, then add the addresses. ' + NFT_TABLE_NOTE + ' Addresses added with `nft` last '
    + 'until a reboot or a restart of nftables: the last lines keep the sets and the drop rules in '
    + '`/etc/nftables.d/blocklist.nft`, included from `/etc/nftables.conf` (run them again after adding addresses):';
  const background = p?.background;
  if (background !== undefined) {
    // Review Z, Z5: the weather, not an incident. Nothing to do today; the hardening is optional, fail2ban first (it
    // needs no change to how users log in), turning AUTH off on port 25 last. Review AL, AL2: unless it goes for a
    // real account by name, whose password comes first, and whose guessers are to block.
    const t = background.targeted;
    // Review AO, AO4: bots over the threshold in the whole log, but slowly (slowReturner), are said as such.
    const slow = background.slow;
    const perIpText = slow === undefined ? `no IP failed ${fmt(background.perIp)} times or more`
      : `no IP failed ${fmt(background.perIp)} times or more but ${fmt(slow.ips)} that came back slowly over the log, one failure every `
        + `${fmt(slow.minutes)} minutes or more on average, fewer than ${fmt(background.perIp)} of them for accounts that exist here`;
    const weather = `${perIpText}, no hour had more than ${fmt(background.peakHour)} failed `
      + `${background.peakHour === 1 ? 'login' : 'logins'}, and none of these IPs logged in.`;
    const again = 'Read this finding again if it turns high (one IP hammering, or a burst of failures) or critical (a login after the failures).';
    return [
      ...(t === undefined ? [
        `Nothing urgent: this is the password guessing every mail server on the Internet gets. ${weather[0]!.toUpperCase()}${weather.slice(1)} `
          + 'The steps below are optional hardening that makes such guessing cost your server less; nothing needs to change today. '
          + again,
      ] : [
        `Not only the usual guessing: ${t.name}, a real account (it logged in successfully in this log, so these were wrong passwords, not an `
          + `unknown name), was tried by name ${fmt(t.failures)} ${t.failures === 1 ? 'time' : 'times'} from ${fmt(t.ips)} `
          + `${t.ips === 1 ? 'IP' : 'IPs'}, ${fmt(t.share)}% of these failed logins. Background guessing tries made-up names; `
          + 'whoever keeps trying a real one knows it exists, often because they had its password. If its password was changed '
          + 'after a takeover, these are likely the intruder\'s IPs still trying the old one. Make sure its password is new and '
          + 'strong (not the old one with a character changed), and that every mail client of the account (phone, laptop, '
          + 'webmail) uses the new one. Then block these IPs, with the rest of `blocklist-ips.txt` (the commands are at the '
          + `end): ${t.ipList.join(', ')}${t.ips > t.ipList.length ? ` and ${fmt(t.ips - t.ipList.length)} more` : ''}.`,
        '',
        `The rest is the password guessing every mail server on the Internet gets: ${weather} The steps below make such `
          + 'guessing cost your server less. ' + again,
      ]),
      '',
      ...fail2ban,
      ...anvil,
      ...dovecot,
      ...(port25 ? port25Part : []),
      (t === undefined
        ? 'Blocking these addresses by hand is not needed: such bots change addresses, and fail2ban above bans those that come '
          + 'back. To block them anyway, `blocklist-ips.txt` (written next to this report) has one per line. '
        : `Block the attacking IPs, those that tried ${t.name} among them: \`blocklist-ips.txt\` (written next to this report) `
          + 'has one per line. ') + nft,
      '',
      ...nftBlockCommands(v4, v6),
      ...(staleApart.length > 0 ? ['', ...staleApart.slice(0, -1)] : []),
    ].join('\n');
  }
  return [
    ...port25Part,
    ...where,
    ...(port25 ? [...anvil, ...fail2ban] : [...fail2ban, ...anvil]),
    ...dovecot,
    'Block the attacking IPs now: `blocklist-ips.txt` (written next to this report) has one per line. ' + nft,
    '',
    ...nftBlockCommands(v4, v6),
    ...(staleApart.length > 0 ? ['', ...staleApart.slice(0, -1)] : []),
  ].join('\n');
}

/**
 * The addresses the jails must never ban (review Y4): the IPs to check before blocking, those with a fixed address (a
 * changing address of one device is not: its next one differs, and its network is shared with other subscribers; nor
 * a device that never logged in, whose owner is yet to be asked and whose pace the jail never bans anyway);
 * 127.0.0.1/8 and ::1 are there already.
 */
export function jailIgnored(p: BruteforceAdvice | null): string[] {
  return p === null ? [] : p.staleClients
    .filter((c) => c.reason !== 'roaming' && c.reason !== 'device' && !c.ip.startsWith('127.') && c.ip !== '::1')
    .map((c) => c.ip);
}

/**
 * fail2ban's jail file (review Y2-Y4; fail2ban 1.0.2 on Debian 12: jail.conf's default `banaction = iptables-multiport`,
 * and iptables is not installed with nftables; paths-debian.conf `syslog_mail = /var/log/mail.log`). Checked with
 * `fail2ban-client -c DIR -t` (test/fail2ban-nft.test.ts). The same in every language (ja-rules.ts uses it).
 */
export function fail2banJail(ignored: string[]): string[] {
  const ignore = ['ignoreip = 127.0.0.1/8 ::1', ...ignored].join(' ');
  return [
    '```',
    '[DEFAULT]',
    'banaction = nftables-multiport',
    'banaction_allports = nftables-allports',
    '',
    '[postfix-sasl]',
    'enabled  = true',
    'mode     = auth',
    'maxretry = 5',
    'findtime = 10m',
    'bantime  = 1d',
    'logpath  = /var/log/mail.log',
    ignore,
    '',
    '[dovecot]',
    'enabled  = true',
    'logpath  = /var/log/mail.log',
    ignore,
    '```',
  ];
}

/**
 * The jails' lines for a log in the journal only (review Y3): the postfix filter's `journalmatch` is
 * `_SYSTEMD_UNIT=postfix.service`, Debian's smtpd runs under `postfix@-.service` (fail2ban PR #3692); a jail's
 * journalmatch is added to the filter's (`fail2ban-client -d`: two addjournalmatch). Not run against a live journal.
 */
export function fail2banJournal(): string[] {
  return [
    '```',
    '[postfix-sasl]',
    'backend      = systemd',
    'journalmatch = _SYSTEMD_UNIT=postfix@-.service',
    '',
    '[dovecot]',
    'backend = systemd',
    '```',
  ];
}

/** Test the jail file, start the jails, see them count and ban into nftables (review Y2). */
export function fail2banCheck(): string[] {
  return [
    '```',
    'fail2ban-client -t',
    'systemctl restart fail2ban',
    'fail2ban-client status postfix-sasl',
    'nft list ruleset | grep f2b',
    '```',
  ];
}

/**
 * Reload Dovecot and see the delay it reads (review AK, AK12): doveconf parses dovecot.conf and the files it includes,
 * as Dovecot does, so an edit in a conf.d file dovecot.conf does not include (the corpus server's dovecot.conf has no
 * `!include conf.d/*.conf`) still shows the default `auth_failure_delay = 2 secs`.
 */
export const DOVECOT_DELAY_CHECK = ['```', 'doveadm reload', 'doveconf auth_failure_delay', '```'];

/** The sentence before nftBlockCommands: what its first line does (review Y6). */
/**
 * anvil's AUTH rate limit as `postconf -e` lines, the same in every language (review Y, Y12: lines to append to main.cf
 * silently override a setting of the same name earlier in the file, which Postfix only warns about).
 */
export const ANVIL_BLOCK = [
  '```',
  "postconf -e 'smtpd_client_auth_rate_limit = 10' 'anvil_rate_time_unit = 60s'",
  'postfix reload',
  '```',
];

export const NFT_TABLE_NOTE = 'The first line starts nftables when its `inet filter` table is not loaded (Debian installs '
  + 'nftables.service disabled, and `/etc/nftables.conf` has that table and its `input` chain); it loads '
  + '`/etc/nftables.conf`, which begins with `flush ruleset`: if another tool keeps rules in nftables (ufw, firewalld, '
  + 'Docker), leave it out and create the table and chain with that tool. If fail2ban already runs, `systemctl restart '
  + 'fail2ban` after it, so that fail2ban makes its table again.';

/**
 * The nftables commands that block blocklist-ips.txt, set and drop rule first (IPv4 and/or IPv6): the same in every
 * language (ja-rules.ts uses them too).
 */
/**
 * Whether the fix leads with turning AUTH off on port 25: only when the attack came through port 25 (review 10, M1:
 * after-fix.log's 57 failures all came as "postfix/submission/smtpd", the IMAP attack's as "dovecot: imap-login");
 * the general advice (no finding) keeps it. Decided here for every language.
 */
export function port25Advised(p: BruteforceAdvice | null): boolean {
  return p === null || p.port25Failures > 0;
}

/**
 * The nft commands that drop the addresses of `list` (one IP per line), IPv4 and IPv6 apart (an ipv4_addr set takes
 * no IPv6 address), after starting nftables when its `inet filter` table is missing (review Y6: `nft add set inet
 * filter …` fails with "No such file or directory" on a stock Debian 12), and the lines that keep the sets and rules
 * across a reboot (review Y5): `nft list set` prints a `table inet filter { set … }` that `nft -f` loads into the table
 * /etc/nftables.conf made (checked with `nft -c -f` and in a network namespace, test/fail2ban-nft.test.ts).
 */
export function nftBlockCommands(v4: boolean, v6: boolean, list = 'blocklist-ips.txt'): string[] {
  const fams = [
    ...(v4 ? [{ set: 'blocked_v4', type: 'ipv4_addr', ip: 'ip', grep: 'grep -v :' }] : []),
    ...(v6 ? [{ set: 'blocked_v6', type: 'ipv6_addr', ip: 'ip6', grep: 'grep :' }] : []),
  ];
  if (fams.length === 0) return ['```', '```'];
  const file = '/etc/nftables.d/blocklist.nft';
  return [
    '```',
    'nft list table inet filter > /dev/null 2>&1 || systemctl enable --now nftables',
    ...fams.flatMap((f) => [
      `nft add set inet filter ${f.set} '{ type ${f.type}; }'`,
      `nft insert rule inet filter input ${f.ip} saddr @${f.set} drop`,
      `${f.grep} ${list} | while read ip; do nft add element inet filter ${f.set} "{ $ip }"; done`,
    ]),
    'mkdir -p /etc/nftables.d',
    ...fams.map((f, i) => `nft list set inet filter ${f.set} ${i === 0 ? '>' : '>>'} ${file}`),
    ...fams.map((f) => `echo 'insert rule inet filter input ${f.ip} saddr @${f.set} drop' >> ${file}`),
    `grep -q ${file} /etc/nftables.conf || echo 'include "${file}"' >> /etc/nftables.conf`,
    'nft -c -f /etc/nftables.conf',
    '```',
  ];
}

/** One IP's failed logins as this rule counts them: SMTP AUTH (and of those, port 25's) and IMAP/POP3. */
interface IpFailures {
  ip: string;
  n: number;
  smtp: number;
  port25: number;
  mailbox: number;
}

/** The IP's failed logins: SMTP AUTH, plus IMAP/POP3 (each attempt shows in one or both of two views: the larger counts). */
function failuresOf(ip: string, r: ClientIpStats): IpFailures {
  const smtp = r.authFailures + r.authAborted;
  const mailbox = Math.max(r.mailboxLoginFailures, r.mailboxAuthFailures);
  return { ip, n: smtp + mailbox, smtp, port25: r.smtpServiceAuthFailures, mailbox };
}

const STALE_SHOWN = 10;

/** "127.0.10.2 (13 failed as yamada@example.jp; logged in as sato@example.jp, … 5 users)": evidence, in no language. */
/** The evidence's text of one of the users' own clients (Messages.findings.staleClientText in English). */
export function staleText(c: StaleClient): string {
  const users = c.loggedInAs.length === 0 ? 'a login that sent nothing'
    : c.loggedInAs.slice(0, 3).join(', ') + (c.loggedInAs.length > 3 ? `, … ${c.loggedInAs.length} users` : '');
  const names = c.names.length === 0 ? '' : ` as ${c.names.slice(0, 3).join(', ')}${c.names.length > 3 ? `, … ${c.names.length} names` : ''}`;
  if (c.reason === 'device') return `${c.ip} (${c.failures} failed${names}; never logged in; every ~${c.everyMinutes} min for ${c.spanHours} h)`;
  if (c.reason === 'roaming') {
    return `${c.ip} (${c.failures} failed${names}; changing address in ${c.network}, logged in from ${c.earlierLoginIp} before`
      + `${c.loggedInAs.length > 0 ? `; logged in as ${users}` : ''})`;
  }
  return `${c.ip} (${c.failures} failed${names}; logged in as ${users}${c.reason === 'this-host' ? '; this server itself' : ''})`;
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
    /**
     * During a wide attack, a name tried by this many IPs that never logged in as it is under attack: another IP that
     * fails for it and then logs in as it is one of the attack's, however few its failures (attacked-names.ts).
     */
    attackedNameIps: 3,
    /**
     * A user's own device that changes address (a phone behind carrier NAT, roaming-clients.ts, review 12 H2): its
     * addresses share the first this many bits (IPv4; a carrier's NAT pool spans many /16s) …
     */
    roamingPrefixV4: 8,
    /** … or these (IPv6: the /32 a registry allocates to a provider) with the address its name logged in from before, … */
    roamingPrefixV6: 32,
    /** … and a new one came this many minutes or more after the last on average (a guesser's rotate in seconds). */
    roamingMinutesPerAddress: 5,
    /**
     * Background guessing that goes for a real account by name (targeted-account.ts, review AL, AL2): the name most
     * tried, one that logs in here, with at least this many failures from the attacking IPs, …
     */
    targetedAccountFailures: 10,
    /** … from at least this many of them, … */
    targetedAccountIps: 3,
    /** … this share of their failures or more (samples/after-fix.log: info@example.jp's 22 of 92, 24%, from 13 IPs). */
    targetedAccountPercent: 20,
    /**
     * An IP over perIpFailures in the whole log that failed one time every this many minutes or slower on average, and
     * fewer than perIpFailures times for real accounts, is the background's (detect/background.ts slowReturner; review
     * AO, AO4: bots back once an hour or two all day, 16 failures each over 24 h).
     */
    slowReturnerMinutes: 30,
  },
  why: 'Bots try user names and passwords on SMTP AUTH (and IMAP/POP3) until one works. A guessed mailbox password '
    + 'turns the server into a spam relay: the mail leaves with your IP and your domain, your IP lands on block lists and '
    + 'your own customers\' mail is refused. Every failed attempt also costs a Dovecot/saslauthd lookup.',
  fix: saslBruteforceFix(null),
  advise(f, _findings, agg, ctx) {
    const users = port25Users(agg, ctx);
    const blocked = f.lists?.['blocklist-ips.txt'] ?? [];
    const stale = staleClients(agg, ctx);
    const num = (k: string): number => (typeof f.evidence[k] === 'number' ? f.evidence[k] as number : 0);
    const port25Failures = num('port25AuthFailuresFromAttackingIps');
    return ctx.messages.advice.saslBruteforce({
      port25Users: users.slice(0, PORT25_USERS_SHOWN), morePort25Users: Math.max(0, users.length - PORT25_USERS_SHOWN),
      noSubmissionTag: (users.length > 0 || port25Failures > 0) && !loggedInThroughOtherService(agg) && !failedThroughOtherService(agg),
      v4: blocked.some((ip) => !ip.includes(':')), v6: blocked.some((ip) => ip.includes(':')),
      blocked: blocked.length,
      smtpFailures: num('smtpAuthFailuresFromAttackingIps'),
      port25Failures,
      mailboxFailures: num('mailboxLoginFailuresFromAttackingIps'),
      staleClients: stale.slice(0, STALE_SHOWN), moreStaleClients: Math.max(0, stale.length - STALE_SHOWN),
      ...(isBackgroundGuessing(f) ? { background: backgroundAdvice(f, agg, ctx) } : {}),
    });
  },
  detect(agg, ctx) {
    const at = timeText(agg);
    const perIp = ctx.threshold('perIpFailures');
    const classes = classify(agg, ctx);
    const stale = classes.stale;
    let attackers = 0;
    let smallIps = 0;
    let candidateFailures = 0;
    for (const [ip, r] of agg.byClientIp) {
      if (!classes.isCandidate(ip, r)) continue;
      const n = ipFailures(r);
      if (n >= perIp) attackers++;
      else smallIps++;
      candidateFailures += n;
    }
    const distributed = smallIps + attackers >= ctx.threshold('distributedIps') && candidateFailures >= ctx.threshold('distributedFailures');
    const m = ctx.messages;
    const staleFailures = stale.reduce((sum, c) => sum + c.failures, 0);
    if (attackers === 0 && !distributed) return stale.length === 0 ? [] : [staleOnlyFinding(agg, ctx, stale, staleFailures, classes.allFailures)];
    // Scored once, then sorted: a botnet leaves millions of IPs (10 million: docs/memory.md), and a
    // comparator that looked the rows up again made this rule take most of the run.
    const scored: IpFailures[] = [];
    const min = distributed ? 1 : perIp;
    const usersTried = new Map<string, number>();
    let first = Infinity;
    let last = -Infinity;
    for (const [ip, r] of agg.byClientIp) {
      if (ipFailures(r) < min || !classes.isCandidate(ip, r)) continue;
      const s = failuresOf(ip, r);
      scored.push(s);
      if (r.firstAt < first) first = r.firstAt;
      if (r.lastAt > last) last = r.lastAt;
      for (const [u, c] of namesTriedBy(r)) usersTried.set(u, (usersTried.get(u) ?? 0) + c);
    }
    scored.sort((a, b) => b.n - a.n || (a.ip < b.ip ? -1 : 1));
    const ips = scored.map((s) => s.ip);
    const sum = (k: 'n' | 'smtp' | 'port25' | 'mailbox'): number => scored.reduce((total, s) => total + s[k], 0);
    const failures = sum('n');
    const ipCount = ips.length;
    // Attacking IPs that then logged in over SMTP AUTH (disconnect … auth=1): a guess that worked, which no other rule
    // reports when the account then sends little (review 17, L4: 60 failures on port 25 as info@, a login, test mail).
    // (Over IMAP/POP3 it is mailbox-breach's; a user's own client is not among these IPs: stale-password.ts.)
    const gotIn = ips.filter((ip) => { const r = agg.byClientIp.get(ip)!; return Number.isFinite(r.firstAuthOkAt) && r.firstAuthOkAt >= r.firstLoginFailureAt; });
    const overThreshold = scored.filter((s) => s.n >= perIp).length;
    // Of those, the bots that only reached it by coming back slowly all day for made-up names (review AO, AO4).
    const slowMinutes = ctx.threshold('slowReturnerMinutes');
    const slow = scored.filter((s) => s.n >= perIp && slowReturner(agg.byClientIp.get(s.ip)!, s.n, perIp, slowMinutes, realAccountFailures(agg, s.ip))).length;
    const peakHour = peakHourFailures(agg);
    // The background every server on the Internet gets (review Z, Z5; detect/background.ts): no IP over the per-IP
    // threshold (but slowly: slowReturner), none of them logged in anywhere, and no hour with a distributed
    // attack's count of failures, or only the chance peak of an even rate below it (review AO, AO1: a busy MX's 600
    // failures from 268 bots over a day).
    const mailbox = mailboxLoginsByIp(agg);
    const background = overThreshold === slow && guessingRateIsBackground(agg, ctx.threshold('distributedFailures'))
      && !ips.some((ip) => { const r = agg.byClientIp.get(ip)!; return Number.isFinite(r.firstAuthOkAt) || (r.saslUsers?.size ?? 0) > 0 || mailbox.has(ip); });
    // Only the background's: an attack is blocked whatever names it tries, and its guess is compromised-account's.
    const targeted = background ? targetedAccount(agg, ctx, ips, usersTried, failures) : null;
    const title = background
      ? m.findings.bruteforceBackground({
        failures, ips: ipCount, hours: Math.max(0, (last - first) / 3_600_000),
        ...(targeted !== null ? { targeted: { name: targeted.name, failures: targeted.failures, ips: targeted.ips.length } } : {}),
      })
      : (distributed
        ? m.findings.bruteforceDistributed({ failures, ips: ipCount, first: shortTime(at(first), m.unknownTime), last: shortTime(at(last), m.unknownTime) })
        : m.findings.bruteforceSingle({ ips: ipCount, failures }))
      + (gotIn.length > 0 ? m.findings.bruteforceGotIn(gotIn.slice(0, 3), gotIn.length - 3) : '');
    const finding: Finding = {
      rule: 'sasl-bruteforce',
      // Never critical for its size: guessing that got nowhere is every public server's daily weather (review 17, I6:
      // 3,343 failures from 250 bots opened a healthy server's report as CRITICAL). Critical when it got in; low when
      // it is that weather (review Z, Z5: samples/after-fix.log, the report meant to show the fix, opened with "1 HIGH").
      severity: gotIn.length > 0 ? 'critical' : background ? 'low' : 'high',
      title,
      subject: { kind: 'ips', value: m.someOf(ips, 3) },
      firstAt: at(first),
      lastAt: at(last),
      // Every count names its scope, and they add up: failedLoginsFromAttackingIps = smtpAuthFailures… + mailboxLoginFailures…;
      // failedLoginsInLog = …FromAttackingIps + …FromIpsToCheck + …FromOtherIps (review 10, M4).
      evidence: {
        attackingIps: ipCount,
        ipsOverThreshold: overThreshold,
        ...(slow > 0 ? { slowAttackingIpsOverThreshold: slow } : {}),
        ...(gotIn.length > 0 ? { loggedInAttackingIps: gotIn.length, loggedInAttackingIpsList: gotIn.slice(0, 5).join(', ') } : {}),
        failedLoginsFromAttackingIps: failures,
        smtpAuthFailuresFromAttackingIps: sum('smtp'),
        // Right after the SMTP AUTH row, the two adding up to the row above them; the port-25 rows after (review AN,
        // AN9: "Of those, IMAP/POP3 | 35" below "IP addresses they came from | 28" read as a part of the 503 refusals).
        mailboxLoginFailuresFromAttackingIps: sum('mailbox'),
        port25AuthFailuresFromAttackingIps: sum('port25'),
        ...port25RefusedEvidence(agg),
        distinctUserNamesTriedByAttackingIps: usersTried.size,
        topUserNamesTriedByAttackingIps: sortedKeys(usersTried).slice(0, 10).join(', '),
        topAttackingIps: scored.slice(0, 10).map((s) => `${s.ip} (${s.n})`).join(', '),
        ...(targeted !== null ? targetedEvidence(targeted) : {}),
        ...staleEvidence(stale, staleFailures, ctx.messages.findings.staleClientText),
        failedLoginsFromOtherIps: classes.allFailures - failures - staleFailures,
        failedLoginsInLog: classes.allFailures,
        peakHourFailedLoginsInLog: peakHour,
      },
      examples: pickExamples(ips.slice(0, 5).map((ip) => agg.byClientIp.get(ip)!.firstAuthFailure ?? agg.byClientIp.get(ip)!.firstExample)),
      impact: failures,
      lists: { 'blocklist-ips.txt': [...ips].sort() },
    };
    // Who is who in the Client IPs table (review Z, Z23); the guessers of IMAP/POP3 alone apart, which the table
    // keeps below its cut and names as such.
    markRoles(finding, 'guessed-password', gotIn);
    const mailboxOnly = scored.filter((s) => s.smtp === 0).map((s) => s.ip);
    markRoles(finding, 'password-guessing', mailboxOnly.length === 0 ? ips : scored.filter((s) => s.smtp > 0).map((s) => s.ip));
    markRoles(finding, 'mailbox-password-guessing', mailboxOnly);
    return [finding];
  },
};

/**
 * The whole log's AUTH commands refused on port 25 without a warning, and their IPs (review AL, AL1: once AUTH is off
 * there, "0 SMTP AUTH on port 25" alone read as if the bots had stopped; they get 503). Absent when none.
 */
function port25RefusedEvidence(agg: Aggregate): Record<string, number> {
  const { commands, ips } = port25RefusedOf(agg.authRefused);
  return commands > 0 ? { authRefusedOnPort25InLog: commands, authRefusedOnPort25Ips: ips } : {};
}

const TARGETED_IPS_SHOWN = 20;

/** The IP's failed logins for names that are accounts here (targeted-account.ts isRealAccount), as namesTriedBy counts them. */
function realAccountFailures(agg: Aggregate, ip: string): number {
  let n = 0;
  for (const [name, c] of namesTriedBy(agg.byClientIp.get(ip)!)) if (isRealAccount(agg, name)) n += c;
  return n;
}

/**
 * The background advice's figures: the busiest hour, the per-IP threshold, the IPs over it only slowly (review AO,
 * AO4), and the real account it goes for, if any.
 */
function backgroundAdvice(f: Finding, agg: Aggregate, ctx: RuleContext): NonNullable<BruteforceAdvice['background']> {
  const peakHour = typeof f.evidence.peakHourFailedLoginsInLog === 'number' ? f.evidence.peakHourFailedLoginsInLog : 0;
  const all = typeof f.evidence.failedLoginsFromAttackingIps === 'number' ? f.evidence.failedLoginsFromAttackingIps : 0;
  // The account detect named, and the attacking IPs (the finding's blocklist) that tried it, found again in `agg`.
  const name = f.evidence.targetedAccount;
  const failures = f.evidence.failuresForTargetedAccount;
  const tried = typeof name === 'string' ? ipsTrying(agg, f.lists?.['blocklist-ips.txt'] ?? [], name) : [];
  const slow = f.evidence.slowAttackingIpsOverThreshold;
  return {
    peakHour, perIp: ctx.threshold('perIpFailures'),
    ...(typeof slow === 'number' && slow > 0 ? { slow: { ips: slow, minutes: ctx.threshold('slowReturnerMinutes') } } : {}),
    ...(typeof name === 'string' && typeof failures === 'number' ? {
      targeted: {
        name, failures, ips: tried.length, share: all === 0 ? 0 : Math.round((failures * 100) / all),
        ipList: tried.slice(0, TARGETED_IPS_SHOWN).map((x) => x.ip),
      },
    } : {}),
  };
}

/** The real account background guessing goes for (review AL, AL2), in evidence: in no language, as topAttackingIps. */
function targetedEvidence(t: TargetedAccount): Record<string, number | string> {
  return {
    targetedAccount: t.name,
    failuresForTargetedAccount: t.failures,
    ipsTryingTargetedAccount: t.ips.length,
    // Not "…Account…List": redact.ts reads an evidence key with "account" in it as a list of user names, not IPs.
    targetedByIps: t.ips.slice(0, TARGETED_IPS_SHOWN).map((x) => `${x.ip} (${x.failures})`).join(', ')
      + (t.ips.length > TARGETED_IPS_SHOWN ? `, … ${t.ips.length} IPs` : ''),
  };
}

/** The networks of the devices that change address among the IPs to check, sorted. */
function roamingNetworks(stale: StaleClient[]): string[] {
  return [...new Set(stale.filter((c) => c.reason === 'roaming').map((c) => c.network))].sort();
}

/** The stale-password IPs in evidence: how many, their failures, and the first of them in words. */
function staleEvidence(stale: StaleClient[], failures: number, text: (c: StaleClient) => string): Record<string, number | string> {
  const networks = roamingNetworks(stale);
  return {
    ipsToCheckBeforeBlocking: stale.length,
    failedLoginsFromIpsToCheck: failures,
    ...(stale.length > 0 ? { ipsToCheck: stale.slice(0, STALE_SHOWN).map(text).join(text === staleText ? '; ' : '。') } : {}),
    ...(networks.length > 0 ? { ipsToCheckChangingAddress: stale.filter((c) => c.reason === 'roaming').length, changingAddressNetworks: networks.join(', ') } : {}),
  };
}

/**
 * Only IPs that also logged in successfully failed, each for one name: no guesser, but mail clients with an old
 * password (oldpw.log); or a device of a user's that never logged in (stale-password.ts deviceOf). Nothing to block.
 */
function staleOnlyFinding(agg: Aggregate, ctx: RuleContext, stale: StaleClient[], failures: number, allFailures: number): Finding {
  const at = timeText(agg);
  let first = Infinity;
  let last = -Infinity;
  for (const c of stale) {
    const r = agg.byClientIp.get(c.ip)!;
    if (r.firstAt < first) first = r.firstAt;
    if (r.lastAt > last) last = r.lastAt;
  }
  const ips = stale.map((c) => c.ip);
  const devices = stale.filter((c) => c.reason === 'device');
  return {
    rule: 'sasl-bruteforce',
    // Info: IPs that logged in, a typo or a client with an old password, nothing to block (review AN, AN3: its own title
    // says "not a guesser"). Low with a device that never logged in: whose it is is the user's to confirm (AN1).
    severity: devices.length > 0 ? 'low' : 'info',
    title: ctx.messages.findings.bruteforceStaleOnly({
      ips: stale.length, failures, users: new Set(stale.flatMap((c) => c.names)).size, shared: stale.some((c) => c.names.length > 1),
      strangers: stale.reduce((n, c) => n + (c.reason === 'shared' ? c.strangers : 0), 0),
      roaming: stale.filter((c) => c.reason === 'roaming').length, networks: roamingNetworks(stale),
      ...(devices.length > 0 ? {
        devices: devices.length, device: { name: devices[0]!.names[0] ?? '', everyMinutes: devices[0]!.everyMinutes, spanHours: devices[0]!.spanHours },
      } : {}),
    }),
    subject: { kind: 'ips', value: ctx.messages.someOf(ips, 3) },
    firstAt: at(first),
    lastAt: at(last),
    // Its own IPs first (the ticket shows five rows): the attackers' zeros after them (review AN's rest).
    evidence: {
      ...staleEvidence(stale, failures, ctx.messages.findings.staleClientText),
      attackingIps: 0,
      failedLoginsFromAttackingIps: 0,
      failedLoginsFromOtherIps: allFailures - failures,
      failedLoginsInLog: allFailures,
    },
    examples: pickExamples(ips.slice(0, 5).map((ip) => agg.byClientIp.get(ip)!.firstAuthFailure ?? agg.byClientIp.get(ip)!.firstExample)),
    impact: failures,
    // Not the rule's "Bots try user names and passwords…": no bot here (review AN, AN1).
    why: ctx.messages.findings.bruteforceStaleWhy,
  };
}

/**
 * Sorts the IPs with failed logins: allow-listed (--allow-ips) and users who mistyped are left alone; mail clients
 * with an old password (stale-password.ts) are listed apart; the rest are candidates for the attack. `allFailures`:
 * every IP's failures, as failuresOf counts them.
 */
type Classes = { stale: StaleClient[]; allFailures: number; isCandidate: (ip: string, r: ClientIpStats) => boolean };

/** classify's answer per run: detect and advise get the same context (detect/index.ts), one per aggregate. */
const classified = new WeakMap<RuleContext, { agg: Aggregate; classes: Classes }>();

function classify(agg: Aggregate, ctx: RuleContext): Classes {
  const done = classified.get(ctx);
  if (done !== undefined && done.agg === agg) return done.classes;
  const classes = classifyIps(agg, ctx);
  classified.set(ctx, { agg, classes });
  return classes;
}

function classifyIps(agg: Aggregate, ctx: RuleContext): Classes {
  // A client that also logged in to SMTP (sent mail as a user, or "disconnect … auth=1") with only a failure or two
  // is a user who mistyped, unless it sent as a compromised account from the guess on (the guess often takes one or
  // two tries from its IP). Worked out only when some IP needs it: findCompromised reads every SASL user.
  let abusive: Set<string> | undefined;
  const isAbusive = (ip: string): boolean => (abusive ??= abuseIps(agg, ctx)).has(ip);
  const mistyped = (ip: string, r: ClientIpStats, n: number): boolean =>
    n < 3 && (r.saslUsers !== null || Number.isFinite(r.firstAuthOkAt)) && !isAbusive(ip);
  const mailbox = mailboxLoginsByIp(agg);
  // The users' own devices that change address: never part of an attack, listed to check.
  const roaming = roamingClients(agg, ctx);
  // The names a wide attack goes for: read only when an IP that failed also logged in and failed for one name.
  let attacked: AttackedNames | undefined;
  const attackedOnce = (): AttackedNames => (attacked ??= attackedNames(agg, ctx, namesLoggedInByIp(agg), roaming));
  let compromised: Set<string> | undefined;
  const paces = new Map<string, DevicePace | null>();
  const staleCtx = {
    minGuessFailures: ctx.threshold('mailbox-breach.minFailuresOneName'),
    isAttacked: (name: string): boolean => attackedOnce().isAttacked(name),
    roaming,
    slowlyPolled: (name: string): boolean => polledSlowly(agg.loginFailureTimes, name),
    homeNetworkBefore: (name: string, ip: string, before: number): boolean => loggedInFromNetworkBefore(agg, ctx, name, ip, before),
    logEnd: agg.lastAt,
    // A real user's name (it opened a mailbox or sent after a SASL login here), tried by this IP alone of those it never
    // logged in from (attacked-names.ts ipsPerName: a botnet's or a second guesser's IPs count), no wide attack's, and
    // no account taken over here (its intruder may keep trying the old password: review AL, AL2): review AN, AN1.
    devicePace: (name: string): DevicePace | null => {
      if (!agg.mailboxLogins.has(name) && !agg.bySaslUser.has(name)) return null;
      const a = attackedOnce();
      if (a.isAttacked(name) || (a.ipsPerName.get(name) ?? 0) > 1) return null;
      if ((compromised ??= new Set(findCompromised(agg, ctx).map((c) => c.user))).has(name)) return null;
      let pace = paces.get(name);
      if (pace === undefined) paces.set(name, pace = devicePaceOf(agg.loginFailureTimes, name));
      return pace;
    },
  };
  const stale: StaleClient[] = [];
  const staleIps = new Set<string>();
  const typoIps = new Set<string>();
  let allFailures = 0;
  for (const [ip, r] of agg.byClientIp) {
    const n = ipFailures(r);
    if (n === 0) continue;
    allFailures += n;
    if (ctx.allowIps.has(ip) || mistyped(ip, r, n)) continue;
    let c = staleClientOf(ip, r, n, mailbox.get(ip), staleCtx);
    // An IP of the abuse is no client to spare; this server itself is never blocked (a drop rule on 127.0.0.1 cuts
    // off the webmail, LMTP and the milters), only listed.
    if (c !== null && isAbusive(ip)) c = isThisHost(ip) ? { ...c, reason: 'this-host' } : null;
    // The same typo over IMAP/POP3 as `mistyped` over SMTP (review AN, AN3: v9.log:511-513, "passwd-file(tanaka@…,
    // 192.0.2.50,<…>): Password mismatch", then "imap-login: Login: user=<tanaka@example.jp>, … rip=192.0.2.50" two
    // minutes later): a failure or two for the one name the IP then opened the mailbox of, a client of that user.
    if (c !== null && n < 3 && mailboxTypo(c, r, mailbox.get(ip))) { typoIps.add(ip); continue; }
    if (c !== null) { stale.push(c); staleIps.add(ip); }
  }
  stale.sort((a, b) => b.failures - a.failures || (a.ip < b.ip ? -1 : 1));
  const isCandidate = (ip: string, r: ClientIpStats): boolean => {
    const n = ipFailures(r);
    return n > 0 && !ctx.allowIps.has(ip) && !staleIps.has(ip) && !typoIps.has(ip) && !mistyped(ip, r, n);
  };
  return { stale, allFailures, isCandidate };
}

/**
 * A client of one user that mistyped over IMAP/POP3 (staleClientOf: it had logged in before, or failed a few times
 * for the name it logged in as, no wide attack's) and opened that user's mailbox after its first failure.
 */
function mailboxTypo(c: StaleClient, r: ClientIpStats, mailbox: MailboxLoginsOfIp | undefined): boolean {
  return (c.reason === 'before' || c.reason === 'few') && c.names.length === 1 && mailbox !== undefined
    && mailbox.users.includes(c.names[0]!) && mailbox.lastAt >= r.firstLoginFailureAt;
}

/** The stale-password IPs of the log (for the advice, which runs after detect with the same context). */
function staleClients(agg: Aggregate, ctx: RuleContext): StaleClient[] {
  return classify(agg, ctx).stale;
}

/** Some SMTP AUTH failure came through an smtpd tag other than the `smtp` service's ("postfix/submission/smtpd"). */
function failedThroughOtherService(agg: Aggregate): boolean {
  for (const r of agg.byClientIp.values()) if (r.smtpServiceAuthFailures < r.authFailures + r.authAborted) return true;
  return false;
}
