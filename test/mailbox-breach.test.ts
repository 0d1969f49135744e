// mailbox-breach: a password guessed over IMAP/POP3 and used to open the mailbox (review 10, H1), and the user
// names of Dovecot failures counted per IP (M4). The logs are the corpus healthy log plus lines in the corpus's
// Dovecot 2.3 shapes (../shared/LINES.md):
//   "dovecot: auth: passwd-file(admin,198.51.100.7,<…>): unknown user"
//   "dovecot: imap-login: Disconnected: Aborted login by logging out (auth failed, 1 attempts in 2 secs): user=<admin>, method=PLAIN, rip=198.51.100.7, lip=127.0.0.1, session=<…>"
//   "dovecot: imap-login: Login: user=<suzuki@example.jp>, method=PLAIN, rip=203.0.113.9, lip=127.0.0.1, mpid=30001, session=<…>"

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CORPUS, report } from './helpers.js';
import { renderJson } from '../src/render/index.js';
import type { Report } from '../src/report/model.js';
import type { Finding } from '../src/types.js';

const healthy = join(CORPUS, 'healthy', 'maillog');
const skip = !existsSync(healthy);

/** "Nov 28 22:13:30" for a second count from 22:13:00. */
function stamp(sec: number): string {
  const m = 13 + Math.floor(sec / 60);
  return `Nov 28 22:${String(m).padStart(2, '0')}:${String(sec % 60).padStart(2, '0')}`;
}

type Timed = [number, string];

/** `count` failed IMAP logins from `ip`, cycling through `names`, spread from `start` over `span` seconds. */
function failures(ip: string, names: string[], count: number, start: number, span = 80): Timed[] {
  const out: Timed[] = [];
  for (let k = 0; k < count; k++) {
    const t = start + Math.floor((k * span) / count);
    const name = names[k % names.length]!;
    const session = `T${ip.replace(/\./g, '')}x${k}`.padEnd(16, 'A').slice(0, 16);
    const verdict = name.endsWith('@example.jp') ? 'Password mismatch' : 'unknown user';
    out.push([t, `${stamp(t)} mail dovecot: auth: passwd-file(${name},${ip},<${session}>): ${verdict}`]);
    out.push([t, `${stamp(t)} mail dovecot: imap-login: Disconnected: Aborted login by logging out (auth failed, 1 attempts in 2 secs): `
      + `user=<${name}>, method=PLAIN, rip=${ip}, lip=127.0.0.1, session=<${session}>`]);
  }
  return out;
}

function login(sec: number, user: string, ip: string, protocol = 'imap'): Timed {
  return [sec, `${stamp(sec)} mail dovecot: ${protocol}-login: Login: user=<${user}>, method=PLAIN, rip=${ip}, lip=127.0.0.1, mpid=30001, session=<AAAAAAAAAAAAAAAA>`];
}

/** The healthy log with `extra` merged in by time (an added line goes before the healthy lines of its second). */
function withHealthy(extra: Timed[]): { path: string; lines: string[] } {
  const base = readFileSync(healthy, 'utf8').split('\n').filter((l) => l !== '');
  const sorted = [...extra].sort((a, b) => a[0] - b[0]);
  const out: string[] = [];
  let i = 0;
  for (const l of base) {
    const [h, m, s] = l.slice(7, 15).split(':').map(Number) as [number, number, number];
    const sec = (h - 22) * 3600 + (m - 13) * 60 + s;
    while (i < sorted.length && sorted[i]![0] <= sec) out.push(sorted[i++]![1]);
    out.push(l);
  }
  while (i < sorted.length) out.push(sorted[i++]![1]);
  const dir = mkdtempSync(join(tmpdir(), 'mlf-breach-'));
  const path = join(dir, 'maillog');
  writeFileSync(path, out.join('\n') + '\n');
  return { path, lines: out };
}

const NAMES = ['admin', 'info', 'sales', 'test', 'suzuki@example.jp', 'webmaster'];

/** The review's scenario: three IPs fail 120 times each over six names; the third then logs in as suzuki. */
function imapAttack(): { path: string; lines: string[] } {
  return withHealthy([
    ...failures('198.51.100.7', NAMES, 120, 30),
    ...failures('198.51.100.8', NAMES, 120, 31),
    ...failures('203.0.113.9', NAMES, 120, 32),
    login(115, 'suzuki@example.jp', '203.0.113.9'),
  ]);
}

