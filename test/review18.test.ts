// Review 18 (sixteenth session): a traveller's account under the everyday wide attack on published addresses
// (review 17's travel case, /tmp/s15/revI/inputs/travel.mjs with brute.mjs's background), in generated logs
// (test/day-log.ts, the corpus's line shapes).

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { reportOfLog } from './helpers.js';
import { DayLog } from './day-log.js';
import type { Report } from '../src/report/model.js';

const DIR = mkdtempSync(join(tmpdir(), 'mlf-review18-'));
test.after(() => rmSync(DIR, { recursive: true, force: true }));

const run = (name: string, log: DayLog): Promise<Report> => reportOfLog(DIR, name, log);
const titles = (r: Report): string => r.findings.map((f) => `${f.severity} ${f.rule}: ${f.title}`).join('\n');

/**
 * A day with bots guessing the published sato@ among other names from 05:00 on (60 failures from 15 IPs), mail
 * delivered here for example.jp, and sato@ on a trip: from 08:00 she works from 12 hotel, café and carrier
 * addresses, each opening the mailbox and then sending one or two messages to customers. `hotelTypo`: her laptop
 * read the mail from the hotel at 07:00, mistyped once at 07:40, then logged in and sent from there.
 * `spam`: instead, the 12 addresses each send to 5 outside recipients at once in one hour (a botnet's shape).
 */
function trip(opts: { hotelTypo: boolean; spam?: boolean }): DayLog {
  const log = new DayLog();
  for (let i = 0; i < 8; i++) log.inbound(6 * 3600 + i * 900, `kato@partner${i}.co.jp`, `${['tanaka', 'sato'][i % 2]}@example.jp`);
  for (let i = 0; i < 60; i++) {
    log.authFailure(5 * 3600 + i * 300, `45.${80 + (i % 15)}.${i % 7}.${10 + (i % 15)}`, ['sato@example.jp', 'admin@example.jp', 'info@example.jp', 'test'][i % 4]!);
  }
  const hotel = '116.88.50.134';
  if (opts.hotelTypo) {
    log.imapLogin(7 * 3600, 'sato@example.jp', hotel);
    log.imapFailure(7 * 3600 + 40 * 60, hotel, 'sato@example.jp');
    log.imapLogin(7 * 3600 + 41 * 60, 'sato@example.jp', hotel);
    log.userMail(7 * 3600 + 45 * 60, hotel, 'sato@example.jp', 'sato@example.jp', ['buyer@client0.co.jp']);
  }
  const places = Array.from({ length: 12 }, (_, i) => `${[202, 101, 111, 220, 49, 171, 68, 98, 166, 172, 174, 1][i]}.${40 + i}.${60 + i}.${80 + i}`);
  for (const [i, ip] of places.entries()) {
    const t = opts.spam ? 14 * 3600 + i * 120 : 8 * 3600 + i * 3600;
    log.imapLogin(t, 'sato@example.jp', ip);
    const rcpts = opts.spam ? Array.from({ length: 5 }, (_, k) => `x${i * 5 + k}@victim${i * 5 + k}.com`) : [`buyer${i}@client${i}.co.jp`];
    log.userMail(t + 60, ip, 'sato@example.jp', 'sato@example.jp', rcpts);
  }
  return log;
}

test('review 18: a traveller\'s mail under a wide attack on her name, no guess seen, is a note, not a stolen password', async () => {
  for (const hotelTypo of [false, true]) {
    const r = await run(`trip-${hotelTypo}.log`, trip({ hotelTypo }));
    const f = r.findings.filter((x) => x.rule === 'compromised-account');
    assert.equal(f.length, 1, titles(r));
    assert.equal(f[0]!.severity, 'low', titles(r));
    assert.doesNotMatch(f[0]!.title, /was guessed/, titles(r));
    assert.deepEqual(r.findings.filter((x) => x.severity === 'critical'), [], titles(r));
    assert.ok(!r.findings.some((x) => x.rule === 'mailbox-breach'), titles(r));
  }
});

