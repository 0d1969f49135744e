// Review R (/tmp/revR/findings.md), R1: compare's after side planned from a plain file's last lines (review P, P6)
// analyzed one that holds the before period and more whole when its last lines were dated inside the before period:
// rsyslog flushing another host's queue late ("Nov 27 10:00:00 web1 nginx[2211]: …" at the end of Nov 30's
// mail.log). The before period was then counted on both sides, and the fix read "Not fixed: 0 of the 7 … resolved".

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { AnalyzeOptions, AnalyzeResult } from '../src/run.js';
import { analyze } from '../src/run.js';
import { analyzeAfterSide } from '../src/compare/after-side.js';
import { isMailboxDelivery, storeReplyOf } from '../src/aggregate/mailbox-transport.js';
import { parseLocalTime } from '../src/time.js';
import { ROOT, report } from './helpers.js';

const dir = mkdtempSync(join(tmpdir(), 'mlf-rr-'));
const OPTS = { jobs: 1, top: 0, formats: ['json' as const], allowPartial: false, progress: false, version: 'test' };
const incident = readFileSync(join(ROOT, 'samples', 'incident.log'), 'utf8').split('\n').filter((l) => l !== '');
const afterFix = readFileSync(join(ROOT, 'samples', 'after-fix.log'), 'utf8');
const CUT = parseLocalTime('2026-11-28T09:28:17') + 1; // the end of the before period (inc-part2), + 1 ms

/** The incident from Nov 26 12:00 (the before run), and the same server's log grown past it, ending with `tail`. */
async function setUp(name: string, tail: string[]): Promise<{ before: Awaited<ReturnType<typeof report>>; after: string }> {
  const part2 = join(dir, `${name}-part2.log`);
  writeFileSync(part2, `${incident.slice(incident.findIndex((l) => l >= 'Nov 26 12')).join('\n')}\n`);
  const after = join(dir, `${name}-grown.log`);
  writeFileSync(after, `${incident.join('\n')}\n${afterFix}${tail.join('\n')}\n`);
  return { before: await report([part2], { year: 2026 }), after };
}

function counted(): { run: (o: AnalyzeOptions) => Promise<AnalyzeResult>; sinces: Array<number | undefined> } {
  const sinces: Array<number | undefined> = [];
  return { sinces, run: (o) => { sinces.push(o.since); return analyze(o); } };
}

/** 700 lines (~100 KB, more than the window read from the end) stamped the day before, as rsyslog flushed them late. */
function late(prog: (i: number) => string): string[] {
  return Array.from({ length: 700 }, (_, i) => {
    const s = i * 20;
    const at = `Nov 27 ${String(10 + Math.floor(s / 3600)).padStart(2, '0')}:${String(Math.floor(s / 60) % 60).padStart(2, '0')}:${String(s % 60).padStart(2, '0')}`;
    return `${at} ${prog(i)}`;
  });
}

test('R1: late lines of another program at the end of the grown log do not hide where it ends: one analysis, cut', async () => {
  const { before, after } = await setUp('web', late((i) => `web1 nginx[2211]: 203.0.113.${i % 250} - - [27/Nov/2026:10:00:00 +0900] "GET /wp-login.php HTTP/1.1" 200 4523 "-" "Mozilla/5.0 (Windows NT 10.0; Win64; x64)"`));
  const c = counted();
  const a = (await analyzeAfterSide(before, [after], 2026, true, OPTS, c.run)).report;
  assert.deepEqual(c.sinces, [CUT], 'the file is cut at the end of the before period, in one analysis');
  assert.equal(a.since?.at, '2026-11-28T09:28:17');
  assert.equal(a.period.to, '2026-11-30T19:18:16', 'the after period ends with the grown log\'s own last Postfix/Dovecot line');
});

test('R1: late Postfix lines of another host at the end: analyzed whole first, then cut when the analysis runs past the before period', async () => {
  const { before, after } = await setUp('relay', late((i) => `relay2 postfix/smtpd[4100]: disconnect from unknown[198.51.100.${i % 250}] ehlo=1 quit=1 commands=2`));
  const c = counted();
  const a = (await analyzeAfterSide(before, [after], 2026, true, OPTS, c.run)).report;
  assert.deepEqual(c.sinces, [undefined, CUT], 'whole by its last lines, then cut: its Postfix lines run to Nov 30');
  assert.equal(a.since?.at, '2026-11-28T09:28:17');
  // The same as the log without the late lines, cut: the late lines are before the cut (ignored), nothing else differs.
  const plain = await setUp('plain', []);
  const b = (await analyzeAfterSide(plain.before, [plain.after], 2026, true, OPTS)).report;
  assert.equal(a.totals.received, b.totals.received);
  assert.equal(a.findings.map((f) => `${f.rule} ${f.severity}`).join(', '), b.findings.map((f) => `${f.rule} ${f.severity}`).join(', '));
});

