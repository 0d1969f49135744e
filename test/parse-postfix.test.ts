// Postfix line table: every shape of LINES.md §1–3 and every distinct Postfix line shape of the two corpus logs,
// as verbatim lines with the event they must give (every field of it). `src` cites where the line comes from:
// a corpus file and line number (../shared/corpus, Postfix 3.7.11 on Debian 12), or the public source LINES.md
// names. Where only the message part is public (postfix-grok-patterns tests hold messages without a syslog
// prefix), the prefix was added and `src` says so. The last tests parse every line of the corpus.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { newHeader, newYearRule, parseHeader } from '../src/parse/header.js';
import type { YearRule } from '../src/parse/header.js';
import { parserFor } from '../src/parse/programs.js';
import { createScanner } from '../src/scan.js';
import type { LogEvent } from '../src/types.js';
import { CORPUS } from './helpers.js';

interface Case {
  src: string;
  line: string;
  /** Every field of the event; `reasonStarts` / `textStarts` stand for a long `reason` / `text` (prefix match). */
  want: Record<string, unknown>;
}

function years(): YearRule {
  return newYearRule(2026, 10, true);
}

/** The real path of a line: syslog prefix, then the parser its tag selects. */
function parseLine(line: string): LogEvent | null {
  const h = newHeader();
  assert.ok(parseHeader(line, h, years(), new Map()), 'the line has a syslog prefix');
  const parse = parserFor(h.prog);
  assert.ok(parse, `${h.prog} has a parser`);
  return parse(line, h.msgStart);
}

function check(c: Case): void {
  const ev = parseLine(c.line);
  assert.ok(ev, 'the line is understood (not unparsed)');
  const got = ev as unknown as Record<string, unknown>;
  const fields: string[] = [];
  for (const [k, v] of Object.entries(c.want)) {
    if (k.endsWith('Starts')) {
      const f = k.slice(0, -6);
      fields.push(f);
      assert.ok(String(got[f]).startsWith(v as string), `${f} starts with ${String(v)}: ${String(got[f])}`);
    } else {
      fields.push(k);
      assert.deepEqual(got[k], v, k);
    }
  }
  assert.deepEqual(Object.keys(got).sort(), fields.sort(), 'no field left unchecked');
}

function table(name: string, cases: Case[]): void {
  cases.forEach((c, i) => {
    test(`${name} ${i + 1}: ${String(c.want['kind'])}${c.want['kind'] === 'noise' ? ' ' + String(c.want['what']) : ''} (${c.src})`, () => check(c));
  });
}

// ---------------------------------------------------------------------------------------------------------
// LINES.md §1–3 and the public sources it names.
// ---------------------------------------------------------------------------------------------------------