test('review 18: the same attack before spam-shaped mail from a dozen networks still dates a guess', async () => {
  const r = await run('trip-spam.log', trip({ hotelTypo: false, spam: true }));
  const f = r.findings.find((x) => x.rule === 'compromised-account');
  assert.equal(f?.severity, 'critical', titles(r));
  assert.match(f!.title, /was guessed/, titles(r));
});

// The I4 phone (review 17) at the end of a log: the typo at 15:20 on a new address of her carrier's network, then
// three 15-minute polls, and the log ends. An hour of polling cannot be in it; two more hours of log would show it.
test('review 18: a typo then polling up to the log\'s end is the phone\'s, not a breach; with the log going on it must poll an hour', async () => {
  const attacked = (logGoesOn: boolean): DayLog => {
    const log = new DayLog();
    for (let i = 0; i < 8; i++) log.inbound(8 * 3600 + i * 900, `kato@partner${i}.co.jp`, `${['tanaka', 'sato'][i % 2]}@example.jp`);
    for (let i = 0; i < 60; i++) {
      log.authFailure(6 * 3600 + i * 600, `45.${80 + (i % 15)}.${i % 7}.${10 + (i % 15)}`, ['sato@example.jp', 'admin@example.jp', 'info@example.jp', 'test'][i % 4]!);
    }
    for (let h = 0; h < 4; h++) log.imapLogin(8 * 3600 + h * 900, 'sato@example.jp', '126.205.17.40');
    log.imapFailure(15 * 3600 + 20 * 60, '126.33.98.17', 'sato@example.jp');
    for (let k = 0; k < 3; k++) log.imapLogin(15 * 3600 + 21 * 60 + k * 900, 'sato@example.jp', '126.33.98.17');
    if (logGoesOn) log.inbound(18 * 3600, 'kato@partner9.co.jp', 'tanaka@example.jp');
    return log;
  };
  const atEnd = await run('typo-at-log-end.log', attacked(false));
  assert.ok(!atEnd.findings.some((f) => f.rule === 'mailbox-breach'), titles(atEnd));
  assert.deepEqual(atEnd.findings.filter((f) => f.severity === 'critical'), [], titles(atEnd));
  const goesOn = await run('typo-then-quiet.log', attacked(true));
  const breach = goesOn.findings.find((f) => f.rule === 'mailbox-breach');
  assert.equal(breach?.severity, 'critical', titles(goesOn));
  assert.deepEqual(breach?.lists?.['compromised-ips.txt'], ['126.33.98.17']);
});

// ---- Review M (sixteenth session): an adversarial review of the four heuristics above and of the day's other two
// (open-relay's refused-as-spam sign, compromised-account's `filtered` verdict); /tmp/revM/inputs/*.mjs.

/** The everyday wide attack from 05:00, which goes for sato@ and sales@ among other names; mail delivered here. */
function attackedDay(): DayLog {
  const log = new DayLog();
  for (let i = 0; i < 8; i++) log.inbound(6 * 3600 + i * 900, `kato@partner${i}.co.jp`, `${['tanaka', 'sato'][i % 2]}@example.jp`);
  for (let i = 0; i < 60; i++) {
    log.authFailure(5 * 3600 + i * 300, `45.${80 + (i % 15)}.${i % 7}.${10 + (i % 15)}`, ['sato@example.jp', 'sales@example.jp', 'info@example.jp', 'test'][i % 4]!);
  }
  return log;
}


