// compromised-account on healthy, busy servers (review 12): what is not a stolen password, and the real compromises
// next to them. Each log is built from the line shapes of the review's generators (/tmp/r12/gen.py), which copy
// the corpus (/work/shared/corpus): submission smtpd "client=…, sasl_username=…", qmgr "from=<…>, size=…, nrcpt=…",
// smtp/lmtp "status=…", Dovecot "imap-login: Login: user=<…>, …, rip=…" and "auth: passwd-file(…): Password mismatch".

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ROOT, report } from './helpers.js';
import type { Report } from '../src/report/model.js';
import type { Finding } from '../src/types.js';
import { compromisedMailOf } from '../src/compare/compare.js';
import { DayLog } from './day-log.js';

const OFFICE = '203.0.113.10';
const BIZ = ['partner.co.jp', 'client-a.co.jp', 'globex-corp.com', 'kensetsu-k.co.jp', 'supplier-b.com', 'kaikei-office.jp'];


/** The office's ordinary day: inbound mail delivered here, users mailing partners from the office, IMAP from it. */
function officeDay(log: DayLog, users: string[], login: (u: string) => string = (u) => `${u}@example.jp`): void {
  for (let i = 0; i < 12; i++) log.inbound(7 * 3600 + i * 600, `kato@${BIZ[i % BIZ.length]}`, `${users[i % users.length]}@example.jp`);
  for (const [k, u] of users.entries()) {
    for (let i = 0; i < 12; i++) log.userMail(8 * 3600 + k * 60 + i * 1500, OFFICE, login(u), `${u}@example.jp`, [`ito@${BIZ[(i + k) % BIZ.length]}`]);
    for (let h = 0; h < 10; h++) log.imapLogin(7 * 3600 + h * 3600 + k * 30, login(u), OFFICE);
  }
}

async function run(log: DayLog, lang?: 'ja'): Promise<Report> {
  const path = join(mkdtempSync(join(tmpdir(), 'mlf-busy-')), 'mail.log');
  writeFileSync(path, log.text());
  return report([path], { year: 2026, ...(lang ? { lang } : {}) });
}

function accountFindings(r: Report): Finding[] {
  return r.findings.filter((f) => f.rule === 'compromised-account');
}

/** No finding above low severity, and no IP list to block. */
function quiet(r: Report): void {
  assert.deepEqual(r.findings.filter((f) => f.severity === 'critical' || f.severity === 'high').map((f) => f.title), []);
  assert.deepEqual(r.findings.filter((f) => f.lists?.['compromised-ips.txt'] !== undefined).map((f) => f.rule), []);
}

// ------------------------------------------------------------------------------------------------ H1: bare logins

// Dovecot on system users (PAM): Postfix logs "sasl_username=tanaka". Our domain is the one delivered here (LMTP),
// not the first recipient domain the log shows (here partner.co.jp, tanaka's 06:30 mail from home). A real
// compromise of the bare login "info" (forged senders from 12 IPs) is still critical, and the sender_login map it
// offers gives each bare login its address.
test('H1 bare SASL logins: a user sending as its own address of the domain delivered here is not forged', async () => {
  const log = new DayLog();
  log.userMail(6 * 3600 + 1800, '198.51.100.23', 'tanaka', 'tanaka@example.jp', ['kobayashi@partner.co.jp']);
  officeDay(log, ['tanaka', 'sato'], (u) => u);
  const quietDay = await run(log);
  assert.deepEqual(accountFindings(quietDay).map((f) => f.title), []);
  quiet(quietDay);

  const forged = ['service@amazon.co.jp', 'card7947@rakuten.co.jp', 'account-update@jcb.co.jp', 'card4493@paypal.com'];
  for (let i = 0; i < 3; i++) log.authFailure(12 * 3600 + i * 2, '198.51.100.66', 'info');
  for (let i = 0; i < 12; i++) log.userMail(12 * 3600 + 10 + i * 3, i === 0 ? '198.51.100.66' : `203.0.113.${100 + i}`, 'info', forged[i % 4]!, [`victim${i}@gmail.com`]);
  const r = await run(log);
  const fs = accountFindings(r);
  assert.deepEqual(fs.map((f) => [f.subject.value, f.severity]), [['info', 'critical']]);
  assert.equal(fs[0]!.evidence.forgedSenderMessages, 12);
  const map = fs[0]!.fix!;
  assert.match(map, /^tanaka@example\.jp +tanaka$/m);
  assert.match(map, /^sato@example\.jp +sato$/m);
  assert.doesNotMatch(map, /^<address> +(tanaka|sato)$/m);
});

