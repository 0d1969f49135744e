// Review AC: what receivers really answered in 2020–2026, verbatim from the threads that quote them, in Postfix's
// line shapes. Each answer must fall under the right receiver and cause, name the IP the receiver saw, and lead to the
// right advice (a DMARC refusal of our domain to SPF/DKIM/DMARC records, of a forged brand to none; a Spamhaus listing
// that Microsoft quotes to Spamhaus's removal; a Cloudmark listing to its reset form). /tmp/revAC/findings.md.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { report } from './helpers.js';
import { classifyRefusals } from '../src/detect/rules/receivers-refusing.js';
import { answerOf, isSpamVerdict, providerOf, refusalCode, refusalKind } from '../src/detect/refusal-kinds.js';
import { newAggregate } from '../src/aggregate/create.js';
import { normalizeReason } from '../src/aggregate/normalize.js';
import { authCheckedDomainOf } from '../src/aggregate/auth-domain.js';
import { reasonCause } from '../src/report/deferral-causes.js';
import { messagesFor } from '../src/i18n/index.js';

/** Gmail's DMARC refusal, a Postfix line of 2022 (docker-mailserver/docker-mailserver#2953), our domain example.jp. */
const GMAIL_DMARC = (domain: string): string => `host gmail-smtp-in.l.google.com[66.102.1.27] said: 550-5.7.26 Unauthenticated email from ${domain} is not accepted due to domain's 550-5.7.26 DMARC policy. Please contact the administrator of ${domain} domain if 550-5.7.26 this was a legitimate mail. Please visit 550-5.7.26  https://support.google.com/mail/answer/2451690 to learn about the 550 5.7.26 DMARC initiative. 3-20020a056000154300b0026e3b31d1e2si2702975wry.1033 - gsmtp (in reply to end of DATA command)`;