// M H1: email fraud ("our bank details changed") from a rotating residential proxy, 12 addresses in 12 /8s, 60 mails
// to customers, one each, all delivered, while the owner writes from the office: a stolen password, whatever got
// through. Six staff sharing sales@ from their homes all day are not (six addresses, each theirs).
test('review 18 M: email fraud from a dozen networks in one afternoon dates a guess; six staff sharing an account do not', async () => {
  const bec = attackedDay();
  log12(bec);
  const r = await run('bec.log', bec);
  const f = r.findings.find((x) => x.rule === 'compromised-account');
  assert.equal(f?.severity, 'critical', titles(r));
  assert.match(f!.title, /sato@example\.jp was guessed around/);
  const team = attackedDay();
  const homes = ['114.150.22.8', '126.33.12.90', '153.204.77.61', '219.100.37.55', '49.98.130.14', '60.120.4.77'];
  for (let k = 0; k < 20; k++) {
    for (const [i, ip] of homes.entries()) team.userMail(9 * 3600 + k * 1500 + i * 60, ip, 'sales@example.jp', 'sales@example.jp', [`buyer${k}x${i}@client${k * 6 + i}.co.jp`]);
  }
  const t = await run('team.log', team);
  const g = t.findings.find((x) => x.rule === 'compromised-account');
  assert.equal(g?.severity, 'low', titles(t));
  assert.deepEqual(t.findings.filter((x) => x.severity === 'critical'), [], titles(t));

  function log12(log: DayLog): void {
    log.userMail(10 * 3600, '203.0.113.10', 'sato@example.jp', 'sato@example.jp', ['tanaka@partner0.co.jp']);
    for (let i = 0; i < 60; i++) {
      const ip = `${[24, 31, 37, 46, 62, 73, 81, 88, 93, 176, 188, 201][i % 12]}.${30 + (i % 12)}.${7 * (i % 12)}.${2 + (i % 12)}`;
      log.userMail(14 * 3600 + i * 150, ip, 'sato@example.jp', 'sato@example.jp', [`accounts${i}@customer${i}.com`]);
    }
  }
});

// M H2: a bot on a residential proxy in the user's own ISP /8 fails twice, then logs in 4 times 2 minutes apart, and
// the log is copied 18 minutes later: a download, not a phone's polling cut short by the log's end.
test('review 18 M: a mailbox downloaded minutes before the log ends is a breach; polling must keep its pace up to the end', async () => {
  const log = attackedDay();
  for (let h = 0; h < 4; h++) log.imapLogin(8 * 3600 + h * 900, 'sato@example.jp', '126.205.17.40');
  log.imapFailure(14 * 3600 + 40 * 60, '126.61.8.203', 'sato@example.jp');
  log.imapFailure(14 * 3600 + 40 * 60 + 20, '126.61.8.203', 'sato@example.jp');
  for (let k = 0; k < 4; k++) log.imapLogin(14 * 3600 + 41 * 60 + k * 120, 'sato@example.jp', '126.61.8.203');
  log.inbound(15 * 3600 + 5 * 60, 'kato@partner9.co.jp', 'tanaka@example.jp');
  const r = await run('harvest.log', log);
  const breach = r.findings.find((x) => x.rule === 'mailbox-breach');
  assert.equal(breach?.severity, 'critical', titles(r));
  assert.deepEqual(breach?.lists?.['compromised-ips.txt'], ['126.61.8.203']);
});

// M M2: an IP that got in with one leaked password (tanaka@, IMAP, no failure), then sprayed five names and got
// sato@'s: its earlier login does not make it sato@'s client.
test('review 18 M: a sprayer that first logged in with another stolen password still dates the guess', async () => {
  const log = attackedDay();
  const ip = '185.220.101.45';
  log.imapLogin(10 * 3600, 'tanaka@example.jp', ip);
  for (let i = 0; i < 40; i++) log.authFailure(10 * 3600 + 60 + i * 50, ip, ['info@example.jp', 'admin@example.jp', 'sato@example.jp', 'sales@example.jp', 'webmaster@example.jp'][i % 5]!);
  for (let i = 0; i < 27; i++) {
    const from = i < 3 ? ip : `${[24, 31, 37, 46, 62, 73, 81, 88][i % 8]}.${40 + (i % 8)}.${i}.${9 + (i % 8)}`;
    log.userMail(10 * 3600 + 36 * 60 + i * 400, from, 'sato@example.jp', 'sato@example.jp', [`ap${i}@customer${i}.com`]);
  }
  const r = await run('sprayer.log', log);
  const f = r.findings.find((x) => x.rule === 'compromised-account');
  assert.equal(f?.severity, 'critical', titles(r));
  assert.match(f!.title, new RegExp(`guessed around .*successful login from ${ip.replace(/\./g, '\\.')}`), titles(r));
});

