// Review 18 (the mail flow after code review 17: /tmp/s15/revK/findings.md items 6, 7 and 11): hand-made logs in the
// corpus's line shapes (test/day-log.ts), each analyzed whole and cut into small byte ranges (inline and on worker
// threads): the report must be the same, and no filter-join half may be left waiting.
//   K7a: a content filter's copy refused on re-injection (no XFORWARD) left its original's half waiting to the end.
//   K7b: SASL submissions a milter refuses at END-OF-MESSAGE left no trace of the login: counted apart now
//        (refusedMessages), shown in the users table, and a signal of compromised-account.
//   K6:  a tunnel's unconfirmed hop counted in the hour of the message's last hop line, not of its own line.
//   amavis quarantine: no reply of amavisd-new says "quarantined" (delivery.ts isFilterVerdict).

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { analyze } from '../src/run.js';
import type { AnalyzeOptions } from '../src/run.js';
import { DayLog } from './day-log.js';
import type { Report } from '../src/report/model.js';
import { renderMarkdown } from '../src/render/markdown.js';
import { renderCsv } from '../src/render/csv.js';
import { messagesFor } from '../src/i18n/index.js';
import { parseStatusLine } from '../src/parse/postfix/delivery.js';

const DIR = mkdtempSync(join(tmpdir(), 'mlf-review18-'));
test.after(() => rmSync(DIR, { recursive: true, force: true }));

/**
 * The report of a generated log, after checking that small ranges (inline and on 3 workers) give the same JSON, and
 * that no half of a content filter's join is left waiting at the end of any of those runs.
 */
async function everyWay(name: string, log: { text(): string }, opts: Partial<AnalyzeOptions> = {}): Promise<Report> {
  const path = join(DIR, name);
  const text = log.text();
  writeFileSync(path, text);
  const run = async (more: Partial<AnalyzeOptions>): Promise<{ report: Report; waiting: number }> => {
    const r = await analyze({
      paths: [path], jobs: 1, top: 0, formats: ['json'], allowPartial: false, progress: false, version: 'test', year: 2026, ...opts, ...more,
    });
    return { report: r.report, waiting: r.aggregate.filterJoin.size };
  };
  const whole = await run({});
  assert.equal(whole.waiting, 0, `${name}: filter-join halves left waiting`);
  const json = JSON.stringify(whole.report);
  const bytes = Buffer.byteLength(text);
  for (const [jobs, rangeBytes] of [[1, 700], [3, 700], [2, Math.ceil(bytes / 2)], [3, Math.ceil(bytes / 5)]] as const) {
    const cut = await run({ jobs, rangeBytes });
    assert.equal(JSON.stringify(cut.report), json, `${name}: jobs ${jobs}, ranges of ${rangeBytes} bytes`);
    assert.equal(cut.waiting, 0, `${name}: jobs ${jobs}, ranges of ${rangeBytes} bytes: filter-join halves left waiting`);
  }
  return whole.report;
}

const titles = (r: Report): string => r.findings.map((f) => `${f.severity} ${f.rule}: ${f.title}`).join('\n');

// --- K7a ------------------------------------------------------------------------------------------------------------

/**
 * Message `q` of `sender` handed to amavis (127.0.0.1:10024), whose copy comes back on 10025 without XFORWARD and is
 * refused there by a milter at END-OF-MESSAGE; amavis's hand-off line is `handOff` (its reply). The copy's queue ID.
 */
