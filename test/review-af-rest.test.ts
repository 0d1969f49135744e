// Review AF, the rest: the other DKIM signers (rspamd, amavis) read from the maillog, so that mail they signed is
// not called unsigned on OpenDKIM's "no signing table match"; and, where no signer logs its signatures (OpenDKIM
// without SyslogSuccess), web-form mail OpenDKIM never logged a line of counted as "likely" unsigned only when the
// log supports it. Line shapes verbatim from rspamd's and amavis's real logs (/tmp/revAF/rest.md has the sources).

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { classicStamp, parseLine, report, reportEveryWay } from './helpers.js';
import type { Finding } from '../src/types.js';
import { renderMarkdown } from '../src/render/markdown.js';
import { messagesFor } from '../src/i18n/index.js';
import type { Report } from '../src/report/model.js';

test('review AF rest: rspamd\'s and amavis\'s verdict lines, verbatim, become their decision on the message by queue ID; their other lines are read', () => {
  // NethServer's manual (a /var/log/maillog excerpt): rspamd scanned, did not sign.
  assert.deepEqual(parseLine('May 15 02:05:03 mail rspamd[27538]: <8ae27d>; proxy; rspamd_task_write_log: id: <5afa242e.hP5p/mry+fTNNjms%no-reply@example.com>, qid: <A785B308622AB>, ip: 10.154.200.17, from: <no-reply@example.com>, (default: F (no action): [-0.64/20.00] [BAYES_HAM(-3.00){100.00%;},AUTH_NA(1.00){},MID_CONTAINS_FROM(1.00){},MX_INVALID(0.50){},MIME_GOOD(-0.10){text/plain;},DMARC_NA(0.00){example.com;},R_DKIM_NA(0.00){},R_SPF_NA(0.00){}]), len: 2348, time: 750.636ms real, 5.680ms virtual, dns req: 47, digest: <b1035f4fb07162ba88053d9e38df9c93>, rcpts: <jsmith@example.com>, mime_rcpts: <jsmith@example.com>'),
    { kind: 'dkim', qid: 'A785B308622AB', outcome: 'rspamd-unsigned', detail: '', signer: 'rspamd', action: 'no action', user: '' });
  // A rspamd.log line (a mailcow-like lab, 2026) with a syslog prefix: signed, d77.jp with selector 202601.
  assert.deepEqual(parseLine('Mar 20 08:37:51 mail rspamd[37]: <7d7d2e>; task; rspamd_task_write_log: id: <27e86f506a4881125fff808a5622e098@d77.jp>, qid: <5358D817E4B0>, ip: 172.30.0.1, user: delta, from: <delta@d77.jp>, (default: F (no action): [-0.10/15.00] [MIME_GOOD(-0.10){text/plain;},ALIAS_RESOLVED(0.00){},ARC_NA(0.00){},DKIM_SIGNED(0.00){d77.jp:s=202601;},FREEMAIL_ENVRCPT(0.00){gmail.com;},FROM_EQ_ENVFROM(0.00){}]), len: 428, time: 317.656ms, dns req: 11, digest: <978ea82e6183d74b48d5ee627e8bc807>, rcpts: <colonel.wohc@gmail.com>, mime_rcpts: <colonel.wohc@gmail.com,>'),
    { kind: 'dkim', qid: '5358D817E4B0', outcome: 'signed', detail: '202601._domainkey.d77.jp', signer: 'rspamd', action: 'no action', user: 'delta' });
  // Key errors (an ISPConfig guide; a Japanese ops log's rspamd.log): no queue ID, counted for the advice.
  assert.deepEqual(parseLine('Nov 28 10:00:01 mail rspamd[1234]: <a1b2c3>; dkim_sign; cannot load dkim key /var/lib/amavis/dkim/subdomain.example.com.private: unsupported key format'),
    { kind: 'dkim', qid: '', outcome: 'key-error', detail: '/var/lib/amavis/dkim/subdomain.example.com.private', signer: 'rspamd' });
  assert.deepEqual(parseLine('Nov 28 10:00:01 mail rspamd[1234]: <a1b2c3>; task; dkim_module_load_key_format: cannot load dkim key /var/lib/rspamd/dkim/example.jp.dkim.key: cannot stat key file: /var/lib/rspamd/dkim/example.jp.dkim.key: Permission denied'),
    { kind: 'dkim', qid: '', outcome: 'key-error', detail: '/var/lib/rspamd/dkim/example.jp.dkim.key', signer: 'rspamd' });
  // iRedMail's documentation (a verbose log_templ, joined to one line): amavis signed its copy 58A90DFC34.
  assert.deepEqual(parseLine('Oct 12 21:26:34 d8 amavis[1389]: (01389-01) Passed CLEAN {RelayedInternal}, ORIGINATING/MYNETS LOCAL [172.16.100.1]:54180 ESMTP/ESMTP <postmaster@a.cn> -> <amavis@d8.iredmail.org>, (), Queue-ID: 2F322E003E, mail_id: 47G-u3kjLkOz, b: 3tnIDXRGW, Hits: -0.428, size: 316, queued_as: 58A90DFC34, Subject: "mail subject", From: <postmaster@a.cn>, helo=test.com, Tests: [ALL_TRUSTED=-1,INVALID_DATE=0.432,MISSING_MID=0.14], autolearn=no autolearn_force=no, autolearnscore=0.572, dkim_new=dkim:a.cn, 19162 ms'),
    { kind: 'dkim', qid: '58A90DFC34', outcome: 'signed', detail: 'dkim._domainkey.a.cn', signer: 'amavis' });
  // A server that signs with OpenDKIM after amavis (review AF's id 6891990358): amavis passed 15411E6BE1 unsigned.
  assert.deepEqual(parseLine('May  5 13:35:55 mail amavis[4083]: (04083-01) Passed CLEAN {RelayedOutbound}, ORIGINATING/MYNETS LOCAL [45.117.82.48]:57224 [45.117.82.48] <admin@tudv3.tudv.xyz> -> <idinhtu1989@gmail.com>, Queue-ID: B141CE6BDD, Message-ID: <1406627814.5.1651732554479.JavaMail.zimbra@tudv3.tudv.xyz>, mail_id: WaVl27LgwIDf, Hits: -, size: 1152, queued_as: 15411E6BE1, 380 ms'),
    { kind: 'dkim', qid: '15411E6BE1', outcome: 'amavis-unsigned', detail: '', signer: 'amavis' });
  for (const line of [
    'May  5 13:35:55 mail amavis[4083]: (04083-01) WaVl27LgwIDf FWD from <admin@tudv3.tudv.xyz> -> <idinhtu1989@gmail.com>, BODY=7BIT 250 2.0.0 from MTA(smtp:[127.0.0.1]:10030): 250 2.0.0 Ok: queued as 15411E6BE1',
    'Dec 17 06:29:07 sm02 amavis[11202]: (11202-06) TIMING-SA [total 8782 ms, cpu 3158 ms] - parse: 22 (0.2%), extract_message_metadata: 1 (0.0%)',
    'May 15 02:05:02 mail rspamd[27538]: <8ae27d>; proxy; rspamd_message_parse: loaded message; id: <5afa242e.hP5p/mry+fTNNjms%no-reply@example.com>; queue-id: <A785B308622AB>; size: 2348; checksum: <b1035f4fb07162ba88053d9e38df9c93>',
    // A summary of a message scanned with rspamc (no Postfix queue ID): no message to join.
    'Sep  8 00:27:11 mail rspamd[3892999]: <cf1261>; csession; rspamd_task_write_log: id: <157c12f9-9200-4ad3-9e73-89167b94006b@gmail.com>, ip: 10.3.53.226, from: <anthanh264@gmail.com>, (default: T (add header): [6.10/25.00] [BAYES_SPAM(5.10){100.00%;}]), len: 100',
  ]) {
    assert.equal(parseLine(line)?.kind, 'noise', line);
  }
});

