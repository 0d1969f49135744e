// Review AO, AO2: on a list host Gmail rate-limits a post (421-4.7.28 at 10:00) and takes it at the retry (10:20), where
// some subscribers' own mailboxes answer for themselves: "550-5.1.1 The email account that you tried to reach does not
// exist", "452-4.2.2 … inbox is out of storage space". Those refused recipients got past the limit; only their own
// mailbox stopped them. The aggregate counts them apart (RefusedRecipients.bouncedOwn) from a bounce that is the
// refusal itself (RefusalMark.bounced), whatever the jobs and byte ranges. Lines: /work/review-ao-logs/list.log.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { analyze } from '../src/run.js';
import type { Aggregate, RefusedRecipients } from '../src/types.js';
import { FULL, GMAIL_421, NO_SUCH, RELAY } from './fixtures/gmail-list-answers.js';

/** Mailman's post to 10 Gmail subscribers, all refused at 10:00; at 10:20 7 sent, 2 unknown, 1 full (still queued). */
function listPost(fullSentAt1130 = false): string {
  const to = (i: number): string => `mem${String(i).padStart(4, '0')}.k${10 + i}@gmail.com`;
  const q = 'CE13D16DB5D';
  const line = (t: string, rest: string): string => `Dec  1 ${t} mail postfix/smtp[1437]: ${q}: to=<${to(Number(rest.slice(0, 1)))}>, ${RELAY}, ${rest.slice(2)}`;
  const qmgr = (t: string): string => `Dec  1 ${t} mail postfix/qmgr[1101]: ${q}: from=<members-bounces@lists.example.org>, size=23411, nrcpt=10 (queue active)`;
  const lines = [
    `Dec  1 10:00:05 mail postfix/pickup[1100]: ${q}: uid=38 from=<members-bounces@lists.example.org>`,
    `Dec  1 10:00:05 mail postfix/cleanup[1304]: ${q}: message-id=<613205993516.27151.5871235532174838@lists.example.org>`,
    qmgr('10:00:05'),
    ...Array.from({ length: 10 }, (_, i) => line('10:00:06', `${i} ${GMAIL_421}`)),
    qmgr('10:20:07'),
    ...Array.from({ length: 7 }, (_, i) => line('10:20:08', `${i} dsn=2.0.0, status=sent (250 2.0.0 OK  1796086800 a1b2c3d4e5si790259 - gsmtp)`)),
    line('10:20:08', `7 ${NO_SUCH}`),
    line('10:20:08', `8 ${NO_SUCH}`),
    line('10:20:08', `9 ${FULL}`),
    ...(fullSentAt1130 ? [qmgr('11:30:07'), line('11:30:08', '9 dsn=2.0.0, status=sent (250 2.0.0 OK  1796091008 f6e5d4c3b2si790260 - gsmtp)'),
      `Dec  1 11:30:08 mail postfix/qmgr[1101]: ${q}: removed`] : []),
    'Dec  1 10:20:09 mail postfix/cleanup[1301]: 5A1B2160C01: message-id=<20261201102009.5A1B2160C01@lists.example.org>',
    'Dec  1 10:20:09 mail postfix/qmgr[1101]: 5A1B2160C01: from=<>, size=6200, nrcpt=1 (queue active)',
    `Dec  1 10:20:09 mail postfix/bounce[1502]: ${q}: sender non-delivery notification: 5A1B2160C01`,
    'Dec  1 10:20:09 mail postfix/local[1603]: 5A1B2160C01: to=<members-bounces@lists.example.org>, relay=local, delay=0.3, delays=0.1/0.01/0/0.2, '
      + 'dsn=2.0.0, status=sent (delivered to command: /var/lib/mailman/mail/mailman bounces members)',
    'Dec  1 10:20:09 mail postfix/qmgr[1101]: 5A1B2160C01: removed',
    // The rest of the day: the list's other mail, so that byte ranges cut the message's lines apart.
    ...Array.from({ length: 60 }, (_, k) => `Dec  1 ${String(11 + Math.floor(k / 10)).padStart(2, '0')}:${String(k % 10 * 5).padStart(2, '0')}:00 mail dovecot: `
      + `imap-login: Login: user=<admin@example.org>, method=PLAIN, rip=198.51.100.41, lip=203.0.113.30, mpid=${31000 + k}, TLS, session=<a${k}>`),
  ];
  return lines.join('\n') + '\n';
}

async function aggregateOf(path: string, jobs: number, rangeBytes?: number): Promise<Aggregate> {
  return (await analyze({
    paths: [path], year: 2026, jobs, top: 0, formats: ['json'], allowPartial: false, progress: false, version: 'test',
    ...(rangeBytes !== undefined ? { rangeBytes } : {}),
  })).aggregate;
}

test('AO2 refused recipients that their own mailbox bounced at the retry are counted apart (bouncedOwn), any jobs and ranges', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'review-ao2-'));
  const path = join(dir, 'list-post.log');
  writeFileSync(path, listPost());
  const want: RefusedRecipients = {
    recipients: 10, messages: 1, sentLater: 7, bounced: 2, bouncedOwn: 2, notDelivered: 1, deliveredBy: -Infinity, // one still queued (452)
    top: [{ qid: 'CE13D16DB5D', sender: 'members-bounces@lists.example.org', saslUser: '', recipients: 10, refused: 10, sentLater: 7 }],
  };
  for (const [jobs, rangeBytes] of [[1, undefined], [2, undefined], [3, 900], [2, 2500]] as const) {
    const agg = await aggregateOf(path, jobs, rangeBytes);
    assert.deepEqual(agg.refusedRecipients.get('Gmail rate'), want, `jobs ${jobs}, ranges ${rangeBytes}`);
  }
});

test('AO2 once the full mailbox takes it too, the post counts as past the limit: deliveredBy is its last line', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'review-ao2-'));
  const path = join(dir, 'list-post-all.log');
  writeFileSync(path, listPost(true));
  for (const [jobs, rangeBytes] of [[1, undefined], [3, 900]] as const) {
    const r = (await aggregateOf(path, jobs, rangeBytes)).refusedRecipients.get('Gmail rate')!;
    assert.deepEqual([r.sentLater, r.bouncedOwn, r.notDelivered], [8, 2, 0]);
    assert.equal(new Date(r.deliveredBy).toISOString().slice(11, 19), '11:30:08', `jobs ${jobs}, ranges ${rangeBytes}`);
  }
});