function refusedCopy(log: DayLog, t: number, q: string, sender: string, to: string, handOff: (c: string) => string): string {
  const c = log.qid();
  const pid = log.nextPid();
  log.emit(t, `postfix/smtpd[${pid}]`, 'connect from localhost[127.0.0.1]');
  log.emit(t, `postfix/smtpd[${pid}]`, `${c}: client=localhost[127.0.0.1]`);
  log.emit(t + 0.1, `postfix/cleanup[${log.nextPid()}]`, `${c}: message-id=<${Math.round(t * 1000)}.${q}@mail.example.jp>`);
  // LINES.md §3 #7's shape, rspamd's reply text
  log.emit(t + 0.1, `postfix/cleanup[${log.nextPid()}]`, `${c}: milter-reject: END-OF-MESSAGE from localhost[127.0.0.1]: 5.7.1 Spam message rejected; from=<${sender}> to=<${to}> proto=ESMTP helo=<localhost>`);
  log.emit(t + 0.1, `postfix/smtpd[${pid}]`, 'disconnect from localhost[127.0.0.1] ehlo=1 mail=1 rcpt=1 data=0/1 quit=1 commands=4/5');
  log.emit(t + 0.2, `postfix/smtp[${log.nextPid()}]`, `${q}: to=<${to}>, relay=127.0.0.1[127.0.0.1]:10024, delay=0.6, delays=0.1/0/0/0.5, ${handOff(c)}`);
  log.removed(t + 0.3, q);
  return c;
}

test('K7a: a copy refused on re-injection without XFORWARD settles its original; nothing waits in the filter join', async () => {
  const log = new DayLog();
  // A hand-off that named the copy the milter then refused: the shape the review's fix is about. (Was: one source half
  // waiting to the end of the run, and merged between workers.)
  for (let i = 0; i < 3; i++) {
    const t = 9 * 3600 + i * 600;
    const to = `partner${i}@client-${i}.example`;
    const q = log.submit(t, '203.0.113.50', 'sato@example.jp', 'sato@example.jp', [to]);
    refusedCopy(log, t + 1, q, 'sato@example.jp', to, (c) => `dsn=2.0.0, status=sent (250 2.0.0 from MTA(smtp:[127.0.0.1]:10025): 250 2.0.0 Ok: queued as ${c})`);
  }
  // What amavisd-new answers when the re-injection refuses (Amavis/Out/SMTP.pm enhance_smtp_response: "%s from
  // MTA(%s): %s"): Postfix bounces the original's recipient, and the hand-off names no copy.
  const t = 11 * 3600;
  const q = log.submit(t, '203.0.113.50', 'sato@example.jp', 'sato@example.jp', ['partner9@client-9.example']);
  refusedCopy(log, t + 1, q, 'sato@example.jp', 'partner9@client-9.example', () => 'dsn=5.7.1, status=bounced (host 127.0.0.1[127.0.0.1] said: 554 5.7.1 from MTA(smtp:[127.0.0.1]:10025): 554 5.7.1 Spam message rejected (in reply to end of DATA command))');
  const r = await everyWay('refused-copy.log', log);
  // The copies are neither received (a copy) nor a message of a login (no login; refused): only their rejects count.
  assert.deepEqual([r.totals.received, r.totals.rejected, r.totals.filterHops, r.totals.delivered, r.totals.bounced], [4, 4, 3, 0, 1]);
  const sato = r.bySaslUser.find((u) => u.key === 'sato@example.jp')!;
  assert.deepEqual([sato.messages, sato.recipients, sato.sent, sato.bounced], [4, 1, 0, 1]);
  // Nor a refused submission of anyone's: sato@ was told 250 for each original (review 18 K2). The copy whose hand-off
  // bounced names no copy, so nothing ties it to a filter: a refused submission of 127.0.0.1's, as the log shows it.
  assert.deepEqual(r.byClientIp.filter((x) => x.key === '127.0.0.1').map((x) => [x.messages, x.rejects, x.refusedMessages ?? 0]), [[0, 4, 1]]);
  assert.deepEqual([sato.refusedMessages ?? 0], [0]);
});

// --- K6 -------------------------------------------------------------------------------------------------------------

const TUNNEL = '127.0.0.1[127.0.0.1]:11587';
const SMARTHOST = 'smtp.example.net[198.51.100.25]:587';

/**
 * Mail handed to `relay` ("250 2.0.0 Ok: queued as <Postfix ID>", a Postfix smarthost's reply, review 17 H1): a
 * message to two recipients, the first handed on at 10:59:30, the second deferred then and handed on at 11:05.
 */