// ---------------------------------------------------------------------------------------------------------------
// Small logs in the corpus's Postfix 3.7 shapes: each message a few lines, its queue ID, its fate.
// ---------------------------------------------------------------------------------------------------------------

const GMAIL_5726 = 'host gmail-smtp-in.l.google.com[142.250.157.26] said: 550-5.7.26 Your email has been blocked because the sender is unauthenticated. '
  + '550-5.7.26 Gmail requires all senders to authenticate with either SPF or DKIM. 550-5.7.26  Authentication results: 550-5.7.26  DKIM = did not pass '
  + '550-5.7.26  SPF [example.jp] with ip: [203.0.113.25] = did not pass 550 5.7.26 https://support.google.com/mail/answer/81126#authentication a640c23a62f3a-aac0eff19desi1759812166b.313 - gsmtp (in reply to end of DATA command)';

function logBuilder(): { L: (prog: string, text: string) => void; tick: (ms: number) => void; qid: () => string; text: () => string } {
  const out: string[] = [];
  let t = Date.UTC(2026, 10, 28, 9, 0, 0);
  let q = 0x4B20A0;
  return {
    L: (prog, text) => { out.push(`${classicStamp(t)} mail ${prog}: ${text}`); },
    tick: (ms) => { t += ms; },
    qid: () => (q++).toString(16).toUpperCase(),
    text: () => out.join('\n') + '\n',
  };
}

type Log = ReturnType<typeof logBuilder>;