// R3: the campaign's message retried since before the log, whose first three recipients are full mailboxes here and
// whose fourth and fifth are at Yahoo (/tmp/revR/inputs/p5-five.log, verbatim), goes out: it is the campaign's.
const FIVE = [
  'Nov 28 09:28:17 mail postfix/qmgr[35001]: 1A0001637F2: from=<notice8560@rakuten.co.jp>, size=3512, nrcpt=5 (queue active)',
  ...['sato', 'kato', 'ito'].map((u) => `Nov 28 09:28:17 mail postfix/lmtp[39990]: 1A0001637F2: to=<${u}@example.jp>, relay=mail.example.jp[private/dovecot-lmtp], delay=400000, delays=400000/0.01/0/0.02, dsn=4.2.2, status=deferred (452 4.2.2 <${u}@example.jp> Mailbox is full)`),
  ...['tarufumoe', 'hanakomoe'].map((u) => `Nov 28 09:28:18 mail postfix/smtp[39999]: 1A0001637F2: to=<${u}@yahoo.co.jp>, relay=none, delay=400000, delays=400000/0.02/30/0, dsn=4.4.1, status=deferred (connect to mx1.mail.yahoo.co.jp[182.22.12.117]:25: Connection timed out)`),
];

test('R3: a campaign message queued since before the log goes out when any recipient does, not only one of its first three', async () => {
  const out = incident.slice(incident.findIndex((l) => l >= 'Nov 26 12'));
  const k = out.findIndex((l) => l.slice(0, 15) > 'Nov 28 09:28:18');
  out.splice(k < 0 ? out.length : k, 0, ...FIVE);
  const path = join(dir, 'p5-five.log');
  writeFileSync(path, `${out.join('\n')}\n`);
  const r = await report([path], { year: 2026 });
  const q = r.findings.find((f) => f.rule === 'queue-cleanup')!;
  const row = r.stillQueued.find((s) => s.qid === '1A0001637F2')!;
  assert.deepEqual(row.to, ['sato@example.jp', 'kato@example.jp', 'ito@example.jp']);
  assert.equal(row.legitimate, false);
  assert.ok(q.lists!['queue-delete.txt']!.includes('1A0001637F2'));
  assert.equal(q.evidence.queuedSinceBeforeLogAsForgedDomains, 1);
});

test('R4: lmtp to a mail store host on a port of its own is a mailbox here; a content filter\'s port or this host\'s loopback is not, unless a mail store answered', () => {
  // /tmp/revR/inputs/p5-lmtpport.log: "relay=store1.example.jp[10.0.0.12]:2424, …, status=deferred (452 4.2.2 … Mailbox is full)"
  // (sockets, port 24, amavis's socket and loopback port: review-p-rest.test.ts P5). This host's loopback on another port
  // than 24 and no filter's: the reply tells (review R, R4 rest), Dovecot LMTP's (lmtp-local.c; "Saved" as the corpus's
  // healthy/maillog over a socket) or a filter's; a known filter port stays a filter's whatever it answers.
  const cases: Array<[agent: string, relay: string, reply: string, here: boolean]> = [
    ['lmtp', 'store1.example.jp[10.0.0.12]:2424', '', true],
    ['lmtp', 'zimbra-mbox.example.jp[192.0.2.30]:7025', '', true],
    ['lmtp', 'filter.example.jp[10.0.0.5]:10024', '', false],
    ['lmtp', 'rspamd.example.jp[10.0.0.6]:11332', '', false],
    ['lmtp', 'localhost[127.0.0.1]:2424', '', false],
    ['smtp', 'store1.example.jp[10.0.0.12]:2424', '', false],
    ['lmtp', 'localhost[127.0.0.1]:2424', '250 2.0.0 <owner@example.jp> lIx3Bq7yZGXbFQAAYrLDTQ Saved', true],
    ['lmtp', 'localhost[::1]:2424', '250 2.0.0 <sato@example.jp> yM3VOW/TCmsiUwAAg+zDdQ:R2 Saved', true],
    ['lmtp', '127.0.0.1[127.0.0.1]:2424', '452 4.2.2 <owner@example.jp> Mailbox is full', true],
    ['lmtp', '127.0.0.1[127.0.0.1]:2424', 'host 127.0.0.1[127.0.0.1] said: 552 5.2.2 <owner@example.jp> Quota exceeded (mailbox for user is full) (in reply to end of DATA command)', true],
    ['lmtp', '127.0.0.1[127.0.0.1]:2003', 'host 127.0.0.1[127.0.0.1] said: 550 5.1.1 <nobody@example.jp> User doesn\'t exist: nobody@example.jp (in reply to RCPT TO command)', true],
    ['lmtp', '127.0.0.1[127.0.0.1]:2424', 'connect to 127.0.0.1[127.0.0.1]:2424: Connection refused', false],
    ['lmtp', '127.0.0.1[127.0.0.1]:10030', '250 2.0.0 from MTA(smtp:[127.0.0.1]:10031): 250 2.0.0 Ok: queued as 0BBAFDADB7', false],
    ['lmtp', '127.0.0.1[127.0.0.1]:10030', 'host 127.0.0.1[127.0.0.1] said: 554 5.7.1 <x@example.org>: Recipient address rejected: Access denied (in reply to RCPT TO command)', false],
    ['lmtp', '127.0.0.1[127.0.0.1]:10030', '250 Virus Detected; Discarded Email', false],
    ['lmtp', '127.0.0.1[127.0.0.1]:10024', '250 2.0.0 <owner@example.jp> lIx3Bq7yZGXbFQAAYrLDTQ Saved', false],
    ['lmtp', '127.0.0.1[127.0.0.1]:24', '452 4.2.2 <owner@example.jp> Mailbox is full', true],
    ['lmtp', 'mail.example.jp[private/amavis]', '250 2.0.0 <owner@example.jp> lIx3Bq7yZGXbFQAAYrLDTQ Saved', false],
    ['smtp', '127.0.0.1[127.0.0.1]:2424', '250 2.0.0 <owner@example.jp> lIx3Bq7yZGXbFQAAYrLDTQ Saved', false],
  ];
  for (const [agent, relay, reply, here] of cases) {
    assert.equal(isMailboxDelivery(agent, relay, storeReplyOf(agent, relay, reply)), here, `${agent} ${relay} (${reply})`);
  }
});

