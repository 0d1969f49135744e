// Review AM, AM7: the backscatter finding counted the bounce notices of the users' own mail as backscatter "answering
// the spam". bounce(8) names the message a notice answers:
//   "Nov 28 22:16:43 mail postfix/bounce[22164]: 3173A160862: sender non-delivery notification: 33AF2160864"
// (../shared/corpus/incident/maillog line 4858: takahashi@example.jp's mail, its refused recipient
// kondo.office@outlook.jp at line 4856, the notice delivered to takahashi@example.jp). Of the log's 233 notices, 230
// answer info@example.jp's spam; C5B1916066A (yamada@, line 211), 3173A160862 (takahashi@) and 1FF5816087E (sato@,
// line 5915) answer the users' mail, and their notices went back to their own mailboxes. Counted so by reading the
// log: the bounce(8) lines, and the client= line of each queue ID they name.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CORPUS, report, reportEveryWay } from './helpers.js';
import { analyze } from '../src/run.js';
import { usersOwnNotices } from '../src/detect/rules/backscatter.js';
import type { Finding } from '../src/types.js';
import type { Report } from '../src/report/model.js';

const incident = join(CORPUS, 'incident', 'maillog');

function backscatterOf(r: Report): Finding {
  const f = r.findings.find((x) => x.rule === 'backscatter');
  assert.ok(f, 'a backscatter finding');
  return f;
}

function figures(f: Finding): unknown[] {
  const e = f.evidence;
  return [e.bounceMessages, e.bouncesOfUsersOwnMail, e.bouncesToRemoteAddresses, e.bouncesBouncedThemselves, e.bouncesStillDeferred];
}

test('AM7: the corpus incident\'s backscatter leaves out the 3 notices of yamada@, takahashi@ and sato@\'s own mail, with every --jobs', { skip: !existsSync(incident) }, async () => {
  const r = await analyze({ paths: [incident], jobs: 1, top: 0, formats: ['json'], allowPartial: false, progress: false, version: 'test', year: 2026 });
  // The totals count every notice made here; the finding those answering the spam.
  assert.deepEqual([r.report.totals.ndrMessages, r.report.totals.ndrRemoteRecipients], [233, 177]);
  const f = backscatterOf(r.report);
  assert.deepEqual(figures(f), [230, 3, 177, 97, 21]);
  assert.match(f.title, /: 230 bounce messages \(from=<>\) answering the spam sent as info@example\.jp with forged senders \(203 messages\): 177 of them went to outside addresses, and 118 of those \(66\.7%\)/);
  // The three, by login: each one notice, delivered to its own mailbox (none went out).
  const b = r.aggregate.bounceNotices.made;
  assert.deepEqual([...b.keys()].filter((u) => u !== 'info@example.jp').sort(), ['sato@example.jp', 'takahashi@example.jp', 'yamada@example.jp']);
  assert.deepEqual(usersOwnNotices(r.aggregate, [{ user: 'info@example.jp', sinceIps: [...b.get('info@example.jp')!.keys()] } as never]),
    { messages: 3, remote: 0, failed: 0, pending: 0 });
  for (const jobs of [2, 3]) {
    for (const rangeBytes of [50_000, 333_333]) {
      const other = backscatterOf(await report([incident], { year: 2026, jobs, rangeBytes }));
      assert.deepEqual([figures(other), other.title], [figures(f), f.title], `jobs ${jobs}, ranges of ${rangeBytes} bytes`);
    }
  }
  const ja = await report([incident], { year: 2026, lang: 'ja' });
  assert.match(backscatterOf(ja).title, /バウンスメール（from=<>）230 通のうち 177 通が外部のアドレスへ送られ、そのうち 118 通（66\.7%）/);
});

const pad = (n: number): string => String(n).padStart(2, '0');
const at = (s: number): string => `Nov 20 10:${pad(Math.floor(s / 60))}:${pad(s % 60)}`;
const qid = (n: number): string => `${(0xA10000 + n).toString(16).toUpperCase()}`;

/**
 * Spam from outside for unknown users, accepted and bounced here: its notices go to the forged senders (backscatter);
 * `outcome` is the notice's fate at the forged sender's server.
 */
function spam(i: number, t: number, outcome: 'sent' | 'bounced'): string[] {
  const q = qid(2 * i);
  const n = qid(2 * i + 1);
  const victim = `victim${i}@forged.example`;
  return [
    `${at(t)} mail postfix/smtpd[3001]: ${q}: client=mx.spam.example[192.0.2.50]`,
    `${at(t)} mail postfix/cleanup[3002]: ${q}: message-id=<spam.${i}@spam.example>`,
    `${at(t)} mail postfix/qmgr[900]: ${q}: from=<${victim}>, size=900, nrcpt=1 (queue active)`,
    `${at(t + 1)} mail postfix/virtual[3003]: ${q}: to=<nobody${i}@example.jp>, relay=virtual, delay=0.1, delays=0/0/0/0.1, dsn=5.1.1, status=bounced (unknown user: "nobody${i}@example.jp")`,
    `${at(t + 1)} mail postfix/cleanup[3002]: ${n}: message-id=<20261120100001.${n}@mail.example.jp>`,
    `${at(t + 1)} mail postfix/qmgr[900]: ${n}: from=<>, size=2900, nrcpt=1 (queue active)`,
    `${at(t + 1)} mail postfix/bounce[3004]: ${q}: sender non-delivery notification: ${n}`,
    `${at(t + 1)} mail postfix/qmgr[900]: ${q}: removed`,
    outcome === 'sent'
      ? `${at(t + 2)} mail postfix/smtp[3005]: ${n}: to=<${victim}>, relay=mx.forged.example[198.51.100.33]:25, delay=1, delays=0/0/0.5/0.5, dsn=2.0.0, status=sent (250 2.0.0 Ok: queued as 4C3D4)`
      : `${at(t + 2)} mail postfix/smtp[3005]: ${n}: to=<${victim}>, relay=mx.forged.example[198.51.100.33]:25, delay=1, delays=0/0/0.5/0.5, dsn=5.1.1, status=bounced (host mx.forged.example[198.51.100.33] said: 550 5.1.1 <${victim}>: Recipient address rejected: User unknown (in reply to RCPT TO command))`,
    `${at(t + 2)} mail postfix/qmgr[900]: ${n}: removed`,
  ];
}