/** Mail of a logged-in user to an outside recipient, delivered; `milter` lines between cleanup and qmgr. */
function submission(b: Log, from: string, to: string, milter: (id: string) => string[][]): string {
  b.tick(60_000);
  const id = b.qid();
  b.L('postfix/submission/smtpd[2201]', 'connect from unknown[198.51.100.7]');
  b.L('postfix/submission/smtpd[2201]', `${id}: client=unknown[198.51.100.7], sasl_method=PLAIN, sasl_username=${from}`);
  b.L('postfix/cleanup[2102]', `${id}: message-id=<${id}@example.jp>`);
  for (const [prog, text] of milter(id)) b.L(prog!, text!);
  b.L('postfix/qmgr[900]', `${id}: from=<${from}>, size=1800, nrcpt=1 (queue active)`);
  b.L('postfix/submission/smtpd[2201]', 'disconnect from unknown[198.51.100.7] ehlo=2 starttls=1 auth=1 mail=1 rcpt=1 data=1 quit=1 commands=8');
  b.tick(1000);
  b.L('postfix/smtp[2103]', `${id}: to=<${to}>, relay=mx.mail.yahoo.co.jp[183.79.57.181]:25, delay=0.9, delays=0.01/0.01/0.4/0.5, dsn=2.0.0, status=sent (250 ok dirdel)`);
  b.L('postfix/qmgr[900]', `${id}: removed`);
  return id;
}

/** Web-form mail (PHP mail() → sendmail → pickup, uid 33) refused by Gmail as unauthenticated; `milter` lines as above. */
function formMail(b: Log, i: number, milter: (id: string) => string[][] = () => [], refused = true): string {
  b.tick(180_000);
  const id = b.qid();
  b.L('postfix/pickup[2101]', `${id}: uid=33 from=<info@example.jp>`);
  b.L('postfix/cleanup[2102]', `${id}: message-id=<form${i}.${id}@example.jp>`);
  for (const [prog, text] of milter(id)) b.L(prog!, text!);
  b.L('postfix/qmgr[900]', `${id}: from=<info@example.jp>, size=2211, nrcpt=1 (queue active)`);
  b.tick(1000);
  b.L('postfix/smtp[2103]', refused
    ? `${id}: to=<customer${i}@gmail.com>, relay=gmail-smtp-in.l.google.com[142.250.157.26]:25, delay=1.2, delays=0.01/0.01/0.5/0.7, dsn=5.7.26, status=bounced (${GMAIL_5726})`
    : `${id}: to=<customer${i}@gmail.com>, relay=gmail-smtp-in.l.google.com[142.250.157.26]:25, delay=0.9, delays=0.01/0.01/0.4/0.5, dsn=2.0.0, status=sent (250 2.0.0 OK  1764320000 f${i} - gsmtp)`);
  b.L('postfix/qmgr[900]', `${id}: removed`);
  return id;
}

/** Incoming mail that OpenDKIM verifies (LogWhy yes: "not internal", "not authenticated"). */
function incoming(b: Log, i: number): void {
  b.tick(120_000);
  const id = b.qid();
  b.L('postfix/smtpd[2301]', 'connect from mail-wr1-f42.google.com[209.85.221.42]');
  b.L('postfix/smtpd[2301]', `${id}: client=mail-wr1-f42.google.com[209.85.221.42]`);
  b.L('postfix/cleanup[2102]', `${id}: message-id=<CA+in${i}@mail.gmail.com>`);
  b.L('opendkim[800]', `${id}: DKIM verification successful`);
  b.L('postfix/qmgr[900]', `${id}: from=<partner${i}@gmail.com>, size=5000, nrcpt=1 (queue active)`);
  b.L('postfix/smtpd[2301]', 'disconnect from mail-wr1-f42.google.com[209.85.221.42] ehlo=2 starttls=1 mail=1 rcpt=1 data=1 quit=1 commands=7');
  b.L('postfix/lmtp[2305]', `${id}: to=<sato@example.jp>, relay=mail.example.jp[private/dovecot-lmtp], delay=0.1, delays=0.05/0/0/0.05, dsn=2.0.0, status=sent (250 2.0.0 <sato@example.jp> abc Saved)`);
  b.L('postfix/qmgr[900]', `${id}: removed`);
}

const rspamdLine = (id: string, from: string, signedBy: string | null): string[] => ['rspamd[1500]',
  `<${id.slice(0, 6).toLowerCase()}>; proxy; rspamd_task_write_log: id: <${id}@example.jp>, qid: <${id}>, ip: 198.51.100.7, user: ${from}, from: <${from}>, `
  + `(default: F (no action): [-0.10/15.00] [MIME_GOOD(-0.10){text/plain;},ARC_NA(0.00){},${signedBy === null ? '' : `DKIM_SIGNED(0.00){${signedBy}:s=dkim;},`}FROM_EQ_ENVFROM(0.00){}]), `
  + 'len: 1800, time: 120.100ms, dns req: 3, digest: <978ea82e6183d74b48d5ee627e8bc807>, rcpts: <x@yahoo.co.jp>, mime_rcpts: <x@yahoo.co.jp>'];

function finding(r: Report, rule: string): Finding | undefined {
  return r.findings.find((f) => f.rule === rule);
}