function twoHours(relay: string): DayLog {
  const log = new DayLog();
  const line = (t: number, q: string, to: string, status: string): void => {
    log.emit(t, `postfix/smtp[${log.nextPid()}]`, `${q}: to=<${to}>, relay=${relay}, delay=0.6, delays=0.02/0.01/0.2/0.37, ${status}`);
  };
  for (let i = 0; i < 4; i++) {
    const t = 10 * 3600 + 59 * 60 + i * 5;
    const rcpts = [`a${i}@isp${i}.example`, `b${i}@isp${i}.example`];
    const q = log.pickup(t, 33, 'shop@example.jp', rcpts);
    line(t + 1, q, rcpts[0]!, `dsn=2.0.0, status=sent (250 2.0.0 Ok: queued as 5A${(0x10000 + i).toString(16).toUpperCase()}C)`);
    line(t + 1, q, rcpts[1]!, `dsn=4.4.2, status=deferred (lost connection with ${relay.slice(0, relay.lastIndexOf(':'))} while receiving the initial server greeting)`);
    line(t + 360, q, rcpts[1]!, `dsn=2.0.0, status=sent (250 2.0.0 Ok: queued as 5B${(0x10000 + i).toString(16).toUpperCase()}C)`);
    log.removed(t + 360.1, q);
  }
  return log;
}

test('K6: a tunnel\'s recipients count in the hour of their own hand-off, as sent directly; the warning names a late copy', async () => {
  const tunnel = await everyWay('k6-tunnel.log', twoHours(TUNNEL));
  const direct = await everyWay('k6-direct.log', twoHours(SMARTHOST));
  const sent = (r: Report): Array<[string, number, number]> => r.hourly.map((h) => [h.hour, h.sent, h.deferred]);
  assert.deepEqual(sent(direct), [['2026-11-10T10:00', 4, 4], ['2026-11-10T11:00', 4, 0]]);
  // Was: [10:00, 0, 4], [11:00, 8, 0], every hop in the hour of its message's last hop line.
  assert.deepEqual(sent(tunnel), sent(direct));
  assert.equal(tunnel.totals.delivered, 8);
  assert.equal(tunnel.totals.filterHops, 0);
  assert.match(tunnel.warnings[0]!, /^8 recipients were handed to 127\.0\.0\.1\[127\.0\.0\.1\]:11587 on this host, .* is logged elsewhere, or comes back more than a minute late, those recipients are counted twice/);
  const ja = await everyWay('k6-tunnel-ja.log', twoHours(TUNNEL), { lang: 'ja' });
  assert.match(ja.warnings[0]!, /別のログに記録される、または 1 分以上遅れて戻ってくるコンテンツフィルターの場合、それらの宛先は二重に数えられます/);
});

// --- K7b ------------------------------------------------------------------------------------------------------------


/** Mail delivered here for example.jp: the company's domain, as the report learns it. */
function officeMail(log: DayLog): void {
  for (let i = 0; i < 4; i++) log.inbound(8 * 3600 + i * 900, `kato@partner${i}.co.jp`, 'tanaka@example.jp');
}

const BOTS = Array.from({ length: 30 }, (_, i) => `${[45, 77, 89, 103, 185][i % 5]}.${20 + i}.${(i * 37) % 250}.${10 + i}`);