// ------------------------------------------------------------------------------------------------ H4: second domain

test('H4 a second company domain this server delivers (example-shop.jp) is ours, not a forged sender', async () => {
  const log = new DayLog();
  officeDay(log, ['tanaka', 'sato']);
  for (let i = 0; i < 3; i++) log.inbound(9 * 3600 + i * 900, `customer${i}@gmail.com`, 'shop@example-shop.jp');
  for (let i = 0; i < 24; i++) {
    const u = i % 2 === 0 ? 'tanaka' : 'sato';
    log.userMail(10 * 3600 + i * 300, OFFICE, `${u}@example.jp`, `${['shop', 'order', u][i % 3]}@example-shop.jp`, [`customer${100 + i}@yahoo.co.jp`]);
  }
  const r = await run(log);
  assert.deepEqual(accountFindings(r).map((f) => f.title), []);
  quiet(r);
});

// ------------------------------------------------------------------------------------------------ H3: a phone

/** suzuki@'s phone: a new carrier address every hour, two ordinary messages and an IMAP sync from each. */
function phoneDay(log: DayLog, failuresFirst: number): void {
  const ips = Array.from({ length: 12 }, (_, i) => `126.${200 + i * 4}.${17 * i + 3}.${31 + i}`);
  for (let i = 0; i < failuresFirst; i++) log.authFailure(7 * 3600 + 120 + i * 5, ips[0]!, 'suzuki@example.jp');
  for (let i = 0; i < 24; i++) {
    const t = 7 * 3600 + 600 + i * 1500;
    const ip = ips[Math.floor(i / 2)]!;
    log.userMail(t, ip, 'suzuki@example.jp', 'suzuki@example.jp', [`kato@${BIZ[i % BIZ.length]}`]);
    log.imapLogin(t + 30, 'suzuki@example.jp', ip);
  }
}

test('H3 a phone on a mobile network, one typo then a login from that IP: a low note, nothing to block', async () => {
  for (const typos of [1, 0]) {
    const log = new DayLog();
    officeDay(log, ['tanaka', 'sato']);
    phoneDay(log, typos);
    const r = await run(log);
    quiet(r);
    const fs = accountFindings(r);
    assert.equal(fs.length, 1, fs.map((f) => f.title).join(' | '));
    const f = fs[0]!;
    assert.equal(f.severity, 'low');
    assert.equal(f.subject.value, 'suzuki@example.jp');
    assert.equal(f.lists, undefined);
    assert.equal(f.evidence.otherIps, 12);
    assert.equal(f.evidence.messagesFromOtherIps, 24);
    assert.equal(f.evidence.recipientsPerMessage, 1);
    assert.equal(f.evidence.notDeliveredFromOtherIpsPercent, 0);
    assert.equal(f.evidence.otherIpsAlsoOpeningTheMailbox, 12);
    assert.equal(f.evidence.forgedSenderMessages, 0);
    assert.equal(f.evidence.failedLoginsForThisName, typos);
    assert.equal(f.evidence.messagesSinceGuessed, undefined, 'no guess, nothing counted as sent since one');
    if (typos === 1) assert.match(f.title, /; the failed login before came from an IP that then logged in as it: a typo, not guessing: no sign of someone else with the password/);
    else assert.doesNotMatch(f.title, /typo/);
    assert.doesNotMatch(f.title, /guessed around|stolen/);
    assert.match(f.fix!, /^Ask the owner whether these IPs are theirs: 126\./m);
    assert.doesNotMatch(f.fix!, /data-protection|compromised-ips\.txt|Lock the account/);
    // Its own "why", not the rule's "Someone else has this account's password".
    assert.match(f.why!, /^Nothing in the log shows another person using this account/);
  }
  const ja = new DayLog();
  officeDay(ja, ['tanaka', 'sato']);
  phoneDay(ja, 1);
  const jf = accountFindings(await run(ja, 'ja'))[0]!;
  assert.match(jf.title, /^SASL アカウント suzuki@example\.jp は、本人のものと分かっていない 12 件の IP アドレスから、宛先 24 件へ 24 通を送信しました/);
  assert.match(jf.title, /推測ではなく入力ミスです/);
  assert.match(jf.fix!, /^次の IP アドレスが本人のものか確認してください: 126\./m);
  assert.match(jf.why!, /^ログには、このアカウントを他人が使ったことを示すものはありません/);
});