/** [expected "provider kind", our IP read from it, dsn, the reason as Postfix logs it (source)]. */
const ANSWERS: Array<[string, string, string, string]> = [
  // jtojnar/nixfiles#13, a Postfix line of 2025-01 (Gmail's 2024 text, an IPv6 sender)
  ['Gmail unauthenticated', '2001:db8::25', '5.7.26', "host gmail-smtp-in.l.google.com[2a00:1450:4013:c06::1b] said: 550-5.7.26 Your email has been blocked because the sender is unauthenticated. 550-5.7.26 Gmail requires all senders to authenticate with either SPF or DKIM. 550-5.7.26  550-5.7.26  Authentication results: 550-5.7.26  DKIM = did not pass 550-5.7.26  SPF [mail.example.jp] with ip: [2001:db8::25] = did not pass 550-5.7.26  550-5.7.26  For instructions on setting up authentication, go to 550 5.7.26  https://support.google.com/mail/answer/81126#authentication a640c23a62f3a-aac0eff19desi1759812166b.313 - gsmtp (in reply to end of DATA command)"],
  // docker-mailserver/docker-mailserver#2996, 2023-01: a continuation prefix between "with ip:" and the address
  ['Gmail unauthenticated', '203.0.113.25', '4.7.0', 'host gmail-smtp-in.l.google.com[172.253.124.27] said: 421-4.7.0 This message does not pass authentication checks (SPF and DKIM both do 421-4.7.0 not pass). SPF check for [example.jp] does not pass with ip: 421-4.7.0 [203.0.113.25].To best protect our users from spam, the message has 421-4.7.0 been blocked. Please visit 421-4.7.0  https://support.google.com/mail/answer/81126#authentication for more 421 4.7.0 information. g206-20020a2552d7000000b006fcc3d767efsi15421136ybb.469 - gsmtp (in reply to end of DATA command)'],
  // 3s3s/opentrade#301 (2019): no code of its own, no SPF/DKIM word
  ['Gmail unauthenticated', '', '5.7.1', 'host gmail-smtp-in.l.google.com[74.125.124.26] said: 550-5.7.1 This message does not have authentication information or fails to pass 550-5.7.1 authentication checks. To best protect our users from spam, the 550-5.7.1 message has been blocked. Please visit 550-5.7.1  https://support.google.com/mail/answer/81126#authentication for more 550 5.7.1 information. f89si1889517pje.50 - gsmtp (in reply to end of DATA command)'],
  // hardware/mailserver#206: Yahoo's permanent block, not TSS04's rate limit
  ['Yahoo listed', '62.210.211.239', '5.7.2', 'host mta6.am0.yahoodns.net[74.6.137.64] said: 553 5.7.2 [TSS06] All messages from 62.210.211.239 will be permanently deferred; Retrying will NOT succeed. See https://help.yahoo.com/kb/postmaster/SLN3436.html (in reply to MAIL FROM command)'],
  // ActiveCampaign/smtp-field-manual#60, a Postfix line of 2021: Orange refusing by Cloudmark's list
  ['Cloudmark listed', '203.0.113.25', '4.0.0', 'host smtppromx.orange.fr[80.12.242.9] refused to talk to me: 550 mwinf5c14 ME Adresse IP source bloquee pour incident de spam. Client host blocked for spamming issues. OFR006_102 Ref http://csi.cloudmark.com/reset-request/?ip=203.0.113.25 [102]'],
  // sendgrid/docs#6275: Microsoft's MX quoting Spamhaus
  ['Spamhaus listed', '50.31.49.41', '5.7.1', 'host example-com.mail.protection.outlook.com[104.47.18.225] said: 550 5.7.1 Service unavailable, Client host [50.31.49.41] blocked using Spamhaus. To request removal from this list see https://www.spamhaus.org/query/ip/50.31.49.41 (AS3130). [VE1EUR01FT062.eop-EUR01.prod.protection.outlook.com] (in reply to RCPT TO command)'],
  // hestiacp/hestiacp#2901 (2023) and root-io/vmail#91: Microsoft's codes with "AS"
  ['Microsoft listed', '185.234.69.116', '5.7.1', "host hotmail-com.olc.protection.outlook.com[104.47.59.161] said: 550 5.7.1 Unfortunately, messages from [185.234.69.116] weren't sent. Please contact your Internet service provider since part of their network is on our block list (AS3140). You can also refer your provider to http://mail.live.com/mail/troubleshooting.aspx#errors. [DM6NAM12FT008.eop-nam12.prod.protection.outlook.com 2023-02-01T02:52:56.703Z 08DB03E3F757F606] (in reply to MAIL FROM command)"],
  // Gmail's SPF -all refusal (support.google.com/a/answer/3726730, 2026-02): "with the ip:"
  ['Gmail unauthenticated', '203.0.113.25', '5.7.26', 'host gmail-smtp-in.l.google.com[142.250.157.26] said: 550-5.7.26 The MAIL FROM domain [mail.example.jp] has an SPF record with a hard fail 550-5.7.26 policy (-all) but it fails to pass SPF checks with the ip: [203.0.113.25]. To best 550-5.7.26 protect our users from spam and phishing, the message has been blocked. - gsmtp (in reply to end of DATA command)'],
  // Yahoo and iCloud quoting Spamhaus (sisimai/rb-sisimai lib/sisimai/rhost/yahooinc.rb, apple.rb)
  ['Spamhaus listed', '192.0.2.25', '5.7.1', "host mta7.am0.yahoodns.net[67.195.228.94] said: 553 5.7.1 [BL21] Connections will not be accepted from 192.0.2.25, because the ip is in Spamhaus's list; see http://postmaster.yahoo.com/550-bl23.html (in reply to MAIL FROM command)"],
  ['Spamhaus listed', '192.0.2.1', '5.7.1', 'host mx01.mail.icloud.com[17.56.9.17] said: 550 5.7.1 Mail from IP 192.0.2.1 was rejected due to listing in Spamhaus SBL. For details please see http://www.spamhaus.org/query/bl?ip=192.0.2.1 (in reply to MAIL FROM command)'],
  // KumoCorp/kumomta#376 (2025): Yahoo's IPTS04
  ['Yahoo rate', '203.0.113.25', '4.0.0', 'host mta7.am0.yahoodns.net[67.195.228.94] said: 421 [IPTS04] Messages from 203.0.113.25 temporarily deferred due to unexpected volume or user complaints - 4.16.55.1; see https://postmaster.yahooinc.com/error-codes (in reply to MAIL FROM command)'],
];

