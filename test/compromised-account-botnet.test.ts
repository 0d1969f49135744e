// compromised-account and a stolen password used by a botnet (review 13, H1 and H2): 40 IPs in 40 /8 networks send
// as info@example.jp, its own address, most of it delivered; no failed login for the name, or failures that name no
// user (Postfix before 3.7.8), or a guess over IMAP that mailbox-breach reports. Line shapes from the review's
// generator (/tmp/r13/gen13.py), which copies the corpus (/work/shared/corpus): submission smtpd "client=…,
// sasl_username=…", qmgr "from=<…>, size=…, nrcpt=…", smtp "status=…", Dovecot "imap-login: Login: user=<…>, …",
// "auth: passwd-file(…): Password mismatch" and Postfix 3.6's "SASL LOGIN authentication failed: UGFzc3dvcmQ6".

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { report } from './helpers.js';
import type { Report } from '../src/report/model.js';
import type { Finding } from '../src/types.js';
import { DayLog } from './day-log.js';

const OFFICE = '203.0.113.10';
const BIZ = ['partner.co.jp', 'client-a.co.jp', 'globex-corp.com', 'kensetsu-k.co.jp', 'supplier-b.com', 'kaikei-office.jp'];
/** 40 bot IPs, each in its own /8 (review 13: 36.x, 45.x, 91.x, 177.x, 201.x …). */
const OCTETS = [36, 39, 41, 45, 49, 58, 59, 77, 78, 79, 80, 81, 88, 89, 91, 93, 94, 95, 103, 109, 113, 116, 117, 119,
  122, 125, 175, 176, 177, 178, 179, 180, 181, 182, 186, 187, 188, 189, 190, 191];
const BOTS = OCTETS.map((o, i) => `${o}.${(i * 37) % 256}.${(i * 91) % 256}.${1 + ((i * 53) % 254)}`);


/** The office's day: mail delivered here, tanaka@ and sato@ writing to partners, every user's hourly IMAP from the office. */
function officeDay(log: DayLog): void {
  for (let i = 0; i < 12; i++) log.inbound(7 * 3600 + i * 600, `kato@${BIZ[i % BIZ.length]}`, `${['tanaka', 'sato', 'info'][i % 3]}@example.jp`);
  for (const [k, u] of ['tanaka', 'sato'].entries()) {
    for (let i = 0; i < 12; i++) log.userMail(8 * 3600 + k * 60 + i * 1500, OFFICE, `${u}@example.jp`, `${u}@example.jp`, [`ito@${BIZ[(i + k) % BIZ.length]}`]);
  }
  for (const [k, u] of ['tanaka', 'sato', 'info'].entries()) for (let h = 0; h < 10; h++) log.imapLogin(7 * 3600 + h * 3600 + k * 30, `${u}@example.jp`, OFFICE);
}

/**
 * From 13:00 the bots send as info@example.jp, its own address: 3 messages each, 10 harvested recipients in 120
 * domains a message; every 20th recipient bounces (User unknown), every 10th (from the 5th) is still deferred at the
 * end of the log, the rest is sent: 85% delivered.
 */
function spamRun(log: DayLog, ips: readonly string[]): void {
  let k = 0;
  for (const [i, ip] of ips.entries()) {
    for (let m = 0; m < 3; m++) {
      const t = 13 * 3600 + i * 30 + m * 1200;
      const rcpts = Array.from({ length: 10 }, () => { k++; return `sales${k}@biz${String(k % 120).padStart(3, '0')}.com`; });
      const q = log.submit(t, ip, 'info@example.jp', 'info@example.jp', rcpts);
      let queued = false;
      for (const [j, r] of rcpts.entries()) {
        const n = k - 10 + j + 1;
        if (n % 20 === 0) log.bounced(t + 2, q, r, ' in virtual mailbox table');
        else if (n % 10 === 5) { log.deferred(t + 2, q, r); queued = true; } else log.sent(t + 2, q, r);
      }
      if (!queued) log.removed(t + 3, q);
    }
  }
}

async function run(log: DayLog, lang?: 'ja'): Promise<Report> {
  const path = join(mkdtempSync(join(tmpdir(), 'mlf-botnet-')), 'mail.log');
  writeFileSync(path, log.text());
  return report([path], { year: 2026, ...(lang ? { lang } : {}) });
}