const PUBLIC: Case[] = [
  {
    src: 'LINES.md §3 #1 (fail2ban#1592)',
    line: 'Oct 24 06:58:51 taken postfix/smtps/smtpd[25795]: connect from unknown[62.4.15.68]',
    want: { kind: 'connect', service: 'postfix/smtps/smtpd', client: { name: 'unknown', ip: '62.4.15.68' } },
  },
  {
    src: 'LINES.md §3 #2 (fail2ban tests)',
    line: 'Feb 10 13:26:34 srv postfix/smtpd[123]: disconnect from unknown[192.0.2.2] ehlo=1 auth=0/1 rset=1 quit=1 commands=3/4',
    want: { kind: 'disconnect', service: 'postfix/smtpd', client: { name: 'unknown', ip: '192.0.2.2' }, authOk: 0, authTried: 1, commands: 4 },
  },
  {
    src: 'grok test/smtpd_0032.yaml message; prefix added',
    line: 'Feb 10 13:26:34 srv postfix/smtpd[123]: disconnect from unknown[unknown] commands=0/0',
    want: { kind: 'disconnect', service: 'postfix/smtpd', client: { name: 'unknown', ip: 'unknown' }, authOk: 0, authTried: 0, commands: 0 },
  },
  {
    src: 'grok test/POSTFIX_SMTPD.log message; prefix added',
    line: 'Oct 26 18:13:50 mail postfix/smtpd[3111]: disconnect from 061238241086.static.ctinets.com[61.238.241.86]',
    want: { kind: 'disconnect', service: 'postfix/smtpd', client: { name: '061238241086.static.ctinets.com', ip: '61.238.241.86' }, authOk: 0, authTried: 0, commands: 0 },
  },
  {
    src: 'grok test/POSTFIX_SMTPD.log message with a "[" put into the name (not valid_hostname(): hostile input)',
    line: 'Oct 26 18:13:50 mail postfix/smtpd[3111]: disconnect from evil[10.0.0.1.example[61.238.241.86]',
    want: { kind: 'disconnect', service: 'postfix/smtpd', client: { name: 'evil[10.0.0.1.example', ip: '61.238.241.86' }, authOk: 0, authTried: 0, commands: 0 },
  },
  {
    src: 'LINES.md §3 #3 (kumina postfix_exporter_test.go)',
    line: 'Oct 30 13:19:26 mailgw-out1 postfix/smtpd[27530]: EB4B2C19E2: client=xxx[1.2.3.4], sasl_method=PLAIN, sasl_username=user@domain',
    want: { kind: 'smtpdClient', service: 'postfix/smtpd', qid: 'EB4B2C19E2', client: { name: 'xxx', ip: '1.2.3.4' }, saslMethod: 'PLAIN', saslUser: 'user@domain', origQueueId: '' },
  },
  {
    src: 'LINES.md §3 #3 (wazuh#35544)',
    line: '2026-04-17T00:08:08.488301+02:00 myhostname postfix/smtps/smtpd[119886]: 7721F1453B: client=remotehost124[ip124], sasl_method=LOGIN, sasl_username=myuser',
    want: { kind: 'smtpdClient', service: 'postfix/smtps/smtpd', qid: '7721F1453B', client: { name: 'remotehost124', ip: 'ip124' }, saslMethod: 'LOGIN', saslUser: 'myuser', origQueueId: '' },
  },
  {
    src: 'grok test/POSTFIX_SMTPD.log message; prefix added',
    line: 'Oct 26 18:13:50 mail postfix/smtpd[3111]: 4104E3D: client=061238241086.static.ctinets.com[61.238.241.86]',
    want: { kind: 'smtpdClient', service: 'postfix/smtpd', qid: '4104E3D', client: { name: '061238241086.static.ctinets.com', ip: '61.238.241.86' }, saslMethod: '', saslUser: '', origQueueId: '' },
  },
  {
    src: 'LINES.md §3 #3 port variant (logwatch #TD); prefix added',
    line: 'Oct 26 18:13:50 mail postfix/smtpd[3111]: 4104E3D: client=unknown[192.168.0.1]:10025',
    want: { kind: 'smtpdClient', service: 'postfix/smtpd', qid: '4104E3D', client: { name: 'unknown', ip: '192.168.0.1' }, saslMethod: '', saslUser: '', origQueueId: '' },
  },
  {
    src: 'LINES.md §3 #3 format (smtpd_sasl_proto.c smtpd_sasl_mail_log) with orig_queue_id from LINES.md §2 (Lightmeter 6_deferred_message_retry.log); prefix added',
    line: 'Oct 26 18:13:50 mail postfix/smtpd[3111]: A17F830001CA: client=localhost[127.0.0.1], orig_queue_id=78E8330001C7, orig_client=unknown[68.183.218.8]',
    want: { kind: 'smtpdClient', service: 'postfix/smtpd', qid: 'A17F830001CA', client: { name: 'localhost', ip: '127.0.0.1' }, saslMethod: '', saslUser: '', origQueueId: '78E8330001C7' },
  },
  {
    src: 'LINES.md §3 #4 (fail2ban tests/files/logs/postfix)',
    line: 'Jul 12 07:47:48 saturn postfix/smtpd[8738]: NOQUEUE: reject: RCPT from 1-2-3-4-example.com[1.2.3.4]: 554 5.7.1 <smtp@example.com>: Relay access denied; from=<john@example.com> to=<smtp@example.org> proto=SMTP helo=<198.51.100.17>',
    want: { kind: 'reject', daemon: 'smtpd', qid: '', action: 'reject', stage: 'RCPT', client: { name: '1-2-3-4-example.com', ip: '1.2.3.4' }, code: '554', dsn: '5.7.1', reason: '<smtp@example.com>: Relay access denied', from: 'john@example.com', to: 'smtp@example.org', helo: '198.51.100.17' },
  },
  {
    src: 'fail2ban tests/files/logs/postfix-rbl',
    line: 'Feb  7 12:25:45 xxx12345 postfix/smtpd[13275]: NOQUEUE: reject: RCPT from unknown[87.236.233.182]: 554 5.7.1 Service unavailable; Client host [87.236.233.182] blocked using rbl.example.com; https://www.example.com/query/ip/87.236.233.182; from=<spammer@example.com> to=<goodguy@example.com> proto=SMTP helo=<WIN-5N8GBBS0R5I>',
    want: { kind: 'reject', daemon: 'smtpd', qid: '', action: 'reject', stage: 'RCPT', client: { name: 'unknown', ip: '87.236.233.182' }, code: '554', dsn: '5.7.1', reason: 'Service unavailable; Client host [87.236.233.182] blocked using rbl.example.com; https://www.example.com/query/ip/87.236.233.182', from: 'spammer@example.com', to: 'goodguy@example.com', helo: 'WIN-5N8GBBS0R5I' },
  },
  {
    src: 'fail2ban tests/files/logs/postfix-rbl',
    line: 'Dec 30 18:19:15 xxx postfix-incoming/smtpd[1574]: NOQUEUE: reject: RCPT from badguy.example.com[93.184.216.34]: 454 4.7.1 Service unavailable; Client host [93.184.216.34] blocked using rbl.example.com; http://www.example.com/query?ip=93.184.216.34; from=<spammer@example.com> to=<goodguy@example.com> proto=ESMTP helo=<badguy.example.com>',
    want: { kind: 'reject', daemon: 'smtpd', qid: '', action: 'reject', stage: 'RCPT', client: { name: 'badguy.example.com', ip: '93.184.216.34' }, code: '454', dsn: '4.7.1', reason: 'Service unavailable; Client host [93.184.216.34] blocked using rbl.example.com; http://www.example.com/query?ip=93.184.216.34', from: 'spammer@example.com', to: 'goodguy@example.com', helo: 'badguy.example.com' },
  },
  {
    src: 'fail2ban tests/files/logs/postfix',
    line: 'Jan 31 13:55:24 xxx postfix/smtpd[3462]: NOQUEUE: reject: EHLO from s271272.static.corbina.ru[78.107.251.238]: 504 5.5.2 <User>: Helo command rejected: need fully-qualified hostname; proto=SMTP helo=<User>',
    want: { kind: 'reject', daemon: 'smtpd', qid: '', action: 'reject', stage: 'EHLO', client: { name: 's271272.static.corbina.ru', ip: '78.107.251.238' }, code: '504', dsn: '5.5.2', reason: '<User>: Helo command rejected: need fully-qualified hostname', from: '', to: '', helo: 'User' },
  },
  {
    src: 'fail2ban tests/files/logs/postfix',
    line: 'Nov 22 22:33:44 xxx postfix/smtpd[11111]: NOQUEUE: reject: RCPT from 1-2-3-4.example.com[1.2.3.4]: 450 4.1.8 <some@nonexistant.tld>: Sender address rejected: Domain not found; from=<some@nonexistant.tld> to=<goodguy@example.com> proto=ESMTP helo=<1-2-3-4.example.com>',
    want: { kind: 'reject', daemon: 'smtpd', qid: '', action: 'reject', stage: 'RCPT', client: { name: '1-2-3-4.example.com', ip: '1.2.3.4' }, code: '450', dsn: '4.1.8', reason: '<some@nonexistant.tld>: Sender address rejected: Domain not found', from: 'some@nonexistant.tld', to: 'goodguy@example.com', helo: '1-2-3-4.example.com' },
  },
  {
    src: 'grok test/POSTFIX_SMTPD.log message; prefix added',
    line: 'Oct 26 18:13:50 mail postfix/smtpd[3111]: NOQUEUE: reject: RCPT from 061238241086.static.ctinets.com[61.238.241.86]: 550 5.1.1 <toernooicommissie@example.com>: Recipient address rejected: User unknown in virtual mailbox table; from=<wumt5@cchfdc.com> to=<toernooicommissie@example.com> proto=ESMTP helo=<ecsolved.com>',
    want: { kind: 'reject', daemon: 'smtpd', qid: '', action: 'reject', stage: 'RCPT', client: { name: '061238241086.static.ctinets.com', ip: '61.238.241.86' }, code: '550', dsn: '5.1.1', reason: '<toernooicommissie@example.com>: Recipient address rejected: User unknown in virtual mailbox table', from: 'wumt5@cchfdc.com', to: 'toernooicommissie@example.com', helo: 'ecsolved.com' },
  },
  {
    src: 'LINES.md §3 #5 (fail2ban tests/files/logs/postfix-rbl-postscreen)',
    line: 'May  5 15:51:11 xxx postfix/postscreen[1148]: NOQUEUE: reject: RCPT from [216.245.194.173]:60591: 550 5.7.1 Service unavailable; client [216.245.194.173] blocked using rbl.example.com; from=<spammer@example.com>, to=<goodguy@example.com>, proto=ESMTP, helo=<badguy.example.com>',
    want: { kind: 'reject', daemon: 'postscreen', qid: '', action: 'reject', stage: 'RCPT', client: { name: '', ip: '216.245.194.173' }, code: '550', dsn: '5.7.1', reason: 'Service unavailable; client [216.245.194.173] blocked using rbl.example.com', from: 'spammer@example.com', to: 'goodguy@example.com', helo: 'badguy.example.com' },
  },
  {
    src: 'LINES.md §3 #26 / grok test/POSTFIX_POSTSCREEN.log; prefix added',
    line: 'Oct 26 18:13:50 mail postfix/postscreen[1148]: NOQUEUE: reject: CONNECT from [1.2.3.4]:1337: too many connections',
    want: { kind: 'reject', daemon: 'postscreen', qid: '', action: 'reject', stage: 'CONNECT', client: { name: '', ip: '1.2.3.4' }, code: '', dsn: '', reason: 'too many connections', from: '', to: '', helo: '' },
  },
  {
    src: 'LINES.md §3 #7 (grok cleanup_0004, test/POSTFIX_CLEANUP.log); prefix added',
    line: 'Oct 26 18:13:50 mail postfix/cleanup[3112]: 4104E3D: milter-reject: END-OF-MESSAGE from 061238241086.static.ctinets.com[61.238.241.86]: 5.7.1 Blocked by SpamAssassin; from=<wumt5@cchfdc.com> to=<voorzitter@example.com> proto=ESMTP helo=<ecsolved.com>',
    want: { kind: 'reject', daemon: 'cleanup', qid: '4104E3D', action: 'milter-reject', stage: 'END-OF-MESSAGE', client: { name: '061238241086.static.ctinets.com', ip: '61.238.241.86' }, code: '', dsn: '5.7.1', reason: 'Blocked by SpamAssassin', from: 'wumt5@cchfdc.com', to: 'voorzitter@example.com', helo: 'ecsolved.com' },
  },
  {
    src: 'grok test/POSTFIX_CLEANUP.log; prefix added',
    line: 'Oct 26 18:13:50 mail postfix/cleanup[3112]: 4104E3D: milter-header-redirect: header X-Spam-Status: Yes, score=39.3 required=5.0 tests=ADVANCE_FE from 061238241086.static.ctinets.com[61.238.241.86]; from=<wumt5@cchfdc.com> to=<voorzitter@example.com> proto=ESMTP helo=<ecsolved.com>: tom@example.com',
    want: { kind: 'reject', daemon: 'cleanup', qid: '4104E3D', action: 'milter-header-redirect', stage: 'header', client: { name: '061238241086.static.ctinets.com', ip: '61.238.241.86' }, code: '', dsn: '', reason: 'tom@example.com', from: 'wumt5@cchfdc.com', to: 'voorzitter@example.com', helo: 'ecsolved.com' },
  },
  {
    src: 'LINES.md §3 #7 (grok cleanup_0006); prefix added',
    line: 'Oct 26 18:13:50 mail postfix/cleanup[3112]: D8B07E3DB6: warning: header Subject: https://drive.google.com/file/d/0B8wxcvprDYVdlVsdf1kzOVkdisarmed/view?usp=sharing from o1678917x173.outbound-mail.sendgrid.net[167.89.17.173]; from=<bounces+2320708-7653-frank.test=hsdjasdd.co.uk@sendgrid.net> to=<frank.test@hsdjasdd.co.uk> proto=ESMTP helo=<o1678917x173.outbound-mail.sendgrid.net>',
    want: { kind: 'reject', daemon: 'cleanup', qid: 'D8B07E3DB6', action: 'warning', stage: 'header', client: { name: 'o1678917x173.outbound-mail.sendgrid.net', ip: '167.89.17.173' }, code: '', dsn: '', reason: 'Subject: https://drive.google.com/file/d/0B8wxcvprDYVdlVsdf1kzOVkdisarmed/view?usp=sharing', from: 'bounces+2320708-7653-frank.test=hsdjasdd.co.uk@sendgrid.net', to: 'frank.test@hsdjasdd.co.uk', helo: 'o1678917x173.outbound-mail.sendgrid.net' },
  },
  {
    src: 'grok test/POSTFIX_CLEANUP.log; prefix added',
    line: 'Oct 26 18:13:50 mail postfix/cleanup[3112]: 0F5383D: message-id=<544D2523.30609@rhsoft.net>',
    want: { kind: 'messageId', qid: '0F5383D', messageId: '544D2523.30609@rhsoft.net' },
  },
  {
    src: 'LINES.md §3 #6 (grok test/POSTFIX_CLEANUP.log); prefix added',
    line: 'Oct 26 18:13:50 mail postfix/cleanup[3112]: 4104E3D: message-id=<>',
    want: { kind: 'messageId', qid: '4104E3D', messageId: '' },
  },
  {
    src: 'LINES.md §3 #6 (grok cleanup_0010); prefix added',
    line: 'Oct 26 18:13:50 mail postfix/cleanup[3112]: ADD961003206D: message-id==?UTF-8?B?PDE5?=? =?UTF-8?B?MTIyMDExMjkxNjYxMUBDbGllbnQtMDQ1LnJ1YmluZXR0ZXJpZS5sb2NhbD4=?=',
    want: { kind: 'messageId', qid: 'ADD961003206D', messageId: '=?UTF-8?B?PDE5?=? =?UTF-8?B?MTIyMDExMjkxNjYxMUBDbGllbnQtMDQ1LnJ1YmluZXR0ZXJpZS5sb2NhbD4=?=' },
  },
  {
    src: 'LINES.md §3 #8 (Lightmeter performance_test.go)',
    line: 'Jun  3 10:40:57 mail postfix/qmgr[1005]: 4AA091855DA0: from=<user@sender.com>, size=391, nrcpt=1 (queue active)',
    want: { kind: 'queued', qid: '4AA091855DA0', from: 'user@sender.com', size: 391, nrcpt: 1 },
  },
  {
    src: 'LINES.md §3 #9 (kumina test)',
    line: 'Feb 11 16:49:24 letterman postfix/qmgr[8204]: AAB4D259B1: removed',
    want: { kind: 'removed', qid: 'AAB4D259B1', by: 'qmgr' },
  },
  {
    src: 'LINES.md §3 #10 (kumina test)',
    line: 'Apr 10 14:50:16 mail postfix/qmgr[3663]: BACE842E72: from=<noreply@domain.com>, status=expired, returned to sender',
    want: { kind: 'expired', qid: 'BACE842E72', from: 'noreply@domain.com', forced: false },
  },
  {
    src: 'LINES.md §3 #10 force-expired (postsuper(1)); kumina line with the 3.5+ status',
    line: 'Apr 10 14:50:16 mail postfix/qmgr[3663]: BACE842E72: from=<noreply@domain.com>, status=force-expired, returned to sender',
    want: { kind: 'expired', qid: 'BACE842E72', from: 'noreply@domain.com', forced: true },
  },
  {
    src: 'LINES.md §3 #11 (youyo README)',
    line: 'Oct 10 04:02:08 mail.example.com postfix/smtp[22928]: DFBEFDBF00C5: to=<test@example-to.com>, relay=mail.example-to.com[192.168.0.10]:25, delay=5.3, delays=0.26/0/0.31/4.7, dsn=2.0.0, status=sent (250 2.0.0 Ok: queued as C598F1B0002D)',
    want: { kind: 'delivery', agent: 'smtp', qid: 'DFBEFDBF00C5', to: 'test@example-to.com', origTo: '', relay: 'mail.example-to.com[192.168.0.10]:25', delay: 5.3, dsn: '2.0.0', status: 'sent', reason: '250 2.0.0 Ok: queued as C598F1B0002D', handedTo: '', filterHop: false },
  },
  {
    src: 'grok test/POSTFIX_SMTP.log; prefix added',
    line: 'Oct 26 18:13:50 mail postfix/smtp[3113]: 7EE668039: to=<admin@example.com>, relay=127.0.0.1[127.0.0.1]:2525, delay=3.6, delays=0.2/0.02/0.04/3.3, dsn=2.0.0, status=sent (250 2.0.0 Ok: queued as 153053D)',
    want: { kind: 'delivery', agent: 'smtp', qid: '7EE668039', to: 'admin@example.com', origTo: '', relay: '127.0.0.1[127.0.0.1]:2525', delay: 3.6, dsn: '2.0.0', status: 'sent', reason: '250 2.0.0 Ok: queued as 153053D', handedTo: '153053D', filterHop: true },
  },
  {
    src: 'grok test/POSTFIX_SMTP.log; prefix added',
    line: 'Oct 26 18:13:50 mail postfix/smtp[3113]: 0D9633D: to=<jos@example.com>, orig_to=<bestuur@example.com>, relay=mail1.example.net[10.74.103.11]:25, delay=11, delays=5.4/0.06/5.1/0.03, dsn=2.0.0, status=sent (250 2.0.0 Ok: queued as F12DF84004)',
    want: { kind: 'delivery', agent: 'smtp', qid: '0D9633D', to: 'jos@example.com', origTo: 'bestuur@example.com', relay: 'mail1.example.net[10.74.103.11]:25', delay: 11, dsn: '2.0.0', status: 'sent', reason: '250 2.0.0 Ok: queued as F12DF84004', handedTo: '', filterHop: false },
  },
  {
    src: 'LINES.md §2 (Lightmeter 6_deferred_message_retry.log reply text); prefix and fields added',
    line: 'Oct 26 18:13:50 mail postfix/smtp[3113]: 78E8330001C7: to=<info@example.com>, relay=127.0.0.1[127.0.0.1]:10024, delay=0.52, delays=0.01/0/0.01/0.5, dsn=2.0.0, status=sent (250 2.0.0 from MTA(smtp:[127.0.0.1]:10025): 250 2.0.0 Ok: queued as A17F830001CA)',
    want: { kind: 'delivery', agent: 'smtp', qid: '78E8330001C7', to: 'info@example.com', origTo: '', relay: '127.0.0.1[127.0.0.1]:10024', delay: 0.52, dsn: '2.0.0', status: 'sent', reason: '250 2.0.0 from MTA(smtp:[127.0.0.1]:10025): 250 2.0.0 Ok: queued as A17F830001CA', handedTo: 'A17F830001CA', filterHop: true },
  },
  {
    src: 'LINES.md §3 #11 virtual (grok virtual_0001); prefix added',
    line: 'Oct 26 18:13:50 mail postfix/virtual[3114]: B657F2DB195D: to=<postmaster@example.com>, relay=virtual, delay=0.52, delays=0.51/0.01/0/0, dsn=2.0.0, status=sent (delivered to maildir)',
    want: { kind: 'delivery', agent: 'virtual', qid: 'B657F2DB195D', to: 'postmaster@example.com', origTo: '', relay: 'virtual', delay: 0.52, dsn: '2.0.0', status: 'sent', reason: 'delivered to maildir', handedTo: '', filterHop: false },
  },
  {
    src: 'grok test/POSTFIX_PIPE.log; prefix added',
    line: 'Oct 26 18:13:50 mail postfix/pipe[3115]: 153053D: to=<tom@example.com>, orig_to=<admin@example.com>, relay=dovecot, delay=3.4, delays=3.3/0.03/0/0.12, dsn=2.0.0, status=sent (delivered via dovecot service)',
    want: { kind: 'delivery', agent: 'pipe', qid: '153053D', to: 'tom@example.com', origTo: 'admin@example.com', relay: 'dovecot', delay: 3.4, dsn: '2.0.0', status: 'sent', reason: 'delivered via dovecot service', handedTo: '', filterHop: false },
  },
  {
    src: 'grok test/discard_0001.yaml',
    line: 'May  8 01:15:47 mailserver01 postfix/discard[19593]: 25F2E5E061: to=<george.desantis@test.example.com>, relay=none, delay=0.05, delays=0.05/0/0/0, dsn=2.0.0, status=sent (test.example.com)',
    want: { kind: 'delivery', agent: 'discard', qid: '25F2E5E061', to: 'george.desantis@test.example.com', origTo: '', relay: 'none', delay: 0.05, dsn: '2.0.0', status: 'sent', reason: 'test.example.com', handedTo: '', filterHop: false },
  },
  {
    src: 'LINES.md §3 #12 (Mailu#1458)',
    line: 'Apr 21 08:45:17 mail postfix/smtp[1278]: 85272AA02B8: to=<jgutierrez@ricoh-mex.com.mx>, relay=mxb-00145802.gslb.pphosted.com[67.231.156.189]:25, delay=58978, delays=58977/0.15/1.5/0, dsn=4.0.0, status=deferred (host mxb-00145802.gslb.pphosted.com[67.231.156.189] refused to talk to me: 554 Blocked - see https://ipcheck.proofpoint.com/?ip=78.225.183.108)',
    want: { kind: 'delivery', agent: 'smtp', qid: '85272AA02B8', to: 'jgutierrez@ricoh-mex.com.mx', origTo: '', relay: 'mxb-00145802.gslb.pphosted.com[67.231.156.189]:25', delay: 58978, dsn: '4.0.0', status: 'deferred', handedTo: '', filterHop: false, reasonStarts: 'host mxb-00145802.gslb.pphosted.com[67.231.156.189] refused to talk to' },
  },
  {
    src: 'LINES.md §3 #12 relay=none (grok error_0001); prefix added',
    line: 'Oct 26 18:13:50 mail postfix/error[3116]: 2DC5552A34: to=<user@yahoo.com>, relay=none, delay=63495, delays=63350/144/0/0, dsn=4.4.2, status=deferred (delivery temporarily suspended: lost connection with mta7.am0.yahoodns.net[98.136.216.22] while sending RCPT TO)',
    want: { kind: 'delivery', agent: 'error', qid: '2DC5552A34', to: 'user@yahoo.com', origTo: '', relay: 'none', delay: 63495, dsn: '4.4.2', status: 'deferred', handedTo: '', filterHop: false, reasonStarts: 'delivery temporarily suspended: lost connection with mta7.am0.yahoodns' },
  },
  {
    src: 'LINES.md §3 #13 (docker-mailserver#3292)',
    line: 'Apr 26 00:52:53 mail postfix/smtp[16781]: 266DB1A36D6: host mta7.am0.yahoodns.net[67.195.228.109] said: 421 4.7.0 [TSS04] Messages from "x.x.x.x" temporarily deferred due to unexpected volume or user complaints - 4.16.55.1; see https://postmaster.yahooinc.com/error-codes (in reply to MAIL FROM command)',
    want: { kind: 'remoteSaid', qid: '266DB1A36D6', host: 'mta7.am0.yahoodns.net', ip: '67.195.228.109', textStarts: '421 4.7.0 [TSS04] Messages from "x.x.x.x" temporarily deferred due to ' },
  },
  {
    src: 'LINES.md §3 #13 (grok smtp_0033); prefix added',
    line: 'Oct 26 18:13:50 mail postfix/smtp[3113]: 745137AA: lost connection with hotmail-com.olc.protection.outlook.com[104.47.55.161] while sending RCPT TO',
    want: { kind: 'remoteSaid', qid: '745137AA', host: 'hotmail-com.olc.protection.outlook.com', ip: '104.47.55.161', text: 'lost connection with hotmail-com.olc.protection.outlook.com[104.47.55.161] while sending RCPT TO' },
  },
  {
    src: 'LINES.md §3 #13 (grok smtp_0022); prefix added',
    line: 'Oct 26 18:13:50 mail postfix/smtp[3113]: 78D6B41: conversation with mx00.gmx.com[74.208.5.4] timed out while receiving the initial server greeting',
    want: { kind: 'remoteSaid', qid: '78D6B41', host: 'mx00.gmx.com', ip: '74.208.5.4', text: 'conversation with mx00.gmx.com[74.208.5.4] timed out while receiving the initial server greeting' },
  },
  {
    src: 'LINES.md §3 #13 (grok smtp_0005); prefix added',
    line: 'Oct 26 18:13:50 mail postfix/smtp[3113]: connect to intern.nl[194.109.6.98]:25: Connection timed out',
    want: { kind: 'connectFailed', daemon: 'smtp', host: 'intern.nl', ip: '194.109.6.98', port: '25', reason: 'Connection timed out' },
  },
  {
    src: 'LINES.md §3 #14 (Lightmeter performance_test.go)',
    line: 'Jun  3 10:40:59 mail postfix/smtp[9890]: 776E41855DB2: to=<invalid.email@example.com>, relay=mx.example.com[11.22.33.44]:25, delay=1.9, delays=0/0/1.5/0.37, dsn=5.1.1, status=bounced (host mx.example.com[11.22.33.44] said: 550 5.1.1 <invalid.email@example.com> User unknown (in reply to RCPT TO command))',
    want: { kind: 'delivery', agent: 'smtp', qid: '776E41855DB2', to: 'invalid.email@example.com', origTo: '', relay: 'mx.example.com[11.22.33.44]:25', delay: 1.9, dsn: '5.1.1', status: 'bounced', handedTo: '', filterHop: false, reasonStarts: 'host mx.example.com[11.22.33.44] said: 550 5.1.1 <invalid.email@exampl' },
  },
  {
    src: 'LINES.md §3 #15 (Lightmeter performance_test.go)',
    line: 'Jun  3 10:40:59 mail postfix/bounce[9719]: 776E41855DB2: sender non-delivery notification: A48191855DA0',
    want: { kind: 'notification', qid: '776E41855DB2', notice: 'sender non-delivery', newQid: 'A48191855DA0' },
  },
  {
    src: 'LINES.md §3 #15 (grok bounce_0002); prefix added',
    line: 'Oct 26 18:13:50 mail postfix/bounce[3117]: 65AFB8B5: sender delivery status notification: 1DF35917',
    want: { kind: 'notification', qid: '65AFB8B5', notice: 'sender delivery status', newQid: '1DF35917' },
  },
  {
    src: 'LINES.md §3 #15 (grok bounce_0003); prefix added',
    line: 'Oct 26 18:13:50 mail postfix/bounce[3117]: 264FE1A18: sender delay notification: 0A87A1A08',
    want: { kind: 'notification', qid: '264FE1A18', notice: 'sender delay', newQid: '0A87A1A08' },
  },
  {
    src: 'LINES.md §3 #15 (grok bounce_0004); prefix added',
    line: 'Oct 26 18:13:50 mail postfix/bounce[3117]: 482E4404AC8: postmaster non-delivery notification: 47335405A44',
    want: { kind: 'notification', qid: '482E4404AC8', notice: 'postmaster non-delivery', newQid: '47335405A44' },
  },
  {
    src: 'LINES.md §3 #16 (Lightmeter 10_pickup.log)',
    line: 'Feb  1 13:17:02 mail postfix/pickup[28541]: 08ACF1541B01: uid=0 from=<root>',
    want: { kind: 'pickup', qid: '08ACF1541B01', uid: '0', from: 'root', origId: '' },
  },
  {
    src: 'lab, Postfix 3.7.11 (review 7 H4): pickup reading a file that postsuper -r requeued',
    line: 'Nov 29 01:27:21 vm postfix/pickup[20004]: 98D0529E2C8: uid=103 from=<sato@example.jp> orig_id=2074029EAB4',
    want: { kind: 'pickup', qid: '98D0529E2C8', uid: '103', from: 'sato@example.jp', origId: '2074029EAB4' },
  },
  {
    src: 'LINES.md §3 #17 (fail2ban tests/files/logs/postfix-sasl)',
    line: 'Mar 10 13:33:30 gandalf postfix/smtpd[3937]: warning: HOSTNAME[1.1.1.1]: SASL LOGIN authentication failed: authentication failure',
    want: { kind: 'authFailed', service: 'postfix/smtpd', client: { name: 'HOSTNAME', ip: '1.1.1.1' }, mechanism: 'LOGIN', reason: 'authentication failure', user: '' },
  },
  {
    src: 'fail2ban tests/files/logs/postfix-sasl',
    line: 'Sep  6 00:44:56 trianon postfix/submission/smtpd[11538]: warning: unknown[82.221.106.233]: SASL LOGIN authentication failed: UGFzc3dvcmQ6',
    want: { kind: 'authFailed', service: 'postfix/submission/smtpd', client: { name: 'unknown', ip: '82.221.106.233' }, mechanism: 'LOGIN', reason: 'UGFzc3dvcmQ6', user: '' },
  },
  {
    src: 'fail2ban tests/files/logs/postfix-sasl',
    line: 'Apr 12 02:24:11 xxx postfix/smtps/smtpd[42]: warning: astra4139.startdedicated.de[62.138.2.143]: SASL LOGIN authentication failed: UGFzc3dvcmQ6',
    want: { kind: 'authFailed', service: 'postfix/smtps/smtpd', client: { name: 'astra4139.startdedicated.de', ip: '62.138.2.143' }, mechanism: 'LOGIN', reason: 'UGFzc3dvcmQ6', user: '' },
  },
  {
    src: 'fail2ban tests/files/logs/postfix-sasl',
    line: 'Dec  2 22:24:22 hel postfix/smtpd[7676]: warning: 114-44-142-233.dynamic.hinet.net[114.44.142.233]: SASL CRAM-MD5 authentication failed: PDc3OTEwNTkyNTEyMzA2NDIuMTIyODI1MzA2MUBoZWw+',
    want: { kind: 'authFailed', service: 'postfix/smtpd', client: { name: '114-44-142-233.dynamic.hinet.net', ip: '114.44.142.233' }, mechanism: 'CRAM-MD5', reason: 'PDc3OTEwNTkyNTEyMzA2NDIuMTIyODI1MzA2MUBoZWw+', user: '' },
  },
  {
    src: 'LINES.md §3 #17 port variant (logwatch #TD); prefix added',
    line: 'Mar 10 13:33:30 gandalf postfix/smtpd[3937]: warning: unknown[192.0.2.237]:55729: SASL LOGIN authentication failed: UGFzc3dvcmQ6',
    want: { kind: 'authFailed', service: 'postfix/smtpd', client: { name: 'unknown', ip: '192.0.2.237' }, mechanism: 'LOGIN', reason: 'UGFzc3dvcmQ6', user: '' },
  },
  {
    src: 'LINES.md §3 #18 (fail2ban tests/files/logs/postfix-sasl)',
    line: 'Feb  3 08:29:28 mail postfix/smtpd[21022]: warning: unknown[1.1.1.1]: SASL LOGIN authentication failed: Connection lost to authentication server',
    want: { kind: 'authFailed', service: 'postfix/smtpd', client: { name: 'unknown', ip: '1.1.1.1' }, mechanism: 'LOGIN', reason: 'Connection lost to authentication server', user: '' },
  },
  {
    src: 'LINES.md §3 #18 (kumina test); prefix added',
    line: 'Feb  3 08:29:28 mail postfix/smtpd[21022]: warning: SASL authentication failure: cannot connect to saslauthd server: Permission denied',
    want: { kind: 'daemonProblem', daemon: 'smtpd', severity: 'warning', text: 'SASL authentication failure: cannot connect to saslauthd server: Permission denied' },
  },
  {
    src: 'LINES.md §3 #20 (grok smtp_0032); prefix added',
    line: 'Oct 26 18:13:50 mail postfix/smtp[3113]: D0F29603B4: SASL authentication failed; server xyz.example.com[1.2.3.4] said: 535 5.7.8 Error: authentication failed: authentication failure',
    want: { kind: 'relayAuthFailed', qid: 'D0F29603B4', host: 'xyz.example.com[1.2.3.4]', text: 'SASL authentication failed; server xyz.example.com[1.2.3.4] said: 535 5.7.8 Error: authentication failed: authentication failure' },
  },
  {
    src: 'LINES.md §3 #21 (fail2ban tests)',
    line: 'Feb 18 09:48:04 xxx postfix/smtpd[23]: lost connection after AUTH from unknown[192.0.2.23]',
    want: { kind: 'smtpdProblem', service: 'postfix/smtpd', problem: 'lost-connection', after: 'AUTH', client: { name: 'unknown', ip: '192.0.2.23' } },
  },
  {
    src: 'LINES.md §3 #21 (logwatch #TD); prefix added',
    line: 'Feb 18 09:48:04 xxx postfix/smtpd[23]: lost connection after DATA (494133 bytes) from unknown[192.0.2.23]',
    want: { kind: 'smtpdProblem', service: 'postfix/smtpd', problem: 'lost-connection', after: 'DATA', client: { name: 'unknown', ip: '192.0.2.23' } },
  },
  {
    src: 'LINES.md §3 #21 (grok smtpd_0014); prefix added',
    line: 'Feb 18 09:48:04 xxx postfix/smtpd[23]: timeout after END-OF-MESSAGE from unknown[72.13.58.7]',
    want: { kind: 'smtpdProblem', service: 'postfix/smtpd', problem: 'timeout', after: 'END-OF-MESSAGE', client: { name: 'unknown', ip: '72.13.58.7' } },
  },
  {
    src: 'grok test/POSTFIX_SMTPD.log; prefix added',
    line: 'Oct 26 18:13:50 mail postfix/smtpd[3111]: lost connection after STARTTLS from unknown[72.13.58.7]',
    want: { kind: 'smtpdProblem', service: 'postfix/smtpd', problem: 'lost-connection', after: 'STARTTLS', client: { name: 'unknown', ip: '72.13.58.7' } },
  },
  {
    src: 'LINES.md §3 #22 (fail2ban tests)',
    line: 'Jun  3 06:25:43 srv postfix/smtpd[29306]: too many errors after RCPT from example.com[192.0.2.11]',
    want: { kind: 'smtpdProblem', service: 'postfix/smtpd', problem: 'too-many-errors', after: 'RCPT', client: { name: 'example.com', ip: '192.0.2.11' } },
  },
  {
    src: 'fail2ban tests/files/logs/postfix',
    line: 'Dec 25 02:35:54 platypus postfix/smtpd[9144]: improper command pipelining after RSET from 173-10-140-217-BusName-washingtonDC.hfc.comcastbusiness.net[173.10.140.217]',
    want: { kind: 'smtpdProblem', service: 'postfix/smtpd', problem: 'pipelining', after: 'RSET', client: { name: '173-10-140-217-BusName-washingtonDC.hfc.comcastbusiness.net', ip: '173.10.140.217' } },
  },
  {
    src: 'fail2ban tests/files/logs/postfix',
    line: 'Jan 12 11:07:49 emf1pt2-2-35-70 postfix/smtpd[13767]: improper command pipelining after DATA from unknown[181.21.131.88]:',
    want: { kind: 'smtpdProblem', service: 'postfix/smtpd', problem: 'pipelining', after: 'DATA', client: { name: 'unknown', ip: '181.21.131.88' } },
  },
  {
    src: 'smtpd format "hostname %s does not resolve to address %s: %s" with an IPv6 client (review 7 L4)',
    line: 'Nov 28 22:15:30 mail postfix/smtpd[1]: warning: hostname mail-x.example.com does not resolve to address 2001:db8::25: Name or service not known',
    want: { kind: 'smtpdProblem', service: 'postfix/smtpd', problem: 'hostname-does-not-resolve', after: 'CONNECT', client: { name: 'mail-x.example.com', ip: '2001:db8::25' } },
  },
  {
    src: 'LINES.md §3 #23 (grok test/POSTFIX_SMTPD.log); prefix added',
    line: 'Oct 26 18:13:50 mail postfix/smtpd[3111]: warning: hostname exemple.com does not resolve to address 185.14.29.32',
    want: { kind: 'smtpdProblem', service: 'postfix/smtpd', problem: 'hostname-does-not-resolve', after: 'CONNECT', client: { name: 'exemple.com', ip: '185.14.29.32' } },
  },
  {
    src: 'LINES.md §3 #23 (grok smtpd_0036); prefix added',
    line: 'Oct 26 18:13:50 mail postfix/smtpd[3111]: bare <LF> received after CONNECT from example.net[1.2.3.4]',
    want: { kind: 'noise', what: 'bare-lf' },
  },
  {
    src: 'review 17 H5: smtpd_discard_ehlo_keywords = chunking (Postfix 3.7.11 smtpd format "discarding EHLO keywords: %s")',
    line: 'Nov 28 22:13:19 mail postfix/smtpd[21271]: discarding EHLO keywords: CHUNKING',
    want: { kind: 'noise', what: 'ehlo-discard' },
  },
  {
    src: 'LINES.md §3 #25 (grok anvil_0005); prefix added',
    line: 'Oct 26 18:13:50 mail postfix/anvil[3118]: statistics: max connection rate 1/60s for (smtpd:2604:8d00:0:1::3) at Oct 26 17:46:59',
    want: { kind: 'noise', what: 'statistics' },
  },
  {
    src: 'LINES.md §3 #25 (grok anvil_0001); prefix added',
    line: 'Oct 26 18:13:50 mail postfix/anvil[3118]: statistics: max cache size 1 at Oct 26 18:13:50',
    want: { kind: 'noise', what: 'statistics' },
  },
  {
    src: 'LINES.md §3 #25 (logwatch #TD); prefix added',
    line: 'Oct 26 18:13:50 mail postfix/smtpd[3111]: warning: Connection rate limit exceeded: 20 from mail.example.com[192.168.0.1] for service smtp',
    want: { kind: 'smtpdProblem', service: 'postfix/smtpd', problem: 'rate-limit', after: 'connection rate', client: { name: 'mail.example.com', ip: '192.168.0.1' } },
  },
  {
    src: 'lab, Postfix 3.7.11 (review 7 L7): postscreen\'s deep-protocol tests',
    line: 'Nov 29 01:30:44 vm postfix/postscreen[27283]: DATA without valid RCPT from [127.0.0.1]:41122',
    want: { kind: 'postscreen', action: 'DATA without valid RCPT', ip: '127.0.0.1', detail: 'from [127.0.0.1]:41122' },
  },
  {
    src: 'LINES.md §3 #26 (grok test/POSTFIX_POSTSCREEN.log); prefix added',
    line: 'Oct 26 18:13:50 mail postfix/postscreen[1148]: CONNECT from [61.238.241.86]:53024 to [89.105.204.244]:25',
    want: { kind: 'postscreen', action: 'CONNECT from', ip: '61.238.241.86', detail: '[61.238.241.86]:53024 to [89.105.204.244]:25' },
  },
  {
    src: 'LINES.md §3 #26 (grok test/POSTFIX_POSTSCREEN.log); prefix added',
    line: 'Oct 26 18:13:50 mail postfix/postscreen[1148]: PASS NEW [2607:f8b0:4003:c01::23a]:36051',
    want: { kind: 'postscreen', action: 'PASS NEW', ip: '2607:f8b0:4003:c01::23a', detail: '[2607:f8b0:4003:c01::23a]:36051' },
  },
  {
    src: 'LINES.md §3 #26 (grok test/POSTFIX_POSTSCREEN.log); prefix added',
    line: 'Oct 26 18:13:50 mail postfix/postscreen[1148]: PASS OLD [61.238.241.86]:53024',
    want: { kind: 'postscreen', action: 'PASS OLD', ip: '61.238.241.86', detail: '[61.238.241.86]:53024' },
  },
  {
    src: 'LINES.md §3 #26 (fail2ban tests)',
    line: 'Dec 23 19:39:13 xxx postfix/postscreen[21057]: PREGREET 14 after 0.08 from [192.0.2.2]:59415: EHLO ylmf-pc\\r\\n',
    want: { kind: 'postscreen', action: 'PREGREET', ip: '192.0.2.2', detail: '14 after 0.08 from [192.0.2.2]:59415: EHLO ylmf-pc\\r\\n' },
  },
  {
    src: 'LINES.md §3 #26 (grok test/POSTFIX_POSTSCREEN.log); prefix added',
    line: 'Oct 26 18:13:50 mail postfix/postscreen[1148]: DNSBL rank 3 for [111.73.45.149]:1038',
    want: { kind: 'postscreen', action: 'DNSBL rank', ip: '111.73.45.149', detail: '3 for [111.73.45.149]:1038' },
  },
  {
    src: 'LINES.md §3 #26 (grok test/POSTFIX_POSTSCREEN.log); prefix added',
    line: 'Oct 26 18:13:50 mail postfix/postscreen[1148]: HANGUP after 63 from [111.73.45.149]:1038 in tests after SMTP handshake',
    want: { kind: 'postscreen', action: 'HANGUP', ip: '111.73.45.149', detail: 'after 63 from [111.73.45.149]:1038 in tests after SMTP handshake' },
  },
  {
    src: 'LINES.md §3 #26 (grok test/POSTFIX_POSTSCREEN.log); prefix added',
    line: 'Oct 26 18:13:50 mail postfix/postscreen[1148]: COMMAND TIME LIMIT from [182.246.250.243]:51799 after CONNECT',
    want: { kind: 'postscreen', action: 'COMMAND TIME LIMIT', ip: '182.246.250.243', detail: 'from [182.246.250.243]:51799 after CONNECT' },
  },
  {
    src: 'LINES.md §3 #26 (grok test/POSTFIX_POSTSCREEN.log); prefix added',
    line: 'Oct 26 18:13:50 mail postfix/postscreen[1148]: NON-SMTP COMMAND from [93.174.93.51]:45284 after CONNECT: GET http://ipv4scan.com/hello/check.txt HTTP/1.1',
    want: { kind: 'postscreen', action: 'NON-SMTP COMMAND', ip: '93.174.93.51', detail: 'from [93.174.93.51]:45284 after CONNECT: GET http://ipv4scan.com/hello/check.txt HTTP/1.1' },
  },
  {
    src: 'LINES.md §3 #26 (grok test/POSTFIX_POSTSCREEN.log); prefix added',
    line: 'Oct 26 18:13:50 mail postfix/postscreen[1148]: DISCONNECT [216.81.72.72]:43421',
    want: { kind: 'postscreen', action: 'DISCONNECT', ip: '216.81.72.72', detail: '[216.81.72.72]:43421' },
  },
  {
    src: 'LINES.md §3 #26 (grok test/POSTFIX_POSTSCREEN.log); prefix added',
    line: 'Oct 26 18:13:50 mail postfix/postscreen[1148]: WHITELISTED [61.238.241.86]:53024',
    want: { kind: 'postscreen', action: 'WHITELISTED', ip: '61.238.241.86', detail: '[61.238.241.86]:53024' },
  },
  {
    src: 'LINES.md §3 #26 (grok test/POSTFIX_POSTSCREEN.log); prefix added',
    line: 'Oct 26 18:13:50 mail postfix/postscreen[1148]: WHITELIST VETO [61.238.241.86]:53024',
    want: { kind: 'postscreen', action: 'WHITELIST VETO', ip: '61.238.241.86', detail: '[61.238.241.86]:53024' },
  },
  {
    src: 'grok test/POSTFIX_POSTSCREEN.log; prefix added',
    line: 'Oct 26 18:13:50 mail postfix/postscreen[1148]: cache btree:/var/lib/postfix-in/postscreen_cache full cleanup: retained=242 dropped=7 entries',
    want: { kind: 'noise', what: 'postscreen-cache' },
  },
  {
    src: 'LINES.md §3 #27 (grok dnsblog_0001); prefix added',
    line: 'Oct 26 18:13:50 mail postfix/dnsblog[3119]: addr 61.238.241.86 listed by domain psbl.surriel.com as 127.0.0.2',
    want: { kind: 'postscreen', action: 'DNSBL listed', ip: '61.238.241.86', detail: 'addr 61.238.241.86 listed by domain psbl.surriel.com as 127.0.0.2' },
  },
  {
    src: 'LINES.md §3 #28 (grok postsuper_0001); prefix added',
    line: 'Oct 26 18:13:50 mail postfix/postsuper[3120]: D4F2023DB: removed',
    want: { kind: 'removed', qid: 'D4F2023DB', by: 'postsuper' },
  },
  {
    src: 'LINES.md §3 #28 (grok postsuper_0002); prefix added',
    line: 'Oct 26 18:13:50 mail postfix/postsuper[3120]: D4F2023DB: requeued',
    want: { kind: 'queueAction', qid: 'D4F2023DB', action: 'requeued' },
  },
  {
    src: 'LINES.md §3 #28 (grok postsuper_0003); prefix added',
    line: 'Oct 26 18:13:50 mail postfix/postsuper[3120]: D4F2023DB: placed on hold',
    want: { kind: 'queueAction', qid: 'D4F2023DB', action: 'placed on hold' },
  },
  {
    src: 'LINES.md §3 #28 (grok postsuper_0004); prefix added',
    line: 'Oct 26 18:13:50 mail postfix/postsuper[3120]: D4F2023DB: released from hold',
    want: { kind: 'queueAction', qid: 'D4F2023DB', action: 'released from hold' },
  },
  {
    src: 'LINES.md §3 #28 (grok postsuper_0005); prefix added',
    line: 'Oct 26 18:13:50 mail postfix/postsuper[3120]: Deleted: 115 messages',
    want: { kind: 'postsuperSummary', action: 'Deleted', count: 115 },
  },
  {
    src: 'LINES.md §3 #28 (grok postsuper_0006); prefix added',
    line: 'Oct 26 18:13:50 mail postfix/postsuper[3120]: Requeued: 1 message',
    want: { kind: 'postsuperSummary', action: 'Requeued', count: 1 },
  },
  {
    src: 'LINES.md §3 #29 (grok master_0001); prefix added',
    line: 'Oct 26 18:13:50 mail postfix/master[3121]: daemon started -- version 2.11.0, configuration /etc/postfix',
    want: { kind: 'noise', what: 'master-start' },
  },
  {
    src: 'LINES.md §3 #29 (grok master_0003); prefix added',
    line: 'Oct 26 18:13:50 mail postfix/master[3121]: reload -- version 2.11.0, configuration /etc/postfix',
    want: { kind: 'noise', what: 'master-reload' },
  },
  {
    src: 'LINES.md §3 #29 (grok master_0002); prefix added',
    line: 'Oct 26 18:13:50 mail postfix/master[3121]: terminating on signal 15',
    want: { kind: 'noise', what: 'master-stop' },
  },
  {
    src: 'LINES.md §3 #29 (grok master_0004); prefix added',
    line: 'Oct 26 18:13:50 mail postfix/master[3121]: warning: process /usr/local/libexec/postfix/smtpd pid 46234 killed by signal 11',
    want: { kind: 'daemonProblem', daemon: 'master', severity: 'warning', text: 'process /usr/local/libexec/postfix/smtpd pid 46234 killed by signal 11' },
  },
  {
    src: 'LINES.md §3 #29 (logwatch #TD); prefix added',
    line: 'Oct 26 18:13:50 mail postfix/master[3121]: warning: service "smtp" (25) has reached its process limit "50": new clients may experience noticeable delays',
    want: { kind: 'daemonProblem', daemon: 'master', severity: 'warning', text: 'service "smtp" (25) has reached its process limit "50": new clients may experience noticeable delays' },
  },
  {
    src: 'LINES.md §3 #30 (msimerson README); prefix and fields added',
    line: 'Oct 26 18:13:50 mail postfix/local[3122]: 3mLQKK4rDdz7sVR: to=<logspam@system.alerts>, relay=local, delay=0.1, delays=0/0/0/0.1, dsn=2.0.0, status=sent (forwarded as 3mLQKK4rDdz7sVS)',
    want: { kind: 'delivery', agent: 'local', qid: '3mLQKK4rDdz7sVR', to: 'logspam@system.alerts', origTo: '', relay: 'local', delay: 0.1, dsn: '2.0.0', status: 'sent', reason: 'forwarded as 3mLQKK4rDdz7sVS', handedTo: '3mLQKK4rDdz7sVS', filterHop: false },
  },
  {
    src: 'public forum thread, 2007-12-31 (code index id 56745689663)',
    line: 'Dec 31 14:51:00 DemonicProductions postfix/smtpd[12069]: fatal: open database /etc/postfix/valias.txt.db: No such file or directory',
    want: { kind: 'daemonProblem', daemon: 'smtpd', severity: 'fatal', text: 'open database /etc/postfix/valias.txt.db: No such file or directory' },
  },
  {
    src: 'public forum thread, 2007-12-31 (code index id 56745689663)',
    line: 'Dec 31 14:51:01 DemonicProductions postfix/master[10942]: warning: process /usr/lib/postfix/smtpd pid 12069 exit status 1',
    want: { kind: 'daemonProblem', daemon: 'master', severity: 'warning', text: 'process /usr/lib/postfix/smtpd pid 12069 exit status 1' },
  },
  {
    src: 'public forum thread, 2007-12-31 (code index id 56745689663)',
    line: 'Dec 31 17:40:19 DemonicProductions postfix/trivial-rewrite[14109]: fatal: match_list_parse: open file /etc/postfix/vhosts.txt: No such file or directory',
    want: { kind: 'daemonProblem', daemon: 'trivial-rewrite', severity: 'fatal', text: 'match_list_parse: open file /etc/postfix/vhosts.txt: No such file or directory' },
  },
  {
    src: 'public forum thread, 2007-12-31 (code index id 56745689663): Postfix 2.4 reload without version',
    line: 'Dec 31 15:02:25 DemonicProductions postfix/master[10942]: reload configuration /etc/postfix',
    want: { kind: 'noise', what: 'master-reload' },
  },
  {
    src: 'public forum thread, 2007-12-31 (code index id 56745689663)',
    line: 'Dec 31 17:40:30 DemonicProductions postfix/smtpd[14105]: too many errors after UNKNOWN from 77-103-161-36.cable.ubr05.chap.blueyonder.co.uk[77.103.161.36]',
    want: { kind: 'smtpdProblem', service: 'postfix/smtpd', problem: 'too-many-errors', after: 'UNKNOWN', client: { name: '77-103-161-36.cable.ubr05.chap.blueyonder.co.uk', ip: '77.103.161.36' } },
  },
  {
    src: 'public forum thread, 2007-12-31 (code index id 56745689663)',
    line: 'Dec 31 15:02:19 DemonicProductions postfix/postfix-script[12373]: warning: not owned by root: /etc/postfix/main.cf~',
    want: { kind: 'daemonProblem', daemon: 'postfix-script', severity: 'warning', text: 'not owned by root: /etc/postfix/main.cf~' },
  },
  {
    src: 'Postfix src/util/mymalloc_test.c panic text; prefix added',
    line: 'Oct 26 18:13:50 mail postfix/qmgr[3123]: panic: mymalloc: requested length 0',
    want: { kind: 'daemonProblem', daemon: 'qmgr', severity: 'panic', text: 'mymalloc: requested length 0' },
  },
  {
    src: 'LINES.md §3 #7: public blog post (ugurcomptech, header_checks test; code index id 5996811301)',
    line: 'Jun 27 21:39:43 localhost postfix/cleanup[2712]: 906F418067A: reject: header Subject: Yusuf from mail-yb1-f174.google.com[209.85.219.174]; from=<testmaili34@gmail.com> to=<ugur@ugurcomptech.com.tr> proto=ESMTP helo=<mail-yb1-f174.google.com>: 5.7.1 message content rejected',
    want: { kind: 'reject', daemon: 'cleanup', qid: '906F418067A', action: 'reject', stage: 'header', client: { name: 'mail-yb1-f174.google.com', ip: '209.85.219.174' }, code: '', dsn: '5.7.1', reason: 'message content rejected', from: 'testmaili34@gmail.com', to: 'ugur@ugurcomptech.com.tr', helo: 'mail-yb1-f174.google.com' },
  },
  {
    src: 'LINES.md §3 #4 reject_warning: public mail log (code index id 28130546018)',
    line: 'Nov 20 04:29:11 janus postfix/smtpd[20365]: NOQUEUE: reject_warning: RCPT from unknown[198.52.131.89]: 450 4.7.1 Client host rejected: cannot find your reverse hostname, [198.52.131.89]; from=<Christie.Brinkley.Skincare@grieving.thoweam.top> to=<brad@divisionbyzero.net> proto=ESMTP helo=<grieving.thoweam.top>',
    want: { kind: 'reject', daemon: 'smtpd', qid: '', action: 'reject_warning', stage: 'RCPT', client: { name: 'unknown', ip: '198.52.131.89' }, code: '450', dsn: '4.7.1', reason: 'Client host rejected: cannot find your reverse hostname, [198.52.131.89]', from: 'Christie.Brinkley.Skincare@grieving.thoweam.top', to: 'brad@divisionbyzero.net', helo: 'grieving.thoweam.top' },
  },
  {
    src: 'LINES.md §3 #4 discard: postfix_exporter fork test data (code index id 70326057308)',
    line: 'Oct  6 12:00:00 host postfix/smtpd[1]: NOQUEUE: discard: RCPT from client.example.org[192.0.2.9]: <x@example.net>: Recipient address triggers DISCARD action; from=<a@example.org> to=<x@example.net> proto=ESMTP helo=<client>',
    want: { kind: 'reject', daemon: 'smtpd', qid: '', action: 'discard', stage: 'RCPT', client: { name: 'client.example.org', ip: '192.0.2.9' }, code: '', dsn: '', reason: '<x@example.net>: Recipient address triggers DISCARD action', from: 'a@example.org', to: 'x@example.net', helo: 'client' },
  },
  {
    src: 'LINES.md §3 #4 CONNECT: postfix_exporter fork test data (code index id 70326057308)',
    line: 'Oct  6 12:00:00 host postfix/smtpd[1]: NOQUEUE: reject: CONNECT from unknown[192.0.2.10]: 554 5.7.1 Service unavailable; Client host [192.0.2.10] blocked using zen.spamhaus.org; from=<> to=<> proto=SMTP',
    want: { kind: 'reject', daemon: 'smtpd', qid: '', action: 'reject', stage: 'CONNECT', client: { name: 'unknown', ip: '192.0.2.10' }, code: '554', dsn: '5.7.1', reason: 'Service unavailable; Client host [192.0.2.10] blocked using zen.spamhaus.org', from: '', to: '', helo: '' },
  },
  {
    src: 'LINES.md §2 long queue ID (postconf(5) example) in Lightmeter\'s parser test TestLongQueueId (gitlab issue #504)',
    line: 'Jan 25 06:32:43 mx postfix/smtpd[26382]: 3Pt2mN2VXxznjll: client=h-a4984b7e1cf68ab295d77c5df3[224.93.112.97]',
    want: { kind: 'smtpdClient', service: 'postfix/smtpd', qid: '3Pt2mN2VXxznjll', client: { name: 'h-a4984b7e1cf68ab295d77c5df3', ip: '224.93.112.97' }, saslMethod: '', saslUser: '', origQueueId: '' },
  },
  {
    src: 'grok cleanup_0005 (daemon warning without queue ID); prefix added',
    line: 'Oct 26 18:13:50 mail postfix/cleanup[3112]: warning: dict_ldap_get_values[1]: DN uid=mguiraud,ou=people,dc=neotion,dc=com not found, skipping ',
    want: { kind: 'daemonProblem', daemon: 'cleanup', severity: 'warning', text: 'dict_ldap_get_values[1]: DN uid=mguiraud,ou=people,dc=neotion,dc=com not found, skipping ' },
  },
];