test('review AC: real answers of 2020-2026 fall into the right receiver and kind, with the IP each names read', () => {
  for (const [expected, ip, dsn, text] of ANSWERS) {
    const agg = newAggregate();
    const line = `Nov 28 10:00:01 mail postfix/smtp[4100]: 6A1B20F3: to=<x@example.net>, relay=none, delay=1, delays=0/0/1/0, dsn=${dsn}, status=bounced (${text})`;
    agg.bounceReasons.set(normalizeReason(text), { count: 10, dsn, example: { file: 0, line: 1, offset: 0, text: line }, firstAt: 0, lastAt: 0 });
    const { classes, ourIps } = classifyRefusals(agg);
    assert.deepEqual(classes.map((c) => `${c.provider} ${c.kind}`), [expected], text);
    assert.deepEqual([...ourIps.keys()], ip === '' ? [] : [ip], text);
  }
});

test('review AC: the receivers\' own codes show with each class (AS3140, IPTS04, TSS06)', () => {
  const answer = (word: string): string => answerOf(ANSWERS.find((a) => a[3].includes(word))![3]);
  assert.equal(refusalCode(answer('(AS3140)')), '550 5.7.1 AS3140');
  assert.equal(refusalCode(answer('[IPTS04]')), '421 IPTS04');
  assert.equal(refusalCode(answer('[TSS06]')), '553 5.7.2 TSS06');
});

test('review AC: authentication refusals are no spam verdict; Yahoo\'s PH01 and iCloud\'s CS01 still are', () => {
  assert.equal(isSpamVerdict(ANSWERS.find((a) => a[3].includes('authentication information'))![3]), false, 'Gmail "fails to pass authentication checks … from spam"');
  // Yahoo's 5.7.9 "policy reasons" stays a policy verdict with PH01 (sisimai rhost/yahooinc.rb: policyviolation)
  assert.equal(refusalKind('554 5.7.9 Message not accepted for policy reasons.  See https://postmaster.yahooinc.com/error-codes'), undefined);
  // pastebin.com/VPz5m0dg (Postfix bounce) and chatmail/core#6547 (2024)
  assert.equal(isSpamVerdict('host mta6.am0.yahoodns.net[98.136.216.26] said: 554 Message not allowed - [PH01] Email not accepted for policy reasons. Please visit https://help.yahoo.com/kb/postmaster/SLN5… (in reply to end of DATA command)'), true);
  assert.equal(isSpamVerdict('host mx02.mail.icloud.com[17.57.155.25] said: 554 5.7.1 [CS01] Message rejected due to local policy. Please visit https://support.apple.com/en-us/HT204137 (in reply to end of DATA command)'), true);
  // TSS04 stays a rate limit (tutao/tutanota#7113, 2024)
  assert.equal(refusalKind('421 4.7.0 [TSS04] Messages from 185.205.69.214 temporarily deferred due to unexpected volume or user complaints - 4.16.55.1; see https://postmaster.yahooinc.com/error-codes'), 'rate');
  assert.equal(providerOf('554 5.7.1 Service unavailable; Client host [203.0.113.25] blocked using zen.spamhaus.org; https://www.spamhaus.org/query/ip/203.0.113.25'), 'Spamhaus');
  // Yahoo and iCloud quoting Spamhaus (sisimai/rb-sisimai lib/sisimai/rhost/yahooinc.rb, apple.rb): Spamhaus's removal
  const yahooBl21 = "553 5.7.1 [BL21] Connections will not be accepted from 192.0.2.25, because the ip is in Spamhaus's list; see http://postmaster.yahoo.com/550-bl23.html";
  assert.deepEqual([refusalKind(yahooBl21), providerOf(yahooBl21)], ['listed', 'Spamhaus']);
  const icloudSbl = '550 5.7.1 Mail from IP 192.0.2.1 was rejected due to listing in Spamhaus SBL. For details please see http://www.spamhaus.org/query/bl?ip=x.x.x.x';
  assert.deepEqual([refusalKind(icloudSbl), providerOf(icloudSbl)], ['listed', 'Spamhaus']);
});