// M H3: rspamd refusing a CRM's campaign mails from its 6 egress IPs of one /16, and a user forwarding an infected
// invoice from 5 devices, are no stolen password: one client's addresses, and a virus scanner's verdict.
test('review 18 M: the filter refusing a CRM\'s campaign from one network, or an infected file, is no compromise', async () => {
  const crm = attackedDay();
  for (let i = 0; i < 60; i++) {
    const ip = `160.16.${58 + (i % 6)}.${20 + (i % 6)}`;
    if (i % 10 < 3) crm.refusedSubmission(9 * 3600 + i * 300, ip, 'sales@example.jp', `lead${i}@prospect${i}.com`, '5.7.1 Spam message rejected');
    else crm.userMail(9 * 3600 + i * 300, ip, 'sales@example.jp', 'sales@example.jp', [`lead${i}@prospect${i}.com`]);
  }
  const r = await run('crm-filtered.log', crm);
  assert.ok(!r.findings.some((x) => x.rule === 'compromised-account' && x.severity !== 'low'), titles(r));
  const sales = r.bySaslUser.find((u) => u.key === 'sales@example.jp');
  assert.equal(sales?.refusedMessages, 18, 'the refusals are still counted for the login');

  const virus = attackedDay();
  const devices = ['126.33.1.5', '49.98.3.7', '114.150.9.9', '203.0.113.77', '153.204.5.5'];
  for (const [i, ip] of devices.entries()) virus.refusedSubmission(11 * 3600 + i * 600, ip, 'tanaka@example.jp', 'ap@supplier.co.jp', '5.7.1 ClamAV FOUND VIRUS Win.Trojan.Emotet-9953271-0');
  for (let i = 0; i < 4; i++) virus.userMail(13 * 3600 + i * 600, devices[i]!, 'tanaka@example.jp', 'tanaka@example.jp', [`c${i}@client${i}.co.jp`]);
  const v = await run('virus.log', virus);
  assert.ok(!v.findings.some((x) => x.rule === 'compromised-account'), titles(v));
  assert.equal(v.bySaslUser.find((u) => u.key === 'tanaka@example.jp')?.refusedMessages ?? 0, 0, 'a virus verdict is not a refused submission');
});

// Review K2 (a code review of the day's diff): review 17 F2's IMAP guess under the everyday attack on the name. The
// owner sends at 08:16, 91.92.109.50 fails 12 times over IMAP as info@ and logs in at 10:05, then 3 addresses send a
// few clean messages as info@. The mailbox guess dates the compromise whatever the attack: it was a low note, "no
// login after password guessing", beside mailbox-breach's critical finding for the same login.
test('review 18 K2: a mailbox guesser dates the guess under the everyday attack on the name too', async () => {
  const log = attackedDay();
  log.userMail(8 * 3600 + 16 * 60, '198.51.100.41', 'info@example.jp', 'info@example.jp', ['kato@partner1.co.jp']);
  for (let i = 0; i < 12; i++) log.imapFailure(10 * 3600 + i * 20, '91.92.109.50', 'info@example.jp');
  log.imapLogin(10 * 3600 + 5 * 60, 'info@example.jp', '91.92.109.50');
  for (let i = 0; i < 60; i++) {
    const ip = ['62.4.14.7', '81.17.19.2', '146.70.33.9'][i % 3]!;
    log.userMail(12 * 3600 + i * 120, ip, 'info@example.jp', 'info@example.jp', [`ap${i}@customer${i}.com`]);
  }
  const r = await run('imap-guess-attacked.log', log);
  assert.equal(r.findings.find((x) => x.rule === 'mailbox-breach')?.severity, 'critical', titles(r));
  const f = r.findings.find((x) => x.rule === 'compromised-account');
  assert.equal(f?.severity, 'critical', titles(r));
  assert.match(f!.title, /was guessed around 2026-11-10 10:05 \(successful login from 91\.92\.109\.50\)/);
});