function breaches(r: Report): Finding[] {
  return r.findings.filter((f) => f.rule === 'mailbox-breach');
}

test('mailbox-breach: the review\'s IMAP-only brute force and the guesser\'s login as suzuki', { skip }, async () => {
  const { path, lines } = imapAttack();
  const r = await report([path], { year: 2026 });
  const [f, ...more] = breaches(r);
  assert.equal(more.length, 0);
  assert.ok(f);
  assert.equal(f.severity, 'critical');
  assert.deepEqual(f.subject, { kind: 'account', value: 'suzuki@example.jp' });
  assert.equal(f.firstAt, '2026-11-28T22:14:55');
  assert.equal(f.evidence.intruderIps, 1);
  assert.equal(f.evidence.intruderLogins, 1);
  assert.equal(f.evidence.failedLoginsFromIntruderIps, 120);
  // suzuki is every sixth name: 20 tries from each of the three IPs, all before 22:14:55, and the healthy log's one
  // SMTP AUTH failure at 22:14:00 (logged by Postfix and by Dovecot's auth: counted once).
  assert.equal(f.evidence.failedLoginsForThisNameBeforeFirstLogin, 61);
  assert.equal(f.evidence.intruders, '203.0.113.9 (imap, 1× from 2026-11-28T22:14:55; 120 failed logins from this IP, all before, '
    + '20 with this name, 6 names tried, 5 never logged in from it; names)');
  // The owner's clients: the healthy log's logins as suzuki.
  assert.equal(f.evidence.firstOwnerIps, '127.0.10.1, 127.0.10.2');
  assert.equal(f.evidence.messagesSentFromIntruderIps, 0);
  assert.deepEqual(f.lists, { 'compromised-ips.txt': ['203.0.113.9'] });
  assert.equal(f.title, 'A password guesser logged in to the mailbox of suzuki@example.jp: IMAP from 203.0.113.9 at 2026-11-28 22:14 '
    + '(120 failed logins from that IP), after 61 failed logins for that name (SMTP AUTH, IMAP and POP3); its mail may have been read');
  // Evidence lines: the IP's first failure (its auth line) and its login.
  const firstFailure = lines.findIndex((l) => l.includes('passwd-file(') && l.includes(',203.0.113.9,')) + 1;
  const loginLine = lines.findIndex((l) => l.includes('Login: user=<suzuki@example.jp>') && l.includes('rip=203.0.113.9')) + 1;
  assert.deepEqual(f.examples.map((e) => e.line), [firstFailure, loginLine]);
  // The fix names the account in every command, the owner's clients, and no ManageSieve login.
  assert.match(f.fix ?? '', /doveadm kick suzuki@example\.jp/);
  assert.match(f.fix ?? '', /doveadm auth cache flush/);
  assert.match(f.fix ?? '', /doveadm sieve list -u suzuki@example\.jp/);
  assert.match(f.fix ?? '', /\(127\.0\.10\.1, 127\.0\.10\.2\) need the new password/);
  assert.doesNotMatch(f.fix ?? '', /ManageSieve: they did/);

  // The password-guessing finding counts the same 120 for that IP, blocks it, and now names the six names (M4).
  const bf = r.findings.find((x) => x.rule === 'sasl-bruteforce')!;
  assert.equal(bf.evidence.topAttackingIps, '198.51.100.7 (120), 198.51.100.8 (120), 203.0.113.9 (120)');
  assert.ok(bf.lists?.['blocklist-ips.txt']?.includes('203.0.113.9'));
  assert.equal(bf.evidence.distinctUserNamesTriedByAttackingIps, 6);
  const row = r.byClientIp.find((x) => x.key === '203.0.113.9')!;
  assert.equal(row.usersTried, 6);
  assert.equal(row.mailboxLoginFailures, 120);
});

