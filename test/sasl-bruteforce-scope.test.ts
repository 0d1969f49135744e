// sasl-bruteforce, review 10: an IP that also logs in and fails for one name is a mail client with an old password
// (H4); the port-25 advice only when failures came through port 25 (M1); every evidence count says its scope and
// they add up (M4). Logs are built from real line shapes: the corpus (Postfix 3.7, Dovecot 2.3) and LINES.md.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CORPUS, ROOT, report } from './helpers.js';
import type { DetectOptions } from '../src/detect/index.js';
import type { Report } from '../src/report/model.js';
import type { Finding } from '../src/types.js';

const healthy = join(CORPUS, 'healthy', 'maillog');
const incident = join(CORPUS, 'incident', 'maillog');
const skip = !existsSync(healthy) || !existsSync(incident) ? 'corpus not found' : false;

function bruteforce(r: Report): Finding {
  const fs = r.findings.filter((f) => f.rule === 'sasl-bruteforce');
  assert.equal(fs.length, 1, r.findings.map((f) => f.rule).join(', '));
  return fs[0]!;
}

async function analyzeLines(lines: string[], detect?: Partial<DetectOptions>, lang?: 'ja'): Promise<Report> {
  const dir = mkdtempSync(join(tmpdir(), 'mlf-bf-'));
  const log = join(dir, 'maillog');
  writeFileSync(log, lines.join('\n') + '\n');
  return report([log], { year: 2026, ...(detect ? { detect } : {}), ...(lang ? { lang } : {}) });
}

const stamp = (s: number): string => `Nov 28 10:${String(Math.floor(s / 60) % 60).padStart(2, '0')}:${String(s % 60).padStart(2, '0')}`;

// "Nov 28 22:14:00 mail postfix/submission/smtpd[21287]: warning: unknown[127.0.12.34]: SASL LOGIN authentication
// failed: (reason unavailable), sasl_username=suzuki@example.jp" (corpus healthy log; Postfix ≥ 3.7.8 names the user).
const smtpFail = (s: number, tag: 'smtpd' | 'submission/smtpd', ip: string, user: string): string =>
  `${stamp(s)} mail postfix/${tag}[4101]: warning: unknown[${ip}]: SASL LOGIN authentication failed: (reason unavailable), sasl_username=${user}`;
// "Nov 28 22:13:23 mail dovecot: imap-login: Login: user=<suzuki@example.jp>, method=PLAIN, rip=127.0.10.1, lip=127.0.0.1, mpid=21291, session=<WAD58FVhW7N/AAoB>"
const imapLogin = (s: number, ip: string, user: string, k: number): string =>
  `${stamp(s)} mail dovecot: imap-login: Login: user=<${user}>, method=PLAIN, rip=${ip}, lip=127.0.0.1, mpid=${21000 + k}, session=<WAD58FVhW7N/A${String(k).padStart(3, '0')}>`;
// "dovecot: auth: passwd-file(yamada@example.jp,127.0.10.2,<ZyDm9VVhTbx/AAoC>): Password mismatch" and the login
// process's line for the same session (corpus healthy log, line 2874; review 10's oldpw.log).
const imapFail = (s: number, ip: string, user: string, k: number): string[] => {
  const sid = `ZyDm9VVhTbx/${String(k).padStart(4, '0')}`;
  return [
    `${stamp(s)} mail dovecot: auth: passwd-file(${user},${ip},<${sid}>): Password mismatch`,
    `${stamp(s)} mail dovecot: imap-login: Disconnected: Aborted login by logging out (auth failed, 1 attempts in 2 secs): user=<${user}>, method=PLAIN, rip=${ip}, lip=127.0.0.1, session=<${sid}>`,
  ];
};
// "Nov 28 22:13:21 mail postfix/submission/smtpd[21287]: disconnect from unknown[127.0.10.1] ehlo=2 starttls=1 auth=1 mail=1 rcpt=1 data=1 quit=1 commands=8"
const authOk = (s: number, ip: string): string =>
  `${stamp(s)} mail postfix/submission/smtpd[21287]: disconnect from unknown[${ip}] ehlo=2 starttls=1 auth=1 quit=1 commands=5`;

const NAMES = ['admin', 'info', 'test', 'sales', 'office', 'webmaster', 'support', 'contact', 'user', 'guest'];
/** The fixture's attacker: 12 failures on port 25 over ten names. */
const portAttack = (ip: string): string[] => Array.from({ length: 12 }, (_, i) => smtpFail(i * 2, 'smtpd', ip, NAMES[i % 10]!));