test('review AC: the domain a DMARC refusal names is read without brackets (Gmail, mail.ru, Microsoft 5.7.515)', () => {
  assert.equal(authCheckedDomainOf(GMAIL_DMARC('example.jp')), 'example.jp');
  // Purelymail/purelymail-issues#394 (2026-02): the one-line form
  assert.equal(authCheckedDomainOf("550 5.7.26 Unauthenticated email from branan.org is not accepted due to domain's DMARC policy. Please contact the administrator of branan.org domain if this was a legitimate mail. To learn about the DMARC initiative, go to https://support.google.com/mail/?p=DmarcRejection 38308e7fff4ca-389f2f1fdd7sor3282081fa.1 - gsmtp"), 'branan.org');
  // pastebin.com/fpJZapwZ, a Postfix line of 2019
  assert.equal(authCheckedDomainOf('host mxs.mail.ru[94.100.180.31] said: 550 5.7.1 This message was not accepted due to domain (mail.ru) owner DMARC policy (RFC 7489) https://help.mail.ru/mail-help/postmaster/dmarc (in reply to end of DATA command)'), 'mail.ru');
  // sisimai/go-sisimai#150 (2025)
  assert.equal(authCheckedDomainOf("550 5.7.515 Access denied, sending domain EXAMPLE.JP doesn't meet the required authentication level. The sender's domain in the 5322.From address doesn't meet the authentication requirements defined for the sender."), 'example.jp');
  // Gmail's SPF -all refusal as its error page words it (support.google.com/a/answer/3726730, 2026-02), in Postfix's shape
  assert.equal(authCheckedDomainOf('host gmail-smtp-in.l.google.com[142.250.157.26] said: 550-5.7.26 The MAIL FROM domain [mail.example.jp] has an SPF record with a hard fail 550-5.7.26 policy (-all) but it fails to pass SPF checks with the ip: [203.0.113.25]. To best 550-5.7.26 protect our users from spam and phishing, the message has been blocked. - gsmtp (in reply to end of DATA command)'), 'mail.example.jp');
  // iCloud (sisimai/rb-sisimai lib/sisimai/rhost/apple.rb)
  assert.equal(authCheckedDomainOf("host mx01.mail.icloud.com[17.56.9.17] said: 554 5.7.1 Your message was rejected due to example.jp's DMARC policy. See https://support.apple.com/en-us/HT204137 (in reply to end of DATA command)"), 'example.jp');
  assert.equal(authCheckedDomainOf('host mx.example.net[198.51.100.7] said: 550 5.7.1 Message rejected: Domain example.org failed our checks'), '');
});

/** A log of 12 messages of info@example.jp (SASL), sent as `from`, each bounced by `relay` (Gmail's MX) with `text`. */
function bouncedLog(from: string, text: (i: number) => string, relay = 'gmail-smtp-in.l.google.com[66.102.1.27]', dsn = '5.7.26'): string {
  const out: string[] = [];
  for (let i = 0; i < 12; i++) {
    const q = `A1${(0x1000 + i).toString(16).toUpperCase()}B`;
    const t = `Nov 28 10:${String(i * 3).padStart(2, '0')}:0`;
    out.push(`${t}1 mail postfix/smtpd[${1000 + i}]: ${q}: client=unknown[192.0.2.10], sasl_method=PLAIN, sasl_username=info@example.jp`);
    out.push(`${t}1 mail postfix/cleanup[${2000 + i}]: ${q}: message-id=<m${i}@example.jp>`);
    out.push(`${t}1 mail postfix/qmgr[300]: ${q}: from=<${from}>, size=2345, nrcpt=1 (queue active)`);
    out.push(`${t}2 mail postfix/smtp[${4000 + i}]: ${q}: to=<user${i}@gmail.com>, relay=${relay}:25, delay=1.2, delays=0.1/0/0.5/0.6, dsn=${dsn}, status=bounced (${text(i)})`);
    out.push(`${t}2 mail postfix/qmgr[300]: ${q}: removed`);
  }
  return out.join('\n') + '\n';
}

function logFile(name: string, content: string): string {
  const p = join(mkdtempSync(join(tmpdir(), 'mlf-ac-')), name);
  writeFileSync(p, content);
  return p;
}

test('review AC: Gmail refusing our own domain by its DMARC policy leads to SPF/DKIM/DMARC records for it', async () => {
  const r = await report([logFile('maillog', bouncedLog('info@example.jp', () => GMAIL_DMARC('example.jp')))], { year: 2026 });
  const f = r.findings.find((x) => x.rule === 'receivers-refusing')!;
  assert.equal(f.severity, 'high');
  assert.equal(f.evidence.domainsFailingAuthentication, 'example.jp (12)');
  assert.equal(f.evidence.ourDomainAmongThem, 'yes');
  assert.ok(f.lists?.['dns-records.txt']?.some((l) => l.startsWith('example.jp. TXT "v=spf1 ')), 'the SPF record of example.jp');
});

