// Review 16 (fourteenth session): the report against hand-made scenario logs with known answers, in generated logs
// (test/day-log.ts, the corpus's line shapes).
//   1: the owner's own mail, sent from the office after an intruder's IMAP login, was listed in queue-delete.txt,
//      and counted in the compromised-account finding's "still queued".

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { report } from './helpers.js';
import { DayLog } from './day-log.js';
import type { Report } from '../src/report/model.js';

const DIR = mkdtempSync(join(tmpdir(), 'mlf-review16-'));
test.after(() => rmSync(DIR, { recursive: true, force: true }));

async function run(name: string, log: DayLog): Promise<Report> {
  const path = join(DIR, name);
  writeFileSync(path, log.text());
  return report([path], { year: 2026 });
}

const OFFICE = '203.0.113.50';
const GUESSER = '185.220.101.7';
const OWNER = 'info@office-b.jp';

/**
 * The owner reads and sends mail from the office from the morning; a guesser fails 24 times over IMAP and logs in at
 * 14:02; 30 IPs then send 90 messages as the account, 3 recipients each, 1 of 3 messages deferred and left queued;
 * at 16:45 the owner sends again from the office, deferred and queued too. Nothing forged: the account's own address.
 */
function intrudedAfterFirstMail(): { log: DayLog; ownerQueued: string; spamQueued: string[] } {
  const log = new DayLog();
  log.imapLogin(8 * 3600 + 5 * 60, OWNER, OFFICE);
  for (let h = 9; h <= 14; h++) log.userMail(h * 3600 + 20 * 60, OFFICE, OWNER, OWNER, [`partner${h}@client-${h}.example`]);
  for (let i = 0; i < 24; i++) log.imapFailure(13 * 3600 + 50 * 60 + i * 30, GUESSER, OWNER);
  log.imapLogin(14 * 3600 + 2 * 60 + 10, OWNER, GUESSER);
  const spamQueued: string[] = [];
  for (let i = 0; i < 90; i++) {
    const t = 14 * 3600 + 30 * 60 + i * 40;
    const ip = `45.${10 + (i % 30)}.${(i * 7) % 250}.${20 + (i % 30)}`;
    const rcpts = [0, 1, 2].map((k) => `target${i}-${k}@d${(i * 3 + k) % 70}.example.net`);
    const q = log.submit(t, ip, OWNER, OWNER, rcpts);
    if (i % 3 === 0) {
      for (const r of rcpts) log.deferred(t + 1, q, r);
      spamQueued.push(q);
    } else {
      for (const r of rcpts) log.bounced(t + 1, q, r);
      log.removed(t + 1.1, q);
    }
  }
  const ownerQueued = log.submit(16 * 3600 + 45 * 60, OFFICE, OWNER, OWNER, ['yamada@client-9.example']);
  log.deferred(16 * 3600 + 45 * 60 + 1, ownerQueued, 'yamada@client-9.example');
  return { log, ownerQueued, spamQueued };
}

test("1: the owner's office mail after an intruder's login is not in queue-delete.txt nor counted as the account's abuse still queued", async () => {
  const { log, ownerQueued, spamQueued } = intrudedAfterFirstMail();
  const r = await run('intruded.log', log);
  const account = r.findings.find((f) => f.rule === 'compromised-account');
  assert.ok(account !== undefined, 'the account is reported');
  assert.equal(account.evidence.firstOwnerIps, OFFICE);
  assert.equal(account.evidence.stillQueued, spamQueued.length);
  const cleanup = r.findings.find((f) => f.rule === 'queue-cleanup');
  assert.ok(cleanup !== undefined, 'the abuse still queued gets its delete list');
  assert.deepEqual(cleanup.lists?.['queue-delete.txt'], [...spamQueued].sort());
  assert.deepEqual([cleanup.evidence.abusiveQueued, cleanup.evidence.legitimateQueued], [spamQueued.length, 1]);
  assert.ok(!cleanup.lists!['queue-delete.txt']!.includes(ownerQueued));
  assert.equal(r.stillQueued.find((q) => q.qid === ownerQueued)?.legitimate, true);
});
