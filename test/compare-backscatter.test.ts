// Backscatter below its rule's threshold is not fixed when the bounces it was made of are still made after: the
// before log's server accepts mail for unknown users and bounces it afterwards, its notifications going to the forged
// senders and bouncing themselves (accept-then-bounce, 25 of each); one after log still does so 3 times, two of the
// notifications bouncing (below backscatter's 10 and 20), the other refuses unknown users at RCPT time (fixed).
// The lines are Postfix 3.7's (test/fixtures/rules/backscatter.log, the incident's bounce(8) line), written here.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { compareReports, failingFindings } from '../src/compare/compare.js';
import { renderCompareMarkdown } from '../src/compare/markdown.js';
import { compareJa } from '../src/i18n/compare-ja.js';
import type { Report } from '../src/report/model.js';
import type { Comparison, FindingMatch } from '../src/compare/model.js';
import { report } from './helpers.js';

const dir = mkdtempSync(join(tmpdir(), 'mlf-backscatter-'));

const p2 = (x: number): string => String(x).padStart(2, '0');
/** "Nov 28 10:00:00" for `day` of November and seconds since its midnight. */
const stamp = (day: number, t: number): string => `Nov ${day} ${p2(Math.floor(t / 3600))}:${p2(Math.floor(t / 60) % 60)}:${p2(t % 60)}`;
/** A queue ID of Postfix's short form, unique per test log. */
const qid = (day: number, n: number, part: number): string => `${(day * 1000 + n).toString(16).toUpperCase()}1B2${part}F`;

/** Mail of a partner delivered to tanaka@ over LMTP: the mail flow both sides have. */
function inbound(day: number, t: number, n: number): string[] {
  const q = qid(day, n, 0);
  const pid = 4000 + n * 10;
  return [
    `${stamp(day, t)} mail postfix/smtpd[${pid}]: connect from unknown[203.0.113.5]`,
    `${stamp(day, t)} mail postfix/smtpd[${pid}]: ${q}: client=unknown[203.0.113.5]`,
    `${stamp(day, t)} mail postfix/cleanup[${pid + 1}]: ${q}: message-id=<2026112${day}${q}@tokyo-shoji.co.jp>`,
    `${stamp(day, t)} mail postfix/qmgr[1002]: ${q}: from=<keiri@tokyo-shoji.co.jp>, size=1834, nrcpt=1 (queue active)`,
    `${stamp(day, t + 1)} mail postfix/lmtp[${pid + 2}]: ${q}: to=<tanaka@example.jp>, relay=mail.example.jp[private/dovecot-lmtp], delay=0.4, delays=0.1/0/0.2/0.1, dsn=2.0.0, status=sent (250 2.0.0 <tanaka@example.jp> pfGzL/bTCmvSVAAAg+zDdQ Saved)`,
    `${stamp(day, t + 1)} mail postfix/qmgr[1002]: ${q}: removed`,
    `${stamp(day, t + 1)} mail postfix/smtpd[${pid}]: disconnect from unknown[203.0.113.5] ehlo=1 mail=1 rcpt=1 data=1 quit=1 commands=5`,
  ];
}

/**
 * Spam for a user that does not exist, accepted, then bounced by Dovecot LMTP; bounce(8)'s notification goes to the
 * forged sender at its outside domain, which refuses it (`doubleBounce`) or takes it.
 */
