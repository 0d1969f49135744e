// Review T (/tmp/revT/findings.md). F2: a recipient's mail store verdict (RecipientState.storeReply) is kept once an
// attempt got a store's reply, whatever the later attempts met: Rakuten's notice for a full mailbox behind Dovecot LMTP on
// this host's loopback port 2424 is incoming mail even when a later retry finds Dovecot restarting. F3: Cyrus lmtpd's
// replies (no recipient named, its session token) are a mail store's. F4/F5: a Dovecot login proxy and its backends in
// one log: each session once, per protocol, a backend that does not trust the proxy included, and logins from the
// proxy host's own address kept (aggregate/mailbox-logins.ts foldProxiedLogins).

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Report } from '../src/report/model.js';
import { isMailboxDelivery, storeReplyOf } from '../src/aggregate/mailbox-transport.js';
import { ROOT, report, reportEveryWay } from './helpers.js';

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

// --- F4/F5 -------------------------------------------------------------------------------------------------------
// Lines of /tmp/revT/gen_proxy.py's shape: a proxy's "started proxying" line and a backend's "Login:" line.

const stamp = (min: number): string => `Nov 10 ${String(6 + Math.floor(min / 60)).padStart(2, '0')}:${String(min % 60).padStart(2, '0')}:00`;
let sid = 0;
const session = (): string => `pX0bQ8xW${String(++sid).padStart(7, '0')}`;
function proxy(min: number, proto: string, user: string, rip: string, lip: string, backend: string): string {
  return `${stamp(min)} proxy1 dovecot: ${proto}-login: proxy(${user}): started proxying to ${backend}:${proto === 'pop3' ? 110 : 143}: user=<${user}>, method=PLAIN, rip=${rip}, lip=${lip}, TLS, session=<${session()}>`;
}
function login(min: number, proto: string, user: string, rip: string, lip: string): string {
  return `${stamp(min)} imap1 dovecot: ${proto}-login: Login: user=<${user}>, method=PLAIN, rip=${rip}, lip=${lip}, mpid=${4000 + min}, TLS, session=<${session()}>`;
}

/** The report of `lines` (by time) at every cut; its rows per user and IP, and the checks that rows and totals agree. */
async function logins(name: string, lines: string[]): Promise<{ rows: Record<string, Record<string, number>>; byUser: Record<string, number>; total: number }> {
  const sorted = [...lines].sort((a, b) => (a.slice(0, 15) < b.slice(0, 15) ? -1 : a.slice(0, 15) > b.slice(0, 15) ? 1 : 0));
  const r = await reportEveryWay(dir, `${name}.log`, { text: () => `${sorted.join('\n')}\n` });
  const rows: Record<string, Record<string, number>> = {};
  let sum = 0;
  const byUser = Object.fromEntries(r.dovecotLoginsByUser.map((x) => [x.key, x.count]));
  for (const u of r.mailboxLoginsByUser!) {
    rows[u.key] = Object.fromEntries(u.topClientIps.map((x) => [x.ip, x.logins]));
    assert.equal(u.topClientIps.reduce((n, x) => n + x.logins, 0), u.logins);
    sum += u.logins;
    // Review U, U3: each row's logins per protocol add up to its logins, and the user's to its logins per protocol.
    for (const x of u.topClientIps) assert.equal(Object.values(x.protocols).reduce((n, c) => n + c, 0), x.logins, `${name}: ${u.key} ${x.ip}`);
    const perProtocol = Object.fromEntries(Object.keys(byUser).filter((k) => k.endsWith(` ${u.key}`)).map((k) => [k.slice(0, k.indexOf(' ')), byUser[k]]));
    assert.deepEqual(u.protocols, perProtocol, `${name}: ${u.key}'s protocols`);
  }
  const total = r.totals.dovecotLogins;
  assert.equal(sum, total, `${name}: the rows add up to totals.dovecotLogins`);
  assert.equal(Object.values(byUser).reduce((n, x) => n + x, 0), total, `${name}: dovecotLoginsByUser adds up to it`);
  return { rows, byUser, total };
}

const INFO = 'info@example.jp';
const CLIENT = '101.82.15.105';

test('F4: a backend that does not trust the proxy and the client\'s own logins to it add up (p5: 3 + 2 = 5), every cut', async () => {
  // /tmp/revT/inputs/p5-untrusted-plus-direct.log: 3 sessions through 10.0.0.5 to 10.0.0.6, which logs rip=10.0.0.5, and
  // 2 straight to 10.0.0.6 from the same client. Was 3 (the larger of 3 and 2), against totals 5.
  const lines = [0, 10, 20].flatMap((m) => [proxy(m, 'imap', INFO, CLIENT, '10.0.0.5', '10.0.0.6'), login(m, 'imap', INFO, '10.0.0.5', '10.0.0.6')]);
  lines.push(login(30, 'imap', INFO, CLIENT, '10.0.0.6'), login(40, 'imap', INFO, CLIENT, '10.0.0.6'));
  const a = await logins('f4-untrusted-plus-direct', lines);
  assert.deepEqual(a.rows, { [INFO]: { [CLIENT]: 5 } });
  assert.deepEqual([a.byUser[`imap ${INFO}`], a.total], [5, 5]);
});

test('F4: a proxy line pairs with backend lines of its own protocol only (p1: IMAP through a director, POP3 straight: 10 + 5)', async () => {
  // /tmp/revT/inputs/p1-imap-proxy-pop3-direct.log: the IMAP backend logs elsewhere. Was 10 (the larger of 10 and 5).
  const lines = Array.from({ length: 10 }, (_, i) => proxy(i * 10, 'imap', INFO, CLIENT, '10.0.0.5', '10.0.0.6'));
  for (let i = 0; i < 5; i++) lines.push(login(i * 10 + 5, 'pop3', INFO, CLIENT, '10.0.0.8'));
  const a = await logins('f4-imap-proxy-pop3-direct', lines);
  assert.deepEqual(a.rows, { [INFO]: { [CLIENT]: 15 } });
  assert.deepEqual([a.byUser[`imap ${INFO}`], a.byUser[`pop3 ${INFO}`], a.total], [10, 5, 15]);
});

