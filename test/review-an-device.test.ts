// Review AN: AN1, a user's forgotten device polling with an old password from an address that never logs in, is a note
// to ask the user about, not a HIGH attack to firewall; AN3, one mistyped IMAP password and a login from the same IP
// is as silent as the same typo over SMTP AUTH; AN9, the brute force's evidence rows in an order that adds up.
// The fixture is /work/review-an-logs/office.log cut to four hours (its line shapes, its addresses).

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ROOT, report, runCli } from './helpers.js';
import type { Report } from '../src/report/model.js';
import type { Finding } from '../src/types.js';

const OFFICE = '198.51.100.40';
const PHONE = '203.0.113.77';
const SERVER = '203.0.113.25';

const stamp = (s: number): string => {
  const h = Math.floor(s / 3600) % 24;
  const m = Math.floor(s / 60) % 60;
  return `Dec  1 ${String(h).padStart(2, '0')}:${String(m).padStart(2, '0')}:${String(s % 60).padStart(2, '0')}`;
};
const H = 3600;
const sid = (k: number): string => `4vo0T+O78B${String(k).padStart(6, '0')}`;

// office.log:1-2: "dovecot: auth: passwd-file(sato@example.jp,203.0.113.77,<4vo0T+O78B3CtbCh>): Password mismatch" and
// "dovecot: imap-login: Disconnected: Aborted login by logging out (auth failed, 1 attempts in 2 secs): user=<sato@example.jp>, …"
const imapFail = (s: number, ip: string, user: string, k: number): string[] => [
  `${stamp(s)} mail dovecot: auth: passwd-file(${user},${ip},<${sid(k)}>): Password mismatch`,
  `${stamp(s + 2)} mail dovecot: imap-login: Disconnected: Aborted login by logging out (auth failed, 1 attempts in 2 secs): user=<${user}>, `
    + `method=PLAIN, rip=${ip}, lip=${SERVER}, TLS, session=<${sid(k)}>`,
];
// office.log:204: "dovecot: imap-login: Login: user=<sato@example.jp>, method=PLAIN, rip=198.51.100.40, lip=203.0.113.25, mpid=31557, TLS, session=<kpP40YDsMKhz6A2E>"
const imapLogin = (s: number, ip: string, user: string, k: number): string =>
  `${stamp(s)} mail dovecot: imap-login: Login: user=<${user}>, method=PLAIN, rip=${ip}, lip=${SERVER}, mpid=${31000 + k}, TLS, session=<kpP40YDs${String(k).padStart(8, '0')}>`;
// office.log:207-211: the phone's outbox, a submission session whose AUTH fails.
const smtpFail = (s: number, ip: string, user: string, pid: number): string[] => [
  `${stamp(s)} mail postfix/submission/smtpd[${pid}]: connect from unknown[${ip}]`,
  `${stamp(s + 2)} mail postfix/submission/smtpd[${pid}]: warning: unknown[${ip}]: SASL LOGIN authentication failed: (reason unavailable), sasl_username=${user}`,
  `${stamp(s + 2)} mail postfix/submission/smtpd[${pid}]: disconnect from unknown[${ip}] ehlo=2 starttls=1 auth=0/1 quit=1 commands=4/5`,
];
// office.log:72-78: sato@ sends from the office after a SASL login.
const send = (s: number, user: string, pid: number, q: string): string[] => [
  `${stamp(s)} mail postfix/submission/smtpd[${pid}]: connect from unknown[${OFFICE}]`,
  `${stamp(s)} mail postfix/submission/smtpd[${pid}]: ${q}: client=unknown[${OFFICE}], sasl_method=PLAIN, sasl_username=${user}`,
  `${stamp(s)} mail postfix/cleanup[${pid + 6}]: ${q}: message-id=<${pid}@example.jp>`,
  `${stamp(s)} mail postfix/qmgr[1101]: ${q}: from=<${user}>, size=76312, nrcpt=1 (queue active)`,
  `${stamp(s)} mail postfix/submission/smtpd[${pid}]: disconnect from unknown[${OFFICE}] ehlo=2 starttls=1 auth=1 mail=1 rcpt=1 data=1 quit=1 commands=8`,
  `${stamp(s + 1)} mail postfix/smtp[${pid + 9}]: ${q}: to=<order@supplier-b.com>, relay=mx1.supplier-b.com[198.51.100.92]:25, delay=1.1, `
    + 'delays=0.1/0/0.5/0.5, dsn=2.0.0, status=sent (250 2.0.0 Ok: queued as 1A2B6EECB)',
  `${stamp(s + 1)} mail postfix/qmgr[1101]: ${q}: removed`,
];