// ------------------------------------------------------------------------------------------------ H4

test('H4 an office IP that logs in as two users and fails 12 times for one name is listed apart, not blocked; the guesser is blocked', async () => {
  const office = '192.0.2.50';
  const lines = [
    ...portAttack('198.51.100.66'),
    imapLogin(100, office, 'sato@example.jp', 1),
    imapLogin(101, office, 'tanaka@example.jp', 2),
    ...Array.from({ length: 12 }, (_, i) => smtpFail(200 + i * 30, 'submission/smtpd', office, 'yamada@example.jp')),
  ];
  const r = await analyzeLines(lines);
  const f = bruteforce(r);
  assert.equal(f.severity, 'high');
  assert.deepEqual(f.lists?.['blocklist-ips.txt'], ['198.51.100.66']);
  assert.equal(f.evidence.ipsToCheckBeforeBlocking, 1);
  assert.equal(f.evidence.failedLoginsFromIpsToCheck, 12);
  assert.equal(f.evidence.ipsToCheck, '192.0.2.50 (12 failed as yamada@example.jp; logged in as sato@example.jp, tanaka@example.jp)');
  assert.equal(f.evidence.failedLoginsFromAttackingIps, 12);
  assert.equal(f.evidence.failedLoginsInLog, 24);
  const fix = f.fix ?? '';
  assert.match(fix, /Left out of `blocklist-ips\.txt`: an IP that also logged in successfully: check before blocking\./);
  assert.ok(fix.includes('- 192.0.2.50: 12 failed logins as yamada@example.jp; logged in as sato@example.jp, tanaka@example.jp; 2 IMAP/POP3 logins'), fix);
  // The nft commands read blocklist-ips.txt, which holds the guesser alone.
  assert.ok(fix.indexOf('nft add set') < fix.indexOf('Left out of'), 'the IPs to check come after the commands, apart');
  // Review Y4: the fail2ban jails never ban the office the finding says to check before blocking.
  assert.equal(fix.match(/^ignoreip = 127\.0\.0\.1\/8 ::1 192\.0\.2\.50$/gm)?.length, 2, fix);
  const ja = bruteforce(await analyzeLines(lines, undefined, 'ja')).fix ?? '';
  assert.equal(ja.match(/^ignoreip = 127\.0\.0\.1\/8 ::1 192\.0\.2\.50$/gm)?.length, 2, ja);
  assert.ok(ja.includes('- 192.0.2.50: yamada@example.jp で 12 回失敗。ログインしたユーザー: sato@example.jp、tanaka@example.jp。IMAP/POP3 のログイン 2 回'), ja);
});

test('H4 an attacker that guessed a password stays blocked: many names then a login, or one name failed 150 times then a login', async () => {
  const many = '203.0.113.20';
  const one = '203.0.113.21';
  const lines = [
    // Twelve failures over four names, then an IMAP login as one of them.
    ...Array.from({ length: 12 }, (_, i) => smtpFail(i, 'submission/smtpd', many, ['info@example.jp', 'admin@example.jp', 'sales@example.jp', 'test@example.jp'][i % 4]!)),
    imapLogin(30, many, 'sales@example.jp', 1),
    // 150 failures for one name, then a SASL login and an IMAP login as it.
    ...Array.from({ length: 150 }, (_, i) => smtpFail(100 + i, 'submission/smtpd', one, 'info@example.jp')),
    authOk(300, one),
    imapLogin(301, one, 'info@example.jp', 2),
  ];
  const f = bruteforce(await analyzeLines(lines));
  assert.deepEqual(f.lists?.['blocklist-ips.txt'], [many, one]);
  assert.equal(f.evidence.ipsToCheckBeforeBlocking, 0);
  assert.equal(f.evidence.ipsToCheck, undefined);
  assert.equal(f.evidence.failedLoginsFromAttackingIps, 162);
  // The line is the threshold: with minFailuresOneName above 150, the one-name IP is a typo to check.
  const g = bruteforce(await analyzeLines(lines, { thresholds: { 'mailbox-breach.minFailuresOneName': 151 } }));
  assert.deepEqual(g.lists?.['blocklist-ips.txt'], [many]);
  assert.equal(g.evidence.ipsToCheck, `${one} (150 failed as info@example.jp; logged in as info@example.jp)`);
});

