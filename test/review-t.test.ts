// Review T (/tmp/revT/findings.md). F2: a recipient's mail store verdict (RecipientState.storeReply) is kept once an
// attempt got a store's reply, whatever the later attempts met: Rakuten's notice for a full mailbox behind Dovecot LMTP on
// this host's loopback port 2424 is incoming mail even when a later retry finds Dovecot restarting. F3: Cyrus lmtpd's
// replies (no recipient named, its session token) are a mail store's.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Report } from '../src/report/model.js';
import { isMailboxDelivery, storeReplyOf } from '../src/aggregate/mailbox-transport.js';
import { ROOT, report } from './helpers.js';

const dir = mkdtempSync(join(tmpdir(), 'mlf-rt-'));
const incident = readFileSync(join(ROOT, 'samples', 'incident.log'), 'utf8').split('\n').filter((l) => l !== '');

/** samples/incident.log from Nov 26 12:00 with `extra` put in by time, as review-r.test.ts R4 rest builds it. */
function spliced(name: string, extra: string[]): { path: string; text: string } {
  const out = incident.slice(incident.findIndex((l) => l >= 'Nov 26 12'));
  for (const e of extra) {
    const k = out.findIndex((l) => l.slice(0, 15) > e.slice(0, 15));
    out.splice(k < 0 ? out.length : k, 0, e);
  }
  const path = join(dir, `${name}.log`);
  const text = `${out.join('\n')}\n`;
  writeFileSync(path, text);
  return { path, text };
}

/** The report of `path`, after checking that cuts into 2, 5 and ranges of 60,000 bytes give the same JSON. */
async function reportEveryCut(path: string, text: string): Promise<Report> {
  const r = await report([path], { year: 2026 });
  const json = JSON.stringify(r);
  const bytes = Buffer.byteLength(text);
  for (const [jobs, rangeBytes] of [[2, Math.ceil(bytes / 2)], [3, Math.ceil(bytes / 5)], [3, 60_000]] as const) {
    assert.equal(JSON.stringify(await report([path], { year: 2026, jobs, rangeBytes })), json, `${path}: jobs ${jobs}, ranges of ${rangeBytes} bytes`);
  }
  return r;
}

function queueDelete(r: Report): string[] {
  return r.findings.find((f) => f.rule === 'queue-cleanup')?.lists?.['queue-delete.txt'] ?? [];
}

const QMGR = (at: string): string => `Nov 28 ${at} mail postfix/qmgr[35001]: 2B0001637F3: from=<order@rakuten.co.jp>, size=23110, nrcpt=1 (queue active)`;
const LMTP = (at: string, rest: string): string => `Nov 28 ${at} mail postfix/lmtp[39997]: 2B0001637F3: to=<owner@example-shop.jp>, ${rest}`;
const FULL = 'relay=localhost[127.0.0.1]:2424, delay=400000, delays=400000/0.01/0/0.02, dsn=4.2.2, status=deferred (452 4.2.2 <owner@example-shop.jp> Mailbox is full)';
// /tmp/revT/inputs/l1-full-then-refused.log and l2-full-then-lost.log, the later attempt's line verbatim.
const REFUSED = 'relay=none, delay=400000, delays=400000/0.01/0/0, dsn=4.4.1, status=deferred (connect to 127.0.0.1[127.0.0.1]:2424: Connection refused)';
const LOST = 'relay=localhost[127.0.0.1]:2424, delay=400000, delays=400000/0.01/0/300, dsn=4.4.2, status=deferred (conversation with localhost[127.0.0.1] timed out while receiving the initial server greeting)';
// The campaign's retry through a filter on a loopback port (review-r.test.ts R4 rest): listed in every case.
const CAMPAIGN = [
  'Nov 28 09:28:18 mail postfix/qmgr[35001]: 1A0001637F2: from=<notice8560@rakuten.co.jp>, size=3512, nrcpt=1 (queue active)',
  'Nov 28 09:28:18 mail postfix/lmtp[39998]: 1A0001637F2: to=<tarufumoe@yahoo.co.jp>, relay=127.0.0.1[127.0.0.1]:10030, delay=400000, delays=400000/0.02/0/0, dsn=4.3.0, status=deferred (host 127.0.0.1[127.0.0.1] said: 451 4.3.0 Error: queue file write error (in reply to end of DATA command))',
];