test('review AC: Gmail refusing a forged brand by its DMARC policy is the forged spam refused, no DNS records of ours', async () => {
  const r = await report([logFile('maillog', bouncedLog('security@smbc-card.com', () => GMAIL_DMARC('smbc-card.com')))], { year: 2026 });
  const f = r.findings.find((x) => x.rule === 'receivers-refusing')!;
  assert.equal(f.evidence.domainsFailingAuthentication, 'smbc-card.com (12)');
  assert.equal(f.evidence.ourDomainAmongThem, 'no');
  assert.equal(f.lists?.['dns-records.txt'], undefined, 'no record of ours changes a forged sender\'s DMARC');
  assert.match(f.title, /name forged sender domains \(smbc-card\.com …\), not example\.jp/);
});

/** Gmail's NotAuthorizedError, a Postfix line of 2024 (iredmail/iRedMail#264). */
const GMAIL_NOT_AUTHORIZED = "host aspmx.l.google.com[142.250.157.26] said: 550-5.7.1 [203.0.113.25] The IP you're using to send mail is not authorized to 550-5.7.1 send email directly to our servers. Please use the SMTP relay at your 550-5.7.1 service provider instead. For more information, go to 550 5.7.1  https://support.google.com/mail/?p=NotAuthorizedError d2e1a72fcca58-715e57a0f50si1104d2710b3a.328 - gsmtp (in reply to end of DATA command)";

test('review AC: Gmail taking no mail straight from the IP leads to the provider\'s relay, in both languages', async () => {
  assert.equal(refusalKind(answerOf(GMAIL_NOT_AUTHORIZED)), 'relay-required');
  // Google's error page words it "to send email" (support.google.com/a/answer/3726730, 2026-02)
  assert.equal(refusalKind("550 5.7.1 The IP you're using to send email is not authorized to send email directly to our servers. Use the SMTP relay at your service provider instead."), 'relay-required');
  const path = logFile('maillog', bouncedLog('info@example.jp', () => GMAIL_NOT_AUTHORIZED));
  for (const lang of ['en', 'ja'] as const) {
    const r = await report([path], { year: 2026, lang });
    const f = r.findings.find((x) => x.rule === 'receivers-refusing')!;
    assert.equal(f.severity, 'high');
    assert.equal(f.evidence.gmailRelayRequired, 12);
    assert.equal(f.evidence.ourIp, '203.0.113.25');
    assert.equal(f.evidence.delisting, undefined, 'no delisting lifts it');
    assert.ok(f.fix!.includes("postconf -e 'relayhost = [smtp.provider.example]:587'"), lang);
    assert.match(f.fix!, lang === 'en' ? /Not accepted directly \(Gmail NotAuthorizedError\)/ : /直接の送信を拒否（Gmail NotAuthorizedError）/);
  }
});

test('review AC: Gmail wanting TLS (4.7.29, 5.7.29) leads to smtp_tls_security_level, in both languages', async () => {
  // Google's error page (support.google.com/a/answer/3726730, 2026-02), in Postfix's shape with Gmail's continuation prefixes
  const deferred = "host gmail-smtp-in.l.google.com[142.250.157.26] said: 421-4.7.29 Your email has been rate limited because you're not using a TLS 421-4.7.29 connection. Gmail requires all bulk email senders to use TLS/SSL for SMTP 421 4.7.29 connections. - gsmtp (in reply to end of DATA command)";
  const bounced = "550-5.7.29 This message was blocked because it wasn't sent over a TLS 550 5.7.29 connection. Gmail requires all bulk email senders to use TLS/SSL for SMTP connections.";
  assert.equal(refusalKind(answerOf(deferred)), 'tls-required', 'not a rate limit: slowing down does not help');
  assert.equal(refusalKind(bounced), 'tls-required');
  const path = logFile('maillog', bouncedLog('info@example.jp', () => deferred));
  for (const lang of ['en', 'ja'] as const) {
    const f = (await report([path], { year: 2026, lang })).findings.find((x) => x.rule === 'receivers-refusing')!;
    assert.equal(f.severity, 'high');
    assert.equal(f.evidence.gmailTlsRequired, 12);
    assert.ok(f.fix!.includes("postconf -e 'smtp_tls_security_level = may'"), lang);
    assert.match(f.fix!, lang === 'en' ? /No TLS \(Gmail 4\.7\.29, 5\.7\.29\)/ : /TLS なし（Gmail 4\.7\.29、5\.7\.29）/);
  }
});