// ------------------------------------------------------------------------------------------------ review 11, H2 and H4

test('review 11 H2: 15 failures for one name, then a first login from that IP, is blocked; the same after an earlier login is a client', async () => {
  const ip = '203.0.113.61';
  const guess = [...Array.from({ length: 15 }, (_, k) => imapFail(10 + k, ip, 'sato@example.jp', k)).flat(), imapLogin(40, ip, 'sato@example.jp', 1)];
  const f = bruteforce(await analyzeLines(guess));
  assert.equal(f.severity, 'high');
  assert.deepEqual(f.lists?.['blocklist-ips.txt'], [ip]);
  assert.equal(f.evidence.ipsToCheckBeforeBlocking, 0);
  const client = bruteforce(await analyzeLines([imapLogin(0, ip, 'sato@example.jp', 2), ...guess]));
  assert.equal(client.severity, 'info');
  assert.equal(client.lists, undefined);
  assert.equal(client.evidence.ipsToCheck, `${ip} (15 failed as sato@example.jp; logged in as sato@example.jp)`);
});

/** Users who log in over IMAP from `ip`, and some of them mistyping there `times` times each (review 11's webmail.log, office-nat.log). */
function sharedClient(ip: string, users: number, mistyping: number, times: number, stranger = ''): string[] {
  const names = Array.from({ length: users }, (_, i) => `w${i}@example.jp`);
  return [
    ...names.map((u, i) => imapLogin(i, ip, u, i)),
    ...names.slice(0, mistyping).flatMap((u, j) => Array.from({ length: times }, (_, k) => imapFail(100 + j * 10 + k, ip, u, j * 10 + k)).flat()),
    ...(stranger === '' ? [] : Array.from({ length: times }, (_, k) => imapFail(300 + k, ip, stranger, 900 + k)).flat()),
  ];
}

test('review 11 H4: a webmail on 127.0.0.1 and an office NAT whose users mistype are IPs to check, never blocked', async () => {
  const web = bruteforce(await analyzeLines(sharedClient('127.0.0.1', 20, 5, 3)));
  assert.equal(web.severity, 'info');
  assert.equal(web.lists, undefined);
  assert.equal(web.title, '15 failed logins from 1 IP that also logged in successfully, for 5 user names that also log in from it: '
    + 'your users\' mail clients (a typo, an old password), not a guesser');
  assert.equal(web.evidence.ipsToCheck, '127.0.0.1 (15 failed as w0@example.jp, w1@example.jp, w2@example.jp, … 5 names; '
    + 'logged in as w0@example.jp, w10@example.jp, w11@example.jp, … 20 users)');
  assert.ok(!(web.fix ?? '').includes('nft '), web.fix);
  const office = bruteforce(await analyzeLines(sharedClient('192.0.2.44', 12, 3, 4)));
  assert.equal(office.severity, 'info');
  assert.equal(office.evidence.failedLoginsFromIpsToCheck, 12);
  assert.ok((office.fix ?? '').includes('- 192.0.2.44: 12 failed logins as w0@example.jp, w1@example.jp, w2@example.jp; logged in as '), office.fix);
  const ja = bruteforce(await analyzeLines(sharedClient('192.0.2.44', 12, 3, 4), undefined, 'ja'));
  assert.match(ja.title, /3 件のユーザー名。どれもその IP アドレスからログインしています/);
});

test('review 11 H4: a shared IP that also tries a name never logged in from it is a guesser, except this server itself', async () => {
  // The office NAT tries admin 12 times as well: blocked.
  const office = bruteforce(await analyzeLines(sharedClient('192.0.2.44', 12, 3, 4, 'admin')));
  assert.equal(office.severity, 'high');
  assert.deepEqual(office.lists?.['blocklist-ips.txt'], ['192.0.2.44']);
  // Through the webmail: 127.0.0.1 is never in blocklist-ips.txt nor in an nft drop rule; it is listed to check.
  const web = bruteforce(await analyzeLines([...portAttack('198.51.100.66'), ...sharedClient('127.0.0.1', 20, 5, 3, 'admin')]));
  assert.deepEqual(web.lists?.['blocklist-ips.txt'], ['198.51.100.66']);
  assert.equal(web.evidence.ipsToCheck, '127.0.0.1 (18 failed as admin, w0@example.jp, w1@example.jp, … 6 names; '
    + 'logged in as w0@example.jp, w10@example.jp, w11@example.jp, … 20 users; this server itself)');
  assert.ok((web.fix ?? '').includes('this server itself (a webmail or an IMAP proxy logs in from it for its users): never block it'), web.fix);
  // Without any other attacker, nothing is blocked at all.
  const alone = bruteforce(await analyzeLines(sharedClient('127.0.0.1', 20, 5, 3, 'admin')));
  assert.equal(alone.lists, undefined);
  assert.equal(alone.severity, 'info');
});