test('K7b: thirty IPs whose every submission rspamd refused: the login, its IPs and a compromised-account finding', async () => {
  const log = new DayLog();
  officeMail(log);
  for (const [i, ip] of BOTS.entries()) log.refusedSubmission(13 * 3600 + i * 40, ip, 'info@example.jp', `target${i}@gmail.com`);
  const r = await everyWay('k7b-all-refused.log', log, { lang: 'en' });
  assert.equal(r.totals.received, 4);
  assert.equal(r.totals.rejected, 30);
  // Was: no row for info@ at all.
  const info = r.bySaslUser.find((u) => u.key === 'info@example.jp');
  assert.ok(info !== undefined, 'the login has a row');
  assert.deepEqual([info.messages, info.recipients, info.clientIps, info.refusedMessages, info.refusedClientIps], [0, 0, 0, 30, 30]);
  assert.equal(info.firstAt, '2026-11-10T13:00:00');
  for (const ip of BOTS) {
    const row = r.byClientIp.find((x) => x.key === ip)!;
    assert.deepEqual([row.messages, row.rejects, row.refusedMessages, row.saslUsers], [0, 1, 1, ['info@example.jp']], ip);
  }
  const f = r.findings.filter((x) => x.rule === 'compromised-account');
  assert.equal(f.length, 1, titles(r));
  assert.equal(f[0]!.severity, 'high');
  assert.equal(f[0]!.title, 'The SASL account info@example.jp shows the signs of a stolen password: 30 IPs logged in as it and sent 0 messages '
    + 'to 0 recipients; 0 external domains in all; 0 still queued; the server refused 30 messages from 30 of those IPs at the end of '
    + 'DATA (a milter\'s or content check\'s 5xx: its filter took them for spam)');
  assert.equal(f[0]!.evidence.refusedMessagesSinceGuessed, 30);
  assert.equal(f[0]!.evidence.refusedMessageIpsSinceGuessed, 30);
  assert.deepEqual(f[0]!.lists?.['compromised-ips.txt'], [...BOTS].sort());
  assert.equal(f[0]!.examples[0]!.text.includes('sasl_username=info@example.jp'), true);

  // The users table: a column of refused submissions, after Messages, only when a login has any.
  const md = renderMarkdown(r);
  assert.match(md, /\| User \| Messages \| Refused at end of DATA \(milter\) \| Recipients \|/);
  assert.match(md, /\| info@example\.jp \| 0 \| 30 \(30 IPs\) \| 0 \|/);
  const csv = String(renderCsv(r).find((x) => x.path === 'csv/bySaslUser.csv')!.content).split('\r\n');
  assert.match(csv[0]!, /,refusedMessages,refusedClientIps$/);
  assert.match(csv[1]!, /^info@example\.jp,0,0,0,.*,30,30$/);

  const ja = await everyWay('k7b-all-refused-ja.log', log, { lang: 'ja' });
  assert.match(ja.findings.find((x) => x.rule === 'compromised-account')!.title,
    /30 件の IP アドレスがこのアカウントでログインし、宛先 0 件へ 0 通を送信しました。このアカウントの送信先の外部ドメインはログ全体で 0 件です。0 通がキューに残っています。それらの IP アドレスのうち 30 件からのメール 30 通を、サーバーが DATA の終わりで拒否しました（milter や内容検査の 5xx。フィルターがスパムと判定）$/);
  const jaMd = renderMarkdown(ja, undefined, [], messagesFor('ja'));
  assert.match(jaMd, /\| info@example\.jp \| 0 \| 30（IP 30 件から） \| 0 \|/);
});

