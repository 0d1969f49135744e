// Dovecot line table: the login-process, auth and LMTP shapes of LINES.md §3 #33–35 and every distinct Dovecot
// line shape of the two corpus logs (Dovecot 2.3.19.1, Debian 12), verbatim, with the event they must give.
// `src` cites the corpus file and line number, or the public source.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { newHeader, newYearRule, parseHeader } from '../src/parse/header.js';
import { parserFor } from '../src/parse/programs.js';
import type { LogEvent } from '../src/types.js';

interface Case {
  src: string;
  line: string;
  /** Every field of the event. */
  want: Record<string, unknown>;
}

function parseLine(line: string): LogEvent | null {
  const h = newHeader();
  assert.ok(parseHeader(line, h, newYearRule(2026, 10, true), new Map()), 'syslog prefix');
  const parse = parserFor(h.prog);
  assert.ok(parse, `${h.prog} has a parser`);
  return parse(line, h.msgStart);
}

function check(c: Case): void {
  const ev = parseLine(c.line);
  assert.ok(ev, 'the line is understood (not unparsed)');
  assert.deepEqual(ev, c.want);
}

const PUBLIC: Case[] = [
  {
    src: 'LINES.md §3 #33 (fail2ban tests/files/logs/dovecot)',
    line: 'Jul 02 13:49:31 hostname dovecot[442]: pop3-login: Aborted login (auth failed, 1 attempts in 17 secs): user=<test>, method=PLAIN, rip=192.51.100.13, lip=203.0.113.17, session=<YADINsQCDs5BH8Pg>',
    want: { kind: 'dovecotLoginFailed', protocol: 'pop3', user: 'test', ip: '192.51.100.13', attempts: 1 },
  },
  {
    src: 'LINES.md §3 #33 (fail2ban tests/files/logs/dovecot)',
    line: 'Jun 13 16:30:54 platypus dovecot: imap-login: Disconnected (auth failed, 2 attempts): user=<username.bob>, method=PLAIN, rip=49.176.98.87, lip=113.212.99.194, TLS',
    want: { kind: 'dovecotLoginFailed', protocol: 'imap', user: 'username.bob', ip: '49.176.98.87', attempts: 2 },
  },
  {
    src: 'LINES.md §3 #33 (fail2ban tests/files/logs/dovecot)',
    line: 'Aug 29 03:17:18 server dovecot: submission-login: Client has quit the connection (auth failed, 1 attempts in 2 secs): user=<user1>, method=LOGIN, rip=192.0.2.133, lip=0.0.0.0',
    want: { kind: 'dovecotLoginFailed', protocol: 'submission', user: 'user1', ip: '192.0.2.133', attempts: 1 },
  },
  {
    src: 'fail2ban tests/files/logs/dovecot',
    line: 'Jun 14 00:48:21 platypus dovecot: imap-login: Disconnected (auth failed, 1 attempts): method=PLAIN, rip=59.167.242.100, lip=113.212.99.194, TLS: Disconnected',
    want: { kind: 'dovecotLoginFailed', protocol: 'imap', user: '', ip: '59.167.242.100', attempts: 1 },
  },
  {
    src: 'fail2ban tests/files/logs/dovecot',
    line: 'Jun 23 00:52:43 vhost1-ua dovecot: pop3-login: Disconnected: Inactivity (auth failed, 1 attempts): user=<info>, method=PLAIN, rip=193.95.245.163, lip=176.214.13.210',
    want: { kind: 'dovecotLoginFailed', protocol: 'pop3', user: 'info', ip: '193.95.245.163', attempts: 1 },
  },
  {
    src: 'LINES.md §3 #35 (fail2ban tests/files/logs/dovecot)',
    line: 'Jul 02 13:49:32 hostname dovecot[442]: pop3-login: Disconnected (no auth attempts in 58 secs): user=<>, rip=192.51.100.13, lip=203.0.113.17, session=<LgDINsQCkttVIMPg>',
    want: { kind: 'noise', what: 'dovecot-login' },
  },
  {
    src: 'fail2ban tests/files/logs/dovecot',
    line: 'Jun 13 20:48:11 platypus dovecot: pop3-login: Disconnected (no auth attempts): rip=121.44.24.254, lip=113.212.99.194, TLS: Disconnected',
    want: { kind: 'noise', what: 'dovecot-login' },
  },
  {
    src: 'fail2ban tests/files/logs/dovecot',
    line: 'Dec 12 11:19:11 dunnart dovecot: pop3-login: Aborted login (tried to use disabled plaintext auth): rip=190.210.136.21, lip=113.212.99.193',
    want: { kind: 'noise', what: 'dovecot-login' },
  },
  {
    src: 'LINES.md §3 #34 (fail2ban dovecot tests)',
    line: 'Jan 29 05:32:50 mail dovecot: auth-worker(304): pam(username,1.2.3.4): pam_authenticate() failed: Authentication failure (password mismatch?)',
    want: { kind: 'dovecotAuthFailed', user: 'username', ip: '1.2.3.4', reason: 'pam failure', backend: 'pam', session: false },
  },
  {
    src: 'LINES.md §3 #34 (fail2ban dovecot tests)',
    line: 'Jun 11 13:57:17 main dovecot: auth: sql(admin@example.ru,192.168.144.226,<6rXunFtu493AqJDi>): Password mismatch',
    want: { kind: 'dovecotAuthFailed', user: 'admin@example.ru', ip: '192.168.144.226', reason: 'Password mismatch', backend: 'sql', session: true },
  },
  {
    src: 'fail2ban tests/files/logs/dovecot (Dovecot 1.x repeats its name)',
    line: 'Jul 02 13:49:32 hostname dovecot[442]: dovecot: auth(default): pam(account@MYSERVERNAME.com,200.76.17.206): pam_authenticate() failed: User not known to the underlying authentication module: 2 Time(s)',
    want: { kind: 'dovecotAuthFailed', user: 'account@MYSERVERNAME.com', ip: '200.76.17.206', reason: 'pam failure', backend: 'pam', session: false },
  },
  {
    src: 'public (review 7 H2; Dovecot ≥ 2.3.11 auth-worker with auth_verbose, MySQL passdb)',
    line: 'Sep 22 04:02:55 mail dovecot: auth-worker(2506): conn unix:auth-worker (pid=2420,uid=0): auth-worker<48865241>: sql(user1@test.ro,192.168.1.23,<tgBHif/3pJReNHGH>): Password mismatch',
    want: { kind: 'dovecotAuthFailed', user: 'user1@test.ro', ip: '192.168.1.23', reason: 'Password mismatch', backend: 'sql', session: true },
  },
  {
    src: 'public (review 7 L11; Dovecot 2.3 auth-worker error, RFC 3339 prefix)',
    line: '2024-06-15T12:47:06.853198+02:00 mailserver dovecot: auth-worker(57917): Error: conn unix:auth-worker (pid=57915,uid=113): auth-worker<1>: sql(me@mydomain,127.0.0.1,<OOoLdOsaHIJ/AAAB>): Invalid password in passdb: Password is not blowfish password',
    want: { kind: 'daemonProblem', daemon: 'dovecot-auth-worker', severity: 'error', text: 'sql(me@mydomain,127.0.0.1,<OOoLdOsaHIJ/AAAB>): Invalid password in passdb: Password is not blowfish password' },
  },
];

