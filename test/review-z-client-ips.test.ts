// Review Z, the rest of it (a first-time user reading the report): the Client IPs table has a row for the IPs that
// only used IMAP/POP3 (a guesser's row, the reader of the mailbox the finding names), with their successful logins,
// and a role for a client that no finding names but its own lines describe: an inbound mail server, a mail reader.
// Known answers from samples/incident.log and a small log of real line shapes (samples/incident.log lines 125-132,
// 1193 and the sample's submission and relay lines).

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ClientIpRow, Report } from '../src/report/model.js';
import { renderMarkdown } from '../src/render/markdown.js';
import { renderCsv } from '../src/render/csv.js';
import { redactReport } from '../src/report/redact.js';
import { KEPT_BELOW_CUT } from '../src/report/build.js';
import { ROOT, markdownRows, markdownSection, report } from './helpers.js';

const SAMPLE = join(ROOT, 'samples', 'incident.log');

const rowOf = (r: Report, ip: string): ClientIpRow | undefined => r.byClientIp.find((x) => x.key === ip);

/** The sample's eight IPs that failed IMAP/POP3 logins and never spoke SMTP, with their failures (sasl-bruteforce's). */
const IMAP_GUESSERS: Record<string, number> = {
  '49.218.138.161': 6, '94.116.240.230': 6, '122.245.50.190': 5, '187.40.206.220': 5, '81.195.86.32': 5, '95.92.147.133': 5,
  '160.19.72.123': 4, '195.117.88.138': 2,
};

