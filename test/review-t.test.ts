// Review T (/tmp/revT/findings.md). F2: a recipient's mail store verdict (RecipientState.storeReply) is kept once an
// attempt got a store's reply, whatever the later attempts met: Rakuten's notice for a full mailbox behind Dovecot LMTP on
// this host's loopback port 2424 is incoming mail even when a later retry finds Dovecot restarting.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Report } from '../src/report/model.js';
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
