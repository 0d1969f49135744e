// Postfix 3.10 names the session's SASL login on smtpd's reject lines (review 18 of the versions, finding 5):
//   "NOQUEUE: reject: RCPT from unknown[192.0.2.29]: 553 5.7.1 <ceo@example.jp>: Sender address rejected: not owned by user info@example.jp; from=<ceo@example.jp> to=<x@example.org> proto=ESMTP helo=<pc> sasl_method=LOGIN sasl_username=info@example.jp"
//   - the parser: the login, only from what smtpd wrote (a HELO or a sender holding " sasl_username=" is the client's);
//   - per login: refusals, client IPs, reasons, in bySaslUser (a login refused every recipient gets a row), the users
//     table and the CSV; any cut of the log, any job count, the same report;
//   - no rule reads them: the same incident in 3.7 shapes gives the same findings (and a user's own refusals none).

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { reportEveryWay } from './helpers.js';
import { DayLog } from './day-log.js';
import type { Report } from '../src/report/model.js';
import type { LogEvent } from '../src/types.js';
import { newHeader, newYearRule, parseHeader } from '../src/parse/header.js';
import { parserFor } from '../src/parse/programs.js';
import { renderMarkdown } from '../src/render/markdown.js';
import { renderCsv } from '../src/render/csv.js';
import { messagesFor } from '../src/i18n/index.js';
import { redactReport } from '../src/report/redact.js';

const DIR = mkdtempSync(join(tmpdir(), 'mlf-rejectsasl-'));
test.after(() => rmSync(DIR, { recursive: true, force: true }));

function parseLine(line: string): LogEvent | null {
  const h = newHeader();
  assert.ok(parseHeader(line, h, newYearRule(2026, 10, true), new Map()), `syslog prefix: ${line}`);
  return parserFor(h.prog)!(line, h.msgStart);
}

const saslOf = (line: string): string | undefined => {
  const ev = parseLine(line);
  assert.equal(ev?.kind, 'reject', line);
  return ev.kind === 'reject' ? ev.saslUser : undefined;
};

// --- The parser ------------------------------------------------------------------------------------------------------

test('Postfix 3.10\'s "sasl_method=… sasl_username=…" after helo=<…>: the reject of 3.7 and the login', () => {
  const v310 = 'Nov 29 22:49:00 mail postfix/submission/smtpd[4007]: NOQUEUE: reject: RCPT from unknown[192.0.2.29]: 553 5.7.1 <ceo@example.jp>: Sender address rejected: not owned by user info@example.jp; from=<ceo@example.jp> to=<x@example.org> proto=ESMTP helo=<pc> sasl_method=LOGIN sasl_username=info@example.jp';
  const v37 = v310.slice(0, v310.indexOf(' sasl_method='));
  const a = parseLine(v310);
  const b = parseLine(v37);
  assert.deepEqual(b, {
    kind: 'reject', daemon: 'smtpd', qid: '', action: 'reject', stage: 'RCPT', client: { name: 'unknown', ip: '192.0.2.29' }, code: '553', dsn: '5.7.1',
    reason: '<ceo@example.jp>: Sender address rejected: not owned by user info@example.jp', from: 'ceo@example.jp', to: 'x@example.org', helo: 'pc',
  });
  assert.deepEqual(a, { ...b, saslUser: 'info@example.jp' });
  // sasl_sender= (MAIL FROM … AUTH=<…>) comes last (log_whatsup's order); a queue ID after the first accepted RCPT
  assert.equal(saslOf('Nov 29 22:49:00 mail postfix/submission/smtpd[4007]: 4F9D21C0A3B: reject: RCPT from unknown[192.0.2.29]: 450 4.7.1 <a@gmail.com>: Recipient address rejected: rate limit exceeded; from=<info@example.jp> to=<a@gmail.com> proto=ESMTP helo=<pc> sasl_method=PLAIN sasl_username=info@example.jp sasl_sender=info@example.jp'), 'info@example.jp');
  // A milter's reject at RCPT from smtpd, a bare login name
  assert.equal(saslOf('Nov 29 22:49:00 mail postfix/smtps/smtpd[4008]: NOQUEUE: milter-reject: RCPT from unknown[192.0.2.30]: 451 4.7.1 Try again later; from=<tanaka@example.jp> to=<b@yahoo.co.jp> proto=ESMTP helo=<[192.168.1.5]> sasl_method=LOGIN sasl_username=tanaka'), 'tanaka');
});