/** Sorted by time (a stable sort keeps each attempt's two lines in order). */
function byTime(lines: string[]): string[] {
  return lines.map((l, i) => ({ l, i })).sort((a, b) => (a.l.slice(0, 15) < b.l.slice(0, 15) ? -1 : a.l.slice(0, 15) > b.l.slice(0, 15) ? 1 : a.i - b.i)).map((x) => x.l);
}

/** The office's day, 08:00 to 12:00: sato@ and tanaka@ read mail from the office and send from it. */
function officeDay(): string[] {
  const out: string[] = [];
  for (let i = 0; i < 8; i++) {
    out.push(imapLogin(8 * H + 600 + i * 1700, OFFICE, i % 2 === 0 ? 'sato@example.jp' : 'tanaka@example.jp', i));
    out.push(...send(8 * H + 900 + i * 1650, i % 2 === 0 ? 'sato@example.jp' : 'tanaka@example.jp', 30900 + i * 20, `1A2B6E5${String(i).padStart(2, '0')}`));
  }
  return out;
}

/** sato@'s old phone: IMAP every `every` seconds from 08:00 to 12:00 with the old password, its outbox every 2 hours. */
function phone(ip = PHONE, user = 'sato@example.jp', every = 600, from = 8 * H + 12, until = 12 * H): string[] {
  const out: string[] = [];
  for (let t = from, k = 0; t <= until; t += every, k++) out.push(...imapFail(t, ip, user, k + (ip === PHONE ? 0 : 5000)));
  for (let t = 9 * H + 1860; t <= until; t += 2 * H) out.push(...smtpFail(t, ip, user, 31700 + t % 97));
  return out;
}

function write(name: string, lines: string[]): string {
  const dir = mkdtempSync(join(tmpdir(), 'mlf-an-'));
  const path = join(dir, name);
  writeFileSync(path, byTime(lines).join('\n') + '\n');
  return path;
}

function bruteforce(r: Report): Finding[] {
  return r.findings.filter((f) => f.rule === 'sasl-bruteforce');
}

test('AN1 office.log, four hours: sato@\'s old phone polling every 10 min from an address that never logs in is a LOW note, never blocked', async () => {
  const path = write('office.log', [...officeDay(), ...phone()]);
  const r = await report([path], { year: 2026 });
  const [f, ...more] = bruteforce(r);
  assert.equal(more.length, 0);
  assert.ok(f);
  assert.notEqual(f.severity, 'high');
  assert.equal(f.severity, 'low');
  assert.equal(f.lists, undefined, 'no blocklist-ips.txt');
  assert.equal(f.evidence.attackingIps, 0);
  assert.equal(f.evidence.failedLoginsFromIpsToCheck, 26);
  assert.equal(f.title, '26 failed logins from 1 IP, all as sato@example.jp, a user who logs in from elsewhere, one every ~10 min for 4 h, '
    + 'and the IP never logged in: probably an old phone or tablet of that user still using the old password, not a guesser');
  assert.equal(f.evidence.ipsToCheck, `${PHONE} (26 failed as sato@example.jp; never logged in; every ~10 min for 3.8 h)`);
  assert.ok(!(f.why ?? '').startsWith('Bots try'), f.why);
  const fix = f.fix ?? '';
  assert.ok(fix.includes(`- ${PHONE} failed 26 times as sato@example.jp, every ~10 min for 4 h, and never logged in: probably sato@example.jp's old `
    + 'phone or tablet (or a PC\'s mail client) still using the old password. Ask sato@example.jp to update or remove the account on that device. '
    + `If sato@example.jp has no such device, change the password and then block ${PHONE} in the firewall.`), fix);
  assert.ok(!fix.includes('nft ') && !fix.includes('ignoreip'), fix);
  // The action first, naming the user (review AN's rest: the ticket quotes the first paragraph alone), and the evidence's
  // own IPs before the attackers' zeros (the ticket shows five rows).
  assert.ok(fix.startsWith('Ask sato@example.jp whether an old phone, tablet or PC of theirs still has the old password'), fix);
  assert.deepEqual(Object.keys(f.evidence).slice(0, 3), ['ipsToCheckBeforeBlocking', 'failedLoginsFromIpsToCheck', 'ipsToCheck']);
  // No "password guessing" role in the Client IPs table.
  const row = r.byClientIp.find((x) => x.key === PHONE);
  assert.ok(!(row?.roles ?? []).some((x) => x.includes('password-guessing')), JSON.stringify(row?.roles));
  const ja = bruteforce(await report([path], { year: 2026, lang: 'ja' }))[0]!;
  assert.match(ja.title, /すべて sato@example\.jp（ほかの場所からログインしている利用者）として、約 10 分ごとに 4 時間にわたり 26 回のログイン失敗/);
  assert.ok((ja.fix ?? '').includes('sato@example.jp にそのような端末がなければ、パスワードを変更してから 203.0.113.77 をファイアウォールで遮断してください。'), ja.fix);
});