// Review 7 lab: Debian 12 Postfix 3.7.11 + Dovecot 2.3.19.1, lines verbatim from its maillog.
const LAB: Case[] = [
  {
    src: 'lab (review 7 H2): Debian default passdb pam, auth_verbose=yes, SMTP AUTH',
    line: 'Nov 29 01:24:57 vm dovecot: auth-worker(20456): conn unix:auth-worker (pid=16960,uid=104): auth-worker<1>: pam(sato@example.jp,127.0.0.1): pam_authenticate() failed: Authentication failure (Password mismatch?)',
    want: { kind: 'dovecotAuthFailed', user: 'sato@example.jp', ip: '127.0.0.1', reason: 'pam failure', backend: 'pam', session: false },
  },
  {
    src: 'lab (review 7 H2): the same through imap-login (a session ID)',
    line: 'Nov 29 01:26:06 vm dovecot: auth-worker(20456): conn unix:auth-worker (pid=16960,uid=104): auth-worker<7>: pam(ghost,127.0.0.1,<OjIBLWBhbup/AAAB>): pam_authenticate() failed: Authentication failure (Password mismatch?)',
    want: { kind: 'dovecotAuthFailed', user: 'ghost', ip: '127.0.0.1', reason: 'pam failure', backend: 'pam', session: true },
  },
  {
    src: 'lab (review 7 M5): LMTP looking up a recipient that has no mailbox — no IP, no session: a lookup, not a login',
    line: 'Nov 29 01:23:32 vm dovecot: auth: passwd-file(nobody@example.jp): unknown user',
    want: { kind: 'noise', what: 'dovecot-auth-lookup' },
  },  {
    src: 'lab (review 7 M6): dovecot-lda from a Postfix pipe transport',
    line: 'Nov 29 01:24:46 vm dovecot: lda(sato@example.jp)<20269><0IPHLd5+C2stTwAAg+zDdQ>: msgid=<lda-delivery-known.1795915461162@client.example>: saved mail to INBOX',
    want: { kind: 'dovecotDelivered', user: 'sato@example.jp', messageId: 'lda-delivery-known.1795915461162@client.example' },
  },
  {
    src: 'public (review 7 M7): a service with no user or pid',
    line: 'Jul 22 08:17:32 rhuiden dovecot: imap: Error: Module is for different ABI version 2.2.9 (we have 2.2.ABIv7(2.2.9)): /usr/lib/dovecot/modules//drac_plugin.so',
    want: { kind: 'daemonProblem', daemon: 'dovecot-imap', severity: 'error', text: 'Module is for different ABI version 2.2.9 (we have 2.2.ABIv7(2.2.9)): /usr/lib/dovecot/modules//drac_plugin.so' },
  },
  {
    src: 'public (review 7 M7): a service with no user or pid',
    line: 'Jul 22 08:17:32 rhuiden dovecot: imap: Fatal: Couldn\'t load required plugins',
    want: { kind: 'daemonProblem', daemon: 'dovecot-imap', severity: 'fatal', text: 'Couldn\'t load required plugins' },
  },
  {
    src: 'lab (review 7 M7)',
    line: 'Nov 29 01:23:32 vm dovecot: lmtp: Error: postdrop: warning: unable to look up public/pickup: No such file or directory',
    want: { kind: 'daemonProblem', daemon: 'dovecot-lmtp', severity: 'error', text: 'postdrop: warning: unable to look up public/pickup: No such file or directory' },
  },
  {
    src: 'fail2ban dovecot tests (LINES.md #34, review 8 L7): PAM\'s own line, counted from the login line instead',
    line: 'Apr  6 13:05:25 mail dovecot-auth: pam_unix(dovecot:auth): authentication failure; logname= uid=0 euid=0 tty=dovecot ruser=web rhost=176.61.140.224',
    want: { kind: 'noise', what: 'dovecot-pam' },
  },
  {
    src: 'lab (review 7 L1): a ManageSieve session',
    line: 'Nov 29 01:29:54 vm dovecot: managesieve(sieveuser@example.jp)<26986><tgvzOmBhIK1/AAAB>: Warning: sieve: file storage: Active sieve script symlink /tmp/r2-scratch/lab/mail/example.jp/sieveuser/active.sieve is no symlink.',
    want: { kind: 'noise', what: 'dovecot-session' },
  },
  {
    src: 'lab (review 7 L1): a ManageSieve session',
    line: 'Nov 29 01:29:54 vm dovecot: managesieve(sieveuser@example.jp)<26986><tgvzOmBhIK1/AAAB>: Disconnected: Logged out bytes=19/70',
    want: { kind: 'noise', what: 'dovecot-session' },
  },
  {
    src: 'lab (review 7 L2): Pigeonhole sieve; only "stored mail into mailbox" is a delivery',
    line: 'Nov 29 01:23:32 vm dovecot: lmtp(sieveuser@example.jp)<16969><+E3rBZR+C2tJQgAAg+zDdQ>: sieve: msgid=<sieve-discardme.1795915412048@client.example>: discard action: Marked message to be discarded if not explicitly delivered (discard action)',
    want: { kind: 'noise', what: 'dovecot-lmtp' },
  },
  {
    src: 'lab (review 7 L2): Pigeonhole sieve; only "stored mail into mailbox" is a delivery',
    line: 'Nov 29 01:23:32 vm dovecot: lmtp(sieveuser@example.jp)<16971><0L0RBpR+C2tLQgAAg+zDdQ>: sieve: msgid=<sieve-junkme.1795915412045@client.example>: fileinto action: stored mail into mailbox \'INBOX\'',
    want: { kind: 'dovecotDelivered', user: 'sieveuser@example.jp', messageId: 'sieve-junkme.1795915412045@client.example' },
  },
  {
    src: 'lab (review 7 L2): Pigeonhole sieve; only "stored mail into mailbox" is a delivery',
    line: 'Nov 29 01:23:32 vm dovecot: lmtp(sieveuser@example.jp)<16966><IEqtBpR+C2tGQgAAg+zDdQ>: sieve: msgid=<sieve-redirectme.1795915412050@client.example>: redirect action: forwarded to <sato@example.jp>',
    want: { kind: 'noise', what: 'dovecot-lmtp' },
  },
];