test('a login only from what smtpd wrote: a HELO name or a sender holding " sasl_username=" names nobody', () => {
  // A client without a login: its line ends with the HELO's ">", whatever the HELO says
  assert.equal(saslOf('Nov 29 22:49:00 mail postfix/smtpd[4010]: NOQUEUE: reject: RCPT from unknown[198.51.100.66]: 554 5.7.1 <x@gmail.com>: Relay access denied; from=<ceo@example.jp> to=<x@gmail.com> proto=ESMTP helo=<pc> sasl_method=LOGIN sasl_username=ceo@example.jp>'), undefined);
  assert.equal(saslOf('Nov 29 22:49:00 mail postfix/smtpd[4010]: NOQUEUE: reject: RCPT from unknown[198.51.100.66]: 554 5.7.1 <x@gmail.com>: Relay access denied; from=<ceo@example.jp> to=<x@gmail.com> proto=ESMTP helo=<pc sasl_method=LOGIN sasl_username=ceo@example.jp sasl_sender=x>'), undefined);
  // No HELO (smtpd_helo_required = no): the line ends with the protocol; a quoted sender holding the fields
  assert.equal(saslOf('Nov 29 22:49:00 mail postfix/smtpd[4011]: NOQUEUE: reject: RCPT from unknown[198.51.100.67]: 554 5.7.1 <x@gmail.com>: Relay access denied; from=<"a sasl_method=LOGIN sasl_username=ceo@example.jp"@evil.example> to=<x@gmail.com> proto=SMTP'), undefined);
  assert.equal(saslOf('Nov 29 22:49:00 mail postfix/smtpd[4011]: NOQUEUE: reject: RCPT from unknown[198.51.100.67]: 554 5.7.1 <x@gmail.com>: Relay access denied; from=<"a sasl_method=LOGIN sasl_username=ceo@example.jp sasl_sender=z"@evil.example> to=<x@gmail.com> proto=SMTP'), undefined);
  // With a login, the HELO's words are before smtpd's: the last fields are the login's
  assert.equal(saslOf('Nov 29 22:49:00 mail postfix/submission/smtpd[4012]: NOQUEUE: reject: RCPT from unknown[192.0.2.31]: 450 4.7.1 <c@gmail.com>: Recipient address rejected: rate limit exceeded; from=<info@example.jp> to=<c@gmail.com> proto=ESMTP helo=<x> sasl_method=LOGIN sasl_username=ceo@example.jp> sasl_method=PLAIN sasl_username=info@example.jp'), 'info@example.jp');
  // Lines of 3.7 and of other daemons: none
  assert.equal(saslOf('Nov 29 22:49:00 mail postfix/smtpd[4013]: NOQUEUE: reject: EHLO from s271272.static.corbina.ru[78.107.251.238]: 504 5.5.2 <User>: Helo command rejected: need fully-qualified hostname; proto=SMTP helo=<User>'), undefined);
  assert.equal(saslOf('May  5 15:51:11 xxx postfix/postscreen[1148]: NOQUEUE: reject: RCPT from [216.245.194.173]:60591: 550 5.7.1 Service unavailable; client [216.245.194.173] blocked using rbl.example.com; from=<spammer@example.com>, to=<goodguy@example.com>, proto=ESMTP, helo=<badguy.example.com>'), undefined);
  assert.equal(saslOf('Nov 29 22:49:00 mail postfix/cleanup[4014]: 906F418067A: reject: header Subject: hi sasl_method=X sasl_username=ceo@example.jp from mail-yb1-f174.google.com[209.85.219.174]; from=<a@gmail.com> to=<u@example.jp> proto=ESMTP helo=<mail-yb1-f174.google.com>: 5.7.1 message content rejected'), undefined);
});

// --- Whole reports ---------------------------------------------------------------------------------------------------

const everyWay = (name: string, log: DayLog): Promise<Report> => reportEveryWay(DIR, name, log);

/** Bots in 8 networks (/8s) that logged in with a stolen password. */
const BOTS = ['45.33.1.10', '62.210.7.11', '77.88.3.12', '91.121.9.13', '103.21.4.14', '142.93.5.15', '178.62.6.16', '185.220.8.17'];

/**
 * smtpd's reject of an authenticated client's RCPT, in Postfix 3.10's shape (`v310`) or 3.7's. Reasons: a policy
 * service's rate limit (DEFER_IF_PERMIT) and recipient verification of a local domain.
 */