test('review AF rest: mail rspamd signed is signed though OpenDKIM found no SigningTable entry; mail rspamd left unsigned while it signs other mail is the finding, with rspamd\'s settings to look at', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'mlf-afr-rspamd-'));
  const build = (unsigned: number): string => {
    const b = logBuilder();
    for (let i = 0; i < 3; i++) {
      submission(b, 'news@shop.example.jp', `buyer${i}@yahoo.co.jp`, (id) => [
        ['opendkim[800]', `${id}: no signing table match for 'news@shop.example.jp'`], rspamdLine(id, 'news@shop.example.jp', 'shop.example.jp')]);
    }
    for (let i = 0; i < 2; i++) submission(b, 'tanaka@example.jp', `friend${i}@yahoo.co.jp`, (id) => [rspamdLine(id, 'tanaka@example.jp', 'example.jp')]);
    for (let i = 0; i < unsigned; i++) submission(b, 'sales@example.jp', `lead${i}@yahoo.co.jp`, (id) => [rspamdLine(id, 'sales@example.jp', null)]);
    return b.text();
  };
  // Before: OpenDKIM's three "no signing table match" lines made a finding of mail rspamd had signed.
  const signed = build(0);
  const r0 = await reportEveryWay(dir, 'signed.log', { text: () => signed });
  assert.equal(finding(r0, 'unsigned-mail'), undefined);
  assert.deepEqual([r0.lines.parsed, r0.lines.ignored, r0.lines.unparsed], [signed.split('\n').length - 1, 0, 0]);
  const text = build(2);
  const r = await reportEveryWay(dir, 'maillog', { text: () => text });
  const f = finding(r, 'unsigned-mail')!;
  assert.ok(f);
  assert.equal(f.evidence.unsignedMessages, 2);
  assert.equal(f.evidence.unsignedWhy, 'rspamd-unsigned (2)');
  assert.equal(f.evidence.rspamdUnsigned, 2);
  assert.equal(f.evidence.signedMessages, 5);
  assert.equal(f.evidence.signedByOthers, 'rspamd (5)');
  assert.equal(f.evidence.signingKeys, 'dkim._domainkey.shop.example.jp, dkim._domainkey.example.jp');
  assert.equal(f.severity, 'low');
  assert.ok(f.title.includes('2 that rspamd handled without signing'), f.title);
  const fix = f.fix ?? '';
  assert.ok(fix.includes('**rspamd did not sign** 2 messages'), fix);
  assert.ok(fix.includes('rspamadm configdump dkim_signing'), fix);
  assert.ok(!fix.includes('no line of rspamd or amavis'), 'rspamd\'s lines are here: no caveat about its own file');
  assert.ok(!fix.includes('SigningTable entry'), fix);
  // Japanese.
  const ja = finding(await report([join(dir, 'maillog')], { year: 2026, lang: 'ja' }), 'unsigned-mail')!;
  assert.ok(ja.title.includes('2 通は rspamd が処理しましたが署名していません'), ja.title);
  assert.ok((ja.fix ?? '').includes('**rspamd が署名しなかったメール**（2 通）'), ja.fix);
  assert.ok((ja.fix ?? '').includes('rspamadm configdump dkim_signing'), ja.fix);
});