test('K7b: an account whose spam rspamd mostly refused is high, not "no sign of someone else" (review 17 H3\'s outspam.log)', async () => {
  const log = new DayLog();
  officeMail(log);
  const ips = BOTS.slice(0, 15);
  const domains = ['gmail.com', 'yahoo.co.jp', 'outlook.com', 'docomo.ne.jp', 'ezweb.ne.jp', 'icloud.com'];
  for (let i = 0; i < 80; i++) {
    const t = 10 * 3600 + i * 12;
    const rcpts = [0, 1, 2, 3, 4].map((k) => `target${i}-${k}@${domains[(i + k) % 6]}`);
    if (i % 4 !== 0) { log.refusedSubmission(t, ips[i % 15]!, 'info@example.jp', rcpts[0]!); continue; }
    const q = log.submit(t, ips[i % 15]!, 'info@example.jp', 'info@example.jp', rcpts);
    for (const to of rcpts) log.sent(t + 1, q, to);
    log.removed(t + 1.1, q);
  }
  const r = await everyWay('k7b-outspam.log', log);
  const info = r.bySaslUser.find((u) => u.key === 'info@example.jp')!;
  assert.deepEqual([info.messages, info.sent, info.refusedMessages, info.refusedClientIps], [20, 100, 60, 15]);
  const f = r.findings.filter((x) => x.rule === 'compromised-account');
  assert.equal(f.length, 1, titles(r));
  // Was low: "… 0% of those recipients not delivered): no sign of someone else with the password".
  assert.equal(f[0]!.severity, 'high', titles(r));
  assert.match(f[0]!.title, /15 IPs logged in as it and sent 20 messages to 100 recipients; .*; 0% of those recipients not delivered \(bounced, expired or still deferred\); the server refused 60 other messages from 15 of those IPs at the end of DATA/);
  // Past the thresholds, the same account is a note again: 16 IPs needed, or 76% of the submissions refused.
  for (const [name, value] of [['minRefusedMessageIps', 16], ['minRefusedMessagePercent', 76]] as const) {
    const raised = await everyWay(`k7b-outspam-${name}.log`, log, { detect: { thresholds: { [`compromised-account.${name}`]: value } } });
    assert.deepEqual(raised.findings.filter((x) => x.rule === 'compromised-account').map((x) => x.severity), ['low'], name);
  }
});

test('K7b: a few refusals of a roaming owner, and a milter that was down (4xx), are no compromise and no refused count', async () => {
  const log = new DayLog();
  officeMail(log);
  // tanaka@'s phone on 5 carrier addresses, 20 messages each, one of them refused as spam: 5% of its submissions.
  for (let k = 0; k < 5; k++) {
    const ip = `126.${200 + k}.${10 + k}.${20 + k}`;
    for (let m = 0; m < 20; m++) log.userMail(9 * 3600 + k * 3600 + m * 120, ip, 'tanaka@example.jp', 'tanaka@example.jp', [`c${k}${m}@client${m}.co.jp`]);
    log.refusedSubmission(9 * 3600 + k * 3600 + 2500, ip, 'tanaka@example.jp', `c${k}@client.co.jp`);
  }
  // rspamd unreachable for half an hour (milter_default_action = tempfail): every client told to try again later.
  for (const [i, ip] of BOTS.entries()) log.refusedSubmission(16 * 3600 + i * 60, ip, 'sato@example.jp', `p${i}@client.co.jp`, '4.7.1 Service unavailable - try again later');
  const r = await everyWay('k7b-owner.log', log);
  const tanaka = r.bySaslUser.find((u) => u.key === 'tanaka@example.jp')!;
  assert.deepEqual([tanaka.messages, tanaka.refusedMessages, tanaka.refusedClientIps], [100, 5, 5]);
  assert.equal(r.bySaslUser.find((u) => u.key === 'sato@example.jp'), undefined, 'temporary refusals are counted for no login');
  assert.equal(r.totals.rejected, 35);
  assert.deepEqual(r.findings.filter((x) => x.rule === 'compromised-account').map((x) => x.title), []);
  // No refusal anywhere: the users table has no such column.
  const clean = new DayLog();
  officeMail(clean);
  clean.userMail(9 * 3600, '203.0.113.7', 'tanaka@example.jp', 'tanaka@example.jp', ['c@client.co.jp']);
  assert.doesNotMatch(renderMarkdown(await everyWay('k7b-clean.log', clean)), /Refused at end of DATA/);
});

// --- amavis quarantine ----------------------------------------------------------------------------------------------

/** The delivery event of a status line's message part ("QID: to=<…>, …"). */
function statusOf(line: string): ReturnType<typeof parseStatusLine> {
  const colon = line.indexOf(': ');
  return parseStatusLine(line, colon + 2, line.slice(0, colon), 'smtp');
}

