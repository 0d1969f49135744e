// A user's phone with her old password behind a mobile carrier's NAT (review 12, H2: /tmp/r12/phone.log). suzuki@
// changes her password at 09:00; the phone had logged in that morning from 126.201.33.7; every 15 minutes until 14:05
// it syncs with the old password from an address that changes every half hour, 3 IMAP failures a sync; at 14:12 she
// types the new password in. The lines are the corpus's Dovecot 2.3 shapes (../shared/LINES.md, the review's log):
//   "dovecot: imap-login: Login: user=<suzuki@example.jp>, method=PLAIN, rip=126.201.33.7, lip=192.0.2.1, mpid=…, TLS, session=<…>"
//   "dovecot: auth: passwd-file(suzuki@example.jp,126.201.158.236,<…>): Password mismatch"
//   "dovecot: imap-login: Disconnected: Aborted login by logging out (auth failed, 1 attempts in 2 secs): user=<suzuki@example.jp>, method=PLAIN, rip=126.201.158.236, lip=192.0.2.1, TLS, session=<…>"
// Before: a CRITICAL mailbox-breach for the 14:12 login, a HIGH "distributed password guessing: 63 failed logins from
// 11 IPs" and the 11 carrier addresses in blocklist-ips.txt. Now: one LOW finding listing them to check.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { report } from './helpers.js';
import { renderJson } from '../src/render/index.js';
import { networkOf } from '../src/detect/roaming-clients.js';
import type { Report } from '../src/report/model.js';
import type { Finding } from '../src/types.js';

const OFFICE = '203.0.113.10';
const PHONE_MORNING = '126.201.33.7';
/** The phone's addresses in the review's log, in the order it used them. */
const PHONE = ['126.201.158.236', '126.234.171.151', '126.253.89.50', '126.251.55.74', '126.232.177.100', '126.247.169.29',
  '126.222.104.191', '126.247.133.247', '126.200.113.41', '126.253.133.58', '126.218.208.248'];

type Timed = [number, string];

function stamp(sec: number): string {
  const h = Math.floor(sec / 3600);
  const m = Math.floor((sec % 3600) / 60);
  const s = sec % 60;
  return `Nov 10 ${[h, m, s].map((x) => String(x).padStart(2, '0')).join(':')}`;
}

let sessions = 0;
function session(): string {
  return `S${String(++sessions).padStart(6, '0')}x+AAAAAAAA`.slice(0, 16);
}

function login(sec: number, user: string, ip: string): Timed {
  return [sec, `${stamp(sec)} mail dovecot: imap-login: Login: user=<${user}>, method=PLAIN, rip=${ip}, lip=192.0.2.1, mpid=${20000 + sec % 9000}, TLS, session=<${session()}>`];
}

/** One failed IMAP login: Dovecot's auth line, then the login process's line 2 seconds later. */
function failure(sec: number, user: string, ip: string): Timed[] {
  const s = session();
  return [
    [sec, `${stamp(sec)} mail dovecot: auth: passwd-file(${user},${ip},<${s}>): Password mismatch`],
    [sec + 2, `${stamp(sec + 2)} mail dovecot: imap-login: Disconnected: Aborted login by logging out (auth failed, 1 attempts in 2 secs): `
      + `user=<${user}>, method=PLAIN, rip=${ip}, lip=192.0.2.1, TLS, session=<${s}>`],
  ];
}

/** A sync with the old password: 3 attempts, 5 seconds apart. */
function sync(sec: number, ip: string, user = 'suzuki@example.jp'): Timed[] {
  return [0, 1, 2].flatMap((a) => failure(sec + a * 5, user, ip));
}

function write(name: string, lines: Timed[]): string {
  const dir = mkdtempSync(join(tmpdir(), 'mlf-roaming-'));
  const path = join(dir, name);
  writeFileSync(path, [...lines].sort((a, b) => a[0] - b[0]).map((l) => l[1]).join('\n') + '\n');
  return path;
}

const H = 3600;

/** The office's other users, hourly, as in the review's normal day. */
function officeDay(): Timed[] {
  const out: Timed[] = [];
  for (let h = 7; h < 20; h++) for (const [i, u] of ['tanaka', 'sato', 'yamada'].entries()) out.push(login(h * H + 60 * i + 16, `${u}@example.jp`, OFFICE));
  return out;
}

