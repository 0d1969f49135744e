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