const CORPUS_LINES: Case[] = [
  {
    src: 'corpus healthy/maillog line 1',
    line: 'Nov 28 22:13:18 mail dovecot: master: Dovecot v2.3.19.1 (9b53102964) starting up for imap, pop3, lmtp (core dumps disabled)',
    want: { kind: 'noise', what: 'dovecot-master' },
  },
  {
    src: 'corpus healthy/maillog line 12',
    line: 'Nov 28 22:13:19 mail dovecot: lmtp(21281): Connect from local',
    want: { kind: 'noise', what: 'dovecot-lmtp' },
  },
  {
    src: 'corpus healthy/maillog line 13',
    line: 'Nov 28 22:13:19 mail dovecot: lmtp(sato@example.jp)<21281><ux5KOW/TCmshUwAAg+zDdQ>: msgid=<179587159992.21258.16081538062724591237@mail-os0jpn01on2072.outbound.protection.outlook.com>: saved mail to INBOX',
    want: { kind: 'dovecotDelivered', user: 'sato@example.jp', messageId: '179587159992.21258.16081538062724591237@mail-os0jpn01on2072.outbound.protection.outlook.com' },
  },
  {
    src: 'corpus healthy/maillog line 15',
    line: 'Nov 28 22:13:19 mail dovecot: lmtp(21281): Disconnect from local: Logged out (state=READY)',
    want: { kind: 'noise', what: 'dovecot-lmtp' },
  },
  {
    src: 'corpus healthy/maillog line 148',
    line: 'Nov 28 22:13:23 mail dovecot: imap-login: Login: user=<suzuki@example.jp>, method=PLAIN, rip=127.0.10.1, lip=127.0.0.1, mpid=21291, session=<WAD58FVhW7N/AAoB>',
    want: { kind: 'dovecotLogin', protocol: 'imap', user: 'suzuki@example.jp', ip: '127.0.10.1', lip: '127.0.0.1', backend: '' },
  },
  {
    src: 'corpus healthy/maillog line 149',
    line: 'Nov 28 22:13:23 mail dovecot: imap(suzuki@example.jp)<21291><WAD58FVhW7N/AAoB>: Disconnected: Logged out in=115 out=2459 deleted=0 expunged=0 trashed=0 hdr_count=2 hdr_bytes=1419 body_count=0 body_bytes=0',
    want: { kind: 'noise', what: 'dovecot-session' },
  },
  {
    src: 'corpus healthy/maillog line 947',
    line: 'Nov 28 22:13:46 mail dovecot: lmtp(21282): Disconnect from local: Connection closed (state=READY)',
    want: { kind: 'noise', what: 'dovecot-lmtp' },
  },
  {
    src: 'corpus healthy/maillog line 1338',
    line: 'Nov 28 22:13:58 mail dovecot: auth: passwd-file(suzuki@example.jp,127.0.12.34): Password mismatch',
    want: { kind: 'dovecotAuthFailed', user: 'suzuki@example.jp', ip: '127.0.12.34', reason: 'Password mismatch', backend: 'passwd-file', session: false },
  },
  {
    src: 'corpus healthy/maillog line 1437',
    line: 'Nov 28 22:14:00 mail dovecot: pop3-login: Login: user=<yamada@example.jp>, method=PLAIN, rip=127.0.11.55, lip=127.0.0.1, mpid=21348, session=<ohk181Vhnet/AAs3>',
    want: { kind: 'dovecotLogin', protocol: 'pop3', user: 'yamada@example.jp', ip: '127.0.11.55', lip: '127.0.0.1', backend: '' },
  },
  {
    src: 'corpus healthy/maillog line 1438',
    line: 'Nov 28 22:14:00 mail dovecot: pop3(yamada@example.jp)<21348><ohk181Vhnet/AAs3>: Disconnected: Logged out top=0/0, retr=5/7436, del=0/13, size=15647',
    want: { kind: 'noise', what: 'dovecot-session' },
  },
  {
    src: 'corpus healthy/maillog line 2874',
    line: 'Nov 28 22:14:45 mail dovecot: auth: passwd-file(yamada@example.jp,127.0.10.2,<ZyDm9VVhTbx/AAoC>): Password mismatch',
    want: { kind: 'dovecotAuthFailed', user: 'yamada@example.jp', ip: '127.0.10.2', reason: 'Password mismatch', backend: 'passwd-file', session: true },
  },
  {
    src: 'corpus healthy/maillog line 3015',
    line: 'Nov 28 22:15:20 mail dovecot: master: Warning: Killed with signal 15 (by pid=21428 uid=0 code=kill)',
    want: { kind: 'noise', what: 'dovecot-master' },
  },
  {
    src: 'corpus incident/maillog line 5',
    line: 'Nov 28 22:15:30 mail dovecot: auth: passwd-file(test,127.66.108.36): unknown user',
    want: { kind: 'dovecotAuthFailed', user: 'test', ip: '127.66.108.36', reason: 'unknown user', backend: 'passwd-file', session: false },
  },
  {
    src: 'corpus incident/maillog line 57',
    line: 'Nov 28 22:15:37 mail dovecot: auth: passwd-file(webmaster,127.67.148.98,<bgP9+FVhhZF/Q5Ri>): unknown user',
    want: { kind: 'dovecotAuthFailed', user: 'webmaster', ip: '127.67.148.98', reason: 'unknown user', backend: 'passwd-file', session: true },
  },
  {
    src: 'corpus incident/maillog line 88',
    line: 'Nov 28 22:15:39 mail dovecot: imap-login: Disconnected: Aborted login by logging out (auth failed, 1 attempts in 2 secs): user=<webmaster>, method=PLAIN, rip=127.67.148.98, lip=127.0.0.1, session=<bgP9+FVhhZF/Q5Ri>',
    want: { kind: 'dovecotLoginFailed', protocol: 'imap', user: 'webmaster', ip: '127.67.148.98', attempts: 1 },
  },
  {
    src: 'corpus incident/maillog line 142',
    line: 'Nov 28 22:15:41 mail dovecot: pop3-login: Disconnected: Aborted login by logging out (auth failed, 1 attempts in 2 secs): user=<mail>, method=PLAIN, rip=127.67.217.67, lip=127.0.0.1, session=<Ub8f+VVhvZx/Q9lD>',
    want: { kind: 'dovecotLoginFailed', protocol: 'pop3', user: 'mail', ip: '127.67.217.67', attempts: 1 },
  },
  {
    src: 'corpus incident/maillog line 450',
    line: 'Nov 28 22:16:04 mail dovecot: auth: Error: auth client 0 disconnected with 1 pending requests: Connection reset by peer',
    want: { kind: 'daemonProblem', daemon: 'dovecot-auth', severity: 'error', text: 'auth client 0 disconnected with 1 pending requests: Connection reset by peer' },
  },
  {
    src: 'corpus incident/maillog line 542',
    line: 'Nov 28 22:16:10 mail dovecot: auth: Error: auth client 0 disconnected with 1 pending requests: EOF',
    want: { kind: 'daemonProblem', daemon: 'dovecot-auth', severity: 'error', text: 'auth client 0 disconnected with 1 pending requests: EOF' },
  },
  {
    src: 'corpus incident/maillog line 2469',
    line: 'Nov 28 22:16:31 mail dovecot: lmtp(suzuki@example.jp)<21714><UH12ES/UCmvSVAAAg+zDdQ>: msgid=unspecified: saved mail to INBOX',
    want: { kind: 'dovecotDelivered', user: 'suzuki@example.jp', messageId: '' },
  },
  {
    src: 'corpus incident/maillog line 9972',
    line: 'Nov 28 22:18:37 mail dovecot: auth: login(support,127.66.252.41): Request timed out waiting for client to continue authentication (150 secs)',
    want: { kind: 'noise', what: 'dovecot-auth-login' },
  },
  {
    src: 'corpus incident/maillog line 10371',
    line: 'Nov 28 22:19:13 mail dovecot: auth: login(?,127.66.102.120): Request timed out waiting for client to continue authentication (150 secs)',
    want: { kind: 'noise', what: 'dovecot-auth-login' },
  },
  {
    src: 'corpus incident/maillog line 10384',
    line: 'Nov 28 22:19:20 mail dovecot: auth: plain(?,127.66.246.246): Request timed out waiting for client to continue authentication (150 secs)',
    want: { kind: 'noise', what: 'dovecot-auth-plain' },
  },
  {
    src: 'corpus incident/maillog line 143',
    line: 'Nov 28 22:15:41 mail dovecot: pop3-login: Login: user=<yamada@example.jp>, method=PLAIN, rip=127.0.11.55, lip=127.0.0.1, mpid=21732, session=</IQ4+VVhEZ9/AAs3>',
    want: { kind: 'dovecotLogin', protocol: 'pop3', user: 'yamada@example.jp', ip: '127.0.11.55', lip: '127.0.0.1', backend: '' },
  },
];