function rcptReject(log: DayLog, v310: boolean, t: number, ip: string, user: string, to: string, kind: 'rate' | 'unknown'): void {
  const pid = log.nextPid();
  const svc = 'postfix/submission/smtpd';
  const reply = kind === 'rate' ? `450 4.7.1 <${to}>: Recipient address rejected: rate limit exceeded` : `550 5.1.1 <${to}>: Recipient address rejected: User unknown in virtual mailbox table`;
  log.emit(t, `${svc}[${pid}]`, `connect from unknown[${ip}]`);
  log.emit(t + 1, `${svc}[${pid}]`, `NOQUEUE: reject: RCPT from unknown[${ip}]: ${reply}; from=<${user}> to=<${to}> proto=ESMTP helo=<User>${v310 ? ` sasl_method=LOGIN sasl_username=${user}` : ''}`);
  log.emit(t + 2, `${svc}[${pid}]`, `disconnect from unknown[${ip}] ehlo=1 auth=1 mail=1 rcpt=0/1 quit=1 commands=4/5`);
}

/**
 * The owner's mail from the office (info@ 3 messages, tanaka@ 2, one of tanaka@'s recipients a mistyped colleague
 * refused at RCPT); SMTP AUTH guessing of info@ from 8 bots, which then use the password, every recipient refused (a rate limit, then
 * unknown local addresses): 40 refusals; sales@ used from 2 bots, all refused too; a relay probe whose HELO names ceo@.
 */
function stolen(v310: boolean): DayLog {
  const log = new DayLog();
  for (let i = 0; i < 3; i++) log.userMail(9 * 3600 + i * 600, '198.51.100.10', 'info@example.jp', 'info@example.jp', [`partner${i}@example.org`]);
  for (let i = 0; i < 2; i++) log.userMail(9 * 3600 + 300 + i * 600, '198.51.100.10', 'tanaka@example.jp', 'tanaka@example.jp', [`client${i}@example.net`]);
  rcptReject(log, v310, 9 * 3600 + 1500, '198.51.100.10', 'tanaka@example.jp', 'suzukii@example.jp', 'unknown');
  // The guessing that found the password: each bot fails 12 times for info@ (Postfix's and Dovecot's lines)
  for (const [i, ip] of BOTS.entries()) for (let k = 0; k < 12; k++) log.authFailure(12 * 3600 + i * 300 + k * 20, ip, 'info@example.jp');
  for (const [i, ip] of BOTS.entries()) {
    for (let k = 0; k < 5; k++) rcptReject(log, v310, 14 * 3600 + i * 60 + k * 5, ip, 'info@example.jp', k < 3 ? `t${i}-${k}@gmail.com` : `staff${i}${k}@example.jp`, k < 3 ? 'rate' : 'unknown');
  }
  for (const [i, ip] of BOTS.slice(0, 2).entries()) rcptReject(log, v310, 15 * 3600 + i * 60, ip, 'sales@example.jp', `s${i}@yahoo.co.jp`, 'rate');
  const pid = log.nextPid();
  log.emit(16 * 3600, `postfix/smtpd[${pid}]`, 'connect from unknown[198.51.100.66]');
  log.emit(16 * 3600 + 1, `postfix/smtpd[${pid}]`, 'NOQUEUE: reject: RCPT from unknown[198.51.100.66]: 554 5.7.1 <x@gmail.com>: Relay access denied; from=<ceo@example.jp> to=<x@gmail.com> proto=ESMTP helo=<pc> sasl_method=LOGIN sasl_username=ceo@example.jp>');
  log.emit(16 * 3600 + 2, `postfix/smtpd[${pid}]`, 'disconnect from unknown[198.51.100.66] ehlo=1 mail=1 rcpt=0/1 quit=1 commands=3/4');
  return log;
}