// ---------------------------------------------------------------------------------------------------------
// Every distinct Postfix line shape of the corpus (Postfix 3.7.11, Debian 12).
// ---------------------------------------------------------------------------------------------------------

const CORPUS_LINES: Case[] = [
  {
    src: 'corpus healthy/maillog line 2',
    line: 'Nov 28 22:13:18 mail postfix/postfix-script[21245]: starting the Postfix mail system',
    want: { kind: 'noise', what: 'postfix-script' },
  },
  {
    src: 'corpus healthy/maillog line 3',
    line: 'Nov 28 22:13:18 mail postfix/master[21247]: daemon started -- version 3.7.11, configuration /etc/postfix',
    want: { kind: 'noise', what: 'master-start' },
  },
  {
    src: 'corpus healthy/maillog line 4',
    line: 'Nov 28 22:13:19 mail postfix/smtpd[21271]: connect from unknown[127.0.20.8]',
    want: { kind: 'connect', service: 'postfix/smtpd', client: { name: 'unknown', ip: '127.0.20.8' } },
  },
  {
    src: 'corpus healthy/maillog line 5',
    line: 'Nov 28 22:13:19 mail postfix/smtpd[21271]: E5342160671: client=unknown[127.0.20.8]',
    want: { kind: 'smtpdClient', service: 'postfix/smtpd', qid: 'E5342160671', client: { name: 'unknown', ip: '127.0.20.8' }, saslMethod: '', saslUser: '', origQueueId: '' },
  },
  {
    src: 'corpus healthy/maillog line 6',
    line: 'Nov 28 22:13:19 mail postfix/cleanup[21278]: E5342160671: message-id=<179587159992.21258.16081538062724591237@mail-os0jpn01on2072.outbound.protection.outlook.com>',
    want: { kind: 'messageId', qid: 'E5342160671', messageId: '179587159992.21258.16081538062724591237@mail-os0jpn01on2072.outbound.protection.outlook.com' },
  },
  {
    src: 'corpus healthy/maillog line 7',
    line: 'Nov 28 22:13:19 mail postfix/qmgr[21249]: E5342160671: from=<order@supplier-b.com>, size=995, nrcpt=1 (queue active)',
    want: { kind: 'queued', qid: 'E5342160671', from: 'order@supplier-b.com', size: 995, nrcpt: 1 },
  },
  {
    src: 'corpus healthy/maillog line 11',
    line: 'Nov 28 22:13:19 mail postfix/smtpd[21271]: disconnect from unknown[127.0.20.8] ehlo=1 mail=2 rcpt=3 data=2 quit=1 commands=9',
    want: { kind: 'disconnect', service: 'postfix/smtpd', client: { name: 'unknown', ip: '127.0.20.8' }, authOk: 0, authTried: 0, commands: 9 },
  },
  {
    src: 'corpus healthy/maillog line 14',
    line: 'Nov 28 22:13:19 mail postfix/lmtp[21279]: E5342160671: to=<sato@example.jp>, relay=mail.example.jp[private/dovecot-lmtp], delay=0.04, delays=0.01/0.01/0.01/0.01, dsn=2.0.0, status=sent (250 2.0.0 <sato@example.jp> ux5KOW/TCmshUwAAg+zDdQ Saved)',
    want: { kind: 'delivery', agent: 'lmtp', qid: 'E5342160671', to: 'sato@example.jp', origTo: '', relay: 'mail.example.jp[private/dovecot-lmtp]', delay: 0.04, dsn: '2.0.0', status: 'sent', reason: '250 2.0.0 <sato@example.jp> ux5KOW/TCmshUwAAg+zDdQ Saved', handedTo: '', filterHop: false },
  },
  {
    src: 'corpus healthy/maillog line 16',
    line: 'Nov 28 22:13:19 mail postfix/qmgr[21249]: E5342160671: removed',
    want: { kind: 'removed', qid: 'E5342160671', by: 'qmgr' },
  },
  {
    src: 'corpus healthy/maillog line 36',
    line: 'Nov 28 22:13:20 mail postfix/submission/smtpd[21283]: connect from unknown[127.0.12.34]',
    want: { kind: 'connect', service: 'postfix/submission/smtpd', client: { name: 'unknown', ip: '127.0.12.34' } },
  },
  {
    src: 'corpus healthy/maillog line 37',
    line: 'Nov 28 22:13:20 mail postfix/submission/smtpd[21283]: Anonymous TLS connection established from unknown[127.0.12.34]: TLSv1.3 with cipher TLS_AES_256_GCM_SHA384 (256/256 bits) key-exchange X25519 server-signature RSA-PSS (2048 bits) server-digest SHA256',
    want: { kind: 'noise', what: 'tls' },
  },
  {
    src: 'corpus healthy/maillog line 38',
    line: 'Nov 28 22:13:20 mail postfix/submission/smtpd[21283]: E9FDB160691: client=unknown[127.0.12.34], sasl_method=PLAIN, sasl_username=suzuki@example.jp',
    want: { kind: 'smtpdClient', service: 'postfix/submission/smtpd', qid: 'E9FDB160691', client: { name: 'unknown', ip: '127.0.12.34' }, saslMethod: 'PLAIN', saslUser: 'suzuki@example.jp', origQueueId: '' },
  },
  {
    src: 'corpus healthy/maillog line 41',
    line: 'Nov 28 22:13:20 mail postfix/smtp[21284]: E9FDB160691: to=<nosuch.ito@client-a.co.jp>, relay=127.0.1.9[127.0.1.9]:25, delay=0.02, delays=0/0.01/0/0.01, dsn=5.1.1, status=bounced (host 127.0.1.9[127.0.1.9] said: 550 5.1.1 <nosuch.ito@client-a.co.jp>: Recipient address rejected: User unknown in virtual mailbox table (in reply to RCPT TO command))',
    want: { kind: 'delivery', agent: 'smtp', qid: 'E9FDB160691', to: 'nosuch.ito@client-a.co.jp', origTo: '', relay: '127.0.1.9[127.0.1.9]:25', delay: 0.02, dsn: '5.1.1', status: 'bounced', handedTo: '', filterHop: false, reasonStarts: 'host 127.0.1.9[127.0.1.9] said: 550 5.1.1 <nosuch.ito@client-a.co.jp>:' },
  },
  {
    src: 'corpus healthy/maillog line 42',
    line: 'Nov 28 22:13:20 mail postfix/smtp[21284]: E9FDB160691: to=<kobayashi@partner.co.jp>, relay=127.0.1.9[127.0.1.9]:25, delay=0.02, delays=0/0.01/0/0.01, dsn=2.0.0, status=sent (250 2.0.0 Ok: queued as 22249F150)',
    want: { kind: 'delivery', agent: 'smtp', qid: 'E9FDB160691', to: 'kobayashi@partner.co.jp', origTo: '', relay: '127.0.1.9[127.0.1.9]:25', delay: 0.02, dsn: '2.0.0', status: 'sent', reason: '250 2.0.0 Ok: queued as 22249F150', handedTo: '', filterHop: false },
  },
  {
    src: 'corpus healthy/maillog line 45',
    line: 'Nov 28 22:13:20 mail postfix/bounce[21285]: E9FDB160691: sender non-delivery notification: EEA0B160693',
    want: { kind: 'notification', qid: 'E9FDB160691', notice: 'sender non-delivery', newQid: 'EEA0B160693' },
  },
  {
    src: 'corpus healthy/maillog line 60',
    line: 'Nov 28 22:13:21 mail postfix/lmtp[21279]: 0AC97160694: to=<suzuki@example.jp>, orig_to=<sales@example.jp>, relay=mail.example.jp[private/dovecot-lmtp], delay=0.01, delays=0/0/0/0, dsn=2.0.0, status=sent (250 2.0.0 <suzuki@example.jp> IJK5AnHTCmsiUwAAg+zDdQ Saved)',
    want: { kind: 'delivery', agent: 'lmtp', qid: '0AC97160694', to: 'suzuki@example.jp', origTo: 'sales@example.jp', relay: 'mail.example.jp[private/dovecot-lmtp]', delay: 0.01, dsn: '2.0.0', status: 'sent', reason: '250 2.0.0 <suzuki@example.jp> IJK5AnHTCmsiUwAAg+zDdQ Saved', handedTo: '', filterHop: false },
  },
  {
    src: 'corpus healthy/maillog line 76',
    line: 'Nov 28 22:13:21 mail postfix/smtpd[21271]: NOQUEUE: reject: RCPT from unknown[127.0.20.13]: 550 5.1.1 <nakamura@example.jp>: Recipient address rejected: User unknown in virtual mailbox table; from=<ishii@sakura-client.jp> to=<nakamura@example.jp> proto=ESMTP helo=<www1234.sakura.ne.jp>',
    want: { kind: 'reject', daemon: 'smtpd', qid: '', action: 'reject', stage: 'RCPT', client: { name: 'unknown', ip: '127.0.20.13' }, code: '550', dsn: '5.1.1', reason: '<nakamura@example.jp>: Recipient address rejected: User unknown in virtual mailbox table', from: 'ishii@sakura-client.jp', to: 'nakamura@example.jp', helo: 'www1234.sakura.ne.jp' },
  },
  {
    src: 'corpus healthy/maillog line 77',
    line: 'Nov 28 22:13:21 mail postfix/smtpd[21271]: disconnect from unknown[127.0.20.13] ehlo=2 starttls=1 mail=1 rcpt=0/1 rset=1 quit=1 commands=6/7',
    want: { kind: 'disconnect', service: 'postfix/smtpd', client: { name: 'unknown', ip: '127.0.20.13' }, authOk: 0, authTried: 0, commands: 7 },
  },
  {
    src: 'corpus healthy/maillog line 81',
    line: 'Nov 28 22:13:21 mail postfix/smtp[21288]: Untrusted TLS connection established to 127.0.1.2[127.0.1.2]:25: TLSv1.3 with cipher TLS_AES_256_GCM_SHA384 (256/256 bits) key-exchange X25519 server-signature RSA-PSS (2048 bits) server-digest SHA256',
    want: { kind: 'noise', what: 'tls' },
  },
  {
    src: 'corpus healthy/maillog line 85',
    line: 'Nov 28 22:13:21 mail postfix/smtp[21284]: 72751160694: to=<tanaka.family@gmail.com>, relay=127.0.1.1[127.0.1.1]:25, delay=0.03, delays=0/0/0.01/0, dsn=2.0.0, status=sent (250 2.0.0 OK  1795871601 41be03b00d2f7-9b8a7c6d5e4si2369595 - gsmtp)',
    want: { kind: 'delivery', agent: 'smtp', qid: '72751160694', to: 'tanaka.family@gmail.com', origTo: '', relay: '127.0.1.1[127.0.1.1]:25', delay: 0.03, dsn: '2.0.0', status: 'sent', reason: '250 2.0.0 OK  1795871601 41be03b00d2f7-9b8a7c6d5e4si2369595 - gsmtp', handedTo: '', filterHop: false },
  },
  {
    src: 'corpus healthy/maillog line 87',
    line: 'Nov 28 22:13:21 mail postfix/submission/smtpd[21287]: disconnect from unknown[127.0.10.1] ehlo=2 starttls=1 auth=1 mail=1 rcpt=1 data=1 quit=1 commands=8',
    want: { kind: 'disconnect', service: 'postfix/submission/smtpd', client: { name: 'unknown', ip: '127.0.10.1' }, authOk: 1, authTried: 1, commands: 8 },
  },
  {
    src: 'corpus healthy/maillog line 102',
    line: 'Nov 28 22:13:21 mail postfix/submission/smtpd[21287]: F3AA4160694: client=unknown[127.0.10.2], sasl_method=LOGIN, sasl_username=tanaka@example.jp',
    want: { kind: 'smtpdClient', service: 'postfix/submission/smtpd', qid: 'F3AA4160694', client: { name: 'unknown', ip: '127.0.10.2' }, saslMethod: 'LOGIN', saslUser: 'tanaka@example.jp', origQueueId: '' },
  },
  {
    src: 'corpus healthy/maillog line 123',
    line: 'Nov 28 22:13:22 mail postfix/smtp[21289]: 8CC31160694: to=<kondo.office@outlook.jp>, relay=127.0.1.3[127.0.1.3]:25, delay=0.01, delays=0/0/0/0, dsn=2.6.0, status=sent (250 2.6.0 <1795871602582096@mail.example.jp> [InternalId=1756275035, Hostname=TY2PEPF0000A1B2.apcprd04.prod.outlook.com] 639 bytes in 0.02, 1.0 KB/sec Queued mail for delivery)',
    want: { kind: 'delivery', agent: 'smtp', qid: '8CC31160694', to: 'kondo.office@outlook.jp', origTo: '', relay: '127.0.1.3[127.0.1.3]:25', delay: 0.01, dsn: '2.6.0', status: 'sent', handedTo: '', filterHop: false, reasonStarts: '250 2.6.0 <1795871602582096@mail.example.jp> [InternalId=1756275035, H' },
  },
  {
    src: 'corpus healthy/maillog line 556',
    line: 'Nov 28 22:13:37 mail postfix/smtp[21289]: 5188F1606A8: to=<kim.minjun@naver.com>, relay=127.0.1.8[127.0.1.8]:25, delay=0.01, delays=0/0/0/0, dsn=4.4.2, status=deferred (lost connection with 127.0.1.8[127.0.1.8] while sending end of data -- message may be sent more than once)',
    want: { kind: 'delivery', agent: 'smtp', qid: '5188F1606A8', to: 'kim.minjun@naver.com', origTo: '', relay: '127.0.1.8[127.0.1.8]:25', delay: 0.01, dsn: '4.4.2', status: 'deferred', handedTo: '', filterHop: false, reasonStarts: 'lost connection with 127.0.1.8[127.0.1.8] while sending end of data --' },
  },
  {
    src: 'corpus healthy/maillog line 778',
    line: 'Nov 28 22:13:42 mail postfix/smtp[21284]: 4F0271606B2: to=<ivan.petrov@mail.ru>, relay=127.0.1.7[127.0.1.7]:25, delay=0.01, delays=0/0/0/0, dsn=4.2.0, status=deferred (host 127.0.1.7[127.0.1.7] said: 450 4.2.0 <ivan.petrov@mail.ru>: Recipient address rejected: Greylisted, see http://postgrey.schweikert.ch/help/mail.ru.html (in reply to RCPT TO command))',
    want: { kind: 'delivery', agent: 'smtp', qid: '4F0271606B2', to: 'ivan.petrov@mail.ru', origTo: '', relay: '127.0.1.7[127.0.1.7]:25', delay: 0.01, dsn: '4.2.0', status: 'deferred', handedTo: '', filterHop: false, reasonStarts: 'host 127.0.1.7[127.0.1.7] said: 450 4.2.0 <ivan.petrov@mail.ru>: Recip' },
  },
  {
    src: 'corpus healthy/maillog line 968',
    line: 'Nov 28 22:13:46 mail postfix/smtp[21284]: CB7B51606BB: to=<nosuch.mori@gmail.com>, relay=127.0.1.1[127.0.1.1]:25, delay=0.01, delays=0/0/0/0, dsn=5.1.1, status=bounced (host 127.0.1.1[127.0.1.1] said: 550-5.1.1 The email account that you tried to reach does not exist. Please try 550-5.1.1 double-checking the recipient\'s email address for typos or 550-5.1.1 unnecessary spaces. For more information, go to 550 5.1.1  https://support.google.com/mail/?p=NoSuchUser 5b1f17b1804b1-4a2c3d4e5f6si123456f8f.99 - gsmtp (in reply to RCPT TO command))',
    want: { kind: 'delivery', agent: 'smtp', qid: 'CB7B51606BB', to: 'nosuch.mori@gmail.com', origTo: '', relay: '127.0.1.1[127.0.1.1]:25', delay: 0.01, dsn: '5.1.1', status: 'bounced', handedTo: '', filterHop: false, reasonStarts: 'host 127.0.1.1[127.0.1.1] said: 550-5.1.1 The email account that you t' },
  },
  {
    src: 'corpus healthy/maillog line 1033',
    line: 'Nov 28 22:13:48 mail postfix/pickup[21248]: 402D81606C1: uid=0 from=<root>',
    want: { kind: 'pickup', qid: '402D81606C1', uid: '0', from: 'root', origId: '' },
  },
  {
    src: 'corpus healthy/maillog line 1037',
    line: 'Nov 28 22:13:48 mail postfix/local[21324]: 402D81606C1: to=<root@mail.example.jp>, orig_to=<root>, relay=local, delay=0.01, delays=0/0/0/0, dsn=2.0.0, status=sent (forwarded as 41C4D1606C0)',
    want: { kind: 'delivery', agent: 'local', qid: '402D81606C1', to: 'root@mail.example.jp', origTo: 'root', relay: 'local', delay: 0.01, dsn: '2.0.0', status: 'sent', reason: 'forwarded as 41C4D1606C0', handedTo: '41C4D1606C0', filterHop: false },
  },
  {
    src: 'corpus healthy/maillog line 1420',
    line: 'Nov 28 22:14:00 mail postfix/local[21324]: 33027160674: to=<www-data@mail.example.jp>, orig_to=<www-data>, relay=local, delay=0, delays=0/0/0/0, dsn=2.0.0, status=sent (delivered to mailbox)',
    want: { kind: 'delivery', agent: 'local', qid: '33027160674', to: 'www-data@mail.example.jp', origTo: 'www-data', relay: 'local', delay: 0, dsn: '2.0.0', status: 'sent', reason: 'delivered to mailbox', handedTo: '', filterHop: false },
  },
  {
    src: 'corpus healthy/maillog line 1422',
    line: 'Nov 28 22:14:00 mail postfix/submission/smtpd[21287]: warning: unknown[127.0.12.34]: SASL LOGIN authentication failed: (reason unavailable), sasl_username=suzuki@example.jp',
    want: { kind: 'authFailed', service: 'postfix/submission/smtpd', client: { name: 'unknown', ip: '127.0.12.34' }, mechanism: 'LOGIN', reason: '(reason unavailable)', user: 'suzuki@example.jp' },
  },
  {
    src: 'corpus healthy/maillog line 1618',
    line: 'Nov 28 22:14:04 mail postfix/submission/smtpd[21287]: disconnect from unknown[127.0.12.34] ehlo=2 starttls=1 auth=1/2 mail=1 rcpt=1 data=1 quit=1 commands=8/9',
    want: { kind: 'disconnect', service: 'postfix/submission/smtpd', client: { name: 'unknown', ip: '127.0.12.34' }, authOk: 1, authTried: 2, commands: 9 },
  },
  {
    src: 'corpus healthy/maillog line 2039',
    line: 'Nov 28 22:14:19 mail postfix/lmtp[21280]: 9D1791606E5: to=<suzuki@example.jp>, relay=mail.example.jp[private/dovecot-lmtp], conn_use=2, delay=0.01, delays=0/0/0/0, dsn=2.0.0, status=sent (250 2.0.0 <suzuki@example.jp> gH1LEarTCmtHUwAAg+zDdQ:T2 Saved)',
    want: { kind: 'delivery', agent: 'lmtp', qid: '9D1791606E5', to: 'suzuki@example.jp', origTo: '', relay: 'mail.example.jp[private/dovecot-lmtp]', delay: 0.01, dsn: '2.0.0', status: 'sent', reason: '250 2.0.0 <suzuki@example.jp> gH1LEarTCmtHUwAAg+zDdQ:T2 Saved', handedTo: '', filterHop: false },
  },
  {
    src: 'corpus healthy/maillog line 3012',
    line: 'Nov 28 22:15:19 mail postfix/postfix-script[21421]: stopping the Postfix mail system',
    want: { kind: 'noise', what: 'postfix-script' },
  },
  {
    src: 'corpus healthy/maillog line 3013',
    line: 'Nov 28 22:15:19 mail postfix/master[21247]: terminating on signal 15',
    want: { kind: 'noise', what: 'master-stop' },
  },
  {
    src: 'corpus healthy/maillog line 3014',
    line: 'Nov 28 22:15:19 mail postfix/postfix-script[21424]: waiting for the Postfix mail system to terminate',
    want: { kind: 'noise', what: 'postfix-script' },
  },
  {
    src: 'corpus incident/maillog line 9',
    line: 'Nov 28 22:15:32 mail postfix/smtpd[21695]: warning: unknown[127.66.108.36]: SASL PLAIN authentication failed: (reason unavailable), sasl_username=test',
    want: { kind: 'authFailed', service: 'postfix/smtpd', client: { name: 'unknown', ip: '127.66.108.36' }, mechanism: 'PLAIN', reason: '(reason unavailable)', user: 'test' },
  },
  {
    src: 'corpus incident/maillog line 11',
    line: 'Nov 28 22:15:33 mail postfix/submission/smtpd[21701]: disconnect from unknown[127.66.83.223] ehlo=2 starttls=1 auth=0/1 quit=1 commands=4/5',
    want: { kind: 'disconnect', service: 'postfix/submission/smtpd', client: { name: 'unknown', ip: '127.66.83.223' }, authOk: 0, authTried: 1, commands: 5 },
  },
  {
    src: 'corpus incident/maillog line 40',
    line: 'Nov 28 22:15:35 mail postfix/smtpd[21707]: disconnect from unknown[127.66.173.94] ehlo=1 auth=0/1 quit=1 commands=2/3',
    want: { kind: 'disconnect', service: 'postfix/smtpd', client: { name: 'unknown', ip: '127.66.173.94' }, authOk: 0, authTried: 1, commands: 3 },
  },
  {
    src: 'corpus incident/maillog line 81',
    line: 'Nov 28 22:15:38 mail postfix/smtpd[21707]: lost connection after AUTH from unknown[127.66.165.252]',
    want: { kind: 'smtpdProblem', service: 'postfix/smtpd', problem: 'lost-connection', after: 'AUTH', client: { name: 'unknown', ip: '127.66.165.252' } },
  },
  {
    src: 'corpus incident/maillog line 82',
    line: 'Nov 28 22:15:38 mail postfix/smtpd[21707]: disconnect from unknown[127.66.165.252] ehlo=1 auth=0/1 commands=1/2',
    want: { kind: 'disconnect', service: 'postfix/smtpd', client: { name: 'unknown', ip: '127.66.165.252' }, authOk: 0, authTried: 1, commands: 2 },
  },
  {
    src: 'corpus incident/maillog line 108',
    line: 'Nov 28 22:15:40 mail postfix/smtpd[21707]: warning: unknown[127.66.108.66]: SASL LOGIN authentication aborted',
    want: { kind: 'authAborted', service: 'postfix/smtpd', client: { name: 'unknown', ip: '127.66.108.66' }, mechanism: 'LOGIN' },
  },
  {
    src: 'corpus incident/maillog line 161',
    line: 'Nov 28 22:15:44 mail postfix/smtpd[21707]: NOQUEUE: reject: RCPT from unknown[127.77.142.23]: 554 5.7.1 <probe.31@yahoo.co.jp>: Relay access denied; from=<test@example.jp> to=<probe.31@yahoo.co.jp> proto=ESMTP helo=<mail.example.jp>',
    want: { kind: 'reject', daemon: 'smtpd', qid: '', action: 'reject', stage: 'RCPT', client: { name: 'unknown', ip: '127.77.142.23' }, code: '554', dsn: '5.7.1', reason: '<probe.31@yahoo.co.jp>: Relay access denied', from: 'test@example.jp', to: 'probe.31@yahoo.co.jp', helo: 'mail.example.jp' },
  },
  {
    src: 'corpus incident/maillog line 170',
    line: 'Nov 28 22:15:45 mail postfix/smtp[21726]: 1A3C6160669: to=<kim.minjun@naver.com>, relay=127.0.1.8[127.0.1.8]:25, delay=0, delays=0/0/0/0, dsn=4.4.2, status=deferred (lost connection with 127.0.1.8[127.0.1.8] while sending end of data -- message may be sent more than once)',
    want: { kind: 'delivery', agent: 'smtp', qid: '1A3C6160669', to: 'kim.minjun@naver.com', origTo: '', relay: '127.0.1.8[127.0.1.8]:25', delay: 0, dsn: '4.4.2', status: 'deferred', handedTo: '', filterHop: false, reasonStarts: 'lost connection with 127.0.1.8[127.0.1.8] while sending end of data --' },
  },
  {
    src: 'corpus incident/maillog line 211',
    line: 'Nov 28 22:15:46 mail postfix/bounce[21740]: C5B1916066A: sender non-delivery notification: C8E6D16066C',
    want: { kind: 'notification', qid: 'C5B1916066A', notice: 'sender non-delivery', newQid: 'C8E6D16066C' },
  },
  {
    src: 'corpus incident/maillog line 261',
    line: 'Nov 28 22:15:52 mail postfix/smtpd[21719]: warning: unknown[127.68.159.68]: SASL PLAIN authentication failed: Invalid base64 data in initial response, sasl_username=(unavailable)',
    want: { kind: 'authFailed', service: 'postfix/smtpd', client: { name: 'unknown', ip: '127.68.159.68' }, mechanism: 'PLAIN', reason: 'Invalid base64 data in initial response', user: '' },
  },
  {
    src: 'corpus incident/maillog line 404',
    line: 'Nov 28 22:16:01 mail postfix/submission/smtpd[21716]: warning: unknown[127.66.141.110]: SASL PLAIN authentication failed: Connection lost to authentication server, sasl_username=(unavailable)',
    want: { kind: 'authFailed', service: 'postfix/submission/smtpd', client: { name: 'unknown', ip: '127.66.141.110' }, mechanism: 'PLAIN', reason: 'Connection lost to authentication server', user: '' },
  },
  {
    src: 'corpus incident/maillog line 421',
    line: 'Nov 28 22:16:02 mail postfix/smtpd[21707]: warning: unknown[127.66.68.14]: SASL PLAIN authentication failed: Connection lost to authentication server, sasl_username=(unavailable)',
    want: { kind: 'authFailed', service: 'postfix/smtpd', client: { name: 'unknown', ip: '127.66.68.14' }, mechanism: 'PLAIN', reason: 'Connection lost to authentication server', user: '' },
  },
  {
    src: 'corpus incident/maillog line 441',
    line: 'Nov 28 22:16:03 mail postfix/smtpd[21719]: too many errors after AUTH from unknown[127.68.159.68]',
    want: { kind: 'smtpdProblem', service: 'postfix/smtpd', problem: 'too-many-errors', after: 'AUTH', client: { name: 'unknown', ip: '127.68.159.68' } },
  },
  {
    src: 'corpus incident/maillog line 444',
    line: 'Nov 28 22:16:03 mail postfix/smtpd[21709]: warning: unknown[127.66.102.120]: SASL LOGIN authentication failed: Connection lost to authentication server, sasl_username=mail',
    want: { kind: 'authFailed', service: 'postfix/smtpd', client: { name: 'unknown', ip: '127.66.102.120' }, mechanism: 'LOGIN', reason: 'Connection lost to authentication server', user: 'mail' },
  },
  {
    src: 'corpus incident/maillog line 543',
    line: 'Nov 28 22:16:10 mail postfix/pickup[21553]: 1FDA7160673: uid=0 from=<root>',
    want: { kind: 'pickup', qid: '1FDA7160673', uid: '0', from: 'root', origId: '' },
  },
  {
    src: 'corpus incident/maillog line 547',
    line: 'Nov 28 22:16:10 mail postfix/local[21854]: 1FDA7160673: to=<root@mail.example.jp>, orig_to=<root>, relay=local, delay=0.01, delays=0/0.01/0/0, dsn=2.0.0, status=sent (forwarded as 2237316067A)',
    want: { kind: 'delivery', agent: 'local', qid: '1FDA7160673', to: 'root@mail.example.jp', origTo: 'root', relay: 'local', delay: 0.01, dsn: '2.0.0', status: 'sent', reason: 'forwarded as 2237316067A', handedTo: '2237316067A', filterHop: false },
  },
  {
    src: 'corpus incident/maillog line 562',
    line: 'Nov 28 22:16:11 mail postfix/smtpd[21709]: lost connection after RSET from unknown[127.77.20.131]',
    want: { kind: 'smtpdProblem', service: 'postfix/smtpd', problem: 'lost-connection', after: 'RSET', client: { name: 'unknown', ip: '127.77.20.131' } },
  },
  {
    src: 'corpus incident/maillog line 563',
    line: 'Nov 28 22:16:11 mail postfix/smtpd[21709]: disconnect from unknown[127.77.20.131] ehlo=1 mail=1 rcpt=0/3 rset=1 commands=3/6',
    want: { kind: 'disconnect', service: 'postfix/smtpd', client: { name: 'unknown', ip: '127.77.20.131' }, authOk: 0, authTried: 0, commands: 6 },
  },
  {
    src: 'corpus incident/maillog line 765',
    line: 'Nov 28 22:16:24 mail postfix/smtp[21717]: 59678160662: to=<yumi.k@ezweb.ne.jp>, relay=127.0.1.5[127.0.1.5]:25, delay=20, delays=0/0/20/0, dsn=4.4.2, status=deferred (conversation with 127.0.1.5[127.0.1.5] timed out while receiving the initial server greeting)',
    want: { kind: 'delivery', agent: 'smtp', qid: '59678160662', to: 'yumi.k@ezweb.ne.jp', origTo: '', relay: '127.0.1.5[127.0.1.5]:25', delay: 20, dsn: '4.4.2', status: 'deferred', reason: 'conversation with 127.0.1.5[127.0.1.5] timed out while receiving the initial server greeting', handedTo: '', filterHop: false },
  },
  {
    src: 'corpus incident/maillog line 877',
    line: 'Nov 28 22:16:28 mail postfix/smtp[21717]: 64118160687: to=<nochira-6958@gmail.com>, relay=127.0.1.1[127.0.1.1]:25, delay=0.2, delays=0.08/0.01/0.06/0.05, dsn=5.7.26, status=bounced (host 127.0.1.1[127.0.1.1] said: 550-5.7.26 This mail is unauthenticated, which poses a security risk to the 550-5.7.26 sender and Gmail users, and has been blocked. The sender must 550-5.7.26 authenticate with at least one of SPF or DKIM. For this message, 550-5.7.26 DKIM checks did not pass and SPF check for [aeon.co.jp] did not 550-5.7.26 pass with ip: [127.0.0.1]. To best protect our users from spam, the 550-5.7.26 message has been blocked. For more information, go to 550 5.7.26  https://support.google.com/mail/answer/81126#authentication 41be03b00d2f7-9a8b7c6d5e4si1234567pgb.12 - gsmtp (in reply to end of DATA command))',
    want: { kind: 'delivery', agent: 'smtp', qid: '64118160687', to: 'nochira-6958@gmail.com', origTo: '', relay: '127.0.1.1[127.0.1.1]:25', delay: 0.2, dsn: '5.7.26', status: 'bounced', handedTo: '', filterHop: false, reasonStarts: 'host 127.0.1.1[127.0.1.1] said: 550-5.7.26 This mail is unauthenticate' },
  },
  {
    src: 'corpus incident/maillog line 908',
    line: 'Nov 28 22:16:28 mail postfix/smtp[21832]: 6D59E160688: to=<yutsu.chiki@hotmail.com>, relay=127.0.1.3[127.0.1.3]:25, delay=0.26, delays=0.16/0.01/0.07/0.03, dsn=5.7.1, status=bounced (host 127.0.1.3[127.0.1.3] said: 550 5.7.1 Unfortunately, messages from [127.0.0.1] weren\'t sent. Please contact your Internet service provider since part of their network is on our block list (S3150). You can also refer your provider to http://mail.live.com/mail/troubleshooting.aspx#errors. [TY2PEPF0000A1B2.apcprd04.prod.outlook.com 2026-11-28T00:00:00.000Z 08DDF00000000000] (in reply to RCPT TO command))',
    want: { kind: 'delivery', agent: 'smtp', qid: '6D59E160688', to: 'yutsu.chiki@hotmail.com', origTo: '', relay: '127.0.1.3[127.0.1.3]:25', delay: 0.26, dsn: '5.7.1', status: 'bounced', handedTo: '', filterHop: false, reasonStarts: 'host 127.0.1.3[127.0.1.3] said: 550 5.7.1 Unfortunately, messages from' },
  },
  {
    src: 'corpus incident/maillog line 925',
    line: 'Nov 28 22:16:28 mail postfix/smtp[22054]: connect to 127.0.1.6[127.0.1.6]:25: Connection refused',
    want: { kind: 'connectFailed', daemon: 'smtp', host: '127.0.1.6', ip: '127.0.1.6', port: '25', reason: 'Connection refused' },
  },
  {
    src: 'corpus incident/maillog line 939',
    line: 'Nov 28 22:16:28 mail postfix/smtp[22054]: 758F716068C: to=<nshike_5100@qq.com>, relay=none, delay=0.26, delays=0.19/0.08/0/0, dsn=4.4.1, status=deferred (connect to 127.0.1.6[127.0.1.6]:25: Connection refused)',
    want: { kind: 'delivery', agent: 'smtp', qid: '758F716068C', to: 'nshike_5100@qq.com', origTo: '', relay: 'none', delay: 0.26, dsn: '4.4.1', status: 'deferred', reason: 'connect to 127.0.1.6[127.0.1.6]:25: Connection refused', handedTo: '', filterHop: false },
  },
  {
    src: 'corpus incident/maillog line 958',
    line: 'Nov 28 22:16:28 mail postfix/smtpd[22021]: disconnect from unknown[127.99.107.41] ehlo=1 auth=1 mail=1 rcpt=5 data=1 commands=9',
    want: { kind: 'disconnect', service: 'postfix/smtpd', client: { name: 'unknown', ip: '127.99.107.41' }, authOk: 1, authTried: 1, commands: 9 },
  },
  {
    src: 'corpus incident/maillog line 1037',
    line: 'Nov 28 22:16:28 mail postfix/smtp[22061]: 73A0816068B: to=<wayo-satsu@docomo.ne.jp>, relay=127.0.1.4[127.0.1.4]:25, conn_use=2, delay=0.54, delays=0.23/0.3/0/0, dsn=2.0.0, status=sent (250 2.0.0 Ok: queued as 2224CCFB9)',
    want: { kind: 'delivery', agent: 'smtp', qid: '73A0816068B', to: 'wayo-satsu@docomo.ne.jp', origTo: '', relay: '127.0.1.4[127.0.1.4]:25', delay: 0.54, dsn: '2.0.0', status: 'sent', reason: '250 2.0.0 Ok: queued as 2224CCFB9', handedTo: '', filterHop: false },
  },
  {
    src: 'corpus incident/maillog line 1133',
    line: 'Nov 28 22:16:29 mail postfix/smtp[22072]: 804E016068E: to=<hikiniha.2593@mail.ru>, relay=127.0.1.7[127.0.1.7]:25, conn_use=2, delay=0.71, delays=0.24/0.43/0.02/0.03, dsn=4.2.0, status=deferred (host 127.0.1.7[127.0.1.7] said: 450 4.2.0 <hikiniha.2593@mail.ru>: Recipient address rejected: Greylisted, see http://postgrey.schweikert.ch/help/mail.ru.html (in reply to RCPT TO command))',
    want: { kind: 'delivery', agent: 'smtp', qid: '804E016068E', to: 'hikiniha.2593@mail.ru', origTo: '', relay: '127.0.1.7[127.0.1.7]:25', delay: 0.71, dsn: '4.2.0', status: 'deferred', handedTo: '', filterHop: false, reasonStarts: 'host 127.0.1.7[127.0.1.7] said: 450 4.2.0 <hikiniha.2593@mail.ru>: Rec' },
  },
  {
    src: 'corpus incident/maillog line 1138',
    line: 'Nov 28 22:16:29 mail postfix/smtp[22061]: A22E81606F1: to=<ririha-nora@yahoo.co.jp>, relay=127.0.1.2[127.0.1.2]:25, delay=0.5, delays=0.03/0.46/0.01/0, dsn=4.7.0, status=deferred (host 127.0.1.2[127.0.1.2] refused to talk to me: 421 4.7.0 [TSS04] Messages from 127.0.0.1 temporarily deferred due to unexpected volume or user complaints - 4.16.55.1; see https://postmaster.yahooinc.com/error-codes)',
    want: { kind: 'delivery', agent: 'smtp', qid: 'A22E81606F1', to: 'ririha-nora@yahoo.co.jp', origTo: '', relay: '127.0.1.2[127.0.1.2]:25', delay: 0.5, dsn: '4.7.0', status: 'deferred', handedTo: '', filterHop: false, reasonStarts: 'host 127.0.1.2[127.0.1.2] refused to talk to me: 421 4.7.0 [TSS04] Mes' },
  },
  {
    src: 'corpus incident/maillog line 1205',
    line: 'Nov 28 22:16:29 mail postfix/smtp[22088]: 9C5691606D1: to=<yuromi_6295@docomo.ne.jp>, relay=127.0.1.4[127.0.1.4]:25, conn_use=3, delay=0.68, delays=0.11/0.55/0.01/0.01, dsn=5.1.1, status=bounced (host 127.0.1.4[127.0.1.4] said: 550 5.1.1 <yuromi_6295@docomo.ne.jp>: Recipient address rejected: User unknown (in reply to RCPT TO command))',
    want: { kind: 'delivery', agent: 'smtp', qid: '9C5691606D1', to: 'yuromi_6295@docomo.ne.jp', origTo: '', relay: '127.0.1.4[127.0.1.4]:25', delay: 0.68, dsn: '5.1.1', status: 'bounced', handedTo: '', filterHop: false, reasonStarts: 'host 127.0.1.4[127.0.1.4] said: 550 5.1.1 <yuromi_6295@docomo.ne.jp>: ' },
  },
  {
    src: 'corpus incident/maillog line 1221',
    line: 'Nov 28 22:16:29 mail postfix/error[22095]: 9C0751606B1: to=<naroyatsu_mitsu@163.com>, relay=none, delay=0.73, delays=0.17/0.56/0/0, dsn=4.4.1, status=deferred (delivery temporarily suspended: connect to 127.0.1.6[127.0.1.6]:25: Connection refused)',
    want: { kind: 'delivery', agent: 'error', qid: '9C0751606B1', to: 'naroyatsu_mitsu@163.com', origTo: '', relay: 'none', delay: 0.73, dsn: '4.4.1', status: 'deferred', reason: 'delivery temporarily suspended: connect to 127.0.1.6[127.0.1.6]:25: Connection refused', handedTo: '', filterHop: false },
  },
  {
    src: 'corpus incident/maillog line 1240',
    line: 'Nov 28 22:16:29 mail postfix/smtp[22058]: 9C5691606D1: to=<nasuchi-shimo@naver.com>, relay=127.0.1.8[127.0.1.8]:25, conn_use=3, delay=0.73, delays=0.11/0.55/0.01/0.06, dsn=4.4.2, status=deferred (lost connection with 127.0.1.8[127.0.1.8] while sending end of data -- message may be sent more than once)',
    want: { kind: 'delivery', agent: 'smtp', qid: '9C5691606D1', to: 'nasuchi-shimo@naver.com', origTo: '', relay: '127.0.1.8[127.0.1.8]:25', delay: 0.73, dsn: '4.4.2', status: 'deferred', handedTo: '', filterHop: false, reasonStarts: 'lost connection with 127.0.1.8[127.0.1.8] while sending end of data --' },
  },
  {
    src: 'corpus incident/maillog line 1853',
    line: 'Nov 28 22:16:30 mail postfix/smtp[22064]: 438B6160722: to=<hiaiha7878@gmail.com>, relay=127.0.1.1[127.0.1.1]:25, delay=0.8, delays=0/0.73/0.04/0.02, dsn=4.7.0, status=deferred (host 127.0.1.1[127.0.1.1] said: 421-4.7.0 [127.0.0.1      15] Our system has detected an unusual rate of 421-4.7.0 unsolicited mail originating from your IP address. To protect our 421-4.7.0 users from spam, mail sent from your IP address has been temporarily 421-4.7.0 rate limited. For more information, go to 421-4.7.0  https://support.google.com/mail/?p=UnsolicitedRateLimitError to 421 4.7.0 review our Bulk Email Senders Guidelines. d9443c01a7336-2a1b2c3d4e5si123456pjb.0 - gsmtp (in reply to RCPT TO command))',
    want: { kind: 'delivery', agent: 'smtp', qid: '438B6160722', to: 'hiaiha7878@gmail.com', origTo: '', relay: '127.0.1.1[127.0.1.1]:25', delay: 0.8, dsn: '4.7.0', status: 'deferred', handedTo: '', filterHop: false, reasonStarts: 'host 127.0.1.1[127.0.1.1] said: 421-4.7.0 [127.0.0.1      15] Our syst' },
  },
  {
    src: 'corpus incident/maillog line 6251',
    line: 'Nov 28 22:16:58 mail postfix/smtp[22080]: 3864C1607B0: lost connection with 127.0.1.1[127.0.1.1] while sending RCPT TO',
    want: { kind: 'remoteSaid', qid: '3864C1607B0', host: '127.0.1.1', ip: '127.0.1.1', text: 'lost connection with 127.0.1.1[127.0.1.1] while sending RCPT TO' },
  },
  {
    src: 'corpus incident/maillog line 7790',
    line: 'Nov 28 22:17:25 mail postfix/submission/smtpd[22023]: lost connection after EHLO from unknown[127.77.0.90]',
    want: { kind: 'smtpdProblem', service: 'postfix/submission/smtpd', problem: 'lost-connection', after: 'EHLO', client: { name: 'unknown', ip: '127.77.0.90' } },
  },
  {
    src: 'corpus incident/maillog line 7791',
    line: 'Nov 28 22:17:25 mail postfix/submission/smtpd[22023]: disconnect from unknown[127.77.0.90] ehlo=1 mail=0/1 rset=0/1 commands=1/3',
    want: { kind: 'disconnect', service: 'postfix/submission/smtpd', client: { name: 'unknown', ip: '127.77.0.90' }, authOk: 0, authTried: 0, commands: 3 },
  },
  {
    src: 'corpus incident/maillog line 8725',
    line: 'Nov 28 22:17:58 mail postfix/local[21854]: 55D8E1606E5: to=<www-data@mail.example.jp>, orig_to=<www-data>, relay=local, delay=0.01, delays=0/0/0/0, dsn=2.0.0, status=sent (delivered to mailbox)',
    want: { kind: 'delivery', agent: 'local', qid: '55D8E1606E5', to: 'www-data@mail.example.jp', origTo: 'www-data', relay: 'local', delay: 0.01, dsn: '2.0.0', status: 'sent', reason: 'delivered to mailbox', handedTo: '', filterHop: false },
  },
  {
    src: 'corpus incident/maillog line 12584',
    line: 'Nov 28 22:20:49 mail postfix/postsuper[22918]: Deleted: 290 messages',
    want: { kind: 'postsuperSummary', action: 'Deleted', count: 290 },
  },
  {
    src: 'corpus incident/maillog line 12586',
    line: 'Nov 28 22:20:52 mail postfix/master[21552]: terminating on signal 15',
    want: { kind: 'noise', what: 'master-stop' },
  },
  {
    src: 'corpus healthy/maillog line 75',
    line: 'Nov 28 22:13:21 mail postfix/smtpd[21271]: Anonymous TLS connection established from unknown[127.0.20.13]: TLSv1.3 with cipher TLS_AES_256_GCM_SHA384 (256/256 bits) key-exchange X25519 server-signature RSA-PSS (2048 bits) server-digest SHA256',
    want: { kind: 'noise', what: 'tls' },
  },
  {
    src: 'corpus healthy/maillog line 113',
    line: 'Nov 28 22:13:22 mail postfix/smtpd[21271]: disconnect from unknown[127.0.20.7] ehlo=1 mail=1 rcpt=1/2 data=1 quit=1 commands=5/6',
    want: { kind: 'disconnect', service: 'postfix/smtpd', client: { name: 'unknown', ip: '127.0.20.7' }, authOk: 0, authTried: 0, commands: 6 },
  },
  {
    src: 'corpus healthy/maillog line 339',
    line: 'Nov 28 22:13:29 mail postfix/smtpd[21271]: 21463160662: client=unknown[127.0.11.55], sasl_method=PLAIN, sasl_username=yamada@example.jp',
    want: { kind: 'smtpdClient', service: 'postfix/smtpd', qid: '21463160662', client: { name: 'unknown', ip: '127.0.11.55' }, saslMethod: 'PLAIN', saslUser: 'yamada@example.jp', origQueueId: '' },
  },
  {
    src: 'corpus healthy/maillog line 349',
    line: 'Nov 28 22:13:29 mail postfix/smtpd[21271]: disconnect from unknown[127.0.11.55] ehlo=1 auth=1 mail=1 rcpt=1 data=1 quit=1 commands=6',
    want: { kind: 'disconnect', service: 'postfix/smtpd', client: { name: 'unknown', ip: '127.0.11.55' }, authOk: 1, authTried: 1, commands: 6 },
  },
  {
    src: 'corpus healthy/maillog line 512',
    line: 'Nov 28 22:13:36 mail postfix/smtp[21289]: 175FF1606A5: to=<nosuch.kondo@outlook.jp>, relay=127.0.1.3[127.0.1.3]:25, delay=0.01, delays=0/0/0.01/0, dsn=5.5.0, status=bounced (host 127.0.1.3[127.0.1.3] said: 550 5.5.0 Requested action not taken: mailbox unavailable (S2017) [TY2PEPF0000A1B2.apcprd04.prod.outlook.com 2026-11-28T00:00:00.000Z 08DDF00000000001] (in reply to RCPT TO command))',
    want: { kind: 'delivery', agent: 'smtp', qid: '175FF1606A5', to: 'nosuch.kondo@outlook.jp', origTo: '', relay: '127.0.1.3[127.0.1.3]:25', delay: 0.01, dsn: '5.5.0', status: 'bounced', handedTo: '', filterHop: false, reasonStarts: 'host 127.0.1.3[127.0.1.3] said: 550 5.5.0 Requested action not taken: ' },
  },
  {
    src: 'corpus healthy/maillog line 2891',
    line: 'Nov 28 22:14:46 mail postfix/smtp[21289]: 7E1A91606FF: to=<m.ito@hotmail.com>, relay=127.0.1.3[127.0.1.3]:25, delay=0.01, delays=0/0/0/0, dsn=2.6.0, status=sent (250 2.6.0 <1795871686521460@mail.example.jp> [InternalId=32808509, Hostname=TY2PEPF0000A1B2.apcprd04.prod.outlook.com] 927 bytes in 0.04, 1.0 KB/sec Queued mail for delivery)',
    want: { kind: 'delivery', agent: 'smtp', qid: '7E1A91606FF', to: 'm.ito@hotmail.com', origTo: '', relay: '127.0.1.3[127.0.1.3]:25', delay: 0.01, dsn: '2.6.0', status: 'sent', handedTo: '', filterHop: false, reasonStarts: '250 2.6.0 <1795871686521460@mail.example.jp> [InternalId=32808509, Hos' },
  },
  {
    src: 'corpus incident/maillog line 87',
    line: 'Nov 28 22:15:39 mail postfix/submission/smtpd[21701]: disconnect from unknown[127.66.83.223] ehlo=2 starttls=1 auth=0/1 commands=3/4',
    want: { kind: 'disconnect', service: 'postfix/submission/smtpd', client: { name: 'unknown', ip: '127.66.83.223' }, authOk: 0, authTried: 1, commands: 4 },
  },
  {
    src: 'corpus incident/maillog line 805',
    line: 'Nov 28 22:16:27 mail postfix/smtpd[21729]: disconnect from unknown[127.66.6.6] ehlo=1 auth=1/2 mail=1 rcpt=1 data=1 quit=1 commands=6/7',
    want: { kind: 'disconnect', service: 'postfix/smtpd', client: { name: 'unknown', ip: '127.66.6.6' }, authOk: 1, authTried: 2, commands: 7 },
  },
  {
    src: 'corpus incident/maillog line 818',
    line: 'Nov 28 22:16:28 mail postfix/submission/smtpd[21701]: warning: unknown[127.66.215.44]: SASL LOGIN authentication failed: Connection lost to authentication server, sasl_username=suzuki@example.jp',
    want: { kind: 'authFailed', service: 'postfix/submission/smtpd', client: { name: 'unknown', ip: '127.66.215.44' }, mechanism: 'LOGIN', reason: 'Connection lost to authentication server', user: 'suzuki@example.jp' },
  },
  {
    src: 'corpus incident/maillog line 967',
    line: 'Nov 28 22:16:28 mail postfix/submission/smtpd[22025]: disconnect from unknown[127.99.32.137] ehlo=2 starttls=1 auth=1 mail=1 rcpt=6 data=1 commands=12',
    want: { kind: 'disconnect', service: 'postfix/submission/smtpd', client: { name: 'unknown', ip: '127.99.32.137' }, authOk: 1, authTried: 1, commands: 12 },
  },
  {
    src: 'corpus incident/maillog line 7772',
    line: 'Nov 28 22:17:25 mail postfix/smtpd[22019]: disconnect from unknown[127.0.20.7] ehlo=2 starttls=1 mail=2 rcpt=2/3 data=2 quit=1 commands=10/11',
    want: { kind: 'disconnect', service: 'postfix/smtpd', client: { name: 'unknown', ip: '127.0.20.7' }, authOk: 0, authTried: 0, commands: 11 },
  },
];


