// Bounce notices counted for the login and client IP of the mail they answer (src/aggregate/bounce-notices.ts), and
// the notice itself finished in its byte range (src/correlate/correlator.ts startedByLink). A generated log, seeded,
// in the line shapes of ../shared/corpus/healthy/maillog:
//   "E9FDB160691: sender non-delivery notification: EEA0B160693"
// SASL submissions with refused recipients (a notice back to the user, delivered by lmtp), mail deferred for hours
// and then expired (its notice comes long after its first line, so byte ranges cut it), a local program's bounced
// mail and an outside sender's (notices that count for nobody). The answer is known from what was generated; every
// cut of the log gives it, and once the whole log is read nothing is left waiting: the join keeps no table that grows
// with the log (a 600 MB backscatter log held 285 MB of links and parents to the end before).

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { analyze } from '../src/run.js';
import type { AnalyzeResult } from '../src/run.js';
import { createScanner } from '../src/scan.js';
import { isPostfixMadeId } from '../src/correlate/record.js';
import { newYearRule } from '../src/parse/header.js';
import { prng } from './fuzz-mutate.js';
import type { Aggregate } from '../src/types.js';
import {
  linkId, madeNoticesWhere, mergeBounceNotices, newBounceNotices, noticeFolded, noticesDeliveredFor, parentFolded,
} from '../src/aggregate/bounce-notices.js';

const USERS: Array<[string, string[]]> = [
  ['alice@example.jp', ['203.0.113.10', '198.51.100.77']],
  ['bob@example.jp', ['203.0.113.20']],
];

interface Generated {
  text: string;
  /** "user ip" → notice recipients delivered. */
  notices: Map<string, number>;
  noticeCount: number;
}

function stamp(t: number): string {
  const d = new Date(Date.UTC(2026, 10, 20) + t * 1000);
  const p = (n: number): string => String(n).padStart(2, '0');
  return `Nov ${p(d.getUTCDate())} ${p(d.getUTCHours())}:${p(d.getUTCMinutes())}:${p(d.getUTCSeconds())}`;
}