test('H4 review 10 oldpw.log: the corpus healthy log plus 12 IMAP failures of yamada@ from the office IP: nothing to block', { skip }, async () => {
  const extra = Array.from({ length: 12 }, (_, k) => imapFail(0, '127.0.10.2', 'yamada@example.jp', k).map((l) => l.replace(/^Nov 28 10:00:00/, 'Nov 28 22:13:40'))).flat();
  const base = readFileSync(healthy, 'latin1').split('\n').filter((l) => l !== '');
  const at = base.findIndex((l) => l.startsWith('Nov 28 22:13:41'));
  const r = await analyzeLines([...base.slice(0, at), ...extra, ...base.slice(at)]);
  const f = bruteforce(r);
  assert.equal(f.severity, 'info');
  assert.equal(f.lists, undefined, 'no blocklist-ips.txt');
  // 12 added + the healthy log's own yamada@ mismatch at 22:14:45 (line 2874); the one other failure is suzuki@'s typo.
  assert.equal(f.evidence.failedLoginsFromIpsToCheck, 13);
  assert.equal(f.evidence.failedLoginsFromOtherIps, 1);
  assert.equal(f.evidence.failedLoginsInLog, 14);
  assert.match(f.title, /^13 failed logins from 1 IP that also logged in successfully, for one user name: a mail client with an old password/);
  const fix = f.fix ?? '';
  assert.match(fix, /^No IP here is guessing passwords/);
  assert.ok(fix.includes('- 127.0.10.2: 13 failed logins'), fix);
  assert.match(fix, /logged in as sato@example\.jp, suzuki@example\.jp, takahashi@example\.jp, tanaka@example\.jp, yamada@example\.jp; 51 messages sent/);
  assert.ok(!fix.includes('nft ') && !fix.includes('port 25'), fix);
});

// ------------------------------------------------------------------------------------------------ M1

test('M1 samples/after-fix.log: 57 failures via postfix/submission/smtpd, none via postfix/smtpd: fail2ban first, no port-25 advice', async () => {
  const log = join(ROOT, 'samples', 'after-fix.log');
  const text = readFileSync(log, 'latin1');
  assert.equal((text.match(/postfix\/submission\/smtpd\[\d+\]: warning: [^\n]*authentication failed/g) ?? []).length, 57);
  assert.equal((text.match(/postfix\/smtpd\[\d+\]: warning: [^\n]*authentication failed/g) ?? []).length, 0);
  const f = bruteforce(await report([log], { year: 2026 }));
  assert.equal(f.evidence.port25AuthFailuresFromAttackingIps, 0);
  assert.equal(f.evidence.smtpAuthFailuresFromAttackingIps, 57);
  assert.equal(f.evidence.mailboxLoginFailuresFromAttackingIps, 35);
  const fix = f.fix ?? '';
  // Review Z, Z5: no IP over the threshold, no login, at most 12 an hour: background guessing, low; review AL, AL2:
  // but info@example.jp, a real account, is tried by name, which comes first.
  assert.equal(f.severity, 'low');
  assert.match(fix, /^Not only the usual guessing: info@example\.jp, /);
  assert.match(fix, /^The rest is the password guessing every mail server on the Internet gets: no IP failed 10 times or more, no hour had more than 8 failed logins/m);
  assert.ok(!fix.includes('turn it off on port 25') && !fix.includes('smtpd_sasl_auth_enable=no'), fix);
  assert.ok(fix.indexOf('[postfix-sasl]') < fix.indexOf('smtpd_client_auth_rate_limit'), 'fail2ban leads, then anvil');
  assert.match(fix, /^auth_failure_delay = 5 secs$/m);
  const ja = bruteforce(await report([log], { year: 2026, lang: 'ja' })).fix ?? '';
  assert.match(ja, /^いつもの推測だけではありません。/);
  assert.ok(!ja.includes('smtpd_sasl_auth_enable=no'), ja);
});