// Review 7 lab (Debian 12 Postfix 3.7.11, verbatim from its maillog) and public lines of shapes the corpus lacks.
const LAB: Case[] = [
  {
    src: 'lab (review 7 M1): a milter answering DISCARD',
    line: 'Nov 29 01:31:23 vm postfix/cleanup[28829]: 4jcV3v58VXzNgMr: milter-discard: END-OF-MESSAGE from localhost[127.0.0.1]: milter triggers DISCARD action; from=<alice@outside.example> to=<sato@example.jp> proto=ESMTP helo=<client.example>',
    want: { kind: 'reject', daemon: 'cleanup', qid: '4jcV3v58VXzNgMr', action: 'milter-discard', stage: 'END-OF-MESSAGE', client: { name: 'localhost', ip: '127.0.0.1' }, code: '', dsn: '', reason: 'milter triggers DISCARD action', from: 'alice@outside.example', to: 'sato@example.jp', helo: 'client.example' },
  },
  {
    src: 'lab (review 7 M1): a milter answering HOLD',
    line: 'Nov 29 01:31:50 vm postfix/cleanup[29588]: 4jcV4Q2HP0zNgND: milter-hold: END-OF-MESSAGE from localhost[127.0.0.1]: milter triggers HOLD action; from=<alice@outside.example> to=<sato@example.jp> proto=ESMTP helo=<client.example>',
    want: { kind: 'reject', daemon: 'cleanup', qid: '4jcV4Q2HP0zNgND', action: 'milter-hold', stage: 'END-OF-MESSAGE', client: { name: 'localhost', ip: '127.0.0.1' }, code: '', dsn: '', reason: 'milter triggers HOLD action', from: 'alice@outside.example', to: 'sato@example.jp', helo: 'client.example' },
  },
  {
    src: 'lab, Postfix 3.7.11 (review 7 M9): a before-queue content filter refuses the message',
    line: 'Nov 29 01:28:16 vm postfix/smtpd[25494]: proxy-reject: END-OF-MESSAGE: 554 5.7.1 proxy filter says no; from=<proxyreject@outside.example> to=<sato@example.jp> proto=ESMTP helo=<client.example>',
    want: { kind: 'reject', daemon: 'smtpd', qid: '', action: 'reject', stage: 'END-OF-MESSAGE', client: { name: '', ip: '' }, code: '554', dsn: '5.7.1', reason: 'proxy filter says no', from: 'proxyreject@outside.example', to: 'sato@example.jp', helo: 'client.example' },
  },
  {
    src: 'lab, Postfix 3.7.11 (review 7 M9): … and accepts one (queued by the after-filter smtpd, with its own client= line)',
    line: 'Nov 29 01:28:16 vm postfix/smtpd[25494]: proxy-accept: END-OF-MESSAGE: 250 2.0.0 Ok: queued as D2B08A6A08; from=<proxyok@outside.example> to=<sato@example.jp> proto=ESMTP helo=<client.example>',
    want: { kind: 'noise', what: 'smtpd-proxy-accept' },
  },
  {
    src: 'lab (review 7 L5): a header that holds " from [ACME]" itself; the client is the last " from " before the envelope',
    line: 'Nov 29 01:32:23 vm postfix/cleanup[29588]: 4jcV53634vzNgNj: reject: header Subject: hc-reject Offer from [ACME] corp from localhost[127.0.0.1]; from=<alice@outside.example> to=<sato@example.jp> proto=ESMTP helo=<client.example>: 5.7.1 header reject test',
    want: { kind: 'reject', daemon: 'cleanup', qid: '4jcV53634vzNgNj', action: 'reject', stage: 'header', client: { name: 'localhost', ip: '127.0.0.1' }, code: '', dsn: '5.7.1', reason: 'header reject test', from: 'alice@outside.example', to: 'sato@example.jp', helo: 'client.example' },
  },
  {
    src: 'lab (review 7 L6): local submission, no helo: the reason follows "to=<…>: "',
    line: 'Nov 29 01:27:50 vm postfix/cleanup[23430]: D9BCD29E2CF: reject: header Subject: hc-reject local from local; from=<sato@example.jp> to=<suzuki@example.jp>: 5.7.1 header reject test',
    want: { kind: 'reject', daemon: 'cleanup', qid: 'D9BCD29E2CF', action: 'reject', stage: 'header', client: { name: '', ip: '' }, code: '', dsn: '5.7.1', reason: 'header reject test', from: 'sato@example.jp', to: 'suzuki@example.jp', helo: '' },
  },
  {
    src: 'lab (review 7 M4): header_checks INFO',
    line: 'Nov 29 01:23:31 vm postfix/cleanup[16963]: E2C9B29F2B2: info: header Subject: hc-info test from localhost[127.0.0.1]; from=<alice@outside.example> to=<sato@example.jp> proto=ESMTP helo=<client.example>: header info test',
    want: { kind: 'reject', daemon: 'cleanup', qid: 'E2C9B29F2B2', action: 'info', stage: 'header', client: { name: 'localhost', ip: '127.0.0.1' }, code: '', dsn: '', reason: 'header info test', from: 'alice@outside.example', to: 'sato@example.jp', helo: 'client.example' },
  },
  {
    src: 'lab (review 7 M4): header_checks REPLACE',
    line: 'Nov 29 01:23:31 vm postfix/cleanup[16963]: E3B9929F2B3: replace: header Subject: hc-replace test from localhost[127.0.0.1]; from=<alice@outside.example> to=<sato@example.jp> proto=ESMTP helo=<client.example>: Subject: replaced',
    want: { kind: 'reject', daemon: 'cleanup', qid: 'E3B9929F2B3', action: 'replace', stage: 'header', client: { name: 'localhost', ip: '127.0.0.1' }, code: '', dsn: '', reason: 'Subject: replaced', from: 'alice@outside.example', to: 'sato@example.jp', helo: 'client.example' },
  },
  {
    src: 'lab (review 7 M4): header_checks PREPEND',
    line: 'Nov 29 01:23:31 vm postfix/cleanup[16963]: E50E929F2B4: prepend: header Subject: hc-prepend test from localhost[127.0.0.1]; from=<alice@outside.example> to=<sato@example.jp> proto=ESMTP helo=<client.example>: X-Test: prepended',
    want: { kind: 'reject', daemon: 'cleanup', qid: 'E50E929F2B4', action: 'prepend', stage: 'header', client: { name: 'localhost', ip: '127.0.0.1' }, code: '', dsn: '', reason: 'X-Test: prepended', from: 'alice@outside.example', to: 'sato@example.jp', helo: 'client.example' },
  },
  {
    src: 'lab (review 7 M4): header_checks BCC',
    line: 'Nov 29 01:23:32 vm postfix/cleanup[16963]: 06B1D29F2C4: bcc: header Subject: hc-bcc test from localhost[127.0.0.1]; from=<alice@outside.example> to=<sato@example.jp> proto=ESMTP helo=<client.example>: bcc@example.jp',
    want: { kind: 'reject', daemon: 'cleanup', qid: '06B1D29F2C4', action: 'bcc', stage: 'header', client: { name: 'localhost', ip: '127.0.0.1' }, code: '', dsn: '', reason: 'bcc@example.jp', from: 'alice@outside.example', to: 'sato@example.jp', helo: 'client.example' },
  },
  {
    src: 'lab (review 7 M4): header_checks STRIP',
    line: 'Nov 29 01:35:32 vm postfix/cleanup[5217]: 4jcV8h4BMczNgQG: strip: header Subject: hc-strip test from localhost[127.0.0.1]; from=<alice@outside.example> to=<sato@example.jp> proto=ESMTP helo=<client.example>: stripped header',
    want: { kind: 'reject', daemon: 'cleanup', qid: '4jcV8h4BMczNgQG', action: 'strip', stage: 'header', client: { name: 'localhost', ip: '127.0.0.1' }, code: '', dsn: '', reason: 'stripped header', from: 'alice@outside.example', to: 'sato@example.jp', helo: 'client.example' },
  },
  {
    src: 'public (review 7 M2; soft_bounce=yes)',
    line: 'Oct 14 07:34:03 custhost1 postfix/smtp[10837]: 4B6D11E01729: to=<viviane@techs.com.br>, relay=mail.techs.com.br[186.232.248.4]:25, delay=39993, delays=35133/4859/0.58/0.71, dsn=4.7.1, status=SOFTBOUNCE (host mail.techs.com.br[186.232.248.4] said: 501 5.7.1 <kmcgrath@upperuwchlan-pa.gov>... Sender refused by the DNSBL b.barracudacentral.org (in reply to RCPT TO command))',
    want: { kind: 'delivery', agent: 'smtp', qid: '4B6D11E01729', to: 'viviane@techs.com.br', origTo: '', relay: 'mail.techs.com.br[186.232.248.4]:25', delay: 39993, dsn: '4.7.1', status: 'deferred', reason: 'host mail.techs.com.br[186.232.248.4] said: 501 5.7.1 <kmcgrath@upperuwchlan-pa.gov>... Sender refused by the DNSBL b.barracudacentral.org (in reply to RCPT TO command)', handedTo: '', filterHop: false },
  },
  {
    src: 'lab (review 7 M2): soft_bounce=yes, given as a deferral',
    line: 'Nov 29 01:29:36 vm postfix/smtp[26876]: 4jcV1r57g0zNgQ7: to=<bounce2@sink.example>, relay=127.0.0.1[127.0.0.1]:2540, delay=0.03, delays=0.01/0.01/0/0.01, dsn=4.1.1, status=SOFTBOUNCE (host 127.0.0.1[127.0.0.1] said: 550 5.1.1 <bounce2@sink.example>: Recipient address rejected: User unknown (in reply to RCPT TO command))',
    want: { kind: 'delivery', agent: 'smtp', qid: '4jcV1r57g0zNgQ7', to: 'bounce2@sink.example', origTo: '', relay: '127.0.0.1[127.0.0.1]:2540', delay: 0.03, dsn: '4.1.1', status: 'deferred', reason: 'host 127.0.0.1[127.0.0.1] said: 550 5.1.1 <bounce2@sink.example>: Recipient address rejected: User unknown (in reply to RCPT TO command)', handedTo: '', filterHop: false },
  },
  {
    src: 'lab (review 7 M2): soft_bounce=yes, given as a deferral',
    line: 'Nov 29 01:29:36 vm postfix/local[26882]: 4jcV1r5VrYzNgRF: to=<nouser2@lab.example>, relay=local, delay=0.01, delays=0/0.01/0/0, dsn=4.1.1, status=SOFTBOUNCE (unknown user: "nouser2")',
    want: { kind: 'delivery', agent: 'local', qid: '4jcV1r5VrYzNgRF', to: 'nouser2@lab.example', origTo: '', relay: 'local', delay: 0.01, dsn: '4.1.1', status: 'deferred', reason: 'unknown user: "nouser2"', handedTo: '', filterHop: false },
  },
  {
    src: 'lab (review 7 M3): cleanup bounces a header-rejected pickup message itself',
    line: 'Nov 29 01:27:50 vm postfix/cleanup[23430]: D9BCD29E2CF: to=<suzuki@example.jp>, relay=none, delay=0.01, delays=0.01/0/0/0, dsn=5.7.1, status=bounced (header reject test)',
    want: { kind: 'delivery', agent: 'cleanup', qid: 'D9BCD29E2CF', to: 'suzuki@example.jp', origTo: '', relay: 'none', delay: 0.01, dsn: '5.7.1', status: 'bounced', reason: 'header reject test', handedTo: '', filterHop: false },
  },
  {
    src: 'lab (review 7 M3): cleanup bounces a message over the hop count',
    line: 'Nov 29 01:24:22 vm postfix/cleanup[19388]: F3E7E29EAF4: to=<x@sa.example>, relay=none, delay=0.01, delays=0.01/0/0/0, dsn=5.4.0, status=bounced (too many hops)',
    want: { kind: 'delivery', agent: 'cleanup', qid: 'F3E7E29EAF4', to: 'x@sa.example', origTo: '', relay: 'none', delay: 0.01, dsn: '5.4.0', status: 'bounced', reason: 'too many hops', handedTo: '', filterHop: false },
  },
  {
    src: 'lab (review 7 M8): postsuper -e',
    line: 'Nov 29 01:27:35 vm postfix/postsuper[23426]: Force-expired: 1 message',
    want: { kind: 'postsuperSummary', action: 'Force-expired', count: 1 },
  },
  {
    src: 'public (review 7 M10): relayhost SASL with no mechanism in common',
    line: 'Feb 14 04:41:32 XXXXXXXXXXXXXX postfix/smtp[22222]: 6F263169B46: SASL authentication failed; cannot authenticate to server smtp.sendgrid.net[161.202.148.179]: no mechanism available',
    want: { kind: 'relayAuthFailed', qid: '6F263169B46', host: 'smtp.sendgrid.net[161.202.148.179]', text: 'SASL authentication failed; cannot authenticate to server smtp.sendgrid.net[161.202.148.179]: no mechanism available' },
  },
  {
    src: 'lab (review 7 L3): smtp_line_length_limit',
    line: 'Nov 29 01:32:46 vm postfix/smtp[31378]: 4jcV5V6TK5zNgMq: breaking line > 998 bytes with <CR><LF>SPACE',
    want: { kind: 'noise', what: 'smtp-detail' },
  },
];