function generate(seed: number, messages: number): Generated {
  const rnd = prng(seed);
  let q = 0x2B0000;
  const qid = (): string => (q++).toString(16).toUpperCase() + 'A1';
  const out: Array<[number, number, string]> = [];
  let seq = 0;
  const line = (t: number, s: string): void => { out.push([t, seq++, `${stamp(t)} mail ${s}`]); };
  const notices = new Map<string, number>();
  let noticeCount = 0;
  /** A notice of `parent` at `t` to `to`: delivered here (lmtp), sent out, or deferred to the end. */
  const notice = (t: number, parent: string, to: string, fate: 'lmtp' | 'out' | 'stuck'): boolean => {
    const n = qid();
    noticeCount++;
    line(t, `postfix/cleanup[21278]: ${n}: message-id=<20261120130000.${n}@mail.example.jp>`);
    line(t, `postfix/qmgr[21249]: ${n}: from=<>, size=2924, nrcpt=1 (queue active)`);
    line(t, `postfix/bounce[21285]: ${parent}: sender non-delivery notification: ${n}`);
    if (fate === 'lmtp') {
      line(t + 1, `postfix/lmtp[21280]: ${n}: to=<${to}>, relay=mail.example.jp[private/dovecot-lmtp], delay=0.02, delays=0/0/0/0.01, dsn=2.0.0, status=sent (250 2.0.0 <${to}> GCNTOnDTCmsiUwAAg+zDdQ Saved)`);
    } else if (fate === 'out') {
      line(t + 1, `postfix/smtp[21290]: ${n}: to=<${to}>, relay=mx.forged.example[192.0.2.33]:25, delay=0.4, delays=0/0/0.2/0.2, dsn=2.0.0, status=sent (250 2.0.0 Ok: queued as 4C3D4)`);
    } else {
      line(t + 1, `postfix/smtp[21290]: ${n}: to=<${to}>, relay=none, delay=30, delays=0/0/30/0, dsn=4.4.1, status=deferred (connect to mx.forged.example[192.0.2.34]:25: Connection timed out)`);
      return false;
    }
    line(t + 1, `postfix/qmgr[21249]: ${n}: removed`);
    return true;
  };
  let t = 0;
  for (let i = 0; i < messages; i++) {
    t += 3 + Math.floor(rnd() * 40);
    const X = qid();
    const kind = rnd();
    const pid = 21000 + Math.floor(rnd() * 900);
    if (kind < 0.6) {
      // A SASL submission: two recipients, one refused (a notice), or deferred for hours and then expired.
      const [user, ips] = USERS[Math.floor(rnd() * USERS.length)]!;
      const ip = ips[Math.floor(rnd() * ips.length)]!;
      const expires = rnd() < 0.3;
      line(t, `postfix/submission/smtpd[${pid}]: ${X}: client=unknown[${ip}], sasl_method=PLAIN, sasl_username=${user}`);
      line(t, `postfix/cleanup[21278]: ${X}: message-id=<${X}.${i}@example.jp>`);
      line(t, `postfix/qmgr[21249]: ${X}: from=<${user}>, size=782, nrcpt=2 (queue active)`);
      line(t + 1, `postfix/smtp[21284]: ${X}: to=<ok${i}@partner.example>, relay=mx.partner.example[198.51.100.9]:25, delay=0.5, delays=0/0/0.2/0.3, dsn=2.0.0, status=sent (250 2.0.0 Ok: queued as 22249F150)`);
      let end = t + 1;
      if (expires) {
        for (let k = 1; k <= 6; k++) {
          end = t + k * 1800;
          line(end, `postfix/smtp[21284]: ${X}: to=<gone${i}@dead.example>, relay=none, delay=${k * 1800}, delays=0/0/${k * 1800}/0, dsn=4.4.1, status=deferred (connect to mx.dead.example[192.0.2.77]:25: Connection timed out)`);
        }
        end += 600;
        line(end, `postfix/qmgr[21249]: ${X}: from=<${user}>, status=expired, returned to sender`);
      } else {
        line(t + 1, `postfix/smtp[21284]: ${X}: to=<nosuch${i}@partner.example>, relay=mx.partner.example[198.51.100.9]:25, delay=0.02, delays=0/0.01/0/0.01, dsn=5.1.1, status=bounced (host mx.partner.example[198.51.100.9] said: 550 5.1.1 <nosuch${i}@partner.example>: Recipient address rejected: User unknown in virtual mailbox table (in reply to RCPT TO command))`);
      }
      const fate = rnd() < 0.85 ? 'lmtp' : 'stuck';
      if (notice(end, X, user, fate)) notices.set(`${user} ${ip}`, (notices.get(`${user} ${ip}`) ?? 0) + 1);
      line(end, `postfix/qmgr[21249]: ${X}: removed`);
    } else if (kind < 0.8) {
      // An outside sender's mail to an unknown local address, refused after queueing: the notice counts for nobody.
      line(t, `postfix/smtpd[${pid}]: ${X}: client=mx.sender.example[192.0.2.50]`);
      line(t, `postfix/cleanup[21278]: ${X}: message-id=<${X}@sender.example>`);
      line(t, `postfix/qmgr[21249]: ${X}: from=<news${i}@sender.example>, size=4100, nrcpt=1 (queue active)`);
      line(t + 1, `postfix/lmtp[21280]: ${X}: to=<old${i}@example.jp>, relay=mail.example.jp[private/dovecot-lmtp], delay=0.02, delays=0/0/0/0.01, dsn=5.1.1, status=bounced (host mail.example.jp[private/dovecot-lmtp] said: 550 5.1.1 <old${i}@example.jp> User doesn't exist (in reply to RCPT TO command))`);
      notice(t + 1, X, `news${i}@sender.example`, 'out');
      line(t + 1, `postfix/qmgr[21249]: ${X}: removed`);
    } else {
      // A local program's mail (sendmail, pickup), refused: the notice goes back to www-data and counts for nobody.
      line(t, `postfix/pickup[21300]: ${X}: uid=33 from=<www-data>`);
      line(t, `postfix/cleanup[21278]: ${X}: message-id=<${X}@mail.example.jp>`);
      line(t, `postfix/qmgr[21249]: ${X}: from=<www-data@mail.example.jp>, size=900, nrcpt=1 (queue active)`);
      line(t + 1, `postfix/smtp[21284]: ${X}: to=<form${i}@partner.example>, relay=mx.partner.example[198.51.100.9]:25, delay=0.3, delays=0/0/0.1/0.2, dsn=5.1.1, status=bounced (host mx.partner.example[198.51.100.9] said: 550 5.1.1 unknown user (in reply to RCPT TO command))`);
      notice(t + 1, X, 'www-data@mail.example.jp', 'lmtp');
      line(t + 1, `postfix/qmgr[21249]: ${X}: removed`);
    }
  }
  out.sort((a, b) => a[0] - b[0] || a[1] - b[1]);
  return { text: out.map((l) => l[2]).join('\n') + '\n', notices, noticeCount };
}