function infoFinding(r: Report): Finding {
  const fs = r.findings.filter((f) => f.rule === 'compromised-account' && f.subject.value === 'info@example.jp');
  assert.equal(fs.length, 1, r.findings.map((f) => `${f.severity} ${f.rule} ${f.title}`).join('\n'));
  return fs[0]!;
}

/** No word of the unusual-use note: nothing here is "no reason to change the password". */
function noNoteText(f: Finding): void {
  assert.doesNotMatch(f.title, /no sign of someone else with the password/);
  assert.doesNotMatch(f.fix ?? '', /Nothing here is a reason to change the password|no login followed password guessing|Do not block them/);
  assert.doesNotMatch(f.why ?? '', /no login followed password guessing/);
}

/** The queue-cleanup finding takes the account's queued spam (10 messages still deferred at the end). */
function cleanupOf(r: Report): Finding {
  const q = r.findings.find((f) => f.rule === 'queue-cleanup');
  assert.ok(q !== undefined, 'a queue-cleanup finding');
  assert.match(q.title, /from info@example\.jp/);
  return q;
}

// H1: no failed login anywhere; 40 IPs of 40 networks send within minutes of each other, 85% delivered.
test('H1 a phished password used by 40 IPs of 40 networks in the same hour: high, its IPs listed, the queue cleaned', async () => {
  const log = new DayLog();
  officeDay(log);
  spamRun(log, BOTS);
  const r = await run(log);
  const f = infoFinding(r);
  assert.equal(f.severity, 'high');
  assert.match(f.title, /^The SASL account info@example\.jp shows the signs of a stolen password: 40 IPs logged in as it and sent 120 messages to 1,200 recipients; 120 external domains in all/);
  assert.equal(f.evidence.notDeliveredSinceGuessedPercent, 15);
  assert.equal(f.evidence.concurrentIps, 40);
  assert.equal(f.evidence.concurrentNetworks, 40);
  assert.deepEqual(f.lists?.['compromised-ips.txt'], [...BOTS].sort());
  noNoteText(f);
  cleanupOf(r);
});

// The contrasts that stay notes: the same IPs taking turns one at a time (a phone's addresses each in its own hour),
// and the 40 IPs of one /8 sending together (a carrier's NAT pool, not a botnet spread over the world).
test('H1 contrast: IPs one per hour, or all in one /8, stay the low note', async () => {
  for (const shape of ['turns', 'one-network'] as const) {
    const log = new DayLog();
    officeDay(log);
    if (shape === 'turns') {
      // 8 IPs of 8 networks, each alone in its own hour, 10 recipients in as many domains a message.
      for (const [i, ip] of BOTS.slice(0, 8).entries()) {
        for (let m = 0; m < 2; m++) {
          const rcpts = Array.from({ length: 10 }, (_, j) => `c${i}${m}${j}@corp${i * 20 + m * 10 + j}.co.jp`);
          log.userMail(9 * 3600 + i * 3600 + m * 600, ip, 'info@example.jp', 'info@example.jp', rcpts);
        }
      }
    } else {
      spamRun(log, BOTS.map((_, i) => `126.${200 + (i % 50)}.${i * 5}.${10 + i}`));
    }
    const f = infoFinding(await run(log));
    assert.equal(f.severity, 'low', `${shape}: ${f.title}`);
    assert.equal(f.lists, undefined);
    assert.match(f.title, /no sign of someone else with the password/);
  }
});

// H2: the same bots first open the mailbox once each, 11:00-11:40 (a credential checker): not the owner's clients.
test('H2 40 IPs that each opened the mailbox once before sending are not the owner\'s: high, the office still is', async () => {
  const log = new DayLog();
  officeDay(log);
  for (const [i, ip] of BOTS.entries()) log.imapLogin(11 * 3600 + i * 60, 'info@example.jp', ip);
  spamRun(log, BOTS);
  const r = await run(log);
  const f = infoFinding(r);
  assert.equal(f.severity, 'high');
  assert.equal(f.evidence.ipsSinceGuessed, 40);
  assert.equal(f.evidence.ownerIps, 1);
  assert.equal(f.evidence.firstOwnerIps, OFFICE);
  assert.equal(f.lists?.['compromised-ips.txt']?.length, 40);
  noNoteText(f);
  cleanupOf(r);
});