PUBLIC.forEach((c, i) => test(`dovecot public line ${i + 1}: ${String(c.want['kind'])} (${c.src})`, () => check(c)));
LAB.forEach((c, i) => test(`dovecot lab line ${i + 1}: ${String(c.want['kind'])} (${c.src})`, () => check(c)));
CORPUS_LINES.forEach((c, i) => test(`dovecot corpus line ${i + 1}: ${String(c.want['kind'])} (${c.src})`, () => check(c)));

test('the three shapes of a failed login-process session carry the user, the IP and the number of attempts', () => {
  const lines = [
    // LINES.md §3 #33 (fail2ban tests/files/logs/dovecot): "Aborted login (auth failed, N attempts in S secs)"
    'Jul 02 13:49:31 hostname dovecot[442]: pop3-login: Aborted login (auth failed, 1 attempts in 17 secs): user=<test>, method=PLAIN, rip=192.51.100.13, lip=203.0.113.17, session=<YADINsQCDs5BH8Pg>',
    // LINES.md §3 #33 (fail2ban tests/files/logs/dovecot): "Disconnected (auth failed, N attempts)"
    'Jun 13 16:30:54 platypus dovecot: imap-login: Disconnected (auth failed, 2 attempts): user=<username.bob>, method=PLAIN, rip=49.176.98.87, lip=113.212.99.194, TLS',
    // LINES.md §3 #33 (fail2ban tests/files/logs/dovecot): "Client has quit the connection (auth failed, …)"
    'Aug 29 03:17:18 server dovecot: submission-login: Client has quit the connection (auth failed, 1 attempts in 2 secs): user=<user1>, method=LOGIN, rip=192.0.2.133, lip=0.0.0.0',
    // corpus incident/maillog line 88 (Dovecot 2.3.19): "Disconnected: Aborted login by logging out (auth failed, …)"
    'Nov 28 22:15:39 mail dovecot: imap-login: Disconnected: Aborted login by logging out (auth failed, 1 attempts in 2 secs): user=<webmaster>, method=PLAIN, rip=127.67.148.98, lip=127.0.0.1, session=<bgP9+FVhhZF/Q5Ri>',
  ];
  const got = lines.map((l) => {
    const ev = parseLine(l);
    assert.ok(ev?.kind === 'dovecotLoginFailed', l);
    return [ev.protocol, ev.user, ev.ip, ev.attempts];
  });
  assert.deepEqual(got, [
    ['pop3', 'test', '192.51.100.13', 1],
    ['imap', 'username.bob', '49.176.98.87', 2],
    ['submission', 'user1', '192.0.2.133', 1],
    ['imap', 'webmaster', '127.67.148.98', 1],
  ]);
});