function waiting(agg: Aggregate): number {
  const b = agg.bounceNotices;
  return b.notices.size + b.parents.size;
}

/**
 * Analyzes `lines` whole with 1 job, then cut after every line with 2 jobs; `check` runs on each result, and every
 * cut must give the whole log's report.json.
 */
async function atEveryCut(lines: string[], check: (r: AnalyzeResult, what: string) => void): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'mf-notices-'));
  try {
    const file = join(dir, 'maillog');
    writeFileSync(file, lines.join('\n') + '\n');
    let first = '';
    for (let cut = 0; cut <= lines.length; cut++) {
      const rangeBytes = cut === 0 ? undefined : Buffer.byteLength(lines.slice(0, cut).join('\n') + '\n');
      const r = await analyze({
        paths: [file], jobs: cut === 0 ? 1 : 2, rangeBytes, top: 0, formats: ['json'], allowPartial: false, progress: false, version: 'test', year: 2026,
      });
      const what = cut === 0 ? 'whole' : `cut after line ${cut}`;
      check(r, what);
      const json = JSON.stringify(r.report);
      if (first === '') first = json;
      else assert.equal(json, first, what);
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

test('notices count for the login and IP of the mail they answer, whatever the cut, and nothing is left waiting', async () => {
  const g = generate(20261129, 400);
  assert.ok(g.noticeCount > 300);
  const dir = mkdtempSync(join(tmpdir(), 'mf-notices-'));
  try {
    const file = join(dir, 'maillog');
    writeFileSync(file, g.text);
    let first = '';
    const bytes = Buffer.byteLength(g.text);
    for (const [jobs, rangeBytes] of [[1, undefined], [1, 3000], [2, 7000], [3, 20_000], [2, Math.ceil(bytes / 2)]] as const) {
      const r = await analyze({
        paths: [file], jobs, rangeBytes, top: 0, formats: ['json'], allowPartial: false, progress: false, version: 'test', year: 2026,
      });
      const what = `jobs ${jobs}, ranges of ${rangeBytes ?? 'all'} bytes`;
      for (const [user, ips] of USERS) {
        for (const ip of ips) {
          assert.equal(noticesDeliveredFor(r.aggregate.bounceNotices, user, [ip]), g.notices.get(`${user} ${ip}`) ?? 0, `${what}: ${user} ${ip}`);
        }
      }
      // Only SASL logins have rows: the outside sender's and the program's notices count for nobody.
      assert.deepEqual([...r.aggregate.bounceNotices.minutes.keys()].sort(), USERS.map((u) => u[0]).sort(), what);
      assert.equal(waiting(r.aggregate), 0, `${what}: pieces left waiting`);
      const json = JSON.stringify(r.report);
      if (first === '') first = json;
      else assert.equal(json, first, what);
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('a range that does not start the log finishes the notices made and delivered in it (no open records left for the stitcher)', () => {
  const g = generate(7, 200);
  const lines = g.text.split('\n').filter((l) => l !== '');
  const half = lines.slice(lines.length / 2 | 0);
  const sink = createScanner({ file: 0, years: newYearRule(2026, 11, true), logStart: false });
  let offset = 0;
  for (const l of half) { sink.line(l, offset); offset += l.length + 1; }
  const r = sink.finish();
  const notices = half.filter((l) => l.includes('from=<>')).length;
  assert.ok(notices > 50);
  // Only the messages cut by the range's ends go to the stitcher (mail deferred for hours before it expires, whose
  // first lines are in the other half), not the range's notices.
  // (Notices still deferred at the range's end are open records, as any message still queued is.)
  const handed = r.fragments.filter((f) => f.sender === '' && f.senderSeen && f.removed).length;
  assert.ok(handed <= 2, `${handed} delivered notices handed to the stitcher of ${notices}`);
  // No message whose whole life is in the range is handed over: those left began in the other half (mail deferred
  // for hours, then expired), or are still queued at the range's end. (A local program's mail, picked up, may be a
  // pipe filter's copy, which the stitcher pairs: correlate/pipe-filter-range.ts.)
  const whole = r.fragments.filter((f) => f.removed && f.origin !== 'pickup' && (f.origin !== '' || f.cleanupFirst));
  assert.deepEqual(whole.map((f) => f.qid), []);
  assert.ok(r.fragments.length < notices / 2, `${r.fragments.length} fragments`);
});

test('the halves of a link meet in any order and in any aggregate, by the link line\'s place in the log', () => {
  const L1 = linkId(0, 123_456);
  const L2 = linkId(0, 123_999);
  const alice = (b: ReturnType<typeof newBounceNotices>): number => noticesDeliveredFor(b, 'alice@example.jp', ['203.0.113.10']);
  // Settled in the notice's record: counted at its fold.
  const a = newBounceNotices();
  noticeFolded(a, { link: L1, user: 'alice@example.jp', ip: '203.0.113.10', final: true }, 1_000, 1);
  assert.equal(alice(a), 1);
  // The notice first, then the message it answers (whose login was not known where the link was read).
  const b = newBounceNotices();
  noticeFolded(b, { link: L1, user: '', ip: '', final: false }, 1_000, 2);
  assert.equal(alice(b), 0);
  parentFolded(b, [L1], 'alice@example.jp', '203.0.113.10');
  assert.equal(alice(b), 2);
  assert.equal(b.notices.size + b.parents.size, 0);
  // The message first, with two links; one notice in the same aggregate, the other folded in another one.
  const c = newBounceNotices();
  parentFolded(c, [L1, L2], 'alice@example.jp', '203.0.113.10');
  noticeFolded(c, { link: L1, user: '', ip: '', final: false }, 1_000, 1);
  assert.equal(c.parents.size, 1);
  const d = newBounceNotices();
  noticeFolded(d, { link: L2, user: '', ip: '', final: false }, 8_000, 3);
  mergeBounceNotices(c, d);
  assert.equal(alice(c), 4);
  assert.equal(c.parents.size + c.notices.size, 0);
  // A message without a login, and an undelivered notice: both halves are used up, nothing counts.
  const e = newBounceNotices();
  parentFolded(e, [L1], '', '');
  noticeFolded(e, { link: L1, user: '', ip: '', final: false }, 1_000, 5);
  noticeFolded(e, { link: L2, user: '', ip: '', final: false }, 1_000, 0);
  parentFolded(e, [L2], 'alice@example.jp', '203.0.113.10');
  assert.equal(alice(e), 0);
  assert.deepEqual([e.minutes.size, e.parents.size, e.notices.size], [0, 0, 0]);
  // Links of different files are different links.
  assert.notEqual(linkId(1, 5), linkId(0, 5));
});

test('a notice made here counts its outcome for the login it answers, however its halves meet (review AM, AM7)', () => {
  const L1 = linkId(0, 10);
  const L2 = linkId(0, 20);
  const L3 = linkId(0, 30);
  const alice = (b: ReturnType<typeof newBounceNotices>): unknown => madeNoticesWhere(b, (u) => u === 'alice@example.jp');
  const a = newBounceNotices();
  // Known at once; the notice first, then its message; the message first, its notice in another aggregate.
  noticeFolded(a, { link: L1, user: 'alice@example.jp', ip: '203.0.113.10', final: true }, 1_000, 1, 1, { remote: 0, failed: 0, pending: 0 });
  noticeFolded(a, { link: L2, user: '', ip: '', final: false }, 2_000, 0, 0, { remote: 1, failed: 1, pending: 0 });
  parentFolded(a, [L2, L3], 'alice@example.jp', '198.51.100.77');
  const b = newBounceNotices();
  noticeFolded(b, { link: L3, user: '', ip: '', final: false }, 3_000, 0, 0, { remote: 2, failed: 0, pending: 2 });
  mergeBounceNotices(a, b);
  assert.deepEqual(alice(a), { messages: 3, remote: 3, failed: 1, pending: 2 });
  // Undelivered notices count (no delivered recipient), but not in noticesDeliveredFor.
  assert.equal(noticesDeliveredFor(a, 'alice@example.jp', ['203.0.113.10', '198.51.100.77']), 1);
  // A message without a login, or a notice not made here (null), counts for nobody.
  const c = newBounceNotices();
  parentFolded(c, [L1], '', '');
  noticeFolded(c, { link: L1, user: '', ip: '', final: false }, 1_000, 0, 0, { remote: 1, failed: 1, pending: 0 });
  noticeFolded(c, { link: L2, user: 'alice@example.jp', ip: '203.0.113.10', final: true }, 1_000, 1);
  assert.deepEqual([c.made.size, c.parents.size, c.notices.size], [0, 0, 0]);
});

/**
 * alice's message from `ip` at 11:00, bounced by the partner, and its notice under queue ID 5A1B2C3D4E, an ID an
 * earlier message in each test used: cleanup's own Message-ID, qmgr, the bounce(8) line, delivery to alice, removal.
 */
function bouncedWithNotice(ip: string): string[] {
  return [
    `Nov 20 11:00:00 mail postfix/submission/smtpd[2004]: 6B2C3D4E5F: client=unknown[${ip}], sasl_method=PLAIN, sasl_username=alice@example.jp`,
    'Nov 20 11:00:00 mail postfix/cleanup[2002]: 6B2C3D4E5F: message-id=<second.2@example.jp>',
    'Nov 20 11:00:00 mail postfix/qmgr[900]: 6B2C3D4E5F: from=<alice@example.jp>, size=700, nrcpt=1 (queue active)',
    'Nov 20 11:00:01 mail postfix/smtp[2005]: 6B2C3D4E5F: to=<nosuch@partner.example>, relay=mx.partner.example[198.51.100.9]:25, delay=0.3, delays=0/0/0.1/0.2, dsn=5.1.1, status=bounced (host mx.partner.example[198.51.100.9] said: 550 5.1.1 unknown user (in reply to RCPT TO command))',
    'Nov 20 11:00:01 mail postfix/cleanup[2002]: 5A1B2C3D4E: message-id=<20261120110001.5A1B2C3D4E@mail.example.jp>',
    'Nov 20 11:00:01 mail postfix/qmgr[900]: 5A1B2C3D4E: from=<>, size=2924, nrcpt=1 (queue active)',
    'Nov 20 11:00:01 mail postfix/bounce[2006]: 6B2C3D4E5F: sender non-delivery notification: 5A1B2C3D4E',
    'Nov 20 11:00:01 mail postfix/qmgr[900]: 6B2C3D4E5F: removed',
    'Nov 20 11:00:02 mail postfix/lmtp[2007]: 5A1B2C3D4E: to=<alice@example.jp>, relay=mail.example.jp[private/dovecot-lmtp], delay=0.02, delays=0/0/0/0.01, dsn=2.0.0, status=sent (250 2.0.0 <alice@example.jp> GCNTOnDTCmsiUwAAg+zDdQ Saved)',
    'Nov 20 11:00:02 mail postfix/qmgr[900]: 5A1B2C3D4E: removed',
  ];
}

test('a cleanup line under a queue ID whose open record already had its own begins another message, however the log is cut', async () => {
  // The first message's "removed" line was lost (a rotation gap); hours later Postfix gives its queue ID to a notice.
  const lines = [
    'Nov 20 08:00:00 mail postfix/submission/smtpd[2001]: 5A1B2C3D4E: client=unknown[203.0.113.10], sasl_method=PLAIN, sasl_username=alice@example.jp',
    'Nov 20 08:00:00 mail postfix/cleanup[2002]: 5A1B2C3D4E: message-id=<first.1@example.jp>',
    'Nov 20 08:00:00 mail postfix/qmgr[900]: 5A1B2C3D4E: from=<alice@example.jp>, size=782, nrcpt=1 (queue active)',
    'Nov 20 08:00:01 mail postfix/smtp[2003]: 5A1B2C3D4E: to=<x@dead.example>, relay=none, delay=1, delays=0/0/1/0, dsn=4.4.1, status=deferred (connect to mx.dead.example[192.0.2.77]:25: Connection timed out)',
    ...bouncedWithNotice('203.0.113.10'),
  ];
  await atEveryCut(lines, (r, what) => {
    // The lost message is still queued, with its sender; the notice is a message of its own, delivered.
    assert.deepEqual(r.report.stillQueued.map((q) => [q.qid, q.sender, q.since]), [['5A1B2C3D4E', 'alice@example.jp', '2026-11-20T08:00:00']], what);
    assert.equal(r.report.totals.ndrMessages, 1, what);
    assert.equal(noticesDeliveredFor(r.aggregate.bounceNotices, 'alice@example.jp', ['203.0.113.10']), 1, what);
  });
});

test('two Message-ID headers (two cleanup lines before qmgr) stay one message, however the log is cut', async () => {
  // cleanup logs "message-id=" for each Message-ID header it reads (cleanup_message.c); spam may carry two.
  const lines = [
    'Nov 20 09:00:00 mail postfix/smtpd[3001]: 7C3D4E5F6A: client=unknown[198.51.100.23]',
    'Nov 20 09:00:00 mail postfix/cleanup[3002]: 7C3D4E5F6A: message-id=<one@spam.example>',
    'Nov 20 09:00:00 mail postfix/cleanup[3002]: 7C3D4E5F6A: message-id=<two@spam.example>',
    'Nov 20 09:00:00 mail postfix/qmgr[900]: 7C3D4E5F6A: from=<x@spam.example>, size=1200, nrcpt=1 (queue active)',
    'Nov 20 09:00:01 mail postfix/lmtp[3003]: 7C3D4E5F6A: to=<sato@example.jp>, relay=mail.example.jp[private/dovecot-lmtp], delay=0.1, delays=0/0/0/0.1, dsn=2.0.0, status=sent (250 2.0.0 <sato@example.jp> abc Saved)',
    'Nov 20 09:00:01 mail postfix/qmgr[900]: 7C3D4E5F6A: removed',
  ];
  await atEveryCut(lines, (r, what) => {
    const t = r.report.totals;
    assert.deepEqual([t.received, t.delivered, t.stillQueued, t.partialMessages], [1, 1, 0, 0], what);
  });
});

test("cleanup's own Message-ID is told from a message's own header", () => {
  // ../shared/corpus/healthy/maillog: "EEA0B160693: message-id=<20261128131320.EEA0B160693@mail.example.jp>"
  assert.equal(isPostfixMadeId('20261128131320.EEA0B160693@mail.example.jp', 'EEA0B160693'), true);
  assert.equal(isPostfixMadeId('20261128131320.EEA0B160693@mail.example.jp', 'EEA0B160694'), false); // another queue ID's
  assert.equal(isPostfixMadeId('20261128131320.EEA0B1606931@mail.example.jp', 'EEA0B160693'), false);
  assert.equal(isPostfixMadeId('179587160095.21258.5911434761165405963@mail.example.jp', '179587160095'), false); // Python's make_msgid
  assert.equal(isPostfixMadeId('2026112813132X.EEA0B160693@mail.example.jp', 'EEA0B160693'), false);
  assert.equal(isPostfixMadeId('', 'EEA0B160693'), false);
});

test('a notice delivered before bounce(8) logs its line (Postfix 3.7 under load) still counts, and is no queued mail, at every cut', async () => {
  // ../shared/corpus/incident/maillog lines 882, 917, 937, 1304, 5057, 5067, 5101, 5102, 5131, 6719 (texts shortened).
  const lines = [
    'Nov 28 22:16:28 mail postfix/smtpd[22033]: 9C0751606B1: client=unknown[127.99.203.69], sasl_method=PLAIN, sasl_username=info@example.jp',
    'Nov 28 22:16:28 mail postfix/cleanup[22041]: 9C0751606B1: message-id=<>',
    'Nov 28 22:16:28 mail postfix/qmgr[21554]: 9C0751606B1: from=<riaiha@secure-acc.click>, size=873, nrcpt=2 (queue active)',
    'Nov 28 22:16:29 mail postfix/smtp[22083]: 9C0751606B1: to=<aiki_aiwa@docomo.ne.jp>, relay=127.0.1.4[127.0.1.4]:25, conn_use=4, delay=0.83, delays=0.17/0.61/0.03/0.03, dsn=5.1.1, status=bounced (host 127.0.1.4[127.0.1.4] said: 550 5.1.1 <aiki_aiwa@docomo.ne.jp>: Recipient address rejected: User unknown (in reply to RCPT TO command))',
    'Nov 28 22:16:48 mail postfix/cleanup[22031]: BF77016067E: message-id=<20261128131648.BF77016067E@mail.example.jp>',
    'Nov 28 22:16:48 mail postfix/qmgr[21554]: BF77016067E: from=<>, size=4452, nrcpt=1 (queue active)',
    'Nov 28 22:16:48 mail postfix/smtp[22038]: BF77016067E: to=<riaiha@secure-acc.click>, relay=127.0.1.9[127.0.1.9]:25, conn_use=2, delay=0.03, delays=0.01/0/0/0.01, dsn=2.0.0, status=sent (250 2.0.0 Ok: queued as 2224D1D2B)',
    'Nov 28 22:16:48 mail postfix/qmgr[21554]: BF77016067E: removed',
    'Nov 28 22:16:48 mail postfix/bounce[22191]: 9C0751606B1: sender non-delivery notification: BF77016067E',
    'Nov 28 22:17:08 mail postfix/error[22226]: 9C0751606B1: to=<ketana_hichi@yahoo.co.jp>, relay=none, delay=40, delays=40/0/0/0, dsn=4.7.0, status=deferred (delivery temporarily suspended: host 127.0.1.2[127.0.1.2] refused to talk to me: 421 4.7.0 [TSS04] Messages from 127.0.0.1 temporarily deferred)',
  ];
  await atEveryCut(lines, (r, what) => {
    assert.equal(noticesDeliveredFor(r.aggregate.bounceNotices, 'info@example.jp', ['127.99.203.69']), 1, what);
    assert.deepEqual(r.report.stillQueued.map((q) => q.qid), ['9C0751606B1'], what);
    assert.deepEqual([r.report.totals.ndrMessages, r.report.totals.partialMessages], [1, 0], what);
    assert.equal(waiting(r.aggregate), 0, what);
  });
});

test('a notice answering a transaction that has only its client= line counts for its login at every cut (fuzz seed 15)', async () => {
  // ../shared/corpus/incident/maillog shapes; the sender's qmgr and delivery lines are missing (a log with lines
  // lost): the message is an abandoned transaction, but bounce(8) names it, and its notice counts for its login
  // whether the bounce line is read in the range of the client= line or in a later one.
  const lines = [
    'Nov 28 22:16:29 mail postfix/submission/smtpd[22020]: 1219F160714: client=unknown[127.99.229.138], sasl_method=PLAIN, sasl_username=info@example.jp',
    'Nov 28 22:16:29 mail postfix/cleanup[22041]: D294C16075B: message-id=<20261128131629.D294C16075B@mail.example.jp>',
    'Nov 28 22:16:29 mail postfix/bounce[22144]: 1219F160714: sender non-delivery notification: D294C16075B',
    'Nov 28 22:16:29 mail postfix/qmgr[21554]: D294C16075B: from=<>, size=5517, nrcpt=1 (queue active)',
    'Nov 28 22:16:29 mail postfix/lmtp[21712]: D294C16075B: to=<info@example.jp>, relay=mail.example.jp[private/dovecot-lmtp], delay=0.03, delays=0.01/0/0.01/0.01, dsn=2.0.0, status=sent (250 2.0.0 <info@example.jp> yC2oNC3UCmvTVAAAg+zDdQ Saved)',
    'Nov 28 22:16:29 mail postfix/qmgr[21554]: D294C16075B: removed',
  ];
  await atEveryCut(lines, (r, what) => {
    assert.equal(noticesDeliveredFor(r.aggregate.bounceNotices, 'info@example.jp', ['127.99.229.138']), 1, what);
    assert.deepEqual([r.report.totals.abandonedTransactions, r.report.totals.ndrMessages], [1, 1], what);
    assert.equal(waiting(r.aggregate), 0, what);
  });
});

test('a notice reusing the queue ID of a transaction abandoned hours before (its client= line alone) is a message of its own, at every cut', async () => {
  // Short queue IDs come back (an inode and a microsecond count): bob's transaction at 08:00 never entered the queue;
  // at 11:00 Postfix gives its ID to the notice answering alice's bounced message. The whole log took the notice's
  // lines into bob's transaction, a cut between them did not (fourteenth session).
  const lines = [
    'Nov 20 08:00:00 mail postfix/smtpd[2001]: 5A1B2C3D4E: client=unknown[203.0.113.10], sasl_method=PLAIN, sasl_username=bob@example.jp',
    ...bouncedWithNotice('203.0.113.11'),
  ];
  await atEveryCut(lines, (r, what) => {
    const t = r.report.totals;
    assert.deepEqual([t.received, t.abandonedTransactions, t.ndrMessages, t.stillQueued], [1, 1, 1, 0], what);
    assert.equal(noticesDeliveredFor(r.aggregate.bounceNotices, 'alice@example.jp', ['203.0.113.11']), 1, what);
    assert.equal(noticesDeliveredFor(r.aggregate.bounceNotices, 'bob@example.jp', ['203.0.113.10']), 0, what);
    assert.equal(waiting(r.aggregate), 0, what);
  });
});
