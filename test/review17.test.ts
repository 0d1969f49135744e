// Review 17 (fifteenth session): false alarms on healthy servers that earlier reviews did not try, in generated logs
// (test/day-log.ts, the corpus's line shapes; the reviewer's generators were /tmp/s15/revI/inputs/*.mjs).

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { reportOfLog } from './helpers.js';
import { DayLog } from './day-log.js';
import type { Report } from '../src/report/model.js';
import { isOurDomain } from '../src/detect/util.js';

const DIR = mkdtempSync(join(tmpdir(), 'mlf-review17-'));
test.after(() => rmSync(DIR, { recursive: true, force: true }));

const run = (name: string, log: DayLog): Promise<Report> => reportOfLog(DIR, name, log);
const titles = (r: Report): string => r.findings.map((f) => `${f.severity} ${f.rule}: ${f.title}`).join('\n');

/** Mail delivered here for example.jp all day: the company's domain, as the report learns it. */
function officeMail(log: DayLog): void {
  for (let i = 0; i < 8; i++) log.inbound(8 * 3600 + i * 900, `kato@partner${i}.co.jp`, `${['tanaka', 'sato'][i % 2]}@example.jp`);
}

// I2: Sympa on its own VM logs in as lists@example.jp and sends its posts with the envelope sender
// announce-owner@lists.example.jp, 5 subscribers a message: a subdomain of ours, not a forged sender.
test('review 17 I2: a list server sending as a subdomain of the company\'s domain forges nothing; another domain still does', async () => {
  for (const [domain, forged] of [['lists.example.jp', false], ['lists.example-jp.net', true]] as const) {
    const log = new DayLog();
    officeMail(log);
    for (let i = 0; i < 24; i++) {
      const rcpts = Array.from({ length: 5 }, (_, k) => `m${i * 5 + k}@sub${(i * 5 + k) % 90}.example.com`);
      log.userMail(9 * 3600 + i * 300, '203.0.113.40', 'lists@example.jp', `announce-owner@${domain}`, rcpts);
    }
    const r = await run(`sympa-${forged}.log`, log);
    const f = r.findings.filter((x) => x.rule === 'compromised-account');
    if (forged) {
      assert.equal(f.length, 1, titles(r));
      assert.equal(f[0]!.severity, 'critical', titles(r));
      assert.equal(f[0]!.evidence.forgedSenderMessages, 24);
    } else {
      assert.ok(f.every((x) => x.severity === 'low'), titles(r));
      assert.ok(!r.findings.some((x) => x.severity === 'critical' || x.severity === 'high'), titles(r));
    }
  }
});

test('isOurDomain: the domain, ours, and their subdomains; never a bare top-level domain', () => {
  const ours = new Set(['example.jp', 'example-shop.jp']);
  assert.equal(isOurDomain('example.jp', 'example.jp', ours), true);
  assert.equal(isOurDomain('lists.example.jp', '', ours), true);
  assert.equal(isOurDomain('a.b.example-shop.jp', '', ours), true);
  assert.equal(isOurDomain('notexample.jp', 'example.jp', ours), false);
  assert.equal(isOurDomain('example.jp.evil.com', 'example.jp', ours), false);
  assert.equal(isOurDomain('evil.jp', 'example.jp', new Set(['jp'])), false, 'a parent of one label is never compared');
  assert.equal(isOurDomain('', 'example.jp', ours), false);
});

// I8: two guessers fail 25 times each as sato@; her laptop on a hotel's Wi-Fi mistypes once, then logs in and she
// works from 11 hotels and cafés: the note's typo is the laptop's 1 failure, not the 51 failures of the name.
test('review 17 I8: a note\'s typo counts the failures of the IP that then logged in, not the guessers\' failures of the name', async () => {
  const log = new DayLog();
  officeMail(log);
  for (let i = 0; i < 50; i++) log.authFailure(6 * 3600 + i * 40, i % 2 === 0 ? '185.220.101.7' : '45.155.205.99', 'sato@example.jp');
  const hotels = Array.from({ length: 11 }, (_, i) => `${[61, 110, 121, 153, 182, 202, 210, 211, 219, 220, 222][i]}.${10 + i}.${20 + i}.${30 + i}`);
  log.imapFailure(9 * 3600, hotels[0]!, 'sato@example.jp');
  log.imapLogin(9 * 3600 + 20, 'sato@example.jp', hotels[0]!);
  for (const [h, ip] of hotels.entries()) {
    for (let m = 0; m < 5; m++) log.userMail(9 * 3600 + 60 + h * 1800 + m * 300, ip, 'sato@example.jp', 'sato@example.jp', [`c${h}${m}@client${h * 5 + m}.co.jp`]);
  }
  const r = await run('typo-among-guessers.log', log);
  const f = r.findings.filter((x) => x.rule === 'compromised-account');
  assert.equal(f.length, 1, titles(r));
  assert.equal(f[0]!.severity, 'low', titles(r));
  assert.equal(f[0]!.evidence.failedLoginsForThisName, 1);
  assert.match(f[0]!.title, /; the failed login before came from an IP that then logged in as it: a typo, not guessing: no sign of someone else with the password \(its own senders, no login after password guessing, most of it delivered\)/);
});

// I9: the mailbox-breach fix said the password-guessing finding's blocklist-ips.txt held the intruders; an IP that
// failed once during a wide attack is in neither that list nor its finding.
test('review 17 I9: the mailbox-breach fix says the blocklist holds the intruders only as far as it does', async () => {
  const { en, ja } = await import('../src/i18n/index.js');
  const fix = (m: typeof en, inBlocklist: number): string => m.advice.mailboxBreach({
    user: 'sato@example.jp', ownerIps: [], ownerIpCount: 0, manageSieve: false, intruders: 2, inBlocklist,
  });
  assert.match(fix(en, 2), /Block the attacking IPs \(`compromised-ips\.txt`, written next to this report; the password-guessing finding's `blocklist-ips\.txt` has them too\), and make/);
  assert.match(fix(en, 1), /written next to this report; the password-guessing finding's `blocklist-ips\.txt` has 1 of the 2\), and make/);
  assert.match(fix(en, 0), /Block the attacking IPs \(`compromised-ips\.txt`, written next to this report\), and make/);
  assert.match(fix(ja, 2), /`compromised-ips\.txt`。パスワード推測攻撃の検出事項の `blocklist-ips\.txt` にも含まれています）。/);
  assert.match(fix(ja, 0), /同じ場所の `compromised-ips\.txt`）。推測を遅くするには/);
  assert.doesNotMatch(en.advice.mailboxBreach(null), /blocklist-ips/);
});