test('review AF rest: amavis\'s dkim_new= signs the copy it gives back; a domain it has no dkim_key for is named with the key to add', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'mlf-afr-amavis-'));
  let b = logBuilder();
  // Submission → amavis (content_filter smtp-amavis:[127.0.0.1]:10024) → back on 10025 → out. Lightmeter's and the
  // tudv shapes (LINES.md §3 #31). `opendkim`: OpenDKIM signs the original on the submission smtpd, before amavis.
  const through = (from: string, to: string, dkimNew: string | null, opendkim = false): void => {
    b.tick(60_000);
    const id = b.qid();
    const copy = b.qid();
    b.L('postfix/submission/smtpd[2201]', 'connect from unknown[198.51.100.7]');
    b.L('postfix/submission/smtpd[2201]', `${id}: client=unknown[198.51.100.7], sasl_method=PLAIN, sasl_username=${from}`);
    b.L('postfix/cleanup[2102]', `${id}: message-id=<${id}@example.jp>`);
    if (opendkim) b.L('opendkim[800]', `${id}: DKIM-Signature field added (s=mail, d=${from.slice(from.indexOf('@') + 1)})`);
    b.L('postfix/qmgr[900]', `${id}: from=<${from}>, size=1800, nrcpt=1 (queue active)`);
    b.L('postfix/submission/smtpd[2201]', 'disconnect from unknown[198.51.100.7] ehlo=2 starttls=1 auth=1 mail=1 rcpt=1 data=1 quit=1 commands=8');
    b.L('postfix/smtpd[2401]', 'connect from localhost[127.0.0.1]');
    b.L('postfix/smtpd[2401]', `${copy}: client=localhost[127.0.0.1]`);
    b.L('postfix/cleanup[2102]', `${copy}: message-id=<${id}@example.jp>`);
    b.L('postfix/qmgr[900]', `${copy}: from=<${from}>, size=2300, nrcpt=1 (queue active)`);
    b.L('amavis[4083]', `(04083-01) Passed CLEAN {RelayedOutbound}, ORIGINATING/MYNETS LOCAL [198.51.100.7]:57224 [198.51.100.7] <${from}> -> <${to}>, Queue-ID: ${id}, Message-ID: <${id}@example.jp>, mail_id: WaVl27LgwIDf, Hits: -, size: 1800, queued_as: ${copy}${dkimNew === null ? '' : `, dkim_new=dkim:${dkimNew}`}, 380 ms`);
    b.L('postfix/smtp[2103]', `${id}: to=<${to}>, relay=127.0.0.1[127.0.0.1]:10024, delay=0.4, delays=0.01/0.01/0/0.38, dsn=2.0.0, status=sent (250 2.0.0 from MTA(smtp:[127.0.0.1]:10025): 250 2.0.0 Ok: queued as ${copy})`);
    b.L('postfix/qmgr[900]', `${id}: removed`);
    b.L('postfix/smtpd[2401]', 'disconnect from localhost[127.0.0.1] ehlo=1 mail=1 rcpt=1 data=1 quit=1 commands=5');
    b.tick(1000);
    b.L('postfix/smtp[2103]', `${copy}: to=<${to}>, relay=mx.mail.yahoo.co.jp[183.79.57.181]:25, delay=0.9, delays=0.01/0.01/0.4/0.5, dsn=2.0.0, status=sent (250 ok dirdel)`);
    b.L('postfix/qmgr[900]', `${copy}: removed`);
  };
  for (let i = 0; i < 3; i++) through('tanaka@example.jp', `friend${i}@yahoo.co.jp`, 'example.jp');
  for (let i = 0; i < 2; i++) through('news@shop.example.jp', `buyer${i}@yahoo.co.jp`, null);
  const text = b.text();
  const r = await reportEveryWay(dir, 'maillog', { text: () => text });
  assert.deepEqual([r.lines.parsed, r.lines.ignored, r.lines.unparsed], [text.split('\n').length - 1, 0, 0]);
  const f = finding(r, 'unsigned-mail')!;
  assert.ok(f);
  assert.equal(f.subject.value, 'shop.example.jp');
  assert.equal(f.evidence.unsignedMessages, 2);
  assert.equal(f.evidence.unsignedWhy, 'amavis-unsigned (2)');
  assert.equal(f.evidence.signedByOthers, 'amavis (3)');
  const fix = f.fix ?? '';
  assert.ok(fix.includes("dkim_key('shop.example.jp', 'dkim', '/var/lib/dkim/shop.example.jp.pem');"), fix);
  assert.ok(fix.includes('amavisd genrsa /var/lib/dkim/shop.example.jp.pem 2048'), fix);
  // Japanese: the same commands, its own words.
  const ja = finding(await report([join(dir, 'maillog')], { year: 2026, lang: 'ja' }), 'unsigned-mail')!;
  assert.ok(ja.title.includes('2 通は amavis が通しましたが署名していません'), ja.title);
  assert.ok((ja.fix ?? '').includes('**amavis が署名しなかったメール**（2 通、shop.example.jp）'), ja.fix);
  assert.ok((ja.fix ?? '').includes("dkim_key('shop.example.jp', 'dkim', '/var/lib/dkim/shop.example.jp.pem');"), ja.fix);
  // OpenDKIM signs before amavis, which signs nothing: the copies amavis passed carry OpenDKIM's signature, no finding
  // (amavis's "not signed" about a copy is no verdict on the original).
  b = logBuilder();
  for (let i = 0; i < 3; i++) through('tanaka@example.jp', `friend${i}@yahoo.co.jp`, null, true);
  for (let i = 0; i < 2; i++) through('news@shop.example.jp', `buyer${i}@yahoo.co.jp`, null, true);
  const before = b.text();
  assert.equal(finding(await reportEveryWay(dir, 'opendkim-first.log', { text: () => before }), 'unsigned-mail'), undefined);
});