table('postfix public line', PUBLIC);
table('postfix lab line', LAB);
table('postfix corpus line', CORPUS_LINES);

// ---------------------------------------------------------------------------------------------------------
// Distinctions that matter for the findings, side by side.
// ---------------------------------------------------------------------------------------------------------

test('"queued as" on a content-filter port is a filter hop; "queued as" from a remote MX on port 25 is not', () => {
  // LINES.md §2 (Lightmeter 6_deferred_message_retry.log reply text); prefix and fields added
  const filter = parseLine('Oct 26 18:13:50 mail postfix/smtp[3113]: 78E8330001C7: to=<info@example.com>, relay=127.0.0.1[127.0.0.1]:10024, delay=0.52, delays=0.01/0/0.01/0.5, dsn=2.0.0, status=sent (250 2.0.0 from MTA(smtp:[127.0.0.1]:10025): 250 2.0.0 Ok: queued as A17F830001CA)');
  // corpus healthy/maillog line 42: the remote's own queue ID, not ours
  const remote = parseLine('Nov 28 22:13:20 mail postfix/smtp[21284]: E9FDB160691: to=<kobayashi@partner.co.jp>, relay=127.0.1.9[127.0.1.9]:25, delay=0.02, delays=0/0.01/0/0.01, dsn=2.0.0, status=sent (250 2.0.0 Ok: queued as 22249F150)');
  assert.ok(filter?.kind === 'delivery' && remote?.kind === 'delivery');
  assert.equal(filter.filterHop, true);
  assert.equal(filter.handedTo, 'A17F830001CA');
  assert.equal(remote.filterHop, false);
  assert.equal(remote.handedTo, '');
});