// H1, guessed over IMAP: mailbox-breach reports 185.220.101.33 (200 failures as info@, then its login at 03:41); the
// spam comes from other IPs. One guess, critical; the office, which reads info@'s mail from 07:00, is no intruder.
test('H1 a password guessed over IMAP (mailbox-breach) and then used by a botnet: critical, dated by the IMAP login', async () => {
  const log = new DayLog();
  officeDay(log);
  for (let a = 0; a < 200; a++) log.imapFailure(3 * 3600 + a * 12, '185.220.101.33', 'info@example.jp');
  log.imapLogin(3 * 3600 + 200 * 12 + 60, 'info@example.jp', '185.220.101.33');
  spamRun(log, BOTS);
  const r = await run(log);
  assert.ok(r.findings.some((x) => x.rule === 'mailbox-breach' && x.subject.value === 'info@example.jp'));
  const f = infoFinding(r);
  assert.equal(f.severity, 'critical');
  assert.match(f.title, /^The SASL account info@example\.jp was guessed around 2026-11-10 03:41 \(successful login from 185\.220\.101\.33\) after 200 failed logins for that name \(SMTP AUTH, IMAP and POP3\); since then 40 IPs/);
  assert.match(f.title, /the mailbox was opened from 1 new IP since then \(IMAP from 185\.220\.101\.33 at 2026-11-10 03:41\)/);
  assert.equal(f.lists?.['compromised-ips.txt']?.length, 41);
  assert.ok(!f.lists!['compromised-ips.txt']!.includes(OFFICE));
  noNoteText(f);

  // The guesser gets in only at 15:00, two hours into the spam: still guessed, and the bots that sent before it do
  // not become the owner's.
  const late = new DayLog();
  officeDay(late);
  for (let a = 0; a < 200; a++) late.imapFailure(14 * 3600 + a * 12, '185.220.101.33', 'info@example.jp');
  late.imapLogin(14 * 3600 + 200 * 12 + 60, 'info@example.jp', '185.220.101.33');
  spamRun(late, BOTS);
  const lf = infoFinding(await run(late));
  assert.equal(lf.severity, 'critical');
  assert.equal(lf.evidence.ipsSinceGuessed, 40);
  assert.equal(lf.evidence.ownerIps, 1);
  noNoteText(lf);
});

// H1 on Postfix 3.6 (Ubuntu 22.04): 25 IPs fail 16 times each with lines that name no user; 188.5.165.97 then logs
// in and quits without sending. Later the botnet sends as info@ (and, second case, the guesser too).
test('H1 failures that name no user (Postfix < 3.7.8), then a login: the guess of the spam-shaped account, critical', async () => {
  for (const guesserSends of [false, true]) {
    const log = new DayLog();
    officeDay(log);
    const guessers = Array.from({ length: 25 }, (_, i) => `${188 - (i % 3)}.${5 + i}.165.${97 + i}`);
    for (let k = 0; k < 400; k++) log.smtpFailureNoName(2 * 3600 + k * 11, guessers[k % 25]!);
    log.smtpLoginNoMail(2 * 3600 + 400 * 11 + 20, '188.5.165.97');
    spamRun(log, guesserSends ? [...BOTS, '188.5.165.97'] : BOTS);
    const r = await run(log);
    const f = infoFinding(r);
    assert.equal(f.severity, 'critical', f.title);
    assert.match(f.title, /^The SASL account info@example\.jp was most likely guessed around 2026-11-10 03:13: 188\.5\.165\.97 logged in then after 16 failed logins whose user name the log does not give \(Postfix before 3\.7\.8\); since then /);
    assert.equal(f.evidence.ipsSinceGuessed, guesserSends ? 41 : 40);
    // Those 16 failures named no user: the guessing IP's, not "for this name".
    assert.deepEqual([f.evidence.failedLoginsOfGuessingIp, f.evidence.failedLoginsForThisName], [16, undefined]);
    noNoteText(f);
    cleanupOf(r);
  }
  const ja = new DayLog();
  officeDay(ja);
  for (let k = 0; k < 400; k++) ja.smtpFailureNoName(2 * 3600 + k * 11, `188.${5 + (k % 25)}.165.${97 + (k % 25)}`);
  ja.smtpLoginNoMail(2 * 3600 + 400 * 11 + 20, '188.5.165.97');
  spamRun(ja, BOTS);
  const jf = infoFinding(await run(ja, 'ja'));
  assert.match(jf.title, /^SASL アカウント info@example\.jp は 2026-11-10 03:13 頃にパスワードを推測された可能性が高いです。その時刻に 188\.5\.165\.97 が 16 回のログイン失敗/);
});