test('AN1 through the CLI: no blocklist-ips.txt, no first step to block, the note names sato@example.jp', () => {
  const path = write('office.log', [...officeDay(), ...phone()]);
  const out = mkdtempSync(join(tmpdir(), 'mlf-an-out-'));
  const run = runCli(['analyze', path, '--year', '2026', '--out', out]);
  assert.equal(run.status, 0, run.stderr);
  assert.equal(existsSync(join(out, 'blocklist-ips.txt')), false);
  const md = readFileSync(join(out, 'report.md'), 'utf8');
  assert.ok(!/\*\*HIGH\*\*/.test(md), md.slice(0, 1500));
  const steps = md.slice(md.indexOf('## First steps'), md.indexOf('\n## ', md.indexOf('## First steps') + 5));
  assert.ok(!steps.includes(PHONE) && !steps.includes('nft '), steps);
  assert.ok(md.includes('all as sato@example.jp'), md);
});

test('AN1 the attack stays an attack: fast, a burst, a name that never logs in, two names, or a second IP on the name', async () => {
  const blocked = async (lines: string[], why: string): Promise<Finding> => {
    const f = bruteforce(await report([write('attack.log', [...officeDay(), ...lines])], { year: 2026 }))[0];
    assert.ok(f, why);
    assert.equal(f.severity, 'high', why);
    assert.ok((f.lists?.['blocklist-ips.txt'] ?? []).includes(PHONE), why);
    return f;
  };
  // One IP trying sato@ every 20 seconds for an hour (review 11 H2's single guesser of a real name).
  await blocked(phone(PHONE, 'sato@example.jp', 20, 9 * H, 10 * H), 'fast');
  // 20 tries in two minutes, then a slow trickle over four hours: the average (12 min) hides the burst fail2ban bans.
  await blocked([
    ...Array.from({ length: 20 }, (_, k) => imapFail(8 * H + 60 + k * 6, PHONE, 'sato@example.jp', 900 + k)).flat(),
    ...phone(PHONE, 'sato@example.jp', 3600, 9 * H, 12 * H),
  ], 'burst');
  // The same pace for a name that never logs in here.
  await blocked(phone(PHONE, 'admin@example.jp'), 'unknown name');
  // Two names from the one IP.
  await blocked([...phone(), ...imapFail(10 * H + 301, PHONE, 'tanaka@example.jp', 7000)], 'two names');
  // A second address that never logged in tries sato@ at the same pace: a botnet's share, not one phone.
  const two = await blocked([...phone(), ...phone('192.0.2.201')], 'two IPs');
  assert.ok((two.lists?.['blocklist-ips.txt'] ?? []).includes('192.0.2.201'));
});

test('AN1 beside a real attack: the attacker is blocked, the phone listed with its own advice and kept out of fail2ban\'s ignoreip', async () => {
  const bot = '192.0.2.99';
  const names = ['admin', 'info', 'test', 'sales', 'office', 'webmaster', 'support', 'contact', 'user', 'guest', 'root', 'mail'];
  const attack = names.flatMap((n, k) => imapFail(10 * H + k * 5, bot, n, 8000 + k));
  for (const lang of ['en', 'ja'] as const) {
    const f = bruteforce(await report([write('both.log', [...officeDay(), ...phone(), ...attack])], { year: 2026, lang }))[0]!;
    assert.equal(f.severity, 'high');
    assert.deepEqual(f.lists?.['blocklist-ips.txt'], [bot]);
    // In the report's language (review AN's rest: the Japanese report had this row in English).
    assert.equal(f.evidence.ipsToCheck, lang === 'en' ? `${PHONE} (26 failed as sato@example.jp; never logged in; every ~10 min for 3.8 h)`
      : `${PHONE}（sato@example.jp として 26 回失敗。ログインなし。約 10 分ごと、3.8 時間にわたる）`);
    const fix = f.fix ?? '';
    assert.ok(fix.includes(lang === 'en' ? `- ${PHONE} failed 26 times as sato@example.jp` : `- ${PHONE}: sato@example.jp で約 10 分ごとに`), fix);
    assert.ok(fix.includes(lang === 'en' ? 'Left out of `blocklist-ips.txt` although it never logged in' : '下の一覧には、一度もログインしていないのに `blocklist-ips.txt` に含めていない IP アドレスがあります。'), fix);
    assert.ok(!fix.includes(`ignoreip = 127.0.0.1/8 ::1 ${PHONE}`), fix);
  }
});