test('"queued as" is a filter hop only from a loopback relay on a non-SMTP port or a UNIX socket: a smarthost on 2525 is a delivery', () => {
  // public (Hypernode test fixture; review 7 H1): a relay on port 2525 because port 25 is blocked
  const smarthost = parseLine('Jan 11 10:39:14 allard postfix/smtp[2100]: E8313500567: to=<testrecipient@hypernode.com>, relay=smtp.hypernode.com[82.94.214.140]:2525, delay=0.16, delays=0.09/0/0.05/0.01, dsn=2.0.0, status=sent (250 2.0.0 Ok: queued as 18E578E802)');
  // public (review 7 H1, Brevo): the receiver's queue ID in angle brackets
  const brevo = parseLine('Jan 11 10:39:14 mail postfix/smtp[84617]: A993C16F8E8: to=<ada@example.com>, relay=smtp-relay.brevo.com[1.179.119.1]:2525, delay=3, dsn=2.0.0, status=sent (250 2.0.0 OK: queued as <x@y>)');
  // amavis on IPv6 loopback, and an lmtp content filter on a UNIX socket (LINES.md §2 reply text; relay varied)
  const v6 = parseLine('Oct 26 18:13:50 mail postfix/smtp[3113]: 78E8330001C7: to=<info@example.com>, relay=localhost[::1]:10024, delay=0.52, delays=0.01/0/0.01/0.5, dsn=2.0.0, status=sent (250 2.0.0 from MTA(smtp:[::1]:10025): 250 2.0.0 Ok: queued as A17F830001CA)');
  const sock = parseLine('Oct 26 18:13:50 mail postfix/lmtp[3113]: 78E8330001C7: to=<info@example.com>, relay=mail.example.com[private/amavis], delay=0.52, delays=0.01/0/0.01/0.5, dsn=2.0.0, status=sent (250 2.0.0 Ok: queued as A17F830001CA)');
  assert.ok(smarthost?.kind === 'delivery' && brevo?.kind === 'delivery' && v6?.kind === 'delivery' && sock?.kind === 'delivery');
  assert.deepEqual([smarthost.filterHop, smarthost.handedTo], [false, '']);
  assert.deepEqual([brevo.filterHop, brevo.handedTo], [false, '']);
  assert.deepEqual([v6.filterHop, v6.handedTo], [true, 'A17F830001CA']);
  assert.deepEqual([sock.filterHop, sock.handedTo], [true, 'A17F830001CA']);
});