// The same unnamed guess, but the account's mail is no botnet's (8 IPs of one /8 taking turns, all delivered): still
// the low note, which the log cannot make more of, but it names the login and never says "no password guessing".
test('H1 a note after a login whose failures name no user says so, and not "no login followed password guessing"', async () => {
  for (const lang of ['en', 'ja'] as const) {
    const log = new DayLog();
    officeDay(log);
    for (let k = 0; k < 400; k++) log.smtpFailureNoName(2 * 3600 + k * 11, `188.${5 + (k % 25)}.165.${97 + (k % 25)}`);
    log.smtpLoginNoMail(2 * 3600 + 400 * 11 + 20, '188.5.165.97');
    for (let i = 0; i < 8; i++) {
      const rcpts = Array.from({ length: 10 }, (_, j) => `c${i}${j}@corp${i * 10 + j}.co.jp`);
      log.userMail(9 * 3600 + i * 3600, `126.${200 + i}.3.${10 + i}`, 'info@example.jp', 'info@example.jp', rcpts);
    }
    const f = infoFinding(await run(log, lang === 'ja' ? 'ja' : undefined));
    assert.equal(f.severity, 'low');
    assert.equal(f.lists, undefined);
    assert.equal(f.evidence.unnamedGuessLoginIp, '188.5.165.97');
    if (lang === 'en') {
      assert.match(f.title, /; before that, 188\.5\.165\.97 logged in at 2026-11-10 03:13 after 16 failed logins whose user name the log does not give \(Postfix before 3\.7\.8\): it may have been this account; /);
      assert.match(f.why!, /^A password guesser logged in under a user name the log does not give/);
      assert.match(f.fix!, /^188\.5\.165\.97 logged in at 2026-11-10 03:13 after 16 failed logins/);
      noNoteText(f);
    } else {
      assert.match(f.title, /その前の 2026-11-10 03:13 に、188\.5\.165\.97 が 16 回のログイン失敗/);
      assert.doesNotMatch(f.title + f.fix! + f.why!, /パスワード推測なし|推測の後のログイン(?:はなく|なし)|ブロックしないでください/);
    }
  }
});

// ------------------------------------------------------------------------------------ review 14: what stays quiet

/** Six staff send customer quotes as the shared info@ from their homes (six ISPs), one recipient each, all day. */
const HOMES = ['126.33.71.20', '153.142.9.77', '219.104.55.3', '60.71.200.14', '114.160.3.88', '49.98.17.201'];
function sharedInfo(log: DayLog): void {
  for (const [s, ip] of HOMES.entries()) {
    for (let m = 0; m < 14; m++) {
      log.userMail(9 * 3600 + s * 170 + m * 1500, ip, 'info@example.jp', 'info@example.jp', [`buyer${s}${m}@cust${(s * 14 + m) % 55}.co.jp`]);
    }
  }
}

test('review 14 F1: a shared info@ used by six staff from home, one recipient a message, is the low note, not a botnet', async () => {
  const log = new DayLog();
  officeDay(log);
  sharedInfo(log);
  const f = infoFinding(await run(log));
  assert.equal(f.severity, 'low', f.title);
  assert.equal(f.lists, undefined, 'no compromised-ips.txt of home addresses');
});