function acceptedThenBounced(day: number, t: number, n: number, doubleBounce: boolean): string[] {
  const q = qid(day, n, 1);
  const ndr = qid(day, n, 2);
  const pid = 5000 + n * 10;
  const ip = `198.51.100.${60 + n}`;
  const sender = `user${n}@victim${n}.example`;
  const mx = `mx.victim${n}.example[192.0.2.${40 + n}]:25`;
  return [
    `${stamp(day, t)} mail postfix/smtpd[${pid}]: connect from unknown[${ip}]`,
    `${stamp(day, t)} mail postfix/smtpd[${pid}]: ${q}: client=unknown[${ip}]`,
    `${stamp(day, t)} mail postfix/cleanup[${pid + 1}]: ${q}: message-id=<2026112${day}${q}@mail.example.jp>`,
    `${stamp(day, t)} mail postfix/qmgr[1002]: ${q}: from=<${sender}>, size=1834, nrcpt=1 (queue active)`,
    `${stamp(day, t + 1)} mail postfix/lmtp[${pid + 2}]: ${q}: to=<nosuch${n}@example.jp>, relay=mail.example.jp[private/dovecot-lmtp], delay=0.4, delays=0.1/0/0.2/0.1, dsn=5.1.1, status=bounced (host mail.example.jp[private/dovecot-lmtp] said: 550 5.1.1 <nosuch${n}@example.jp> User doesn't exist: nosuch${n}@example.jp (in reply to RCPT TO command))`,
    `${stamp(day, t + 1)} mail postfix/cleanup[${pid + 3}]: ${ndr}: message-id=<2026112${day}${ndr}@mail.example.jp>`,
    `${stamp(day, t + 1)} mail postfix/bounce[${pid + 4}]: ${q}: sender non-delivery notification: ${ndr}`,
    `${stamp(day, t + 1)} mail postfix/qmgr[1002]: ${ndr}: from=<>, size=3120, nrcpt=1 (queue active)`,
    `${stamp(day, t + 1)} mail postfix/qmgr[1002]: ${q}: removed`,
    doubleBounce
      ? `${stamp(day, t + 2)} mail postfix/smtp[${pid + 5}]: ${ndr}: to=<${sender}>, relay=${mx}, delay=0.4, delays=0.1/0/0.2/0.1, dsn=5.1.1, status=bounced (host mx.victim${n}.example[192.0.2.${40 + n}] said: 550 5.1.1 <${sender}>: Recipient address rejected: User unknown (in reply to RCPT TO command))`
      : `${stamp(day, t + 2)} mail postfix/smtp[${pid + 5}]: ${ndr}: to=<${sender}>, relay=${mx}, delay=0.4, delays=0.1/0/0.2/0.1, dsn=2.0.0, status=sent (250 2.0.0 Ok: queued as 4RP3yaq1cfd3p)`,
    `${stamp(day, t + 2)} mail postfix/qmgr[1002]: ${ndr}: removed`,
    `${stamp(day, t + 2)} mail postfix/smtpd[${pid}]: disconnect from unknown[${ip}] ehlo=1 mail=1 rcpt=1 data=1 quit=1 commands=5`,
  ];
}

/** The same spam refused at RCPT time (the fix: unknown users are refused during the SMTP dialogue). */
function refusedAtRcpt(day: number, t: number, n: number): string[] {
  const pid = 6000 + n * 10;
  const ip = `198.51.100.${60 + n}`;
  return [
    `${stamp(day, t)} mail postfix/smtpd[${pid}]: connect from unknown[${ip}]`,
    `${stamp(day, t + 1)} mail postfix/smtpd[${pid}]: NOQUEUE: reject: RCPT from unknown[${ip}]: 550 5.1.1 <nosuch${n}@example.jp>: Recipient address rejected: User unknown in virtual mailbox table; from=<user${n}@victim${n}.example> to=<nosuch${n}@example.jp> proto=ESMTP helo=<victim${n}.example>`,
    `${stamp(day, t + 1)} mail postfix/smtpd[${pid}]: disconnect from unknown[${ip}] ehlo=1 mail=1 rcpt=0/1 quit=1 commands=3/4`,
  ];
}

/** A day from 09:00: partner mail every 30 minutes for 10 hours, and `spam(i, t)` every 20 minutes for its first `n`. */
function day(d: number, n: number, spam: (i: number, t: number) => string[]): string {
  const lines: string[] = [];
  for (let k = 0; k < 20; k++) lines.push(...inbound(d, 9 * 3600 + k * 1800 + 300, k));
  for (let i = 0; i < n; i++) lines.push(...spam(i, 9 * 3600 + i * 1200 + 600));
  const key = (l: string): string => l.slice(7, 15);
  return lines.map((l, i) => ({ l, i })).sort((a, b) => (key(a.l) < key(b.l) ? -1 : key(a.l) > key(b.l) ? 1 : a.i - b.i)).map((x) => x.l).join('\n') + '\n';
}

async function analyzed(name: string, text: string): Promise<Report> {
  const path = join(dir, name);
  writeFileSync(path, text);
  return report([path], { year: 2026, top: 50 });
}

// Before: 25 messages accepted then bounced, every second notification bouncing too (13 of 25, 52%).
const BEFORE = analyzed('before.log', day(28, 25, (i, t) => acceptedThenBounced(28, t, i, i % 2 === 0)));
// After: 3 accepted then bounced (below minAcceptedThenBounced, 10), 2 notifications bouncing (3 to outside addresses,
// below minRemoteBounces, 20).
const GOING_ON = analyzed('after-going-on.log', day(29, 3, (i, t) => acceptedThenBounced(29, t, i, i < 2)));
// After the fix: the same spam refused at RCPT time, no bounce at all.
const FIXED = analyzed('after-fixed.log', day(29, 25, (i, t) => refusedAtRcpt(29, t, i)));

