// Reason grouping (src/aggregate/normalize.ts): one remote policy is one group, distinct policies stay apart, and
// each group keeps a verbatim example line. Texts are the receivers' answers from the corpus and the samples.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { CORPUS, report } from './helpers.js';
import { normalizeReason } from '../src/aggregate/normalize.js';

const gmail526 = (domain: string, ip: string, token: string): string => 'host 127.0.1.1[127.0.1.1] said: 550-5.7.26 This mail is '
  + 'unauthenticated, which poses a security risk to the 550-5.7.26 sender and Gmail users, and has been blocked. The sender must '
  + '550-5.7.26 authenticate with at least one of SPF or DKIM. For this message, 550-5.7.26 DKIM checks did not pass and SPF check '
  + `for [${domain}] did not 550-5.7.26 pass with ip: [${ip}]. To best protect our users from spam, the 550-5.7.26 message has been `
  + `blocked. For more information, go to 550 5.7.26  https://support.google.com/mail/answer/81126#authentication ${token} - gsmtp `
  + '(in reply to end of DATA command)';

const microsoft = (code: string, stamp: string): string => 'host 127.0.1.3[127.0.1.3] said: 550 5.7.1 Unfortunately, messages from '
  + '[127.0.0.1] weren\'t sent. Please contact your Internet service provider since part of their network is on our block list '
  + `(${code}). You can also refer your provider to http://mail.live.com/mail/troubleshooting.aspx#errors. [TY2PEPF0000A1B2.apcprd04.prod.outlook.com ${stamp} 08DDF00000000000] (in reply to RCPT TO command)`;

test('Gmail 550-5.7.26: the forged domain Gmail checked is not part of the policy — one group for all of them', () => {
  const a = normalizeReason(gmail526('aeon.co.jp', '127.0.0.1', '41be03b00d2f7-9a8b7c6d5e4si1234567pgb.12'));
  const b = normalizeReason(gmail526('smbc-card.com', '127.0.0.1', '41be03b00d2f7-1a2b3c4d5e6si7654321pgb.3'));
  const c = normalizeReason(gmail526('mail2.rakuten.co.jp', '203.0.113.9', 'd9443c01a7336-2a1b2c3d4e5si123456pjb.0'));
  assert.equal(a, b);
  assert.equal(a, c);
  assert.doesNotMatch(a, /aeon/);
  // Groups are cut at 300 characters; here inside "[DOMAIN]", the same for every domain.
  assert.equal(normalizeReason('DKIM checks did not pass and SPF check for [aeon.co.jp] did not 550-5.7.26 pass with ip: [127.0.0.1].'),
    'DKIM checks did not pass and SPF check for [DOMAIN] did not 550-5.7.26 pass with ip: [IP].');
});

test('Microsoft S3150: the tracking stamp goes ([ID TIME ID], not "2026-11-28TIPZ"), the block list code stays', () => {
  const a = normalizeReason(microsoft('S3150', '2026-11-28T00:00:00.000Z'));
  const b = normalizeReason(microsoft('S3150', '2026-11-29T13:45:07.123Z'));
  assert.equal(a, b);
  assert.match(a, /on our block list \(S3150\)\. You can also/);
  assert.match(a, /\[ID TIME ID\]/);
  assert.doesNotMatch(a, /TIPZ/);
  // S3140 is another Microsoft list: another group (it was one "(ID" group with S3150 before).
  assert.notEqual(normalizeReason(microsoft('S3140', '2026-11-28T00:00:00.000Z')), a);
});

test('distinct policies stay distinct; IPs, addresses and tracking IDs still fold', () => {
  const keys = [
    gmail526('aeon.co.jp', '127.0.0.1', 'x1y2z3w4v5u6'),
    'host 127.0.1.1[127.0.1.1] said: 550-5.7.27 This mail has been blocked because the sender is unauthenticated. 550-5.7.27 Gmail requires all senders to authenticate with either SPF or DKIM. 550-5.7.27  Authentication results: 550-5.7.27  DKIM = did not pass 550-5.7.27  SPF [example.jp] with ip: [203.0.113.9] = did not pass - gsmtp (in reply to end of DATA command)',
    'host 127.0.1.1[127.0.1.1] said: 421-4.7.0 [127.0.0.1      15] Our system has detected an unusual rate of 421-4.7.0 unsolicited mail originating from your IP address. - gsmtp (in reply to RCPT TO command)',
    'host 127.0.1.2[127.0.1.2] refused to talk to me: 421 4.7.0 [TSS04] Messages from 127.0.0.1 temporarily deferred due to unexpected volume or user complaints - 4.16.55.1; see https://postmaster.yahooinc.com/error-codes',
    'host 127.0.1.9[127.0.1.9] said: 550 5.1.1 <nosuch.yamamoto@partner.co.jp>: Recipient address rejected: User unknown in virtual mailbox table (in reply to RCPT TO command)',
    'host 127.0.1.5[127.0.1.5] said: 450 4.2.0 <a@mail.ru>: Recipient address rejected: Greylisted, see http://postgrey.schweikert.ch/help/mail.ru.html (in reply to RCPT TO command)',
    microsoft('S3150', '2026-11-28T00:00:00.000Z'),
  ].map(normalizeReason);
  assert.equal(new Set(keys).size, keys.length);
  assert.equal(normalizeReason('host 127.0.1.9[127.0.1.9] said: 550 5.1.1 <x@partner.co.jp>: Recipient address rejected: User unknown in virtual mailbox table (in reply to RCPT TO command)'), keys[4]);
  assert.equal(normalizeReason('host 127.0.1.2[127.0.1.2] refused to talk to me: 421 4.7.0 [TSS04] Messages from 192.0.2.7 temporarily deferred due to unexpected volume or user complaints - 4.16.55.1; see https://postmaster.yahooinc.com/error-codes'), keys[3]);
});

test('a receiver\'s help URL stays as it is: the pointer to its fix (review 16: "See ID")', () => {
  const raw = 'host gmail-smtp-in.l.google.com[142.250.1.1] said: 421-4.7.28 Gmail has detected an unusual rate of mail. '
    + 'See https://support.google.com/mail/answer/81126#rate_limit and https://example.com/a_b_c for more';
  assert.equal(normalizeReason(raw), 'host gmail-smtp-in.l.google.com[IP] said: 421-4.7.28 Gmail has detected an unusual rate of mail. '
    + 'See https://support.google.com/mail/answer/81126#rate_limit and https://example.com/a_b_c for more');
});

const incident = join(CORPUS, 'incident', 'maillog');

test('incident corpus: Gmail\'s 81 550-5.7.26 bounces are one bounce reason with its example line (were 9 groups)', { skip: !existsSync(incident) }, async () => {
  const r = await report([incident], { year: 2026 });
  const gmail = r.bounceReasons.filter((b) => b.reason.includes('550-5.7.26'));
  assert.equal(gmail.length, 1);
  assert.equal(gmail[0]!.count, 81);
  assert.match(gmail[0]!.example!.text, /postfix\/smtp\[\d+\]: \w+: to=<[^>]+@gmail\.com>, .*dsn=5\.7\.26, status=bounced \(host .*SPF check for \[aeon\.co\.jp\]/);
  const ms = r.bounceReasons.filter((b) => b.reason.includes('S3150'));
  assert.equal(ms.length, 1);
  assert.equal(ms[0]!.count, 244);
  assert.match(ms[0]!.reason, /\[ID TIME ID\]/);
  assert.equal(r.bounceReasons.length, 4, 'Microsoft S3150, two User unknown texts, Gmail 5.7.26');
});