test('review 14 F2: a phone retrying an old password (12 failures naming no user, 150 s apart), then its login, is no guess of info@', async () => {
  const log = new DayLog();
  officeDay(log);
  sharedInfo(log);
  for (let k = 0; k < 12; k++) log.smtpFailureNoName(7 * 3600 + k * 150, '126.241.88.19');
  log.smtpLoginNoMail(7 * 3600 + 35 * 60, '126.241.88.19');
  const f = infoFinding(await run(log));
  assert.equal(f.severity, 'low', f.title);
  assert.doesNotMatch(f.title, /most likely guessed|it may have been this account/);
});

test('review 14 F3: a home PC with the old password opens the mailbox, the owner then mails from the shared office IP: mailbox-breach alone', async () => {
  const log = new DayLog();
  officeDay(log);
  for (let k = 0; k < 12; k++) log.imapFailure(6.5 * 3600 + k * 150, '118.9.60.77', 'sato@example.jp');
  log.imapLogin(7 * 3600 + 300, 'sato@example.jp', '118.9.60.77');
  // sato writes to 66 customer domains from the office that every user sends from.
  for (let i = 0; i < 66; i++) log.userMail(9 * 3600 + i * 300, OFFICE, 'sato@example.jp', 'sato@example.jp', [`q${i}@cust${i}.co.jp`]);
  const r = await run(log);
  assert.deepEqual(r.findings.filter((f) => f.rule === 'compromised-account').map((f) => `${f.severity} ${f.title}`), []);
  assert.deepEqual(r.findings.filter((f) => f.rule === 'mailbox-breach').map((f) => [f.severity, f.subject.value]), [['critical', 'sato@example.jp']]);
});

// ------------------------------------------------------------------------------- review 16, E4: a provider's pool

/**
 * A CRM sends invoices as billing@example.jp from its cloud pool of 30 IPs all afternoon (13:00-14:40, several IPs
 * each hour), one recipient in as many outside domains each, all delivered. `name` gives each IP's verified name.
 */
function invoiceRun(log: DayLog, ips: readonly string[], name: (ip: string) => string): void {
  for (let i = 0; i < 300; i++) {
    const ip = ips[(i * 7) % ips.length]!;
    const rc = `keiri${i}@shop${i % 250}.co.jp`;
    const q = log.submit(13 * 3600 + i * 20, ip, 'billing@example.jp', 'billing@example.jp', [rc], 'postfix/submission/smtpd', name(ip));
    log.sent(13 * 3600 + i * 20 + 1, q, rc);
    log.removed(13 * 3600 + i * 20 + 2, q);
  }
}

function billingFinding(r: Report): Finding {
  const fs = r.findings.filter((f) => f.rule === 'compromised-account' && f.subject.value === 'billing@example.jp');
  assert.equal(fs.length, 1, r.findings.map((f) => `${f.severity} ${f.rule} ${f.title}`).join('\n'));
  return fs[0]!;
}

/** 30 AWS addresses in 30 /16 networks of 15 /8s (3.112.x.y, 13.230.x.y, 18.176.x.y …). */
const AWS = Array.from({ length: 30 }, (_, i) => `${[3, 13, 18, 35, 43, 52, 54, 57, 99, 100, 107, 108, 174, 175, 176][i % 15]}.${100 + i}.${(i * 13) % 256}.${10 + i}`);
const ec2Name = (ip: string): string => `ec2-${ip.replace(/\./g, '-')}.ap-northeast-1.compute.amazonaws.com`;