test('review AF rest: without logged signatures, form mail OpenDKIM never saw is "likely" unsigned only when OpenDKIM logs lines of SMTP mail, none of pickup\'s, and receivers refused it as unauthenticated', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'mlf-afr-likely-'));
  const make = (o: { opendkim: boolean; pickupLine: boolean; refused: boolean }): string => {
    const b = logBuilder();
    for (let i = 0; i < 3; i++) if (o.opendkim) incoming(b, i);
    for (let i = 0; i < 6; i++) {
      formMail(b, i, (id) => (o.pickupLine && i === 0 ? [['opendkim[800]', `${id}: key retrieval failed (s=mail, d=example.jp): 'mail._domainkey.example.jp' query failed`]] : []), o.refused);
    }
    for (let i = 0; i < 2; i++) submission(b, 'tanaka@example.jp', `friend${i}@yahoo.co.jp`, () => []);
    return b.text();
  };
  const text = make({ opendkim: true, pickupLine: false, refused: true });
  const r = await reportEveryWay(dir, 'likely.log', { text: () => text });
  const f = finding(r, 'unsigned-mail')!;
  assert.ok(f, 'the likely finding');
  assert.equal(f.evidence.unsignedMessages, 6);
  assert.equal(f.evidence.likelyUnsignedPickup, 6);
  assert.equal(f.evidence.opendkimSawSmtpd, 3);
  assert.equal(f.evidence.opendkimSawPickup, 0);
  assert.equal(f.evidence.refusedRecipients, 6);
  assert.equal(f.severity, 'medium');
  assert.ok(f.title.includes('likely went to outside recipients'), f.title);
  assert.ok((f.fix ?? '').includes('postconf non_smtpd_milters'), f.fix);
  assert.ok((f.fix ?? '').includes('no line of rspamd or amavis'), 'the caveat: a signer in its own file is out of sight');
  const ja = finding(await report([join(dir, 'likely.log')], { year: 2026, lang: 'ja' }), 'unsigned-mail')!;
  assert.ok(ja.title.includes('送られた可能性があります'), ja.title);
  assert.ok((ja.fix ?? '').includes('**推定であり、記録ではありません**'), ja.fix);
  // The overview's short line says it too.
  assert.ok(JSON.stringify(r).includes('6 messages of example.jp likely sent without a DKIM signature'));
  // receivers-refusing: OpenDKIM runs, so no key from scratch.
  const rr = finding(r, 'receivers-refusing');
  if (rr !== undefined) assert.equal(rr.evidence.dkimKey, undefined);
  // No OpenDKIM at all: nothing said about it (receivers-refusing alone speaks of the refusals).
  const none = await reportEveryWay(dir, 'no-opendkim.log', { text: () => make({ opendkim: false, pickupLine: false, refused: true }) });
  assert.equal(finding(none, 'unsigned-mail'), undefined);
  // OpenDKIM logged a line of a form message: it sees them, and signs silently for all the log can tell.
  const seen = await reportEveryWay(dir, 'pickup-seen.log', { text: () => make({ opendkim: true, pickupLine: true, refused: true }) });
  assert.equal(finding(seen, 'unsigned-mail'), undefined);
  // Nobody refused the form mail: no case to make.
  const fine = await reportEveryWay(dir, 'not-refused.log', { text: () => make({ opendkim: true, pickupLine: false, refused: false }) });
  assert.equal(finding(fine, 'unsigned-mail'), undefined);
});

test('review AF rest: mail of our domains sent in the minutes Postfix could not reach OpenDKIM is tied to that window (milter_default_action = accept); a warning about OpenDMARC\'s milter is not', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'mlf-afr-down-'));
  const make = (o: { port: number; signatures: boolean }): string => {
    const b = logBuilder();
    const signedLine = (id: string): string[][] => (o.signatures ? [['opendkim[800]', `${id}: DKIM-Signature field added (s=mail, d=example.jp)`]] : []);
    for (let i = 0; i < 3; i++) submission(b, 'tanaka@example.jp', `friend${i}@yahoo.co.jp`, signedLine);
    // opendkim stopped: smtpd warns as each client connects (Postfix 3.7's milter8.c text), and the mail leaves.
    for (let i = 0; i < 4; i++) {
      b.tick(60_000);
      b.L('postfix/submission/smtpd[2201]', `warning: connect to Milter service inet:127.0.0.1:${o.port}: Connection refused`);
      b.tick(-59_000);
      submission(b, 'sato@example.jp', `client${i}@yahoo.co.jp`, () => []);
    }
    b.tick(600_000);
    for (let i = 0; i < 2; i++) submission(b, 'tanaka@example.jp', `later${i}@yahoo.co.jp`, signedLine);
    return b.text();
  };
  const text = make({ port: 8891, signatures: true });
  const r = await reportEveryWay(dir, 'down.log', { text: () => text });
  const f = finding(r, 'unsigned-mail')!;
  assert.ok(f);
  assert.equal(f.evidence.unsignedMessages, 4);
  assert.equal(f.evidence.unsignedWhy, 'milter-down (4)');
  assert.equal(f.evidence.sentWhileMilterDown, 4);
  assert.equal(f.evidence.loggedInWithoutMilter, undefined, 'not a master.cf override: the milter was down');
  assert.equal(f.evidence.milterUnreachable, 4);
  assert.ok(f.title.includes('4 sent while Postfix could not reach the signing milter'), f.title);
  assert.ok((f.fix ?? '').includes('4 messages of your domains left within a minute of a warning'), f.fix);
  assert.ok(f.examples.some((e) => e.text.includes('connect to Milter service inet:127.0.0.1:8891')), 'the warning is evidence');
  // Without SyslogSuccess the window still tells: those 4 are counted, the rest of the mail is not.
  const quiet = await reportEveryWay(dir, 'down-quiet.log', { text: () => make({ port: 8891, signatures: false }) });
  assert.equal(finding(quiet, 'unsigned-mail')?.evidence.unsignedWhy, 'milter-down (4)');
  // OpenDMARC's milter (8893) signs nothing: with signatures logged, the 4 are unsigned for no known reason
  // (submission mail no milter saw), not for the window.
  const dmarc = await reportEveryWay(dir, 'down-dmarc.log', { text: () => make({ port: 8893, signatures: true }) });
  const fd = finding(dmarc, 'unsigned-mail')!;
  assert.equal(fd.evidence.unsignedWhy, 'none (4)');
  assert.equal(fd.evidence.sentWhileMilterDown, undefined);
  assert.equal(fd.evidence.loggedInWithoutMilter, 4);
});