test('amavis quarantine: blocked and quarantined is "Ok, discarded" (not delivered); passed with a quarantine copy is a hop to a delivery', async () => {
  // The published pair of lines (delivery.ts isFilterVerdict): amavis's own log says "Quarantined", its reply "discarded".
  const blocked = statusOf('B97952261F: to=<jason@pingcomputers.ca>, relay=127.0.0.1[127.0.0.1]:10024, delay=0.53, delays=0.28/0/0.02/0.24, dsn=2.7.0, status=sent (250 2.7.0 Ok, discarded, id=03991-01 - INFECTED: Eicar-Test-Signature)');
  assert.equal(blocked?.kind === 'delivery' ? blocked.status : null, 'discarded');
  const passed = statusOf('8D8297400: to=<pong@example.com>, relay=127.0.0.1[127.0.0.1]:10024, delay=0.4, delays=0.01/0/0/0.38, dsn=2.0.0, status=sent (250 2.0.0 from MTA(smtp:[127.0.0.1]:10025): 250 2.0.0 Ok: queued as 8D8297429)');
  assert.deepEqual(passed?.kind === 'delivery' ? [passed.status, passed.filterHop, passed.handedTo] : null, ['sent', true, '8D8297429']);

  const log = new DayLog();
  // Inbound spam through amavis with XFORWARD: amavis's own lines (ignored: not Postfix's) say Quarantined both times.
  const q1 = log.submit(9 * 3600, '198.18.7.25', null, 'spam@sender.example', ['sato@example.jp'], 'postfix/smtpd', 'mail.sender.example');
  log.emit(9 * 3600 + 1, 'amavis[3991]', '(03991-01) Blocked SPAM {DiscardedInbound,Quarantined}, [198.18.7.25]:38793 [198.18.7.25] <spam@sender.example> -> <sato@example.jp>, quarantine: spam-uXIirTfRgcHx.gz, mail_id: uXIirTfRgcHx, Hits: 12.3, size: 1326, 242 ms');
  log.emit(9 * 3600 + 1, `postfix/smtp[${log.nextPid()}]`, `${q1}: to=<sato@example.jp>, relay=127.0.0.1[127.0.0.1]:10024, delay=0.53, delays=0.28/0/0.02/0.24, dsn=2.7.0, status=sent (250 2.7.0 Ok, discarded, id=03991-01 - SPAM)`);
  log.removed(9 * 3600 + 1.1, q1);
  const q2 = log.submit(10 * 3600, '198.18.7.25', null, 'news@sender.example', ['tanaka@example.jp'], 'postfix/smtpd', 'mail.sender.example');
  log.emit(10 * 3600 + 0.9, 'amavis[14510]', '(14510-01) Passed SPAM {RelayedTaggedInbound,Quarantined}, [198.18.7.25]:50991 [198.18.7.25] <news@sender.example> -> <tanaka@example.jp>, quarantine: spam-d02pBmtMd5Y9.gz, mail_id: d02pBmtMd5Y9, Hits: 7.2, size: 1953, 384 ms');
  const c2 = log.amavisHop(10 * 3600 + 1, q2, 'news@sender.example', ['tanaka@example.jp'], true);
  log.emit(10 * 3600 + 2, `postfix/lmtp[${log.nextPid()}]`, `${c2}: to=<tanaka@example.jp>, relay=mail.example.jp[private/dovecot-lmtp], delay=0.05, delays=0.01/0.01/0.01/0.02, dsn=2.0.0, status=sent (250 2.0.0 <tanaka@example.jp> gbGdAtQnKWlTNQAA Saved)`);
  log.removed(10 * 3600 + 2.1, c2);
  const r = await everyWay('amavis-quarantine.log', log);
  assert.deepEqual([r.totals.received, r.totals.delivered, r.totals.discarded, r.totals.filterHops], [2, 1, 1, 1]);
  assert.deepEqual(r.byRecipientDomain.map((d) => [d.key, d.recipients, d.sent]), [['example.jp', 2, 1]]);
});