test('review AC: postgrey\'s "Delayed by postgrey" is greylisting, not a receiver\'s answer', () => {
  // docker-mailserver/docker-mailserver#1397 (2020)
  const text = 'host mx.partner.example[198.51.100.8] said: 450 4.2.0 <a@partner.example>: Recipient address rejected: Delayed by postgrey (in reply to RCPT TO command)';
  assert.equal(reasonCause(normalizeReason(text), text).cause, 'greylisted');
});

test('review AC: Cloudmark\'s reset form in both languages; "Other receivers" take a plural verb', () => {
  assert.equal(messagesFor('en').findings.delistAt('Cloudmark'), 'Cloudmark: https://csi.cloudmark.com/reset-request (reset request for the IP)');
  assert.match(messagesFor('ja').findings.delistAt('Cloudmark'), /^Cloudmark: https:\/\/csi\.cloudmark\.com\/reset-request （IP のリセットを申請）$/);
  const title = messagesFor('en').findings.receiversRefusing({
    providers: ['Other receivers'], ip: '203.0.113.25', spammers: [], total: 12, reDeferred: 0, first: '2026-11-28 10:00',
    last: '2026-11-28 10:33', classes: ['Other receivers no reverse DNS (PTR) (554): 12 deferred'], forgedAuth: null, forwardedAuth: null,
  });
  assert.match(title, /^Other receivers refuse mail from 203\.0\.113\.25: /);
});

/**
 * Microsoft's 5.7.513, its NDR table's words ("Service unavailable, Client host [$ConnectingIP] blocked by $recipientDomain
 * using Customer Block list (AS16012607)", https://learn.microsoft.com/en-us/exchange/mail-flow-best-practices/non-delivery-reports-in-exchange-online/non-delivery-reports-in-exchange-online;
 * sisimai/rb-sisimai lib/sisimai/rhost/microsoft.rb) with our IP and the recipient's domain put in, in Postfix's shape.
 */
const MS_CUSTOMER_BLOCK = 'host example-net.mail.protection.outlook.com[52.101.68.10] said: 550 5.7.513 Service unavailable, Client host [203.0.113.25] blocked by example.net using Customer Block list (AS16012607) (in reply to RCPT TO command)';