/**
 * The review's day: 21 syncs from 09:05 to 14:05, a new address every 2 syncs (the 11th keeps the last one), then the
 * new password at 14:12 and hourly logins from that address. `morning`: the phone's login at 08:00 from 126.201.33.7.
 */
function phoneDay(morning: boolean): Timed[] {
  const out: Timed[] = [...officeDay(), login(9 * H + 60, 'suzuki@example.jp', OFFICE)];
  if (morning) out.push(login(8 * H, 'suzuki@example.jp', PHONE_MORNING));
  for (let k = 0; k < 21; k++) out.push(...sync(9 * H + 300 + k * 900, PHONE[Math.min(Math.floor(k / 2), 10)]!));
  out.push(login(14 * H + 720, 'suzuki@example.jp', PHONE[10]!));
  for (let h = 15; h < 20; h++) out.push(login(h * H, 'suzuki@example.jp', PHONE[10]!));
  return out;
}

function byRule(r: Report, rule: string): Finding[] {
  return r.findings.filter((f) => f.rule === rule);
}

test('networkOf: IPv4 /8 and /16, IPv4-mapped, IPv6 /32 and /48 in the short form, and what is no address', () => {
  assert.equal(networkOf('126.201.33.7', 8, 32), '126.0.0.0/8');
  assert.equal(networkOf('126.201.33.7', 16, 32), '126.201.0.0/16');
  assert.equal(networkOf('126.201.33.7', 12, 32), '126.192.0.0/12');
  assert.equal(networkOf('::ffff:126.1.2.3', 8, 32), '126.0.0.0/8');
  assert.equal(networkOf('2400:4050:a1:2::5', 8, 32), '2400:4050::/32');
  assert.equal(networkOf('2400:4050:a1:2::5', 8, 48), '2400:4050:a1::/48');
  assert.equal(networkOf('2001:db8::1', 8, 32), '2001:db8::/32');
  assert.equal(networkOf('2400:4050:00a1:0002:0000:0000:0000:0005', 8, 32), '2400:4050::/32');
  assert.equal(networkOf('fe80::1%eth0', 8, 16), 'fe80::/16');
  assert.equal(networkOf('64:ff9b::192.0.2.1', 8, 128), '64:ff9b::c000:201/128');
  assert.equal(networkOf('unknown', 8, 32), null);
  assert.equal(networkOf('1.2.3', 8, 32), null);
  assert.equal(networkOf('1.2.3.256', 8, 32), null);
  assert.equal(networkOf('1:2:3:4:5:6:7', 8, 32), null);
  assert.equal(networkOf('1::2::3', 8, 32), null);
  // A dotted IPv4 part only at the end (code review 13, L8: "1.2.3.4::5" was 102:304::/32).
  assert.equal(networkOf('1.2.3.4::5', 8, 32), null);
  assert.equal(networkOf('1:2:3:4:5:6:1.2.3.4', 8, 32), '1:2::/32');
});