test('an outbound "SASL authentication failed; server … said" is our relay login failing, not a brute-force event', () => {
  // LINES.md §3 #20 (grok smtp_0032); prefix added
  const ev = parseLine('Oct 26 18:13:50 mail postfix/smtp[3113]: D0F29603B4: SASL authentication failed; server xyz.example.com[1.2.3.4] said: 535 5.7.8 Error: authentication failed: authentication failure');
  assert.equal(ev?.kind, 'relayAuthFailed');
});

test('SASL failures name the user only from Postfix 3.7.8 on; "(unavailable)" is no user', () => {
  // fail2ban tests/files/logs/postfix-sasl (before 3.7.8)
  const old = parseLine('Mar 10 13:33:30 gandalf postfix/smtpd[3937]: warning: HOSTNAME[1.1.1.1]: SASL LOGIN authentication failed: authentication failure');
  // corpus healthy/maillog line 1422 (3.7.11)
  const named = parseLine('Nov 28 22:14:00 mail postfix/submission/smtpd[21287]: warning: unknown[127.0.12.34]: SASL LOGIN authentication failed: (reason unavailable), sasl_username=suzuki@example.jp');
  // corpus incident/maillog line 261 (3.7.11, undecodable AUTH data)
  const unnamed = parseLine('Nov 28 22:15:52 mail postfix/smtpd[21719]: warning: unknown[127.68.159.68]: SASL PLAIN authentication failed: Invalid base64 data in initial response, sasl_username=(unavailable)');
  assert.ok(old?.kind === 'authFailed' && named?.kind === 'authFailed' && unnamed?.kind === 'authFailed');
  assert.deepEqual([old.user, old.reason], ['', 'authentication failure']);
  assert.deepEqual([named.user, named.reason], ['suzuki@example.jp', '(reason unavailable)']);
  assert.deepEqual([unnamed.user, unnamed.reason], ['', 'Invalid base64 data in initial response']);
});