function compare(before: Report, after: Report, ja = false): Comparison {
  return compareReports(before, after, {
    version: 'test', before: { kind: 'logs', paths: ['before.log'] }, after: { kind: 'logs', paths: ['after.log'] }, ...(ja ? { messages: compareJa } : {}),
  });
}

function backscatterOf(c: Comparison): FindingMatch {
  const fs = c.findings.filter((f) => f.rule === 'backscatter');
  assert.equal(fs.length, 1);
  return fs[0]!;
}

test('the before log: backscatter of accept-then-bounce, 25 accepted then bounced and 13 of the 25 notifications bouncing themselves', async () => {
  const b = await BEFORE;
  const f = b.findings.filter((x) => x.rule === 'backscatter');
  assert.equal(f.length, 1);
  assert.deepEqual([f[0]!.evidence.acceptedThenBounced, f[0]!.evidence.bouncesToRemoteAddresses, f[0]!.evidence.bouncesBouncedThemselves], [25, 25, 13]);
  // Neither after run fires the rule: below its thresholds, or nothing.
  for (const a of [await GOING_ON, await FIXED]) assert.deepEqual(a.findings.filter((x) => x.rule === 'backscatter'), []);
  const t = (await GOING_ON).totals;
  assert.deepEqual([t.inboundBouncedLocally, t.ndrRemoteRecipients, t.ndrRemoteFailed], [3, 3, 2]);
});

test('backscatter still made below the threshold after: "Below the threshold (still going on)", Not fixed, counted by --fail-on persisting', async () => {
  const c = compare(await BEFORE, await GOING_ON);
  const f = backscatterOf(c);
  assert.equal(f.status, 'persisting');
  assert.deepEqual(f.measure.stillGoingOn, {
    kind: 'bounces', list: 'totals', count: 2, of: 2, events: 5, atLeast: false,
    items: [{ key: 'acceptedThenBounced', events: 3 }, { key: 'bouncesBouncedThemselves', events: 2 }],
  });
  // Compared by those bounces; the after run's whole count (3 notifications + 3 accepted then bounced) stays apart.
  assert.equal(f.measure.after, 5);
  assert.equal(f.measure.afterWithoutFinding?.count, 6);
  assert.equal(f.verdict, 'Below the threshold (still going on): Backscatter (backscatter, medium): bounces to outside addresses (with mail bounced after acceptance or sent to /dev/null) '
    + '50 (5.26 per hour) before, '
    + '5 (0.53 per hour) after, below the rule\'s threshold, but 3 recipients of inbound mail accepted, then bounced here and 2 bounce notifications '
    + 'to outside addresses that could not be delivered either, their senders forged after; the same backscatter, still going on '
    + 'below the rule\'s threshold.');
  assert.deepEqual(c.verdict.counts, { resolved: 0, reduced: 0, persisting: 1, new: 0, stillGoingOn: 1 });
  assert.equal(c.verdict.headline, 'Not fixed: 0 of the 1 finding of the before run fixed; backscatter below its rule\'s threshold but still going on '
    + '(3 recipients of inbound mail accepted, then bounced here and 2 bounce notifications to outside addresses that could not be delivered either, '
    + 'their senders forged after); no new finding.');
  assert.deepEqual(failingFindings(c, ['persisting']).map((x) => x.rule), ['backscatter']);
  assert.match(renderCompareMarkdown(c, 'T'), /\n## Below the threshold, still going on \(1\)\n/);

  // Japanese: the status and what still goes on.
  const ja = backscatterOf(compare(await BEFORE, await GOING_ON, true));
  assert.match(ja.verdict, /^しきい値未満（継続中）: /);
  assert.match(ja.verdict, /ただし対策後も受け付けた後にここで不達にした受信メールの宛先 3 件、送信者が偽造されていて、それ自体も配送できなかった外部あての不達通知 2 件があります。同じバックスキャッタが、しきい値未満で続いています/);
});

test('backscatter fixed (unknown users refused at RCPT time, no bounce after): Fixed, nothing still going on', async () => {
  const c = compare(await BEFORE, await FIXED);
  const f = backscatterOf(c);
  assert.equal(f.status, 'resolved');
  assert.equal(f.measure.stillGoingOn, undefined);
  assert.equal(f.measure.afterWithoutFinding?.count, 0);
  assert.match(f.verdict, /^Fixed: .*none after/);
  assert.match(c.verdict.headline, /^Fixed: /);
  assert.deepEqual(failingFindings(c, ['persisting']), []);
});