test('AN3 v9.log: one mistyped IMAP password, then IMAP logins from that IP, is as silent as the same typo over SMTP', async () => {
  // v9.log:511-513, then tanaka@'s 15-minute polls.
  const home = '192.0.2.50';
  const lines = [
    ...officeDay(),
    ...imapFail(12 * H + 1800, home, 'tanaka@example.jp', 1),
    ...Array.from({ length: 5 }, (_, i) => imapLogin(12 * H + 1920 + i * 900, home, 'tanaka@example.jp', 50 + i)),
  ];
  const r = await report([write('v9.log', lines)], { year: 2026 });
  assert.deepEqual(bruteforce(r).map((f) => [f.severity, f.title]), []);
  // Without the login after it, the failure is no typo seen to end well: no finding either (one failure, below every threshold).
  const failOnly = await report([write('v9-fail.log', [...officeDay(), ...imapFail(12 * H + 1800, home, 'tanaka@example.jp', 1)])], { year: 2026 });
  assert.deepEqual(bruteforce(failOnly).map((f) => f.severity), []);
});

test('AN3 a client with an old password that logged in before its failures is an info note, not low', async () => {
  const home = '192.0.2.50';
  const lines = [
    ...officeDay(),
    imapLogin(8 * H + 100, home, 'tanaka@example.jp', 70),
    ...Array.from({ length: 12 }, (_, k) => imapFail(9 * H + k * 600, home, 'tanaka@example.jp', 300 + k)).flat(),
  ];
  const f = bruteforce(await report([write('oldpw.log', lines)], { year: 2026 }));
  assert.deepEqual(f.map((x) => [x.severity, x.lists]), [['info', undefined]]);
});

test('AN9 samples/after-fix.log: the IMAP/POP3 row follows the SMTP AUTH row, the port-25 rows after; the ticket reads 41 / 0 / 92 / 57 / 35', () => {
  const out = mkdtempSync(join(tmpdir(), 'mlf-an9-'));
  const run = runCli(['analyze', join(ROOT, 'samples', 'after-fix.log'), '--year', '2026', '--out', out]);
  assert.equal(run.status, 0, run.stderr);
  const json = JSON.parse(readFileSync(join(out, 'report.json'), 'utf8')) as Report;
  const f = json.findings.find((x) => x.rule === 'sasl-bruteforce')!;
  const keys = Object.keys(f.evidence);
  assert.deepEqual(keys.slice(0, 8), [
    'attackingIps', 'ipsOverThreshold', 'failedLoginsFromAttackingIps', 'smtpAuthFailuresFromAttackingIps',
    'mailboxLoginFailuresFromAttackingIps', 'port25AuthFailuresFromAttackingIps', 'authRefusedOnPort25InLog', 'authRefusedOnPort25Ips',
  ]);
  const ticket = readFileSync(join(out, 'ticket.md'), 'utf8');
  const at = ticket.indexOf('| Evidence | |');
  assert.equal(ticket.slice(at, ticket.indexOf('\n\n', at)), [
    '| Evidence | |', '| --- | --- |',
    '| Attacking IP addresses | 41 |', '| Of those, over the per-IP threshold | 0 |', '| Failed logins from the attacking IP addresses | 92 |',
    '| Of those, SMTP AUTH | 57 |', '| Of those, IMAP/POP3 | 35 |',
  ].join('\n'));
  const md = readFileSync(join(out, 'report.md'), 'utf8');
  assert.ok(md.includes('| Of those, IMAP/POP3 | 35 |\n| Of the SMTP AUTH ones, on port 25 | 0 |\n'
    + '| SMTP AUTH refused on port 25, AUTH not offered there (503; whole log) | 145 |\n| IP addresses refused that way | 28 |\n'), md);
});