test('review 12 H2: the phone with the old password behind carrier NAT is one INFO "check before blocking", no breach, nothing blocked', async () => {
  const path = write('phone.log', phoneDay(true));
  const r = await report([path], { year: 2026 });
  assert.deepEqual(byRule(r, 'mailbox-breach').map((f) => f.title), []);
  const [bf, ...more] = byRule(r, 'sasl-bruteforce');
  assert.equal(more.length, 0);
  assert.ok(bf);
  // Review AN, AN3: a note of the users' own clients, nothing to block, is info.
  assert.equal(bf.severity, 'info');
  assert.equal(bf.lists, undefined, 'no blocklist-ips.txt');
  assert.equal(bf.title, '63 failed logins from 11 IPs of 126.0.0.0/8, one after another, for one user name that had logged in from there '
    + 'before: a mail client with an old password whose address changes (a phone behind carrier NAT), not a guesser; check before blocking');
  assert.equal(bf.evidence.attackingIps, 0);
  assert.equal(bf.evidence.ipsToCheckBeforeBlocking, 11);
  assert.equal(bf.evidence.failedLoginsFromIpsToCheck, 63);
  assert.equal(bf.evidence.ipsToCheckChangingAddress, 11);
  assert.equal(bf.evidence.changingAddressNetworks, '126.0.0.0/8');
  assert.equal(bf.evidence.failedLoginsInLog, 63);
  // Ten of the eleven in the evidence (6 failures each), the first of them in full.
  const listed = String(bf.evidence.ipsToCheck).split('; 126.');
  assert.equal(listed.length, 10);
  assert.equal(listed[0], '126.200.113.41 (6 failed as suzuki@example.jp; changing address in 126.0.0.0/8, logged in from 126.201.33.7 before)');
  assert.ok(!String(bf.evidence.ipsToCheck).includes('126.218.208.248'), 'the 11th (3 failures) is past the ten shown');
  // The fix gives the password, not a drop rule.
  assert.doesNotMatch(bf.fix ?? '', /nft add element/);
  assert.match(bf.fix ?? '', /- 126\.201\.158\.236: 6 failed logins as suzuki@example\.jp; a changing address of one device in 126\.0\.0\.0\/8, where suzuki@example\.jp had logged in from 126\.201\.33\.7 before/);
  assert.match(bf.fix ?? '', /- and 1 more/);

  // In Japanese, the same finding in Japanese.
  const ja = byRule(await report([path], { year: 2026, lang: 'ja' }), 'sasl-bruteforce')[0]!;
  assert.equal(ja.title, '126.0.0.0/8 の 11 件の IP アドレスから、順に 63 回のログイン失敗がありました（一つのユーザー名。その名前は以前にこのネットワークから'
    + 'ログインしています）。推測攻撃ではなく、アドレスが変わる端末（携帯回線の NAT の背後のスマートフォンなど）の古いパスワードのままのメールソフトです。遮断する前に確認してください');
  assert.match(ja.fix ?? '', /- 126\.201\.158\.236: suzuki@example\.jp で 6 回失敗。126\.0\.0\.0\/8 でアドレスが変わる一台の端末のアドレスです（suzuki@example\.jp は以前 126\.201\.33\.7 からログインしています）/);

  // The same report.json whatever the split.
  const one = renderJson(r);
  for (const jobs of [2, 3]) assert.equal(renderJson(await report([path], { year: 2026, jobs, rangeBytes: 8_000 })), one, `jobs ${jobs}`);
});

test('review 12 H2, the evidence it takes: without the phone\'s earlier login from the carrier, or with a /16 network, the attack stays', async () => {
  // Nothing ties the carrier's addresses to suzuki's own device: as before, a distributed attack and a breach.
  const r = await report([write('no-morning.log', phoneDay(false))], { year: 2026 });
  const breach = byRule(r, 'mailbox-breach');
  assert.equal(breach.length, 1);
  assert.equal(breach[0]!.severity, 'critical');
  assert.deepEqual(breach[0]!.lists, { 'compromised-ips.txt': ['126.218.208.248'] });
  const bf = byRule(r, 'sasl-bruteforce')[0]!;
  assert.equal(bf.severity, 'high');
  assert.equal(bf.lists?.['blocklist-ips.txt']?.length, 11);
  assert.equal(bf.evidence.ipsToCheckChangingAddress, undefined);
  // A /16 (sasl-bruteforce.roamingPrefixV4) puts one address only in 126.201.0.0/16 with the morning's: no device that changes address.
  const narrow = await report([write('phone16.log', phoneDay(true))], { year: 2026, detect: { thresholds: { 'sasl-bruteforce.roamingPrefixV4': 16 } } });
  assert.equal(byRule(narrow, 'sasl-bruteforce')[0]?.severity, 'high');
  assert.equal(byRule(narrow, 'mailbox-breach').length, 1);
});