test('review AC, F14: a Microsoft 365 customer\'s own block list is the recipient\'s to lift, not Microsoft\'s portal (en, ja)', async () => {
  const answer = answerOf(MS_CUSTOMER_BLOCK);
  assert.deepEqual([refusalKind(answer), providerOf(answer), refusalCode(answer)], ['listed', 'Microsoft 365 customer', '550 5.7.513']);
  // Microsoft's own list stays Microsoft's, with its portal (root-io/vmail#91: "… on our block list (AS3140)")
  const own = ANSWERS.find((a) => a[3].includes('(AS3140)'))![3];
  assert.equal(providerOf(answerOf(own)), 'Microsoft');
  assert.match(messagesFor('en').findings.delistAt('Microsoft'), /sender\.office\.com/);
  const path = logFile('maillog', bouncedLog('info@example.jp', () => MS_CUSTOMER_BLOCK, 'example-net.mail.protection.outlook.com[52.101.68.10]', '5.7.513'));
  for (const lang of ['en', 'ja'] as const) {
    const f = (await report([path], { year: 2026, lang })).findings.find((x) => x.rule === 'receivers-refusing')!;
    assert.equal(f.evidence.microsoftcustomerListed, 12, lang);
    assert.equal(f.evidence.microsoftListed, undefined, lang);
    assert.equal(f.evidence.ourIp, '203.0.113.25');
    const delisting = String(f.evidence.delisting);
    assert.doesNotMatch(delisting + f.fix!, /sender\.office\.com/, `${lang}: Microsoft's portal does not lift a customer's list`);
    assert.match(delisting, lang === 'en' ? /only its administrators can/ : /外せるのはその組織の管理者だけ/);
    assert.match(f.fix!, lang === 'en' ? /Microsoft 365 customer: the recipient's organisation put the IP on its own block list/ : /Microsoft 365 の受信側組織: 受信側の組織が自分のブロックリスト/);
    assert.match(f.title, lang === 'en' ? /^Microsoft 365 customer refuses mail from 203\.0\.113\.25: / : /Microsoft 365 の受信側組織/);
  }
});

/** [receiver, the reason as Postfix logs it (source)]: GMX's and WEB.DE's PTR refusal (review AC, F10). */
const UNITED_INTERNET: Array<[string, string]> = [
  // LukeSmithxyz/emailwiz#128, a Postfix line of 2021
  ['web.de', 'host mx-ha03.web.de[212.227.15.17] refused to talk to me: 554-web.de (mxweb010) Nemesis ESMTP Service not available 554-No SMTP service 554-Bad DNS PTR resource record. 554 For explanation visit https://web.de/email/senderguidelines?ip=203.0.113.25&c=rdns'],
  // jeboehm/docker-mailserver#82 (2020)
  ['gmx.net', 'host mx00.emig.gmx.net[212.227.15.9] refused to talk to me: 554-gmx.net (mxgmx014) Nemesis ESMTP Service not available 554-No SMTP service 554-Bad DNS PTR resource record. 554 For explanation visit https://www.gmx.net/mail/senderguidelines?ip=203.0.113.25&c=rdns'],
];

test('review AC, F10: GMX and WEB.DE are named receivers, in the finding as in the deferral-cause rows', async () => {
  for (const [receiver, text] of UNITED_INTERNET) {
    const agg = newAggregate();
    const line = `Nov 28 10:00:02 mail postfix/smtp[4000]: A11200B: to=<user0@${receiver}>, relay=none, delay=1.2, delays=0.1/0/0.5/0.6, dsn=4.0.0, status=deferred (${text})`;
    agg.deferralReasons.set(normalizeReason(text), { count: 12, dsn: '4.0.0', example: { file: 0, line: 1, offset: 0, text: line }, firstAt: 0, lastAt: 0 });
    const { classes, ourIps } = classifyRefusals(agg);
    assert.deepEqual(classes.map((c) => `${c.provider} ${c.kind}`), [`${receiver} no-ptr`]);
    assert.deepEqual([...ourIps.keys()], ['203.0.113.25']);
    assert.equal(reasonCause(normalizeReason(text), line).receiver, receiver, 'the deferral-cause row as before');
    const title = messagesFor('en').findings.receiversRefusing({
      providers: [receiver], ip: '203.0.113.25', spammers: [], total: 12, reDeferred: 0, first: '2026-11-28 10:00',
      last: '2026-11-28 10:33', classes: [`${receiver} no reverse DNS (PTR) (554): 12 deferred`], forgedAuth: null, forwardedAuth: null,
    });
    assert.match(title, new RegExp(`^${receiver.replace('.', '\\.')} refuses mail from 203\\.0\\.113\\.25: `));
  }
  // Another receiver refusing a GMX user's mail (Postfix's reject_unknown_sender_domain words) is not GMX
  assert.equal(providerOf('450 4.1.8 <tanaka@gmx.de>: Sender address rejected: Domain not found (in reply to RCPT TO command)'), 'Other receivers');
  assert.equal(reasonCause('host mx.partner.example[198.51.100.8] said: 450 4.1.8 <tanaka@web.de>: Sender address rejected: Domain not found (in reply to RCPT TO command)', null).receiver, 'partner.example');
});

test('review AC, F9: rspamd\'s bare "Try again later" stays an answer with its words; Gmail says it of a refused EHLO name', () => {
  // vstakhov/rmilter#88: rspamd's greylisting, as its milter words every soft reject
  const rspamd = 'host mx.partner.example[198.51.100.8] said: 451 4.7.1 Try again later (in reply to end of DATA command)';
  const cause = reasonCause(normalizeReason(rspamd), rspamd);
  assert.deepEqual([cause.cause, cause.code, cause.receiver], ['answer', '451 4.7.1', 'partner.example']);
  assert.match(cause.detail, /^451 4\.7\.1 Try again later/);
  // containrrr/shoutrrr pkg/services/smtp/smtp_test.go: Gmail's answer to an EHLO name it refuses
  const gmail = 'host gmail-smtp-in.l.google.com[142.250.157.26] said: 421 4.7.0 Try again later, closing connection. (EHLO) r20-20020a50d694000000b004588af8956dsm771862edi.9 - gsmtp (in reply to EHLO command)';
  assert.notEqual(reasonCause(normalizeReason(gmail), gmail).cause, 'greylisted');
});