test('mailbox-breach, review U, U3: an IMAP login then ManageSieve and POP3 from the guesser: the evidence counts each, the fix names the Sieve scripts', { skip }, async () => {
  // The first login is IMAP (the title's "IMAP from 203.0.113.9 at 22:14"); the ManageSieve login after it was missed
  // (the advice read each IP's first protocol only), and the evidence read "imap, 4×".
  const { path } = withHealthy([
    ...failures('198.51.100.7', NAMES, 120, 30),
    ...failures('198.51.100.8', NAMES, 120, 31),
    ...failures('203.0.113.9', NAMES, 120, 32),
    login(115, 'suzuki@example.jp', '203.0.113.9'),
    login(116, 'suzuki@example.jp', '203.0.113.9', 'managesieve'),
    login(117, 'suzuki@example.jp', '203.0.113.9', 'pop3'),
    login(118, 'suzuki@example.jp', '203.0.113.9', 'pop3'),
  ]);
  const [f] = breaches(await report([path], { year: 2026 }));
  assert.ok(f);
  assert.match(f.title, /: IMAP from 203\.0\.113\.9 at 2026-11-28 22:14 /);
  assert.match(String(f.evidence.intruders), /^203\.0\.113\.9 \(pop3 2 \+ imap 1 \+ managesieve 1, 4× from 2026-11-28T22:14:55; /);
  assert.match(f.fix ?? '', /The attacker logged in to ManageSieve: they did change the account's Sieve scripts/);
});

test('mailbox-breach: the same report.json with 1, 2 and 3 jobs on small byte ranges', { skip }, async () => {
  const { path } = imapAttack();
  const one = renderJson(await report([path], { year: 2026, top: 50 }));
  for (const jobs of [2, 3]) {
    for (const rangeBytes of [40_000, 150_000]) {
      assert.equal(renderJson(await report([path], { year: 2026, top: 50, jobs, rangeBytes })), one, `jobs ${jobs}, ranges of ${rangeBytes} bytes`);
    }
  }
});

test('mailbox-breach in Japanese: the title and the fix', { skip }, async () => {
  const r = await report([imapAttack().path], { year: 2026, lang: 'ja' });
  const f = breaches(r)[0]!;
  assert.equal(f.title, 'パスワード推測攻撃者が suzuki@example.jp のメールボックスにログインしました: 2026-11-28 22:14 に 203.0.113.9 から IMAP'
    + '（その IP から 120 回のログイン失敗の後）。それまでにこの名前で 61 回のログイン失敗（SMTP AUTH、IMAP、POP3）がありました。メールが読まれた可能性があります');
  assert.match(f.fix ?? '', /doveadm kick suzuki@example\.jp/);
  assert.equal(r.rules.find((x) => x.id === 'mailbox-breach')?.title, 'パスワード推測攻撃者によるメールボックスへのログイン（IMAP/POP3）');
});

test('mailbox-breach stays quiet on the corpus logs', { skip }, async () => {
  for (const log of [healthy, join(CORPUS, 'incident', 'maillog')]) {
    assert.deepEqual(breaches(await report([log], { year: 2026 })).map((f) => f.title), [], log);
  }
});

test('mailbox-breach near misses: a user\'s old password, then the right one, from the office or from home', { skip }, async () => {
  // The office IP 127.0.10.2 (several users log in from it) fails 12 times for yamada, then yamada logs in from it;
  // tanaka's home IP had logged in as tanaka before it failed 30 times (an old password), then logs in again; a
  // phone on a new IP fails 4 times for sato (a typo: fewer than minFailuresOneName) and logs in as sato.
  const { path } = withHealthy([
    ...failures('127.0.10.2', ['yamada@example.jp'], 12, 40, 5),
    login(50, 'yamada@example.jp', '127.0.10.2'),
    login(20, 'tanaka@example.jp', '192.0.2.50', 'pop3'),
    ...failures('192.0.2.50', ['tanaka@example.jp'], 30, 60, 40),
    login(105, 'tanaka@example.jp', '192.0.2.50', 'pop3'),
    ...failures('198.51.100.77', ['sato@example.jp'], 4, 60, 4),
    login(70, 'sato@example.jp', '198.51.100.77'),
  ]);
  const r = await report([path], { year: 2026 });
  assert.deepEqual(breaches(r).map((f) => f.title), []);
  // The names are counted all the same (M4): one name each.
  assert.deepEqual(r.byClientIp.find((x) => x.key === '192.0.2.50')?.topUsersTried, ['tanaka@example.jp']);
  // None of them is blocked: each is listed to check, with why (review 11's order: the login before the failures, the office, a typo).
  const bf = r.findings.find((x) => x.rule === 'sasl-bruteforce')!;
  assert.equal(bf.severity, 'info');
  assert.equal(bf.lists, undefined);
  assert.equal(bf.evidence.ipsToCheck, '192.0.2.50 (30 failed as tanaka@example.jp; logged in as tanaka@example.jp); '
    + '127.0.10.2 (13 failed as yamada@example.jp; logged in as sato@example.jp, suzuki@example.jp, takahashi@example.jp, … 5 users); '
    + '198.51.100.77 (4 failed as sato@example.jp; logged in as sato@example.jp)');
});

test('mailbox-breach, review 11 H2: a new IP fails 60 times for one name in a minute, then logs in: a guess that worked', { skip }, async () => {
  const { path } = withHealthy([
    ...failures('203.0.113.60', ['suzuki@example.jp'], 60, 20, 60),
    login(85, 'suzuki@example.jp', '203.0.113.60'),
    login(100, 'suzuki@example.jp', '203.0.113.60'),
  ]);
  const r = await report([path], { year: 2026 });
  const [f, ...more] = breaches(r);
  assert.equal(more.length, 0);
  assert.equal(f?.severity, 'critical');
  assert.deepEqual(f?.lists, { 'compromised-ips.txt': ['203.0.113.60'] });
  assert.equal(f?.evidence.intruders, '203.0.113.60 (imap, 2× from 2026-11-28T22:14:25; 60 failed logins from this IP, all before, '
    + '60 with this name, 1 names tried, 0 never logged in from it; many)');
  // Not "a mail client with an old password": blocked, nothing left to check.
  const bf = r.findings.find((x) => x.rule === 'sasl-bruteforce')!;
  assert.equal(bf.severity, 'high');
  assert.deepEqual(bf.lists?.['blocklist-ips.txt'], ['203.0.113.60']);
  assert.equal(bf.evidence.ipsToCheckBeforeBlocking, 0);
  // The same 60 failures after a login from that IP (the user's client before the reset): no breach, an IP to check.
  const before = withHealthy([
    login(10, 'suzuki@example.jp', '203.0.113.60'),
    ...failures('203.0.113.60', ['suzuki@example.jp'], 60, 20, 60),
    login(85, 'suzuki@example.jp', '203.0.113.60'),
  ]);
  const s = await report([before.path], { year: 2026 });
  assert.deepEqual(breaches(s).map((x) => x.title), []);
  const g = s.findings.find((x) => x.rule === 'sasl-bruteforce')!;
  assert.equal(g.severity, 'info');
  assert.equal(g.evidence.ipsToCheck, '203.0.113.60 (60 failed as suzuki@example.jp; logged in as suzuki@example.jp)');
});

test('mailbox-breach, review 11 H1: 20 IPs try one name, then a new IP fails twice as it and logs in', { skip }, async () => {
  const bots = Array.from({ length: 20 }, (_, i) => failures(`198.51.100.${10 + i}`, ['suzuki@example.jp'], 3, 20 + i * 3, 3)).flat();
  const { path } = withHealthy([...bots, ...failures('203.0.113.50', ['suzuki@example.jp'], 2, 90, 2), login(95, 'suzuki@example.jp', '203.0.113.50')]);
  const r = await report([path], { year: 2026 });
  const [f, ...more] = breaches(r);
  assert.equal(more.length, 0);
  assert.equal(f?.severity, 'critical');
  assert.equal(f?.subject.value, 'suzuki@example.jp');
  assert.deepEqual(f?.lists, { 'compromised-ips.txt': ['203.0.113.50'] });
  assert.equal(f?.evidence.intruders, '203.0.113.50 (imap, 1× from 2026-11-28T22:14:35; 2 failed logins from this IP, all before, '
    + '2 with this name, 1 names tried, 0 never logged in from it; attack)');
  // The brute-force finding blocks it with the 20 and does not spare it as an old password.
  const bf = r.findings.find((x) => x.rule === 'sasl-bruteforce')!;
  assert.equal(bf.lists?.['blocklist-ips.txt']?.length, 21);
  assert.ok(bf.lists?.['blocklist-ips.txt']?.includes('203.0.113.50'));
  assert.equal(bf.evidence.ipsToCheck, undefined);
  // suzuki's own client, which had logged in from its IP before the attack, fails twice in it and logs in again: no breach.
  const own = withHealthy([...bots, login(5, 'suzuki@example.jp', '203.0.113.50'), ...failures('203.0.113.50', ['suzuki@example.jp'], 2, 90, 2),
    login(95, 'suzuki@example.jp', '203.0.113.50')]);
  const o = await report([own.path], { year: 2026 });
  assert.deepEqual(breaches(o).map((x) => x.title), []);
  // Its two failures are a typo, as over SMTP (review AN, AN3): neither blocked nor listed, counted with the other IPs'.
  const ownBf = o.findings.find((x) => x.rule === 'sasl-bruteforce');
  assert.ok(!(ownBf?.lists?.['blocklist-ips.txt'] ?? []).includes('203.0.113.50'));
  assert.equal(ownBf?.evidence.ipsToCheck, undefined);
  // Without the attack on the name, two failures then a login is a typo: no breach.
  const alone = withHealthy([...failures('203.0.113.50', ['suzuki@example.jp'], 2, 90, 2), login(95, 'suzuki@example.jp', '203.0.113.50')]);
  assert.deepEqual(breaches(await report([alone.path], { year: 2026 })).map((x) => x.title), []);
  // A wide attack on other names (20 IPs try admin): suzuki is not under attack, its typo is no breach.
  const other = withHealthy([...Array.from({ length: 20 }, (_, i) => failures(`198.51.100.${10 + i}`, ['admin'], 3, 20 + i * 3, 3)).flat(),
    ...failures('203.0.113.50', ['suzuki@example.jp'], 2, 90, 2), login(95, 'suzuki@example.jp', '203.0.113.50')]);
  assert.deepEqual(breaches(await report([other.path], { year: 2026 })).map((x) => x.title), []);
});

test('mailbox-breach: 150 failures for one name from an IP no other user has, then its login; a threshold silences it', { skip }, async () => {
  const { path } = withHealthy([
    ...failures('192.0.2.60', ['tanaka@example.jp'], 150, 30, 80),
    login(115, 'tanaka@example.jp', '192.0.2.60', 'pop3'),
  ]);
  const r = await report([path], { year: 2026 });
  const [f, ...more] = breaches(r);
  assert.equal(more.length, 0);
  assert.equal(f?.subject.value, 'tanaka@example.jp');
  assert.equal(f?.evidence.intruders, '192.0.2.60 (pop3, 1× from 2026-11-28T22:14:55; 150 failed logins from this IP, all before, '
    + '150 with this name, 1 names tried, 0 never logged in from it; many)');
  const quiet = await report([path], { year: 2026, detect: { thresholds: { 'mailbox-breach.minFailuresOneName': 151 } } });
  assert.deepEqual(breaches(quiet).map((x) => x.title), []);
});

test('mailbox-breach: one IP of a distributed attack that tried three names, then logged in as one of them', { skip }, async () => {
  const bots = (n: number): Timed[] => Array.from({ length: n }, (_, i) => failures(`198.18.0.${i + 1}`, ['admin', 'test', 'sato@example.jp'], 3, 30 + i, 20)).flat();
  const wide = withHealthy([...bots(12), login(110, 'sato@example.jp', '198.18.0.5')]);
  const r = await report([wide.path], { year: 2026 });
  const [f, ...more] = breaches(r);
  assert.equal(more.length, 0);
  assert.equal(f?.subject.value, 'sato@example.jp');
  assert.deepEqual(f?.lists, { 'compromised-ips.txt': ['198.18.0.5'] });
  assert.equal(f?.evidence.failedLoginsFromIntruderIps, 3);
  // Twelve bots tried sato@example.jp once each before 22:14:50.
  assert.equal(f?.evidence.failedLoginsForThisNameBeforeFirstLogin, 12);
  // Five bots are no wide attack (sasl-bruteforce.distributedIps = 10): three failures are no guesser on their own.
  const narrow = withHealthy([...bots(5), login(110, 'sato@example.jp', '198.18.0.5')]);
  assert.deepEqual(breaches(await report([narrow.path], { year: 2026 })).map((x) => x.title), []);
});

test('mailbox-breach through this server itself (a webmail on 127.0.0.1 used to guess): reported, never a list entry to block', { skip }, async () => {
  const { path } = withHealthy([
    ...failures('127.0.0.1', ['suzuki@example.jp'], 60, 20, 60),
    login(85, 'suzuki@example.jp', '127.0.0.1'),
  ]);
  const r = await report([path], { year: 2026 });
  const [f, ...more] = breaches(r);
  assert.equal(more.length, 0);
  assert.equal(f?.severity, 'critical');
  assert.equal(f?.lists, undefined, 'no compromised-ips.txt holding 127.0.0.1');
  const bf = r.findings.find((x) => x.rule === 'sasl-bruteforce');
  assert.ok(!(bf?.lists?.['blocklist-ips.txt'] ?? []).includes('127.0.0.1'));
});