test('F2: a full mailbox behind Dovecot LMTP on 127.0.0.1:2424 stays a mailbox here when a later retry is refused or times out, every cut', async () => {
  // [name, attempts of 2B0001637F3 (09:10, then 09:28), listed]. Ranges of 60,000 bytes put the two attempts, some
  // 1,100 lines apart, in different ranges: the verdict is carried through the fragments' merge.
  const cases: Array<[string, string[], boolean]> = [
    ['full-then-refused', [FULL, REFUSED], false],
    ['full-then-lost', [FULL, LOST], false],
    ['refused-then-full', [REFUSED, FULL], false],
    // No store's reply ever: a loopback port other than 24 that no store answered stays a filter's (review R, R4).
    ['refused-only', [REFUSED, REFUSED], true],
    ['lost-only', [LOST, LOST], true],
  ];
  for (const [name, [first, second], listed] of cases) {
    const { path, text } = spliced(`f2-${name}`, [QMGR('09:10:17'), LMTP('09:10:17', first!), QMGR('09:28:17'), LMTP('09:28:17', second!), ...CAMPAIGN]);
    const r = await reportEveryCut(path, text);
    const list = queueDelete(r);
    assert.equal(list.includes('2B0001637F3'), listed, name);
    assert.equal(r.stillQueued.find((s) => s.qid === '2B0001637F3')?.legitimate, !listed, name);
    assert.ok(list.includes('1A0001637F2'), `${name}: the campaign's retry is listed`);
  }
});

test('F3: Cyrus lmtpd\'s replies on this host\'s loopback (its session token, "Over quota") are a mail store\'s; a filter\'s stay out', () => {
  // Verbatim replies: BlueMind's docs (the first two), Cyrus 3 in guimard/cyrus-postfix-docker's README, Cyrus's
  // lmtpengine.c (lmtp_over_quota_perm_failure's 552, its token named by syslog_prefix; Cyrus 2.1 without a token).
  const cases: Array<[relay: string, reply: string, here: boolean]> = [
    ['127.0.0.1[127.0.0.1]:2003', 'host 127.0.0.1[127.0.0.1] said: 452 4.2.2 Over quota SESSIONID=<cyrus-4311-1488438658-1> (in reply to RCPT TO command)', true],
    ['127.0.0.1[127.0.0.1]:2400', '250 2.1.5 Ok SESSIONID=<cyrus-12823-1488397532-1> [bluemind.net!user.user.INBOX () 2294]', true],
    ['localhost[127.0.0.1]:2003', '250 2.1.5 Success SESSIONID=<cyrus-1736260509-308-2-14725385898710560125>', true],
    ['localhost[::1]:2003', 'host localhost[::1] said: 552 5.2.2 Over quota SESSIONID=<mail-1736260509-308-2-14725385898710560125> (in reply to end of DATA command)', true],
    ['127.0.0.1[127.0.0.1]:2003', 'host 127.0.0.1[127.0.0.1] said: 452 4.2.2 Over quota (in reply to end of DATA command)', true],
    ['127.0.0.1[127.0.0.1]:2003', '452 4.2.2 Over quota', true],
    // A filter passing on its MTA's reply, or a receiver's quota reply in other words; a known filter port; no reply.
    ['127.0.0.1[127.0.0.1]:10030', '250 2.0.0 from MTA(lmtp:[127.0.0.1]:2003): 250 2.1.5 Ok SESSIONID=<cyrus-12823-1488397532-1>', false],
    ['127.0.0.1[127.0.0.1]:10030', 'host 127.0.0.1[127.0.0.1] said: 452 4.2.2 The email account that you tried to reach is over quota. (in reply to end of DATA command)', false],
    ['127.0.0.1[127.0.0.1]:10030', 'host 127.0.0.1[127.0.0.1] said: 452 4.2.2 Over quotation marks: refused (in reply to end of DATA command)', false],
    ['127.0.0.1[127.0.0.1]:10024', '452 4.2.2 Over quota SESSIONID=<cyrus-4311-1488438658-1>', false],
    ['127.0.0.1[127.0.0.1]:2003', 'connect to 127.0.0.1[127.0.0.1]:2003: Connection refused', false],
  ];
  for (const [relay, reply, here] of cases) {
    assert.equal(isMailboxDelivery('lmtp', relay, storeReplyOf('lmtp', relay, reply)), here, `${relay} (${reply})`);
  }
});

test('F3: Rakuten\'s notice for a full mailbox behind Cyrus lmtpd on 127.0.0.1:2003 stays, every cut', async () => {
  // /tmp/revT/inputs/l3-cyrus-quota.log's line.
  const cyrus = 'relay=127.0.0.1[127.0.0.1]:2003, delay=400000, delays=400000/0.01/0/0.02, dsn=4.2.2, status=deferred (host 127.0.0.1[127.0.0.1] said: 452 4.2.2 Over quota SESSIONID=<cyrus-4311-1488438658-1> (in reply to RCPT TO command))';
  const { path, text } = spliced('f3-cyrus', [QMGR('09:28:17'), LMTP('09:28:17', cyrus), ...CAMPAIGN]);
  const r = await reportEveryCut(path, text);
  const list = queueDelete(r);
  assert.ok(!list.includes('2B0001637F3'));
  assert.equal(r.stillQueued.find((s) => s.qid === '2B0001637F3')?.legitimate, true);
  assert.ok(list.includes('1A0001637F2'));
});