test('M1 an IMAP-only attack with a user\'s typo on port 25: Dovecot\'s delay and jail, no port 25, no anvil', async () => {
  const lines = [
    // A user who sends on port 25 and mistyped once there (the typo is no attack: failedLoginsFromOtherIps).
    smtpFail(0, 'smtpd', '192.0.2.7', 'tanaka@example.jp'),
    authOk(1, '192.0.2.7'),
    ...['198.51.100.7', '198.51.100.8', '203.0.113.9'].flatMap((ip, i) =>
      Array.from({ length: 12 }, (_, k) => imapFail(10 + k * 3 + i, ip, NAMES[k % 10]!, i * 100 + k)).flat()),
  ];
  const f = bruteforce(await analyzeLines(lines));
  assert.deepEqual(f.lists?.['blocklist-ips.txt'], ['198.51.100.7', '198.51.100.8', '203.0.113.9']);
  assert.equal(f.evidence.failedLoginsFromAttackingIps, 36);
  assert.equal(f.evidence.smtpAuthFailuresFromAttackingIps, 0);
  assert.equal(f.evidence.mailboxLoginFailuresFromAttackingIps, 36);
  assert.equal(f.evidence.failedLoginsFromOtherIps, 1);
  assert.equal(f.evidence.failedLoginsInLog, 37);
  const fix = f.fix ?? '';
  assert.match(fix, /^None of the attacking IPs' failed logins came through port 25 \(no `postfix\/smtpd` failure line\): 36 came over IMAP\/POP3 \(Dovecot\)\./);
  assert.ok(!fix.includes('smtpd_sasl_auth_enable') && !fix.includes('smtpd_client_auth_rate_limit'), fix);
  assert.match(fix, /`auth_failure_delay` \(2 secs by default/);
  assert.match(fix, /^\[dovecot\]$/m);
});

test('M1 failures on port 25 keep the port-25 advice first, with its count; without any submission tag it says the log cannot tell', { skip }, async () => {
  const f = bruteforce(await report([incident], { year: 2026 }));
  assert.equal(f.evidence.port25AuthFailuresFromAttackingIps, 144);
  assert.equal(f.evidence.smtpAuthFailuresFromAttackingIps, 172);
  const fix = f.fix ?? '';
  assert.match(fix, /^Offer AUTH only on the submission ports \(587\/465\) and turn it off on port 25: 144 of the attacking IPs' 172 failed SMTP logins came through it/);
  assert.doesNotMatch(fix, /No login and no failed login in this log came through/);
  // The same log with every smtpd tag "postfix/smtpd": a submission entry without syslog_name logs so.
  const dir = mkdtempSync(join(tmpdir(), 'mlf-bf-'));
  const log = join(dir, 'maillog');
  writeFileSync(log, readFileSync(incident, 'latin1').replace(/postfix\/submission\/smtpd/g, 'postfix/smtpd'), 'latin1');
  const g = bruteforce(await report([log], { year: 2026 }));
  assert.equal(g.evidence.port25AuthFailuresFromAttackingIps, 172);
  assert.match(g.fix ?? '', /No login and no failed login in this log came through a `postfix\/submission\/smtpd` or `postfix\/smtps\/smtpd` tag: .*these failures and users may be on 587 already/);
});

// ------------------------------------------------------------------------------------------------ M4

test('M4 the evidence counts name their scope and add up (corpus incident)', { skip }, async () => {
  const f = bruteforce(await report([incident], { year: 2026 }));
  const n = (k: string): number => f.evidence[k] as number;
  assert.equal(n('failedLoginsFromAttackingIps'), n('smtpAuthFailuresFromAttackingIps') + n('mailboxLoginFailuresFromAttackingIps'));
  assert.equal(n('failedLoginsInLog'), n('failedLoginsFromAttackingIps') + n('failedLoginsFromIpsToCheck') + n('failedLoginsFromOtherIps'));
  // 172 SMTP AUTH failures and aborts + 41 mailbox failures from the 45 IPs; 127.0.10.2's one typo is the other IP.
  assert.deepEqual([n('failedLoginsFromAttackingIps'), n('failedLoginsFromOtherIps'), n('failedLoginsInLog')], [213, 1, 214]);
  for (const k of Object.keys(f.evidence)) {
    assert.ok(/AttackingIps|IpsToCheck|ToCheck|OtherIps|InLog|^attackingIps$|^ipsOverThreshold$/.test(k), `${k} says its scope`);
  }
});
