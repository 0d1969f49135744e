// The report's table of local programs: mail submitted on the server through sendmail, by pickup's uid=.
//   "Nov 25 11:14:22 mail postfix/pickup[35333]: D6BF31637B1: uid=33 from=<www-data>" (samples/incident.log)

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ROOT, report } from './helpers.js';
import { DayLog } from './day-log.js';
import { renderMarkdown } from '../src/render/markdown.js';
import { renderCsv } from '../src/render/csv.js';
import { messagesFor } from '../src/i18n/index.js';

function truthPickup(name: string): number {
  return (JSON.parse(readFileSync(join(ROOT, 'samples', `${name}.truth.json`), 'utf8')) as { receivedPickup: number }).receivedPickup;
}

test('every message pickup took is in the local programs table, by host and uid, as the samples\' truth counts them', async () => {
  for (const name of ['incident', 'healthy', 'deferred-flood', 'after-fix', 'bruteforce']) {
    const r = await report([join(ROOT, 'samples', `${name}.log`)], { year: 2026 });
    assert.equal(r.byLocalProgram.reduce((s, p) => s + p.messages, 0), truthPickup(name), name);
  }
});

test('the web application of the incident sample: its messages, its outside recipients and when they went out', async () => {
  const r = await report([join(ROOT, 'samples', 'incident.log')], { year: 2026 });
  assert.deepEqual(r.byLocalProgram.map((p) => [p.key, p.host, p.uid, p.messages, p.recipients, p.outsideRecipients, p.outsideDomains, p.outsideNotDelivered]), [
    ['mail uid=33', 'mail', '33', 8, 8, 4, 3, 0],
    ['mail uid=0', 'mail', '0', 4, 4, 0, 0, 0],
  ]);
  const www = r.byLocalProgram[0]!;
  assert.deepEqual([www.firstOutsideAt, www.lastOutsideAt], ['2026-11-25T11:14:22', '2026-11-27T10:47:16']);
  // cron's mail to root stays here: no outside times
  assert.deepEqual([r.byLocalProgram[1]!.firstOutsideAt, r.byLocalProgram[1]!.lastOutsideAt], [null, null]);

  const top1 = await report([join(ROOT, 'samples', 'incident.log')], { year: 2026, top: 1 });
  assert.deepEqual(top1.byLocalProgram.map((p) => p.key), ['mail uid=33']);
});

test('outside recipients are recipients, not messages (review 16: 160 messages to 400 outside recipients read as 160)', async () => {
  // A form sending 5 messages of 3 outside recipients each, one of them bounced per message; and cron's mail to root.
  const log = new DayLog();
  for (let i = 0; i < 5; i++) {
    const rcpts = [0, 1, 2].map((k) => `c${i}${k}@d${k}.example.net`);
    const q = log.pickup(10 * 3600 + i * 60, 33, 'form@shop.example.jp', rcpts);
    log.sent(10 * 3600 + i * 60 + 1, q, rcpts[0]!);
    log.sent(10 * 3600 + i * 60 + 1, q, rcpts[1]!);
    log.bounced(10 * 3600 + i * 60 + 1, q, rcpts[2]!);
    log.removed(10 * 3600 + i * 60 + 1.2, q);
  }
  const dir = mkdtempSync(join(tmpdir(), 'mlf-localprog-'));
  try {
    writeFileSync(join(dir, 'maillog'), log.text());
    const r = await report([join(dir, 'maillog')], { year: 2026 });
    assert.deepEqual(r.byLocalProgram.map((p) => [p.key, p.messages, p.recipients, p.outsideRecipients, p.outsideDomains, p.outsideNotDelivered]), [
      ['mail uid=33', 5, 15, 15, 3, 5],
    ]);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('report.md shows the table (English and Japanese) with how to name the uid, and csv/byLocalProgram.csv has its rows', async () => {
  const r = await report([join(ROOT, 'samples', 'incident.log')], { year: 2026 });
  const md = renderMarkdown(r, 'T');
  assert.match(md, /## Local programs \(sendmail\)\n\nMail submitted on the server itself through `sendmail`.*`getent passwd UID`/);
  assert.match(md, /\| mail \| `33` \| 8 \| 8 \| 4 \| 3 \| 0 \| 2026-11-25 11:14:22 \| 2026-11-27 10:47:16 \|/);
  const ja = renderMarkdown(r, 'T', [], messagesFor('ja'));
  assert.match(ja, /## ローカルプログラム（sendmail）/);
  const csv = renderCsv(r).find((f) => f.path === 'csv/byLocalProgram.csv');
  assert.ok(csv !== undefined);
  const lines = String(csv.content).replace(/^\uFEFF/, '').trim().split('\r\n');
  assert.equal(lines[0], 'key,host,uid,messages,recipients,outsideRecipients,outsideDomains,outsideNotDelivered,firstOutsideAt,lastOutsideAt');
  assert.equal(lines[1], 'mail uid=33,mail,33,8,8,4,3,0,2026-11-25T11:14:22,2026-11-27T10:47:16');
  assert.equal(lines.length, 3);
});

test('a log without local submissions has no such section', async () => {
  const r = await report([join(ROOT, 'test', 'fixtures', 'render', 'empty.log')]);
  assert.deepEqual(r.byLocalProgram, []);
  assert.doesNotMatch(renderMarkdown(r, 'T'), /Local programs/);
});