// Behind amavis the account's own records hold only hand-offs. Before the copies' deliveries were credited to it
// (review 13 H3), every recipient read as not delivered and the phone was HIGH "not delivered"; then, a low note that
// said the outcomes were in the filter's copies. Now the copies' outcomes are the account's: all delivered.
test('the phone behind amavis: still a low note, its recipients delivered through the filter\'s copies', async () => {
  const log = new DayLog();
  log.amavis = true;
  officeDay(log, ['tanaka', 'sato']);
  phoneDay(log, 0);
  const r = await run(log);
  assert.equal(r.totals.filterHops, 24 + 24, 'every user message went through the filter: the office\'s 24, the phone\'s 24');
  quiet(r);
  const fs = accountFindings(r);
  assert.deepEqual(fs.map((f) => [f.severity, f.subject.value]), [['low', 'suzuki@example.jp']]);
  assert.match(fs[0]!.title, /; 0% of those recipients not delivered\)/);
  assert.doesNotMatch(fs[0]!.title, /content filter's copies/);
  const u = r.bySaslUser.find((row) => row.key === 'suzuki@example.jp')!;
  assert.deepEqual([u.messages, u.recipients, u.sent], [24, 24, 24]);
});

// The same phone, but its first address failed as a guesser does (mailbox-breach.minFailuresOneName: 10 failures
// for the one name, nothing logged in from it before) and then logged in: a guess, critical, its IPs to block.
test('H3 contrast: ten failures from a new IP, then its login and mail from 12 IPs: guessed, critical', async () => {
  const log = new DayLog();
  officeDay(log, ['tanaka', 'sato']);
  phoneDay(log, 10);
  const f = accountFindings(await run(log)).find((x) => x.subject.value === 'suzuki@example.jp')!;
  assert.equal(f.severity, 'critical');
  assert.match(f.title, /was guessed around 2026-11-10 07:10 \(successful login from 126\.200\.3\.31\) after 10 failed logins for that name \(SMTP AUTH, IMAP and POP3\)/);
  assert.equal(f.lists?.['compromised-ips.txt']?.length, 12);
});

// ------------------------------------------------------------------------------------------------ H5a: a newsletter

/** info@'s newsletter at 10:00: 3 BCC batches of 20 customers in 60 domains; 5 greylisted, then sent; `bounce` refused. */
function newsletter(log: DayLog, ip: string, bounce: number): void {
  for (let b = 0; b < 3; b++) {
    const rcpts = Array.from({ length: 20 }, (_, i) => `cust${b * 20 + i}@corp${String(b * 20 + i).padStart(3, '0')}.co.jp`);
    const t = 10 * 3600 + b * 20;
    const q = log.submit(t, ip, 'info@example.jp', 'info@example.jp', rcpts);
    for (const [i, r] of rcpts.entries()) {
      const n = b * 20 + i;
      if (n < bounce) log.bounced(t + 2, q, r);
      else if (n >= 55) { log.greylisted(t + 2, q, r); log.sent(t + 420, q, r); } else log.sent(t + 2, q, r);
    }
    log.removed(t + 421, q);
  }
}

test('H5a the newsletter from the office IP where info@ reads its mail: no finding, no empty compromised-ips.txt', async () => {
  const log = new DayLog();
  officeDay(log, ['tanaka', 'sato', 'info']);
  newsletter(log, OFFICE, 1);
  const r = await run(log);
  assert.deepEqual(accountFindings(r).map((f) => f.title), []);
  quiet(r);
});

// The same mailing from an IP never seen for info@: with few bounces a low note; with half of it bounced, spam-shaped
// mail from an IP not the owner's: high, that IP to block.
test('H5a contrast: the same mailing from a new IP: a note with 1 bounce, high with 30 of 60 bounced', async () => {
  const few = new DayLog();
  officeDay(few, ['tanaka', 'sato', 'info']);
  newsletter(few, '198.51.100.77', 1);
  const note = accountFindings(await run(few));
  assert.deepEqual(note.map((f) => [f.severity, f.evidence.otherIps, f.evidence.recipientsPerMessage, f.evidence.notDeliveredFromOtherIpsPercent]), [['low', 1, 20, 1.7]]);
  assert.equal(note[0]!.lists, undefined);

  const many = new DayLog();
  officeDay(many, ['tanaka', 'sato', 'info']);
  newsletter(many, '198.51.100.77', 30);
  const high = accountFindings(await run(many));
  assert.deepEqual(high.map((f) => [f.severity, f.evidence.ipsSinceGuessed, f.evidence.notDeliveredSinceGuessedPercent]), [['high', 1, 50]]);
  assert.deepEqual(high[0]!.lists?.['compromised-ips.txt'], ['198.51.100.77']);
  assert.equal(high[0]!.evidence.ownerIps, 1, 'the office IP, where info@ read its mail before');
});