test('review AF rest: OpenDMARC\'s and policyd-spf\'s verdicts, verbatim, are counted by result and sender domain in report.json and the Markdown report; a log without them has no such field', async () => {
  assert.deepEqual(parseLine('Sep 14 04:49:55 mailhost opendmarc[1496]: A1B2C3D4E5F: example.net none'), { kind: 'authVerdict', check: 'dmarc', result: 'none', domain: 'example.net' });
  assert.deepEqual(parseLine('Jan 26 17:09:35 omega policyd-spf[22657]: prepend Received-SPF: Pass (mailfrom) identity=mailfrom; client-ip=209.85.221.42; helo=mail-wr1-f42.google.com; envelope-from=franjaviermn17100@gmail.com; receiver=<UNKNOWN> '),
    { kind: 'authVerdict', check: 'spf', result: 'pass', domain: 'gmail.com' });
  assert.deepEqual(parseLine('Jun 18 05:26:46 mail policyd-spf[3792]: 550 5.7.23 Message rejected due to: SPF fail - not authorized. Please see http://www.openspf.net/Why?s=mfrom;id=security@facebookmail.com;ip=209.85.128.52;r=<UNKNOWN>'),
    { kind: 'authVerdict', check: 'spf', result: 'fail', domain: 'facebookmail.com' });
  // The lab's reject line as quoted (review AF, id 1157556869): a fail whose sender it does not name.
  assert.deepEqual(parseLine('Nov 28 10:00:01 mi-gcorp-infra policyd-spf[2013]: 550 5.7.23 Message rejected due to: SPF fail - not authorized.'),
    { kind: 'authVerdict', check: 'spf', result: 'fail', domain: '' });
  // OpenDMARC's own SPF check (SPFSelfValidate; trusteddomainproject/OpenDMARC#264): counted apart from policyd-spf's.
  assert.deepEqual(parseLine('Nov 28 10:00:01 mail opendmarc[801]: 3A10F6: SPF(mailfrom): gmail.com pass'), { kind: 'authVerdict', check: 'spf-opendmarc', result: 'pass', domain: 'gmail.com' });
  for (const line of [
    'Nov 28 10:00:01 mail opendmarc[801]: 3A10F6: SPF(helo): mail-wr1-f42.google.com pass',
    'Sep 16 00:02:09 mailhost opendmarc[2]: ABCDEF12345 ignoring Authentication-Results at 14 from apache.org',
    '2025-11-12T05:41:23.306528+00:00 mail opendmarc[779]: OpenDMARC Filter v1.4.2 starting (args: -f -p inet:8893@localhost -P /var/run/opendmarc/opendmarc.pid)',
    'Nov 28 10:00:01 mail policyd-spf[1352]: Read line: "sasl_method="',
  ]) {
    assert.equal(parseLine(line)?.kind, 'noise', line);
  }
  const dir = mkdtempSync(join(tmpdir(), 'mlf-afr-verdicts-'));
  const b = logBuilder();
  const inbound = (from: string, spf: string, dmarc: string, ownSpf = ''): void => {
    b.tick(30_000);
    const id = b.qid();
    b.L('postfix/smtpd[2301]', 'connect from mail-wr1-f42.google.com[209.85.221.42]');
    b.L('policyd-spf[2309]', `prepend Received-SPF: ${spf} (mailfrom) identity=mailfrom; client-ip=209.85.221.42; helo=mail-wr1-f42.google.com; envelope-from=${from}; receiver=<UNKNOWN> `);
    b.L('postfix/smtpd[2301]', `${id}: client=mail-wr1-f42.google.com[209.85.221.42]`);
    b.L('postfix/cleanup[2102]', `${id}: message-id=<${id}@mail.example.net>`);
    if (ownSpf !== '') b.L('opendmarc[801]', `${id}: SPF(mailfrom): ${from.slice(from.indexOf('@') + 1)} ${ownSpf}`);
    b.L('opendmarc[801]', `${id}: ${from.slice(from.indexOf('@') + 1)} ${dmarc}`);
    b.L('postfix/qmgr[900]', `${id}: from=<${from}>, size=5000, nrcpt=1 (queue active)`);
    b.L('postfix/lmtp[2305]', `${id}: to=<sato@example.jp>, relay=mail.example.jp[private/dovecot-lmtp], delay=0.1, delays=0.05/0/0/0.05, dsn=2.0.0, status=sent (250 2.0.0 <sato@example.jp> abc Saved)`);
    b.L('postfix/qmgr[900]', `${id}: removed`);
  };
  for (let i = 0; i < 5; i++) inbound(`partner${i}@gmail.com`, 'Pass', 'pass');
  for (let i = 0; i < 3; i++) inbound(`billing${i}@paypa1.example`, 'Softfail', 'fail', i === 0 ? 'fail' : '');
  inbound('news@shop.example.net', 'None', 'none');
  const text = b.text();
  const r = await reportEveryWay(dir, 'maillog', { text: () => text });
  assert.deepEqual(r.mailAuthentication, {
    dmarc: { verdicts: 9, byResult: { pass: 5, fail: 3, none: 1 }, domains: 3, topFailing: [{ domain: 'paypa1.example', verdicts: 3, failed: 3, byResult: { fail: 3 } }] },
    spf: { verdicts: 9, byResult: { pass: 5, softfail: 3, none: 1 }, domains: 3, topFailing: [{ domain: 'paypa1.example', verdicts: 3, failed: 3, byResult: { softfail: 3 } }] },
    spfOpendmarc: { verdicts: 1, byResult: { fail: 1 }, domains: 1, topFailing: [{ domain: 'paypa1.example', verdicts: 1, failed: 1, byResult: { fail: 1 } }] },
  });
  const md = renderMarkdown(r, undefined, [], messagesFor('en'));
  assert.ok(md.includes('## Mail authentication of incoming mail'), md);
  assert.ok(md.includes('- **DMARC (OpenDMARC)**: 9 verdicts on mail of 3 domains: pass 5, fail 3, none 1'), md);
  assert.ok(md.includes('| SPF | paypa1.example | 3 | 3 | softfail 3 |'), md);
  assert.ok(md.includes("- **SPF (OpenDMARC's own check)**: 1 verdict on mail of 1 domain: fail 1"), md);
  assert.ok(md.includes('| SPF (OpenDMARC) | paypa1.example | 1 | 1 | fail 1 |'), md);
  const ja = renderMarkdown(await report([join(dir, 'maillog')], { year: 2026, lang: 'ja' }), undefined, [], messagesFor('ja'));
  assert.ok(ja.includes('## 受信メールの送信ドメイン認証'), ja);
  // Without such lines, report.json has no field (the samples' and the corpus's reports are unchanged).
  const none = logBuilder();
  submission(none, 'tanaka@example.jp', 'friend@yahoo.co.jp', () => []);
  const plain = await reportEveryWay(dir, 'plain.log', { text: () => none.text() });
  assert.equal(plain.mailAuthentication, undefined);
  assert.ok(!renderMarkdown(plain, undefined, [], messagesFor('en')).includes('## Mail authentication'));
});