test('a reject before MAIL FROM has no envelope: its reason ends before "; proto="', () => {
  // fail2ban tests/files/logs/postfix
  const ev = parseLine('Jan 31 13:55:24 xxx postfix/smtpd[3462]: NOQUEUE: reject: EHLO from s271272.static.corbina.ru[78.107.251.238]: 504 5.5.2 <User>: Helo command rejected: need fully-qualified hostname; proto=SMTP helo=<User>');
  assert.ok(ev?.kind === 'reject');
  assert.equal(ev.reason, '<User>: Helo command rejected: need fully-qualified hostname');
  assert.equal(ev.helo, 'User');
});

// ---------------------------------------------------------------------------------------------------------
// Every line of the corpus: nothing unparsed, nothing thrown, and the RFC 3339 copy says the same.
// ---------------------------------------------------------------------------------------------------------

function corpusLines(path: string): string[] {
  const text = readFileSync(path, 'latin1');
  const lines = text.split('\n');
  if (lines[lines.length - 1] === '') lines.pop();
  return lines;
}

for (const scenario of ['healthy', 'incident']) {
  for (const file of ['maillog', 'maillog.rfc3339']) {
    const path = join(CORPUS, scenario, file);
    test(`every line of corpus ${scenario}/${file} is parsed (no unparsed line, no exception)`, { skip: existsSync(path) ? false : 'corpus not found' }, () => {
      const lines = corpusLines(path);
      const sink = createScanner({ file: 0, years: years(), logStart: true });
      let offset = 0;
      for (const l of lines) {
        sink.line(l, offset);
        offset += Buffer.byteLength(l, 'latin1') + 1;
      }
      const r = sink.finish();
      assert.equal(r.lines, lines.length);
      assert.deepEqual(r.aggregate.lines, { total: lines.length, parsed: lines.length, ignored: 0, unparsed: 0, repeatsNotExpanded: 0, repeatedEventsNotCounted: 0, cutShort: 0 });
      assert.deepEqual(r.aggregate.unparsedExamples, []);
    });
  }
  const classic = join(CORPUS, scenario, 'maillog');
  const iso = join(CORPUS, scenario, 'maillog.rfc3339');
  test(`corpus ${scenario}: each maillog.rfc3339 line gives the same event as its maillog twin, at the same second`, { skip: existsSync(iso) ? false : 'corpus not found' }, () => {
    const a = corpusLines(classic);
    const b = corpusLines(iso);
    assert.equal(a.length, b.length);
    const ya = years();
    for (let i = 0; i < a.length; i++) {
      const ha = newHeader();
      const hb = newHeader();
      assert.ok(parseHeader(a[i]!, ha, ya, new Map()) && parseHeader(b[i]!, hb, years(), new Map()), `line ${i + 1}`);
      assert.equal(hb.zone, '+09:00');
      assert.equal(Math.floor(hb.at / 1000) * 1000, ha.at, `line ${i + 1}: time`);
      assert.equal(hb.prog, ha.prog);
      assert.deepEqual(parserFor(hb.prog)!(b[i]!, hb.msgStart), parserFor(ha.prog)!(a[i]!, ha.msgStart), `line ${i + 1}`);
    }
  });
}