test('a mangled attempts count (past 10,000, or beyond 2^53) is one failure, not a number that swamps every sum', () => {
  // The fuzz test's seed 3: a mutated count summed past 2^53 gave a total that depended on how the log was cut.
  const base = 'Jun 13 16:30:54 platypus dovecot: imap-login: Disconnected (auth failed, N attempts): user=<username.bob>, method=PLAIN, rip=49.176.98.87, lip=113.212.99.194, TLS';
  const attempts = (n: string): number => {
    const ev = parseLine(base.replace('N', n));
    assert.ok(ev?.kind === 'dovecotLoginFailed');
    return ev.attempts;
  };
  assert.deepEqual(['3', '10000', '10001', '99999999999999999999999', '0'].map(attempts), [3, 10_000, 1, 1, 1]);
});

test('"no auth attempts" is a session without a login attempt, not a failure', () => {
  // LINES.md §3 #35 (fail2ban tests/files/logs/dovecot)
  const ev = parseLine('Jul 02 13:49:32 hostname dovecot[442]: pop3-login: Disconnected (no auth attempts in 58 secs): user=<>, rip=192.51.100.13, lip=203.0.113.17, session=<LgDINsQCkttVIMPg>');
  assert.deepEqual(ev, { kind: 'noise', what: 'dovecot-login' });
});