test('samples/incident.log: the IP that read info@\'s mailbox (one IMAP login, no SMTP) and the IMAP/POP3 guessers have rows below the --top cut', async () => {
  const r = await report([SAMPLE], { year: 2026, top: 50 });
  // The finding names it; before, no row did.
  assert.match(r.findings[0]!.evidence.mailboxLoginsSinceGuessed as string, /^177\.138\.12\.246 \(imap, 1×/);
  const reader = rowOf(r, '177.138.12.246')!;
  assert.deepEqual(reader, {
    key: '177.138.12.246', name: '', connections: 0, messages: 0, recipients: 0, authFailures: 0, authAborted: 0, mailboxLoginFailures: 0,
    rejects: 0, relayDenied: 0, unknownRecipient: 0, unauthRelayed: 0, saslUsers: [], usersTried: 0, topUsersTried: [],
    firstAt: '2026-11-25T23:52:31', lastAt: '2026-11-25T23:52:31', refusedMessages: 0, sessionProblems: 0, sessionProblemKinds: {},
    roles: ['opened-compromised-mailbox'], mailboxLogins: 1, mailboxUsers: ['info@example.jp'],
  });
  for (const [ip, failures] of Object.entries(IMAP_GUESSERS)) {
    const x = rowOf(r, ip)!;
    assert.ok(x !== undefined, `${ip} has a row`);
    assert.deepEqual([x.connections, x.authFailures + x.authAborted, x.mailboxLoginFailures, x.roles], [0, 0, failures, ['mailbox-password-guessing']], ip);
  }
  // 50 by activity, and the 9 the findings name that the cut left out; still in the order of activity.
  assert.equal(r.byClientIp.length, 59);
  const activity = (x: ClientIpRow): number => x.connections + x.messages + x.authFailures + x.authAborted + x.rejects + x.mailboxLoginFailures
    + x.sessionProblems + (x.mailboxLogins ?? 0);
  for (let i = 1; i < r.byClientIp.length; i++) {
    const [a, b] = [r.byClientIp[i - 1]!, r.byClientIp[i]!];
    assert.ok(activity(a) > activity(b) || (activity(a) === activity(b) && a.key < b.key), `${a.key} before ${b.key}`);
  }
  // Counted among all client IPs: 128 with SMTP or failed logins, and 4 that only logged in to mailboxes.
  assert.equal(r.clientIpCounts.clientIps, 132);
  const all = await report([SAMPLE], { year: 2026, top: 0 });
  assert.equal(all.byClientIp.length, 132);
  assert.deepEqual(all.byClientIp.filter((x) => x.connections + x.messages + x.mailboxLoginFailures === 0).map((x) => [x.key, x.mailboxLogins]),
    [['192.0.2.140', 3], ['198.51.100.55', 2], ['177.138.12.246', 1], ['192.0.2.203', 1]]);
  assert.deepEqual(rowOf(all, '177.138.12.246'), reader);
  // The SMTP guessers keep "password guessing": exactly the blocklist's IPs with an SMTP AUTH failure.
  const blocked = new Set(r.findings.find((f) => f.rule === 'sasl-bruteforce')!.lists!['blocklist-ips.txt']);
  for (const x of all.byClientIp) {
    assert.equal(x.roles?.includes('password-guessing') ?? false, blocked.has(x.key) && x.authFailures + x.authAborted > 0, x.key);
    assert.equal(x.roles?.includes('mailbox-password-guessing') ?? false, blocked.has(x.key) && x.authFailures + x.authAborted === 0, x.key);
  }
});

test('samples/incident.log: the rows kept below the cut are capped and chosen by role, then activity, then IP', async () => {
  const r = await report([SAMPLE], { year: 2026, top: 5 });
  const busiest = (await report([SAMPLE], { year: 2026, top: 0 })).byClientIp.slice(0, 5).map((x) => x.key);
  const kept = r.byClientIp.map((x) => x.key).filter((ip) => !busiest.includes(ip));
  // At most --top of them (and never more than KEPT_BELOW_CUT): the guess of info@, the mailbox reader, then the
  // IMAP guessers with the most failures (6, 6, then the first of those with 5 by IP).
  assert.ok(KEPT_BELOW_CUT >= 5);
  assert.deepEqual(new Set(kept), new Set(['41.213.169.4', '177.138.12.246', '49.218.138.161', '94.116.240.230', '122.245.50.190']));
  assert.equal(r.byClientIp.length, 10);
  // The same rows whatever the jobs and ranges.
  const split = await report([SAMPLE], { year: 2026, top: 5, jobs: 3, rangeBytes: 65_536 });
  assert.deepEqual(split.byClientIp, r.byClientIp);
});

test('report.md: the IMAP/POP3 column gives failed and successful logins; the rows\' roles in both languages', async () => {
  const sec = markdownSection(renderMarkdown(await report([SAMPLE], { year: 2026, top: 50 }), 't'), 'Client IPs');
  assert.match(sec, /^\| IP \| Role \| Name \| Connections \| Messages \| AUTH failures \| Logins \(IMAP, POP3\) failed \/ OK \| Rejects \|/m);
  const row = (ip: string): string => markdownRows(sec).find((l) => l.startsWith(`| ${ip} |`))!;
  assert.equal(row('177.138.12.246'), '| 177.138.12.246 | opened the compromised mailbox |  | 0 | 0 | 0 | 0 / 1 | 0 |  |  | 0 |');
  assert.equal(row('49.218.138.161'), '| 49.218.138.161 | password guessing over IMAP/POP3 |  | 0 | 0 | 0 | 6 / 0 | 0 |  |  | 3 |');
  // The findings' roles first, then the row's own: the office that sent as its users and reads their mail.
  assert.match(row('198.51.100.40'), /^\| 198\.51\.100\.40 \| the account owner's client, logged in to a mailbox \|  \| 41 \| 43 \| 1 \| 0 \/ 51 \|/);
  assert.match(row('40.107.74.41'), /^\| 40\.107\.74\.41 \| mail server delivering to us \| mail-tycjpn01on2041\.outbound\.protection\.outlook\.com \| 19 \| 27 \|/);
  const ja = markdownSection(renderMarkdown(await report([SAMPLE], { year: 2026, top: 50, lang: 'ja' }), 't'), 'クライアント IP');
  assert.match(ja, /^\| IP \| 役割 \| ホスト名 \| 接続数 \| メール数 \| AUTH 失敗 \| ログイン（IMAP\/POP3）失敗 \/ 成功 \|/m);
  const jaRow = (ip: string): string => markdownRows(ja).find((l) => l.startsWith(`| ${ip} |`))!;
  assert.match(jaRow('177.138.12.246'), /^\| 177\.138\.12\.246 \| 乗っ取られたメールボックスを開いた \|  \| 0 \| 0 \| 0 \| 0 \/ 1 \|/);
  assert.match(jaRow('49.218.138.161'), /^\| 49\.218\.138\.161 \| IMAP\/POP3 でのパスワードの推測 \|/);
  assert.match(jaRow('198.51.100.40'), /^\| 198\.51\.100\.40 \| アカウント所有者の端末、メールボックスにログイン \|/);
  assert.match(jaRow('40.107.74.41'), /^\| 40\.107\.74\.41 \| 当方宛てに配送するメールサーバー \|/);
});

// ------------------------------------------------------------------------------------------------ a small log

/** Real line shapes (samples/incident.log), one client of each kind. */
const LOG = [
  // An inbound mail server: no login, one message for our user, delivered here (lines 125-132).
  'Nov 25 11:36:05 mail postfix/smtpd[35376]: connect from mail-tycjpn01on2041.outbound.protection.outlook.com[40.107.74.41]',
  'Nov 25 11:36:06 mail postfix/smtpd[35376]: 2023E1637B1: client=mail-tycjpn01on2041.outbound.protection.outlook.com[40.107.74.41]',
  'Nov 25 11:36:06 mail postfix/cleanup[35377]: 2023E1637B1: message-id=<TYCPR01MB15691AA81000B0454CC8104111434@TYCPR01MB18347.jpnprd01.prod.outlook.com>',
  'Nov 25 11:36:06 mail postfix/qmgr[32300]: 2023E1637B1: from=<a.matsumoto@hotmail.com>, size=16339, nrcpt=1 (queue active)',
  'Nov 25 11:36:06 mail postfix/lmtp[35379]: 2023E1637B1: to=<info@example.jp>, relay=mail.example.jp[private/dovecot-lmtp], delay=0.32, delays=0.3/0/0/0.01, dsn=2.0.0, status=sent (250 2.0.0 <info@example.jp> GyAHG5ZJBmsyigAAg+zDdQ Saved)',
  'Nov 25 11:36:06 mail postfix/qmgr[32300]: 2023E1637B1: removed',
  'Nov 25 11:36:07 mail postfix/smtpd[35376]: disconnect from mail-tycjpn01on2041.outbound.protection.outlook.com[40.107.74.41] ehlo=1 mail=1 rcpt=1 data=1 quit=1 commands=5',
  // A user of ours sending out with a login: not another server.
  'Nov 25 09:38:06 mail postfix/submission/smtpd[35262]: connect from unknown[198.51.100.40]',
  'Nov 25 09:38:07 mail postfix/submission/smtpd[35262]: 1E7A91637B1: client=unknown[198.51.100.40], sasl_method=PLAIN, sasl_username=tanaka@example.jp',
  'Nov 25 09:38:07 mail postfix/cleanup[35263]: 1E7A91637B1: message-id=<fee0d015-ae93-441b-9d0a-cf7cfdc51d08@example.jp>',
  'Nov 25 09:38:07 mail postfix/qmgr[32300]: 1E7A91637B1: from=<tanaka@example.jp>, size=11866, nrcpt=1 (queue active)',
  'Nov 25 09:38:09 mail postfix/smtp[35272]: 1E7A91637B1: to=<a.matsumoto@hotmail.com>, relay=hotmail-com.olc.protection.outlook.com[52.101.40.29]:25, delay=2.1, delays=0.36/0/1.2/0.52, dsn=2.6.0, status=sent (250 2.6.0 <fee0d015-ae93-441b-9d0a-cf7cfdc51d08@example.jp> [InternalId=3044893173, Hostname=TYCP286MB6055.JPNP286.PROD.OUTLOOK.COM] 11866 bytes in 0.055, 33.488 KB/sec Queued mail for delivery)',
  'Nov 25 09:38:09 mail postfix/qmgr[32300]: 1E7A91637B1: removed',
  'Nov 25 09:38:10 mail postfix/submission/smtpd[35262]: disconnect from unknown[198.51.100.40] ehlo=2 starttls=1 auth=1 mail=1 rcpt=1 data=1 quit=1 commands=8',
  // A client without a login whose mail went to an outside domain: relayed through us, no inbound server.
  'Nov 25 12:00:00 mail postfix/smtpd[35400]: connect from unknown[203.0.113.50]',
  'Nov 25 12:00:01 mail postfix/smtpd[35400]: 3A1B2C3D4E5: client=unknown[203.0.113.50]',
  'Nov 25 12:00:01 mail postfix/cleanup[35377]: 3A1B2C3D4E5: message-id=<x1@example.net>',
  'Nov 25 12:00:01 mail postfix/qmgr[32300]: 3A1B2C3D4E5: from=<shop@example.net>, size=2000, nrcpt=1 (queue active)',
  'Nov 25 12:00:02 mail postfix/smtp[35272]: 3A1B2C3D4E5: to=<a.matsumoto@hotmail.com>, relay=hotmail-com.olc.protection.outlook.com[52.101.40.29]:25, delay=1.1, delays=0.1/0/0.5/0.5, dsn=2.6.0, status=sent (250 2.6.0 <x1@example.net> Queued mail for delivery)',
  'Nov 25 12:00:02 mail postfix/qmgr[32300]: 3A1B2C3D4E5: removed',
  'Nov 25 12:00:03 mail postfix/smtpd[35400]: disconnect from unknown[203.0.113.50] ehlo=1 mail=1 rcpt=1 data=1 quit=1 commands=5',
  // The server itself handing a message to a local user (a web form, a content filter): our own network.
  'Nov 25 12:10:00 mail postfix/smtpd[35401]: connect from localhost[127.0.0.1]',
  'Nov 25 12:10:01 mail postfix/smtpd[35401]: 4B1B2C3D4E6: client=localhost[127.0.0.1]',
  'Nov 25 12:10:01 mail postfix/cleanup[35377]: 4B1B2C3D4E6: message-id=<x2@example.jp>',
  'Nov 25 12:10:01 mail postfix/qmgr[32300]: 4B1B2C3D4E6: from=<www-data@example.jp>, size=900, nrcpt=1 (queue active)',
  'Nov 25 12:10:01 mail postfix/lmtp[35379]: 4B1B2C3D4E6: to=<tanaka@example.jp>, relay=mail.example.jp[private/dovecot-lmtp], delay=0.1, delays=0.05/0/0/0.05, dsn=2.0.0, status=sent (250 2.0.0 <tanaka@example.jp> HyAHG5ZJBmsyigAAg+zDdQ Saved)',
  'Nov 25 12:10:01 mail postfix/qmgr[32300]: 4B1B2C3D4E6: removed',
  'Nov 25 12:10:02 mail postfix/smtpd[35401]: disconnect from localhost[127.0.0.1] ehlo=1 mail=1 rcpt=1 data=1 quit=1 commands=5',
  // A phone that only reads mail over IMAP (line 1921's shape): no Postfix line at all.
  'Nov 26 11:18:02 mail dovecot: imap-login: Login: user=<takahashi@example.jp>, method=PLAIN, rip=192.0.2.61, lip=203.0.113.25, mpid=37065, TLS, session=<8qqKjSRhjsTAAAI9>',
  'Nov 26 15:20:11 mail dovecot: imap-login: Login: user=<takahashi@example.jp>, method=PLAIN, rip=192.0.2.61, lip=203.0.113.25, mpid=37101, TLS, session=<9qqKjSRhjsTAAAI9>',
  'Nov 27 20:17:50 mail dovecot: imap-login: Login: user=<takahashi@example.jp>, method=PLAIN, rip=192.0.2.61, lip=203.0.113.25, mpid=37290, TLS, session=<AqqKjSRhjsTAAAI9>',
].sort((a, b) => (a.slice(0, 15) < b.slice(0, 15) ? -1 : a.slice(0, 15) > b.slice(0, 15) ? 1 : 0)).join('\n') + '\n';

test('a small log: an inbound mail server, a user, a relayed client, the server itself and an IMAP-only phone, each with its role', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'mlf-client-ips-'));
  const path = join(dir, 'maillog');
  writeFileSync(path, LOG);
  const r = await report([path], { year: 2026, top: 50 });
  assert.deepEqual(r.lines.unparsed, 0);
  assert.deepEqual(r.findings.map((f) => f.rule), []);
  const roles = Object.fromEntries(r.byClientIp.map((x) => [x.key, x.roles ?? []]));
  assert.deepEqual(roles, {
    '40.107.74.41': ['inbound-mx'],
    '198.51.100.40': [],
    '203.0.113.50': [],
    '127.0.0.1': [],
    '192.0.2.61': ['mailbox-login'],
  });
  const phone = rowOf(r, '192.0.2.61')!;
  assert.deepEqual([phone.connections, phone.messages, phone.mailboxLogins, phone.mailboxUsers, phone.firstAt, phone.lastAt],
    [0, 0, 3, ['takahashi@example.jp'], '2026-11-26T11:18:02', '2026-11-27T20:17:50']);
  // No other row carries the two new fields (report.json as before for them).
  for (const x of r.byClientIp.filter((y) => y.key !== '192.0.2.61')) assert.ok(!('mailboxLogins' in x) && !('mailboxUsers' in x), x.key);
  assert.equal(r.clientIpCounts.clientIps, 5);
  // The CSV has the columns; a redacted report names no mailbox.
  const csv = String(renderCsv(r).find((f) => f.path === 'csv/byClientIp.csv')!.content);
  assert.match(csv.split('\n')[0]!, /,roles,refusedMessages,mailboxLogins,mailboxUsers\r?$/);
  assert.match(csv, /^192\.0\.2\.61,.*,mailbox-login,0,3,takahashi@example\.jp\r?$/m);
  const red = redactReport(structuredClone(r), { key: 'k', redactDomains: false });
  assert.ok(!JSON.stringify(red).includes('takahashi'), 'the mailbox name is redacted');
  assert.match(red.byClientIp.find((x) => x.mailboxLogins === 3)!.mailboxUsers![0]!, /^user-[0-9a-f]+@example\.jp$|^user-[0-9a-f]+$/);
  // The same report whatever the jobs and ranges.
  for (const [jobs, rangeBytes] of [[3, 700], [2, 2_000]] as const) {
    assert.equal(JSON.stringify(await report([path], { year: 2026, top: 50, jobs, rangeBytes })), JSON.stringify(r), `jobs ${jobs}, ranges ${rangeBytes}`);
  }
});