test('3.10: a stolen login whose every recipient smtpd refused has its refusals, IPs and reasons in the users table', async () => {
  const r = await everyWay('stolen-310.log', stolen(true));
  assert.equal(r.lines.unparsed, 0);
  assert.equal(r.totals.rejected, 1 + 40 + 2 + 1);
  const row = (key: string): Report['bySaslUser'][number] | undefined => r.bySaslUser.find((u) => u.key === key);
  const info = row('info@example.jp')!;
  assert.deepEqual([info.messages, info.clientIps, info.rejects, info.rejectClientIps], [3, 1, 40, 8]);
  assert.deepEqual(info.topRejectReasons, [
    '450 4.7.1 <ADDR>: Recipient address rejected: rate limit exceeded',
    '550 5.1.1 <ADDR>: Recipient address rejected: User unknown in virtual mailbox table',
  ]);
  assert.deepEqual(info.topRejectClientIps, [...BOTS].sort().slice(0, 5));
  // Its first message (the owner's, 09:00) to its last refusal (the 8th bot's 5th, 14:07:20)
  assert.deepEqual([info.firstAt, info.lastAt], ['2026-11-10T09:00:00', '2026-11-10T14:07:21']);
  // A login that sent nothing and was refused everything: a row of its own (was: none)
  const sales = row('sales@example.jp')!;
  assert.deepEqual([sales.messages, sales.recipients, sales.clientIps, sales.rejects, sales.rejectClientIps, sales.firstAt], [0, 0, 0, 2, 2, '2026-11-10T15:00:01']);
  // The owner's mistyped colleague: one refusal
  assert.deepEqual([row('tanaka@example.jp')?.messages, row('tanaka@example.jp')?.rejects], [2, 1]);
  // The HELO of a client without a login names nobody
  assert.equal(row('ceo@example.jp'), undefined);
  // Most active first: messages, refused submissions and refusals together
  assert.deepEqual(r.bySaslUser.map((u) => u.key), ['info@example.jp', 'tanaka@example.jp', 'sales@example.jp']);

  const md = renderMarkdown(r);
  assert.match(md, /\| User \| Messages \| Rejected at RCPT, MAIL … \(Postfix 3\.10\+\) \| Recipients \|/);
  assert.match(md, /\| info@example\.jp \| 3 \| 40 \(8 IPs\) \| 3 \|/);
  assert.match(md, /\| sales@example\.jp \| 0 \| 2 \(2 IPs\) \| 0 \|/);
  assert.match(renderMarkdown(r, undefined, [], messagesFor('ja')), /\| info@example\.jp \| 3 \| 40（IP 8 件から） \| 3 \|/);
  const csv = String(renderCsv(r).find((x) => x.path === 'csv/bySaslUser.csv')!.content).split('\r\n');
  assert.match(csv[0]!, /,refusedMessages,refusedClientIps,rejects,rejectClientIps,topRejectClientIps,topRejectReasons$/);
  assert.match(csv[1]!, /^info@example\.jp,3,3,1,.*,0,0,40,8,103\.21\.4\.14 142\.93\.5\.15 178\.62\.6\.16 185\.220\.8\.17 45\.33\.1\.10,450 4\.7\.1 <ADDR>: Recipient address rejected: rate limit exceeded 550 5\.1\.1 /);
  // The IPs are redacted as the other IP lists are
  const red = redactReport(r, { key: 'k', redactDomains: false });
  const redInfo = red.bySaslUser.find((u) => u.rejects === 40)!;
  assert.equal(redInfo.topRejectClientIps!.length, 5);
  for (const ip of redInfo.topRejectClientIps!) assert.ok(!BOTS.includes(ip), ip);
});

test('no rule reads the logins of refusals: 3.7 and 3.10 shapes of the incident give the same findings, and 3.7 no such fields', async () => {
  const neu = await everyWay('stolen-310-rules.log', stolen(true));
  const old = await everyWay('stolen-37.log', stolen(false));
  assert.equal(old.totals.rejected, neu.totals.rejected);
  assert.deepEqual(neu.bySaslUser.map((u) => [u.key, u.rejects ?? 0]), [['info@example.jp', 40], ['tanaka@example.jp', 1], ['sales@example.jp', 2]]);
  // The guessing and the guessers' logins are reported in both: the logins are their "auth=1" disconnect lines, in both shapes
  assert.deepEqual(neu.findings.map((f) => `${f.severity} ${f.rule}`), ['critical sasl-bruteforce']);
  assert.deepEqual(old.bySaslUser.map((u) => u.key), ['info@example.jp', 'tanaka@example.jp']);
  for (const u of old.bySaslUser) assert.deepEqual([u.rejects, u.rejectClientIps, u.topRejectReasons, u.topRejectClientIps], [undefined, undefined, undefined, undefined]);
  assert.doesNotMatch(renderMarkdown(old), /Rejected at RCPT/);
  assert.deepEqual(neu.findings.map((f) => [f.rule, f.severity, f.title]), old.findings.map((f) => [f.rule, f.severity, f.title]));
  assert.deepEqual(neu.byClientIp, old.byClientIp);
});