test('review 12 H2 against review 11 H1: addresses of the same carrier that fail seconds apart are a botnet, and its login a breach', async () => {
  // The phone's morning login from 126.201.33.7 is there, and eleven 126.x addresses fail 3 times each as suzuki, but
  // seconds apart, not minutes; then a twelfth fails twice and logs in.
  const lines: Timed[] = [...officeDay(), login(8 * H, 'suzuki@example.jp', PHONE_MORNING)];
  PHONE.slice(0, 10).forEach((ip, i) => lines.push(...sync(10 * H + i * 20, ip)));
  lines.push(...failure(10 * H + 300, 'suzuki@example.jp', '126.99.1.1'), ...failure(10 * H + 305, 'suzuki@example.jp', '126.99.1.1'));
  lines.push(login(10 * H + 310, 'suzuki@example.jp', '126.99.1.1'));
  const r = await report([write('botnet.log', lines)], { year: 2026 });
  const [breach, ...more] = byRule(r, 'mailbox-breach');
  assert.equal(more.length, 0);
  assert.equal(breach?.severity, 'critical');
  assert.deepEqual(breach?.lists, { 'compromised-ips.txt': ['126.99.1.1'] });
  const bf = byRule(r, 'sasl-bruteforce')[0]!;
  assert.equal(bf.severity, 'high');
  assert.equal(bf.lists?.['blocklist-ips.txt']?.length, 11);
  assert.equal(bf.evidence.ipsToCheckBeforeBlocking, 0);

  // The phone's own addresses, when they also try a second name (admin), are no longer one device's: blocked.
  const two = phoneDay(true);
  PHONE.forEach((ip, i) => two.push(...failure(9 * H + 400 + i * 1800, 'admin', ip)));
  const t = await report([write('two-names.log', two)], { year: 2026 });
  assert.equal(byRule(t, 'sasl-bruteforce')[0]?.severity, 'high');
  assert.equal(byRule(t, 'sasl-bruteforce')[0]?.evidence.ipsToCheckChangingAddress, undefined);
});

test('review 12 H2 over IPv6: a phone whose /64 changes inside the carrier\'s /32 is listed to check, each address', async () => {
  const v6 = ['2400:4050:a1:2::5', '2400:4050:b3:9::7', '2400:4050:c4:10::9', '2400:4050:d5:11::2'];
  const lines: Timed[] = [...officeDay(), login(8 * H, 'suzuki@example.jp', '2400:4050:1:1::1')];
  v6.forEach((ip, i) => lines.push(...sync(9 * H + 300 + i * 1800, ip), ...sync(9 * H + 1200 + i * 1800, ip)));
  lines.push(login(11 * H + 600, 'suzuki@example.jp', v6[3]!));
  const r = await report([write('phone6.log', lines)], { year: 2026 });
  assert.deepEqual(byRule(r, 'mailbox-breach'), []);
  const bf = byRule(r, 'sasl-bruteforce')[0]!;
  assert.equal(bf.severity, 'info');
  assert.equal(bf.evidence.ipsToCheckBeforeBlocking, 4);
  assert.equal(bf.evidence.ipsToCheckChangingAddress, 4);
  assert.equal(bf.evidence.changingAddressNetworks, '2400:4050::/32');
});

// Review 13, H4 (/tmp/r13/gen13.py roam-wide, roam-two): suzuki@ opens her mailbox from home, 118.8.44.21, at 07:30.
// 118.0.0.0/8 is shared by Japanese ISPs and CHINANET (118.112/12), so a guesser can sit in her /8. Both were taken
// for her phone with an old password (roaming-clients.ts) and the guessed login hidden; with the home address out of
// 118/8 both are a CRITICAL mailbox-breach, and so they must be here.
const HOME = '118.8.44.21';
const GUESSER_LOGIN = '118.122.91.14';
/** 36 bot IPs, each of its own /8, none of them 118, 126 or the office's 203. */
const BOTS = [36, 37, 45, 46, 77, 78, 79, 80, 81, 82, 83, 84, 85, 86, 87, 88, 89, 91, 93, 94, 95, 103, 104, 105, 106, 109,
  110, 111, 112, 113, 114, 115, 116, 117, 177, 201].map((o, i) => `${o}.${10 + i}.${20 + i}.${30 + i}`);

function homeMorning(): Timed[] {
  return [...officeDay(), login(7 * H + 1800, 'suzuki@example.jp', HOME), login(9 * H, 'suzuki@example.jp', OFFICE)];
}

/** `n` failures of `user` from `ip`, `every` seconds apart from `sec`. */
function failures(sec: number, ip: string, n: number, every: number, user = 'suzuki@example.jp'): Timed[] {
  const out: Timed[] = [];
  for (let a = 0; a < n; a++) out.push(...failure(sec + a * every, user, ip));
  return out;
}

/** A wide attack from 08:00: the 36 bots try `user` 5 times each, 4 s apart, a new bot every 15 minutes. */
function wideAttack(user: string): Timed[] {
  return BOTS.flatMap((ip, i) => failures(8 * H + i * 900, ip, 5, 4, user));
}