test('review 16 E4: a CRM sending as billing@ from its provider\'s pool of 30 IPs is the low note that names the pool, not a botnet', async () => {
  // Its names say so (30 /16s: the networks alone do not), or its 30 named IPs crowd into 5 /16 networks.
  const clustered = AWS.map((_, i) => `${['3.112', '13.230', '18.179', '52.68', '54.150'][i % 5]}.${10 + i}.${20 + i}`);
  for (const [shape, ips, name, pool] of [
    ['named', AWS, ec2Name, /its 30 IPs resolve under amazonaws\.com, as one provider's pool does \(most likely a sending service/],
    // Two clouds' names (neither 80% of them) in 5 /16s: the networks say it.
    ['clustered', clustered, (ip: string) => (Number(ip.split('.')[2]) % 2 === 0 ? ec2Name(ip) : `${ip.split('.').reverse().join('.')}.bc.googleusercontent.com`),
      /its 30 IPs sit in 5 \/16 networks, as one provider's pool does/],
  ] as const) {
    const log = new DayLog();
    officeDay(log);
    invoiceRun(log, ips, name);
    const r = await run(log);
    const f = billingFinding(r);
    assert.equal(f.severity, 'low', `${shape}: ${f.title}`);
    assert.match(f.title, pool, shape);
    assert.equal(f.lists, undefined, `${shape}: no compromised-ips.txt of the service's addresses`);
    assert.match(f.fix ?? '', /^Ask the owner which service sends as billing@example\.jp: .*Do not block them: the provider's addresses send for its other customers too\./m, shape);
    assert.ok(!r.findings.some((x) => x.severity === 'high' || x.severity === 'critical'), `${shape}: ${r.findings.map((x) => x.title).join('\n')}`);
  }
  const log = new DayLog();
  officeDay(log);
  invoiceRun(log, AWS, ec2Name);
  const ja = billingFinding(await run(log, 'ja'));
  assert.match(ja.title, /IP アドレス 30 件すべてが amazonaws\.com の名前を持ちます。一つの事業者のアドレスのプールの形で/);
  assert.match(ja.fix ?? '', /billing@example\.jp として送信しているサービスが何か、本人に確認してください。/);
});

test('review 16 E4 contrast: the same mail from 30 home connections of one ISP, from 30 networks unnamed, or from 30 unnamed IPs in 5 /16s, is still a botnet\'s', async () => {
  const dense = AWS.map((_, i) => `${['61.112', '103.10', '177.20', '186.30', '201.40'][i % 5]}.${10 + i}.${20 + i}`);
  for (const [shape, ips, name] of [
    ['dynamic names', AWS, (ip: string) => `p${ip.replace(/\./g, '')}.dip0.t-ipconnect.de`],
    ['unnamed', AWS, () => 'unknown'],
    ['unnamed, 5 /16s (one ISP\'s routers: review 17, L1)', dense, () => 'unknown'],
  ] as const) {
    const log = new DayLog();
    officeDay(log);
    invoiceRun(log, ips, name);
    const f = billingFinding(await run(log));
    assert.equal(f.severity, 'high', `${shape}: ${f.title}`);
    assert.match(f.title, /shows the signs of a stolen password: 30 IPs logged in as it and sent 300 messages/, shape);
    assert.equal(f.lists?.['compromised-ips.txt']?.length, 30, shape);
  }
});

test('registeredDomain: the domain a reverse name is registered under', async () => {
  const { registeredDomain } = await import('../src/detect/provider-pool.js');
  assert.equal(registeredDomain('ec2-3-112-10-20.ap-northeast-1.compute.amazonaws.com'), 'amazonaws.com');
  assert.equal(registeredDomain('9.80.198.104.bc.googleusercontent.com.'), 'googleusercontent.com');
  assert.equal(registeredDomain('smtp.isp.co.jp'), 'isp.co.jp');
  assert.equal(registeredDomain('123-45-67-89.dynamic.163data.com.cn'), '163data.com.cn');
  assert.equal(registeredDomain('mail.example.de'), 'example.de');
  assert.equal(registeredDomain('localhost'), null);
  assert.equal(registeredDomain('10.0.0.1'), null);
});

test('review 17 L1: a spammer\'s messages (5 outside recipients each) from 30 rented servers of one cloud are a botnet\'s, pool or not', async () => {
  const log = new DayLog();
  officeDay(log);
  for (let i = 0; i < 120; i++) {
    const ip = AWS[(i * 7) % AWS.length]!;
    const rcpts = Array.from({ length: 5 }, (_, k) => `t${i}${k}@shop${(i * 5 + k) % 250}.co.jp`);
    const q = log.submit(13 * 3600 + i * 40, ip, 'billing@example.jp', 'billing@example.jp', rcpts, 'postfix/submission/smtpd', ec2Name(ip));
    for (const r of rcpts) log.sent(13 * 3600 + i * 40 + 1, q, r);
    log.removed(13 * 3600 + i * 40 + 2, q);
  }
  const f = billingFinding(await run(log));
  assert.equal(f.severity, 'high', f.title);
  assert.doesNotMatch(f.title, /provider's pool/);
});