/**
 * A user's own mail, sent with SASL, one recipient refused by the receiver: its notice goes back to the user's
 * address, a mailbox here (lmtp) or outside (`home`), where it is deferred to the end of the log.
 */
function usersMail(i: number, t: number, user: string, ip: string, home: string | null): string[] {
  const q = qid(2 * i);
  const n = qid(2 * i + 1);
  const from = home ?? user;
  return [
    `${at(t)} mail postfix/submission/smtpd[4001]: ${q}: client=unknown[${ip}], sasl_method=PLAIN, sasl_username=${user}`,
    `${at(t)} mail postfix/cleanup[4002]: ${q}: message-id=<own.${i}@example.jp>`,
    `${at(t)} mail postfix/qmgr[900]: ${q}: from=<${from}>, size=700, nrcpt=1 (queue active)`,
    `${at(t + 1)} mail postfix/smtp[4005]: ${q}: to=<nosuch${i}@partner.example>, relay=mx.partner.example[198.51.100.9]:25, delay=0.3, delays=0/0/0.1/0.2, dsn=5.1.1, status=bounced (host mx.partner.example[198.51.100.9] said: 550 5.1.1 unknown user (in reply to RCPT TO command))`,
    `${at(t + 1)} mail postfix/cleanup[4002]: ${n}: message-id=<20261120100001.${n}@mail.example.jp>`,
    `${at(t + 1)} mail postfix/qmgr[900]: ${n}: from=<>, size=2924, nrcpt=1 (queue active)`,
    `${at(t + 1)} mail postfix/bounce[4006]: ${q}: sender non-delivery notification: ${n}`,
    `${at(t + 1)} mail postfix/qmgr[900]: ${q}: removed`,
    ...(home === null ? [
      `${at(t + 2)} mail postfix/lmtp[4007]: ${n}: to=<${user}>, relay=mail.example.jp[private/dovecot-lmtp], delay=0.02, delays=0/0/0/0.01, dsn=2.0.0, status=sent (250 2.0.0 <${user}> GCNTOnDTCmsiUwAAg+zDdQ Saved)`,
      `${at(t + 2)} mail postfix/qmgr[900]: ${n}: removed`,
    ] : [
      `${at(t + 2)} mail postfix/smtp[4008]: ${n}: to=<${home}>, relay=none, delay=30, delays=0/0/30/0, dsn=4.4.1, status=deferred (connect to mx.isp.example[192.0.2.34]:25: Connection timed out)`,
    ]),
  ];
}

test('AM7: a user\'s bounced mail gives a notice that is no backscatter; the spam\'s notices are, at every cut and --jobs', async () => {
  const lines: string[] = [];
  let i = 0;
  let t = 0;
  // 22 spam messages, half of whose notices bounce at the forged senders' servers; among them, the users' mail: two of
  // alice's (notices to her mailbox here) and one of carol's, sent with her address at her ISP (its notice deferred there).
  for (let k = 0; k < 22; k++) {
    lines.push(...spam(i++, t, k % 2 === 0 ? 'bounced' : 'sent'));
    t += 5;
    if (k === 3 || k === 12) { lines.push(...usersMail(i++, t, 'alice@example.jp', '203.0.113.10', null)); t += 5; }
    if (k === 8) { lines.push(...usersMail(i++, t, 'carol@example.jp', '203.0.113.20', 'carol@isp.example')); t += 5; }
  }
  const dir = mkdtempSync(join(tmpdir(), 'mf-am7-'));
  try {
    const r = await reportEveryWay(dir, 'maillog', { text: () => lines.join('\n') + '\n' });
    // Every notice made here is in the totals: 25, 23 of them out (22 to forged senders and carol's), 11 bounced, 1 deferred.
    const t0 = r.totals;
    assert.deepEqual([t0.ndrMessages, t0.ndrRemoteRecipients, t0.ndrRemoteFailed, t0.ndrRemotePending], [25, 23, 11, 1]);
    // The backscatter is the spam's: 22 notices, all out, 11 bounced, none deferred (carol's was hers).
    const f = backscatterOf(r);
    assert.deepEqual(figures(f), [22, 3, 22, 11, 0]);
    assert.equal(f.evidence.undeliverableShare, 50);
    assert.equal(f.impact, 22 + Number(f.evidence.acceptedThenBounced));
    assert.match(f.title, /: 22 bounce messages \(from=<>\): 22 of them went to outside addresses, and 11 of those \(50%\) could not be delivered either \(11 bounced, 0 /);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