// An IP that opened the mailbox before the guess is the owner's: its mail after the guess is not "since the guess",
// and it is not blocked (review 12, H5a: the office IP was counted as both).
test('H5a an owner IP that also sends after the guess: the owner\'s, not in ipsSinceGuessed nor compromised-ips.txt', async () => {
  const fixture = readFileSync(join(ROOT, 'test', 'fixtures', 'rules', 'compromised-account.log'), 'utf8');
  const base = await report([write(fixture)], { year: 2026 });
  const before = accountFindings(base)[0]!;
  const extra = new DayLog();
  extra.imapLogin(9 * 3600, 'info@example.jp', '192.0.2.50');
  extra.userMail(10 * 3600 + 1800, '192.0.2.50', 'info@example.jp', 'info@example.jp', ['ito@partner.co.jp']);
  const lines = extra.text().replace(/^Nov 10 /gm, 'Nov 28 ');
  const merged = [...fixture.split('\n').filter((l) => l !== ''), ...lines.split('\n').filter((l) => l !== '')]
    .sort((a, b) => (a.slice(0, 15) < b.slice(0, 15) ? -1 : a.slice(0, 15) > b.slice(0, 15) ? 1 : 0)).join('\n') + '\n';
  const f = accountFindings(await report([write(merged)], { year: 2026 }))[0]!;
  assert.equal(f.severity, 'critical');
  assert.equal(f.evidence.ipsSinceGuessed, before.evidence.ipsSinceGuessed);
  assert.equal(f.evidence.messagesSinceGuessed, before.evidence.messagesSinceGuessed);
  assert.equal(f.evidence.firstOwnerIps, '192.0.2.50');
  assert.deepEqual(f.lists?.['compromised-ips.txt'], before.lists?.['compromised-ips.txt']);
  assert.ok(!f.lists?.['compromised-ips.txt']?.includes('192.0.2.50'));
});

// Forged spam sent through the webmail on this host (client=localhost[127.0.0.1]): critical, but this server is
// never blocked, and no empty list is written or named.
test('H5a no IP left to block: no compromised-ips.txt and no evidence naming it', async () => {
  const log = new DayLog();
  officeDay(log, ['tanaka', 'sato']);
  const forged = ['service@amazon.co.jp', 'card7947@rakuten.co.jp', 'account-update@jcb.co.jp'];
  for (let i = 0; i < 12; i++) {
    const q = log.submit(13 * 3600 + i * 5, '127.0.0.1', 'info@example.jp', forged[i % 3]!, [`victim${i}@gmail.com`], 'postfix/smtpd', 'localhost');
    log.sent(13 * 3600 + i * 5 + 1, q, `victim${i}@gmail.com`);
    log.removed(13 * 3600 + i * 5 + 2, q);
  }
  const f = accountFindings(await run(log)).find((x) => x.subject.value === 'info@example.jp')!;
  assert.equal(f.severity, 'critical');
  assert.equal(f.evidence.forgedSenderMessages, 12);
  assert.equal(f.lists, undefined);
  assert.equal(f.evidence.ipsSinceGuessedList, undefined);
  assert.doesNotMatch(f.fix!, /compromised-ips\.txt/);
});

function write(text: string): string {
  const path = join(mkdtempSync(join(tmpdir(), 'mlf-busy-')), 'mail.log');
  writeFileSync(path, text);
  return path;
}

// compare leaves a compromised account's mail out of the "legitimate" rows; a low note names no compromised account.
test('H3 compare: the phone\'s note leaves none of suzuki@\'s mail out as a compromised account\'s', async () => {
  const log = new DayLog();
  officeDay(log, ['tanaka', 'sato']);
  phoneDay(log, 1);
  const r = await run(log);
  assert.equal(accountFindings(r)[0]!.severity, 'low');
  assert.deepEqual(compromisedMailOf(r), []);
});