test('an auth failure with a login session ID came from imap/pop3-login; without one, from Postfix SASL', () => {
  // corpus healthy/maillog line 2874 (IMAP login) and line 1338 (SMTP AUTH through Dovecot SASL)
  const imap = parseLine('Nov 28 22:14:45 mail dovecot: auth: passwd-file(yamada@example.jp,127.0.10.2,<ZyDm9VVhTbx/AAoC>): Password mismatch');
  const smtp = parseLine('Nov 28 22:13:58 mail dovecot: auth: passwd-file(suzuki@example.jp,127.0.12.34): Password mismatch');
  assert.ok(imap?.kind === 'dovecotAuthFailed' && smtp?.kind === 'dovecotAuthFailed');
  assert.equal(imap.session, true);
  assert.equal(smtp.session, false);
  assert.equal(imap.user, 'yamada@example.jp');
  assert.equal(smtp.ip, '127.0.12.34');
});

test('an LMTP delivery without a Message-ID has no message ID (not "unspecified: saved mail to INBOX")', () => {
  // corpus incident/maillog line 2469
  const ev = parseLine('Nov 28 22:16:31 mail dovecot: lmtp(suzuki@example.jp)<21714><UH12ES/UCmvSVAAAg+zDdQ>: msgid=unspecified: saved mail to INBOX');
  assert.deepEqual(ev, { kind: 'dovecotDelivered', user: 'suzuki@example.jp', messageId: '' });
});