test('F4: a trusting backend\'s lines of proxied sessions count once, through one proxy while another is not trusted', async () => {
  // 10.0.0.6 trusts the IMAP proxy 10.0.0.5 (its lines: the client's rip) and not the POP3 proxy 10.0.0.4 (rip=10.0.0.4),
  // as /tmp/revT/inputs/p4-many.log's backends. CLIENT: 4 IMAP sessions through the proxy, 2 POP3 through the other;
  // 198.51.100.40: 2 IMAP straight to 10.0.0.6 and 1 through the proxy to 10.0.0.7 (which logs it too).
  const lines: string[] = [];
  for (const m of [0, 10, 20, 30]) lines.push(proxy(m, 'imap', INFO, CLIENT, '10.0.0.5', '10.0.0.6'), login(m, 'imap', INFO, CLIENT, '10.0.0.6'));
  for (const m of [5, 15]) lines.push(proxy(m, 'pop3', INFO, CLIENT, '10.0.0.4', '10.0.0.6'), login(m, 'pop3', INFO, '10.0.0.4', '10.0.0.6'));
  lines.push(login(40, 'imap', INFO, '198.51.100.40', '10.0.0.6'), login(50, 'imap', INFO, '198.51.100.40', '10.0.0.6'));
  lines.push(proxy(60, 'imap', INFO, '198.51.100.40', '10.0.0.5', '10.0.0.7'), login(60, 'imap', INFO, '198.51.100.40', '10.0.0.7'));
  const a = await logins('f4-trusted-and-not', lines);
  assert.deepEqual(a.rows, { [INFO]: { [CLIENT]: 6, '198.51.100.40': 3 } });
  assert.deepEqual([a.byUser[`imap ${INFO}`], a.byUser[`pop3 ${INFO}`], a.total], [7, 2, 9]);
});

test('F4: a backend named by host name, trusting the proxy: the larger count per client, as before (R6)', async () => {
  // "started proxying to imap1.example.jp:143" (passdb host=imap1.example.jp) never matches the backend's lip: its lines
  // of the proxied sessions cannot be told from logins of their own, and counting both would double every session.
  const lines = [0, 10].flatMap((m) => [proxy(m, 'imap', INFO, CLIENT, '10.0.0.5', 'imap1.example.jp'), login(m, 'imap', INFO, CLIENT, '10.0.0.6')]);
  const a = await logins('f4-host-name', lines);
  assert.deepEqual(a.rows, { [INFO]: { [CLIENT]: 2 } });
});

test('F5: logins from the proxy node\'s own address stay, beyond the proxied sessions (p2: webmail users; 32 = 20 + 12)', async () => {
  // /tmp/revT/inputs/p2-cluster-webmail.log: A 192.0.2.10 proxies to B 192.0.2.20, which does not trust A; Roundcube on A
  // logs web0..web2 in to B (rip=192.0.2.10). Those users were gone from the rows (20 against totals 32).
  const [A, B] = ['192.0.2.10', '192.0.2.20'];
  const lines: string[] = [];
  for (let i = 0; i < 20; i++) {
    const user = `user${i % 4}@example.jp`;
    lines.push(proxy(i * 2, 'imap', user, `203.0.113.${50 + (i % 4)}`, A, B), login(i * 2, 'imap', user, A, B));
  }
  for (let i = 0; i < 12; i++) lines.push(login(40 + i * 5, 'imap', `web${i % 3}@example.jp`, A, B));
  // info@: 3 sessions through A and 2 webmail logins on A: 2 from A stay.
  for (const m of [100, 110, 120]) lines.push(proxy(m, 'imap', INFO, CLIENT, A, B), login(m, 'imap', INFO, A, B));
  lines.push(login(130, 'imap', INFO, A, B), login(140, 'imap', INFO, A, B));
  const a = await logins('f5-cluster-webmail', lines);
  const want: Record<string, Record<string, number>> = { [INFO]: { [CLIENT]: 3, [A]: 2 } };
  for (let u = 0; u < 4; u++) want[`user${u}@example.jp`] = { [`203.0.113.${50 + u}`]: 5 };
  for (let u = 0; u < 3; u++) want[`web${u}@example.jp`] = { [A]: 4 };
  assert.deepEqual(a.rows, want);
  assert.equal(a.total, 37);
});

test('F5: a backend that trusts the proxy, with a webmail on the proxy node logging in to it anew on each request', async () => {
  // 10.0.0.6 trusts 10.0.0.5: the proxied sessions' lines carry the client's rip. Roundcube on 10.0.0.5 logs in to
  // 10.0.0.6 straight, 30 times (rip=10.0.0.5): logins of their own, not the proxy's connections; and the client's
  // lines are the proxied sessions again, not sessions of their own (2, not 4).
  const lines = [0, 10].flatMap((m) => [proxy(m, 'imap', INFO, CLIENT, '10.0.0.5', '10.0.0.6'), login(m, 'imap', INFO, CLIENT, '10.0.0.6')]);
  for (let i = 0; i < 30; i++) lines.push(login(20 + i, 'imap', INFO, '10.0.0.5', '10.0.0.6'));
  const a = await logins('f5-trusted-webmail', lines);
  assert.deepEqual(a.rows, { [INFO]: { [CLIENT]: 2, '10.0.0.5': 30 } });
  assert.equal(a.total, 32);
});