/** One critical breach by GUESSER_LOGIN, listed in compromised-ips.txt, and exactly `blocked` in the blocklist. */
function breachBlocked(r: Report, blocked: string[]): void {
  const [breach, ...more] = byRule(r, 'mailbox-breach');
  assert.equal(more.length, 0);
  assert.equal(breach?.severity, 'critical');
  assert.deepEqual(breach?.lists, { 'compromised-ips.txt': [GUESSER_LOGIN] });
  const bf = byRule(r, 'sasl-bruteforce')[0]!;
  assert.equal(bf.severity, 'high');
  assert.deepEqual([...(bf.lists?.['blocklist-ips.txt'] ?? [])].sort(), [...blocked].sort());
  assert.equal(bf.evidence.ipsToCheckChangingAddress, undefined);
}

test('review 13 H4 roam-wide: a wide attack on suzuki@ whose last bot sits in her /8 and logs in is a breach, every bot blocked', async () => {
  // 4 more bots in 118/8, one every two hours from 09:00, 5 tries each; the last fails 12 times at 15:00 and logs in
  // at 15:03 and 16:00.
  const inHerNet = ['118.112.34.9', '118.116.7.201', '118.119.200.33', GUESSER_LOGIN];
  const lines: Timed[] = [...homeMorning(), ...wideAttack('suzuki@example.jp')];
  inHerNet.forEach((ip, i) => lines.push(...failures(9 * H + i * 7200, ip, ip === GUESSER_LOGIN ? 12 : 5, 4)));
  lines.push(login(15 * H + 180, 'suzuki@example.jp', GUESSER_LOGIN), login(16 * H, 'suzuki@example.jp', GUESSER_LOGIN));
  breachBlocked(await report([write('roam-wide.log', lines)], { year: 2026 }), [...BOTS, ...inHerNet]);
});

test('review 13 H4 roam-two: 150 failures from each of two addresses of her /8, then a login, is a breach, both blocked', async () => {
  // One patient guesser whose lease changed: 118.112.34.9 at 09:00, 118.122.91.14 at 13:00, a try every 6 s; then
  // the login at 13:15:30.
  const lines: Timed[] = [...homeMorning(), ...failures(9 * H, '118.112.34.9', 150, 6), ...failures(13 * H, GUESSER_LOGIN, 150, 6)];
  lines.push(login(13 * H + 930, 'suzuki@example.jp', GUESSER_LOGIN));
  breachBlocked(await report([write('roam-two.log', lines)], { year: 2026 }), ['118.112.34.9', GUESSER_LOGIN]);
});

test('review 13 H4, the other way: a wide attack on another name (admin) leaves suzuki\'s phone a phone; 10 failures from one of its addresses take only that one out', async () => {
  // The review 12 phone's day, while the 36 bots try admin@example.jp: the phone's 11 addresses are still listed to
  // check, the bots blocked, no breach.
  const r = await report([write('phone-admin.log', [...phoneDay(true), ...wideAttack('admin@example.jp')])], { year: 2026 });
  assert.deepEqual(byRule(r, 'mailbox-breach'), []);
  const bf = byRule(r, 'sasl-bruteforce')[0]!;
  // 180 failures at an even 20 an hour for a name that is no account here: the background since review AO, AO1
  // (was high); its bots are blocked all the same.
  assert.equal(bf.severity, 'low');
  assert.deepEqual([...(bf.lists?.['blocklist-ips.txt'] ?? [])].sort(), [...BOTS].sort());
  assert.equal(bf.evidence.ipsToCheckChangingAddress, 11);
  // The phone's first address fails 4 more times (10 in all): no phone's sync fails that often, so it is no longer
  // one of the phone's; the 10 others stay.
  const r10 = await report([write('phone-ten.log', [...phoneDay(true), ...sync(9 * H + 600, PHONE[0]!), ...failure(9 * H + 620, 'suzuki@example.jp', PHONE[0]!)])], { year: 2026 });
  const bf10 = byRule(r10, 'sasl-bruteforce')[0]!;
  assert.equal(bf10.evidence.ipsToCheckChangingAddress, 10);
  assert.equal(bf10.evidence.attackingIps, 1);
  assert.deepEqual(bf10.lists?.['blocklist-ips.txt'], [PHONE[0]]);
});