test('review AF rest, left item: the milter-down window is matched by second, from 2 s before a warning to 60 s after it, no longer by the warning\'s minute and the next', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'mlf-afr-down-s-'));
  const b = logBuilder();
  const signedLine = (id: string): string[][] => [['opendkim[800]', `${id}: DKIM-Signature field added (s=mail, d=example.jp)`]];
  for (let i = 0; i < 3; i++) submission(b, 'tanaka@example.jp', `friend${i}@yahoo.co.jp`, signedLine);
  // 09:04:03: a message OpenDKIM logged nothing of, 40 s before the warning (same minute: counted before).
  submission(b, 'sato@example.jp', 'early@yahoo.co.jp', () => []);
  b.tick(39_000);
  // 09:04:43: opendkim down as a client connects; its message's client= line at 09:04:44.
  b.L('postfix/submission/smtpd[2201]', 'warning: connect to Milter service inet:127.0.0.1:8891: Connection refused');
  b.tick(-59_000);
  submission(b, 'sato@example.jp', 'during@yahoo.co.jp', () => []);
  // 09:05:58, 75 s after the warning, in the next minute (counted before).
  b.tick(13_000);
  submission(b, 'sato@example.jp', 'late@yahoo.co.jp', () => []);
  const text = b.text();
  assert.ok(text.includes('09:04:03 mail postfix/submission/smtpd[2201]: 4B20A3: client=') && text.includes('09:04:44 mail postfix/submission/smtpd[2201]: 4B20A4: client=')
    && text.includes('09:05:58 mail postfix/submission/smtpd[2201]: 4B20A5: client='), text);
  const r = await reportEveryWay(dir, 'down-seconds.log', { text: () => text });
  const f = finding(r, 'unsigned-mail')!;
  assert.equal(f.evidence.unsignedMessages, 3);
  assert.equal(f.evidence.sentWhileMilterDown, 1);
  assert.equal(f.evidence.unsignedWhy, 'none (2), milter-down (1)');
});