// R4 rest: Rakuten's notice for a full mailbox of the second hosted domain, queued since before the log and delivered by
// lmtp to Dovecot on this host's loopback port 2424, is incoming mail: not in queue-delete.txt. The campaign's retry to
// an outside recipient through a filter on such a port (its reply a filter's, or none) stays listed.
const LOOPBACK = [
  'Nov 28 09:28:17 mail postfix/qmgr[35001]: 2B0001637F3: from=<order@rakuten.co.jp>, size=23110, nrcpt=1 (queue active)',
  'Nov 28 09:28:17 mail postfix/lmtp[39997]: 2B0001637F3: to=<owner@example-shop.jp>, relay=localhost[127.0.0.1]:2424, delay=400000, delays=400000/0.01/0/0.02, dsn=4.2.2, status=deferred (452 4.2.2 <owner@example-shop.jp> Mailbox is full)',
  'Nov 28 09:28:18 mail postfix/qmgr[35001]: 1A0001637F2: from=<notice8560@rakuten.co.jp>, size=3512, nrcpt=1 (queue active)',
  'Nov 28 09:28:18 mail postfix/lmtp[39998]: 1A0001637F2: to=<tarufumoe@yahoo.co.jp>, relay=127.0.0.1[127.0.0.1]:10030, delay=400000, delays=400000/0.02/0/0, dsn=4.3.0, status=deferred (host 127.0.0.1[127.0.0.1] said: 451 4.3.0 Error: queue file write error (in reply to end of DATA command))',
  'Nov 28 09:28:19 mail postfix/qmgr[35001]: 1A0001637F4: from=<notice8561@rakuten.co.jp>, size=3512, nrcpt=1 (queue active)',
  'Nov 28 09:28:19 mail postfix/lmtp[39999]: 1A0001637F4: to=<hanakomoe@yahoo.co.jp>, relay=127.0.0.1[127.0.0.1]:10030, delay=400000, delays=400000/0.02/0/0, dsn=4.4.1, status=deferred (connect to 127.0.0.1[127.0.0.1]:10030: Connection refused)',
];

test('R4 rest: a full mailbox behind Dovecot LMTP on this host\'s loopback port 2424 stays; the campaign through a loopback filter port is listed, every cut', async () => {
  const out = incident.slice(incident.findIndex((l) => l >= 'Nov 26 12'));
  const k = out.findIndex((l) => l.slice(0, 15) > 'Nov 28 09:28:19');
  out.splice(k < 0 ? out.length : k, 0, ...LOOPBACK);
  const path = join(dir, 'r4-loopback.log');
  const text = `${out.join('\n')}\n`;
  writeFileSync(path, text);
  const r = await report([path], { year: 2026 });
  const q = r.findings.find((f) => f.rule === 'queue-cleanup')!;
  const list = q.lists!['queue-delete.txt']!;
  const legit = (id: string): boolean | undefined => r.stillQueued.find((s) => s.qid === id)?.legitimate;
  assert.deepEqual(['2B0001637F3', '1A0001637F2', '1A0001637F4'].map(legit), [true, false, false]);
  assert.ok(!list.includes('2B0001637F3'));
  assert.ok(list.includes('1A0001637F2') && list.includes('1A0001637F4'));
  assert.ok(q.legitimateQueueIds!.includes('2B0001637F3'));
  assert.equal(q.evidence.queuedSinceBeforeLogAsForgedDomains, 2);
  const json = JSON.stringify(r);
  const bytes = Buffer.byteLength(text);
  for (const [jobs, rangeBytes] of [[2, Math.ceil(bytes / 2)], [3, Math.ceil(bytes / 5)], [3, 60_000]] as const) {
    assert.equal(JSON.stringify(await report([path], { year: 2026, jobs, rangeBytes })), json, `jobs ${jobs}, ranges of ${rangeBytes} bytes`);
  }
});