// The fields inside "backend(…)" are cut by index (no intermediate strings): the user is everything before the
// last comma of the part before ",<session>", whatever it contains.
test('auth failure fields: user, ip and session in every arrangement', () => {
  const at = 'Nov 23 09:30:01 mail dovecot: auth: ';
  const cases: Array<[string, string, string, boolean]> = [
    ['passwd-file(sato@example.jp,160.30.232.3,<Q9S9seZgI9mgHugD>): Password mismatch', 'sato@example.jp', '160.30.232.3', true],
    ['passwd-file(backup@example.jp,81.140.255.129): unknown user', 'backup@example.jp', '81.140.255.129', false],
    ['passwd-file(admin): Password mismatch', 'admin', '', false],
    ['passwd-file(admin,<Q9S9seZgI9mgHugD>): unknown user', 'admin', '', true],
    ['passwd-file(a,b,192.0.2.1): unknown user', 'a,b', '192.0.2.1', false],
    ['passwd-file(,192.0.2.1): unknown user', '', '192.0.2.1', false],
    ['sql(admin@example.ru,192.168.144.226,<6rXunFtu493AqJDi>): Password mismatch (given password: x)', 'admin@example.ru', '192.168.144.226', true],
  ];
  for (const [text, user, ip, session] of cases) {
    const ev = parseLine(at + text);
    assert.ok(ev && ev.kind === 'dovecotAuthFailed', text);
    assert.deepEqual([ev.user, ev.ip, ev.session], [user, ip, session], text);
  }
});
